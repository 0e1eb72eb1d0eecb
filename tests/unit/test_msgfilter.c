/*
 * test_msgfilter.c: the filter language: how filters parse (as dumped
 * S-expressions), the errors users see, and which messages match.
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

#include "msgfilter.h"

/* The dump of a filter that must compile. */
static const char *dump(const char *src)
{
	static msgfmt_buf b;
	char err[256];
	msgfilter *f = msgfilter_compile(src, NULL, err, sizeof(err));
	if (!f)
		fail_msg("filter <%s> failed: %s", src, err);
	msgfmt_buf_free(&b);
	msgfmt_buf_init(&b);
	msgfilter_dump(f, &b);
	msgfilter_free(f);
	return b.data;
}

/* The error of a filter that must not compile. */
static const char *error(const char *src, int want_col)
{
	static char err[256];
	int col = -1;
	msgfilter *f = msgfilter_compile(src, &col, err, sizeof(err));
	if (f) {
		msgfilter_free(f);
		fail_msg("filter <%s> compiled", src);
	}
	assert_int_equal(col, want_col);
	return err;
}

static void test_parse_terms(void **state)
{
	(void)state;
	assert_string_equal(dump("error"), "(icontains any \"error\")");
	assert_string_equal(dump("Error"), "(contains any \"Error\")");
	assert_string_equal(dump("\"connection reset\""), "(icontains any \"connection reset\")");
	assert_string_equal(dump("\"tab\\there \\\"q\\\" \\x41\""),
	                    "(contains any \"tab\\there \\\"q\\\" A\")");
	assert_string_equal(dump("key:foo"), "(icontains key \"foo\")");
	assert_string_equal(dump("value:\"a b\""), "(icontains value \"a b\")");
	assert_string_equal(dump("header.trace-id:abc"), "(icontains header.trace-id \"abc\")");
	assert_string_equal(dump("header.a.b:x"), "(icontains header.a.b \"x\")");
	assert_string_equal(dump("header:x"), "(icontains header \"x\")");
	assert_string_equal(dump("topic:orders"), "(icontains topic \"orders\")");
	assert_string_equal(dump("key:and"), "(icontains key \"and\")");
	assert_string_equal(dump("/time(out|d out)/i"), "(iregex any \"time(out|d out)\")");
	assert_string_equal(dump("key~/^user-[0-9]+$/"), "(regex key \"^user-[0-9]+$\")");
	assert_string_equal(dump("key:/a\\/b/"), "(regex key \"a/b\")");
	assert_string_equal(dump("value~\"^x\""), "(regex value \"^x\")");
	assert_string_equal(dump("http/1.1"), "(icontains any \"http/1.1\")");
	assert_string_equal(dump("wow!"), "(icontains any \"wow!\")");
	assert_string_equal(dump("\xe6\x97\xa5\xe6\x9c\xac"), "(icontains any \"\xe6\x97\xa5\xe6\x9c\xac\")");
	assert_string_equal(dump(""), "(true)");
	assert_string_equal(dump("  \t "), "(true)");
}

static void test_parse_comparisons(void **state)
{
	(void)state;
	assert_string_equal(dump("value.temperature > 80"), "(> value.temperature 80)");
	assert_string_equal(dump("value.temperature>80"), "(> value.temperature 80)");
	assert_string_equal(dump("value.sensor.id == \"s-3\""), "(== value.sensor.id \"s-3\")");
	assert_string_equal(dump("value.items[0].ok == true"), "(== value.items[0].ok true)");
	assert_string_equal(dump("value.items[-1] != null"), "(!= value.items[-1] null)");
	assert_string_equal(dump("value[2] <= -3.5"), "(<= value[2] -3.5)");
	assert_string_equal(dump("value.x = 2.5e3"), "(== value.x 2500)");
	assert_string_equal(dump("value.x >= 0.1"), "(>= value.x 0.1)");
	assert_string_equal(dump("value.status == ok"), "(== value.status \"ok\")");
	assert_string_equal(dump("value.n == \"80\""), "(== value.n \"80\")");
	assert_string_equal(dump("key.id < 9007199254740993"), "(< key.id 9007199254740993)");
	assert_string_equal(dump("value == null"), "(== value null)");
	assert_string_equal(dump("key == \"abc\""), "(== key \"abc\")");
	assert_string_equal(dump("partition == 3"), "(== partition 3)");
	assert_string_equal(dump("offset >= 1000"), "(>= offset 1000)");
	assert_string_equal(dump("header.h != x"), "(!= header.h \"x\")");
	assert_string_equal(dump("Value.A > 1"), "(> value.A 1)");
}

