/* wire_msg_cluster.c: ApiVersions, Metadata, DescribeCluster and
 * DescribeQuorum, the requests that describe the cluster itself. */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * ApiVersions
 * ------------------------------------------------------------------- */

int wire_apiversions_req_encode(wire_wbuf *w, int16_t version,
				const wire_apiversions_req *req,
				char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_API_VERSIONS, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	if (version >= 3) {
		/* Brokers reject empty or odd names (INVALID_REQUEST). */
		const char *name = req && req->client_software_name ?
			req->client_software_name : "kdeck";
		const char *ver = req && req->client_software_version ?
			req->client_software_version : "0";
		wire_wbuf_put_str(w, name, true);
		wire_wbuf_put_str(w, ver, true);
		wire_wbuf_put_no_tags(w);
	}
	return wire_msg_finish_encode(w, start, WIRE_API_API_VERSIONS, version, err, errlen);
}

/* The features lists of ApiVersions v3+: name, then two int16 whose
 * meaning (min/max or max/min level) the caller knows. */
static wire_feature *read_features(wire_rbuf *r, kd_arena *a, bool max_first, size_t *n)
{
	int32_t count = wire_rbuf_array_len(r, true, true, 6);
	*n = 0;
	if (r->failed || count <= 0)
		return NULL;
	wire_feature *f = WIRE_ALLOC_ARRAY(r, a, count, wire_feature);
	for (int32_t i = 0; i < count && !r->failed; i++) {
		f[i].name = wire_rbuf_str(r, a, true, false);
		int16_t first = wire_rbuf_i16(r), second = wire_rbuf_i16(r);
		f[i].min = max_first ? second : first;
		f[i].max = max_first ? first : second;
		wire_rbuf_tags(r, NULL, NULL);
	}
	*n = (size_t)count;
	return f;
}

typedef struct apiversions_ctx {
	wire_apiversions_resp *resp;
	kd_arena *a;
} apiversions_ctx;

static int apiversions_tag(void *ctx, uint32_t tag, wire_rbuf *f)
{
	apiversions_ctx *c = ctx;
	switch (tag) {
	case 0:
		c->resp->supported_features = read_features(f, c->a, false,
							    &c->resp->n_supported_features);
		break;
	case 1:
		c->resp->finalized_features_epoch = wire_rbuf_i64(f);
		break;
	case 2:
		c->resp->finalized_features = read_features(f, c->a, true,
							    &c->resp->n_finalized_features);
		break;
	case 3:
		c->resp->zk_migration_ready = wire_rbuf_bool(f);
		break;
	default:
		break;
	}
	return 0;
}

static int apiversions_decode(const void *body, size_t len, int16_t version,
			      kd_arena *a, wire_apiversions_resp **out,
			      char *err, size_t errlen)
{
	bool flex = wire_api_flexible(WIRE_API_API_VERSIONS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_apiversions_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->finalized_features_epoch = -1;

	resp->error_code = wire_rbuf_i16(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, flex ? 7 : 6);
	resp->apis = WIRE_ALLOC_ARRAY(&r, a, n, wire_api_range);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		resp->apis[i].api_key = wire_rbuf_i16(&r);
		resp->apis[i].min = wire_rbuf_i16(&r);
		resp->apis[i].max = wire_rbuf_i16(&r);
		if (flex)
			wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_apis = n > 0 ? (size_t)n : 0;
	if (version >= 1)
		resp->throttle_ms = wire_rbuf_i32(&r);
	if (flex) {
		apiversions_ctx ctx = { resp, a };
		wire_rbuf_tags(&r, apiversions_tag, &ctx);
	}
	if (wire_msg_finish_decode(&r, WIRE_API_API_VERSIONS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

int wire_apiversions_resp_decode(const void *body, size_t len, int16_t version,
				 kd_arena *a, wire_apiversions_resp **out,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_API_VERSIONS, version, "response", err, errlen))
		return -1;
	if (apiversions_decode(body, len, version, a, out, err, errlen) == 0)
		return 0;
	if (version == 0)
		return -1;
	/* An older broker answers a version it does not know in v0, with
	 * UNSUPPORTED_VERSION and the ranges it does know. */
	char err0[16];
	wire_apiversions_resp *v0;
	if (apiversions_decode(body, len, 0, a, &v0, err0, sizeof(err0)) == 0 &&
	    v0->error_code != 0) {
		*out = v0;
		return 0;
	}
	return -1;
}

/* ---------------------------------------------------------------------
 * Metadata
 * ------------------------------------------------------------------- */

int wire_metadata_req_encode(wire_wbuf *w, int16_t version,
			     const wire_metadata_req *req,
			     char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_METADATA, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_METADATA, version);
	size_t start = w->len;

	int32_t n = req->n_topics < 0 ? -1 : req->n_topics;
	wire_wbuf_put_array_len(w, n, flex);
	for (int32_t i = 0; i < n; i++) {
		if (!req->topics[i]) {
			snprintf(err, errlen, "Metadata request: topic %d has no name", i);
			w->len = start;
			return -1;
		}
		if (version >= 10) {
			wire_uuid zero = { { 0 } };
			wire_wbuf_put_uuid(w, &zero);
		}
		wire_wbuf_put_str(w, req->topics[i], flex);
		if (flex)
			wire_wbuf_put_no_tags(w);
	}
	if (version >= 4)
		wire_wbuf_put_bool(w, req->allow_auto_topic_creation);
	if (version >= 8 && version <= 10)
		wire_wbuf_put_bool(w, false);   /* cluster operations: DescribeCluster has them */
	if (version >= 8)
		wire_wbuf_put_bool(w, req->include_topic_authorized_operations);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_METADATA, version, err, errlen);
}

