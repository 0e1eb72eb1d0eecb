/* alerts.c: alert rules, their evaluation and the alert command; see
 * alerts.h and doc/alerts.md. */
#include "config.h"

#include "alerts.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alert_msg.h"
#include "clock.h"
#include "config_file.h"
#include "events.h"
#include "groups_model.h"
#include "json_text.h"
#include "lag_eval.h"
#include "msgfilter.h"

/* ---- the kinds ---------------------------------------------------------- */

typedef enum arg_kind {
	ARG_NONE,                /* broker-down */
	ARG_COUNT,               /* > N, N a whole number */
	ARG_RATE,                /* > N, any number >= 0 */
	ARG_DURATION,            /* > 90s */
	ARG_PERCENT,             /* < 10% */
	ARG_STATUSES,            /* STALL,STOP */
	ARG_FILTER,              /* : FILTER */
} arg_kind;

/* What one evaluation collects: the alerts that hold now. */
typedef struct cand {
	int rule;
	const char *key;         /* the object, unique within the rule */
	const char *text;
	const char *topic, *group;
	int32_t partition, broker;
	int64_t since_ms;        /* 0: from the state (now when new) */
} cand;

typedef struct evalctx {
	const kd_snapshot *s, *prev;
	const kd_alert_rules *rules;
	int rule;                /* index of the rule being evaluated */
	kd_arena *tmp;
	cand *v;
	int n, cap;
} evalctx;

typedef void (*eval_fn)(evalctx *c, const kd_alert_rule *r);

static void eval_broker_down(evalctx *c, const kd_alert_rule *r);
static void eval_partitions(evalctx *c, const kd_alert_rule *r);
static void eval_controller(evalctx *c, const kd_alert_rule *r);
static void eval_group(evalctx *c, const kd_alert_rule *r);
static void eval_disk(evalctx *c, const kd_alert_rule *r);
static void eval_rate(evalctx *c, const kd_alert_rule *r);

/* One line per kind: the registry that parsing, scope checks and
 * evaluation go through.  Message rules are evaluated by alert_msg.c. */
static const struct kind_def {
	const char *name;
	arg_kind arg;
	unsigned scopes;
	eval_fn eval;
} kinds[ALERT_KIND_COUNT] = {
	[ALERT_BROKER_DOWN] = { "broker-down", ARG_NONE, ALERT_SCOPE_BROKER, eval_broker_down },
	[ALERT_UNDER_REPLICATED] = { "under-replicated", ARG_COUNT, ALERT_SCOPE_TOPIC, eval_partitions },
	[ALERT_OFFLINE] = { "offline", ARG_COUNT, ALERT_SCOPE_TOPIC, eval_partitions },
	[ALERT_UNDER_MIN_ISR] = { "under-min-isr", ARG_COUNT, ALERT_SCOPE_TOPIC, eval_partitions },
	[ALERT_CONTROLLER_CHANGED] = { "controller-changed", ARG_NONE, 0, eval_controller },
	[ALERT_GROUP_STATUS] = { "group-status", ARG_STATUSES, ALERT_SCOPE_GROUP, eval_group },
	[ALERT_LAG] = { "lag", ARG_COUNT, ALERT_SCOPE_GROUP, eval_group },
	[ALERT_TIME_LAG] = { "time-lag", ARG_DURATION, ALERT_SCOPE_GROUP, eval_group },
	[ALERT_DISK_FREE] = { "disk-free", ARG_PERCENT, ALERT_SCOPE_BROKER, eval_disk },
	[ALERT_MSGS_PER_SEC] = { "msgs-per-sec", ARG_RATE, ALERT_SCOPE_TOPIC, eval_rate },
	[ALERT_MESSAGE] = { "message", ARG_FILTER, ALERT_SCOPE_TOPIC | ALERT_SCOPE_HOLD, NULL },
};

static const char *const op_names[] = { ">", ">=", "<", "<=" };

const char *alerts_kind_name(kd_alert_kind k)
{
	return (unsigned)k < ALERT_KIND_COUNT ? kinds[k].name : "?";
}

