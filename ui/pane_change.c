/* pane_change.c: the one pane for every change to the cluster (src/change/):
 * the preview any kind of change makes (title, summary, its table, notes,
 * the refusal), the confirmation key, progress through its steps and the
 * result.  The planning and the sending run on the change job's worker
 * thread; the pane's state is its instance (one per open preview), the
 * wake hook is the only place it changes, and drawing only reads it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "actions.h"
#include "change_job.h"
#include "keys.h"
#include "pane_change.h"
#include "ui_state.h"

typedef struct change_inst {
	change_job *job;
	bool confirmed, logged;         /* y was pressed; its end is in the log */
} change_inst;

static int text_line(kd_ui *ui, int y, int w, kd_color_elem c, const char *text)
{
	draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
	draw_text(y, TABLE_GUTTER, w, colors_attr(c), text, ui->utf8);
	return y + 1;
}

/* The preview's table: widths from the header and the rows shown. */
static int draw_table(kd_ui *ui, const kd_preview *p, int y, int rows, int w)
{
	int cw[16] = { 0 };
	int nc = p->n_cols < 16 ? p->n_cols : 16;
	for (int j = 0; j < nc; j++) {
		cw[j] = draw_width(p->cols[j]);
		for (int i = 0; i < p->n_rows && i < rows; i++) {
			int n = draw_width(p->rows[i][j]);
			cw[j] = n > cw[j] ? n : cw[j];
		}
		/* one long value (a quorum's voters) must not push the rest off */
		if (cw[j] > 48)
			cw[j] = 48;
	}
	for (int i = -1; i < p->n_rows && i < rows; i++) {
		int x = TABLE_GUTTER;
		kd_color_elem c = i < 0 ? KD_COLOR_TABLE_HEADER : KD_COLOR_DEFAULT;
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
		for (int j = 0; j < nc && x < w; j++) {
			draw_text(y, x, j + 1 < nc ? x + cw[j] : w, colors_attr(c),
				  i < 0 ? p->cols[j] : p->rows[i][j], ui->utf8);
			x += cw[j] + 2;
		}
		y++;
	}
	return y;
}

static void draw(kd_ui *ui, int y, int h, int w)
{
	const change_inst *in = ui_pane_inst(ui);
	int end = y + h;
	if (!in || !in->job) {
		for (; y < end; y++)
			draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
		return;
	}
	change_job_state st = change_job_state_of(in->job);
	const kd_change *ch = change_job_change(in->job);
	const kd_preview *p = ch ? &ch->preview : NULL;
	const char *err = change_job_error(in->job);
	char line[300];

	if (st == CHANGE_JOB_PLANNING || !p) {
		y = text_line(ui, y, w, KD_COLOR_TITLE, "Preview");
		if (st == CHANGE_JOB_PLANNING)
			y = text_line(ui, y, w, KD_COLOR_EMPTY,
				      "reading the cluster (nothing is changed)...");
	} else {
		y = text_line(ui, y, w, KD_COLOR_TITLE, p->title);
		if (p->summary)
			y = text_line(ui, y, w, KD_COLOR_DEFAULT, p->summary);
		y = text_line(ui, y, w, KD_COLOR_DEFAULT, "");
		/* room for the notes, the refusal and the key line */
		int room = end - y - 4 - p->n_notes;
		if (p->n_cols && room > 1) {
			y = draw_table(ui, p, y, room - 1, w);
			if (p->n_rows > room - 1) {
				snprintf(line, sizeof(line), "... %d more rows (the CLI prints the "
					 "whole preview)", p->n_rows - (room - 1));
				y = text_line(ui, y, w, KD_COLOR_EMPTY, line);
			}
		}
		for (int i = 0; i < p->n_notes && y < end; i++)
			y = text_line(ui, y, w, KD_COLOR_DEFAULT, p->notes[i]);
		if (p->refusal && y < end) {
			snprintf(line, sizeof(line), "refused: %s", p->refusal);
			y = text_line(ui, y, w, KD_COLOR_STATUS_ERROR, line);
		}
	}
	if (y < end)
		y = text_line(ui, y, w, KD_COLOR_DEFAULT, "");
	if (st == CHANGE_JOB_PLANNED && p && !ch->ops->apply && y < end) {
		y = text_line(ui, y, w, KD_COLOR_EMPTY, "Esc: back");
	} else if (st == CHANGE_JOB_PLANNED && p && !p->refusal && y < end) {
		y = text_line(ui, y, w, KD_COLOR_STATUS_WARN,
			      "y: apply this change    n or Esc: cancel (nothing is sent)");
	} else if (st == CHANGE_JOB_APPLYING && y < end) {
		int n, step = change_job_step(in->job, &n);
		if (n > 1)
			snprintf(line, sizeof(line), "applying: step %d of %d...", step + 1, n);
		else
			snprintf(line, sizeof(line), "applying...");
		y = text_line(ui, y, w, KD_COLOR_EMPTY, line);
	} else if (st == CHANGE_JOB_APPLIED && y < end) {
		snprintf(line, sizeof(line), "%s (Esc: back)",
			 ch && ch->ops->done ? ch->ops->done : "done");
		y = text_line(ui, y, w, KD_COLOR_STATUS_OK, line);
	} else if (err && y < end) {
		y = text_line(ui, y, w, KD_COLOR_STATUS_ERROR, err);
	}
	for (; y < end; y++)
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
}

