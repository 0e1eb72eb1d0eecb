/* test_view_replicas.c: the replica lag and quorum tables built from
 * snapshots with known replica states and voters: which followers count
 * as behind, what each cell says, the default order, sorting by every
 * column, the empty and n/a lines. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "snapshot.h"
#include "view.h"

#define T0 1700000000000LL       /* taken_ms of the fixtures */

static const int32_t r123[] = { 1, 2, 3 }, r231[] = { 2, 3, 1 }, r21[] = { 2, 1 };
static const int32_t r12[] = { 1, 2 }, r3[] = { 3 }, r14[] = { 1, 4 }, r1[] = { 1 };

/* Brokers 1-3 listed (3 will stop answering); 4 is gone from metadata
 * but still named by a replica list, so it is kept as down. */
static const kd_meta_broker brokers[] = {
	{ 1, "kafka-1", 9092, "zone-a" },
	{ 2, "kafka-2", 9092, "zone-b" },
	{ 3, "kafka-3", 9092, "zone-c" },
};

static const kd_meta_partition orders_parts[] = {
	{ 0, 1, 3, 0, 3, 3, 0, r123, r123, NULL },
	{ 1, 2, 3, 0, 3, 2, 0, r231, r21, NULL },   /* 3 left the ISR */
	{ 2, 1, 3, 0, 3, 3, 0, r123, r123, NULL },
};
static const kd_meta_partition quiet_parts[] = {
	{ 0, 1, 1, 0, 2, 2, 0, r12, r12, NULL },
};
static const kd_meta_partition offline_parts[] = {
	{ 0, -1, 1, 0, 1, 1, 0, r3, r3, NULL },
};
static const kd_meta_partition gone_parts[] = {
	{ 0, 1, 1, 0, 2, 1, 0, r14, r1, NULL },
};

/* A replica state; lag -1 means not measured. */
static kd_replica_state rs(int32_t broker, int64_t leo, int64_t lag, int64_t lag_bytes,
			   bool in_isr, bool stale, int64_t out_ms)
{
	kd_replica_state r = { broker, KD_UNKNOWN, leo, lag, lag_bytes, in_isr, stale, out_ms };
	return r;
}

static void set_states(kd_snapshot *s, const char *topic, int32_t part,
		       const kd_replica_state *st, int n)
{
	kd_topic *t = snapshot_topic_mut(s, topic);
	kd_replica_state *copy;

	assert_non_null(t);
	for (int i = 0; i < t->n_partitions; i++) {
		kd_partition *p = &t->partitions[i];
		if (p->id != part)
			continue;
		assert_int_equal(p->n_replicas, n);
		copy = arena_calloc(&s->arena, (size_t)n, sizeof(*copy));
		memcpy(copy, st, (size_t)n * sizeof(*copy));
		p->rstate = copy;
		return;
	}
	fail_msg("no partition %s/%d", topic, (int)part);
}

static kd_snapshot *lagging_cluster(void)
{
	kd_meta_topic topics[] = {
		{ "gone", NULL, 0, false, 1, gone_parts },
		{ "offline", NULL, 0, false, 1, offline_parts },
		{ "orders", NULL, 0, false, 3, orders_parts },
		{ "quiet", NULL, 0, false, 1, quiet_parts },
	};
	kd_metadata md = { "c1", 1, 3, brokers, 4, topics };
	kd_snapshot *s = snapshot_new();

	s->seq = 1;
	s->taken_ms = T0;
	snapshot_set_metadata(s, &md, NULL);
	snapshot_finish(s);
	s->connected = true;
	for (int i = 0; i < s->n_brokers; i++)
		s->brokers[i].responsive = s->brokers[i].up && s->brokers[i].id != 3;
	{
		kd_replica_state o0[] = {
			rs(1, 1000, 0, 0, true, false, KD_UNKNOWN),
			rs(2, 1000, 0, 0, true, false, KD_UNKNOWN),
			/* broker 3 went silent: last known LEO, lag growing */
			rs(3, 900, 100, 1000, true, true, KD_UNKNOWN),
		};
		kd_replica_state o1[] = {
			rs(2, 500, 0, 0, true, false, KD_UNKNOWN),
			rs(3, 200, 300, KD_UNKNOWN, false, true, T0 - 12000),
			rs(1, 490, 10, KD_UNKNOWN, true, false, KD_UNKNOWN),
		};
		kd_replica_state o2[] = {
			rs(1, 70, 0, KD_UNKNOWN, true, false, KD_UNKNOWN),
			/* not measured while broker 2 answers: not behind */
			rs(2, KD_UNKNOWN, KD_UNKNOWN, KD_UNKNOWN, true, true, KD_UNKNOWN),
			rs(3, KD_UNKNOWN, KD_UNKNOWN, KD_UNKNOWN, true, true, KD_UNKNOWN),
		};
		kd_replica_state q0[] = {
			rs(1, 5, 0, KD_UNKNOWN, true, false, KD_UNKNOWN),
			rs(2, 5, 0, KD_UNKNOWN, true, false, KD_UNKNOWN),
		};
		kd_replica_state off0[] = {
			rs(3, KD_UNKNOWN, KD_UNKNOWN, KD_UNKNOWN, true, true, KD_UNKNOWN),
		};
		kd_replica_state g0[] = {
			rs(1, 9, 0, KD_UNKNOWN, true, false, KD_UNKNOWN),
			rs(4, KD_UNKNOWN, KD_UNKNOWN, KD_UNKNOWN, false, true, T0 - 125000),
		};
		set_states(s, "orders", 0, o0, 3);
		set_states(s, "orders", 1, o1, 3);
		set_states(s, "orders", 2, o2, 3);
		set_states(s, "quiet", 0, q0, 2);
		set_states(s, "offline", 0, off0, 1);
		set_states(s, "gone", 0, g0, 2);
	}
	return s;
}

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

