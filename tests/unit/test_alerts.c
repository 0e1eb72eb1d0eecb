/* test_alerts.c: alert rules: the config file's [alerts] and [alert NAME]
 * (every mistake with its line and column), each rule kind on built
 * snapshots (fire, still firing with its since kept, resolved), message
 * rules' matches, the JSON and the alert command. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "alert_msg.h"
#include "alerts.h"
#include "config_file.h"
#include "fixtures.h"
#include "groups_model.h"
#include "snapshot.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct seen {
	int fired, resolved;
	char last[512];
	char texts[16][512];
} seen;

static void on_event(void *ctx, const kd_event *e, const kd_alert *a)
{
	seen *s = ctx;

	assert_non_null(a);
	if (e->kind == KD_EV_ALERT_FIRED)
		s->fired++;
	else if (e->kind == KD_EV_ALERT_RESOLVED)
		s->resolved++;
	else
		fail_msg("unexpected event kind %d", e->kind);
	snprintf(s->last, sizeof(s->last), "%s", e->text);
	if (s->fired + s->resolved <= 16)
		snprintf(s->texts[s->fired + s->resolved - 1], sizeof(s->texts[0]), "%s", e->text);
}

static kd_alert_rules *rules_of(const char *text)
{
	kd_config *cfg = config_parse(text, strlen(text), "cfg");
	kd_alert_rules *r;

	if (cfg->error)
		fail_msg("config rejected: %s", cfg->error);
	r = alerts_from_config(cfg);
	config_free(cfg);
	assert_non_null(r);
	return r;
}

/* The config error for text, "" when it was accepted. */
static const char *error_of(const char *text)
{
	static char buf[600];
	kd_config *cfg = config_parse(text, strlen(text), "cfg");

	snprintf(buf, sizeof(buf), "%s", cfg->error ? cfg->error : "");
	config_free(cfg);
	return buf;
}

static kd_snapshot *snap(int n_brokers, const int32_t *down, int n_down, int64_t t)
{
	static const fx_topic topics[] = {
		{ "orders", 3, 3, 1 },
		{ "payments", 2, 2, 2 },
		{ "__consumer_offsets", 1, 3, 3 },
	};
	kd_snapshot *s = fx_snapshot(n_brokers, down, n_down, topics, 3, NULL, t);

	snapshot_finish(s);
	s->connected = true;
	s->taken_ms = t;
	return s;
}

static int eval(kd_alert_state *st, kd_snapshot *s, const kd_snapshot *prev, seen *ev)
{
	alerts_eval(st, s, prev, NULL, on_event, ev);
	return s->n_alerts;
}

/* ---- config -------------------------------------------------------------- */

static void test_config_good(void **state)
{
	kd_alert_rules *r = rules_of(
		"[alerts]\n"
		"bell = true\n"
		"command = /usr/local/bin/page-me\n"
		"[alert down]\n"
		"when = broker-down\n"
		"severity = critical\n"
		"broker = 2\n"
		"[alert urp]\n"
		"when = under-replicated > 0\n"
		"topic = orders*\n"
		"[alert stall]\n"
		"when = group-status STALL, stop\n"
		"group = billing-*\n"
		"[alert behind]\n"
		"when = time-lag >= 90s\n"
		"[alert disk]\n"
		"when = disk-free < 12.5%\n"
		"severity = info\n"
		"[alert hot]\n"
		"when = message: value.temperature > 80\n"
		"topic = iot.temperature\n"
		"hold = 10m\n");

	(void)state;
	assert_true(r->bell);
	assert_string_equal(r->command, "/usr/local/bin/page-me");
	assert_int_equal(r->n, 6);
	assert_int_equal(r->n_message, 1);
	assert_int_equal(r->v[0].kind, ALERT_BROKER_DOWN);
	assert_int_equal(r->v[0].severity, KD_SEV_CRITICAL);
	assert_int_equal(r->v[0].broker, 2);
	assert_int_equal(r->v[1].kind, ALERT_UNDER_REPLICATED);
	assert_int_equal(r->v[1].severity, KD_SEV_WARNING);   /* the default */
	assert_int_equal(r->v[1].op, ALERT_GT);
	assert_true(r->v[1].threshold == 0);
	assert_string_equal(r->v[1].topic, "orders*");
	assert_int_equal(r->v[1].broker, -1);
	assert_int_equal(r->v[2].statuses, 1u << LAG_ST_STALL | 1u << LAG_ST_STOP);
	assert_int_equal(r->v[3].op, ALERT_GE);
	assert_true(r->v[3].threshold == 90000);
	assert_true(r->v[4].threshold == 12.5);
	assert_int_equal(r->v[4].severity, KD_SEV_INFO);
	assert_int_equal(r->v[5].kind, ALERT_MESSAGE);
	assert_string_equal(r->v[5].filter, "value.temperature > 80");
	assert_non_null(r->v[5].compiled);
	assert_int_equal(r->v[5].hold_ms, 600000);
	alerts_rules_free(r);

	/* no alert section: no rules */
	kd_config *cfg = config_parse("[alerts]\nbell = false\n", 22, "cfg");
	assert_null(cfg->error);
	assert_null(alerts_from_config(cfg));
	config_free(cfg);
}

