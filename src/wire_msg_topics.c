/* wire_msg_topics.c: see wire_msg_topics.h.  Only flexible versions: the
 * strings and arrays are compact and every struct ends in tagged fields. */
#include "config.h"

#include "wire_msg_topics.h"
#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>

static bool put_strs(wire_wbuf *w, const char *const *v, size_t n)
{
	wire_wbuf_put_array_len(w, (int32_t)n, true);
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			return false;
		wire_wbuf_put_str(w, v[i], true);
	}
	return true;
}

/* Name, error code, error message: the common shape of a topic result. */
static wire_topic_result *read_results(wire_rbuf *r, kd_arena *a, size_t *n_out,
				       int16_t key, int16_t version)
{
	int32_t n = wire_rbuf_array_len(r, true, false, 4);
	wire_topic_result *t = WIRE_ALLOC_ARRAY(r, a, n, wire_topic_result);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		t[i].partitions = -1;
		t[i].replication_factor = -1;
		switch (key) {
		case WIRE_API_CREATE_TOPICS:
			t[i].name = wire_rbuf_str(r, a, true, false);
			if (version >= 7) {
				wire_uuid id;
				wire_rbuf_uuid(r, &id);
			}
			t[i].error_code = wire_rbuf_i16(r);
			t[i].error_message = wire_rbuf_str(r, a, true, true);
			t[i].partitions = wire_rbuf_i32(r);
			t[i].replication_factor = wire_rbuf_i16(r);
			/* the configs it was made with: skipped */
			int32_t nc = wire_rbuf_array_len(r, true, true, 5);
			for (int32_t j = 0; j < nc && !r->failed; j++) {
				(void)wire_rbuf_str(r, a, true, false);
				(void)wire_rbuf_str(r, a, true, true);
				(void)wire_rbuf_bool(r);
				(void)wire_rbuf_i8(r);
				(void)wire_rbuf_bool(r);
				wire_rbuf_tags(r, NULL, NULL);
			}
			break;
		case WIRE_API_DELETE_TOPICS:
			t[i].name = wire_rbuf_str(r, a, true, version >= 6);
			if (version >= 6) {
				wire_uuid id;
				wire_rbuf_uuid(r, &id);
			}
			t[i].error_code = wire_rbuf_i16(r);
			if (version >= 5)
				t[i].error_message = wire_rbuf_str(r, a, true, true);
			break;
		default:        /* CreatePartitions */
			t[i].name = wire_rbuf_str(r, a, true, false);
			t[i].error_code = wire_rbuf_i16(r);
			t[i].error_message = wire_rbuf_str(r, a, true, true);
			break;
		}
		wire_rbuf_tags(r, NULL, NULL);
	}
	*n_out = n > 0 ? (size_t)n : 0;
	return t;
}

/* ---- CreateTopics ---------------------------------------------------------- */

int wire_createtopics_req_encode(wire_wbuf *w, int16_t version, const wire_createtopics_req *req,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_CREATE_TOPICS, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	wire_wbuf_put_array_len(w, (int32_t)req->n_topics, true);
	for (size_t i = 0; i < req->n_topics; i++) {
		const wire_create_topic *t = &req->topics[i];
		if (!t->name) {
			snprintf(err, errlen, "CreateTopics request: topic %zu has no name", i);
			w->len = start;
			return -1;
		}
		wire_wbuf_put_str(w, t->name, true);
		wire_wbuf_put_i32(w, t->partitions);
		wire_wbuf_put_i16(w, t->replication_factor);
		wire_wbuf_put_array_len(w, 0, true);    /* no manual assignment */
		wire_wbuf_put_array_len(w, (int32_t)t->n_configs, true);
		for (size_t j = 0; j < t->n_configs; j++) {
			wire_wbuf_put_str(w, t->configs[j].name, true);
			wire_wbuf_put_str(w, t->configs[j].value, true);
			wire_wbuf_put_no_tags(w);
		}
		wire_wbuf_put_no_tags(w);
	}
	wire_wbuf_put_i32(w, req->timeout_ms);
	wire_wbuf_put_bool(w, req->validate_only);
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_CREATE_TOPICS, version, err, errlen);
}

