/* pane_group.c: one consumer group: a line with its state, assignor,
 * coordinator, lag and status, its members with the partitions each was
 * assigned, then one row per partition (committed offset, end, lag in
 * messages and in time, time since the offset last moved, status). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "pane_groups.h"
#include "ui_state.h"
#include "view_groups.h"

static kd_color_elem group_style(const kd_row *r)
{
	return pane_groups_row_style(&view_group, r);
}

static kd_color_elem severity_color(lag_status st)
{
	switch (lag_status_severity(st)) {
	case LAG_SEV_ERR: return KD_COLOR_LAG_ERROR;
	case LAG_SEV_WARN: return KD_COLOR_LAG_WARN;
	case LAG_SEV_OK: return KD_COLOR_STATUS_OK;
	default: return KD_COLOR_HEADER_VALUE;
	}
}

/* "orders:0,1,2 payments:0" */
static void assignment_text(const kd_group_member *m, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int t = 0; t < m->n_topics && n < len; t++) {
		n += (size_t)snprintf(buf + n, len - n, "%s%s:", t ? " " : "", m->topics[t].topic);
		for (int p = 0; p < m->topics[t].n_partitions && n < len; p++)
			n += (size_t)snprintf(buf + n, len - n, "%s%d", p ? "," : "",
					      m->topics[t].partitions[p]);
	}
	if (!m->n_topics)
		snprintf(buf, len, "%s", m->assignment_error ? m->assignment_error : "(nothing assigned)");
}

static int line(kd_ui *ui, int y, int w, kd_color_elem c, const char *text)
{
	draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
	draw_text(y, TABLE_GUTTER, w, colors_attr(c), text, ui->utf8);
	return y + 1;
}

/* The group's lines above the table; returns the first line left. */
static int draw_head(kd_ui *ui, const kd_group *g, int y, int h, int w)
{
	char buf[1024], eta[32], lag[32];
	int last = y + h - 4;           /* keep the table's titles and a row */

	if (!g)
		return line(ui, y, w, KD_COLOR_EMPTY,
			    "no such group in this poll (deleted, or its coordinator is not answering)");
	if (g->eval.lag >= 0)
		snprintf(lag, sizeof(lag), "%lld", (long long)g->eval.lag);
	else
		snprintf(lag, sizeof(lag), "-");
	view_fmt_duration(eta, sizeof(eta), g->eval.eta_s);
	char members[32];
	if (g->members_known)
		snprintf(members, sizeof(members), "%d member%s", g->n_members,
			 g->n_members == 1 ? "" : "s");
	else
		snprintf(members, sizeof(members), "members unknown");
	snprintf(buf, sizeof(buf), "%s%s%s%s%s  coordinator %d  %s  lag %s  %s  catch up %s",
		 groups_state_name(g->st), *g->protocol_type ? "  " : "", g->protocol_type,
		 *g->protocol ? " " : "", g->protocol, (int)g->coordinator, members, lag,
		 lag_status_name(g->eval.status),
		 g->eval.eta_s == LAG_ETA_NEVER ? "never" : eta);
	y = line(ui, y, w, severity_color(g->eval.status), buf);
	if (g->error && y < last)
		y = line(ui, y, w, KD_COLOR_STATUS_ERROR, g->error);
	if (g->n_members > 0 && y < last) {
		snprintf(buf, sizeof(buf), "%-24s %-18s %-30s %s", "MEMBERS: CLIENT", "HOST",
			 "ASSIGNED", "MEMBER ID");
		y = line(ui, y, w, KD_COLOR_TABLE_HEADER, buf);
	}
	for (int i = 0; i < g->n_members && y < last; i++) {
		const kd_group_member *m = &g->members[i];
		char as[512];
		if (i > 0 && y == last - 1 && i < g->n_members - 1) {
			snprintf(buf, sizeof(buf), "... and %d more members", g->n_members - i);
			y = line(ui, y, w, KD_COLOR_EMPTY, buf);
			break;
		}
		assignment_text(m, as, sizeof(as));
		snprintf(buf, sizeof(buf), "%-24s %-18s %-30s %s", m->client_id, m->host, as,
			 m->member_id);
		y = line(ui, y, w, KD_COLOR_DEFAULT, buf);
	}
	if (y < last)
		y = line(ui, y, w, KD_COLOR_DEFAULT, "");
	return y;
}

static void draw(kd_ui *ui, int y, int h, int w)
{
	kd_view *v = ui_view(ui);
	kd_table_style st = { group_style, ui->utf8 };
	int top;

	if (!v)
		return;
	top = draw_head(ui, view_groups_group(v), y, h, w);
	ui->table_y = top;
	ui->table_h = y + h - 1 - top;
	if (ui->table_h < 1)
		ui->table_h = 1;
	table_layout(v, w, &ui->layout);
	view_scroll(v, ui->table_h);
	table_draw(v, &ui->layout, ui->table_y, ui->table_h, &st,
		   v->n_rows ? "no row matches the filter (Esc clears it)"
			     : "no committed offsets and no assignment");
}

const kd_pane pane_group = {
	.name = "group",
	.source = &view_group,
	.draw = draw,
	.row_style = group_style,
	.empty = "no committed offsets and no assignment",
};
