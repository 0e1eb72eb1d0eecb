/* wire_tls.c: see wire_tls.h. */
#include "config.h"

#include "wire_tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct wire_tls {
	SSL_CTX *ctx;
	bool verify;            /* enable.ssl.certificate.verification */
	bool check_host;        /* ssl.endpoint.identification.algorithm=https */
	char cert_note[128];    /* "; kdeck's certificate expired on ..." or "" */
};

typedef struct tls_transport {
	wire_transport base;
	wire_transport *inner;  /* the plain transport; owns the socket */
	int fd;
	SSL *ssl;
	const wire_tls *tls;
	bool cert_requested;    /* the broker asked for a client certificate */
	bool got_data;          /* some application data arrived */
} tls_transport;

void wire_tls_process_init(void)
{
	OPENSSL_init_ssl(OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_LOAD_SSL_STRINGS |
			 OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL);
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* OpenSSL's newest queued error as a short reason ("tlsv1 alert unknown
 * ca"), or `dflt` when the queue is empty.  Clears the queue. */
static const char *ssl_reason(char *buf, size_t len, const char *dflt)
{
	unsigned long e, last = 0;
	while ((e = ERR_get_error()) != 0)
		last = e;
	if (!last) {
		snprintf(buf, len, "%s", dflt);
		return buf;
	}
	const char *r = ERR_reason_error_string(last);
	if (r)
		snprintf(buf, len, "%s", r);
	else
		ERR_error_string_n(last, buf, len);
	return buf;
}

/* ---------------------------------------------------------------------
 * Loading certificates and keys
 * ------------------------------------------------------------------- */

static bool prop_bool(wire_prop_fn prop, void *ctx, const char *key, bool dflt,
		      int *bad)
{
	const char *v = prop ? prop(ctx, key) : NULL;
	if (!v)
		return dflt;
	if (!strcasecmp(v, "true") || !strcmp(v, "1"))
		return true;
	if (!strcasecmp(v, "false") || !strcmp(v, "0"))
		return false;
	*bad = 1;
	return dflt;
}

/* Every certificate of a PEM text into the verification store. */
static int add_ca_pem(SSL_CTX *ctx, const char *pem, char *err, size_t errlen)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509_STORE *store = SSL_CTX_get_cert_store(ctx);
	int n = 0;
	X509 *x;
	while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		X509_STORE_add_cert(store, x);
		X509_free(x);
		n++;
	}
	BIO_free(b);
	ERR_clear_error();      /* the end of the text reads as an error */
	if (n == 0) {
		snprintf(err, errlen, "ssl.ca.pem: no PEM certificate found");
		return -1;
	}
	return 0;
}

static int load_ca(SSL_CTX *ctx, wire_prop_fn prop, void *pctx, char *err, size_t errlen)
{
	const char *loc = prop ? prop(pctx, "ssl.ca.location") : NULL;
	const char *pem = prop ? prop(pctx, "ssl.ca.pem") : NULL;
	char why[160];
	if (pem && add_ca_pem(ctx, pem, err, errlen))
		return -1;
	if (loc && strcasecmp(loc, "probe")) {
		struct stat st;
		if (stat(loc, &st) < 0) {
			snprintf(err, errlen, "ssl.ca.location: %s: %s", loc, strerror(errno));
			return -1;
		}
		int ok = S_ISDIR(st.st_mode) ?
			SSL_CTX_load_verify_locations(ctx, NULL, loc) :
			SSL_CTX_load_verify_locations(ctx, loc, NULL);
		if (ok != 1) {
			snprintf(err, errlen, "ssl.ca.location: %s: %s", loc,
				 ssl_reason(why, sizeof(why), "cannot load"));
			return -1;
		}
	}
	/* As librdkafka: the system store unless a CA was given. */
	if ((!loc && !pem) || (loc && !strcasecmp(loc, "probe")))
		SSL_CTX_set_default_verify_paths(ctx);
	return 0;
}

