/*
 * test_wire_conn.c: the connection layer.  A fake transport replays the
 * real broker answers of tests/captures (so negotiation, caps and the
 * wire_call_* batching run on real bytes without a broker), and small
 * socket servers on 127.0.0.1 check connect, timeouts and closes through
 * the real TCP transport.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "wire_call.h"
#include "wire_capture_load.h"
#include "wire_conn.h"

/* ---------------------------------------------------------------------
 * A replaying fake broker
 * ------------------------------------------------------------------- */

enum fake_mode { FAKE_REPLAY, FAKE_SILENT, FAKE_WRONG_CORR, FAKE_HUGE_FRAME };

typedef struct fake {
	wire_transport base;
	const char *kafka;              /* which captures to answer with */
	const char *tag[64];            /* scenario per API key (default: the API's) */
	enum fake_mode mode;
	bool old_apiversions;           /* answer ApiVersions > 2 like an old broker */
	uint8_t in[65536];
	size_t in_len;
	uint8_t *out;
	size_t out_len, out_off;
	int requests;
	int16_t versions[32];           /* versions asked, in order */
	bool *closed;                   /* set on close, for the test */
} fake;

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static const char *default_tag(int16_t api)
{
	switch (api) {
	case WIRE_API_API_VERSIONS: return "apiversions";
	case WIRE_API_METADATA: return "metadata";
	case WIRE_API_DESCRIBE_CLUSTER: return "describecluster";
	case WIRE_API_DESCRIBE_LOG_DIRS: return "describelogdirs";
	case WIRE_API_LIST_OFFSETS: return "listoffsets";
	case WIRE_API_DESCRIBE_QUORUM: return "describequorum";
	case WIRE_API_OFFSET_FETCH: return "offsetfetch";
	case WIRE_API_FIND_COORDINATOR: return "findcoordinator";
	default: return "none";
	}
}

/* A v0 ApiVersions answer: UNSUPPORTED_VERSION, "I speak v0-v2". */
static void queue_old_apiversions(fake *f, int32_t corr)
{
	static uint8_t frame[] = {
		0, 0, 0, 16, 0, 0, 0, 0, 0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 2,
	};
	put_be32(frame + 4, (uint32_t)corr);
	f->out = malloc(sizeof(frame));
	memcpy(f->out, frame, sizeof(frame));
	f->out_len = sizeof(frame);
}

/* A whole request arrived: queue the captured answer to it. */
static void fake_answer(fake *f)
{
	int16_t api = (int16_t)(f->in[4] << 8 | f->in[5]);
	int16_t version = (int16_t)(f->in[6] << 8 | f->in[7]);
	int32_t corr = (int32_t)be32(f->in + 8);
	if (f->requests < 32)
		f->versions[f->requests] = version;
	f->requests++;
	free(f->out);
	f->out = NULL;
	f->out_len = f->out_off = 0;
	if (f->mode == FAKE_HUGE_FRAME && api != WIRE_API_API_VERSIONS) {
		f->out = malloc(4);
		put_be32(f->out, 0x7fffffff);
		f->out_len = 4;
		return;
	}
	if (f->old_apiversions && api == WIRE_API_API_VERSIONS && version > 2) {
		queue_old_apiversions(f, corr);
		return;
	}
	const char *tag = api >= 0 && api < 64 && f->tag[api] ? f->tag[api] : default_tag(api);
	if (wcap_load(tag, version, f->kafka, "resp", &f->out, &f->out_len))
		fail_msg("no capture %s v%d for %s", tag, version, f->kafka);
	if (f->mode == FAKE_WRONG_CORR && api != WIRE_API_API_VERSIONS)
		corr++;
	put_be32(f->out + 4, (uint32_t)corr);
}

static ssize_t fake_write(wire_transport *t, const void *buf, size_t n, int timeout_ms,
			  char *err, size_t errlen)
{
	fake *f = (fake *)t;
	(void)timeout_ms;
	(void)err;
	(void)errlen;
	/* take a few bytes at a time: the caller must loop */
	size_t take = n > 5 ? 5 : n;
	assert_true(f->in_len + take <= sizeof(f->in));
	memcpy(f->in + f->in_len, buf, take);
	f->in_len += take;
	if (f->in_len >= 4 && f->in_len == be32(f->in) + 4) {
		fake_answer(f);
		f->in_len = 0;
	}
	return (ssize_t)take;
}

