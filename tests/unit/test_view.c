/* test_view.c: tables built from snapshots, sorting, filtering, selection
 * that follows a row across updates, drill-down and number formatting. */
#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "regex_lit.h"
#include "view_job.h"
#include "snapshot.h"
#include "view.h"

/* ---- a small cluster ------------------------------------------------------ */

static const int32_t r123[] = { 1, 2, 3 }, r231[] = { 2, 3, 1 }, r312[] = { 3, 1, 2 };
static const int32_t r12[] = { 1, 2 }, r21[] = { 2, 1 }, r1[] = { 1 };

/* Broker 3 is down: metadata does not list it, replica lists still do. */
static const kd_meta_broker meta_brokers[] = {
	{ 1, "kafka-1.example", 9092, "rack-a" },
	{ 2, "kafka-10.example", 9092, NULL },
};

static const kd_meta_partition orders_parts[] = {
	{ 0, 1, 5, 0, 3, 2, 0, r123, r12, NULL },
	{ 1, 2, 5, 0, 3, 2, 0, r231, r21, NULL },
	{ 2, 1, 5, 0, 3, 2, 0, r312, r12, NULL },
};
static const kd_meta_partition payments_parts[] = {
	{ 0, 2, 1, 0, 2, 2, 0, r21, r21, NULL },
	{ 1, -1, 1, 0, 1, 0, 0, r1, r1, NULL },   /* offline */
};
static const kd_meta_partition small_parts[] = {
	{ 0, 1, 1, 0, 1, 1, 0, r1, r1, NULL },
};

/* Helper for the fixture: snapshots are mutable until published. */
static void set_rate(kd_snapshot *s, const char *topic, int32_t part, double rate)
{
	kd_topic *t = snapshot_topic_mut(s, topic);
	for (int i = 0; t && i < t->n_partitions; i++)
		if (t->partitions[i].id == part)
			t->partitions[i].msgs_rate = rate;
}

/* extra: a topic added by an update; drop_payments: one removed. */
static kd_snapshot *cluster(uint64_t seq, const char *extra, bool drop_payments)
{
	kd_meta_topic topics[8];
	int n = 0;
	kd_metadata md = { "test-cluster", 1, 2, meta_brokers, 0, topics };
	kd_snapshot *s = snapshot_new();

	topics[n++] = (kd_meta_topic){ "orders", NULL, 0, false, 3, orders_parts };
	if (!drop_payments)
		topics[n++] = (kd_meta_topic){ "payments", NULL, 0, false, 2, payments_parts };
	topics[n++] = (kd_meta_topic){ "__consumer_offsets", NULL, 0, true, 1, small_parts };
	topics[n++] = (kd_meta_topic){ "logs-9", NULL, 0, false, 1, small_parts };
	topics[n++] = (kd_meta_topic){ "logs-10", NULL, 0, false, 1, small_parts };
	if (extra)
		topics[n++] = (kd_meta_topic){ extra, NULL, 0, false, 1, small_parts };
	md.n_topics = n;
	s->seq = seq;
	snapshot_set_metadata(s, &md, NULL);
	snapshot_set_watermarks(s, "orders", 0, 0, 100);
	snapshot_set_watermarks(s, "orders", 1, 10, 30);
	snapshot_set_watermarks(s, "orders", 2, 0, 0);
	snapshot_set_watermarks(s, "logs-9", 0, 5, 5000);
	/* Rates: only orders and logs-10 measured; the rest stay unknown. */
	set_rate(s, "orders", 0, 4.0);
	set_rate(s, "orders", 1, 0.5);
	set_rate(s, "logs-10", 0, 100.0);
	snapshot_finish(s);
	return s;
}

/* The text of column id of the i-th visible row. */
static const char *text(const kd_view *v, int i, const char *id)
{
	int c = view_column(v, id);
	assert_true(c >= 0);
	assert_true(i < v->n_vis);
	return v->vis[i]->cells[c].text;
}

static const char *key(const kd_view *v, int i)
{
	assert_true(i < v->n_vis);
	return v->vis[i]->key;
}

/* ---- tables ---------------------------------------------------------------- */

static void test_brokers_table(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_brokers, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 3);
	assert_string_equal(text(&v, 0, "id"), "1");
	assert_string_equal(text(&v, 0, "host"), "kafka-1.example:9092");
	assert_string_equal(text(&v, 0, "rack"), "rack-a");
	assert_string_equal(text(&v, 0, "status"), "up");
	assert_string_equal(text(&v, 0, "role"), "controller");
	assert_true(v.vis[0]->flags & KD_ROW_CONTROLLER);
	assert_string_equal(text(&v, 1, "rack"), "-");
	/* broker 3: down, kept because replicas name it, host unknown */
	assert_string_equal(text(&v, 2, "id"), "3");
	assert_string_equal(text(&v, 2, "status"), "down");
	assert_string_equal(text(&v, 2, "host"), "-");
	assert_true(v.vis[2]->flags & KD_ROW_DOWN);
	assert_false(v.vis[0]->flags & KD_ROW_DOWN);
	/* leaders: broker 1 leads orders-0, orders-2, and the three small ones */
	assert_string_equal(text(&v, 0, "leaders"), "5");
	assert_string_equal(text(&v, 2, "leaders"), "0");
	/* not measured yet */
	assert_string_equal(text(&v, 0, "log_bytes"), "-");
	view_free(&v);
	snapshot_free(s);
}

