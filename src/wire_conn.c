/* wire_conn.c: see wire_conn.h. */
#include "config.h"

#include "wire_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CLIENT_ID "kdeck"
#define MAX_CAPS 32
#define WIRE_KEEP_BUFFER (1 << 20)     /* receive buffer kept between requests */

typedef struct wire_cap {
	int16_t api_key, max;
} wire_cap;

struct wire_conn {
	wire_transport *t;
	int fd;                         /* the socket under t, -1 when unknown */
	char *host;
	int port;
	bool broken;
	bool authing;                   /* inside the authenticate hook */
	int64_t reauth_at;              /* monotonic ms; 0: no session expiry */

	char *client_id;
	char *software_name, *software_version;
	int timeout_ms;
	int setup_ms;                   /* connect (and TLS handshake) budget */
	int32_t max_frame;
	int32_t next_corr;
	wire_conn_opts opts;

	kd_arena arena;                 /* the ApiVersions answer */
	const wire_apiversions_resp *versions;
	wire_cap caps[MAX_CAPS];
	size_t n_caps;

	wire_wbuf out;                  /* the request frame being sent */
	uint8_t *in;                    /* the last response frame */
	size_t in_cap;
};

const char *wire_status_name(int status)
{
	switch (status) {
	case WIRE_OK: return "ok";
	case WIRE_ERR_IO: return "I/O error";
	case WIRE_ERR_TIMEOUT: return "timeout";
	case WIRE_ERR_CLOSED: return "connection closed";
	case WIRE_ERR_PROTOCOL: return "protocol error";
	case WIRE_ERR_UNSUPPORTED: return "not supported by the broker";
	case WIRE_ERR_CONFIG: return "configuration error";
	case WIRE_ERR_BROKER: return "broker error";
	case WIRE_ERR_AUTH: return "authentication failed";
	case WIRE_ERR_TLS: return "TLS error";
	default: return "unknown error";
	}
}

/* ---------------------------------------------------------------------
 * Clock
 * ------------------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What is left of a deadline, for poll(); 0 once it passed. */
static int remaining_ms(int64_t deadline)
{
	int64_t left = deadline - now_ms();
	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* ---------------------------------------------------------------------
 * Plain TCP transport
 * ------------------------------------------------------------------- */

typedef struct plain_transport {
	wire_transport base;
	int fd;
} plain_transport;

int wire_fd_wait(int fd, short events, int timeout_ms, const char *what,
		 char *err, size_t errlen)
{
	struct pollfd p = { .fd = fd, .events = events };
	int64_t deadline = now_ms() + timeout_ms;
	for (;;) {
		int n = poll(&p, 1, remaining_ms(deadline));
		if (n > 0)
			return WIRE_OK;
		if (n == 0) {
			snprintf(err, errlen, "timed out %s", what);
			return WIRE_ERR_TIMEOUT;
		}
		if (errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return WIRE_ERR_IO;
		}
	}
}

static ssize_t plain_read(wire_transport *t, void *buf, size_t n, int timeout_ms,
			  char *err, size_t errlen)
{
	plain_transport *p = (plain_transport *)t;
	for (;;) {
		ssize_t got = recv(p->fd, buf, n, 0);
		if (got > 0)
			return got;
		if (got == 0) {
			snprintf(err, errlen, "connection closed by the broker");
			return WIRE_ERR_CLOSED;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			snprintf(err, errlen, "receive: %s", strerror(errno));
			return errno == ECONNRESET ? WIRE_ERR_CLOSED : WIRE_ERR_IO;
		}
		int rc = wire_fd_wait(p->fd, POLLIN, timeout_ms, "waiting for the response",
				 err, errlen);
		if (rc)
			return rc;
		timeout_ms = 0;         /* readable now; a spurious wakeup times out */
	}
}

static ssize_t plain_write(wire_transport *t, const void *buf, size_t n,
			   int timeout_ms, char *err, size_t errlen)
{
	plain_transport *p = (plain_transport *)t;
	for (;;) {
		ssize_t put = send(p->fd, buf, n, MSG_NOSIGNAL);
		if (put > 0)
			return put;
		if (put < 0 && errno == EINTR)
			continue;
		if (put < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			snprintf(err, errlen, "send: %s", strerror(errno));
			return errno == EPIPE || errno == ECONNRESET ?
				WIRE_ERR_CLOSED : WIRE_ERR_IO;
		}
		int rc = wire_fd_wait(p->fd, POLLOUT, timeout_ms, "sending the request",
				 err, errlen);
		if (rc)
			return rc;
		timeout_ms = 0;
	}
}

static void plain_close(wire_transport *t)
{
	plain_transport *p = (plain_transport *)t;
	close(p->fd);
	free(p);
}

static const wire_transport_ops plain_ops = {
	"plaintext", plain_read, plain_write, plain_close,
};

wire_transport *wire_transport_plain(int fd)
{
	plain_transport *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	p->base.ops = &plain_ops;
	p->fd = fd;
	return &p->base;
}

int wire_transport_plain_fd(const wire_transport *t)
{
	if (!t || t->ops != &plain_ops)
		return -1;
	return ((const plain_transport *)t)->fd;
}

/* Connect to one resolved address within timeout_ms. */
static int connect_addr(const struct addrinfo *ai, int timeout_ms, int *fdp,
			char *err, size_t errlen)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ai->ai_protocol);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return WIRE_ERR_IO;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		if (errno != EINPROGRESS) {
			snprintf(err, errlen, "connect: %s", strerror(errno));
			close(fd);
			return WIRE_ERR_IO;
		}
		int rc = wire_fd_wait(fd, POLLOUT, timeout_ms, "connecting", err, errlen);
		if (rc) {
			close(fd);
			return rc;
		}
		int soerr = 0;
		socklen_t len = sizeof(soerr);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
			soerr = errno;
		if (soerr) {
			snprintf(err, errlen, "connect: %s", strerror(soerr));
			close(fd);
			return WIRE_ERR_IO;
		}
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*fdp = fd;
	return WIRE_OK;
}