static ssize_t fake_read(wire_transport *t, void *buf, size_t n, int timeout_ms,
			 char *err, size_t errlen)
{
	fake *f = (fake *)t;
	if (f->mode == FAKE_SILENT || f->out_off == f->out_len) {
		snprintf(err, errlen, "timed out after %d ms (fake)", timeout_ms);
		return WIRE_ERR_TIMEOUT;
	}
	size_t give = f->out_len - f->out_off;
	if (give > n)
		give = n;
	if (give > 7)
		give = 7;
	memcpy(buf, f->out + f->out_off, give);
	f->out_off += give;
	return (ssize_t)give;
}

static void fake_close(wire_transport *t)
{
	fake *f = (fake *)t;
	if (f->closed)
		*f->closed = true;
	free(f->out);
	free(f);
}

static const wire_transport_ops fake_ops = { "fake", fake_read, fake_write, fake_close };

static fake *fake_new(const char *kafka)
{
	fake *f = calloc(1, sizeof(*f));
	f->base.ops = &fake_ops;
	f->kafka = kafka;
	return f;
}

static wire_conn *open_fake(fake *f, const char *const *props)
{
	wire_conn_opts o = { .prop = wire_props_kv, .prop_ctx = (void *)props };
	wire_conn *c;
	char err[256];
	int rc = wire_conn_open_transport(&c, &f->base, "broker1", 9092, &o, err, sizeof(err));
	if (rc)
		fail_msg("open: %s", err);
	return c;
}

/* ---------------------------------------------------------------------
 * Negotiation and caps
 * ------------------------------------------------------------------- */

static void test_negotiation(void **state)
{
	(void)state;
	for (const char *const *k = wcap_kafka_versions; *k; k++) {
		fake *f = fake_new(*k);
		wire_conn *c = open_fake(f, NULL);
		/* kdeck asks ApiVersions at its newest, v4, which both speak */
		assert_int_equal(f->requests, 1);
		assert_int_equal(f->versions[0], 4);
		assert_int_equal(wire_conn_version(c, WIRE_API_METADATA, 1, 12), 12);
		assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 1, 4), 4);
		assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_QUORUM, 0, 2), 2);
		assert_int_equal(wire_conn_version(c, WIRE_API_OFFSET_FETCH, 1, 9), 9);
		/* 3.9 speaks ListOffsets up to v9, 4.1 up to v10 */
		assert_int_equal(wire_conn_version(c, WIRE_API_LIST_OFFSETS, 1, 10),
				 strcmp(*k, "3.9.1") ? 10 : 9);
		/* 4.1 dropped DescribeLogDirs v0 */
		assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 0, 0),
				 strcmp(*k, "3.9.1") ? -1 : 0);
		assert_int_equal(wire_conn_version(c, 999, 0, 10), -1);
		assert_int_equal(wire_conn_version(c, WIRE_API_METADATA, 13, 20),
				 strcmp(*k, "3.9.1") ? 13 : -1);
		const wire_apiversions_resp *av = wire_conn_api_versions(c);
		assert_non_null(av);
		assert_true(av->n_finalized_features >= 1);
		wire_conn_close(c);
	}
}

static void test_caps(void **state)
{
	(void)state;
	fake *f = fake_new("4.1.1");
	wire_conn *c = open_fake(f, NULL);
	char err[256];
	wire_conn_cap_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 2);
	assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 1, 4), 2);
	wire_conn_cap_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 3);       /* only lowers */
	assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 1, 4), 2);
	wire_conn_cap_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 0);       /* below kdeck's v1 */
	assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_LOG_DIRS, 1, 4), -1);

	assert_int_equal(wire_conn_cap_spec(c, "DescribeCluster=none,2=5", err, sizeof(err)), 0);
	assert_int_equal(wire_conn_version(c, WIRE_API_DESCRIBE_CLUSTER, 0, 1), -1);
	assert_int_equal(wire_conn_version(c, WIRE_API_LIST_OFFSETS, 1, 10), 5);
	/* a bad spec changes nothing, not even its good entries */
	assert_int_equal(wire_conn_cap_spec(c, "Metadata=4,Nope=1", err, sizeof(err)),
			 WIRE_ERR_CONFIG);
	assert_string_equal(err, "kdeck.wire.caps: unknown API \"Nope\"");
	assert_int_equal(wire_conn_version(c, WIRE_API_METADATA, 1, 12), 12);
	assert_int_equal(wire_conn_cap_spec(c, "Metadata=x", err, sizeof(err)), WIRE_ERR_CONFIG);
	assert_int_equal(wire_conn_cap_spec(c, "Metadata", err, sizeof(err)), WIRE_ERR_CONFIG);
	assert_int_equal(wire_conn_cap_spec(c, "Metadata=4,,", err, sizeof(err)), WIRE_ERR_CONFIG);
	assert_int_equal(wire_conn_version(c, WIRE_API_METADATA, 1, 12), 12);
	wire_conn_close(c);

	/* caps as a property, as an integration test would pass them */
	static const char *const props[] = { "kdeck.wire.caps", "OffsetFetch=7", NULL };
	f = fake_new("3.9.1");
	c = open_fake(f, props);
	assert_int_equal(wire_conn_version(c, WIRE_API_OFFSET_FETCH, 1, 9), 7);
	wire_conn_close(c);
}

