/* command.c: the ':' prompt.  One table entry per command that takes an
 * argument or is not a pane or key action (name, what its argument is,
 * help, handler); every pane is a command of its own name (:replicas) and
 * every action of the key table too (:sort-next).  Tab completes all of
 * them and their arguments (topics, broker ids, contexts, themes). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "actions.h"
#include "keys.h"
#include "theme.h"
#include "ui_state.h"

typedef enum arg_kind {
	ARG_NONE,
	ARG_TOPIC,
	ARG_BROKER,
	ARG_CONTEXT,
	ARG_THEME,
} arg_kind;

typedef struct kd_command {
	const char *name;
	const char *alias;
	arg_kind arg;
	bool arg_required;
	const char *usage;
	unsigned (*run)(kd_ui *ui, const struct kd_command *c, const char *arg);
} kd_command;

static unsigned cmd_pane(kd_ui *ui, const kd_command *c, const char *arg);
static unsigned cmd_topic(kd_ui *ui, const kd_command *c, const char *arg);
static unsigned cmd_broker(kd_ui *ui, const kd_command *c, const char *arg);
static unsigned cmd_ctx(kd_ui *ui, const kd_command *c, const char *arg);
static unsigned cmd_theme(kd_ui *ui, const kd_command *c, const char *arg);
static unsigned cmd_help(kd_ui *ui, const kd_command *c, const char *arg);
static unsigned cmd_quit(kd_ui *ui, const kd_command *c, const char *arg);

static const kd_command commands[] = {
	{ "topic", NULL, ARG_TOPIC, true, ":topic NAME", cmd_topic },
	{ "broker", NULL, ARG_BROKER, true, ":broker ID", cmd_broker },
	{ "ctx", "context", ARG_CONTEXT, false, ":ctx [NAME]", cmd_ctx },
	{ "theme", NULL, ARG_THEME, false, ":theme [NAME|PATH]", cmd_theme },
	{ "help", NULL, ARG_NONE, false, ":help", cmd_help },
	{ "quit", "q", ARG_NONE, false, ":q", cmd_quit },
};
#define N_COMMANDS (int)(sizeof(commands) / sizeof(commands[0]))

int ui_pane_index(const kd_ui *ui, const char *name)
{
	for (int i = 0; i < ui->n_panes; i++)
		if (name && !strcmp(ui->panes[i]->name, name))
			return i;
	return -1;
}

/* ---- handlers ------------------------------------------------------------ */

static unsigned cmd_pane(kd_ui *ui, const kd_command *c, const char *arg)
{
	int i = ui_pane_index(ui, c ? c->name : arg);

	if (i < 0) {
		ui_message(ui, false, "the %s pane is not available yet", c ? c->name : arg);
		return KD_DID_STATUS;
	}
	ui_select_pane(ui, i);
	return KD_DID_SCREEN;
}

/* Open a drill-down above the root pane it starts from, so Esc goes
 * there. */
static unsigned drill(kd_ui *ui, const char *from, const kd_drill *d)
{
	int i = ui_pane_index(ui, from);

	if (i >= 0)
		ui_select_pane(ui, i);
	return ui_push(ui, &view_partitions, d) ? KD_DID_SCREEN : KD_DID_SCREEN | KD_DID_STATUS;
}

static unsigned cmd_topic(kd_ui *ui, const kd_command *c, const char *arg)
{
	const kd_snapshot *s = ui_data(ui);
	kd_drill d;

	(void)c;
	if (!s) {
		ui_message(ui, true, "no data yet: wait for the first poll");
		return KD_DID_STATUS;
	}
	for (int i = 0; i < s->n_topics; i++)
		if (!strcmp(s->topics[i].name, arg)) {
			memset(&d, 0, sizeof(d));
			d.kind = KD_DRILL_TOPIC;
			snprintf(d.topic, sizeof(d.topic), "%s", arg);
			return drill(ui, "topics", &d);
		}
	ui_message(ui, true, "no topic %s (Tab completes topic names)", arg);
	return KD_DID_STATUS;
}

