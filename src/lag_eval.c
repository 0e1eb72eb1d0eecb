/*
 * lag_eval.c: sliding windows of consumer offsets and the rules that turn
 * them into a status, a time to catch up and a lag trend.
 * The rules are described in doc/lag-evaluation.md.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lag_eval.h"

/* One poll.  Offsets are LAG_UNKNOWN when that poll could not read them;
 * the lag is derived, not stored, to keep a partition small. */
typedef struct lag_slot {
	int64_t t_ms;
	int64_t committed;
	int64_t hw;
} lag_slot;

struct lag_window {
	int64_t last_change_ms;  /* LAG_UNKNOWN until a committed offset is known */
	int64_t last_committed;  /* newest known committed offset, survives the ring */
	uint16_t cap, head, count, pad_;
	lag_slot slot[];         /* cap entries; head is the next one written */
};

/* ---- statuses ------------------------------------------------------------- */

static const char *const status_names[LAG_STATUS_COUNT] = {
	[LAG_ST_OK] = "OK",
	[LAG_ST_NEW] = "NEW",
	[LAG_ST_UNKNOWN] = "UNKNOWN",
	[LAG_ST_WARN] = "WARN",
	[LAG_ST_STALL] = "STALL",
	[LAG_ST_STOP] = "STOP",
	[LAG_ST_REWIND] = "REWIND",
};

const char *lag_status_name(lag_status s)
{
	if ((int)s < 0 || s >= LAG_STATUS_COUNT)
		return "?";
	return status_names[s];
}

lag_severity lag_status_severity(lag_status s)
{
	switch (s) {
	case LAG_ST_OK:
		return LAG_SEV_OK;
	case LAG_ST_WARN:
		return LAG_SEV_WARN;
	case LAG_ST_STALL:
	case LAG_ST_STOP:
	case LAG_ST_REWIND:
		return LAG_SEV_ERR;
	case LAG_ST_NEW:
	case LAG_ST_UNKNOWN:
	default:
		return LAG_SEV_UNKNOWN;
	}
}

const char *lag_severity_name(lag_severity s)
{
	switch (s) {
	case LAG_SEV_OK:
		return "OK";
	case LAG_SEV_WARN:
		return "WARN";
	case LAG_SEV_ERR:
		return "ERR";
	case LAG_SEV_UNKNOWN:
	default:
		return "UNKNOWN";
	}
}

lag_status lag_status_worst(lag_status a, lag_status b)
{
	return a > b ? a : b;
}

/* ---- configuration -------------------------------------------------------- */

void lag_config_default(lag_config *c)
{
	c->window = LAG_WINDOW_DEFAULT;
	c->allowed = 0;
	c->rules = LAG_RULE_ALL;
	c->min_samples = 0;
	c->stop_min_ms = 0;
}

/* Parse a whole decimal integer within [lo, hi]; the message names the key
 * so a typo in a long -X list is easy to find. */
static int parse_int(const char *key, const char *v, int64_t lo, int64_t hi,
                     int64_t *out, char *err, size_t errlen)
{
	char *end;
	long long n;

	if (*v == '\0') {
		snprintf(err, errlen, "%s: empty value", key);
		return -1;
	}
	if (!isdigit((unsigned char)*v) && *v != '-' && *v != '+') {
		snprintf(err, errlen, "%s: '%s' is not a number", key, v);
		return -1;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end != '\0') {
		snprintf(err, errlen, "%s: '%s' is not a number", key, v);
		return -1;
	}
	if (errno == ERANGE || n < lo || n > hi) {
		if (hi == INT64_MAX)
			snprintf(err, errlen, "%s: '%s' is out of range (%" PRId64 " or more)",
			         key, v, lo);
		else
			snprintf(err, errlen, "%s: '%s' is out of range (%" PRId64 "..%" PRId64 ")",
			         key, v, lo, hi);
		return -1;
	}
	*out = n;
	return 0;
}

static const struct {
	const char *name;
	unsigned bits;
} rule_names[] = {
	{ "stop", LAG_RULE_STOP },
	{ "rewind", LAG_RULE_REWIND },
	{ "stall", LAG_RULE_STALL },
	{ "warn", LAG_RULE_WARN },
	{ "all", LAG_RULE_ALL },
	{ "none", 0 },
};

