/* pane_message.c: one message in full: where it is, its timestamp, key,
 * headers and value, the value pretty-printed (JSON coloured by its
 * spans, text with real line breaks, or a hex dump), wrapped to the
 * screen and scrolled by lines.  It shows a copy, so the tail may move on
 * underneath. */
#include "config.h"

#include "pane_tail.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "ui_state.h"
#include "widget_msgtext.h"

typedef struct doc_line {
	size_t off, len;
} doc_line;

typedef struct message_pane {
	tail_entry *e;
	msgfmt_format key_fmt, value_fmt;
	msgfmt_buf doc;            /* the whole text, with spans */
	bool built, utf8;
	int width;                 /* the lines are wrapped for */
	doc_line *lines;
	int n_lines, cap_lines;
	int top, rows;
} message_pane;

static message_pane mp;

/* Append src (text and classes) to dst. */
static void append_buf(msgfmt_buf *dst, const msgfmt_buf *src)
{
	if (!src->n_spans) {
		msgfmt_buf_put(dst, src->data, src->len, MSGFMT_C_PLAIN);
		return;
	}
	for (size_t i = 0; i < src->n_spans; i++)
		msgfmt_buf_put(dst, src->data + src->spans[i].off, src->spans[i].len,
			       src->spans[i].cls);
}

static void label(msgfmt_buf *d, const char *name)
{
	msgfmt_buf_printf(d, MSGFMT_C_KEY, "%-11s", name);
}

static const char *ts_name(kd_ts_type t)
{
	return t == KD_TS_CREATE ? "create time" : t == KD_TS_LOG_APPEND ? "log append time"
									  : "none";
}

/* A key or a value: a line saying what it is, then its rendering. */
static void add_body(msgfmt_buf *d, const char *name, const void *p, size_t n, size_t size,
		     msgfmt_format want, unsigned flags)
{
	msgfmt_opts o = { .flags = flags | MSGFMT_MULTILINE, .max_bytes = TAIL_BUFFER_STORE_LIMIT };
	msgfmt_buf body;
	msgfmt_format used;
	char sz[32];

	msgfmt_buf_init(&body);
	body.track_spans = true;
	used = msgfmt_render(&body, p, n, want, &o);
	label(d, name);
	if (p) {
		msgfmt_size(sz, sizeof(sz), size);
		msgfmt_buf_printf(d, MSGFMT_C_MARKER, "%s, %s%s", msgfmt_format_name(used), sz,
				  want != MSGFMT_AUTO && want != used ? " (not valid as asked)" : "");
		msgfmt_buf_puts(d, "\n", MSGFMT_C_PLAIN);
		append_buf(d, &body);
		if (n < size) {
			msgfmt_size(sz, sizeof(sz), n);
			msgfmt_buf_printf(d, MSGFMT_C_MARKER, "\n%s kdeck kept the first %s",
					  flags & MSGFMT_ASCII ? "..." : "\xe2\x80\xa6", sz);
		}
	} else {
		append_buf(d, &body);
	}
	msgfmt_buf_puts(d, "\n", MSGFMT_C_PLAIN);
	msgfmt_buf_free(&body);
}

/* The whole text, rebuilt when a format changes. */
static void build(void)
{
	const kd_msg *m = &mp.e->msg;
	unsigned flags = mp.utf8 ? 0 : MSGFMT_ASCII;
	msgfmt_opts one = { .flags = flags, .max_bytes = 4096 };
	char iso[64];

	msgfmt_buf_free(&mp.doc);
	mp.doc.track_spans = true;
	label(&mp.doc, "topic");
	msgfmt_escape(&mp.doc, m->topic ? m->topic : "", m->topic ? strlen(m->topic) : 0, &one,
		      MSGFMT_C_PLAIN);
	msgfmt_buf_puts(&mp.doc, "\n", MSGFMT_C_PLAIN);
	label(&mp.doc, "partition");
	msgfmt_buf_printf(&mp.doc, MSGFMT_C_NUMBER, "%" PRId32, m->partition);
	msgfmt_buf_puts(&mp.doc, "\n", MSGFMT_C_PLAIN);
	label(&mp.doc, "offset");
	msgfmt_buf_printf(&mp.doc, MSGFMT_C_NUMBER, "%" PRId64, m->offset);
	msgfmt_buf_puts(&mp.doc, "\n", MSGFMT_C_PLAIN);
	label(&mp.doc, "timestamp");
	if (m->ts_type != KD_TS_NONE && m->timestamp >= 0) {
		msgfmt_iso8601(iso, sizeof(iso), m->timestamp);
		msgfmt_buf_printf(&mp.doc, MSGFMT_C_PLAIN, "%s  %" PRId64 "  ", iso, m->timestamp);
	}
	msgfmt_buf_puts(&mp.doc, ts_name(m->ts_type), MSGFMT_C_MARKER);
	msgfmt_buf_puts(&mp.doc, "\n", MSGFMT_C_PLAIN);
	add_body(&mp.doc, "key", m->key, m->key_len, mp.e->key_size, mp.key_fmt, flags);
	label(&mp.doc, "headers");
	msgfmt_buf_printf(&mp.doc, MSGFMT_C_MARKER, "%zu", m->n_headers);
	for (size_t i = 0; i < m->n_headers; i++) {
		const kd_msg_header *h = &m->headers[i];
		msgfmt_buf_puts(&mp.doc, "\n  ", MSGFMT_C_PLAIN);
		msgfmt_escape(&mp.doc, h->name, strlen(h->name), &one, MSGFMT_C_KEY);
		msgfmt_buf_puts(&mp.doc, ": ", MSGFMT_C_PUNCT);
		msgfmt_render(&mp.doc, h->value, h->value_len, MSGFMT_AUTO, &one);
	}
	msgfmt_buf_puts(&mp.doc, "\n", MSGFMT_C_PLAIN);
	add_body(&mp.doc, "value", m->value, m->value_len, mp.e->value_size, mp.value_fmt, flags);
	/* no empty last line */
	if (mp.doc.len && mp.doc.data[mp.doc.len - 1] == '\n') {
		mp.doc.len--;
		mp.doc.data[mp.doc.len] = '\0';
		if (mp.doc.n_spans && --mp.doc.spans[mp.doc.n_spans - 1].len == 0)
			mp.doc.n_spans--;
	}
	mp.built = true;
	mp.width = 0;
}

