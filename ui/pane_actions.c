/* pane_actions.c: the actions taken this session, newest first: when, what
 * (the change's title) and how it ended (done, or the broker's refusal).
 * The change pane records each change that was applied or failed; the
 * status line says the same at the time.  `:actions` shows the list. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "keys.h"
#include "pane_change.h"
#include "ui_state.h"

#define ACTIONS_MAX 64

static struct {
	char when[16];
	char what[200];
	char result[200];
	bool ok;
} log_[ACTIONS_MAX];
static int n_log, next_log;

void actions_log_add(kd_ui *ui, const char *what, bool ok, const char *result)
{
	time_t now = time(NULL);
	struct tm tm;
	int i = next_log;
	localtime_r(&now, &tm);
	strftime(log_[i].when, sizeof(log_[i].when), "%H:%M:%S", &tm);
	snprintf(log_[i].what, sizeof(log_[i].what), "%s", what ? what : "a change");
	snprintf(log_[i].result, sizeof(log_[i].result), "%s", result ? result : "");
	log_[i].ok = ok;
	next_log = (next_log + 1) % ACTIONS_MAX;
	if (n_log < ACTIONS_MAX)
		n_log++;
	ui_message(ui, !ok, "%s: %s", what ? what : "a change", result ? result : "");
}

static void draw(kd_ui *ui, int y, int h, int w)
{
	int end = y + h;
	char buf[480];
	draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
	draw_text(y++, TABLE_GUTTER, w, colors_attr(KD_COLOR_TITLE),
		  "Actions taken this session (newest first; Esc: back)", ui->utf8);
	if (n_log == 0 && y < end) {
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
		draw_text(y++, TABLE_GUTTER, w, colors_attr(KD_COLOR_EMPTY),
			  "none yet: changes made from the dashboard are listed here", ui->utf8);
	}
	for (int k = 0; k < n_log && y < end; k++) {
		int i = (next_log - 1 - k + ACTIONS_MAX) % ACTIONS_MAX;
		snprintf(buf, sizeof(buf), "%s  %-6s %s: %s", log_[i].when, log_[i].ok ? "done" : "FAILED",
			 log_[i].what, log_[i].result);
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
		draw_text(y++, TABLE_GUTTER, w,
			  colors_attr(log_[i].ok ? KD_COLOR_DEFAULT : KD_COLOR_STATUS_ERROR), buf,
			  ui->utf8);
	}
	for (; y < end; y++)
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
}

const kd_pane pane_actions = {
	.name = "actions",
	.draw = draw,
};

unsigned act_actions_log(kd_ui *ui, int arg)
{
	(void)arg;
	if (ui_pane(ui) == &pane_actions)
		return KD_DID_NOTHING;
	return ui_push_pane(ui, &pane_actions, NULL) ? KD_DID_SCREEN : KD_DID_STATUS;
}
