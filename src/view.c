/* view.c: rows, sorting, filtering and selection of one table. */
#include "config.h"

#include "view.h"

#include "regex_lit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void view_init(kd_view *v, const kd_view_source *src, const kd_drill *d)
{
	memset(v, 0, sizeof(*v));
	v->src = src;
	if (d)
		v->drill = *d;
	else
		v->drill.kind = KD_DRILL_NONE;
	v->sort_col = src->default_sort;
	v->sort_desc = src->default_desc;
	v->group_col = -1;
	arena_init(&v->arena);
}

static void clear_rows(kd_view *v)
{
	if (v->n_rows > 0)
		v->last_rows = v->n_rows;
	arena_free(&v->arena);
	arena_init(&v->arena);
	v->n_rows = 0;
	v->n_vis = 0;
	v->snap = NULL;
	v->seq = 0;
}

void view_free(kd_view *v)
{
	arena_free(&v->arena);
	free(v->rows);
	free(v->vis);
	if (v->filter)
		regfree(&v->re);
	free(v->filter);
	free(v->sel_key);
	memset(v, 0, sizeof(*v));
}

void view_invalidate(kd_view *v)
{
	clear_rows(v);
}

static void set_sel_key(kd_view *v, const char *key)
{
	char *copy;

	if (v->sel_key && key && strcmp(v->sel_key, key) == 0)
		return;
	copy = key ? strdup(key) : NULL;
	if (key && !copy)
		abort();
	free(v->sel_key);
	v->sel_key = copy;
}

/* ---- building ---------------------------------------------------------- */

const char view_text_unknown[] = "-";
const char view_text_na[] = "n/a";
const char view_text_no_history[] = "";
static const char text_history[] = "";   /* a known sparkline's text */

kd_row *view_add_row(kd_view *v, const char *key)
{
	kd_row *r;
	int n = v->src->n_columns;

	if (v->n_rows == v->cap_rows) {
		v->cap_rows = v->cap_rows ? v->cap_rows * 2 : 64;
		v->rows = realloc(v->rows, (size_t)v->cap_rows * sizeof(*v->rows));
		if (!v->rows)
			abort();
	}
	r = &v->rows[v->n_rows];
	memset(r, 0, sizeof(*r));
	r->order = v->n_rows++;
	r->key = arena_strdup(&v->arena, key);
	r->cells = arena_calloc(&v->arena, (size_t)(n > 0 ? n : 1), sizeof(kd_cell));
	for (int i = 0; i < n; i++)
		r->cells[i].text = view_text_unknown;
	return r;
}

static kd_cell *cell(kd_view *v, kd_row *r, int col)
{
	if (col < 0 || col >= v->src->n_columns)
		return NULL;
	return &r->cells[col];
}

void view_cell_text(kd_view *v, kd_row *r, int col, const char *text)
{
	kd_cell *c = cell(v, r, col);

	if (!c || !text)
		return;
	c->text = arena_strdup(&v->arena, text);
	c->num = 0;
}

void view_cell_num(kd_view *v, kd_row *r, int col, double num, const char *text)
{
	kd_cell *c = cell(v, r, col);

	if (!c || !text)
		return;
	c->text = arena_strdup(&v->arena, text);
	c->num = num;
}

void view_cell_int(kd_view *v, kd_row *r, int col, int64_t n)
{
	char buf[32];

	if (n < 0)
		return;
	view_cell_num(v, r, col, (double)n, view_fmt_int(buf, sizeof(buf), n));
}

void view_cell_count(kd_view *v, kd_row *r, int col, int64_t n)
{
	char buf[32];

	if (n < 0)
		return;
	view_cell_num(v, r, col, (double)n, view_fmt_count(buf, sizeof(buf), n));
}

void view_cell_rate(kd_view *v, kd_row *r, int col, double rate)
{
	char buf[32];

	if (rate < 0)
		return;
	view_cell_num(v, r, col, rate, view_fmt_rate(buf, sizeof(buf), rate));
}

