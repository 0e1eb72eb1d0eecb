/* sasl_bridge.c: see sasl_bridge.h. */
#include "config.h"

#include "sasl_bridge.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "clock.h"
#include "log.h"
#include "security.h"

/* librdkafka 2.6.1: the first release whose SCRAM Kafka 4.x accepts. */
#define RDKAFKA_SCRAM_FIXED 0x020601ff

typedef struct bridge {
	struct bridge *next;
	char *fingerprint;              /* the properties it was made for */
	char **kv;                      /* key, value, ..., NULL */
	kd_security *sec;
	wire_conn_opts opts;
	int lfd, port;
	pthread_mutex_t lock;
	char last_err[512];             /* said once, not per reconnect */
	/* brokers that refused the login, left alone for a growing while,
	 * as wire_pool.c does: librdkafka reconnects fast, a wrong password
	 * must not become a login storm */
	struct refused {
		char target[320];
		int failures;
		int64_t until_ms;
	} refused[16];
} bridge;

/* Every bridge made, for the process's life (a context switch makes
 * another); connect callbacks use the newest. */
static pthread_mutex_t bridges_lock = PTHREAD_MUTEX_INITIALIZER;
static bridge *bridges;

bool sasl_bridge_owns_key(const char *key)
{
	return !strcmp(key, "security.protocol") || !strncmp(key, "sasl.", 5) ||
	       !strncmp(key, "ssl.", 4) || !strncmp(key, "enable.ssl.", 11) ||
	       !strncmp(key, "enable.sasl.", 12) || !strncmp(key, "ssl_", 4);
}

bool sasl_bridge_wanted(wire_prop_fn prop, void *ctx)
{
	const char *force = prop(ctx, "kdeck.sasl.bridge");
	if (force && (!strcasecmp(force, "on") || !strcasecmp(force, "true")))
		return true;
	if (force && (!strcasecmp(force, "off") || !strcasecmp(force, "false")))
		return false;
	const char *proto = prop(ctx, "security.protocol");
	const char *mech = prop(ctx, "sasl.mechanism");
	if (!mech)
		mech = prop(ctx, "sasl.mechanisms");
	return proto && !strncasecmp(proto, "sasl_", 5) && mech &&
	       !strncasecmp(mech, "SCRAM-", 6) && rd_kafka_version() < RDKAFKA_SCRAM_FIXED;
}

static void bridge_note(bridge *b, const char *msg)
{
	pthread_mutex_lock(&b->lock);
	if (strcmp(b->last_err, msg)) {
		snprintf(b->last_err, sizeof(b->last_err), "%s", msg);
		log_warn("%s", msg);
	}
	pthread_mutex_unlock(&b->lock);
}

/* Is target in its backoff?  With `failed`, record one more refusal
 * (true) or clear the record (false) instead. */
static bool refused_check(bridge *b, const char *target, int failed)
{
	int64_t now = clock_mono_ms();
	bool wait = false;
	pthread_mutex_lock(&b->lock);
	struct refused *r = NULL, *oldest = &b->refused[0];
	for (size_t i = 0; i < sizeof(b->refused) / sizeof(b->refused[0]); i++) {
		if (!strcmp(b->refused[i].target, target))
			r = &b->refused[i];
		if (b->refused[i].until_ms < oldest->until_ms)
			oldest = &b->refused[i];
	}
	if (failed < 0) {
		wait = r && now < r->until_ms;
	} else if (failed) {
		if (!r) {
			r = oldest;
			snprintf(r->target, sizeof(r->target), "%s", target);
			r->failures = 0;
		}
		if (r->failures < 5)
			r->failures++;
		r->until_ms = now + (1000LL << r->failures);    /* 2 s .. 32 s */
	} else if (r) {
		r->target[0] = '\0';
		r->until_ms = 0;
	}
	pthread_mutex_unlock(&b->lock);
	return wait;
}

/* ---------------------------------------------------------------------
 * One connection: the handle's socket and the broker's
 * ------------------------------------------------------------------- */

typedef struct pump_job {
	bridge *b;
	int cfd;                        /* from librdkafka */
} pump_job;

static int send_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t put = send(fd, p, n, MSG_NOSIGNAL);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

