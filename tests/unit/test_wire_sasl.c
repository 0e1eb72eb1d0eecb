/*
 * test_wire_sasl.c: the SASL exchange on kdeck's own connections, against
 * a scripted broker behind a fake transport: ApiVersions is a real capture
 * (Kafka 3.9.1); SaslHandshake and SaslAuthenticate answers are built here
 * from the published schemas.  Checks the bytes kdeck sends (PLAIN
 * framing), the errors an operator reads, that no secret reaches them,
 * and that re-authentication (KIP-368) runs before the session ends.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base64.h"
#include "clock.h"
#include "wire_buf.h"
#include "wire_call.h"
#include "wire_capture_load.h"
#include "wire_conn.h"
#include "wire_sasl.h"

#define PASSWORD "pw-Zq81-secret"

typedef struct script {
	int16_t auth_error;             /* SaslAuthenticate error code */
	const char *auth_message;       /* its error message */
	int64_t lifetime_ms;            /* session_lifetime_ms granted */
	int16_t hs_error;               /* SaslHandshake error code */
	/* what the broker saw, in order */
	int16_t apis[64];
	int n_apis;
	uint8_t last_auth[256];         /* the last SaslAuthenticate auth_bytes */
	size_t last_auth_len;
	char mech[64];                  /* the last mechanism asked for */
} script;

typedef struct fake {
	wire_transport base;
	script *s;
	uint8_t in[65536];
	size_t in_len;
	uint8_t *out;
	size_t out_len, out_off;
} fake;

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Frame a response body for api/version with correlation id corr. */
static void queue(fake *f, int16_t api, int16_t version, int32_t corr, wire_wbuf *body)
{
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i32(&w, corr);
	if (api == WIRE_API_SASL_AUTHENTICATE && version >= 2)
		wire_wbuf_put_no_tags(&w);      /* response header v1 */
	wire_wbuf_put_raw(&w, body->data, body->len);
	wire_wbuf_patch_i32(&w, 0, (int32_t)(w.len - 4));
	free(f->out);
	f->out = w.data;
	f->out_len = w.len;
	f->out_off = 0;
}

static void answer(fake *f)
{
	script *s = f->s;
	int16_t api = (int16_t)(f->in[4] << 8 | f->in[5]);
	int16_t version = (int16_t)(f->in[6] << 8 | f->in[7]);
	int32_t corr = (int32_t)be32(f->in + 8);
	if (s->n_apis < 64)
		s->apis[s->n_apis++] = api;
	/* request header v1 (v2 adds tags): api, version, corr, client id */
	size_t off = 12;
	int16_t idlen = (int16_t)(f->in[off] << 8 | f->in[off + 1]);
	off += 2 + (idlen > 0 ? (size_t)idlen : 0);
	bool flex = api == WIRE_API_SASL_AUTHENTICATE && version >= 2;
	if (flex)
		off++;                  /* empty tagged fields */
	wire_rbuf r;
	wire_rbuf_init(&r, f->in + off, f->in_len - off);
	wire_wbuf body;
	wire_wbuf_init(&body);

	if (api == WIRE_API_API_VERSIONS) {
		uint8_t *cap;
		size_t len;
		assert_int_equal(wcap_load("apiversions", version, "3.9.1", "resp", &cap, &len), 0);
		free(f->out);
		f->out = cap;
		f->out_len = len;
		f->out_off = 0;
		f->out[4] = (uint8_t)(corr >> 24);
		f->out[5] = (uint8_t)(corr >> 16);
		f->out[6] = (uint8_t)(corr >> 8);
		f->out[7] = (uint8_t)corr;
		wire_wbuf_free(&body);
		return;
	}
	if (api == WIRE_API_SASL_HANDSHAKE) {
		kd_arena a;
		arena_init(&a);
		char *m = wire_rbuf_str(&r, &a, false, false);
		snprintf(s->mech, sizeof(s->mech), "%s", m ? m : "");
		arena_free(&a);
		wire_wbuf_put_i16(&body, s->hs_error);
		wire_wbuf_put_array_len(&body, 2, false);
		wire_wbuf_put_str(&body, "PLAIN", false);
		wire_wbuf_put_str(&body, "SCRAM-SHA-512", false);
	} else if (api == WIRE_API_SASL_AUTHENTICATE) {
		const uint8_t *p;
		size_t n;
		wire_rbuf_bytes(&r, flex, &p, &n);
		assert_false(r.failed);
		assert_true(n <= sizeof(s->last_auth));
		memcpy(s->last_auth, p, n);
		s->last_auth_len = n;
		wire_wbuf_put_i16(&body, s->auth_error);
		wire_wbuf_put_str(&body, s->auth_error ? s->auth_message : NULL, flex);
		wire_wbuf_put_bytes(&body, "", 0, flex);
		if (version >= 1)
			wire_wbuf_put_i64(&body, s->lifetime_ms);
		if (flex)
			wire_wbuf_put_no_tags(&body);
	} else {
		/* anything else: an empty Metadata v1 is not needed; answer
		 * with an unparseable body so the test sees the order only */
		wire_wbuf_put_i32(&body, 0);
	}
	queue(f, api, version, corr, &body);
	wire_wbuf_free(&body);
}

