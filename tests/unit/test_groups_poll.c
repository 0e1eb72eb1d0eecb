/*
 * test_groups_poll.c: the groups poller fed by hand, poll after poll, as
 * groups_poll.c feeds it from the wire: what the snapshot's groups say
 * (states, members and their partitions, lag, statuses, time to catch up),
 * how the windows carry across polls, coordinators that stop answering,
 * groups that vanish, last stable offsets, the per-topic view and JSON.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"
#include "groups_fixtures.h"
#include "groups_json.h"
#include "groups_poll.h"
#include "wire_msgs.h"

/* ---- tests ----------------------------------------------------------- */

/* A Stable group with two members: who owns what, the lag per partition
 * and in total, and an Empty group that keeps its offsets and lag. */
static void test_members_and_lag(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	static const int32_t a_parts[] = { 1, 0, -1 }, b_parts[] = { 2, -1 };
	static const int64_t high[] = { 100, 50, 10 }, live[] = { 90, 50, 4 };
	static const int64_t old[] = { 20, -1, 0 };
	fake_poll f;
	fake_init(&f);
	fake_list(&f, "live", "Stable");
	fake_list(&f, "archive", "Empty");
	wire_described_group *d = fake_describe(&f, "live", "Stable");
	fake_member(&f, d, "m-a", "client-a", a_parts);
	fake_member(&f, d, "m-b", "client-b", b_parts);
	fake_fetch(&f, "live", live, 3);
	fake_fetch(&f, "archive", old, 3);
	kd_snapshot *s = fake_snapshot(1000, high, NULL);
	fake_feed(gp, s, &f);

	const kd_groups *gs = s->groups;
	assert_non_null(gs);
	assert_int_equal(gs->n_groups, 2);
	assert_string_equal(gs->groups[0].id, "archive");     /* sorted */
	const kd_group *g = groups_find(gs, "live");
	assert_non_null(g);
	assert_int_equal(g->st, KD_GROUP_STABLE);
	assert_string_equal(g->protocol, "range");
	assert_int_equal(g->coordinator, 1);
	assert_int_equal(g->n_members, 2);
	assert_int_equal(g->members[0].n_partitions, 2);
	assert_int_equal(g->members[0].topics[0].partitions[0], 0);     /* sorted */
	assert_int_equal(g->n_partitions, 3);
	assert_int_equal(g->n_topics, 1);
	assert_string_equal(g->topics[0], "orders");
	const kd_group_partition *p0 = groups_find_partition(g, "orders", 0);
	const kd_group_partition *p2 = groups_find_partition(g, "orders", 2);
	assert_int_equal(p0->lag, 10);
	assert_int_equal(p0->end, 100);
	assert_int_equal(p2->lag, 6);
	assert_string_equal(groups_member_of(g, p0)->client_id, "client-a");
	assert_string_equal(groups_member_of(g, p2)->member_id, "m-b");
	assert_int_equal(g->eval.lag, 16);
	assert_int_equal(g->eval.status, LAG_ST_NEW);     /* one poll: too early */

	/* Empty: no members, its two committed offsets, lag against the ends */
	const kd_group *e = groups_find(gs, "archive");
	assert_int_equal(e->st, KD_GROUP_EMPTY);
	assert_int_equal(e->n_members, 0);
	assert_int_equal(e->n_partitions, 2);
	assert_int_equal(e->eval.lag, 80 + 10);
	assert_null(groups_find_partition(e, "orders", 1));
	assert_int_equal(groups_find_partition(e, "orders", 0)->member, -1);

	/* the topic's view */
	kd_arena a;
	kd_topic_group *tg;
	arena_init(&a);
	assert_int_equal(groups_of_topic(gs, "orders", &a, &tg), 2);
	assert_string_equal(tg[1].group->id, "live");
	assert_int_equal(tg[1].lag, 16);
	assert_int_equal(tg[1].n_partitions, 3);
	assert_int_equal(tg[1].n_assigned, 3);
	assert_int_equal(tg[0].n_assigned, 0);
	assert_int_equal(groups_of_topic(gs, "pay", &a, &tg), 0);
	arena_free(&a);

	snapshot_free(s);
	arena_free(&f.a);
	groups_poller_free(gp);
}

