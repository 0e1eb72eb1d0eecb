/* view_groups.c: the consumer-group tables: every group (the Groups
 * pane), one group's partitions (its detail), and the groups reading one
 * topic (from the Topics pane). */
#include "config.h"

#include "view_groups.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


/* The STATUS column holds the lag_status as its number in every table;
 * its index per table. */
enum { G_GROUP, G_STATE, G_TYPE, G_ASSIGNOR, G_COORD, G_MEMBERS, G_TOPICS, G_LAG,
       G_TREND, G_LAG_TIME, G_STATUS, G_ETA, G_N };
enum { P_TOPIC, P_PART, P_CLIENT, P_HOST, P_MEMBER, P_COMMITTED, P_END, P_LAG,
       P_LAG_TIME, P_SINCE, P_STATUS, P_ETA, P_N };
enum { T_GROUP, T_STATE, T_MEMBERS, T_PARTS, T_ASSIGNED, T_LAG, T_LAG_TIME, T_STATUS,
       T_ETA, T_N };

static const kd_column group_columns[G_N] = {
	[G_GROUP] = { "group", "GROUP", KD_COL_STR, 12, 60, 0, true },
	[G_STATE] = { "state", "STATE", KD_COL_STR, 5, 11, 0, false },
	[G_TYPE] = { "protocol_type", "TYPE", KD_COL_STR, 4, 10, 3, false },
	[G_ASSIGNOR] = { "assignor", "ASSIGNOR", KD_COL_STR, 4, 12, 3, false },
	[G_COORD] = { "coordinator", "COORD", KD_COL_NUM, 3, 6, 3, false },
	[G_MEMBERS] = { "members", "MEMBERS", KD_COL_NUM, 3, 7, 0, false },
	[G_TOPICS] = { "topics", "TOPICS", KD_COL_NUM, 3, 6, 2, false },
	[G_LAG] = { "lag", "LAG", KD_COL_NUM, 3, 10, 0, false },
	[G_TREND] = { "lag_trend", "TREND", KD_COL_SPARK, 5, 12, 1, false },
	[G_LAG_TIME] = { "lag_time", "LAG-TIME", KD_COL_NUM, 4, 9, 2, false },
	[G_STATUS] = { "status", "STATUS", KD_COL_NUM, 4, 7, 0, false },
	[G_ETA] = { "catch_up", "CATCH-UP", KD_COL_NUM, 4, 9, 1, false },
};

static const kd_column part_columns[P_N] = {
	[P_TOPIC] = { "topic", "TOPIC", KD_COL_STR, 10, 60, 0, true },
	[P_PART] = { "partition", "PART", KD_COL_NUM, 3, 6, 0, false },
	[P_CLIENT] = { "client_id", "CLIENT", KD_COL_STR, 6, 30, 1, false },
	[P_HOST] = { "host", "HOST", KD_COL_STR, 4, 24, 3, false },
	[P_MEMBER] = { "member_id", "MEMBER", KD_COL_STR, 6, 50, 4, false },
	[P_COMMITTED] = { "committed", "COMMITTED", KD_COL_NUM, 4, 14, 0, false },
	[P_END] = { "end", "END", KD_COL_NUM, 3, 14, 1, false },
	[P_LAG] = { "lag", "LAG", KD_COL_NUM, 3, 12, 0, false },
	[P_LAG_TIME] = { "lag_time", "LAG-TIME", KD_COL_NUM, 4, 9, 1, false },
	[P_SINCE] = { "last_commit", "LAST-CHANGE", KD_COL_NUM, 4, 11, 2, false },
	[P_STATUS] = { "status", "STATUS", KD_COL_NUM, 4, 7, 0, false },
	[P_ETA] = { "catch_up", "CATCH-UP", KD_COL_NUM, 4, 9, 2, false },
};