static ssize_t fake_write(wire_transport *t, const void *buf, size_t n, int timeout_ms,
			  char *err, size_t errlen)
{
	fake *f = (fake *)t;
	(void)timeout_ms;
	(void)err;
	(void)errlen;
	assert_true(f->in_len + n <= sizeof(f->in));
	memcpy(f->in + f->in_len, buf, n);
	f->in_len += n;
	if (f->in_len >= 4 && f->in_len == be32(f->in) + 4) {
		answer(f);
		f->in_len = 0;
	}
	return (ssize_t)n;
}

static ssize_t fake_read(wire_transport *t, void *buf, size_t n, int timeout_ms,
			 char *err, size_t errlen)
{
	fake *f = (fake *)t;
	if (f->out_off == f->out_len) {
		snprintf(err, errlen, "timed out after %d ms (fake)", timeout_ms);
		return WIRE_ERR_TIMEOUT;
	}
	size_t give = f->out_len - f->out_off;
	if (give > n)
		give = n;
	memcpy(buf, f->out + f->out_off, give);
	f->out_off += give;
	return (ssize_t)give;
}

static void fake_close(wire_transport *t)
{
	fake *f = (fake *)t;
	free(f->out);
	free(f);
}

static const wire_transport_ops fake_ops = { "fake", fake_read, fake_write, fake_close };

typedef struct auth_ctx {
	sasl_creds creds;
	int calls;
} auth_ctx;

static int hook(void *ctx, wire_conn *c, char *err, size_t errlen)
{
	auth_ctx *a = ctx;
	a->calls++;
	return wire_sasl_authenticate(c, &a->creds, err, errlen);
}

static int open_with(script *s, auth_ctx *a, wire_conn **c, char *err, size_t errlen)
{
	fake *f = calloc(1, sizeof(*f));
	f->base.ops = &fake_ops;
	f->s = s;
	wire_conn_opts o = { .authenticate = hook, .hook_ctx = a };
	return wire_conn_open_transport(c, &f->base, "broker-a", 9096, &o, err, errlen);
}

static void test_plain_framing_and_lifetime(void **state)
{
	(void)state;
	script s = { .lifetime_ms = 10000 };
	auth_ctx a = { .creds = { .mechanism = "PLAIN", .username = "alice",
				  .password = PASSWORD } };
	wire_conn *c;
	char err[512];
	int64_t before = clock_mono_ms();
	assert_int_equal(open_with(&s, &a, &c, err, sizeof(err)), WIRE_OK);
	assert_string_equal(s.mech, "PLAIN");
	static const char want[] = "\0alice\0" PASSWORD;
	assert_int_equal(s.last_auth_len, sizeof(want) - 1);
	assert_memory_equal(s.last_auth, want, sizeof(want) - 1);
	/* handshake, then authenticate, after ApiVersions */
	assert_int_equal(s.n_apis, 3);
	assert_int_equal(s.apis[0], WIRE_API_API_VERSIONS);
	assert_int_equal(s.apis[1], WIRE_API_SASL_HANDSHAKE);
	assert_int_equal(s.apis[2], WIRE_API_SASL_AUTHENTICATE);
	/* re-authentication is scheduled before the 10 s session ends */
	int64_t at = wire_conn_reauth_at(c);
	assert_true(at > before + 5000);
	assert_true(at < before + 10000);
	wire_conn_close(c);
}

static void test_no_lifetime_no_reauth(void **state)
{
	(void)state;
	script s = { .lifetime_ms = 0 };
	auth_ctx a = { .creds = { .mechanism = "PLAIN", .username = "alice",
				  .password = PASSWORD } };
	wire_conn *c;
	char err[512];
	assert_int_equal(open_with(&s, &a, &c, err, sizeof(err)), WIRE_OK);
	assert_int_equal(wire_conn_reauth_at(c), 0);
	wire_conn_close(c);
}

/* A session of 300 ms: the next request after 85% of it re-authenticates
 * first, on the same connection. */