int wire_createtopics_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_createtopics_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_CREATE_TOPICS, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_createtopics_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	resp->topics = read_results(&r, a, &resp->n_topics, WIRE_API_CREATE_TOPICS, version);
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_CREATE_TOPICS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---- DeleteTopics ------------------------------------------------------------ */

int wire_deletetopics_req_encode(wire_wbuf *w, int16_t version, const wire_deletetopics_req *req,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DELETE_TOPICS, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	if (version >= 6) {
		static const wire_uuid zero;
		wire_wbuf_put_array_len(w, (int32_t)req->n_names, true);
		for (size_t i = 0; i < req->n_names; i++) {
			wire_wbuf_put_str(w, req->names[i], true);
			wire_wbuf_put_uuid(w, &zero);
			wire_wbuf_put_no_tags(w);
		}
	} else if (!put_strs(w, req->names, req->n_names)) {
		snprintf(err, errlen, "DeleteTopics request: a topic has no name");
		w->len = start;
		return -1;
	}
	wire_wbuf_put_i32(w, req->timeout_ms);
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DELETE_TOPICS, version, err, errlen);
}

int wire_deletetopics_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_deletetopics_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DELETE_TOPICS, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_deletetopics_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	resp->topics = read_results(&r, a, &resp->n_topics, WIRE_API_DELETE_TOPICS, version);
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_DELETE_TOPICS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---- CreatePartitions -------------------------------------------------------- */

int wire_createpartitions_req_encode(wire_wbuf *w, int16_t version,
				     const wire_createpartitions_req *req, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_CREATE_PARTITIONS, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_str(w, req->topic ? req->topic : "", true);
	wire_wbuf_put_i32(w, req->count);
	wire_wbuf_put_array_len(w, -1, true);          /* the broker places them */
	wire_wbuf_put_no_tags(w);
	wire_wbuf_put_i32(w, req->timeout_ms);
	wire_wbuf_put_bool(w, req->validate_only);
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_CREATE_PARTITIONS, version, err, errlen);
}

int wire_createpartitions_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				      wire_createpartitions_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_CREATE_PARTITIONS, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_createpartitions_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	resp->topics = read_results(&r, a, &resp->n_topics, WIRE_API_CREATE_PARTITIONS, version);
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_CREATE_PARTITIONS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---- DescribeConfigs ------------------------------------------------------------ */

const char *wire_config_source_name(int8_t source)
{
	static const char *const names[] = {
		"unknown", "dynamic topic", "dynamic broker", "dynamic default broker",
		"static broker", "default", "dynamic broker logger", "client metrics", "group",
	};
	return source >= 0 && source < (int8_t)(sizeof(names) / sizeof(names[0]))
		? names[source] : "unknown";
}

int wire_describeconfigs_req_encode(wire_wbuf *w, int16_t version,
				    const wire_describeconfigs_req *req, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_CONFIGS, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	size_t n = req->n_resources ? req->n_resources : 1;
	wire_wbuf_put_array_len(w, (int32_t)n, true);
	for (size_t i = 0; i < n; i++) {
		const char *name = req->n_resources ? req->resource_names[i] : req->resource_name;
		wire_wbuf_put_i8(w, req->resource_type);
		wire_wbuf_put_str(w, name ? name : "", true);
		if (req->keys) {
			if (!put_strs(w, req->keys, req->n_keys)) {
				snprintf(err, errlen, "DescribeConfigs request: a key is null");
				w->len = start;
				return -1;
			}
		} else {
			wire_wbuf_put_array_len(w, -1, true);
		}
		wire_wbuf_put_no_tags(w);
	}
	wire_wbuf_put_bool(w, req->include_synonyms);
	wire_wbuf_put_bool(w, false);                  /* documentation */
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DESCRIBE_CONFIGS, version, err, errlen);
}

