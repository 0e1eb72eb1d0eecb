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
#include "config_file.h"
#include "options.h"
#include "pane.h"
#include "view.h"
#include "widget_table.h"

#define UI_MAX_PANES 10
#define UI_MAX_BG_CHANGES 16
#define UI_MAX_DEPTH 8
#define UI_MAX_HELD 8
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
	void *stack_inst[UI_MAX_DEPTH];    /* a pushed pane's own state */
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

	/* The ':' command prompt shares the bottom line with the filter. */
	bool prompt_cmd;
	/* A pane's own prompt (the tail's filter, start, file name). */
	const struct kd_prompt_ops *prompt_ops;
	char completions[1024];        /* what Tab offered, '\n' separated */
	int n_completions;
	char search[256];              /* the last '/' pattern, for n and N */

	/* Where the pane tabs are on line 2, for mouse clicks: tab i spans
	 * columns tab_x[i] .. tab_x[i + 1] - 1. */
	int tab_x[UI_MAX_PANES + 1];
	bool mouse;
	bool bell;                     /* [alerts] bell: ring when an alert fires */
	uint64_t bell_seen;            /* events_total already looked at */
	bool bell_primed;              /* bell_seen is set */
	char theme[64];                /* the theme in use */

	/* After :ctx the collector and options are the UI's own; the first
	 * collector (main's) is stopped, never freed here. */
	kd_collector *first_collector;
	kd_options ctx_opts;
	bool ctx_owned;
	kd_secrets secrets;            /* values never to show */
	struct ui_ctx_job *ctx_job;    /* a :ctx switch under way, or NULL */

	/* Confirmed changes still applying after their pane was closed (a
	 * reassignment that waits for its end): polled each second, their end
	 * goes in the action log (ui/pane_change.c). */
	void *bg_changes[UI_MAX_BG_CHANGES];
	int n_bg_changes;

	/* A big table's rows rebuilt off the UI thread for a new snapshot
	 * (view_job.h): the view they are for (NULL: none coming), and the
	 * snapshots that rows on screen still point into, released once no
	 * view does. */
	struct kd_view_job *vjob;
	kd_view *job_view;
	const kd_snapshot *held[UI_MAX_HELD];
	int n_held;

	bool quit;
} kd_ui;

/* ---- ui.c ------------------------------------------------------------- */

kd_view *ui_view(kd_ui *ui);
/* The snapshot tables and totals show (see kd_ui.data), or NULL. */
const kd_snapshot *ui_data(const kd_ui *ui);
int64_t ui_unreachable_since(const kd_ui *ui);
const kd_pane *ui_pane(const kd_ui *ui);
bool ui_has_table(const kd_ui *ui);
void ui_select_pane(kd_ui *ui, int index);
/* Open src restricted by d above the current view; false (with a
 * message) when no pane shows src or the stack is full. */
bool ui_push(kd_ui *ui, const kd_view_source *src, const kd_drill *d);
/* Show another collector's snapshots (the caller disposes of the old). */
void ui_set_collector(kd_ui *ui, kd_collector *c);
/* Open a pane that draws itself (no table) above the current view, with
 * its own state inst (given to its close hook; may be NULL). */
bool ui_push_pane(kd_ui *ui, const kd_pane *pane, void *inst);
/* The instance of the pushed pane on top, or NULL. */
void *ui_pane_inst(const kd_ui *ui);
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
/* Backspace, C-u, C-w and typing in ui->prompt; false for other keys. */
bool prompt_edit(kd_ui *ui, int key);

/* A prompt a pane opens in the bottom line.  preview (may be NULL) sees
 * the text after each edit and says whether it is valid so far; accept
 * acts on Enter; cancel (may be NULL) undoes the previews, on Esc and
 * when accept fails (its error then shows in the bottom line). */
typedef struct kd_prompt_ops {
	const char *label;
	bool (*preview)(kd_ui *ui, const char *text, char *err, size_t errlen);
	bool (*accept)(kd_ui *ui, const char *text, char *err, size_t errlen);
	void (*cancel)(kd_ui *ui);
} kd_prompt_ops;
void prompt_open_ops(kd_ui *ui, const kd_prompt_ops *ops, const char *text);
/* What the bottom line shows before the typed text ("/", ":", ...). */
const char *prompt_label(const kd_ui *ui);

/* ---- operator experience ----------------------------------------------- */

/* command.c: the ':' prompt (opened by act_command) */
unsigned command_key(kd_ui *ui, int key);
/* Run one command line ("topic orders"); what it caused (KD_DID_*). */
unsigned command_run(kd_ui *ui, const char *line);
/* Tab: complete the word under the cursor of ui->prompt in place. */
void command_complete(kd_ui *ui);
/* widget_popup.c: the completions, boxed, above the bottom line */
void popup_draw(kd_ui *ui);
/* mouse.c: a KEY_MOUSE event */
unsigned mouse_event(kd_ui *ui);
void mouse_enable(bool on);
/* ui_config.c: what the config file and themes change in the UI */
void ui_config_apply(kd_ui *ui);
/* Load and apply a theme by name or path; false (with a message) when it
 * cannot be, the current one then stays. */
bool ui_theme_set(kd_ui *ui, const char *name);
/* ui_context.c: switch to a config file context without restarting.
 * ui_context_switch starts the switch off the UI thread (false with a
 * message when it cannot); ui_context_fd becomes readable when it is
 * done, and ui_context_finish then applies it (true when it did). */
typedef struct ui_ctx_job ui_ctx_job;
bool ui_context_switch(kd_ui *ui, const char *name);
int ui_context_fd(const kd_ui *ui);
bool ui_context_finish(kd_ui *ui);
void ui_context_free(kd_ui *ui);
/* The index of the root pane called name ("groups"), or -1. */
int ui_pane_index(const kd_ui *ui, const char *name);

#endif
