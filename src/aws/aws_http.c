/*
 * aws_http.c: one HTTP request through a libcurl easy handle.  libcurl
 * only moves bytes: no redirects, no signing, no retries (callers decide).
 * Bodies are bounded as they arrive, and since they carry credentials
 * (IMDS, STS) they are wiped rather than left behind in freed memory.
 */
#include "config.h"

#include "aws_http.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#define DEFAULT_TIMEOUT_MS 30000L
#define MAX_CONNECT_MS 5000L

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct sink {
	char *buf;
	size_t len, cap, max;
	bool too_big, no_memory;
	char *content_type;
} sink;

/* Grows by copy and wipe, not realloc: the old block may hold a secret. */
static bool sink_grow(sink *s, size_t need)
{
	size_t cap = s->cap ? s->cap : 4096;
	while (cap < need)
		cap *= 2;
	char *b = malloc(cap);
	if (!b)
		return false;
	if (s->buf) {
		memcpy(b, s->buf, s->len);
		OPENSSL_cleanse(s->buf, s->cap);
		free(s->buf);
	}
	s->buf = b;
	s->cap = cap;
	return true;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	sink *s = ctx;
	size_t add = size * n;
	if (add > s->max - s->len) {
		s->too_big = true;
		return 0;                       /* curl ends the transfer */
	}
	if (s->len + add + 1 > s->cap && !sink_grow(s, s->len + add + 1)) {
		s->no_memory = true;
		return 0;
	}
	memcpy(s->buf + s->len, p, add);
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	sink *s = ctx;
	size_t len = size * n;
	if (len > 13 && !strncasecmp(p, "content-type:", 13) && !s->content_type) {
		const char *v = p + 13;
		while (*v == ' ' || *v == '\t')
			v++;
		size_t vl = len - (size_t)(v - p);
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
			vl--;
		s->content_type = strndup(v, vl);
	}
	return len;
}

/*
 * The instance metadata service answers only on the instance itself, and
 * a loopback address is this machine: an HTTP proxy from the environment
 * would ask its own host instead (wrong credentials, or a hang), so such
 * hosts never go through one.  Other hosts follow the proxy variables.
 */
static bool direct_only(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool direct = false;
	if (u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		direct = !strncmp(host, "169.254.", 8) || !strncmp(host, "127.", 4) ||
			 !strcasecmp(host, "localhost") || !strcmp(host, "[::1]") ||
			 !strcasecmp(host, "[fd00:ec2::254]");
	}
	curl_free(host);
	curl_url_cleanup(u);
	return direct;
}

/* "Name: value" for curl, or NULL when a name or value would break the
 * header block (CR, LF, or a colon in the name). */
static char *header_line(const aws_header *h)
{
	if (!h->name || !*h->name || !h->value || strpbrk(h->name, "\r\n:") ||
	    strpbrk(h->value, "\r\n"))
		return NULL;
	size_t n = strlen(h->name) + strlen(h->value) + 3;
	char *line = malloc(n);
	if (line)
		snprintf(line, n, "%s: %s", h->name, h->value);
	return line;
}

int aws_http_request(const char *method, const char *url, const aws_header *headers,
		     size_t n_headers, const void *body, size_t body_len, long timeout_ms,
		     size_t max_body, aws_http_response *resp, char *err, size_t errlen)
{
	char curl_err[CURL_ERROR_SIZE] = "";
	struct curl_slist *h = NULL;
	sink s = { .max = max_body };

	memset(resp, 0, sizeof(*resp));
	pthread_once(&global_once, global_init);
	if (timeout_ms <= 0)
		timeout_ms = DEFAULT_TIMEOUT_MS;
	for (size_t i = 0; i < n_headers; i++) {
		char *line = header_line(&headers[i]);
		struct curl_slist *nh = line ? curl_slist_append(h, line) : NULL;
		if (line)
			OPENSSL_cleanse(line, strlen(line));
		free(line);
		if (!nh) {
			snprintf(err, errlen, "HTTP header %.64s cannot be sent",
				 headers[i].name ? headers[i].name : "(none)");
			curl_slist_free_all(h);
			return -1;
		}
		h = nh;
	}
	/* curl would otherwise wait for "100 Continue" on a large body */
	struct curl_slist *nh = curl_slist_append(h, "Expect:");
	CURL *c = nh ? curl_easy_init() : NULL;
	if (nh)
		h = nh;
	if (!c) {
		snprintf(err, errlen, "cannot start an HTTP request");
		curl_slist_free_all(h);
		return -1;
	}

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 timeout_ms < MAX_CONNECT_MS ? timeout_ms : MAX_CONNECT_MS);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kdeck/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
	if (direct_only(url))
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (!strcmp(method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else {
		/* PUT and the like carry a body too, maybe an empty one */
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? (const char *)body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? body_len : 0));
	}

	CURLcode cc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);

	if (cc == CURLE_OK) {
		if (!s.buf && !sink_grow(&s, 1)) {
			snprintf(err, errlen, "out of memory");
		} else {
			s.buf[s.len] = '\0';
			resp->status = status;
			resp->body = s.buf;
			resp->body_len = s.len;
			resp->content_type = s.content_type;
			return 0;
		}
	} else if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(err, errlen, "the answer is over %zu bytes", max_body);
	} else if (s.no_memory) {
		snprintf(err, errlen, "out of memory");
	} else {
		snprintf(err, errlen, "%s", *curl_err ? curl_err : curl_easy_strerror(cc));
	}
	if (s.buf)
		OPENSSL_cleanse(s.buf, s.cap);
	free(s.buf);
	free(s.content_type);
	return -1;
}

void aws_http_response_free(aws_http_response *r)
{
	if (r->body)
		OPENSSL_cleanse(r->body, r->body_len);
	free(r->body);
	free(r->content_type);
	memset(r, 0, sizeof(*r));
}
