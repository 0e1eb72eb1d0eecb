/* sasl_mech.c: see sasl_mech.h. */
#include "config.h"

#include "sasl_mech.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "base64.h"

#define SCRAM_MIN_ITERATIONS 4096      /* what Kafka's own client enforces */
#define SCRAM_MAX_ITERATIONS 1000000   /* beyond this a broker is stalling us */
#define SCRAM_NONCE_RAW 24             /* random bytes: 32 base64url chars */
#define SCRAM_SERVER_MAX 1024          /* longest server message read */
#define SCRAM_SERVER_NONCE_MAX 512
#define SCRAM_SALT_MAX 384
#define TOKEN_MAX 16384
#define QUOTE_MAX 120                  /* broker text quoted in a message */

typedef enum { MECH_PLAIN, MECH_SCRAM256, MECH_SCRAM512, MECH_OAUTH } mech_kind;

static const struct {
	const char *name;
	mech_kind kind;
} mechs[] = {
	{ "PLAIN", MECH_PLAIN },
	{ "SCRAM-SHA-256", MECH_SCRAM256 },
	{ "SCRAM-SHA-512", MECH_SCRAM512 },
	{ "OAUTHBEARER", MECH_OAUTH },
};

#define N_MECHS (sizeof(mechs) / sizeof(mechs[0]))
#define MECH_LIST "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER"

struct sasl_mech {
	mech_kind kind;
	const char *name;
	int stage;                      /* messages sent so far */
	bool over;                      /* DONE or FAIL was returned */
	char *username, *password;      /* wiped on free */
	sasl_token_fn token;
	void *token_ctx;
	int64_t expiry_ms;
	/* SCRAM */
	const EVP_MD *md;
	size_t mdlen;
	char nonce[64];
	char *client_first_bare;
	uint8_t server_key[EVP_MAX_MD_SIZE];
	char *auth_message;
	/* the last message, wiped on the next send and on free */
	uint8_t *out;
	size_t outlen;
};

static int find_mech(const char *name)
{
	for (size_t i = 0; name && i < N_MECHS; i++)
		if (!strcasecmp(name, mechs[i].name))
			return (int)i;
	return -1;
}

int sasl_mech_supported(const char *name)
{
	return find_mech(name) >= 0;
}

static void wipe_free(void *p, size_t n)
{
	if (p) {
		OPENSSL_cleanse(p, n);
		free(p);
	}
}

static void wipe_str(char *s)
{
	if (s)
		wipe_free(s, strlen(s));
}

/* Text from the broker (or a config file) for a message: printable ASCII
 * only, so that it cannot drive the terminal, and at most QUOTE_MAX
 * characters, marked with "..." when cut. */
static void clean(char *dst, size_t dstlen, const uint8_t *src, size_t n)
{
	size_t j = 0, i;
	if (!dstlen)
		return;
	for (i = 0; i < n && j + 1 < dstlen && j < QUOTE_MAX; i++)
		dst[j++] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	if (i < n && dstlen > 4) {
		if (j > dstlen - 4)
			j = dstlen - 4;
		memcpy(dst + j, "...", 3);
		j += 3;
	}
	dst[j] = '\0';
}

static void clean_str(char *dst, size_t dstlen, const char *src)
{
	clean(dst, dstlen, (const uint8_t *)src, strlen(src));
}

static int fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return SASL_MECH_FAIL;
}

/* A SCRAM nonce: printable ASCII other than ',' (RFC 5802 "printable"). */
static bool nonce_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || s[i] == ',')
			return false;
	return true;
}

/* The client nonce: the test's when given (checked, since it goes on the
 * wire as is), otherwise base64url of fresh random bytes, which never
 * holds a ','. */
