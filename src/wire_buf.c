/* wire_buf.c: see wire_buf.h. */
#include "config.h"

#include "wire_buf.h"
#include "base64.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * UUIDs
 * ------------------------------------------------------------------- */

void wire_uuid_format(const wire_uuid *u, char out[WIRE_UUID_STRLEN])
{
	base64_encode(u->b, sizeof(u->b), true, out, WIRE_UUID_STRLEN);
}

bool wire_uuid_is_zero(const wire_uuid *u)
{
	for (size_t i = 0; i < sizeof(u->b); i++)
		if (u->b[i])
			return false;
	return true;
}

/* ---------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------- */

void wire_wbuf_init(wire_wbuf *w)
{
	w->data = NULL;
	w->len = w->cap = 0;
	w->failed = false;
}

void wire_wbuf_free(wire_wbuf *w)
{
	free(w->data);
	wire_wbuf_init(w);
}

void wire_wbuf_reset(wire_wbuf *w)
{
	w->len = 0;
	w->failed = false;
}

/* Make room for n more bytes; a failure is remembered, not reported, so
 * encoders stay a plain list of puts and check w->failed once. */
static bool wbuf_reserve(wire_wbuf *w, size_t n)
{
	if (w->failed)
		return false;
	if (n > (size_t)INT32_MAX - w->len) {
		w->failed = true;
		return false;
	}
	if (w->len + n <= w->cap)
		return true;
	size_t cap = w->cap ? w->cap : 256;
	while (cap < w->len + n)
		cap *= 2;
	uint8_t *p = realloc(w->data, cap);
	if (!p) {
		w->failed = true;
		return false;
	}
	w->data = p;
	w->cap = cap;
	return true;
}

void wire_wbuf_put_raw(wire_wbuf *w, const void *p, size_t n)
{
	if (!n || !wbuf_reserve(w, n))
		return;
	memcpy(w->data + w->len, p, n);
	w->len += n;
}

