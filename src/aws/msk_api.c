/* msk_api.c: see msk_api.h.  Each call: one GET, signed with SigV4 for
 * service "kafka" (the path as it goes on the wire, each ARN encoded
 * once; the signer encodes it again for the canonical request), the JSON
 * answer read defensively (a field of the wrong type counts as absent). */
#include "config.h"

#include "msk_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "aws_http.h"
#include "aws_sigv4.h"

#define MAX_BODY (8u << 20)

struct msk_client {
	char *endpoint, *host, *region;
	aws_creds_cache *creds;
	long timeout_ms;
	bool throttled;
};

msk_client *msk_client_new(const char *endpoint, const char *region, aws_creds_cache *creds,
			   long timeout_ms)
{
	msk_client *m = calloc(1, sizeof(*m));
	if (!m)
		abort();
	m->endpoint = strdup(endpoint);
	size_t n = strlen(m->endpoint);
	while (n && m->endpoint[n - 1] == '/')
		m->endpoint[--n] = '\0';
	const char *h = strstr(m->endpoint, "://");
	h = h ? h + 3 : m->endpoint;
	m->host = strndup(h, strcspn(h, "/"));
	m->region = strdup(region);
	m->creds = creds;
	m->timeout_ms = timeout_ms;
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
	return m->throttled;
}

/* GET path?query, signed; the parsed JSON or NULL with err. */
static json_t *call(msk_client *m, const char *op, const char *path, const char *query,
		    char *err, size_t errlen)
{
	aws_creds c;
	char why[512], amz[17], url[4096];
	char *auth = NULL;
	m->throttled = false;
	if (aws_creds_cache_get(m->creds, (int64_t)time(NULL) * 1000, &c, why, sizeof(why))) {
		snprintf(err, errlen, "MSK %s: %s", op, why);
		return NULL;
	}
	aws_sig_request r = { "GET", m->host, path, query ? query : "", NULL, 0, NULL, 0 };
	if (aws_sigv4_authorization(&r, &c, m->region, "kafka", time(NULL), &auth, amz, why,
				    sizeof(why))) {
		aws_creds_free(&c);
		snprintf(err, errlen, "MSK %s: %s", op, why);
		return NULL;
	}
	aws_header h[4] = { { "Authorization", auth }, { "X-Amz-Date", amz },
			    { "Accept", "application/json" } };
	size_t nh = 3;
	if (c.session_token)
		h[nh++] = (aws_header){ "X-Amz-Security-Token", c.session_token };
	snprintf(url, sizeof(url), "%s%s%s%s", m->endpoint, path, query && *query ? "?" : "",
		 query ? query : "");
	aws_http_response resp;
	int rc = aws_http_request("GET", url, h, nh, NULL, 0, m->timeout_ms, MAX_BODY, &resp,
				  why, sizeof(why));
	free(auth);
	aws_creds_free(&c);
	if (rc) {
		snprintf(err, errlen, "MSK %s: %s (%s)", op, why, m->endpoint);
		return NULL;
	}
	json_t *j = json_loadb(resp.body, resp.body_len, 0, NULL);
	if (resp.status == 200 && json_is_object(j)) {
		aws_http_response_free(&resp);
		return j;
	}
	const char *msg = json_string_value(json_object_get(j, "message"));
	if (!msg)
		msg = json_string_value(json_object_get(j, "Message"));
	const char *type = json_string_value(json_object_get(j, "__type"));
	if (resp.status == 429) {
		m->throttled = true;
		snprintf(err, errlen, "MSK %s: throttled by AWS (429): backing off", op);
	} else if (resp.status == 200) {
		snprintf(err, errlen, "MSK %s: the answer is not JSON", op);
	} else {
		snprintf(err, errlen, "MSK %s: HTTP %ld%s%s%s%s", op, resp.status,
			 type ? " " : "", type ? type : "", msg ? ": " : "", msg ? msg : "");
	}
	json_decref(j);
	aws_http_response_free(&resp);
	return NULL;
}