static unsigned cmd_broker(kd_ui *ui, const kd_command *c, const char *arg)
{
	const kd_snapshot *s = ui_data(ui);
	char *end;
	long id = strtol(arg, &end, 10);
	kd_drill d;

	(void)c;
	if (*end || end == arg) {
		ui_message(ui, true, "usage: :broker ID (a number, not '%s')", arg);
		return KD_DID_STATUS;
	}
	if (!s) {
		ui_message(ui, true, "no data yet: wait for the first poll");
		return KD_DID_STATUS;
	}
	for (int i = 0; i < s->n_brokers; i++)
		if (s->brokers[i].id == id) {
			memset(&d, 0, sizeof(d));
			d.kind = KD_DRILL_BROKER;
			d.broker = (int32_t)id;
			return drill(ui, "brokers", &d);
		}
	ui_message(ui, true, "no broker %ld in this cluster", id);
	return KD_DID_STATUS;
}

static unsigned cmd_ctx(kd_ui *ui, const kd_command *c, const char *arg)
{
	const kd_config *cfg = ui->opts ? ui->opts->config : NULL;

	(void)c;
	if (!*arg) {
		char list[200] = "";

		if (!cfg || cfg->n_contexts == 0) {
			ui_message(ui, true, "no contexts: the config file defines none (see "
				   "doc/config.md)");
			return KD_DID_STATUS;
		}
		for (int i = 0; i < cfg->n_contexts; i++) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof(list) - n, "%s%s%s", i ? " " : "",
				 cfg->contexts[i].name,
				 ui->opts->context && !strcmp(ui->opts->context, cfg->contexts[i].name)
					 ? "*" : "");
		}
		ui_message(ui, false, "contexts: %s", list);
		return KD_DID_STATUS;
	}
	ui_context_switch(ui, arg);     /* applied when ready (ui_context_finish) */
	return KD_DID_STATUS;
}

static unsigned cmd_theme(kd_ui *ui, const kd_command *c, const char *arg)
{
	(void)c;
	if (!*arg) {
		char names[32][THEME_NAME_MAX], list[200] = "";
		int n = theme_list(names, 32);

		for (int i = 0; i < n; i++) {
			size_t len = strlen(list);
			snprintf(list + len, sizeof(list) - len, "%s%.40s%s", i ? " " : "", names[i],
				 strcmp(names[i], ui->theme) ? "" : "*");
		}
		ui_message(ui, false, "themes: %s", list);
		return KD_DID_STATUS;
	}
	return ui_theme_set(ui, arg) ? KD_DID_SCREEN | KD_DID_CLEAR : KD_DID_STATUS;
}

static unsigned cmd_help(kd_ui *ui, const kd_command *c, const char *arg)
{
	(void)c;
	(void)arg;
	return act_help(ui, 0);
}

static unsigned cmd_quit(kd_ui *ui, const kd_command *c, const char *arg)
{
	(void)ui;
	(void)c;
	(void)arg;
	return KD_DID_QUIT;
}

static const kd_command *find(const char *name)
{
	for (int i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name) ||
		    (commands[i].alias && !strcmp(commands[i].alias, name)))
			return &commands[i];
	return NULL;
}