unsigned alerts_kind_scopes(kd_alert_kind k)
{
	return (unsigned)k < ALERT_KIND_COUNT ? kinds[k].scopes : 0;
}

/* ---- parsing ------------------------------------------------------------ */

int64_t alerts_parse_duration(const char *text)
{
	static const struct { const char *unit; double ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }, { "d", 86400000 },
		{ "", 1000 },
	};
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || !(v >= 0) || text[0] == '-' || text[0] == '+')
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit)) {
			double ms = v * units[i].ms;
			return ms > 1e15 ? -1 : (int64_t)(ms + 0.5);
		}
	return -1;
}

static int fail(size_t *err_off, size_t off, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(size_t *err_off, size_t off, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	*err_off = off;
	return -1;
}

static size_t skip_space(const char *s, size_t i)
{
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

/* "> 4", ">= 2.5", "< 10%", "> 90s" */
static int parse_threshold(const char *text, size_t i, const struct kind_def *k,
			   kd_alert_rule *r, size_t *err_off, char *err, size_t errlen)
{
	char word[64];
	size_t start, n;
	char *end;
	double v;

	i = skip_space(text, i);
	if (text[i] == '>' || text[i] == '<') {
		bool eq = text[i + 1] == '=';
		r->op = text[i] == '>' ? (eq ? ALERT_GE : ALERT_GT) : (eq ? ALERT_LE : ALERT_LT);
		i += eq ? 2 : 1;
	} else {
		return fail(err_off, i, err, errlen, "%s: expected > N or < N after '%s'",
			    k->name, k->name);
	}
	i = skip_space(text, i);
	start = i;
	while (text[i] && text[i] != ' ' && text[i] != '\t')
		i++;
	n = i - start;
	if (n == 0)
		return fail(err_off, start, err, errlen, "%s: expected a %s after '%s'", k->name,
			    k->arg == ARG_DURATION ? "duration (90s, 5m)" :
			    k->arg == ARG_PERCENT ? "percentage (10%)" : "number", op_names[r->op]);
	snprintf(word, sizeof(word), "%.*s", (int)(n < sizeof(word) ? n : sizeof(word) - 1),
		 text + start);
	switch (k->arg) {
	case ARG_DURATION: {
		int64_t ms = alerts_parse_duration(word);
		if (ms < 0 || n >= sizeof(word))
			return fail(err_off, start, err, errlen, "%s: '%s' is not a duration "
				    "(90s, 5m, 1h, 500ms)", k->name, word);
		r->threshold = (double)ms;
		break;
	}
	case ARG_PERCENT:
		if (n > 1 && word[n - 1] == '%')
			word[n - 1] = '\0';
		errno = 0;
		v = strtod(word, &end);
		if (errno || end == word || *end || !(v >= 0 && v <= 100))
			return fail(err_off, start, err, errlen, "%s: expected a percentage "
				    "between 0 and 100 (10%%), not '%.*s'", k->name, (int)n, text + start);
		r->threshold = v;
		break;
	case ARG_COUNT:
		errno = 0;
		v = strtod(word, &end);
		if (errno || end == word || *end || !(v >= 0 && v < 9e18) || v != floor(v) ||
		    n >= sizeof(word))
			return fail(err_off, start, err, errlen, "%s: expected a whole number "
				    ">= 0, not '%.*s'", k->name, (int)n, text + start);
		r->threshold = v;
		break;
	default:
		errno = 0;
		v = strtod(word, &end);
		if (errno || end == word || *end || !(v >= 0 && v < 9e18) || n >= sizeof(word))
			return fail(err_off, start, err, errlen, "%s: expected a number >= 0, "
				    "not '%.*s'", k->name, (int)n, text + start);
		r->threshold = v;
		break;
	}
	if (text[skip_space(text, i)])
		return fail(err_off, skip_space(text, i), err, errlen,
			    "%s: unexpected '%s' after the threshold", k->name,
			    text + skip_space(text, i));
	return 0;
}

/* "STALL,STOP" (ERR: STALL, STOP and REWIND) */
static int parse_statuses(const char *text, size_t i, kd_alert_rule *r, size_t *err_off,
			  char *err, size_t errlen)
{
	r->statuses = 0;
	i = skip_space(text, i);
	if (!text[i])
		return fail(err_off, i, err, errlen, "group-status: expected statuses "
			    "(STALL, STOP, REWIND, WARN, ERR, ... separated by commas)");
	while (text[i]) {
		size_t start = skip_space(text, i), e = start;
		bool found = false;

		while (text[e] && text[e] != ',' && text[e] != ' ' && text[e] != '\t')
			e++;
		if (e == start)
			return fail(err_off, start, err, errlen, "group-status: expected a status");
		if (e - start == 3 && !strncasecmp(text + start, "ERR", 3)) {
			r->statuses |= 1u << LAG_ST_STALL | 1u << LAG_ST_STOP | 1u << LAG_ST_REWIND;
			found = true;
		}
		for (int s = 0; !found && s < LAG_STATUS_COUNT; s++) {
			const char *nm = lag_status_name((lag_status)s);
			if (strlen(nm) == e - start && !strncasecmp(nm, text + start, e - start)) {
				r->statuses |= 1u << s;
				found = true;
			}
		}
		if (!found)
			return fail(err_off, start, err, errlen, "group-status: unknown status "
				    "'%.*s' (OK, NEW, UNKNOWN, WARN, STALL, STOP, REWIND, ERR)",
				    (int)(e - start), text + start);
		i = skip_space(text, e);
		if (text[i] == ',')
			i++;
		else if (text[i])
			return fail(err_off, i, err, errlen, "group-status: expected ',' between "
				    "statuses");
	}
	return 0;
}

int alerts_parse_when(const char *text, kd_alert_rule *r, size_t *err_off,
		      char *err, size_t errlen)
{
	size_t i = skip_space(text, 0), start = i;
	const struct kind_def *k = NULL;

	while ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
	       text[i] == '-')
		i++;
	for (int j = 0; j < ALERT_KIND_COUNT; j++)
		if (strlen(kinds[j].name) == i - start &&
		    !strncmp(kinds[j].name, text + start, i - start)) {
			k = &kinds[j];
			r->kind = (kd_alert_kind)j;
		}
	if (!k)
		return fail(err_off, start, err, errlen, "when: unknown condition '%.*s' "
			    "(broker-down, under-replicated, offline, under-min-isr, "
			    "controller-changed, group-status, lag, time-lag, disk-free, "
			    "msgs-per-sec, message:)", (int)(i - start), text + start);
	switch (k->arg) {
	case ARG_NONE:
		i = skip_space(text, i);
		if (text[i])
			return fail(err_off, i, err, errlen, "%s takes nothing after it", k->name);
		return 0;
	case ARG_STATUSES:
		return parse_statuses(text, i, r, err_off, err, errlen);
	case ARG_FILTER: {
		msgfilter *f;
		int col = 0;
		char msg[200];

		i = skip_space(text, i);
		if (text[i] != ':')
			return fail(err_off, i, err, errlen, "message: expected ':' and a filter "
				    "(message: value.temperature > 80)");
		i = skip_space(text, i + 1);
		if (!text[i])
			return fail(err_off, i, err, errlen, "message: expected a filter after ':'");
		f = msgfilter_compile(text + i, &col, msg, sizeof(msg));
		if (!f) {
			/* msgfilter counts columns in characters, *err_off is bytes */
			size_t off = i;
			for (int c = 1; c < col && text[off]; c++) {
				off++;
				while (((unsigned char)text[off] & 0xC0) == 0x80)
					off++;
			}
			return fail(err_off, off, err, errlen, "message: %s", msg);
		}
		msgfilter_free(f);
		r->filter = text + i;
		return 0;
	}
	default:
		return parse_threshold(text, i, k, r, err_off, err, errlen);
	}
}

kd_alert_rules *alerts_from_config(const kd_config *cfg)
{
	kd_alert_rules *r;

	if (!cfg || !cfg->n_alerts)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	arena_init(&r->arena);
	r->bell = cfg->alerts_bell == 1;
	r->command = arena_strdup(&r->arena, cfg->alerts_command);
	r->v = arena_calloc(&r->arena, (size_t)cfg->n_alerts, sizeof(*r->v));
	for (int i = 0; i < cfg->n_alerts; i++) {
		const kd_config_alert *ca = &cfg->alerts[i];
		kd_alert_rule *rule = &r->v[r->n];
		char err[200];
		size_t off;
		const char *when = arena_strdup(&r->arena, ca->when.text);

		if (!when || alerts_parse_when(when, rule, &off, err, sizeof(err)))
			continue;       /* the file was checked: cannot happen */
		rule->name = arena_strdup(&r->arena, ca->name);
		rule->severity = KD_SEV_WARNING;
		if (ca->severity.text) {
			int sev = events_severity_from_name(ca->severity.text);
			if (sev >= 0)
				rule->severity = (kd_severity)sev;
		}
		rule->topic = arena_strdup(&r->arena, ca->topic.text);
		rule->group = arena_strdup(&r->arena, ca->group.text);
		rule->broker = ca->broker.text ? (int32_t)strtol(ca->broker.text, NULL, 10) : -1;
		rule->hold_ms = ca->hold.text ? alerts_parse_duration(ca->hold.text)
					      : ALERT_HOLD_DEFAULT_MS;
		if (rule->kind == ALERT_MESSAGE) {
			rule->compiled = msgfilter_compile(rule->filter, NULL, err, sizeof(err));
			if (!rule->compiled)
				continue;
			r->n_message++;
		}
		r->n++;
	}
	return r;
}

void alerts_rules_free(kd_alert_rules *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->n; i++)
		msgfilter_free(r->v[i].compiled);
	arena_free(&r->arena);
	free(r);
}

