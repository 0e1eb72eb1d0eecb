/*
 * msgfmt.h: turn message bytes into text that is safe to show.
 *
 * Keys, values and headers come from any producer and may hold terminal
 * escape sequences, invalid UTF-8 or bidi overrides.  Everything here emits
 * printable UTF-8 only (printable ASCII in ASCII mode): no byte of a message
 * reaches the terminal raw.  The one exception is MSGFMT_RAW in the
 * `kdeck tail` format string, for output that is not a terminal.
 *
 * Output goes to a growable buffer that can also record spans: (offset,
 * length, class) triples over the text, so a pane can colour JSON keys,
 * escapes and markers without parsing the text again.
 *
 * The escaping, as the user sees it (doc/tail-format.md):
 *   \\ backslash, \n \r \t \e (ESC), \xNN other C0 bytes, DEL and bytes
 *   that are not valid UTF-8, \u{NNNN} C1 controls, bidi controls, line and
 *   paragraph separators, invisible characters (and every non-ASCII code
 *   point in ASCII mode).
 */
#ifndef KDECK_MSGFMT_H
#define KDECK_MSGFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* What a run of output text is, for colouring. */
typedef enum msgfmt_class {
	MSGFMT_C_PLAIN = 0,      /* text, hex bytes, whitespace */
	MSGFMT_C_KEY,            /* a JSON object key, quotes included */
	MSGFMT_C_STRING,         /* a JSON string, quotes included */
	MSGFMT_C_NUMBER,         /* a JSON number */
	MSGFMT_C_LITERAL,        /* true, false, null */
	MSGFMT_C_PUNCT,          /* { } [ ] : , and the hex dump's | bars */
	MSGFMT_C_ESCAPE,         /* an escape (\e, \xNN, \u{...}); '.' in a hex dump */
	MSGFMT_C_MARKER,         /* "… (12.3 KiB)", "(null)" */
	MSGFMT_C_OFFSET,         /* the hex dump's offset column */
} msgfmt_class;

typedef struct msgfmt_span {
	size_t off;
	size_t len;
	msgfmt_class cls;
} msgfmt_span;

/* A growable text buffer, always NUL-terminated (data is "" when empty).
 * With track_spans set, every append records its class; adjacent runs of
 * the same class merge, and the spans cover the text with no gap. */
typedef struct msgfmt_buf {
	char *data;
	size_t len, cap;
	bool track_spans;
	msgfmt_span *spans;
	size_t n_spans, spans_cap;
} msgfmt_buf;

void msgfmt_buf_init(msgfmt_buf *b);
/* Release the memory; the buffer is empty and usable again (track_spans
 * is kept). */
void msgfmt_buf_free(msgfmt_buf *b);
/* Empty the text and spans, keep the memory. */
void msgfmt_buf_reset(msgfmt_buf *b);
/* Append trusted text (never message bytes: use msgfmt_escape for those).
 * Allocation failure aborts, like arena_alloc. */
