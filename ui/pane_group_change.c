/* pane_group_change.c: the keys that change a consumer group from the
 * dashboard: an offset reset (a prompt for how, then the preview) and a
 * deletion.  They build the spec and open the one change pane
 * (ui/pane_change.c); planning, the gate and sending are the change
 * pipeline's (src/change/). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "actions.h"
#include "groups_admin.h"
#include "keys.h"
#include "pane_change.h"
#include "pane_groups.h"
#include "ui_state.h"
#include "view_groups.h"

/* The group the reset prompt is for. */
static char prompt_group[256];

/* The group a key acts on, and refusals that need no network: read-only
 * mode, a group that has members in the newest snapshot. */
static const kd_group *target(kd_ui *ui, gate_kind kind)
{
	char err[512];
	const kd_group *g = view_groups_group(ui_view(ui));

	if (gate_allowed(ui->opts, kind, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return NULL;
	}
	if (!g) {
		ui_message(ui, true, "no group selected");
		return NULL;
	}
	/* the rule of groups_admin.c, on the newest snapshot: said at once */
	if (groups_change_refusal(g->id, groups_state_name(g->st), g->n_members, kind,
				  err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
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
	groups_reset_spec sp = { prompt_group, NULL, -1, GROUPS_TO_EARLIEST, 0 };
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
	return pane_change_open(ui, &change_group_reset, &sp, err, errlen);
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
	snprintf(prompt_group, sizeof(prompt_group), "%s", g->id);
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
	char err[512];
	const kd_group *g = target(ui, GATE_GROUP_DELETE);

	(void)arg;
	if (!g)
		return KD_DID_STATUS;
	if (!pane_change_open(ui, &change_group_delete, g->id, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
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
