/* widget_table.c: a view drawn as a table of columns that fit the screen. */
#include "config.h"

#include "widget_table.h"

#include <stdio.h>
#include <string.h>

kd_color_elem table_row_style(const kd_row *r)
{
	if (r->flags & (KD_ROW_DOWN | KD_ROW_UNRESPONSIVE))
		return KD_COLOR_BROKER_DOWN;
	if (r->flags & KD_ROW_OFFLINE)
		return KD_COLOR_OFFLINE;
	if (r->flags & KD_ROW_UNDER_REPLICATED)
		return KD_COLOR_UNDER_REPLICATED;
	if (r->flags & KD_ROW_LAGGING)
		return KD_COLOR_LAG_WARN;
	if (r->flags & KD_ROW_INTERNAL)
		return KD_COLOR_INTERNAL_TOPIC;
	return KD_COLOR_DEFAULT;
}

char table_row_marker(const kd_row *r)
{
	if (r->flags & KD_ROW_PROBLEM)
		return '!';
	if (r->flags & KD_ROW_INTERNAL)
		return 'i';
	if (r->flags & KD_ROW_CONTROLLER)
		return '*';
	return ' ';
}

static int n_columns(const kd_view *v)
{
	return v->src->n_columns < KD_VIEW_MAX_COLUMNS ? v->src->n_columns
						       : KD_VIEW_MAX_COLUMNS;
}

/* How wide a flex column (a name) stays before lower-priority columns
 * may take its room: long names get cut, short ones never are. */
#define FLEX_COMFORT 24
/* Columns whose every cell is unknown ("-") go after all others. */
#define UNKNOWN_DEMOTION 100

/* Columns are taken in priority order while they fit (priority 0 always);
 * the first one that does not fit ends the choice, so a narrow screen
 * loses the least important columns, never a random one.  A column with
 * nothing measured yet counts as least important of all.  Widths follow
 * the content of all filtered rows (not just those on screen) so that
 * scrolling does not make columns jump; flex columns (names) keep a
 * comfortable width while columns are chosen, shrink to their minimum
 * only when the always-shown columns need it, and take what is left. */
void table_layout(const kd_view *v, int width, kd_table_layout *l)
{
	const kd_column *cols = v->src->columns;
	int n = n_columns(v), natural[KD_VIEW_MAX_COLUMNS], need[KD_VIEW_MAX_COLUMNS];
	int prio[KD_VIEW_MAX_COLUMNS];
	bool chosen[KD_VIEW_MAX_COLUMNS] = { false };
	int used = TABLE_GUTTER, count = 0, max_prio = 0, extra, x;
	bool full = false;

	memset(l, 0, sizeof(*l));
	l->width = width;
	for (int c = 0; c < n; c++) {
		bool all_unknown = v->n_vis > 0;

		natural[c] = draw_width(cols[c].title) + 1;   /* + sort marker */
		/* a sparkline is as wide as its column allows, whatever the
		 * history holds so far, so the column does not grow per poll */
		if (cols[c].type == KD_COL_SPARK && cols[c].max_width > natural[c])
			natural[c] = cols[c].max_width;
		for (int i = 0; i < v->n_vis; i++) {
			const kd_cell *cell = &v->vis[i]->cells[c];
			int w = draw_width(cell->text);
			if (w > natural[c])
				natural[c] = w;
			all_unknown &= view_cell_unknown(cell);
		}
		prio[c] = cols[c].priority;
		if (all_unknown && prio[c] > 0)
			prio[c] += UNKNOWN_DEMOTION;
		if (prio[c] > max_prio)
			max_prio = prio[c];
	}
	for (int c = 0; c < n; c++) {
		int title = draw_width(cols[c].title) + 1;
		int comfort = cols[c].min_width > FLEX_COMFORT ? cols[c].min_width : FLEX_COMFORT;

		if (cols[c].max_width > 0 && natural[c] > cols[c].max_width)
			natural[c] = cols[c].max_width > title ? cols[c].max_width : title;
		need[c] = natural[c];
		if (cols[c].flex && natural[c] > comfort)
			need[c] = comfort;
	}
	/* the always-shown columns first; flex ones give way if they must */
	for (int c = 0; c < n; c++)
		if (prio[c] == 0) {
			chosen[c] = true;
			used += need[c] + (count++ ? 1 : 0);
		}
	for (int c = 0; c < n && used > width; c++)
		if (chosen[c] && cols[c].flex && need[c] > cols[c].min_width) {
			int give = need[c] - cols[c].min_width;
			if (give > used - width)
				give = used - width;
			need[c] -= give;
			used -= give;
		}
	for (int p = 1; p <= max_prio && !full; p++)
		for (int c = 0; c < n && !full; c++) {
			int cost;
			if (prio[c] != p)
				continue;
			cost = need[c] + (count ? 1 : 0);
			if (used + cost <= width) {
				chosen[c] = true;
				used += cost;
				count++;
			} else {
				full = true;
			}
		}
	extra = width - used;
	x = TABLE_GUTTER;
	for (int c = 0; c < n; c++) {
		int w = need[c];
		if (!chosen[c])
			continue;
		if (cols[c].flex && extra > 0 && natural[c] > need[c]) {
			int grow = natural[c] - need[c];
			if (grow > extra)
				grow = extra;
			w += grow;
			extra -= grow;
		}
		l->col[l->n] = c;
		l->x[l->n] = x;
		l->w[l->n] = w;
		l->n++;
		x += w + 1;
	}
}

