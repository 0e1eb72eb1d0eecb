/* view_brokers.c: the brokers table. */
#include "config.h"

#include "view.h"

#include <stdio.h>

enum {
	COL_ID, COL_HOST, COL_RACK, COL_STATUS, COL_LEADERS, COL_REPLICAS,
	COL_MSGS_IN, COL_MSGS_TREND, COL_BYTES_IN, COL_LOG_SIZE, COL_ROLE, COL_DISK_FREE,
	COL_PREFERRED, N_COLS
};

static const kd_column columns[N_COLS] = {
	[COL_ID] = { "id", "ID", KD_COL_NUM, 2, 11, 0, false },
	[COL_HOST] = { "host", "HOST:PORT", KD_COL_STR, 12, 60, 0, true },
	[COL_RACK] = { "rack", "RACK", KD_COL_STR, 4, 16, 3, false },
	[COL_STATUS] = { "status", "STATUS", KD_COL_STR, 4, 9, 0, false },
	[COL_LEADERS] = { "leaders", "LEADERS", KD_COL_NUM, 3, 10, 1, false },
	[COL_REPLICAS] = { "replicas", "REPLICAS", KD_COL_NUM, 3, 10, 1, false },
	[COL_MSGS_IN] = { "msgs_in_rate", "MSGS IN/S", KD_COL_NUM, 4, 10, 2, false },
	[COL_MSGS_TREND] = { "msgs_trend", "TREND", KD_COL_SPARK, 8, 12, 3, false },
	[COL_BYTES_IN] = { "bytes_in_rate", "BYTES IN/S", KD_COL_NUM, 4, 10, 2, false },
	[COL_LOG_SIZE] = { "log_bytes", "LOG SIZE", KD_COL_NUM, 4, 10, 2, false },
	[COL_ROLE] = { "role", "ROLE", KD_COL_STR, 4, 10, 4, false },
	[COL_DISK_FREE] = { "disk_usable", "DISK FREE", KD_COL_NUM, 4, 10, 5, false },
	/* leader skew: the partitions it should lead (first replica), to read
	 * against LEADERS */
	[COL_PREFERRED] = { "preferred_leaders", "PREF", KD_COL_NUM, 3, 8, 4, false },
};

/* Shared by the brokers, topics and partitions tables: a size no broker
 * can report reads "n/a" everywhere, one merely not measured "-". */
bool view_logdirs_na(const kd_snapshot *s)
{
	int up = 0;

	if (s->na & KD_NA_LOGDIRS)
		return true;
	for (int i = 0; i < s->n_brokers; i++) {
		if (!s->brokers[i].up)
			continue;
		if (!(s->brokers[i].na & KD_NA_LOGDIRS))
			return false;
		up++;
	}
	return up > 0;
}

/* Whether kdeck asked the brokers themselves this poll: some answered.
 * (Through librdkafka alone none is asked, and none is "responsive".) */
static bool brokers_asked(const kd_snapshot *s)
{
	for (int i = 0; i < s->n_brokers; i++)
		if (s->brokers[i].responsive)
			return true;
	return false;
}

/* "up", "down", or "no answer": listed by the cluster but silent to
 * kdeck (stopped, overloaded, or cut off from this host). */
static const char *status(const kd_broker *b, bool asked)
{
	if (!b->up)
		return "down";
	return b->responsive || !asked ? "up" : "no answer";
}

/* A size the broker cannot report is "n/a", one not measured yet "-". */
static void size_cell(kd_view *v, kd_row *r, int col, const kd_broker *b, int64_t n)
{
	if (n < 0 && (b->na & KD_NA_LOGDIRS))
		view_cell_na(v, r, col);
	else
		view_cell_bytes(v, r, col, n);
}

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	bool asked = brokers_asked(s);
	bool unreachable = v->unreachable_since_ms > 0;

	(void)d;
	for (int i = 0; i < s->n_brokers; i++) {
		const kd_broker *b = &s->brokers[i];
		char key[32], buf[300];
		kd_row *r;

		snprintf(key, sizeof(key), "%d", (int)b->id);
		r = view_add_row(v, key);
		r->broker = b;
		if (!b->up)
			r->flags |= KD_ROW_DOWN;
		else if (unreachable || (!b->responsive && asked))
			r->flags |= KD_ROW_UNRESPONSIVE;
		if (b->is_controller)
			r->flags |= KD_ROW_CONTROLLER;
		view_cell_num(v, r, COL_ID, b->id, key);
		if (b->host && *b->host) {
			snprintf(buf, sizeof(buf), "%s:%d", b->host, b->port);
			view_cell_text(v, r, COL_HOST, buf);
		}
		view_cell_text(v, r, COL_RACK, b->rack);
		view_cell_text(v, r, COL_STATUS, unreachable && b->up ? "no answer" : status(b, asked));
		view_cell_text(v, r, COL_ROLE, b->is_controller ? "controller" : "");
		view_cell_int(v, r, COL_LEADERS, b->leaders);
		view_cell_int(v, r, COL_PREFERRED, b->preferred_leaders);
		view_cell_int(v, r, COL_REPLICAS, b->replicas);
		view_cell_rate(v, r, COL_MSGS_IN, b->msgs_in_rate);
		view_cell_history(v, r, COL_MSGS_TREND, &b->msgs_history);
		/* the byte rate comes from log sizes: n/a with them */
		size_cell(v, r, COL_BYTES_IN, b,
			  b->bytes_in_rate < 0 ? KD_UNKNOWN : (int64_t)(b->bytes_in_rate + 0.5));
		size_cell(v, r, COL_LOG_SIZE, b, b->log_bytes);
		size_cell(v, r, COL_DISK_FREE, b, b->disk_usable);
	}
}

/* A broker opens the partitions that have a replica on it. */
static const kd_view_source *drill(const kd_row *r, kd_drill *d)
{
	if (!r->broker)
		return NULL;
	d->kind = KD_DRILL_BROKER;
	d->broker = r->broker->id;
	return &view_partitions;
}

const kd_view_source view_brokers = {
	.name = "brokers",
	.title = "Brokers",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_ID,
	.default_desc = false,
	.build = build,
	.drill = drill,
};
