/*
 * test_change.c: the change pipeline (src/change/change.h) with a fake
 * kind of change, no network: the gate refuses read-only options before
 * any planning, refuses an apply whose fresh plan differs from the
 * confirmed one (and sends nothing), runs every step of a multi-step
 * change in order, and the preview renders as an aligned table.
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

#include "change.h"
#include "groups_admin.h"

/* The fake cluster: an offset that "moves" between plans when asked. */
static struct {
	int plans, applied[8], n_applied;
	int64_t offset;
	bool member_joined;
	int steps;
} fake;

static int fake_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	(void)pool;
	(void)err;
	(void)errlen;
	fake.plans++;
	change_title(c, "Reset the offsets of group %s", (const char *)c->spec);
	change_summary(c, "group %s: %s", (const char *)c->spec,
		       fake.member_joined ? "Stable, 1 member" : "Empty, 0 members");
	static const char *const cols[] = { "TOPIC", "PART", "NEW" };
	change_columns(c, 3, cols);
	char off[24];
	snprintf(off, sizeof(off), "%lld", (long long)fake.offset);
	const char *row[] = { "orders", "0", off };
	change_row(c, row);
	const char *row2[] = { "a-much-longer-topic", "11", NULL };
	change_row(c, row2);
	change_note(c, "one note");
	if (fake.member_joined)
		change_refuse(c, "group %s is Stable with 1 member", (const char *)c->spec);
	change_request(c, "OffsetCommit to broker 1: group %s", (const char *)c->spec);
	change_request(c, "  orders/0 = %lld", (long long)fake.offset);
	c->n_steps = fake.steps;
	return 0;
}

static int fake_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	(void)c;
	(void)pool;
	(void)err;
	(void)errlen;
	fake.applied[fake.n_applied++] = step;
	return 0;
}

static const void *copy(kd_arena *a, const void *spec)
{
	return arena_strdup(a, spec);
}

static const kd_change_ops fake_ops = {
	.name = "fake", .kind = GATE_GROUP_OFFSETS, .spec_copy = copy,
	.plan = fake_plan, .apply = fake_apply,
};

static int setup(void **state)
{
	kd_options *o = calloc(1, sizeof(*o));
	memset(&fake, 0, sizeof(fake));
	fake.offset = 5;
	fake.steps = 1;
	*state = o;
	o->timeout_ms = 1000;
	return 0;
}

static int teardown(void **state)
{
	options_free(*state);
	free(*state);
	return 0;
}

static wire_pool *pool_of(kd_options *o)
{
	char err[256];
	return wire_pool_new("127.0.0.1:1", o, err, sizeof(err));
}

static void test_applies_what_was_confirmed(void **state)
{
	kd_options *o = *state;
	wire_pool *pool = pool_of(o);
	kd_change c;
	char err[512] = "";
	unsigned passed = gate_passed();

	assert_int_equal(change_plan(&c, &fake_ops, "g", pool, err, sizeof(err)), 0);
	fake.steps = 3;          /* a multi-step change: every step, in order */
	assert_int_equal(change_apply(o, &c, pool, NULL, NULL, err, sizeof(err)), 0);
	assert_int_equal(fake.plans, 2);            /* planned again before sending */
	assert_int_equal(fake.n_applied, 3);
	assert_int_equal(fake.applied[2], 2);
	assert_int_equal(gate_passed(), passed + 1);
	change_free(&c);
	wire_pool_free(pool);
}

