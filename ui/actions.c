/* actions.c: the handlers behind the keys; they change state, never draw. */
#include "config.h"

#include "actions.h"

#include "keys.h"
#include "ui_state.h"

unsigned act_quit(kd_ui *ui, int arg)
{
	(void)ui;
	(void)arg;
	return KD_DID_QUIT;
}

unsigned act_help(kd_ui *ui, int arg)
{
	(void)arg;
	ui->help = !ui->help;
	ui->help_top = 0;
	return KD_DID_SCREEN;
}

/* The refresh key does both things a user may mean by it: fetch fresh
 * data now, and repaint a screen another program scribbled on. */
unsigned act_refresh(kd_ui *ui, int arg)
{
	(void)arg;
	ui_message(ui, false, "polling the cluster now");
	return KD_DID_REFETCH | KD_DID_CLEAR | KD_DID_STATUS;
}

unsigned act_pane(kd_ui *ui, int index)
{
	if (index < 0 || index >= ui->n_panes)
		return KD_DID_NOTHING;
	ui_select_pane(ui, index);
	return KD_DID_SCREEN;
}

unsigned act_pane_step(kd_ui *ui, int delta)
{
	int n = ui->n_panes;

	if (n <= 0)
		return KD_DID_NOTHING;
	ui_select_pane(ui, ((ui->pane + delta) % n + n) % n);
	return KD_DID_SCREEN;
}

/* Moves report KD_DID_MOVE only when the selection changed, so holding a
 * key at the end of the table repaints nothing. */
static unsigned moved(const kd_view *v, int before)
{
	return v->sel != before ? KD_DID_MOVE : KD_DID_NOTHING;
}

unsigned act_move(kd_ui *ui, int delta)
{
	kd_view *v = ui_view(ui);
	int before;

	if (!v)
		return KD_DID_NOTHING;
	before = v->sel;
	view_move(v, delta);
	return moved(v, before);
}

unsigned act_page(kd_ui *ui, int delta)
{
	kd_view *v = ui_view(ui);
	int before, page = ui->table_h > 1 ? ui->table_h - 1 : 1;

	if (!v)
		return KD_DID_NOTHING;
	before = v->sel;
	view_move(v, delta * page);
	return moved(v, before);
}

unsigned act_home(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);
	int before;

	(void)arg;
	if (!v)
		return KD_DID_NOTHING;
	before = v->sel;
	view_home(v);
	return moved(v, before);
}

unsigned act_end(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);
	int before;

	(void)arg;
	if (!v)
		return KD_DID_NOTHING;
	before = v->sel;
	view_end(v);
	return moved(v, before);
}

unsigned act_sort_step(kd_ui *ui, int delta)
{
	kd_view *v = ui_view(ui);

	if (!v)
		return KD_DID_NOTHING;
	view_sort_step(v, delta);
	return KD_DID_TABLE;
}

unsigned act_sort_invert(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);

	(void)arg;
	if (!v)
		return KD_DID_NOTHING;
	view_sort_invert(v);
	return KD_DID_TABLE;
}

unsigned act_filter(kd_ui *ui, int arg)
{
	(void)arg;
	if (!ui_view(ui))
		return KD_DID_NOTHING;
	prompt_open(ui);
	return KD_DID_STATUS;
}

bool act_can_open(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	return v && v->src->drill && view_selected(v);
}

unsigned act_open(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);
	const kd_view_source *to;
	kd_drill d;

	(void)arg;
	if (!v)
		return KD_DID_NOTHING;
	to = view_open(v, &d);
	if (!to) {
		ui_message(ui, false, view_selected(v) ? "nothing to open from a %s row"
						       : "no row selected in %s",
			   v->src->name);
		return KD_DID_STATUS;
	}
	return ui_push(ui, to, &d) ? KD_DID_SCREEN : KD_DID_STATUS;
}

bool act_can_go_back(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	return ui->depth > 0 || (v && view_filter(v));
}

/* Back walks out of drill-downs first; at a root pane it drops the
 * filter, so Esc always leads to the plain table. */
unsigned act_back(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);

	(void)arg;
	if (ui_pop(ui))
		return KD_DID_SCREEN;
	if (v && view_filter(v)) {
		view_set_filter(v, NULL, NULL, 0);
		ui_message(ui, false, "filter cleared");
		return KD_DID_TABLE | KD_DID_STATUS;
	}
	return KD_DID_NOTHING;
}

/* Racks are availability zones on most clouds: grouping the brokers by
 * them shows at a glance whether one zone holds the trouble.  The rows
 * stay sorted by the sort column inside each rack. */
unsigned act_group_rack(kd_ui *ui, int arg)
{
	kd_view *v = ui_view(ui);
	int rack;

	(void)arg;
	if (!v)
		return KD_DID_NOTHING;
	rack = view_column(v, "rack");
	if (rack < 0) {
		ui_message(ui, false, "the %s table has no rack column", v->src->name);
		return KD_DID_STATUS;
	}
	if (v->group_col == rack) {
		view_group_by(v, -1);
		ui_message(ui, false, "not grouped by rack");
	} else {
		view_group_by(v, rack);
		ui_message(ui, false, "grouped by rack");
	}
	return KD_DID_TABLE | KD_DID_STATUS;
}