static void draw_cell(int y, const kd_table_layout *l, int k, const kd_column *col,
		      const char *text, attr_t a, bool utf8)
{
	int x = l->x[k], xmax = l->x[k] + l->w[k], w = draw_width(text);

	if (xmax > l->width)
		xmax = l->width;
	if (col->type != KD_COL_STR && w < l->w[k])
		x = xmax - w;
	draw_text(y, x, xmax, a, text, utf8);
}

/* A history as a sparkline filling the cell, newest at the right edge. */
static void draw_spark(int y, const kd_table_layout *l, int k, const kd_column *col,
		       const kd_cell *cell, attr_t a, bool utf8)
{
	char buf[KD_HISTORY * 4 + 1];

	if (view_cell_unknown(cell) || !cell->hist)
		return;
	view_sparkline(buf, sizeof(buf), cell->hist, l->w[k], utf8);
	draw_cell(y, l, k, col, buf, a, utf8);
}

static void draw_titles(const kd_view *v, const kd_table_layout *l, int y, bool utf8)
{
	attr_t head = colors_attr(KD_COLOR_TABLE_HEADER);
	attr_t sorted = colors_attr(KD_COLOR_TABLE_SORTED);

	draw_fill(y, 0, l->width, head);
	for (int k = 0; k < l->n; k++) {
		const kd_column *col = &v->src->columns[l->col[k]];
		char title[64];

		if (l->col[k] == v->sort_col) {
			int xmax = l->x[k] + l->w[k] < l->width ? l->x[k] + l->w[k] : l->width;
			snprintf(title, sizeof(title), "%s%s", col->title,
				 v->sort_desc ? (utf8 ? "\xe2\x96\xbc" : "v")
					      : (utf8 ? "\xe2\x96\xb2" : "^"));
			draw_fill(y, l->x[k], xmax, sorted);
			draw_cell(y, l, k, col, title, sorted, utf8);
		} else {
			draw_cell(y, l, k, col, col->title, head, utf8);
		}
	}
}

void table_draw_row(const kd_view *v, const kd_table_layout *l, int y, int h,
		    const kd_table_style *st, int i)
{
	int line = y + 1 + (i - v->top);
	const kd_row *r;
	kd_color_elem style;
	attr_t a;
	char marker[2] = { 0, 0 };

	if (i < 0 || i >= v->n_vis || i < v->top || i >= v->top + h)
		return;
	r = v->vis[i];
	style = st->row_style ? st->row_style(r) : table_row_style(r);
	a = colors_attr(i == v->sel ? KD_COLOR_SELECTED : style);
	draw_fill(line, 0, l->width, a);
	/* The marker keeps the row's own colour on the selection bar, so a
	 * selected problem row still shows what it is. */
	marker[0] = table_row_marker(r);
	draw_text(line, 0, 1, colors_attr(style) | (i == v->sel ? A_BOLD : 0), marker, st->utf8);
	for (int k = 0; k < l->n; k++) {
		const kd_column *col = &v->src->columns[l->col[k]];
		const kd_cell *cell = &r->cells[l->col[k]];

		if (col->type == KD_COL_SPARK)
			draw_spark(line, l, k, col, cell, i == v->sel || style != KD_COLOR_DEFAULT
				   ? a : colors_attr(KD_COLOR_SPARKLINE), st->utf8);
		else if (l->col[k] != v->group_col || view_group_start(v, i))
			/* grouped rows show their group's value once */
			draw_cell(line, l, k, col, cell->text, a, st->utf8);
	}
}

void table_draw(const kd_view *v, const kd_table_layout *l, int y, int h,
		const kd_table_style *st, const char *empty)
{
	draw_titles(v, l, y, st->utf8);
	for (int j = 0; j < h; j++) {
		int i = v->top + j;
		if (i < v->n_vis)
			table_draw_row(v, l, y, h, st, i);
		else
			draw_fill(y + 1 + j, 0, l->width, colors_attr(KD_COLOR_DEFAULT));
	}
	if (v->n_vis == 0 && empty && h > 1)
		draw_text(y + 2, TABLE_GUTTER, l->width, colors_attr(KD_COLOR_EMPTY),
			  empty, st->utf8);
}
