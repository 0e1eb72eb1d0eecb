/* view_topics.c: the topics table. */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

enum {
	COL_NAME, COL_PARTS, COL_RF, COL_URP, COL_OFFLINE, COL_MESSAGES,
	COL_MSGS_RATE, COL_MSGS_TREND, COL_SIZE, COL_BYTES_RATE, COL_UMI, N_COLS
};

static const kd_column columns[N_COLS] = {
	[COL_NAME] = { "name", "NAME", KD_COL_STR, 12, 80, 0, true },
	[COL_PARTS] = { "partitions", "PARTS", KD_COL_NUM, 3, 8, 0, false },
	[COL_RF] = { "rf", "RF", KD_COL_NUM, 2, 7, 1, false },
	[COL_URP] = { "under_replicated", "UNDER-REPL", KD_COL_NUM, 3, 10, 0, false },
	[COL_OFFLINE] = { "offline", "OFFLINE", KD_COL_NUM, 3, 8, 0, false },
	[COL_MESSAGES] = { "messages", "MESSAGES", KD_COL_NUM, 4, 10, 1, false },
	[COL_MSGS_RATE] = { "msgs_rate", "MSGS/S", KD_COL_NUM, 4, 10, 1, false },
	[COL_MSGS_TREND] = { "msgs_trend", "TREND", KD_COL_SPARK, 8, 12, 2, false },
	[COL_SIZE] = { "size", "SIZE", KD_COL_NUM, 4, 10, 2, false },
	[COL_BYTES_RATE] = { "bytes_rate", "BYTES/S", KD_COL_NUM, 4, 10, 3, false },
	/* last: the row is flagged like an offline one whatever the width */
	[COL_UMI] = { "under_min_isr", "<MIN-ISR", KD_COL_NUM, 3, 8, 3, false },
};

/* The replication factor as "3", or "2-3" when partitions disagree (a
 * reassignment in flight or a hand-made topic); sorts by the largest. */
static void rf_cell(kd_view *v, kd_row *r, const kd_topic *t)
{
	int lo = 0, hi = 0;
	char buf[32];

	for (int p = 0; p < t->n_partitions; p++) {
		int n = t->partitions[p].n_replicas;
		if (p == 0 || n < lo)
			lo = n;
		if (p == 0 || n > hi)
			hi = n;
	}
	if (t->n_partitions == 0)
		return;
	if (lo == hi)
		snprintf(buf, sizeof(buf), "%d", hi);
	else
		snprintf(buf, sizeof(buf), "%d-%d", lo, hi);
	view_cell_num(v, r, COL_RF, hi, buf);
}

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	bool na = view_logdirs_na(s);

	(void)d;
	for (int i = 0; i < s->n_topics; i++) {
		const kd_topic *t = &s->topics[i];
		bool counted = false;
		kd_row *r = view_add_row(v, t->name);

		r->topic = t;
		if (t->internal)
			r->flags |= KD_ROW_INTERNAL;
		if (t->under_replicated > 0)
			r->flags |= KD_ROW_UNDER_REPLICATED;
		if (t->offline > 0 || t->under_min_isr > 0)
			r->flags |= KD_ROW_OFFLINE;     /* writes fail: as loud as offline */
		view_cell_text(v, r, COL_NAME, t->name);
		view_cell_int(v, r, COL_PARTS, t->n_partitions);
		rf_cell(v, r, t);
		view_cell_int(v, r, COL_URP, t->under_replicated);
		/* unknown until min.insync.replicas was read; n/a where
		 * the brokers do not answer DescribeConfigs */
		if (t->min_isr > 0)
			view_cell_int(v, r, COL_UMI, t->under_min_isr);
		else if (s->na & KD_NA_CONFIGS)
			view_cell_na(v, r, COL_UMI);
		view_cell_int(v, r, COL_OFFLINE, t->offline);
		/* messages is a sum over partitions with watermarks: with none
		 * it is unknown, not zero. */
		for (int p = 0; p < t->n_partitions && !counted; p++)
			counted = t->partitions[p].low >= 0 && t->partitions[p].high >= 0;
		if (counted)
			view_cell_count(v, r, COL_MESSAGES, t->messages);
		view_cell_rate(v, r, COL_MSGS_RATE, t->msgs_rate);
		view_cell_history(v, r, COL_MSGS_TREND, &t->msgs_history);
		/* sizes and byte rates come from log dirs: n/a without them */
		if (na && t->size < 0) {
			view_cell_na(v, r, COL_SIZE);
			view_cell_na(v, r, COL_BYTES_RATE);
		} else {
			view_cell_bytes(v, r, COL_SIZE, t->size);
			view_cell_bytes(v, r, COL_BYTES_RATE, t->bytes_rate < 0 ? KD_UNKNOWN
					: (int64_t)(t->bytes_rate + 0.5));
		}
	}
}

/* A topic opens its partitions. */
static const kd_view_source *drill(const kd_row *r, kd_drill *d)
{
	if (!r->topic || strlen(r->topic->name) >= sizeof(d->topic))
		return NULL;
	d->kind = KD_DRILL_TOPIC;
	snprintf(d->topic, sizeof(d->topic), "%s", r->topic->name);
	return &view_partitions;
}

const kd_view_source view_topics = {
	.name = "topics",
	.title = "Topics",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_NAME,
	.default_desc = false,
	.build = build,
	.drill = drill,
};