/* Big-endian store of the low `bytes` bytes of v. */
static void put_be(wire_wbuf *w, uint64_t v, size_t bytes)
{
	uint8_t b[8];
	for (size_t i = 0; i < bytes; i++)
		b[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
	wire_wbuf_put_raw(w, b, bytes);
}

void wire_wbuf_put_i8(wire_wbuf *w, int8_t v) { put_be(w, (uint8_t)v, 1); }
void wire_wbuf_put_i16(wire_wbuf *w, int16_t v) { put_be(w, (uint16_t)v, 2); }
void wire_wbuf_put_i32(wire_wbuf *w, int32_t v) { put_be(w, (uint32_t)v, 4); }
void wire_wbuf_put_i64(wire_wbuf *w, int64_t v) { put_be(w, (uint64_t)v, 8); }
void wire_wbuf_put_bool(wire_wbuf *w, bool v) { put_be(w, v ? 1 : 0, 1); }

void wire_wbuf_put_uvarint(wire_wbuf *w, uint32_t v)
{
	uint8_t b[5];
	size_t n = 0;
	while (v >= 0x80) {
		b[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b[n++] = (uint8_t)v;
	wire_wbuf_put_raw(w, b, n);
}

void wire_wbuf_put_varint(wire_wbuf *w, int32_t v)
{
	uint32_t u = (uint32_t)v;
	wire_wbuf_put_uvarint(w, (u << 1) ^ (uint32_t)-(int32_t)(u >> 31));
}

void wire_wbuf_put_uuid(wire_wbuf *w, const wire_uuid *u)
{
	wire_wbuf_put_raw(w, u->b, sizeof(u->b));
}

void wire_wbuf_put_str(wire_wbuf *w, const char *s, bool flex)
{
	if (!s) {
		if (flex)
			wire_wbuf_put_uvarint(w, 0);
		else
			wire_wbuf_put_i16(w, -1);
		return;
	}
	size_t n = strlen(s);
	if (n > INT16_MAX) {    /* Kafka's limit for every string */
		w->failed = true;
		return;
	}
	if (flex)
		wire_wbuf_put_uvarint(w, (uint32_t)n + 1);
	else
		wire_wbuf_put_i16(w, (int16_t)n);
	wire_wbuf_put_raw(w, s, n);
}

void wire_wbuf_put_bytes(wire_wbuf *w, const void *p, size_t n, bool flex)
{
	if (n > INT32_MAX - 1) {
		w->failed = true;
		return;
	}
	if (flex)
		wire_wbuf_put_uvarint(w, (uint32_t)n + 1);
	else
		wire_wbuf_put_i32(w, (int32_t)n);
	wire_wbuf_put_raw(w, p, n);
}

void wire_wbuf_put_array_len(wire_wbuf *w, int32_t n, bool flex)
{
	if (flex)
		wire_wbuf_put_uvarint(w, n < 0 ? 0 : (uint32_t)n + 1);
	else
		wire_wbuf_put_i32(w, n < 0 ? -1 : n);
}

void wire_wbuf_put_no_tags(wire_wbuf *w)
{
	wire_wbuf_put_uvarint(w, 0);
}

void wire_wbuf_patch_i32(wire_wbuf *w, size_t off, int32_t v)
{
	if (w->failed || off > w->len || w->len - off < 4) {
		w->failed = true;
		return;
	}
	uint32_t u = (uint32_t)v;
	w->data[off] = (uint8_t)(u >> 24);
	w->data[off + 1] = (uint8_t)(u >> 16);
	w->data[off + 2] = (uint8_t)(u >> 8);
	w->data[off + 3] = (uint8_t)u;
}

/* ---------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------- */

void wire_rbuf_init(wire_rbuf *r, const void *p, size_t len)
{
	r->p = p;
	r->len = p ? len : 0;
	r->off = 0;
	r->failed = false;
	r->err[0] = '\0';
	r->budget = r->len > (WIRE_DECODE_CAP - WIRE_DECODE_SLACK) / WIRE_DECODE_FACTOR
		? WIRE_DECODE_CAP : r->len * WIRE_DECODE_FACTOR + WIRE_DECODE_SLACK;
}

bool wire_rbuf_charge(wire_rbuf *r, size_t n)
{
	/* what the arena really takes: rounded up to its alignment */
	const size_t align = _Alignof(max_align_t);
	n = n ? (n + align - 1) & ~(align - 1) : align;
	if (r->failed)
		return false;
	if (n > r->budget) {
		wire_rbuf_fail(r, "decoding this %zu-byte answer would take over %zu MB; refused "
			       "(minimal elements in bulk)", r->len,
			       (r->len > (WIRE_DECODE_CAP - WIRE_DECODE_SLACK) / WIRE_DECODE_FACTOR
				? WIRE_DECODE_CAP
				: r->len * WIRE_DECODE_FACTOR + WIRE_DECODE_SLACK) >> 20);
		return false;
	}
	r->budget -= n;
	return true;
}

void *wire_rbuf_alloc_array(wire_rbuf *r, kd_arena *a, int32_t n, size_t size)
{
	if (n <= 0 || r->failed)
		return NULL;
	if (size && (size_t)n > SIZE_MAX / size) {
		wire_rbuf_fail(r, "array of %d elements too large", n);
		return NULL;
	}
	if (!wire_rbuf_charge(r, (size_t)n * size))
		return NULL;
	return arena_calloc(a, (size_t)n, size);
}

void wire_rbuf_fail(wire_rbuf *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = true;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(r->err))
		snprintf(r->err + n, sizeof(r->err) - (size_t)n,
			 " (at byte %zu of %zu)", r->off, r->len);
}

/* Hand out n bytes, or fail with "truncated" and hand out nothing. */
static const uint8_t *take(wire_rbuf *r, size_t n)
{
	if (r->failed)
		return NULL;
	if (n > r->len - r->off) {
		wire_rbuf_fail(r, "truncated: %zu more bytes needed, %zu left",
			       n, r->len - r->off);
		return NULL;
	}
	const uint8_t *p = r->p + r->off;
	r->off += n;
	return p;
}

static uint64_t get_be(wire_rbuf *r, size_t bytes)
{
	const uint8_t *p = take(r, bytes);
	uint64_t v = 0;
	if (!p)
		return 0;
	for (size_t i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

int8_t wire_rbuf_i8(wire_rbuf *r) { return (int8_t)(uint8_t)get_be(r, 1); }
int16_t wire_rbuf_i16(wire_rbuf *r) { return (int16_t)(uint16_t)get_be(r, 2); }
uint16_t wire_rbuf_u16(wire_rbuf *r) { return (uint16_t)get_be(r, 2); }
int32_t wire_rbuf_i32(wire_rbuf *r) { return (int32_t)(uint32_t)get_be(r, 4); }
int64_t wire_rbuf_i64(wire_rbuf *r) { return (int64_t)get_be(r, 8); }
bool wire_rbuf_bool(wire_rbuf *r) { return get_be(r, 1) != 0; }

uint32_t wire_rbuf_uvarint(wire_rbuf *r)
{
	uint32_t v = 0;
	for (int i = 0; i < 5; i++) {
		const uint8_t *p = take(r, 1);
		if (!p)
			return 0;
		if (i == 4 && (*p & 0xf0)) {
			wire_rbuf_fail(r, "varint longer than 32 bits");
			return 0;
		}
		v |= (uint32_t)(*p & 0x7f) << (7 * i);
		if (!(*p & 0x80))
			return v;
	}
	return 0;       /* not reached: the fifth byte has no continuation bit */
}

int32_t wire_rbuf_varint(wire_rbuf *r)
{
	uint32_t u = wire_rbuf_uvarint(r);
	return (int32_t)((u >> 1) ^ (uint32_t)-(int32_t)(u & 1));
}

void wire_rbuf_uuid(wire_rbuf *r, wire_uuid *u)
{
	const uint8_t *p = take(r, sizeof(u->b));
	if (p)
		memcpy(u->b, p, sizeof(u->b));
	else
		memset(u->b, 0, sizeof(u->b));
}

void wire_rbuf_skip(wire_rbuf *r, size_t n)
{
	(void)take(r, n);
}

/* The length prefix of a string or bytes field: -1 for null. */
static int64_t get_len(wire_rbuf *r, bool flex, bool i16)
{
	if (flex) {
		uint32_t n = wire_rbuf_uvarint(r);
		if (r->failed)
			return 0;
		return (int64_t)n - 1;
	}
	int64_t n = i16 ? wire_rbuf_i16(r) : wire_rbuf_i32(r);
	if (r->failed)
		return 0;
	if (n < -1) {
		wire_rbuf_fail(r, "negative length %lld", (long long)n);
		return 0;
	}
	return n;
}

char *wire_rbuf_str(wire_rbuf *r, kd_arena *a, bool flex, bool nullable)
{
	int64_t n = get_len(r, flex, true);
	if (r->failed)
		return NULL;
	if (n < 0) {
		if (!nullable)
			wire_rbuf_fail(r, "null string where one is required");
		return NULL;
	}
	if (n > INT16_MAX) {
		wire_rbuf_fail(r, "string length %lld over the limit", (long long)n);
		return NULL;
	}
	const uint8_t *p = take(r, (size_t)n);
	if (!p || !wire_rbuf_charge(r, (size_t)n + 1))
		return NULL;
	return arena_strndup(a, (const char *)p, (size_t)n);
}

void wire_rbuf_bytes(wire_rbuf *r, bool flex, const uint8_t **p, size_t *n)
{
	*p = NULL;
	*n = 0;
	int64_t len = get_len(r, flex, false);
	if (r->failed || len <= 0)
		return;
	const uint8_t *q = take(r, (size_t)len);
	if (!q)
		return;
	*p = q;
	*n = (size_t)len;
}

int32_t wire_rbuf_array_len(wire_rbuf *r, bool flex, bool nullable, size_t min_elem)
{
	int64_t n = get_len(r, flex, false);
	if (r->failed)
		return 0;
	if (n < 0) {
		if (!nullable) {
			wire_rbuf_fail(r, "null array where one is required");
			return 0;
		}
		return -1;
	}
	if (min_elem == 0)
		min_elem = 1;
	if (n > INT32_MAX || (uint64_t)n > wire_rbuf_remaining(r) / min_elem) {
		wire_rbuf_fail(r, "array of %lld elements cannot fit in %zu bytes",
			       (long long)n, wire_rbuf_remaining(r));
		return 0;
	}
	return (int32_t)n;
}

int32_t *wire_rbuf_i32_array(wire_rbuf *r, kd_arena *a, bool flex, size_t *n)
{
	int32_t count = wire_rbuf_array_len(r, flex, false, 4);
	*n = 0;
	if (r->failed || count <= 0)
		return NULL;
	int32_t *v = wire_rbuf_alloc_array(r, a, count, sizeof(*v));
	if (!v)
		return NULL;
	for (int32_t i = 0; i < count; i++)
		v[i] = wire_rbuf_i32(r);
	if (r->failed)
		return NULL;
	*n = (size_t)count;
	return v;
}

void wire_rbuf_tags(wire_rbuf *r, wire_tag_fn fn, void *ctx)
{
	uint32_t count = wire_rbuf_uvarint(r);
	if (r->failed)
		return;
	/* Each field takes at least two bytes (tag and size). */
	if (count > wire_rbuf_remaining(r) / 2) {
		wire_rbuf_fail(r, "%u tagged fields cannot fit in %zu bytes",
			       count, wire_rbuf_remaining(r));
		return;
	}
	for (uint32_t i = 0; i < count && !r->failed; i++) {
		uint32_t tag = wire_rbuf_uvarint(r);
		uint32_t size = wire_rbuf_uvarint(r);
		if (r->failed)
			return;
		const uint8_t *p = take(r, size);
		if (!p)
			return;
		if (!fn)
			continue;
		wire_rbuf field;
		wire_rbuf_init(&field, p, size);
		if (fn(ctx, tag, &field) < 0 && !field.failed)
			wire_rbuf_fail(&field, "bad tagged field %u", tag);
		if (!field.failed && field.off != 0 && field.off != field.len)
			wire_rbuf_fail(&field, "tagged field %u has %zu extra bytes",
				       tag, field.len - field.off);
		if (field.failed)
			wire_rbuf_fail(r, "tagged field %u: %s", tag, field.err);
	}
}

void wire_rbuf_expect_end(wire_rbuf *r)
{
	if (!r->failed && r->off != r->len)
		wire_rbuf_fail(r, "%zu bytes of trailing garbage", r->len - r->off);
}
