/*
 * aws_sigv4.c: see aws_sigv4.h.  Strings grow in an sbuf that remembers a
 * failed allocation, so a builder checks once at the end instead of after
 * every append.  Header names are compared in ASCII by hand: strcasecmp
 * follows the locale, and the curses front end sets one.
 */
#include "config.h"

#include "aws_sigv4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define SIGV4_ALGO "AWS4-HMAC-SHA256"
#define SIGV4_MAX_EXPIRES 604800        /* seven days: the most AWS accepts */
#define SHA256_LEN 32

typedef struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_chr(sbuf *b, char c)
{
	sb_add(b, &c, 1);
}

/* Hands the string over (never NULL unless an append failed). */
static char *sb_take(sbuf *b)
{
	char *p = b->p;
	bool oom = b->oom;
	*b = (sbuf){ 0 };
	if (oom) {
		free(p);
		return NULL;
	}
	return p ? p : strdup("");
}

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~';
}

static void sb_enc(sbuf *b, const char *s, size_t n, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c) || (keep_slash && c == '/')) {
			sb_chr(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			sb_add(b, e, 3);
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decoding; a '%' not followed by two hex digits stays itself and
 * '+' stays a plus (AWS does not read it as a space). */
static void sb_dec(sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			sb_chr(b, (char)(hi << 4 | lo));
			i += 2;
		} else {
			sb_chr(b, s[i]);
		}
	}
}

char *aws_uri_encode(const char *s, size_t len, bool keep_slash)
{
	sbuf b = { 0 };
	sb_enc(&b, s, len, keep_slash);
	return sb_take(&b);
}

static void hex_of(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static bool sha256(const void *d, size_t n, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;
	return EVP_Digest(d ? d : "", n, out, &len, EVP_sha256(), NULL) == 1 &&
	       len == SHA256_LEN;
}

static bool hmac256(const void *key, size_t klen, const char *d, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;
	return HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)d, strlen(d), out,
		    &len) != NULL && len == SHA256_LEN;
}

