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

#define SCRAM_MIN_ITERATIONS 4096      /* what Kafka enforces */
#define SCRAM_MAX_ITERATIONS 1000000
#define TOKEN_MAX 16384

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

struct sasl_mech {
	mech_kind kind;
	const char *name;
	int stage;                      /* messages sent so far */
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
	/* the last message, wiped on the next step and on free */
	uint8_t *out;
	size_t outlen;
};

int sasl_mech_supported(const char *name)
{
	for (size_t i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++)
		if (name && !strcasecmp(name, mechs[i].name))
			return 1;
	return 0;
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

/* Broker text for a message: printable ASCII, at most 120 characters. */
static void clean(char *dst, size_t dstlen, const uint8_t *src, size_t n)
{
	size_t j = 0;
	for (size_t i = 0; i < n && j + 1 < dstlen && j < 120; i++)
		dst[j++] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[j] = '\0';
}

sasl_mech *sasl_mech_new(const sasl_creds *c, char *err, size_t errlen)
{
	int found = -1;
	for (size_t i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++)
		if (c->mechanism && !strcasecmp(c->mechanism, mechs[i].name))
			found = (int)i;
	if (found < 0) {
		snprintf(err, errlen, "sasl.mechanism: \"%s\" is not one kdeck speaks "
			 "(PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER)",
			 c->mechanism ? c->mechanism : "");
		return NULL;
	}
	mech_kind kind = mechs[found].kind;
	if (kind == MECH_OAUTH) {
		if (!c->token) {
			snprintf(err, errlen, "OAUTHBEARER needs a token source");
			return NULL;
		}
	} else {
		if (!c->username || !*c->username) {
			snprintf(err, errlen, "sasl.username is not set");
			return NULL;
		}
		if (!c->password) {
			snprintf(err, errlen, "sasl.password is not set");
			return NULL;
		}
	}
	sasl_mech *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->kind = kind;
	m->name = mechs[found].name;
	m->token = c->token;
	m->token_ctx = c->token_ctx;
	if (kind != MECH_OAUTH) {
		m->username = strdup(c->username);
		m->password = strdup(c->password);
	}
	if (kind == MECH_SCRAM256 || kind == MECH_SCRAM512) {
		m->md = kind == MECH_SCRAM256 ? EVP_sha256() : EVP_sha512();
		m->mdlen = (size_t)EVP_MD_get_size(m->md);
		if (c->nonce) {
			snprintf(m->nonce, sizeof(m->nonce), "%s", c->nonce);
		} else {
			uint8_t raw[24];
			if (RAND_bytes(raw, sizeof(raw)) != 1) {
				snprintf(err, errlen, "no random bytes for the SCRAM nonce");
				sasl_mech_free(m);
				return NULL;
			}
			base64_encode(raw, sizeof(raw), true, m->nonce, sizeof(m->nonce));
		}
	}
	return m;
}

/* Keep msg as the next message to send (the mechanism owns it). */
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

static int fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return SASL_MECH_FAIL;
}

/* ---------------------------------------------------------------------
 * PLAIN and OAUTHBEARER
 * ------------------------------------------------------------------- */

