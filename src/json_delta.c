/* json_delta.c: see json_delta.h. */
#include "config.h"

#include "json_delta.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Deltas nest as deep as the values; the parser caps input depth too. */
#define DELTA_DEPTH_MAX 512
/* Longest scalar array searched for a slide (the search is quadratic). */
#define DELTA_SHIFT_MAX 1024

/* v as a whole-value delta: objects need the "$=" wrapper, anything else
 * stands for itself. */
static json_t *whole(const json_t *v)
{
	json_t *c = json_deep_copy(v);
	if (!json_is_object(c))
		return c;
	json_t *o = json_object();
	json_object_set_new(o, "$=", c);
	return o;
}

static json_t *marker(const char *key, json_t *v)
{
	json_t *o = json_object();
	json_object_set_new(o, key, v);
	return o;
}

static bool is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

/* The smallest K by which b is a slid by K with elements appended, or 0:
 * a[K..n) == b[0..n-K).  Only for arrays of scalars (histories). */
static size_t find_shift(const json_t *a, const json_t *b)
{
	size_t n = json_array_size(a), m = json_array_size(b);
	if (n < 2 || n > DELTA_SHIFT_MAX || m > DELTA_SHIFT_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_scalar(json_array_get(a, i)))
			return 0;
	for (size_t k = 1; k < n; k++) {
		if (n - k > m)
			continue;
		size_t i;
		for (i = 0; i + k < n; i++)
			if (!json_equal(json_array_get(a, i + k), json_array_get(b, i)))
				break;
		if (i + k == n)
			return k;
	}
	return 0;
}

static json_t *array_delta(const json_t *a, const json_t *b)
{
	size_t n = json_array_size(a), m = json_array_size(b);
	size_t k = find_shift(a, b);
	json_t *idx = NULL;
	size_t changed = m;

	if (n == m) {
		idx = json_object();
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			json_t *d = json_delta(json_array_get(a, i), json_array_get(b, i));
			if (!d)
				continue;
			char key[24];
			snprintf(key, sizeof(key), "%zu", i);
			json_object_set_new(idx, key, d);
			changed++;
		}
	}
	if (k && m - (n - k) < changed) {
		json_t *tail = json_array();
		for (size_t i = n - k; i < m; i++)
			json_array_append_new(tail, json_deep_copy(json_array_get(b, i)));
		json_decref(idx);
		return marker("$s", json_pack("[I, o]", (json_int_t)k, tail));
	}
	if (idx)
		return marker("$i", idx);
	return whole(b);
}

json_t *json_delta(const json_t *a, const json_t *b)
{
	if (json_equal((json_t *)a, (json_t *)b))
		return NULL;
	if (json_is_array(a) && json_is_array(b))
		return array_delta(a, b);
	if (!json_is_object(a) || !json_is_object(b))
		return whole(b);

	json_t *m = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)a, key, v)
		if (!json_object_get(b, key))
			json_object_set_new(m, key, marker("$-", json_integer(1)));
	json_object_foreach((json_t *)b, key, v) {
		json_t *old = json_object_get(a, key);
		json_t *d = old ? json_delta(old, v) : whole(v);
		if (d)
			json_object_set_new(m, key, d);
	}
	return marker("$o", m);
}

/* ---- application ---------------------------------------------------------- */

/* The single marker of a delta object, or NULL when d is not one. */
static const char *delta_marker(const json_t *d, json_t **payload)
{
	if (json_object_size(d) != 1)
		return NULL;
	void *it = json_object_iter((json_t *)d);
	*payload = json_object_iter_value(it);
	return json_object_iter_key(it);
}

/* A decimal array index below n: digits only, no leading zero. */
static bool parse_index(const char *s, size_t n, size_t *out)
{
	size_t v = 0;
	if (!*s || (s[0] == '0' && s[1]))
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (size_t)(*s - '0');
		if (v >= n)
			return false;
	}
	*out = v;
	return true;
}

static json_t *apply(const json_t *a, const json_t *d, int depth);

static json_t *apply_object(const json_t *a, const json_t *m, int depth)
{
	if (!json_is_object(a) || !json_is_object(m))
		return NULL;
	json_t *out = json_copy((json_t *)a);
	const char *key;
	json_t *sub;
	json_object_foreach((json_t *)m, key, sub) {
		json_t *p;
		const char *mk = json_is_object(sub) ? delta_marker(sub, &p) : NULL;
		if (mk && !strcmp(mk, "$-")) {
			if (json_object_del(out, key))
				goto bad;       /* removing what is not there */
			continue;
		}
		json_t *v = apply(json_object_get(a, key), sub, depth + 1);
		if (!v)
			goto bad;
		json_object_set_new(out, key, v);
	}
	return out;
bad:
	json_decref(out);
	return NULL;
}

static json_t *apply_index(const json_t *a, const json_t *m, int depth)
{
	if (!json_is_array(a) || !json_is_object(m))
		return NULL;
	json_t *out = json_copy((json_t *)a);
	size_t n = json_array_size(a);
	const char *key;
	json_t *sub;
	json_object_foreach((json_t *)m, key, sub) {
		size_t i;
		json_t *v;
		if (!parse_index(key, n, &i) || !(v = apply(json_array_get(a, i), sub, depth + 1))) {
			json_decref(out);
			return NULL;
		}
		json_array_set_new(out, i, v);
	}
	return out;
}

static json_t *apply_shift(const json_t *a, const json_t *p)
{
	json_t *jk = json_array_get(p, 0), *tail = json_array_get(p, 1);
	if (!json_is_array(a) || json_array_size(p) != 2 || !json_is_integer(jk) ||
	    !json_is_array(tail))
		return NULL;
	json_int_t k = json_integer_value(jk);
	size_t n = json_array_size(a);
	if (k < 0 || (json_int_t)n < k)
		return NULL;
	json_t *out = json_array();
	for (size_t i = (size_t)k; i < n; i++)
		json_array_append(out, json_array_get(a, i));
	for (size_t i = 0; i < json_array_size(tail); i++)
		json_array_append(out, json_array_get(tail, i));
	return out;
}

/* a may be NULL (a member the delta adds): only a whole value fits then. */
static json_t *apply(const json_t *a, const json_t *d, int depth)
{
	json_t *p;
	if (!d || depth > DELTA_DEPTH_MAX)
		return NULL;
	if (!json_is_object(d))
		return json_incref((json_t *)d);
	const char *mk = delta_marker(d, &p);
	if (!mk)
		return NULL;
	if (!strcmp(mk, "$="))
		return json_incref(p);
	if (!a)
		return NULL;
	if (!strcmp(mk, "$o"))
		return apply_object(a, p, depth);
	if (!strcmp(mk, "$i"))
		return apply_index(a, p, depth);
	if (!strcmp(mk, "$s"))
		return apply_shift(a, p);
	return NULL;                    /* "$-" out of place, or unknown */
}

json_t *json_delta_apply(const json_t *a, const json_t *d)
{
	if (!a)
		return NULL;
	return apply(a, d, 0);
}
