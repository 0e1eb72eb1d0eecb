/*
 * test_json_delta.c: deltas between JSON values (src/json_delta.c): a
 * delta applied to its first value gives the second, over random nested
 * values and their random edits; equal values give no delta; data that
 * looks like a marker stays data; hostile deltas are refused, never
 * crash.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_delta.h"

static uint32_t rng = 12345;

static uint32_t rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

/* Keys include the markers themselves: data must never be read as one. */
static const char *const keys[] = { "a", "b", "topic.x", "$o", "$=", "$-", "$i", "$s",
				    "3", "", "name" };
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static json_t *rand_value(int depth)
{
	int kind = (int)rnd(depth > 3 ? 5 : 8);
	switch (kind) {
	case 0: return json_integer((json_int_t)rnd(100) - 50);
	case 1: return json_real((double)rnd(1000) / 7.0);
	case 2: return json_null();
	case 3: return json_boolean(rnd(2));
	case 4: return json_string(keys[rnd(N_KEYS)]);
	case 5: case 6: {
		json_t *o = json_object();
		int n = (int)rnd(6);
		for (int i = 0; i < n; i++)
			json_object_set_new(o, keys[rnd(N_KEYS)], rand_value(depth + 1));
		return o;
	}
	default: {
		json_t *a = json_array();
		int n = (int)rnd(7);
		for (int i = 0; i < n; i++)
			json_array_append_new(a, rand_value(depth + 1));
		return a;
	}
	}
}

/* A copy of v with a few random changes (or none). */
static json_t *mutate(const json_t *v, int depth)
{
	if (rnd(4) == 0 || depth > 5)
		return rnd(3) ? json_deep_copy(v) : rand_value(depth);
	if (json_is_object(v)) {
		json_t *o = json_deep_copy(v);
		const char *k;
		json_t *x;
		void *tmp;
		json_object_foreach_safe(o, tmp, k, x) {
			switch (rnd(5)) {
			case 0: json_object_del(o, k); break;
			case 1: json_object_set_new(o, k, mutate(x, depth + 1)); break;
			default: break;
			}
		}
		if (rnd(3) == 0)
			json_object_set_new(o, keys[rnd(N_KEYS)], rand_value(depth + 1));
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t n = json_array_size(v), from = rnd(3) == 0 && n ? rnd((uint32_t)n) : 0;
		for (size_t i = from; i < n; i++)      /* sometimes slid, like a history */
			json_array_append_new(a, rnd(4) ? json_deep_copy(json_array_get(v, i))
						 : mutate(json_array_get(v, i), depth + 1));
		for (uint32_t i = rnd(3); i > 0; i--)
			json_array_append_new(a, rand_value(depth + 1));
		return a;
	}
	return rand_value(depth);
}

static void check_round_trip(const json_t *a, const json_t *b)
{
	json_t *d = json_delta(a, b);
	if (json_equal((json_t *)a, (json_t *)b)) {
		assert_null(d);
		return;
	}
	assert_non_null(d);
	/* through text, as a recording stores it */
	char *text = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
	json_t *back = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(back);
	json_t *c = json_delta_apply(a, back);
	assert_non_null(c);
	if (!json_equal(c, (json_t *)b)) {
		char *x = json_dumps(a, JSON_ENCODE_ANY), *y = json_dumps(b, JSON_ENCODE_ANY);
		fail_msg("a=%s b=%s delta=%s", x, y, text);
	}
	json_decref(c);
	json_decref(back);
	json_decref(d);
	free(text);
}

static void test_random_round_trips(void **state)
{
	(void)state;
	for (int i = 0; i < 5000; i++) {
		json_t *a = rand_value(0);
		json_t *b = mutate(a, 0);
		check_round_trip(a, b);
		check_round_trip(b, a);
		check_round_trip(a, a);
		json_decref(a);
		json_decref(b);
	}
}

static void test_equal_is_null(void **state)
{
	(void)state;
	json_t *a = json_loads("{\"x\":[1,2,{\"y\":null}],\"z\":1.5}", 0, NULL);
	json_t *b = json_deep_copy(a);
	assert_null(json_delta(a, b));
	json_decref(a);
	json_decref(b);
}

/* The forms a recording relies on: one member changed, one gone, an
 * element of an array, a history slid by one. */