/* "stop,rewind" -> bits.  Names are case-insensitive, blanks around them
 * are ignored, an empty item is an error. */
static int parse_rules(const char *key, const char *v, unsigned *out,
                       char *err, size_t errlen)
{
	unsigned bits = 0;
	const char *p = v;

	if (*v == '\0') {
		snprintf(err, errlen, "%s: empty value (use 'none' to turn every rule off)", key);
		return -1;
	}
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t i;
		bool found = false;

		while (len > 0 && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len == 0) {
			snprintf(err, errlen, "%s: empty rule name in '%s'", key, v);
			return -1;
		}
		for (i = 0; i < sizeof rule_names / sizeof rule_names[0]; i++) {
			if (strlen(rule_names[i].name) == len &&
			    strncasecmp(rule_names[i].name, p, len) == 0) {
				bits |= rule_names[i].bits;
				found = true;
				break;
			}
		}
		if (!found) {
			snprintf(err, errlen,
			         "%s: unknown rule '%.*s' (known: stop, rewind, stall, warn, all, none)",
			         key, (int)len, p);
			return -1;
		}
		if (!e)
			break;
		p = e + 1;
	}
	*out = bits;
	return 0;
}

int lag_config_set_kv(lag_config *c, const char *key, const char *value,
                      char *err, size_t errlen)
{
	int64_t n;

	if (!key || !value) {
		snprintf(err, errlen, "lag config: missing key or value");
		return -1;
	}
	if (strcmp(key, "lag.window") == 0) {
		if (parse_int(key, value, LAG_WINDOW_MIN, LAG_WINDOW_MAX, &n, err, errlen) < 0)
			return -1;
		c->window = (int)n;
	} else if (strcmp(key, "lag.allowed") == 0) {
		if (parse_int(key, value, 0, INT64_MAX, &n, err, errlen) < 0)
			return -1;
		c->allowed = n;
	} else if (strcmp(key, "lag.rules") == 0) {
		unsigned bits;

		if (parse_rules(key, value, &bits, err, errlen) < 0)
			return -1;
		c->rules = bits;
	} else if (strcmp(key, "lag.min_samples") == 0) {
		if (parse_int(key, value, 0, LAG_WINDOW_MAX, &n, err, errlen) < 0)
			return -1;
		if (n == 1) {
			snprintf(err, errlen, "%s: '%s' is out of range (0 = full window, or 2..%d)",
			         key, value, LAG_WINDOW_MAX);
			return -1;
		}
		c->min_samples = (int)n;
	} else if (strcmp(key, "lag.stop_min_ms") == 0) {
		if (parse_int(key, value, 0, INT64_MAX, &n, err, errlen) < 0)
			return -1;
		c->stop_min_ms = n;
	} else {
		snprintf(err, errlen,
		         "%s: unknown key (known: lag.window, lag.allowed, lag.rules, "
		         "lag.min_samples, lag.stop_min_ms)", key);
		return -1;
	}
	return 0;
}

int lag_config_set(lag_config *c, const char *kv, char *err, size_t errlen)
{
	char key[64], value[256];
	const char *eq, *k0, *k1, *v0, *v1;

	if (!kv) {
		snprintf(err, errlen, "lag config: missing key=value");
		return -1;
	}
	eq = strchr(kv, '=');
	if (!eq) {
		snprintf(err, errlen, "%s: expected key=value", kv);
		return -1;
	}
	k0 = kv;
	k1 = eq;
	while (k0 < k1 && isspace((unsigned char)*k0))
		k0++;
	while (k1 > k0 && isspace((unsigned char)k1[-1]))
		k1--;
	v0 = eq + 1;
	v1 = v0 + strlen(v0);
	while (v0 < v1 && isspace((unsigned char)*v0))
		v0++;
	while (v1 > v0 && isspace((unsigned char)v1[-1]))
		v1--;
	if (k1 == k0) {
		snprintf(err, errlen, "'%s': empty key", kv);
		return -1;
	}
	if ((size_t)(k1 - k0) >= sizeof key) {
		snprintf(err, errlen, "%.*s...: unknown key (too long)", 32, k0);
		return -1;
	}
	memcpy(key, k0, (size_t)(k1 - k0));
	key[k1 - k0] = '\0';
	if ((size_t)(v1 - v0) >= sizeof value) {
		snprintf(err, errlen, "%s: value too long", key);
		return -1;
	}
	memcpy(value, v0, (size_t)(v1 - v0));
	value[v1 - v0] = '\0';
	return lag_config_set_kv(c, key, value, err, errlen);
}