/* An old broker answers ApiVersions v4 in v0 with error 35 and its range
 * (v0-v2): kdeck asks again at v2. */
static void test_apiversions_retry(void **state)
{
	(void)state;
	fake *f = fake_new("3.9.1");
	f->old_apiversions = true;
	wire_conn *c = open_fake(f, NULL);
	assert_int_equal(f->requests, 2);
	assert_int_equal(f->versions[0], 4);
	assert_int_equal(f->versions[1], 2);
	assert_int_equal(wire_conn_version(c, WIRE_API_METADATA, 1, 12), 12);
	/* v2 has no features */
	assert_int_equal(wire_conn_api_versions(c)->n_finalized_features, 0);
	wire_conn_close(c);
}

/* ---------------------------------------------------------------------
 * Calls over the replayed broker
 * ------------------------------------------------------------------- */

static void test_call_metadata(void **state)
{
	(void)state;
	fake *f = fake_new("4.1.1");
	wire_conn *c = open_fake(f, NULL);
	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_metadata_req req = { NULL, -1, false, false };
	wire_metadata_resp *m;
	int16_t v;
	assert_int_equal(wire_call_metadata(c, &req, &a, &m, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 12);
	assert_string_equal(m->cluster_id, wcap_fact("4.1.1", "cluster_id"));
	assert_string_equal(m->brokers[0].rack, "zone-a");

	/* capped to the last non-flexible version: same facts */
	wire_conn_cap_version(c, WIRE_API_METADATA, 8);
	assert_int_equal(wire_call_metadata(c, &req, &a, &m, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 8);
	assert_string_equal(m->brokers[0].rack, "zone-a");
	assert_int_equal(m->n_topics, 3);
	arena_free(&a);
	wire_conn_close(c);
}

static void test_call_unsupported(void **state)
{
	(void)state;
	fake *f = fake_new("3.9.1");
	wire_conn *c = open_fake(f, NULL);
	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_conn_cap_version(c, WIRE_API_DESCRIBE_LOG_DIRS, -1);
	wire_describelogdirs_req req = { NULL, -1 };
	wire_describelogdirs_resp *r = NULL;
	int before = f->requests;
	assert_int_equal(wire_call_describelogdirs(c, &req, &a, &r, NULL, err, sizeof(err)),
			 WIRE_ERR_UNSUPPORTED);
	assert_null(r);
	assert_int_equal(f->requests, before);          /* nothing was sent */
	assert_string_equal(err, "DescribeLogDirs n/a on this broker (broker1:9092 "
			    "speaks v0-v4 capped, kdeck v1-v4)");
	assert_false(wire_conn_broken(c));
	arena_free(&a);
	wire_conn_close(c);
}

/* Before v8 one request per group, merged with the group ids filled in. */
static void test_call_offsetfetch_split(void **state)
{
	(void)state;
	fake *f = fake_new("3.9.1");
	f->tag[WIRE_API_OFFSET_FETCH] = "offsetfetch_single";
	wire_conn *c = open_fake(f, NULL);
	wire_conn_cap_version(c, WIRE_API_OFFSET_FETCH, 7);
	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_offsetfetch_group_req g[] = {
		{ "billing", NULL, -1 }, { "b2", NULL, -1 }, { "b3", NULL, -1 },
	};
	wire_offsetfetch_req req = { g, 3, false };
	wire_offsetfetch_resp *r;
	int16_t v;
	int before = f->requests;
	assert_int_equal(wire_call_offsetfetch(c, &req, &a, &r, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 7);
	assert_int_equal(f->requests - before, 3);
	assert_int_equal(r->n_groups, 3);
	assert_string_equal(r->groups[0].group_id, "billing");
	assert_string_equal(r->groups[2].group_id, "b3");
	assert_int_equal(r->groups[1].topics[0].partitions[0].committed_offset,
			 wcap_fact_int("3.9.1", "billing_offset"));

	/* v8: one request for all */
	f->tag[WIRE_API_OFFSET_FETCH] = NULL;
	wire_offsetfetch_group_req g8[] = {
		{ "billing", NULL, -1 }, { "audit", NULL, -1 }, { "nosuch", NULL, -1 },
	};
	req.groups = g8;
	fake *f2 = fake_new("3.9.1");
	wire_conn *c2 = open_fake(f2, NULL);
	wire_conn_cap_version(c2, WIRE_API_OFFSET_FETCH, 8);
	before = f2->requests;
	assert_int_equal(wire_call_offsetfetch(c2, &req, &a, &r, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 8);
	assert_int_equal(f2->requests - before, 1);
	assert_int_equal(r->n_groups, 3);
	wire_conn_close(c2);
	arena_free(&a);
	wire_conn_close(c);
}

static void test_call_findcoordinator_split(void **state)
{
	(void)state;
	fake *f = fake_new("4.1.1");
	wire_conn *c = open_fake(f, NULL);
	wire_conn_cap_version(c, WIRE_API_FIND_COORDINATOR, 3);
	kd_arena a;
	arena_init(&a);
	char err[256];
	const char *keys[] = { "billing", "audit" };
	wire_findcoordinator_req req = { WIRE_COORD_GROUP, keys, 2 };
	wire_findcoordinator_resp *r;
	int before = f->requests;
	assert_int_equal(wire_call_findcoordinator(c, &req, &a, &r, NULL, err, sizeof(err)),
			 WIRE_OK);
	assert_int_equal(f->requests - before, 2);
	assert_int_equal(r->n_coordinators, 2);
	assert_string_equal(r->coordinators[1].key, "audit");
	assert_int_equal(r->coordinators[1].port, wcap_fact_int("4.1.1", "port"));
	arena_free(&a);
	wire_conn_close(c);
}

static void test_call_quorum_and_logdirs(void **state)
{
	(void)state;
	fake *f = fake_new("4.1.1");
	wire_conn *c = open_fake(f, NULL);
	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_describequorum_resp *q;
	int16_t v;
	assert_int_equal(wire_call_describequorum(c, NULL, &a, &q, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 2);
	assert_int_equal(q->topics[0].partitions[0].leader_id, 1);
	wire_describelogdirs_req req = { NULL, -1 };
	wire_describelogdirs_resp *d;
	assert_int_equal(wire_call_describelogdirs(c, &req, &a, &d, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 4);
	assert_string_equal(d->dirs[0].path, wcap_fact("4.1.1", "log_dir"));
	wire_describecluster_req dc = { false, 0 };
	wire_describecluster_resp *cl;
	assert_int_equal(wire_call_describecluster(c, &dc, &a, &cl, &v, err, sizeof(err)), WIRE_OK);
	assert_int_equal(v, 1);
	assert_string_equal(cl->brokers[0].rack, "zone-a");
	arena_free(&a);
	wire_conn_close(c);
}

/* ---------------------------------------------------------------------
 * Failures
 * ------------------------------------------------------------------- */

static void test_broken_connection(void **state)
{
	(void)state;
	static const enum fake_mode modes[] = { FAKE_WRONG_CORR, FAKE_HUGE_FRAME };
	static const int want[] = { WIRE_ERR_PROTOCOL, WIRE_ERR_PROTOCOL };
	static const char *const why[] = { "correlation id", "receive.message.max.bytes" };
	for (size_t i = 0; i < 2; i++) {
		fake *f = fake_new("3.9.1");
		bool closed = false;
		f->closed = &closed;
		wire_conn *c = open_fake(f, NULL);
		f->mode = modes[i];
		kd_arena a;
		arena_init(&a);
		char err[256];
		wire_metadata_req req = { NULL, -1, false, false };
		wire_metadata_resp *m;
		assert_int_equal(wire_call_metadata(c, &req, &a, &m, NULL, err, sizeof(err)), want[i]);
		assert_non_null(strstr(err, why[i]));
		assert_non_null(strstr(err, "broker broker1:9092: Metadata v12: "));
		/* the stream is no longer trusted: closed, and stays closed */
		assert_true(wire_conn_broken(c));
		assert_true(closed);
		assert_int_equal(wire_call_metadata(c, &req, &a, &m, NULL, err, sizeof(err)),
				 WIRE_ERR_CLOSED);
		assert_non_null(strstr(err, "connection is closed"));
		arena_free(&a);
		wire_conn_close(c);
	}
}

static void test_silent_broker(void **state)
{
	(void)state;
	fake *f = fake_new("3.9.1");
	f->mode = FAKE_SILENT;
	wire_conn *c;
	char err[256];
	assert_int_equal(wire_conn_open_transport(&c, &f->base, "broker1", 9092, NULL,
						  err, sizeof(err)), WIRE_ERR_TIMEOUT);
	assert_null(c);
	assert_non_null(strstr(err, "ApiVersions v4: timed out"));
}

static void test_bad_properties(void **state)
{
	(void)state;
	static const struct {
		const char *key, *value, *msg;
	} bad[] = {
		{ "socket.timeout.ms", "abc", "socket.timeout.ms: \"abc\" is not an integer from 10 to 300000" },
		{ "socket.timeout.ms", "5", "socket.timeout.ms: \"5\" is not an integer" },
		{ "receive.message.max.bytes", "-1", "receive.message.max.bytes: \"-1\"" },
		{ "security.protocol", "SSL", "security.protocol=SSL: kdeck's own requests cannot use" },
		{ "security.protocol", "sasl_plaintext", "security.protocol=sasl_plaintext: kdeck's own requests cannot use" },
		{ "security.protocol", "carrier-pigeon", "\"carrier-pigeon\" is not one of" },
		{ "kdeck.wire.caps", "Metadata", "kdeck.wire.caps: \"Metadata\" is not API=VERSION" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *props[] = { bad[i].key, bad[i].value, NULL };
		fake *f = fake_new("3.9.1");
		bool closed = false;
		f->closed = &closed;
		wire_conn_opts o = { .prop = wire_props_kv, .prop_ctx = props };
		wire_conn *c;
		char err[256];
		assert_int_equal(wire_conn_open_transport(&c, &f->base, "b", 1, &o, err, sizeof(err)),
				 WIRE_ERR_CONFIG);
		assert_null(c);
		if (!strstr(err, bad[i].msg))
			fail_msg("%s=%s: got \"%s\"", bad[i].key, bad[i].value, err);
		assert_true(closed);
	}
	/* PLAINTEXT in any case is fine, and the last duplicate key wins */
	const char *props[] = { "security.protocol", "PlainText", "client.id", "one",
				"client.id", "two", NULL };
	assert_string_equal(wire_props_kv(props, "client.id"), "two");
	assert_null(wire_props_kv(props, "socket.timeout.ms"));
	fake *f = fake_new("3.9.1");
	wire_conn *c = open_fake(f, props);
	assert_int_equal(wire_conn_timeout_ms(c), 60000);
	wire_conn_close(c);
}

/* The client id reaches the broker: check the header of a request. */
static void test_client_id_in_header(void **state)
{
	(void)state;
	static const char *const props[] = { "client.id", "dash", NULL };
	fake *f = fake_new("3.9.1");
	wire_conn *c = open_fake(f, props);
	char err[256];
	const uint8_t *body;
	size_t len;
	static const uint8_t md1[] = { 0xff, 0xff, 0xff, 0xff };    /* all topics */
	/* watch the bytes by keeping what the fake saw before it answers */
	assert_int_equal(wire_conn_request(c, WIRE_API_METADATA, 1, md1, 4, &body, &len,
					   err, sizeof(err)), WIRE_OK);
	/* fake_answer cleared in[], but the frame is still in its buffer */
	assert_int_equal(f->in[13], 4);
	assert_memory_equal(f->in + 14, "dash", 4);
	wire_conn_close(c);
}

/* ---------------------------------------------------------------------
 * Real sockets
 * ------------------------------------------------------------------- */

static int listen_any(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	socklen_t len = sizeof(sa);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	*port = ntohs(sa.sin_port);
	return fd;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_tcp_refused(void **state)
{
	(void)state;
	int port;
	int fd = listen_any(&port);
	close(fd);                      /* nobody listens there now */
	wire_conn *c;
	char err[256];
	assert_int_equal(wire_conn_open(&c, "127.0.0.1", port, NULL, err, sizeof(err)),
			 WIRE_ERR_IO);
	assert_null(c);
	assert_non_null(strstr(err, "Connection refused"));
}

/* A broker that accepts (the kernel does, from the backlog) and never
 * answers: the request times out after socket.timeout.ms. */
static void test_tcp_timeout(void **state)
{
	(void)state;
	int port;
	int fd = listen_any(&port);
	static const char *const props[] = { "socket.timeout.ms", "300", NULL };
	wire_conn_opts o = { .prop = wire_props_kv, .prop_ctx = (void *)props };
	wire_conn *c;
	char err[256];
	int64_t t0 = mono_ms();
	assert_int_equal(wire_conn_open(&c, "127.0.0.1", port, &o, err, sizeof(err)),
			 WIRE_ERR_TIMEOUT);
	int64_t took = mono_ms() - t0;
	assert_true(took >= 290 && took < 3000);
	assert_non_null(strstr(err, "timed out waiting for the response"));
	close(fd);
}

typedef struct server {
	int fd;
	const char *kafka;
	int answers;                    /* requests to answer before closing */
} server;

static int read_full(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t got = read(fd, p, n);
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Accept one client and answer `answers` requests from the captures. */
static void *serve(void *arg)
{
	server *s = arg;
	int cfd = accept(s->fd, NULL, NULL);
	if (cfd < 0)
		return NULL;
	for (int i = 0; i < s->answers; i++) {
		uint8_t hdr[4], req[4096];
		if (read_full(cfd, hdr, 4))
			break;
		uint32_t size = be32(hdr);
		if (size > sizeof(req) || read_full(cfd, req, size))
			break;
		int16_t api = (int16_t)(req[0] << 8 | req[1]);
		int16_t version = (int16_t)(req[2] << 8 | req[3]);
		uint8_t *resp;
		size_t len;
		if (wcap_load(default_tag(api), version, s->kafka, "resp", &resp, &len))
			break;
		memcpy(resp + 4, req + 4, 4);   /* correlation id */
		ssize_t put = write(cfd, resp, len);
		free(resp);
		if (put != (ssize_t)len)
			break;
	}
	close(cfd);
	return NULL;
}

static void test_tcp_real_exchange(void **state)
{
	(void)state;
	server s = { 0, "4.1.1", 2 };
	int port;
	s.fd = listen_any(&port);
	pthread_t th;
	pthread_create(&th, NULL, serve, &s);
	wire_conn *c;
	char err[256];
	assert_int_equal(wire_conn_open(&c, "127.0.0.1", port, NULL, err, sizeof(err)), WIRE_OK);
	assert_string_equal(wire_conn_host(c), "127.0.0.1");
	assert_int_equal(wire_conn_port(c), port);
	kd_arena a;
	arena_init(&a);
	wire_metadata_req req = { NULL, -1, false, false };
	wire_metadata_resp *m;
	assert_int_equal(wire_call_metadata(c, &req, &a, &m, NULL, err, sizeof(err)), WIRE_OK);
	assert_int_equal(m->brokers[0].port, wcap_fact_int("4.1.1", "port"));
	/* the server closes after two answers */
	/* (EOF or a reset, depending on timing: both are "closed") */
	assert_int_equal(wire_call_metadata(c, &req, &a, &m, NULL, err, sizeof(err)),
			 WIRE_ERR_CLOSED);
	assert_true(wire_conn_broken(c));
	arena_free(&a);
	wire_conn_close(c);
	pthread_join(th, NULL);
	close(s.fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiation),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_apiversions_retry),
		cmocka_unit_test(test_call_metadata),
		cmocka_unit_test(test_call_unsupported),
		cmocka_unit_test(test_call_offsetfetch_split),
		cmocka_unit_test(test_call_findcoordinator_split),
		cmocka_unit_test(test_call_quorum_and_logdirs),
		cmocka_unit_test(test_broken_connection),
		cmocka_unit_test(test_silent_broker),
		cmocka_unit_test(test_bad_properties),
		cmocka_unit_test(test_client_id_in_header),
		cmocka_unit_test(test_tcp_refused),
		cmocka_unit_test(test_tcp_timeout),
		cmocka_unit_test(test_tcp_real_exchange),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
