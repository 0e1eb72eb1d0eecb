/*
 * theme_fuzzer.c: libFuzzer target for theme files (src/theme.c and the
 * line reader under it, src/ini.c).  Any input either parses or gives an
 * error with a line and column inside the input; every colour parsed maps
 * to a valid colour number for 256, 16 and 8 colours.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const elems[] = {
	"default", "title", "selected", "broker_down", "lag_warn", "sparkline", "table_header",
};

static void check_color(const kd_theme_color *c)
{
	static const int counts[] = { 256, 16, 8 };

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		int n = theme_color_number(c, counts[i]);
		if (n < -1 || n >= counts[i])
			abort();
		if (c->kind == THEME_COLOR_DEFAULT && n != -1)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kd_theme t;
	kd_ini_error e;
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	memset(&e, 0, sizeof(e));
	if (theme_parse(&t, (const char *)data, size, "fuzz.theme", elems, 7, &e) != 0) {
		if (e.line < 1 || e.line > lines || e.col < 1 || !e.msg[0])
			abort();
		for (int i = 0; i < t.n_elems; i++)
			if (t.style[i].line)
				abort();
		return 0;
	}
	for (int i = 0; i < t.n_elems; i++) {
		if (t.style[i].line < 0 || t.style[i].line > lines)
			abort();
		check_color(&t.style[i].fg);
		check_color(&t.style[i].bg);
	}
	return 0;
}
