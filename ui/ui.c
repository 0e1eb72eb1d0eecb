/* ui.c: the dashboard's loop: wait on keys and snapshots together, let
 * handlers change state, repaint what they made dirty.  Nothing here
 * waits on the network: the collector thread does, and a new snapshot
 * arrives as a readable file descriptor. */
#include "config.h"

#include "ui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "alerts.h"
#include "fatal.h"
#include "keys.h"
#include "pane_change.h"
#include "pane_groups.h"
#include "ui_state.h"
#include "view_job.h"

/* The panes 1, 2, 3 and Tab go through, in order.  A new pane is one
 * line here (and its file, and its key in keys.c). */
static const kd_pane *const root_panes[] = {
	&pane_brokers,
	&pane_topics,
	&pane_partitions,
	&pane_replicas,
	&pane_quorum,
	&pane_groups,
	&pane_reassign,
	&pane_msk,
	&pane_events,
	&pane_alerts,
};

/* Panes reached only by opening a row (Enter) or a key, not by 1, 2, 3. */
static const kd_pane *const drill_panes[] = {
	&pane_group,
	&pane_topic_groups,
	&pane_msk_ops,
};

static volatile sig_atomic_t ui_signal;

/* Signal handlers only set a flag; the loop sees it when poll() returns
 * EINTR and leaves through the normal path, which restores the terminal. */
static void on_signal(int sig)
{
	ui_signal = sig;
}

int64_t ui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- navigation ---------------------------------------------------------- */

kd_view *ui_view(kd_ui *ui)
{
	if (ui->depth > 0)
		return ui->stack[ui->depth - 1];
	if (ui->pane < 0 || ui->pane >= ui->n_panes || !ui->panes[ui->pane]->source)
		return NULL;
	return &ui->roots[ui->pane];
}

const kd_pane *ui_pane(const kd_ui *ui)
{
	if (ui->depth > 0)
		return ui->stack_pane[ui->depth - 1];
	if (ui->pane < 0 || ui->pane >= ui->n_panes)
		return NULL;
	return ui->panes[ui->pane];
}

bool ui_has_table(const kd_ui *ui)
{
	const kd_pane *p = ui_pane(ui);
	return p && p->source;
}

/* Close the top of the stack: its view, or what a pane without one
 * holds (a tail's consumer). */
static void close_top(kd_ui *ui)
{
	const kd_pane *p;

	ui->depth--;
	p = ui->stack_pane[ui->depth];
	if (ui->stack[ui->depth]) {
		if (ui->job_view == ui->stack[ui->depth])
			ui->job_view = NULL;
		view_free(ui->stack[ui->depth]);
		free(ui->stack[ui->depth]);
	} else if (p && p->close) {
		p->close(ui, ui->stack_inst[ui->depth]);
	}
	ui->stack[ui->depth] = NULL;
	ui->stack_inst[ui->depth] = NULL;
}

static void free_stack(kd_ui *ui)
{
	while (ui->depth > 0)
		close_top(ui);
}

/* While the newest poll reached no broker, the data shown is the last
 * good snapshot: since when the cluster has been unreachable, else 0. */
int64_t ui_unreachable_since(const kd_ui *ui)
{
	return ui->data && ui->snap && !ui->snap->connected ?
		ui->snap->unreachable_since_ms : 0;
}

/* ---- held snapshots ----------------------------------------------------- */

/* Rows of a table whose rebuild runs off the UI thread still point into
 * the snapshot they came from after the UI moved on to a newer one. */
static bool view_points_into(const kd_ui *ui, const kd_snapshot *s)
{
	for (int i = 0; i < ui->n_panes; i++)
		if (ui->panes[i]->source && ui->roots[i].snap == s)
			return true;
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i] && ui->stack[i]->snap == s)
			return true;
	return false;
}

/* Release a reference, or keep it while a view's rows point into it. */
static void let_go(kd_ui *ui, const kd_snapshot *s)
{
	if (!s)
		return;
	if (view_points_into(ui, s) && ui->n_held < UI_MAX_HELD) {
		ui->held[ui->n_held++] = s;
		return;
	}
	collector_release(ui->collector, s);
}

/* Release the held references no view needs any more. */
static void release_unheld(kd_ui *ui)
{
	int n = 0;
	for (int i = 0; i < ui->n_held; i++)
		if (view_points_into(ui, ui->held[i]))
			ui->held[n++] = ui->held[i];
		else
			collector_release(ui->collector, ui->held[i]);
	ui->n_held = n;
}