static void test_topics_table(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 5);
	/* default: by name, natural order (logs-9 before logs-10) */
	assert_string_equal(key(&v, 0), "__consumer_offsets");
	assert_string_equal(key(&v, 1), "logs-9");
	assert_string_equal(key(&v, 2), "logs-10");
	assert_string_equal(key(&v, 3), "orders");
	assert_string_equal(key(&v, 4), "payments");
	assert_true(v.vis[0]->flags & KD_ROW_INTERNAL);
	assert_false(v.vis[3]->flags & KD_ROW_INTERNAL);
	/* orders: 3 partitions, RF 3, all under-replicated (ISR 2 of 3) */
	assert_string_equal(text(&v, 3, "partitions"), "3");
	assert_string_equal(text(&v, 3, "rf"), "3");
	assert_string_equal(text(&v, 3, "under_replicated"), "3");
	assert_string_equal(text(&v, 3, "messages"), "120");
	assert_string_equal(text(&v, 3, "msgs_rate"), "4.5");
	assert_true(v.vis[3]->flags & KD_ROW_UNDER_REPLICATED);
	/* payments: RF 1-2, one offline partition */
	assert_string_equal(text(&v, 4, "rf"), "1-2");
	assert_string_equal(text(&v, 4, "offline"), "1");
	assert_true(v.vis[4]->flags & KD_ROW_OFFLINE);
	/* no watermarks: messages unknown, not 0 */
	assert_string_equal(text(&v, 4, "messages"), "-");
	assert_string_equal(text(&v, 1, "messages"), "4995");
	view_free(&v);
	snapshot_free(s);
}

static void test_partitions_table(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_partitions, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 8);
	assert_true(view_select_key(&v, "payments/1"));
	assert_string_equal(text(&v, v.sel, "leader"), "none");
	assert_string_equal(text(&v, v.sel, "replicas"), "1");
	assert_true(view_selected(&v)->flags & KD_ROW_OFFLINE);
	assert_true(view_select_key(&v, "orders/1"));
	assert_string_equal(text(&v, v.sel, "replicas"), "2,3,1");
	assert_string_equal(text(&v, v.sel, "isr"), "2,1");
	assert_string_equal(text(&v, v.sel, "offline"), "3");
	assert_string_equal(text(&v, v.sel, "low"), "10");
	assert_string_equal(text(&v, v.sel, "high"), "30");
	assert_true(view_selected(&v)->flags & KD_ROW_UNDER_REPLICATED);
	view_free(&v);
	snapshot_free(s);
}

/* ---- sorting --------------------------------------------------------------- */

static void test_sort_numeric_not_textual(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_partitions, NULL);
	view_update(&v, s);
	/* high: 100, 30, 0, 5000, rest unknown.  As text "5000" < "100"
	 * would fail; numerically 0 < 30 < 100 < 5000. */
	assert_int_equal(view_sort_by(&v, view_column(&v, "high"), false), 0);
	assert_string_equal(text(&v, 0, "high"), "0");
	assert_string_equal(text(&v, 1, "high"), "30");
	assert_string_equal(text(&v, 2, "high"), "100");
	assert_string_equal(text(&v, 3, "high"), "5000");
	assert_string_equal(text(&v, 4, "high"), "-");
	assert_string_equal(text(&v, 7, "high"), "-");
	view_sort_invert(&v);
	assert_true(v.sort_desc);
	assert_string_equal(text(&v, 0, "high"), "5000");
	assert_string_equal(text(&v, 3, "high"), "0");
	/* unknowns stay last when descending too */
	assert_string_equal(text(&v, 4, "high"), "-");
	assert_string_equal(text(&v, 7, "high"), "-");
	view_free(&v);
	snapshot_free(s);
}

static void test_sort_strings_and_ties(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_brokers, NULL);
	view_update(&v, s);
	/* hosts: natural order puts kafka-1 before kafka-10; unknown last */
	view_sort_by(&v, view_column(&v, "host"), true);
	assert_string_equal(key(&v, 0), "2");
	assert_string_equal(key(&v, 1), "1");
	assert_string_equal(key(&v, 2), "3");
	view_free(&v);

	/* equal leaders keep the build order (topic, then partition) */
	view_init(&v, &view_partitions, NULL);
	view_update(&v, s);
	view_sort_by(&v, view_column(&v, "leader"), false);
	assert_string_equal(key(&v, 0), "payments/1");   /* none = -1 */
	assert_string_equal(key(&v, 1), "__consumer_offsets/0");
	assert_string_equal(key(&v, 2), "logs-10/0");
	assert_string_equal(key(&v, 3), "logs-9/0");
	assert_string_equal(key(&v, 4), "orders/0");
	assert_string_equal(key(&v, 5), "orders/2");
	assert_string_equal(key(&v, 6), "orders/1");
	assert_string_equal(key(&v, 7), "payments/0");
	view_free(&v);
	snapshot_free(s);
}

static void test_sort_rates_unknown_last(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	int c;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	c = view_column(&v, "msgs_rate");
	view_sort_by(&v, c, true);
	assert_string_equal(key(&v, 0), "logs-10");
	assert_string_equal(key(&v, 1), "orders");
	for (int i = 2; i < 5; i++)
		assert_true(view_cell_unknown(&v.vis[i]->cells[c]));
	view_sort_by(&v, c, false);
	assert_string_equal(key(&v, 0), "orders");
	assert_string_equal(key(&v, 1), "logs-10");
	for (int i = 2; i < 5; i++)
		assert_string_equal(text(&v, i, "msgs_rate"), "-");
	view_free(&v);
	snapshot_free(s);
}

static void test_sort_every_column_and_step(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	const kd_view_source *srcs[] = { &view_brokers, &view_topics, &view_partitions,
					 &view_replicas, &view_quorum };
	(void)state;

	/* Every column of every table sorts without breaking the order
	 * invariant: known cells ordered, unknown after. */
	for (size_t t = 0; t < sizeof(srcs) / sizeof(*srcs); t++) {
		kd_view v;

		view_init(&v, srcs[t], NULL);
		view_update(&v, s);
		for (int c = 0; c < srcs[t]->n_columns; c++) {
			for (int desc = 0; desc < 2; desc++) {
				view_sort_by(&v, c, desc);
				assert_int_equal(v.sort_col, c);
				for (int i = 1; i < v.n_vis; i++) {
					const kd_cell *a = &v.vis[i - 1]->cells[c];
					const kd_cell *b = &v.vis[i]->cells[c];
					assert_false(view_cell_unknown(a) && !view_cell_unknown(b));
					if (!view_cell_unknown(a) && !view_cell_unknown(b) &&
					    srcs[t]->columns[c].type == KD_COL_NUM) {
						if (desc)
							assert_true(a->num >= b->num);
						else
							assert_true(a->num <= b->num);
					}
				}
			}
		}
		view_free(&v);
	}

	{
		kd_view v;
		view_init(&v, &view_brokers, NULL);
		view_update(&v, s);
		assert_int_equal(v.sort_col, 0);
		view_sort_step(&v, -1);
		assert_int_equal(v.sort_col, view_brokers.n_columns - 1);
		view_sort_step(&v, 2);
		assert_int_equal(v.sort_col, 1);
		assert_int_equal(view_sort_by(&v, 99, false), -1);
		assert_int_equal(v.sort_col, 1);
		view_free(&v);
	}
	snapshot_free(s);
}

