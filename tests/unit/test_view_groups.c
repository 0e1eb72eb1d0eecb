/*
 * test_view_groups.c: the consumer-group tables without curses: what the
 * Groups pane, a group's pane and a topic's groups show for a snapshot,
 * in which order, and where Enter leads.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "groups_fixtures.h"
#include "view_groups.h"

/* A row's cell by column id. */
static const char *cell(const kd_view *v, const kd_row *r, const char *col)
{
	int c = view_column(v, col);
	assert_true(c >= 0);
	return r->cells[c].text;
}

static const kd_row *row(const kd_view *v, const char *key)
{
	for (int i = 0; i < v->n_vis; i++)
		if (!strcmp(v->vis[i]->key, key))
			return v->vis[i];
	fail_msg("no row %s", key);
	return NULL;
}

/* Three polls: "slow" lags more every poll (WARN), "idle" is Empty with
 * frozen offsets and lag (STALL at the third poll), "ok" keeps up. */
static kd_snapshot *three_polls(groups_poller *gp)
{
	static const int32_t a_parts[] = { 0, 1, -1 }, b_parts[] = { 2, -1 };
	kd_snapshot *prev = NULL;
	for (int i = 0; i < 3; i++) {
		int64_t high[3] = { 100 + 20 * i, 100 + 20 * i, 100 + 20 * i };
		int64_t slow[3] = { 90 + 10 * i, 90 + 10 * i, 90 + 10 * i };
		int64_t idle[3] = { 50, 50, -1 };
		fake_poll f;
		fake_init(&f);
		fake_list(&f, "slow", "Stable");
		fake_list(&f, "idle", "Empty");
		fake_list(&f, "ok", "Stable");
		wire_described_group *d = fake_describe(&f, "slow", "Stable");
		fake_member(&f, d, "m-a", "client-a", a_parts);
		fake_member(&f, d, "m-b", "client-b", b_parts);
		fake_describe(&f, "ok", "Stable");
		fake_fetch(&f, "slow", slow, 3);
		fake_fetch(&f, "idle", idle, 3);
		fake_fetch(&f, "ok", high, 3);
		kd_snapshot *s = fake_snapshot(1000 * (i + 1), high, prev);
		fake_feed(gp, s, &f);
		if (prev)
			snapshot_free(prev);
		prev = s;
		arena_free(&f.a);
	}
	return prev;
}

static void test_groups_table(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	kd_snapshot *s = three_polls(gp);
	kd_view v;
	char title[128];

	view_init(&v, &view_groups, NULL);
	view_update(&v, s);
	assert_int_equal(v.n_vis, 3);
	/* worst status first: STALL, WARN, OK */
	assert_string_equal(v.vis[0]->key, "idle");
	assert_string_equal(v.vis[1]->key, "slow");
	assert_string_equal(v.vis[2]->key, "ok");
	const kd_row *r = row(&v, "slow");
	assert_string_equal(cell(&v, r, "state"), "Stable");
	assert_string_equal(cell(&v, r, "assignor"), "range");
	assert_string_equal(cell(&v, r, "members"), "2");
	assert_string_equal(cell(&v, r, "lag"), "90");
	assert_string_equal(cell(&v, r, "status"), "WARN");
	assert_string_equal(cell(&v, r, "catch_up"), "never");
	assert_int_equal(view_groups_row_status(&view_groups, r), LAG_ST_WARN);
	assert_true(r->flags & KD_ROW_LAGGING);
	assert_int_equal(r->cells[view_column(&v, "lag_trend")].hist->n, 3);
	r = row(&v, "idle");
	assert_string_equal(cell(&v, r, "state"), "Empty");
	assert_string_equal(cell(&v, r, "members"), "0");
	assert_string_equal(cell(&v, r, "lag"), "180");
	assert_string_equal(cell(&v, r, "status"), "STALL");
	assert_string_equal(cell(&v, r, "protocol_type"), "-");
	r = row(&v, "ok");
	assert_string_equal(cell(&v, r, "lag"), "0");
	assert_string_equal(cell(&v, r, "catch_up"), "0s");
	assert_false(r->flags & KD_ROW_LAGGING);

	/* sorting by lag and by name */
	assert_int_equal(view_sort_by(&v, view_column(&v, "lag"), true), 0);
	assert_string_equal(v.vis[0]->key, "idle");
	assert_string_equal(v.vis[2]->key, "ok");
	assert_int_equal(view_sort_by(&v, view_column(&v, "group"), false), 0);
	assert_string_equal(v.vis[0]->key, "idle");
	assert_string_equal(v.vis[1]->key, "ok");

	/* Enter on a group opens its partitions */
	assert_true(view_select_key(&v, "slow"));
	assert_ptr_equal(view_groups_group(&v), groups_find(s->groups, "slow"));
	kd_drill d;
	assert_ptr_equal(view_open(&v, &d), &view_group);
	assert_int_equal(d.kind, KD_DRILL_GROUP);
	assert_string_equal(d.group, "slow");
	view_free(&v);

	view_init(&v, &view_group, &d);
	view_update(&v, s);
	view_title(&v, title, sizeof(title));
	assert_string_equal(title, "Partitions of group slow");
	assert_int_equal(v.n_vis, 3);
	r = row(&v, "orders/2");
	assert_string_equal(cell(&v, r, "client_id"), "client-b");
	assert_string_equal(cell(&v, r, "member_id"), "m-b");
	assert_string_equal(cell(&v, r, "host"), "/10.0.0.1");
	assert_string_equal(cell(&v, r, "committed"), "110");
	assert_string_equal(cell(&v, r, "end"), "140");
	assert_string_equal(cell(&v, r, "lag"), "30");
	assert_string_equal(cell(&v, r, "last_commit"), "0s");
	assert_string_equal(cell(&v, r, "status"), "WARN");
	assert_ptr_equal(view_groups_group(&v), groups_find(s->groups, "slow"));
	assert_null(view_open(&v, &d));
	view_free(&v);

	/* a group that is gone: an empty table, no crash */
	memset(&d, 0, sizeof(d));
	d.kind = KD_DRILL_GROUP;
	snprintf(d.group, sizeof(d.group), "gone");
	view_init(&v, &view_group, &d);
	view_update(&v, s);
	assert_int_equal(v.n_rows, 0);
	assert_null(view_groups_group(&v));
	view_free(&v);

	snapshot_free(s);
	groups_poller_free(gp);
}

