/*
 * msgfilter_eval.c: matching a compiled filter against one message.
 * JSON conditions parse the key or value at most once per evaluation.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "msgfilter.h"
#include "msgfilter_priv.h"

typedef struct evalctx {
	const kd_msg *m;
	json_t *json[2];         /* key, value: parsed on first use */
	bool parsed[2];
} evalctx;

/* The key or value as JSON, parsed on first use during one evaluation;
 * NULL when it is not JSON, json null for a null key or value. */
static json_t *msg_json(evalctx *c, field_kind which)
{
	int i = which == F_VALUE;
	if (!c->parsed[i]) {
		c->parsed[i] = true;
		const void *p = i ? c->m->value : c->m->key;
		size_t n = i ? c->m->value_len : c->m->key_len;
		json_error_t jerr;
		c->json[i] = p ? json_loadb(p, n, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL |
		                            JSON_ALLOW_NUL, &jerr)
		               : json_null();
	}
	return c->json[i];
}

/* Follow a path; NULL when some step is missing (read as null). */
static json_t *resolve(json_t *j, const field *f)
{
	for (int k = 0; k < f->n_path && j; k++) {
		const path_seg *s = &f->path[k];
		if (s->name) {
			j = json_is_object(j) ? json_object_get(j, s->name) : NULL;
		} else {
			if (!json_is_array(j))
				return NULL;
			long idx = s->index;
			if (idx < 0)
				idx += (long)json_array_size(j);
			j = idx >= 0 ? json_array_get(j, (size_t)idx) : NULL;
		}
	}
	return j;
}

void msgfilter_fmt_num(char *dst, size_t len, double d)
{
	snprintf(dst, len, "%.15g", d);
	if (strtod(dst, NULL) != d)
		snprintf(dst, len, "%.17g", d);
}

static bool contains(const node *n, const void *hay, size_t hn)
{
	if (n->text_len == 0)
		return true;
	if (hn < n->text_len)
		return false;
	if (!n->icase)
		return memmem(hay, hn, n->text, n->text_len) != NULL;
	const unsigned char *h = hay, *nd = (const unsigned char *)n->text;
	for (size_t i = 0; i + n->text_len <= hn; i++) {
		size_t k = 0;
		while (k < n->text_len) {
			unsigned char c = h[i + k];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != nd[k])
				break;
			k++;
		}
		if (k == n->text_len)
			return true;
	}
	return false;
}

/* regexec wants a C string, message bytes have no NUL after them (and
 * sanitizers check that regexec's string is one even with REG_STARTEND),
 * so the bytes are copied; REG_STARTEND lets a regex see past NUL bytes
 * inside them. */
static bool regex_match(const node *n, const void *hay, size_t hn)
{
	char small[4096];
	if (hn > INT_MAX - 1)
		hn = INT_MAX - 1;
	char *s = hn < sizeof(small) ? small : malloc(hn + 1);
	if (!s)
		return false;
	memcpy(s, hay, hn);
	s[hn] = '\0';
#ifdef REG_STARTEND
	regmatch_t pm[1];
	pm[0].rm_so = 0;
	pm[0].rm_eo = (regoff_t)hn;
	bool r = regexec(n->re, s, 1, pm, REG_STARTEND) == 0;
#else
	bool r = regexec(n->re, s, 0, NULL, 0) == 0;
#endif
	if (s != small)
		free(s);
	return r;
}

static bool text_pred(const node *n, const void *p, size_t len)
{
	return n->kind == N_CONTAINS ? contains(n, p, len) : regex_match(n, p, len);
}

/* ':' and '~' on a JSON field: strings, numbers and booleans as text. */
static bool json_text_pred(const node *n, json_t *j)
{
	char num[40];
	if (json_is_string(j))
		return text_pred(n, json_string_value(j), json_string_length(j));
	if (json_is_number(j)) {
		msgfilter_fmt_num(num, sizeof(num), json_number_value(j));
		return text_pred(n, num, strlen(num));
	}
	if (json_is_boolean(j))
		return text_pred(n, json_is_true(j) ? "true" : "false", json_is_true(j) ? 4 : 5);
	return false;
}

/* ':' and '~': true when the field, or any of its candidates (key, value,
 * header values for a bare word), satisfies the pattern. */
static bool eval_text(const node *n, evalctx *c)
{
	const kd_msg *m = c->m;
	switch (n->f.kind) {
	case F_ANY:
		if (m->key && text_pred(n, m->key, m->key_len))
			return true;
		if (m->value && text_pred(n, m->value, m->value_len))
			return true;
		for (size_t i = 0; i < m->n_headers; i++)
			if (m->headers[i].value &&
			    text_pred(n, m->headers[i].value, m->headers[i].value_len))
				return true;
		return false;
	case F_KEY:
	case F_VALUE:
		if (n->f.path)
			return json_text_pred(n, resolve(msg_json(c, n->f.kind), &n->f));
		if (n->f.kind == F_KEY)
			return m->key && text_pred(n, m->key, m->key_len);
		return m->value && text_pred(n, m->value, m->value_len);
	case F_TOPIC:
		return m->topic && text_pred(n, m->topic, strlen(m->topic));
	case F_HEADER:
		for (size_t i = 0; i < m->n_headers; i++) {
			const kd_msg_header *h = &m->headers[i];
			if (n->f.hname && (!h->name || strcmp(h->name, n->f.hname) != 0))
				continue;
			if (h->value && text_pred(n, h->value, h->value_len))
				return true;
		}
		return false;
	default:
		return false;
	}
}

