/* actions_reassign.c: the keys that move replicas and leaders: R drains
 * the selected broker, changes a topic's replication factor (or evens out
 * its replicas), or moves one partition to the replicas typed; E elects
 * preferred leaders (the cluster, a topic, a partition); on the
 * Reassignments pane x and X cancel, T changes the throttle and F removes
 * the throttles once nothing moves.  Each goes through a form where it
 * needs input, then the change pane's preview and confirmation. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "keys.h"
#include "ops_reassign.h"
#include "pane_change.h"
#include "pane_form.h"
#include "ui_state.h"

static const kd_row *selected(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	return v ? view_selected(v) : NULL;
}

static bool refused(kd_ui *ui, gate_kind kind)
{
	char err[512];
	if (!gate_allowed(ui->opts, kind, err, sizeof(err)))
		return false;
	ui_message(ui, true, "%s", err);
	return true;
}

static void open_change(kd_ui *ui, const kd_change_ops *ops, const void *spec)
{
	char err[512];
	if (!pane_change_open(ui, ops, spec, err, sizeof(err)))
		ui_message(ui, true, "%s", err);
}

static int check_rate(const char *v, void *ctx, char *err, size_t errlen)
{
	int64_t r;
	(void)ctx;
	return !*v ? 0 : reassign_parse_rate(v, &r, err, errlen);
}

static int64_t rate_of(const char *v)
{
	int64_t r = 0;
	char err[128];
	if (*v && reassign_parse_rate(v, &r, err, sizeof(err)))
		r = 0;
	return r;
}

static form_field *add_throttle(kd_form *f)
{
	form_field *t = form_add(f, "throttle", "bytes/s per broker, e.g. 10MB; empty: none",
				 NULL);
	t->check = check_rate;
	return t;
}

/* What the form is about, kept while it is open (one form at a time). */
static struct {
	char topic[256];
	int32_t partition, broker;
	int rf;
	char title[512];                /* the form keeps a pointer to it */
} target;

/* ---- R: drain a broker, a topic's RF or rebalance, one partition -------------- */

static void drain_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	(void)ctx;
	reassign_spec sp = { REASSIGN_DRAIN, NULL, target.broker, NULL, 0,
			     rate_of(f->fields[0].value), true };
	open_change(ui, &change_reassign, &sp);
}

static int check_count(const char *v, void *ctx, char *err, size_t errlen)
{
	kd_ui *ui = ctx;
	const kd_snapshot *s = ui_data(ui);
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1) {
		snprintf(err, errlen, "a whole number, at least 1");
		return -1;
	}
	if (s && n > s->brokers_up) {
		snprintf(err, errlen, "replication factor %ld needs %ld brokers; %d are up", n, n,
			 s->brokers_up);
		return -1;
	}
	return 0;
}

static void topic_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	(void)ctx;
	int rf = atoi(f->fields[0].value);
	reassign_spec sp = { rf == target.rf ? REASSIGN_REBALANCE : REASSIGN_SET_RF, NULL, -1,
			     target.topic, rf, rate_of(f->fields[1].value), true };
	open_change(ui, &change_reassign, &sp);
}

/* "1,2,3" into ids: -1 with err. */
static int parse_ids(const char *v, int32_t *ids, int *n, char *err, size_t errlen)
{
	*n = 0;
	while (*v) {
		char *end;
		long b = strtol(v, &end, 10);
		if (end == v || b < 0 || b > INT32_MAX || (*end && *end != ',')) {
			snprintf(err, errlen, "broker ids split by ',' (the first leads)");
			return -1;
		}
		if (*n == RP_MAX_RF) {
			snprintf(err, errlen, "at most %d replicas", RP_MAX_RF);
			return -1;
		}
		ids[(*n)++] = (int32_t)b;
		v = *end ? end + 1 : end;
	}
	if (!*n) {
		snprintf(err, errlen, "at least one broker");
		return -1;
	}
	return 0;
}

static int check_replicas(const char *v, void *ctx, char *err, size_t errlen)
{
	kd_ui *ui = ctx;
	const kd_snapshot *s = ui_data(ui);
	int32_t ids[RP_MAX_RF];
	int n;
	if (parse_ids(v, ids, &n, err, errlen))
		return -1;
	for (int i = 0; i < n; i++) {
		const kd_broker *b = s ? snapshot_broker(s, ids[i]) : NULL;
		for (int k = 0; k < i; k++)
			if (ids[k] == ids[i]) {
				snprintf(err, errlen, "broker %" PRId32 " appears twice", ids[i]);
				return -1;
			}
		if (s && !b) {
			snprintf(err, errlen, "unknown broker %" PRId32, ids[i]);
			return -1;
		}
		if (b && !b->up) {
			snprintf(err, errlen, "broker %" PRId32 " is down", ids[i]);
			return -1;
		}
	}
	return 0;
}

