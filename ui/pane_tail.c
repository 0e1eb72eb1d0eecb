/* pane_tail.c: the message tail: one row per message (time, partition,
 * offset, key, size, value preview), newest at the bottom, following new
 * ones until the user scrolls back.  A filter (msgfilter), pause, the
 * start, formats, the buffer size and saving are keys of this pane.  The
 * consumer thread fills a tail_buffer; this file reads it under its lock
 * and draws at most a few times a second, whatever the message rate. */
#include "config.h"

#include "pane_tail.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "msgfilter.h"
#include "tail_live.h"
#include "ui_state.h"
#include "widget_msgtext.h"

/* Bytes of a key or value rendered for one row: more than a row shows. */
#define PREVIEW_BYTES 1024

typedef struct tail_pane {
	tail_live *live;
	char topic[256];
	int32_t partition;         /* -1: all */
	char start[128];           /* as the user gave it */
	char filter[256];          /* as typed; "" for none */
	char filter_before[256];   /* while the filter prompt is open */
	size_t cap;                /* 0: the buffer's default */
	msgfmt_format key_fmt, value_fmt;
	bool follow;               /* the newest message is selected */
	bool paused;
	int64_t sel, top;          /* seqs; -1 before the first message */
	int rows;                  /* message rows at the last draw */
} tail_pane;

static tail_pane tp;

static tail_buffer *buf(void)
{
	return tp.live ? tail_live_buffer(tp.live) : NULL;
}

msgfmt_format pane_tail_next_format(msgfmt_format f)
{
	switch (f) {
	case MSGFMT_AUTO: return MSGFMT_JSON;
	case MSGFMT_JSON: return MSGFMT_TEXT;
	case MSGFMT_TEXT: return MSGFMT_HEX;
	case MSGFMT_HEX: return MSGFMT_BASE64;
	default: return MSGFMT_AUTO;
	}
}

/* ---- starting and stopping ------------------------------------------------ */

/* A consumer for the current topic, start, filter and buffer size. */
static bool start_live(kd_ui *ui, char *err, size_t errlen)
{
	kd_tail_spec sp = { .topic = tp.topic, .partition = tp.partition };
	msgfilter *f = NULL;

	if (tail_parse_start(tp.start, ui_now_ms(), &sp, err, errlen))
		return false;
	if (tp.filter[0] && !(f = msgfilter_compile(tp.filter, NULL, err, errlen)))
		return false;
	tp.live = tail_live_start(ui->opts, &sp, tp.cap, err, errlen);
	if (!tp.live) {
		msgfilter_free(f);
		return false;
	}
	if (f)
		tail_buffer_set_filter(buf(), f);
	tp.follow = true;
	tp.paused = false;
	tp.sel = tp.top = -1;
	return true;
}

static void stop_live(void)
{
	tail_live_stop(tp.live);
	tp.live = NULL;
}

bool pane_tail_open(kd_ui *ui, const char *topic, int32_t partition, const char *start)
{
	kd_tail_spec sp = { .topic = topic, .partition = partition };
	char err[512];

	if (!start)
		start = PANE_TAIL_DEFAULT_START;
	if (!ui->opts || !ui->opts->bootstrap) {
		ui_message(ui, true, "no cluster to tail");
		return false;
	}
	if (strlen(topic) >= sizeof(tp.topic) || strlen(start) >= sizeof(tp.start)) {
		ui_message(ui, true, "topic name or start too long");
		return false;
	}
	if (tail_parse_start(start, ui_now_ms(), &sp, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return false;
	}
	/* one tail at a time: a new one replaces the old */
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack_pane[i] == &pane_tail) {
			while (ui->depth > i && ui_pop(ui))
				;
			break;
		}
	stop_live();
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.topic, sizeof(tp.topic), "%s", topic);
	snprintf(tp.start, sizeof(tp.start), "%s", start);
	tp.partition = partition;
	if (!start_live(ui, err, sizeof(err))) {
		ui_message(ui, true, "cannot tail %s: %s", topic, err);
		return false;
	}
	if (!ui_push_pane(ui, &pane_tail, NULL)) {
		stop_live();
		return false;
	}
	return true;
}

