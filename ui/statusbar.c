/* statusbar.c: the bottom line: the filter prompt while typing, else a
 * message, else the key hints generated from the action table. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "ui_state.h"

static void draw_prompt(kd_ui *ui, int y)
{
	int cols = ui->cols, x;

	x = draw_text(y, 0, cols, colors_attr(KD_COLOR_PROMPT), prompt_label(ui), ui->utf8);
	x = draw_text(y, x, cols - 1, colors_attr(KD_COLOR_DEFAULT), ui->prompt, ui->utf8);
	if (ui->prompt_err[0])
		draw_text(y, x + 2, cols, colors_attr(KD_COLOR_MESSAGE_ERROR), ui->prompt_err,
			  ui->utf8);
	else if (ui->prompt_cmd && cols - x > 44)
		draw_text(y, cols - 40, cols, colors_attr(KD_COLOR_HINT_TEXT),
			  "Tab: complete  Enter: run  Esc: cancel", ui->utf8);
	else if (!ui->prompt_cmd && cols - x > 36)
		draw_text(y, cols - 32, cols, colors_attr(KD_COLOR_HINT_TEXT),
			  "Enter: keep  Esc: cancel", ui->utf8);
}

/* "key Label" for every action that has a hint, applies to this pane and
 * can act now, in table order.  When they do not all fit, the ones just
 * before the last give way first, so Help (first) and Quit (last) stay. */
static void draw_hints(kd_ui *ui, int y)
{
	const kd_pane *p = ui_pane(ui);
	bool table = ui_has_table(ui);
	struct {
		char key[32], label[64];
		int w;
	} h[64];
	int n = 0, total = 0, cols = ui->cols, x = 0;

	for (int i = 0; i < keys_n_actions && n < 64; i++) {
		const kd_action *a = &keys_actions[i];
		int k;

		if (!a->hint || !keys_in_scope(a, p ? p->name : NULL, table))
			continue;
		if (a->available && !a->available(ui))
			continue;
		if (keys_of(a, &k, 1) < 1)
			continue;
		keys_name(k, h[n].key, sizeof(h[n].key));
		snprintf(h[n].label, sizeof(h[n].label), " %s ", a->hint);
		h[n].w = draw_width(h[n].key) + draw_width(h[n].label);
		total += h[n++].w;
	}
	while (total > cols && n > 2) {
		total -= h[n - 2].w;
		h[n - 2] = h[n - 1];
		n--;
	}
	for (int i = 0; i < n; i++) {
		x = draw_text(y, x, cols, colors_attr(KD_COLOR_HINT_KEY), h[i].key, ui->utf8);
		x = draw_text(y, x, cols, colors_attr(KD_COLOR_HINT_TEXT), h[i].label, ui->utf8);
	}
}

void statusbar_draw(kd_ui *ui)
{
	int y = ui->lines - 1;

	draw_fill(y, 0, ui->cols, colors_attr(KD_COLOR_DEFAULT));
	if (ui->prompting)
		draw_prompt(ui, y);
	else if (ui->msg[0])
		draw_text(y, 0, ui->cols,
			  colors_attr(ui->msg_error ? KD_COLOR_MESSAGE_ERROR : KD_COLOR_MESSAGE),
			  ui->msg, ui->utf8);
	else
		draw_hints(ui, y);
}