/* ---- evaluation --------------------------------------------------------- */

static bool compare(kd_alert_op op, double v, double t)
{
	switch (op) {
	case ALERT_GT: return v > t;
	case ALERT_GE: return v >= t;
	case ALERT_LT: return v < t;
	case ALERT_LE: return v <= t;
	}
	return false;
}

static cand *add(evalctx *c, const char *key, const char *text)
{
	cand *x;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = realloc(c->v, (size_t)c->cap * sizeof(*c->v));
		if (!c->v)
			abort();
	}
	x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	x->rule = c->rule;
	x->key = arena_strdup(c->tmp, key);
	x->text = arena_strdup(c->tmp, text);
	x->partition = -1;
	x->broker = -1;
	return x;
}

/* A topic the rule's scope takes: its glob, else every topic but the
 * internal ones (a glob may name those: topic = __consumer_offsets). */
static bool topic_in_scope(const kd_alert_rule *r, const kd_topic *t)
{
	if (r->topic)
		return fnmatch(r->topic, t->name, 0) == 0;
	return !t->internal;
}

static void fmt_num(char *buf, size_t len, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 10)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2g", v);
}

/* 90000 -> "1m30s", 500 -> "0.5s" */
static void fmt_duration(char *buf, size_t len, double ms)
{
	int64_t s = (int64_t)(ms / 1000);

	if (ms < 1000)
		snprintf(buf, len, "%.1fs", ms / 1000);
	else if (s < 60)
		snprintf(buf, len, "%" PRId64 "s", s);
	else if (s < 3600 && s % 60)
		snprintf(buf, len, "%" PRId64 "m%" PRId64 "s", s / 60, s % 60);
	else if (s < 3600)
		snprintf(buf, len, "%" PRId64 "m", s / 60);
	else
		snprintf(buf, len, "%" PRId64 "h%" PRId64 "m", s / 3600, s / 60 % 60);
}