static const kd_column topic_columns[T_N] = {
	[T_GROUP] = { "group", "GROUP", KD_COL_STR, 12, 60, 0, true },
	[T_STATE] = { "state", "STATE", KD_COL_STR, 5, 11, 0, false },
	[T_MEMBERS] = { "members", "MEMBERS", KD_COL_NUM, 3, 7, 1, false },
	[T_PARTS] = { "partitions", "PARTS", KD_COL_NUM, 3, 6, 1, false },
	[T_ASSIGNED] = { "assigned", "ASSIGNED", KD_COL_NUM, 3, 8, 2, false },
	[T_LAG] = { "lag", "LAG", KD_COL_NUM, 3, 12, 0, false },
	[T_LAG_TIME] = { "lag_time", "LAG-TIME", KD_COL_NUM, 4, 9, 2, false },
	[T_STATUS] = { "status", "STATUS", KD_COL_NUM, 4, 7, 0, false },
	[T_ETA] = { "catch_up", "CATCH-UP", KD_COL_NUM, 4, 9, 1, false },
};

char *view_fmt_duration(char *buf, size_t len, double seconds)
{
	if (seconds < 0 || !isfinite(seconds)) {
		snprintf(buf, len, "-");
		return buf;
	}
	long long s = (long long)(seconds + 0.5);
	if (s < 60)
		snprintf(buf, len, "%llds", s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
	return buf;
}

/* ---- cells shared by the three tables ------------------------------------ */

static void status_cell(kd_view *v, kd_row *r, int col, lag_status st)
{
	view_cell_num(v, r, col, (double)st, lag_status_name(st));
	lag_severity sev = lag_status_severity(st);
	if (sev == LAG_SEV_WARN || sev == LAG_SEV_ERR)
		r->flags |= KD_ROW_LAGGING;
}

/* Never is the longest time of all; unknown stays unknown ("-"). */
static void eta_cell(kd_view *v, kd_row *r, int col, double eta)
{
	char buf[32];
	if (eta == LAG_ETA_NEVER)
		view_cell_num(v, r, col, 1e18, "never");
	else if (eta >= 0)
		view_cell_num(v, r, col, eta, view_fmt_duration(buf, sizeof(buf), eta));
}

static void duration_cell(kd_view *v, kd_row *r, int col, double s)
{
	char buf[32];
	if (s >= 0)
		view_cell_num(v, r, col, s, view_fmt_duration(buf, sizeof(buf), s));
}

static void lag_cell(kd_view *v, kd_row *r, int col, int64_t lag, bool exact)
{
	if (lag < 0)
		return;
	if (exact)
		view_cell_int(v, r, col, lag);
	else
		view_cell_count(v, r, col, lag);
}

static const char *state_text(const kd_group *g)
{
	return g->st == KD_GROUP_UNKNOWN && g->state && *g->state ? g->state
								 : groups_state_name(g->st);
}

/* ---- every group ----------------------------------------------------------- */

static void build_groups(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)d;
	if (!s->groups)
		return;
	for (int i = 0; i < s->groups->n_groups; i++) {
		const kd_group *g = &s->groups->groups[i];
		kd_row *r = view_add_row(v, g->id);
		view_cell_text(v, r, G_GROUP, g->id);
		view_cell_text(v, r, G_STATE, state_text(g));
		if (*g->protocol_type)
			view_cell_text(v, r, G_TYPE, g->protocol_type);
		if (*g->protocol)
			view_cell_text(v, r, G_ASSIGNOR, g->protocol);
		if (g->coordinator >= 0)
			view_cell_int(v, r, G_COORD, g->coordinator);
		if (g->members_known)
			view_cell_int(v, r, G_MEMBERS, g->n_members);
		view_cell_int(v, r, G_TOPICS, g->n_topics);
		lag_cell(v, r, G_LAG, g->eval.lag, false);
		view_cell_history(v, r, G_TREND, &g->lag_history);
		duration_cell(v, r, G_LAG_TIME, g->eval.lag_s);
		status_cell(v, r, G_STATUS, g->eval.status);
		eta_cell(v, r, G_ETA, g->eval.eta_s);
		if (g->error)
			r->flags |= KD_ROW_UNRESPONSIVE;
	}
}

static const kd_view_source *drill_group(const kd_row *r, kd_drill *d)
{
	if (!r->key || strlen(r->key) >= sizeof(d->group))
		return NULL;
	memset(d, 0, sizeof(*d));
	d->kind = KD_DRILL_GROUP;
	snprintf(d->group, sizeof(d->group), "%s", r->key);
	return &view_group;
}

const kd_view_source view_groups = {
	.name = "groups",
	.title = "Consumer groups",
	.n_columns = G_N,
	.columns = group_columns,
	.default_sort = G_STATUS,
	.default_desc = true,
	.build = build_groups,
	.drill = drill_group,
};

