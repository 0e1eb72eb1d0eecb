/*
 * widget_msgtext.h: draw message text (msgfmt output) in curses: coloured
 * by its spans (JSON keys, strings, escapes, markers) and measured with
 * wcwidth, so wide and combining characters never push text past its
 * column.  The text is already escaped: nothing here sees message bytes.
 */
#ifndef KDECK_UI_WIDGET_MSGTEXT_H
#define KDECK_UI_WIDGET_MSGTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "msgfmt.h"

/* The colour of a class of message text. */
attr_t msgtext_attr(msgfmt_class c);

/* Screen columns of one UTF-8 character at p (n bytes available): 0 for
 * combining marks, 2 for wide ones; *len gets its length in bytes. */
int msgtext_char_width(const char *p, size_t n, size_t *len);
/* Screen columns of p..n. */
int msgtext_width(const char *p, size_t n);

/* Draw b->data[off, off+len) at (y, x) up to column xmax, by class, or all
 * in attribute all when all_set (a selected row).  Text cut short ends in
 * an ellipsis.  Returns the column after the last one drawn. */
int msgtext_draw(int y, int x, int xmax, const msgfmt_buf *b, size_t off, size_t len,
		 bool all_set, attr_t all, bool utf8);

#endif