/* ---- replicas ---------------------------------------------------------------- */

static void test_replicas_rows(void **state)
{
	kd_snapshot *s = lagging_cluster();
	kd_view v;
	char buf[128];
	(void)state;

	view_init(&v, &view_replicas, NULL);
	view_update(&v, s);
	/* default: lag, largest first; unmeasured ones last in build order */
	assert_int_equal(v.n_vis, 6);
	assert_string_equal(key(&v, 0), "orders/1/3");
	assert_string_equal(key(&v, 1), "orders/0/3");
	assert_string_equal(key(&v, 2), "orders/1/1");
	assert_string_equal(key(&v, 3), "gone/0/4");
	assert_string_equal(key(&v, 4), "offline/0/3");
	assert_string_equal(key(&v, 5), "orders/2/3");
	assert_true(v.sort_desc);
	assert_int_equal(v.sort_col, view_column(&v, "lag"));

	/* out of the ISR for 12s, its broker silent: last known values */
	assert_string_equal(text(&v, 0, "topic"), "orders");
	assert_string_equal(text(&v, 0, "partition"), "1");
	assert_string_equal(text(&v, 0, "broker"), "3");
	assert_string_equal(text(&v, 0, "rack"), "zone-c");
	assert_string_equal(text(&v, 0, "leader"), "2");
	assert_string_equal(text(&v, 0, "lag"), "300");
	assert_string_equal(text(&v, 0, "lag_bytes"), "-");
	assert_string_equal(text(&v, 0, "isr"), "out 12s");
	assert_string_equal(text(&v, 0, "state"), "stale");
	assert_true(v.vis[0]->flags & KD_ROW_UNDER_REPLICATED);
	assert_true(v.vis[0]->flags & KD_ROW_UNRESPONSIVE);
	assert_true(v.vis[0]->flags & KD_ROW_LAGGING);

	/* in the ISR but 100 behind */
	assert_string_equal(text(&v, 1, "lag"), "100");
	assert_string_equal(text(&v, 1, "lag_bytes"), "1000B");
	assert_string_equal(text(&v, 1, "isr"), "in");
	assert_string_equal(text(&v, 1, "leader"), "1");
	assert_false(v.vis[1]->flags & KD_ROW_UNDER_REPLICATED);

	/* a live follower a little behind */
	assert_string_equal(text(&v, 2, "broker"), "1");
	assert_string_equal(text(&v, 2, "rack"), "zone-a");
	assert_string_equal(text(&v, 2, "state"), "live");
	assert_int_equal(v.vis[2]->flags & KD_ROW_PROBLEM, 0);
	assert_true(v.vis[2]->flags & KD_ROW_LAGGING);

	/* broker 4 is down: rack unknown, out of the ISR for 2 minutes */
	assert_string_equal(text(&v, 3, "rack"), "-");
	assert_string_equal(text(&v, 3, "lag"), "-");
	assert_string_equal(text(&v, 3, "isr"), "out 2m");
	assert_string_equal(text(&v, 3, "state"), "down");
	assert_true(v.vis[3]->flags & KD_ROW_DOWN);

	/* an offline partition: no leader, its only replica silent */
	assert_string_equal(text(&v, 4, "leader"), "none");
	assert_string_equal(text(&v, 4, "state"), "stale");

	/* Enter on a replica: the partitions of its topic */
	view_select_key(&v, "orders/0/3");
	{
		kd_drill d;
		assert_ptr_equal(view_open(&v, &d), &view_partitions);
		assert_int_equal(d.kind, KD_DRILL_TOPIC);
		assert_string_equal(d.topic, "orders");
	}
	view_title(&v, buf, sizeof(buf));
	assert_string_equal(buf, "Replicas");
	view_free(&v);
	snapshot_free(s);
}

