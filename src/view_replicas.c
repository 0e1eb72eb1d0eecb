/* view_replicas.c: the replica lag table: every follower that is behind
 * its leader, out of the ISR, or on a broker that stopped answering. */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

enum {
	COL_TOPIC, COL_PART, COL_BROKER, COL_RACK, COL_LEADER, COL_LAG,
	COL_LAG_BYTES, COL_ISR, COL_STATE, N_COLS
};

static const kd_column columns[N_COLS] = {
	[COL_TOPIC] = { "topic", "TOPIC", KD_COL_STR, 10, 80, 0, true },
	[COL_PART] = { "partition", "PART", KD_COL_NUM, 2, 7, 0, false },
	[COL_BROKER] = { "broker", "BROKER", KD_COL_NUM, 4, 11, 0, false },
	[COL_RACK] = { "rack", "RACK", KD_COL_STR, 4, 16, 2, false },
	[COL_LEADER] = { "leader", "LEADER", KD_COL_NUM, 4, 11, 1, false },
	[COL_LAG] = { "lag", "LAG", KD_COL_NUM, 3, 20, 0, false },
	[COL_LAG_BYTES] = { "lag_bytes", "LAG BYTES", KD_COL_NUM, 4, 10, 2, false },
	[COL_ISR] = { "isr", "ISR", KD_COL_NUM, 3, 10, 0, false },
	[COL_STATE] = { "state", "STATE", KD_COL_STR, 4, 8, 0, false },
};

/* A broker that cannot be asked: missing, down, or not answering. */
static bool broker_silent(const kd_snapshot *s, int32_t id)
{
	const kd_broker *b = snapshot_broker(s, id);
	return !b || !b->up || !b->responsive;
}

bool view_replica_behind(const kd_snapshot *s, const kd_partition *p,
			 const kd_replica_state *rs)
{
	if (rs->broker == p->leader)
		return false;
	if (rs->lag_offsets > 0 || !rs->in_isr)
		return true;
	/* A replica that merely could not be measured while its broker
	 * answers (librdkafka's mock cluster, a partition error) says
	 * nothing about lag; one whose broker went silent does. */
	return rs->stale && broker_silent(s, rs->broker);
}

static void add_replica(kd_view *v, const kd_snapshot *s, const kd_topic *t,
			const kd_partition *p, const kd_replica_state *rs)
{
	const kd_broker *b = snapshot_broker(s, rs->broker);
	char key[320], buf[64], age[16];
	kd_row *r;

	snprintf(key, sizeof(key), "%s/%d/%d", t->name, (int)p->id, (int)rs->broker);
	r = view_add_row(v, key);
	r->topic = t;
	r->partition = p;
	r->broker = b;
	if (t->internal)
		r->flags |= KD_ROW_INTERNAL;
	if (!rs->in_isr)
		r->flags |= KD_ROW_UNDER_REPLICATED;
	if (!b || !b->up)
		r->flags |= KD_ROW_DOWN;
	else if (rs->stale && !b->responsive)
		r->flags |= KD_ROW_UNRESPONSIVE;
	if (rs->lag_offsets > 0)
		r->flags |= KD_ROW_LAGGING;

	view_cell_text(v, r, COL_TOPIC, t->name);
	snprintf(buf, sizeof(buf), "%d", (int)p->id);
	view_cell_num(v, r, COL_PART, p->id, buf);
	snprintf(buf, sizeof(buf), "%d", (int)rs->broker);
	view_cell_num(v, r, COL_BROKER, rs->broker, buf);
	if (b)
		view_cell_text(v, r, COL_RACK, b->rack);
	if (p->leader >= 0)
		snprintf(buf, sizeof(buf), "%d", (int)p->leader);
	else
		snprintf(buf, sizeof(buf), "none");
	view_cell_num(v, r, COL_LEADER, p->leader, buf);
	view_cell_int(v, r, COL_LAG, rs->lag_offsets);
	if (rs->lag_bytes >= 0)
		view_cell_bytes(v, r, COL_LAG_BYTES, rs->lag_bytes);
	else if (b && (b->na & KD_NA_LOGDIRS))
		view_cell_na(v, r, COL_LAG_BYTES);
	/* "in", or "out 12s": how long since kdeck saw it leave.  Sorts by
	 * that time, the in-sync ones first. */
	if (rs->in_isr) {
		view_cell_num(v, r, COL_ISR, 0, "in");
	} else {
		int64_t out = rs->out_of_isr_ms >= 0 && s->taken_ms >= rs->out_of_isr_ms
			    ? s->taken_ms - rs->out_of_isr_ms : 0;
		snprintf(buf, sizeof(buf), "out %s", view_fmt_age(age, sizeof(age), out));
		view_cell_num(v, r, COL_ISR, 1.0 + (double)out, buf);
	}
	/* stale: its broker did not answer, the numbers are the last known */
	if (!b || !b->up)
		view_cell_text(v, r, COL_STATE, "down");
	else
		view_cell_text(v, r, COL_STATE, rs->stale ? "stale" : "live");
}

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	for (int i = 0; i < s->n_topics; i++) {
		const kd_topic *t = &s->topics[i];

		if (d->kind == KD_DRILL_TOPIC && strcmp(t->name, d->topic) != 0)
			continue;
		for (int j = 0; j < t->n_partitions; j++) {
			const kd_partition *p = &t->partitions[j];

			for (int k = 0; p->rstate && k < p->n_replicas; k++) {
				const kd_replica_state *rs = &p->rstate[k];

				if (d->kind == KD_DRILL_BROKER && rs->broker != d->broker)
					continue;
				if (view_replica_behind(s, p, rs))
					add_replica(v, s, t, p, rs);
			}
		}
	}
}

void view_replicas_empty(const kd_snapshot *s, char *buf, size_t len)
{
	int followers = 0, unmeasured = 0;

	for (int i = 0; s && i < s->n_topics; i++)
		for (int j = 0; j < s->topics[i].n_partitions; j++) {
			const kd_partition *p = &s->topics[i].partitions[j];

			for (int k = 0; p->rstate && k < p->n_replicas; k++) {
				if (p->rstate[k].broker == p->leader)
					continue;
				followers++;
				if (p->rstate[k].lag_offsets < 0)
					unmeasured++;
			}
		}
	if (unmeasured > 0)
		snprintf(buf, len, "all replicas in sync; lag not measured for %d of %d followers",
			 unmeasured, followers);
	else
		snprintf(buf, len, "all replicas in sync");
}

/* A replica opens its partition among the topic's others. */
static const kd_view_source *drill(const kd_row *r, kd_drill *d)
{
	if (!r->topic || strlen(r->topic->name) >= sizeof(d->topic))
		return NULL;
	d->kind = KD_DRILL_TOPIC;
	snprintf(d->topic, sizeof(d->topic), "%s", r->topic->name);
	return &view_partitions;
}

const kd_view_source view_replicas = {
	.name = "replicas",
	.title = "Replicas",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_LAG,
	.default_desc = true,
	.build = build,
	.drill = drill,
};
