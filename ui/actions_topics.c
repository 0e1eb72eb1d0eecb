/* actions_topics.c: the keys that change topics from the dashboard: create
 * a topic through a form (checked as typed against the newest snapshot:
 * name, '.'/'_' collisions, replication factor against the brokers up,
 * config values), then the change pane's preview and confirmation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "keys.h"
#include "ops_topics.h"
#include "pane_change.h"
#include "pane_form.h"
#include "topic_rules.h"
#include "ui_state.h"

static int parse_count(const char *v, long *n, const char *what, char *err, size_t errlen)
{
	char *end;
	*n = strtol(v, &end, 10);
	if (!*v || *end) {
		snprintf(err, errlen, "%s: '%.40s' is not a whole number", what, v);
		return -1;
	}
	return 0;
}

static int check_name(const char *v, void *ctx, char *err, size_t errlen)
{
	kd_ui *ui = ctx;
	const kd_snapshot *s = ui_data(ui);
	if (topic_name_check(v, err, errlen))
		return -1;
	for (int i = 0; s && i < s->n_topics; i++) {
		const char *names[] = { s->topics[i].name };
		if (topic_collision(v, names, 1)) {
			if (!strcmp(v, s->topics[i].name))
				snprintf(err, errlen, "topic %s already exists", v);
			else
				snprintf(err, errlen, "collides with %s ('.' and '_' are the same in "
					 "metric names)", s->topics[i].name);
			return -1;
		}
	}
	return 0;
}

static int check_partitions(const char *v, void *ctx, char *err, size_t errlen)
{
	long n;
	(void)ctx;
	return parse_count(v, &n, "partitions", err, errlen) ||
	       topic_partitions_check(n, err, errlen) ? -1 : 0;
}

static int check_rf(const char *v, void *ctx, char *err, size_t errlen)
{
	kd_ui *ui = ctx;
	const kd_snapshot *s = ui_data(ui);
	long n;
	return parse_count(v, &n, "replication factor", err, errlen) ||
	       topic_rf_check(n, s ? s->brokers_up : 0, err, errlen) ? -1 : 0;
}

/* "key=value,key=value" into kv (at most max); -1 with err. */
static int split_configs(const char *v, char *buf, size_t size, topic_config_kv *kv, int max,
			 int *n, char *err, size_t errlen)
{
	char *save = NULL;
	*n = 0;
	snprintf(buf, size, "%s", v);
	for (char *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		if (!*p)
			continue;
		char *eq = strchr(p, '=');
		if (!eq || eq == p) {
			snprintf(err, errlen, "'%s': expected key=value", p);
			return -1;
		}
		*eq = '\0';
		if (*n == max) {
			snprintf(err, errlen, "at most %d configs", max);
			return -1;
		}
		if (topic_config_check(p, eq + 1, 0, err, errlen))
			return -1;
		kv[(*n)++] = (topic_config_kv){ p, eq + 1 };
	}
	return 0;
}

static int check_configs(const char *v, void *ctx, char *err, size_t errlen)
{
	char buf[FORM_VALUE_MAX];
	topic_config_kv kv[32];
	int n;
	(void)ctx;
	return split_configs(v, buf, sizeof(buf), kv, 32, &n, err, errlen);
}

static void create_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	char buf[FORM_VALUE_MAX], err[512];
	topic_config_kv kv[32];
	int n = 0;
	topic_create_spec sp = { f->fields[0].value, 0, 0, kv, 0 };
	(void)ctx;
	parse_count(f->fields[1].value, &sp.partitions, "", err, sizeof(err));
	parse_count(f->fields[2].value, &sp.replication_factor, "", err, sizeof(err));
	if (split_configs(f->fields[3].value, buf, sizeof(buf), kv, 32, &n, err, sizeof(err)) ||
	    (sp.n_configs = n, !pane_change_open(ui, &change_topic_create, &sp, err, sizeof(err))))
		ui_message(ui, true, "%s", err);
}