static void eval_broker_down(evalctx *c, const kd_alert_rule *r)
{
	for (int i = 0; i < c->s->n_brokers; i++) {
		const kd_broker *b = &c->s->brokers[i];
		char key[32], text[64];
		cand *x;

		if (b->up || (r->broker >= 0 && b->id != r->broker))
			continue;
		snprintf(key, sizeof(key), "b%d", (int)b->id);
		snprintf(text, sizeof(text), "broker %d down", (int)b->id);
		x = add(c, key, text);
		x->broker = b->id;
	}
}

static int partition_count(const kd_alert_rule *r, const kd_topic *t, const kd_snapshot *s)
{
	switch (r->kind) {
	case ALERT_UNDER_REPLICATED: return t ? t->under_replicated : s->under_replicated;
	case ALERT_OFFLINE: return t ? t->offline : s->offline;
	default: return t ? t->under_min_isr : s->under_min_isr;
	}
}

/* Under-replicated, offline, under-min-isr: the cluster's count, or each
 * topic's in a topic scope. */
static void eval_partitions(evalctx *c, const kd_alert_rule *r)
{
	char text[512], th[32];

	fmt_num(th, sizeof(th), r->threshold);
	if (!r->topic) {
		int n = partition_count(r, NULL, c->s);
		if (compare(r->op, n, r->threshold)) {
			snprintf(text, sizeof(text), "%s %d %s %s", kinds[r->kind].name, n,
				 op_names[r->op], th);
			add(c, "", text);
		}
		return;
	}
	for (int i = 0; i < c->s->n_topics; i++) {
		const kd_topic *t = &c->s->topics[i];
		int n;

		if (!topic_in_scope(r, t))
			continue;
		n = partition_count(r, t, c->s);
		if (!compare(r->op, n, r->threshold))
			continue;
		snprintf(text, sizeof(text), "%.300s: %s %d %s %s", t->name, kinds[r->kind].name, n,
			 op_names[r->op], th);
		add(c, t->name, text)->topic = arena_strdup(c->tmp, t->name);
	}
}

