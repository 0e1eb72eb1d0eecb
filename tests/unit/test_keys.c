/* test_keys.c: key specs, the default bindings and rebinding, the parser
 * a user's key configuration will go through.  Needs no terminal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "keys.h"

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(keys_parse("q"), 'q');
	assert_int_equal(keys_parse("Q"), 'Q');
	assert_int_equal(keys_parse("/"), '/');
	assert_int_equal(keys_parse("^"), '^');
	assert_int_equal(keys_parse("C-l"), 12);
	assert_int_equal(keys_parse("c-L"), 12);
	assert_int_equal(keys_parse("^L"), 12);
	assert_int_equal(keys_parse("^l"), 12);
	assert_int_equal(keys_parse("Enter"), '\n');
	assert_int_equal(keys_parse("esc"), KEYS_ESC);
	assert_int_equal(keys_parse("Space"), ' ');
	assert_int_equal(keys_parse("Tab"), '\t');
	assert_int_equal(keys_parse("BTab"), KEYS_FN(KEY_BTAB));
	assert_int_equal(keys_parse("PgDn"), KEYS_FN(KEY_NPAGE));
	assert_int_equal(keys_parse("pageup"), KEYS_FN(KEY_PPAGE));
	assert_int_equal(keys_parse("BSpace"), KEYS_FN(KEY_BACKSPACE));
	assert_int_equal(keys_parse("F1"), KEYS_FN(KEY_F(1)));
	assert_int_equal(keys_parse("F12"), KEYS_FN(KEY_F(12)));
	assert_int_equal(keys_parse("\xc3\xa9"), 0xe9);            /* é */
	assert_int_equal(keys_parse("\xe2\x82\xac"), 0x20ac);      /* € */
}

static void test_parse_rejects(void **state)
{
	const char *bad[] = {
		"", "ab", "C-", "C-1", "C-ab", "^1x", "F0", "F64", "F5x", "Fx",
		" ", "\x7f", "\x01", "\xff", "\xc3", "\xc3\xa9x", "\xc0\xaf",
		"\xed\xa0\x80", "M-x", "Enterr",
	};
	(void)state;
	assert_int_equal(keys_parse(NULL), KEYS_NONE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(keys_parse(bad[i]), KEYS_NONE);
}

static void test_names_round_trip(void **state)
{
	int keys[] = {
		'q', 'G', '/', '?', '<', 12, 2, '\n', KEYS_ESC, ' ', '\t',
		KEYS_FN(KEY_UP), KEYS_FN(KEY_NPAGE), KEYS_FN(KEY_BACKSPACE),
		KEYS_FN(KEY_F(10)), KEYS_FN(KEY_BTAB), 0xe9, 0x20ac,
	};
	char buf[32];
	(void)state;

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		assert_int_equal(keys_parse(keys_name(keys[i], buf, sizeof(buf))), keys[i]);
	assert_string_equal(keys_name(12, buf, sizeof(buf)), "C-l");
	assert_string_equal(keys_name('\n', buf, sizeof(buf)), "Enter");
	assert_string_equal(keys_name(KEYS_FN(KEY_NPAGE), buf, sizeof(buf)), "PgDn");
	assert_string_equal(keys_name(KEYS_FN(KEY_F(5)), buf, sizeof(buf)), "F5");
}

static void test_action_table(void **state)
{
	(void)state;
	assert_true(keys_n_actions > 10);
	for (int i = 0; i < keys_n_actions; i++) {
		const kd_action *a = &keys_actions[i];
		assert_non_null(a->name);
		assert_non_null(a->handler);
		assert_true(a->help && *a->help);
		assert_true(a->keys && *a->keys);
		assert_ptr_equal(keys_action(a->name), a);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(keys_actions[j].name, a->name);
	}
	assert_null(keys_action("no-such-action"));
}

static void test_defaults(void **state)
{
	const kd_action *a;
	int k[8];
	(void)state;

	assert_int_equal(keys_init(), KEYS_OK);
	a = keys_lookup('q', "brokers", true);
	assert_non_null(a);
	assert_string_equal(a->name, "quit");
	assert_string_equal(keys_lookup('j', "topics", true)->name, "down");
	assert_string_equal(keys_lookup(KEYS_FN(KEY_DOWN), "topics", true)->name, "down");
	assert_string_equal(keys_lookup('\n', "topics", true)->name, "open");
	assert_string_equal(keys_lookup(KEYS_ESC, "topics", true)->name, "back");
	assert_string_equal(keys_lookup('/', "topics", true)->name, "filter");
	assert_string_equal(keys_lookup('>', "topics", true)->name, "sort-next");
	assert_string_equal(keys_lookup('I', "topics", true)->name, "sort-invert");
	assert_string_equal(keys_lookup('r', "topics", true)->name, "refresh");
	assert_string_equal(keys_lookup(12, "topics", true)->name, "refresh");
	assert_string_equal(keys_lookup('1', NULL, false)->name, "pane-brokers");
	assert_string_equal(keys_lookup('\t', NULL, false)->name, "pane-next");
	/* table keys do nothing in a pane without a table */
	assert_null(keys_lookup('j', "sparkles", false));
	assert_null(keys_lookup('z', "topics", true));
	a = keys_action("quit");
	assert_int_equal(keys_of(a, k, 8), 2);
	assert_int_equal(k[0], 'q');
	assert_int_equal(k[1], KEYS_FN(KEY_F(10)));
}

static void test_bind(void **state)
{
	const kd_action *quit = keys_action("quit"), *help = keys_action("help");
	int k[8];
	(void)state;

	assert_int_equal(keys_init(), KEYS_OK);
	assert_int_equal(keys_bind("quit", "x"), KEYS_OK);
	assert_ptr_equal(keys_lookup('x', "topics", true), quit);
	assert_int_equal(keys_of(quit, k, 8), 3);
	/* bad input: clear error, nothing changes */
	assert_int_equal(keys_bind("no-such-action", "y"), KEYS_ERR_ACTION);
	assert_int_equal(keys_bind("quit", "C-"), KEYS_ERR_KEY);
	assert_int_equal(keys_bind("quit", NULL), KEYS_ERR_KEY);
	assert_null(keys_lookup('y', "topics", true));
	assert_int_equal(keys_of(quit, k, 8), 3);
	assert_true(strlen(keys_strerror(KEYS_ERR_KEY)) > 0);
	assert_string_not_equal(keys_strerror(KEYS_ERR_ACTION), keys_strerror(KEYS_ERR_KEY));
	/* a key taken by another action of the same scope moves to it */
	assert_int_equal(keys_bind("help", "q"), KEYS_OK);
	assert_ptr_equal(keys_lookup('q', "topics", true), help);
	assert_int_equal(keys_of(quit, k, 8), 2);
	assert_int_equal(k[0], KEYS_FN(KEY_F(10)));
	/* a table action may take a global key in tables only */
	assert_int_equal(keys_bind("down", "1"), KEYS_OK);
	assert_string_equal(keys_lookup('1', "topics", true)->name, "down");
	assert_string_equal(keys_lookup('1', "sparkles", false)->name, "pane-brokers");
	/* keys_init puts the defaults back */
	assert_int_equal(keys_init(), KEYS_OK);
	assert_ptr_equal(keys_lookup('q', "topics", true), quit);
	assert_null(keys_lookup('x', "topics", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
