/*
 * test_aws_sigv4.c: SigV4 against the AWS test suite (every case of
 * v4/, header and query forms, read at run time from AWS_SIGV4_SUITE),
 * the MSK known answers of aws-msk-vectors.md (a double-encoded ARN path,
 * the IAM token, a signing key), URI encoding edge cases and the errors.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "aws_sigv4.h"
#include "base64.h"
#include "msk_token.h"

#ifndef AWS_SIGV4_SUITE
#define AWS_SIGV4_SUITE "../shared/aws-sigv4-test-suite"
#endif

#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define T_MSK ((time_t)1705320000)      /* 20240115T120000Z */
#define MAX_HEADERS 16

static char err[512];

static void sha256_hex(const void *d, size_t n, char out[65])
{
	unsigned char h[32];
	unsigned int len = 0;
	assert_int_equal(EVP_Digest(d, n, h, &len, EVP_sha256(), NULL), 1);
	for (size_t i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* A whole file, NUL-terminated, or NULL when missing. */
static char *slurp(const char *dir, const char *name, size_t *lenp)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap);
	assert_non_null(buf);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(f);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

/* An expected text, without the newline some files end with. */
static char *expected(const char *dir, const char *name)
{
	char *s = slurp(dir, name, NULL);
	assert_non_null(s);
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* A flat context.json's value for key: a string's contents (the suite
 * has no escapes) or a bare word such as true or 3600. */
static bool ctx_get(const char *json, const char *key, char *out, size_t outlen)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\"", key);
	const char *p = strstr(json, pat);
	if (!p)
		return false;
	p += strlen(pat);
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return false;
	p += strspn(p, " \t\r\n");
	size_t n;
	if (*p == '"')
		n = strcspn(++p, "\"");
	else
		n = strcspn(p, ",} \t\r\n");
	if (n >= outlen)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static bool ctx_true(const char *json, const char *key)
{
	char v[16];
	return ctx_get(json, key, v, sizeof(v)) && strcmp(v, "true") == 0;
}

/* request.txt: request line, headers (a line that starts with white space
 * continues the one before), blank line, body. */
typedef struct req {
	char *text;
	char *method, *path, *query, *host;
	aws_header h[MAX_HEADERS];
	char *values[MAX_HEADERS];
	size_t nh;
	const char *body;
	size_t body_len;
} req;

static char *next_line(char **p, char *end)
{
	if (*p >= end)
		return NULL;
	char *line = *p, *nl = memchr(line, '\n', (size_t)(end - line));
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = end;
	}
	size_t n = strlen(line);
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	return line;
}

static void req_parse(req *q, const char *dir)
{
	size_t len;
	memset(q, 0, sizeof(*q));
	q->text = slurp(dir, "request.txt", &len);
	assert_non_null(q->text);
	char *p = q->text, *end = q->text + len, *line = next_line(&p, end);
	assert_non_null(line);

	/* "GET /example space/?a=b HTTP/1.1": the target may hold spaces */
	char *sp = strchr(line, ' '), *last = strrchr(line, ' ');
	assert_true(sp && last > sp);
	*sp = *last = '\0';
	q->method = line;
	q->path = sp + 1;
	char *qm = strchr(q->path, '?');
	q->query = "";
	if (qm) {
		*qm = '\0';
		q->query = qm + 1;
	}
	while ((line = next_line(&p, end)) && *line) {
		if ((*line == ' ' || *line == '\t') && q->nh) {
			char *v = q->values[q->nh - 1];
			size_t n = strlen(v) + strlen(line) + 2;
			v = realloc(v, n);
			assert_non_null(v);
			strcat(strcat(v, " "), line);
			q->values[q->nh - 1] = v;
			q->h[q->nh - 1].value = v;
			continue;
		}
		char *colon = strchr(line, ':');
		assert_non_null(colon);
		assert_true(q->nh < MAX_HEADERS);
		*colon = '\0';
		q->values[q->nh] = strdup(colon + 1);
		q->h[q->nh] = (aws_header){ line, q->values[q->nh] };
		if (strcmp(line, "Host") == 0)
			q->host = colon + 1;
		q->nh++;
	}
	q->body = p < end ? p : "";
	q->body_len = p < end ? (size_t)(end - p) : 0;
	assert_non_null(q->host);
}