/* ---- filtering ------------------------------------------------------------- */

static void test_filter(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	char err[256] = "";
	kd_view v;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	assert_int_equal(view_set_filter(&v, "^logs-[0-9]+$", err, sizeof(err)), 0);
	assert_int_equal(v.n_vis, 2);
	assert_string_equal(view_filter(&v), "^logs-[0-9]+$");
	/* case-insensitive */
	assert_int_equal(view_set_filter(&v, "ORDERS", err, sizeof(err)), 0);
	assert_int_equal(v.n_vis, 1);
	assert_string_equal(key(&v, 0), "orders");
	/* any cell matches: "1-2" is the RF of payments */
	assert_int_equal(view_set_filter(&v, "^1-2$", err, sizeof(err)), 0);
	assert_int_equal(v.n_vis, 1);
	assert_string_equal(key(&v, 0), "payments");
	/* nothing matches: empty, selection parked */
	assert_int_equal(view_set_filter(&v, "nomatch", err, sizeof(err)), 0);
	assert_int_equal(v.n_vis, 0);
	assert_null(view_selected(&v));
	/* the filter survives an update */
	view_set_filter(&v, "orders", err, sizeof(err));
	{
		kd_snapshot *s2 = cluster(2, "orders-eu", false);
		view_update(&v, s2);
		assert_int_equal(v.n_vis, 2);
		view_invalidate(&v);
		snapshot_free(s2);
	}
	view_update(&v, s);
	/* "" clears */
	assert_int_equal(view_set_filter(&v, "", err, sizeof(err)), 0);
	assert_null(view_filter(&v));
	assert_int_equal(v.n_vis, 5);
	view_free(&v);
	snapshot_free(s);
}

static void test_filter_invalid_changes_nothing(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	char err[256] = "";
	kd_view v;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	assert_int_equal(view_set_filter(&v, "logs", err, sizeof(err)), 0);
	view_end(&v);
	assert_string_equal(view_selected(&v)->key, "logs-10");
	assert_int_equal(view_set_filter(&v, "orders(", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid regular expression 'orders('"));
	assert_string_equal(view_filter(&v), "logs");
	assert_int_equal(v.n_vis, 2);
	assert_string_equal(view_selected(&v)->key, "logs-10");
	assert_int_equal(view_set_filter(&v, "[", err, sizeof(err)), -1);
	assert_int_equal(v.n_vis, 2);
	view_free(&v);
	snapshot_free(s);
}

/* ---- selection ------------------------------------------------------------- */

static void test_selection_follows_row(void **state)
{
	kd_snapshot *s1 = cluster(1, NULL, false);
	kd_snapshot *s2 = cluster(2, "aaa", false);    /* sorts before orders */
	kd_snapshot *s3 = cluster(3, "aaa", true);     /* payments gone */
	kd_view v;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s1);
	assert_string_equal(view_selected(&v)->key, "__consumer_offsets");
	assert_true(view_select_key(&v, "orders"));
	assert_int_equal(v.sel, 3);
	/* a new topic before it: index moves, row stays */
	view_update(&v, s2);
	assert_int_equal(v.n_vis, 6);
	assert_string_equal(view_selected(&v)->key, "orders");
	assert_int_equal(v.sel, 4);
	/* re-sorting keeps it too */
	view_sort_by(&v, view_column(&v, "name"), true);
	assert_string_equal(view_selected(&v)->key, "orders");
	assert_int_equal(v.sel, 1);
	/* the selected row disappears: same position, next row */
	view_sort_by(&v, view_column(&v, "name"), false);
	view_select_key(&v, "payments");
	assert_int_equal(v.sel, 5);
	view_update(&v, s3);
	assert_int_equal(v.n_vis, 5);
	assert_int_equal(v.sel, 4);
	assert_string_equal(view_selected(&v)->key, "orders");
	/* and that row is followed from then on */
	view_update(&v, s2);
	assert_string_equal(view_selected(&v)->key, "orders");
	/* moves clamp */
	view_move(&v, -100);
	assert_int_equal(v.sel, 0);
	view_move(&v, 2);
	assert_string_equal(view_selected(&v)->key, "logs-9");
	view_end(&v);
	assert_int_equal(v.sel, 5);
	view_move(&v, 10);
	assert_int_equal(v.sel, 5);
	view_home(&v);
	assert_string_equal(view_selected(&v)->key, "__consumer_offsets");
	assert_false(view_select_key(&v, "nope"));
	assert_string_equal(view_selected(&v)->key, "__consumer_offsets");
	view_free(&v);
	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
}

static void test_selection_through_filter(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	view_select_key(&v, "orders");
	/* still visible after filtering: stays on it */
	view_set_filter(&v, "o", NULL, 0);
	assert_string_equal(view_selected(&v)->key, "orders");
	/* filtered away entirely and back: comes back to it */
	view_set_filter(&v, "zzz", NULL, 0);
	assert_null(view_selected(&v));
	view_set_filter(&v, NULL, NULL, 0);
	assert_string_equal(view_selected(&v)->key, "orders");
	view_free(&v);
	snapshot_free(s);
}

static void test_no_snapshot(void **state)
{
	kd_view v;
	char buf[64];
	(void)state;

	view_init(&v, &view_brokers, NULL);
	view_update(&v, NULL);
	assert_int_equal(v.n_vis, 0);
	assert_null(view_selected(&v));
	view_move(&v, 1);
	view_end(&v);
	view_scroll(&v, 10);
	assert_int_equal(v.top, 0);
	assert_null(view_open(&v, &(kd_drill){ 0 }));
	view_title(&v, buf, sizeof(buf));
	assert_string_equal(buf, "Brokers");
	view_free(&v);
}

static void test_scroll(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	view_init(&v, &view_partitions, NULL);
	view_update(&v, s);
	view_end(&v);
	view_scroll(&v, 4);
	assert_int_equal(v.top, 4);
	view_move(&v, -6);
	view_scroll(&v, 4);
	assert_int_equal(v.top, 1);
	/* a taller screen shows everything from the top */
	view_scroll(&v, 40);
	assert_int_equal(v.top, 0);
	view_free(&v);
	snapshot_free(s);
}

/* ---- drill-down ------------------------------------------------------------ */

static void test_drill_topic(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	const kd_view_source *to;
	kd_drill d;
	kd_view topics, parts;
	char title[128];
	(void)state;

	view_init(&topics, &view_topics, NULL);
	view_update(&topics, s);
	view_select_key(&topics, "orders");
	to = view_open(&topics, &d);
	assert_ptr_equal(to, &view_partitions);
	assert_int_equal(d.kind, KD_DRILL_TOPIC);
	assert_string_equal(d.topic, "orders");

	view_init(&parts, to, &d);
	view_update(&parts, s);
	assert_int_equal(parts.n_vis, 3);
	for (int i = 0; i < parts.n_vis; i++)
		assert_string_equal(text(&parts, i, "topic"), "orders");
	view_title(&parts, title, sizeof(title));
	assert_string_equal(title, "Partitions of topic orders");
	/* partitions lead nowhere (yet) */
	assert_null(view_open(&parts, &d));
	view_free(&parts);
	view_free(&topics);
	snapshot_free(s);
}

static void test_drill_broker(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	const kd_view_source *to;
	kd_drill d;
	kd_view brokers, parts;
	char title[128];
	(void)state;

	view_init(&brokers, &view_brokers, NULL);
	view_update(&brokers, s);
	view_select_key(&brokers, "3");
	to = view_open(&brokers, &d);
	assert_ptr_equal(to, &view_partitions);
	assert_int_equal(d.kind, KD_DRILL_BROKER);
	assert_int_equal(d.broker, 3);

	view_init(&parts, to, &d);
	view_update(&parts, s);
	/* broker 3 holds a replica of the three orders partitions only */
	assert_int_equal(parts.n_vis, 3);
	assert_string_equal(key(&parts, 0), "orders/0");
	assert_string_equal(key(&parts, 2), "orders/2");
	view_title(&parts, title, sizeof(title));
	assert_string_equal(title, "Partitions with a replica on broker 3");
	view_free(&parts);

	/* broker 2: orders (3) + payments/0 */
	view_select_key(&brokers, "2");
	assert_non_null(view_open(&brokers, &d));
	view_init(&parts, &view_partitions, &d);
	view_update(&parts, s);
	assert_int_equal(parts.n_vis, 4);
	assert_string_equal(key(&parts, 3), "payments/0");
	view_free(&parts);
	view_free(&brokers);
	snapshot_free(s);
}

static void test_update_same_snapshot(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	const kd_row *before;
	(void)state;

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	before = v.vis[0];
	view_update(&v, s);
	assert_ptr_equal(v.vis[0], before);
	view_invalidate(&v);
	assert_int_equal(v.n_vis, 0);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 5);
	view_free(&v);
	snapshot_free(s);
}

