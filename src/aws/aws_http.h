/*
 * aws_http.h: one HTTP request with libcurl, which only moves the bytes
 * (kdeck signs them itself).  Bounded: a response body over max_body is
 * refused; timeouts in ms.  Thread-safe (curl_global_init once).
 */
#ifndef KDECK_AWS_HTTP_H
#define KDECK_AWS_HTTP_H

#include <stddef.h>

#include "aws_sigv4.h"

typedef struct aws_http_response {
	long status;                    /* 0 when no answer */
	char *body;                     /* malloc'd, NUL-terminated */
	size_t body_len;
	char *content_type;             /* or NULL */
} aws_http_response;

/* url: the whole URL (path and query as on the wire).  0 with *resp
 * filled (any HTTP status), or -1 with err (no connection, timeout, too
 * big). */
int aws_http_request(const char *method, const char *url, const aws_header *headers,
		     size_t n_headers, const void *body, size_t body_len, long timeout_ms,
		     size_t max_body, aws_http_response *resp, char *err, size_t errlen);
void aws_http_response_free(aws_http_response *r);

#endif