/* Fires for the poll that saw a new controller (both known). */
static void eval_controller(evalctx *c, const kd_alert_rule *r)
{
	char text[64];

	(void)r;
	if (!c->prev || !c->prev->connected || c->prev->controller_id < 0 ||
	    c->s->controller_id < 0 || c->prev->controller_id == c->s->controller_id)
		return;
	snprintf(text, sizeof(text), "controller %d -> %d", (int)c->prev->controller_id,
		 (int)c->s->controller_id);
	add(c, "", text)->broker = c->s->controller_id;
}

/* group-status, lag and time-lag: per group, from its evaluation
 * (lag_eval.h).  time-lag is the group's lag_s: its largest partition's
 * lag divided by that partition's produce rate. */
static void eval_group(evalctx *c, const kd_alert_rule *r)
{
	const kd_groups *gs = c->s->groups;
	char text[512], a[32], b[32];

	for (int i = 0; gs && i < gs->n_groups; i++) {
		const kd_group *g = &gs->groups[i];

		if (r->group && fnmatch(r->group, g->id, 0))
			continue;
		switch (r->kind) {
		case ALERT_GROUP_STATUS:
			if ((unsigned)g->eval.status >= LAG_STATUS_COUNT ||
			    !(r->statuses & 1u << g->eval.status))
				continue;
			snprintf(text, sizeof(text), "group %.300s %s", g->id,
				 lag_status_name(g->eval.status));
			break;
		case ALERT_LAG:
			if (g->eval.lag < 0 || !compare(r->op, (double)g->eval.lag, r->threshold))
				continue;
			fmt_num(b, sizeof(b), r->threshold);
			snprintf(text, sizeof(text), "group %.300s lag %" PRId64 " %s %s", g->id,
				 g->eval.lag, op_names[r->op], b);
			break;
		default:
			if (g->eval.lag_s < 0 || !compare(r->op, g->eval.lag_s * 1000, r->threshold))
				continue;
			fmt_duration(a, sizeof(a), g->eval.lag_s * 1000);
			fmt_duration(b, sizeof(b), r->threshold);
			snprintf(text, sizeof(text), "group %.300s time lag %s %s %s", g->id, a,
				 op_names[r->op], b);
			break;
		}
		add(c, g->id, text)->group = arena_strdup(c->tmp, g->id);
	}
}

