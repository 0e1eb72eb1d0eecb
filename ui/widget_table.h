/*
 * widget_table.h: draw a view as a table: column titles with the sort
 * marker, one row per visible row, a marker column so that problems stand
 * out without colour.  Which columns fit is decided by table_layout from
 * the columns' priorities and the widths of their content.
 */
#ifndef KDECK_UI_WIDGET_TABLE_H
#define KDECK_UI_WIDGET_TABLE_H

#include <stdbool.h>

#include "colors.h"
#include "view.h"

#define TABLE_GUTTER 2             /* marker and a space before the first column */

typedef struct kd_table_layout {
	int n;                         /* columns shown */
	int col[KD_VIEW_MAX_COLUMNS];  /* which, in the source's order */
	int x[KD_VIEW_MAX_COLUMNS];
	int w[KD_VIEW_MAX_COLUMNS];
	int width;                     /* screen columns available */
} kd_table_layout;

typedef kd_color_elem (*kd_row_style)(const kd_row *r);

typedef struct kd_table_style {
	kd_row_style row_style;        /* NULL: table_row_style */
	bool utf8;
} kd_table_style;

/* Choose and size the columns of v for a screen width. */
void table_layout(const kd_view *v, int width, kd_table_layout *l);

/* Titles on line y, rows on lines y+1 .. y+h; empty is shown (dimmed)
 * when there are no rows.  Call view_scroll(v, h) first. */
void table_draw(const kd_view *v, const kd_table_layout *l, int y, int h,
		const kd_table_style *st, const char *empty);
/* Repaint the visible row index i only (a selection move). */
void table_draw_row(const kd_view *v, const kd_table_layout *l, int y, int h,
		    const kd_table_style *st, int i);

/* The default row colour: down / offline / under-replicated / internal. */
kd_color_elem table_row_style(const kd_row *r);
/* The marker column: '!' for a problem, 'i' for internal, ' ' else. */
char table_row_marker(const kd_row *r);

/* ---- drawing helpers (draw.c) ----------------------------------------- */

/* Screen columns of a UTF-8 string (one per code point: kdeck's texts
 * have no wide characters). */
int draw_width(const char *s);
/* Draw s at (y, x) but not at or past column xmax; a string cut short
 * ends in an ellipsis.  Returns the column after the last one drawn. */
int draw_text(int y, int x, int xmax, attr_t a, const char *s, bool utf8);
/* Paint columns x .. xmax-1 of line y blank in a. */
void draw_fill(int y, int x, int xmax, attr_t a);

#endif
