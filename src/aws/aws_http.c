/* aws_http.c: see aws_http.h. */
#include "config.h"

#include "aws_http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct sink {
	char *buf;
	size_t len, cap, max;
	bool too_big;
	char *content_type;
} sink;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	sink *s = ctx;
	size_t add = size * n;
	if (s->len + add > s->max) {
		s->too_big = true;
		return 0;                       /* ends the transfer */
	}
	if (s->len + add + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + add + 1)
			cap *= 2;
		char *b = realloc(s->buf, cap);
		if (!b)
			return 0;
		s->buf = b;
		s->cap = cap;
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
		while (*v == ' ')
			v++;
		size_t vl = len - (size_t)(v - p);
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
			vl--;
		s->content_type = strndup(v, vl);
	}
	return len;
}

int aws_http_request(const char *method, const char *url, const aws_header *headers,
		     size_t n_headers, const void *body, size_t body_len, long timeout_ms,
		     size_t max_body, aws_http_response *resp, char *err, size_t errlen)
{
	pthread_once(&once, global_init);
	memset(resp, 0, sizeof(*resp));
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "cannot start an HTTP request");
		return -1;
	}
	sink s = { .max = max_body };
	struct curl_slist *h = NULL;
	for (size_t i = 0; i < n_headers; i++) {
		char line[8192];
		snprintf(line, sizeof(line), "%s: %s", headers[i].name, headers[i].value);
		h = curl_slist_append(h, line);
	}
	/* curl would add "Expect: 100-continue" and "Accept" of its own */
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kdeck/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? (const char *)body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
	}
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s", s.too_big ? "the answer is too big" :
			 curl_easy_strerror(rc));
		free(s.buf);
		free(s.content_type);
		return -1;
	}
	resp->status = status;
	resp->body = s.buf ? s.buf : strdup("");
	resp->body_len = s.len;
	resp->content_type = s.content_type;
	return 0;
}

void aws_http_response_free(aws_http_response *r)
{
	free(r->body);
	free(r->content_type);
	memset(r, 0, sizeof(*r));
}