static void eval_disk(evalctx *c, const kd_alert_rule *r)
{
	for (int i = 0; i < c->s->n_brokers; i++) {
		const kd_broker *b = &c->s->brokers[i];
		char key[32], text[128], pct[32], th[32];
		double free_pct;

		if ((r->broker >= 0 && b->id != r->broker) || b->disk_total <= 0 ||
		    b->disk_usable < 0)
			continue;
		free_pct = (double)b->disk_usable * 100.0 / (double)b->disk_total;
		if (!compare(r->op, free_pct, r->threshold))
			continue;
		fmt_num(pct, sizeof(pct), free_pct);
		fmt_num(th, sizeof(th), r->threshold);
		snprintf(key, sizeof(key), "b%d", (int)b->id);
		snprintf(text, sizeof(text), "broker %d disk free %s%% %s %s%%", (int)b->id, pct,
			 op_names[r->op], th);
		add(c, key, text)->broker = b->id;
	}
}

static void eval_rate(evalctx *c, const kd_alert_rule *r)
{
	for (int i = 0; i < c->s->n_topics; i++) {
		const kd_topic *t = &c->s->topics[i];
		char text[512], v[32], th[32];

		if (!topic_in_scope(r, t) || t->msgs_rate < 0 ||
		    !compare(r->op, t->msgs_rate, r->threshold))
			continue;
		fmt_num(v, sizeof(v), t->msgs_rate);
		fmt_num(th, sizeof(th), r->threshold);
		snprintf(text, sizeof(text), "%.300s: %s msgs/s %s %s", t->name, v, op_names[r->op], th);
		add(c, t->name, text)->topic = arena_strdup(c->tmp, t->name);
	}
}

/* ---- state -------------------------------------------------------------- */

typedef struct firing {
	int rule;
	char *key;
	int64_t since_ms;
	kd_alert a;              /* strings malloc'd (rule: the rules') */
} firing;

struct kd_alert_state {
	const kd_alert_rules *rules;
	firing *v;
	int n;
};

kd_alert_state *alerts_state_new(const kd_alert_rules *r)
{
	kd_alert_state *st = calloc(1, sizeof(*st));

	if (!st)
		abort();
	st->rules = r;
	return st;
}


static void firing_clear(firing *f)
{
	free(f->key);
	free((char *)f->a.text);
	free((char *)f->a.topic);
	free((char *)f->a.group);
}

void alerts_state_free(kd_alert_state *st)
{
	if (!st)
		return;
	for (int i = 0; i < st->n; i++)
		firing_clear(&st->v[i]);
	free(st->v);
	free(st);
}

static void emit_event(const kd_alert_rules *rules, const firing *f, bool fired, int64_t now,
		       alerts_emit_fn emit, void *ctx)
{
	char text[1200];
	kd_event e;

	if (!emit)
		return;
	memset(&e, 0, sizeof(e));
	e.ms = now;
	e.kind = fired ? KD_EV_ALERT_FIRED : KD_EV_ALERT_RESOLVED;
	e.severity = fired ? f->a.severity : KD_SEV_INFO;
	e.topic = f->a.topic;
	e.partition = f->a.partition;
	e.broker = f->a.broker;
	e.group = f->a.group;
	if (fired)
		snprintf(text, sizeof(text), "alert %s (%s): %s", rules->v[f->rule].name,
			 events_severity_name(f->a.severity), f->a.text);
	else
		snprintf(text, sizeof(text), "alert %s resolved: %s", rules->v[f->rule].name,
			 f->a.text);
	e.text = text;
	emit(ctx, &e, &f->a);
}