static void test_refuses_a_changed_plan(void **state)
{
	kd_options *o = *state;
	wire_pool *pool = pool_of(o);
	kd_change c;
	char err[512] = "";
	unsigned refused = gate_refused();

	assert_int_equal(change_plan(&c, &fake_ops, "g", pool, err, sizeof(err)), 0);
	fake.offset = 9;         /* the log moved between preview and apply */
	assert_int_equal(change_apply(o, &c, pool, NULL, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "refusing to reset group offsets: the plan changed since the "
			    "preview (previewed:   orders/0 = 5; now:   orders/0 = 9); nothing was "
			    "sent: preview it again");
	assert_int_equal(fake.n_applied, 0);
	assert_int_equal(gate_refused(), refused + 1);

	/* a consumer joined: the fresh plan's refusal is the answer */
	fake.offset = 5;
	fake.member_joined = true;
	assert_int_equal(change_apply(o, &c, pool, NULL, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "group g is Stable with 1 member");
	assert_int_equal(fake.n_applied, 0);
	change_free(&c);
	wire_pool_free(pool);
}

static void test_read_only_refuses_before_reading(void **state)
{
	kd_options *o = *state;
	wire_pool *pool = pool_of(o);
	kd_change c;
	char err[512] = "";

	assert_int_equal(change_plan(&c, &fake_ops, "g", pool, err, sizeof(err)), 0);
	options_set_read_only(o, "context ro is read-only");
	options_set_read_only(o, "a later reason");         /* the first one stays */
	assert_int_equal(change_apply(o, &c, pool, NULL, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "read-only mode: refusing to reset group offsets (context ro "
			    "is read-only; nothing was sent)");
	assert_int_equal(fake.plans, 1);
	assert_int_equal(fake.n_applied, 0);
	/* copies keep it */
	kd_options copy;
	options_copy(&copy, o);
	assert_int_equal(gate_allowed(&copy, GATE_GROUP_DELETE, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "refusing to delete a group (context ro is read-only"));
	options_free(&copy);
	change_free(&c);
	wire_pool_free(pool);
}

static void test_preview_text(void **state)
{
	kd_options *o = *state;
	wire_pool *pool = pool_of(o);
	kd_change c;
	char err[512] = "", fp1[17], fp2[17];

	assert_int_equal(change_plan(&c, &fake_ops, "g", pool, err, sizeof(err)), 0);
	char *t = change_text(&c);
	assert_string_equal(t, "Reset the offsets of group g\n"
			    "group g: Empty, 0 members\n"
			    "TOPIC                PART  NEW\n"
			    "orders               0     5\n"
			    "a-much-longer-topic  11    \n"
			    "note: one note\n");
	free(t);
	change_fingerprint(&c, fp1);
	change_free(&c);
	fake.offset = 6;
	assert_int_equal(change_plan(&c, &fake_ops, "g", pool, err, sizeof(err)), 0);
	change_fingerprint(&c, fp2);
	assert_string_not_equal(fp1, fp2);
	assert_int_equal(strlen(fp1), 16);
	change_free(&c);
	wire_pool_free(pool);
}

/* What an offset reset should do, parsed (groups_admin.h). */
static void test_reset_parse(void **state)
{
	(void)state;
	char err[256], buf[64];
	groups_reset_spec sp = { "g", "t", -1, GROUPS_TO_EARLIEST, 0 };
	assert_int_equal(groups_reset_parse(&sp, "offset", "42", 0, err, sizeof(err)), 0);
	assert_int_equal(sp.how, GROUPS_TO_OFFSET);
	assert_int_equal(sp.value, 42);
	assert_int_equal(groups_reset_parse(&sp, "shift", "-10", 0, err, sizeof(err)), 0);
	assert_int_equal(sp.how, GROUPS_SHIFT_BY);
	assert_int_equal(sp.value, -10);
	groups_reset_describe(&sp, buf, sizeof(buf));
	assert_string_equal(buf, "by -10");
	assert_int_equal(groups_reset_parse(&sp, "datetime", "2026-11-25T01:30:00Z", 0,
					    err, sizeof(err)), 0);
	assert_int_equal(sp.how, GROUPS_TO_DATETIME);
	assert_int_equal(sp.value, 1795570200000LL);
	assert_int_equal(groups_reset_parse(&sp, "datetime", "2h", 10000000, err, sizeof(err)), 0);
	assert_int_equal(sp.value, 10000000 - 7200000);
	/* bad values change nothing */
	assert_int_equal(groups_reset_parse(&sp, "offset", "-1", 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "offset '-1'"));
	assert_int_equal(groups_reset_parse(&sp, "offset", "12x", 0, err, sizeof(err)), -1);
	assert_int_equal(groups_reset_parse(&sp, "datetime", "2026-02-30", 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ISO-8601"));
	assert_int_equal(groups_reset_parse(&sp, "sideways", NULL, 0, err, sizeof(err)), -1);
	assert_int_equal(sp.how, GROUPS_TO_DATETIME);
	assert_int_equal(sp.value, 10000000 - 7200000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_applies_what_was_confirmed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_a_changed_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_refuses_before_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview_text, setup, teardown),
		cmocka_unit_test(test_reset_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