int wire_describeconfigs_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				     wire_describeconfigs_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_CONFIGS, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_describeconfigs_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t nres = wire_rbuf_array_len(&r, true, false, 8);
	resp->results = WIRE_ALLOC_ARRAY(&r, a, nres, wire_config_result);
	for (int32_t i = 0; i < nres && !r.failed; i++) {
		int16_t ec = wire_rbuf_i16(&r);
		char *em = wire_rbuf_str(&r, a, true, true);
		(void)wire_rbuf_i8(&r);
		char *rn = wire_rbuf_str(&r, a, true, false);
		/* name, value, read-only, source, sensitive, synonyms, type, doc, tags */
		int32_t n = wire_rbuf_array_len(&r, true, false, 9);
		wire_config_entry *e = WIRE_ALLOC_ARRAY(&r, a, n, wire_config_entry);
		for (int32_t j = 0; j < n && !r.failed; j++) {
			e[j].name = wire_rbuf_str(&r, a, true, false);
			e[j].value = wire_rbuf_str(&r, a, true, true);
			e[j].read_only = wire_rbuf_bool(&r);
			e[j].source = wire_rbuf_i8(&r);
			e[j].sensitive = wire_rbuf_bool(&r);
			int32_t ns = wire_rbuf_array_len(&r, true, false, 4);
			e[j].synonyms = WIRE_ALLOC_ARRAY(&r, a, ns, wire_config_synonym);
			for (int32_t k = 0; k < ns && !r.failed; k++) {
				e[j].synonyms[k].name = wire_rbuf_str(&r, a, true, false);
				e[j].synonyms[k].value = wire_rbuf_str(&r, a, true, true);
				e[j].synonyms[k].source = wire_rbuf_i8(&r);
				wire_rbuf_tags(&r, NULL, NULL);
			}
			e[j].n_synonyms = ns > 0 ? (size_t)ns : 0;
			(void)wire_rbuf_i8(&r);                  /* config type */
			(void)wire_rbuf_str(&r, a, true, true);  /* documentation */
			wire_rbuf_tags(&r, NULL, NULL);
		}
		wire_rbuf_tags(&r, NULL, NULL);
		if (r.failed)
			break;
		resp->results[i] = (wire_config_result){ ec, em, rn, e, n > 0 ? (size_t)n : 0 };
		if (i == 0) {
			resp->error_code = ec;
			resp->error_message = em;
			resp->configs = e;
			resp->n_configs = n > 0 ? (size_t)n : 0;
		}
	}
	resp->n_results = nres > 0 && !r.failed ? (size_t)nres : 0;
	wire_rbuf_tags(&r, NULL, NULL);
	if (!r.failed && nres < 1)
		wire_rbuf_fail(&r, "no result for the resource asked");
	if (wire_msg_finish_decode(&r, WIRE_API_DESCRIBE_CONFIGS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---- IncrementalAlterConfigs ------------------------------------------------------ */

int wire_alterconfigs_req_encode(wire_wbuf *w, int16_t version, const wire_alterconfigs_req *req,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_INCREMENTAL_ALTER_CONFIGS, version, "request",
				   err, errlen))
		return -1;
	size_t start = w->len;
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_i8(w, req->resource_type);
	wire_wbuf_put_str(w, req->resource_name ? req->resource_name : "", true);
	wire_wbuf_put_array_len(w, (int32_t)req->n_configs, true);
	for (size_t i = 0; i < req->n_configs; i++) {
		wire_wbuf_put_str(w, req->configs[i].name ? req->configs[i].name : "", true);
		wire_wbuf_put_i8(w, req->configs[i].op);
		wire_wbuf_put_str(w, req->configs[i].value, true);
		wire_wbuf_put_no_tags(w);
	}
	wire_wbuf_put_no_tags(w);
	wire_wbuf_put_bool(w, req->validate_only);
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_INCREMENTAL_ALTER_CONFIGS, version,
				      err, errlen);
}

int wire_alterconfigs_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_alterconfigs_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_INCREMENTAL_ALTER_CONFIGS, version, "response",
				   err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_alterconfigs_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, true, false, 5);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		int16_t ec = wire_rbuf_i16(&r);
		char *em = wire_rbuf_str(&r, a, true, true);
		(void)wire_rbuf_i8(&r);
		(void)wire_rbuf_str(&r, a, true, false);
		wire_rbuf_tags(&r, NULL, NULL);
		if (i == 0) {
			resp->error_code = ec;
			resp->error_message = em;
		}
	}
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_INCREMENTAL_ALTER_CONFIGS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