static int scram_nonce(sasl_mech *m, const char *fixed, char *err, size_t errlen)
{
	if (fixed) {
		size_t n = strlen(fixed);
		if (n >= sizeof(m->nonce) || !nonce_ok(fixed, n)) {
			snprintf(err, errlen, "the SCRAM client nonce must be 1 to %zu "
				 "printable characters without ','", sizeof(m->nonce) - 1);
			return -1;
		}
		memcpy(m->nonce, fixed, n + 1);
		return 0;
	}
	uint8_t raw[SCRAM_NONCE_RAW];
	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		snprintf(err, errlen, "no random bytes for the SCRAM nonce");
		return -1;
	}
	size_t n = base64_encode(raw, sizeof(raw), true, m->nonce, sizeof(m->nonce));
	OPENSSL_cleanse(raw, sizeof(raw));
	if (n == (size_t)-1) {
		snprintf(err, errlen, "the SCRAM nonce does not fit");
		return -1;
	}
	return 0;
}

/* Refuse what cannot work before any byte goes to the broker, naming
 * the librdkafka property to fix. */
static int check_creds(const sasl_creds *c, int found, char *err, size_t errlen)
{
	if (found < 0) {
		char name[80];
		clean_str(name, sizeof(name), c->mechanism ? c->mechanism : "");
		snprintf(err, errlen, "sasl.mechanism: \"%s\" is not one kdeck speaks (%s)",
			 name, MECH_LIST);
		return -1;
	}
	if (mechs[found].kind == MECH_OAUTH) {
		if (!c->token) {
			snprintf(err, errlen, "OAUTHBEARER needs a token source");
			return -1;
		}
		return 0;
	}
	if (!c->username || !*c->username) {
		snprintf(err, errlen, "sasl.username is not set");
		return -1;
	}
	/* RFC 4616 wants a non-empty password and no Kafka broker takes one */
	if (!c->password || !*c->password) {
		snprintf(err, errlen, "sasl.password is not set");
		return -1;
	}
	return 0;
}

sasl_mech *sasl_mech_new(const sasl_creds *c, char *err, size_t errlen)
{
	if (!c) {
		snprintf(err, errlen, "no SASL settings");
		return NULL;
	}
	int found = find_mech(c->mechanism);
	if (check_creds(c, found, err, errlen))
		return NULL;
	sasl_mech *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->kind = mechs[found].kind;
	m->name = mechs[found].name;
	m->token = c->token;
	m->token_ctx = c->token_ctx;
	if (m->kind != MECH_OAUTH) {
		m->username = strdup(c->username);
		m->password = strdup(c->password);
		if (!m->username || !m->password) {
			snprintf(err, errlen, "out of memory");
			sasl_mech_free(m);
			return NULL;
		}
	}
	if (m->kind == MECH_SCRAM256 || m->kind == MECH_SCRAM512) {
		m->md = m->kind == MECH_SCRAM256 ? EVP_sha256() : EVP_sha512();
		m->mdlen = (size_t)EVP_MD_get_size(m->md);
		if (scram_nonce(m, c->nonce, err, errlen)) {
			sasl_mech_free(m);
			return NULL;
		}
	}
	return m;
}

/* Keep msg as the next message to send (the mechanism owns it, and
 * wipes it: it may hold a password, a token or a proof). */
static int send_msg(sasl_mech *m, uint8_t *msg, size_t len, const uint8_t **out,
		    size_t *outlen)
{
	wipe_free(m->out, m->outlen);
	m->out = msg;
	m->outlen = len;
	*out = msg;
	*outlen = len;
	m->stage++;
	return SASL_MECH_SEND;
}

/* ---------------------------------------------------------------------
 * PLAIN and OAUTHBEARER
 * ------------------------------------------------------------------- */

/* RFC 4616: authzid NUL authcid NUL passwd, with no authzid.  A broker
 * that refuses says so in the SaslAuthenticate error, not in the bytes,
 * so any answer to the one message means success. */
static int plain_step(sasl_mech *m, const uint8_t **out, size_t *outlen,
		      char *err, size_t errlen)
{
	if (m->stage > 0)
		return SASL_MECH_DONE;
	size_t ul = strlen(m->username), pl = strlen(m->password);
	uint8_t *msg = malloc(ul + pl + 2);
	if (!msg)
		return fail(err, errlen, "%s", "out of memory");
	msg[0] = 0;
	memcpy(msg + 1, m->username, ul);
	msg[1 + ul] = 0;
	memcpy(msg + 2 + ul, m->password, pl);
	return send_msg(m, msg, ul + pl + 2, out, outlen);
}