unsigned act_topic_create(kd_ui *ui, int arg)
{
	char err[512], rf[16];
	const kd_snapshot *s = ui_data(ui);
	(void)arg;
	/* read-only: no form to fill in vain */
	if (gate_allowed(ui->opts, GATE_TOPIC_CREATE, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return KD_DID_STATUS;
	}
	kd_form *f = pane_form_open(ui, "Create a topic", create_submit, NULL);
	if (!f)
		return KD_DID_STATUS;
	f->ctx = ui;
	snprintf(rf, sizeof(rf), "%d", s && s->brokers_up < 3 ? (s->brokers_up ? s->brokers_up : 1) : 3);
	form_add(f, "name", "letters, digits, '.', '_', '-'; at most 249", NULL)->check = check_name;
	form_add(f, "partitions", NULL, "1")->check = check_partitions;
	form_add(f, "replication factor", NULL, rf)->check = check_rf;
	form_field *cfg = form_add(f, "configs", "key=value,...  e.g. retention.ms=3600000", NULL);
	cfg->check = check_configs;
	cfg->completions = topic_config_keys();
	return KD_DID_SCREEN;
}

/* ---- delete a topic, add partitions ---------------------------------------------- */

/* The topic the selected row is (the topics or partitions pane). */
static const kd_topic *selected_topic(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	const kd_row *r = v ? view_selected(v) : NULL;
	return r ? r->topic : NULL;
}

/* The selected topic a change of kind acts on, or NULL with the reason on
 * the status line (read-only first: no form to fill in vain). */
static const kd_topic *topic_for(kd_ui *ui, gate_kind kind)
{
	char err[512];
	const kd_topic *t = selected_topic(ui);
	if (gate_allowed(ui->opts, kind, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return NULL;
	}
	if (!t)
		ui_message(ui, true, "select a topic first");
	return t;
}

static char form_topic[256];

static void delete_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	char err[512];
	topic_delete_spec sp = { form_topic, f->fields[0].value };
	(void)ctx;
	if (!pane_change_open(ui, &change_topic_delete, &sp, err, sizeof(err)))
		ui_message(ui, true, "%s", err);
}

static int check_typed(const char *v, void *ctx, char *err, size_t errlen)
{
	(void)ctx;
	if (strcmp(v, form_topic)) {
		snprintf(err, errlen, "type the topic's name exactly to delete it");
		return -1;
	}
	return 0;
}

unsigned act_topic_delete(kd_ui *ui, int arg)
{
	static char title[320];         /* the form shows it while open */
	const kd_topic *t = topic_for(ui, GATE_TOPIC_DELETE);
	(void)arg;
	if (!t)
		return KD_DID_STATUS;
	if (t->internal) {
		ui_message(ui, true, "%s is an internal topic: kdeck does not delete it", t->name);
		return KD_DID_STATUS;
	}
	snprintf(form_topic, sizeof(form_topic), "%s", t->name);
	snprintf(title, sizeof(title), "Delete topic %s: every message in it is lost", t->name);
	kd_form *f = pane_form_open(ui, title, delete_submit, NULL);
	if (!f)
		return KD_DID_STATUS;
	form_add(f, "type its name", "the exact name, to confirm", NULL)->check = check_typed;
	return KD_DID_SCREEN;
}

static long form_current;

static int check_more(const char *v, void *ctx, char *err, size_t errlen)
{
	long n;
	(void)ctx;
	return parse_count(v, &n, "partitions", err, errlen) ||
	       topic_partitions_increase_check(form_current, n, err, errlen) ? -1 : 0;
}

static void partitions_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	char err[512];
	topic_partitions_spec sp = { form_topic, 0 };
	(void)ctx;
	parse_count(f->fields[0].value, &sp.count, "", err, sizeof(err));
	if (!pane_change_open(ui, &change_topic_partitions, &sp, err, sizeof(err)))
		ui_message(ui, true, "%s", err);
}

unsigned act_topic_partitions(kd_ui *ui, int arg)
{
	char now[16];
	static char title[320];         /* the form shows it while open */
	const kd_topic *t = topic_for(ui, GATE_TOPIC_PARTITIONS);
	(void)arg;
	if (!t)
		return KD_DID_STATUS;
	snprintf(form_topic, sizeof(form_topic), "%s", t->name);
	form_current = t->n_partitions;
	snprintf(title, sizeof(title), "Add partitions to %s (it has %d; keyed messages may "
		 "then land elsewhere)", t->name, t->n_partitions);
	snprintf(now, sizeof(now), "%d", t->n_partitions);
	kd_form *f = pane_form_open(ui, title, partitions_submit, NULL);
	if (!f)
		return KD_DID_STATUS;
	form_add(f, "partitions (new total)", "more than now", now)->check = check_more;
	return KD_DID_SCREEN;
}

/* ---- configs: see them, set or reset one key ---------------------------------------- */