static void add_line(size_t off, size_t len)
{
	if (mp.n_lines == mp.cap_lines) {
		mp.cap_lines = mp.cap_lines ? mp.cap_lines * 2 : 256;
		mp.lines = realloc(mp.lines, (size_t)mp.cap_lines * sizeof(*mp.lines));
		if (!mp.lines)
			abort();
	}
	mp.lines[mp.n_lines].off = off;
	mp.lines[mp.n_lines].len = len;
	mp.n_lines++;
}

/* Screen lines: the text's lines, long ones broken at the width. */
static void wrap(int w)
{
	const char *s = mp.doc.data;
	size_t i = 0, n = mp.doc.len;

	mp.n_lines = 0;
	for (;;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t eol = nl ? (size_t)(nl - s) : n, start = i;
		do {
			size_t j = start, l;
			int cols = 0;
			while (j < eol) {
				int cw = msgtext_char_width(s + j, eol - j, &l);
				if (cols + cw > w && j > start)
					break;
				cols += cw;
				j += l;
			}
			add_line(start, j - start);
			start = j;
		} while (start < eol);
		if (!nl)
			break;
		i = eol + 1;
	}
	mp.width = w;
}

static void clamp(void)
{
	int max = mp.n_lines - mp.rows;

	if (mp.top > max)
		mp.top = max;
	if (mp.top < 0)
		mp.top = 0;
}

static void message_draw(kd_ui *ui, int y, int h, int w)
{
	attr_t head = colors_attr(KD_COLOR_TABLE_HEADER);
	char title[400];
	const kd_msg *m;

	if (!mp.e || h < 2)
		return;
	m = &mp.e->msg;
	if (!mp.built || mp.utf8 != ui->utf8) {
		mp.utf8 = ui->utf8;
		build();
	}
	if (mp.width != w - 1)
		wrap(w - 1 > 10 ? w - 1 : 10);
	mp.rows = h - 1;
	clamp();
	snprintf(title, sizeof(title), "Message %s [%" PRId32 "] offset %" PRId64
		 "   lines %d-%d of %d", m->topic ? m->topic : "", m->partition, m->offset,
		 mp.n_lines ? mp.top + 1 : 0,
		 mp.top + mp.rows < mp.n_lines ? mp.top + mp.rows : mp.n_lines, mp.n_lines);
	draw_fill(y, 0, w, head);
	draw_text(y, 1, w, head, title, ui->utf8);
	for (int i = 0; i < mp.rows; i++) {
		int k = mp.top + i;
		draw_fill(y + 1 + i, 0, w, colors_attr(KD_COLOR_DEFAULT));
		if (k < mp.n_lines)
			msgtext_draw(y + 1 + i, 1, w, &mp.doc, mp.lines[k].off, mp.lines[k].len,
				     false, 0, ui->utf8);
	}
}

static void message_close(kd_ui *ui, void *inst)
{
	(void)inst;
	(void)ui;
	free(mp.e);
	msgfmt_buf_free(&mp.doc);
	free(mp.lines);
	memset(&mp, 0, sizeof(mp));
	msgfmt_buf_init(&mp.doc);
}

const kd_pane pane_message = {
	.name = "message",
	.draw = message_draw,
	.close = message_close,
};

void pane_message_open(kd_ui *ui, tail_entry *e, msgfmt_format key_fmt,
		       msgfmt_format value_fmt)
{
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack_pane[i] == &pane_message) {
			while (ui->depth > i && ui_pop(ui))
				;
			break;
		}
	message_close(ui, NULL);
	mp.e = e;
	mp.key_fmt = key_fmt;
	mp.value_fmt = value_fmt;
	if (!ui_push_pane(ui, &pane_message, NULL))
		message_close(ui, NULL);
}

unsigned act_message_scroll(kd_ui *ui, int how)
{
	int before = mp.top, page = mp.rows > 1 ? mp.rows - 1 : 1;

	(void)ui;
	switch (how) {
	case -1: mp.top--; break;
	case 1: mp.top++; break;
	case -2: mp.top -= page; break;
	case 2: mp.top += page; break;
	case -3: mp.top = 0; break;
	case 3: mp.top = mp.n_lines; break;
	}
	clamp();
	return mp.top != before ? KD_DID_TABLE : KD_DID_NOTHING;
}

unsigned act_message_format(kd_ui *ui, int arg)
{
	msgfmt_format *f = arg ? &mp.key_fmt : &mp.value_fmt;

	*f = pane_tail_next_format(*f);
	mp.built = false;
	ui_message(ui, false, "%s shown as %s", arg ? "key" : "value", msgfmt_format_name(*f));
	return KD_DID_TABLE;
}