/* ---- window ----------------------------------------------------------------- */

size_t lag_window_bytes(int n)
{
	if (n < LAG_WINDOW_MIN || n > LAG_WINDOW_MAX)
		return 0;
	return sizeof(lag_window) + (size_t)n * sizeof(lag_slot);
}

lag_window *lag_window_init(void *mem, int n)
{
	lag_window *w = mem;

	if (!mem || lag_window_bytes(n) == 0)
		return NULL;
	w->cap = (uint16_t)n;
	lag_window_clear(w);
	return w;
}

lag_window *lag_window_new(int n)
{
	size_t bytes = lag_window_bytes(n);
	void *mem;

	if (bytes == 0)
		return NULL;
	mem = malloc(bytes);
	if (!mem)
		return NULL;
	return lag_window_init(mem, n);
}

void lag_window_free(lag_window *w)
{
	free(w);
}

void lag_window_clear(lag_window *w)
{
	w->last_change_ms = LAG_UNKNOWN;
	w->last_committed = LAG_UNKNOWN;
	w->head = 0;
	w->count = 0;
	w->pad_ = 0;
}

int lag_window_capacity(const lag_window *w)
{
	return w->cap;
}

int lag_window_count(const lag_window *w)
{
	return w->count;
}

/* Slot i counted from the oldest; i must be < count. */
static const lag_slot *slot_at(const lag_window *w, int i)
{
	int oldest = (w->head + w->cap - w->count) % w->cap;

	return &w->slot[(oldest + i) % w->cap];
}

static int64_t slot_lag(const lag_slot *s)
{
	if (s->committed < 0 || s->hw < 0)
		return LAG_UNKNOWN;
	return s->hw > s->committed ? s->hw - s->committed : 0;
}

bool lag_window_get(const lag_window *w, int i, lag_obs *out)
{
	const lag_slot *s;

	if (i < 0 || i >= w->count)
		return false;
	s = slot_at(w, i);
	out->t_ms = s->t_ms;
	out->committed = s->committed;
	out->hw = s->hw;
	out->lag = slot_lag(s);
	return true;
}

int64_t lag_window_last_change_ms(const lag_window *w)
{
	return w->last_change_ms;
}

int lag_window_push(lag_window *w, int64_t now_ms, int64_t committed, int64_t hw)
{
	lag_slot *s;

	if (now_ms < 0)
		return -1;
	if (w->count > 0 && now_ms < slot_at(w, w->count - 1)->t_ms)
		return -1;
	if (committed < 0)
		committed = LAG_UNKNOWN;
	if (hw < 0)
		hw = LAG_UNKNOWN;

	s = &w->slot[w->head];
	s->t_ms = now_ms;
	s->committed = committed;
	s->hw = hw;
	w->head = (uint16_t)((w->head + 1) % w->cap);
	if (w->count < w->cap)
		w->count++;

	/* We cannot know when the offset changed before we first saw it, so
	 * the first known offset starts the clock. */
	if (committed >= 0 && committed != w->last_committed) {
		w->last_change_ms = now_ms;
		w->last_committed = committed;
	}
	return 0;
}

/* ---- evaluation ------------------------------------------------------------- */

double lag_eta_seconds(int64_t lag, double consume_rate, double produce_rate)
{
	if (lag < 0)
		return LAG_ETA_UNKNOWN;
	if (lag == 0)
		return 0.0;
	if (consume_rate < 0 || produce_rate < 0)
		return LAG_ETA_UNKNOWN;
	if (consume_rate <= produce_rate)
		return LAG_ETA_NEVER;
	return (double)lag / (consume_rate - produce_rate);
}

/* What one pass over the window learns; the rules only read this. */
typedef struct window_facts {
	int nc, nh, nl;          /* polls with a known committed / hw / lag */
	int64_t tc_first, tc_last, th_first, th_last;
	double consumed, produced;   /* sums of forward steps */
	bool rewound;            /* committed went backwards between known polls */
	bool offset_moved;       /* committed differs somewhere in the window */
	bool caught_up;          /* some known lag <= allowed */
	bool lag_decreased, lag_increased;
	int64_t cur_lag, cur_committed, cur_hw;
} window_facts;