static void test_parse_logic(void **state)
{
	(void)state;
	assert_string_equal(dump("a or b and not c"),
	                    "(or (icontains any \"a\") (and (icontains any \"b\") "
	                    "(not (icontains any \"c\"))))");
	assert_string_equal(dump("(a or b) and c"),
	                    "(and (or (icontains any \"a\") (icontains any \"b\")) "
	                    "(icontains any \"c\"))");
	assert_string_equal(dump("a and b and c or d or e"),
	                    "(or (and (icontains any \"a\") (icontains any \"b\") "
	                    "(icontains any \"c\")) (icontains any \"d\") (icontains any \"e\"))");
	assert_string_equal(dump("NOT not x AND (y)"),
	                    "(and (not (not (icontains any \"x\"))) (icontains any \"y\"))");
	assert_string_equal(dump("(key:a)or(value.x==1)"),
	                    "(or (icontains key \"a\") (== value.x 1))");
	/* keywords are words when quoted */
	assert_string_equal(dump("\"and\" or \"not\""),
	                    "(or (icontains any \"and\") (icontains any \"not\"))");
}

static void test_parse_errors(void **state)
{
	(void)state;
	assert_string_equal(error("value.temp > ", 14), "column 14: expected a value after '>'");
	assert_string_equal(error("value.temp >", 13), "column 13: expected a value after '>'");
	assert_string_equal(error("value.x > )", 11),
	                    "column 11: expected a value after '>', found ')'");
	assert_string_equal(error("(a or b", 8), "column 8: missing ')' for the '(' at column 1");
	assert_string_equal(error("x and (a or (b)", 16),
	                    "column 16: missing ')' for the '(' at column 7");
	assert_string_equal(error("(a b)", 4), "column 4: expected 'and', 'or' or ')', found 'b'");
	assert_string_equal(error("a)", 2), "column 2: unexpected ')' (no '(' to close)");
	assert_string_equal(error("a b", 3),
	                    "column 3: expected 'and', 'or' or the end of the filter, found 'b'");
	assert_string_equal(error("foo:bar", 1),
	                    "column 1: unknown field 'foo' (fields: key, value, topic, partition, "
	                    "offset, header, header.NAME, value.PATH); quote text that contains ':'");
	assert_string_equal(error("foo > 1", 1),
	                    "column 1: unknown field 'foo' (fields: key, value, topic, partition, "
	                    "offset, header, header.NAME, value.PATH)");
	assert_string_equal(error("x or \"abc", 6), "column 6: unterminated string (add a closing '\"')");
	assert_string_equal(error("\"a\\qb\"", 3),
	                    "column 3: unknown escape '\\q' in a string (known: \\\" \\\\ \\n \\t \\r \\xNN)");
	assert_string_equal(error("\"\\x4\"", 2), "column 2: '\\x' needs two hex digits");
	assert_string_equal(error("/abc", 1), "column 1: unterminated regex (add a closing '/')");
	assert_string_equal(error("//", 1), "column 1: empty regex");
	assert_string_equal(error("/abc/x", 6),
	                    "column 6: unknown regex flag 'x' (only 'i' is supported; "
	                    "quote text that starts with '/')");
	/* stacked and nested repetitions would take gigabytes in regcomp */
	assert_string_equal(error("key:/s-1+++++++++++++++++++++++++++++[0-9]/i", 5),
	                    "column 5: regex too complex (nested or stacked repetitions); "
	                    "simplify it");
	assert_string_equal(error("/ \\!s%+++++++++&+*++++++++++++++/", 1),
	                    "column 1: regex too complex (nested or stacked repetitions); "
	                    "simplify it");
	assert_string_equal(error("/\\%++++????????????a/", 1),
	                    "column 1: regex too complex (nested or stacked repetitions); "
	                    "simplify it");
	assert_string_equal(error("/a*?/", 1),
	                    "column 1: regex too complex (nested or stacked repetitions); "
	                    "simplify it");
	assert_string_equal(error("/((a{99}){99}){99}/", 1),
	                    "column 1: regex too complex (nested or stacked repetitions); "
	                    "simplify it");
	assert_string_equal(dump("/(ab{2,5})+[[:alpha:]]{1,10}x*/"),
	                    "(regex any \"(ab{2,5})+[[:alpha:]]{1,10}x*\")");
	const char *e = error("key~/(/", 5);
	assert_true(strncmp(e, "column 5: bad regex: ", 21) == 0);
	assert_string_equal(error("a and", 6), "column 6: expected a condition after 'and'");
	assert_string_equal(error("not", 4), "column 4: expected a condition after 'not'");
	assert_string_equal(error("a or or b", 6),
	                    "column 6: expected a condition after 'or', found 'or'");
	assert_string_equal(error("and a", 1), "column 1: expected a condition, found 'and'");
	assert_string_equal(error("()", 2), "column 2: empty parentheses");
	assert_string_equal(error(":x", 1), "column 1: expected a field name before ':'");
	assert_string_equal(error("key:", 5), "column 5: expected a value after ':'");
	assert_string_equal(error("key~foo", 5),
	                    "column 5: expected a /regex/ after '~', found 'foo'");
	assert_string_equal(error("value.x > true", 11),
	                    "column 11: '>' compares numbers or strings, not 'true'");
	assert_string_equal(error("value.x < null", 11),
	                    "column 11: '<' compares numbers or strings, not 'null'");
	assert_string_equal(error("partition:3", 10),
	                    "column 10: 'partition' takes a comparison (==, !=, <, <=, >, >=) "
	                    "with a number, not ':'");
	assert_string_equal(error("partition == abc", 14),
	                    "column 14: 'partition' compares with a number, found 'abc'");
	assert_string_equal(error("value..x == 1", 6), "column 6: expected a field name after '.'");
	assert_string_equal(error("value.a[x] == 1", 8),
	                    "column 8: expected an array index like [0] or [-1]");
	assert_string_equal(error("value.a]x == 1", 8),
	                    "column 8: expected '.' or '[' in a field path");
	assert_string_equal(error("header.:x", 8), "column 8: expected a header name after 'header.'");
	/* columns count characters */
	assert_string_equal(error("\xe6\x97\xa5\xe6\x9c\xac )", 4),
	                    "column 4: unexpected ')' (no '(' to close)");
	/* hostile bytes in the filter do not reach the message raw */
	assert_string_equal(error("a \x1b[2J", 3),
	                    "column 3: expected 'and', 'or' or the end of the filter, found '\\e[2J'");
}

