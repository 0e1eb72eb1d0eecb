/* msk_api.c: see msk_api.h.  Each call: credentials from the cache, one
 * SigV4-signed GET (service "kafka") through aws_http_request, the JSON
 * answer read with jansson.  A field of the wrong type counts as absent:
 * the answer comes from the network and is trusted for nothing. */
#include "config.h"

#include "msk_api.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "aws_http.h"
#include "aws_sigv4.h"

/* An MSK answer is a few kB per cluster; 16 MB is far beyond any region. */
#define MSK_MAX_BODY (16u << 20)
/* Pages of one listing, at most: a server that keeps answering with a
 * nextToken must not keep kdeck looping. */
#define MSK_MAX_PAGES 200
#define MSK_PAGE_SIZE "100"

struct msk_client {
	char *endpoint;                 /* scheme://host[:port], no trailing slash */
	char *host;                     /* host[:port], as signed and sent */
	char *region;
	aws_creds_cache *creds;
	long timeout_ms;
	bool throttled;
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

msk_client *msk_client_new(const char *endpoint, const char *region, aws_creds_cache *creds,
			   long timeout_ms)
{
	msk_client *m = xcalloc(1, sizeof(*m));
	size_t len = strlen(endpoint);
	while (len && endpoint[len - 1] == '/')
		len--;
	m->endpoint = strndup(endpoint, len);
	if (!m->endpoint)
		abort();
	const char *h = strstr(m->endpoint, "://");
	h = h ? h + 3 : m->endpoint;
	m->host = strndup(h, strcspn(h, "/"));
	if (!m->host)
		abort();
	m->region = xstrdup(region);
	m->creds = creds;
	m->timeout_ms = timeout_ms > 0 ? timeout_ms : 15000;
	return m;
}

void msk_client_free(msk_client *m)
{
	if (!m)
		return;
	free(m->endpoint);
	free(m->host);
	free(m->region);
	free(m);
}

bool msk_last_throttled(const msk_client *m)
{
	return m && m->throttled;
}

/* ---- JSON, defensively -------------------------------------------------- */

static json_t *jobj(const json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	return json_is_object(v) ? v : NULL;
}

static json_t *jarr(const json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	return json_is_array(v) ? v : NULL;
}

static const char *jstr(const json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *jdup(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);
	return s ? xstrdup(s) : NULL;
}

/* A whole number in [lo, hi] (AWS sends broker ids as doubles), or def. */
static int64_t jint(const json_t *o, const char *key, int64_t lo, int64_t hi, int64_t def)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		return i >= lo && i <= hi ? (int64_t)i : def;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (isfinite(d) && d == floor(d) && d >= (double)lo && d <= (double)hi)
			return (int64_t)d;
	}
	return def;
}

/* true only for a JSON true at o.key.enabled */
static bool jenabled(const json_t *o, const char *key)
{
	json_t *v = json_object_get(jobj(o, key), "enabled");
	return json_is_true(v);
}

/* The strings of an array (others skipped), appended to *list. */
static void jstrings(const json_t *arr, char ***list, int *n)
{
	size_t i;
	json_t *v;
	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			continue;
		char **l = realloc(*list, (size_t)(*n + 1) * sizeof(*l));
		if (!l)
			abort();
		*list = l;
		l[(*n)++] = xstrdup(json_string_value(v));
	}
}

