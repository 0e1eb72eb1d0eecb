/*
 * msgfmt_json.c: re-printing JSON payloads for people (pretty or compact,
 * with spans) and for `kdeck tail --json` (compact, valid JSON).
 *
 * jansson decides what is JSON; the printer then walks the original text
 * instead of jansson's tree, so the user sees the payload as it is: member
 * order, duplicate keys and number digits (2^64 ids, 0.1) are kept.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "msgfmt.h"
#include "msgfmt_priv.h"

bool msgfmt_json_valid(const void *p, size_t n, bool any)
{
	json_error_t jerr;
	size_t flags = JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL;
	if (any)
		flags |= JSON_DECODE_ANY;
	json_t *j = json_loadb(p, n, flags, &jerr);
	if (!j)
		return false;
	json_decref(j);
	return true;
}

void msgfmt_json_string_body(msgfmt_buf *b, const void *p, size_t n)
{
	const uint8_t *s = p;
	size_t i = 0, run = 0;
	char tmp[16];
	while (i < n) {
		const char *esc = NULL;
		uint32_t cp = s[i];
		size_t l = 1;
		/* most bytes are printable ASCII that stays as it is */
		if (cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\') {
			i += msgfmt_plain_run(s + i, n - i);
			continue;
		}
		if (cp >= 0x80 && (l = msgfmt_utf8_next(s + i, n - i, &cp)) == 0) {
			l = 1;
			esc = "\\ufffd";
		} else if (cp == '"') {
			esc = "\\\"";
		} else if (cp == '\\') {
			esc = "\\\\";
		} else if (cp == '\n') {
			esc = "\\n";
		} else if (cp == '\t') {
			esc = "\\t";
		} else if (cp == '\r') {
			esc = "\\r";
		} else if (msgfmt_cp_unsafe(cp)) {
			if (cp > 0xffff) {
				uint32_t v = cp - 0x10000;
				snprintf(tmp, sizeof(tmp), "\\u%04x\\u%04x",
				         0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
			} else {
				snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)cp);
			}
			esc = tmp;
		}
		if (esc) {
			msgfmt_buf_put(b, s + run, i - run, MSGFMT_C_PLAIN);
			msgfmt_buf_puts(b, esc, MSGFMT_C_PLAIN);
			run = i + l;
		}
		i += l;
	}
	msgfmt_buf_put(b, s + run, i - run, MSGFMT_C_PLAIN);
}

typedef struct walker {
	const uint8_t *s;
	size_t n, i;
	unsigned flags, eflags;
	msgfmt_buf *out;
	msgfmt_buf scratch;          /* a decoded string */
} walker;

