/* test_wire_buf.c: the protocol's primitive types, written and read back,
 * and every way a read must refuse bad input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wire_buf.h"

static void test_fixed_width_big_endian(void **state)
{
	(void)state;
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i8(&w, -2);
	wire_wbuf_put_i16(&w, 0x1234);
	wire_wbuf_put_i32(&w, -1);
	wire_wbuf_put_i64(&w, 0x0102030405060708LL);
	wire_wbuf_put_bool(&w, true);
	static const uint8_t want[] = {
		0xfe, 0x12, 0x34, 0xff, 0xff, 0xff, 0xff,
		1, 2, 3, 4, 5, 6, 7, 8, 1,
	};
	assert_int_equal(w.len, sizeof(want));
	assert_memory_equal(w.data, want, sizeof(want));

	wire_rbuf r;
	wire_rbuf_init(&r, w.data, w.len);
	assert_int_equal(wire_rbuf_i8(&r), -2);
	assert_int_equal(wire_rbuf_i16(&r), 0x1234);
	assert_int_equal(wire_rbuf_i32(&r), -1);
	assert_true(wire_rbuf_i64(&r) == 0x0102030405060708LL);
	assert_true(wire_rbuf_bool(&r));
	wire_rbuf_expect_end(&r);
	assert_false(wire_rbuf_failed(&r));
	wire_wbuf_free(&w);
}

static void test_uvarint_boundaries(void **state)
{
	(void)state;
	static const struct { uint32_t v; size_t len; } cases[] = {
		{ 0, 1 }, { 1, 1 }, { 127, 1 }, { 128, 2 }, { 300, 2 },
		{ 16383, 2 }, { 16384, 3 }, { 0x0fffffff, 4 }, { 0x10000000, 5 },
		{ UINT32_MAX, 5 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wire_wbuf w;
		wire_wbuf_init(&w);
		wire_wbuf_put_uvarint(&w, cases[i].v);
		assert_int_equal(w.len, cases[i].len);
		wire_rbuf r;
		wire_rbuf_init(&r, w.data, w.len);
		assert_int_equal(wire_rbuf_uvarint(&r), cases[i].v);
		assert_false(wire_rbuf_failed(&r));
		/* every cut of a multi-byte varint is truncated */
		for (size_t cut = 0; cut < w.len; cut++) {
			wire_rbuf_init(&r, w.data, cut);
			(void)wire_rbuf_uvarint(&r);
			assert_true(wire_rbuf_failed(&r));
		}
		wire_wbuf_free(&w);
	}
	/* 300 is 0xac 0x02, as in the protobuf documentation */
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_uvarint(&w, 300);
	assert_int_equal(w.data[0], 0xac);
	assert_int_equal(w.data[1], 0x02);
	wire_wbuf_free(&w);
}

static void test_uvarint_overflow(void **state)
{
	(void)state;
	/* five bytes whose last carries more than 4 bits, and six bytes */
	static const uint8_t too_big[] = { 0xff, 0xff, 0xff, 0xff, 0x1f };
	static const uint8_t too_long[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	wire_rbuf r;
	wire_rbuf_init(&r, too_big, sizeof(too_big));
	assert_int_equal(wire_rbuf_uvarint(&r), 0);
	assert_true(wire_rbuf_failed(&r));
	assert_non_null(strstr(r.err, "32 bits"));
	wire_rbuf_init(&r, too_long, sizeof(too_long));
	(void)wire_rbuf_uvarint(&r);
	assert_true(wire_rbuf_failed(&r));
}

static void test_zigzag_varint(void **state)
{
	(void)state;
	static const int32_t vals[] = { 0, -1, 1, -64, 63, INT32_MIN, INT32_MAX };
	static const uint8_t first[] = { 0, 1, 2, 127, 126, 0xff, 0xfe };
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		wire_wbuf w;
		wire_wbuf_init(&w);
		wire_wbuf_put_varint(&w, vals[i]);
		assert_int_equal(w.data[0], first[i]);
		wire_rbuf r;
		wire_rbuf_init(&r, w.data, w.len);
		assert_int_equal(wire_rbuf_varint(&r), vals[i]);
		wire_wbuf_free(&w);
	}
}

