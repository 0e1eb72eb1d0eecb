/* wire_msg_grouplist.c: ListGroups and DescribeGroups, which say what
 * consumer groups a broker coordinates and who their members are, and the
 * consumer protocol's member bytes that DescribeGroups carries opaque. */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>
#include <string.h>

/* A bytes field copied into the arena (not NUL terminated; a one-byte
 * allocation for an empty one).  A null value is an error unless
 * nullable, then NULL with *n = 0. */
static uint8_t *read_bytes(wire_rbuf *r, kd_arena *a, bool flex, bool nullable, size_t *n)
{
	int64_t len;
	*n = 0;
	if (flex)
		len = (int64_t)wire_rbuf_uvarint(r) - 1;
	else
		len = wire_rbuf_i32(r);
	if (r->failed)
		return NULL;
	if (len < -1 || (len == -1 && !nullable)) {
		wire_rbuf_fail(r, "bytes length %lld where none may be", (long long)len);
		return NULL;
	}
	if (len == -1)
		return NULL;
	if ((size_t)len > wire_rbuf_remaining(r)) {
		wire_rbuf_fail(r, "truncated: %lld bytes needed, %zu left",
			       (long long)len, wire_rbuf_remaining(r));
		return NULL;
	}
	if (!wire_rbuf_charge(r, len ? (size_t)len : 1))
		return NULL;
	uint8_t *p = arena_alloc(a, len ? (size_t)len : 1);
	memcpy(p, r->p + r->off, (size_t)len);
	wire_rbuf_skip(r, (size_t)len);
	*n = (size_t)len;
	return p;
}

/* A string array (filters, group names), refusing null entries. */
static int put_str_array(wire_wbuf *w, const char *const *v, size_t n, bool flex,
			 const char *what, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (!v[i]) {
			snprintf(err, errlen, "%s %zu is null", what, i);
			return -1;
		}
	}
	wire_wbuf_put_array_len(w, (int32_t)n, flex);
	for (size_t i = 0; i < n; i++)
		wire_wbuf_put_str(w, v[i], flex);
	return 0;
}

/* ---------------------------------------------------------------------
 * ListGroups
 * ------------------------------------------------------------------- */

int wire_listgroups_req_encode(wire_wbuf *w, int16_t version,
			       const wire_listgroups_req *req,
			       char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_LIST_GROUPS, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_LIST_GROUPS, version);
	size_t start = w->len;
	wire_listgroups_req none = { NULL, 0, NULL, 0 };
	if (!req)
		req = &none;
	if ((req->n_states && version < 4) || (req->n_types && version < 5)) {
		snprintf(err, errlen, "ListGroups v%d cannot filter by %s", version,
			 req->n_types && version < 5 ? "type" : "state");
		return -1;
	}
	if (version >= 4 &&
	    put_str_array(w, req->states_filter, req->n_states, true,
			  "ListGroups request: state", err, errlen))
		goto fail;
	if (version >= 5 &&
	    put_str_array(w, req->types_filter, req->n_types, true,
			  "ListGroups request: type", err, errlen))
		goto fail;
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_LIST_GROUPS, version, err, errlen);
fail:
	w->len = start;
	w->failed = false;
	return -1;
}

int wire_listgroups_resp_decode(const void *body, size_t len, int16_t version,
				kd_arena *a, wire_listgroups_resp **out,
				char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_LIST_GROUPS, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_LIST_GROUPS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_listgroups_resp *resp = arena_alloc(a, sizeof(*resp));

	if (version >= 1)
		resp->throttle_ms = wire_rbuf_i32(&r);
	resp->error_code = wire_rbuf_i16(&r);
	/* smallest group: two empty strings (and a tag section) */
	int32_t n = wire_rbuf_array_len(&r, flex, false, flex ? 3 : 4);
	resp->groups = WIRE_ALLOC_ARRAY(&r, a, n, wire_listed_group);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		wire_listed_group *g = &resp->groups[i];
		g->group_id = wire_rbuf_str(&r, a, flex, false);
		g->protocol_type = wire_rbuf_str(&r, a, flex, false);
		if (version >= 4)
			g->group_state = wire_rbuf_str(&r, a, flex, false);
		if (version >= 5)
			g->group_type = wire_rbuf_str(&r, a, flex, false);
		if (flex)
			wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_groups = n > 0 ? (size_t)n : 0;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_LIST_GROUPS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * DescribeGroups
 * ------------------------------------------------------------------- */

int wire_describegroups_req_encode(wire_wbuf *w, int16_t version,
				   const wire_describegroups_req *req,
				   char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_GROUPS, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_DESCRIBE_GROUPS, version);
	size_t start = w->len;
	if (put_str_array(w, req->groups, req->n_groups, flex,
			  "DescribeGroups request: group", err, errlen))
		goto fail;
	if (version >= 3)
		wire_wbuf_put_bool(w, req->include_authorized_operations);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_DESCRIBE_GROUPS, version, err, errlen);