static char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? strdup(s) : NULL;
}

static json_t *path_get(json_t *o, const char *a, const char *b, const char *c)
{
	json_t *x = json_object_get(o, a);
	if (b)
		x = json_object_get(x, b);
	if (c)
		x = json_object_get(x, c);
	return x;
}

static char **strs(json_t *arr, int *n)
{
	*n = 0;
	if (!json_is_array(arr))
		return calloc(1, sizeof(char *));
	char **v = calloc(json_array_size(arr) + 1, sizeof(char *));
	if (!v)
		abort();
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (s)
			v[(*n)++] = strdup(s);
	}
	return v;
}

static void add_auth(msk_cluster *c, const char *name)
{
	char **v = realloc(c->auth, (size_t)(c->n_auth + 2) * sizeof(char *));
	if (!v)
		abort();
	c->auth = v;
	c->auth[c->n_auth++] = strdup(name);
	c->auth[c->n_auth] = NULL;
}

static bool enabled(json_t *o)
{
	return json_is_true(json_object_get(o, "enabled"));
}

static void parse_cluster(json_t *j, msk_cluster *c)
{
	memset(c, 0, sizeof(*c));
	c->name = str(j, "clusterName");
	c->arn = str(j, "clusterArn");
	c->type = str(j, "clusterType");
	c->state = str(j, "state");
	c->created = str(j, "creationTime");
	c->brokers = -1;
	c->storage_gb = -1;
	json_t *p = json_object_get(j, "provisioned");
	if (json_is_object(p)) {
		json_t *g = json_object_get(p, "brokerNodeGroupInfo");
		c->instance_type = str(g, "instanceType");
		c->zones = strs(json_object_get(g, "clientSubnets"), &c->n_zones);
		json_t *vol = path_get(g, "storageInfo", "ebsStorageInfo", "volumeSize");
		if (json_is_integer(vol))
			c->storage_gb = json_integer_value(vol);
		json_t *nb = json_object_get(p, "numberOfBrokerNodes");
		if (json_is_integer(nb))
			c->brokers = (int)json_integer_value(nb);
		c->kafka_version = str(json_object_get(p, "currentBrokerSoftwareInfo"),
				       "kafkaVersion");
		json_t *a = json_object_get(p, "clientAuthentication");
		if (enabled(path_get(a, "sasl", "iam", NULL)))
			add_auth(c, "IAM");
		if (enabled(path_get(a, "sasl", "scram", NULL)))
			add_auth(c, "SCRAM");
		if (json_is_object(json_object_get(a, "tls")) &&
		    (enabled(json_object_get(a, "tls")) ||
		     json_array_size(path_get(a, "tls", "certificateAuthorityArnList", NULL))))
			add_auth(c, "TLS");
		if (enabled(json_object_get(a, "unauthenticated")))
			add_auth(c, "UNAUTHENTICATED");
	} else {
		json_t *s = json_object_get(j, "serverless");
		json_t *vpc = json_array_get(json_object_get(s, "vpcConfigs"), 0);
		c->zones = strs(json_object_get(vpc, "subnetIds"), &c->n_zones);
		if (enabled(path_get(s, "clientAuthentication", "sasl", "iam")))
			add_auth(c, "IAM");
	}
	if (!c->zones)
		c->zones = calloc(1, sizeof(char *));
}