/* The pane hooks: wake on the buffer's descriptor, stop on close. */
static int tail_wake_fd(kd_ui *ui)
{
	(void)ui;
	return buf() ? tail_buffer_fd(buf()) : -1;
}

static unsigned tail_wake(kd_ui *ui)
{
	(void)ui;
	if (buf())
		tail_buffer_ack(buf());
	return KD_DID_TABLE;
}

static void tail_close(kd_ui *ui, void *inst)
{
	(void)ui;
	(void)inst;
	stop_live();
}

/* ---- the rows --------------------------------------------------------------- */

/* Make sel and top valid for what the buffer holds now and fill seqs with
 * the rows to show (at most n).  Caller holds the buffer's lock. */
static int window_locked(const tail_buffer *b, int64_t *seqs, int n)
{
	int count = 0;
	int64_t s;

	if (n <= 0)
		return 0;
	if (tp.follow || tp.sel < 0) {
		tp.sel = tail_buffer_last_match_locked(b);
		tp.follow = true;
	} else {
		const tail_entry *e = tail_buffer_get_locked(b, tp.sel);
		if (!e || !e->match) {
			/* evicted or filtered out: the nearest newer one */
			s = tail_buffer_next_match_locked(b, tp.sel);
			tp.sel = s >= 0 ? s : tail_buffer_last_match_locked(b);
		}
	}
	if (tp.sel < 0) {
		tp.top = -1;
		return 0;
	}
	/* top: keep it while sel is on screen from it; a selection above it
	 * becomes the first row, one below the screen the last */
	if (!tp.follow && tp.top >= 0) {
		const tail_entry *e = tail_buffer_get_locked(b, tp.top);
		if (!e || !e->match)
			tp.top = tail_buffer_next_match_locked(b, tp.top);
		if (tp.top > tp.sel) {
			tp.top = tp.sel;
		} else if (tp.top >= 0) {
			s = tp.top;
			for (int i = 0; s >= 0 && s < tp.sel && i < n - 1; i++)
				s = tail_buffer_next_match_locked(b, s);
			if (s != tp.sel)
				tp.top = -1;
		}
	} else {
		tp.top = -1;
	}
	if (tp.top < 0) {
		tp.top = tp.sel;
		for (int i = 0; i < n - 1; i++) {
			s = tail_buffer_prev_match_locked(b, tp.top);
			if (s < 0)
				break;
			tp.top = s;
		}
	}
	/* fill the screen: older rows when the newest are already shown */
	for (s = tp.top; s >= 0 && count < n; s = tail_buffer_next_match_locked(b, s))
		seqs[count++] = s;
	while (count < n && (s = tail_buffer_prev_match_locked(b, seqs[0])) >= 0) {
		memmove(seqs + 1, seqs, (size_t)count * sizeof(*seqs));
		seqs[0] = s;
		tp.top = s;
		count++;
	}
	return count;
}

static bool same_day(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_yday == b->tm_yday;
}

/* "13:05:02.123" today, "11-24 13:05:02.123" on another day, "-" for
 * none, in local time. */