static void skip_ws(walker *w)
{
	while (w->i < w->n && (w->s[w->i] == ' ' || w->s[w->i] == '\t' ||
	                       w->s[w->i] == '\n' || w->s[w->i] == '\r'))
		w->i++;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s[i..], or -1. */
static long hex4(const uint8_t *s, size_t n, size_t i)
{
	if (i + 4 > n)
		return -1;
	long v = 0;
	for (size_t k = 0; k < 4; k++) {
		int h = hexval(s[i + k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Decode the string literal at w->i (on its opening quote) into
 * w->scratch and step past its closing quote.  Malformed escapes (jansson
 * has rejected those already) decode as U+FFFD rather than read past the
 * end. */
static void decode_string(walker *w)
{
	const uint8_t *s = w->s;
	size_t i = w->i + 1;
	msgfmt_buf_reset(&w->scratch);
	while (i < w->n && s[i] != '"') {
		size_t run = i;
		while (i < w->n && s[i] != '"' && s[i] != '\\')
			i++;
		msgfmt_buf_put(&w->scratch, s + run, i - run, MSGFMT_C_PLAIN);
		if (i >= w->n || s[i] != '\\')
			continue;
		if (i + 1 >= w->n) {
			i++;
			break;
		}
		uint8_t e = s[i + 1];
		i += 2;
		char c;
		switch (e) {
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u': {
			long cp = hex4(s, w->n, i);
			if (cp < 0) {
				msgfmt_utf8_put(&w->scratch, 0xfffd);
				continue;
			}
			i += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < w->n &&
			    s[i] == '\\' && s[i + 1] == 'u') {
				long lo = hex4(s, w->n, i + 2);
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					i += 6;
				}
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			msgfmt_utf8_put(&w->scratch, (uint32_t)cp);
			continue;
		}
		default: c = (char)e; break;   /* " \ / */
		}
		msgfmt_buf_put(&w->scratch, &c, 1, MSGFMT_C_PLAIN);
	}
	w->i = i < w->n ? i + 1 : w->n;
}

/* Write the string at w->i; a string followed by ':' is an object key. */
static void put_string(walker *w)
{
	decode_string(w);
	size_t save = w->i;
	skip_ws(w);
	msgfmt_class cls = (w->i < w->n && w->s[w->i] == ':') ? MSGFMT_C_KEY : MSGFMT_C_STRING;
	w->i = save;
	msgfmt_buf_put(w->out, "\"", 1, cls);
	if (w->flags & MSGFMT_WALK_JSON) {
		msgfmt_json_string_body(w->out, w->scratch.data, w->scratch.len);
	} else {
		msgfmt_opts o = { .flags = (w->eflags & MSGFMT_ASCII) | MSGFMT_QUOTE };
		msgfmt_escape(w->out, w->scratch.data, w->scratch.len, &o, cls);
	}
	msgfmt_buf_put(w->out, "\"", 1, cls);
}

static void newline(walker *w, long depth)
{
	if (!(w->flags & MSGFMT_WALK_PRETTY))
		return;
	msgfmt_buf_put(w->out, "\n", 1, MSGFMT_C_PLAIN);
	for (long d = 0; d < depth; d++)
		msgfmt_buf_put(w->out, "  ", 2, MSGFMT_C_PLAIN);
}

/* Copy a run of bytes from set (a number or a literal word). */
static void put_run(walker *w, const char *set, msgfmt_class cls)
{
	size_t start = w->i;
	while (w->i < w->n && w->s[w->i] && strchr(set, w->s[w->i]))
		w->i++;
	if (w->i == start) {
		/* not JSON after all: show the byte escaped and go on */
		msgfmt_escape(w->out, w->s + w->i, 1, NULL, MSGFMT_C_PLAIN);
		w->i++;
		return;
	}
	msgfmt_buf_put(w->out, w->s + start, w->i - start, cls);
}

void msgfmt_json_walk(msgfmt_buf *out, const void *p, size_t n, unsigned flags,
                      unsigned eflags)
{
	walker w = { .s = p, .n = n, .flags = flags, .eflags = eflags, .out = out };
	msgfmt_buf_init(&w.scratch);
	bool pretty = flags & MSGFMT_WALK_PRETTY;
	long depth = 0;
	for (;;) {
		skip_ws(&w);
		if (w.i >= w.n)
			break;
		uint8_t c = w.s[w.i];
		switch (c) {
		case '{':
		case '[':
			msgfmt_buf_put(out, &w.s[w.i++], 1, MSGFMT_C_PUNCT);
			skip_ws(&w);
			if (w.i < w.n && w.s[w.i] == (c == '{' ? '}' : ']')) {
				msgfmt_buf_put(out, &w.s[w.i++], 1, MSGFMT_C_PUNCT);
				break;
			}
			newline(&w, ++depth);
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			newline(&w, depth);
			msgfmt_buf_put(out, &w.s[w.i++], 1, MSGFMT_C_PUNCT);
			break;
		case ',':
			msgfmt_buf_put(out, &w.s[w.i++], 1, MSGFMT_C_PUNCT);
			newline(&w, depth);
			break;
		case ':':
			msgfmt_buf_put(out, &w.s[w.i++], 1, MSGFMT_C_PUNCT);
			if (pretty)
				msgfmt_buf_put(out, " ", 1, MSGFMT_C_PLAIN);
			break;
		case '"':
			put_string(&w);
			break;
		case 't':
		case 'f':
		case 'n':
			put_run(&w, "truefalsn", MSGFMT_C_LITERAL);
			break;
		default:
			put_run(&w, "-+0123456789.eE", MSGFMT_C_NUMBER);
			break;
		}
	}
	msgfmt_buf_free(&w.scratch);
}