unsigned act_topic_configs(kd_ui *ui, int arg)
{
	char err[512];
	const kd_topic *t = selected_topic(ui);
	(void)arg;
	if (!t) {
		ui_message(ui, true, "select a topic first");
		return KD_DID_STATUS;
	}
	topic_config_spec sp = { t->name, NULL, NULL };
	if (!pane_change_open(ui, &change_topic_configs_view, &sp, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return KD_DID_STATUS;
	}
	return KD_DID_SCREEN;
}

unsigned act_broker_configs(kd_ui *ui, int arg)
{
	char err[512], id[16];
	kd_view *v = ui_view(ui);
	const kd_row *r = v ? view_selected(v) : NULL;
	(void)arg;
	if (!r || !r->broker) {
		ui_message(ui, true, "select a broker first");
		return KD_DID_STATUS;
	}
	snprintf(id, sizeof(id), "%d", (int)r->broker->id);
	topic_config_spec sp = { id, NULL, NULL };
	if (!pane_change_open(ui, &change_broker_configs_view, &sp, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return KD_DID_STATUS;
	}
	return KD_DID_SCREEN;
}

static int check_key(const char *v, void *ctx, char *err, size_t errlen)
{
	(void)ctx;
	/* the name only: any value may follow (empty resets) */
	return topic_config_check(v, "0", 0, err, errlen) && !strstr(err, ": '") ? -1 : 0;
}

static int check_value(const char *v, void *ctx, char *err, size_t errlen)
{
	const kd_form *f = ctx;
	if (!*v)
		return 0;               /* empty: back to the default */
	return topic_config_check(f->fields[0].value, v, 0, err, errlen);
}

static void edit_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	char err[512];
	topic_config_spec sp = { form_topic, f->fields[0].value,
				 f->fields[1].value[0] ? f->fields[1].value : NULL };
	(void)ctx;
	if (!pane_change_open(ui, &change_topic_config, &sp, err, sizeof(err)))
		ui_message(ui, true, "%s", err);
}

bool act_can_edit_config(kd_ui *ui)
{
	return pane_change_ops(ui, NULL) == &change_topic_configs_view;
}

unsigned act_topic_config_edit(kd_ui *ui, int arg)
{
	char err[512];
	static char title[320];         /* the form shows it while open */
	const void *spec = NULL;
	(void)arg;
	if (pane_change_ops(ui, &spec) != &change_topic_configs_view || !spec) {
		ui_message(ui, true, "open a topic's configs first (o on the topics pane)");
		return KD_DID_STATUS;
	}
	if (gate_allowed(ui->opts, GATE_CONFIG_ALTER, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return KD_DID_STATUS;
	}
	snprintf(form_topic, sizeof(form_topic), "%s", ((const topic_config_spec *)spec)->name);
	snprintf(title, sizeof(title), "Set or reset one config of %s (only that key changes)",
		 form_topic);
	ui_pop(ui);                     /* the view goes, the edit's preview comes */
	kd_form *f = pane_form_open(ui, title, edit_submit, NULL);
	if (!f)
		return KD_DID_SCREEN;
	form_field *k = form_add(f, "key", "C-o completes", NULL);
	k->check = check_key;
	k->completions = topic_config_keys();
	form_add(f, "value", "empty: back to the default", NULL)->check = check_value;
	f->ctx = f;
	return KD_DID_SCREEN;
}

/* ---- produce one message ----------------------------------------------------------- */

static int check_format(const char *v, void *ctx, char *err, size_t errlen)
{
	(void)ctx;
	if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "hex")) {
		snprintf(err, errlen, "text, json or hex");
		return -1;
	}
	return 0;
}

static int check_partition(const char *v, void *ctx, char *err, size_t errlen)
{
	long n;
	(void)ctx;
	if (!*v)
		return 0;               /* the key's partition */
	if (parse_count(v, &n, "partition", err, errlen))
		return -1;
	if (n < 0 || n >= form_current) {
		snprintf(err, errlen, "the topic has partitions 0 to %ld", form_current - 1);
		return -1;
	}
	return 0;
}

static void produce_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	char err[512], hbuf[FORM_VALUE_MAX], *save = NULL;
	const char *headers[16];
	int nh = 0;
	long part = -1;
	(void)ctx;
	if (f->fields[0].value[0])
		parse_count(f->fields[0].value, &part, "", err, sizeof(err));
	snprintf(hbuf, sizeof(hbuf), "%s", f->fields[3].value);
	for (char *p = strtok_r(hbuf, ",", &save); p && nh < 16; p = strtok_r(NULL, ",", &save))
		headers[nh++] = p;
	produce_spec sp = { form_topic, part, f->fields[1].value[0] ? f->fields[1].value : NULL,
			    f->fields[2].value, f->fields[4].value, headers, nh };
	if (!pane_change_open(ui, &change_produce, &sp, err, sizeof(err)))
		ui_message(ui, true, "%s", err);
}

unsigned act_topic_produce(kd_ui *ui, int arg)
{
	static char title[320];         /* the form shows it while open */
	const kd_topic *t = topic_for(ui, GATE_PRODUCE);
	(void)arg;
	if (!t)
		return KD_DID_STATUS;
	snprintf(form_topic, sizeof(form_topic), "%s", t->name);
	form_current = t->n_partitions;
	snprintf(title, sizeof(title), "Produce one message to %s", t->name);
	kd_form *f = pane_form_open(ui, title, produce_submit, NULL);
	if (!f)
		return KD_DID_STATUS;
	form_add(f, "partition", "empty: the key's partition", NULL)->check = check_partition;
	form_add(f, "key", "empty: no key", NULL);
	form_add(f, "value", NULL, NULL);
	form_add(f, "headers", "key=value,key=value", NULL);
	form_add(f, "value format", "text, json (checked) or hex", "text")->check = check_format;
	return KD_DID_SCREEN;
}