static void test_strings(void **state)
{
	(void)state;
	kd_arena a;
	arena_init(&a);
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_str(&w, "kdeck", false);
	wire_wbuf_put_str(&w, NULL, false);
	wire_wbuf_put_str(&w, "", false);
	wire_wbuf_put_str(&w, "kdeck", true);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_str(&w, "", true);
	static const uint8_t want[] = {
		0, 5, 'k', 'd', 'e', 'c', 'k', 0xff, 0xff, 0, 0,
		6, 'k', 'd', 'e', 'c', 'k', 0, 1,
	};
	assert_int_equal(w.len, sizeof(want));
	assert_memory_equal(w.data, want, sizeof(want));

	wire_rbuf r;
	wire_rbuf_init(&r, w.data, w.len);
	assert_string_equal(wire_rbuf_str(&r, &a, false, false), "kdeck");
	assert_null(wire_rbuf_str(&r, &a, false, true));
	assert_string_equal(wire_rbuf_str(&r, &a, false, false), "");
	assert_string_equal(wire_rbuf_str(&r, &a, true, false), "kdeck");
	assert_null(wire_rbuf_str(&r, &a, true, true));
	assert_string_equal(wire_rbuf_str(&r, &a, true, false), "");
	wire_rbuf_expect_end(&r);
	assert_false(wire_rbuf_failed(&r));

	/* null where the schema says not nullable */
	wire_rbuf_init(&r, (const uint8_t[]){ 0xff, 0xff }, 2);
	assert_null(wire_rbuf_str(&r, &a, false, false));
	assert_true(wire_rbuf_failed(&r));
	assert_non_null(strstr(r.err, "null string"));
	/* a negative length other than -1 */
	wire_rbuf_init(&r, (const uint8_t[]){ 0xff, 0xfe }, 2);
	assert_null(wire_rbuf_str(&r, &a, false, true));
	assert_non_null(strstr(r.err, "negative length -2"));
	/* longer than what is left */
	wire_rbuf_init(&r, (const uint8_t[]){ 0, 9, 'a', 'b' }, 4);
	assert_null(wire_rbuf_str(&r, &a, false, false));
	assert_non_null(strstr(r.err, "truncated"));
	/* a compact length past Kafka's limit */
	wire_rbuf_init(&r, (const uint8_t[]){ 0xff, 0xff, 0x03 }, 3);
	assert_null(wire_rbuf_str(&r, &a, true, false));
	assert_non_null(strstr(r.err, "over the limit"));

	/* strings over Kafka's 32767-byte limit cannot be written */
	char *big = malloc(40000);
	memset(big, 'x', 39999);
	big[39999] = '\0';
	wire_wbuf_reset(&w);
	wire_wbuf_put_str(&w, big, true);
	assert_true(w.failed);
	free(big);
	wire_wbuf_free(&w);
	arena_free(&a);
}

static void test_arrays(void **state)
{
	(void)state;
	kd_arena a;
	arena_init(&a);
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_array_len(&w, -1, false);
	wire_wbuf_put_array_len(&w, -1, true);
	wire_wbuf_put_array_len(&w, 2, true);
	wire_wbuf_put_i32(&w, 7);
	wire_wbuf_put_i32(&w, 9);
	static const uint8_t want[] = { 0xff, 0xff, 0xff, 0xff, 0, 3, 0, 0, 0, 7, 0, 0, 0, 9 };
	assert_memory_equal(w.data, want, sizeof(want));

	wire_rbuf r;
	wire_rbuf_init(&r, w.data, w.len);
	assert_int_equal(wire_rbuf_array_len(&r, false, true, 1), -1);
	assert_int_equal(wire_rbuf_array_len(&r, true, true, 1), -1);
	size_t n;
	int32_t *v = wire_rbuf_i32_array(&r, &a, true, &n);
	assert_int_equal(n, 2);
	assert_int_equal(v[0], 7);
	assert_int_equal(v[1], 9);
	assert_false(wire_rbuf_failed(&r));

	/* a count that cannot fit in what is left never sizes an allocation */
	static const uint8_t bomb[] = { 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1 };
	wire_rbuf_init(&r, bomb, sizeof(bomb));
	assert_null(wire_rbuf_i32_array(&r, &a, false, &n));
	assert_int_equal(n, 0);
	assert_true(wire_rbuf_failed(&r));
	assert_non_null(strstr(r.err, "cannot fit"));
	/* negative counts other than -1, and null where not allowed */
	wire_rbuf_init(&r, (const uint8_t[]){ 0xff, 0xff, 0xff, 0xfe }, 4);
	(void)wire_rbuf_array_len(&r, false, true, 1);
	assert_non_null(strstr(r.err, "negative length"));
	wire_rbuf_init(&r, (const uint8_t[]){ 0 }, 1);
	(void)wire_rbuf_array_len(&r, true, false, 1);
	assert_non_null(strstr(r.err, "null array"));
	wire_wbuf_free(&w);
	arena_free(&a);
}

/* Tag 1 holds an int32 the callback knows; tag 5 is unknown. */
static int tag_cb(void *ctx, uint32_t tag, wire_rbuf *f)
{
	int32_t *seen = ctx;
	if (tag == 1)
		*seen = wire_rbuf_i32(f);
	return 0;
}

static int tag_cb_partial(void *ctx, uint32_t tag, wire_rbuf *f)
{
	(void)ctx;
	(void)tag;
	(void)wire_rbuf_i16(f);         /* reads half of the int32 */
	return 0;
}

