/*
 * wire_msg_cgdescribe.c: ConsumerGroupDescribe (KIP-848), the members and
 * assignments of groups of type "consumer" (Kafka 4.x, group.protocol=
 * consumer), which DescribeGroups answers only with "not a classic group".
 * Schema: ConsumerGroupDescribe{Request,Response}.json, v0, flexible.
 */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>

int wire_cgdescribe_req_encode(wire_wbuf *w, int16_t version,
			       const wire_cgdescribe_req *req,
			       char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_CONSUMER_GROUP_DESCRIBE, version, "request",
				   err, errlen))
		return -1;
	size_t start = w->len;
	for (size_t i = 0; i < req->n_groups; i++)
		if (!req->groups[i]) {
			snprintf(err, errlen, "ConsumerGroupDescribe request: group %zu is null", i);
			return -1;
		}
	wire_wbuf_put_array_len(w, (int32_t)req->n_groups, true);
	for (size_t i = 0; i < req->n_groups; i++)
		wire_wbuf_put_str(w, req->groups[i], true);
	wire_wbuf_put_bool(w, req->include_authorized_operations);
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_CONSUMER_GROUP_DESCRIBE, version,
				      err, errlen);
}

/* Assignment: TopicPartitions [TopicId, TopicName, Partitions [int32]] */
static void read_assignment(wire_rbuf *r, kd_arena *a, wire_consumer_assignment *as)
{
	/* uuid, name, partitions, tags: at least 19 bytes */
	int32_t n = wire_rbuf_array_len(r, true, false, 19);
	as->topics = WIRE_ALLOC_ARRAY(r, a, n, wire_consumer_topic);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		wire_uuid id;
		wire_rbuf_uuid(r, &id);
		as->topics[i].topic = wire_rbuf_str(r, a, true, false);
		as->topics[i].partitions = wire_rbuf_i32_array(r, a, true,
							       &as->topics[i].n_partitions);
		wire_rbuf_tags(r, NULL, NULL);
	}
	as->n_topics = n > 0 ? (size_t)n : 0;
	wire_rbuf_tags(r, NULL, NULL);
}

static void read_members(wire_rbuf *r, kd_arena *a, wire_cg_group *g)
{
	/* 3 strings, 2 nullable, epoch, subscriptions, regex, 2 assignments,
	 * tags: at least 17 bytes */
	int32_t n = wire_rbuf_array_len(r, true, false, 17);
	g->members = WIRE_ALLOC_ARRAY(r, a, n, wire_cg_member);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		wire_cg_member *m = &g->members[i];
		m->member_id = wire_rbuf_str(r, a, true, false);
		m->instance_id = wire_rbuf_str(r, a, true, true);
		m->rack_id = wire_rbuf_str(r, a, true, true);
		m->member_epoch = wire_rbuf_i32(r);
		m->client_id = wire_rbuf_str(r, a, true, false);
		m->client_host = wire_rbuf_str(r, a, true, false);
		int32_t ns = wire_rbuf_array_len(r, true, false, 1);
		m->subscribed = WIRE_ALLOC_ARRAY(r, a, ns, char *);
		for (int32_t j = 0; j < ns && !r->failed; j++)
			m->subscribed[j] = wire_rbuf_str(r, a, true, false);
		m->n_subscribed = ns > 0 ? (size_t)ns : 0;
		m->subscribed_regex = wire_rbuf_str(r, a, true, true);
		read_assignment(r, a, &m->assignment);
		read_assignment(r, a, &m->target);
		wire_rbuf_tags(r, NULL, NULL);
	}
	g->n_members = n > 0 ? (size_t)n : 0;
}

int wire_cgdescribe_resp_decode(const void *body, size_t len, int16_t version,
				kd_arena *a, wire_cgdescribe_resp **out,
				char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_CONSUMER_GROUP_DESCRIBE, version, "response",
				   err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_cgdescribe_resp *resp = arena_alloc(a, sizeof(*resp));

	resp->throttle_ms = wire_rbuf_i32(&r);
	/* error, message, id, state, 2 epochs, assignor, members, ops, tags */
	int32_t n = wire_rbuf_array_len(&r, true, false, 22);
	resp->groups = WIRE_ALLOC_ARRAY(&r, a, n, wire_cg_group);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		wire_cg_group *g = &resp->groups[i];
		g->error_code = wire_rbuf_i16(&r);
		g->error_message = wire_rbuf_str(&r, a, true, true);
		g->group_id = wire_rbuf_str(&r, a, true, false);
		g->group_state = wire_rbuf_str(&r, a, true, false);
		g->group_epoch = wire_rbuf_i32(&r);
		g->assignment_epoch = wire_rbuf_i32(&r);
		g->assignor_name = wire_rbuf_str(&r, a, true, false);
		read_members(&r, a, g);
		g->authorized_operations = wire_rbuf_i32(&r);
		wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_groups = n > 0 ? (size_t)n : 0;
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_CONSUMER_GROUP_DESCRIBE, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