static void test_replicas_sort_every_column(void **state)
{
	kd_snapshot *s = lagging_cluster();
	kd_view v;
	(void)state;

	view_init(&v, &view_replicas, NULL);
	view_update(&v, s);
	for (int c = 0; c < view_replicas.n_columns; c++)
		for (int desc = 0; desc < 2; desc++) {
			assert_int_equal(view_sort_by(&v, c, desc), 0);
			assert_int_equal(v.n_vis, 6);
			for (int i = 1; i < v.n_vis; i++) {
				const kd_cell *a = &v.vis[i - 1]->cells[c];
				const kd_cell *b = &v.vis[i]->cells[c];
				assert_false(view_cell_unknown(a) && !view_cell_unknown(b));
				if (view_cell_unknown(a) || view_cell_unknown(b))
					continue;
				if (view_replicas.columns[c].type == KD_COL_NUM)
					assert_true(desc ? a->num >= b->num : a->num <= b->num);
				else
					assert_true(desc ? strverscmp(a->text, b->text) >= 0
							 : strverscmp(a->text, b->text) <= 0);
			}
		}
	/* ISR: in-sync first ascending, then by time out of it */
	view_sort_by(&v, view_column(&v, "isr"), false);
	assert_string_equal(text(&v, 0, "isr"), "in");
	assert_string_equal(text(&v, 4, "isr"), "out 12s");
	assert_string_equal(text(&v, 5, "isr"), "out 2m");
	/* rack: natural order, the unknown rack of the down broker last */
	view_sort_by(&v, view_column(&v, "rack"), false);
	assert_string_equal(text(&v, 0, "rack"), "zone-a");
	assert_string_equal(text(&v, 5, "rack"), "-");
	view_free(&v);
	snapshot_free(s);
}

static void test_replicas_behind_rule(void **state)
{
	kd_snapshot *s = lagging_cluster();
	const kd_partition *p = snapshot_partition(s, "orders", 2);
	(void)state;

	assert_non_null(p);
	/* the leader is never behind */
	assert_false(view_replica_behind(s, p, &p->rstate[0]));
	/* unmeasured on a broker that answers: no news, not lag */
	assert_false(view_replica_behind(s, p, &p->rstate[1]));
	/* unmeasured on a broker that went silent: behind */
	assert_true(view_replica_behind(s, p, &p->rstate[2]));
	snapshot_free(s);
}

static void test_replicas_filter_and_drill(void **state)
{
	kd_snapshot *s = lagging_cluster();
	kd_drill d = { .kind = KD_DRILL_BROKER, .broker = 3 };
	kd_view v;
	(void)state;

	view_init(&v, &view_replicas, &d);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 4);
	for (int i = 0; i < v.n_vis; i++)
		assert_string_equal(text(&v, i, "broker"), "3");
	view_free(&v);

	view_init(&v, &view_replicas, NULL);
	view_update(&v, s);
	assert_int_equal(view_set_filter(&v, "^stale$", NULL, 0), 0);
	assert_int_equal(v.n_vis, 4);
	assert_int_equal(view_set_filter(&v, "^out ", NULL, 0), 0);
	assert_int_equal(v.n_vis, 2);
	view_free(&v);
	snapshot_free(s);
}

static void test_replicas_in_sync(void **state)
{
	kd_snapshot *s = lagging_cluster();
	kd_view v;
	char buf[128];
	(void)state;

	/* every broker answers again and the followers caught up */
	for (int t = 0; t < s->n_topics; t++)
		for (int i = 0; i < s->topics[t].n_partitions; i++) {
			kd_partition *p = &s->topics[t].partitions[i];
			kd_replica_state *st = (kd_replica_state *)p->rstate;
			for (int r = 0; r < p->n_replicas; r++) {
				st[r].lag_offsets = 0;
				st[r].in_isr = true;
				st[r].stale = false;
			}
		}
	for (int i = 0; i < s->n_brokers; i++)
		s->brokers[i].responsive = s->brokers[i].up = true;
	view_init(&v, &view_replicas, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 0);
	view_replicas_empty(s, buf, sizeof(buf));
	assert_string_equal(buf, "all replicas in sync");

	/* followers that could not be measured are counted, not hidden:
	 * orders/2 has two followers (2 and 3), both unmeasured now */
	{
		kd_partition *p = (kd_partition *)snapshot_partition(s, "orders", 2);
		kd_replica_state *st = (kd_replica_state *)p->rstate;
		st[1].lag_offsets = st[2].lag_offsets = KD_UNKNOWN;
		st[1].stale = st[2].stale = true;
	}
	view_invalidate(&v);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 0);
	/* followers: gone 1, offline 1 (no leader), orders 3 x 2, quiet 1 */
	view_replicas_empty(s, buf, sizeof(buf));
	assert_string_equal(buf, "all replicas in sync; lag not measured for 2 of 9 followers");
	view_free(&v);
	snapshot_free(s);
}

