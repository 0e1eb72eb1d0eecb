/* wire_msg_groupadmin.c: OffsetCommit and DeleteGroups, the two requests
 * with which kdeck changes a consumer group (offset resets, deletion).
 * Only src/groups_admin.c sends them, and only through src/gate.h. */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>

/* ---------------------------------------------------------------------
 * OffsetCommit
 * ------------------------------------------------------------------- */

int wire_offsetcommit_req_encode(wire_wbuf *w, int16_t version,
				 const wire_offsetcommit_req *req,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_OFFSET_COMMIT, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_OFFSET_COMMIT, version);
	size_t start = w->len;

	if (!req->group_id) {
		snprintf(err, errlen, "OffsetCommit request: no group id");
		return -1;
	}
	for (size_t i = 0; i < req->n_topics; i++) {
		if (!req->topics[i].topic) {
			snprintf(err, errlen, "OffsetCommit request: topic %zu has no name", i);
			return -1;
		}
	}
	wire_wbuf_put_str(w, req->group_id, flex);
	wire_wbuf_put_i32(w, req->generation_id);
	wire_wbuf_put_str(w, req->member_id ? req->member_id : "", flex);
	if (version >= 7)
		wire_wbuf_put_str(w, req->group_instance_id, flex);
	if (version <= 4)
		wire_wbuf_put_i64(w, -1);       /* retention: the broker's default */
	wire_wbuf_put_array_len(w, (int32_t)req->n_topics, flex);
	for (size_t i = 0; i < req->n_topics; i++) {
		const wire_offsetcommit_topic *t = &req->topics[i];
		wire_wbuf_put_str(w, t->topic, flex);
		wire_wbuf_put_array_len(w, (int32_t)t->n_partitions, flex);
		for (size_t j = 0; j < t->n_partitions; j++) {
			const wire_offsetcommit_part *p = &t->partitions[j];
			wire_wbuf_put_i32(w, p->partition);
			wire_wbuf_put_i64(w, p->offset);
			if (version >= 6)
				wire_wbuf_put_i32(w, p->leader_epoch);
			wire_wbuf_put_str(w, p->metadata, flex);
			if (flex)
				wire_wbuf_put_no_tags(w);
		}
		if (flex)
			wire_wbuf_put_no_tags(w);
	}
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_OFFSET_COMMIT, version, err, errlen);
}

int wire_offsetcommit_resp_decode(const void *body, size_t len, int16_t version,
				  kd_arena *a, wire_offsetcommit_resp **out,
				  char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_OFFSET_COMMIT, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_OFFSET_COMMIT, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_offsetcommit_resp *resp = arena_alloc(a, sizeof(*resp));

	if (version >= 3)
		resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, flex ? 3 : 6);
	resp->topics = WIRE_ALLOC_ARRAY(&r, a, n, wire_offsetcommit_topic_resp);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		wire_offsetcommit_topic_resp *t = &resp->topics[i];
		t->name = wire_rbuf_str(&r, a, flex, false);
		int32_t np = wire_rbuf_array_len(&r, flex, false, flex ? 7 : 6);
		t->partitions = WIRE_ALLOC_ARRAY(&r, a, np, wire_offsetcommit_partition);
		for (int32_t j = 0; j < np && !r.failed; j++) {
			t->partitions[j].partition = wire_rbuf_i32(&r);
			t->partitions[j].error_code = wire_rbuf_i16(&r);
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
	if (wire_msg_finish_decode(&r, WIRE_API_OFFSET_COMMIT, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * DeleteGroups
 * ------------------------------------------------------------------- */

int wire_deletegroups_req_encode(wire_wbuf *w, int16_t version,
				 const wire_deletegroups_req *req,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DELETE_GROUPS, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_DELETE_GROUPS, version);
	size_t start = w->len;
	for (size_t i = 0; i < req->n_groups; i++) {
		if (!req->groups[i]) {
			snprintf(err, errlen, "DeleteGroups request: group %zu is null", i);
			return -1;
		}
	}
	wire_wbuf_put_array_len(w, (int32_t)req->n_groups, flex);
	for (size_t i = 0; i < req->n_groups; i++)
		wire_wbuf_put_str(w, req->groups[i], flex);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DELETE_GROUPS, version, err, errlen);
}

int wire_deletegroups_resp_decode(const void *body, size_t len, int16_t version,
				  kd_arena *a, wire_deletegroups_resp **out,
				  char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DELETE_GROUPS, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_DELETE_GROUPS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_deletegroups_resp *resp = arena_alloc(a, sizeof(*resp));

	resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, 4);
	resp->results = WIRE_ALLOC_ARRAY(&r, a, n, wire_deletegroups_result);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		resp->results[i].group_id = wire_rbuf_str(&r, a, flex, false);
		resp->results[i].error_code = wire_rbuf_i16(&r);
		if (flex)
			wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_results = n > 0 ? (size_t)n : 0;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_DELETE_GROUPS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