/* Resolve host and try each address until one connects; the timeout
 * covers them all (name resolution itself cannot be bounded here). */
static int tcp_connect(const char *host, int port, int timeout_ms, int *fdp,
		       char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	char portstr[16];
	snprintf(portstr, sizeof(portstr), "%d", port);
	int gai = getaddrinfo(host, portstr, &hints, &res);
	if (gai) {
		snprintf(err, errlen, "cannot resolve %s: %s", host, gai_strerror(gai));
		return WIRE_ERR_IO;
	}
	int64_t deadline = now_ms() + timeout_ms;
	int rc = WIRE_ERR_IO;
	snprintf(err, errlen, "no address to connect to");
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		int left = remaining_ms(deadline);
		if (left == 0) {
			snprintf(err, errlen, "timed out connecting");
			rc = WIRE_ERR_TIMEOUT;
			break;
		}
		rc = connect_addr(ai, left, fdp, err, errlen);
		if (rc == WIRE_OK)
			break;
	}
	freeaddrinfo(res);
	return rc;
}

/* ---------------------------------------------------------------------
 * Properties
 * ------------------------------------------------------------------- */

const char *wire_props_kv(void *ctx, const char *key)
{
	const char *const *kv = ctx;
	const char *found = NULL;
	for (; kv && kv[0] && kv[1]; kv += 2)
		if (!strcmp(kv[0], key))
			found = kv[1];          /* the last one wins, like -X */
	return found;
}

static const char *prop(const wire_conn_opts *o, const char *key)
{
	return o && o->prop ? o->prop(o->prop_ctx, key) : NULL;
}

/* An integer property within [lo, hi], or its default when unset. */
static int prop_int(const wire_conn_opts *o, const char *key, long dflt,
		    long lo, long hi, long *out, char *err, size_t errlen)
{
	const char *v = prop(o, key);
	if (!v) {
		*out = dflt;
		return 0;
	}
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi) {
		snprintf(err, errlen, "%s: \"%s\" is not an integer from %ld to %ld",
			 key, v, lo, hi);
		return -1;
	}
	*out = n;
	return 0;
}