/* The key password callback: the password never leaves this function's
 * caller (the key is loaded here, once). */
static int key_password_cb(char *buf, int size, int rwflag, void *u)
{
	(void)rwflag;
	const char *pw = u;
	if (!pw || size <= 0)
		return 0;
	size_t n = strlen(pw);
	if (n > (size_t)size)
		n = (size_t)size;
	memcpy(buf, pw, n);
	return (int)n;
}

static int load_client_cert(SSL_CTX *ctx, wire_prop_fn prop, void *pctx,
			    char *err, size_t errlen)
{
	const char *cert_loc = prop ? prop(pctx, "ssl.certificate.location") : NULL;
	const char *cert_pem = prop ? prop(pctx, "ssl.certificate.pem") : NULL;
	const char *key_loc = prop ? prop(pctx, "ssl.key.location") : NULL;
	const char *key_pem = prop ? prop(pctx, "ssl.key.pem") : NULL;
	const char *key_pw = prop ? prop(pctx, "ssl.key.password") : NULL;
	char why[160];

	if (!cert_loc && !cert_pem && !key_loc && !key_pem)
		return 0;
	if ((cert_loc || cert_pem) != (key_loc || key_pem)) {
		snprintf(err, errlen, "a client certificate needs both %s and %s",
			 "ssl.certificate.location (or .pem)", "ssl.key.location (or .pem)");
		return -1;
	}
	if (cert_loc) {
		if (SSL_CTX_use_certificate_chain_file(ctx, cert_loc) != 1) {
			snprintf(err, errlen, "ssl.certificate.location: %s: %s", cert_loc,
				 ssl_reason(why, sizeof(why), "cannot load"));
			return -1;
		}
	} else {
		BIO *b = BIO_new_mem_buf(cert_pem, -1);
		X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
		int ok = x && SSL_CTX_use_certificate(ctx, x) == 1;
		X509_free(x);
		/* the rest of the text is the chain */
		while (ok && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL)
			if (SSL_CTX_add_extra_chain_cert(ctx, x) != 1) {
				X509_free(x);
				ok = 0;
			}
		BIO_free(b);
		if (!ok) {
			snprintf(err, errlen, "ssl.certificate.pem: %s",
				 ssl_reason(why, sizeof(why), "no PEM certificate found"));
			return -1;
		}
		ERR_clear_error();
	}
	BIO *b = key_loc ? BIO_new_file(key_loc, "r") : BIO_new_mem_buf(key_pem, -1);
	const char *what = key_loc ? "ssl.key.location" : "ssl.key.pem";
	if (!b) {
		snprintf(err, errlen, "%s: %s%s%s", what, key_loc ? key_loc : "",
			 key_loc ? ": " : "", strerror(errno));
		ERR_clear_error();
		return -1;
	}
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, key_password_cb, (void *)key_pw);
	BIO_free(b);
	if (!k) {
		ssl_reason(why, sizeof(why), "no PEM private key found");
		snprintf(err, errlen, "%s%s%s: cannot read the private key (%s)%s",
			 what, key_loc ? " " : "", key_loc ? key_loc : "", why,
			 key_pw ? "; is ssl.key.password right?" :
			 "; an encrypted key needs ssl.key.password");
		return -1;
	}
	int ok = SSL_CTX_use_PrivateKey(ctx, k) == 1 && SSL_CTX_check_private_key(ctx) == 1;
	EVP_PKEY_free(k);
	if (!ok) {
		snprintf(err, errlen, "%s: the private key does not match the certificate (%s)",
			 what, ssl_reason(why, sizeof(why), "mismatch"));
		return -1;
	}
	return 0;
}

/* A client certificate out of its validity is the usual reason a broker
 * refuses it; the broker's alert rarely says so, kdeck can. */
