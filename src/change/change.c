/* change.c: see change.h. */
#include "config.h"

#include "change.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

int change_plan(kd_change *c, const kd_change_ops *ops, const void *spec, wire_pool *pool,
		char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	arena_init(&c->arena);
	c->ops = ops;
	c->spec = ops->spec_copy ? ops->spec_copy(&c->arena, spec) : spec;
	c->n_steps = 1;
	uint64_t r0 = wire_pool_requests(pool);
	int rc = ops->plan(c, pool, err, errlen);
	c->reads = (int)(wire_pool_requests(pool) - r0);
	if (!rc && !c->preview.title)
		change_title(c, "%s", gate_kind_name(ops->kind));
	return rc;
}

void change_free(kd_change *c)
{
	if (c->ops && c->ops->release)
		c->ops->release(c);
	free(c->requests);
	arena_free(&c->arena);
	memset(c, 0, sizeof(*c));
}

static char *vfmt(kd_arena *a, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *p = arena_alloc(a, n > 0 ? (size_t)n + 1 : 1);
	if (n > 0)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

#define FORMAT_INTO(dst)                                \
	do {                                            \
		va_list ap;                             \
		va_start(ap, fmt);                      \
		dst = vfmt(&c->arena, fmt, ap);         \
		va_end(ap);                             \
	} while (0)

void change_title(kd_change *c, const char *fmt, ...)
{
	FORMAT_INTO(c->preview.title);
}

void change_summary(kd_change *c, const char *fmt, ...)
{
	FORMAT_INTO(c->preview.summary);
}

void change_refuse(kd_change *c, const char *fmt, ...)
{
	if (c->preview.refusal)
		return;                 /* the first reason stands */
	FORMAT_INTO(c->preview.refusal);
}

/* Grow an arena array by one (arrays here are short: notes, rows). */
static void *grow(kd_arena *a, const void *old, int n, size_t size)
{
	void *p = arena_calloc(a, (size_t)n + 1, size);
	if (n)
		memcpy(p, old, (size_t)n * size);
	return p;
}

void change_note(kd_change *c, const char *fmt, ...)
{
	const char *note;
	FORMAT_INTO(note);
	c->preview.notes = grow(&c->arena, c->preview.notes, c->preview.n_notes, sizeof(char *));
	c->preview.notes[c->preview.n_notes++] = note;
}

void change_columns(kd_change *c, int n, const char *const *names)
{
	c->preview.cols = arena_calloc(&c->arena, (size_t)n, sizeof(char *));
	for (int i = 0; i < n; i++)
		c->preview.cols[i] = arena_strdup(&c->arena, names[i]);
	c->preview.n_cols = n;
}

void change_row(kd_change *c, const char *const *cells)
{
	kd_preview *p = &c->preview;
	/* doubling, not one at a time: a reset may cover thousands of
	 * partitions */
	if ((p->n_rows & (p->n_rows - 1)) == 0) {
		const char ***rows = arena_calloc(&c->arena, (size_t)(p->n_rows ? p->n_rows * 2 : 1),
						  sizeof(*rows));
		if (p->n_rows)
			memcpy(rows, p->rows, (size_t)p->n_rows * sizeof(*rows));
		p->rows = rows;
	}
	const char **row = arena_calloc(&c->arena, (size_t)(p->n_cols ? p->n_cols : 1), sizeof(char *));
	for (int i = 0; i < p->n_cols; i++)
		row[i] = arena_strdup(&c->arena, cells[i] ? cells[i] : "");
	p->rows[p->n_rows++] = row;
}

void change_request(kd_change *c, const char *fmt, ...)
{
	const char *r;
	FORMAT_INTO(r);
	if (c->n_requests == c->cap_requests) {
		c->cap_requests = c->cap_requests ? c->cap_requests * 2 : 8;
		c->requests = realloc(c->requests, (size_t)c->cap_requests * sizeof(*c->requests));
		if (!c->requests)
			abort();
	}
	c->requests[c->n_requests++] = r;
}

/* ---- text ------------------------------------------------------------------ */

typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

char *change_text(const kd_change *c)
{
	const kd_preview *p = &c->preview;
	text t = { NULL, 0, 0 };
	put(&t, "%s\n", p->title ? p->title : "");
	if (p->summary)
		put(&t, "%s\n", p->summary);
	if (p->n_cols) {
		int *w = calloc((size_t)p->n_cols, sizeof(int));
		if (!w)
			abort();
		for (int j = 0; j < p->n_cols; j++)
			w[j] = (int)strlen(p->cols[j]);
		for (int i = 0; i < p->n_rows; i++)
			for (int j = 0; j < p->n_cols; j++)
				if ((int)strlen(p->rows[i][j]) > w[j])
					w[j] = (int)strlen(p->rows[i][j]);
		for (int j = 0; j < p->n_cols; j++)
			put(&t, "%s%-*s", j ? "  " : "", j + 1 < p->n_cols ? w[j] : 0, p->cols[j]);
		put(&t, "\n");
		for (int i = 0; i < p->n_rows; i++) {
			for (int j = 0; j < p->n_cols; j++)
				put(&t, "%s%-*s", j ? "  " : "", j + 1 < p->n_cols ? w[j] : 0,
				    p->rows[i][j]);
			put(&t, "\n");
		}
		free(w);
	}
	for (int i = 0; i < p->n_notes; i++)
		put(&t, "note: %s\n", p->notes[i]);
	if (p->refusal)
		put(&t, "refused: %s\n", p->refusal);
	if (!t.s)
		put(&t, "%s", "");
	return t.s;
}

void change_fingerprint(const kd_change *c, char out[17])
{
	uint64_t h = 1469598103934665603ULL;        /* FNV-1a over the requests */
	for (int i = 0; i < c->n_requests; i++) {
		for (const char *s = c->requests[i]; *s; s++)
			h = (h ^ (uint8_t)*s) * 1099511628211ULL;
		h = (h ^ '\n') * 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ---- applying ---------------------------------------------------------------- */

int change_apply(const kd_options *o, const kd_change *confirmed, wire_pool *pool,
		 change_progress_fn progress, void *ctx, char *err, size_t errlen)
{
	const kd_change_ops *ops = confirmed->ops;
	char why[512];
	kd_change now;
	int rc = -1;

	if (!ops->apply) {
		snprintf(err, errlen, "nothing to apply: this only shows the cluster");
		return -1;
	}
	if (gate_allowed(o, ops->kind, err, errlen))
		return -1;
	if (confirmed->preview.refusal) {
		snprintf(err, errlen, "%s", confirmed->preview.refusal);
		return -1;
	}
	/* what would be sent now, read again: the cluster may have moved */
	if (change_plan(&now, ops, confirmed->spec, pool, why, sizeof(why))) {
		snprintf(err, errlen, "reading the cluster again before applying: %s "
			 "(nothing was sent)", why);
		goto out;
	}
	if (now.preview.refusal) {
		snprintf(err, errlen, "%s", now.preview.refusal);
		goto out;
	}
	if (gate_pass(o, ops->kind, confirmed->requests, confirmed->n_requests,
		      now.requests, now.n_requests, err, errlen))
		goto out;
	now.opts = o;
	for (int step = 0; step < now.n_steps; step++) {
		if (progress)
			progress(ctx, step, now.n_steps);
		if (ops->apply(&now, pool, step, why, sizeof(why))) {
			if (now.n_steps > 1)
				snprintf(err, errlen, "step %d of %d: %s", step + 1, now.n_steps, why);
			else
				snprintf(err, errlen, "%s", why);
			goto out;
		}
	}
	log_info("change applied: %s", now.preview.title);
	rc = 0;
out:
	change_free(&now);
	return rc;
}