/* ---- one group's partitions ------------------------------------------------ */

static void build_group(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	const kd_group *g = d && d->kind == KD_DRILL_GROUP ? groups_find(s->groups, d->group)
							   : NULL;
	char key[300], buf[32];
	if (!g)
		return;
	for (int i = 0; i < g->n_partitions; i++) {
		const kd_group_partition *p = &g->partitions[i];
		const kd_group_member *m = groups_member_of(g, p);
		snprintf(key, sizeof(key), "%s/%d", p->topic, (int)p->partition);
		kd_row *r = view_add_row(v, key);
		view_cell_text(v, r, P_TOPIC, p->topic);
		view_cell_int(v, r, P_PART, p->partition);
		if (m) {
			view_cell_text(v, r, P_CLIENT, m->client_id);
			view_cell_text(v, r, P_HOST, m->host);
			view_cell_text(v, r, P_MEMBER, m->member_id);
		}
		if (p->committed >= 0)
			view_cell_int(v, r, P_COMMITTED, p->committed);
		if (p->end >= 0)
			view_cell_int(v, r, P_END, p->end);
		lag_cell(v, r, P_LAG, p->lag, true);
		duration_cell(v, r, P_LAG_TIME, p->lag_s);
		if (p->since_commit_ms >= 0)
			view_cell_num(v, r, P_SINCE, (double)p->since_commit_ms,
				      view_fmt_age(buf, sizeof(buf), p->since_commit_ms));
		status_cell(v, r, P_STATUS, p->status);
		eta_cell(v, r, P_ETA, p->eta_s);
	}
}

const kd_view_source view_group = {
	.name = "group",
	.title = "Partitions",
	.n_columns = P_N,
	.columns = part_columns,
	.default_sort = P_TOPIC,
	.default_desc = false,
	.build = build_group,
	.drill = NULL,
};

/* ---- the groups of one topic ------------------------------------------------ */

static void build_topic_groups(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	kd_topic_group *tg;
	kd_arena a;
	if (!d || d->kind != KD_DRILL_TOPIC || !s->groups)
		return;
	arena_init(&a);
	int n = groups_of_topic(s->groups, d->topic, &a, &tg);
	for (int i = 0; i < n; i++) {
		const kd_group *g = tg[i].group;
		kd_row *r = view_add_row(v, g->id);
		view_cell_text(v, r, T_GROUP, g->id);
		view_cell_text(v, r, T_STATE, state_text(g));
		if (g->members_known)
			view_cell_int(v, r, T_MEMBERS, g->n_members);
		view_cell_int(v, r, T_PARTS, tg[i].n_partitions);
		view_cell_int(v, r, T_ASSIGNED, tg[i].n_assigned);
		lag_cell(v, r, T_LAG, tg[i].lag, true);
		duration_cell(v, r, T_LAG_TIME, tg[i].lag_s);
		status_cell(v, r, T_STATUS, tg[i].status);
		eta_cell(v, r, T_ETA, tg[i].eta_s);
	}
	arena_free(&a);
}

const kd_view_source view_topic_groups = {
	.name = "topic-groups",
	.title = "Consumer groups",
	.n_columns = T_N,
	.columns = topic_columns,
	.default_sort = T_LAG,
	.default_desc = true,
	.build = build_topic_groups,
	.drill = drill_group,
};

/* ---- for the panes ------------------------------------------------------------ */

int view_groups_row_status(const kd_view_source *src, const kd_row *r)
{
	if (!src || !r || !r->cells)
		return -1;
	for (int c = 0; c < src->n_columns; c++)
		if (!strcmp(src->columns[c].id, "status"))
			return view_cell_unknown(&r->cells[c]) ? -1 : (int)r->cells[c].num;
	return -1;
}

const kd_group *view_groups_group(const kd_view *v)
{
	if (!v || !v->snap || !v->snap->groups)
		return NULL;
	if (v->src == &view_group)
		return v->drill.kind == KD_DRILL_GROUP ? groups_find(v->snap->groups, v->drill.group)
						       : NULL;
	if (v->src == &view_groups || v->src == &view_topic_groups) {
		const kd_row *r = view_selected(v);
		return r ? groups_find(v->snap->groups, r->key) : NULL;
	}
	return NULL;
}
