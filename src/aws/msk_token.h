/*
 * msk_token.h: the MSK IAM broker token (what the Java and Go clients call
 * AWS_MSK_IAM, sent over SASL/OAUTHBEARER): a presigned
 * GET https://kafka.REGION.amazonaws.com/?Action=kafka-cluster%3AConnect
 * signed for service "kafka-cluster", valid 900 s, with
 * &User-Agent=kdeck/VERSION appended after the signature, the whole URL
 * base64url-encoded without padding.
 */
#ifndef KDECK_MSK_TOKEN_H
#define KDECK_MSK_TOKEN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "aws_creds.h"

#define MSK_TOKEN_EXPIRES 900

/* The token for creds at now; *expiry_ms = now + 900 s (or the
 * credentials' own expiry when sooner).  malloc'd, or NULL with err. */
char *msk_token_make(const aws_creds *c, const char *region, time_t now, int64_t *expiry_ms,
		     char *err, size_t errlen);

/* A sasl_token_fn (sasl_mech.h) over a credentials cache: a new token
 * each call (cheap), from credentials refreshed before they expire. */
typedef struct msk_token_provider {
	aws_creds_cache *creds;
	char region[64];
} msk_token_provider;
int msk_token_provide(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms, char *err,
		      size_t errlen);

#endif
