/* view_reassign.c: the partitions being reassigned (by kdeck or any other
 * tool), each with a progress bar of the bytes its new replicas hold, the
 * copy rate and the time left; ended ones stay a while as "done". */
#include "config.h"

#include "view.h"

#include "reassign_plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum {
	COL_PART, COL_REPLICAS, COL_ADDING, COL_REMOVING, COL_PROGRESS, COL_COPIED, COL_TOTAL,
	COL_RATE, COL_ETA, COL_SINCE, N_COLS
};

static const kd_column columns[N_COLS] = {
	[COL_PART] = { "partition", "PARTITION", KD_COL_STR, 12, 0, 0, true },
	[COL_REPLICAS] = { "replicas", "REPLICAS", KD_COL_STR, 8, 24, 1, false },
	[COL_ADDING] = { "adding", "ADDING", KD_COL_STR, 6, 16, 0, false },
	[COL_REMOVING] = { "removing", "REMOVING", KD_COL_STR, 8, 16, 0, false },
	[COL_PROGRESS] = { "progress", "PROGRESS", KD_COL_NUM, 22, 22, 0, false },
	[COL_COPIED] = { "copied", "COPIED", KD_COL_NUM, 6, 10, 1, false },
	[COL_TOTAL] = { "total", "TOTAL", KD_COL_NUM, 5, 10, 1, false },
	[COL_RATE] = { "rate", "RATE/s", KD_COL_NUM, 6, 10, 2, false },
	[COL_ETA] = { "eta", "ETA", KD_COL_NUM, 3, 8, 2, false },
	[COL_SINCE] = { "since", "SINCE", KD_COL_NUM, 5, 8, 3, false },
};

/* "[########------]  57%": ASCII, so that it reads on any terminal. */
void view_progress_bar(char *buf, size_t len, double frac, const char *end_text)
{
	enum { W = 14 };
	char bar[W + 1];
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	int full = (int)(frac * W + 0.5);
	for (int i = 0; i < W; i++)
		bar[i] = i < full ? '#' : '-';
	bar[W] = '\0';
	if (end_text)
		snprintf(buf, len, "[%s] %s", bar, end_text);
	else
		snprintf(buf, len, "[%s] %3d%%", bar, (int)(frac * 100));
}

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)d;
	for (int i = 0; i < s->n_reassign_rows; i++) {
		const kd_reassignment *k = &s->reassignments[i];
		char key[300], buf[64];
		snprintf(key, sizeof(key), "%s-%" PRId32, k->topic, k->partition);
		kd_row *r = view_add_row(v, key);
		r->topic = snapshot_topic(s, k->topic);
		r->partition = snapshot_partition(s, k->topic, k->partition);
		if (!k->done)
			r->flags |= KD_ROW_LAGGING;
		view_cell_text(v, r, COL_PART, key);
		rp_ids_text(buf, sizeof(buf), k->replicas, k->n_replicas, false);
		if (!k->n_replicas)
			snprintf(buf, sizeof(buf), "-");
		view_cell_text(v, r, COL_REPLICAS, buf);
		rp_ids_text(buf, sizeof(buf), k->adding, k->n_adding, false);
		if (!k->n_adding)
			snprintf(buf, sizeof(buf), "-");
		view_cell_text(v, r, COL_ADDING, buf);
		rp_ids_text(buf, sizeof(buf), k->removing, k->n_removing, false);
		if (!k->n_removing)
			snprintf(buf, sizeof(buf), "-");
		view_cell_text(v, r, COL_REMOVING, buf);
		double frac = k->bytes_total > 0 && k->bytes_copied >= 0
			? (double)k->bytes_copied / (double)k->bytes_total
			: k->bytes_total == 0 ? 1.0 : -1.0;
		if (k->done)
			view_progress_bar(buf, sizeof(buf), k->cancelled ? 0 : 1,
					  k->cancelled ? "cancelled" : "done");
		else if (frac >= 0)
			view_progress_bar(buf, sizeof(buf), frac, NULL);
		else
			snprintf(buf, sizeof(buf), "[  size unknown  ]");
		view_cell_num(v, r, COL_PROGRESS, k->done ? 2.0 : frac, buf);
		view_cell_bytes(v, r, COL_COPIED, k->bytes_copied);
		view_cell_bytes(v, r, COL_TOTAL, k->bytes_total);
		if (!k->done)
			view_cell_rate(v, r, COL_RATE, k->rate);
		if (k->eta_ms >= 0 && !k->done) {
			char age[16];
			view_cell_num(v, r, COL_ETA, (double)k->eta_ms,
				      view_fmt_age(age, sizeof(age), k->eta_ms));
		}
		if (s->taken_ms >= k->since_ms) {
			char age[16];
			int64_t ms = (k->done ? k->done_ms : s->taken_ms) - k->since_ms;
			view_cell_num(v, r, COL_SINCE, (double)ms, view_fmt_age(age, sizeof(age), ms));
		}
	}
}

void view_reassign_summary(const kd_snapshot *s, char *buf, size_t len)
{
	if (!s || (s->na & KD_NA_REASSIGN)) {
		snprintf(buf, len, "reassignments: n/a on this cluster");
		return;
	}
	int64_t left = 0;
	for (int i = 0; i < s->n_reassign_rows; i++) {
		const kd_reassignment *k = &s->reassignments[i];
		if (!k->done && k->bytes_total > k->bytes_copied && k->bytes_copied >= 0)
			left += k->bytes_total - k->bytes_copied;
	}
	char b[32];
	snprintf(buf, len, "%d moving, %s left to copy  throttled: %d broker%s/topic%s  "
		 "leader skew: %d", s->n_reassignments, view_fmt_bytes(b, sizeof(b), left),
		 s->throttles, s->throttles == 1 ? "" : "s", s->throttles == 1 ? "" : "s",
		 s->leader_skew);
}

const kd_view_source view_reassign = {
	.name = "reassignments",
	.title = "Reassignments",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_PART,
	.default_desc = false,
	.build = build,
};