/* Read every property into c; no I/O happens before this succeeds. */
static int conn_configure(wire_conn *c, const wire_conn_opts *o,
			  char *err, size_t errlen)
{
	long timeout, setup, maxb;
	if (prop_int(o, "socket.timeout.ms", 60000, 10, 300000, &timeout, err, errlen) ||
	    prop_int(o, "socket.connection.setup.timeout.ms", 30000, 1000, INT_MAX,
		     &setup, err, errlen) ||
	    prop_int(o, "receive.message.max.bytes", 100000000, 1000, INT_MAX,
		     &maxb, err, errlen))
		return WIRE_ERR_CONFIG;
	c->timeout_ms = (int)timeout;
	c->setup_ms = (int)setup;
	c->max_frame = (int32_t)maxb;

	const char *proto = prop(o, "security.protocol");
	if (proto && strcasecmp(proto, "plaintext")) {
		bool tls = !strcasecmp(proto, "ssl") || !strcasecmp(proto, "sasl_ssl");
		bool sasl = !strcasecmp(proto, "sasl_plaintext") || !strcasecmp(proto, "sasl_ssl");
		if (!tls && !sasl) {
			snprintf(err, errlen, "security.protocol: \"%s\" is not one of "
				 "plaintext, ssl, sasl_plaintext, sasl_ssl", proto);
			return WIRE_ERR_CONFIG;
		}
		if ((tls && !(o && o->wrap)) || (sasl && !(o && o->authenticate))) {
			snprintf(err, errlen, "security.protocol=%s: kdeck's own requests "
				 "cannot use these settings (see doc/security.md)", proto);
			return WIRE_ERR_CONFIG;
		}
	}

	const char *id = prop(o, "client.id");
	c->client_id = strdup(id ? id : DEFAULT_CLIENT_ID);
	const char *sw = prop(o, "client.software.name");
	c->software_name = strdup(sw ? sw : "kdeck");
	sw = prop(o, "client.software.version");
	c->software_version = strdup(sw ? sw : PACKAGE_VERSION);
	if (!c->client_id || !c->software_name || !c->software_version) {
		snprintf(err, errlen, "out of memory");
		return WIRE_ERR_IO;
	}
	const char *caps = prop(o, "kdeck.wire.caps");
	if (caps)
		return wire_conn_cap_spec(c, caps, err, errlen);
	return WIRE_OK;
}

/* ---------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------- */

/* Give up on the byte stream after an error in the middle of a frame. */
static void conn_break(wire_conn *c)
{
	if (c->t) {
		c->t->ops->close(c->t);
		c->t = NULL;
	}
	c->broken = true;
}

static int write_all(wire_conn *c, const uint8_t *p, size_t n, int64_t deadline,
		     char *err, size_t errlen)
{
	while (n > 0) {
		ssize_t put = c->t->ops->write(c->t, p, n, remaining_ms(deadline), err, errlen);
		if (put < 0)
			return (int)put;
		p += put;
		n -= (size_t)put;
	}
	return WIRE_OK;
}

static int read_all(wire_conn *c, uint8_t *p, size_t n, int64_t deadline,
		    char *err, size_t errlen)
{
	while (n > 0) {
		ssize_t got = c->t->ops->read(c->t, p, n, remaining_ms(deadline), err, errlen);
		if (got < 0)
			return (int)got;
		p += got;
		n -= (size_t)got;
	}
	return WIRE_OK;
}

