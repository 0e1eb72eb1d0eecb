/* wire_msg_groups.c: FindCoordinator and OffsetFetch, the consumer-group
 * requests (who coordinates a group, what it has committed). */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>

/* ---------------------------------------------------------------------
 * OffsetFetch
 * ------------------------------------------------------------------- */

/* The topics of one group (both the old and the batched layout). */
static int put_offsetfetch_topics(wire_wbuf *w, const wire_offsetfetch_group_req *g,
				  int16_t version, bool flex, char *err, size_t errlen)
{
	if (g->n_topics < 0 && version < 2) {
		snprintf(err, errlen, "OffsetFetch v%d cannot ask for all topics", version);
		return -1;
	}
	int32_t n = g->n_topics < 0 ? -1 : g->n_topics;
	wire_wbuf_put_array_len(w, n, flex);
	for (int32_t i = 0; i < n; i++) {
		const wire_topic_parts *t = &g->topics[i];
		if (!t->topic) {
			snprintf(err, errlen, "OffsetFetch request: topic %d has no name", i);
			return -1;
		}
		wire_wbuf_put_str(w, t->topic, flex);
		wire_wbuf_put_array_len(w, (int32_t)t->n_partitions, flex);
		for (size_t j = 0; j < t->n_partitions; j++)
			wire_wbuf_put_i32(w, t->partitions[j]);
		if (flex)
			wire_wbuf_put_no_tags(w);
	}
	return 0;
}

int wire_offsetfetch_req_encode(wire_wbuf *w, int16_t version,
				const wire_offsetfetch_req *req,
				char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_OFFSET_FETCH, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_OFFSET_FETCH, version);
	size_t start = w->len;

	if (version < 8 && req->n_groups != 1) {
		snprintf(err, errlen, "OffsetFetch v%d asks for one group, not %zu",
			 version, req->n_groups);
		return -1;
	}
	for (size_t i = 0; i < req->n_groups; i++) {
		if (!req->groups[i].group_id) {
			snprintf(err, errlen, "OffsetFetch request: group %zu has no id", i);
			return -1;
		}
	}
	if (version < 8) {
		wire_wbuf_put_str(w, req->groups[0].group_id, flex);
		if (put_offsetfetch_topics(w, &req->groups[0], version, flex, err, errlen))
			goto fail;
	} else {
		wire_wbuf_put_array_len(w, (int32_t)req->n_groups, true);
		for (size_t i = 0; i < req->n_groups; i++) {
			wire_wbuf_put_str(w, req->groups[i].group_id, true);
			if (version >= 9) {
				wire_wbuf_put_str(w, NULL, true);       /* member id */
				wire_wbuf_put_i32(w, -1);               /* member epoch */
			}
			if (put_offsetfetch_topics(w, &req->groups[i], version, true, err, errlen))
				goto fail;
			wire_wbuf_put_no_tags(w);
		}
	}
	if (version >= 7)
		wire_wbuf_put_bool(w, req->require_stable);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_OFFSET_FETCH, version, err, errlen);
fail:
	w->len = start;
	w->failed = false;
	return -1;
}

static void read_offsetfetch_topics(wire_rbuf *r, kd_arena *a,
				    wire_offsetfetch_group *g, int16_t version)
{
	bool flex = wire_api_flexible(WIRE_API_OFFSET_FETCH, version);
	int32_t n = wire_rbuf_array_len(r, flex, false, flex ? 3 : 6);
	g->topics = WIRE_ALLOC_ARRAY(r, a, n, wire_offsetfetch_topic);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		wire_offsetfetch_topic *t = &g->topics[i];
		t->name = wire_rbuf_str(r, a, flex, false);
		int32_t np = wire_rbuf_array_len(r, flex, false, 15);
		t->partitions = WIRE_ALLOC_ARRAY(r, a, np, wire_offsetfetch_partition);
		for (int32_t j = 0; j < np && !r->failed; j++) {
			wire_offsetfetch_partition *p = &t->partitions[j];
			p->partition = wire_rbuf_i32(r);
			p->committed_offset = wire_rbuf_i64(r);
			p->committed_leader_epoch = version >= 5 ? wire_rbuf_i32(r) : -1;
			p->metadata = wire_rbuf_str(r, a, flex, true);
			p->error_code = wire_rbuf_i16(r);
			if (flex)
				wire_rbuf_tags(r, NULL, NULL);
		}
		t->n_partitions = np > 0 ? (size_t)np : 0;
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
	}
	g->n_topics = n > 0 ? (size_t)n : 0;
}