static void strings_free(char **l, int n)
{
	for (int i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* ---- one request ---------------------------------------------------------- */

static const char *status_error_name(long status)
{
	switch (status) {
	case 400: return "BadRequestException";
	case 401: return "UnauthorizedException";
	case 403: return "ForbiddenException";
	case 404: return "NotFoundException";
	case 409: return "ConflictException";
	case 429: return "TooManyRequestsException";
	case 500: return "InternalServerErrorException";
	case 503: return "ServiceUnavailableException";
	default: return NULL;
	}
}

/* The error's name as AWS writes it in "__type" or "code":
 * "com.amazon...#NotFoundException" or "NotFoundException:http://..." */
static void error_name(const char *raw, char *out, size_t outlen)
{
	const char *hash = strrchr(raw, '#');
	if (hash)
		raw = hash + 1;
	size_t n = strcspn(raw, ":");
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, raw, n);
	out[n] = '\0';
}

/* Blank out every copy of secret in msg: nothing AWS says should carry it,
 * but an error line is printed and this costs nothing. */
static void redact(char *msg, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *p;
	if (n < 4)
		return;
	while ((p = strstr(msg, secret)))
		memset(p, '*', n);
}

/* The sentence for a refused call: "MSK OP: HTTP 404 NotFoundException:
 * message", or the 429 one. */
static void api_error(msk_client *m, const char *op, const aws_http_response *r, char *err,
		      size_t errlen)
{
	char name[96] = "", msg[400] = "";
	json_error_t je;
	json_t *doc = r->body ? json_loadb(r->body, r->body_len, 0, &je) : NULL;

	if (json_is_object(doc)) {
		const char *t = jstr(doc, "__type");
		const char *s = jstr(doc, "message");
		if (!t)
			t = jstr(doc, "code");
		if (!t)
			t = jstr(doc, "Code");
		if (!s)
			s = jstr(doc, "Message");
		if (t && *t)
			error_name(t, name, sizeof(name));
		if (s)
			snprintf(msg, sizeof(msg), "%s", s);
	} else if (r->body && r->body_len) {
		/* not JSON (a proxy's page?): its start, on one line */
		size_t n = r->body_len < 160 ? r->body_len : 160;
		memcpy(msg, r->body, n);
		msg[n] = '\0';
		for (char *p = msg; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
	}
	json_decref(doc);
	if (!name[0] && status_error_name(r->status))
		snprintf(name, sizeof(name), "%s", status_error_name(r->status));
	if (r->status == 429) {
		m->throttled = true;
		snprintf(err, errlen, "MSK %s: throttled by AWS (429): backing off%s%s%s%s", op,
			 name[0] || msg[0] ? " (" : "", name, name[0] && msg[0] ? ": " : "",
			 msg[0] ? msg : "");
		if (name[0] || msg[0])
			snprintf(err + strlen(err), errlen - strlen(err), ")");
		return;
	}
	snprintf(err, errlen, "MSK %s: HTTP %ld%s%s%s%s", op, r->status, name[0] ? " " : "",
		 name, msg[0] ? ": " : "", msg);
}

static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* GET path?query, signed; *out the answer's JSON object.  0, or -1 with
 * err.  Who: every call below. */
static int msk_get(msk_client *m, const char *op, const char *path, const char *query,
		   json_t **out, char *err, size_t errlen)
{
	aws_creds c;
	char why[512], amz_date[17];
	char *auth = NULL, *url = NULL;
	aws_http_response resp;
	int rc = -1;

	*out = NULL;
	m->throttled = false;
	memset(&c, 0, sizeof(c));
	memset(&resp, 0, sizeof(resp));
	why[0] = '\0';
	if (aws_creds_cache_get(m->creds, now_ms(), &c, why, sizeof(why))) {
		snprintf(err, errlen, "MSK %s: %s", op, why[0] ? why : "no AWS credentials");
		return -1;
	}
	aws_sig_request r = { "GET", m->host, path, query ? query : "", NULL, 0, NULL, 0 };
	if (aws_sigv4_authorization(&r, &c, m->region, "kafka", time(NULL), &auth, amz_date,
				    why, sizeof(why))) {
		snprintf(err, errlen, "MSK %s: cannot sign the request: %s", op, why);
		goto out;
	}
	size_t ulen = strlen(m->endpoint) + strlen(path) + (query ? strlen(query) : 0) + 2;
	url = xcalloc(1, ulen);
	snprintf(url, ulen, "%s%s%s%s", m->endpoint, path, query && *query ? "?" : "",
		 query ? query : "");
	aws_header h[5];
	size_t nh = 0;
	h[nh++] = (aws_header){ "Host", m->host };
	h[nh++] = (aws_header){ "X-Amz-Date", amz_date };
	if (c.session_token && *c.session_token)
		h[nh++] = (aws_header){ "X-Amz-Security-Token", c.session_token };
	h[nh++] = (aws_header){ "Authorization", auth };
	if (aws_http_request("GET", url, h, nh, NULL, 0, m->timeout_ms, MSK_MAX_BODY, &resp,
			     why, sizeof(why))) {
		snprintf(err, errlen, "MSK %s: %s: %s", op, m->endpoint, why);
		goto out;
	}
	if (resp.status < 200 || resp.status > 299) {
		api_error(m, op, &resp, err, errlen);
		goto out;
	}
	json_error_t je;
	json_t *doc = json_loadb(resp.body ? resp.body : "", resp.body_len, 0, &je);
	if (!json_is_object(doc)) {
		snprintf(err, errlen, "MSK %s: HTTP %ld but the answer is not a JSON object%s%s",
			 op, resp.status, doc ? "" : ": ", doc ? "" : je.text);
		json_decref(doc);
		goto out;
	}
	*out = doc;
	rc = 0;
out:
	if (rc)
		redact(err, c.secret_key);
	aws_http_response_free(&resp);
	free(auth);
	free(url);
	aws_creds_free(&c);
	return rc;
}

/* "/PREFIX/ARN-encoded-once/SUFFIX": the signer encodes it once more. */
static char *arn_path(const char *prefix, const char *arn, const char *suffix)
{
	char *enc = aws_uri_encode(arn, strlen(arn), false);
	if (!enc)
		abort();
	size_t n = strlen(prefix) + strlen(enc) + strlen(suffix) + 1;
	char *p = xcalloc(1, n);
	snprintf(p, n, "%s%s%s", prefix, enc, suffix);
	free(enc);
	return p;
}

/* The query of page after the first: maxResults and the token, encoded. */
static char *page_query(const char *token)
{
	char *enc = token ? aws_uri_encode(token, strlen(token), false) : NULL;
	size_t n = 64 + (enc ? strlen(enc) : 0);
	char *q = xcalloc(1, n);
	snprintf(q, n, "maxResults=%s%s%s", MSK_PAGE_SIZE, enc ? "&nextToken=" : "",
		 enc ? enc : "");
	free(enc);
	return q;
}

typedef void (*page_fn)(json_t *doc, void *ctx);

/* Every page of a listing: fn sees each answer.  0 or -1 with err. */
static int msk_list_pages(msk_client *m, const char *op, const char *path, page_fn fn,
			  void *ctx, char *err, size_t errlen)
{
	char *token = NULL;
	for (int page = 0; page < MSK_MAX_PAGES; page++) {
		json_t *doc;
		char *q = page_query(token);
		int rc = msk_get(m, op, path, q, &doc, err, errlen);
		free(q);
		if (rc) {
			free(token);
			return -1;
		}
		fn(doc, ctx);
		const char *next = jstr(doc, "nextToken");
		bool more = next && *next && !(token && !strcmp(next, token));
		free(token);
		token = more ? xstrdup(next) : NULL;
		json_decref(doc);
		if (!more)
			return 0;
	}
	free(token);
	snprintf(err, errlen, "MSK %s: more than %d pages: giving up", op, MSK_MAX_PAGES);
	return -1;
}

/* ---- clusters ------------------------------------------------------------- */

static void add_auth(msk_cluster *c, const char *name)
{
	char **l = realloc(c->auth, (size_t)(c->n_auth + 1) * sizeof(*l));
	if (!l)
		abort();
	c->auth = l;
	l[c->n_auth++] = xstrdup(name);
}

/* One Cluster object (ListClustersV2's element, DescribeClusterV2's
 * clusterInfo) into c. */
static void cluster_parse(const json_t *o, msk_cluster *c)
{
	memset(c, 0, sizeof(*c));
	c->brokers = -1;
	c->storage_gb = -1;
	c->name = jdup(o, "clusterName");
	c->arn = jdup(o, "clusterArn");
	c->type = jdup(o, "clusterType");
	c->state = jdup(o, "state");
	c->created = jdup(o, "creationTime");

	const json_t *p = jobj(o, "provisioned");
	if (p) {
		const json_t *g = jobj(p, "brokerNodeGroupInfo");
		c->instance_type = jdup(g, "instanceType");
		c->storage_gb = jint(jobj(jobj(g, "storageInfo"), "ebsStorageInfo"), "volumeSize",
				     0, INT64_C(1) << 40, -1);
		c->brokers = (int)jint(p, "numberOfBrokerNodes", 0, 100000, -1);
		c->kafka_version = jdup(jobj(p, "currentBrokerSoftwareInfo"), "kafkaVersion");
		/* availability zones when given, else the subnets they stand for */
		jstrings(jarr(g, "zoneIds"), &c->zones, &c->n_zones);
		if (!c->n_zones)
			jstrings(jarr(g, "clientSubnets"), &c->zones, &c->n_zones);

		const json_t *a = jobj(p, "clientAuthentication");
		const json_t *sasl = jobj(a, "sasl");
		if (jenabled(sasl, "iam"))
			add_auth(c, "IAM");
		if (jenabled(sasl, "scram"))
			add_auth(c, "SCRAM");
		const json_t *tls = jobj(a, "tls");
		json_t *ten = json_object_get(tls, "enabled");
		if (json_is_true(ten) ||
		    (tls && !json_is_boolean(ten) &&
		     json_array_size(jarr(tls, "certificateAuthorityArnList")) > 0))
			add_auth(c, "TLS");
		/* MSK allows unauthenticated clients unless another way was
		 * chosen and this one switched off */
		json_t *uen = json_object_get(jobj(a, "unauthenticated"), "enabled");
		if (json_is_true(uen) || (!c->n_auth && !json_is_false(uen)))
			add_auth(c, "UNAUTHENTICATED");
	}
	const json_t *s = jobj(o, "serverless");
	if (s) {
		size_t i;
		json_t *vc;
		json_array_foreach(jarr(s, "vpcConfigs"), i, vc)
			jstrings(jarr(vc, "subnetIds"), &c->zones, &c->n_zones);
		if (jenabled(jobj(jobj(s, "clientAuthentication"), "sasl"), "iam"))
			add_auth(c, "IAM");
	}
}

typedef struct cluster_acc {
	msk_cluster *list;
	int n;
} cluster_acc;

static void cluster_page(json_t *doc, void *ctx)
{
	cluster_acc *acc = ctx;
	size_t i;
	json_t *v;
	json_array_foreach(jarr(doc, "clusterInfoList"), i, v) {
		if (!json_is_object(v))
			continue;
		msk_cluster *l = realloc(acc->list, (size_t)(acc->n + 1) * sizeof(*l));
		if (!l)
			abort();
		acc->list = l;
		cluster_parse(v, &l[acc->n++]);
	}
}

int msk_list_clusters(msk_client *m, msk_cluster **out, int *n, char *err, size_t errlen)
{
	cluster_acc acc = { NULL, 0 };
	*out = NULL;
	*n = 0;
	if (msk_list_pages(m, "ListClustersV2", "/api/v2/clusters", cluster_page, &acc, err,
			   errlen)) {
		msk_clusters_free(acc.list, acc.n);
		return -1;
	}
	*out = acc.list;
	*n = acc.n;
	return 0;
}

int msk_describe_cluster(msk_client *m, const char *arn, msk_cluster *out, char *err,
			 size_t errlen)
{
	json_t *doc;
	char *path = arn_path("/api/v2/clusters/", arn, "");
	int rc = msk_get(m, "DescribeClusterV2", path, "", &doc, err, errlen);
	free(path);
	memset(out, 0, sizeof(*out));
	out->brokers = -1;
	out->storage_gb = -1;
	if (rc)
		return -1;
	const json_t *info = jobj(doc, "clusterInfo");
	if (!info) {
		snprintf(err, errlen, "MSK DescribeClusterV2: the answer has no clusterInfo");
		json_decref(doc);
		return -1;
	}
	cluster_parse(info, out);
	json_decref(doc);
	return 0;
}

char *msk_find_cluster(msk_client *m, const char *name_or_arn, char *err, size_t errlen)
{
	msk_cluster *cl;
	int n, found = -1, matches = 0;

	/* an ARN is checked (a clear 404 now rather than from every call
	 * after) and needs no kafka:ListClustersV2 */
	if (!strncmp(name_or_arn, "arn:", 4)) {
		msk_cluster one;
		if (msk_describe_cluster(m, name_or_arn, &one, err, errlen))
			return NULL;
		char *arn = xstrdup(one.arn ? one.arn : name_or_arn);
		msk_cluster_free(&one);
		return arn;
	}
	if (msk_list_clusters(m, &cl, &n, err, errlen))
		return NULL;
	for (int i = 0; i < n; i++)
		if (cl[i].name && !strcmp(cl[i].name, name_or_arn)) {
			found = i;
			matches++;
		}
	char *arn = NULL;
	if (matches == 1 && cl[found].arn)
		arn = xstrdup(cl[found].arn);
	else if (matches > 1)
		snprintf(err, errlen, "MSK: %d clusters are named %s: give its ARN", matches,
			 name_or_arn);
	else
		snprintf(err, errlen, "MSK: no cluster named %s in %s (%d cluster%s listed)",
			 name_or_arn, m->region, n, n == 1 ? "" : "s");
	msk_clusters_free(cl, n);
	return arn;
}

/* ---- nodes ---------------------------------------------------------------- */

typedef struct node_acc {
	msk_node *list;
	int n;
} node_acc;

static void node_page(json_t *doc, void *ctx)
{
	node_acc *acc = ctx;
	size_t i;
	json_t *v;
	json_array_foreach(jarr(doc, "nodeInfoList"), i, v) {
		const json_t *b = jobj(v, "brokerNodeInfo");
		if (!b)
			continue;       /* a controller or ZooKeeper node */
		msk_node *l = realloc(acc->list, (size_t)(acc->n + 1) * sizeof(*l));
		if (!l)
			abort();
		acc->list = l;
		msk_node *nd = &l[acc->n++];
		memset(nd, 0, sizeof(*nd));
		nd->broker_id = (int32_t)jint(b, "brokerId", 0, INT32_MAX, -1);
		nd->subnet = jdup(b, "clientSubnet");
		nd->attached_eni = jdup(b, "attachedENIId");
		nd->instance_type = jdup(v, "instanceType");
		jstrings(jarr(b, "endpoints"), &nd->endpoints, &nd->n_endpoints);
	}
}

int msk_list_nodes(msk_client *m, const char *arn, msk_node **out, int *n, char *err,
		   size_t errlen)
{
	node_acc acc = { NULL, 0 };
	char *path = arn_path("/v1/clusters/", arn, "/nodes");
	int rc = msk_list_pages(m, "ListNodes", path, node_page, &acc, err, errlen);
	free(path);
	*out = NULL;
	*n = 0;
	if (rc) {
		msk_nodes_free(acc.list, acc.n);
		return -1;
	}
	*out = acc.list;
	*n = acc.n;
	return 0;
}

/* ---- bootstrap strings ------------------------------------------------------ */

static char *nonempty(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);
	return s && *s ? xstrdup(s) : NULL;
}

int msk_bootstrap_brokers(msk_client *m, const char *arn, msk_bootstrap *out, char *err,
			  size_t errlen)
{
	json_t *doc;
	char *path = arn_path("/v1/clusters/", arn, "/bootstrap-brokers");
	int rc = msk_get(m, "GetBootstrapBrokers", path, "", &doc, err, errlen);
	free(path);
	memset(out, 0, sizeof(*out));
	if (rc)
		return -1;
	out->plaintext = nonempty(doc, "bootstrapBrokerString");
	out->tls = nonempty(doc, "bootstrapBrokerStringTls");
	out->sasl_scram = nonempty(doc, "bootstrapBrokerStringSaslScram");
	out->sasl_iam = nonempty(doc, "bootstrapBrokerStringSaslIam");
	out->public_tls = nonempty(doc, "bootstrapBrokerStringPublicTls");
	out->public_sasl_scram = nonempty(doc, "bootstrapBrokerStringPublicSaslScram");
	out->public_sasl_iam = nonempty(doc, "bootstrapBrokerStringPublicSaslIam");
	json_decref(doc);
	return 0;
}

const char *msk_bootstrap_for(const msk_bootstrap *b, const char *auth, bool public_)
{
	if (!b || !auth)
		return NULL;
	if (!strcmp(auth, "iam"))
		return public_ ? b->public_sasl_iam : b->sasl_iam;
	if (!strcmp(auth, "scram"))
		return public_ ? b->public_sasl_scram : b->sasl_scram;
	if (!strcmp(auth, "tls"))
		return public_ ? b->public_tls : b->tls;
	if (!strcmp(auth, "plaintext"))
		return public_ ? NULL : b->plaintext;   /* MSK has no public plaintext */
	return NULL;
}

/* ---- operations ------------------------------------------------------------- */

typedef struct op_acc {
	msk_operation *list;
	int n;
} op_acc;

static void op_page(json_t *doc, void *ctx)
{
	op_acc *acc = ctx;
	size_t i;
	json_t *v;
	json_array_foreach(jarr(doc, "clusterOperationInfoList"), i, v) {
		if (!json_is_object(v))
			continue;
		msk_operation *l = realloc(acc->list, (size_t)(acc->n + 1) * sizeof(*l));
		if (!l)
			abort();
		acc->list = l;
		msk_operation *o = &l[acc->n++];
		memset(o, 0, sizeof(*o));
		o->arn = jdup(v, "operationArn");
		o->type = jdup(v, "operationType");
		o->state = jdup(v, "operationState");
		o->start = jdup(v, "startTime");
		o->end = jdup(v, "endTime");
		/* the V2 summary has no steps; the V1 shape's last one if sent */
		json_t *steps = jarr(v, "operationSteps");
		size_t ns = json_array_size(steps);
		if (ns)
			o->step = jdup(json_array_get(steps, ns - 1), "stepName");
	}
}

int msk_list_operations(msk_client *m, const char *arn, msk_operation **out, int *n,
			char *err, size_t errlen)
{
	op_acc acc = { NULL, 0 };
	char *path = arn_path("/api/v2/clusters/", arn, "/operations");
	int rc = msk_list_pages(m, "ListClusterOperationsV2", path, op_page, &acc, err, errlen);
	free(path);
	*out = NULL;
	*n = 0;
	if (rc) {
		msk_operations_free(acc.list, acc.n);
		return -1;
	}
	*out = acc.list;
	*n = acc.n;
	return 0;
}

/* ---- freeing ---------------------------------------------------------------- */

void msk_cluster_free(msk_cluster *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->arn);
	free(c->type);
	free(c->state);
	free(c->kafka_version);
	free(c->instance_type);
	strings_free(c->zones, c->n_zones);
	strings_free(c->auth, c->n_auth);
	free(c->created);
	memset(c, 0, sizeof(*c));
}

void msk_clusters_free(msk_cluster *c, int n)
{
	for (int i = 0; c && i < n; i++)
		msk_cluster_free(&c[i]);
	free(c);
}

void msk_nodes_free(msk_node *n, int count)
{
	for (int i = 0; n && i < count; i++) {
		free(n[i].subnet);
		free(n[i].az);
		free(n[i].instance_type);
		strings_free(n[i].endpoints, n[i].n_endpoints);
		free(n[i].attached_eni);
	}
	free(n);
}

void msk_operations_free(msk_operation *o, int n)
{
	for (int i = 0; o && i < n; i++) {
		free(o[i].arn);
		free(o[i].type);
		free(o[i].state);
		free(o[i].start);
		free(o[i].end);
		free(o[i].step);
	}
	free(o);
}

void msk_bootstrap_free(msk_bootstrap *b)
{
	if (!b)
		return;
	free(b->plaintext);
	free(b->tls);
	free(b->sasl_scram);
	free(b->sasl_iam);
	free(b->public_tls);
	free(b->public_sasl_scram);
	free(b->public_sasl_iam);
	memset(b, 0, sizeof(*b));
}
