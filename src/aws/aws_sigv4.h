/*
 * aws_sigv4.h: AWS Signature Version 4, in kdeck's own code (OpenSSL for
 * SHA-256 and HMAC), for the MSK control plane, STS and the MSK IAM token.
 * libcurl's own AWS signing does not sort the query nor encode the path a
 * second time, and MSK refuses it (doc/msk.md).
 *
 * The canonical request: METHOD, the canonical URI (every path segment
 * URI-encoded, then, for every service but S3, encoded once more: an ARN's
 * "%3A" becomes "%253A"), the query sorted by name then value with names
 * and values URI-encoded (RFC 3986 unreserved kept), the headers
 * lower-cased, trimmed (inner runs of spaces folded) and sorted, the
 * signed header list, and the hex SHA-256 of the body.
 */
#ifndef KDECK_AWS_SIGV4_H
#define KDECK_AWS_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct aws_creds {
	char *access_key;
	char *secret_key;               /* never shown, never logged */
	char *session_token;            /* NULL when none */
	int64_t expiry_ms;              /* wall clock; 0: does not expire */
	char source[64];                /* "environment", "profile dev", "IMDS", ... */
} aws_creds;

void aws_creds_free(aws_creds *c);  /* wipes the secrets */

typedef struct aws_header {
	const char *name, *value;
} aws_header;

/* A request to sign.  path: as it goes on the wire (already encoded once,
 * e.g. "/api/v2/clusters/arn%3Aaws%3A..."); query: "" or "a=1&b=x%2Fy" as
 * on the wire (decoded, re-encoded and sorted for signing). */
typedef struct aws_sig_request {
	const char *method;             /* "GET" */
	const char *host;               /* "kafka.us-east-1.amazonaws.com" (port kept if any) */
	const char *path;
	const char *query;
	const aws_header *headers;      /* besides host and x-amz-* (added by the signer) */
	size_t n_headers;
	const void *body;
	size_t body_len;
} aws_sig_request;

/* "20240115T120000Z" for t. */
void aws_amz_date(time_t t, char out[17]);

/* The pieces, for tests against the AWS test suite: malloc'd strings. */
char *aws_canonical_request(const aws_sig_request *r, const char *const *signed_names,
			    size_t n_signed, bool double_encode);
/* Hex HMAC chain key for date (YYYYMMDD), region, service: 64 hex chars. */
void aws_signing_key_hex(const char *secret, const char *date, const char *region,
			 const char *service, char out[65]);

/* Header signing: fills *auth with the Authorization header's value and
 * *amz_date (17 bytes) with X-Amz-Date; the caller sends host, X-Amz-Date,
 * X-Amz-Security-Token (when c has one) and its own headers, all of which
 * are signed.  0, or -1 with err. */
int aws_sigv4_authorization(const aws_sig_request *r, const aws_creds *c, const char *region,
			    const char *service, time_t now, char **auth, char amz_date[17],
			    char *err, size_t errlen);

/* Query (presigned) signing: returns the malloc'd query string with every
 * X-Amz-* parameter and X-Amz-Signature last, r->query's parameters
 * included, for expires seconds (1..604800). */
char *aws_sigv4_presign(const aws_sig_request *r, const aws_creds *c, const char *region,
			const char *service, time_t now, int expires, char *err, size_t errlen);

/* RFC 3986 percent-encoding (A-Z a-z 0-9 - _ . ~ kept); slash kept when
 * keep_slash.  malloc'd. */
char *aws_uri_encode(const char *s, size_t len, bool keep_slash);

/* RFC 3986 dot-segment removal with empty segments dropped
 * ("//a/./b/../c/" -> "/a/c/"), for callers whose service normalizes
 * paths before it checks a signature; the signer signs r->path as given.
 * malloc'd. */
char *aws_path_normalize(const char *path);

#endif
