/* header.c: the top of the screen: which cluster, whether kdeck reaches
 * it, how old the data is, the cluster's totals, and the pane tabs. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "ui_state.h"

/* The connection status, the first thing to read when numbers look odd:
 * no snapshot yet, the newest failure with its age, or connected.  The
 * age goes in suffix so that a long error is cut before it, not it. */
static kd_color_elem status_text(const kd_ui *ui, int64_t now, char *buf, size_t len,
				 char *suffix, size_t slen)
{
	const kd_snapshot *s = ui->snap;
	const char *dots = ui->utf8 ? "\xe2\x80\xa6" : "...";
	char age[16];

	suffix[0] = '\0';
	if (!s) {
		snprintf(buf, len, "connecting to %s%s",
			 ui->opts && ui->opts->bootstrap ? ui->opts->bootstrap : "the cluster", dots);
		return KD_COLOR_STATUS_WARN;
	}
	if (!s->connected) {
		const char *e = s->n_errors ? s->errors[0]
			      : s->last_error ? s->last_error : "no answer from the cluster";
		int64_t at = s->n_errors ? s->taken_ms : s->last_error_ms;
		int64_t since = ui_unreachable_since(ui);

		if (since) {
			/* The worst incident is the loudest line: the data below
			 * is the last kdeck got, and how old it is. */
			char clock[16];
			time_t t = (time_t)(since / 1000);
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
			view_fmt_age(age, sizeof(age), now > since ? now - since : 0);
			snprintf(buf, len, "UNREACHABLE since %s (%s), data stale: %s", clock,
				 age, e);
			return KD_COLOR_STATUS_ERROR;
		}
		view_fmt_age(age, sizeof(age), now > at ? now - at : 0);
		snprintf(buf, len, "last error: %s", e);
		snprintf(suffix, slen, " (%s ago)", age);
		return KD_COLOR_STATUS_ERROR;
	}
	if (s->n_errors) {
		snprintf(buf, len, "warning: %s", s->errors[0]);
		if (s->n_errors > 1)
			snprintf(suffix, slen, " (+%d more)", s->n_errors - 1);
		return KD_COLOR_STATUS_WARN;
	}
	snprintf(buf, len, "connected");
	return KD_COLOR_STATUS_OK;
}

