/* pane_group_change.c: changing a consumer group from the dashboard: the
 * keys that start an offset reset or a deletion, and the pane that shows
 * its preview (old -> new offsets), takes the confirmation and shows the
 * result.  The reading and the sending happen on a worker thread
 * (src/groups_job.h): the pane wakes when the worker has news, and no key
 * ever waits on the network.  Every change passes src/gate.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "actions.h"
#include "gate.h"
#include "groups_job.h"
#include "keys.h"
#include "pane_groups.h"
#include "ui_state.h"
#include "view_groups.h"

/* One change at a time. */
static struct {
	groups_job *job;
	char title[512];
	char group[256];
} change;

/* ---- the pane ---------------------------------------------------------------- */

static int text_line(kd_ui *ui, int y, int w, kd_color_elem c, const char *text)
{
	draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
	draw_text(y, TABLE_GUTTER, w, colors_attr(c), text, ui->utf8);
	return y + 1;
}

static void draw(kd_ui *ui, int y, int h, int w)
{
	int end = y + h;
	if (!change.job) {
		for (; y < end; y++)
			draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
		return;
	}
	groups_job_state st = groups_job_poll(change.job);
	const groups_plan *plan = groups_job_plan(change.job);
	const char *err = groups_job_error(change.job);

	y = text_line(ui, y, w, KD_COLOR_TITLE, change.title);
	y = text_line(ui, y, w, KD_COLOR_DEFAULT, "");
	if (st == GROUPS_JOB_PLANNING)
		y = text_line(ui, y, w, KD_COLOR_EMPTY,
			      "reading the group, its committed offsets and the log bounds...");
	if (plan) {
		char *text = groups_plan_text(plan);
		char *save = NULL;
		int room = end - y - 3;
		int shown = 0;
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			if (shown == room && room > 0) {
				y = text_line(ui, y, w, KD_COLOR_EMPTY, "... (kdeck groups reset "
					      "without --execute prints the whole preview)");
				break;
			}
			if (shown >= room)
				break;
			y = text_line(ui, y, w, !strncmp(l, "refused:", 8) ? KD_COLOR_STATUS_ERROR :
				      shown == 1 ? KD_COLOR_TABLE_HEADER : KD_COLOR_DEFAULT, l);
			shown++;
		}
		free(text);
	}
	if (y < end)
		y = text_line(ui, y, w, KD_COLOR_DEFAULT, "");
	if (st == GROUPS_JOB_PLANNED && plan && !plan->refusal && y < end)
		y = text_line(ui, y, w, KD_COLOR_STATUS_WARN,
			      "y: apply this change    n or Esc: cancel (nothing is sent)");
	else if (st == GROUPS_JOB_APPLYING && y < end)
		y = text_line(ui, y, w, KD_COLOR_EMPTY, "applying...");
	else if (st == GROUPS_JOB_APPLIED && y < end)
		y = text_line(ui, y, w, KD_COLOR_STATUS_OK,
			      plan && plan->kind == GATE_GROUP_DELETE ? "done: the group was deleted (Esc: back)"
			      : "done: the offsets are now the NEW column (Esc: back)");
	else if (err && y < end)
		y = text_line(ui, y, w, KD_COLOR_STATUS_ERROR, err);
	for (; y < end; y++)
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
}

static int wake_fd(kd_ui *ui)
{
	(void)ui;
	return change.job ? groups_job_fd(change.job) : -1;
}

/* News from the worker: repaint; after a change, poll at once so the
 * tables show it. */
static unsigned wake(kd_ui *ui)
{
	(void)ui;
	if (!change.job)
		return KD_DID_NOTHING;
	groups_job_state st = groups_job_poll(change.job);
	return KD_DID_SCREEN | (st == GROUPS_JOB_APPLIED ? KD_DID_REFETCH : 0);
}

static void close_change(kd_ui *ui)
{
	(void)ui;
	groups_job_free(change.job);
	change.job = NULL;
}

const kd_pane pane_group_change = {
	.name = "group-change",
	.draw = draw,
	.wake_fd = wake_fd,
	.wake = wake,
	.close = close_change,
};

/* ---- starting a change ----------------------------------------------------------- */

static bool start(kd_ui *ui, const groups_reset_spec *sp, const char *group,
		  char *err, size_t errlen)
{
	if (change.job) {
		snprintf(err, errlen, "another change is still shown: Esc closes it first");
		return false;
	}
	change.job = groups_job_start(ui->opts, sp, group, err, errlen);
	if (!change.job)
		return false;
	if (!ui_push_pane(ui, &pane_group_change)) {
		groups_job_free(change.job);
		change.job = NULL;
		snprintf(err, errlen, "cannot open the preview here");
		return false;
	}
	return true;
}

/* The group a key acts on, and refusals that need no network: read-only
 * mode, a group that has members in the newest snapshot. */