/* ---- views --------------------------------------------------------------- */

/* Tables from this many rows rebuild off the UI thread for a new
 * snapshot (a few milliseconds' work below it). */
#define VIEW_JOB_MIN_ROWS 5000

static void job_release(void *owner, const kd_snapshot *s)
{
	collector_release(owner, s);
}

/* Rebuild v from the data off the UI thread; v keeps its rows (and the
 * snapshot they point into, see let_go) until the new ones are in.
 * False when v is better rebuilt here. */
static bool start_view_job(kd_ui *ui, kd_view *v)
{
	const kd_snapshot *s = ui_data(ui);
	int64_t keep = v->unreachable_since_ms;

	/* a view with rows is rebuilt when it has many; an emptied one (a
	 * pane shown again) when it had many */
	if (!ui->vjob || !s || (v->snap ? v->n_rows : v->last_rows) < VIEW_JOB_MIN_ROWS ||
	    ui->n_held > UI_MAX_HELD - 3)
		return false;
	collector_retain(ui->collector, s);
	v->unreachable_since_ms = ui_unreachable_since(ui);   /* what the job copies */
	view_job_start(ui->vjob, v, s, ui->collector);
	v->unreachable_since_ms = keep;
	ui->job_view = v;
	return true;
}

/* A rebuilt table is ready: its rows replace the view's, which keeps the
 * sort, filter and selection the operator set meanwhile. */
static void take_view_job(kd_ui *ui)
{
	const kd_snapshot *s;
	void *owner;
	uint64_t seq;
	kd_view *b = view_job_take(ui->vjob, &s, &owner, &seq), *v = ui->job_view;

	if (!b)
		return;
	ui->job_view = NULL;
	if (v && b->src == v->src && !memcmp(&b->drill, &v->drill, sizeof(b->drill))) {
		view_adopt(v, b);
		ui->dirty |= UI_DIRTY_HEADER | UI_DIRTY_TABS | UI_DIRTY_TABLE | UI_DIRTY_STATUS;
	} else {
		view_free(b);
		free(b);
	}
	if (owner == ui->collector)
		let_go(ui, s);
	else
		collector_release(owner, s);
	release_unheld(ui);
#ifdef HAVE_MALLOC_TRIM
	/* the old rows were built on the job's thread, in its own malloc
	 * arena, which keeps what is freed unless asked */
	malloc_trim(0);
#endif
}

/* Bring v up to the data, rebuilding it when the cluster went away or
 * came back (its rows then say so). */
static void update_view(kd_ui *ui, kd_view *v)
{
	int64_t u = ui_unreachable_since(ui);
	if (v == ui->job_view) {      /* rebuilt here: what the job brings is old */
		ui->job_view = NULL;
		view_invalidate(v);
	}
	if (v->unreachable_since_ms != u) {
		v->unreachable_since_ms = u;
		view_invalidate(v);
		v->snap = NULL;
	}
	view_update(v, ui_data(ui));
	release_unheld(ui);
}

/* Showing a view brings it up to the current snapshot (views out of
 * sight were invalidated when a snapshot was swapped). */
static void refresh_view(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	if (!v || v == ui->job_view)      /* its rows are on the way */
		return;
	if (!v->snap && start_view_job(ui, v))
		return;                       /* a big table shown again */
	update_view(ui, v);
}

void ui_select_pane(kd_ui *ui, int index)
{
	if (index < 0 || index >= ui->n_panes)
		return;
	free_stack(ui);
	ui->pane = index;
	refresh_view(ui);
}