/* ---- racks, trends, n/a and silent brokers ------------------------------------ */

static void test_group_by_rack(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	int rack;
	kd_view v;
	(void)state;

	/* broker 1 and 3 in rack-b, 2 in rack-a */
	s->brokers[0].rack = "rack-b";
	s->brokers[1].rack = "rack-a";
	s->brokers[2].rack = "rack-b";
	view_init(&v, &view_brokers, NULL);
	view_update(&v, s);
	rack = view_column(&v, "rack");
	assert_int_equal(v.group_col, -1);
	assert_false(view_group_start(&v, 0));
	assert_int_equal(view_group_by(&v, rack), 0);
	assert_string_equal(key(&v, 0), "2");
	assert_string_equal(key(&v, 1), "1");
	assert_string_equal(key(&v, 2), "3");
	assert_true(view_group_start(&v, 0));
	assert_true(view_group_start(&v, 1));
	assert_false(view_group_start(&v, 2));
	/* inside a group the sort column still orders: id descending */
	view_sort_by(&v, view_column(&v, "id"), true);
	assert_string_equal(key(&v, 0), "2");
	assert_string_equal(key(&v, 1), "3");
	assert_string_equal(key(&v, 2), "1");
	/* grouping survives an update and can be ended */
	view_invalidate(&v);
	view_update(&v, s);
	assert_string_equal(key(&v, 1), "3");
	assert_int_equal(view_group_by(&v, 99), -1);
	assert_int_equal(v.group_col, rack);
	assert_int_equal(view_group_by(&v, -1), 0);
	assert_string_equal(key(&v, 0), "3");
	assert_string_equal(key(&v, 2), "1");
	view_free(&v);
	snapshot_free(s);
}

static void test_trend_cells(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	int c;
	kd_view v;
	(void)state;

	s->brokers[0].msgs_history = (kd_history){ 3, { 1, 2, 30 } };
	s->brokers[1].msgs_history = (kd_history){ 2, { 50, 5 } };
	view_init(&v, &view_brokers, NULL);
	view_update(&v, s);
	c = view_column(&v, "msgs_trend");
	assert_true(c >= 0);
	assert_int_equal(view_brokers.columns[c].type, KD_COL_SPARK);
	assert_ptr_equal(v.vis[0]->cells[c].hist, &s->brokers[0].msgs_history);
	assert_false(view_cell_unknown(&v.vis[0]->cells[c]));
	/* no history yet: unknown, sorts last */
	assert_true(view_cell_unknown(&v.vis[2]->cells[c]));
	/* sorts by the newest value */
	view_sort_by(&v, c, true);
	assert_string_equal(key(&v, 0), "1");
	assert_string_equal(key(&v, 1), "2");
	assert_string_equal(key(&v, 2), "3");
	view_free(&v);

	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	assert_true(view_column(&v, "msgs_trend") >= 0);
	view_free(&v);
	snapshot_free(s);
}