/* RFC 6750 b64token: what a bearer token may hold.  Anything else (a
 * space, a ^A) would break the framing around it. */
static bool bearer_token_ok(const char *t, size_t n)
{
	size_t i = 0;
	while (i < n && (((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z') ||
			 (t[i] >= '0' && t[i] <= '9') || (t[i] && strchr("-._~+/", t[i]))))
		i++;
	if (i == 0)
		return false;
	while (i < n && t[i] == '=')
		i++;
	return i == n;
}

/* The token, fetched from the provider only now so that a re-authentication
 * gets a fresh one; its expiry is kept for sasl_mech_expiry_ms. */
static int oauth_first(sasl_mech *m, const uint8_t **out, size_t *outlen,
		       char *err, size_t errlen)
{
	static const char head[] = "n,,\x01" "auth=Bearer ";
	char why[200] = "", txt[160];
	int64_t expiry = 0;
	char *tok = calloc(1, TOKEN_MAX);
	if (!tok)
		return fail(err, errlen, "%s", "out of memory");
	if (m->token(m->token_ctx, tok, TOKEN_MAX, &expiry, why, sizeof(why))) {
		wipe_free(tok, TOKEN_MAX);
		clean_str(txt, sizeof(txt), why);
		return fail(err, errlen, "no OAUTHBEARER token: %s", txt);
	}
	tok[TOKEN_MAX - 1] = '\0';
	size_t tl = strlen(tok);
	if (!bearer_token_ok(tok, tl)) {
		wipe_free(tok, TOKEN_MAX);
		return fail(err, errlen, "%s", tl ? "the OAUTHBEARER token holds characters "
			    "a bearer token cannot (RFC 6750)" : "the OAUTHBEARER token is empty");
	}
	/* RFC 7628: gs2 header, then kvpairs each ended by ^A, then ^A */
	size_t len = sizeof(head) - 1 + tl + 2;
	uint8_t *msg = malloc(len);
	if (!msg) {
		wipe_free(tok, TOKEN_MAX);
		return fail(err, errlen, "%s", "out of memory");
	}
	memcpy(msg, head, sizeof(head) - 1);
	memcpy(msg + sizeof(head) - 1, tok, tl);
	msg[len - 2] = 0x01;
	msg[len - 1] = 0x01;
	wipe_free(tok, TOKEN_MAX);
	m->expiry_ms = expiry;
	return send_msg(m, msg, len, out, outlen);
}

/* After the token: nothing back is success; anything else is the broker's
 * JSON error (RFC 7628 section 3.2.2), quoted cleaned. */
static int oauth_step(sasl_mech *m, const uint8_t *in, size_t inlen,
		      const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	if (m->stage == 0)
		return oauth_first(m, out, outlen, err, errlen);
	if (inlen == 0)
		return SASL_MECH_DONE;
	char txt[160];
	clean(txt, sizeof(txt), in, inlen);
	return fail(err, errlen, "the broker rejected the token: %s", txt);
}

/* ---------------------------------------------------------------------
 * SCRAM (RFC 5802, RFC 7677)
 * ------------------------------------------------------------------- */

/* saslname: ',' and '=' escaped as =2C and =3D. */
static char *scram_name(const char *user)
{
	size_t n = 0;
	for (const char *p = user; *p; p++)
		n += *p == ',' || *p == '=' ? 3 : 1;
	char *s = malloc(n + 1), *q = s;
	if (!s)
		return NULL;
	for (const char *p = user; *p; p++) {
		if (*p == ',') {
			memcpy(q, "=2C", 3);
			q += 3;
		} else if (*p == '=') {
			memcpy(q, "=3D", 3);
			q += 3;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	return s;
}

/* client-first: gs2 header "n,," (no channel binding, no authzid), then
 * client-first-bare, which the AuthMessage needs again later. */
static int scram_first(sasl_mech *m, const uint8_t **out, size_t *outlen,
		       char *err, size_t errlen)
{
	char *name = scram_name(m->username);
	if (!name)
		return fail(err, errlen, "%s", "out of memory");
	size_t n = strlen(name) + strlen(m->nonce) + 8;
	m->client_first_bare = malloc(n);
	uint8_t *msg = malloc(n + 3);
	if (!m->client_first_bare || !msg) {
		free(name);
		free(msg);
		return fail(err, errlen, "%s", "out of memory");
	}
	snprintf(m->client_first_bare, n, "n=%s,r=%s", name, m->nonce);
	free(name);
	int len = snprintf((char *)msg, n + 3, "n,,%s", m->client_first_bare);
	return send_msg(m, msg, (size_t)len, out, outlen);
}

/* One "a=value" attribute of a SCRAM message. */
typedef struct scram_attr {
	char key;
	const char *val;
	size_t len;
} scram_attr;

/* Split s[0..n) at ',' into at most max attributes; 0 when one is not
 * "a=..." with a letter a.  The split never looks past n. */
static size_t scram_split(const char *s, size_t n, scram_attr *a, size_t max)
{
	size_t k = 0, i = 0;
	while (k < max) {
		const char *c = memchr(s + i, ',', n - i);
		size_t end = c ? (size_t)(c - s) : n;
		if (end - i < 2 || s[i + 1] != '=' ||
		    !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
			return 0;
		a[k].key = s[i];
		a[k].val = s + i + 2;
		a[k].len = end - i - 2;
		k++;
		if (!c)
			return k;
		i = end + 1;
	}
	return k;               /* extensions past max are ignored */
}

/* A message the broker sent in place of the expected one: "e=" is its
 * refusal, anything else cannot be read.  Returns SASL_MECH_FAIL. */
static int scram_unreadable(const uint8_t *in, size_t inlen, const scram_attr *a,
			    size_t k, const char *what, char *err, size_t errlen)
{
	char txt[160], msg[300];
	if (k > 0 && a[0].key == 'e') {
		clean(txt, sizeof(txt), (const uint8_t *)a[0].val, a[0].len);
		return fail(err, errlen, "the broker rejected the credentials: %s", txt);
	}
	clean(txt, sizeof(txt), in, inlen);
	snprintf(msg, sizeof(msg), "%s: \"%s\"", what, txt);
	return fail(err, errlen, "%s", msg);
}

/* The iteration count: digits only, in [SCRAM_MIN_ITERATIONS,
 * SCRAM_MAX_ITERATIONS].  A broker in the middle asking for few would
 * get a proof cheap to brute-force; one asking for many stalls us. */
static int scram_iterations(const scram_attr *a, char *err, size_t errlen)
{
	long it = 0;
	char txt[40], msg[200];
	for (size_t i = 0; i < a->len && i < 9; i++) {
		if (a->val[i] < '0' || a->val[i] > '9') {
			it = -1;
			break;
		}
		it = it * 10 + (a->val[i] - '0');
	}
	if (a->len > 0 && a->len < 9 && it >= SCRAM_MIN_ITERATIONS &&
	    it <= SCRAM_MAX_ITERATIONS)
		return (int)it;
	clean(txt, sizeof(txt), (const uint8_t *)a->val, a->len);
	snprintf(msg, sizeof(msg), "an iteration count kdeck refuses: \"%s\" (%d to %d)",
		 txt, SCRAM_MIN_ITERATIONS, SCRAM_MAX_ITERATIONS);
	return fail(err, errlen, "%s", msg);
}

static bool hmac(const EVP_MD *md, const void *key, size_t klen, const void *d,
		 size_t dlen, uint8_t *out)
{
	unsigned int n = 0;
	return HMAC(md, key, (int)klen, d, dlen, out, &n) != NULL;
}

/* RFC 5802 section 3: from the password, salt and count, the proof for
 * auth_message (into proof) and the ServerKey kept to check the broker's
 * signature.  Every intermediate is wiped. */
static bool scram_proof(sasl_mech *m, const uint8_t *salt, size_t saltlen, int iters,
			uint8_t *proof)
{
	uint8_t salted[EVP_MAX_MD_SIZE], client_key[EVP_MAX_MD_SIZE];
	uint8_t stored_key[EVP_MAX_MD_SIZE], sig[EVP_MAX_MD_SIZE];
	size_t ml = m->mdlen;
	unsigned int sl = 0;
	bool ok = PKCS5_PBKDF2_HMAC(m->password, (int)strlen(m->password), salt,
				    (int)saltlen, iters, m->md, (int)ml, salted) == 1;
	ok = ok && hmac(m->md, salted, ml, "Client Key", 10, client_key);
	ok = ok && hmac(m->md, salted, ml, "Server Key", 10, m->server_key);
	ok = ok && EVP_Digest(client_key, ml, stored_key, &sl, m->md, NULL) == 1;
	ok = ok && hmac(m->md, stored_key, ml, m->auth_message,
			strlen(m->auth_message), sig);
	for (size_t i = 0; ok && i < ml; i++)
		proof[i] = client_key[i] ^ sig[i];
	OPENSSL_cleanse(salted, sizeof(salted));
	OPENSSL_cleanse(client_key, sizeof(client_key));
	OPENSSL_cleanse(stored_key, sizeof(stored_key));
	OPENSSL_cleanse(sig, sizeof(sig));
	return ok;
}

/* server-first = [m=...,] r=nonce,s=salt,i=count[,extensions]: check it
 * as Kafka's client does, then answer with client-final. */
static int scram_final(sasl_mech *m, const uint8_t *in, size_t inlen,
		       const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	const char *s = (const char *)in;
	scram_attr a[4];
	size_t k = 0;
	if (inlen > 0 && inlen <= SCRAM_SERVER_MAX && !memchr(in, 0, inlen))
		k = scram_split(s, inlen, a, 4);
	if (k > 0 && a[0].key == 'm')
		return fail(err, errlen, "%s", "the broker demands a SCRAM extension "
			    "kdeck does not know");
	if (k < 3 || a[0].key != 'r' || a[1].key != 's' || a[2].key != 'i')
		return scram_unreadable(in, inlen, a, k, k ? "a server-first message "
					"without r, s and i" : "a server-first message "
					"kdeck cannot read", err, errlen);

	size_t cn = strlen(m->nonce);
	if (a[0].len <= cn || memcmp(a[0].val, m->nonce, cn))
		return fail(err, errlen, "%s", "the broker's nonce does not extend kdeck's");
	if (a[0].len > SCRAM_SERVER_NONCE_MAX || !nonce_ok(a[0].val, a[0].len))
		return fail(err, errlen, "%s", "the broker's nonce is too long or not printable text");
	int iters = scram_iterations(&a[2], err, errlen);
	if (iters < 0)
		return SASL_MECH_FAIL;
	uint8_t salt[SCRAM_SALT_MAX];
	size_t saltlen = base64_decode(a[1].val, a[1].len, salt, sizeof(salt));
	if (saltlen == (size_t)-1 || saltlen == 0)
		return fail(err, errlen, "%s", "a salt that is not base64");

	/* AuthMessage = client-first-bare "," server-first ","
	 *               client-final-without-proof */
	size_t wplen = strlen("c=biws,r=") + a[0].len;
	size_t cfb = strlen(m->client_first_bare);
	size_t amlen = cfb + 1 + inlen + 1 + wplen;
	char *am = malloc(amlen + 1);
	if (!am)
		return fail(err, errlen, "%s", "out of memory");
	memcpy(am, m->client_first_bare, cfb);
	am[cfb] = ',';
	memcpy(am + cfb + 1, in, inlen);
	am[cfb + 1 + inlen] = ',';
	char *without_proof = am + cfb + 1 + inlen + 1;
	memcpy(without_proof, "c=biws,r=", 9);
	memcpy(without_proof + 9, a[0].val, a[0].len);
	am[amlen] = '\0';
	wipe_str(m->auth_message);
	m->auth_message = am;

	uint8_t proof[EVP_MAX_MD_SIZE];
	char proof64[EVP_MAX_MD_SIZE * 2];
	bool ok = scram_proof(m, salt, saltlen, iters, proof) &&
		  base64_encode(proof, m->mdlen, false, proof64, sizeof(proof64)) !=
		  (size_t)-1;
	OPENSSL_cleanse(proof, sizeof(proof));
	if (!ok) {
		OPENSSL_cleanse(proof64, sizeof(proof64));
		return fail(err, errlen, "%s", "the SCRAM computation failed");
	}
	size_t pl = strlen(proof64);
	size_t len = wplen + 3 + pl;
	uint8_t *msg = malloc(len);
	if (msg) {
		memcpy(msg, without_proof, wplen);
		memcpy(msg + wplen, ",p=", 3);
		memcpy(msg + wplen + 3, proof64, pl);
	}
	OPENSSL_cleanse(proof64, sizeof(proof64));
	if (!msg)
		return fail(err, errlen, "%s", "out of memory");
	return send_msg(m, msg, len, out, outlen);
}

/* server-final = e=error / v=signature [,extensions]: only a broker that
 * knows the password can compute v, so this is where a broker in the
 * middle is caught.  Constant-time compare. */
static int scram_verify(sasl_mech *m, const uint8_t *in, size_t inlen,
			char *err, size_t errlen)
{
	scram_attr a[2];
	size_t k = 0;
	if (inlen > 0 && inlen <= SCRAM_SERVER_MAX && !memchr(in, 0, inlen))
		k = scram_split((const char *)in, inlen, a, 2);
	if (k == 0 || a[0].key != 'v')
		return scram_unreadable(in, inlen, a, k, "a server-final message without "
					"the server signature", err, errlen);
	uint8_t want[EVP_MAX_MD_SIZE], got[EVP_MAX_MD_SIZE];
	if (!hmac(m->md, m->server_key, m->mdlen, m->auth_message,
		  strlen(m->auth_message), want))
		return fail(err, errlen, "%s", "the SCRAM computation failed");
	size_t n = base64_decode(a[0].val, a[0].len, got, sizeof(got));
	bool ok = n == m->mdlen && !CRYPTO_memcmp(got, want, m->mdlen);
	OPENSSL_cleanse(want, sizeof(want));
	if (!ok)
		return fail(err, errlen, "%s", "the broker's signature is wrong: it does "
			    "not know the password (a broker in the middle?)");
	return SASL_MECH_DONE;
}

static int scram_step(sasl_mech *m, const uint8_t *in, size_t inlen,
		      const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	if (m->stage == 0)
		return scram_first(m, out, outlen, err, errlen);
	if (m->stage == 1)
		return scram_final(m, in, inlen, out, outlen, err, errlen);
	return scram_verify(m, in, inlen, err, errlen);
}

int sasl_mech_step(sasl_mech *m, const uint8_t *in, size_t inlen,
		   const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	int rc;
	*out = NULL;
	*outlen = 0;
	if (!in)
		inlen = 0;
	if (!m)
		return fail(err, errlen, "%s", "no SASL exchange");
	if (m->over)
		return fail(err, errlen, "the %s exchange is already over", m->name);
	switch (m->kind) {
	case MECH_PLAIN:
		rc = plain_step(m, out, outlen, err, errlen);
		break;
	case MECH_OAUTH:
		rc = oauth_step(m, in, inlen, out, outlen, err, errlen);
		break;
	default:
		rc = scram_step(m, in, inlen, out, outlen, err, errlen);
		break;
	}
	if (rc != SASL_MECH_SEND) {
		/* nothing more is needed from the secrets */
		m->over = true;
		OPENSSL_cleanse(m->server_key, sizeof(m->server_key));
	}
	return rc;
}

const char *sasl_mech_name(const sasl_mech *m)
{
	return m->name;
}

int64_t sasl_mech_expiry_ms(const sasl_mech *m)
{
	return m->expiry_ms;
}

void sasl_mech_free(sasl_mech *m)
{
	if (!m)
		return;
	wipe_str(m->username);
	wipe_str(m->password);
	wipe_str(m->client_first_bare);
	wipe_str(m->auth_message);
	wipe_free(m->out, m->outlen);
	OPENSSL_cleanse(m->server_key, sizeof(m->server_key));
	OPENSSL_cleanse(m->nonce, sizeof(m->nonce));
	free(m);
}