void view_cell_bytes(kd_view *v, kd_row *r, int col, int64_t b)
{
	char buf[32];

	if (b < 0)
		return;
	view_cell_num(v, r, col, (double)b, view_fmt_bytes(buf, sizeof(buf), b));
}

void view_cell_na(kd_view *v, kd_row *r, int col)
{
	kd_cell *c = cell(v, r, col);

	if (!c)
		return;
	c->text = view_text_na;
	c->num = 0;
}

void view_cell_history(kd_view *v, kd_row *r, int col, const kd_history *h)
{
	kd_cell *c = cell(v, r, col);

	if (!c || !h)
		return;
	c->text = h->n > 0 ? text_history : view_text_no_history;
	c->hist = h;
}

/* A cell's number for sorting: a sparkline sorts by its newest value. */
static double cell_value(const kd_view *v, int col, const kd_cell *c)
{
	if (v->src->columns[col].type == KD_COL_SPARK)
		return c->hist && c->hist->n > 0 ? c->hist->v[c->hist->n - 1] : 0;
	return c->num;
}

/* ---- sorting ----------------------------------------------------------- */

/* Order of two cells of column col: unknown last, then by number or text. */
static int cmp_cells(const kd_view *v, int col, const kd_cell *cx, const kd_cell *cy,
		     bool desc)
{
	int c;

	bool ux = view_cell_unknown(cx), uy = view_cell_unknown(cy);

	if (ux != uy)
		return ux ? 1 : -1;
	if (ux)
		return 0;
	if (v->src->columns[col].type == KD_COL_STR) {
		c = strverscmp(cx->text, cy->text);
	} else {
		double x = cell_value(v, col, cx), y = cell_value(v, col, cy);
		c = (x > y) - (x < y);
	}
	return desc ? -c : c;
}

/* Unknown cells go last whatever the direction: an operator sorting by
 * rate wants the busiest (or idlest) measured rows first, not the "-". */
static int cmp_rows(const void *a, const void *b, void *arg)
{
	const kd_row *x = a, *y = b;
	const kd_view *v = arg;
	int c = 0, g = v->group_col;

	if (g >= 0 && g < v->src->n_columns && g != v->sort_col)
		c = cmp_cells(v, g, &x->cells[g], &y->cells[g], false);
	if (c == 0)
		c = cmp_cells(v, v->sort_col, &x->cells[v->sort_col],
			      &y->cells[v->sort_col], v->sort_desc);
	if (c == 0)
		c = (x->order > y->order) - (x->order < y->order);
	return c;
}

/* A number's sort key as an unsigned integer of the same order (IEEE 754:
 * flip every bit of a negative, the sign bit of a positive), inverted for
 * a descending sort; unknown cells get the largest key, so they go last
 * either way.  NaN is not a number a view shows; -0.0 sorts as 0. */
static uint64_t num_key(const kd_view *v, int col, const kd_cell *c, bool desc)
{
	uint64_t u;
	double d;

	if (view_cell_unknown(c))
		return UINT64_MAX;
	d = cell_value(v, col, c);
	if (d == 0)
		d = 0;
	memcpy(&u, &d, sizeof(u));
	u = (u >> 63) ? ~u : u | (1ull << 63);
	if (desc)
		u = ~u;
	return u == UINT64_MAX ? UINT64_MAX - 1 : u;
}

typedef struct sort_item {
	uint64_t key;
	int order;
} sort_item;

/* Stable LSD radix sort of (key, build order) pairs given in build order,
 * 16 bits a pass, then the rows are put in that order: by key, ties by
 * build order.  Takes a. */