/* A broker entry of Metadata or DescribeCluster (same layout). */
static void read_broker(wire_rbuf *r, kd_arena *a, wire_broker *b, bool flex, bool has_rack)
{
	b->node_id = wire_rbuf_i32(r);
	b->host = wire_rbuf_str(r, a, flex, false);
	b->port = wire_rbuf_i32(r);
	if (has_rack)
		b->rack = wire_rbuf_str(r, a, flex, true);
	if (flex)
		wire_rbuf_tags(r, NULL, NULL);
}

static void read_metadata_partition(wire_rbuf *r, kd_arena *a,
				    wire_metadata_partition *p, int16_t version)
{
	bool flex = wire_api_flexible(WIRE_API_METADATA, version);
	p->error_code = wire_rbuf_i16(r);
	p->partition = wire_rbuf_i32(r);
	p->leader = wire_rbuf_i32(r);
	p->leader_epoch = version >= 7 ? wire_rbuf_i32(r) : -1;
	p->replicas = wire_rbuf_i32_array(r, a, flex, &p->n_replicas);
	p->isr = wire_rbuf_i32_array(r, a, flex, &p->n_isr);
	if (version >= 5)
		p->offline_replicas = wire_rbuf_i32_array(r, a, flex, &p->n_offline_replicas);
	if (flex)
		wire_rbuf_tags(r, NULL, NULL);
}

static void read_metadata_topic(wire_rbuf *r, kd_arena *a,
				wire_metadata_topic *t, int16_t version)
{
	bool flex = wire_api_flexible(WIRE_API_METADATA, version);
	t->error_code = wire_rbuf_i16(r);
	t->name = wire_rbuf_str(r, a, flex, version >= 12);
	if (version >= 10)
		wire_rbuf_uuid(r, &t->topic_id);
	if (version >= 1)
		t->is_internal = wire_rbuf_bool(r);
	int32_t n = wire_rbuf_array_len(r, flex, false, 14);
	t->partitions = WIRE_ALLOC_ARRAY(r, a, n, wire_metadata_partition);
	for (int32_t i = 0; i < n && !r->failed; i++)
		read_metadata_partition(r, a, &t->partitions[i], version);
	t->n_partitions = n > 0 ? (size_t)n : 0;
	t->authorized_operations = version >= 8 ? wire_rbuf_i32(r) : INT32_MIN;
	if (flex)
		wire_rbuf_tags(r, NULL, NULL);
}