static void draw_title_line(kd_ui *ui, int64_t now)
{
	const kd_snapshot *d = ui_data(ui);
	char status[512], suffix[64], age[96] = "", a[16];
	kd_color_elem sc = status_text(ui, now, status, sizeof(status), suffix, sizeof(suffix));
	kd_color_elem ac = KD_COLOR_HEADER_LABEL;
	int cols = ui->cols, x, mid, aw, sw = draw_width(suffix);

	draw_fill(0, 0, cols, colors_attr(KD_COLOR_DEFAULT));
	if (d && d->connected) {
		int64_t age_ms = now > d->taken_ms ? now - d->taken_ms : 0;
		snprintf(age, sizeof(age), "updated %s ago", view_fmt_age(a, sizeof(a), age_ms));
		/* Old data: polls fail, or the collector is stuck or slow. */
		if (!ui->snap->connected ||
		    (d->interval_ms > 0 && age_ms > 3 * d->interval_ms + 1000))
			ac = KD_COLOR_STATUS_WARN;
	}
	/* a replay: where in the recording, instead of the data's age */
	kd_replay_status rs;
	if (collector_replay_status(ui->collector, &rs)) {
		char when[32];
		view_fmt_clock(when, sizeof(when), rs.ms);
		snprintf(age, sizeof(age), "REPLAY %s %d/%d %s x%d", when, rs.count ? rs.index + 1 : 0,
			 rs.count, rs.playing ? "playing" : "paused", rs.speed);
		ac = KD_COLOR_STATUS_WARN;
	}
	aw = draw_width(age);
	mid = aw && cols - aw - 2 > 20 ? cols - aw - 2 : cols;
	x = draw_text(0, 0, mid, colors_attr(KD_COLOR_TITLE), "kdeck", ui->utf8);
	/* which context of the config file, when one is in use */
	if (ui->opts && ui->opts->context) {
		char ctx[80];
		snprintf(ctx, sizeof(ctx), "[%s]", ui->opts->context);
		x = draw_text(0, x + 1, mid - 12, colors_attr(KD_COLOR_BREADCRUMB), ctx, ui->utf8);
	}
	if (d && d->cluster_id) {
		int cmax = x + 1 + 24 < mid - 12 ? x + 1 + 24 : mid - 12;
		x = draw_text(0, x + 1, cmax, colors_attr(KD_COLOR_HEADER_VALUE), d->cluster_id,
			      ui->utf8);
	}
	/* Amazon MSK: the cluster's name and state from the control plane */
	if (d && d->msk && d->msk->name) {
		char msk[160];
		snprintf(msk, sizeof(msk), "MSK %s %s", d->msk->name,
			 d->msk->state ? d->msk->state : "");
		x = draw_text(0, x + 2, mid - 12, colors_attr(d->msk->state &&
			      strcmp(d->msk->state, "ACTIVE") ? KD_COLOR_STATUS_WARN :
			      KD_COLOR_HEADER_VALUE), msk, ui->utf8);
	}
	x = draw_text(0, x + 2, mid - sw, colors_attr(sc), status, ui->utf8);
	x = draw_text(0, x, mid, colors_attr(sc), suffix, ui->utf8);
	/* an MSK operation in progress (a broker type change, a patch) */
	char op[256];
	if (d && view_msk_operation(d, op, sizeof(op)))
		x = draw_text(0, x + 2, mid, colors_attr(KD_COLOR_STATUS_WARN), op, ui->utf8);
	/* alerts firing, by severity, and the session's events (panes 0, 9) */
	char al[128];
	kd_severity worst;
	if (d && view_alerts_summary(d, al, sizeof(al), &worst))
		x = draw_text(0, x + 2, mid, colors_attr(worst == KD_SEV_CRITICAL ?
			      KD_COLOR_OFFLINE : worst == KD_SEV_WARNING ? KD_COLOR_LAG_WARN :
			      KD_COLOR_HEADER_VALUE), al, ui->utf8);
	if (d && d->events_total) {
		char ev[48];
		snprintf(ev, sizeof(ev), "events %llu", (unsigned long long)d->events_total);
		draw_text(0, x + 2, mid, colors_attr(KD_COLOR_HEADER_LABEL), ev, ui->utf8);
	}
	if (mid < cols)
		draw_text(0, cols - aw, cols, colors_attr(ac), age, ui->utf8);
}

typedef struct segment {
	const char *label, *brief;
	char value[32];
	kd_color_elem color;
} segment;

/* Widths of the msgs/s and bytes/s sparklines in room columns (each
 * needs one more for the space before it): both when they fit at a
 * useful width, else msgs/s alone, else none. */
static void spark_widths(int room, bool msgs, bool bytes, int *wm, int *wb)
{
	int n = (msgs ? 1 : 0) + (bytes ? 1 : 0), w;

	*wm = *wb = 0;
	if (n == 2 && room / 2 - 1 < 6) {
		bytes = false;
		n = 1;
	}
	if (n == 0)
		return;
	w = room / n - 1;
	if (w > KD_HISTORY / 2)
		w = KD_HISTORY / 2;
	if (w < 4)
		return;
	*wm = msgs ? w : 0;
	*wb = bytes ? w : 0;
}

/* Totals as "label value" pairs; full labels when they all fit, short
 * ones when not.  Problem counts carry '!' so they show without colour.
 * The throughput values are followed by their recent history when the
 * line has room for it. */