static void radix_apply(kd_view *v, sort_item *a)
{
	int n = v->n_rows;
	enum { BITS = 16, BUCKETS = 1 << BITS };
	sort_item *b = malloc((size_t)n * sizeof(*b));
	kd_row *rows = malloc((size_t)n * sizeof(*rows));
	size_t *count = malloc(BUCKETS * sizeof(*count));
	if (!b || !rows || !count)
		abort();
	for (int i = 0; i < n; i++)
		rows[v->rows[i].order] = v->rows[i];
	for (int shift = 0; shift < 64; shift += BITS) {
		size_t sum = 0;
		memset(count, 0, BUCKETS * sizeof(*count));
		for (int i = 0; i < n; i++)
			count[(a[i].key >> shift) & (BUCKETS - 1)]++;
		if (count[(a[0].key >> shift) & (BUCKETS - 1)] == (size_t)n)
			continue;       /* every key has these bits: nothing moves */
		for (int k = 0; k < BUCKETS; k++) {
			size_t c = count[k];
			count[k] = sum;
			sum += c;
		}
		for (int i = 0; i < n; i++)
			b[count[(a[i].key >> shift) & (BUCKETS - 1)]++] = a[i];
		sort_item *t = a;
		a = b;
		b = t;
	}
	for (int i = 0; i < n; i++)
		v->rows[i] = rows[a[i].order];
	free(a);
	free(b);
	free(rows);
	free(count);
}

/* The distinct texts of a column, ranked once with strverscmp: a table of
 * 200,000 partitions has 2,000 topic names, so ranking them and sorting
 * the rows by rank beats comparing 200,000 strings n log n times. */
typedef struct text_rank {
	const char **text;       /* distinct texts, by id */
	int *rank;               /* rank of each id */
	int n;
} text_rank;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int cmp_text_ids(const void *a, const void *b, void *arg)
{
	const text_rank *tr = arg;
	int x = *(const int *)a, y = *(const int *)b;
	return strverscmp(tr->text[x], tr->text[y]);
}

/* ids[i]: the id of row i's text (build order); -1 for unknown cells. */
static void rank_texts(const kd_view *v, int col, int *ids, text_rank *tr)
{
	int n = v->n_rows;
	size_t cap = 1;
	while (cap < (size_t)n * 2)
		cap <<= 1;
	int *slot = malloc(cap * sizeof(*slot));
	tr->text = malloc((size_t)n * sizeof(*tr->text));
	tr->rank = malloc((size_t)n * sizeof(*tr->rank));
	int *order = malloc((size_t)n * sizeof(*order));
	if (!slot || !tr->text || !tr->rank || !order)
		abort();
	memset(slot, -1, cap * sizeof(*slot));
	tr->n = 0;
	for (int i = 0; i < n; i++) {
		const kd_row *r = &v->rows[i];
		const kd_cell *c = &r->cells[col];
		if (view_cell_unknown(c)) {
			ids[r->order] = -1;
			continue;
		}
		size_t h = (size_t)fnv1a(c->text) & (cap - 1);
		while (slot[h] >= 0 && strcmp(tr->text[slot[h]], c->text))
			h = (h + 1) & (cap - 1);
		if (slot[h] < 0) {
			slot[h] = tr->n;
			tr->text[tr->n++] = c->text;
		}
		ids[r->order] = slot[h];
	}
	for (int i = 0; i < tr->n; i++)
		order[i] = i;
	qsort_r(order, (size_t)tr->n, sizeof(*order), cmp_text_ids, tr);
	/* equal under strverscmp (never for distinct strings, but cheap to
	 * honour): the same rank */
	for (int i = 0; i < tr->n; i++)
		tr->rank[order[i]] = i && !strverscmp(tr->text[order[i]], tr->text[order[i - 1]])
				     ? tr->rank[order[i - 1]] : i;
	free(order);
	free(slot);
}

/* A list of broker ids as the views show one ("3,1,2"; "" for none):
 * up to four ids below 65534, each written without leading zeros, as
 * four 16-bit fields (id + 1; 0 past the end).  For such texts the key's
 * order is strverscmp's: the ids compared as numbers one by one, a list
 * before a longer one it begins.  The replica and ISR columns of 200,000
 * partitions hold thousands of distinct lists, too many to rank. */
