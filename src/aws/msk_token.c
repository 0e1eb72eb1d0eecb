/*
 * msk_token.c: see msk_token.h.  msk_token_provide is in
 * msk_token_provider.c: it needs the credentials cache (aws_creds.c),
 * making a token does not.
 */
#include "config.h"

#include "msk_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "base64.h"

#define MSK_SIGNING_NAME "kafka-cluster"
#define MSK_ACTION "Action=kafka-cluster%3AConnect"
#define MSK_USER_AGENT "kdeck/" PACKAGE_VERSION

/* The region becomes part of a host name: "us-east-1", nothing else. */
static bool region_ok(const char *r)
{
	size_t n = 0;
	for (; r && r[n]; n++)
		if (!((r[n] >= 'a' && r[n] <= 'z') || (r[n] >= '0' && r[n] <= '9') || r[n] == '-'))
			return false;
	return n > 0 && n < 64;
}

char *msk_token_make(const aws_creds *c, const char *region, time_t now, int64_t *expiry_ms,
		     char *err, size_t errlen)
{
	char host[128];
	int64_t exp = (int64_t)now * 1000 + MSK_TOKEN_EXPIRES * 1000;

	if (!region_ok(region)) {
		snprintf(err, errlen, "not an AWS region name (letters, digits, '-')");
		return NULL;
	}
	/* a token past its credentials' end would be refused by the broker */
	if (c && c->expiry_ms > 0 && c->expiry_ms <= (int64_t)now * 1000) {
		snprintf(err, errlen, "the AWS credentials from %s have expired", c->source);
		return NULL;
	}
	snprintf(host, sizeof(host), "kafka.%s.amazonaws.com", region);
	aws_sig_request r = {
		.method = "GET", .host = host, .path = "/", .query = MSK_ACTION,
	};
	char *q = aws_sigv4_presign(&r, c, region, MSK_SIGNING_NAME, now, MSK_TOKEN_EXPIRES,
				    err, errlen);
	if (!q)
		return NULL;

	size_t ulen = strlen("https:///?&User-Agent=") + strlen(host) + strlen(q) +
		      strlen(MSK_USER_AGENT) + 1;
	size_t tlen = (ulen * 4 + 2) / 3 + 1;
	char *url = malloc(ulen), *tok = malloc(tlen);
	bool ok = url && tok;
	if (ok) {
		snprintf(url, ulen, "https://%s/?%s&User-Agent=%s", host, q, MSK_USER_AGENT);
		ok = base64_encode(url, strlen(url), true, tok, tlen) != (size_t)-1;
	}
	/* the URL is as much a bearer credential as the token */
	if (url) {
		OPENSSL_cleanse(url, strlen(url));
		free(url);
	}
	OPENSSL_cleanse(q, strlen(q));
	free(q);
	if (!ok) {
		free(tok);
		snprintf(err, errlen, "cannot make the MSK IAM token: out of memory");
		return NULL;
	}
	if (c && c->expiry_ms > 0 && c->expiry_ms < exp)
		exp = c->expiry_ms;
	if (expiry_ms)
		*expiry_ms = exp;
	return tok;
}