static int wake_fd(kd_ui *ui)
{
	const change_inst *in = ui_pane_inst(ui);
	return in && in->job ? change_job_fd(in->job) : -1;
}

/* A confirmed change that ended goes in the session's log, once. */
static void log_end(kd_ui *ui, change_inst *in, change_job_state st)
{
	if (in->confirmed && !in->logged &&
	    (st == CHANGE_JOB_APPLIED || st == CHANGE_JOB_FAILED)) {
		const kd_change *ch = change_job_change(in->job);
		const char *title = ch ? ch->preview.title : NULL;
		if (st == CHANGE_JOB_APPLIED)
			actions_log_add(ui, title, true, ch && ch->ops->done ? ch->ops->done : "done");
		else
			actions_log_add(ui, title, false, change_job_error(in->job));
		in->logged = true;
	}
}

/* News from the worker: take it, repaint; after a change, poll the
 * cluster at once so the tables show it. */
static unsigned wake(kd_ui *ui)
{
	change_inst *in = ui_pane_inst(ui);
	if (!in || !in->job)
		return KD_DID_NOTHING;
	change_job_state st = change_job_poll(in->job);
	log_end(ui, in, st);
	return KD_DID_SCREEN | KD_DID_STATUS | (st == CHANGE_JOB_APPLIED ? KD_DID_REFETCH : 0);
}

static void free_inst(change_inst *in)
{
	change_job_free(in->job);      /* never waits: the worker cleans up */
	free(in);
}

unsigned pane_change_background(kd_ui *ui)
{
	unsigned did = KD_DID_NOTHING;
	int n = 0;
	for (int i = 0; i < ui->n_bg_changes; i++) {
		change_inst *in = ui->bg_changes[i];
		change_job_state st = change_job_poll(in->job);
		if (st == CHANGE_JOB_APPLIED || st == CHANGE_JOB_FAILED) {
			log_end(ui, in, st);
			free_inst(in);
			did |= KD_DID_STATUS | KD_DID_REFETCH;
		} else {
			ui->bg_changes[n++] = in;
		}
	}
	ui->n_bg_changes = n;
	return did;
}

void pane_change_background_free(kd_ui *ui)
{
	for (int i = 0; i < ui->n_bg_changes; i++)
		free_inst(ui->bg_changes[i]);
	ui->n_bg_changes = 0;
}

static void close_change(kd_ui *ui, void *inst)
{
	change_inst *in = inst;
	if (!in)
		return;
	/* a confirmed change still applying goes on; its end is logged */
	if (in->confirmed && !in->logged && in->job &&
	    change_job_poll(in->job) == CHANGE_JOB_APPLYING &&
	    ui->n_bg_changes < UI_MAX_BG_CHANGES) {
		ui->bg_changes[ui->n_bg_changes++] = in;
		ui_message(ui, false, "the change goes on in the background: :actions shows how "
			   "it ends");
		return;
	}
	free_inst(in);
}

const kd_pane pane_change = {
	.name = "change",
	.draw = draw,
	.wake_fd = wake_fd,
	.wake = wake,
	.close = close_change,
};

bool pane_change_open(kd_ui *ui, const kd_change_ops *ops, const void *spec,
		      char *err, size_t errlen)
{
	if (ui_pane(ui) == &pane_change) {
		snprintf(err, errlen, "another change is still shown: Esc closes it first");
		return false;
	}
	/* read-only: refused before any reading (a view only reads) */
	if (ops->apply && gate_allowed(ui->opts, ops->kind, err, errlen))
		return false;
	change_inst *in = calloc(1, sizeof(*in));
	if (!in)
		abort();
	in->job = change_job_start(ui->opts, ops, spec, err, errlen);
	if (!in->job) {
		free(in);
		return false;
	}
	if (!ui_push_pane(ui, &pane_change, in)) {
		close_change(ui, in);
		snprintf(err, errlen, "cannot open the preview here");
		return false;
	}
	return true;
}

const kd_change_ops *pane_change_ops(kd_ui *ui, const void **spec)
{
	const change_inst *in = ui_pane(ui) == &pane_change ? ui_pane_inst(ui) : NULL;
	const kd_change *ch = in && in->job ? change_job_change(in->job) : NULL;
	if (spec)
		*spec = ch ? ch->spec : NULL;
	return in && in->job ? change_job_ops(in->job) : NULL;
}

bool act_can_confirm_change(kd_ui *ui)
{
	const change_inst *in = ui_pane(ui) == &pane_change ? ui_pane_inst(ui) : NULL;
	if (!in || !in->job || change_job_state_of(in->job) != CHANGE_JOB_PLANNED)
		return false;
	const kd_change *ch = change_job_change(in->job);
	return ch && !ch->preview.refusal && ch->ops->apply;
}

unsigned act_change_confirm(kd_ui *ui, int arg)
{
	change_inst *in = ui_pane(ui) == &pane_change ? ui_pane_inst(ui) : NULL;
	(void)arg;
	if (!in || !in->job || !change_job_confirm(in->job)) {
		ui_message(ui, true, "nothing to apply: the preview is not ready, or it was refused");
		return KD_DID_STATUS;
	}
	in->confirmed = true;
	return KD_DID_SCREEN;
}