int wire_metadata_resp_decode(const void *body, size_t len, int16_t version,
			      kd_arena *a, wire_metadata_resp **out,
			      char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_METADATA, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_METADATA, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_metadata_resp *resp = arena_alloc(a, sizeof(*resp));

	if (version >= 3)
		resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, 10);
	resp->brokers = WIRE_ALLOC_ARRAY(&r, a, n, wire_broker);
	for (int32_t i = 0; i < n && !r.failed; i++)
		read_broker(&r, a, &resp->brokers[i], flex, version >= 1);
	resp->n_brokers = n > 0 ? (size_t)n : 0;
	if (version >= 2)
		resp->cluster_id = wire_rbuf_str(&r, a, flex, true);
	resp->controller_id = version >= 1 ? wire_rbuf_i32(&r) : -1;
	n = wire_rbuf_array_len(&r, flex, false, 8);
	resp->topics = WIRE_ALLOC_ARRAY(&r, a, n, wire_metadata_topic);
	for (int32_t i = 0; i < n && !r.failed; i++)
		read_metadata_topic(&r, a, &resp->topics[i], version);
	resp->n_topics = n > 0 ? (size_t)n : 0;
	resp->cluster_authorized_operations =
		version >= 8 && version <= 10 ? wire_rbuf_i32(&r) : INT32_MIN;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_METADATA, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * DescribeCluster (always flexible)
 * ------------------------------------------------------------------- */

int wire_describecluster_req_encode(wire_wbuf *w, int16_t version,
				    const wire_describecluster_req *req,
				    char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_CLUSTER, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	int8_t type = req->endpoint_type ? req->endpoint_type : WIRE_ENDPOINT_BROKERS;
	if (version < 1 && type != WIRE_ENDPOINT_BROKERS) {
		snprintf(err, errlen, "DescribeCluster v0 describes brokers only");
		return -1;
	}
	wire_wbuf_put_bool(w, req->include_cluster_authorized_operations);
	if (version >= 1)
		wire_wbuf_put_i8(w, type);
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DESCRIBE_CLUSTER, version, err, errlen);
}

int wire_describecluster_resp_decode(const void *body, size_t len,
				     int16_t version, kd_arena *a,
				     wire_describecluster_resp **out,
				     char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_CLUSTER, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_describecluster_resp *resp = arena_alloc(a, sizeof(*resp));

	resp->throttle_ms = wire_rbuf_i32(&r);
	resp->error_code = wire_rbuf_i16(&r);
	resp->error_message = wire_rbuf_str(&r, a, true, true);
	resp->endpoint_type = version >= 1 ? wire_rbuf_i8(&r) : WIRE_ENDPOINT_BROKERS;
	resp->cluster_id = wire_rbuf_str(&r, a, true, false);
	resp->controller_id = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, true, false, 11);
	resp->brokers = WIRE_ALLOC_ARRAY(&r, a, n, wire_broker);
	for (int32_t i = 0; i < n && !r.failed; i++)
		read_broker(&r, a, &resp->brokers[i], true, true);
	resp->n_brokers = n > 0 ? (size_t)n : 0;
	resp->cluster_authorized_operations = wire_rbuf_i32(&r);
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_DESCRIBE_CLUSTER, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * DescribeQuorum (always flexible)
 * ------------------------------------------------------------------- */

int wire_describequorum_req_encode(wire_wbuf *w, int16_t version,
				   const wire_describequorum_req *req,
				   char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_QUORUM, version, "request", err, errlen))
		return -1;
	static const int32_t part0[] = { 0 };
	static const wire_topic_parts metadata_log = { WIRE_METADATA_TOPIC, part0, 1 };
	const wire_topic_parts *topics = &metadata_log;
	size_t n = 1;
	if (req && req->topics) {
		topics = req->topics;
		n = req->n_topics;
	}
	size_t start = w->len;
	wire_wbuf_put_array_len(w, (int32_t)n, true);
	for (size_t i = 0; i < n; i++) {
		wire_wbuf_put_str(w, topics[i].topic ? topics[i].topic : "", true);
		wire_wbuf_put_array_len(w, (int32_t)topics[i].n_partitions, true);
		for (size_t j = 0; j < topics[i].n_partitions; j++) {
			wire_wbuf_put_i32(w, topics[i].partitions[j]);
			wire_wbuf_put_no_tags(w);
		}
		wire_wbuf_put_no_tags(w);
	}
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DESCRIBE_QUORUM, version, err, errlen);
}