static void test_na_and_no_answer(void **state)
{
	kd_snapshot *s = cluster(1, NULL, false);
	kd_view v;
	(void)state;

	/* brokers 1 and 2 lack DescribeLogDirs; 2 stopped answering */
	s->brokers[0].na |= KD_NA_LOGDIRS;
	s->brokers[1].na |= KD_NA_LOGDIRS;
	s->brokers[0].responsive = true;
	view_init(&v, &view_brokers, NULL);
	view_update(&v, s);
	assert_string_equal(text(&v, 0, "log_bytes"), "n/a");
	assert_string_equal(text(&v, 0, "disk_usable"), "n/a");
	assert_string_equal(text(&v, 0, "bytes_in_rate"), "n/a");
	assert_true(view_cell_unknown(&v.vis[0]->cells[view_column(&v, "log_bytes")]));
	assert_string_equal(text(&v, 0, "status"), "up");
	assert_string_equal(text(&v, 1, "status"), "no answer");
	assert_true(v.vis[1]->flags & KD_ROW_UNRESPONSIVE);
	assert_true(v.vis[1]->flags & KD_ROW_PROBLEM);
	/* down wins over silent; a broker with log dirs but no size yet: - */
	assert_string_equal(text(&v, 2, "status"), "down");
	assert_false(v.vis[2]->flags & KD_ROW_UNRESPONSIVE);
	assert_string_equal(text(&v, 2, "log_bytes"), "-");
	view_free(&v);

	/* every broker that is up lacks log dirs: topic sizes are n/a */
	assert_true(view_logdirs_na(s));
	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	assert_string_equal(text(&v, 0, "size"), "n/a");
	assert_string_equal(text(&v, 0, "bytes_rate"), "n/a");
	view_free(&v);
	view_init(&v, &view_partitions, NULL);
	view_update(&v, s);
	assert_string_equal(text(&v, 0, "size"), "n/a");
	view_free(&v);

	/* one broker up with log dirs: sizes are just not measured yet */
	s->brokers[1].na = 0;
	assert_false(view_logdirs_na(s));
	view_init(&v, &view_topics, NULL);
	view_update(&v, s);
	assert_string_equal(text(&v, 0, "size"), "-");
	view_free(&v);

	/* nobody asked the brokers (librdkafka alone): not "no answer" */
	s->brokers[0].responsive = false;
	view_init(&v, &view_brokers, NULL);
	view_update(&v, s);
	assert_string_equal(text(&v, 1, "status"), "up");
	assert_false(v.vis[1]->flags & KD_ROW_UNRESPONSIVE);
	view_free(&v);
	snapshot_free(s);
}

/* ---- formatting ------------------------------------------------------------ */

static void test_format(void **state)
{
	char b[32];
	(void)state;

	assert_string_equal(view_fmt_count(b, sizeof(b), KD_UNKNOWN), "-");
	assert_string_equal(view_fmt_count(b, sizeof(b), 0), "0");
	assert_string_equal(view_fmt_count(b, sizeof(b), 9999), "9999");
	assert_string_equal(view_fmt_count(b, sizeof(b), 12345), "12.3k");
	assert_string_equal(view_fmt_count(b, sizeof(b), 999999), "1.0M");
	assert_string_equal(view_fmt_count(b, sizeof(b), 250000000), "250M");
	assert_string_equal(view_fmt_rate(b, sizeof(b), KD_UNKNOWN), "-");
	assert_string_equal(view_fmt_rate(b, sizeof(b), 0), "0");
	assert_string_equal(view_fmt_rate(b, sizeof(b), 0.25), "0.2");
	assert_string_equal(view_fmt_rate(b, sizeof(b), 42.4), "42");
	assert_string_equal(view_fmt_rate(b, sizeof(b), 1500), "1.5k");
	assert_string_equal(view_fmt_bytes(b, sizeof(b), KD_UNKNOWN), "-");
	assert_string_equal(view_fmt_bytes(b, sizeof(b), 512), "512B");
	assert_string_equal(view_fmt_bytes(b, sizeof(b), 1536), "1.5K");
	assert_string_equal(view_fmt_bytes(b, sizeof(b), 1048575), "1.0M");
	assert_string_equal(view_fmt_bytes(b, sizeof(b), 300LL << 30), "300G");
	assert_string_equal(view_fmt_age(b, sizeof(b), 2400), "2s");
	assert_string_equal(view_fmt_age(b, sizeof(b), 125000), "2m");
	assert_string_equal(view_fmt_age(b, sizeof(b), 7200000), "2h");
	assert_string_equal(view_fmt_age(b, sizeof(b), 3LL * 86400000), "3d");
	/* integers as "%lld" writes them, cut to the buffer */
	const int64_t ints[] = { 0, 7, -5, 1234567, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		char want[32];
		snprintf(want, sizeof(want), "%lld", (long long)ints[i]);
		assert_string_equal(view_fmt_int(b, sizeof(b), ints[i]), want);
	}
	assert_string_equal(view_fmt_int(b, 4, 123456), "123");
	/* broker id lists */
	const int32_t ids[] = { 100, 200, 300 };
	assert_string_equal(view_fmt_ids(b, sizeof(b), ids, 0), "");
	assert_string_equal(view_fmt_ids(b, sizeof(b), ids, 1), "100");
	assert_string_equal(view_fmt_ids(b, sizeof(b), ids, 3), "100,200,300");
	assert_string_equal(view_fmt_ids(b, 12, ids, 3), "100,200,300");
	assert_string_equal(view_fmt_ids(b, 11, ids, 3), "100,200...");
	assert_string_equal(view_fmt_ids(b, 8, ids, 3), "100,...");
	assert_string_equal(view_fmt_ids(b, 6, ids, 3), "10...");
}

