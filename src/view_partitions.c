/* view_partitions.c: the partitions table, whole or drilled down. */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

enum {
	COL_TOPIC, COL_PART, COL_LEADER, COL_REPLICAS, COL_ISR, COL_OFFLINE,
	COL_LOW, COL_HIGH, COL_MSGS_RATE, COL_SIZE, N_COLS
};

static const kd_column columns[N_COLS] = {
	[COL_TOPIC] = { "topic", "TOPIC", KD_COL_STR, 10, 80, 0, true },
	[COL_PART] = { "partition", "PART", KD_COL_NUM, 2, 7, 0, false },
	[COL_LEADER] = { "leader", "LEADER", KD_COL_NUM, 4, 11, 0, false },
	[COL_REPLICAS] = { "replicas", "REPLICAS", KD_COL_STR, 4, 24, 1, false },
	[COL_ISR] = { "isr", "ISR", KD_COL_STR, 4, 24, 1, false },
	[COL_OFFLINE] = { "offline", "OFFLINE", KD_COL_STR, 4, 16, 2, false },
	[COL_LOW] = { "low", "LOW", KD_COL_NUM, 3, 20, 3, false },
	[COL_HIGH] = { "high", "HIGH", KD_COL_NUM, 4, 20, 2, false },
	[COL_MSGS_RATE] = { "msgs_rate", "MSGS/S", KD_COL_NUM, 4, 10, 1, false },
	[COL_SIZE] = { "size", "SIZE", KD_COL_NUM, 4, 10, 4, false },
};

static bool has_replica_on(const kd_partition *p, int32_t broker)
{
	for (int r = 0; r < p->n_replicas; r++)
		if (p->replicas[r] == broker)
			return true;
	return false;
}

static void add_partition(kd_view *v, const kd_topic *t, const kd_partition *p, bool na)
{
	char key[300], buf[256];
	kd_row *r;

	/* "topic/partition", without printf: one per row, every snapshot */
	size_t tl = strnlen(t->name, sizeof(key) - 16);
	memcpy(key, t->name, tl);
	key[tl] = '/';
	view_fmt_int(key + tl + 1, sizeof(key) - tl - 1, p->id);
	r = view_add_row(v, key);
	r->topic = t;
	r->partition = p;
	if (t->internal)
		r->flags |= KD_ROW_INTERNAL;
	/* under min-ISR: writes with acks=all fail, as loud as offline */
	if (kd_partition_offline(p) || kd_partition_under_min_isr(p, t->min_isr))
		r->flags |= KD_ROW_OFFLINE;
	if (kd_partition_under_replicated(p))
		r->flags |= KD_ROW_UNDER_REPLICATED;
	view_cell_text(v, r, COL_TOPIC, t->name);
	view_cell_num(v, r, COL_PART, p->id, view_fmt_int(buf, sizeof(buf), p->id));
	view_cell_num(v, r, COL_LEADER, p->leader,
		      p->leader >= 0 ? view_fmt_int(buf, sizeof(buf), p->leader) : "none");
	view_cell_text(v, r, COL_REPLICAS,
		       view_fmt_ids(buf, sizeof(buf), p->replicas, p->n_replicas));
	view_cell_text(v, r, COL_ISR, view_fmt_ids(buf, sizeof(buf), p->isr, p->n_isr));
	view_cell_text(v, r, COL_OFFLINE,
		       view_fmt_ids(buf, sizeof(buf), p->offline, p->n_offline));
	view_cell_int(v, r, COL_LOW, p->low);
	view_cell_int(v, r, COL_HIGH, p->high);
	view_cell_rate(v, r, COL_MSGS_RATE, p->msgs_rate);
	if (p->size < 0 && na)
		view_cell_na(v, r, COL_SIZE);
	else
		view_cell_bytes(v, r, COL_SIZE, p->size);
}

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	bool na = view_logdirs_na(s);

	for (int i = 0; i < s->n_topics; i++) {
		const kd_topic *t = &s->topics[i];

		if (d->kind == KD_DRILL_TOPIC && strcmp(t->name, d->topic) != 0)
			continue;
		for (int p = 0; p < t->n_partitions; p++) {
			const kd_partition *kp = &t->partitions[p];

			if (d->kind == KD_DRILL_BROKER && !has_replica_on(kp, d->broker))
				continue;
			add_partition(v, t, kp, na);
		}
	}
}

const kd_view_source view_partitions = {
	.name = "partitions",
	.title = "Partitions",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_TOPIC,
	.default_desc = false,
	.build = build,
	.drill = NULL,
};
