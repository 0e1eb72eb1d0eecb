/*
 * test_tail_start.c: every form of a tail start (-o, and the pane's start
 * prompt) and the errors for what is not one.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tail.h"

#define NOW 1795570200000LL      /* 2026-11-25T01:30:00Z */

static kd_tail_spec ok(const char *s)
{
	kd_tail_spec sp = { .from = TAIL_FROM_END, .value = 12345 };
	char err[256] = "";

	if (tail_parse_start(s, NOW, &sp, err, sizeof(err)))
		fail_msg("start <%s> refused: %s", s, err);
	return sp;
}

static void check(const char *s, kd_tail_from from, int64_t value)
{
	kd_tail_spec sp = ok(s);

	if (sp.from != from || sp.value != value)
		fail_msg("start <%s>: got from %d value %lld, want from %d value %lld", s,
			 (int)sp.from, (long long)sp.value, (int)from, (long long)value);
}

/* A start that must be refused, leaving the spec as it was. */
static const char *bad(const char *s)
{
	static char err[256];
	kd_tail_spec sp = { .partition = 7, .from = TAIL_FROM_OFFSET, .value = 99 };

	err[0] = '\0';
	if (tail_parse_start(s, NOW, &sp, err, sizeof(err)) == 0)
		fail_msg("start <%s> accepted (from %d value %lld)", s, (int)sp.from,
			 (long long)sp.value);
	assert_int_equal(sp.from, TAIL_FROM_OFFSET);
	assert_int_equal(sp.value, 99);
	assert_int_equal(sp.partition, 7);
	assert_non_null(strstr(err, s));
	return err;
}

static void test_positions(void **state)
{
	(void)state;
	check("end", TAIL_FROM_END, 0);
	check("beginning", TAIL_FROM_BEGINNING, 0);
	check("-1", TAIL_FROM_LAST, 1);
	check("-100", TAIL_FROM_LAST, 100);
	check("-0", TAIL_FROM_LAST, 0);
	check("0", TAIL_FROM_OFFSET, 0);
	check("42", TAIL_FROM_OFFSET, 42);
	check("9223372036854775807", TAIL_FROM_OFFSET, INT64_MAX);
}

static void test_times(void **state)
{
	(void)state;
	/* milliseconds since the epoch, also as kcat writes them */
	check("@1700000000123", TAIL_FROM_TIME, 1700000000123LL);
	check("s@1700000000123", TAIL_FROM_TIME, 1700000000123LL);
	check("@0", TAIL_FROM_TIME, 0);
	/* ISO 8601 */
	check("@2026-11-25T01:30:00Z", TAIL_FROM_TIME, NOW);
	check("@2026-11-25T01:30:00.250Z", TAIL_FROM_TIME, NOW + 250);
	check("@2026-11-25T01:30:00.5", TAIL_FROM_TIME, NOW + 500);
	check("@2026-11-25T01:30:00.123456Z", TAIL_FROM_TIME, NOW + 123);
	check("@2026-11-25T01:30Z", TAIL_FROM_TIME, NOW);
	check("@2026-11-25 01:30:00", TAIL_FROM_TIME, NOW);
	check("@2026-11-25", TAIL_FROM_TIME, 1795564800000LL);
	check("@2026-11-25T01:30:00+01:00", TAIL_FROM_TIME, 1795566600000LL);
	check("@2026-11-25T01:30:00+0100", TAIL_FROM_TIME, 1795566600000LL);
	check("@2026-11-25T01:30:00-05:30", TAIL_FROM_TIME, 1795590000000LL);
	check("@2024-02-29T12:00:00Z", TAIL_FROM_TIME, 1709208000000LL);
	/* without the @ */
	check("2026-11-25T01:30:00Z", TAIL_FROM_TIME, NOW);
	check("2026-11-25", TAIL_FROM_TIME, 1795564800000LL);
	/* ages */
	check("@10m", TAIL_FROM_TIME, NOW - 600000);
	check("@30s", TAIL_FROM_TIME, NOW - 30000);
	check("@2h", TAIL_FROM_TIME, NOW - 7200000);
	check("@1d", TAIL_FROM_TIME, NOW - 86400000);
	check("@1w", TAIL_FROM_TIME, NOW - 604800000);
	check("@500ms", TAIL_FROM_TIME, NOW - 500);
	check("10m ago", TAIL_FROM_TIME, NOW - 600000);
	check("10 min ago", TAIL_FROM_TIME, NOW - 600000);
	check("3 hours ago", TAIL_FROM_TIME, NOW - 3 * 3600000LL);
	check("1 day ago", TAIL_FROM_TIME, NOW - 86400000);
	/* before the epoch: the beginning of time */
	check("@100000d", TAIL_FROM_TIME, 0);
}

static void test_errors(void **state)
{
	(void)state;
	assert_non_null(strstr(bad(""), "expected beginning, end, -N"));
	bad("start");
	bad("Beginning");
	bad("END");
	bad("-");
	bad("--5");
	bad("+5");
	bad(" 5");
	bad("5 ");
	bad("12abc");
	bad("1.5");
	bad("99999999999999999999");
	bad("-99999999999999999999");
	bad("-9007199254740993");
	assert_non_null(strstr(bad("@"), "expected @MILLISECONDS"));
	bad("@yesterday");
}

static void test_time_errors(void **state)
{
	(void)state;
	bad("@-5");
	bad("@10x");
	bad("@10m ago");
	bad("@99999999999999999999");
	bad("@2026-13-01");
	bad("@2026-02-29");
	bad("@2026-04-31T00:00:00Z");
	bad("@2026-11-25T24:00:00Z");
	bad("@2026-11-25T01:60Z");
	bad("@2026-11-25T01:30:00.Z");
	bad("@2026-11-25T01:30:00+25:00");
	bad("@2026-11-25T01:30:00Zjunk");
	bad("@2026-11-25T1:30");
	bad("@1969-12-31T23:59:59Z");
	assert_non_null(strstr(bad("2026-11-25T99"), "not a valid ISO time"));
	bad("2026-1-25T01:30");
	assert_non_null(strstr(bad("soon ago"), "'10m ago'"));
	bad("10 parsecs ago");
	bad("-10m ago");
	bad("99999999999999999 weeks ago");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_time_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
