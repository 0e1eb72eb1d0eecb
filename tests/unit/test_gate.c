/*
 * test_gate.c: the one gate of every change to the cluster (gate.h), and
 * the parsing of what an offset reset should do (groups_admin.h).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gate.h"
#include "groups_admin.h"

static void test_confirmation_required(void **state)
{
	(void)state;
	char err[256];
	const char *plan = "reset offsets of group g: t/0 5->0";
	unsigned passed = gate_passed(), refused = gate_refused();

	/* never previewed and confirmed: refused */
	assert_int_equal(gate_check(GATE_GROUP_OFFSETS, plan, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not previewed and confirmed"));
	assert_non_null(strstr(err, "nothing was sent"));
	/* confirmed: passes, once */
	gate_confirm(GATE_GROUP_OFFSETS, plan);
	assert_int_equal(gate_check(GATE_GROUP_OFFSETS, plan, err, sizeof(err)), 0);
	assert_int_equal(gate_check(GATE_GROUP_OFFSETS, plan, err, sizeof(err)), -1);
	/* another change than the one confirmed, or another kind: refused */
	gate_confirm(GATE_GROUP_OFFSETS, plan);
	assert_int_equal(gate_check(GATE_GROUP_OFFSETS, "reset offsets of group g: t/0 5->1",
				    err, sizeof(err)), -1);
	assert_int_equal(gate_check(GATE_GROUP_DELETE, plan, err, sizeof(err)), -1);
	gate_forget();
	assert_int_equal(gate_check(GATE_GROUP_OFFSETS, plan, err, sizeof(err)), -1);
	assert_int_equal(gate_passed(), passed + 1);
	assert_int_equal(gate_refused(), refused + 5);
	assert_int_equal(gate_allowed(GATE_TOPIC_CREATE, err, sizeof(err)), 0);
}

/* Runs last: read-only is a latch for the rest of the process. */
static void test_read_only_latch(void **state)
{
	(void)state;
	char err[256];
	const char *plan = "delete group g (3 committed offsets)";
	gate_confirm(GATE_GROUP_DELETE, plan);
	gate_set_read_only(true);
	assert_true(gate_read_only());
	assert_int_equal(gate_check(GATE_GROUP_DELETE, plan, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "read-only"));
	assert_non_null(strstr(err, "delete a group"));
	assert_int_equal(gate_allowed(GATE_GROUP_OFFSETS, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--read-only"));
	gate_set_read_only(false);              /* cannot be undone */
	assert_true(gate_read_only());
	gate_confirm(GATE_REASSIGN, "x");
	assert_int_equal(gate_check(GATE_REASSIGN, "x", err, sizeof(err)), -1);
}

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
		cmocka_unit_test(test_confirmation_required),
		cmocka_unit_test(test_reset_parse),
		cmocka_unit_test(test_read_only_latch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