static void draw_totals_line(kd_ui *ui)
{
	const kd_snapshot *s = ui_data(ui);
	segment seg[9] = {
		{ "brokers", "brk", "-", KD_COLOR_HEADER_VALUE },
		{ "controller", "ctl", "-", KD_COLOR_HEADER_VALUE },
		{ "topics", "top", "-", KD_COLOR_HEADER_VALUE },
		{ "partitions", "part", "-", KD_COLOR_HEADER_VALUE },
		{ "under-replicated", "urp", "-", KD_COLOR_HEADER_VALUE },
		{ "offline", "off", "-", KD_COLOR_HEADER_VALUE },
		{ "msgs/s", "msg/s", "-", KD_COLOR_HEADER_VALUE },
		{ "bytes/s", "B/s", "-", KD_COLOR_HEADER_VALUE },
		/* shown only while partitions are under it (n = 9) */
		{ "under-min-ISR", "umi", "-", KD_COLOR_OFFLINE },
	};
	int n = 8, cols = ui->cols, x = 0, full = 0, brief_w = 0, wm, wb;
	bool brief, live = s && s->connected;

	if (s && s->connected) {
		/* unreachable: no broker answers, whatever the old data says */
		bool gone = ui_unreachable_since(ui) > 0;
		bool down = gone || s->brokers_up < s->n_brokers;
		snprintf(seg[0].value, sizeof(seg[0].value), "%d/%d%s",
			 gone ? 0 : s->brokers_up, s->n_brokers, down ? "!" : "");
		if (down)
			seg[0].color = KD_COLOR_BROKER_DOWN;
		if (s->controller_id >= 0)
			snprintf(seg[1].value, sizeof(seg[1].value), "%d", (int)s->controller_id);
		snprintf(seg[2].value, sizeof(seg[2].value), "%d", s->n_topics);
		snprintf(seg[3].value, sizeof(seg[3].value), "%d", s->n_partitions);
		snprintf(seg[4].value, sizeof(seg[4].value), "%d%s", s->under_replicated,
			 s->under_replicated ? "!" : "");
		if (s->under_replicated)
			seg[4].color = KD_COLOR_UNDER_REPLICATED;
		snprintf(seg[5].value, sizeof(seg[5].value), "%d%s", s->offline,
			 s->offline ? "!" : "");
		if (s->offline)
			seg[5].color = KD_COLOR_OFFLINE;
		/* writes with acks=all fail there: as loud as offline */
		if (s->under_min_isr) {
			snprintf(seg[8].value, sizeof(seg[8].value), "%d!", s->under_min_isr);
			n = 9;
		}
		view_fmt_rate(seg[6].value, sizeof(seg[6].value), s->msgs_rate);
		view_fmt_bytes(seg[7].value, sizeof(seg[7].value),
			       s->bytes_rate < 0 ? KD_UNKNOWN : (int64_t)(s->bytes_rate + 0.5));
	}
	/* stale figures: flagged, so they are not read as live */
	if (ui_unreachable_since(ui) > 0)
		for (int i = 1; i < n; i++) {
			size_t l = strlen(seg[i].value);
			if (l + 2 < sizeof(seg[i].value) && strcmp(seg[i].value, "-"))
				memcpy(seg[i].value + l, "?", 2);
			if (seg[i].color == KD_COLOR_HEADER_VALUE)
				seg[i].color = KD_COLOR_STATUS_WARN;
		}
	for (int i = 0; i < n; i++) {
		full += (i ? 2 : 0) + draw_width(seg[i].label) + 1 + draw_width(seg[i].value);
		brief_w += (i ? 2 : 0) + draw_width(seg[i].brief) + 1 + draw_width(seg[i].value);
	}
	brief = full > cols;
	spark_widths(cols - (brief ? brief_w : full), live && s->msgs_history.n > 1,
		     live && s->bytes_history.n > 1, &wm, &wb);

	draw_fill(1, 0, cols, colors_attr(KD_COLOR_DEFAULT));
	for (int i = 0; i < n && x < cols; i++) {
		x = draw_text(1, x + (i ? 2 : 0), cols, colors_attr(KD_COLOR_HEADER_LABEL),
			      brief ? seg[i].brief : seg[i].label, ui->utf8);
		x = draw_text(1, x + 1, cols, colors_attr(seg[i].color), seg[i].value, ui->utf8);
		if ((i == 6 && wm > 0) || (i == 7 && wb > 0)) {
			char spark[KD_HISTORY * 3 + 1];

			view_sparkline(spark, sizeof(spark),
				       i == 6 ? &s->msgs_history : &s->bytes_history,
				       i == 6 ? wm : wb, ui->utf8);
			x = draw_text(1, x + 1, cols, colors_attr(KD_COLOR_SPARKLINE), spark,
				      ui->utf8);
		}
	}
}

void header_draw(kd_ui *ui)
{
	int64_t now = ui_now_ms();

	draw_title_line(ui, now);
	draw_totals_line(ui);
}

/* The key that selects root pane i, from the live bindings. */
static void pane_key(const kd_ui *ui, int i, char *buf, size_t len)
{
	char name[64];
	const kd_action *a;
	int key;

	snprintf(name, sizeof(name), "pane-%s", ui->panes[i]->name);
	a = keys_action(name);
	buf[0] = '\0';
	if (a && keys_of(a, &key, 1) > 0)
		keys_name(key, buf, len);
}

static const char *pane_title(const kd_pane *p)
{
	return p->source ? p->source->title : p->name;
}

