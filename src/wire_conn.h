/*
 * wire_conn.h: one connection to one Kafka broker, for the requests kdeck
 * speaks itself (wire_msgs.h).
 *
 * Opening a connection connects with a timeout, runs the optional transport
 * hook (where TLS will wrap the socket), negotiates ApiVersions and runs the
 * optional authenticate hook (where SASL will talk).  Each request then
 * writes one frame and waits, with socket.timeout.ms as its budget, for the
 * frame with the same correlation id.  A connection serves one request at
 * a time and belongs to one thread.
 *
 * All I/O goes through a wire_transport, so TLS replaces the transport and
 * nothing else; tests hand wire_conn_open_transport() a fake one.
 *
 * After any I/O or framing error the byte stream can no longer be trusted:
 * the connection is marked broken, closes its transport and every later
 * request fails with WIRE_ERR_CLOSED.  Close it and open a new one.
 */
#ifndef KDECK_WIRE_CONN_H
#define KDECK_WIRE_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wire_buf.h"
#include "wire_msgs.h"

/* Results: 0 or one of these (negative). */
enum {
	WIRE_OK = 0,
	WIRE_ERR_IO = -1,               /* socket error, DNS failure, refused */
	WIRE_ERR_TIMEOUT = -2,          /* connect or request took too long */
	WIRE_ERR_CLOSED = -3,           /* broker closed, or connection broken */
	WIRE_ERR_PROTOCOL = -4,         /* a frame or body kdeck cannot parse */
	WIRE_ERR_UNSUPPORTED = -5,      /* no common version with this broker */
	WIRE_ERR_CONFIG = -6,           /* a bad or unsupported property */
	WIRE_ERR_BROKER = -7,           /* the broker answered with an error code */
	WIRE_ERR_AUTH = -8,             /* SASL authentication failed */
	WIRE_ERR_TLS = -9,              /* TLS handshake or certificate failure */
};

/* The connection itself failed (not the request): drop it and let the
 * pool reopen it after its backoff. */
static inline bool wire_conn_failure(int rc)
{
	return rc == WIRE_ERR_IO || rc == WIRE_ERR_TIMEOUT || rc == WIRE_ERR_CLOSED;
}
const char *wire_status_name(int status);       /* "timeout" */

/* ---------------------------------------------------------------------
 * Transports
 * ------------------------------------------------------------------- */

typedef struct wire_transport wire_transport;

typedef struct wire_transport_ops {
	const char *name;               /* "plaintext", "ssl" */
	/* Read up to n bytes, waiting at most timeout_ms for some: returns
	 * the count (> 0) or a WIRE_ERR_* with a message in err. */
	ssize_t (*read)(wire_transport *t, void *buf, size_t n, int timeout_ms,
			char *err, size_t errlen);
	/* Write up to n bytes, same contract. */
	ssize_t (*write)(wire_transport *t, const void *buf, size_t n,
			 int timeout_ms, char *err, size_t errlen);
	/* Close and free the transport. */
	void (*close)(wire_transport *t);
} wire_transport_ops;

/* Transports embed this as their first member. */
struct wire_transport {
	const wire_transport_ops *ops;
};

/* Wait until fd is ready for events (POLLIN, POLLOUT) or timeout_ms
 * passed: WIRE_OK, or WIRE_ERR_TIMEOUT ("timed out <what>") / _IO. */
int wire_fd_wait(int fd, short events, int timeout_ms, const char *what,
		 char *err, size_t errlen);

/* A transport over a connected socket, which it puts in non-blocking
 * mode and owns from then on. */
wire_transport *wire_transport_plain(int fd);
/* The socket under a plain transport, for a TLS transport to take over;
 * -1 for any other transport. */
int wire_transport_plain_fd(const wire_transport *t);

/* ---------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------- */

/* Connection settings are librdkafka properties, read through a getter
 * (NULL for unset).  Read: client.id, socket.timeout.ms,
 * socket.connection.setup.timeout.ms, receive.message.max.bytes,
 * security.protocol, client.software.name, client.software.version, and
 * kdeck.wire.caps (a wire_conn_cap_spec() string, for tests). */
typedef const char *(*wire_prop_fn)(void *ctx, const char *key);
/* A getter over a NULL-terminated array of key, value, key, value... */
const char *wire_props_kv(void *ctx, const char *key);