static void test_sparkline(void **state)
{
	kd_history h = { 5, { 0, 1, 2, KD_UNKNOWN, 4 } };
	char b[128];
	(void)state;

	assert_int_equal(view_sparkline(b, sizeof(b), &h, 10, false), 5);
	assert_string_equal(b, "_,= #");
	assert_int_equal(view_sparkline(b, sizeof(b), &h, 2, false), 2);
	assert_string_equal(b, " #");
	assert_int_equal(view_sparkline(b, sizeof(b), &h, 10, true), 5);
	assert_string_equal(b, "\xe2\x96\x81\xe2\x96\x83\xe2\x96\x85 \xe2\x96\x88");
	/* a buffer too small stops cleanly */
	assert_int_equal(view_sparkline(b, 5, &h, 10, true), 1);
	assert_string_equal(b, "\xe2\x96\x81");
	/* all zero: a flat baseline, not nothing */
	h = (kd_history){ 3, { 0, 0, 0 } };
	assert_int_equal(view_sparkline(b, sizeof(b), &h, 10, false), 3);
	assert_string_equal(b, "___");
	h.n = 0;
	assert_int_equal(view_sparkline(b, sizeof(b), &h, 10, false), 0);
	assert_string_equal(b, "");
}

/* ---- large tables: the radix path sorts as cmp_rows would ---------------- */

enum { BIG_ROWS = 9000, BIG_NUM, BIG_TEXT };
enum { BC_NUM, BC_TEXT, BC_IDS, BC_N };
static const kd_column big_columns[BC_N] = {
	[BC_NUM] = { "num", "NUM", KD_COL_NUM, 3, 10, 0, false },
	[BC_TEXT] = { "text", "TEXT", KD_COL_STR, 4, 20, 0, false },
	[BC_IDS] = { "ids", "IDS", KD_COL_STR, 4, 20, 0, false },
};
static double big_num[BIG_ROWS];
static char big_text[BIG_ROWS][16];
static char big_ids[BIG_ROWS][40];       /* broker id lists: "3,1,2" */
static bool big_unknown[BIG_ROWS];

static void build_big(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)s;
	(void)d;
	for (int i = 0; i < BIG_ROWS; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", i);
		kd_row *r = view_add_row(v, key);
		if (!big_unknown[i]) {
			char t[32];
			snprintf(t, sizeof(t), "%g", big_num[i]);
			view_cell_num(v, r, BC_NUM, big_num[i], t);
			view_cell_text(v, r, BC_TEXT, big_text[i]);
			view_cell_text(v, r, BC_IDS, big_ids[i]);
		}
	}
}

static const kd_view_source view_big = {
	.name = "big", .title = "Big", .n_columns = BC_N, .columns = big_columns,
	.default_sort = BC_NUM, .build = build_big,
};

/* The order cmp_rows defines: known before unknown, by value (strverscmp
 * for text), ties by build order (the row key's number). */
static int ref_col, ref_desc;
static int ref_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b, c = 0;
	if (big_unknown[x] != big_unknown[y])
		return big_unknown[x] ? 1 : -1;
	if (!big_unknown[x]) {
		c = ref_col == BC_NUM ? (big_num[x] > big_num[y]) - (big_num[x] < big_num[y])
		    : ref_col == BC_TEXT ? strverscmp(big_text[x], big_text[y])
					 : strverscmp(big_ids[x], big_ids[y]);
		if (ref_desc)
			c = -c;
	}
	return c ? c : (x > y) - (x < y);
}

/* The rows shown are in the order cmp_rows defines for (col, desc). */
static void check_big_order(const kd_view *v, int col, int desc, const char *how)
{
	static int want[BIG_ROWS];
	for (int i = 0; i < BIG_ROWS; i++)
		want[i] = i;
	ref_col = col;
	ref_desc = desc;
	qsort(want, BIG_ROWS, sizeof(*want), ref_cmp);
	assert_int_equal(v->n_vis, BIG_ROWS);
	for (int i = 0; i < BIG_ROWS; i++)
		if (atoi(v->vis[i]->key) != want[i])
			fail_msg("%s: column %d desc %d: row %d is %s (%s), want %d (%s)", how, col,
				 desc, i, v->vis[i]->key, big_ids[atoi(v->vis[i]->key)], want[i],
				 big_ids[want[i]]);
}

/* A broker id list as the views write one: up to five ids (five do not
 * fit the packed key), 0 to 12 or, rarely, large ones. */
static void random_ids(char *buf, size_t len, unsigned *seed, bool large)
{
	int n = (int)(rand_r(seed) % 5), used = 0;
	buf[0] = '\0';
	for (int k = 0; k < n; k++) {
		unsigned id = large && rand_r(seed) % 3 == 0 ? 65530 + rand_r(seed) % 8
							      : rand_r(seed) % 13;
		used += snprintf(buf + used, len - (size_t)used, "%s%u", k ? "," : "", id);
	}
}