static int cmp_firing(const void *pa, const void *pb)
{
	const firing *a = pa, *b = pb;

	if (a->a.severity != b->a.severity)
		return a->a.severity > b->a.severity ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if (a->since_ms != b->since_ms)
		return a->since_ms < b->since_ms ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int find_firing(const kd_alert_state *st, int rule, const char *key)
{
	for (int i = 0; i < st->n; i++)
		if (st->v[i].rule == rule && !strcmp(st->v[i].key, key))
			return i;
	return -1;
}

/* The state's alerts into a, in their order. */
static int state_out(const kd_alert_state *st, kd_arena *a, const kd_alert **out)
{
	kd_alert *v = st->n ? arena_calloc(a, (size_t)st->n, sizeof(*v)) : NULL;

	for (int i = 0; i < st->n; i++) {
		v[i] = st->v[i].a;
		v[i].rule = arena_strdup(a, st->v[i].a.rule);
		v[i].text = arena_strdup(a, st->v[i].a.text);
		v[i].topic = arena_strdup(a, st->v[i].a.topic);
		v[i].group = arena_strdup(a, st->v[i].a.group);
	}
	*out = v;
	return st->n;
}

int alerts_eval_to(kd_alert_state *st, const kd_snapshot *s, const kd_snapshot *prev,
		   kd_alert_msgs *msgs, int64_t now_ms, kd_arena *a,
		   const kd_alert **out, alerts_emit_fn emit, void *ctx)
{
	const kd_alert_rules *rules = st->rules;
	evalctx c;
	kd_arena tmp;
	firing *nv;
	int nn = 0;

	*out = NULL;
	if (!rules || !rules->n)
		return 0;
	/* not reaching the cluster: its figures are stale, nothing changes */
	if (!s->connected)
		return state_out(st, a, out);
	memset(&c, 0, sizeof(c));
	arena_init(&tmp);
	c.s = s;
	c.prev = prev;
	c.rules = rules;
	c.tmp = &tmp;
	for (int i = 0; i < rules->n; i++) {
		c.rule = i;
		if (kinds[rules->v[i].kind].eval)
			kinds[rules->v[i].kind].eval(&c, &rules->v[i]);
	}
	if (msgs) {
		kd_alert *m = NULL;
		int n = alert_msgs_collect(msgs, now_ms, &tmp, &m);
		for (int i = 0; i < n; i++) {
			cand *x;
			int rule = -1;

			for (int j = 0; j < rules->n && rule < 0; j++)
				if (m[i].rule && !strcmp(rules->v[j].name, m[i].rule))
					rule = j;
			if (rule < 0)
				continue;
			/* a message is one alert: its text starts with its
			 * topic, partition and offset */
			c.rule = rule;
			x = add(&c, m[i].text, m[i].text);
			x->topic = m[i].topic;
			x->partition = m[i].partition;
			x->since_ms = m[i].since_ms;
		}
	}

	nv = c.n ? calloc((size_t)c.n, sizeof(*nv)) : NULL;
	if (c.n && !nv)
		abort();
	for (int i = 0; i < c.n; i++) {
		const cand *x = &c.v[i];
		const kd_alert_rule *r = &rules->v[x->rule];
		firing *f = &nv[nn];
		int old;

		/* one alert per object: a duplicate key is the same alert */
		bool dup = false;
		for (int j = 0; j < nn && !dup; j++)
			dup = nv[j].rule == x->rule && !strcmp(nv[j].key, x->key);
		if (dup)
			continue;
		nn++;
		old = find_firing(st, x->rule, x->key);
		f->rule = x->rule;
		f->key = kd_strdup(x->key);
		f->since_ms = old >= 0 ? st->v[old].since_ms : x->since_ms ? x->since_ms : now_ms;
		f->a.rule = r->name;
		f->a.severity = r->severity;
		f->a.since_ms = f->since_ms;
		f->a.text = kd_strdup(x->text);
		f->a.topic = kd_strdup(x->topic);
		f->a.group = kd_strdup(x->group);
		f->a.partition = x->partition;
		f->a.broker = x->broker;
		if (old < 0)
			emit_event(rules, f, true, now_ms, emit, ctx);
	}
	for (int i = 0; i < st->n; i++) {
		bool still = false;
		for (int j = 0; j < nn && !still; j++)
			still = nv[j].rule == st->v[i].rule && !strcmp(nv[j].key, st->v[i].key);
		if (!still)
			emit_event(rules, &st->v[i], false, now_ms, emit, ctx);
		firing_clear(&st->v[i]);
	}
	free(st->v);
	st->v = nv;
	st->n = nn;
	if (nn > 1)
		qsort(st->v, (size_t)nn, sizeof(*st->v), cmp_firing);
	free(c.v);
	arena_free(&tmp);
	return state_out(st, a, out);
}

void alerts_eval(kd_alert_state *st, kd_snapshot *s, const kd_snapshot *prev,
		 kd_alert_msgs *msgs, alerts_emit_fn emit, void *ctx)
{
	const kd_alert *out = NULL;
	int64_t now = s->taken_ms > 0 ? s->taken_ms : clock_wall_ms();

	s->n_alerts = alerts_eval_to(st, s, prev, msgs, now, &s->arena, &out, emit, ctx);
	s->alerts = out;
}

/* ---- the command -------------------------------------------------------- */

char *alerts_json(const kd_alert *a, bool resolved)
{
	json_t *j = json_object();
	char *text;

	json_object_set_new(j, "rule", json_text(a->rule));
	json_object_set_new(j, "severity", json_string(events_severity_name(a->severity)));
	json_object_set_new(j, "state", json_string(resolved ? "resolved" : "firing"));
	json_object_set_new(j, "since_ms", json_integer(a->since_ms));
	json_object_set_new(j, "text", json_text(a->text));
	json_object_set_new(j, "topic", json_text(a->topic));
	json_object_set_new(j, "partition", a->partition >= 0 ? json_integer(a->partition)
							      : json_null());
	json_object_set_new(j, "broker", a->broker >= 0 ? json_integer(a->broker) : json_null());
	json_object_set_new(j, "group", json_text(a->group));
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(j);
	if (!text)
		abort();
	return text;
}

/* In the grandchild: nothing of kdeck's stays open but stdin (the
 * alert); stdout and stderr are /dev/null, as the dashboard's terminal
 * belongs to curses. */
static void close_others(void)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
#endif
	for (int fd = 3; fd < 4096; fd++)
		close(fd);
}

