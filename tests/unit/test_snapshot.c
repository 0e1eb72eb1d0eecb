/* test_snapshot.c: building snapshots from metadata. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
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
/* A forged answer: one partition naming 100,000 distinct replicas, 50,000
 * partitions of one topic, several with negative and duplicate ids.  The
 * snapshot stays bounded (brokers that only replica lists name, replicas
 * per partition, errors kept) and builds in n log n (this would take
 * minutes when quadratic). */
static void test_hostile_metadata_bounded(void **state)
{
	(void)state;
	enum { NREP = 100000, NPART = 50000, NTOPIC = 200 };
	static int32_t reps[NREP];
	static kd_meta_partition parts[NPART];
	static kd_meta_topic topics[NTOPIC];
	for (int i = 0; i < NREP; i++)
		reps[i] = NREP - i;
	int32_t one = 1;
	for (int i = 0; i < NPART; i++) {
		parts[i].id = i < 3 ? -1 - i : (i == 10 ? 9 : i);
		parts[i].leader = 1;
		parts[i].n_replicas = parts[i].n_isr = 1;
		parts[i].replicas = parts[i].isr = &one;
	}
	parts[5].n_replicas = NREP;
	parts[5].replicas = reps;
	char names[NTOPIC][16];
	topics[0] = (kd_meta_topic){ .name = "big", .n_partitions = NPART, .partitions = parts };
	for (int t = 1; t < NTOPIC; t++) {
		snprintf(names[t], sizeof(names[t]), "t%03d", t);
		topics[t] = (kd_meta_topic){ .name = names[t], .n_partitions = 3, .partitions = parts };
	}
	kd_meta_broker b = { 1, "127.0.0.1", 9092, NULL };
	kd_metadata md = { "c", 1, 1, &b, NTOPIC, topics };
	kd_snapshot *s = snapshot_new();
	snapshot_set_metadata(s, &md, NULL);
	snapshot_finish(s);

	assert_int_equal(s->n_brokers, 1 + KD_UNLISTED_BROKERS_MAX);
	const kd_topic *big = snapshot_topic(s, "big");
	assert_non_null(big);
	assert_int_equal(big->n_partitions, NPART - 3 - 1);     /* negatives, a duplicate 9 */
	const kd_partition *p5 = snapshot_partition(s, "big", 5);
	assert_non_null(p5);
	assert_int_equal(p5->n_replicas, KD_REPLICAS_MAX);
	assert_non_null(snapshot_partition(s, "big", 49999));
	assert_null(snapshot_partition(s, "big", 10));
	assert_null(snapshot_partition(s, "big", -1));
	assert_true(s->n_errors <= KD_ERRORS_MAX + 1);
	assert_non_null(strstr(s->errors[0], "replica lists name 99999 brokers"));
	assert_non_null(strstr(s->errors[1], "topic big: the broker's metadata is malformed: "
				     "3 negative partition ids and 1 duplicates ignored, "
				     "1 replica lists cut to 256"));
	assert_string_equal(s->errors[s->n_errors - 1], "... more errors not kept");
	snapshot_free(s);
}

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
		cmocka_unit_test(test_hostile_metadata_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