static void test_sort_large_tables(void **state)
{
	(void)state;
	kd_snapshot *s = snapshot_new();
	unsigned seed = 7;
	/* duplicates, negatives, zero and -0, version-like texts, unknowns */
	for (int i = 0; i < BIG_ROWS; i++) {
		big_num[i] = (double)((int)(rand_r(&seed) % 200) - 100) / 4.0;
		if (i % 97 == 0)
			big_num[i] = -0.0;
		snprintf(big_text[i], sizeof(big_text[i]), "t%u-p%u", rand_r(&seed) % 50,
			 rand_r(&seed) % 12);
		random_ids(big_ids[i], sizeof(big_ids[i]), &seed, false);
		big_unknown[i] = rand_r(&seed) % 23 == 0;
	}
	kd_view v;
	/* id lists of at most four small ids sort by packed keys; one list
	 * of five, then ids past 65533, send the column back to ranking */
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			snprintf(big_ids[4321], sizeof(big_ids[4321]), "1,2,3,4,5");
		if (round == 2)
			for (int i = 0; i < BIG_ROWS; i++)
				random_ids(big_ids[i], sizeof(big_ids[i]), &seed, true);
		view_init(&v, &view_big, NULL);
		view_update(&v, s);
		for (int col = 0; col < BC_N; col++)
			for (int desc = 0; desc < 2; desc++) {
				assert_int_equal(view_sort_by(&v, col, desc), 0);
				check_big_order(&v, col, desc, "sort");
				/* inverting reverses in one pass, ties in build order */
				view_sort_invert(&v);
				assert_int_equal(v.sort_desc, !desc);
				check_big_order(&v, col, !desc, "invert");
				view_sort_invert(&v);
				check_big_order(&v, col, desc, "invert twice");
			}
		view_free(&v);
	}
	view_init(&v, &view_big, NULL);
	view_update(&v, s);
	/* a literal filter finds what the regex finds, ignoring case */
	assert_int_equal(view_set_filter(&v, "T7-P1", NULL, 0), 0);
	int lit = v.n_vis;
	assert_int_equal(view_set_filter(&v, "t7-p1[0-9]?", NULL, 0), 0);
	assert_true(lit > 0);
	assert_int_equal(v.n_vis, lit);
	/* the required-text shortcut keeps exactly the rows regexec keeps,
	 * and a sort under a filter keeps the same rows */
	static const char *const patterns[] = {
		"t7-p1[0-9]?", "^T1", "p1$", "t3-p(1|2)$", "t(7)-p", "t7+-p", "t7{1}-p1",
		"t[0-9]-p1", "^t4.-p\\d", "-p1\n?t", "1,2", "^1,2$", "t1\\b", "(t1|t2)-p3",
		"t1-p3|T2-p1", "^t1|p1$", "t1|", "t3(-p1|-p2)|,2,",
	};
	for (size_t k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++) {
		regex_t re;
		int want = 0;
		assert_int_equal(regcomp(&re, patterns[k], REG_EXTENDED | REG_ICASE | REG_NOSUB |
					 REG_NEWLINE), 0);
		for (int i = 0; i < BIG_ROWS; i++) {
			char t[128] = "-\n-\n-\n";
			if (!big_unknown[i]) {
				size_t u = (size_t)snprintf(t, sizeof(t), "%g\n", big_num[i]);
				u += strlen(strcat(strcpy(t + u, big_text[i]), "\n"));
				strcat(strcpy(t + u, big_ids[i]), "\n");
			}
			want += regexec(&re, t, 0, NULL, 0) == 0;
		}
		regfree(&re);
		assert_int_equal(view_set_filter(&v, patterns[k], NULL, 0), 0);
		if (v.n_vis != want)
			fail_msg("filter '%s' (%d required texts, '%s'): %d rows, regexec %d",
				 patterns[k], v.n_lits, v.n_lits ? v.lits[0] : "", v.n_vis, want);
		view_sort_by(&v, BC_IDS, true);
		view_sort_invert(&v);
		assert_int_equal(v.n_vis, want);
	}
	view_free(&v);
	snapshot_free(s);
}

/* ---- a view rebuilt off the UI thread ------------------------------------ */

static int released[4];                 /* per snapshot index */
static kd_snapshot *job_snaps[4];

static void count_release(void *owner, const kd_snapshot *s)
{
	assert_ptr_equal(owner, released);
	for (int i = 0; i < 4; i++)
		if (job_snaps[i] == s)
			released[i]++;
}

static kd_view *wait_take(kd_view_job *j, const kd_snapshot **s, uint64_t *seq)
{
	void *owner = NULL;
	for (int tries = 0; tries < 500; tries++) {
		struct pollfd p = { .fd = view_job_fd(j), .events = POLLIN };
		poll(&p, 1, 20);
		kd_view *b = view_job_take(j, s, &owner, seq);
		if (b) {
			assert_ptr_equal(owner, released);
			return b;
		}
	}
	return NULL;
}

/* Two views show the same rows in the same order with the same selection. */
static void assert_same_view(const kd_view *a, const kd_view *b)
{
	assert_int_equal(a->n_vis, b->n_vis);
	for (int i = 0; i < a->n_vis; i++)
		assert_string_equal(a->vis[i]->key, b->vis[i]->key);
	assert_int_equal(a->sel, b->sel);
}

