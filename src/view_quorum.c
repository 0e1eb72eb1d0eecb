/* view_quorum.c: the KRaft quorum table: the leader, each voter and
 * observer, how far each is behind and when the leader last heard it. */
#include "config.h"

#include "view.h"

#include <stdio.h>

enum {
	COL_ID, COL_ROLE, COL_LEO, COL_LAG, COL_HW_LAG, COL_FETCH, COL_CAUGHT_UP,
	N_COLS
};

static const kd_column columns[N_COLS] = {
	[COL_ID] = { "id", "ID", KD_COL_NUM, 2, 11, 0, false },
	[COL_ROLE] = { "role", "ROLE", KD_COL_STR, 5, 10, 0, false },
	[COL_LEO] = { "log_end_offset", "LOG END", KD_COL_NUM, 4, 20, 0, false },
	[COL_LAG] = { "lag", "LAG", KD_COL_NUM, 3, 20, 0, false },
	[COL_HW_LAG] = { "hw_lag", "BEHIND HW", KD_COL_NUM, 3, 20, 2, false },
	[COL_FETCH] = { "last_fetch", "LAST FETCH", KD_COL_NUM, 4, 12, 0, false },
	[COL_CAUGHT_UP] = { "last_caught_up", "CAUGHT UP", KD_COL_NUM, 4, 12, 1, false },
};

static bool quorum_known(const kd_snapshot *s)
{
	return s && !(s->na & KD_NA_QUORUM) && s->quorum.known;
}

/* The leader's log end offset: what every other member is measured
 * against.  KD_UNKNOWN when the leader is not among the voters. */
static int64_t leader_leo(const kd_quorum *q)
{
	for (int i = 0; i < q->n_voters; i++)
		if (!q->voters[i].observer && q->voters[i].id == q->leader)
			return q->voters[i].log_end_offset;
	return KD_UNKNOWN;
}

/* "2s ago" relative to when the snapshot was taken; sorts by the age. */
static void ago_cell(kd_view *v, kd_row *r, int col, const kd_snapshot *s, int64_t at_ms)
{
	char age[16], buf[32];
	int64_t ms;

	if (at_ms < 0)
		return;
	ms = s->taken_ms > at_ms ? s->taken_ms - at_ms : 0;
	snprintf(buf, sizeof(buf), "%s ago", view_fmt_age(age, sizeof(age), ms));
	view_cell_num(v, r, col, (double)ms, buf);
}

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	const kd_quorum *q = &s->quorum;
	int64_t lleo;

	(void)d;
	if (!quorum_known(s))
		return;
	lleo = leader_leo(q);
	for (int i = 0; i < q->n_voters; i++) {
		const kd_voter *m = &q->voters[i];
		bool leader = !m->observer && m->id == q->leader;
		char key[48], buf[32];
		kd_row *r;

		snprintf(key, sizeof(key), "%s/%d", m->observer ? "observer" : "voter", (int)m->id);
		r = view_add_row(v, key);
		r->broker = snapshot_broker(s, m->id);
		if (leader)
			r->flags |= KD_ROW_CONTROLLER;
		snprintf(buf, sizeof(buf), "%d", (int)m->id);
		view_cell_num(v, r, COL_ID, m->id, buf);
		view_cell_text(v, r, COL_ROLE, leader ? "leader" : m->observer ? "observer" : "voter");
		view_cell_int(v, r, COL_LEO, m->log_end_offset);
		if (lleo >= 0 && m->log_end_offset >= 0) {
			int64_t lag = lleo > m->log_end_offset ? lleo - m->log_end_offset : 0;
			view_cell_int(v, r, COL_LAG, lag);
			if (lag > 0)
				r->flags |= KD_ROW_LAGGING;
		}
		if (q->high_watermark >= 0 && m->log_end_offset >= 0)
			view_cell_int(v, r, COL_HW_LAG, q->high_watermark > m->log_end_offset
				      ? q->high_watermark - m->log_end_offset : 0);
		ago_cell(v, r, COL_FETCH, s, m->last_fetch_ms);
		ago_cell(v, r, COL_CAUGHT_UP, s, m->last_caught_up_ms);
	}
}

bool view_quorum_summary(const kd_snapshot *s, char *buf, size_t len)
{
	const kd_quorum *q = s ? &s->quorum : NULL;
	int voters = 0, observers = 0;
	char hw[32];

	if (!quorum_known(s)) {
		snprintf(buf, len, "quorum: n/a on this cluster");
		return false;
	}
	for (int i = 0; i < q->n_voters; i++) {
		if (q->voters[i].observer)
			observers++;
		else
			voters++;
	}
	if (q->high_watermark >= 0)
		snprintf(hw, sizeof(hw), "%lld", (long long)q->high_watermark);
	else
		snprintf(hw, sizeof(hw), "-");
	if (q->leader >= 0)
		snprintf(buf, len, "leader %d  epoch %d  high watermark %s  voters %d  observers %d",
			 (int)q->leader, (int)q->epoch, hw, voters, observers);
	else
		snprintf(buf, len, "leader none  epoch %d  high watermark %s  voters %d  observers %d",
			 (int)q->epoch, hw, voters, observers);
	return true;
}

const kd_view_source view_quorum = {
	.name = "quorum",
	.title = "Quorum",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_ID,
	.default_desc = false,
	.build = build,
	.drill = NULL,
};