static void test_parse_depth(void **state)
{
	(void)state;
	char src[512];
	size_t n = 0;
	for (int i = 0; i < 64; i++)
		src[n++] = '(';
	src[n++] = 'a';
	for (int i = 0; i < 64; i++)
		src[n++] = ')';
	src[n] = '\0';
	assert_string_equal(dump(src), "(icontains any \"a\")");
	memmove(src + 1, src, n + 1);
	src[0] = '(';
	memcpy(src + n + 1, ")", 2);
	assert_string_equal(error(src, 65), "column 65: parentheses and 'not' nest deeper than 64");
	n = 0;
	for (int i = 0; i < 65; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "not ");
	snprintf(src + n, sizeof(src) - n, "a");
	assert_string_equal(error(src, 257), "column 257: parentheses and 'not' nest deeper than 64");
}

/* ---- evaluation -------------------------------------------------- */

static const char v0[] = "{\"temperature\": 85, \"sensor\": {\"id\": \"s-3\"}, "
                         "\"items\": [{\"ok\": false}, {\"ok\": true}], "
                         "\"msg\": \"Connection RESET\", \"big\": 12345678901234567890}";
static const char v1[] = "{\"temperature\": 70.5, \"sensor\": {\"id\": \"s-4\"}, \"e\": \"\\u001b\"}";
static const kd_msg_header h0[] = { { "trace-id", "abc123", 6 } };
static const kd_msg_header h3[] = { { "h", NULL, 0 } };
static const kd_msg_header h4[] = { { "dup", "a", 1 }, { "dup", "b", 1 } };

static const kd_msg msgs[] = {
	{ .topic = "sensors", .partition = 3, .offset = 1200, .key = "user-17", .key_len = 7,
	  .value = v0, .value_len = sizeof(v0) - 1, .headers = h0, .n_headers = 1 },
	{ .topic = "orders", .partition = 0, .offset = 5, .key = "user-x", .key_len = 6,
	  .value = v1, .value_len = sizeof(v1) - 1 },
	{ .topic = "sensors", .partition = 1, .offset = 10 },               /* tombstone */
	{ .topic = "sensors", .partition = 1, .offset = 500, .key = "k", .key_len = 1,
	  .value = "plain text error here", .value_len = 21, .headers = h3, .n_headers = 1 },
	{ .topic = "sensors", .partition = 2, .offset = 2000, .key = "\0\xff", .key_len = 2,
	  .value = "85", .value_len = 2, .headers = h4, .n_headers = 2 },
	{ .topic = "bin", .partition = 4, .offset = 1, .key = "x", .key_len = 1,
	  .value = "a\0b", .value_len = 3 },
};
#define N_MSGS (sizeof(msgs) / sizeof(msgs[0]))

/* Which messages match, as a string of indexes: "0 3". */
static const char *matches(const char *src)
{
	static char out[64];
	char err[256];
	msgfilter *f = msgfilter_compile(src, NULL, err, sizeof(err));
	if (!f)
		fail_msg("filter <%s> failed: %s", src, err);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < N_MSGS; i++)
		if (msgfilter_match(f, &msgs[i]))
			n += (size_t)snprintf(out + n, sizeof(out) - n, n ? " %zu" : "%zu", i);
	msgfilter_free(f);
	return out;
}