static void fmt_time(char *dst, size_t len, int64_t ms, const struct tm *today)
{
	time_t t;
	struct tm tm;

	if (ms < 0) {
		snprintf(dst, len, "-");
		return;
	}
	t = (time_t)(ms / 1000);
	if (!localtime_r(&t, &tm)) {
		snprintf(dst, len, "?");
		return;
	}
	if (same_day(&tm, today))
		snprintf(dst, len, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (int)(ms % 1000));
	else
		snprintf(dst, len, "%02d-%02d %02d:%02d:%02d.%03d", tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

typedef struct row_layout {
	int x_time, w_time, x_part, w_part, x_off, w_off, x_key, w_key, x_size, w_size, x_val;
} row_layout;

static int digits(int64_t v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Column widths from the rows on screen; the value takes what is left. */
static void layout(const tail_buffer *b, const int64_t *seqs, int n, int w,
		   const struct tm *today, row_layout *l)
{
	int wt = 4, wp = 4, wo = 6, wk = 3;
	char tbuf[32];
	msgfmt_buf kb;
	msgfmt_opts o = { .max_bytes = 64 };

	msgfmt_buf_init(&kb);
	for (int i = 0; i < n; i++) {
		const tail_entry *e = tail_buffer_get_locked(b, seqs[i]);
		int k;
		fmt_time(tbuf, sizeof(tbuf), e->msg.ts_type == KD_TS_NONE ? -1 : e->msg.timestamp,
			 today);
		if ((int)strlen(tbuf) > wt)
			wt = (int)strlen(tbuf);
		if (digits(e->msg.partition) > wp)
			wp = digits(e->msg.partition);
		if (digits(e->msg.offset) > wo)
			wo = digits(e->msg.offset);
		msgfmt_buf_reset(&kb);
		msgfmt_render(&kb, e->msg.key, e->msg.key_len, tp.key_fmt, &o);
		k = msgtext_width(kb.data, kb.len);
		if (k > wk)
			wk = k;
	}
	msgfmt_buf_free(&kb);
	if (wk > 24)
		wk = 24;
	if (wk > w / 5)
		wk = w / 5 > 3 ? w / 5 : 3;
	l->x_time = 1;
	l->w_time = wt;
	l->x_part = l->x_time + wt + 1;
	l->w_part = wp;
	l->x_off = l->x_part + wp + 1;
	l->w_off = wo;
	l->x_key = l->x_off + wo + 1;
	l->w_key = wk;
	l->x_size = l->x_key + wk + 1;
	l->w_size = 9;
	l->x_val = l->x_size + l->w_size + 1;
}

static void draw_right(int y, int x, int w, attr_t a, const char *s, bool utf8)
{
	int sw = draw_width(s);
	draw_text(y, sw < w ? x + w - sw : x, x + w, a, s, utf8);
}

static void draw_titles(kd_ui *ui, int y, int w, const row_layout *l)
{
	attr_t a = colors_attr(KD_COLOR_TABLE_HEADER);
	char key[32], value[32];

	snprintf(key, sizeof(key), "KEY%s%s", tp.key_fmt ? ":" : "",
		 tp.key_fmt ? msgfmt_format_name(tp.key_fmt) : "");
	snprintf(value, sizeof(value), "VALUE%s%s", tp.value_fmt ? ":" : "",
		 tp.value_fmt ? msgfmt_format_name(tp.value_fmt) : "");
	draw_fill(y, 0, w, a);
	draw_text(y, l->x_time, l->x_time + l->w_time, a, "TIME", ui->utf8);
	draw_right(y, l->x_part, l->w_part, a, "PART", ui->utf8);
	draw_right(y, l->x_off, l->w_off, a, "OFFSET", ui->utf8);
	draw_text(y, l->x_key, l->x_key + l->w_key, a, key, ui->utf8);
	draw_right(y, l->x_size, l->w_size, a, "SIZE", ui->utf8);
	draw_text(y, l->x_val, w, a, value, ui->utf8);
}

static void draw_row(kd_ui *ui, int y, int w, const tail_entry *e, bool selected,
		     const row_layout *l, const struct tm *today, msgfmt_buf *tmp)
{
	attr_t base = colors_attr(selected ? KD_COLOR_SELECTED : KD_COLOR_DEFAULT);
	msgfmt_opts o = { .flags = ui->utf8 ? 0 : MSGFMT_ASCII, .max_bytes = PREVIEW_BYTES };
	char s[64];

	draw_fill(y, 0, w, base);
	if (selected)
		draw_text(y, 0, 1, base | A_BOLD, ">", ui->utf8);
	fmt_time(s, sizeof(s), e->msg.ts_type == KD_TS_NONE ? -1 : e->msg.timestamp, today);
	draw_text(y, l->x_time, l->x_time + l->w_time, base, s, ui->utf8);
	snprintf(s, sizeof(s), "%" PRId32, e->msg.partition);
	draw_right(y, l->x_part, l->w_part, base, s, ui->utf8);
	snprintf(s, sizeof(s), "%" PRId64, e->msg.offset);
	draw_right(y, l->x_off, l->w_off, base, s, ui->utf8);
	msgfmt_buf_reset(tmp);
	msgfmt_render(tmp, e->msg.key, e->msg.key_len, tp.key_fmt, &o);
	msgtext_draw(y, l->x_key, l->x_key + l->w_key, tmp, 0, tmp->len, selected, base,
		     ui->utf8);
	if (e->msg.value)
		msgfmt_size(s, sizeof(s), e->value_size);
	else
		snprintf(s, sizeof(s), "-");
	draw_right(y, l->x_size, l->w_size, base, s, ui->utf8);
	if (l->x_val < w) {
		msgfmt_buf_reset(tmp);
		msgfmt_render(tmp, e->msg.value, e->msg.value_len, tp.value_fmt, &o);
		msgtext_draw(y, l->x_val, w, tmp, 0, tmp->len, selected, base, ui->utf8);
	}
}

/* ---- the status line ---------------------------------------------------- */

static void status_line(kd_ui *ui, int y, int w, const tail_stats *st)
{
	char where[320], counts[96], rate[32], held[64], state[300];
	kd_color_elem sc = KD_COLOR_STATUS_OK;
	int x;

	if (tp.partition >= 0)
		snprintf(where, sizeof(where), "%s [%d]", tp.topic, (int)tp.partition);
	else
		snprintf(where, sizeof(where), "%s", tp.topic);
	switch (st->state) {
	case TAIL_STATE_STARTING:
		snprintf(state, sizeof(state), "starting%s", ui->utf8 ? "\xe2\x80\xa6" : "...");
		sc = KD_COLOR_STATUS_WARN;
		break;
	case TAIL_STATE_FAILED:
		snprintf(state, sizeof(state), "failed: %s", st->error);
		sc = KD_COLOR_STATUS_ERROR;
		break;
	case TAIL_STATE_DONE:
		snprintf(state, sizeof(state), "stopped");
		sc = KD_COLOR_STATUS_WARN;
		break;
	default:
		/* the consumer applies a pause within a poll: say so until then */
		if (tp.paused != (st->state == TAIL_STATE_PAUSED)) {
			snprintf(state, sizeof(state), "%s%s", tp.paused ? "pausing" : "resuming",
				 ui->utf8 ? "\xe2\x80\xa6" : "...");
			sc = KD_COLOR_STATUS_WARN;
		} else if (tp.paused) {
			snprintf(state, sizeof(state), "paused");
			sc = KD_COLOR_STATUS_WARN;
		} else if (!tp.follow) {
			snprintf(state, sizeof(state), "scrolled back");
			sc = KD_COLOR_STATUS_WARN;
		} else {
			snprintf(state, sizeof(state), "following");
		}
	}
	/* exact counts, never abbreviated */
	if (st->filtered)
		snprintf(counts, sizeof(counts), "%" PRId64 " matched, %" PRId64 " scanned",
			 st->matched, st->scanned);
	else
		snprintf(counts, sizeof(counts), "%" PRId64 " msgs", st->consumed);
	snprintf(rate, sizeof(rate), "%.0f msg/s", st->rate);
	snprintf(held, sizeof(held), "held %zu/%zu", st->held, st->cap);

	draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
	x = draw_text(y, 0, w, colors_attr(KD_COLOR_TITLE), where, ui->utf8);
	x = draw_text(y, x + 2, w, colors_attr(sc), state, ui->utf8);
	x = draw_text(y, x + 2, w, colors_attr(KD_COLOR_HEADER_VALUE), counts, ui->utf8);
	x = draw_text(y, x + 2, w, colors_attr(KD_COLOR_HEADER_LABEL), rate, ui->utf8);
	if (tp.filter[0]) {
		char f[300];
		snprintf(f, sizeof(f), "filter %s", tp.filter);
		x = draw_text(y, x + 2, w, colors_attr(KD_COLOR_PROMPT), f, ui->utf8);
	}
	x = draw_text(y, x + 2, w, colors_attr(KD_COLOR_HEADER_LABEL), held, ui->utf8);
	if (st->n_parts > 0 && st->at_end == st->n_parts)
		draw_text(y, x + 2, w, colors_attr(KD_COLOR_HEADER_LABEL), "at end", ui->utf8);
}

static const char *empty_text(kd_ui *ui, const tail_stats *st, char *dst, size_t len)
{
	const char *dots = ui->utf8 ? "\xe2\x80\xa6" : "...";

	if (st->state == TAIL_STATE_STARTING)
		snprintf(dst, len, "connecting to %s and finding where %s starts%s",
			 ui->opts->bootstrap, tp.start, dots);
	else if (st->state == TAIL_STATE_FAILED)
		snprintf(dst, len, "the tail stopped: %s (o starts it again)", st->error);
	else if (st->held > 0)
		snprintf(dst, len, "none of the %zu messages held matches the filter "
			 "(/ changes it)", st->held);
	else
		snprintf(dst, len, "no messages yet from %s%s (o changes the start)", tp.start,
			 !strcmp(tp.start, "end") ? ": new ones appear here" : "");
	return dst;
}

static void tail_draw(kd_ui *ui, int y, int h, int w)
{
	tail_buffer *b = buf();
	tail_stats st;
	int64_t *seqs;
	int n_rows = h - 2, n;
	time_t now = time(NULL);
	struct tm today;
	row_layout l;
	msgfmt_buf tmp;

	if (!b || h < 3)
		return;
	localtime_r(&now, &today);
	seqs = calloc(n_rows > 0 ? (size_t)n_rows : 1, sizeof(*seqs));
	if (!seqs)
		abort();
	msgfmt_buf_init(&tmp);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	n = window_locked(b, seqs, n_rows);
	tp.rows = n_rows;
	layout(b, seqs, n, w, &today, &l);
	status_line(ui, y, w, &st);
	draw_titles(ui, y + 1, w, &l);
	for (int i = 0; i < n_rows; i++) {
		if (i < n)
			draw_row(ui, y + 2 + i, w, tail_buffer_get_locked(b, seqs[i]),
				 seqs[i] == tp.sel, &l, &today, &tmp);
		else
			draw_fill(y + 2 + i, 0, w, colors_attr(KD_COLOR_DEFAULT));
	}
	tail_buffer_unlock(b);
	if (n == 0 && n_rows > 1) {
		char e[600];
		draw_text(y + 3, 2, w, colors_attr(st.state == TAIL_STATE_FAILED
						   ? KD_COLOR_STATUS_ERROR : KD_COLOR_EMPTY),
			  empty_text(ui, &st, e, sizeof(e)), ui->utf8);
	}
	msgfmt_buf_free(&tmp);
	free(seqs);
}

const kd_pane pane_tail = {
	.name = "tail",
	.draw = tail_draw,
	.wake_fd = tail_wake_fd,
	.wake = tail_wake,
	.close = tail_close,
};

/* ---- opening from the tables ------------------------------------------------ */

bool act_can_tail_open(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	const kd_row *r = v ? view_selected(v) : NULL;
	return r && r->topic;
}

unsigned act_tail_open(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);
	const kd_row *r = v ? view_selected(v) : NULL;

	if (!r || !r->topic) {
		ui_message(ui, false, "select a topic or a partition to tail");
		return KD_DID_STATUS;
	}
	if (!pane_tail_open(ui, r->topic->name, arg && r->partition ? r->partition->id : -1,
			    NULL))
		return KD_DID_STATUS;
	return KD_DID_SCREEN;
}

/* ---- keys in the tail ------------------------------------------------------- */

unsigned act_tail_move(kd_ui *ui, int how)
{
	tail_buffer *b = buf();
	int steps = how == -2 || how == 2 ? (tp.rows > 1 ? tp.rows - 1 : 1) : 1;
	int64_t s;

	(void)ui;
	if (!b)
		return KD_DID_NOTHING;
	if (how == 3) {
		tp.follow = true;
		return KD_DID_TABLE;
	}
	tail_buffer_lock(b);
	if (tp.sel < 0 || !tail_buffer_get_locked(b, tp.sel))
		tp.sel = tail_buffer_last_match_locked(b);
	if (how == -3) {
		tp.sel = tail_buffer_first_match_locked(b);
		tp.follow = false;
	} else if (how < 0) {
		for (int i = 0; i < steps && (s = tail_buffer_prev_match_locked(b, tp.sel)) >= 0; i++) {
			tp.sel = s;
			tp.follow = false;
		}
	} else {
		for (int i = 0; i < steps && (s = tail_buffer_next_match_locked(b, tp.sel)) >= 0; i++)
			tp.sel = s;
		/* moving onto the newest message follows again */
		if (tail_buffer_next_match_locked(b, tp.sel) < 0)
			tp.follow = true;
	}
	tail_buffer_unlock(b);
	return KD_DID_TABLE;
}

bool act_tail_has_message(kd_ui *ui)
{
	(void)ui;
	return buf() && tp.sel >= 0;
}

unsigned act_tail_detail(kd_ui *ui, int arg)
{
	tail_buffer *b = buf();
	const tail_entry *e;
	tail_entry *copy = NULL;

	(void)arg;
	if (!b)
		return KD_DID_NOTHING;
	tail_buffer_lock(b);
	e = tail_buffer_get_locked(b, tp.sel);
	if (e) {
		copy = tail_entry_copy(&e->msg, 0);
		copy->seq = e->seq;
		copy->key_size = e->key_size;
		copy->value_size = e->value_size;
	}
	tail_buffer_unlock(b);
	if (!copy) {
		ui_message(ui, false, "no message selected");
		return KD_DID_STATUS;
	}
	/* what the user opened stays put when they come back */
	tp.follow = false;
	pane_message_open(ui, copy, tp.key_fmt, tp.value_fmt);
	return KD_DID_SCREEN;
}

unsigned act_tail_pause(kd_ui *ui, int arg)
{
	(void)arg;
	if (!tp.live)
		return KD_DID_NOTHING;
	tp.paused = !tp.paused;
	tail_live_pause(tp.live, tp.paused);
	ui_message(ui, false, tp.paused ? "paused: p resumes" : "resumed");
	return KD_DID_TABLE;
}

unsigned act_tail_format(kd_ui *ui, int arg)
{
	msgfmt_format *f = arg ? &tp.key_fmt : &tp.value_fmt;

	*f = pane_tail_next_format(*f);
	ui_message(ui, false, "%s shown as %s", arg ? "keys" : "values", msgfmt_format_name(*f));
	return KD_DID_TABLE;
}

/* ---- prompts ------------------------------------------------------------------- */

/* Filter: each edit that compiles applies at once (the consumer filters
 * what it holds again); Esc puts the old filter back. */
static bool set_filter(const char *text, char *err, size_t errlen)
{
	msgfilter *f = NULL;
	int col = 0;

	if (!buf())
		return true;
	if (*text && !(f = msgfilter_compile(text, &col, err, errlen)))
		return false;
	tail_buffer_set_filter(buf(), f);
	snprintf(tp.filter, sizeof(tp.filter), "%s", text);
	return true;
}

static bool filter_preview(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	(void)ui;
	return set_filter(text, err, errlen);
}

static bool filter_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	if (!set_filter(text, err, errlen))
		return false;
	if (*text)
		ui_message(ui, false, "filter set: the counts restart from the messages held");
	else
		ui_message(ui, false, "filter cleared");
	return true;
}

static void filter_cancel(kd_ui *ui)
{
	char err[256];

	(void)ui;
	set_filter(tp.filter_before, err, sizeof(err));
}

static const kd_prompt_ops filter_ops = {
	.label = "filter: ",
	.preview = filter_preview,
	.accept = filter_accept,
	.cancel = filter_cancel,
};

unsigned act_tail_filter(kd_ui *ui, int arg)
{
	(void)arg;
	if (!tp.live)
		return KD_DID_NOTHING;
	snprintf(tp.filter_before, sizeof(tp.filter_before), "%s", tp.filter);
	prompt_open_ops(ui, &filter_ops, tp.filter);
	return KD_DID_STATUS;
}

/* Start: checked as typed, applied on Enter by a new consumer. */
static bool start_preview(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	kd_tail_spec sp = { .partition = -1 };

	(void)ui;
	return tail_parse_start(text, ui_now_ms(), &sp, err, errlen) == 0;
}

static bool start_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	char old[sizeof(tp.start)];

	if (!start_preview(ui, text, err, errlen))
		return false;
	if (strlen(text) >= sizeof(tp.start)) {
		snprintf(err, errlen, "start too long");
		return false;
	}
	snprintf(old, sizeof(old), "%s", tp.start);
	snprintf(tp.start, sizeof(tp.start), "%s", text);
	stop_live();
	if (!start_live(ui, err, errlen)) {
		snprintf(tp.start, sizeof(tp.start), "%s", old);
		return false;
	}
	ui_message(ui, false, "tailing %s from %s", tp.topic, tp.start);
	return true;
}