static void gather(const lag_window *w, int64_t allowed, window_facts *f)
{
	int64_t prev_c = LAG_UNKNOWN, prev_h = LAG_UNKNOWN, prev_l = LAG_UNKNOWN;
	int i;

	memset(f, 0, sizeof *f);
	f->cur_lag = f->cur_committed = f->cur_hw = LAG_UNKNOWN;
	for (i = 0; i < w->count; i++) {
		const lag_slot *s = slot_at(w, i);
		int64_t l = slot_lag(s);

		if (s->committed >= 0) {
			if (f->nc++ == 0)
				f->tc_first = s->t_ms;
			f->tc_last = s->t_ms;
			if (prev_c >= 0) {
				if (s->committed < prev_c)
					f->rewound = true;
				else
					f->consumed += (double)(s->committed - prev_c);
				if (s->committed != prev_c)
					f->offset_moved = true;
			}
			prev_c = f->cur_committed = s->committed;
		}
		if (s->hw >= 0) {
			if (f->nh++ == 0)
				f->th_first = s->t_ms;
			f->th_last = s->t_ms;
			if (prev_h >= 0 && s->hw > prev_h)
				f->produced += (double)(s->hw - prev_h);
			prev_h = f->cur_hw = s->hw;
		}
		if (l >= 0) {
			f->nl++;
			if (l <= allowed)
				f->caught_up = true;
			if (prev_l >= 0) {
				if (l < prev_l)
					f->lag_decreased = true;
				else if (l > prev_l)
					f->lag_increased = true;
			}
			prev_l = f->cur_lag = l;
		}
	}
}

/* Messages per second from the forward steps between the first and the
 * last known poll; unknown with fewer than two polls or no time between. */
static double rate(int n, double sum, int64_t t0, int64_t t1)
{
	if (n < 2 || t1 <= t0)
		return LAG_UNKNOWN;
	return sum * 1000.0 / (double)(t1 - t0);
}

/* The rules in precedence order; see doc/lag-evaluation.md. */
static lag_status judge(const lag_window *w, const lag_config *c,
                        const window_facts *f)
{
	int need = c->min_samples > 0 && c->min_samples < w->cap ? c->min_samples : w->cap;

	if (f->nl == 0)
		return LAG_ST_UNKNOWN;
	if (f->cur_lag <= c->allowed)
		return LAG_ST_OK;
	if ((c->rules & LAG_RULE_REWIND) && f->rewound)
		return LAG_ST_REWIND;
	/* STOP: the offset last changed before the oldest known poll of the
	 * window, i.e. it has been frozen for longer than the window spans, and
	 * the consumer was never caught up in the window (with nothing to read
	 * a consumer has nothing to commit). */
	if ((c->rules & LAG_RULE_STOP) && !f->caught_up &&
	    w->last_change_ms >= 0 && w->last_change_ms < f->tc_first &&
	    f->tc_last - w->last_change_ms >= c->stop_min_ms)
		return LAG_ST_STOP;
	if (f->caught_up)
		return LAG_ST_OK;
	if ((c->rules & LAG_RULE_STALL) && f->nc >= need && !f->offset_moved)
		return LAG_ST_STALL;
	if ((c->rules & LAG_RULE_WARN) && f->nl >= need &&
	    !f->lag_decreased && f->lag_increased)
		return LAG_ST_WARN;
	if (((c->rules & LAG_RULE_STALL) && f->nc < need) ||
	    ((c->rules & LAG_RULE_WARN) && f->nl < need))
		return LAG_ST_NEW;
	return LAG_ST_OK;
}