static bool id_list_key(const char *s, uint64_t *key)
{
	uint64_t k = 0;
	int n = 0;

	if (!*s) {
		*key = 0;
		return true;
	}
	for (;;) {
		uint32_t id = 0;
		const char *start = s;
		while (*s >= '0' && *s <= '9' && s - start < 6)
			id = id * 10 + (uint32_t)(*s++ - '0');
		if (s == start || (*start == '0' && s - start > 1) || id > 65533 || n == 4)
			return false;
		k |= (uint64_t)(id + 1) << (48 - 16 * n++);
		if (!*s)
			break;
		if (*s++ != ',')
			return false;
	}
	*key = k;
	return true;
}

/* Keys of a text column made of id lists (false: some text is not one).
 * Largest key 0xfffe...fffe, so neither direction reaches UINT64_MAX,
 * the unknown cells' key. */
static bool id_list_keys(const kd_view *v, int col, sort_item *a)
{
	for (int i = 0; i < v->n_rows; i++) {
		const kd_row *r = &v->rows[i];
		const kd_cell *c = &r->cells[col];
		uint64_t k = UINT64_MAX;
		if (!view_cell_unknown(c)) {
			if (!id_list_key(c->text, &k))
				return false;
			if (v->sort_desc)
				k = UINT64_MAX - 1 - k;
		}
		a[r->order] = (sort_item){ k, r->order };
	}
	return true;
}

/* Large tables (200,000 partitions: 20 to 80 ms with qsort_r and
 * cmp_rows, more than a frame) sort by a precomputed key: the number for
 * a numeric column, the text's rank for a text column; then a radix sort.
 * The same order as cmp_rows: by key, ties by build order, unknown last.
 * Returns false (nothing done) for grouping or a small table. */
static bool radix_sort_rows(kd_view *v)
{
	int n = v->n_rows, col = v->sort_col;

	if (n < 4096 || (v->group_col >= 0 && v->group_col != col))
		return false;
	sort_item *a = malloc((size_t)n * sizeof(*a));
	kd_row *built = malloc((size_t)v->cap_rows * sizeof(*built));
	if (!a || !built)
		abort();
	/* Rows back in build order first: the keys then read cells and texts
	 * in the order the arena holds them, not at random (cache misses were
	 * half the time of a sort of 200,000 rows). */
	for (int i = 0; i < n; i++)
		built[v->rows[i].order] = v->rows[i];
	free(v->rows);
	v->rows = built;
	if (v->src->columns[col].type == KD_COL_STR && id_list_keys(v, col, a)) {
		/* keyed */
	} else if (v->src->columns[col].type == KD_COL_STR) {
		int *ids = malloc((size_t)n * sizeof(*ids));
		text_rank tr;
		if (!ids)
			abort();
		rank_texts(v, col, ids, &tr);
		for (int o = 0; o < n; o++) {
			uint64_t k = ids[o] < 0 ? UINT64_MAX : (uint64_t)tr.rank[ids[o]];
			if (ids[o] >= 0 && v->sort_desc)
				k = (uint64_t)(tr.n - 1 - tr.rank[ids[o]]);
			a[o] = (sort_item){ k, o };
		}
		free(ids);
		free(tr.text);
		free(tr.rank);
	} else {
		/* build order is a permutation of 0..n-1 (view_add_row) */
		for (int i = 0; i < n; i++) {
			const kd_row *r = &v->rows[i];
			a[r->order] = (sort_item){ num_key(v, col, &r->cells[col], v->sort_desc),
						   r->order };
		}
	}
	radix_apply(v, a);
	return true;
}

static void sort_rows(kd_view *v)
{
	if (v->n_rows > 1 && v->sort_col >= 0 && v->sort_col < v->src->n_columns &&
	    !radix_sort_rows(v))
		qsort_r(v->rows, (size_t)v->n_rows, sizeof(*v->rows), cmp_rows, v);
}

