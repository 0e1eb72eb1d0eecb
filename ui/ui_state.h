/*
 * ui_state.h: the dashboard's state, shared by the files of ui/.
 *
 * ui.c owns the loop: it swaps snapshots, reads keys, runs handlers (which
 * change state and say what they caused) and repaints what is dirty.  The
 * widgets (header.c, statusbar.c, help.c, widget_table.c) only draw.
 */
#ifndef KDECK_UI_STATE_H
#define KDECK_UI_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "collector.h"
#include "options.h"
#include "pane.h"
#include "view.h"
#include "widget_table.h"

#define UI_MAX_PANES 8
#define UI_MAX_DEPTH 8
#define UI_HEADER_LINES 3          /* title+status, totals, tabs */
#define UI_MIN_LINES 8
#define UI_MIN_COLS 30

/* What must be repainted before the next wait. */
enum {
	UI_DIRTY_HEADER = 1u << 0,     /* title, status, totals (age ticks) */
	UI_DIRTY_TABS = 1u << 1,       /* pane tabs, breadcrumb, sort, row count */
	UI_DIRTY_TABLE = 1u << 2,      /* layout and every row */
	UI_DIRTY_SELECTION = 1u << 3,  /* only the old and new selected rows */
	UI_DIRTY_STATUS = 1u << 4,     /* bottom line */
	UI_DIRTY_CLEAR = 1u << 5,      /* clear the terminal first */
	UI_DIRTY_ALL = 0x1f,
};

typedef struct kd_ui {
	kd_collector *collector;
	const kd_options *opts;
	/* Two held references: the newest snapshot (for the connection
	 * status) and, while polls fail, the newest one that reached the
	 * cluster (for tables and totals), so a dead cluster leaves the last
	 * known picture on screen.  data is NULL when it would equal snap. */
	const kd_snapshot *snap;       /* NULL before the first poll */
	const kd_snapshot *data;
	bool utf8;
	int lines, cols;

	/* Panes reached with 1/2/3 and Tab, each with a view that keeps its
	 * sort, filter and selection while another pane is shown. */
	const kd_pane *panes[UI_MAX_PANES];
	kd_view roots[UI_MAX_PANES];
	int n_panes;
	int pane;

	/* Drill-downs opened above the current root pane; Esc pops. */
	kd_view *stack[UI_MAX_DEPTH];
	const kd_pane *stack_pane[UI_MAX_DEPTH];
	int depth;

	unsigned dirty;
	/* What the last table paint used, to repaint two rows on a move. */
	kd_table_layout layout;
	int table_y, table_h;
	const kd_view *drawn_view;
	int drawn_sel, drawn_top;

	/* Filter prompt in the bottom line. */
	bool prompting;
	char prompt[256];
	char *prompt_saved;            /* filter before the prompt opened */
	char *prompt_saved_sel;        /* and the selected row's key */
	char prompt_err[160];          /* why the text typed so far is invalid */

	/* One message in the bottom line until a key (errors) or a timeout. */
	char msg[256];
	bool msg_error;
	int64_t msg_until_ms;          /* 0: until the next key */

	bool help;
	int help_top;

	bool quit;
} kd_ui;

/* ---- ui.c ------------------------------------------------------------- */

kd_view *ui_view(kd_ui *ui);
/* The snapshot tables and totals show (see kd_ui.data), or NULL. */
const kd_snapshot *ui_data(const kd_ui *ui);
const kd_pane *ui_pane(const kd_ui *ui);
bool ui_has_table(const kd_ui *ui);
void ui_select_pane(kd_ui *ui, int index);
/* Open src restricted by d above the current view; false (with a
 * message) when no pane shows src or the stack is full. */
bool ui_push(kd_ui *ui, const kd_view_source *src, const kd_drill *d);
bool ui_pop(kd_ui *ui);
void ui_message(kd_ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int64_t ui_now_ms(void);

/* ---- widgets ---------------------------------------------------------- */

void header_draw(kd_ui *ui);          /* lines 0 and 1 */
void header_draw_tabs(kd_ui *ui);     /* line 2 */
void statusbar_draw(kd_ui *ui);       /* the last line */
void help_draw(kd_ui *ui);            /* the whole screen */
unsigned help_key(kd_ui *ui, int key);
void prompt_open(kd_ui *ui);
unsigned prompt_key(kd_ui *ui, int key);

#endif