int alerts_run_command(const kd_alert_rules *r, const kd_alert *a, char *err, size_t errlen)
{
	int p[2];
	char *json;
	size_t len;
	pid_t pid;
	int status;

	if (!r || !r->command || !*r->command)
		return 0;
	json = alerts_json(a, false);
	len = strlen(json);
	json = realloc(json, len + 2);
	if (!json)
		abort();
	json[len++] = '\n';
	json[len] = '\0';
	if (pipe2(p, O_CLOEXEC)) {
		snprintf(err, errlen, "alert command: pipe: %s", strerror(errno));
		free(json);
		return -1;
	}
	/* The alert is far below the pipe's capacity: written before the
	 * command starts, never waiting for it to read. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	if (write(p[1], json, len) != (ssize_t)len) {
		snprintf(err, errlen, "alert command: cannot pass the alert");
		close(p[0]);
		close(p[1]);
		free(json);
		return -1;
	}
	close(p[1]);
	free(json);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "alert command: fork: %s", strerror(errno));
		close(p[0]);
		return -1;
	}
	if (pid == 0) {
		/* the child only forks the command and ends, so the caller
		 * reaps it at once and the command is init's to reap */
		if (fork() == 0) {
			int devnull = open("/dev/null", O_WRONLY);
			dup2(p[0], 0);
			if (devnull >= 0) {
				dup2(devnull, 1);
				dup2(devnull, 2);
			}
			close_others();
			setsid();
			execl(r->command, r->command, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return 0;
}