/* ---- filtering and selection --------------------------------------------- */

static inline unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* An ASCII case-insensitive substring search: what strcasestr does for
 * an ASCII needle, without its per-call cost on two million short cells.
 * needle is already folded. */
static bool has_folded(const char *hay, const char *needle)
{
	unsigned char first = (unsigned char)needle[0];

	for (; *hay; hay++) {
		if (fold((unsigned char)*hay) != first)
			continue;
		size_t i = 1;
		while (needle[i] && fold((unsigned char)hay[i]) == (unsigned char)needle[i])
			i++;
		if (!needle[i])
			return true;
	}
	return false;
}

/* Any cell of r holds needle (folded). */
static bool row_has(const kd_view *v, const kd_row *r, const char *needle)
{
	for (int i = 0; i < v->src->n_columns; i++)
		if (has_folded(r->cells[i].text, needle))
			return true;
	return false;
}

/* A regular expression is tried once per row on its cells joined by
 * newlines (compiled with REG_NEWLINE, so '.', '^', '$' and [^...] stay
 * within a cell), not once per cell: a tenth of the calls on a table of
 * 200,000 partitions.  buf grows as needed (freed by the caller). */
static bool row_matches(const kd_view *v, const kd_row *r, char **buf, size_t *cap)
{
	if (!v->filter)
		return true;
	if (v->literal)
		return row_has(v, r, v->lits[0]);
	/* a row without any of the texts one of which every match holds
	 * cannot match (they have no newline, so each lies within a cell) */
	if (v->n_lits > 0) {
		int i = 0;
		while (i < v->n_lits && !row_has(v, r, v->lits[i]))
			i++;
		if (i == v->n_lits)
			return false;
	}
	size_t need = 1;
	for (int i = 0; i < v->src->n_columns; i++)
		need += strlen(r->cells[i].text) + 1;
	if (need > *cap) {
		*cap = need * 2;
		free(*buf);
		*buf = malloc(*cap);
		if (!*buf)
			abort();
	}
	char *p = *buf;
	for (int i = 0; i < v->src->n_columns; i++) {
		size_t l = strlen(r->cells[i].text);
		memcpy(p, r->cells[i].text, l);
		p += l;
		*p++ = '\n';
	}
	*p = '\0';
	return regexec(&v->re, *buf, 0, NULL, 0) == 0;
}

/* Plain ASCII text, no ERE operator: matching it with REG_ICASE is an
 * ASCII case-insensitive substring search, several times faster (a
 * filter over 200,000 partitions runs on each Enter). */
static bool is_literal(const char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p >= 0x80 || strchr(".[]()*+?{}|^$\\", *p))
			return false;
	return true;
}

/* Put the selection back on the row it was on; when that row is gone,
 * stay at the same position and follow the row found there. */
static void restore_selection(kd_view *v)
{
	if (v->n_vis == 0) {
		v->sel = 0;
		v->top = 0;
		return;
	}
	if (v->sel_key)
		for (int i = 0; i < v->n_vis; i++)
			if (strcmp(v->vis[i]->key, v->sel_key) == 0) {
				v->sel = i;
				return;
			}
	if (v->sel >= v->n_vis)
		v->sel = v->n_vis - 1;
	if (v->sel < 0)
		v->sel = 0;
	set_sel_key(v, v->vis[v->sel]->key);
}

/* The visible rows in sort order, from each row's pass. */
static void revis(kd_view *v)
{
	free(v->vis);
	v->vis = malloc((size_t)(v->n_rows > 0 ? v->n_rows : 1) * sizeof(*v->vis));
	if (!v->vis)
		abort();
	v->n_vis = 0;
	for (int i = 0; i < v->n_rows; i++)
		if (v->rows[i].pass)
			v->vis[v->n_vis++] = &v->rows[i];
	restore_selection(v);
}

/* Match every row against the filter (a new filter or new rows); a new
 * order only needs revis. */