lag_status lag_window_eval(const lag_window *w, const lag_config *c,
                           lag_part_result *out)
{
	window_facts f;

	gather(w, c->allowed, &f);
	memset(out, 0, sizeof *out);
	out->lag = f.cur_lag;
	out->committed = f.cur_committed;
	out->hw = f.cur_hw;
	out->n_known = f.nl;
	out->last_change_ms = w->last_change_ms;
	out->since_change_ms = (w->last_change_ms >= 0 && f.nc > 0)
	                       ? f.tc_last - w->last_change_ms : LAG_UNKNOWN;
	out->consume_rate = rate(f.nc, f.consumed, f.tc_first, f.tc_last);
	out->produce_rate = rate(f.nh, f.produced, f.th_first, f.th_last);
	out->eta_s = lag_eta_seconds(f.cur_lag, out->consume_rate, out->produce_rate);
	if (f.cur_lag < 0)
		out->lag_s = LAG_UNKNOWN;
	else if (f.cur_lag == 0)
		out->lag_s = 0.0;
	else if (out->produce_rate > 0)
		out->lag_s = (double)f.cur_lag / out->produce_rate;
	else
		out->lag_s = LAG_UNKNOWN;
	out->status = judge(w, c, &f);
	return out->status;
}

/* ---- group ------------------------------------------------------------------ */

void lag_group_init(lag_group_result *g)
{
	memset(g, 0, sizeof *g);
	g->status = LAG_ST_OK;
	g->lag = LAG_UNKNOWN;
	g->max_lag = LAG_UNKNOWN;
	g->lag_s = LAG_UNKNOWN;
	g->consume_rate = 0;
	g->produce_rate = 0;
	g->eta_s = LAG_ETA_UNKNOWN;
}

void lag_group_add(lag_group_result *g, const lag_part_result *p)
{
	lag_status s = p->status;

	if ((int)s < 0 || s >= LAG_STATUS_COUNT)
		s = LAG_ST_UNKNOWN;
	g->n_partitions++;
	g->status = lag_status_worst(g->status, s);
	g->n_status[s]++;
	g->n_severity[lag_status_severity(s)]++;

	if (p->lag < 0) {
		g->n_lag_unknown++;
	} else {
		if (g->lag < 0)
			g->lag = 0;
		/* saturate: a sum of int64 lags could overflow */
		g->lag = p->lag > INT64_MAX - g->lag ? INT64_MAX : g->lag + p->lag;
		if (p->lag > g->max_lag)
			g->max_lag = p->lag;
	}
	if (p->lag_s >= 0 && p->lag_s > g->lag_s)
		g->lag_s = p->lag_s;

	if (p->consume_rate < 0 || g->consume_rate < 0)
		g->consume_rate = LAG_UNKNOWN;
	else
		g->consume_rate += p->consume_rate;
	if (p->produce_rate < 0 || g->produce_rate < 0)
		g->produce_rate = LAG_UNKNOWN;
	else
		g->produce_rate += p->produce_rate;
}

void lag_group_finish(lag_group_result *g)
{
	if (g->n_partitions == 0) {
		g->status = LAG_ST_UNKNOWN;
		g->consume_rate = LAG_UNKNOWN;
		g->produce_rate = LAG_UNKNOWN;
		g->eta_s = LAG_ETA_UNKNOWN;
		return;
	}
	if (g->n_lag_unknown > 0)
		g->eta_s = LAG_ETA_UNKNOWN;
	else
		g->eta_s = lag_eta_seconds(g->lag, g->consume_rate, g->produce_rate);
}

lag_status lag_group_eval(const lag_part_result *parts, int n,
                          lag_group_result *out)
{
	int i;

	lag_group_init(out);
	for (i = 0; i < n; i++)
		lag_group_add(out, &parts[i]);
	lag_group_finish(out);
	return out->status;
}

/* ---- trend ------------------------------------------------------------------ */

void lag_trend_init(lag_trend *t)
{
	memset(t, 0, sizeof *t);
}

void lag_trend_push(lag_trend *t, int64_t total_lag)
{
	t->v[t->head] = total_lag < 0 ? LAG_UNKNOWN : total_lag;
	t->head = (t->head + 1) % LAG_TREND_MAX;
	if (t->n < LAG_TREND_MAX)
		t->n++;
}

int lag_trend_series(const lag_trend *t, double *out, int max)
{
	int n = t->n < max ? t->n : max;
	int i;

	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		/* the newest n values, oldest first */
		int idx = (t->head - n + i + 2 * LAG_TREND_MAX) % LAG_TREND_MAX;

		out[i] = (double)t->v[idx];
	}
	return n;
}