static void test_config_errors(void **state)
{
	(void)state;
	assert_string_equal(error_of("[alert a]\nwhen = broker-up\n"),
			    "cfg:2:8: when: unknown condition 'broker-up' (broker-down, "
			    "under-replicated, offline, under-min-isr, controller-changed, "
			    "group-status, lag, time-lag, disk-free, msgs-per-sec, message:)");
	assert_string_equal(error_of("[alert a]\nwhen = under-replicated >\n"),
			    "cfg:2:26: under-replicated: expected a number after '>'");
	assert_string_equal(error_of("[alert a]\nwhen = offline 3\n"),
			    "cfg:2:16: offline: expected > N or < N after 'offline'");
	assert_string_equal(error_of("[alert a]\nwhen = lag > 1.5\n"),
			    "cfg:2:14: lag: expected a whole number >= 0, not '1.5'");
	assert_string_equal(error_of("[alert a]\nwhen = time-lag > soon\n"),
			    "cfg:2:19: time-lag: 'soon' is not a duration (90s, 5m, 1h, 500ms)");
	assert_string_equal(error_of("[alert a]\nwhen = disk-free < 120%\n"),
			    "cfg:2:20: disk-free: expected a percentage between 0 and 100 (10%), "
			    "not '120%'");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down now\n"),
			    "cfg:2:20: broker-down takes nothing after it");
	assert_string_equal(error_of("[alert a]\nwhen = group-status STALL,FOO\n"),
			    "cfg:2:27: group-status: unknown status 'FOO' (OK, NEW, UNKNOWN, WARN, "
			    "STALL, STOP, REWIND, ERR)");
	assert_string_equal(error_of("[alert a]\nwhen = message: value.temperature >\n"
				     "topic = t\n"),
			    "cfg:2:36: message: column 20: expected a value after '>'");
	assert_string_equal(error_of("[alert a]\nwhen = message value > 1\ntopic = t\n"),
			    "cfg:2:16: message: expected ':' and a filter "
			    "(message: value.temperature > 80)");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down\nseverity = urgent\n"),
			    "cfg:3:12: severity: expected info, warning or critical, not 'urgent'");
	assert_string_equal(error_of("[alert a]\nseverity = info\n[alert b]\nwhen = offline > 0\n"),
			    "cfg:1:1: alert a has no when = (broker-down, under-replicated > 0, "
			    "message: FILTER, ...)");
	assert_string_equal(error_of("[alert a]\nwhen = under-replicated > 0\nbroker = 1\n"),
			    "cfg:3:10: broker: a under-replicated rule takes no broker");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down\ngroup = g\n"),
			    "cfg:3:9: group: a broker-down rule takes no group");
	assert_string_equal(error_of("[alert a]\nwhen = message: key:x\n"),
			    "cfg:2:8: alert a: a message rule needs topic = NAME");
	assert_string_equal(error_of("[alert a]\nwhen = message: key:x\ntopic = iot.*\n"),
			    "cfg:3:9: topic: a message rule reads one topic: a name, not a glob "
			    "('iot.*')");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down\n[alert a]\n"),
			    "cfg:3:8: alert a is already defined on line 1");
	assert_string_equal(error_of("[alert]\nwhen = broker-down\n"),
			    "cfg:1:2: an alert needs a name: [alert NAME]");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down\nbroker = two\n"),
			    "cfg:3:10: broker: expected a broker id, not 'two'");
	assert_string_equal(error_of("[alert a]\nwhen = message: key:x\ntopic = t\nhold = 0\n"),
			    "cfg:4:8: hold: expected a duration (90s, 5m, 1h), not '0'");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down\ncolour = red\n"),
			    "cfg:3:1: unknown setting 'colour' in an alert (when, severity, topic, "
			    "group, broker, hold)");
	assert_string_equal(error_of("[alert a]\nwhen = broker-down\nwhen = offline > 0\n"),
			    "cfg:3:1: when is already set on line 2");
	assert_string_equal(error_of("[alerts]\nbell = maybe\n"),
			    "cfg:2:8: bell: expected true or false, not 'maybe'");
	assert_string_equal(error_of("[alerts]\ncommand = ${env:HOME}/x\n"),
			    "cfg:2:11: command takes no ${...}");
	assert_string_equal(error_of("[alerts x]\n"), "cfg:1:9: [alerts] takes no name");
	/* a mistake in an alert rejects the whole file, contexts too */
	kd_config *cfg = config_parse("[context a]\nbootstrap = h:1\n[alert x]\nwhen = lag\n", 58,
				      "cfg");
	assert_non_null(cfg->error);
	assert_int_equal(cfg->n_contexts, 0);
	config_free(cfg);
}