fail:
	w->len = start;
	w->failed = false;
	return -1;
}

static void read_members(wire_rbuf *r, kd_arena *a, wire_described_group *g,
			 int16_t version, bool flex)
{
	/* member id, client id, host, two bytes fields: at least 4 or 14 */
	int32_t n = wire_rbuf_array_len(r, flex, false, flex ? 6 : 14);
	g->members = WIRE_ALLOC_ARRAY(r, a, n, wire_group_member);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		wire_group_member *m = &g->members[i];
		m->member_id = wire_rbuf_str(r, a, flex, false);
		if (version >= 4)
			m->group_instance_id = wire_rbuf_str(r, a, flex, true);
		m->client_id = wire_rbuf_str(r, a, flex, false);
		m->client_host = wire_rbuf_str(r, a, flex, false);
		m->metadata = read_bytes(r, a, flex, false, &m->metadata_len);
		m->assignment = read_bytes(r, a, flex, false, &m->assignment_len);
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
	}
	g->n_members = n > 0 ? (size_t)n : 0;
}

int wire_describegroups_resp_decode(const void *body, size_t len,
				    int16_t version, kd_arena *a,
				    wire_describegroups_resp **out,
				    char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_DESCRIBE_GROUPS, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_DESCRIBE_GROUPS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_describegroups_resp *resp = arena_alloc(a, sizeof(*resp));

	if (version >= 1)
		resp->throttle_ms = wire_rbuf_i32(&r);
	int32_t n = wire_rbuf_array_len(&r, flex, false, flex ? 8 : 16);
	resp->groups = WIRE_ALLOC_ARRAY(&r, a, n, wire_described_group);
	for (int32_t i = 0; i < n && !r.failed; i++) {
		wire_described_group *g = &resp->groups[i];
		g->error_code = wire_rbuf_i16(&r);
		if (version >= 6)
			g->error_message = wire_rbuf_str(&r, a, flex, true);
		g->group_id = wire_rbuf_str(&r, a, flex, false);
		g->group_state = wire_rbuf_str(&r, a, flex, false);
		g->protocol_type = wire_rbuf_str(&r, a, flex, false);
		g->protocol_data = wire_rbuf_str(&r, a, flex, false);
		read_members(&r, a, g, version, flex);
		g->authorized_operations = version >= 3 ? wire_rbuf_i32(&r) : INT32_MIN;
		if (flex)
			wire_rbuf_tags(&r, NULL, NULL);
	}
	resp->n_groups = n > 0 ? (size_t)n : 0;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_DESCRIBE_GROUPS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---------------------------------------------------------------------
 * The consumer protocol's bytes.  Not flexible in any version: classic
 * strings and arrays, an int16 version first.
 * ------------------------------------------------------------------- */

#define CONSUMER_PROTOCOL_MAX 3

static void read_topic_partitions(wire_rbuf *r, kd_arena *a, wire_consumer_topic **out,
				  size_t *n_out)
{
	int32_t n = wire_rbuf_array_len(r, false, false, 6);
	wire_consumer_topic *t = WIRE_ALLOC_ARRAY(r, a, n, wire_consumer_topic);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		t[i].topic = wire_rbuf_str(r, a, false, false);
		t[i].partitions = wire_rbuf_i32_array(r, a, false, &t[i].n_partitions);
	}
	*out = t;
	*n_out = n > 0 ? (size_t)n : 0;
}