static void test_eval_table(void **state)
{
	(void)state;
	static const struct {
		const char *filter;
		const char *want;
	} cases[] = {
		{ "", "0 1 2 3 4 5" },
		{ "error", "3" },
		{ "reset", "0" },                      /* smart case: ignores case */
		{ "RESET", "0" },
		{ "Reset", "" },                       /* has a capital: exact case */
		{ "abc123", "0" },                     /* header values too */
		{ "\"\"", "0 1 3 4 5" },               /* any non-null key/value/header */
		{ "key:user", "0 1" },
		{ "key:\"\\x00\\xff\"", "4" },
		{ "value:\"text error\"", "3" },
		{ "topic:sens", "0 2 3 4" },
		{ "topic == orders", "1" },
		{ "topic > c", "0 1 2 3 4" },
		{ "/USER-X/i", "1" },
		{ "/USER-X/", "" },
		{ "key~/^user-[0-9]+$/", "0" },
		{ "key:/^user/", "0 1" },
		{ "/b$/", "4 5" },                     /* 5: past a NUL byte */
		{ "header.trace-id:abc", "0" },
		{ "header.trace-id:xyz", "" },
		{ "header:b", "0 4" },
		{ "header.dup == \"b\"", "4" },
		{ "header.dup != \"b\"", "0 1 2 3 5" },
		{ "header.h == null", "0 1 2 3 4 5" },  /* null value, or no such header */
		{ "header.dup == null", "0 1 2 3 5" },
		{ "value.temperature > 80", "0" },
		{ "value.temperature >= 70.5", "0 1" },
		{ "value.temperature < 80", "1" },
		{ "value.temperature == 85", "0" },
		{ "value.temperature == \"85\"", "" },  /* strict types */
		{ "value.temperature:85", "0" },
		{ "value.temperature:70.5", "1" },
		{ "value.sensor.id == \"s-3\"", "0" },
		{ "value.sensor.id == s-3", "0" },
		{ "value.sensor.id != \"s-3\"", "1 2 3 4 5" },
		{ "value.sensor.id > s-3", "1" },
		{ "value.items[1].ok == true", "0" },
		{ "value.items[-1].ok == true", "0" },
		{ "value.items[0].ok == true", "" },
		{ "value.items[0].ok == false", "0" },
		{ "value.items[5].ok == null", "0 1 2 3 4 5" },
		{ "value.msg~/conn.*reset/i", "0" },
		{ "value.e == \"\\x1b\"", "1" },
		{ "value.big > 12345678901234500000", "0" },
		{ "value.nope == null", "0 1 2 3 4 5" },
		{ "value == null", "2" },
		{ "key == null", "2" },
		{ "value != null", "0 1 3 4 5" },
		{ "value > 80", "4" },                 /* text that is a number */
		{ "value == 85", "4" },
		{ "value == \"85\"", "4" },
		{ "key == \"user-17\"", "0" },
		{ "key == user", "" },
		{ "key < user-2", "0 3 4" },
		{ "partition == 3", "0" },
		{ "partition != 1", "0 1 4 5" },
		{ "offset >= 10 and offset < 1000", "2 3" },
		{ "offset > 1e3", "0 4" },
		{ "partition < 2.5", "1 2 3 4" },
		{ "not key:user", "2 3 4 5" },
		{ "(key:user or value == null) and not value.temperature < 80", "0 2" },
		{ "error or reset or abc123", "0 3" },
		{ "not (error or reset)", "1 2 4 5" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = matches(cases[i].filter);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("filter <%s>: matched [%s], want [%s]", cases[i].filter, got,
			         cases[i].want);
	}
}

/* A compiled filter is reusable: same answers on the second pass. */
static void test_eval_reuse(void **state)
{
	(void)state;
	char err[256];
	msgfilter *f = msgfilter_compile("value.temperature > 80 or key~/^k$/", NULL,
	                                 err, sizeof(err));
	assert_non_null(f);
	for (int pass = 0; pass < 3; pass++) {
		assert_true(msgfilter_match(f, &msgs[0]));
		assert_false(msgfilter_match(f, &msgs[1]));
		assert_false(msgfilter_match(f, &msgs[2]));
		assert_true(msgfilter_match(f, &msgs[3]));
	}
	msgfilter_free(f);
	msgfilter_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_terms),
		cmocka_unit_test(test_parse_comparisons),
		cmocka_unit_test(test_parse_logic),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_depth),
		cmocka_unit_test(test_eval_table),
		cmocka_unit_test(test_eval_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