/* ---- quorum ------------------------------------------------------------------ */

static kd_snapshot *with_quorum(kd_snapshot *s)
{
	kd_voter *vs = arena_calloc(&s->arena, 5, sizeof(*vs));

	vs[0] = (kd_voter){ 1, 1240, T0, T0, false };
	vs[1] = (kd_voter){ 2, 1234, T0 - 2000, T0 - 2500, false };
	vs[2] = (kd_voter){ 3, 1100, T0 - 65000, T0 - 70000, false };
	vs[3] = (kd_voter){ 4, 1240, T0 - 1000, T0 - 1000, true };
	vs[4] = (kd_voter){ 5, KD_UNKNOWN, KD_UNKNOWN, KD_UNKNOWN, true };
	s->quorum = (kd_quorum){ true, 1, 7, 1234, 5, vs };
	return s;
}

static void test_quorum_rows(void **state)
{
	kd_snapshot *s = with_quorum(lagging_cluster());
	kd_view v;
	char buf[128];
	(void)state;

	assert_true(view_quorum_summary(s, buf, sizeof(buf)));
	assert_string_equal(buf, "leader 1  epoch 7  high watermark 1234  voters 3  observers 2");
	view_init(&v, &view_quorum, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 5);
	assert_string_equal(text(&v, 0, "id"), "1");
	assert_string_equal(text(&v, 0, "role"), "leader");
	assert_true(v.vis[0]->flags & KD_ROW_CONTROLLER);
	assert_string_equal(text(&v, 0, "lag"), "0");
	assert_string_equal(text(&v, 0, "last_fetch"), "0s ago");
	assert_string_equal(text(&v, 1, "role"), "voter");
	assert_string_equal(text(&v, 1, "log_end_offset"), "1234");
	assert_string_equal(text(&v, 1, "lag"), "6");
	assert_string_equal(text(&v, 1, "hw_lag"), "0");
	assert_string_equal(text(&v, 1, "last_fetch"), "2s ago");
	assert_string_equal(text(&v, 1, "last_caught_up"), "2s ago");
	assert_true(v.vis[1]->flags & KD_ROW_LAGGING);
	assert_string_equal(text(&v, 2, "lag"), "140");
	assert_string_equal(text(&v, 2, "hw_lag"), "134");
	assert_string_equal(text(&v, 2, "last_fetch"), "1m ago");
	assert_string_equal(text(&v, 3, "role"), "observer");
	assert_string_equal(text(&v, 3, "lag"), "0");
	assert_string_equal(text(&v, 4, "log_end_offset"), "-");
	assert_string_equal(text(&v, 4, "lag"), "-");
	assert_string_equal(text(&v, 4, "last_fetch"), "-");
	/* by last contact, the stalest first; unknown last */
	view_sort_by(&v, view_column(&v, "last_fetch"), true);
	assert_string_equal(text(&v, 0, "id"), "3");
	assert_string_equal(text(&v, 4, "id"), "5");
	view_free(&v);
	snapshot_free(s);
}

static void test_quorum_na(void **state)
{
	kd_snapshot *s = with_quorum(lagging_cluster());
	kd_view v;
	char buf[128];
	(void)state;

	s->na |= KD_NA_QUORUM;
	assert_false(view_quorum_summary(s, buf, sizeof(buf)));
	assert_string_equal(buf, "quorum: n/a on this cluster");
	view_init(&v, &view_quorum, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 0);
	view_free(&v);

	s->na = 0;
	s->quorum.known = false;
	assert_false(view_quorum_summary(s, buf, sizeof(buf)));
	assert_string_equal(buf, "quorum: n/a on this cluster");
	assert_false(view_quorum_summary(NULL, buf, sizeof(buf)));
	snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replicas_rows),
		cmocka_unit_test(test_replicas_sort_every_column),
		cmocka_unit_test(test_replicas_behind_rule),
		cmocka_unit_test(test_replicas_filter_and_drill),
		cmocka_unit_test(test_replicas_in_sync),
		cmocka_unit_test(test_quorum_rows),
		cmocka_unit_test(test_quorum_na),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