/* The first line the connect callback wrote: "host:port\n". */
static int read_target(int fd, char *host, size_t hostlen, int *port)
{
	char line[320];
	size_t n = 0;
	while (n + 1 < sizeof(line)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		ssize_t got = recv(fd, line + n, 1, 0);
		if (got <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	char *colon = strrchr(line, ':');
	if (!colon || colon == line)
		return -1;
	*colon = '\0';
	const char *h = line;
	if (h[0] == '[' && colon[-1] == ']') {   /* [v6]:port */
		colon[-1] = '\0';
		h++;
	}
	snprintf(host, hostlen, "%s", h);
	*port = atoi(colon + 1);
	return *port > 0 && *port < 65536 ? 0 : -1;
}

static void *pump(void *arg)
{
	pump_job *j = arg;
	bridge *b = j->b;
	int cfd = j->cfd;
	free(j);
	char host[320], err[512];
	int port;
	wire_conn *c = NULL;
	if (read_target(cfd, host, sizeof(host), &port)) {
		close(cfd);
		return NULL;
	}
	char target[340];
	snprintf(target, sizeof(target), "%s:%d", host, port);
	if (refused_check(b, target, -1)) {
		close(cfd);
		return NULL;
	}
	int rc = wire_conn_open(&c, host, port, &b->opts, err, sizeof(err));
	if (rc != WIRE_OK) {
		bridge_note(b, err);
		if (rc == WIRE_ERR_AUTH || rc == WIRE_ERR_TLS)
			refused_check(b, target, 1);
		close(cfd);
		return NULL;
	}
	refused_check(b, target, 0);
	int ufd;
	wire_transport *t = wire_conn_detach(c, &ufd);
	wire_conn_close(c);

	uint8_t buf[65536];
	for (;;) {
		struct pollfd p[2] = { { .fd = cfd, .events = POLLIN },
				       { .fd = ufd, .events = POLLIN } };
		if (poll(p, 2, 1000) < 0 && errno != EINTR)
			break;
		if (p[0].revents) {
			ssize_t got = recv(cfd, buf, sizeof(buf), 0);
			if (got <= 0)
				break;
			size_t off = 0;
			while (off < (size_t)got) {
				ssize_t put = t->ops->write(t, buf + off, (size_t)got - off,
							    30000, err, sizeof(err));
				if (put < 0)
					goto done;
				off += (size_t)put;
			}
		}
		if (p[1].revents) {
			/* drain: TLS may hold more than the socket shows */
			for (;;) {
				ssize_t got = t->ops->read(t, buf, sizeof(buf), 0, err, sizeof(err));
				if (got == WIRE_ERR_TIMEOUT)
					break;
				if (got < 0 || send_all(cfd, buf, (size_t)got))
					goto done;
			}
		}
	}
done:
	t->ops->close(t);
	close(cfd);
	return NULL;
}

static void *accept_loop(void *arg)
{
	bridge *b = arg;
	for (;;) {
		int fd = accept4(b->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		pump_job *j = malloc(sizeof(*j));
		pthread_t th;
		pthread_attr_t at;
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		if (!j || (j->b = b, j->cfd = fd, pthread_create(&th, &at, pump, j))) {
			free(j);
			close(fd);
		}
		pthread_attr_destroy(&at);
	}
}

/* ---------------------------------------------------------------------
 * librdkafka's side
 * ------------------------------------------------------------------- */

/* Connect librdkafka's socket to the bridge and tell it where the
 * handle meant to go: the broker name ("[proto://]host:port/id"). */
static int bridge_connect(int sockfd, const struct sockaddr *addr, int addrlen,
			  const char *id, void *opaque)
{
	(void)addrlen;
	(void)opaque;
	pthread_mutex_lock(&bridges_lock);
	bridge *b = bridges;
	pthread_mutex_unlock(&bridges_lock);
	if (!b)
		return ECONNREFUSED;
	char target[320] = "";
	const char *p = id ? strstr(id, "://") : NULL;
	p = p ? p + 3 : id;
	const char *slash = p ? strrchr(p, '/') : NULL;
	if (p && slash && slash > p && (size_t)(slash - p) < sizeof(target) - 2) {
		memcpy(target, p, (size_t)(slash - p));
		target[slash - p] = '\0';
	} else {                        /* no name: the address */
		char ip[INET6_ADDRSTRLEN] = "";
		int port = 0;
		if (addr->sa_family == AF_INET) {
			const struct sockaddr_in *a4 = (const void *)addr;
			inet_ntop(AF_INET, &a4->sin_addr, ip, sizeof(ip));
			port = ntohs(a4->sin_port);
		} else {
			const struct sockaddr_in6 *a6 = (const void *)addr;
			inet_ntop(AF_INET6, &a6->sin6_addr, ip, sizeof(ip));
			port = ntohs(a6->sin6_port);
		}
		snprintf(target, sizeof(target), "%s%s%s:%d", addr->sa_family == AF_INET6 ? "[" : "",
			 ip, addr->sa_family == AF_INET6 ? "]" : "", port);
	}
	strcat(target, "\n");

	int fl = fcntl(sockfd, F_GETFL);
	fcntl(sockfd, F_SETFL, fl & ~O_NONBLOCK);
	int rc;
	if (addr->sa_family == AF_INET6) {
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)b->port) };
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
		rc = connect(sockfd, (struct sockaddr *)&a, sizeof(a));
	} else {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)b->port) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		rc = connect(sockfd, (struct sockaddr *)&a, sizeof(a));
	}
	int e = rc < 0 ? errno : 0;
	if (!e && send_all(sockfd, (const uint8_t *)target, strlen(target)))
		e = errno ? errno : EPIPE;
	fcntl(sockfd, F_SETFL, fl);
	return e;
}

