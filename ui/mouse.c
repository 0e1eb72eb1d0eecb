/* mouse.c: clicks and the wheel.  A click on a pane tab shows that pane,
 * on a column title sorts by it (again: the other way round), on a row
 * selects it; the wheel scrolls the table or the help.  Everything goes
 * through the same view calls as the keys, so the mouse is only a
 * shortcut, never the only way. */
#include "config.h"

#include <curses.h>

#include "keys.h"
#include "ui_state.h"

#define WHEEL_ROWS 3

#ifndef BUTTON5_PRESSED
#define BUTTON5_PRESSED 0
#endif

void mouse_enable(bool on)
{
	mmask_t want = on ? (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED)
			  : 0;

	mousemask(want, NULL);
	/* no click resolution: a press acts at once */
	mouseinterval(0);
}

static unsigned click_tab(kd_ui *ui, int x)
{
	for (int i = 0; i < ui->n_panes; i++)
		if (x >= ui->tab_x[i] && x < ui->tab_x[i + 1]) {
			if (i == ui->pane && ui->depth == 0)
				return KD_DID_NOTHING;
			ui_select_pane(ui, i);
			return KD_DID_SCREEN;
		}
	return KD_DID_NOTHING;
}

static unsigned click_title(kd_ui *ui, kd_view *v, int x)
{
	const kd_table_layout *l = &ui->layout;

	for (int k = 0; k < l->n; k++)
		if (x >= l->x[k] - 1 && x < l->x[k] + l->w[k]) {
			int col = l->col[k];
			bool desc = col == v->sort_col ? !v->sort_desc : v->src->columns[col].type == KD_COL_NUM;

			view_sort_by(v, col, desc);
			return KD_DID_TABLE;
		}
	return KD_DID_NOTHING;
}

static unsigned click_row(kd_ui *ui, kd_view *v, int y)
{
	int i = v->top + (y - ui->table_y - 1), before = v->sel;

	if (i < 0 || i >= v->n_vis)
		return KD_DID_NOTHING;
	view_move(v, i - v->sel);
	return v->sel != before ? KD_DID_MOVE : KD_DID_NOTHING;
}

static unsigned wheel(kd_ui *ui, int dir)
{
	kd_view *v = ui_view(ui);
	int before;

	if (ui->help) {
		ui->help_top += dir * WHEEL_ROWS;
		return KD_DID_SCREEN;
	}
	if (!v)
		return KD_DID_NOTHING;
	before = v->sel;
	view_move(v, dir * WHEEL_ROWS);
	return v->sel != before ? KD_DID_MOVE : KD_DID_NOTHING;
}

unsigned mouse_event(kd_ui *ui)
{
	MEVENT ev;
	kd_view *v;

	if (getmouse(&ev) != OK)
		return KD_DID_NOTHING;
	if (ev.bstate & BUTTON4_PRESSED)
		return wheel(ui, -1);
	if (BUTTON5_PRESSED != 0 && (ev.bstate & BUTTON5_PRESSED))
		return wheel(ui, 1);
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return KD_DID_NOTHING;
	/* a click while typing or reading help leaves both be */
	if (ui->prompting || ui->help)
		return KD_DID_NOTHING;
	if (ev.y == UI_HEADER_LINES - 1)
		return click_tab(ui, ev.x);
	v = ui_view(ui);
	if (!v || ui->drawn_view != v)
		return KD_DID_NOTHING;
	if (ev.y == ui->table_y)
		return click_title(ui, v, ev.x);
	if (ev.y > ui->table_y && ev.y <= ui->table_y + ui->table_h)
		return click_row(ui, v, ev.y);
	return KD_DID_NOTHING;
}