static void test_topic_groups(void **state)
{
	(void)state;
	groups_poller *gp = fake_poller(3);
	kd_snapshot *s = three_polls(gp);
	kd_view v;
	kd_drill d;
	char title[128];

	memset(&d, 0, sizeof(d));
	d.kind = KD_DRILL_TOPIC;
	snprintf(d.topic, sizeof(d.topic), "orders");
	view_init(&v, &view_topic_groups, &d);
	view_update(&v, s);
	view_title(&v, title, sizeof(title));
	assert_string_equal(title, "Consumer groups of topic orders");
	assert_int_equal(v.n_vis, 3);
	const kd_row *r = row(&v, "idle");
	assert_string_equal(cell(&v, r, "partitions"), "2");
	assert_string_equal(cell(&v, r, "assigned"), "0");
	assert_string_equal(cell(&v, r, "lag"), "180");
	r = row(&v, "slow");
	assert_string_equal(cell(&v, r, "assigned"), "3");
	assert_string_equal(v.vis[0]->key, "idle");     /* most lag first */
	assert_true(view_select_key(&v, "ok"));
	assert_ptr_equal(view_open(&v, &d), &view_group);
	assert_string_equal(d.group, "ok");
	view_free(&v);

	/* a topic nobody reads */
	memset(&d, 0, sizeof(d));
	d.kind = KD_DRILL_TOPIC;
	snprintf(d.topic, sizeof(d.topic), "pay");
	view_init(&v, &view_topic_groups, &d);
	view_update(&v, s);
	assert_int_equal(v.n_rows, 0);
	view_free(&v);

	/* no groups polled at all */
	kd_snapshot *bare = fake_snapshot(9000, (int64_t[]){ 1, 1, 1 }, NULL);
	view_init(&v, &view_groups, NULL);
	view_update(&v, bare);
	assert_int_equal(v.n_rows, 0);
	view_free(&v);
	snapshot_free(bare);
	snapshot_free(s);
	groups_poller_free(gp);
}

static void test_durations(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(view_fmt_duration(buf, sizeof(buf), 0), "0s");
	assert_string_equal(view_fmt_duration(buf, sizeof(buf), 59.4), "59s");
	assert_string_equal(view_fmt_duration(buf, sizeof(buf), 200), "3m20s");
	assert_string_equal(view_fmt_duration(buf, sizeof(buf), 7500), "2h05m");
	assert_string_equal(view_fmt_duration(buf, sizeof(buf), 90000), "1d01h");
	assert_string_equal(view_fmt_duration(buf, sizeof(buf), -1), "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_table),
		cmocka_unit_test(test_topic_groups),
		cmocka_unit_test(test_durations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