static bool apply_op(tk_kind op, int c)
{
	switch (op) {
	case TK_EQ: return c == 0;
	case TK_LT: return c < 0;
	case TK_LE: return c <= 0;
	case TK_GT: return c > 0;
	case TK_GE: return c >= 0;
	default: return false;
	}
}

static int cmp_bytes(const void *a, size_t an, const void *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

static int cmp_double(double a, double b)
{
	return a < b ? -1 : a > b;
}

/* Compare raw bytes (NULL: null) with a literal; op is never TK_NE. */
static bool cmp_text(const void *p, size_t n, const literal *l, tk_kind op)
{
	if (!p || l->kind == L_NULL)
		return !p && l->kind == L_NULL && op == TK_EQ;
	if (l->kind == L_STR)
		return apply_op(op, cmp_bytes(p, n, l->s, l->len));
	if (l->kind != L_NUM)
		return false;
	/* the bytes as a number: digits only, then strtod */
	char buf[72];
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (strspn(buf, "+-0123456789.eE") != n)
		return false;
	char *end;
	double d = strtod(buf, &end);
	if (*end != '\0' || !isfinite(d))
		return false;
	return apply_op(op, cmp_double(d, l->num));
}

static bool cmp_json(json_t *j, const literal *l, tk_kind op)
{
	if (!j || json_is_null(j))
		return l->kind == L_NULL && op == TK_EQ;
	switch (l->kind) {
	case L_NULL:
		return false;
	case L_BOOL:
		return json_is_boolean(j) && op == TK_EQ && json_is_true(j) == l->b;
	case L_NUM:
		return json_is_number(j) && apply_op(op, cmp_double(json_number_value(j), l->num));
	case L_STR:
		return json_is_string(j) &&
		       apply_op(op, cmp_bytes(json_string_value(j), json_string_length(j),
		                              l->s, l->len));
	}
	return false;
}

static bool cmp_int(long long v, const literal *l, tk_kind op)
{
	if (l->is_int)
		return apply_op(op, v < l->i ? -1 : v > l->i);
	return apply_op(op, cmp_double((double)v, l->num));
}

/* A comparison with op (never TK_NE: that is the negation of TK_EQ). */
static bool eval_cmp(const node *n, tk_kind op, evalctx *c)
{
	const kd_msg *m = c->m;
	switch (n->f.kind) {
	case F_PARTITION:
		return cmp_int(m->partition, &n->lit, op);
	case F_OFFSET:
		return cmp_int(m->offset, &n->lit, op);
	case F_TOPIC:
		return cmp_text(m->topic, m->topic ? strlen(m->topic) : 0, &n->lit, op);
	case F_KEY:
	case F_VALUE:
		if (n->f.path)
			return cmp_json(resolve(msg_json(c, n->f.kind), &n->f), &n->lit, op);
		if (n->f.kind == F_KEY)
			return cmp_text(m->key, m->key_len, &n->lit, op);
		return cmp_text(m->value, m->value_len, &n->lit, op);
	case F_HEADER: {
		bool seen = false;
		for (size_t i = 0; i < m->n_headers; i++) {
			const kd_msg_header *h = &m->headers[i];
			if (n->f.hname && (!h->name || strcmp(h->name, n->f.hname) != 0))
				continue;
			seen = true;
			if (cmp_text(h->value, h->value_len, &n->lit, op))
				return true;
		}
		/* no such header reads as null */
		return !seen && cmp_text(NULL, 0, &n->lit, op);
	}
	default:
		return false;
	}
}

static bool eval(const node *n, evalctx *c)
{
	switch (n->kind) {
	case N_TRUE:
		return true;
	case N_AND:
		for (int i = 0; i < n->n_kids; i++)
			if (!eval(n->kids[i], c))
				return false;
		return true;
	case N_OR:
		for (int i = 0; i < n->n_kids; i++)
			if (eval(n->kids[i], c))
				return true;
		return false;
	case N_NOT:
		return !eval(n->kids[0], c);
	case N_CONTAINS:
	case N_REGEX:
		return eval_text(n, c);
	case N_CMP:
		if (n->op == TK_NE)
			return !eval_cmp(n, TK_EQ, c);
		return eval_cmp(n, n->op, c);
	}
	return false;
}

bool msgfilter_eval_root(const node *root, const kd_msg *m)
{
	evalctx c = { .m = m };
	bool r = eval(root, &c);
	json_decref(c.json[0]);
	json_decref(c.json[1]);
	return r;
}