/* ---- rule kinds ----------------------------------------------------------- */

static void test_broker_down(void **state)
{
	kd_alert_rules *r = rules_of("[alert down]\nwhen = broker-down\nseverity = critical\n");
	kd_alert_state *st = alerts_state_new(r);
	const int32_t down[] = { 2, 3 };
	seen ev = { 0 };
	kd_snapshot *s1, *s2, *s3;

	(void)state;
	s1 = snap(3, down, 2, 1000);
	assert_int_equal(eval(st, s1, NULL, &ev), 2);         /* one per broker */
	assert_int_equal(ev.fired, 2);
	assert_string_equal(s1->alerts[0].text, "broker 2 down");
	assert_string_equal(s1->alerts[1].text, "broker 3 down");
	assert_int_equal(s1->alerts[0].broker, 2);
	assert_int_equal(s1->alerts[0].severity, KD_SEV_CRITICAL);
	assert_int_equal(s1->alerts[0].since_ms, 1000);
	assert_string_equal(s1->alerts[0].rule, "down");
	assert_string_equal(ev.texts[0], "alert down (critical): broker 2 down");

	/* still firing: no event, since kept */
	s2 = snap(3, down, 1, 3000);
	assert_int_equal(eval(st, s2, s1, &ev), 1);
	assert_int_equal(ev.fired, 2);
	assert_int_equal(ev.resolved, 1);                  /* broker 3 came back */
	assert_string_equal(ev.last, "alert down resolved: broker 3 down");
	assert_int_equal(s2->alerts[0].since_ms, 1000);

	s3 = snap(3, NULL, 0, 5000);
	assert_int_equal(eval(st, s3, s2, &ev), 0);
	assert_int_equal(ev.resolved, 2);
	assert_null(s3->alerts);
	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
	alerts_state_free(st);
	alerts_rules_free(r);

	/* broker = ID: that one only */
	r = rules_of("[alert two]\nwhen = broker-down\nbroker = 3\n");
	st = alerts_state_new(r);
	s1 = snap(3, down, 2, 1000);
	assert_int_equal(eval(st, s1, NULL, &ev), 1);
	assert_string_equal(s1->alerts[0].text, "broker 3 down");
	snapshot_free(s1);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static void test_partition_counts(void **state)
{
	kd_alert_rules *r = rules_of(
		"[alert urp]\nwhen = under-replicated > 0\n"
		"[alert urp-pay]\nwhen = under-replicated >= 2\ntopic = pay*\n"
		"[alert off]\nwhen = offline > 0\nseverity = critical\n"
		"[alert minisr]\nwhen = under-min-isr > 1\n");
	kd_alert_state *st = alerts_state_new(r);
	const int32_t down[] = { 2 };
	seen ev = { 0 };
	kd_snapshot *s1, *s2;

	(void)state;
	s1 = snap(3, down, 1, 1000);
	/* orders: 3 partitions on all 3 brokers; payments: rf 2, partitions
	 * 0 (1,2) and 1 (2,3); __consumer_offsets: 1 on all */
	assert_int_equal(s1->under_replicated, 6);
	assert_int_equal(eval(st, s1, NULL, &ev), 2);
	assert_string_equal(s1->alerts[0].rule, "urp");
	assert_string_equal(s1->alerts[0].text, "under-replicated 6 > 0");
	assert_null(s1->alerts[0].topic);
	assert_string_equal(s1->alerts[1].text, "payments: under-replicated 2 >= 2");
	assert_string_equal(s1->alerts[1].topic, "payments");

	/* offline and under min ISR, as the poll would count them */
	s2 = snap(3, down, 1, 3000);
	s2->offline = 1;
	s2->under_min_isr = 2;
	assert_int_equal(eval(st, s2, s1, &ev), 4);
	assert_string_equal(s2->alerts[0].rule, "off");     /* critical first */
	assert_string_equal(s2->alerts[0].text, "offline 1 > 0");
	assert_string_equal(s2->alerts[3].text, "under-min-isr 2 > 1");
	assert_int_equal(s2->alerts[1].since_ms, 1000);   /* urp: still */
	assert_int_equal(ev.fired, 4);
	snapshot_free(s1);
	snapshot_free(s2);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static void test_controller_changed(void **state)
{
	kd_alert_rules *r = rules_of("[alert ctl]\nwhen = controller-changed\nseverity = info\n");
	kd_alert_state *st = alerts_state_new(r);
	seen ev = { 0 };
	kd_snapshot *s1 = snap(3, NULL, 0, 1000), *s2 = snap(3, NULL, 0, 2000),
		    *s3 = snap(3, NULL, 0, 3000);

	(void)state;
	assert_int_equal(eval(st, s1, NULL, &ev), 0);
	s2->controller_id = 3;
	assert_int_equal(eval(st, s2, s1, &ev), 1);
	assert_string_equal(s2->alerts[0].text, "controller 1 -> 3");
	assert_int_equal(s2->alerts[0].broker, 3);
	assert_string_equal(ev.last, "alert ctl (info): controller 1 -> 3");
	/* the next poll: the same controller, resolved */
	s3->controller_id = 3;
	assert_int_equal(eval(st, s3, s2, &ev), 0);
	assert_int_equal(ev.fired, 1);
	assert_int_equal(ev.resolved, 1);
	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
	alerts_state_free(st);
	alerts_rules_free(r);
}

/* Groups as the poller would leave them. */
static void set_groups(kd_snapshot *s, const char *const *ids, const lag_status *st,
		       const int64_t *lag, const double *lag_s, int n)
{
	kd_groups *gs = arena_calloc(&s->arena, 1, sizeof(*gs));
	kd_group *g = arena_calloc(&s->arena, (size_t)n, sizeof(*g));

	for (int i = 0; i < n; i++) {
		g[i].id = ids[i];
		g[i].state = "Stable";
		lag_group_init(&g[i].eval);
		g[i].eval.status = st[i];
		g[i].eval.lag = lag[i];
		g[i].eval.lag_s = lag_s[i];
	}
	gs->n_groups = n;
	gs->groups = g;
	s->groups = gs;
}

static void test_groups(void **state)
{
	kd_alert_rules *r = rules_of(
		"[alert stuck]\nwhen = group-status ERR\nseverity = critical\n"
		"[alert warn]\nwhen = group-status WARN\ngroup = billing-*\n"
		"[alert lag]\nwhen = lag > 1000\n"
		"[alert behind]\nwhen = time-lag > 1m\n");
	kd_alert_state *st = alerts_state_new(r);
	static const char *const ids[] = { "billing-a", "billing-b", "search", "idle" };
	const lag_status s1st[] = { LAG_ST_STALL, LAG_ST_WARN, LAG_ST_WARN, LAG_ST_OK };
	const int64_t s1lag[] = { 5000, 10, 1001, LAG_UNKNOWN };
	const double s1lags[] = { 150.0, 0.5, LAG_UNKNOWN, LAG_UNKNOWN };
	const lag_status s2st[] = { LAG_ST_OK, LAG_ST_WARN, LAG_ST_STOP, LAG_ST_OK };
	const int64_t s2lag[] = { 0, 10, 2000, 0 };
	const double s2lags[] = { 0.0, 0.5, 61.0, 0.0 };
	seen ev = { 0 };
	kd_snapshot *s1 = snap(3, NULL, 0, 1000), *s2 = snap(3, NULL, 0, 2000);

	(void)state;
	set_groups(s1, ids, s1st, s1lag, s1lags, 4);
	assert_int_equal(eval(st, s1, NULL, &ev), 5);
	assert_string_equal(s1->alerts[0].text, "group billing-a STALL");
	assert_string_equal(s1->alerts[0].group, "billing-a");
	assert_string_equal(s1->alerts[1].text, "group billing-b WARN");   /* not search */
	assert_string_equal(s1->alerts[2].text, "group billing-a lag 5000 > 1000");
	assert_string_equal(s1->alerts[3].text, "group search lag 1001 > 1000");
	assert_string_equal(s1->alerts[4].text, "group billing-a time lag 2m30s > 1m");

	set_groups(s2, ids, s2st, s2lag, s2lags, 4);
	assert_int_equal(eval(st, s2, s1, &ev), 4);
	assert_string_equal(s2->alerts[0].text, "group search STOP");
	assert_int_equal(s2->alerts[0].since_ms, 2000);
	assert_string_equal(s2->alerts[1].text, "group billing-b WARN");
	assert_int_equal(s2->alerts[1].since_ms, 1000);
	assert_string_equal(s2->alerts[2].text, "group search lag 2000 > 1000");
	assert_int_equal(s2->alerts[2].since_ms, 1000);   /* the text changed, not the alert */
	assert_string_equal(s2->alerts[3].text, "group search time lag 1m1s > 1m");
	/* billing-a STALL, lag and time lag resolved */
	assert_int_equal(ev.resolved, 3);
	assert_int_equal(ev.fired, 7);
	snapshot_free(s1);
	snapshot_free(s2);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static void test_disk_free(void **state)
{
	kd_alert_rules *r = rules_of("[alert disk]\nwhen = disk-free < 10%\n");
	kd_alert_state *st = alerts_state_new(r);
	seen ev = { 0 };
	kd_snapshot *s1 = snap(3, NULL, 0, 1000), *s2 = snap(3, NULL, 0, 2000);

	(void)state;
	s1->brokers[0].disk_total = 1000;
	s1->brokers[0].disk_usable = 45;         /* 4.5% */
	s1->brokers[1].disk_total = 1000;
	s1->brokers[1].disk_usable = 500;
	s1->brokers[2].disk_total = KD_UNKNOWN;  /* not known: never fires */
	s1->brokers[2].disk_usable = KD_UNKNOWN;
	assert_int_equal(eval(st, s1, NULL, &ev), 1);
	assert_string_equal(s1->alerts[0].text, "broker 1 disk free 4.5% < 10%");
	assert_int_equal(s1->alerts[0].broker, 1);
	s2->brokers[0].disk_total = 1000;
	s2->brokers[0].disk_usable = 200;
	assert_int_equal(eval(st, s2, s1, &ev), 0);
	assert_int_equal(ev.resolved, 1);
	snapshot_free(s1);
	snapshot_free(s2);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static void test_msgs_per_sec(void **state)
{
	kd_alert_rules *r = rules_of(
		"[alert idle]\nwhen = msgs-per-sec < 1\n"
		"[alert flood]\nwhen = msgs-per-sec > 1000\ntopic = orders\nseverity = critical\n");
	kd_alert_state *st = alerts_state_new(r);
	seen ev = { 0 };
	kd_snapshot *s1 = snap(3, NULL, 0, 1000), *s2 = snap(3, NULL, 0, 2000);

	(void)state;
	/* topics sorted: __consumer_offsets, orders, payments; unknown rates
	 * fire nothing, internal topics only when named */
	s1->topics[0].msgs_rate = 0;
	s1->topics[1].msgs_rate = 2500;
	s1->topics[2].msgs_rate = KD_UNKNOWN;
	assert_int_equal(eval(st, s1, NULL, &ev), 1);
	assert_string_equal(s1->alerts[0].text, "orders: 2500 msgs/s > 1000");
	assert_string_equal(s1->alerts[0].topic, "orders");
	s2->topics[0].msgs_rate = 0;
	s2->topics[1].msgs_rate = 0.25;
	s2->topics[2].msgs_rate = 0;
	assert_int_equal(eval(st, s2, s1, &ev), 2);
	assert_string_equal(s2->alerts[0].text, "orders: 0.25 msgs/s < 1");
	assert_string_equal(s2->alerts[1].text, "payments: 0 msgs/s < 1");
	assert_int_equal(ev.resolved, 1);
	snapshot_free(s1);
	snapshot_free(s2);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static kd_msg reading(const char *key, const char *value, int64_t offset)
{
	kd_msg m;

	memset(&m, 0, sizeof(m));
	m.topic = "iot.temperature";
	m.partition = 0;
	m.offset = offset;
	m.timestamp = 1000;
	m.key = key;
	m.key_len = key ? strlen(key) : 0;
	m.value = value;
	m.value_len = value ? strlen(value) : 0;
	return m;
}

static void test_message(void **state)
{
	kd_alert_rules *r = rules_of(
		"[alert hot]\nwhen = message: value.temperature > 80 and not key:test\n"
		"topic = iot.temperature\nseverity = critical\nhold = 1m\n"
		"[alert down]\nwhen = broker-down\n");
	kd_alert_state *st = alerts_state_new(r);
	kd_alert_msgs *m = alert_msgs_new_idle(r);
	kd_msg a = reading("sensor-3", "{\"temperature\": 91.5}", 17),
	       b = reading("sensor-4", "{\"temperature\": 20}", 18),
	       c = reading("test-1", "{\"temperature\": 99}", 19),
	       d = reading(NULL, "{\"temperature\": 81}", 20);
	seen ev = { 0 };
	kd_snapshot *s1 = snap(3, NULL, 0, 10000), *s2 = snap(3, NULL, 0, 20000),
		    *s3 = snap(3, NULL, 0, 100000);

	(void)state;
	assert_true(alert_msgs_offer(m, 0, &a, 9000));
	assert_false(alert_msgs_offer(m, 0, &b, 9000));
	assert_false(alert_msgs_offer(m, 0, &c, 9000));
	alerts_eval(st, s1, NULL, m, on_event, &ev);
	assert_int_equal(s1->n_alerts, 1);
	assert_string_equal(s1->alerts[0].text,
			    "iot.temperature p0@17: key=sensor-3 value.temperature=91.5");
	assert_string_equal(s1->alerts[0].topic, "iot.temperature");
	assert_int_equal(s1->alerts[0].partition, 0);
	assert_int_equal(s1->alerts[0].since_ms, 9000);
	assert_int_equal(ev.fired, 1);
	assert_string_equal(ev.last, "alert hot (critical): iot.temperature p0@17: key=sensor-3 "
			    "value.temperature=91.5");

	/* a second match: a second alert; the first one still held */
	assert_true(alert_msgs_offer(m, 0, &d, 15000));
	alerts_eval(st, s2, s1, m, on_event, &ev);
	assert_int_equal(s2->n_alerts, 2);
	assert_string_equal(s2->alerts[1].text,
			    "iot.temperature p0@20: key=null value.temperature=81");
	assert_int_equal(ev.fired, 2);
	assert_int_equal(ev.resolved, 0);

	/* past the hold (1m): both resolved */
	alerts_eval(st, s3, s2, m, on_event, &ev);
	assert_int_equal(s3->n_alerts, 0);
	assert_int_equal(ev.resolved, 2);

	/* at most ALERT_MSG_MAX per rule, the oldest dropped */
	for (int i = 0; i < ALERT_MSG_MAX + 5; i++) {
		kd_msg x = reading("k", "{\"temperature\": 100}", 1000 + i);
		assert_true(alert_msgs_offer(m, 0, &x, 100000));
	}
	kd_arena ar;
	kd_alert *v;
	arena_init(&ar);
	assert_int_equal(alert_msgs_collect(m, 100000, &ar, &v), ALERT_MSG_MAX);
	assert_string_equal(v[0].text, "iot.temperature p0@1005: key=k value.temperature=100");
	arena_free(&ar);
	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
	alert_msgs_stop(m);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static void test_message_text(void **state)
{
	kd_alert_rules *r = rules_of(
		"[alert x]\nwhen = message: value.a.b[1] == 2 or header.trace:abc or "
		"key.id > 3 or value.a.b[1] == 5\ntopic = t\n");
	kd_msg_header h = { "trace", "abc\001", 4 };
	kd_msg m = reading("{\"id\": 7}", "{\"a\": {\"b\": [1, 2]}}", 5);
	char *t;

	(void)state;
	m.headers = &h;
	m.n_headers = 1;
	t = alert_msgs_text(&r->v[0], &m);
	/* raw bytes (\001 stays: the UI escapes), each field once */
	assert_string_equal(t, "iot.temperature p0@5: key={\"id\": 7} value.a.b[1]=2 "
			    "header.trace=abc\001 key.id=7");
	free(t);
	alerts_rules_free(r);
}

/* A poll that did not reach the cluster changes nothing. */
static void test_unreachable(void **state)
{
	kd_alert_rules *r = rules_of("[alert urp]\nwhen = under-replicated > 0\n");
	kd_alert_state *st = alerts_state_new(r);
	const int32_t down[] = { 3 };
	seen ev = { 0 };
	kd_snapshot *s1 = snap(3, down, 1, 1000), *s2 = snap(3, NULL, 0, 2000);

	(void)state;
	assert_int_equal(eval(st, s1, NULL, &ev), 1);
	s2->connected = false;
	assert_int_equal(eval(st, s2, s1, &ev), 1);
	assert_int_equal(s2->alerts[0].since_ms, 1000);
	assert_int_equal(ev.fired, 1);
	assert_int_equal(ev.resolved, 0);
	snapshot_free(s1);
	snapshot_free(s2);
	alerts_state_free(st);
	alerts_rules_free(r);
}

static void test_json_and_command(void **state)
{
	kd_alert_rules *r = rules_of("[alerts]\ncommand = /bin/sh\n[alert down]\n"
				     "when = broker-down\n");
	kd_alert a = { "down", KD_SEV_CRITICAL, 1234, "broker 2 down \xff", NULL, -1, 2, NULL };
	char *j = alerts_json(&a, false), err[200], dir[] = "/tmp/kdeck-alert-XXXXXX", out[300];
	char script[400];
	FILE *f;

	(void)state;
	assert_string_equal(j, "{\"rule\":\"down\",\"severity\":\"critical\",\"state\":\"firing\","
			    "\"since_ms\":1234,\"text\":\"broker 2 down \\\\xff\",\"topic\":null,"
			    "\"partition\":null,\"broker\":2,\"group\":null}");
	free(j);

	/* the command gets the alert on stdin, and the caller does not wait */
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/alert.json", dir);
	snprintf(script, sizeof(script), "%s/cmd", dir);
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\nsleep 1\ncat > %s.tmp && mv %s.tmp %s\n", out, out, out);
	fclose(f);
	chmod(script, 0700);
	r->command = script;
	struct timespec t0, t1, nap = { 0, 50000000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(alerts_run_command(r, &a, err, sizeof(err)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 1);
	for (int i = 0; i < 100 && access(out, F_OK); i++)
		nanosleep(&nap, NULL);
	f = fopen(out, "r");
	assert_non_null(f);
	char line[600] = "";
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_non_null(strstr(line, "\"rule\":\"down\""));
	unlink(out);
	unlink(script);
	rmdir(dir);
	alerts_rules_free(r);
}

static void test_duration(void **state)
{
	(void)state;
	assert_int_equal(alerts_parse_duration("90s"), 90000);
	assert_int_equal(alerts_parse_duration("5m"), 300000);
	assert_int_equal(alerts_parse_duration("1.5h"), 5400000);
	assert_int_equal(alerts_parse_duration("250ms"), 250);
	assert_int_equal(alerts_parse_duration("30"), 30000);
	assert_int_equal(alerts_parse_duration("2d"), 172800000);
	assert_int_equal(alerts_parse_duration("-1s"), -1);
	assert_int_equal(alerts_parse_duration("5 m"), -1);
	assert_int_equal(alerts_parse_duration(""), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_good),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_broker_down),
		cmocka_unit_test(test_partition_counts),
		cmocka_unit_test(test_controller_changed),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_disk_free),
		cmocka_unit_test(test_msgs_per_sec),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_message_text),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_json_and_command),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
