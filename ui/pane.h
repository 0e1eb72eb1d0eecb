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
	/* The empty text from the snapshot ("all replicas in sync; ..."); NULL
	 * uses empty. */
	void (*empty_fn)(const kd_snapshot *s, char *buf, size_t len);
	/* One line above the table about the whole snapshot (the quorum's
	 * leader and epoch), returning its colour; NULL: no such line. */
	kd_color_elem (*summary)(const kd_snapshot *s, char *buf, size_t len);
	/* Panes pushed without a table (the message tail, a change preview:
	 * ui_push_pane with an instance, which ui_pane_inst returns while the
	 * pane is on top): a descriptor to wait on while the pane is shown
	 * (-1: none), what its becoming readable caused (KD_DID_*: the only
	 * hook that may change state), and what to free when the pane is
	 * closed (its instance).  Each may be NULL. */
	int (*wake_fd)(struct kd_ui *ui);
	unsigned (*wake)(struct kd_ui *ui);
	void (*close)(struct kd_ui *ui, void *inst);
	/* A pane that takes every key while on top (a form); NULL: the key
	 * table decides. */
	unsigned (*key)(struct kd_ui *ui, int key);
} kd_pane;

extern const kd_pane pane_brokers;
extern const kd_pane pane_topics;
extern const kd_pane pane_partitions;
extern const kd_pane pane_replicas;
extern const kd_pane pane_quorum;
extern const kd_pane pane_reassign;
extern const kd_pane pane_msk;
extern const kd_pane pane_msk_ops;
extern const kd_pane pane_events;
extern const kd_pane pane_alerts;

#endif