static void refilter(kd_view *v)
{
	char *buf = NULL;
	size_t cap = 0;
	for (int i = 0; i < v->n_rows; i++)
		v->rows[i].pass = row_matches(v, &v->rows[i], &buf, &cap);
	free(buf);
	revis(v);
}

void view_update(kd_view *v, const kd_snapshot *s)
{
	if (s && v->snap == s && v->seq == s->seq)
		return;
	clear_rows(v);
	if (s) {
		v->src->build(v, s, &v->drill);
		v->snap = s;
		v->seq = s->seq;
	}
	sort_rows(v);
	refilter(v);
}

void view_adopt(kd_view *v, kd_view *b)
{
	bool same_filter = v->filter ? b->filter && !strcmp(v->filter, b->filter) : !b->filter;
	bool same_order = v->sort_col == b->sort_col && v->sort_desc == b->sort_desc &&
			  v->group_col == b->group_col;

	arena_free(&v->arena);
	free(v->rows);
	free(v->vis);
	v->arena = b->arena;
	v->rows = b->rows;
	v->n_rows = b->n_rows;
	v->cap_rows = b->cap_rows;
	v->vis = b->vis;
	v->n_vis = b->n_vis;
	v->snap = b->snap;
	v->seq = b->seq;
	v->unreachable_since_ms = b->unreachable_since_ms;
	arena_init(&b->arena);
	b->rows = NULL;
	b->vis = NULL;
	view_free(b);
	free(b);
	if (!same_order)
		sort_rows(v);
	if (!same_filter)
		refilter(v);
	else
		revis(v);
}

int view_sort_by(kd_view *v, int col, bool desc)
{
	if (col < 0 || col >= v->src->n_columns)
		return -1;
	v->sort_col = col;
	v->sort_desc = desc;
	sort_rows(v);
	revis(v);
	return 0;
}

void view_sort_step(kd_view *v, int delta)
{
	int n = v->src->n_columns;

	if (n <= 0)
		return;
	view_sort_by(v, ((v->sort_col + delta) % n + n) % n, v->sort_desc);
}