static void test_reauth_before_expiry(void **state)
{
	(void)state;
	script s = { .lifetime_ms = 300 };
	auth_ctx a = { .creds = { .mechanism = "PLAIN", .username = "alice",
				  .password = PASSWORD } };
	wire_conn *c;
	char err[512];
	assert_int_equal(open_with(&s, &a, &c, err, sizeof(err)), WIRE_OK);
	assert_int_equal(a.calls, 1);
	int64_t at = wire_conn_reauth_at(c);
	/* a request now does not re-authenticate */
	const uint8_t *resp;
	size_t len;
	assert_int_equal(wire_conn_request(c, WIRE_API_API_VERSIONS, 0, "", 0,
					   &resp, &len, err, sizeof(err)), WIRE_OK);
	assert_int_equal(a.calls, 1);
	while (clock_mono_ms() < at)
		usleep(10000);
	assert_int_equal(wire_conn_request(c, WIRE_API_API_VERSIONS, 0, "", 0,
					   &resp, &len, err, sizeof(err)), WIRE_OK);
	assert_int_equal(a.calls, 2);
	int n = s.n_apis;
	assert_int_equal(s.apis[n - 3], WIRE_API_SASL_HANDSHAKE);
	assert_int_equal(s.apis[n - 2], WIRE_API_SASL_AUTHENTICATE);
	assert_int_equal(s.apis[n - 1], WIRE_API_API_VERSIONS);
	assert_true(wire_conn_reauth_at(c) > at);
	wire_conn_close(c);
}

static void test_wrong_password(void **state)
{
	(void)state;
	script s = { .auth_error = 58,
		     .auth_message = "Authentication failed: Invalid username or password" };
	auth_ctx a = { .creds = { .mechanism = "PLAIN", .username = "alice",
				  .password = PASSWORD } };
	wire_conn *c;
	char err[512];
	assert_int_equal(open_with(&s, &a, &c, err, sizeof(err)), WIRE_ERR_AUTH);
	assert_null(c);
	assert_non_null(strstr(err, "authentication failed (PLAIN): Authentication "
			       "failed: Invalid username or password"));
	assert_non_null(strstr(err, "broker-a:9096"));
	assert_null(strstr(err, PASSWORD));
}

static void test_mechanism_not_enabled(void **state)
{
	(void)state;
	script s = { .hs_error = 33 };
	auth_ctx a = { .creds = { .mechanism = "scram-sha-256", .username = "alice",
				  .password = PASSWORD } };
	wire_conn *c;
	char err[512];
	assert_int_equal(open_with(&s, &a, &c, err, sizeof(err)), WIRE_ERR_AUTH);
	assert_non_null(strstr(err, "does not enable SCRAM-SHA-256"));
	assert_non_null(strstr(err, "PLAIN, SCRAM-SHA-512"));
}

/* A broker's error message is shown without its control bytes. */
static void test_hostile_message(void **state)
{
	(void)state;
	script s = { .auth_error = 58, .auth_message = "bad\x1b]0;owned\x07\r\n" };
	auth_ctx a = { .creds = { .mechanism = "PLAIN", .username = "alice",
				  .password = PASSWORD } };
	wire_conn *c;
	char err[512];
	assert_int_equal(open_with(&s, &a, &c, err, sizeof(err)), WIRE_ERR_AUTH);
	for (const char *p = err; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p != 0x7f);
	assert_non_null(strstr(err, "bad?]0;owned???"));
}

static void test_base64(void **state)
{
	(void)state;
	char out[64];
	uint8_t back[64];
	/* RFC 4648 section 10 */
	assert_int_equal(base64_encode("foobar", 6, false, out, sizeof(out)), 8);
	assert_string_equal(out, "Zm9vYmFy");
	base64_encode("fo", 2, false, out, sizeof(out));
	assert_string_equal(out, "Zm8=");
	base64_encode("fo", 2, true, out, sizeof(out));
	assert_string_equal(out, "Zm8");
	static const uint8_t bin[] = { 0xfb, 0xff, 0xfe };
	base64_encode(bin, 3, true, out, sizeof(out));
	assert_string_equal(out, "-__-");
	base64_encode(bin, 3, false, out, sizeof(out));
	assert_string_equal(out, "+//+");
	assert_int_equal(base64_decode("-__-", 4, back, sizeof(back)), 3);
	assert_memory_equal(back, bin, 3);
	assert_int_equal(base64_decode("Zm8=", 4, back, sizeof(back)), 2);
	assert_int_equal(base64_decode("Zm8", 3, back, sizeof(back)), 2);
	assert_memory_equal(back, "fo", 2);
	assert_int_equal(base64_decode("Z", 1, back, sizeof(back)), (size_t)-1);
	assert_int_equal(base64_decode("Zm!v", 4, back, sizeof(back)), (size_t)-1);
	assert_int_equal(base64_decode("Zm9vYmFy", 8, back, 5), (size_t)-1);
	assert_int_equal(base64_encode("foobar", 6, false, out, 8), (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_framing_and_lifetime),
		cmocka_unit_test(test_no_lifetime_no_reauth),
		cmocka_unit_test(test_reauth_before_expiry),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_mechanism_not_enabled),
		cmocka_unit_test(test_hostile_message),
		cmocka_unit_test(test_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