static void test_forms(void **state)
{
	(void)state;
	json_t *a = json_loads("{\"t\":[{\"high\":1},{\"high\":2}],\"gone\":1,"
			       "\"h\":[1,2,3,4,5,6,7,8]}", 0, NULL);
	json_t *b = json_loads("{\"t\":[{\"high\":1},{\"high\":3}],"
			       "\"h\":[2,3,4,5,6,7,8,9]}", 0, NULL);
	json_t *d = json_delta(a, b);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"$o\":{\"gone\":{\"$-\":1},\"h\":{\"$s\":[1,[9]]},"
			    "\"t\":{\"$i\":{\"1\":{\"$o\":{\"high\":3}}}}}}");
	free(text);
	json_decref(d);
	json_decref(a);
	json_decref(b);
}

/* A key that is a marker in the data is carried as data. */
static void test_marker_keys_are_data(void **state)
{
	(void)state;
	json_t *a = json_loads("{\"$o\":{\"$-\":1},\"$=\":2}", 0, NULL);
	json_t *b = json_loads("{\"$o\":{\"$-\":2,\"$i\":{}},\"$s\":[1,[2]]}", 0, NULL);
	check_round_trip(a, b);
	check_round_trip(b, a);
	json_t *empty = json_object();
	check_round_trip(empty, b);
	check_round_trip(b, empty);
	json_decref(empty);
	json_decref(a);
	json_decref(b);
}

static void test_hostile_deltas(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{}", "{\"$o\":1}", "{\"$o\":{},\"$i\":{}}", "{\"$x\":1}", "{\"$-\":1}",
		"{\"$i\":{\"0\":1}}",                     /* not an array */
		"{\"$o\":{\"arr\":{\"$i\":{\"9\":1}}}}",  /* out of range */
		"{\"$o\":{\"arr\":{\"$i\":{\"-1\":1}}}}",
		"{\"$o\":{\"arr\":{\"$i\":{\"01\":1}}}}",
		"{\"$o\":{\"arr\":{\"$i\":{\"99999999999999999999999\":1}}}}",
		"{\"$o\":{\"arr\":{\"$i\":{\"x\":1}}}}",
		"{\"$o\":{\"arr\":{\"$s\":[4,[]]}}}",     /* slid past its end */
		"{\"$o\":{\"arr\":{\"$s\":[-1,[]]}}}",
		"{\"$o\":{\"arr\":{\"$s\":[1]}}}",
		"{\"$o\":{\"arr\":{\"$s\":[1.5,[]]}}}",
		"{\"$o\":{\"arr\":{\"$s\":{}}}}",
		"{\"$o\":{\"missing\":{\"$-\":1}}}",      /* removing nothing */
		"{\"$o\":{\"missing\":{\"$o\":{}}}}",     /* diffing nothing */
		"{\"$o\":{\"obj\":{\"$i\":{}}}}",
		"{\"$o\":{\"obj\":{\"$o\":{\"k\":{}}}}}",
	};
	json_t *a = json_loads("{\"arr\":[1,2,3],\"obj\":{\"k\":1}}", 0, NULL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *d = json_loads(bad[i], 0, NULL);
		assert_non_null(d);
		json_t *c = json_delta_apply(a, d);
		if (c)
			fail_msg("accepted %s", bad[i]);
		json_decref(d);
	}
	/* deep nesting is refused, not a stack overflow */
	json_t *d = json_object(), *cur = d;
	for (int i = 0; i < 2000; i++) {
		json_t *inner = json_object(), *m = json_object();
		json_object_set_new(cur, "$o", m);
		json_object_set_new(m, "obj", inner);
		cur = inner;
	}
	json_object_set_new(cur, "$=", json_integer(1));
	assert_null(json_delta_apply(a, d));
	json_decref(d);
	assert_null(json_delta_apply(NULL, a));
	/* random garbage deltas: any answer but a crash */
	for (int i = 0; i < 5000; i++) {
		json_t *g = rand_value(0);
		json_t *c = json_delta_apply(a, g);
		json_decref(c);
		json_decref(g);
	}
	json_decref(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_round_trips),
		cmocka_unit_test(test_equal_is_null),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_marker_keys_are_data),
		cmocka_unit_test(test_hostile_deltas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