static const kd_group *target(kd_ui *ui, gate_kind kind)
{
	char err[256];
	const kd_group *g = view_groups_group(ui_view(ui));

	gate_set_read_only(ui->opts && ui->opts->read_only);
	if (gate_allowed(kind, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return NULL;
	}
	if (!g) {
		ui_message(ui, true, "no group selected");
		return NULL;
	}
	if (g->st == KD_GROUP_STABLE || g->st == KD_GROUP_REBALANCING) {
		ui_message(ui, true, "group %s is %s with %d member%s: %s only while a group is "
			   "Empty (stop its consumers first)", g->id, groups_state_name(g->st),
			   g->n_members, g->n_members == 1 ? "" : "s",
			   kind == GATE_GROUP_DELETE ? "a group can be deleted"
						     : "offsets can be reset");
		return NULL;
	}
	return g;
}

bool act_can_change_group(kd_ui *ui)
{
	return view_groups_group(ui_view(ui)) != NULL;
}

/* "earliest [TOPIC[:PARTITION]]", "offset N ...", "datetime TIME ...",
 * "shift N ...", "latest ..." */
static bool reset_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	char buf[512], *save = NULL;
	groups_reset_spec sp = { change.group, NULL, -1, GROUPS_TO_EARLIEST, 0 };
	char topic[256] = "";

	snprintf(buf, sizeof(buf), "%s", text);
	char *how = strtok_r(buf, " ", &save);
	if (!how) {
		snprintf(err, errlen, "say how: earliest, latest, offset N, datetime TIME or shift N");
		return false;
	}
	char *value = NULL;
	if (!strcmp(how, "offset") || !strcmp(how, "datetime") || !strcmp(how, "shift"))
		value = strtok_r(NULL, " ", &save);
	if (groups_reset_parse(&sp, how, value, ui_now_ms(), err, errlen))
		return false;
	char *where = strtok_r(NULL, " ", &save);
	if (where) {
		char *colon = strrchr(where, ':');
		if (colon) {
			char *end;
			long p = strtol(colon + 1, &end, 10);
			if (*end || end == colon + 1 || p < 0) {
				snprintf(err, errlen, "'%s': expected TOPIC or TOPIC:PARTITION", where);
				return false;
			}
			*colon = '\0';
			sp.partition = (int32_t)p;
		}
		snprintf(topic, sizeof(topic), "%s", where);
		sp.topic = topic;
	}
	if (strtok_r(NULL, " ", &save)) {
		snprintf(err, errlen, "too many words: how [value] [TOPIC[:PARTITION]]");
		return false;
	}
	char what[128];
	groups_reset_describe(&sp, what, sizeof(what));
	snprintf(change.title, sizeof(change.title), "Reset the offsets of group %s%s%s%s %s",
		 change.group, sp.topic ? " on " : " (every topic it has offsets on)",
		 sp.topic ? sp.topic : "", sp.partition >= 0 ? " (one partition)" : "", what);
	return start(ui, &sp, NULL, err, errlen);
}

static kd_prompt_ops reset_ops = {
	.label = "reset to: ",
	.accept = reset_accept,
};

unsigned act_group_reset(kd_ui *ui, int arg)
{
	static char label[300];
	char prefill[300] = "earliest";
	const kd_group *g = target(ui, GATE_GROUP_OFFSETS);
	kd_view *v = ui_view(ui);

	(void)arg;
	if (!g)
		return KD_DID_STATUS;
	snprintf(change.group, sizeof(change.group), "%s", g->id);
	/* from the group's partitions: the selected one's topic */
	if (v && v->src == &view_group && view_selected(v)) {
		const char *key = view_selected(v)->key;
		const char *slash = strrchr(key, '/');
		if (slash)
			snprintf(prefill, sizeof(prefill), "earliest %.*s", (int)(slash - key), key);
	} else if (g->n_topics == 1) {
		snprintf(prefill, sizeof(prefill), "earliest %s", g->topics[0]);
	}
	snprintf(label, sizeof(label), "reset %s: ", g->id);
	reset_ops.label = label;
	prompt_open_ops(ui, &reset_ops, prefill);
	return KD_DID_STATUS;
}

unsigned act_group_delete(kd_ui *ui, int arg)
{
	char err[256];
	const kd_group *g = target(ui, GATE_GROUP_DELETE);

	(void)arg;
	if (!g)
		return KD_DID_STATUS;
	snprintf(change.group, sizeof(change.group), "%s", g->id);
	snprintf(change.title, sizeof(change.title), "Delete group %s", g->id);
	if (!start(ui, NULL, change.group, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return KD_DID_STATUS;
	}
	return KD_DID_SCREEN;
}

bool act_can_confirm_change(kd_ui *ui)
{
	(void)ui;
	if (!change.job || groups_job_poll(change.job) != GROUPS_JOB_PLANNED)
		return false;
	const groups_plan *plan = groups_job_plan(change.job);
	return plan && !plan->refusal;
}

unsigned act_group_change_confirm(kd_ui *ui, int arg)
{
	(void)arg;
	if (!change.job || !groups_job_confirm(change.job)) {
		ui_message(ui, true, "nothing to apply: the preview is not ready, or it was refused");
		return KD_DID_STATUS;
	}
	return KD_DID_SCREEN;
}

/* ---- the groups of a topic ---------------------------------------------------------- */

unsigned act_topic_groups(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);
	const kd_row *r = v ? view_selected(v) : NULL;
	kd_drill d;

	(void)arg;
	if (!r || !r->topic) {
		ui_message(ui, false, "select a topic first");
		return KD_DID_STATUS;
	}
	memset(&d, 0, sizeof(d));
	d.kind = KD_DRILL_TOPIC;
	snprintf(d.topic, sizeof(d.topic), "%s", r->topic->name);
	return ui_push(ui, &view_topic_groups, &d) ? KD_DID_SCREEN : KD_DID_STATUS;
}

unsigned act_groups_pane(kd_ui *ui, int arg)
{
	int i = ui_pane_index(ui, "groups");
	(void)arg;
	if (i < 0)
		return KD_DID_NOTHING;
	ui_select_pane(ui, i);
	return KD_DID_SCREEN;
}