static void test_view_job(void **state)
{
	(void)state;
	unsigned seed = 11;
	for (int i = 0; i < BIG_ROWS; i++) {
		big_num[i] = (double)(rand_r(&seed) % 500);
		snprintf(big_text[i], sizeof(big_text[i]), "t%u-p%u", rand_r(&seed) % 50,
			 rand_r(&seed) % 12);
		random_ids(big_ids[i], sizeof(big_ids[i]), &seed, false);
		big_unknown[i] = rand_r(&seed) % 31 == 0;
	}
	memset(released, 0, sizeof(released));
	for (int i = 0; i < 4; i++) {
		job_snaps[i] = snapshot_new();
		job_snaps[i]->seq = (uint64_t)i + 1;
	}
	kd_view_job *j = view_job_new(count_release);
	assert_non_null(j);
	kd_view v, want;
	view_init(&v, &view_big, NULL);
	view_update(&v, job_snaps[0]);
	assert_int_equal(view_sort_by(&v, BC_TEXT, true), 0);
	assert_int_equal(view_set_filter(&v, "t7", NULL, 0), 0);
	view_move(&v, 5);
	const char *sel = view_selected(&v)->key;
	char sel_key[32];
	snprintf(sel_key, sizeof(sel_key), "%s", sel);

	/* built from snapshot 1 with v's settings; v keeps its rows meanwhile */
	const kd_snapshot *got;
	uint64_t seq, want_seq = view_job_start(j, &v, job_snaps[1], released);
	kd_view *b = wait_take(j, &got, &seq);
	assert_non_null(b);
	assert_ptr_equal(got, job_snaps[1]);
	assert_int_equal(seq, want_seq);
	assert_ptr_equal(b->snap, job_snaps[1]);
	assert_ptr_equal(v.snap, job_snaps[0]);
	/* the operator sorted by another column and cleared the filter while
	 * it was built: adopting keeps that, and the selected row */
	assert_int_equal(view_sort_by(&v, BC_NUM, false), 0);
	assert_int_equal(view_set_filter(&v, "", NULL, 0), 0);
	assert_true(view_select_key(&v, sel_key));
	view_adopt(&v, b);
	assert_ptr_equal(v.snap, job_snaps[1]);
	view_init(&want, &view_big, NULL);
	assert_int_equal(view_sort_by(&want, BC_NUM, false), 0);
	view_update(&want, job_snaps[1]);
	assert_true(view_select_key(&want, sel_key));
	assert_same_view(&v, &want);
	assert_string_equal(view_selected(&v)->key, sel_key);
	view_free(&want);
	assert_int_equal(released[1], 0);   /* it came back with the view */

	/* a request made while another waits or builds supersedes it: only
	 * the newest is taken, every other snapshot goes back once */
	view_job_start(j, &v, job_snaps[2], released);
	want_seq = view_job_start(j, &v, job_snaps[3], released);
	b = wait_take(j, &got, &seq);
	assert_non_null(b);
	assert_int_equal(seq, want_seq);
	assert_ptr_equal(got, job_snaps[3]);
	assert_int_equal(released[2], 1);
	assert_int_equal(released[3], 0);
	view_adopt(&v, b);
	view_init(&want, &view_big, NULL);
	assert_int_equal(view_sort_by(&want, BC_NUM, false), 0);
	view_update(&want, job_snaps[3]);
	assert_true(view_select_key(&want, sel_key));
	assert_same_view(&v, &want);
	view_free(&want);

	/* cancel: the snapshot is back before it returns, nothing to take */
	view_job_start(j, &v, job_snaps[0], released);
	view_job_cancel(j);
	assert_int_equal(released[0], 1);
	assert_null(view_job_take(j, &got, &(void *){NULL}, &seq));
	/* freeing with a request under way gives it back too */
	view_job_start(j, &v, job_snaps[0], released);
	view_job_free(j);
	assert_int_equal(released[0], 2);
	assert_int_equal(released[1] + released[2] + released[3], 1);
	view_free(&v);
	for (int i = 0; i < 4; i++)
		snapshot_free(job_snaps[i]);
}

static void test_regex_required_literal(void **state)
{
	(void)state;
	static const struct { const char *re, *lit; } cases[] = {
		{ "orders", "orders" },
		{ "sim\\.0012[0-9]", "sim.0012" },
		{ "^payments-", "payments-" },
		{ "a|orders", "" },                    /* alternation: nothing is sure */
		{ "(x|y)orders", "orders" },            /* a group is no text, '|' and all */
		{ "[|]orders", "orders" },             /* '|' in brackets is a character */
		{ "ab*cdef", "cdef" },                 /* b may be absent: ends the run */
		{ "abc+de", "ab" },
		{ "ab?cd", "cd" },
		{ "xy{2,3}z", "x" },                   /* the interval's digits are no text */
		{ "a[]x]bcd", "bcd" },
		{ "a[^]x]bcd", "bcd" },
		{ "q[[:digit:]]rst", "rst" },
		{ "(abc)de", "de" },
		{ "(a(b)c)+d", "d" },
		{ "\\wabc\\bdefg", "defg" },           /* GNU escapes are operators */
		{ "a\\1bc", "bc" },
		{ "x\\(y\\)z", "x(y)z" },
		{ "caf\xc3\xa9s", "caf" },             /* multibyte ends a run */
		{ ".*", "" },
		{ "", "" },
		{ "[abc", "" },                         /* unbalanced */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];
		size_t n = regex_required_literal(cases[i].re, buf, sizeof(buf));
		if (strcmp(buf, cases[i].lit) || n != strlen(cases[i].lit))
			fail_msg("'%s': '%s', want '%s'", cases[i].re, buf, cases[i].lit);
	}
	char small[4];
	assert_int_equal(regex_required_literal("abcdef", small, sizeof(small)), 3);
	assert_string_equal(small, "abc");

	/* top-level alternation: one text per branch, or none at all */
	static const struct { const char *re; int n; const char *lit[4]; } alts[] = {
		{ "orders|pay-[0-9]", 2, { "orders", "pay-" } },
		{ "xx(a|b)y|zz", 2, { "xx", "zz" } },
		{ "x[0-9]+", 0, { NULL } },             /* one character: not worth a search */
		{ "[|]ab|cd", 2, { "ab", "cd" } },
		{ "a|", 0, { NULL } },                  /* the empty branch matches all */
		{ "ab|.*", 0, { NULL } },
		{ "a|b|c|d|e", 0, { NULL } },           /* more branches than kept */
		{ "only", 1, { "only" } },
		{ "(a|b)", 0, { NULL } },
	};
	for (size_t i = 0; i < sizeof(alts) / sizeof(alts[0]); i++) {
		char lits[4][REGEX_LIT_LEN];
		int n = regex_required_literals(alts[i].re, lits, 4);
		if (n != alts[i].n)
			fail_msg("'%s': %d texts, want %d", alts[i].re, n, alts[i].n);
		for (int k = 0; k < n; k++)
			assert_string_equal(lits[k], alts[i].lit[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brokers_table),
		cmocka_unit_test(test_topics_table),
		cmocka_unit_test(test_partitions_table),
		cmocka_unit_test(test_sort_numeric_not_textual),
		cmocka_unit_test(test_sort_strings_and_ties),
		cmocka_unit_test(test_sort_rates_unknown_last),
		cmocka_unit_test(test_sort_every_column_and_step),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_filter_invalid_changes_nothing),
		cmocka_unit_test(test_selection_follows_row),
		cmocka_unit_test(test_selection_through_filter),
		cmocka_unit_test(test_no_snapshot),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_drill_topic),
		cmocka_unit_test(test_drill_broker),
		cmocka_unit_test(test_update_same_snapshot),
		cmocka_unit_test(test_group_by_rack),
		cmocka_unit_test(test_trend_cells),
		cmocka_unit_test(test_na_and_no_answer),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_sparkline),
		cmocka_unit_test(test_sort_large_tables),
		cmocka_unit_test(test_regex_required_literal),
		cmocka_unit_test(test_view_job),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
