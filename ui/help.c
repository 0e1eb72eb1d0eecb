/* help.c: the help overlay, generated from the action table and the live
 * bindings, so it can never disagree with what the keys do. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "actions.h"
#include "keys.h"
#include "pane_tail.h"
#include "ui_state.h"

#define HELP_MAX_LINES 256
#define HELP_KEYS_W 20

typedef struct help_line {
	kd_color_elem color;
	char keys[64];             /* "" for text lines */
	char text[256];
} help_line;

typedef struct help_doc {
	help_line line[HELP_MAX_LINES];
	int n;
} help_doc;

static void add(help_doc *d, kd_color_elem color, const char *keys, const char *text)
{
	help_line *l;

	if (d->n == HELP_MAX_LINES)
		return;
	l = &d->line[d->n++];
	l->color = color;
	snprintf(l->keys, sizeof(l->keys), "%s", keys ? keys : "");
	snprintf(l->text, sizeof(l->text), "%s", text ? text : "");
}

/* Break text into lines of at most width columns at spaces. */
static void add_wrapped(help_doc *d, const char *keys, const char *text, int width)
{
	char buf[256];
	const char *p = text;
	bool first = true;

	if (width < 20)
		width = 20;
	while (*p) {
		int n = (int)strlen(p), cut = n;

		if (n > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		snprintf(buf, sizeof(buf), "%.*s", cut, p);
		add(d, KD_COLOR_HELP, first ? keys : "", buf);
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
	}
}

/* The replay's keys work everywhere but mean something only in a replay:
 * they get a section of their own, shown in a replay only. */
#define REPLAY_PREFIX "replay-"

static bool is_replay(const kd_action *a)
{
	return strncmp(a->name, REPLAY_PREFIX, strlen(REPLAY_PREFIX)) == 0;
}

static void add_section(help_doc *d, kd_ui *ui, const char *title, const char *scope)
{
	int width = ui->cols - HELP_KEYS_W - 3;
	bool any = false;

	for (int i = 0; i < keys_n_actions; i++) {
		const kd_action *a = &keys_actions[i];
		int keys[8], n = keys_of(a, keys, 8);
		char names[64] = "";

		bool replay_section = scope && strcmp(scope, REPLAY_PREFIX) == 0;
		if (replay_section ? !is_replay(a) :
		    is_replay(a) || !((!scope && !a->scope) ||
				      (scope && a->scope && strcmp(scope, a->scope) == 0)))
			continue;
		if (!any) {
			if (d->n)
				add(d, KD_COLOR_HELP, NULL, NULL);
			add(d, KD_COLOR_HELP_SECTION, NULL, title);
			any = true;
		}
		for (int k = 0; k < n && k < 8; k++) {
			char one[32];
			size_t used = strlen(names);
			keys_name(keys[k], one, sizeof(one));
			if (used + strlen(one) + 2 < sizeof(names))
				snprintf(names + used, sizeof(names) - used, "%s%s", k ? " " : "", one);
		}
		/* the action's name: what :NAME runs and a [keys] line binds */
		char text[512];
		snprintf(text, sizeof(text), "%s  (:%s)", a->help, a->name);
		add_wrapped(d, n ? names : "(unbound)", text, width);
	}
}

static void build(help_doc *d, kd_ui *ui)
{
	int width = ui->cols - HELP_KEYS_W - 3;

	d->n = 0;
	if (act_can_replay(ui))
		add_section(d, ui, "In a replay (kdeck --replay)", REPLAY_PREFIX);
	add_section(d, ui, "Everywhere", NULL);
	add_section(d, ui, "In a table", KEYS_SCOPE_TABLE);
	for (int i = 0; i < ui->n_panes; i++) {
		char title[96];
		snprintf(title, sizeof(title), "In %s", ui->panes[i]->name);
		add_section(d, ui, title, ui->panes[i]->name);
	}
	/* panes opened above the tables */
	add_section(d, ui, "In the message tail (t on a topic or partition)", pane_tail.name);
	add_section(d, ui, "In a message (Enter in the tail)", pane_message.name);
	add(d, KD_COLOR_HELP, NULL, NULL);
	add(d, KD_COLOR_HELP_SECTION, NULL, "Marks");
	add_wrapped(d, "!", "a down broker, an offline or under-replicated partition, "
		    "or a topic with one (red: down/offline, yellow: under-replicated)", width);
	add_wrapped(d, "i", "an internal topic (dimmed)", width);
	add_wrapped(d, "*", "the active controller", width);
	add_wrapped(d, "-", "not measured (yet): rates need two polls, sizes a log-dir query",
		    width);
	add(d, KD_COLOR_HELP, NULL, NULL);
	add(d, KD_COLOR_HELP_SECTION, NULL, "Header");
	add_wrapped(d, "updated 2s ago", "age of the data shown; yellow when polls stall", width);
	add_wrapped(d, "last error", "the newest failure and how long ago it was; "
		    "the table keeps the last data that was read", width);
}

/* "kdeck keys: j/k PgDn/PgUp scroll, any other key closes", with the
 * keys the user has bound. */
static const char *title(kd_ui *ui, char *buf, size_t len)
{
	const char *names[4] = { "down", "up", "page-down", "page-up" };
	char k[4][16];

	(void)ui;
	for (int i = 0; i < 4; i++) {
		const kd_action *a = keys_action(names[i]);
		int key;
		k[i][0] = '\0';
		if (a && keys_of(a, &key, 1) > 0)
			keys_name(key, k[i], sizeof(k[i]));
	}
	snprintf(buf, len, "kdeck keys: %s/%s %s/%s scroll, any other key closes",
		 k[0], k[1], k[2], k[3]);
	return buf;
}

void help_draw(kd_ui *ui)
{
	static help_doc doc;
	char tbuf[256];
	int body = ui->lines - 1, cols = ui->cols;

	build(&doc, ui);
	if (ui->help_top > doc.n - body)
		ui->help_top = doc.n - body;
	if (ui->help_top < 0)
		ui->help_top = 0;
	draw_fill(0, 0, cols, colors_attr(KD_COLOR_TABLE_HEADER));
	draw_text(0, 1, cols, colors_attr(KD_COLOR_TABLE_HEADER), title(ui, tbuf, sizeof(tbuf)),
		  ui->utf8);
	for (int j = 0; j < body; j++) {
		int i = ui->help_top + j;
		draw_fill(j + 1, 0, cols, colors_attr(KD_COLOR_HELP));
		if (i >= doc.n)
			continue;
		if (doc.line[i].color == KD_COLOR_HELP_SECTION) {
			draw_text(j + 1, 1, cols, colors_attr(KD_COLOR_HELP_SECTION),
				  doc.line[i].text, ui->utf8);
			continue;
		}
		draw_text(j + 1, 2, HELP_KEYS_W + 1, colors_attr(KD_COLOR_HELP_KEY),
			  doc.line[i].keys, ui->utf8);
		draw_text(j + 1, HELP_KEYS_W + 3, cols, colors_attr(KD_COLOR_HELP),
			  doc.line[i].text, ui->utf8);
	}
}

/* While help is shown, the table's movement keys scroll it (whatever they
 * are bound to); every other key closes it. */
unsigned help_key(kd_ui *ui, int key)
{
	const kd_action *a = keys_lookup(key, NULL, true);
	int page = ui->lines > 3 ? ui->lines - 2 : 1;

	if (a && a->handler == act_move)
		ui->help_top += a->arg;
	else if (a && a->handler == act_page)
		ui->help_top += a->arg * page;
	else if (a && a->handler == act_home)
		ui->help_top = 0;
	else if (a && a->handler == act_end)
		ui->help_top = HELP_MAX_LINES;
	else
		ui->help = false;
	return KD_DID_SCREEN;
}
