/*
 * sasl_mech.h: the client side of the SASL mechanisms kdeck speaks, as pure
 * state machines with no I/O: PLAIN (RFC 4616), SCRAM-SHA-256 and
 * SCRAM-SHA-512 (RFC 5802, RFC 7677) and OAUTHBEARER (RFC 7628, KIP-255).
 *
 * The caller (wire_sasl.c) carries each message in a SaslAuthenticate
 * request and feeds the broker's auth_bytes back:
 *
 *     m = sasl_mech_new(&creds, err, sizeof(err));
 *     rc = sasl_mech_step(m, NULL, 0, &out, &outlen, err, sizeof(err));
 *     while (rc == SASL_MECH_SEND) {
 *             ... send out, receive in ...
 *             rc = sasl_mech_step(m, in, inlen, &out, &outlen, err, sizeof(err));
 *     }
 *     sasl_mech_free(m);
 *
 * The rounds, each sasl_mech_step call answering the previous message:
 *
 *     PLAIN        1: SEND "\0user\0pass"   2: DONE (any reply: a refusal
 *                                              comes as an error code)
 *     SCRAM-*      1: SEND client-first      2: SEND client-final, after
 *                  checking server-first     3: DONE once the server
 *                  signature checks out, FAIL on "e=" or a wrong one
 *     OAUTHBEARER  1: SEND the token         2: DONE on an empty reply,
 *                  FAIL quoting the broker's JSON error otherwise
 *
 * After DONE or FAIL every further step is FAIL.  SCRAM refuses iteration
 * counts outside 4096 to 1000000 (Kafka's own minimum).
 *
 * No error message ever quotes a password, a token or a proof; broker
 * text in one is printable ASCII only and cut short.  Secrets held by a
 * mechanism are wiped (OPENSSL_cleanse) when it is freed.
 */
#ifndef KDECK_SASL_MECH_H
#define KDECK_SASL_MECH_H

#include <stddef.h>
#include <stdint.h>

/* An OAUTHBEARER token provider: writes a NUL-terminated token to tok and
 * its expiry (wall clock, ms since the epoch; 0 when unknown) to
 * *expiry_ms.  Returns 0, or -1 with a message in err. */
typedef int (*sasl_token_fn)(void *ctx, char *tok, size_t toklen,
			     int64_t *expiry_ms, char *err, size_t errlen);

typedef struct sasl_creds {
	const char *mechanism;  /* "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512",
				 * "OAUTHBEARER" (case-insensitive) */
	const char *username;   /* PLAIN, SCRAM */
	const char *password;   /* PLAIN, SCRAM */
	sasl_token_fn token;    /* OAUTHBEARER */
	void *token_ctx;
	/* Tests only: the SCRAM client nonce to use instead of a random one. */
	const char *nonce;
} sasl_creds;

/* Results of sasl_mech_step. */
enum {
	SASL_MECH_FAIL = -1,    /* err says why; the exchange is over */
	SASL_MECH_DONE = 0,     /* authenticated (SCRAM: server signature verified) */
	SASL_MECH_SEND = 1,     /* *out holds the next message to send */
};

/* True for a mechanism name kdeck implements. */
int sasl_mech_supported(const char *name);

typedef struct sasl_mech sasl_mech;

/* A new exchange; NULL with err for an unknown mechanism or missing
 * credentials ("sasl.username is not set"). */
sasl_mech *sasl_mech_new(const sasl_creds *c, char *err, size_t errlen);

/* The first call passes in = NULL.  Each later call passes the broker's
 * answer to the previous message.  *out stays valid until the next call
 * or sasl_mech_free. */
int sasl_mech_step(sasl_mech *m, const uint8_t *in, size_t inlen,
		   const uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* The mechanism's canonical name ("SCRAM-SHA-512"). */
const char *sasl_mech_name(const sasl_mech *m);

/* When the credential the exchange used expires (OAUTHBEARER token
 * expiry, wall clock ms), 0 when unknown or not applicable. */
int64_t sasl_mech_expiry_ms(const sasl_mech *m);

void sasl_mech_free(sasl_mech *m);

#endif
