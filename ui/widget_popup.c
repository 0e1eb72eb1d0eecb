/* widget_popup.c: the completions Tab found, in a box above the bottom
 * line.  Box drawing characters in a UTF-8 locale, + - | elsewhere, so a
 * non-UTF-8 terminal never gets bytes it would show as garbage. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui_state.h"

#define POPUP_MAX_ROWS 10

/* One horizontal edge: left corner, a run of lines, right corner. */
static void edge(int y, int x, int w, attr_t a, bool utf8, bool top)
{
	const char *l = utf8 ? (top ? "\xe2\x94\x8c" : "\xe2\x94\x94") : "+";
	const char *r = utf8 ? (top ? "\xe2\x94\x90" : "\xe2\x94\x98") : "+";
	const char *h = utf8 ? "\xe2\x94\x80" : "-";

	draw_text(y, x, x + 1, a, l, utf8);
	for (int i = 1; i < w - 1; i++)
		draw_text(y, x + i, x + i + 1, a, h, utf8);
	draw_text(y, x + w - 1, x + w, a, r, utf8);
}

void popup_draw(kd_ui *ui)
{
	const char *v = ui->utf8 ? "\xe2\x94\x82" : "|";
	attr_t a = colors_attr(KD_COLOR_HELP);
	char items[POPUP_MAX_ROWS + 1][64];
	int n = 0, w = 0, rows, x = 1, y;
	const char *p = ui->completions;

	if (!ui->prompting || ui->n_completions < 2)
		return;
	rows = ui->lines - UI_HEADER_LINES - 4;
	if (rows > POPUP_MAX_ROWS)
		rows = POPUP_MAX_ROWS;
	if (rows < 2)
		return;
	while (*p && n < rows) {
		size_t len = strcspn(p, "\n");
		snprintf(items[n], sizeof(items[n]), "%.*s", (int)(len < 63 ? len : 63), p);
		p += len + (p[len] ? 1 : 0);
		n++;
	}
	if (ui->n_completions > n) {
		/* the last row says how many more there are */
		snprintf(items[n - 1], sizeof(items[n - 1]), "(%d more)", ui->n_completions - n + 1);
	}
	for (int i = 0; i < n; i++)
		if (draw_width(items[i]) > w)
			w = draw_width(items[i]);
	w += 4;
	if (x + w > ui->cols)
		w = ui->cols - x;
	if (w < 6)
		return;
	y = ui->lines - 2 - n - 1;
	edge(y, x, w, a, ui->utf8, true);
	for (int i = 0; i < n; i++) {
		draw_text(y + 1 + i, x, x + 1, a, v, ui->utf8);
		draw_fill(y + 1 + i, x + 1, x + w - 1, a);
		draw_text(y + 1 + i, x + 2, x + w - 2, colors_attr(KD_COLOR_HELP_KEY), items[i],
			  ui->utf8);
		draw_text(y + 1 + i, x + w - 1, x + w, a, v, ui->utf8);
	}
	edge(y + 1 + n, x, w, a, ui->utf8, false);
}