static void wipe_free(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

void aws_creds_free(aws_creds *c)
{
	if (!c)
		return;
	wipe_free(c->secret_key);
	wipe_free(c->session_token);
	free(c->access_key);
	*c = (aws_creds){ 0 };
}

void aws_amz_date(time_t t, char out[17])
{
	struct tm tm;
	/* a year past 9999 (or before 1000) does not fit: out is left empty */
	if (!gmtime_r(&t, &tm) || strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		out[0] = '\0';
}

/* ASCII case-insensitive equality with a lower-case name. */
static bool name_eq(const char *a, const char *lc)
{
	for (; *a && *lc; a++, lc++) {
		char c = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		if (c != *lc)
			return false;
	}
	return *a == *lc;
}

/* Query parameters, name and value each decoded and encoded again the one
 * canonical way. */
typedef struct qparam {
	char *name, *value;
} qparam;

static char *recode(const char *s, size_t n)
{
	sbuf d = { 0 }, e = { 0 };
	sb_dec(&d, s, n);
	if (d.oom) {
		free(d.p);
		return NULL;
	}
	sb_enc(&e, d.p ? d.p : "", d.len, false);
	free(d.p);
	return sb_take(&e);
}

static void qparams_free(qparam *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

static int qparam_cmp(const void *a, const void *b)
{
	const qparam *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

/* A wire query ("b=2&a=1&c") as canonical pairs sorted by name then value
 * (sorting "name=value" strings would put "a-b=" before "a="). */
static qparam *query_parse(const char *q, size_t *np)
{
	size_t cap = 1, n = 0;
	for (const char *p = q; *p; p++)
		cap += *p == '&';
	qparam *v = calloc(cap, sizeof(*v));
	if (!v)
		return NULL;
	for (const char *p = q;;) {
		size_t len = strcspn(p, "&");
		if (len) {
			const char *eq = memchr(p, '=', len);
			size_t nlen = eq ? (size_t)(eq - p) : len;
			v[n].name = recode(p, nlen);
			v[n].value = eq ? recode(eq + 1, len - nlen - 1) : strdup("");
			if (!v[n++].name || !v[n - 1].value) {
				qparams_free(v, n);
				return NULL;
			}
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	qsort(v, n, sizeof(*v), qparam_cmp);
	*np = n;
	return v;
}

static void sb_query(sbuf *b, const qparam *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_chr(b, '&');
		sb_str(b, v[i].name);
		sb_chr(b, '=');
		sb_str(b, v[i].value);
	}
}

/* The canonical URI.  Double encoding is encoding the wire path once more;
 * single encoding (S3) decodes each segment first, so that an escaped
 * slash stays escaped. */
static void sb_uri(sbuf *b, const char *path, bool double_encode)
{
	if (!path || path[0] != '/')
		sb_chr(b, '/');
	if (!path)
		return;
	if (double_encode) {
		sb_enc(b, path, strlen(path), true);
		return;
	}
	for (const char *p = path;;) {
		size_t len = strcspn(p, "/");
		sbuf d = { 0 };
		sb_dec(&d, p, len);
		if (d.oom)
			b->oom = true;
		else
			sb_enc(b, d.p ? d.p : "", d.len, false);
		free(d.p);
		if (!p[len])
			break;
		sb_chr(b, '/');
		p += len + 1;
	}
}

static void names_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The signed header names lower-cased, sorted, each once. */
static char **names_canon(const char *const *names, size_t n, size_t *np)
{
	char **v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		v[i] = strdup(names[i] ? names[i] : "");
		if (!v[i]) {
			names_free(v, i);
			return NULL;
		}
		for (char *p = v[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
	}
	qsort(v, n, sizeof(*v), str_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && strcmp(v[k - 1], v[i]) == 0)
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*np = k;
	return v;
}

static bool hspace(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A header value trimmed, inner runs of white space (folded lines too)
 * made one space. */
static void sb_trimmed(sbuf *b, const char *v)
{
	bool gap = false, any = false;
	for (; *v; v++) {
		if (hspace(*v)) {
			gap = true;
			continue;
		}
		if (gap && any)
			sb_chr(b, ' ');
		sb_chr(b, *v);
		gap = false;
		any = true;
	}
}

/* The canonical request, and in *signed_list (when asked) the "a;b;c" of
 * signed names.  NULL when out of memory or when a signed name has no
 * header to give it a value ("host" falls back on r->host). */
static char *canonical(const aws_sig_request *r, const char *const *names, size_t n_names,
		       bool double_encode, char **signed_list)
{
	sbuf b = { 0 }, sl = { 0 };
	size_t nq = 0, nn = 0;
	qparam *q = query_parse(r->query ? r->query : "", &nq);
	char **lc = names_canon(names, n_names, &nn);
	char *out = NULL;
	unsigned char h[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];

	if (!q || !lc || !r->method)
		goto done;
	sb_str(&b, r->method);
	sb_chr(&b, '\n');
	sb_uri(&b, r->path, double_encode);
	sb_chr(&b, '\n');
	sb_query(&b, q, nq);
	sb_chr(&b, '\n');
	for (size_t i = 0; i < nn; i++) {
		bool found = false;
		sb_str(&b, lc[i]);
		sb_chr(&b, ':');
		for (size_t j = 0; j < r->n_headers; j++) {
			if (!r->headers[j].name || !name_eq(r->headers[j].name, lc[i]))
				continue;
			if (found)
				sb_chr(&b, ',');
			sb_trimmed(&b, r->headers[j].value ? r->headers[j].value : "");
			found = true;
		}
		if (!found && r->host && strcmp(lc[i], "host") == 0) {
			sb_trimmed(&b, r->host);
			found = true;
		}
		if (!found)
			goto done;
		sb_chr(&b, '\n');
		if (i)
			sb_chr(&sl, ';');
		sb_str(&sl, lc[i]);
	}
	sb_chr(&b, '\n');
	sb_add(&b, sl.p ? sl.p : "", sl.len);
	sb_chr(&b, '\n');
	if (!sha256(r->body, r->body_len, h))
		goto done;
	hex_of(h, sizeof(h), hex);
	sb_str(&b, hex);
	if (b.oom || sl.oom)
		goto done;
	out = sb_take(&b);
	if (signed_list)
		*signed_list = sb_take(&sl);
done:
	free(b.p);
	free(sl.p);
	qparams_free(q, nq);
	names_free(lc, nn);
	return out;
}

char *aws_canonical_request(const aws_sig_request *r, const char *const *signed_names,
			    size_t n_signed, bool double_encode)
{
	return canonical(r, signed_names, n_signed, double_encode, NULL);
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" secret, date), region), service),
 * "aws4_request"); the copy of the secret and every step are wiped. */
static bool signing_key(const char *secret, const char *date, const char *region,
			const char *service, unsigned char key[SHA256_LEN])
{
	size_t sl = strlen(secret);
	char *k = malloc(sl + 5);
	unsigned char a[SHA256_LEN], b[SHA256_LEN];
	if (!k)
		return false;
	memcpy(k, "AWS4", 4);
	memcpy(k + 4, secret, sl + 1);
	bool ok = hmac256(k, sl + 4, date, a) && hmac256(a, sizeof(a), region, b) &&
		  hmac256(b, sizeof(b), service, a) && hmac256(a, sizeof(a), "aws4_request", key);
	OPENSSL_cleanse(k, sl + 4);
	free(k);
	OPENSSL_cleanse(a, sizeof(a));
	OPENSSL_cleanse(b, sizeof(b));
	return ok;
}

void aws_signing_key_hex(const char *secret, const char *date, const char *region,
			 const char *service, char out[65])
{
	unsigned char key[SHA256_LEN];
	out[0] = '\0';
	if (secret && date && region && service && signing_key(secret, date, region, service, key))
		hex_of(key, sizeof(key), out);
	OPENSSL_cleanse(key, sizeof(key));
}

/* "YYYYMMDD/region/service/aws4_request" */
static void sb_scope(sbuf *b, const char *amz_date, const char *region, const char *service)
{
	sb_add(b, amz_date, 8);
	sb_chr(b, '/');
	sb_str(b, region);
	sb_chr(b, '/');
	sb_str(b, service);
	sb_str(b, "/aws4_request");
}

/* The hex signature of a canonical request: HMAC of the string to sign
 * (algorithm, time, scope, hash of the canonical request). */
static bool sign_creq(const char *creq, const char *secret, const char *amz_date,
		      const char *region, const char *service, char sig[65])
{
	unsigned char h[SHA256_LEN], key[SHA256_LEN], mac[SHA256_LEN];
	char date[9], hh[2 * SHA256_LEN + 1];
	sbuf sts = { 0 };

	if (!sha256(creq, strlen(creq), h))
		return false;
	hex_of(h, sizeof(h), hh);
	memcpy(date, amz_date, 8);
	date[8] = '\0';
	sb_str(&sts, SIGV4_ALGO "\n");
	sb_str(&sts, amz_date);
	sb_chr(&sts, '\n');
	sb_scope(&sts, amz_date, region, service);
	sb_chr(&sts, '\n');
	sb_str(&sts, hh);
	char *s = sb_take(&sts);
	bool ok = s && signing_key(secret, date, region, service, key) &&
		  hmac256(key, sizeof(key), s, mac);
	if (ok)
		hex_of(mac, sizeof(mac), sig);
	OPENSSL_cleanse(key, sizeof(key));
	free(s);
	return ok;
}

static int fail(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
	return -1;
}

/* A region or service name goes into the scope between slashes. */
static bool scope_part_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s == '/' || (unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* What both forms need before they sign; fills amz_date. */
static int check_args(const aws_sig_request *r, const aws_creds *c, const char *region,
		      const char *service, time_t now, char amz_date[17], char *err,
		      size_t errlen)
{
	if (!c || !c->access_key || !*c->access_key || !c->secret_key || !*c->secret_key)
		return fail(err, errlen, "no AWS credentials to sign the request with");
	if (!scope_part_ok(region))
		return fail(err, errlen, "no valid AWS region to sign the request for");
	if (!scope_part_ok(service))
		return fail(err, errlen, "no valid AWS service name to sign the request for");
	if (!r || !r->method || !*r->method || !r->host || !*r->host)
		return fail(err, errlen, "an AWS request without a method or host");
	for (size_t i = 0; i < r->n_headers; i++)
		if (!r->headers[i].name || !r->headers[i].value)
			return fail(err, errlen, "an AWS request header without a name or value");
	aws_amz_date(now, amz_date);
	if (!amz_date[0])
		return fail(err, errlen, "the clock is out of the range AWS signs for");
	return 0;
}

/* S3 (and its variants) is the one family that encodes the path once. */
static bool double_encode_for(const char *service)
{
	return strncmp(service, "s3", 2) != 0;
}

int aws_sigv4_authorization(const aws_sig_request *r, const aws_creds *c, const char *region,
			    const char *service, time_t now, char **auth, char amz_date[17],
			    char *err, size_t errlen)
{
	*auth = NULL;
	amz_date[0] = '\0';
	if (check_args(r, c, region, service, now, amz_date, err, errlen))
		return -1;

	size_t n = r->n_headers, k = n;
	bool have_host = false;
	for (size_t i = 0; i < n; i++) {
		if (name_eq(r->headers[i].name, "x-amz-date") ||
		    name_eq(r->headers[i].name, "x-amz-security-token"))
			return fail(err, errlen,
				    "X-Amz-Date and X-Amz-Security-Token are the signer's");
		have_host |= name_eq(r->headers[i].name, "host");
	}
	aws_header *h = calloc(n + 3, sizeof(*h));
	const char **names = calloc(n + 3, sizeof(*names));
	char *creq = NULL, *sl = NULL;
	char sig[65];
	sbuf a = { 0 };
	int rc = -1;

	if (!h || !names)
		goto done;
	if (n)
		memcpy(h, r->headers, n * sizeof(*h));
	if (!have_host)
		h[k++] = (aws_header){ "host", r->host };
	h[k++] = (aws_header){ "x-amz-date", amz_date };
	if (c->session_token && *c->session_token)
		h[k++] = (aws_header){ "x-amz-security-token", c->session_token };
	for (size_t i = 0; i < k; i++)
		names[i] = h[i].name;

	aws_sig_request t = *r;
	t.headers = h;
	t.n_headers = k;
	creq = canonical(&t, names, k, double_encode_for(service), &sl);
	if (!creq || !sign_creq(creq, c->secret_key, amz_date, region, service, sig))
		goto done;
	sb_str(&a, SIGV4_ALGO " Credential=");
	sb_str(&a, c->access_key);
	sb_chr(&a, '/');
	sb_scope(&a, amz_date, region, service);
	sb_str(&a, ", SignedHeaders=");
	sb_str(&a, sl);
	sb_str(&a, ", Signature=");
	sb_str(&a, sig);
	*auth = sb_take(&a);
	rc = *auth ? 0 : -1;
done:
	if (rc)
		fail(err, errlen, "cannot sign the AWS request: out of memory");
	free(h);
	free(names);
	free(creq);
	free(sl);
	return rc;
}

char *aws_sigv4_presign(const aws_sig_request *r, const aws_creds *c, const char *region,
			const char *service, time_t now, int expires, char *err, size_t errlen)
{
	char amz_date[17], sig[65], num[16];
	if (expires < 1 || expires > SIGV4_MAX_EXPIRES) {
		fail(err, errlen, "a presigned AWS request lasts 1 to 604800 seconds");
		return NULL;
	}
	if (check_args(r, c, region, service, now, amz_date, err, errlen))
		return NULL;

	size_t n = r->n_headers + 1, nn = 0, nq = 0;
	const char **names = calloc(n, sizeof(*names));
	char **lc = NULL, *creq = NULL, *out = NULL;
	qparam *q = NULL;
	sbuf x = { 0 }, s = { 0 }, full = { 0 }, o = { 0 };

	if (!names)
		goto done;
	names[0] = "host";
	for (size_t i = 1; i < n; i++)
		names[i] = r->headers[i - 1].name;
	lc = names_canon(names, n, &nn);
	if (!lc)
		goto done;
	for (size_t i = 0; i < nn; i++) {
		if (i)
			sb_chr(&s, ';');
		sb_str(&s, lc[i]);
	}

	/* the X-Amz-* parameters, already in their sorted order */
	sb_str(&x, "X-Amz-Algorithm=" SIGV4_ALGO "&X-Amz-Credential=");
	sbuf cred = { 0 };
	sb_str(&cred, c->access_key);
	sb_chr(&cred, '/');
	sb_scope(&cred, amz_date, region, service);
	sb_enc(&x, cred.p ? cred.p : "", cred.len, false);
	x.oom |= cred.oom;
	free(cred.p);
	sb_str(&x, "&X-Amz-Date=");
	sb_str(&x, amz_date);
	snprintf(num, sizeof(num), "%d", expires);
	sb_str(&x, "&X-Amz-Expires=");
	sb_str(&x, num);
	if (c->session_token && *c->session_token) {
		sb_str(&x, "&X-Amz-Security-Token=");
		sb_enc(&x, c->session_token, strlen(c->session_token), false);
	}
	sb_str(&x, "&X-Amz-SignedHeaders=");
	sb_enc(&x, s.p ? s.p : "", s.len, false);
	if (x.oom || s.oom)
		goto done;

	if (r->query && *r->query) {
		sb_str(&full, r->query);
		sb_chr(&full, '&');
	}
	sb_add(&full, x.p, x.len);
	if (full.oom)
		goto done;
	aws_sig_request t = *r;
	t.query = full.p;
	creq = canonical(&t, names, n, double_encode_for(service), NULL);
	if (!creq || !sign_creq(creq, c->secret_key, amz_date, region, service, sig))
		goto done;

	/* the caller's parameters first, in canonical form, then ours */
	q = query_parse(r->query ? r->query : "", &nq);
	if (!q)
		goto done;
	sb_query(&o, q, nq);
	if (nq)
		sb_chr(&o, '&');
	sb_add(&o, x.p, x.len);
	sb_str(&o, "&X-Amz-Signature=");
	sb_str(&o, sig);
	out = sb_take(&o);
done:
	if (!out)
		fail(err, errlen, "cannot presign the AWS request: out of memory");
	free(names);
	names_free(lc, nn);
	qparams_free(q, nq);
	free(creq);
	free(x.p);
	free(s.p);
	free(full.p);
	free(o.p);
	return out;
}

char *aws_path_normalize(const char *path)
{
	size_t nseg = 1;
	for (const char *p = path; *p; p++)
		nseg += *p == '/';
	size_t *starts = calloc(nseg, sizeof(*starts)), depth = 0;
	sbuf b = { 0 };
	bool trailing = false;
	if (!starts)
		return NULL;
	for (const char *p = path + (*path == '/');;) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.')) {
			trailing = true;
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (depth)
				b.len = starts[--depth];
			trailing = true;
		} else {
			starts[depth++] = b.len;
			sb_chr(&b, '/');
			sb_add(&b, p, len);
			trailing = false;
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	free(starts);
	if (b.len == 0 || trailing)
		sb_chr(&b, '/');
	return sb_take(&b);
}
