/* test_events.c: events_diff on constructed snapshots: each kind fires on
 * its change and only then, in the ring newest first, bounded per poll. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"
#include "fixtures.h"

static kd_snapshot *snap(int n_brokers, const int32_t *down, int n_down, const fx_topic *t,
			 int nt, const kd_snapshot *prev, int64_t ms)
{
	kd_snapshot *s = fx_snapshot(n_brokers, down, n_down, t, nt, prev, ms);
	s->connected = true;
	s->taken_ms = 1700000000000 + ms;
	snapshot_finish(s);
	return s;
}

/* The snapshot's events (after a diff), as "kind text" lines, newest first. */
static kd_snapshot *diff(const kd_snapshot *prev, kd_snapshot *cur, kd_event_ring *r)
{
	events_diff(prev, cur, r);
	events_ring_to_snapshot(r, cur);
	return cur;
}

static int count_kind(const kd_snapshot *s, kd_event_kind k)
{
	int n = 0;
	for (int i = 0; i < s->n_events; i++)
		n += s->events[i].kind == k;
	return n;
}

static const kd_event *find(const kd_snapshot *s, kd_event_kind k, const char *text)
{
	for (int i = 0; i < s->n_events; i++)
		if (s->events[i].kind == k && (!text || !strcmp(s->events[i].text, text)))
			return &s->events[i];
	return NULL;
}

static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < KD_EV_N; k++) {
		assert_non_null(events_kind_name((kd_event_kind)k));
		assert_int_equal(events_kind_from_name(events_kind_name((kd_event_kind)k)), k);
	}
	assert_null(events_kind_name(KD_EV_N));
	assert_int_equal(events_kind_from_name("nope"), -1);
	assert_string_equal(events_severity_name(KD_SEV_CRITICAL), "critical");
	assert_int_equal(events_severity_from_name("warning"), KD_SEV_WARNING);
}

/* broker 2 drops, then comes back: down, ISR shrink, leader moves; then
 * up and ISR expand, stamped with the poll's time */
static void test_broker_down_up(void **state)
{
	(void)state;
	fx_topic t[] = { { "orders", 3, 3, 1 } };
	int32_t down[] = { 2 };
	kd_event_ring *r = events_ring_new();
	kd_snapshot *a = snap(3, NULL, 0, t, 1, NULL, 1000);
	kd_snapshot *b = diff(a, snap(3, down, 1, t, 1, a, 2000), r);

	const kd_event *e = find(b, KD_EV_BROKER_DOWN, NULL);
	assert_non_null(e);
	assert_int_equal(e->broker, 2);
	assert_int_equal(e->severity, KD_SEV_CRITICAL);
	assert_int_equal(e->ms, b->taken_ms);
	assert_string_equal(e->text, "broker 2 down (broker2.example:9092)");
	/* every partition has a replica on 2 */
	assert_int_equal(count_kind(b, KD_EV_ISR_SHRINK), 3);
	assert_non_null(find(b, KD_EV_ISR_SHRINK, "orders-0 ISR 1,2,3 -> 1,3"));
	/* orders-1 was led by 2 */
	assert_non_null(find(b, KD_EV_LEADER, "orders-1 leader 2 -> 3"));
	assert_int_equal(count_kind(b, KD_EV_BROKER_UP), 0);
	assert_int_equal(count_kind(b, KD_EV_ISR_EXPAND), 0);

	kd_snapshot *c = diff(b, snap(3, NULL, 0, t, 1, b, 3000), r);
	assert_non_null(find(c, KD_EV_BROKER_UP, "broker 2 up (broker2.example:9092)"));
	assert_int_equal(count_kind(c, KD_EV_ISR_EXPAND), 3);
	/* newest first: the up came after the down */
	int up = -1, dn = -1;
	for (int i = 0; i < c->n_events; i++) {
		if (c->events[i].kind == KD_EV_BROKER_UP)
			up = i;
		if (c->events[i].kind == KD_EV_BROKER_DOWN)
			dn = i;
	}
	assert_true(up >= 0 && dn > up);
	assert_int_equal(c->events_total, (uint64_t)c->n_events);

	/* nothing changed: nothing new */
	uint64_t total = c->events_total;
	kd_snapshot *d = diff(c, snap(3, NULL, 0, t, 1, c, 4000), r);
	assert_int_equal(d->events_total, total);
	snapshot_free(a);
	snapshot_free(b);
	snapshot_free(c);
	snapshot_free(d);
	events_ring_free(r);
}

