/* cmd_check.c: `kdeck check`: poll the cluster twice, read the message
 * rules' window, evaluate the config file's alert rules once and answer
 * as a monitoring plugin does (one line per alert, a summary, exit 0 OK,
 * 1 warning, 2 critical, 3 unknown). */
#include "config.h"

#include "cmd_check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_msg.h"
#include "alerts.h"
#include "clock.h"
#include "collector.h"
#include "events.h"
#include "front.h"
#include "json_text.h"
#include "options.h"
#include "security.h"
#include "termsafe.h"

#define CHECK_WINDOW_DEFAULT_MS 60000
#define CHECK_INTERVAL_DEFAULT_MS 1000

static const char check_usage[] =
	"Usage: kdeck check [-b HOST:PORT | --context NAME] [--config FILE]\n"
	"                   [--window DURATION] [-i SECONDS] [--json]\n"
	"\n"
	"Evaluate the alert rules of the config file ([alert NAME] sections, see\n"
	"doc/alerts.md) once: poll the cluster twice, -i apart (default 1 s), so\n"
	"that rates exist; read the topics of message rules from --window ago\n"
	"(default 60s) to their end.  Prints one line per alert firing, the worst\n"
	"first, then a summary; --json prints {\"status\": ..., \"alerts\": [...]}.\n"
	"\n"
	"  -b, --bootstrap HOST:PORT[,...]  brokers to bootstrap from (or KDECK_BOOTSTRAP)\n"
	"  -X KEY=VALUE                     connection property (repeatable)\n"
	"      --context NAME               a context of the config file\n"
	"      --config FILE                the config file (default ~/.config/kdeck/config)\n"
	"      --timeout SECONDS            per-request timeout (default 10)\n"
	"      --window DURATION            how far back message rules look (60s, 5m)\n"
	"  -i, --interval SECONDS           time between the two polls (default 1)\n"
	"      --json                       print JSON instead of text\n"
	"\n"
	"Exit status, as a monitoring plugin: 0 OK (no rule fires, or only info\n"
	"ones; also without any rule), 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the cluster\n"
	"cannot be reached, the config file is wrong, a message rule's topic cannot\n"
	"be read, bad usage).\n";

enum { OPT_WINDOW = 256 };

typedef struct check {
	kd_options o;
	kd_config *cfg;
	kd_secrets secrets;
	int64_t window_ms;
	bool json;
} check;

static const char *const status_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