static void req_free(req *q)
{
	for (size_t i = 0; i < q->nh; i++)
		free(q->values[i]);
	free(q->text);
}

/* The value of "Name:" in a signed request's text. */
static char *header_in(const char *text, const char *name)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\n%s:", name);
	const char *p = strstr(text, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	return strndup(p, strcspn(p, "\r\n"));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted X-Amz-* parameters of a query, one string, "&"-joined. */
static char *xamz_params(const char *query, bool drop_token)
{
	char *copy = strdup(query), *save = NULL, *v[32];
	size_t n = 0, len = 0;
	for (char *t = strtok_r(copy, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
		if (strncmp(t, "X-Amz-", 6) != 0)
			continue;
		if (drop_token && strncmp(t, "X-Amz-Security-Token=", 21) == 0)
			continue;
		assert_true(n < 32);
		v[n++] = t;
		len += strlen(t) + 1;
	}
	qsort(v, n, sizeof(v[0]), str_cmp);
	char *out = calloc(1, len + 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, "&");
		strcat(out, v[i]);
	}
	free(copy);
	return out;
}

static int check(const char *name, const char *what, const char *got, const char *want)
{
	if (got && strcmp(got, want) == 0)
		return 0;
	print_message("FAIL %s: %s\n  got:  %s\n  want: %s\n", name, what, got ? got : "(null)",
		      want);
	return 1;
}

/*
 * One case of the suite, in three ways:
 *  1. the header form's canonical request, from aws_canonical_request;
 *  2. the Authorization header from aws_sigv4_authorization;
 *  3. the query form from aws_sigv4_presign: its signature, its X-Amz-*
 *     parameters, and the canonical request it signed (rebuilt from the
 *     query it returns).
 * "normalize": the path goes through aws_path_normalize first, as a client
 * of such a service would send it.  "omit_session_token" (the token added
 * after signing, post-sts-header-after) is signing without a token: the
 * signer itself always signs one it has.  "sign_body": the caller adds
 * X-Amz-Content-Sha256, as S3-style callers do.
 */
static int run_case(const char *dir, const char *name)
{
	char *ctx = slurp(dir, "context.json", NULL);
	assert_non_null(ctx);
	char ak[64], sk[128], token[1024] = "", region[32], service[32], ts[32], num[16];
	assert_true(ctx_get(ctx, "access_key_id", ak, sizeof(ak)));
	assert_true(ctx_get(ctx, "secret_access_key", sk, sizeof(sk)));
	assert_true(ctx_get(ctx, "region", region, sizeof(region)));
	assert_true(ctx_get(ctx, "service", service, sizeof(service)));
	assert_true(ctx_get(ctx, "timestamp", ts, sizeof(ts)));
	assert_true(ctx_get(ctx, "expiration_in_seconds", num, sizeof(num)));
	bool has_token = ctx_get(ctx, "token", token, sizeof(token));
	bool omit = ctx_true(ctx, "omit_session_token");
	bool normalize = ctx_true(ctx, "normalize");
	bool sign_body = ctx_true(ctx, "sign_body");
	int expires = atoi(num);

	struct tm tm = { 0 };
	assert_int_equal(sscanf(ts, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t now = timegm(&tm);
	char amz_date[17];
	aws_amz_date(now, amz_date);

	aws_creds c = { .access_key = ak, .secret_key = sk };
	if (has_token && !omit)
		c.session_token = token;

	req q;
	req_parse(&q, dir);
	char *path = normalize ? aws_path_normalize(q.path) : strdup(q.path);
	assert_non_null(path);
	char body_hash[65];
	sha256_hex(q.body, q.body_len, body_hash);

	/* the request's headers: all, and all but Host (the signer's) */
	aws_header all[MAX_HEADERS + 3], mine[MAX_HEADERS + 1];
	const char *names[MAX_HEADERS + 3];
	size_t na = 0, nm = 0;
	for (size_t i = 0; i < q.nh; i++) {
		all[na++] = q.h[i];
		if (strcmp(q.h[i].name, "Host") != 0)
			mine[nm++] = q.h[i];
	}
	size_t nm_query = nm;   /* the query form signs no content hash */
	all[na++] = (aws_header){ "X-Amz-Date", amz_date };
	if (c.session_token)
		all[na++] = (aws_header){ "X-Amz-Security-Token", c.session_token };
	if (sign_body) {
		all[na++] = (aws_header){ "X-Amz-Content-Sha256", body_hash };
		mine[nm++] = (aws_header){ "X-Amz-Content-Sha256", body_hash };
	}
	for (size_t i = 0; i < na; i++)
		names[i] = all[i].name;

	int fails = 0;
	aws_sig_request r = {
		.method = q.method, .host = q.host, .path = path, .query = q.query,
		.headers = all, .n_headers = na, .body = q.body, .body_len = q.body_len,
	};

	/* 1 */
	char *want = expected(dir, "header-canonical-request.txt");
	char *got = aws_canonical_request(&r, names, na, true);
	fails += check(name, "header canonical request", got, want);
	free(got);
	free(want);

	/* 2 */
	char *auth = NULL, date[17];
	r.headers = mine;
	r.n_headers = nm;
	assert_int_equal(aws_sigv4_authorization(&r, &c, region, service, now, &auth, date, err,
						 sizeof(err)), 0);
	char *signed_req = expected(dir, "header-signed-request.txt");
	want = header_in(signed_req, "Authorization");
	assert_non_null(want);
	fails += check(name, "Authorization", auth, want);
	free(want);
	want = header_in(signed_req, "X-Amz-Date");
	fails += check(name, "X-Amz-Date", date, want);
	free(want);
	want = expected(dir, "header-signature.txt");
	const char *sig = auth ? strstr(auth, "Signature=") : NULL;
	fails += check(name, "header signature", sig ? sig + 10 : NULL, want);
	free(want);
	free(signed_req);
	free(auth);

	/* 3 */
	r.n_headers = nm_query;
	char *pq = aws_sigv4_presign(&r, &c, region, service, now, expires, err, sizeof(err));
	assert_non_null(pq);
	char *at = strstr(pq, "&X-Amz-Signature=");
	assert_non_null(at);
	want = expected(dir, "query-signature.txt");
	fails += check(name, "query signature", at + 17, want);
	free(want);

	signed_req = expected(dir, "query-signed-request.txt");
	char *target = strchr(signed_req, '?');
	assert_non_null(target);
	target = strndup(target + 1, strcspn(target + 1, " "));
	char *xw = xamz_params(target, omit), *xg = xamz_params(pq, false);
	fails += check(name, "query X-Amz-* parameters", xg, xw);
	free(xw);
	free(xg);
	free(target);
	free(signed_req);

	*at = '\0';
	const char *qnames[MAX_HEADERS + 1];
	for (size_t i = 0; i < nm_query; i++)
		qnames[i] = mine[i].name;
	qnames[nm_query] = "host";
	r.query = pq;
	want = expected(dir, "query-canonical-request.txt");
	got = aws_canonical_request(&r, qnames, nm_query + 1, true);
	fails += check(name, "query canonical request", got, want);
	free(got);
	free(want);
	free(pq);

	free(path);
	req_free(&q);
	free(ctx);
	return fails;
}

static void test_suite(void **state)
{
	(void)state;
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/v4", AWS_SIGV4_SUITE);
	DIR *d = opendir(dir);
	/* a tree unpacked elsewhere (make distcheck): the suite beside one of
	 * the source tree's parents */
	char up[900];
	snprintf(up, sizeof(up), "%s", AWS_SIGV4_SUITE);
	for (int i = 0; !d && i < 6; i++) {
		char *cut = strstr(up, "/../shared/aws-sigv4-test-suite");
		if (!cut)
			break;
		memmove(cut + 3, cut, strlen(cut) + 1);
		memcpy(cut, "/..", 3);
		snprintf(dir, sizeof(dir), "%s/v4", up);
		d = opendir(dir);
	}
	if (!d)
		fail_msg("no test suite at %s", dir);
	struct dirent *e;
	char *names[128];
	size_t n = 0;
	while ((e = readdir(d))) {
		char sub[2048];
		struct stat st;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(sub, &st) || !S_ISDIR(st.st_mode))
			continue;
		assert_true(n < 128);
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), str_cmp);

	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		char sub[2048];
		snprintf(sub, sizeof(sub), "%s/%s", dir, names[i]);
		int f = run_case(sub, names[i]);
		print_message("%s %s\n", f ? "FAIL" : "ok  ", names[i]);
		failed += f != 0;
		free(names[i]);
	}
	print_message("suite: %zu cases, %d failed\n", n, failed);
	assert_int_equal(n, 38);
	assert_int_equal(failed, 0);
}