static void partition_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	char err[256];
	rp_move m;
	rp_plan p = { 1, &m };
	(void)ctx;
	memset(&m, 0, sizeof(m));
	m.topic = target.topic;
	m.partition = target.partition;
	if (parse_ids(f->fields[0].value, m.new_replicas, &m.n_new, err, sizeof(err))) {
		ui_message(ui, true, "%s", err);
		return;
	}
	reassign_spec sp = { REASSIGN_MOVES, &p, -1, NULL, 0, rate_of(f->fields[1].value), true };
	open_change(ui, &change_reassign, &sp);
}

unsigned act_reassign(kd_ui *ui, int arg)
{
	const kd_row *r = selected(ui);
	char *title = target.title, buf[128];
	const size_t tlen = sizeof(target.title);
	(void)arg;
	if (refused(ui, GATE_REASSIGN))
		return KD_DID_STATUS;
	if (r && r->broker && !r->topic) {
		target.broker = r->broker->id;
		snprintf(title, tlen, "Drain broker %" PRId32 ": move every replica off it",
			 target.broker);
		kd_form *f = pane_form_open(ui, title, drain_submit, NULL);
		if (!f)
			return KD_DID_STATUS;
		f->ctx = ui;
		add_throttle(f);
		return KD_DID_SCREEN;
	}
	if (r && r->topic && r->partition) {
		const kd_partition *p = r->partition;
		snprintf(target.topic, sizeof(target.topic), "%s", r->topic->name);
		target.partition = p->id;
		size_t at = 0;
		buf[0] = '\0';
		for (int i = 0; i < p->n_replicas && at + 12 < sizeof(buf); i++)
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%" PRId32, i ? "," : "",
					       p->replicas[i]);
		snprintf(title, tlen, "Move partition %s-%" PRId32, target.topic, p->id);
		kd_form *f = pane_form_open(ui, title, partition_submit, NULL);
		if (!f)
			return KD_DID_STATUS;
		f->ctx = ui;
		form_add(f, "replicas", "broker ids, the first is the preferred leader",
			 buf)->check = check_replicas;
		add_throttle(f);
		return KD_DID_SCREEN;
	}
	if (r && r->topic) {
		snprintf(target.topic, sizeof(target.topic), "%s", r->topic->name);
		target.rf = r->topic->n_partitions ? r->topic->partitions[0].n_replicas : 1;
		snprintf(buf, sizeof(buf), "%d", target.rf);
		snprintf(title, tlen, "Reassign topic %s: the same replication factor "
			 "evens out its replicas, another changes it", target.topic);
		kd_form *f = pane_form_open(ui, title, topic_submit, NULL);
		if (!f)
			return KD_DID_STATUS;
		f->ctx = ui;
		form_add(f, "replication factor", NULL, buf)->check = check_count;
		add_throttle(f);
		return KD_DID_SCREEN;
	}
	ui_message(ui, true, "select a broker, a topic or a partition first");
	return KD_DID_STATUS;
}

/* E: preferred leaders of the cluster (brokers pane), a topic or a partition. */
unsigned act_elect_leaders(kd_ui *ui, int arg)
{
	const kd_row *r = selected(ui);
	(void)arg;
	if (refused(ui, GATE_ELECT_LEADERS))
		return KD_DID_STATUS;
	elect_spec sp = { false, false, NULL, -1 };
	if (r && r->topic) {
		sp.topic = r->topic->name;
		if (r->partition)
			sp.partition = r->partition->id;
	}
	open_change(ui, &change_elect_leaders, &sp);
	return KD_DID_SCREEN;
}

/* ---- the Reassignments pane ------------------------------------------------------ */

unsigned act_reassign_cancel(kd_ui *ui, int all)
{
	const kd_row *r = selected(ui);
	if (refused(ui, GATE_REASSIGN_CANCEL))
		return KD_DID_STATUS;
	reassign_cancel_spec sp = { NULL, -1 };
	if (!all) {
		if (!r || !r->topic || !r->partition) {
			ui_message(ui, true, "select a moving partition first (X cancels every one)");
			return KD_DID_STATUS;
		}
		sp.topic = r->topic->name;
		sp.partition = r->partition->id;
	}
	open_change(ui, &change_reassign_cancel, &sp);
	return KD_DID_SCREEN;
}

static void throttle_submit(kd_ui *ui, const kd_form *f, void *ctx)
{
	(void)ctx;
	throttle_spec sp = { rate_of(f->fields[0].value) };
	if (sp.rate <= 0) {
		ui_message(ui, true, "a throttle of at least 1 byte/s (F removes them)");
		return;
	}
	open_change(ui, &change_throttle, &sp);
}

unsigned act_reassign_throttle(kd_ui *ui, int arg)
{
	(void)arg;
	if (refused(ui, GATE_THROTTLE))
		return KD_DID_STATUS;
	kd_form *f = pane_form_open(ui, "Throttle the moving partitions", throttle_submit, NULL);
	if (!f)
		return KD_DID_STATUS;
	f->ctx = ui;
	add_throttle(f);
	return KD_DID_SCREEN;
}

unsigned act_reassign_finish(kd_ui *ui, int arg)
{
	(void)arg;
	if (refused(ui, GATE_THROTTLE))
		return KD_DID_STATUS;
	throttle_spec sp = { 0 };
	open_change(ui, &change_throttle, &sp);
	return KD_DID_SCREEN;
}