/* Tabs on the left, then where a drill-down went; on the right what
 * shapes the table: filter, sort and the position in it. */
void header_draw_tabs(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	int cols = ui->cols, x = 0;
	char right[3][400];
	int n_right = 0;

	if (v) {
		const char *f = view_filter(v);
		const kd_column *sc = &v->src->columns[v->sort_col];
		const char *arrow = v->sort_desc ? (ui->utf8 ? "\xe2\x96\xbc" : "v")
						 : (ui->utf8 ? "\xe2\x96\xb2" : "^");
		char pos[64], filt[300], group[80] = "";

		if (f)
			snprintf(pos, sizeof(pos), "%d/%d of %d", v->n_vis ? v->sel + 1 : 0, v->n_vis,
				 v->n_rows);
		else
			snprintf(pos, sizeof(pos), "%d/%d", v->n_vis ? v->sel + 1 : 0, v->n_vis);
		if (v->group_col >= 0 && v->group_col < v->src->n_columns)
			snprintf(group, sizeof(group), "by %s  ", v->src->columns[v->group_col].title);
		snprintf(filt, sizeof(filt), "filter /%s/  ", f ? f : "");
		/* from the most to the least detailed; the first that fits wins */
		snprintf(right[n_right++], sizeof(right[0]), "%s%ssort %s%s  %s", f ? filt : "",
			 group, sc->title, arrow, pos);
		snprintf(right[n_right++], sizeof(right[0]), "%s%s", f ? filt : "", pos);
		snprintf(right[n_right++], sizeof(right[0]), "%s", pos);
	}
	draw_fill(2, 0, cols, colors_attr(KD_COLOR_DEFAULT));
	/* On a narrow terminal the tabs on the right shrink to their keys
	 * (the current one never), so that the sort, the filter and the
	 * position on the right, and the breadcrumb, stay readable. */
	int crumb_w = 0;
	if (ui->depth > 0 && v) {
		char t[320];
		view_title(v, t, sizeof(t));
		crumb_w = draw_width(t) + 3;
	}
	int full_w[UI_MAX_PANES], key_w[UI_MAX_PANES];
	for (int i = 0; i < ui->n_panes; i++) {
		char key[16];
		pane_key(ui, i, key, sizeof(key));
		key_w[i] = draw_width(key) + 2;
		full_w[i] = *key ? key_w[i] + 1 + draw_width(pane_title(ui->panes[i]))
				 : draw_width(pane_title(ui->panes[i])) + 2;
	}
	int budget = cols - crumb_w - 2 - (n_right > 0 ? draw_width(right[0]) : 0);
	int used = 0;
	for (int i = 0; i < ui->n_panes; i++) {
		char key[16], tab[80];
		int rest = 0;
		for (int k = i + 1; k < ui->n_panes; k++)
			rest += k == ui->pane ? full_w[k] : key_w[k];
		bool compact = i != ui->pane && used + full_w[i] + rest > budget;

		pane_key(ui, i, key, sizeof(key));
		if (compact && *key)
			snprintf(tab, sizeof(tab), " %s ", key);
		else
			snprintf(tab, sizeof(tab), " %s%s%s ", key, *key ? " " : "",
				 pane_title(ui->panes[i]));
		used += draw_width(tab);
		ui->tab_x[i] = x;
		ui->tab_x[i + 1] = x + draw_width(tab);
		x = draw_text(2, x, cols,
			      colors_attr(i == ui->pane ? KD_COLOR_TAB_ACTIVE : KD_COLOR_TAB),
			      tab, ui->utf8);
	}
	if (ui->depth > 0 && v) {
		char title[320], crumb[340];

		view_title(v, title, sizeof(title));
		snprintf(crumb, sizeof(crumb), "%s %s", ui->utf8 ? "\xe2\x80\xba" : ">", title);
		x = draw_text(2, x + 1, cols, colors_attr(KD_COLOR_BREADCRUMB), crumb, ui->utf8);
	}
	if (!v)
		return;
	for (int i = 0; i < n_right; i++) {
		int w = draw_width(right[i]);
		if (x + 2 + w <= cols || i == n_right - 1) {
			int rx = cols - w > x + 2 ? cols - w : x + 2;
			draw_text(2, rx, cols, colors_attr(view_filter(v) ? KD_COLOR_PROMPT
									  : KD_COLOR_HEADER_LABEL),
				  right[i], ui->utf8);
			break;
		}
	}
}
