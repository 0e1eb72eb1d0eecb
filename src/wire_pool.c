/* wire_pool.c: see wire_pool.h. */
#include "config.h"

#include "wire_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "security.h"

/* How long a broker that failed to connect is left alone; rejected
 * credentials or certificates back off further each time, so a wrong
 * password never becomes a reconnect storm (nor locks the account). */
#define POOL_BACKOFF_MS 1000
#define POOL_AUTH_BACKOFF_MAX_MS 30000

typedef struct pool_entry {
	int32_t id;              /* broker id, or -1 for a bootstrap server */
	char *host;
	int port;
	wire_conn *conn;
	int64_t retry_after_ms;  /* monotonic; 0: no backoff */
	int auth_failures;       /* in a row: the backoff grows with them */
	uint64_t seen_round;     /* the last round metadata named this broker */
	char last_err[512];
} pool_entry;

struct wire_pool {
	const kd_options *o;
	kd_security *sec;        /* TLS and SASL for every connection */
	wire_conn_opts opts;
	char timeout[16];
	char setup_timeout[16];  /* the same, at least the 1 s librdkafka allows */
	pool_entry *e;
	int n, cap;
	uint64_t requests;
	int last_rc;             /* the last failed open's WIRE_ERR_* */
	/* Connections replaced while a caller may still hold them (a broker
	 * that moved): closed at the next round, never under a caller. */
	wire_conn **retired;
	int n_retired, cap_retired;
	uint64_t round;
};

/* A broker metadata has not named for this many rounds is forgotten, so
 * broker-id churn in a long session does not grow the pool. */
#define POOL_FORGET_ROUNDS 30

static void retire(wire_pool *p, wire_conn *c)
{
	if (!c)
		return;
	if (p->n_retired == p->cap_retired) {
		p->cap_retired = p->cap_retired ? 2 * p->cap_retired : 4;
		p->retired = realloc(p->retired, sizeof(*p->retired) * (size_t)p->cap_retired);
		if (!p->retired)
			abort();
	}
	p->retired[p->n_retired++] = c;
}

/* -X properties, with kdeck's own defaults under them. */
static const char *pool_prop(void *ctx, const char *key)
{
	wire_pool *p = ctx;
	const char *v = options_prop(p->o, key);
	if (v)
		return v;
	if (!strcmp(key, "socket.timeout.ms"))
		return p->timeout;
	if (!strcmp(key, "socket.connection.setup.timeout.ms"))
		return p->setup_timeout;
	if (!strcmp(key, "client.id"))
		return "kdeck";
	return NULL;
}

static void pool_trace(void *ctx, bool outgoing, int16_t api_key, int16_t version,
		       const uint8_t *frame, size_t len)
{
	wire_pool *p = ctx;
	(void)api_key;
	(void)version;
	(void)frame;
	(void)len;
	if (outgoing)
		p->requests++;
}

static pool_entry *pool_add(wire_pool *p, int32_t id, const char *host, int port)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->e = realloc(p->e, sizeof(*p->e) * (size_t)p->cap);
		if (!p->e)
			abort();
	}
	pool_entry *e = &p->e[p->n++];
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->host = strdup(host);
	e->port = port;
	return e;
}

/* Split "host:port" (or "[v6]:port"); port 9092 when absent. */
static int split_hostport(const char *s, size_t n, char *host, size_t hostlen, int *port)
{
	const char *colon = NULL;
	const char *end = s + n;
	if (n && s[0] == '[') {
		const char *rb = memchr(s, ']', n);
		if (!rb)
			return -1;
		snprintf(host, hostlen, "%.*s", (int)(rb - s - 1), s + 1);
		colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		for (const char *q = s; q < end; q++)
			if (*q == ':')
				colon = q;
		snprintf(host, hostlen, "%.*s", (int)((colon ? colon : end) - s), s);
	}
	*port = 9092;
	if (colon) {
		char num[8];
		snprintf(num, sizeof(num), "%.*s", (int)(end - colon - 1), colon + 1);
		char *e;
		long v = strtol(num, &e, 10);
		if (*e || v <= 0 || v > 65535)
			return -1;
		*port = (int)v;
	}
	return *host ? 0 : -1;
}

wire_pool *wire_pool_new(const char *bootstrap, const kd_options *o,
			 char *err, size_t errlen)
{
	wire_pool *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->o = o;
	snprintf(p->timeout, sizeof(p->timeout), "%d", o->timeout_ms > 0 ? o->timeout_ms : 5000);
	/* --timeout 0.2 is fine for requests; a connection gets 1 s */
	snprintf(p->setup_timeout, sizeof(p->setup_timeout), "%d",
		 o->timeout_ms <= 0 ? 5000 : o->timeout_ms < 1000 ? 1000 : o->timeout_ms);
	p->opts.prop = pool_prop;
	p->opts.prop_ctx = p;
	p->opts.trace = pool_trace;
	p->opts.trace_ctx = p;
	p->sec = security_new(pool_prop, p, err, errlen);
	if (!p->sec) {
		free(p);
		return NULL;
	}
	security_conn_hooks(p->sec, &p->opts);

	const char *s = bootstrap;
	while (s && *s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		char host[256];
		int port;
		while (n && (*s == ' ')) {
			s++;
			n--;
		}
		if (n) {
			if (split_hostport(s, n, host, sizeof(host), &port)) {
				snprintf(err, errlen, "bootstrap '%.*s': expected HOST:PORT", (int)n, s);
				wire_pool_free(p);
				return NULL;
			}
			pool_add(p, -1, host, port);
		}
		s = comma ? comma + 1 : NULL;
	}
	if (p->n == 0) {
		snprintf(err, errlen, "no bootstrap servers given");
		wire_pool_free(p);
		return NULL;
	}
	return p;
}

