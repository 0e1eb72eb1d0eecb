/*
 * wire_buf.h: the primitive types of the Kafka wire protocol.
 *
 * A wire_wbuf grows as a request is written; a wire_rbuf reads a response
 * out of a bounded buffer and never reads past its end.  Reading errors are
 * sticky: the first one (truncation, a negative or oversized length, a bad
 * varint) is recorded with a message, every later read returns zero, and a
 * decoder checks wire_rbuf_failed() once at the end (and before any
 * allocation sized by the input).  That keeps decoders a straight list of
 * fields, like the published schemas.
 *
 * "flex" arguments select the flexible encodings of KIP-482: compact
 * strings, arrays and bytes (unsigned varint of length + 1, 0 = null) and
 * tagged-field sections.
 */
#ifndef KDECK_WIRE_BUF_H
#define KDECK_WIRE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* A topic id, directory id or other 128-bit UUID, as it is on the wire. */
typedef struct wire_uuid {
	uint8_t b[16];
} wire_uuid;

/* Kafka prints UUIDs as 22 characters of unpadded URL-safe base64. */
#define WIRE_UUID_STRLEN 23
void wire_uuid_format(const wire_uuid *u, char out[WIRE_UUID_STRLEN]);
bool wire_uuid_is_zero(const wire_uuid *u);

/* ---------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------- */

typedef struct wire_wbuf {
	uint8_t *data;
	size_t len, cap;
	bool failed;            /* out of memory or a value that cannot be encoded */
} wire_wbuf;

void wire_wbuf_init(wire_wbuf *w);
void wire_wbuf_free(wire_wbuf *w);
void wire_wbuf_reset(wire_wbuf *w);     /* len = 0, keeps the memory */

void wire_wbuf_put_raw(wire_wbuf *w, const void *p, size_t n);
void wire_wbuf_put_i8(wire_wbuf *w, int8_t v);
void wire_wbuf_put_i16(wire_wbuf *w, int16_t v);
void wire_wbuf_put_i32(wire_wbuf *w, int32_t v);
void wire_wbuf_put_i64(wire_wbuf *w, int64_t v);
void wire_wbuf_put_bool(wire_wbuf *w, bool v);
void wire_wbuf_put_uvarint(wire_wbuf *w, uint32_t v);
void wire_wbuf_put_varint(wire_wbuf *w, int32_t v);    /* zigzag */
void wire_wbuf_put_uuid(wire_wbuf *w, const wire_uuid *u);
/* A (compact when flex) string; NULL writes the null string. */
void wire_wbuf_put_str(wire_wbuf *w, const char *s, bool flex);
/* (Compact when flex) bytes: int32 or uvarint length, then the bytes. */
void wire_wbuf_put_bytes(wire_wbuf *w, const void *p, size_t n, bool flex);
/* A (compact when flex) array length; n < 0 writes the null array. */
void wire_wbuf_put_array_len(wire_wbuf *w, int32_t n, bool flex);
/* An empty tagged-field section (flex only: callers skip it otherwise). */
void wire_wbuf_put_no_tags(wire_wbuf *w);
/* Overwrite 4 bytes at off (a size written after the fact). */
void wire_wbuf_patch_i32(wire_wbuf *w, size_t off, int32_t v);

/* ---------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------- */

typedef struct wire_rbuf {
	const uint8_t *p;
	size_t len, off;
	bool failed;
	char err[160];          /* the first error, with its offset */
	size_t budget;          /* arena bytes decoding may still take */
} wire_rbuf;

/*
 * The decoding budget.  A forged answer of minimal elements (a 7-byte
 * group member becomes five strings and a struct) would otherwise turn
 * each received byte into tens of bytes of arena: WIRE_DECODE_FACTOR
 * bytes of decoded structure per byte received, plus a little, and never
 * more than WIRE_DECODE_CAP for one answer.  Real answers take 1.5 to 4
 * (a Metadata partition of RF 1 is the worst: 26 bytes, 96 decoded).
 */
#define WIRE_DECODE_FACTOR 8
#define WIRE_DECODE_SLACK 4096
#define WIRE_DECODE_CAP ((size_t)256 << 20)

void wire_rbuf_init(wire_rbuf *r, const void *p, size_t len);
/* Charge n bytes of arena against the budget; false (and r failed) once
 * it is spent. */
bool wire_rbuf_charge(wire_rbuf *r, size_t n);
/* n elements of size bytes in the arena, charged; NULL for none (n <= 0)
 * or when over the budget (then r has failed). */
void *wire_rbuf_alloc_array(wire_rbuf *r, kd_arena *a, int32_t n, size_t size);
static inline bool wire_rbuf_failed(const wire_rbuf *r) { return r->failed; }
static inline size_t wire_rbuf_remaining(const wire_rbuf *r) { return r->len - r->off; }
/* Record an error (only the first one is kept); printf-style. */
void wire_rbuf_fail(wire_rbuf *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int8_t wire_rbuf_i8(wire_rbuf *r);
int16_t wire_rbuf_i16(wire_rbuf *r);
uint16_t wire_rbuf_u16(wire_rbuf *r);
int32_t wire_rbuf_i32(wire_rbuf *r);
int64_t wire_rbuf_i64(wire_rbuf *r);
bool wire_rbuf_bool(wire_rbuf *r);      /* any non-zero byte is true */
uint32_t wire_rbuf_uvarint(wire_rbuf *r);
int32_t wire_rbuf_varint(wire_rbuf *r);
void wire_rbuf_uuid(wire_rbuf *r, wire_uuid *u);
void wire_rbuf_skip(wire_rbuf *r, size_t n);

/* A (compact when flex) string copied into the arena and NUL-terminated.
 * A null string is an error unless nullable (then NULL is returned).  The
 * C string ends at an embedded NUL byte, should a broker send one. */
char *wire_rbuf_str(wire_rbuf *r, kd_arena *a, bool flex, bool nullable);

/* (Compact when flex) bytes, left in the input buffer (not copied): *p
 * points into it, *n gets the length; a null value gives NULL and 0. */
void wire_rbuf_bytes(wire_rbuf *r, bool flex, const uint8_t **p, size_t *n);

/* A (compact when flex) array length.  Returns -1 for a null array (an
 * error unless nullable), otherwise the count, after checking that count
 * elements of at least min_elem bytes each fit in what is left, so a
 * forged count can never size an allocation beyond the input. */
int32_t wire_rbuf_array_len(wire_rbuf *r, bool flex, bool nullable, size_t min_elem);

/* An array of int32 (node ids) into the arena; *n gets the count. */
int32_t *wire_rbuf_i32_array(wire_rbuf *r, kd_arena *a, bool flex, size_t *n);

/* Called for each tagged field of a section: field is a reader over the
 * field's bytes only.  Return 0 after reading a known tag (it must consume
 * the field exactly) or ignoring an unknown one, -1 to fail the decode. */
typedef int (*wire_tag_fn)(void *ctx, uint32_t tag, wire_rbuf *field);

/* Read a tagged-field section; fn may be NULL to skip every field. */
void wire_rbuf_tags(wire_rbuf *r, wire_tag_fn fn, void *ctx);

/* Fail unless the whole buffer was consumed (trailing garbage). */
void wire_rbuf_expect_end(wire_rbuf *r);

#endif
