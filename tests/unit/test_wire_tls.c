/*
 * test_wire_tls.c: TLS on kdeck's own connections against an OpenSSL
 * server in a thread on 127.0.0.1, with certificates made here (a CA, a
 * broker certificate naming 127.0.0.1, an expired one, a client one).
 * The server answers ApiVersions with a real broker capture, so a good
 * handshake ends in a negotiated connection.  Checks what an operator
 * reads for each failure, and that the handshake honours its timeout.
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
#include <unistd.h>

#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "clock.h"
#include "wire_capture_load.h"
#include "wire_conn.h"
#include "wire_tls.h"

/* ---------------------------------------------------------------------
 * Certificates
 * ------------------------------------------------------------------- */

typedef struct pki {
	EVP_PKEY *ca_key, *key, *other_ca_key;
	X509 *ca, *good, *expired, *client, *other_ca;
	X509 *expired_client;
	char *ca_pem, *other_ca_pem, *client_pem, *client_key_pem, *expired_client_pem;
} pki;

static pki P;

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	assert_non_null(k);
	return k;
}

/* A certificate for cn signed by (issuer, ikey), valid from `from` to
 * `to` seconds around now, naming san (NULL: none). */
static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey,
		       long from, long to, const char *san, bool ca)
{
	static long serial = 1;
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_gmtime_adj(X509_getm_notBefore(x), from);
	X509_gmtime_adj(X509_getm_notAfter(x), to);
	X509_set_pubkey(x, key);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints,
						  ca ? "critical,CA:TRUE" : "CA:FALSE");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	if (san) {
		ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, san);
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	assert_true(X509_sign(x, ikey, EVP_sha256()) > 0);
	return x;
}

static char *cert_pem(X509 *x)
{
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, x);
	char *p;
	long n = BIO_get_mem_data(b, &p);
	char *s = strndup(p, (size_t)n);
	BIO_free(b);
	return s;
}

static char *key_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
	char *p;
	long n = BIO_get_mem_data(b, &p);
	char *s = strndup(p, (size_t)n);
	BIO_free(b);
	return s;
}

static int setup_pki(void **state)
{
	(void)state;
	P.ca_key = new_key();
	P.key = new_key();
	P.other_ca_key = new_key();
	P.ca = make_cert("test CA", P.ca_key, NULL, P.ca_key, -3600, 86400, NULL, true);
	P.other_ca = make_cert("other CA", P.other_ca_key, NULL, P.other_ca_key, -3600, 86400,
			       NULL, true);
	P.good = make_cert("broker", P.key, P.ca, P.ca_key, -3600, 86400, "IP:127.0.0.1", false);
	P.expired = make_cert("broker", P.key, P.ca, P.ca_key, -86400 * 3, -86400,
			      "IP:127.0.0.1", false);
	P.client = make_cert("client", P.key, P.ca, P.ca_key, -3600, 86400, NULL, false);
	P.expired_client = make_cert("client", P.key, P.ca, P.ca_key, -86400 * 3, -86400,
				     NULL, false);
	P.expired_client_pem = cert_pem(P.expired_client);
	P.ca_pem = cert_pem(P.ca);
	P.other_ca_pem = cert_pem(P.other_ca);
	P.client_pem = cert_pem(P.client);
	P.client_key_pem = key_pem(P.key);
	return 0;
}

static int teardown_pki(void **state)
{
	(void)state;
	EVP_PKEY_free(P.ca_key);
	EVP_PKEY_free(P.key);
	EVP_PKEY_free(P.other_ca_key);
	X509_free(P.ca);
	X509_free(P.other_ca);
	X509_free(P.good);
	X509_free(P.expired);
	X509_free(P.client);
	X509_free(P.expired_client);
	free(P.expired_client_pem);
	free(P.ca_pem);
	free(P.other_ca_pem);
	free(P.client_pem);
	free(P.client_key_pem);
	return 0;
}

/* ---------------------------------------------------------------------
 * A one-connection TLS broker
 * ------------------------------------------------------------------- */

typedef struct server {
	int lfd, port;
	X509 *cert;
	bool require_client_cert;
	bool silent;                    /* accept TCP, never speak TLS */
	pthread_t th;
	bool client_cert_seen;
} server;

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool ssl_read_all(SSL *ssl, uint8_t *p, size_t n)
{
	while (n > 0) {
		int got = SSL_read(ssl, p, (int)n);
		if (got <= 0)
			return false;
		p += got;
		n -= (size_t)got;
	}
	return true;
}