static const kd_prompt_ops start_ops = {
	.label = "start (end beginning -N OFFSET @10m @ISO-TIME): ",
	.preview = start_preview,
	.accept = start_accept,
};

unsigned act_tail_start(kd_ui *ui, int arg)
{
	(void)arg;
	prompt_open_ops(ui, &start_ops, tp.start);
	return KD_DID_STATUS;
}

/* Save: JSON lines to a new file (never over an existing one). */
static bool save_to(kd_ui *ui, const char *path, bool all, char *err, size_t errlen)
{
	tail_stats st;
	FILE *f;
	int64_t n, cut = 0;
	bool only = !all;

	if (!buf() || !*path) {
		snprintf(err, errlen, "no file name");
		return false;
	}
	tail_buffer_stats(buf(), &st);
	only = only && st.filtered;
	f = fopen(path, "wx");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, errno == EEXIST ? "exists already" : strerror(errno));
		return false;
	}
	n = tail_buffer_save(buf(), f, only, &cut, err, errlen);
	if (fclose(f) != 0 && n >= 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		n = -1;
	}
	if (n < 0)
		return false;
	ui_message(ui, false, "saved %" PRId64 " %smessages to %s%s", n, only ? "matching " : "",
		   path, cut ? " (some values were cut at 1 MiB)" : "");
	return true;
}