int msk_list_clusters(msk_client *m, msk_cluster **out, int *n, char *err, size_t errlen)
{
	char query[2048] = "";
	*out = NULL;
	*n = 0;
	for (int page = 0; page < 100; page++) {
		json_t *j = call(m, "ListClustersV2", "/api/v2/clusters", query, err, errlen);
		if (!j) {
			msk_clusters_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		json_t *list = json_object_get(j, "clusterInfoList");
		size_t k = json_array_size(list);
		msk_cluster *v = realloc(*out, (size_t)(*n + (int)k + 1) * sizeof(msk_cluster));
		if (!v)
			abort();
		*out = v;
		for (size_t i = 0; i < k; i++)
			parse_cluster(json_array_get(list, i), &(*out)[(*n)++]);
		const char *next = json_string_value(json_object_get(j, "nextToken"));
		if (!next || !*next) {
			json_decref(j);
			return 0;
		}
		char *enc = aws_uri_encode(next, strlen(next), false);
		snprintf(query, sizeof(query), "nextToken=%s", enc);
		free(enc);
		json_decref(j);
	}
	return 0;
}

/* "/api/v2/clusters/" + the ARN encoded once */
static void arn_path(char *buf, size_t len, const char *prefix, const char *arn,
		     const char *suffix)
{
	char *enc = aws_uri_encode(arn, strlen(arn), false);
	snprintf(buf, len, "%s%s%s", prefix, enc, suffix);
	free(enc);
}

int msk_describe_cluster(msk_client *m, const char *arn, msk_cluster *out, char *err,
			 size_t errlen)
{
	char path[2048];
	arn_path(path, sizeof(path), "/api/v2/clusters/", arn, "");
	json_t *j = call(m, "DescribeClusterV2", path, NULL, err, errlen);
	if (!j)
		return -1;
	json_t *info = json_object_get(j, "clusterInfo");
	if (!json_is_object(info)) {
		snprintf(err, errlen, "MSK DescribeClusterV2: no clusterInfo in the answer");
		json_decref(j);
		return -1;
	}
	parse_cluster(info, out);
	json_decref(j);
	return 0;
}

int msk_list_nodes(msk_client *m, const char *arn, msk_node **out, int *n, char *err,
		   size_t errlen)
{
	char path[2048];
	arn_path(path, sizeof(path), "/v1/clusters/", arn, "/nodes");
	*out = NULL;
	*n = 0;
	json_t *j = call(m, "ListNodes", path, NULL, err, errlen);
	if (!j)
		return -1;
	json_t *list = json_object_get(j, "nodeInfoList");
	*out = calloc(json_array_size(list) + 1, sizeof(msk_node));
	if (!*out)
		abort();
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);
		json_t *b = json_object_get(e, "brokerNodeInfo");
		json_t *id = json_object_get(b, "brokerId");
		if (!json_is_number(id))
			continue;
		msk_node *nd = &(*out)[(*n)++];
		nd->broker_id = (int32_t)json_number_value(id);
		nd->subnet = str(b, "clientSubnet");
		nd->attached_eni = str(b, "attachedENIId");
		nd->instance_type = str(e, "instanceType");
		nd->endpoints = strs(json_object_get(b, "endpoints"), &nd->n_endpoints);
		/* the AZ is not in ListNodes; some answers carry it */
		nd->az = str(b, "availabilityZone");
		if (!nd->az)
			nd->az = str(e, "availabilityZone");
	}
	json_decref(j);
	return 0;
}

int msk_bootstrap_brokers(msk_client *m, const char *arn, msk_bootstrap *out, char *err,
			  size_t errlen)
{
	char path[2048];
	arn_path(path, sizeof(path), "/v1/clusters/", arn, "/bootstrap-brokers");
	memset(out, 0, sizeof(*out));
	json_t *j = call(m, "GetBootstrapBrokers", path, NULL, err, errlen);
	if (!j)
		return -1;
	out->plaintext = str(j, "bootstrapBrokerString");
	out->tls = str(j, "bootstrapBrokerStringTls");
	out->sasl_scram = str(j, "bootstrapBrokerStringSaslScram");
	out->sasl_iam = str(j, "bootstrapBrokerStringSaslIam");
	out->public_tls = str(j, "bootstrapBrokerStringPublicTls");
	out->public_sasl_scram = str(j, "bootstrapBrokerStringPublicSaslScram");
	out->public_sasl_iam = str(j, "bootstrapBrokerStringPublicSaslIam");
	json_decref(j);
	return 0;
}