/* Vector 1: DescribeClusterV2 with the ARN in the path encoded twice. */
static void test_msk_describe_cluster(void **state)
{
	(void)state;
	aws_creds c = { .access_key = AKID, .secret_key = SECRET };
	aws_sig_request r = {
		.method = "GET", .host = "kafka.us-east-1.amazonaws.com",
		.path = "/api/v2/clusters/arn%3Aaws%3Akafka%3Aus-east-1%3A123456789012%3A"
			"cluster%2Fdemo%2Fabcd1234-ef56-7890-abcd-ef1234567890-1",
		.query = "",
	};
	char *auth = NULL, date[17];
	assert_int_equal(aws_sigv4_authorization(&r, &c, "us-east-1", "kafka", T_MSK, &auth, date,
						 err, sizeof(err)), 0);
	assert_string_equal(date, "20240115T120000Z");
	assert_string_equal(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/"
			    "kafka/aws4_request, SignedHeaders=host;x-amz-date, Signature="
			    "e38cb70c1eab2529a395aa13516b31047937e7eea035200c4a3083527ac9a52d");
	free(auth);

	aws_header h[] = { { "Host", r.host }, { "X-Amz-Date", date } };
	const char *names[] = { "x-amz-date", "host" };
	r.headers = h;
	r.n_headers = 2;
	char *creq = aws_canonical_request(&r, names, 2, true), hash[65];
	assert_non_null(creq);
	char *uri = strchr(creq, '\n') + 1;
	uri = strndup(uri, strcspn(uri, "\n"));
	assert_string_equal(uri, "/api/v2/clusters/arn%253Aaws%253Akafka%253Aus-east-1%253A"
			    "123456789012%253Acluster%252Fdemo%252Fabcd1234-ef56-7890-abcd-"
			    "ef1234567890-1");
	free(uri);
	sha256_hex(creq, strlen(creq), hash);
	assert_string_equal(hash,
			    "d7bc0e130cff875a04971e2af0cabd83b52f46f320b48cf6c6e28bedc1f7e4b8");
	free(creq);

	/* S3 encodes once: the wire path is the canonical URI */
	r.n_headers = 0;
	creq = aws_canonical_request(&r, NULL, 0, false);
	assert_non_null(creq);
	assert_non_null(strstr(creq, "\n/api/v2/clusters/arn%3Aaws%3Akafka%3A"));
	free(creq);
}