static int plain_step(sasl_mech *m, const uint8_t **out, size_t *outlen,
		      char *err, size_t errlen)
{
	if (m->stage > 0)
		return SASL_MECH_DONE;  /* the broker answered without an error */
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

static int oauth_step(sasl_mech *m, const uint8_t *in, size_t inlen,
		      const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	if (m->stage > 0) {
		if (inlen == 0)
			return SASL_MECH_DONE;
		char txt[160];
		clean(txt, sizeof(txt), in, inlen);
		return fail(err, errlen, "the broker rejected the token: %s", txt);
	}
	char *tok = calloc(1, TOKEN_MAX);
	char why[200] = "";
	if (!tok)
		return fail(err, errlen, "%s", "out of memory");
	if (m->token(m->token_ctx, tok, TOKEN_MAX, &m->expiry_ms, why, sizeof(why))) {
		wipe_free(tok, TOKEN_MAX);
		return fail(err, errlen, "no OAUTHBEARER token: %s", why);
	}
	size_t tl = strnlen(tok, TOKEN_MAX);
	/* RFC 7628: gs2 header, then kvpairs separated by ^A */
	size_t len = strlen("n,,\x01" "auth=Bearer ") + tl + 2;
	uint8_t *msg = malloc(len + 1);
	if (!msg) {
		wipe_free(tok, TOKEN_MAX);
		return fail(err, errlen, "%s", "out of memory");
	}
	snprintf((char *)msg, len + 1, "n,,\x01" "auth=Bearer %s\x01\x01", tok);
	wipe_free(tok, TOKEN_MAX);
	return send_msg(m, msg, len, out, outlen);
}

/* ---------------------------------------------------------------------
 * SCRAM (RFC 5802)
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

/* The value of attribute `a` in a SCRAM message ("r=..., s=..."), copied
 * into buf; NULL when absent or too long. */
static char *scram_attr(const char *msg, char a, char *buf, size_t len)
{
	for (const char *p = msg; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n >= 2 && p[0] == a && p[1] == '=') {
			if (n - 2 >= len)
				return NULL;
			memcpy(buf, p + 2, n - 2);
			buf[n - 2] = '\0';
			return buf;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

static bool hmac(const EVP_MD *md, const void *key, size_t klen, const void *d,
		 size_t dlen, uint8_t *out)
{
	unsigned int n = 0;
	return HMAC(md, key, (int)klen, d, dlen, out, &n) != NULL;
}

static int scram_final(sasl_mech *m, const uint8_t *in, size_t inlen,
		       const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	char server_first[1024], nonce[512], salt64[512], iters[16], txt[160];
	if (inlen == 0 || inlen >= sizeof(server_first) || memchr(in, 0, inlen)) {
		clean(txt, sizeof(txt), in, inlen);
		return fail(err, errlen, "a server-first message kdeck cannot read: \"%s\"", txt);
	}
	memcpy(server_first, in, inlen);
	server_first[inlen] = '\0';
	if (scram_attr(server_first, 'e', txt, sizeof(txt)))
		return fail(err, errlen, "the broker refused: %s", txt);
	if (!scram_attr(server_first, 'r', nonce, sizeof(nonce)) ||
	    !scram_attr(server_first, 's', salt64, sizeof(salt64)) ||
	    !scram_attr(server_first, 'i', iters, sizeof(iters))) {
		clean(txt, sizeof(txt), in, inlen);
		return fail(err, errlen, "a server-first message without r, s and i: \"%s\"", txt);
	}
	if (strncmp(nonce, m->nonce, strlen(m->nonce)) || strlen(nonce) == strlen(m->nonce))
		return fail(err, errlen, "%s", "the broker's nonce does not extend kdeck's");
	char *e;
	long it = strtol(iters, &e, 10);
	if (*e || it < 1 || it > SCRAM_MAX_ITERATIONS)
		return fail(err, errlen, "an iteration count kdeck refuses: %s", iters);
	uint8_t salt[384];
	size_t saltlen = base64_decode(salt64, strlen(salt64), salt, sizeof(salt));
	if (saltlen == (size_t)-1 || saltlen == 0)
		return fail(err, errlen, "%s", "a salt that is not base64");

	uint8_t salted[EVP_MAX_MD_SIZE], client_key[EVP_MAX_MD_SIZE];
	uint8_t stored_key[EVP_MAX_MD_SIZE], sig[EVP_MAX_MD_SIZE], proof[EVP_MAX_MD_SIZE];
	size_t ml = m->mdlen;
	int ok = PKCS5_PBKDF2_HMAC(m->password, (int)strlen(m->password), salt, (int)saltlen,
				   (int)it, m->md, (int)ml, salted) == 1;
	ok = ok && hmac(m->md, salted, ml, "Client Key", 10, client_key);
	ok = ok && hmac(m->md, salted, ml, "Server Key", 10, m->server_key);
	unsigned int sl = 0;
	ok = ok && EVP_Digest(client_key, ml, stored_key, &sl, m->md, NULL) == 1;

	/* AuthMessage = client-first-bare "," server-first "," client-final-without-proof */
	char without_proof[600];
	snprintf(without_proof, sizeof(without_proof), "c=biws,r=%s", nonce);
	size_t amlen = strlen(m->client_first_bare) + inlen + strlen(without_proof) + 3;
	m->auth_message = malloc(amlen);
	if (m->auth_message)
		snprintf(m->auth_message, amlen, "%s,%s,%s", m->client_first_bare,
			 server_first, without_proof);
	ok = ok && m->auth_message &&
	     hmac(m->md, stored_key, ml, m->auth_message, strlen(m->auth_message), sig);
	for (size_t i = 0; ok && i < ml; i++)
		proof[i] = client_key[i] ^ sig[i];
	char proof64[EVP_MAX_MD_SIZE * 2];
	if (ok)
		base64_encode(proof, ml, false, proof64, sizeof(proof64));
	OPENSSL_cleanse(salted, sizeof(salted));
	OPENSSL_cleanse(client_key, sizeof(client_key));
	OPENSSL_cleanse(stored_key, sizeof(stored_key));
	OPENSSL_cleanse(sig, sizeof(sig));
	OPENSSL_cleanse(proof, sizeof(proof));
	if (!ok)
		return fail(err, errlen, "%s", "the SCRAM computation failed");
	size_t len = strlen(without_proof) + strlen(proof64) + 4;
	uint8_t *msg = malloc(len);
	if (!msg)
		return fail(err, errlen, "%s", "out of memory");
	int n = snprintf((char *)msg, len, "%s,p=%s", without_proof, proof64);
	OPENSSL_cleanse(proof64, sizeof(proof64));
	return send_msg(m, msg, (size_t)n, out, outlen);
}

static int scram_verify(sasl_mech *m, const uint8_t *in, size_t inlen,
			char *err, size_t errlen)
{
	char server_final[512], v64[256], txt[160];
	if (inlen >= sizeof(server_final) || memchr(in, 0, inlen)) {
		clean(txt, sizeof(txt), in, inlen);
		return fail(err, errlen, "a server-final message kdeck cannot read: \"%s\"", txt);
	}
	memcpy(server_final, in, inlen);
	server_final[inlen] = '\0';
	if (scram_attr(server_final, 'e', txt, sizeof(txt)))
		return fail(err, errlen, "the broker refused: %s", txt);
	if (!scram_attr(server_final, 'v', v64, sizeof(v64)))
		return fail(err, errlen, "%s", "the broker sent no server signature");
	uint8_t want[EVP_MAX_MD_SIZE], got[EVP_MAX_MD_SIZE + 3];
	if (!hmac(m->md, m->server_key, m->mdlen, m->auth_message, strlen(m->auth_message), want))
		return fail(err, errlen, "%s", "the SCRAM computation failed");
	size_t n = base64_decode(v64, strlen(v64), got, sizeof(got));
	if (n != m->mdlen || CRYPTO_memcmp(got, want, m->mdlen))
		return fail(err, errlen, "%s", "the broker's signature is wrong: it does "
			    "not know the password (a broker in the middle?)");
	return SASL_MECH_DONE;
}

int sasl_mech_step(sasl_mech *m, const uint8_t *in, size_t inlen,
		   const uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	*out = NULL;
	*outlen = 0;
	if (!in)
		inlen = 0;
	switch (m->kind) {
	case MECH_PLAIN:
		return plain_step(m, out, outlen, err, errlen);
	case MECH_OAUTH:
		return oauth_step(m, in, inlen, out, outlen, err, errlen);
	default:
		if (m->stage == 0)
			return scram_first(m, out, outlen, err, errlen);
		if (m->stage == 1)
			return scram_final(m, in, inlen, out, outlen, err, errlen);
		if (m->stage == 2)
			return scram_verify(m, in, inlen, err, errlen);
		return fail(err, errlen, "%s", "SCRAM exchange already finished");
	}
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
	free(m);
}