/* Read one size-prefixed frame into c->in; *len gets its full length. */
static int read_frame(wire_conn *c, int64_t deadline, size_t *len,
		      char *err, size_t errlen)
{
	uint8_t hdr[4];
	int rc = read_all(c, hdr, 4, deadline, err, errlen);
	if (rc)
		return rc;
	int32_t size = (int32_t)((uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
				 (uint32_t)hdr[2] << 8 | hdr[3]);
	if (size < 4 || size > c->max_frame) {
		snprintf(err, errlen, "response frame of %d bytes (limit %d, "
			 "receive.message.max.bytes)", size, c->max_frame);
		return WIRE_ERR_PROTOCOL;
	}
	size_t need = (size_t)size + 4;
	if (need > c->in_cap) {
		uint8_t *p = realloc(c->in, need);
		if (!p) {
			snprintf(err, errlen, "out of memory for a %d-byte response", size);
			return WIRE_ERR_IO;
		}
		c->in = p;
		c->in_cap = need;
	}
	memcpy(c->in, hdr, 4);
	rc = read_all(c, c->in + 4, (size_t)size, deadline, err, errlen);
	if (rc == WIRE_ERR_CLOSED)
		snprintf(err, errlen, "connection closed by the broker in the middle of "
			 "a %d-byte response", size);
	if (rc)
		return rc;
	*len = need;
	return WIRE_OK;
}

/* Run the authenticate hook (first time or re-authentication). */
static int conn_authenticate(wire_conn *c, char *why, size_t whylen)
{
	c->authing = true;
	c->reauth_at = 0;
	int rc = c->opts.authenticate(c->opts.hook_ctx, c, why, whylen);
	c->authing = false;
	return rc;
}

void wire_conn_set_session_lifetime(wire_conn *c, int64_t lifetime_ms)
{
	if (lifetime_ms <= 0) {
		c->reauth_at = 0;
		return;
	}
	/* 85%, as the Java client's earliest point; at least 1 s ahead so a
	 * tiny lifetime cannot turn every request into a re-authentication
	 * loop (the broker then closes, and the pool reconnects). */
	int64_t ahead = lifetime_ms * 85 / 100;
	if (ahead < 1000)
		ahead = lifetime_ms < 1000 ? lifetime_ms : 1000;
	c->reauth_at = now_ms() + ahead;
}

int64_t wire_conn_reauth_at(const wire_conn *c) { return c->reauth_at; }
bool wire_conn_authenticating(const wire_conn *c) { return c->authing; }

int wire_conn_request(wire_conn *c, int16_t api_key, int16_t version,
		      const void *body, size_t body_len,
		      const uint8_t **resp, size_t *resp_len,
		      char *err, size_t errlen)
{
	char why[512];
	const char *api = wire_api_name(api_key);
	int rc;

	if (c->broken || !c->t) {
		snprintf(err, errlen, "broker %s:%d: %s v%d: connection is closed",
			 c->host, c->port, api, version);
		return WIRE_ERR_CLOSED;
	}
	if (c->reauth_at && !c->authing && now_ms() >= c->reauth_at) {
		rc = conn_authenticate(c, why, sizeof(why));
		if (rc) {
			conn_break(c);
			snprintf(err, errlen, "broker %s:%d: re-authenticating: %s",
				 c->host, c->port, why);
			return rc;
		}
	}
	/* The last answer is no longer needed: a connection does not keep a
	 * huge buffer for the rest of its life because of one huge answer. */
	if (c->in_cap > WIRE_KEEP_BUFFER) {
		free(c->in);
		c->in = NULL;
		c->in_cap = 0;
	}
	int32_t corr = c->next_corr++;
	if (c->next_corr < 0)
		c->next_corr = 0;
	wire_wbuf_reset(&c->out);
	if (wire_frame_request(&c->out, api_key, version, corr, c->client_id,
			       body, body_len, why, sizeof(why))) {
		rc = WIRE_ERR_PROTOCOL;
		goto fail_keep;
	}
	int64_t deadline = now_ms() + c->timeout_ms;
	rc = write_all(c, c->out.data, c->out.len, deadline, why, sizeof(why));
	if (rc)
		goto fail;
	if (c->opts.trace)
		c->opts.trace(c->opts.trace_ctx, true, api_key, version, c->out.data, c->out.len);

	size_t len;
	rc = read_frame(c, deadline, &len, why, sizeof(why));
	if (rc)
		goto fail;
	if (c->opts.trace)
		c->opts.trace(c->opts.trace_ctx, false, api_key, version, c->in, len);
	int32_t got_corr;
	if (wire_frame_response(c->in, len, true, api_key, version, &got_corr,
				resp, resp_len, why, sizeof(why))) {
		rc = WIRE_ERR_PROTOCOL;
		goto fail;
	}
	if (got_corr != corr) {
		snprintf(why, sizeof(why), "response has correlation id %d, expected %d",
			 got_corr, corr);
		rc = WIRE_ERR_PROTOCOL;
		goto fail;
	}
	return WIRE_OK;

fail:
	conn_break(c);
fail_keep:
	snprintf(err, errlen, "broker %s:%d: %s v%d: %s", c->host, c->port, api,
		 version, why);
	return rc;
}

/* ---------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------- */

/* Ask the broker what it speaks.  A broker older than our ApiVersions
 * answers v0 with UNSUPPORTED_VERSION and its range: retry at its max. */
static int negotiate(wire_conn *c, char *err, size_t errlen)
{
	const wire_api_info *info = wire_api_lookup(WIRE_API_API_VERSIONS);
	int16_t version = info->max;
	wire_wbuf body;
	wire_wbuf_init(&body);
	int rc = WIRE_ERR_PROTOCOL;

	for (int attempt = 0; attempt < 2; attempt++) {
		wire_apiversions_req req = { c->software_name, c->software_version };
		const uint8_t *resp;
		size_t len;
		wire_wbuf_reset(&body);
		if (wire_apiversions_req_encode(&body, version, &req, err, errlen)) {
			rc = WIRE_ERR_CONFIG;
			break;
		}
		rc = wire_conn_request(c, WIRE_API_API_VERSIONS, version, body.data,
				       body.len, &resp, &len, err, errlen);
		if (rc)
			break;
		wire_apiversions_resp *v;
		char why[200];
		if (wire_apiversions_resp_decode(resp, len, version, &c->arena, &v,
						 why, sizeof(why))) {
			/* Some brokers (librdkafka's mock cluster among them)
			 * answer a newer ApiVersions in a form neither v0 nor
			 * the asked version: ask again at v2, the newest
			 * version that is not flexible, which every broker
			 * since Kafka 2.0 speaks. */
			if (attempt == 0 && version > 2) {
				version = 2;
				continue;
			}
			snprintf(err, errlen, "broker %s:%d: %s", c->host, c->port, why);
			conn_break(c);
			rc = WIRE_ERR_PROTOCOL;
			break;
		}
		if (v->error_code == WIRE_KERR_UNSUPPORTED_VERSION && attempt == 0) {
			int16_t theirs = -1;
			for (size_t i = 0; i < v->n_apis; i++)
				if (v->apis[i].api_key == WIRE_API_API_VERSIONS)
					theirs = v->apis[i].max;
			if (theirs >= info->min && theirs < version) {
				version = theirs;
				continue;
			}
		}
		if (v->error_code) {
			char nb[32];
			snprintf(err, errlen, "broker %s:%d: ApiVersions v%d: %s",
				 c->host, c->port, version,
				 wire_error_name(v->error_code, nb, sizeof(nb)));
			rc = WIRE_ERR_BROKER;
			break;
		}
		c->versions = v;
		rc = WIRE_OK;
		break;
	}
	wire_wbuf_free(&body);
	return rc;
}

const wire_apiversions_resp *wire_conn_api_versions(const wire_conn *c)
{
	return c->versions;
}

int wire_conn_version(const wire_conn *c, int16_t api_key,
		      int16_t our_min, int16_t our_max)
{
	if (!c->versions)
		return -1;
	const wire_api_range *r = NULL;
	for (size_t i = 0; i < c->versions->n_apis; i++)
		if (c->versions->apis[i].api_key == api_key)
			r = &c->versions->apis[i];
	if (!r)
		return -1;
	int max = r->max < our_max ? r->max : our_max;
	for (size_t i = 0; i < c->n_caps; i++)
		if (c->caps[i].api_key == api_key && c->caps[i].max < max)
			max = c->caps[i].max;
	int min = r->min > our_min ? r->min : our_min;
	return max >= min ? max : -1;
}

void wire_conn_cap_version(wire_conn *c, int16_t api_key, int16_t max)
{
	if (max < 0)
		max = -1;
	for (size_t i = 0; i < c->n_caps; i++) {
		if (c->caps[i].api_key == api_key) {
			if (max < c->caps[i].max)
				c->caps[i].max = max;
			return;
		}
	}
	if (c->n_caps < MAX_CAPS)
		c->caps[c->n_caps++] = (wire_cap){ api_key, max };
}

int wire_conn_cap_spec(wire_conn *c, const char *spec, char *err, size_t errlen)
{
	wire_cap parsed[MAX_CAPS];
	size_t n = 0;
	const char *p = spec;

	/* Parse everything first so a bad spec changes nothing. */
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[64];
		if (len == 0 || len >= sizeof(item)) {
			snprintf(err, errlen, "kdeck.wire.caps: bad entry \"%.*s\"", (int)len, p);
			return WIRE_ERR_CONFIG;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		char *eq = strchr(item, '=');
		if (!eq) {
			snprintf(err, errlen, "kdeck.wire.caps: \"%s\" is not API=VERSION", item);
			return WIRE_ERR_CONFIG;
		}
		*eq++ = '\0';
		char *e;
		long key;
		const wire_api_info *info = wire_api_by_name(item);
		if (info) {
			key = info->key;
		} else {
			key = strtol(item, &e, 10);
			if (e == item || *e || key < 0 || key > INT16_MAX) {
				snprintf(err, errlen, "kdeck.wire.caps: unknown API \"%s\"", item);
				return WIRE_ERR_CONFIG;
			}
		}
		long max;
		if (!strcasecmp(eq, "none")) {
			max = -1;
		} else {
			max = strtol(eq, &e, 10);
			if (e == eq || *e || max < -1 || max > INT16_MAX) {
				snprintf(err, errlen, "kdeck.wire.caps: bad version \"%s\"", eq);
				return WIRE_ERR_CONFIG;
			}
		}
		if (n == MAX_CAPS) {
			snprintf(err, errlen, "kdeck.wire.caps: more than %d entries", MAX_CAPS);
			return WIRE_ERR_CONFIG;
		}
		parsed[n++] = (wire_cap){ (int16_t)key, (int16_t)max };
		p = end ? end + 1 : NULL;
	}
	for (size_t i = 0; i < n; i++)
		wire_conn_cap_version(c, parsed[i].api_key, parsed[i].max);
	return WIRE_OK;
}

/* ---------------------------------------------------------------------
 * Opening and closing
 * ------------------------------------------------------------------- */

static wire_conn *conn_new(const char *host, int port, const wire_conn_opts *opts)
{
	wire_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->host = strdup(host ? host : "?");
	if (!c->host) {
		free(c);
		return NULL;
	}
	c->port = port;
	c->fd = -1;
	c->next_corr = 1;
	if (opts)
		c->opts = *opts;
	arena_init(&c->arena);
	wire_wbuf_init(&c->out);
	return c;
}

/* Everything after the transport exists: wrap, negotiate, authenticate. */
static int conn_start(wire_conn *c, int setup_ms, char *err, size_t errlen)
{
	char why[512];
	int rc;
	if (c->opts.wrap) {
		rc = c->opts.wrap(c->opts.hook_ctx, c->host, &c->t, setup_ms, why, sizeof(why));
		if (rc) {
			snprintf(err, errlen, "broker %s:%d: %s", c->host, c->port, why);
			return rc;
		}
	}
	rc = negotiate(c, err, errlen);
	if (rc)
		return rc;
	if (c->opts.authenticate) {
		rc = conn_authenticate(c, why, sizeof(why));
		if (rc) {
			/* a failed request already names the broker */
			if (!strncmp(why, "broker ", 7))
				snprintf(err, errlen, "%s", why);
			else
				snprintf(err, errlen, "broker %s:%d: %s", c->host, c->port, why);
			return rc;
		}
	}
	return WIRE_OK;
}

static int conn_fail(wire_conn *c, wire_conn **out, int rc)
{
	wire_conn_close(c);
	*out = NULL;
	return rc;
}

int wire_conn_open(wire_conn **out, const char *host, int port,
		   const wire_conn_opts *opts, char *err, size_t errlen)
{
	char why[512];
	*out = NULL;
	wire_conn *c = conn_new(host, port, opts);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return WIRE_ERR_IO;
	}
	int rc = conn_configure(c, opts, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "%s", why);
		return conn_fail(c, out, rc);
	}
	int fd;
	rc = tcp_connect(host, port, c->setup_ms, &fd, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "broker %s:%d: %s", c->host, port, why);
		return conn_fail(c, out, rc);
	}
	c->fd = fd;
	c->t = wire_transport_plain(fd);
	if (!c->t) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return conn_fail(c, out, WIRE_ERR_IO);
	}
	rc = conn_start(c, c->setup_ms, err, errlen);
	if (rc)
		return conn_fail(c, out, rc);
	*out = c;
	return WIRE_OK;
}

