/*
 * msk_token_provider.c: msk_token_provide (msk_token.h), apart from
 * msk_token.c so that what links the token alone does not need the
 * credentials chain.
 */
#include "config.h"

#include "msk_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "clock.h"

int msk_token_provide(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms, char *err,
		      size_t errlen)
{
	msk_token_provider *p = ctx;
	aws_creds c = { 0 };
	int64_t now_ms = clock_wall_ms();

	if (aws_creds_cache_get(p->creds, now_ms, &c, err, errlen) != 0)
		return -1;
	char *t = msk_token_make(&c, p->region, (time_t)(now_ms / 1000), expiry_ms, err, errlen);
	aws_creds_free(&c);
	if (!t)
		return -1;

	size_t n = strlen(t);
	int rc = 0;
	if (n >= toklen) {
		snprintf(err, errlen, "the MSK IAM token (%zu bytes) does not fit in %zu", n,
			 toklen);
		rc = -1;
	} else {
		memcpy(tok, t, n + 1);
	}
	OPENSSL_cleanse(t, n);
	free(t);
	return rc;
}
