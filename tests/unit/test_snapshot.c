/* test_snapshot.c: building snapshots from metadata. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fixtures.h"
#include "snapshot.h"

static const fx_topic two_topics[] = {
	{"orders", 3, 3, 0},
	{"__consumer_offsets", 2, 3, 0},
};

static void test_builds_sorted_topics_and_brokers(void **state)
{
	(void)state;
	kd_snapshot *s = fx_snapshot(3, NULL, 0, two_topics, 2, NULL, 0);
	snapshot_finish(s);

	assert_string_equal(s->cluster_id, "fixture-cluster");
	assert_int_equal(s->n_brokers, 3);
	assert_int_equal(s->brokers_up, 3);
	assert_int_equal(s->n_topics, 2);
	assert_string_equal(s->topics[0].name, "__consumer_offsets");
	assert_true(s->topics[0].internal);
	assert_string_equal(s->topics[1].name, "orders");
	assert_false(s->topics[1].internal);
	assert_int_equal(s->n_partitions, 5);
	assert_int_equal(s->under_replicated, 0);
	assert_true(s->brokers[0].is_controller);
	/* orders p1 replicates on 2,3,1 and is led by 2 */
	const kd_partition *p = snapshot_partition(s, "orders", 1);
	assert_non_null(p);
	assert_int_equal(p->leader, 2);
	assert_int_equal(p->n_replicas, 3);
	assert_int_equal(p->replicas[0], 2);
	assert_int_equal(p->replicas[2], 1);
	assert_int_equal(p->n_offline, 0);
	/* leaders: p0->1, p1->2, p2->3 (orders); p0->1, p1->2 (offsets) */
	assert_int_equal(snapshot_broker(s, 1)->leaders, 2);
	assert_int_equal(snapshot_broker(s, 3)->leaders, 1);
	assert_int_equal(snapshot_broker(s, 3)->replicas, 5);
	assert_string_equal(snapshot_broker(s, 2)->host, "broker2.example");
	assert_int_equal(snapshot_broker(s, 2)->port, 9092);
	snapshot_free(s);
}

static void test_fenced_broker_is_down_not_forgotten(void **state)
{
	(void)state;
	const int32_t down[] = {2};
	kd_snapshot *before = fx_snapshot(3, NULL, 0, two_topics, 2, NULL, 0);
	snapshot_finish(before);
	kd_snapshot *s = fx_snapshot(3, down, 1, two_topics, 2, before, 1000);
	snapshot_finish(s);

	assert_int_equal(s->n_brokers, 3);
	assert_int_equal(s->brokers_up, 2);
	const kd_broker *b = snapshot_broker(s, 2);
	assert_non_null(b);
	assert_false(b->up);
	/* last known address kept from the earlier snapshot */
	assert_string_equal(b->host, "broker2.example");
	assert_int_equal(b->port, 9092);
	/* every partition has a replica on broker 2 (RF 3 of 3) */
	assert_int_equal(s->under_replicated, 5);
	const kd_partition *p = snapshot_partition(s, "orders", 0);
	assert_int_equal(p->n_offline, 1);
	assert_int_equal(p->offline[0], 2);
	snapshot_free(before);
	snapshot_free(s);
}

static void test_down_broker_named_only_by_replicas(void **state)
{
	(void)state;
	const int32_t down[] = {3};
	/* no earlier snapshot: broker 3 is known only from replica lists */
	kd_snapshot *s = fx_snapshot(3, down, 1, two_topics, 1, NULL, 0);
	snapshot_finish(s);
	const kd_broker *b = snapshot_broker(s, 3);
	assert_non_null(b);
	assert_false(b->up);
	assert_string_equal(b->host, "");
	assert_int_equal(s->brokers_up, 2);
	snapshot_free(s);
}

static void test_offline_partition(void **state)
{
	(void)state;
	const int32_t down[] = {1};
	const fx_topic t[] = {{"single", 3, 1, 0}};
	kd_snapshot *s = fx_snapshot(3, down, 1, t, 1, NULL, 0);
	snapshot_finish(s);
	/* p0 lives only on broker 1: no leader */
	const kd_partition *p = snapshot_partition(s, "single", 0);
	assert_int_equal(p->leader, -1);
	assert_true(kd_partition_offline(p));
	assert_int_equal(s->offline, 1);
	assert_int_equal(s->topics[0].offline, 1);
	/* offline is not counted as under-replicated */
	assert_int_equal(s->under_replicated, 0);
	snapshot_free(s);
}

static void test_watermarks_and_messages(void **state)
{
	(void)state;
	kd_snapshot *s = fx_snapshot(3, NULL, 0, two_topics, 2, NULL, 0);
	snapshot_set_watermarks(s, "orders", 0, 10, 110);
	snapshot_set_watermarks(s, "orders", 2, 0, 5);
	snapshot_set_watermarks(s, "no-such-topic", 0, 0, 5);
	snapshot_set_watermarks(s, "orders", 9, 0, 5);
	snapshot_finish(s);
	const kd_topic *t = snapshot_topic(s, "orders");
	assert_int_equal(t->messages, 105);
	assert_int_equal(t->partitions[1].high, KD_UNKNOWN);
	assert_int_equal(t->partitions[0].low, 10);
	snapshot_free(s);
}

static void test_errors_accumulate(void **state)
{
	(void)state;
	kd_snapshot *s = snapshot_new();
	snapshot_add_error(s, "metadata: %s", "timed out");
	snapshot_add_error(s, "offsets from broker %d: %s", 2, "refused");
	assert_int_equal(s->n_errors, 2);
	assert_string_equal(s->errors[0], "metadata: timed out");
	assert_string_equal(s->errors[1], "offsets from broker 2: refused");
	assert_null(snapshot_topic(s, "x"));
	assert_null(snapshot_broker(s, 1));
	snapshot_free(s);
}

/* Sizes a broker reports are summed without overflow. */
static void test_saturating_sums(void **state)
{
	(void)state;
	assert_int_equal(kd_sat_add(1, 2), 3);
	assert_int_equal(kd_sat_add(INT64_MAX - 1, 5), INT64_MAX);
	assert_int_equal(kd_sat_add(INT64_MAX, INT64_MAX), INT64_MAX);
	assert_int_equal(kd_sat_add(7, -3), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builds_sorted_topics_and_brokers),
		cmocka_unit_test(test_fenced_broker_is_down_not_forgotten),
		cmocka_unit_test(test_down_broker_named_only_by_replicas),
		cmocka_unit_test(test_offline_partition),
		cmocka_unit_test(test_watermarks_and_messages),
		cmocka_unit_test(test_errors_accumulate),
		cmocka_unit_test(test_saturating_sums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
