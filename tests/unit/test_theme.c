/* test_theme.c: the theme file parser (good files, and every error with
 * its line and column), colour matching for 256, 16 and 8 colours, and
 * finding themes by name.  No curses: the element names are the test's. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "theme.h"

static const char *const elems[] = {
	"default", "title", "selected", "broker_down", "lag_warn", "sparkline",
};
#define N_ELEMS 6

static int parse(kd_theme *t, const char *text, kd_ini_error *e)
{
	memset(e, 0, sizeof(*e));
	return theme_parse(t, text, strlen(text), "t.theme", elems, N_ELEMS, e);
}

static void test_good(void **state)
{
	kd_theme t;
	kd_ini_error e;
	const char *text =
		"# a theme\r\n"
		"\n"
		"default = #839496 on #002b36   # base0 on base03\n"
		"  title=bright-blue bold underline\r\n"
		"selected = \"black on color208 reverse\"  # quoted\n"
		"broker_down = bold red\n"
		"lag_warn = on yellow\n"
		"sparkline = normal\n";

	(void)state;
	assert_int_equal(parse(&t, text, &e), 0);
	assert_int_equal(t.n_elems, N_ELEMS);
	assert_int_equal(t.style[0].line, 3);
	assert_int_equal(t.style[0].fg.kind, THEME_COLOR_RGB);
	assert_int_equal(t.style[0].fg.r, 0x83);
	assert_int_equal(t.style[0].fg.g, 0x94);
	assert_int_equal(t.style[0].fg.b, 0x96);
	assert_int_equal(t.style[0].bg.kind, THEME_COLOR_RGB);
	assert_int_equal(t.style[0].bg.b, 0x36);
	assert_int_equal(t.style[0].attrs, 0);
	assert_int_equal(t.style[1].fg.kind, THEME_COLOR_INDEX);
	assert_int_equal(t.style[1].fg.index, 12);
	assert_int_equal(t.style[1].bg.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(t.style[1].attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	assert_int_equal(t.style[2].fg.index, 0);
	assert_int_equal(t.style[2].bg.index, 208);
	assert_int_equal(t.style[2].attrs, THEME_ATTR_REVERSE);
	assert_int_equal(t.style[3].fg.index, 1);
	assert_int_equal(t.style[3].attrs, THEME_ATTR_BOLD);
	assert_int_equal(t.style[4].fg.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(t.style[4].bg.index, 3);
	assert_int_equal(t.style[5].line, 8);
	assert_int_equal(t.style[5].attrs, 0);
}

static void test_unset_elements(void **state)
{
	kd_theme t;
	kd_ini_error e;

	(void)state;
	assert_int_equal(parse(&t, "title = red\n", &e), 0);
	assert_int_equal(t.style[0].line, 0);
	assert_int_equal(t.style[1].line, 1);
	assert_int_equal(t.style[2].line, 0);
	/* an empty file is a theme that changes nothing */
	assert_int_equal(parse(&t, "", &e), 0);
	for (int i = 0; i < N_ELEMS; i++)
		assert_int_equal(t.style[i].line, 0);
}

