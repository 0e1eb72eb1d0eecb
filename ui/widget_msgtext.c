/* widget_msgtext.c: see widget_msgtext.h. */
#include "config.h"

#include "widget_msgtext.h"

#include <string.h>
#include <wchar.h>

#include "colors.h"

attr_t msgtext_attr(msgfmt_class c)
{
	switch (c) {
	case MSGFMT_C_KEY: return colors_attr(KD_COLOR_JSON_KEY);
	case MSGFMT_C_STRING: return colors_attr(KD_COLOR_JSON_STRING);
	case MSGFMT_C_NUMBER: return colors_attr(KD_COLOR_JSON_NUMBER);
	case MSGFMT_C_LITERAL: return colors_attr(KD_COLOR_JSON_LITERAL);
	case MSGFMT_C_PUNCT: return colors_attr(KD_COLOR_JSON_PUNCT);
	case MSGFMT_C_ESCAPE: return colors_attr(KD_COLOR_MSG_ESCAPE);
	case MSGFMT_C_MARKER: return colors_attr(KD_COLOR_MSG_MARKER);
	case MSGFMT_C_OFFSET: return colors_attr(KD_COLOR_HEX_OFFSET);
	default: return colors_attr(KD_COLOR_DEFAULT);
	}
}

/* -1: a character the locale cannot show (drawn as a replacement). */
static int char_width(const char *p, size_t n, size_t *len)
{
	mbstate_t st;
	wchar_t wc;
	size_t l;
	int w;

	if ((unsigned char)*p < 0x80) {
		*len = 1;
		return (unsigned char)*p >= 0x20 && *p != 0x7f ? 1 : -1;
	}
	memset(&st, 0, sizeof(st));
	l = mbrtowc(&wc, p, n, &st);
	if (l == (size_t)-1 || l == (size_t)-2 || l == 0) {
		*len = 1;
		return -1;
	}
	*len = l;
	w = wcwidth(wc);
	return w < 0 ? -1 : w;
}

int msgtext_char_width(const char *p, size_t n, size_t *len)
{
	int w = char_width(p, n, len);
	return w < 0 ? 1 : w;
}

int msgtext_width(const char *p, size_t n)
{
	int w = 0;

	for (size_t i = 0, l; i < n; i += l)
		w += msgtext_char_width(p + i, n - i, &l);
	return w;
}

/* The class of byte i: spans are sorted and cover the text. */
static msgfmt_class class_at(const msgfmt_buf *b, size_t i, size_t *span_end, size_t *si)
{
	while (*si < b->n_spans && b->spans[*si].off + b->spans[*si].len <= i)
		(*si)++;
	if (*si < b->n_spans && b->spans[*si].off <= i) {
		*span_end = b->spans[*si].off + b->spans[*si].len;
		return b->spans[*si].cls;
	}
	*span_end = (size_t)-1;
	return MSGFMT_C_PLAIN;
}

/* Bytes from off that fit in room columns; *cols gets their width. */
static size_t fit(const char *p, size_t n, int room, int *cols)
{
	size_t i = 0, l;
	int w = 0;

	while (i < n) {
		int cw = msgtext_char_width(p + i, n - i, &l);
		if (w + cw > room)
			break;
		w += cw;
		i += l;
	}
	*cols = w;
	return i;
}

int msgtext_draw(int y, int x, int xmax, const msgfmt_buf *b, size_t off, size_t len,
		 bool all_set, attr_t all, bool utf8)
{
	const char *s = b->data;
	int room = xmax - x, cols;
	size_t end, si = 0, i, run, span_end = 0;
	msgfmt_class cls = MSGFMT_C_PLAIN;
	bool cut;

	if (room <= 0 || off >= b->len)
		return x;
	if (off + len > b->len)
		len = b->len - off;
	end = off + fit(s + off, len, room, &cols);
	cut = end < off + len;
	if (cut)
		end = off + fit(s + off, len, room - 1, &cols);
	i = run = off;
	cls = class_at(b, i, &span_end, &si);
	/* runs of one class drawn at once; characters the locale cannot
	 * show become a replacement in the escape colour */
	while (i < end) {
		size_t l;
		int w = char_width(s + i, end - i, &l);
		bool boundary = i >= span_end;

		if (boundary || w < 0) {
			if (i > run) {
				attrset(all_set ? all : msgtext_attr(cls));
				mvaddnstr(y, x, s + run, (int)(i - run));
				x += msgtext_width(s + run, i - run);
			}
			if (boundary)
				cls = class_at(b, i, &span_end, &si);
			run = i;
		}
		if (w < 0) {
			attrset(all_set ? all : msgtext_attr(MSGFMT_C_ESCAPE));
			mvaddstr(y, x, utf8 ? "\xef\xbf\xbd" : "?");
			x++;
			run = i + l;
		}
		i += l;
	}
	if (i > run) {
		attrset(all_set ? all : msgtext_attr(cls));
		mvaddnstr(y, x, s + run, (int)(i - run));
		x += msgtext_width(s + run, i - run);
	}
	if (cut) {
		attrset(all_set ? all : msgtext_attr(MSGFMT_C_MARKER));
		mvaddstr(y, x, utf8 ? "\xe2\x80\xa6" : "~");
		x++;
	}
	return x;
}