int msk_list_operations(msk_client *m, const char *arn, msk_operation **out, int *n,
			char *err, size_t errlen)
{
	char query[2048];
	char *enc = aws_uri_encode(arn, strlen(arn), false);
	snprintf(query, sizeof(query), "clusterArn=%s", enc);
	free(enc);
	*out = NULL;
	*n = 0;
	json_t *j = call(m, "ListClusterOperationsV2", "/api/v2/operations", query, err, errlen);
	if (!j)
		return -1;
	json_t *list = json_object_get(j, "clusterOperationInfoList");
	*out = calloc(json_array_size(list) + 1, sizeof(msk_operation));
	if (!*out)
		abort();
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);
		msk_operation *o = &(*out)[(*n)++];
		o->arn = str(e, "operationArn");
		o->type = str(e, "operationType");
		o->state = str(e, "operationState");
		o->start = str(e, "startTime");
		o->end = str(e, "endTime");
		json_t *steps = json_object_get(e, "operationSteps");
		size_t ns = json_array_size(steps);
		if (ns)
			o->step = str(json_array_get(steps, ns - 1), "stepName");
	}
	json_decref(j);
	return 0;
}

char *msk_find_cluster(msk_client *m, const char *name_or_arn, char *err, size_t errlen)
{
	msk_cluster *c;
	int n;
	if (!strncmp(name_or_arn, "arn:", 4)) {
		msk_cluster one;
		if (msk_describe_cluster(m, name_or_arn, &one, err, errlen))
			return NULL;
		char *arn = one.arn ? strdup(one.arn) : strdup(name_or_arn);
		msk_cluster_free(&one);
		return arn;
	}
	if (msk_list_clusters(m, &c, &n, err, errlen))
		return NULL;
	char *arn = NULL;
	for (int i = 0; i < n && !arn; i++)
		if (c[i].name && c[i].arn && !strcmp(c[i].name, name_or_arn))
			arn = strdup(c[i].arn);
	if (!arn)
		snprintf(err, errlen, "MSK: no cluster named %s in %s (%d listed)", name_or_arn,
			 m->region, n);
	msk_clusters_free(c, n);
	return arn;
}

const char *msk_bootstrap_for(const msk_bootstrap *b, const char *auth, bool public_)
{
	if (!strcmp(auth, "iam"))
		return public_ ? b->public_sasl_iam : b->sasl_iam;
	if (!strcmp(auth, "scram"))
		return public_ ? b->public_sasl_scram : b->sasl_scram;
	if (!strcmp(auth, "tls"))
		return public_ ? b->public_tls : b->tls;
	if (!strcmp(auth, "plaintext"))
		return public_ ? NULL : b->plaintext;
	return NULL;
}

static void free_strs(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void msk_cluster_free(msk_cluster *c)
{
	free(c->name);
	free(c->arn);
	free(c->type);
	free(c->state);
	free(c->kafka_version);
	free(c->instance_type);
	free(c->created);
	free_strs(c->zones, c->n_zones);
	free_strs(c->auth, c->n_auth);
	memset(c, 0, sizeof(*c));
}

void msk_clusters_free(msk_cluster *c, int n)
{
	for (int i = 0; c && i < n; i++)
		msk_cluster_free(&c[i]);
	free(c);
}

void msk_nodes_free(msk_node *v, int n)
{
	for (int i = 0; v && i < n; i++) {
		free(v[i].subnet);
		free(v[i].az);
		free(v[i].instance_type);
		free(v[i].attached_eni);
		free_strs(v[i].endpoints, v[i].n_endpoints);
	}
	free(v);
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
	free(b->plaintext);
	free(b->tls);
	free(b->sasl_scram);
	free(b->sasl_iam);
	free(b->public_tls);
	free(b->public_sasl_scram);
	free(b->public_sasl_iam);
	memset(b, 0, sizeof(*b));
}