/* UNKNOWN with one reason, in text or JSON. */
static int unknown(const check *c, const char *why)
{
	if (c->json) {
		json_t *j = json_object();
		char *text;

		json_object_set_new(j, "status", json_string("UNKNOWN"));
		json_object_set_new(j, "error", json_text(why));
		json_object_set_new(j, "alerts", json_array());
		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
		if (text)
			puts(text);
		free(text);
		json_decref(j);
	} else {
		printf("UNKNOWN: %s\n", term_str(why));
	}
	return CHECK_UNKNOWN;
}

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	check *c = ctx;

	switch (id) {
	case OPT_WINDOW:
		c->window_ms = alerts_parse_duration(arg);
		if (c->window_ms <= 0) {
			snprintf(err, errlen, "--window %s: expected a duration (60s, 5m, 1h)", arg);
			return -1;
		}
		return 0;
	case 'i':
		return options_set_interval(&c->o, arg, err, errlen);
	case 'h':
		fputs(check_usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

/* 0, -1 for --help, or CHECK_UNKNOWN (printed). */
static int setup(check *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"window", required_argument, NULL, OPT_WINDOW},
		{"interval", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kd_front f = { "kdeck check", longopts, "i:h", own_option, c };
	char err[1024];
	int next, rc;

	c->window_ms = CHECK_WINDOW_DEFAULT_MS;
	c->o.interval_ms = CHECK_INTERVAL_DEFAULT_MS;
	c->o.timeout_ms = 10000;
	rc = front_parse(&f, &c->o, argc, argv, &next, err, sizeof(err));
	c->json = c->o.json;
	if (rc == -1)
		return -1;
	if (rc)
		return unknown(c, err);
	if (next < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s' (see kdeck check --help)",
			 argv[next]);
		return unknown(c, err);
	}
	/* not front_setup: a rejected file is this command's answer, in
	 * one line, not a warning before going on without it */
	rc = config_setup(&c->o, &c->cfg, &c->secrets, err, sizeof(err));
	if (c->cfg && c->cfg->error) {
		snprintf(err, sizeof(err), "the config file is wrong: %s", c->cfg->error);
		return unknown(c, err);
	}
	if (rc) {
		secrets_redact(&c->secrets, err, sizeof(err));
		return unknown(c, err);
	}
	return 0;
}

static int severity_status(kd_severity s)
{
	return s == KD_SEV_CRITICAL ? CHECK_CRITICAL : s == KD_SEV_WARNING ? CHECK_WARNING
									  : CHECK_OK;
}

static void upper(char *dst, size_t len, const char *s)
{
	size_t i = 0;

	for (; s[i] && i + 1 < len; i++)
		dst[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
	dst[i] = '\0';
}

static int report(const check *c, const kd_alert *v, int n, kd_alert_msgs *msgs)
{
	int counts[3] = { 0, 0, 0 }, status = CHECK_OK, n_err;
	char errs[4096];

	for (int i = 0; i < n; i++) {
		counts[v[i].severity <= KD_SEV_CRITICAL ? v[i].severity : 0]++;
		if (severity_status(v[i].severity) > status)
			status = severity_status(v[i].severity);
	}
	n_err = alert_msgs_errors(msgs, errs, sizeof(errs));
	if (n_err && status == CHECK_OK)
		status = CHECK_UNKNOWN;
	if (c->json) {
		json_t *j = json_object(), *a = json_array(), *e = json_array();
		char *text;

		for (int i = 0; i < n; i++) {
			char *one = alerts_json(&v[i], false);
			json_t *o = json_loads(one, 0, NULL);
			free(one);
			if (o) {
				json_object_del(o, "state");
				json_array_append_new(a, o);
			}
		}
		for (char *line = n_err ? errs : NULL, *nl; line; line = nl) {
			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			json_array_append_new(e, json_text(line));
		}
		json_object_set_new(j, "status", json_string(status_names[status]));
		json_object_set_new(j, "critical", json_integer(counts[KD_SEV_CRITICAL]));
		json_object_set_new(j, "warning", json_integer(counts[KD_SEV_WARNING]));
		json_object_set_new(j, "info", json_integer(counts[KD_SEV_INFO]));
		json_object_set_new(j, "alerts", a);
		json_object_set_new(j, "errors", e);
		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
		if (text)
			puts(text);
		free(text);
		json_decref(j);
		return status;
	}
	for (int i = 0; i < n; i++) {
		char sev[16];
		upper(sev, sizeof(sev), events_severity_name(v[i].severity));
		printf("%s %s: %s\n", sev, term_str(v[i].rule), term_str(v[i].text));
	}
	for (char *line = n_err ? errs : NULL, *nl; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		printf("UNKNOWN %s\n", term_str(line));
	}
	printf("kdeck check: %d critical, %d warning", counts[KD_SEV_CRITICAL],
	       counts[KD_SEV_WARNING]);
	if (counts[KD_SEV_INFO])
		printf(", %d info", counts[KD_SEV_INFO]);
	if (n_err)
		printf(", %d unknown", n_err);
	printf("\n");
	return status;
}

/* Why a poll did not reach the cluster, for the UNKNOWN line. */
static void why_unreachable(const check *c, const kd_snapshot *s, char *buf, size_t len)
{
	const char *why = !s ? "no answer in time"
			: s->n_errors ? s->errors[s->n_errors - 1]
			: s->last_error ? s->last_error : "no answer";
	snprintf(buf, len, "cannot reach the cluster at %s: %s", c->o.bootstrap, why);
	secrets_redact(&c->secrets, buf, len);
}

static int run(check *c)
{
	kd_alert_rules *rules = alerts_from_config(c->cfg);
	const kd_snapshot *s1 = NULL, *s2 = NULL;
	kd_alert_msgs *msgs = NULL;
	kd_collector *col;
	char err[1024];
	int rc, wait_ms = 2 * c->o.timeout_ms + c->o.interval_ms + 5000;

	if (!rules)
		fprintf(stderr, "kdeck check: no alert rules in %s: only checking that the "
			"cluster answers\n", c->cfg && c->cfg->path ? term_str(c->cfg->path)
								: "the config file (there is none)");
	/* the collector evaluates nothing of the file's: the rules are ours */
	c->o.config = NULL;
	col = collector_new(&c->o, err, sizeof(err));
	if (!col) {
		secrets_redact(&c->secrets, err, sizeof(err));
		alerts_rules_free(rules);
		return unknown(c, err);
	}
	collector_start(col);
	if (collector_wait(col, 1, wait_ms) >= 1)
		s1 = collector_acquire(col);
	if (!s1 || !s1->connected) {
		why_unreachable(c, s1, err, sizeof(err));
		rc = unknown(c, err);
		goto out;
	}
	if (rules && rules->n_message) {
		int bound = c->window_ms > c->o.timeout_ms ? (int)(c->window_ms < 3600000 ?
								c->window_ms : 3600000)
							   : c->o.timeout_ms;
		msgs = alert_msgs_window(rules, &c->o, c->window_ms, bound);
	}
	if (collector_wait(col, 2, wait_ms) >= 2)
		s2 = collector_acquire(col);
	if (!s2 || !s2->connected) {
		why_unreachable(c, s2, err, sizeof(err));
		rc = unknown(c, err);
		goto out;
	}
	{
		kd_alert_state *st = alerts_state_new(rules);
		const kd_alert *v = NULL;
		kd_arena a;
		int n;

		arena_init(&a);
		n = alerts_eval_to(st, s2, s1, msgs, clock_wall_ms(), &a, &v, NULL, NULL);
		rc = report(c, v, n, msgs);
		arena_free(&a);
		alerts_state_free(st);
	}
out:
	if (s1)
		collector_release(col, s1);
	if (s2)
		collector_release(col, s2);
	collector_stop(col);
	collector_free(col);
	alert_msgs_stop(msgs);
	alerts_rules_free(rules);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	check c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = setup(&c, argc, argv);
	if (rc == 0) {
		security_protect_process(&c.o);
		rc = run(&c);
	} else if (rc < 0) {
		rc = CHECK_OK;
	}
	options_free(&c.o);
	config_free(c.cfg);
	secrets_free(&c.secrets);
	return rc;
}