/* Poll after poll: a slow consumer turns WARN, a frozen one STALL then
 * STOP, a caught-up one stays OK with lag 0; times to catch up follow. */
static void test_statuses_over_polls(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	kd_snapshot *prev = NULL;
	for (int i = 0; i < 5; i++) {
		int64_t t = 1000 + i * 1000;
		int64_t high[3] = { 100 + 20 * i, 100 + 20 * i, 100 + 20 * i };
		int64_t slow[3] = { 90 + 10 * i, 90 + 10 * i, 90 + 10 * i };
		int64_t frozen[3] = { 50, 50, 50 };
		int64_t fast[3] = { high[0], high[1], high[2] };
		fake_poll f;
		fake_init(&f);
		fake_list(&f, "slow", "Stable");
		fake_list(&f, "dead", "Stable");
		fake_list(&f, "fast", "Stable");
		fake_describe(&f, "slow", "Stable");
		fake_describe(&f, "dead", "Stable");
		fake_describe(&f, "fast", "Stable");
		fake_fetch(&f, "slow", slow, 3);
		fake_fetch(&f, "dead", frozen, 3);
		fake_fetch(&f, "fast", fast, 3);
		kd_snapshot *s = fake_snapshot(t, high, prev);
		fake_feed(gp, s, &f);
		const kd_group *slowg = groups_find(s->groups, "slow");
		const kd_group *dead = groups_find(s->groups, "dead");
		const kd_group *fastg = groups_find(s->groups, "fast");
		assert_int_equal(fastg->eval.status, LAG_ST_OK);
		assert_int_equal(fastg->eval.lag, 0);
		assert_true(fastg->eval.eta_s == 0);
		assert_int_equal(slowg->eval.lag, 3 * (10 + 10 * i));
		assert_int_equal(slowg->lag_history.n, i + 1);
		assert_true(slowg->lag_history.v[i] == 30.0 + 30.0 * i);
		if (i >= 2) {
			/* window of 3 polls full: lag grew every poll */
			assert_int_equal(slowg->eval.status, LAG_ST_WARN);
			/* consumed 10/s, produced 20/s per partition */
			assert_true(slowg->eval.eta_s == LAG_ETA_NEVER);
			assert_true(slowg->eval.consume_rate > 29.9 && slowg->eval.consume_rate < 30.1);
			assert_true(slowg->partitions[0].lag_s > 0);
		}
		if (i == 2)
			assert_int_equal(dead->eval.status, LAG_ST_STALL);
		if (i >= 3)
			assert_int_equal(dead->eval.status, LAG_ST_STOP);
		if (i >= 1)
			assert_true(dead->partitions[0].since_commit_ms == i * 1000);
		if (prev)
			snapshot_free(prev);
		prev = s;
		arena_free(&f.a);
	}
	snapshot_free(prev);
	groups_poller_free(gp);
}

/* A consumer faster than the producers: a finite time to catch up. */
static void test_catch_up_time(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	kd_snapshot *prev = NULL;
	for (int i = 0; i < 3; i++) {
		int64_t high[3] = { 1000 + 10 * i, 0, 0 };
		int64_t c[1] = { 100 + 50 * i };
		fake_poll f;
		fake_init(&f);
		fake_list(&f, "catching", "Stable");
		fake_describe(&f, "catching", "Stable");
		fake_fetch(&f, "catching", c, 1);
		kd_snapshot *s = fake_snapshot(1000 * (i + 1), high, prev);
		fake_feed(gp, s, &f);
		const kd_group *g = groups_find(s->groups, "catching");
		if (i == 2) {
			/* lag 1020 - 200 = 820 at 50 - 10 = 40 msgs/s */
			assert_int_equal(g->eval.lag, 820);
			assert_true(g->eval.eta_s > 20.49 && g->eval.eta_s < 20.51);
			char buf[32];
			assert_string_equal(groups_eta_text(g->eval.eta_s, buf, sizeof(buf)), "21s");
		}
		if (prev)
			snapshot_free(prev);
		prev = s;
		arena_free(&f.a);
	}
	snapshot_free(prev);
	groups_poller_free(gp);
}