int wire_offsetfetch_resp_decode(const void *body, size_t len, int16_t version,
				 kd_arena *a, wire_offsetfetch_resp **out,
				 char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_OFFSET_FETCH, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_OFFSET_FETCH, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_offsetfetch_resp *resp = arena_alloc(a, sizeof(*resp));

	if (version >= 3)
		resp->throttle_ms = wire_rbuf_i32(&r);
	if (version < 8) {
		resp->groups = arena_alloc(a, sizeof(*resp->groups));
		resp->n_groups = 1;
		read_offsetfetch_topics(&r, a, &resp->groups[0], version);
		if (version >= 2)
			resp->groups[0].error_code = wire_rbuf_i16(&r);
	} else {
		int32_t n = wire_rbuf_array_len(&r, true, false, 5);
		resp->groups = WIRE_ALLOC_ARRAY(&r, a, n, wire_offsetfetch_group);
		for (int32_t i = 0; i < n && !r.failed; i++) {
			wire_offsetfetch_group *g = &resp->groups[i];
			g->group_id = wire_rbuf_str(&r, a, true, false);
			read_offsetfetch_topics(&r, a, g, version);
			g->error_code = wire_rbuf_i16(&r);
			wire_rbuf_tags(&r, NULL, NULL);
		}
		resp->n_groups = n > 0 ? (size_t)n : 0;
	}
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_OFFSET_FETCH, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * FindCoordinator
 * ------------------------------------------------------------------- */

int wire_findcoordinator_req_encode(wire_wbuf *w, int16_t version,
				    const wire_findcoordinator_req *req,
				    char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_FIND_COORDINATOR, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_FIND_COORDINATOR, version);
	size_t start = w->len;

	if (version < 4 && req->n_keys != 1) {
		snprintf(err, errlen, "FindCoordinator v%d looks up one key, not %zu",
			 version, req->n_keys);
		return -1;
	}
	for (size_t i = 0; i < req->n_keys; i++) {
		if (!req->keys[i]) {
			snprintf(err, errlen, "FindCoordinator request: key %zu is null", i);
			return -1;
		}
	}
	if (version < 4)
		wire_wbuf_put_str(w, req->keys[0], flex);
	wire_wbuf_put_i8(w, req->key_type);
	if (version >= 4) {
		wire_wbuf_put_array_len(w, (int32_t)req->n_keys, true);
		for (size_t i = 0; i < req->n_keys; i++)
			wire_wbuf_put_str(w, req->keys[i], true);
	}
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_FIND_COORDINATOR, version, err, errlen);
}

int wire_findcoordinator_resp_decode(const void *body, size_t len,
				     int16_t version, kd_arena *a,
				     wire_findcoordinator_resp **out,
				     char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_FIND_COORDINATOR, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_FIND_COORDINATOR, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_findcoordinator_resp *resp = arena_alloc(a, sizeof(*resp));

	resp->throttle_ms = wire_rbuf_i32(&r);
	if (version < 4) {
		wire_coordinator *c = arena_alloc(a, sizeof(*c));
		resp->coordinators = c;
		resp->n_coordinators = 1;
		c->error_code = wire_rbuf_i16(&r);
		c->error_message = wire_rbuf_str(&r, a, flex, true);
		c->node_id = wire_rbuf_i32(&r);
		c->host = wire_rbuf_str(&r, a, flex, false);
		c->port = wire_rbuf_i32(&r);
	} else {
		int32_t n = wire_rbuf_array_len(&r, true, false, 14);
		resp->coordinators = WIRE_ALLOC_ARRAY(&r, a, n, wire_coordinator);
		for (int32_t i = 0; i < n && !r.failed; i++) {
			wire_coordinator *c = &resp->coordinators[i];
			c->key = wire_rbuf_str(&r, a, true, false);
			c->node_id = wire_rbuf_i32(&r);
			c->host = wire_rbuf_str(&r, a, true, false);
			c->port = wire_rbuf_i32(&r);
			c->error_code = wire_rbuf_i16(&r);
			c->error_message = wire_rbuf_str(&r, a, true, true);
			wire_rbuf_tags(&r, NULL, NULL);
		}
		resp->n_coordinators = n > 0 ? (size_t)n : 0;
	}
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_FIND_COORDINATOR, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