static wire_quorum_replica *read_replicas(wire_rbuf *r, kd_arena *a, int16_t version, size_t *n)
{
	int32_t count = wire_rbuf_array_len(r, true, false, 13);
	*n = 0;
	if (r->failed || count <= 0)
		return NULL;
	wire_quorum_replica *v = WIRE_ALLOC_ARRAY(r, a, count, wire_quorum_replica);
	for (int32_t i = 0; i < count && !r->failed; i++) {
		v[i].replica_id = wire_rbuf_i32(r);
		if (version >= 2)
			wire_rbuf_uuid(r, &v[i].directory_id);
		v[i].log_end_offset = wire_rbuf_i64(r);
		v[i].last_fetch_timestamp = version >= 1 ? wire_rbuf_i64(r) : -1;
		v[i].last_caught_up_timestamp = version >= 1 ? wire_rbuf_i64(r) : -1;
		wire_rbuf_tags(r, NULL, NULL);
	}
	*n = (size_t)count;
	return v;
}

static void read_quorum_partition(wire_rbuf *r, kd_arena *a,
				  wire_quorum_partition *p, int16_t version)
{
	p->partition = wire_rbuf_i32(r);
	p->error_code = wire_rbuf_i16(r);
	if (version >= 2)
		p->error_message = wire_rbuf_str(r, a, true, true);
	p->leader_id = wire_rbuf_i32(r);
	p->leader_epoch = wire_rbuf_i32(r);
	p->high_watermark = wire_rbuf_i64(r);
	p->voters = read_replicas(r, a, version, &p->n_voters);
	p->observers = read_replicas(r, a, version, &p->n_observers);
	wire_rbuf_tags(r, NULL, NULL);
}

static void read_quorum_node(wire_rbuf *r, kd_arena *a, wire_quorum_node *node)
{
	node->node_id = wire_rbuf_i32(r);
	int32_t n = wire_rbuf_array_len(r, true, false, 5);
	node->listeners = WIRE_ALLOC_ARRAY(r, a, n, wire_quorum_listener);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		node->listeners[i].name = wire_rbuf_str(r, a, true, false);
		node->listeners[i].host = wire_rbuf_str(r, a, true, false);
		node->listeners[i].port = wire_rbuf_u16(r);
		wire_rbuf_tags(r, NULL, NULL);
	}
	node->n_listeners = n > 0 ? (size_t)n : 0;
	wire_rbuf_tags(r, NULL, NULL);
}

int wire_describequorum_resp_decode(const void *body, size_t len,
				    int16_t version, kd_arena *a,
				    wire_describequorum_resp **out,
				    char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_QUORUM, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_describequorum_resp *resp = arena_alloc(a, sizeof(*resp));

	resp->error_code = wire_rbuf_i16(&r);
	if (version >= 2)
		resp->error_message = wire_rbuf_str(&r, a, true, true);
	int32_t n = wire_rbuf_array_len(&r, true, false, 3);
	resp->topics = WIRE_ALLOC_ARRAY(&r, a, n, wire_quorum_topic);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		wire_quorum_topic *t = &resp->topics[i];
		t->name = wire_rbuf_str(&r, a, true, false);
		int32_t np = wire_rbuf_array_len(&r, true, false, 23);
		t->partitions = WIRE_ALLOC_ARRAY(&r, a, np, wire_quorum_partition);
		for (int32_t j = 0; j < np && !r.failed; j++)
			read_quorum_partition(&r, a, &t->partitions[j], version);
		t->n_partitions = np > 0 ? (size_t)np : 0;
		wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_topics = n > 0 ? (size_t)n : 0;
	if (version >= 2) {
		n = wire_rbuf_array_len(&r, true, false, 6);
		resp->nodes = WIRE_ALLOC_ARRAY(&r, a, n, wire_quorum_node);
		for (int32_t i = 0; i < n && !r.failed; i++)
			read_quorum_node(&r, a, &resp->nodes[i]);
		resp->n_nodes = n > 0 ? (size_t)n : 0;
	}
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_DESCRIBE_QUORUM, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
