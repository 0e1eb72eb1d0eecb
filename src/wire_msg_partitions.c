/* wire_msg_partitions.c: ListOffsets and DescribeLogDirs, the per-partition
 * requests (offsets for lag and throughput, bytes on disk per replica). */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>

/* ---------------------------------------------------------------------
 * ListOffsets
 * ------------------------------------------------------------------- */

/* The oldest version that understands a special timestamp, or 0. */
static int16_t timestamp_min_version(int64_t ts)
{
	if (ts >= -2)
		return 0;
	if (ts == WIRE_OFFSET_MAX_TIMESTAMP)
		return 7;
	if (ts == -4)           /* earliest local (tiered storage) */
		return 8;
	if (ts == -5)           /* latest tiered */
		return 9;
	return INT16_MAX;
}

int wire_listoffsets_req_encode(wire_wbuf *w, int16_t version,
				const wire_listoffsets_req *req,
				char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_LIST_OFFSETS, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_LIST_OFFSETS, version);
	size_t start = w->len;

	wire_wbuf_put_i32(w, req->replica_id);
	if (version >= 2)
		wire_wbuf_put_i8(w, req->isolation_level);
	wire_wbuf_put_array_len(w, (int32_t)req->n_topics, flex);
	for (size_t i = 0; i < req->n_topics; i++) {
		const wire_listoffsets_topic *t = &req->topics[i];
		if (!t->topic) {
			snprintf(err, errlen, "ListOffsets request: topic %zu has no name", i);
			w->len = start;
			return -1;
		}
		wire_wbuf_put_str(w, t->topic, flex);
		wire_wbuf_put_array_len(w, (int32_t)t->n_partitions, flex);
		for (size_t j = 0; j < t->n_partitions; j++) {
			const wire_listoffsets_part *p = &t->partitions[j];
			if (timestamp_min_version(p->timestamp) > version) {
				snprintf(err, errlen, "ListOffsets v%d cannot look up "
					 "timestamp %lld", version, (long long)p->timestamp);
				w->len = start;
				return -1;
			}
			wire_wbuf_put_i32(w, p->partition);
			if (version >= 4)
				wire_wbuf_put_i32(w, p->current_leader_epoch);
			wire_wbuf_put_i64(w, p->timestamp);
			if (flex)
				wire_wbuf_put_no_tags(w);
		}
		if (flex)
			wire_wbuf_put_no_tags(w);
	}
	if (version >= 10)
		wire_wbuf_put_i32(w, req->timeout_ms);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_LIST_OFFSETS, version, err, errlen);
}

int wire_listoffsets_resp_decode(const void *body, size_t len, int16_t version,
				 kd_arena *a, wire_listoffsets_resp **out,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_LIST_OFFSETS, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_LIST_OFFSETS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_listoffsets_resp *resp = arena_alloc(a, sizeof(*resp));

	if (version >= 2)
		resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, flex ? 3 : 6);
	resp->topics = WIRE_ALLOC_ARRAY(&r, a, n, wire_listoffsets_topic_resp);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		wire_listoffsets_topic_resp *t = &resp->topics[i];
		t->name = wire_rbuf_str(&r, a, flex, false);
		int32_t np = wire_rbuf_array_len(&r, flex, false, 22);
		t->partitions = WIRE_ALLOC_ARRAY(&r, a, np, wire_listoffsets_partition);
		for (int32_t j = 0; j < np && !r.failed; j++) {
			wire_listoffsets_partition *p = &t->partitions[j];
			p->partition = wire_rbuf_i32(&r);
			p->error_code = wire_rbuf_i16(&r);
			p->timestamp = wire_rbuf_i64(&r);
			p->offset = wire_rbuf_i64(&r);
			p->leader_epoch = version >= 4 ? wire_rbuf_i32(&r) : -1;
			if (flex)
				wire_rbuf_tags(&r, NULL, NULL);
		}
		t->n_partitions = np > 0 ? (size_t)np : 0;
		if (flex)
			wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_topics = n > 0 ? (size_t)n : 0;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_LIST_OFFSETS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * DescribeLogDirs
 * ------------------------------------------------------------------- */

int wire_describelogdirs_req_encode(wire_wbuf *w, int16_t version,
				    const wire_describelogdirs_req *req,
				    char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_LOG_DIRS, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_DESCRIBE_LOG_DIRS, version);
	size_t start = w->len;

	int32_t n = req->n_topics < 0 ? -1 : req->n_topics;
	wire_wbuf_put_array_len(w, n, flex);
	for (int32_t i = 0; i < n; i++) {
		const wire_topic_parts *t = &req->topics[i];
		if (!t->topic) {
			snprintf(err, errlen, "DescribeLogDirs request: topic %d has no name", i);
			w->len = start;
			return -1;
		}
		wire_wbuf_put_str(w, t->topic, flex);
		wire_wbuf_put_array_len(w, (int32_t)t->n_partitions, flex);
		for (size_t j = 0; j < t->n_partitions; j++)
			wire_wbuf_put_i32(w, t->partitions[j]);
		if (flex)
			wire_wbuf_put_no_tags(w);
	}
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DESCRIBE_LOG_DIRS, version, err, errlen);
}

static void read_logdir(wire_rbuf *r, kd_arena *a, wire_logdir *d, int16_t version)
{
	bool flex = wire_api_flexible(WIRE_API_DESCRIBE_LOG_DIRS, version);
	d->error_code = wire_rbuf_i16(r);
	d->path = wire_rbuf_str(r, a, flex, false);
	int32_t n = wire_rbuf_array_len(r, flex, false, flex ? 3 : 6);
	d->topics = WIRE_ALLOC_ARRAY(r, a, n, wire_logdir_topic);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		wire_logdir_topic *t = &d->topics[i];
		t->name = wire_rbuf_str(r, a, flex, false);
		int32_t np = wire_rbuf_array_len(r, flex, false, 21);
		t->partitions = WIRE_ALLOC_ARRAY(r, a, np, wire_logdir_partition);
		for (int32_t j = 0; j < np && !r->failed; j++) {
			wire_logdir_partition *p = &t->partitions[j];
			p->partition = wire_rbuf_i32(r);
			p->size = wire_rbuf_i64(r);
			p->offset_lag = wire_rbuf_i64(r);
			p->is_future = wire_rbuf_bool(r);
			if (flex)
				wire_rbuf_tags(r, NULL, NULL);
		}
		t->n_partitions = np > 0 ? (size_t)np : 0;
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
	}
	d->n_topics = n > 0 ? (size_t)n : 0;
	d->total_bytes = version >= 4 ? wire_rbuf_i64(r) : -1;
	d->usable_bytes = version >= 4 ? wire_rbuf_i64(r) : -1;
	if (flex)
		wire_rbuf_tags(r, NULL, NULL);
}

int wire_describelogdirs_resp_decode(const void *body, size_t len,
				     int16_t version, kd_arena *a,
				     wire_describelogdirs_resp **out,
				     char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_LOG_DIRS, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_DESCRIBE_LOG_DIRS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_describelogdirs_resp *resp = arena_alloc(a, sizeof(*resp));

	resp->throttle_ms = wire_rbuf_i32(&r);
	if (version >= 3)
		resp->error_code = wire_rbuf_i16(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, flex ? 5 : 8);
	resp->dirs = WIRE_ALLOC_ARRAY(&r, a, n, wire_logdir);
	for (int32_t i = 0; i < n && !r.failed; i++)
		read_logdir(&r, a, &resp->dirs[i], version);
	resp->n_dirs = n > 0 ? (size_t)n : 0;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_DESCRIBE_LOG_DIRS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
