/* draw.c: text placement that never runs past a column limit. */
#include "config.h"

#include "widget_table.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "msgfmt.h"
#include "termsafe.h"

/* Columns of one code point: wide (CJK, emoji) 2, combining 0. */
static int cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/* Every text a pane draws may come from outside (a group id, a host, a
 * broker's message): it goes through the one escaping of termsafe.h, so
 * no control byte, bidi override or invalid UTF-8 reaches the terminal,
 * and widths are counted on what is drawn, in terminal columns. */
int draw_width(const char *s)
{
	int w = 0;
	uint32_t cp;

	if (!s)
		return 0;
	s = term_str(s);
	for (size_t i = 0, n = strlen(s); i < n;) {
		size_t l = msgfmt_utf8_next((const uint8_t *)s + i, n - i, &cp);
		if (!l) {
			l = 1;
			cp = '?';
		}
		w += cp_width(cp);
		i += l;
	}
	return w;
}

/* Bytes of (escaped) s that fit in cols columns. */
static int prefix_bytes(const char *s, int cols)
{
	size_t i = 0, n = strlen(s);
	uint32_t cp;

	while (i < n) {
		size_t l = msgfmt_utf8_next((const uint8_t *)s + i, n - i, &cp);
		if (!l) {
			l = 1;
			cp = '?';
		}
		int w = cp_width(cp);
		if (w > cols)
			break;
		cols -= w;
		i += l;
	}
	return (int)i;
}

int draw_text(int y, int x, int xmax, attr_t a, const char *s, bool utf8)
{
	int room = xmax - x, w;

	if (!s || room <= 0)
		return x;
	w = draw_width(s);
	s = term_str(s);
	attrset(a);
	if (w <= room) {
		mvaddnstr(y, x, s, (int)strlen(s));
		return x + w;
	}
	mvaddnstr(y, x, s, prefix_bytes(s, room - 1));
	mvaddstr(y, x + room - 1, utf8 ? "\xe2\x80\xa6" : "~");
	return xmax;
}

void draw_fill(int y, int x, int xmax, attr_t a)
{
	attrset(a);
	for (int i = x; i < xmax; i++)
		mvaddch(y, i, ' ');
}