/* Bytes after the last field are an error for the versions kdeck knows
 * and the newer fields of a later version otherwise. */
static int finish_protocol(wire_rbuf *r, int16_t version, const char *what,
			   char *err, size_t errlen)
{
	if (version <= CONSUMER_PROTOCOL_MAX)
		wire_rbuf_expect_end(r);
	if (!r->failed)
		return 0;
	snprintf(err, errlen, "consumer %s v%d: %s", what, version, r->err);
	return -1;
}

int wire_consumer_assignment_decode(const void *p, size_t len, kd_arena *a,
				    wire_consumer_assignment **out,
				    char *err, size_t errlen)
{
	wire_consumer_assignment *as = arena_alloc(a, sizeof(*as));
	if (len == 0) {
		*out = as;
		return 0;
	}
	wire_rbuf r;
	wire_rbuf_init(&r, p, len);
	as->version = wire_rbuf_i16(&r);
	if (!r.failed && as->version < 0)
		wire_rbuf_fail(&r, "negative version");
	read_topic_partitions(&r, a, &as->topics, &as->n_topics);
	(void)read_bytes(&r, a, false, true, &as->user_data_len);
	if (finish_protocol(&r, as->version, "assignment", err, errlen))
		return -1;
	*out = as;
	return 0;
}

int wire_consumer_subscription_decode(const void *p, size_t len, kd_arena *a,
				      wire_consumer_subscription **out,
				      char *err, size_t errlen)
{
	wire_consumer_subscription *s = arena_alloc(a, sizeof(*s));
	size_t ignored;
	wire_rbuf r;
	wire_rbuf_init(&r, p, len);
	s->generation_id = -1;
	s->version = wire_rbuf_i16(&r);
	if (!r.failed && s->version < 0)
		wire_rbuf_fail(&r, "negative version");
	int32_t n = wire_rbuf_array_len(&r, false, false, 2);
	s->topics = WIRE_ALLOC_ARRAY(&r, a, n, char *);
	for (int32_t i = 0; i < n && !r.failed; i++)
		s->topics[i] = wire_rbuf_str(&r, a, false, false);
	s->n_topics = n > 0 ? (size_t)n : 0;
	(void)read_bytes(&r, a, false, true, &ignored);
	if (s->version >= 1)
		read_topic_partitions(&r, a, &s->owned, &s->n_owned);
	if (s->version >= 2)
		s->generation_id = wire_rbuf_i32(&r);
	if (s->version >= 3)
		s->rack_id = wire_rbuf_str(&r, a, false, true);
	if (finish_protocol(&r, s->version, "subscription", err, errlen))
		return -1;
	*out = s;
	return 0;
}

int wire_consumer_assignment_encode(wire_wbuf *w, int16_t version,
				    const wire_consumer_topic *topics, size_t n,
				    char *err, size_t errlen)
{
	size_t start = w->len;
	if (version < 0 || version > CONSUMER_PROTOCOL_MAX) {
		snprintf(err, errlen, "consumer assignment v%d: kdeck writes v0 to v%d",
			 version, CONSUMER_PROTOCOL_MAX);
		return -1;
	}
	wire_wbuf_put_i16(w, version);
	wire_wbuf_put_array_len(w, (int32_t)n, false);
	for (size_t i = 0; i < n; i++) {
		if (!topics[i].topic) {
			snprintf(err, errlen, "consumer assignment: topic %zu has no name", i);
			w->len = start;
			return -1;
		}
		wire_wbuf_put_str(w, topics[i].topic, false);
		wire_wbuf_put_array_len(w, (int32_t)topics[i].n_partitions, false);
		for (size_t j = 0; j < topics[i].n_partitions; j++)
			wire_wbuf_put_i32(w, topics[i].partitions[j]);
	}
	wire_wbuf_put_i32(w, -1);       /* no user data */
	if (w->failed) {
		snprintf(err, errlen, "consumer assignment: too large to encode");
		w->len = start;
		w->failed = false;
		return -1;
	}
	return 0;
}
