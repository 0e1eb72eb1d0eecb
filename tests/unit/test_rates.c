/* test_rates.c: rates across two snapshots. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixtures.h"
#include "rates.h"

static const fx_topic topics[] = {{"orders", 2, 3, 7}};

static kd_snapshot *with_marks(const fx_topic *t, const kd_snapshot *prev,
			       int64_t mono, int64_t h0, int64_t h1)
{
	kd_snapshot *s = fx_snapshot(3, NULL, 0, t, 1, prev, mono);
	snapshot_set_watermarks(s, t[0].name, 0, 0, h0);
	snapshot_set_watermarks(s, t[0].name, 1, 0, h1);
	rates_compute(s, prev);
	snapshot_finish(s);
	rates_history(s, prev);
	return s;
}

static void test_rate_from_high_watermark_delta(void **state)
{
	(void)state;
	kd_snapshot *a = with_marks(topics, NULL, 10000, 100, 50);
	kd_snapshot *b = with_marks(topics, a, 12000, 300, 50);

	assert_true(a->msgs_rate < 0); /* no earlier poll: unknown */
	assert_int_equal(a->msgs_history.n, 0);
	assert_float_equal(b->topics[0].partitions[0].msgs_rate, 100.0, 1e-9);
	assert_float_equal(b->topics[0].partitions[1].msgs_rate, 0.0, 1e-9);
	assert_float_equal(b->topics[0].msgs_rate, 100.0, 1e-9);
	assert_float_equal(b->msgs_rate, 100.0, 1e-9);
	/* p0 is led by broker 1, p1 by broker 2 */
	assert_float_equal(snapshot_broker(b, 1)->msgs_in_rate, 100.0, 1e-9);
	assert_float_equal(snapshot_broker(b, 2)->msgs_in_rate, 0.0, 1e-9);
	assert_float_equal(snapshot_broker(b, 3)->msgs_in_rate, 0.0, 1e-9);
	assert_int_equal(b->msgs_history.n, 1);
	assert_float_equal(b->msgs_history.v[0], 100.0, 1e-9);
	snapshot_free(a);
	snapshot_free(b);
}

static void test_watermark_went_down(void **state)
{
	(void)state;
	kd_snapshot *a = with_marks(topics, NULL, 0, 500, 500);
	kd_snapshot *b = with_marks(topics, a, 1000, 20, 600);
	/* p0 went 500 -> 20: no negative rate, unknown for this interval */
	assert_true(b->topics[0].partitions[0].msgs_rate < 0);
	assert_float_equal(b->topics[0].partitions[1].msgs_rate, 100.0, 1e-9);
	assert_float_equal(b->topics[0].msgs_rate, 100.0, 1e-9);
	kd_snapshot *c = with_marks(topics, b, 2000, 70, 600);
	assert_float_equal(c->topics[0].partitions[0].msgs_rate, 50.0, 1e-9);
	snapshot_free(a);
	snapshot_free(b);
	snapshot_free(c);
}

static void test_topic_deleted_and_recreated(void **state)
{
	(void)state;
	const fx_topic recreated[] = {{"orders", 2, 3, 9}}; /* another id */
	kd_snapshot *a = with_marks(topics, NULL, 0, 100, 100);
	/* recreated and refilled beyond the old watermarks within one
	 * interval: only the topic id tells it is not the same log */
	kd_snapshot *b = with_marks(recreated, a, 1000, 400, 400);
	assert_true(b->topics[0].partitions[0].msgs_rate < 0);
	assert_true(b->topics[0].msgs_rate < 0);
	assert_true(b->msgs_rate < 0);
	kd_snapshot *c = with_marks(recreated, b, 2000, 410, 400);
	assert_float_equal(c->topics[0].msgs_rate, 10.0, 1e-9);
	snapshot_free(a);
	snapshot_free(b);
	snapshot_free(c);
}

static void test_topic_gone_and_new_partition(void **state)
{
	(void)state;
	const fx_topic more[] = {{"orders", 3, 3, 7}};
	kd_snapshot *a = with_marks(topics, NULL, 0, 0, 0);
	kd_snapshot *b = fx_snapshot(3, NULL, 0, more, 1, a, 1000);
	snapshot_set_watermarks(b, "orders", 0, 0, 10);
	snapshot_set_watermarks(b, "orders", 1, 0, 10);
	snapshot_set_watermarks(b, "orders", 2, 0, 10);
	rates_compute(b, a);
	snapshot_finish(b);
	assert_float_equal(b->topics[0].partitions[1].msgs_rate, 10.0, 1e-9);
	assert_true(b->topics[0].partitions[2].msgs_rate < 0); /* new */
	assert_float_equal(b->topics[0].msgs_rate, 20.0, 1e-9);
	snapshot_free(a);
	snapshot_free(b);
}

static kd_snapshot *with_sizes(const kd_snapshot *prev, int64_t mono, int64_t s0, int64_t s1)
{
	kd_snapshot *s = fx_snapshot(3, NULL, 0, topics, 1, prev, mono);
	s->topics[0].partitions[0].size = s0;
	s->topics[0].partitions[1].size = s1;
	rates_compute(s, prev);
	snapshot_finish(s);
	rates_history(s, prev);
	return s;
}

static void test_bytes_rate_and_histories(void **state)
{
	(void)state;
	kd_snapshot *a = with_sizes(NULL, 0, 1000, 5000);
	kd_snapshot *b = with_sizes(a, 2000, 3000, 4000); /* p1 shrank: retention */
	kd_snapshot *c = with_sizes(b, 4000, 3400, 4200);

	assert_int_equal(b->topics[0].size, 7000);
	assert_float_equal(b->topics[0].partitions[0].bytes_rate, 1000.0, 1e-9);
	assert_true(b->topics[0].partitions[1].bytes_rate < 0);
	assert_float_equal(b->topics[0].bytes_rate, 1000.0, 1e-9);
	assert_float_equal(snapshot_broker(b, 1)->bytes_in_rate, 1000.0, 1e-9);
	assert_float_equal(c->bytes_rate, 300.0, 1e-9);
	/* per topic and per broker histories carry across polls */
	assert_int_equal(c->topics[0].bytes_history.n, 2);
	assert_float_equal(c->topics[0].bytes_history.v[0], 1000.0, 1e-9);
	assert_float_equal(c->topics[0].bytes_history.v[1], 300.0, 1e-9);
	assert_int_equal(snapshot_broker(c, 2)->bytes_history.n, 1);
	assert_float_equal(snapshot_broker(c, 2)->bytes_history.v[0], 100.0, 1e-9);
	snapshot_free(a);
	snapshot_free(b);
	snapshot_free(c);
}

static void test_history_is_bounded(void **state)
{
	(void)state;
	kd_history h = {0};
	for (int i = 0; i < KD_HISTORY + 5; i++)
		history_push(&h, i);
	assert_int_equal(h.n, KD_HISTORY);
	assert_float_equal(h.v[0], 5.0, 1e-9);
	assert_float_equal(h.v[KD_HISTORY - 1], KD_HISTORY + 4, 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_from_high_watermark_delta),
		cmocka_unit_test(test_watermark_went_down),
		cmocka_unit_test(test_topic_deleted_and_recreated),
		cmocka_unit_test(test_topic_gone_and_new_partition),
		cmocka_unit_test(test_bytes_rate_and_histories),
		cmocka_unit_test(test_history_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