static void reverse_rows(kd_row *a, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		kd_row t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* The rows are sorted (every call that changes them sorts them), so the
 * other direction is the known rows reversed, with each run of equal
 * cells put back in build order and the unknown ones left last: what
 * cmp_rows gives, in one pass instead of a sort. */
void view_sort_invert(kd_view *v)
{
	int col = v->sort_col, known = v->n_rows;

	if (col < 0 || col >= v->src->n_columns ||
	    (v->group_col >= 0 && v->group_col != col)) {
		view_sort_by(v, col, !v->sort_desc);
		return;
	}
	v->sort_desc = !v->sort_desc;
	while (known > 0 && view_cell_unknown(&v->rows[known - 1].cells[col]))
		known--;
	reverse_rows(v->rows, known);
	for (int i = 0; i < known; ) {
		int j = i + 1;
		while (j < known && cmp_cells(v, col, &v->rows[i].cells[col],
					      &v->rows[j].cells[col], false) == 0)
			j++;
		reverse_rows(v->rows + i, j - i);
		i = j;
	}
	revis(v);
}

int view_column(const kd_view *v, const char *id)
{
	for (int i = 0; i < v->src->n_columns; i++)
		if (strcmp(v->src->columns[i].id, id) == 0)
			return i;
	return -1;
}

int view_group_by(kd_view *v, int col)
{
	if (col < -1 || col >= v->src->n_columns)
		return -1;
	v->group_col = col;
	sort_rows(v);
	revis(v);
	return 0;
}

bool view_group_start(const kd_view *v, int i)
{
	int g = v->group_col;

	if (g < 0 || i < 0 || i >= v->n_vis)
		return false;
	return i == 0 || strcmp(v->vis[i - 1]->cells[g].text, v->vis[i]->cells[g].text) != 0;
}

int view_set_filter(kd_view *v, const char *pattern, char *err, size_t errlen)
{
	regex_t re;
	char *copy;
	int rc;

	if (!pattern || !*pattern) {
		v->n_lits = 0;
		if (v->filter) {
			regfree(&v->re);
			free(v->filter);
			v->filter = NULL;
		}
		refilter(v);
		return 0;
	}
	rc = regcomp(&re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB | REG_NEWLINE);
	if (rc != 0) {
		char why[128];
		regerror(rc, &re, why, sizeof(why));
		if (err && errlen)
			snprintf(err, errlen, "invalid regular expression '%s': %s",
				 pattern, why);
		return -1;
	}
	copy = strdup(pattern);
	if (!copy)
		abort();
	if (v->filter) {
		regfree(&v->re);
		free(v->filter);
	}
	v->re = re;
	v->filter = copy;
	/* a literal filter longer than lit is searched by its start, then
	 * confirmed by regexec: is_literal keeps it free of operators */
	v->literal = is_literal(copy) && strlen(copy) < sizeof(v->lits[0]);
	if (v->literal) {
		snprintf(v->lits[0], sizeof(v->lits[0]), "%s", copy);
		v->n_lits = 1;
	} else {
		v->n_lits = regex_required_literals(copy, v->lits, 4);
	}
	for (int i = 0; i < v->n_lits; i++)
		for (char *p = v->lits[i]; *p; p++)
			*p = (char)fold((unsigned char)*p);
	refilter(v);
	return 0;
}

const char *view_filter(const kd_view *v)
{
	return v->filter;
}

const kd_row *view_selected(const kd_view *v)
{
	if (v->n_vis == 0 || v->sel < 0 || v->sel >= v->n_vis)
		return NULL;
	return v->vis[v->sel];
}

static void select_index(kd_view *v, int i)
{
	if (v->n_vis == 0)
		return;
	if (i >= v->n_vis)
		i = v->n_vis - 1;
	if (i < 0)
		i = 0;
	v->sel = i;
	set_sel_key(v, v->vis[i]->key);
}

void view_move(kd_view *v, int delta)
{
	select_index(v, v->sel + delta);
}

void view_home(kd_view *v)
{
	select_index(v, 0);
}

void view_end(kd_view *v)
{
	select_index(v, v->n_vis - 1);
}

bool view_select_key(kd_view *v, const char *key)
{
	for (int i = 0; i < v->n_vis; i++)
		if (strcmp(v->vis[i]->key, key) == 0) {
			select_index(v, i);
			return true;
		}
	return false;
}

void view_scroll(kd_view *v, int height)
{
	if (height <= 0)
		return;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + height)
		v->top = v->sel - height + 1;
	/* After a resize or a shrinking filter, do not leave blank rows at
	 * the bottom while rows above are scrolled away. */
	if (v->top > v->n_vis - height)
		v->top = v->n_vis - height;
	if (v->top < 0)
		v->top = 0;
}

/* ---- drill-down ---------------------------------------------------------- */

const kd_view_source *view_open(const kd_view *v, kd_drill *d)
{
	const kd_row *r = view_selected(v);
	const kd_view_source *to;
	kd_drill tmp;

	if (!r || !v->src->drill)
		return NULL;
	memset(&tmp, 0, sizeof(tmp));
	to = v->src->drill(r, &tmp);
	if (to)
		*d = tmp;
	return to;
}

void view_title(const kd_view *v, char *buf, size_t len)
{
	switch (v->drill.kind) {
	case KD_DRILL_TOPIC:
		snprintf(buf, len, "%s of topic %s", v->src->title, v->drill.topic);
		break;
	case KD_DRILL_BROKER:
		snprintf(buf, len, "%s with a replica on broker %d", v->src->title,
			 (int)v->drill.broker);
		break;
	case KD_DRILL_GROUP:
		snprintf(buf, len, "%s of group %s", v->src->title, v->drill.group);
		break;
	case KD_DRILL_NONE:
	default:
		snprintf(buf, len, "%s", v->src->title);
		break;
	}
}