static bool save_shown_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	return save_to(ui, text, false, err, errlen);
}

static bool save_all_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	return save_to(ui, text, true, err, errlen);
}

static const kd_prompt_ops save_shown_ops = {
	.label = "save shown messages to: ",
	.accept = save_shown_accept,
};

static const kd_prompt_ops save_all_ops = {
	.label = "save all messages held to: ",
	.accept = save_all_accept,
};

unsigned act_tail_save(kd_ui *ui, int arg)
{
	char path[400], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!tp.live)
		return KD_DID_NOTHING;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof(path), "kdeck-%s-%s.jsonl", tp.topic, stamp);
	/* topic names are [A-Za-z0-9._-]: a safe file name already */
	prompt_open_ops(ui, arg ? &save_all_ops : &save_shown_ops, path);
	return KD_DID_STATUS;
}

static bool capacity_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (!*text || *end || errno || *text == '-' || !buf() ||
	    tail_buffer_set_capacity(buf(), (size_t)n) != 0) {
		snprintf(err, errlen, "buffer size '%s': expected a number of messages from 1 to %d",
			 text, TAIL_BUFFER_MAX_CAP);
		return false;
	}
	tp.cap = (size_t)n;
	ui_message(ui, false, "holding the last %llu messages", n);
	return true;
}

static const kd_prompt_ops capacity_ops = {
	.label = "messages to hold: ",
	.accept = capacity_accept,
};

unsigned act_tail_capacity(kd_ui *ui, int arg)
{
	char cur[32];
	tail_stats st;

	(void)arg;
	if (!buf())
		return KD_DID_NOTHING;
	tail_buffer_stats(buf(), &st);
	snprintf(cur, sizeof(cur), "%zu", st.cap);
	prompt_open_ops(ui, &capacity_ops, cur);
	return KD_DID_STATUS;
}
