/* test_theme_files.c: every theme kdeck ships parses against the UI's real
 * element names, default.theme is the built-in look written out, and
 * mono.theme is the built-in monochrome look (what NO_COLOR shows).
 * Needs curses' attribute values but no terminal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "colors.h"
#include "theme.h"

static const char *const shipped[] = {
	"default", "dark", "light", "solarized-dark", "high-contrast", "mono",
};

static void load(const char *name, kd_theme *t)
{
	const char *src = getenv("top_srcdir");
	char path[1024];
	kd_ini_error e;
	char msg[600];

	snprintf(path, sizeof(path), "%s/themes/%s.theme", src ? src : ".", name);
	if (theme_load(t, path, colors_names(), KD_COLOR_COUNT, &e) != 0)
		fail_msg("%s", ini_error_format(&e, msg, sizeof(msg)));
}

static void test_all_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		kd_theme t;
		int set = 0;

		load(shipped[i], &t);
		for (int e = 0; e < t.n_elems; e++)
			set += t.style[e].line != 0;
		/* every shipped theme says how the basic elements look */
		if (set < 20)
			fail_msg("%s sets only %d elements", shipped[i], set);
		assert_true(t.style[KD_COLOR_SELECTED].line > 0);
		assert_true(t.style[KD_COLOR_BROKER_DOWN].line > 0);
		assert_true(t.style[KD_COLOR_LAG_WARN].line > 0);
		assert_true(t.style[KD_COLOR_TABLE_HEADER].line > 0);
		assert_true(t.style[KD_COLOR_SPARKLINE].line > 0);
	}
}

static void test_default_is_builtin(void **state)
{
	kd_theme t;

	(void)state;
	load("default", &t);
	for (int e = 0; e < KD_COLOR_COUNT; e++) {
		const kd_color_spec *want = colors_default_spec((kd_color_elem)e);
		kd_color_spec got;

		if (!t.style[e].line)
			continue;
		colors_style_to_spec(&t.style[e], 8, &got);
		if (got.fg != want->fg || got.bg != want->bg || got.attr != want->attr)
			fail_msg("default.theme line %d (%s) differs from the built-in look",
				 t.style[e].line, colors_name((kd_color_elem)e));
	}
}

static void test_mono_is_builtin(void **state)
{
	kd_theme t;

	(void)state;
	load("mono", &t);
	for (int e = 0; e < KD_COLOR_COUNT; e++) {
		const kd_color_spec *want = colors_default_spec((kd_color_elem)e);
		kd_color_spec got;

		if (!t.style[e].line)
			continue;
		assert_int_equal(t.style[e].fg.kind, THEME_COLOR_DEFAULT);
		assert_int_equal(t.style[e].bg.kind, THEME_COLOR_DEFAULT);
		colors_style_to_spec(&t.style[e], 256, &got);
		if (got.attr != want->mono)
			fail_msg("mono.theme line %d (%s) differs from the built-in monochrome look",
				 t.style[e].line, colors_name((kd_color_elem)e));
	}
}

/* The colour themes differ where it matters: a down broker never looks
 * like a healthy row, the selection never like the table. */
static void test_problems_stand_out(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		kd_theme t;
		kd_color_spec d, down, sel;

		load(shipped[i], &t);
		colors_style_to_spec(&t.style[KD_COLOR_DEFAULT], 256, &d);
		colors_style_to_spec(&t.style[KD_COLOR_BROKER_DOWN], 256, &down);
		colors_style_to_spec(&t.style[KD_COLOR_SELECTED], 256, &sel);
		assert_true(down.fg != d.fg || down.bg != d.bg || down.attr != d.attr);
		assert_true(sel.fg != d.fg || sel.bg != d.bg || sel.attr != d.attr);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_parse),
		cmocka_unit_test(test_default_is_builtin),
		cmocka_unit_test(test_mono_is_builtin),
		cmocka_unit_test(test_problems_stand_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