void wire_pool_free(wire_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++) {
		wire_conn_close(p->e[i].conn);
		free(p->e[i].host);
	}
	free(p->e);
	for (int i = 0; i < p->n_retired; i++)
		wire_conn_close(p->retired[i]);
	free(p->retired);
	security_free(p->sec);
	free(p);
}

/* A broker's entry; bootstrap servers (id -1) are never found here. */
static pool_entry *find_broker(wire_pool *p, int32_t id)
{
	if (id < 0)
		return NULL;
	for (int i = 0; i < p->n; i++)
		if (p->e[i].id == id)
			return &p->e[i];
	return NULL;
}

void wire_pool_set_broker(wire_pool *p, int32_t id, const char *host, int port)
{
	/* A node id below 0 is no broker (a hostile or broken answer): it
	 * must not replace a bootstrap server's entry. */
	if (id < 0 || !host || port <= 0 || port > 65535)
		return;
	pool_entry *e = find_broker(p, id);
	if (!e) {
		e = pool_add(p, id, host, port);
		e->seen_round = p->round;
		return;
	}
	e->seen_round = p->round;
	if (e->port != port || strcmp(e->host, host)) {
		/* The broker moved: the old connection goes to the wrong place,
		 * but a caller may be using it right now; it closes next round. */
		retire(p, e->conn);
		e->conn = NULL;
		free(e->host);
		e->host = strdup(host);
		e->port = port;
		e->retry_after_ms = 0;
		e->auth_failures = 0;
	}
}

void wire_pool_new_round(wire_pool *p)
{
	for (int i = 0; i < p->n_retired; i++)
		wire_conn_close(p->retired[i]);
	p->n_retired = 0;
	p->round++;
	for (int i = 0; i < p->n;) {
		pool_entry *e = &p->e[i];
		if (e->id >= 0 && p->round - e->seen_round > POOL_FORGET_ROUNDS) {
			wire_conn_close(e->conn);
			free(e->host);
			p->e[i] = p->e[--p->n];
			continue;
		}
		i++;
	}
}

static wire_conn *entry_conn(wire_pool *p, pool_entry *e, char *err, size_t errlen)
{
	if (e->conn && wire_conn_broken(e->conn)) {
		wire_conn_close(e->conn);
		e->conn = NULL;
	}
	if (e->conn)
		return e->conn;
	int64_t now = clock_mono_ms();
	if (e->retry_after_ms && now < e->retry_after_ms) {
		snprintf(err, errlen, "%s", e->last_err);
		return NULL;
	}
	int rc = wire_conn_open(&e->conn, e->host, e->port, &p->opts, e->last_err,
				sizeof(e->last_err));
	if (rc != WIRE_OK) {
		int64_t backoff = POOL_BACKOFF_MS;
		if (rc == WIRE_ERR_AUTH || rc == WIRE_ERR_TLS) {
			if (e->auth_failures < 16)
				e->auth_failures++;
			backoff = (int64_t)POOL_BACKOFF_MS << (e->auth_failures - 1);
			if (backoff > POOL_AUTH_BACKOFF_MAX_MS)
				backoff = POOL_AUTH_BACKOFF_MAX_MS;
		}
		e->conn = NULL;
		e->retry_after_ms = now + backoff;
		p->last_rc = rc;
		snprintf(err, errlen, "%s", e->last_err);
		return NULL;
	}
	e->auth_failures = 0;
	e->retry_after_ms = 0;
	return e->conn;
}

wire_conn *wire_pool_get(wire_pool *p, int32_t id, char *err, size_t errlen)
{
	pool_entry *e = find_broker(p, id);
	if (!e) {
		snprintf(err, errlen, "broker %d: address unknown", (int)id);
		return NULL;
	}
	return entry_conn(p, e, err, errlen);
}

wire_conn *wire_pool_any(wire_pool *p, char *err, size_t errlen)
{
	/* An open connection first, then known brokers, then bootstrap
	 * servers: a bootstrap list may name one broker that is down. */
	for (int i = 0; i < p->n; i++)
		if (p->e[i].conn && !wire_conn_broken(p->e[i].conn))
			return p->e[i].conn;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < p->n; i++) {
			if ((pass == 0) != (p->e[i].id >= 0))
				continue;
			wire_conn *c = entry_conn(p, &p->e[i], err, errlen);
			if (c)
				return c;
		}
	return NULL;
}

void wire_pool_failed(wire_pool *p, wire_conn *c, const char *why)
{
	for (int i = 0; i < p->n; i++)
		if (p->e[i].conn == c) {
			wire_conn_close(c);
			p->e[i].conn = NULL;
			p->e[i].retry_after_ms = clock_mono_ms() + POOL_BACKOFF_MS;
			/* kept for whoever asks again during the backoff */
			if (why && *why)
				snprintf(p->e[i].last_err, sizeof(p->e[i].last_err), "%s", why);
			else
				snprintf(p->e[i].last_err, sizeof(p->e[i].last_err),
					 "%s:%d: did not answer", p->e[i].host, p->e[i].port);
		}
}

const wire_conn_opts *wire_pool_opts(const wire_pool *p)
{
	return &p->opts;
}

const char *wire_pool_security(const wire_pool *p)
{
	return security_describe(p->sec);
}

int wire_pool_last_open_error(const wire_pool *p)
{
	return p->last_rc;
}

uint64_t wire_pool_requests(const wire_pool *p)
{
	return p->requests;
}
