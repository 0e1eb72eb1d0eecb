/* pane_groups.c: one row per consumer group with its state, members, lag,
 * lag trend, evaluated status and time to catch up; problems in colour.
 * Enter opens the group; the groups of a topic are a table of their own. */
#include "config.h"

#include <stdio.h>

#include "pane_groups.h"
#include "view_groups.h"

kd_color_elem pane_groups_row_style(const kd_view_source *src, const kd_row *r)
{
	int st = view_groups_row_status(src, r);
	if (st < 0)
		return KD_COLOR_DEFAULT;
	switch (lag_status_severity((lag_status)st)) {
	case LAG_SEV_ERR: return KD_COLOR_LAG_ERROR;
	case LAG_SEV_WARN: return KD_COLOR_LAG_WARN;
	default: return KD_COLOR_DEFAULT;
	}
}

static kd_color_elem groups_style(const kd_row *r)
{
	return pane_groups_row_style(&view_groups, r);
}

static kd_color_elem topic_groups_style(const kd_row *r)
{
	return pane_groups_row_style(&view_topic_groups, r);
}

/* Why there is no row: groups not polled, not offered by the brokers, or
 * simply none. */
static void groups_empty(const kd_snapshot *s, char *buf, size_t len)
{
	if (s->na & KD_NA_GROUPS)
		snprintf(buf, len, "consumer groups n/a: the brokers do not offer ListGroups");
	else if (!s->groups)
		snprintf(buf, len, "consumer groups are read with kdeck's own connections, "
			 "which these connection settings do not allow yet");
	else
		snprintf(buf, len, "no consumer groups");
}

/* The rules the statuses come from, and what the groups cost. */
static kd_color_elem groups_summary(const kd_snapshot *s, char *buf, size_t len)
{
	const kd_groups *g = s->groups;
	int warn = 0, err = 0;
	if (!g) {
		snprintf(buf, len, "consumer groups not polled");
		return KD_COLOR_EMPTY;
	}
	for (int i = 0; i < g->n_groups; i++) {
		lag_severity sev = lag_status_severity(g->groups[i].eval.status);
		warn += sev == LAG_SEV_WARN;
		err += sev == LAG_SEV_ERR;
	}
	snprintf(buf, len, "%d groups  %d ERR  %d WARN   window %d polls, allowed lag %lld%s   "
		 "%d requests, %lld ms", g->n_groups, err, warn, g->config.window,
		 (long long)g->config.allowed, g->stable ? ", read_committed" : "",
		 g->requests, (long long)g->poll_ms);
	return err ? KD_COLOR_LAG_ERROR : warn ? KD_COLOR_LAG_WARN : KD_COLOR_HEADER_VALUE;
}

const kd_pane pane_groups = {
	.name = "groups",
	.source = &view_groups,
	.row_style = groups_style,
	.empty = "no consumer groups",
	.empty_fn = groups_empty,
	.summary = groups_summary,
};

const kd_pane pane_topic_groups = {
	.name = "topic-groups",
	.source = &view_topic_groups,
	.row_style = topic_groups_style,
	.empty = "no consumer group has offsets on this topic",
};