static void *serve(void *arg)
{
	server *sv = arg;
	int fd = accept(sv->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	if (sv->silent) {
		sleep(2);
		close(fd);
		return NULL;
	}
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_use_certificate(ctx, sv->cert);
	SSL_CTX_use_PrivateKey(ctx, P.key);
	if (sv->require_client_cert) {
		X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), P.ca);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	SSL *ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) == 1) {
		X509 *peer = SSL_get1_peer_certificate(ssl);
		sv->client_cert_seen = peer != NULL;
		X509_free(peer);
		/* answer one ApiVersions request with the 3.9.1 capture */
		uint8_t hdr[4], req[4096];
		if (ssl_read_all(ssl, hdr, 4) && be32(hdr) <= sizeof(req) &&
		    ssl_read_all(ssl, req, be32(hdr))) {
			int16_t version = (int16_t)(req[2] << 8 | req[3]);
			uint8_t *resp;
			size_t len;
			if (wcap_load("apiversions", version, "3.9.1", "resp", &resp, &len) == 0) {
				memcpy(resp + 4, req + 4, 4);  /* correlation id */
				SSL_write(ssl, resp, (int)len);
				free(resp);
			}
			uint8_t more[16];
			SSL_read(ssl, more, sizeof(more));     /* until the client closes */
		}
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	ERR_clear_error();
	close(fd);
	return NULL;
}

static void server_start(server *sv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(sv->lfd >= 0);
	assert_int_equal(bind(sv->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(sv->lfd, 4), 0);
	getsockname(sv->lfd, (struct sockaddr *)&a, &alen);
	sv->port = ntohs(a.sin_port);
	pthread_create(&sv->th, NULL, serve, sv);
}

static void server_stop(server *sv)
{
	shutdown(sv->lfd, SHUT_RDWR);
	pthread_join(sv->th, NULL);
	close(sv->lfd);
}

/* ---------------------------------------------------------------------
 * Connecting through wire_tls
 * ------------------------------------------------------------------- */

typedef struct conn_try {
	const char *host;               /* default 127.0.0.1 */
	const char *const *props;       /* extra key, value pairs */
	int rc;
	char err[512];
	bool client_cert_seen;
} conn_try;

static bool fail_if_null(const void *p, const char *err)
{
	if (!p)
		fail_msg("wire_tls_new: %s", err);
	return p != NULL;
}

static int wrap(void *ctx, const char *host, wire_transport **t, int timeout_ms,
		char *err, size_t errlen)
{
	return wire_tls_wrap(ctx, host, t, timeout_ms, err, errlen);
}

static void try_connect(server *sv, conn_try *ct)
{
	const char *props[32];
	size_t n = 0;
	props[n++] = "security.protocol";
	props[n++] = "SSL";
	props[n++] = "socket.connection.setup.timeout.ms";
	props[n++] = "1000";
	for (const char *const *p = ct->props; p && p[0]; p += 2) {
		props[n++] = p[0];
		props[n++] = p[1];
	}
	props[n] = NULL;
	char err[512];
	wire_tls *tls = wire_tls_new(wire_props_kv, props, err, sizeof(err));
	if (!fail_if_null(tls, err))
		return;
	wire_conn_opts o = { .prop = wire_props_kv, .prop_ctx = props,
			     .wrap = wrap, .hook_ctx = tls };
	wire_conn *c = NULL;
	ct->rc = wire_conn_open(&c, ct->host ? ct->host : "127.0.0.1", sv->port, &o,
				ct->err, sizeof(ct->err));
	wire_conn_close(c);
	wire_tls_free(tls);
	server_stop(sv);
	ct->client_cert_seen = sv->client_cert_seen;
}

static void test_good_handshake(void **state)
{
	(void)state;
	server sv = { .cert = P.good };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.ca_pem, NULL };
	conn_try ct = { .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_OK);
	assert_false(ct.client_cert_seen);
}

static void test_unknown_ca(void **state)
{
	(void)state;
	server sv = { .cert = P.good };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.other_ca_pem, NULL };
	conn_try ct = { .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_ERR_TLS);
	assert_non_null(strstr(ct.err, "broker 127.0.0.1:"));
	assert_non_null(strstr(ct.err, "certificate verification failed"));
}

static void test_hostname_mismatch(void **state)
{
	(void)state;
	server sv = { .cert = P.good };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.ca_pem, NULL };
	conn_try ct = { .host = "localhost", .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_ERR_TLS);
	assert_non_null(strstr(ct.err, "broker localhost:"));
	assert_non_null(strstr(ct.err, "does not name \"localhost\" (hostname mismatch"));
}

/* ssl.endpoint.identification.algorithm=none: the name is not checked */
static void test_hostname_check_off(void **state)
{
	(void)state;
	server sv = { .cert = P.good };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.ca_pem,
				"ssl.endpoint.identification.algorithm", "none", NULL };
	conn_try ct = { .host = "localhost", .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_OK);
}

static void test_expired_server_cert(void **state)
{
	(void)state;
	server sv = { .cert = P.expired };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.ca_pem, NULL };
	conn_try ct = { .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_ERR_TLS);
	assert_non_null(strstr(ct.err, "certificate has expired"));
}

static void test_verification_off(void **state)
{
	(void)state;
	server sv = { .cert = P.expired };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.other_ca_pem,
				"enable.ssl.certificate.verification", "false", NULL };
	conn_try ct = { .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_OK);
}