void msgfmt_buf_put(msgfmt_buf *b, const void *p, size_t n, msgfmt_class cls);
void msgfmt_buf_puts(msgfmt_buf *b, const char *s, msgfmt_class cls);
void msgfmt_buf_printf(msgfmt_buf *b, msgfmt_class cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Option flags (msgfmt_opts.flags). */
enum {
	MSGFMT_ASCII = 1 << 0,     /* escape every non-ASCII code point as \u{...} */
	MSGFMT_MULTILINE = 1 << 1, /* detail view: keep LF in text, pretty JSON,
	                              16-byte hex lines, wrapped base64 */
	MSGFMT_QUOTE = 1 << 2,     /* also escape '"' as \" (inside quotes) */
	MSGFMT_RAW = 1 << 3,       /* tail format only: insert fields unescaped */
};

typedef struct msgfmt_opts {
	unsigned flags;
	size_t max_bytes;        /* show at most this many input bytes; 0: all */
	const char *null_str;    /* tail format: a null key/value; NULL: "" */
} msgfmt_opts;

/* Append bytes as escaped text in class cls (escapes in MSGFMT_C_ESCAPE).
 * Past o->max_bytes the text stops at a character boundary and the
 * truncation marker follows.  Returns true when it truncated.  o may be
 * NULL (no limit, no flags). */
bool msgfmt_escape(msgfmt_buf *out, const void *p, size_t n,
                   const msgfmt_opts *o, msgfmt_class cls);

/* "12.3 KiB", "512 B": how the truncation marker shows a size. */
void msgfmt_size(char *dst, size_t dstlen, uint64_t bytes);

/* How a key or value is shown. */
typedef enum msgfmt_format {
	MSGFMT_AUTO = 0,         /* JSON, else text, else hex (msgfmt_detect) */
	MSGFMT_JSON,
	MSGFMT_TEXT,
	MSGFMT_HEX,
	MSGFMT_BASE64,
	MSGFMT_RAW_ESCAPED,      /* escaped text on one line, no detection */
} msgfmt_format;

/* "auto", "json", "text", "hex", "base64", "raw"; -1 for an unknown name. */
int msgfmt_format_parse(const char *name, msgfmt_format *out);
const char *msgfmt_format_name(msgfmt_format f);

/* Guess a format: JSON when the bytes parse as a JSON object or array,
 * TEXT when they are valid UTF-8 without control bytes other than TAB, LF,
 * VT, FF, CR and ESC, HEX otherwise. */
msgfmt_format msgfmt_detect(const void *p, size_t n);

/* Show bytes as format want (AUTO: detect).  JSON renders compact on one
 * line, or pretty with MSGFMT_MULTILINE; bytes over o->max_bytes, or that
 * are not JSON, fall back to what detection picks for them.  p == NULL
 * shows the marker "(null)".  Multi-line output separates lines with LF
 * and has no trailing LF.  Returns the format used (never AUTO). */
msgfmt_format msgfmt_render(msgfmt_buf *out, const void *p, size_t n,
                            msgfmt_format want, const msgfmt_opts *o);

/* The pieces msgfmt_render uses, for callers that know what they want. */
void msgfmt_hexdump(msgfmt_buf *out, const void *p, size_t n, const msgfmt_opts *o);
void msgfmt_base64(msgfmt_buf *out, const void *p, size_t n, bool wrap);
/* Pretty-print (MSGFMT_MULTILINE) or compact JSON text that jansson
 * accepts; strings go through msgfmt_escape.  Returns -1, appending
 * nothing, when p..n is not one JSON value. */
int msgfmt_json(msgfmt_buf *out, const void *p, size_t n, const msgfmt_opts *o);

/* Is p..n valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF)? */
bool msgfmt_utf8_valid(const void *p, size_t n);
/* Length of the valid UTF-8 sequence at p (1..4) with its code point in
 * *cp, or 0 when the bytes there are not valid UTF-8. */
size_t msgfmt_utf8_next(const uint8_t *p, size_t n, uint32_t *cp);

/* "2023-11-14T22:13:20.123Z" (at least 25 bytes of room); "" for -1. */
void msgfmt_iso8601(char *dst, size_t dstlen, int64_t ms);

/* ---- `kdeck tail` output records ---------------------------------- */

enum {
	/* JSON-lines: a key or value that is a JSON object or array goes in as
	 * JSON with "<field>_encoding":"json" instead of as a string. */
	MSGFMT_JSONL_EMBED_JSON = 1 << 0,
};

/* Append one JSON-lines record (with its LF) for m; doc/tail-format.md
 * describes the fields.  The output is valid JSON whatever m holds, and
 * terminal-safe: no control byte, C1, bidi or separator code point is
 * ever written unescaped. */
void msgfmt_jsonl(msgfmt_buf *out, const kd_msg *m, unsigned flags);

/* A kcat-like format string (-f '%t %p %o %k %s\n'), parsed once. */
typedef struct msgfmt_tmpl msgfmt_tmpl;

/* NULL and err filled ("column 4: unknown field '%z'") on a bad string. */
msgfmt_tmpl *msgfmt_tmpl_parse(const char *fmt, char *err, size_t errlen);
void msgfmt_tmpl_free(msgfmt_tmpl *t);
/* Append m as t says.  Fields are escaped (o->flags MSGFMT_ASCII honoured)
 * unless o->flags has MSGFMT_RAW, which the caller sets only when the
 * output is not a terminal and the user asked for raw output. */
void msgfmt_tmpl_render(msgfmt_buf *out, const msgfmt_tmpl *t, const kd_msg *m,
                        const msgfmt_opts *o);
/* How t was understood, for tests and error reports: its tokens in order,
 * separated by '|', fields as "%t" and literals quoted and escaped:
 * '%t %p\n' gives  %t|" "|%p|"\n"  */
void msgfmt_tmpl_describe(msgfmt_buf *out, const msgfmt_tmpl *t);

#endif