unsigned command_run(kd_ui *ui, const char *line)
{
	char word[64], arg[256];
	const kd_command *c;
	size_t n;

	while (*line == ' ' || *line == ':')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return KD_DID_NOTHING;
	snprintf(word, sizeof(word), "%.*s", (int)(n < 63 ? n : 63), line);
	line += n;
	while (*line == ' ')
		line++;
	snprintf(arg, sizeof(arg), "%s", line);
	for (n = strlen(arg); n > 0 && arg[n - 1] == ' '; n--)
		arg[n - 1] = '\0';

	c = find(word);
	if (!c) {
		/* every pane is a command of its own name */
		if (ui_pane_index(ui, word) >= 0) {
			if (!arg[0])
				return cmd_pane(ui, NULL, word);
			ui_message(ui, true, ":%s takes no argument", word);
			return KD_DID_STATUS;
		}
		/* and every action of the key table by its name */
		for (int i = 0; i < keys_n_actions; i++) {
			const kd_action *a = &keys_actions[i];
			const kd_pane *p = ui_pane(ui);
			if (strcmp(a->name, word))
				continue;
			if (arg[0]) {
				ui_message(ui, true, ":%s takes no argument", a->name);
				return KD_DID_STATUS;
			}
			if (!keys_in_scope(a, p ? p->name : NULL, ui_has_table(ui))) {
				ui_message(ui, true, ":%s works in the %s pane, not here", a->name,
					   !strcmp(a->scope, KEYS_SCOPE_TABLE) ? "table" : a->scope);
				return KD_DID_STATUS;
			}
			return a->handler(ui, a->arg);
		}
		ui_message(ui, true, "unknown command :%s (: then Tab lists them)", word);
		return KD_DID_STATUS;
	}
	if (c->arg == ARG_NONE && arg[0]) {
		ui_message(ui, true, ":%s takes no argument", c->name);
		return KD_DID_STATUS;
	}
	if (c->arg_required && !arg[0]) {
		ui_message(ui, true, "usage: %s", c->usage);
		return KD_DID_STATUS;
	}
	return c->run(ui, c, arg);
}

/* ---- completion ----------------------------------------------------------- */

/* Matches of one word: the longest common prefix and the first ones. */
typedef struct matches {
	const char *prefix;
	int n;
	char first[256];           /* the only match, when n == 1 */
	char lcp[256];
	char *list;                /* ui->completions */
	size_t list_size;
} matches;

static void offer(matches *m, const char *cand)
{
	size_t k;

	if (strncmp(cand, m->prefix, strlen(m->prefix)) != 0)
		return;
	if (m->n == 0) {
		snprintf(m->first, sizeof(m->first), "%s", cand);
		snprintf(m->lcp, sizeof(m->lcp), "%s", cand);
	} else {
		for (k = 0; m->lcp[k] && m->lcp[k] == cand[k]; k++)
			;
		m->lcp[k] = '\0';
	}
	if (strlen(m->list) + strlen(cand) + 2 < m->list_size) {
		strcat(m->list, cand);
		strcat(m->list, "\n");
	}
	m->n++;
}