static void test_client_certificate(void **state)
{
	(void)state;
	server sv = { .cert = P.good, .require_client_cert = true };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.ca_pem, "ssl.certificate.pem", P.client_pem,
				"ssl.key.pem", P.client_key_pem, NULL };
	conn_try ct = { .props = props };
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_OK);
	assert_true(ct.client_cert_seen);

	/* without one, the broker refuses (an alert, after the handshake
	 * under TLS 1.3): a TLS error, not a hang */
	server sv2 = { .cert = P.good, .require_client_cert = true };
	server_start(&sv2);
	const char *props2[] = { "ssl.ca.pem", P.ca_pem, NULL };
	conn_try ct2 = { .props = props2 };
	try_connect(&sv2, &ct2);
	if (ct2.rc != WIRE_ERR_TLS)
		fail_msg("rc %d: %s", ct2.rc, ct2.err);
	assert_non_null(strstr(ct2.err, "TLS: the broker requires a client certificate"));

	/* an expired one: rejected, and said so */
	server sv3 = { .cert = P.good, .require_client_cert = true };
	server_start(&sv3);
	const char *props3[] = { "ssl.ca.pem", P.ca_pem, "ssl.certificate.pem",
				 P.expired_client_pem, "ssl.key.pem", P.client_key_pem, NULL };
	conn_try ct3 = { .props = props3 };
	try_connect(&sv3, &ct3);
	if (ct3.rc != WIRE_ERR_TLS)
		fail_msg("rc %d: %s", ct3.rc, ct3.err);
	assert_non_null(strstr(ct3.err, "TLS: the broker rejected kdeck's client certificate"));
	assert_non_null(strstr(ct3.err, "; kdeck's certificate expired on "));
}

/* A peer that accepts TCP but never answers the ClientHello: the
 * handshake gives up within socket.connection.setup.timeout.ms. */
static void test_handshake_timeout(void **state)
{
	(void)state;
	server sv = { .cert = P.good, .silent = true };
	server_start(&sv);
	const char *props[] = { "ssl.ca.pem", P.ca_pem, NULL };
	conn_try ct = { .props = props };
	int64_t t0 = clock_mono_ms();
	try_connect(&sv, &ct);
	assert_int_equal(ct.rc, WIRE_ERR_TIMEOUT);
	assert_non_null(strstr(ct.err, "timed out in the TLS handshake"));
	/* joined with the 2 s server: the give-up itself came first */
	assert_true(clock_mono_ms() - t0 < 10000);
}

static void test_bad_settings(void **state)
{
	(void)state;
	static const struct {
		const char *key, *value, *msg;
	} bad[] = {
		{ "ssl.ca.location", "/nonexistent/ca.pem", "ssl.ca.location: /nonexistent/ca.pem:" },
		{ "ssl.ca.pem", "not a certificate", "ssl.ca.pem: no PEM certificate found" },
		{ "ssl.endpoint.identification.algorithm", "dns", "is not https or none" },
		{ "enable.ssl.certificate.verification", "maybe", "expected true or false" },
		{ "ssl.certificate.pem", "x", "needs both" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *props[] = { bad[i].key, bad[i].value, NULL };
		char err[512];
		wire_tls *tls = wire_tls_new(wire_props_kv, props, err, sizeof(err));
		assert_null(tls);
		if (!strstr(err, bad[i].msg))
			fail_msg("%s=%s: got \"%s\"", bad[i].key, bad[i].value, err);
	}
	/* an encrypted key without its password: named, and no prompt */
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(b, P.key, EVP_aes_128_cbc(), NULL, 0, NULL,
				 (void *)"key-pw-Xy7");
	char *p;
	long n = BIO_get_mem_data(b, &p);
	char *enc = strndup(p, (size_t)n);
	BIO_free(b);
	const char *props[] = { "ssl.certificate.pem", P.client_pem, "ssl.key.pem", enc,
				"ssl.key.password", "wrong-pw-Qr5", NULL };
	char err[512];
	assert_null(wire_tls_new(wire_props_kv, props, err, sizeof(err)));
	assert_non_null(strstr(err, "ssl.key.pem: cannot read the private key"));
	assert_null(strstr(err, "wrong-pw-Qr5"));
	const char *right[] = { "ssl.certificate.pem", P.client_pem, "ssl.key.pem", enc,
				"ssl.key.password", "key-pw-Xy7", NULL };
	wire_tls *tls = wire_tls_new(wire_props_kv, right, err, sizeof(err));
	assert_non_null(tls);
	wire_tls_free(tls);
	free(enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_handshake),
		cmocka_unit_test(test_unknown_ca),
		cmocka_unit_test(test_hostname_mismatch),
		cmocka_unit_test(test_hostname_check_off),
		cmocka_unit_test(test_expired_server_cert),
		cmocka_unit_test(test_verification_off),
		cmocka_unit_test(test_client_certificate),
		cmocka_unit_test(test_handshake_timeout),
		cmocka_unit_test(test_bad_settings),
	};
	return cmocka_run_group_tests(tests, setup_pki, teardown_pki);
}