#define MSK_CREQ \
	"GET\n/\nAction=kafka-cluster%3AConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&" \
	"X-Amz-Credential=AKIDEXAMPLE%2F20240115%2Fus-east-1%2Fkafka-cluster%2Faws4_request&" \
	"X-Amz-Date=20240115T120000Z&X-Amz-Expires=900&X-Amz-Security-Token=" \
	"SESSIONTOKEN%2FEXAMPLE%2B%3D%3D&X-Amz-SignedHeaders=host\n" \
	"host:kafka.us-east-1.amazonaws.com\n\nhost\n" \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define MSK_SIG "94ca5e5fe5e227768aa975bcda779538a30dccd65e85d5a33d656c3441d303eb"

/* Vector 2: the IAM token, taken apart again. */
static void test_msk_token(void **state)
{
	(void)state;
	aws_creds c = {
		.access_key = AKID, .secret_key = SECRET,
		.session_token = "SESSIONTOKEN/EXAMPLE+==", .source = "test",
	};
	int64_t exp = 0;
	char *tok = msk_token_make(&c, "us-east-1", T_MSK, &exp, err, sizeof(err));
	assert_non_null(tok);
	assert_int_equal(exp, 1705320900000LL);
	assert_int_equal(strncmp(tok, "aHR0cHM6Ly9rYWZrYS51cy1lYXN0LTEuYW1hem9uYXdzLmNvbS8_QWN0aW9u"
				 "PWthZmthLWNsdXN0ZXIlM0FDb25uZWN0", 92), 0);
	/* base64url: no padding, nothing a URL or a SASL frame would mangle */
	assert_int_equal(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				"0123456789-_"), strlen(tok));

	char url[2048];
	size_t n = base64_decode(tok, strlen(tok), url, sizeof(url) - 1);
	assert_true(n != (size_t)-1);
	url[n] = '\0';
	const char *pre = "https://kafka.us-east-1.amazonaws.com/?";
	assert_int_equal(strncmp(url, pre, strlen(pre)), 0);
	char *sig = strstr(url, "&X-Amz-Signature=");
	assert_non_null(sig);
	assert_string_equal(sig, "&X-Amz-Signature=" MSK_SIG "&User-Agent=kdeck/" PACKAGE_VERSION);

	/* the canonical request it signed, rebuilt from its own query */
	*sig = '\0';
	const char *names[] = { "host" };
	aws_sig_request r = {
		.method = "GET", .host = "kafka.us-east-1.amazonaws.com", .path = "/",
		.query = url + strlen(pre),
	};
	char *creq = aws_canonical_request(&r, names, 1, true), hash[65];
	assert_string_equal(creq, MSK_CREQ);
	sha256_hex(creq, strlen(creq), hash);
	assert_string_equal(hash,
			    "96ae327ae2f815c0fe18dcbb66a875710603b928cbb1be8f4609bd02f6b3da00");
	free(creq);

	/* the same through aws_sigv4_presign */
	r.query = "Action=kafka-cluster%3AConnect";
	char *pq = aws_sigv4_presign(&r, &c, "us-east-1", "kafka-cluster", T_MSK, 900, err,
				     sizeof(err));
	assert_non_null(pq);
	strcat(url, "&X-Amz-Signature=" MSK_SIG);
	assert_string_equal(pq, url + strlen(pre));
	free(pq);
	free(tok);

	/* credentials that end sooner cut the token's life short */
	c.expiry_ms = 1705320600000LL;
	tok = msk_token_make(&c, "us-east-1", T_MSK, &exp, err, sizeof(err));
	assert_non_null(tok);
	assert_int_equal(exp, 1705320600000LL);
	free(tok);
	/* and expired ones make none */
	c.expiry_ms = 1705319999000LL;
	assert_null(msk_token_make(&c, "us-east-1", T_MSK, &exp, err, sizeof(err)));
	assert_non_null(strstr(err, "expired"));
}