/* A coordinator stops answering: its groups stay, flagged, offsets
 * unknown; after GROUPS_FORGET_POLLS polls they go, windows and all. */
static void test_coordinator_down_and_forget(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(4);
	size_t base = groups_poller_memory(gp);
	static const int64_t high[] = { 10, 10, 10 }, c[] = { 5, 5, 5 };
	fake_poll f;
	fake_init(&f);
	fake_list(&f, "g", "Empty");
	fake_fetch(&f, "g", c, 3);
	kd_snapshot *s = fake_snapshot(1000, high, NULL);
	fake_feed(gp, s, &f);
	assert_int_equal(s->groups->groups[0].eval.lag, 15);
	size_t mem = groups_poller_memory(gp);
	assert_true(mem > 3 * lag_window_bytes(4));
	snapshot_free(s);

	for (int i = 1; i <= GROUPS_FORGET_POLLS + 1; i++) {
		s = fake_snapshot(1000 + i * 1000, high, NULL);
		groups_poller_begin(gp, s);
		groups_poller_list_failed(gp, 1, "connection refused");
		groups_poller_build(gp, s);
		if (i <= GROUPS_FORGET_POLLS) {
			assert_int_equal(s->groups->n_groups, 1);
			const kd_group *g = &s->groups->groups[0];
			assert_non_null(g->error);
			assert_non_null(strstr(g->error, "connection refused"));
			assert_int_equal(g->st, KD_GROUP_UNKNOWN);
			assert_int_equal(g->n_partitions, 3);
			assert_int_equal(g->partitions[0].committed, KD_UNKNOWN);
			assert_int_equal(g->eval.lag, KD_UNKNOWN);
			assert_true(g->lag_history.v[g->lag_history.n - 1] < 0);
		} else {
			assert_int_equal(s->groups->n_groups, 0);
			assert_int_equal(groups_poller_count(gp), 0);
		}
		snapshot_free(s);
	}
	/* every byte of the group is given back */
	assert_int_equal(groups_poller_memory(gp), base);
	arena_free(&f.a);
	groups_poller_free(gp);
}

/* Partitions come and go: windows are carried for the ones that stay. */
static void test_windows_carry(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	static const int64_t high[] = { 100, 100, 100 };
	static const int64_t two[] = { 50, 50, -1 }, three[] = { 50, 60, 70 };
	kd_snapshot *prev = NULL;
	for (int i = 0; i < 3; i++) {
		fake_poll f;
		fake_init(&f);
		fake_list(&f, "g", "Empty");
		fake_fetch(&f, "g", i == 1 ? three : two, 3);
		kd_snapshot *s = fake_snapshot(1000 * (i + 1), high, prev);
		fake_feed(gp, s, &f);
		const kd_group *g = groups_find(s->groups, "g");
		assert_int_equal(g->n_partitions, i == 1 ? 3 : 2);
		/* partition 0 was frozen at 50 through all three polls */
		if (i == 2)
			assert_int_equal(groups_find_partition(g, "orders", 0)->status, LAG_ST_STALL);
		if (prev)
			snapshot_free(prev);
		prev = s;
		arena_free(&f.a);
	}
	snapshot_free(prev);
	groups_poller_free(gp);
}