static void test_colors(void **state)
{
	kd_theme_color c;

	(void)state;
	assert_int_equal(theme_parse_color("default", &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(theme_parse_color("white", &c), 0);
	assert_int_equal(c.index, 7);
	assert_int_equal(theme_parse_color("Bright-White", &c), 0);
	assert_int_equal(c.index, 15);
	assert_int_equal(theme_parse_color("brightred", &c), 0);
	assert_int_equal(c.index, 9);
	assert_int_equal(theme_parse_color("grey", &c), 0);
	assert_int_equal(c.index, 8);
	assert_int_equal(theme_parse_color("color0", &c), 0);
	assert_int_equal(c.index, 0);
	assert_int_equal(theme_parse_color("color255", &c), 0);
	assert_int_equal(c.index, 255);
	assert_int_equal(theme_parse_color("#FFaa00", &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_RGB);
	assert_int_equal(c.r, 255);
	assert_int_equal(c.g, 170);
	assert_int_equal(c.b, 0);
	assert_int_equal(theme_parse_color("color256", &c), -1);
	assert_int_equal(theme_parse_color("color", &c), -1);
	assert_int_equal(theme_parse_color("color1x", &c), -1);
	assert_int_equal(theme_parse_color("color0001", &c), -1);
	assert_int_equal(theme_parse_color("#fff", &c), -1);
	assert_int_equal(theme_parse_color("#12345g", &c), -1);
	assert_int_equal(theme_parse_color("bright-", &c), -1);
	assert_int_equal(theme_parse_color("purple", &c), -1);
	assert_int_equal(theme_parse_color("", &c), -1);
}

static int number(const char *spec, int ncolors)
{
	kd_theme_color c;

	assert_int_equal(theme_parse_color(spec, &c), 0);
	return theme_color_number(&c, ncolors);
}

static void test_nearest(void **state)
{
	(void)state;
	/* the terminal's own default */
	assert_int_equal(number("default", 256), -1);
	/* no colours at all */
	assert_int_equal(number("red", 2), -1);
	/* exact where the terminal has it */
	assert_int_equal(number("red", 8), 1);
	assert_int_equal(number("bright-red", 16), 9);
	assert_int_equal(number("color208", 256), 208);
	assert_int_equal(number("bright-red", 256), 9);
	/* #rrggbb on 256 colours: the cube and the greys, never 0-15 */
	assert_int_equal(number("#268bd2", 256), 32);
	assert_int_equal(number("#000000", 256), 16);
	assert_int_equal(number("#ffffff", 256), 231);
	assert_int_equal(number("#808080", 256), 244);
	assert_int_equal(number("#ff8700", 256), 208);
	/* 8 and 16 colours: the nearest ANSI colour */
	assert_int_equal(number("#268bd2", 8), 6);
	assert_int_equal(number("#268bd2", 16), 6);
	assert_int_equal(number("#dc322f", 8), 1);
	assert_int_equal(number("#ff0000", 16), 9);
	assert_int_equal(number("#ff0000", 8), 1);
	assert_int_equal(number("#fdf6e3", 8), 7);
	assert_int_equal(number("#002b36", 8), 0);
	/* a bright colour or a 256-colour index on 8 colours */
	assert_int_equal(number("bright-green", 8), 2);
	assert_int_equal(number("color196", 8), 1);
	assert_int_equal(number("color196", 16), 9);
	assert_int_equal(number("color21", 16), 4);
	assert_int_equal(number("color75", 16), 12);
}

typedef struct bad_case {
	const char *text;
	int line, col;
	const char *msg;
} bad_case;

static void test_errors(void **state)
{
	static const bad_case cases[] = {
		{ "nope = red\n", 1, 1, "no element called 'nope'" },
		{ "title = purpel\n", 1, 9, "'purpel' is not a colour" },
		{ "title = red blue\n", 1, 13, "a second foreground colour 'blue'" },
		{ "title = red on\n", 1, 13, "expected a colour after 'on'" },
		{ "title = red on bold\n", 1, 16, "expected a colour after 'on', not 'bold'" },
		{ "title = red on blue on green\n", 1, 21, "a second 'on'" },
		{ "title = color256\n", 1, 9, "colour numbers go from color0 to color255" },
		{ "title = #12345g\n", 1, 9, "expected #rrggbb" },
		{ "title =\n", 1, 8, "expected colours or attributes for title" },
		{ "title = # just a comment\n", 1, 9, "expected colours or attributes" },
		{ "# c\n\ntitle = red\ntitle = blue\n", 4, 1, "title is already set on line 3" },
		{ "[colors]\n", 1, 1, "a theme has no [sections]" },
		{ "title red\n", 1, 7, "expected '=' after title" },
		{ "title = \"red\n", 1, 9, "unterminated string" },
		{ "title = \"red\" bold\n", 1, 15, "unexpected text after the closing quote" },
		{ "title = \"a\\qb\"\n", 1, 11, "unknown escape '\\q'" },
		{ "title = red\x01\n", 1, 12, "control character 0x01" },
		{ "title = r\xff" "d\n", 1, 10, "invalid UTF-8" },
		{ "  \xc3\xa9 = red\n", 1, 3, "expected a key, a [section]" },
		/* columns count characters, not bytes */
		{ "title = \"\xc3\xa9\" x\n", 1, 13, "unexpected text after the closing quote" },
		{ "title = red on blue \xc3\xa9\xc3\xa9 purpel\n", 1, 21, "is not a colour" },
		{ "title = red\nselected = black on\n", 2, 18, "expected a colour after 'on'" },
		{ "[colors\n", 1, 8, "expected ']'" },
		{ "=red\n", 1, 1, "expected a key" },
	};
	char buf[400];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kd_theme t;
		kd_ini_error e;

		if (parse(&t, cases[i].text, &e) != -1)
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		if (e.line != cases[i].line || e.col != cases[i].col ||
		    !strstr(e.msg, cases[i].msg))
			fail_msg("case %zu (%s): got %d:%d %s, want %d:%d %s", i, cases[i].text,
				 e.line, e.col, e.msg, cases[i].line, cases[i].col, cases[i].msg);
		assert_string_equal(e.file, "t.theme");
		/* a rejected theme sets nothing */
		for (int k = 0; k < N_ELEMS; k++)
			assert_int_equal(t.style[k].line, 0);
		ini_error_format(&e, buf, sizeof(buf));
		snprintf(buf + 200, 100, "t.theme:%d:%d: ", cases[i].line, cases[i].col);
		assert_memory_equal(buf, buf + 200, strlen(buf + 200));
	}
}

static void test_long_lines(void **state)
{
	char *text = malloc(3000);
	kd_theme t;
	kd_ini_error e;

	(void)state;
	assert_non_null(text);
	memset(text, 'a', 2000);
	text[2000] = '\0';
	assert_int_equal(parse(&t, text, &e), -1);
	assert_int_equal(e.col, 1);
	assert_non_null(strstr(e.msg, "key too long"));
	memcpy(text, "title = ", 8);
	assert_int_equal(parse(&t, text, &e), -1);
	assert_int_equal(e.col, 9 + 1023);
	assert_non_null(strstr(e.msg, "value too long"));
	free(text);
}

/* A scratch $XDG_CONFIG_HOME and $KDECK_DATA_DIR with a theme in each. */
static char tmp[256];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup_dirs(void **state)
{
	char path[512];

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/kdeck-test-theme.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(path, sizeof(path), "%s/xdg", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/xdg/kdeck", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/xdg/kdeck/themes", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/xdg/kdeck/themes/mine.theme", tmp);
	write_file(path, "title = magenta\n");
	snprintf(path, sizeof(path), "%s/xdg/kdeck/themes/shadow.theme", tmp);
	write_file(path, "title = green\n");
	snprintf(path, sizeof(path), "%s/xdg/kdeck/themes/broken.theme", tmp);
	write_file(path, "title = green\nselected = nocolour\n");
	snprintf(path, sizeof(path), "%s/data", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/data/themes", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/data/themes/shadow.theme", tmp);
	write_file(path, "title = blue\n");
	snprintf(path, sizeof(path), "%s/data/themes/shipped.theme", tmp);
	write_file(path, "title = yellow\n");
	snprintf(path, sizeof(path), "%s/xdg", tmp);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof(path), "%s/data", tmp);
	setenv("KDECK_DATA_DIR", path, 1);
	return 0;
}

static int teardown_dirs(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_load(void **state)
{
	kd_theme t;
	kd_ini_error e;
	char path[512];

	(void)state;
	/* the user's first, then the data directory */
	assert_int_equal(theme_load(&t, "mine", elems, N_ELEMS, &e), 0);
	assert_string_equal(t.name, "mine");
	assert_int_equal(t.style[1].fg.index, 5);
	assert_int_equal(theme_load(&t, "shadow", elems, N_ELEMS, &e), 0);
	assert_int_equal(t.style[1].fg.index, 2);
	assert_int_equal(theme_load(&t, "shipped", elems, N_ELEMS, &e), 0);
	assert_int_equal(t.style[1].fg.index, 3);
	/* by path */
	snprintf(path, sizeof(path), "%s/data/themes/shadow.theme", tmp);
	assert_int_equal(theme_load(&t, path, elems, N_ELEMS, &e), 0);
	assert_int_equal(t.style[1].fg.index, 4);
	assert_string_equal(t.path, path);
	/* built in, with no file */
	assert_int_equal(theme_load(&t, "default", elems, N_ELEMS, &e), 0);
	assert_false(t.builtin_mono);
	assert_int_equal(t.style[1].line, 0);
	assert_int_equal(theme_load(&t, "mono", elems, N_ELEMS, &e), 0);
	assert_true(t.builtin_mono);
	/* a broken file: its path, line and column */
	assert_int_equal(theme_load(&t, "broken", elems, N_ELEMS, &e), -1);
	assert_non_null(strstr(e.file, "xdg/kdeck/themes/broken.theme"));
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 12);
	assert_int_equal(t.style[1].line, 0);
	/* no such theme: where it looked */
	assert_int_equal(theme_load(&t, "nope", elems, N_ELEMS, &e), -1);
	assert_non_null(strstr(e.msg, "no such theme"));
	assert_non_null(strstr(e.msg, "xdg/kdeck/themes"));
	assert_int_equal(theme_load(&t, "../etc", elems, N_ELEMS, &e), -1);
	assert_int_equal(theme_load(&t, "a b", elems, N_ELEMS, &e), -1);
	assert_non_null(strstr(e.msg, "not a theme name"));
	snprintf(path, sizeof(path), "%s/missing.theme", tmp);
	assert_int_equal(theme_load(&t, path, elems, N_ELEMS, &e), -1);
	assert_non_null(strstr(e.msg, "cannot open"));
	assert_int_equal(theme_load(&t, tmp, elems, N_ELEMS, &e), -1);
	assert_non_null(strstr(e.msg, "is a directory"));
}

static void test_list(void **state)
{
	char names[32][THEME_NAME_MAX];
	int n;

	(void)state;
	n = theme_list(names, 32);
	/* sorted, without duplicates; the installed ones may add more */
	for (int i = 1; i < n; i++)
		assert_true(strcmp(names[i - 1], names[i]) < 0);
	for (const char *want[] = { "broken", "default", "mine", "mono", "shadow", "shipped", NULL },
	     **w = want; *w; w++) {
		bool found = false;
		for (int i = 0; i < n; i++)
			found |= !strcmp(names[i], *w);
		if (!found)
			fail_msg("theme_list lacks %s", *w);
	}
	assert_int_equal(theme_list(names, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_unset_elements),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test_setup_teardown(test_load, setup_dirs, teardown_dirs),
		cmocka_unit_test_setup_teardown(test_list, setup_dirs, teardown_dirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