typedef struct wire_conn wire_conn;

typedef struct wire_conn_opts {
	wire_prop_fn prop;              /* NULL: every property at its default */
	void *prop_ctx;
	/* After the TCP connect: may replace *t by a transport wrapping it
	 * (TLS), which then owns the old one.  On failure *t must still be
	 * a transport the connection can close.  Needed for
	 * security.protocol SSL and SASL_SSL. */
	int (*wrap)(void *ctx, const char *host, wire_transport **t,
		    int timeout_ms, char *err, size_t errlen);
	/* After ApiVersions: authenticate with wire_conn_request() (SASL).
	 * Needed for security.protocol SASL_PLAINTEXT and SASL_SSL. */
	int (*authenticate)(void *ctx, wire_conn *c, char *err, size_t errlen);
	void *hook_ctx;
	/* Sees every frame, size prefix included, after it was sent or
	 * received in full (captures, debug logs). */
	void (*trace)(void *ctx, bool outgoing, int16_t api_key,
		      int16_t version, const uint8_t *frame, size_t len);
	void *trace_ctx;
} wire_conn_opts;

/* Connect to host:port and negotiate.  On success *out is an open
 * connection; on failure *out is NULL, err names the broker and the
 * cause, and the result is a WIRE_ERR_*.  opts may be NULL. */
int wire_conn_open(wire_conn **out, const char *host, int port,
		   const wire_conn_opts *opts, char *err, size_t errlen);
/* The same over a transport the caller made (tests); takes ownership of
 * t even on failure.  host and port only name the broker in messages. */
int wire_conn_open_transport(wire_conn **out, wire_transport *t,
			     const char *host, int port,
			     const wire_conn_opts *opts,
			     char *err, size_t errlen);
void wire_conn_close(wire_conn *c);

/* Hand the connection's byte stream over to a pass-through (the SASL
 * bridge, sasl_bridge.h): returns its transport, which the caller now
 * owns and closes, and its socket in *fd.  c is left closed. */
wire_transport *wire_conn_detach(wire_conn *c, int *fd);

const char *wire_conn_host(const wire_conn *c);
int wire_conn_port(const wire_conn *c);
bool wire_conn_broken(const wire_conn *c);
int wire_conn_timeout_ms(const wire_conn *c);

/* SASL sessions (KIP-368).  The authenticate hook reports the session
 * lifetime the broker granted (0: none); the connection then runs the
 * hook again, before its next request, once 85% of the lifetime passed,
 * so the broker never closes it for an expired session. */
void wire_conn_set_session_lifetime(wire_conn *c, int64_t lifetime_ms);
/* When re-authentication is due (monotonic ms), 0 when never. */
int64_t wire_conn_reauth_at(const wire_conn *c);
/* True while the authenticate hook runs (its requests never re-enter it). */
bool wire_conn_authenticating(const wire_conn *c);

/* ---------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------- */

/* The broker's ApiVersions answer (ranges and features, as received). */
const wire_apiversions_resp *wire_conn_api_versions(const wire_conn *c);
/* The highest version both sides speak within [our_min, our_max], or -1:
 * the caller shows the feature as "n/a on this broker". */
int wire_conn_version(const wire_conn *c, int16_t api_key,
		      int16_t our_min, int16_t our_max);
/* Pretend the broker speaks at most `max` of api_key (max < 0: not at
 * all), to test the fallbacks an old broker causes.  Only lowers. */
void wire_conn_cap_version(wire_conn *c, int16_t api_key, int16_t max);
/* Several caps at once: "DescribeLogDirs=1,DescribeCluster=none,60=0"
 * (names or numbers; none or -1 for absent). */
int wire_conn_cap_spec(wire_conn *c, const char *spec, char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------- */

/* Send a request body and wait for its response body, which stays valid
 * until the next request on c or its close.  Returns WIRE_OK or a
 * WIRE_ERR_*; err names the broker, the API and the cause. */
int wire_conn_request(wire_conn *c, int16_t api_key, int16_t version,
		      const void *body, size_t body_len,
		      const uint8_t **resp, size_t *resp_len,
		      char *err, size_t errlen);

#endif
