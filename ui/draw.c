/* draw.c: text placement that never runs past a column limit. */
#include "config.h"

#include "widget_table.h"

#include <string.h>

int draw_width(const char *s)
{
	int w = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Bytes taken by the first n code points of s. */
static int prefix_bytes(const char *s, int n)
{
	int i = 0;

	while (s[i] && n > 0) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

int draw_text(int y, int x, int xmax, attr_t a, const char *s, bool utf8)
{
	int room = xmax - x, w;

	if (!s || room <= 0)
		return x;
	w = draw_width(s);
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