static void test_tagged_fields(void **state)
{
	(void)state;
	static const uint8_t tags[] = {
		2,                       /* two fields */
		1, 4, 0, 0, 0x01, 0x00,  /* tag 1: int32 256 */
		5, 2, 0xaa, 0xbb,        /* tag 5: unknown, skipped */
		0x42,                    /* the next field of the message */
	};
	wire_rbuf r;
	int32_t seen = -1;
	wire_rbuf_init(&r, tags, sizeof(tags));
	wire_rbuf_tags(&r, tag_cb, &seen);
	assert_false(wire_rbuf_failed(&r));
	assert_int_equal(seen, 256);
	assert_int_equal(wire_rbuf_i8(&r), 0x42);

	/* skipping all works with no callback */
	wire_rbuf_init(&r, tags, sizeof(tags));
	wire_rbuf_tags(&r, NULL, NULL);
	assert_int_equal(wire_rbuf_remaining(&r), 1);

	/* a known field read only in part is an error */
	wire_rbuf_init(&r, tags, sizeof(tags));
	wire_rbuf_tags(&r, tag_cb_partial, NULL);
	assert_true(wire_rbuf_failed(&r));
	assert_non_null(strstr(r.err, "extra bytes"));

	/* a field whose size runs past the end */
	static const uint8_t overrun[] = { 1, 1, 9, 0, 0 };
	wire_rbuf_init(&r, overrun, sizeof(overrun));
	wire_rbuf_tags(&r, NULL, NULL);
	assert_true(wire_rbuf_failed(&r));
	/* more fields than bytes could hold */
	static const uint8_t many[] = { 0x7f, 0, 0 };
	wire_rbuf_init(&r, many, sizeof(many));
	wire_rbuf_tags(&r, NULL, NULL);
	assert_true(wire_rbuf_failed(&r));
	/* a known field shorter than its type */
	static const uint8_t short_field[] = { 1, 1, 2, 0, 0 };
	wire_rbuf_init(&r, short_field, sizeof(short_field));
	wire_rbuf_tags(&r, tag_cb, &seen);
	assert_true(wire_rbuf_failed(&r));
	assert_non_null(strstr(r.err, "tagged field 1"));
}

static void test_errors_are_sticky(void **state)
{
	(void)state;
	static const uint8_t two[] = { 0, 1 };
	wire_rbuf r;
	wire_rbuf_init(&r, two, sizeof(two));
	assert_int_equal(wire_rbuf_i32(&r), 0);
	assert_true(wire_rbuf_failed(&r));
	char first[sizeof(r.err)];
	strcpy(first, r.err);
	/* later reads return zero and keep the first message */
	assert_int_equal(wire_rbuf_i16(&r), 0);
	assert_int_equal(r.off, 0);
	assert_string_equal(r.err, first);
	assert_non_null(strstr(first, "at byte 0 of 2"));

	wire_rbuf_init(&r, two, sizeof(two));
	(void)wire_rbuf_i8(&r);
	wire_rbuf_expect_end(&r);
	assert_non_null(strstr(r.err, "1 bytes of trailing garbage"));

	/* an empty or NULL buffer reads nothing */
	wire_rbuf_init(&r, NULL, 10);
	(void)wire_rbuf_i8(&r);
	assert_true(wire_rbuf_failed(&r));
}

static void test_uuid_format(void **state)
{
	(void)state;
	wire_uuid u = { { 0 } };
	char s[WIRE_UUID_STRLEN];
	wire_uuid_format(&u, s);
	assert_string_equal(s, "AAAAAAAAAAAAAAAAAAAAAA");
	assert_true(wire_uuid_is_zero(&u));
	for (int i = 0; i < 16; i++)
		u.b[i] = 0xff;
	wire_uuid_format(&u, s);
	assert_string_equal(s, "_____________________w");
	/* Kafka's "MQ" topic-id style: bytes 0x00..0x0f */
	for (int i = 0; i < 16; i++)
		u.b[i] = (uint8_t)i;
	wire_uuid_format(&u, s);
	assert_string_equal(s, "AAECAwQFBgcICQoLDA0ODw");
	assert_false(wire_uuid_is_zero(&u));
}

static void test_patch_and_reset(void **state)
{
	(void)state;
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i16(&w, 1);
	wire_wbuf_patch_i32(&w, 0, 2);
	static const uint8_t want[] = { 0, 0, 0, 2, 0, 1 };
	assert_memory_equal(w.data, want, sizeof(want));
	wire_wbuf_patch_i32(&w, 4, 2);          /* past the end */
	assert_true(w.failed);
	wire_wbuf_reset(&w);
	assert_false(w.failed);
	assert_int_equal(w.len, 0);
	/* growth keeps what was written */
	for (int i = 0; i < 1000; i++)
		wire_wbuf_put_i32(&w, i);
	assert_int_equal(w.len, 4000);
	assert_int_equal(w.data[3999], (uint8_t)999);
	wire_wbuf_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_width_big_endian),
		cmocka_unit_test(test_uvarint_boundaries),
		cmocka_unit_test(test_uvarint_overflow),
		cmocka_unit_test(test_zigzag_varint),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_tagged_fields),
		cmocka_unit_test(test_errors_are_sticky),
		cmocka_unit_test(test_uuid_format),
		cmocka_unit_test(test_patch_and_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