int wire_conn_open_transport(wire_conn **out, wire_transport *t,
			     const char *host, int port,
			     const wire_conn_opts *opts,
			     char *err, size_t errlen)
{
	char why[512];
	*out = NULL;
	wire_conn *c = conn_new(host, port, opts);
	if (!c) {
		t->ops->close(t);
		snprintf(err, errlen, "out of memory");
		return WIRE_ERR_IO;
	}
	c->t = t;
	int rc = conn_configure(c, opts, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "%s", why);
		return conn_fail(c, out, rc);
	}
	rc = conn_start(c, c->setup_ms, err, errlen);
	if (rc)
		return conn_fail(c, out, rc);
	*out = c;
	return WIRE_OK;
}

void wire_conn_close(wire_conn *c)
{
	if (!c)
		return;
	if (c->t)
		c->t->ops->close(c->t);
	arena_free(&c->arena);
	wire_wbuf_free(&c->out);
	free(c->in);
	free(c->client_id);
	free(c->software_name);
	free(c->software_version);
	free(c->host);
	free(c);
}

wire_transport *wire_conn_detach(wire_conn *c, int *fd)
{
	wire_transport *t = c->t;
	*fd = c->fd;
	c->t = NULL;
	c->broken = true;
	return t;
}

const char *wire_conn_host(const wire_conn *c) { return c->host; }
int wire_conn_port(const wire_conn *c) { return c->port; }
bool wire_conn_broken(const wire_conn *c) { return c->broken; }
int wire_conn_timeout_ms(const wire_conn *c) { return c->timeout_ms; }