bool ui_push(kd_ui *ui, const kd_view_source *src, const kd_drill *d)
{
	const kd_pane *pane = NULL;
	kd_view *v;

	for (int i = 0; i < ui->n_panes && !pane; i++)
		if (ui->panes[i]->source == src)
			pane = ui->panes[i];
	for (size_t i = 0; i < sizeof(drill_panes) / sizeof(drill_panes[0]) && !pane; i++)
		if (drill_panes[i]->source == src)
			pane = drill_panes[i];
	if (!pane) {
		ui_message(ui, true, "no pane shows %s", src->name);
		return false;
	}
	if (ui->depth == UI_MAX_DEPTH) {
		ui_message(ui, true, "too deep: press Esc to go back first");
		return false;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	view_init(v, src, d);
	update_view(ui, v);
	ui->stack[ui->depth] = v;
	ui->stack_pane[ui->depth] = pane;
	ui->depth++;
	return true;
}

bool ui_push_pane(kd_ui *ui, const kd_pane *pane, void *inst)
{
	if (ui->depth == UI_MAX_DEPTH) {
		ui_message(ui, true, "too deep: press Esc to go back first");
		return false;
	}
	ui->stack[ui->depth] = NULL;
	ui->stack_pane[ui->depth] = pane;
	ui->stack_inst[ui->depth] = inst;
	ui->depth++;
	return true;
}

void *ui_pane_inst(const kd_ui *ui)
{
	return ui->depth > 0 ? ui->stack_inst[ui->depth - 1] : NULL;
}

bool ui_pop(kd_ui *ui)
{
	if (ui->depth == 0)
		return false;
	close_top(ui);
	refresh_view(ui);
	return true;
}

void ui_message(kd_ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	va_end(ap);
	ui->msg_error = error;
	/* Notes pass; errors stay until the next key. */
	ui->msg_until_ms = error ? 0 : ui_now_ms() + 4000;
	ui->dirty |= UI_DIRTY_STATUS;
}

/* ---- snapshots ------------------------------------------------------------ */

const kd_snapshot *ui_data(const kd_ui *ui)
{
	return ui->data ? ui->data : ui->snap;
}

/* Take the newest snapshot.  A failed poll keeps the last good one as
 * the data shown (the status line tells its age and the error).  When
 * the data changes, the view on screen moves to it at once and the
 * others drop their rows (which point into the old data) to rebuild when
 * shown; only then are old references released. */
/* The terminal bell for alerts that fired since the last snapshot
 * (not those of a replay, and not the ones already firing at start). */
static void ring_for_alerts(kd_ui *ui, const kd_snapshot *s)
{
	uint64_t seen = ui->bell_seen;
	bool primed = ui->bell_primed;
	ui->bell_seen = s->events_total;
	ui->bell_primed = true;
	if (!ui->bell || s->replayed || !primed || s->events_total <= seen)
		return;
	uint64_t fresh = s->events_total - seen;
	for (int i = 0; i < s->n_events && (uint64_t)i < fresh; i++)
		if (s->events[i].kind == KD_EV_ALERT_FIRED && s->events[i].severity >= KD_SEV_WARNING) {
			beep();
			return;
		}
}

static void take_snapshot(kd_ui *ui)
{
	const kd_snapshot *s = collector_acquire(ui->collector);
	const kd_snapshot *old_data = ui_data(ui), *drop[2] = { NULL, NULL };
	int64_t old_unreachable = ui_unreachable_since(ui);
	kd_view *shown;

	if (!s)
		return;
	if (s == ui->snap) {
		collector_release(ui->collector, s);
		return;
	}
	if (s->connected || (!ui->data && !(ui->snap && ui->snap->connected))) {
		drop[0] = ui->data;
		drop[1] = ui->snap;
		ui->data = NULL;
	} else if (!ui->data) {
		ui->data = ui->snap;          /* the reference moves, no release */
	} else {
		drop[0] = ui->snap;
	}
	ui->snap = s;
	ring_for_alerts(ui, s);

	if (ui_data(ui) != old_data || ui_unreachable_since(ui) != old_unreachable) {
		shown = ui_view(ui);
		if (ui->job_view && ui->job_view != shown)
			ui->job_view = NULL;
		for (int i = 0; i < ui->n_panes; i++)
			if (&ui->roots[i] != shown && ui->panes[i]->source)
				view_invalidate(&ui->roots[i]);
		for (int i = 0; i < ui->depth; i++)
			if (ui->stack[i] && ui->stack[i] != shown)
				view_invalidate(ui->stack[i]);
		if (shown && !start_view_job(ui, shown))
			update_view(ui, shown);
	}
	for (int i = 0; i < 2; i++)
		let_go(ui, drop[i]);
	release_unheld(ui);
	/* the hints depend on the rows too (Open needs a selected row) */
	ui->dirty |= UI_DIRTY_HEADER | UI_DIRTY_TABS | UI_DIRTY_TABLE | UI_DIRTY_STATUS;
}

/* Another collector (another cluster, :ctx): every reference into the
 * old one's snapshots goes, drill-downs close (they named things of the
 * old cluster), the panes stay with their sort and filter. */
void ui_set_collector(kd_ui *ui, kd_collector *c)
{
	if (ui->vjob)
		view_job_cancel(ui->vjob);
	ui->job_view = NULL;
	free_stack(ui);
	for (int i = 0; i < ui->n_panes; i++)
		if (ui->panes[i]->source)
			view_invalidate(&ui->roots[i]);
	release_unheld(ui);
	if (ui->data)
		collector_release(ui->collector, ui->data);
	if (ui->snap)
		collector_release(ui->collector, ui->snap);
	ui->snap = ui->data = NULL;
	ui->collector = c;
	refresh_view(ui);
	ui->dirty |= UI_DIRTY_ALL | UI_DIRTY_CLEAR;
}

/* ---- keys ---------------------------------------------------------------- */

/* What a handler caused becomes what must be repainted; the one place
 * where that is decided. */
static void apply(kd_ui *ui, unsigned did)
{
	if (did & KD_DID_QUIT)
		ui->quit = true;
	if ((did & KD_DID_REFETCH) && ui->collector)
		collector_poke(ui->collector);
	if (did & KD_DID_CLEAR)
		ui->dirty |= UI_DIRTY_CLEAR | UI_DIRTY_ALL;
	if (did & KD_DID_SCREEN)
		ui->dirty |= UI_DIRTY_ALL;
	if (did & KD_DID_TABLE)
		ui->dirty |= UI_DIRTY_TABLE | UI_DIRTY_TABS | UI_DIRTY_STATUS;
	if (did & KD_DID_MOVE)
		ui->dirty |= UI_DIRTY_SELECTION | UI_DIRTY_TABS | UI_DIRTY_STATUS;
	if (did & KD_DID_STATUS)
		ui->dirty |= UI_DIRTY_STATUS;
}

static void handle_key(kd_ui *ui, int key)
{
	const kd_pane *p;
	const kd_action *a;

	if (key == KEYS_FN(KEY_RESIZE)) {
		ui->dirty |= UI_DIRTY_ALL | UI_DIRTY_CLEAR;
		return;
	}
	if (key == KEYS_FN(KEY_MOUSE)) {
		apply(ui, mouse_event(ui));
		return;
	}
	/* A key answers the message on screen. */
	if (ui->msg[0]) {
		ui->msg[0] = '\0';
		ui->dirty |= UI_DIRTY_STATUS;
	}
	if (ui->help) {
		apply(ui, help_key(ui, key));
		return;
	}
	if (ui->prompting) {
		apply(ui, prompt_key(ui, key));
		return;
	}
	p = ui_pane(ui);
	if (p && p->key) {
		apply(ui, p->key(ui, key));
		return;
	}
	a = keys_lookup(key, p ? p->name : NULL, ui_has_table(ui));
	if (!a) {
		char name[32];
		ui_message(ui, false, "%s does nothing here; ? lists the keys",
			   keys_name(key, name, sizeof(name)));
		return;
	}
	apply(ui, a->handler(ui, a->arg));
}

/* ---- painting ------------------------------------------------------------- */

static const char *empty_text(kd_ui *ui, const kd_view *v, char *buf, size_t len)
{
	const kd_pane *p = ui_pane(ui);

	const kd_snapshot *d = ui_data(ui);

	if (!d)
		snprintf(buf, len, "waiting for the first poll of %s%s",
			 ui->opts && ui->opts->bootstrap ? ui->opts->bootstrap : "the cluster",
			 ui->utf8 ? "\xe2\x80\xa6" : "...");
	else if (v == ui->job_view && v->n_rows == 0)
		snprintf(buf, len, "building the table of about %d rows%s", v->last_rows,
			 ui->utf8 ? "\xe2\x80\xa6" : "...");
	else if (v->n_rows > 0)
		snprintf(buf, len, "no row matches /%s/ (Esc clears the filter)",
			 view_filter(v) ? view_filter(v) : "");
	else if (!d->connected)
		snprintf(buf, len, "no data: the cluster has not answered yet");
	else if (p && p->empty_fn)
		p->empty_fn(d, buf, len);
	else
		snprintf(buf, len, "%s", p && p->empty ? p->empty : "nothing to show");
	return buf;
}

static void paint_body(kd_ui *ui)
{
	const kd_pane *p = ui_pane(ui);
	kd_view *v = ui_view(ui);
	kd_table_style st = { p ? p->row_style : NULL, ui->utf8 };
	char empty[512];

	ui->table_y = UI_HEADER_LINES;
	ui->table_h = ui->lines - UI_HEADER_LINES - 2;
	if (p && p->draw) {
		p->draw(ui, ui->table_y, ui->table_h + 1, ui->cols);
		ui->drawn_view = NULL;
		return;
	}
	if (!v)
		return;
	if (p && p->summary) {
		const kd_snapshot *d = ui_data(ui);
		char line[512] = "";
		kd_color_elem c = d && d->connected ? p->summary(d, line, sizeof(line))
						    : KD_COLOR_DEFAULT;

		draw_fill(ui->table_y, 0, ui->cols, colors_attr(KD_COLOR_DEFAULT));
		draw_text(ui->table_y, TABLE_GUTTER, ui->cols, colors_attr(c), line, ui->utf8);
		ui->table_y++;
		ui->table_h--;
	}
	if (ui->dirty & UI_DIRTY_TABLE || ui->drawn_view != v) {
		table_layout(v, ui->cols, &ui->layout);
		view_scroll(v, ui->table_h);
		table_draw(v, &ui->layout, ui->table_y, ui->table_h, &st,
			   empty_text(ui, v, empty, sizeof(empty)));
	} else if (ui->dirty & UI_DIRTY_SELECTION) {
		view_scroll(v, ui->table_h);
		if (v->top != ui->drawn_top) {
			table_draw(v, &ui->layout, ui->table_y, ui->table_h, &st,
				   empty_text(ui, v, empty, sizeof(empty)));
		} else {
			/* a move on the same page: two rows, not the table */
			table_draw_row(v, &ui->layout, ui->table_y, ui->table_h, &st,
				       ui->drawn_sel);
			table_draw_row(v, &ui->layout, ui->table_y, ui->table_h, &st, v->sel);
		}
	}
	ui->drawn_view = v;
	ui->drawn_sel = v->sel;
	ui->drawn_top = v->top;
}

static void place_cursor(kd_ui *ui)
{
	if (ui->prompting && !ui->help) {
		int x = draw_width(prompt_label(ui)) + draw_width(ui->prompt);
		if (x >= ui->cols)
			x = ui->cols - 1;
		move(ui->lines - 1, x);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

/* The one place that draws: whatever the dirty flags name, then one
 * refresh (curses sends only the cells that changed). */
static void repaint(kd_ui *ui)
{
	unsigned dirty = ui->dirty;

	if (!dirty)
		return;
	getmaxyx(stdscr, ui->lines, ui->cols);
	if (dirty & UI_DIRTY_CLEAR) {
		clearok(curscr, TRUE);
		erase();
		ui->drawn_view = NULL;
		dirty |= UI_DIRTY_ALL;
	}
	if (ui->lines < UI_MIN_LINES || ui->cols < UI_MIN_COLS) {
		erase();
		draw_text(0, 0, ui->cols, colors_attr(KD_COLOR_STATUS_WARN),
			  "kdeck: terminal too small", ui->utf8);
		ui->drawn_view = NULL;
		ui->dirty = 0;
		curs_set(0);
		refresh();
		return;
	}
	if (ui->help) {
		help_draw(ui);
		ui->drawn_view = NULL;
	} else {
		ui->dirty = dirty;
		if (dirty & UI_DIRTY_HEADER)
			header_draw(ui);
		if (dirty & (UI_DIRTY_TABLE | UI_DIRTY_SELECTION))
			paint_body(ui);
		if (dirty & (UI_DIRTY_TABS | UI_DIRTY_TABLE | UI_DIRTY_SELECTION))
			header_draw_tabs(ui);
		if (dirty & UI_DIRTY_STATUS)
			statusbar_draw(ui);
		if (dirty & (UI_DIRTY_TABLE | UI_DIRTY_STATUS))
			popup_draw(ui);
	}
	place_cursor(ui);
	ui->dirty = 0;
	refresh();
}

/* ---- the loop ------------------------------------------------------------- */

static void tick(kd_ui *ui, int64_t *last_s)
{
	int64_t now = ui_now_ms();

	if (now / 1000 != *last_s) {
		*last_s = now / 1000;
		ui->dirty |= UI_DIRTY_HEADER;     /* "updated 3s ago" */
	}
	if (ui->msg[0] && ui->msg_until_ms && now >= ui->msg_until_ms) {
		ui->msg[0] = '\0';
		ui->dirty |= UI_DIRTY_STATUS;
	}
}

static void loop(kd_ui *ui)
{
	int64_t last_s = 0;

	while (!ui->quit && !ui_signal) {
		/* read each time: :ctx replaces the collector */
		int fd = ui->collector ? collector_fd(ui->collector) : -1;
		/* a pane may have its own source of changes (a tail) */
		const kd_pane *pp = ui_pane(ui);
		int pfd = pp && pp->wake_fd ? pp->wake_fd(ui) : -1;
		struct pollfd fds[5] = {
			{ .fd = 0, .events = POLLIN },
			{ .fd = fd, .events = POLLIN },
			{ .fd = pfd, .events = POLLIN },
			{ .fd = ui_context_fd(ui), .events = POLLIN },  /* :ctx ready */
			{ .fd = ui->vjob ? view_job_fd(ui->vjob) : -1, .events = POLLIN },
		};
		int timeout, rc, key;

		tick(ui, &last_s);
		repaint(ui);
		/* wake at the next second for the age, never later */
		timeout = 1000 - (int)(ui_now_ms() % 1000) + 5;
		rc = poll(fds, 5, timeout);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break;                        /* the terminal went away */
		if (rc > 0 && (fds[1].revents & POLLIN)) {
			collector_ack(ui->collector);
			take_snapshot(ui);
		}
		if (rc > 0 && (fds[4].revents & POLLIN))
			take_view_job(ui);
		if (rc > 0 && pfd >= 0 && (fds[2].revents & POLLIN) && pp->wake)
			apply(ui, pp->wake(ui));
		if (rc > 0 && (fds[3].revents & POLLIN) && ui_context_finish(ui))
			apply(ui, KD_DID_SCREEN | KD_DID_CLEAR);
		if (ui->n_bg_changes)
			apply(ui, pane_change_background(ui));
		/* Also after EINTR: SIGWINCH arrives as KEY_RESIZE here. */
		while (!ui->quit && (key = keys_read()) != KEYS_NONE)
			handle_key(ui, key);
	}
}

static void ui_free(kd_ui *ui)
{
	view_job_free(ui->vjob);
	ui->vjob = NULL;
	ui->job_view = NULL;
	free_stack(ui);
	pane_change_background_free(ui);
	for (int i = 0; i < ui->n_panes; i++)
		if (ui->panes[i]->source)
			view_free(&ui->roots[i]);
	release_unheld(ui);
	if (ui->data)
		collector_release(ui->collector, ui->data);
	if (ui->snap)
		collector_release(ui->collector, ui->snap);
	ui->snap = ui->data = NULL;
	free(ui->prompt_saved);
	free(ui->prompt_saved_sel);
}

int ui_run(kd_collector *c, const kd_options *o)
{
	static kd_ui ui;      /* large; one per process */
	struct sigaction sa, old_int, old_term, old_hup;
	SCREEN *scr;
	int rc;

	memset(&ui, 0, sizeof(ui));
	ui.collector = c;
	ui.first_collector = c;
	ui.opts = o;
	ui_signal = 0;

	rc = keys_init();
	if (rc != KEYS_OK) {
		fprintf(stderr, "kdeck: internal error in the default keys: %s\n",
			keys_strerror(rc));
		collector_abandon(c);
		return KD_EXIT_INTERNAL;
	}
	setlocale(LC_ALL, "");
	ui.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	fatal_install();        /* before curses changes the tty modes */
	/* newterm, unlike initscr, reports a bad TERM instead of exiting */
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		fprintf(stderr, "kdeck: cannot start the terminal user interface (TERM=%s)\n",
			term ? term : "unset");
		fatal_uninstall();
		collector_abandon(c);
		return KD_EXIT_INTERNAL;
	}
	set_term(scr);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	colors_init(getenv("NO_COLOR") == NULL || !*getenv("NO_COLOR"));

	for (size_t i = 0; i < sizeof(root_panes) / sizeof(root_panes[0]) && i < UI_MAX_PANES; i++) {
		ui.panes[ui.n_panes] = root_panes[i];
		if (root_panes[i]->source)
			view_init(&ui.roots[ui.n_panes], root_panes[i]->source, NULL);
		ui.n_panes++;
	}
	ui.pane = 0;
	ui_config_apply(&ui);
	if (o->config) {
		kd_alert_rules *rules = alerts_from_config(o->config);
		ui.bell = rules && rules->bell;
		alerts_rules_free(rules);
	}
	ui.vjob = view_job_new(job_release);   /* NULL: every rebuild here */
	ui.snap = c ? collector_acquire(c) : NULL;
	refresh_view(&ui);
	ui.dirty = UI_DIRTY_ALL | UI_DIRTY_CLEAR;

	loop(&ui);

	endwin();
	delscreen(scr);
	fatal_uninstall();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	ui_free(&ui);
	ui_context_free(&ui);
	return KD_EXIT_OK;
}
