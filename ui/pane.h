/*
 * pane.h: what a pane is.  A pane is a small vtable: a name (its key
 * scope), the table it shows (a kd_view_source from src/, which holds the
 * columns and turns a snapshot into rows), and optional hooks for the
 * panes that will need more than a table (sparklines, a message tail).
 * Adding a pane is one file defining a kd_pane plus one line in the
 * registry in ui.c; its keys go in the action table in keys.c.
 */
#ifndef KDECK_UI_PANE_H
#define KDECK_UI_PANE_H

#include "colors.h"
#include "view.h"

struct kd_ui;

typedef struct kd_pane {
	const char *name;          /* "brokers": scope of its actions */
	const kd_view_source *source; /* its rows; NULL for panes that draw alone */
	/* Body of the pane in screen rows y..y+h-1; NULL draws the table. */
	void (*draw)(struct kd_ui *ui, int y, int h, int w);
	/* Colour of a row; NULL uses table_row_style (problems stand out). */
	kd_color_elem (*row_style)(const kd_row *r);
	const char *empty;         /* shown when the snapshot has no rows */
} kd_pane;

extern const kd_pane pane_brokers;
extern const kd_pane pane_topics;
extern const kd_pane pane_partitions;

#endif