static void offer_args(kd_ui *ui, arg_kind kind, matches *m)
{
	const kd_snapshot *s = ui_data(ui);
	const kd_config *cfg = ui->opts ? ui->opts->config : NULL;
	char buf[32];

	switch (kind) {
	case ARG_NONE:
		break;
	case ARG_TOPIC:
		for (int i = 0; s && i < s->n_topics; i++)
			offer(m, s->topics[i].name);
		break;
	case ARG_BROKER:
		for (int i = 0; s && i < s->n_brokers; i++) {
			snprintf(buf, sizeof(buf), "%d", (int)s->brokers[i].id);
			offer(m, buf);
		}
		break;
	case ARG_CONTEXT:
		for (int i = 0; cfg && i < cfg->n_contexts; i++)
			offer(m, cfg->contexts[i].name);
		break;
	case ARG_THEME: {
		char names[64][THEME_NAME_MAX];
		int n = theme_list(names, 64);
		for (int i = 0; i < n; i++)
			offer(m, names[i]);
		break;
	}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The box lists the completions in order, whatever order they came in. */
static void sort_lines(char *list, size_t size)
{
	char *copy = strdup(list), *lines[256], *save = NULL, *p;
	int n = 0;

	if (!copy)
		abort();
	for (p = strtok_r(copy, "\n", &save); p && n < 256; p = strtok_r(NULL, "\n", &save))
		lines[n++] = p;
	qsort(lines, (size_t)n, sizeof(lines[0]), cmp_str);
	list[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t len = strlen(list);
		snprintf(list + len, size - len, "%s\n", lines[i]);
	}
	free(copy);
}

void command_complete(kd_ui *ui)
{
	char *line = ui->prompt, base[256];
	const char *sp = strchr(line, ' ');
	const kd_command *c = NULL;
	matches m;
	bool naming;

	memset(&m, 0, sizeof(m));
	ui->completions[0] = '\0';
	m.list = ui->completions;
	m.list_size = sizeof(ui->completions);
	naming = sp == NULL;
	if (naming) {
		m.prefix = line;
		base[0] = '\0';
		for (int i = 0; i < N_COMMANDS; i++)
			offer(&m, commands[i].name);
		for (int i = 0; i < ui->n_panes; i++)
			if (!find(ui->panes[i]->name))
				offer(&m, ui->panes[i]->name);
		for (int i = 0; i < keys_n_actions; i++)
			if (!find(keys_actions[i].name))
				offer(&m, keys_actions[i].name);
	} else {
		char word[64];
		const char *arg = sp;

		snprintf(word, sizeof(word), "%.*s", (int)((size_t)(sp - line) < 63 ? sp - line : 63),
			 line);
		c = find(word);
		while (*arg == ' ')
			arg++;
		m.prefix = arg;
		snprintf(base, sizeof(base), "%.*s", (int)(arg - line), line);
		if (c)
			offer_args(ui, c->arg, &m);
	}
	ui->n_completions = m.n;
	ui->prompt_err[0] = '\0';
	if (m.n == 0) {
		snprintf(ui->prompt_err, sizeof(ui->prompt_err), "no completion");
		return;
	}
	if (m.n == 1) {
		const kd_command *named = naming ? find(m.first) : NULL;
		snprintf(ui->prompt, sizeof(ui->prompt), "%.100s%.150s%s", base, m.first,
			 named && named->arg != ARG_NONE ? " " : "");
		ui->n_completions = 0;
		ui->completions[0] = '\0';
		return;
	}
	snprintf(ui->prompt, sizeof(ui->prompt), "%.100s%.150s", base, m.lcp);
	sort_lines(ui->completions, sizeof(ui->completions));
}

/* ---- the prompt ------------------------------------------------------------- */

unsigned act_command(kd_ui *ui, int arg)
{
	(void)arg;
	ui->prompt[0] = '\0';
	ui->prompt_err[0] = '\0';
	ui->completions[0] = '\0';
	ui->n_completions = 0;
	ui->prompt_cmd = true;
	ui->prompting = true;
	return KD_DID_STATUS;
}

static unsigned close_prompt(kd_ui *ui)
{
	/* the table under the completions box needs repainting */
	unsigned did = ui->n_completions > 1 ? KD_DID_TABLE : 0;

	ui->prompting = false;
	ui->prompt_cmd = false;
	ui->prompt_err[0] = '\0';
	ui->completions[0] = '\0';
	ui->n_completions = 0;
	return did | KD_DID_STATUS;
}

unsigned command_key(kd_ui *ui, int key)
{
	unsigned did = ui->n_completions > 1 ? KD_DID_TABLE : 0;
	char line[sizeof(ui->prompt)];

	switch (key) {
	case KEYS_ESC:
		return close_prompt(ui);
	case '\n':
		snprintf(line, sizeof(line), "%s", ui->prompt);
		did = close_prompt(ui);
		return did | command_run(ui, line);
	case '\t':
		command_complete(ui);
		return KD_DID_TABLE | KD_DID_STATUS;
	default:
		/* Backspace on an empty prompt leaves it */
		if (key == KEYS_FN(KEY_BACKSPACE) && !ui->prompt[0])
			return close_prompt(ui);
		if (!prompt_edit(ui, key))
			return KD_DID_NOTHING;
		ui->prompt_err[0] = '\0';
		ui->completions[0] = '\0';
		ui->n_completions = 0;
		return did | KD_DID_STATUS;
	}
}