static const char *bridge_prop(void *ctx, const char *key)
{
	bridge *b = ctx;
	const char *v = wire_props_kv(b->kv, key);
	if (v)
		return v;
	if (!strcmp(key, "client.id"))
		return "kdeck";
	return NULL;
}

static bridge *bridge_new(const char *fp, const char *const *keys, size_t n_keys,
			  wire_prop_fn prop, void *ctx, char *err, size_t errlen)
{
	bridge *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b->kv = calloc(2 * n_keys + 1, sizeof(char *));
	for (size_t i = 0; b->kv && i < n_keys; i++) {
		const char *v = prop(ctx, keys[i]);
		b->kv[2 * i] = strdup(keys[i]);
		b->kv[2 * i + 1] = strdup(v ? v : "");
	}
	b->fingerprint = strdup(fp);
	pthread_mutex_init(&b->lock, NULL);
	b->sec = security_new(bridge_prop, b, err, errlen);
	if (!b->sec)
		goto fail;
	b->opts.prop = bridge_prop;
	b->opts.prop_ctx = b;
	security_conn_hooks(b->sec, &b->opts);

	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	b->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (b->lfd < 0 || bind(b->lfd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(b->lfd, 64) || getsockname(b->lfd, (struct sockaddr *)&a, &alen)) {
		snprintf(err, errlen, "the SASL bridge cannot listen: %s", strerror(errno));
		goto fail;
	}
	b->port = ntohs(a.sin_port);
	pthread_t th;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&th, &at, accept_loop, b);
	pthread_attr_destroy(&at);
	if (rc) {
		snprintf(err, errlen, "the SASL bridge cannot start a thread");
		goto fail;
	}
	return b;
fail:
	/* only on a failed start: a running bridge lives as long as kdeck */
	if (b->lfd > 0)
		close(b->lfd);
	security_free(b->sec);
	for (size_t i = 0; b->kv && b->kv[i]; i++)
		free(b->kv[i]);
	free(b->kv);
	free(b->fingerprint);
	pthread_mutex_destroy(&b->lock);
	free(b);
	return NULL;
}

int sasl_bridge_conf(struct rd_kafka_conf_s *conf, wire_prop_fn prop, void *ctx,
		     const char *const *keys, size_t n_keys, char *err, size_t errlen)
{
	/* the same properties share a bridge */
	size_t fl = 1;
	for (size_t i = 0; i < n_keys; i++) {
		const char *v = prop(ctx, keys[i]);
		fl += strlen(keys[i]) + (v ? strlen(v) : 0) + 2;
	}
	char *fp = calloc(1, fl);
	if (!fp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n_keys; i++) {
		const char *v = prop(ctx, keys[i]);
		strcat(fp, keys[i]);
		strcat(fp, "=");
		strcat(fp, v ? v : "");
		strcat(fp, "\n");
	}
	pthread_mutex_lock(&bridges_lock);
	bridge *b = bridges;
	if (!b || strcmp(b->fingerprint, fp)) {
		b = bridge_new(fp, keys, n_keys, prop, ctx, err, errlen);
		if (b) {
			b->next = bridges;
			bridges = b;
		}
	}
	pthread_mutex_unlock(&bridges_lock);
	free(fp);
	if (!b)
		return -1;
	char errstr[256];
	if (rd_kafka_conf_set(conf, "security.protocol", "plaintext", errstr,
			      sizeof(errstr)) != RD_KAFKA_CONF_OK) {
		snprintf(err, errlen, "librdkafka: %s", errstr);
		return -1;
	}
	rd_kafka_conf_set_connect_cb(conf, bridge_connect);
	return 0;
}
