/*
 * msgfmt_priv.h: what the msgfmt*.c files share and no one else needs.
 */
#ifndef KDECK_MSGFMT_PRIV_H
#define KDECK_MSGFMT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msgfmt.h"

/* Append code point cp as UTF-8 to a plain buffer. */
void msgfmt_utf8_put(msgfmt_buf *b, uint32_t cp);
/* Length of the run at p of printable ASCII other than '\\' and '"': the
 * bytes every escaping here leaves as they are, found 8 at a time. */
size_t msgfmt_plain_run(const uint8_t *p, size_t n);
/* Code points that are never shown raw: C0, DEL, C1, bidi controls,
 * line/paragraph separators and invisible format characters. */
bool msgfmt_cp_unsafe(uint32_t cp);
/* Append p..n as the inside of a JSON string (no quotes): valid JSON for
 * any bytes (invalid UTF-8 becomes \ufffd) and terminal-safe (unsafe code
 * points become \uXXXX). */
void msgfmt_json_string_body(msgfmt_buf *b, const void *p, size_t n);

/* How msgfmt_json_walk writes. */
enum {
	MSGFMT_WALK_PRETTY = 1 << 0, /* indented, one member per line */
	MSGFMT_WALK_JSON = 1 << 1,   /* strings as valid JSON, not display escapes */
};

/* Re-print JSON text that jansson has accepted, preserving member order,
 * duplicate keys and the digits of every number.  flags are MSGFMT_WALK_*;
 * eflags are msgfmt_opts flags for the display escaping of strings. */
void msgfmt_json_walk(msgfmt_buf *out, const void *p, size_t n, unsigned flags,
                      unsigned eflags);
/* Does jansson accept p..n as JSON (any value when any, else only an
 * object or array)? */
bool msgfmt_json_valid(const void *p, size_t n, bool any);

#endif