static void note_cert_validity(wire_tls *tls)
{
	X509 *x = SSL_CTX_get0_certificate(tls->ctx);
	if (!x)
		return;
	const ASN1_TIME *t = NULL;
	const char *what = NULL;
	if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		t = X509_get0_notAfter(x);
		what = "expired on";
	} else if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0) {
		t = X509_get0_notBefore(x);
		what = "is not valid before";
	}
	if (!t)
		return;
	char when[64] = "?";
	BIO *b = BIO_new(BIO_s_mem());
	if (b && ASN1_TIME_print(b, t) == 1) {
		int n = BIO_read(b, when, sizeof(when) - 1);
		when[n > 0 ? n : 0] = '\0';
	}
	BIO_free(b);
	snprintf(tls->cert_note, sizeof(tls->cert_note),
		 "; kdeck's certificate %s %s", what, when);
}

wire_tls *wire_tls_new(wire_prop_fn prop, void *pctx, char *err, size_t errlen)
{
	int bad = 0;
	wire_tls *tls = calloc(1, sizeof(*tls));
	if (!tls) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	tls->verify = prop_bool(prop, pctx, "enable.ssl.certificate.verification", true, &bad);
	if (bad) {
		snprintf(err, errlen, "enable.ssl.certificate.verification: expected true or false");
		free(tls);
		return NULL;
	}
	const char *alg = prop ? prop(pctx, "ssl.endpoint.identification.algorithm") : NULL;
	if (alg && strcasecmp(alg, "https") && strcasecmp(alg, "none")) {
		snprintf(err, errlen, "ssl.endpoint.identification.algorithm: \"%s\" is "
			 "not https or none", alg);
		free(tls);
		return NULL;
	}
	tls->check_host = !alg || !strcasecmp(alg, "https");

	ERR_clear_error();
	tls->ctx = SSL_CTX_new(TLS_client_method());
	if (!tls->ctx) {
		char why[160];
		snprintf(err, errlen, "TLS: %s", ssl_reason(why, sizeof(why), "cannot set up"));
		free(tls);
		return NULL;
	}
	SSL_CTX_set_min_proto_version(tls->ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(tls->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	SSL_CTX_set_verify(tls->ctx, tls->verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
	const char *ciphers = prop ? prop(pctx, "ssl.cipher.suites") : NULL;
	if (ciphers && SSL_CTX_set_cipher_list(tls->ctx, ciphers) != 1) {
		snprintf(err, errlen, "ssl.cipher.suites: no usable cipher in \"%s\"", ciphers);
		wire_tls_free(tls);
		return NULL;
	}
	if (load_ca(tls->ctx, prop, pctx, err, errlen) ||
	    load_client_cert(tls->ctx, prop, pctx, err, errlen)) {
		wire_tls_free(tls);
		return NULL;
	}
	note_cert_validity(tls);
	ERR_clear_error();
	return tls;
}

void wire_tls_free(wire_tls *tls)
{
	if (!tls)
		return;
	SSL_CTX_free(tls->ctx);
	free(tls);
}

/* ---------------------------------------------------------------------
 * The transport
 * ------------------------------------------------------------------- */

/* Wait for what OpenSSL asked for (SSL_ERROR_WANT_READ/WRITE). */
static int tls_wait(tls_transport *tt, int want, int64_t deadline, const char *what,
		    char *err, size_t errlen)
{
	int64_t left = deadline - mono_ms();
	if (left < 0)
		left = 0;
	return wire_fd_wait(tt->fd, want == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN,
			    left > INT_MAX ? INT_MAX : (int)left, what, err, errlen);
}

/* Under TLS 1.3 the broker checks our certificate after our side of the
 * handshake is done, and its alert is often lost to the reset that
 * follows: a close before any answer, after it asked for a certificate,
 * is that rejection.  Fills err and returns true then. */
static bool rejected_client_cert(tls_transport *tt, char *err, size_t errlen)
{
	if (tt->got_data || !tt->cert_requested)
		return false;
	if (!SSL_get_certificate(tt->ssl))
		snprintf(err, errlen, "TLS: the broker requires a client certificate "
			 "(see ssl.certificate.location and ssl.key.location)");
	else
		snprintf(err, errlen, "TLS: the broker rejected kdeck's client certificate "
			 "and closed the connection (expired, revoked, or not signed by a "
			 "CA the broker trusts)%s", tt->tls->cert_note);
	return true;
}

/* Turn a failed SSL_read/SSL_write into a WIRE_ERR_*, or 0 to retry after
 * waiting. */
static int tls_io_error(tls_transport *tt, int ret, int64_t deadline, const char *what,
			char *err, size_t errlen)
{
	int e = SSL_get_error(tt->ssl, ret);
	char why[160];
	switch (e) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		return tls_wait(tt, e, deadline, what, err, errlen);
	case SSL_ERROR_ZERO_RETURN:
		if (rejected_client_cert(tt, err, errlen))
			return WIRE_ERR_TLS;
		snprintf(err, errlen, "connection closed by the broker (TLS close)");
		return WIRE_ERR_CLOSED;
	case SSL_ERROR_SYSCALL:
		ERR_clear_error();
		if (errno && errno != EPIPE && errno != ECONNRESET) {
			snprintf(err, errlen, "TLS: %s", strerror(errno));
			return WIRE_ERR_IO;
		}
		if (rejected_client_cert(tt, err, errlen))
			return WIRE_ERR_TLS;
		snprintf(err, errlen, "connection closed by the broker");
		return WIRE_ERR_CLOSED;
	default:
		/* After a TLS 1.3 handshake the broker checks our certificate
		 * and answers the first record with an alert: this is where a
		 * rejected client certificate shows, when the alert arrives. */
		ssl_reason(why, sizeof(why), "protocol error");
		if (tt->cert_requested && !tt->got_data && strstr(why, "alert") &&
		    !SSL_get_certificate(tt->ssl))
			snprintf(err, errlen, "TLS: the broker requires a client certificate "
				 "(see ssl.certificate.location and ssl.key.location): %s", why);
		else if (tt->cert_requested && !tt->got_data && strstr(why, "alert"))
			snprintf(err, errlen, "TLS: the broker rejected kdeck's client "
				 "certificate: %s%s", why, tt->tls->cert_note);
		else
			snprintf(err, errlen, "TLS: %s", why);
		return WIRE_ERR_TLS;
	}
}

/* SSL_read or SSL_write until some bytes moved or the time is up. */
static ssize_t tls_io(wire_transport *t, void *buf, size_t n, int timeout_ms,
		      bool writing, char *err, size_t errlen)
{
	tls_transport *tt = (tls_transport *)t;
	int64_t deadline = mono_ms() + timeout_ms;
	if (n > INT_MAX)
		n = INT_MAX;
	for (;;) {
		ERR_clear_error();
		errno = 0;
		int done = writing ? SSL_write(tt->ssl, buf, (int)n) :
				     SSL_read(tt->ssl, buf, (int)n);
		if (done > 0) {
			if (!writing)
				tt->got_data = true;
			return done;
		}
		int rc = tls_io_error(tt, done, deadline, writing ? "sending the request" :
				      "waiting for the response", err, errlen);
		if (rc)
			return rc;
	}
}

static ssize_t tls_read(wire_transport *t, void *buf, size_t n, int timeout_ms,
			char *err, size_t errlen)
{
	return tls_io(t, buf, n, timeout_ms, false, err, errlen);
}

static ssize_t tls_write(wire_transport *t, const void *buf, size_t n, int timeout_ms,
			 char *err, size_t errlen)
{
	return tls_io(t, (void *)buf, n, timeout_ms, true, err, errlen);
}

static void tls_close(wire_transport *t)
{
	tls_transport *tt = (tls_transport *)t;
	if (tt->ssl) {
		SSL_shutdown(tt->ssl);  /* one close_notify, never waits */
		SSL_free(tt->ssl);
	}
	ERR_clear_error();
	tt->inner->ops->close(tt->inner);
	free(tt);
}

static const wire_transport_ops tls_ops = {
	"ssl", tls_read, tls_write, tls_close,
};

/* Called when the broker sends a CertificateRequest. */
static int note_cert_request(SSL *ssl, void *arg)
{
	(void)ssl;
	((tls_transport *)arg)->cert_requested = true;
	return 1;
}

static bool is_ip(const char *host)
{
	unsigned char b[16];
	return inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1;
}

/* Why the handshake failed, in an operator's words: the verification
 * result when there is one, else OpenSSL's reason (an alert, ...). */
static void handshake_error(tls_transport *tt, const char *host, char *err, size_t errlen)
{
	char why[160];
	long vr = SSL_get_verify_result(tt->ssl);
	if (vr != X509_V_OK) {
		ERR_clear_error();
		const char *s = X509_verify_cert_error_string(vr);
		if (vr == X509_V_ERR_HOSTNAME_MISMATCH || vr == X509_V_ERR_IP_ADDRESS_MISMATCH)
			snprintf(err, errlen, "TLS: the broker's certificate does not name "
				 "\"%s\" (hostname mismatch; see "
				 "ssl.endpoint.identification.algorithm)", host);
		else
			snprintf(err, errlen, "TLS: certificate verification failed: %s "
				 "(see ssl.ca.location)", s);
		return;
	}
	snprintf(err, errlen, "TLS handshake failed: %s",
		 ssl_reason(why, sizeof(why), "connection closed during the handshake"));
}

int wire_tls_wrap(wire_tls *tls, const char *host, wire_transport **t,
		  int timeout_ms, char *err, size_t errlen)
{
	int fd = wire_transport_plain_fd(*t);
	if (fd < 0) {
		snprintf(err, errlen, "TLS: no socket to wrap");
		return WIRE_ERR_CONFIG;
	}
	tls_transport *tt = calloc(1, sizeof(*tt));
	if (!tt) {
		snprintf(err, errlen, "out of memory");
		return WIRE_ERR_IO;
	}
	ERR_clear_error();
	tt->base.ops = &tls_ops;
	tt->inner = *t;
	tt->fd = fd;
	tt->tls = tls;
	tt->ssl = SSL_new(tls->ctx);
	if (!tt->ssl || SSL_set_fd(tt->ssl, fd) != 1) {
		char why[160];
		snprintf(err, errlen, "TLS: %s", ssl_reason(why, sizeof(why), "cannot set up"));
		SSL_free(tt->ssl);
		free(tt);
		return WIRE_ERR_IO;
	}
	SSL_set_cert_cb(tt->ssl, note_cert_request, tt);
	bool ip = is_ip(host);
	if (!ip)
		SSL_set_tlsext_host_name(tt->ssl, host);        /* SNI */
	if (tls->verify && tls->check_host) {
		if (ip)
			X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tt->ssl), host);
		else
			SSL_set1_host(tt->ssl, host);
	}
	int64_t deadline = mono_ms() + timeout_ms;
	for (;;) {
		ERR_clear_error();
		errno = 0;
		int r = SSL_connect(tt->ssl);
		if (r == 1)
			break;
		int e = SSL_get_error(tt->ssl, r);
		int rc;
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			rc = tls_wait(tt, e, deadline, "in the TLS handshake", err, errlen);
		} else {
			handshake_error(tt, host, err, errlen);
			rc = WIRE_ERR_TLS;
		}
		if (rc) {
			SSL_free(tt->ssl);
			free(tt);       /* *t still owns the socket */
			ERR_clear_error();
			return rc;
		}
	}
	*t = &tt->base;
	return WIRE_OK;
}