/* Vector 3. */
static void test_signing_key(void **state)
{
	(void)state;
	char key[65];
	aws_signing_key_hex(SECRET, "20150830", "us-east-1", "iam", key);
	assert_string_equal(key,
			    "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

static void enc_is(const char *in, size_t len, bool keep_slash, const char *want)
{
	char *got = aws_uri_encode(in, len, keep_slash);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_uri_encode(void **state)
{
	(void)state;
	enc_is("", 0, false, "");
	enc_is("-._~AZaz09", 10, false, "-._~AZaz09");
	enc_is("a b", 3, false, "a%20b");
	enc_is("a+b*c", 5, false, "a%2Bb%2Ac");
	enc_is("\xe1\x88\xb4", 3, false, "%E1%88%B4");
	enc_is("\xff", 1, false, "%FF");
	enc_is("a\0b", 3, false, "a%00b");
	enc_is("/a/b c/", 7, true, "/a/b%20c/");
	enc_is("/a/b c/", 7, false, "%2Fa%2Fb%20c%2F");
	enc_is("arn%3Aaws", 9, true, "arn%253Aaws");
	enc_is("abcdef", 3, false, "abc");
}

static void norm_is(const char *in, const char *want)
{
	char *got = aws_path_normalize(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_path_normalize(void **state)
{
	(void)state;
	norm_is("", "/");
	norm_is("/", "/");
	norm_is("/a/b/../c/./d/", "/a/c/d/");
	norm_is("/a/..", "/");
	norm_is("/../../a", "/a");
	norm_is("//a//b", "/a/b");
	norm_is("/a/b/..", "/a/");
	norm_is("/api/v2/clusters/arn%3Aaws", "/api/v2/clusters/arn%3Aaws");
}

static void test_query_canonical(void **state)
{
	(void)state;
	const char *names[] = { "host" };
	aws_sig_request r = {
		.method = "GET", .host = "h", .path = "/",
		.query = "b=2&a=&a-b=1&c&&a=%7e%41+&x=a%2Fb%zz",
	};
	char *creq = aws_canonical_request(&r, names, 1, true);
	assert_non_null(creq);
	assert_string_equal(creq, "GET\n/\na=&a=~A%2B&a-b=1&b=2&c=&x=a%2Fb%25zz\nhost:h\n\nhost\n"
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	free(creq);

	/* a signed name with no header to give it a value */
	const char *missing[] = { "host", "x-missing" };
	assert_null(aws_canonical_request(&r, missing, 2, true));
}

static void test_amz_date(void **state)
{
	(void)state;
	char d[17];
	aws_amz_date(0, d);
	assert_string_equal(d, "19700101T000000Z");
	aws_amz_date(T_MSK, d);
	assert_string_equal(d, "20240115T120000Z");
}

static void no_secret(void)
{
	assert_true(err[0] != '\0');
	assert_null(strstr(err, SECRET));
	assert_null(strstr(err, "SESSIONTOKEN"));
}

static void test_errors(void **state)
{
	(void)state;
	aws_creds c = { .access_key = AKID, .secret_key = SECRET,
			.session_token = "SESSIONTOKEN/EXAMPLE+==" };
	aws_creds none = { 0 };
	aws_header date_h[] = { { "X-Amz-Date", "20240115T120000Z" } };
	aws_sig_request r = { .method = "GET", .host = "h", .path = "/", .query = "" };
	char *auth = (char *)"x", date[17];
	int64_t exp;

	err[0] = '\0';
	assert_null(aws_sigv4_presign(&r, &c, "us-east-1", "s", T_MSK, 0, err, sizeof(err)));
	no_secret();
	err[0] = '\0';
	assert_null(aws_sigv4_presign(&r, &c, "us-east-1", "s", T_MSK, 604801, err, sizeof(err)));
	no_secret();
	err[0] = '\0';
	assert_int_equal(aws_sigv4_authorization(&r, &none, "us-east-1", "s", T_MSK, &auth, date,
						 err, sizeof(err)), -1);
	assert_null(auth);
	no_secret();
	err[0] = '\0';
	assert_int_equal(aws_sigv4_authorization(&r, &c, "us/east", "s", T_MSK, &auth, date, err,
						 sizeof(err)), -1);
	no_secret();
	err[0] = '\0';
	r.headers = date_h;
	r.n_headers = 1;
	assert_int_equal(aws_sigv4_authorization(&r, &c, "us-east-1", "s", T_MSK, &auth, date,
						 err, sizeof(err)), -1);
	no_secret();
	err[0] = '\0';
	assert_null(msk_token_make(&c, "us-east-1.evil.example/", T_MSK, &exp, err, sizeof(err)));
	no_secret();
	err[0] = '\0';
	assert_null(msk_token_make(&none, "us-east-1", T_MSK, &exp, err, sizeof(err)));
	no_secret();
}

static void test_creds_free(void **state)
{
	(void)state;
	aws_creds c = { .access_key = strdup(AKID), .secret_key = strdup(SECRET),
			.session_token = strdup("tok"), .expiry_ms = 5 };
	aws_creds_free(&c);
	assert_null(c.access_key);
	assert_null(c.secret_key);
	assert_null(c.session_token);
	assert_int_equal(c.expiry_ms, 0);
	aws_creds_free(&c);
	aws_creds_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suite),
		cmocka_unit_test(test_msk_describe_cluster),
		cmocka_unit_test(test_msk_token),
		cmocka_unit_test(test_signing_key),
		cmocka_unit_test(test_uri_encode),
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_query_canonical),
		cmocka_unit_test(test_amz_date),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_creds_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