/* lag.isolation=read_committed: lag against the last stable offsets. */
static void test_stable_offsets(void **state)
{
	(void)state;
	groups_config c;
	char err[256];
	groups_config_default(&c);
	assert_int_equal(groups_config_set(&c, "lag.isolation=read_committed", err, sizeof(err)), 0);
	assert_true(c.stable);
	assert_int_equal(groups_config_set(&c, "isolation=serializable", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "lag.isolation"));
	assert_true(c.stable);
	assert_int_equal(groups_config_set(&c, "lag.nope=1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "lag.isolation"));
	groups_poller *gp = groups_poller_new(&c);
	static const int64_t high[] = { 100, 100, 100 }, cm[] = { 40, -1, -1 };
	fake_poll f;
	fake_init(&f);
	fake_list(&f, "tx", "Empty");
	fake_fetch(&f, "tx", cm, 3);
	kd_snapshot *s = fake_snapshot(1000, high, NULL);
	groups_poller_begin(gp, s);
	groups_poller_listed(gp, 1, &f.list);
	groups_poller_fetched(gp, &f.fetch);
	groups_poller_stable_offset(gp, "orders", 0, 90);
	groups_poller_build(gp, s);
	const kd_group *g = groups_find(s->groups, "tx");
	assert_true(s->groups->stable);
	assert_int_equal(g->partitions[0].end, 90);
	assert_int_equal(g->eval.lag, 50);
	snapshot_free(s);
	arena_free(&f.a);
	groups_poller_free(gp);
}

/* The options' kdeck.lag.* properties (from --lag). */
static void test_config_from_options(void **state)
{
	(void)state;
	kd_options o;
	groups_config c;
	char err[256];
	memset(&o, 0, sizeof(o));
	groups_config_default(&c);
	assert_int_equal(options_add_prop(&o, "kdeck.lag.window=5", err, sizeof(err)), 0);
	assert_int_equal(options_add_prop(&o, "kdeck.lag.allowed=100", err, sizeof(err)), 0);
	assert_int_equal(options_add_prop(&o, "client.id=x", err, sizeof(err)), 0);
	assert_int_equal(groups_config_from_options(&c, &o, err, sizeof(err)), 0);
	assert_int_equal(c.lag.window, 5);
	assert_int_equal(c.lag.allowed, 100);
	assert_int_equal(options_add_prop(&o, "kdeck.lag.window=1", err, sizeof(err)), 0);
	assert_int_equal(groups_config_from_options(&c, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "lag.window"));
	assert_int_equal(c.lag.window, 5);              /* unchanged */
	options_free(&o);
}

static void test_json(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	static const int32_t a_parts[] = { 0, 1, 2, -1 };
	static const int64_t high[] = { 100, 50, 10 }, c[] = { 90, 50, 4 };
	fake_poll f;
	fake_init(&f);
	fake_list(&f, "live", "Stable");
	wire_described_group *d = fake_describe(&f, "live", "Stable");
	fake_member(&f, d, "m-a", "client-a", a_parts);
	fake_fetch(&f, "live", c, 3);
	kd_snapshot *s = fake_snapshot(1000, high, NULL);
	fake_feed(gp, s, &f);
	json_t *j = groups_json(s->groups);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
	json_t *g = json_array_get(json_object_get(j, "groups"), 0);
	assert_string_equal(json_string_value(json_object_get(g, "id")), "live");
	assert_string_equal(json_string_value(json_object_get(g, "state")), "Stable");
	assert_string_equal(json_string_value(json_object_get(g, "assignor")), "range");
	assert_int_equal(json_integer_value(json_object_get(g, "lag")), 16);
	json_t *m = json_array_get(json_object_get(g, "members"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "client_id")), "client-a");
	json_t *p = json_array_get(json_object_get(g, "partitions"), 2);
	assert_int_equal(json_integer_value(json_object_get(p, "committed")), 4);
	assert_int_equal(json_integer_value(json_object_get(p, "lag")), 6);
	assert_string_equal(json_string_value(json_object_get(p, "client_id")), "client-a");
	json_decref(j);
	j = groups_json(NULL);
	assert_true(json_is_null(j));
	json_decref(j);
	snapshot_free(s);
	arena_free(&f.a);
	groups_poller_free(gp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_and_lag),
		cmocka_unit_test(test_statuses_over_polls),
		cmocka_unit_test(test_catch_up_time),
		cmocka_unit_test(test_coordinator_down_and_forget),
		cmocka_unit_test(test_windows_carry),
		cmocka_unit_test(test_stable_offsets),
		cmocka_unit_test(test_config_from_options),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