static void test_topics(void **state)
{
	(void)state;
	fx_topic t1[] = { { "a", 2, 1, 1 }, { "b", 1, 1, 2 } };
	fx_topic t2[] = { { "a", 4, 1, 1 }, { "c", 1, 1, 3 } };
	kd_event_ring *r = events_ring_new();
	kd_snapshot *a = snap(3, NULL, 0, t1, 2, NULL, 1000);
	kd_snapshot *b = diff(a, snap(3, NULL, 0, t2, 2, a, 2000), r);
	assert_non_null(find(b, KD_EV_TOPIC_DELETED, "topic b deleted (1 partitions)"));
	assert_non_null(find(b, KD_EV_TOPIC_CREATED, "topic c created (1 partitions)"));
	assert_non_null(find(b, KD_EV_PARTITIONS_ADDED, "a partitions 2 -> 4"));
	assert_int_equal(b->n_events, 3);
	snapshot_free(a);
	snapshot_free(b);
	events_ring_free(r);
}

static void test_min_isr_offline(void **state)
{
	(void)state;
	fx_topic t[] = { { "pay", 1, 2, 1 } };
	int32_t d2[] = { 2 }, d12[] = { 1, 2 };
	kd_event_ring *r = events_ring_new();
	kd_snapshot *a = snap(3, NULL, 0, t, 1, NULL, 1000);
	snapshot_topic_mut(a, "pay")->min_isr = 2;
	kd_snapshot *b = snap(3, d2, 1, t, 1, a, 2000);
	snapshot_topic_mut(b, "pay")->min_isr = 2;
	diff(a, b, r);
	const kd_event *e = find(b, KD_EV_UNDER_MIN_ISR, NULL);
	assert_non_null(e);
	assert_string_equal(e->topic, "pay");
	assert_int_equal(e->partition, 0);
	assert_int_equal(e->severity, KD_SEV_CRITICAL);
	kd_snapshot *c = snap(3, d12, 2, t, 1, b, 3000);
	snapshot_topic_mut(c, "pay")->min_isr = 2;
	diff(b, c, r);
	assert_non_null(find(c, KD_EV_OFFLINE, "pay-0 offline (was led by 1)"));
	kd_snapshot *d = snap(3, NULL, 0, t, 1, c, 4000);
	snapshot_topic_mut(d, "pay")->min_isr = 2;
	diff(c, d, r);
	assert_non_null(find(d, KD_EV_ONLINE, "pay-0 online, leader 1"));
	assert_non_null(find(d, KD_EV_MIN_ISR_OK, "pay-0 back to min ISR: 2 in sync"));
	snapshot_free(a);
	snapshot_free(b);
	snapshot_free(c);
	snapshot_free(d);
	events_ring_free(r);
}

/* a poll that did not reach the cluster says nothing; the first poll
 * neither */
static void test_unreachable_and_first(void **state)
{
	(void)state;
	fx_topic t[] = { { "a", 2, 3, 1 } };
	int32_t d3[] = { 1, 2, 3 };
	kd_event_ring *r = events_ring_new();
	kd_snapshot *a = diff(NULL, snap(3, NULL, 0, t, 1, NULL, 1000), r);
	assert_int_equal(a->n_events, 0);
	kd_snapshot *b = snap(3, d3, 3, NULL, 0, a, 2000);
	b->connected = false;
	b->unreachable_since_ms = b->taken_ms;
	diff(a, b, r);
	assert_int_equal(b->n_events, 0);
	snapshot_free(a);
	snapshot_free(b);
	events_ring_free(r);
}

/* 60 partitions lose a replica: 50 lines, then one that counts the rest;
 * the ring keeps at most KD_EVENTS_KEEP */
static void test_bounded(void **state)
{
	(void)state;
	fx_topic t[] = { { "big", 60, 3, 1 } };
	int32_t d2[] = { 2 };
	kd_event_ring *r = events_ring_new();
	kd_snapshot *a = snap(3, NULL, 0, t, 1, NULL, 1000);
	kd_snapshot *b = diff(a, snap(3, d2, 1, t, 1, a, 2000), r);
	assert_int_equal(count_kind(b, KD_EV_ISR_SHRINK), 51);
	assert_non_null(find(b, KD_EV_ISR_SHRINK, "isr-shrink: 10 more this poll"));
	for (int i = 0; i < KD_EVENTS_KEEP + 10; i++) {
		kd_event e = { .ms = i, .kind = KD_EV_LEADER, .partition = -1, .broker = -1,
			       .text = "x" };
		events_ring_add(r, &e);
	}
	events_ring_to_snapshot(r, b);
	assert_int_equal(b->n_events, KD_EVENTS_KEEP);
	assert_int_equal(b->events[0].ms, KD_EVENTS_KEEP + 9);
	snapshot_free(a);
	snapshot_free(b);
	events_ring_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_broker_down_up),
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_min_isr_offline),
		cmocka_unit_test(test_unreachable_and_first),
		cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
