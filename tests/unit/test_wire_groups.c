/*
 * test_wire_groups.c: the consumer-group messages (ListGroups,
 * DescribeGroups, OffsetCommit, DeleteGroups) and the consumer protocol's
 * member bytes, against real Kafka 3.9.1 and 4.1.1 frames
 * (tests/captures, made by tests/tools/groups-capture.sh): decode and
 * compare with what that script set up and what its consumers saw,
 * re-encode every request byte for byte, cut every response at every
 * length, flip every byte.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "groups_scenarios.h"
#include "wire_capture_load.h"
#include "wire_msgs.h"

#ifndef WIRE_CAPTURE_DIR
#define WIRE_CAPTURE_DIR "tests/captures"
#endif

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* A fact of groups-<kafka>.env. */
static const char *groups_fact(const char *kafka, const char *key)
{
	char name[64];
	snprintf(name, sizeof(name), "groups-%s.env", kafka);
	return wcap_env_fact(name, key);
}

/* The decoded response of a capture, or NULL when that broker lacks the
 * version. */
static void *load_resp(const char *tag, int v, const char *kafka, kd_arena *a)
{
	const groups_scenario *s = groups_scenario_find(tag);
	uint8_t *frame;
	size_t len;
	assert_non_null(s);
	if (wcap_load(tag, v, kafka, "resp", &frame, &len))
		return NULL;
	const uint8_t *body;
	size_t blen;
	int32_t corr;
	char err[256];
	if (wire_frame_response(frame, len, true, s->api_key, (int16_t)v, &corr, &body,
				&blen, err, sizeof(err)))
		fail_msg("%s v%d (%s): %s", tag, v, kafka, err);
	void *out = NULL;
	if (wcap_decode(s->api_key, body, blen, (int16_t)v, a, &out, err, sizeof(err)))
		fail_msg("%s v%d (%s): %s", tag, v, kafka, err);
	free(frame);
	return out;
}

static const wire_listed_group *lg_find(const wire_listgroups_resp *r, const char *id)
{
	for (size_t i = 0; i < r->n_groups; i++)
		if (!strcmp(r->groups[i].group_id, id))
			return &r->groups[i];
	return NULL;
}

static const wire_described_group *dg_find(const wire_describegroups_resp *r, const char *id)
{
	for (size_t i = 0; i < r->n_groups; i++)
		if (!strcmp(r->groups[i].group_id, id))
			return &r->groups[i];
	return NULL;
}

/* ---------------------------------------------------------------------
 * Decoding, against the facts
 * ------------------------------------------------------------------- */

static void test_listgroups(void **state)
{
	const char *kafka = *state;
	int seen = 0;
	for (int v = 0; v <= 5; v++) {
		kd_arena a;
		arena_init(&a);
		wire_listgroups_resp *r = load_resp("listgroups", v, kafka, &a);
		if (!r) {
			arena_free(&a);
			continue;
		}
		seen++;
		assert_int_equal(r->error_code, 0);
		assert_int_equal(r->n_groups, 3);
		const wire_listed_group *live = lg_find(r, "live");
		const wire_listed_group *billing = lg_find(r, "billing");
		assert_non_null(live);
		assert_non_null(billing);
		assert_non_null(lg_find(r, "doomed"));
		assert_string_equal(live->protocol_type, "consumer");
		/* offsets set by an admin tool: no protocol */
		assert_string_equal(billing->protocol_type, "");
		if (v >= 4) {
			assert_string_equal(live->group_state, "Stable");
			assert_string_equal(billing->group_state, "Empty");
		} else {
			assert_null(live->group_state);
		}
		if (v >= 5)
			assert_string_equal(live->group_type, "classic");
		else
			assert_null(live->group_type);
		arena_free(&a);
	}
	assert_int_equal(seen, 6);
}

static void test_listgroups_filtered(void **state)
{
	const char *kafka = *state;
	for (int v = 4; v <= 5; v++) {
		kd_arena a;
		arena_init(&a);
		wire_listgroups_resp *r = load_resp("listgroups_filtered", v, kafka, &a);
		assert_non_null(r);
		assert_int_equal(r->n_groups, 1);
		assert_string_equal(r->groups[0].group_id, "live");
		assert_string_equal(r->groups[0].group_state, "Stable");
		arena_free(&a);
	}
}

/* A member's assignment as "0,1" for topic orders. */
static void member_partitions(const wire_group_member *m, kd_arena *a, char *buf, size_t len)
{
	wire_consumer_assignment *as;
	char err[256];
	buf[0] = '\0';
	if (wire_consumer_assignment_decode(m->assignment, m->assignment_len, a, &as,
					    err, sizeof(err)))
		fail_msg("assignment of %s: %s", m->member_id, err);
	for (size_t t = 0; t < as->n_topics; t++) {
		assert_string_equal(as->topics[t].topic, "orders");
		for (size_t p = 0; p < as->topics[t].n_partitions; p++) {
			size_t n = strlen(buf);
			snprintf(buf + n, len - n, "%s%d", n ? "," : "",
				 as->topics[t].partitions[p]);
		}
	}
}

static void test_describegroups(void **state)
{
	const char *kafka = *state;
	int seen = 0;
	for (int v = 0; v <= 6; v++) {
		kd_arena a;
		arena_init(&a);
		wire_describegroups_resp *r = load_resp("describegroups", v, kafka, &a);
		if (!r) {
			arena_free(&a);
			continue;
		}
		seen++;
		assert_int_equal(r->n_groups, 3);
		const wire_described_group *billing = dg_find(r, "billing");
		const wire_described_group *live = dg_find(r, "live");
		const wire_described_group *nosuch = dg_find(r, "nosuch");
		assert_non_null(billing);
		assert_non_null(live);
		assert_non_null(nosuch);
		assert_string_equal(billing->group_state, "Empty");
		assert_int_equal(billing->n_members, 0);
		assert_string_equal(nosuch->group_state, "Dead");
		/* v6 (4.x) says GROUP_ID_NOT_FOUND for an unknown group */
		assert_int_equal(nosuch->error_code, v >= 6 ? 69 : 0);
		if (v >= 6)
			assert_non_null(nosuch->error_message);
		assert_int_equal(live->error_code, 0);
		assert_string_equal(live->group_state, "Stable");
		assert_string_equal(live->protocol_type, "consumer");
		assert_string_equal(live->protocol_data, "range");
		assert_int_equal(live->n_members, 2);
		if (v >= 3)
			assert_true(live->authorized_operations != INT32_MIN);
		else
			assert_int_equal(live->authorized_operations, INT32_MIN);
		/* every member as the consumer itself saw it */
		const char *ids[] = { "a", "b" };
		for (int i = 0; i < 2; i++) {
			char key[64], parts[64];
			const wire_group_member *m = NULL;
			snprintf(key, sizeof(key), "live_%s_member", ids[i]);
			const char *member = groups_fact(kafka, key);
			for (size_t j = 0; j < live->n_members; j++)
				if (!strcmp(live->members[j].member_id, member))
					m = &live->members[j];
			if (!m)
				fail_msg("v%d: member %s missing", v, member);
			snprintf(key, sizeof(key), "live_%s_client", ids[i]);
			assert_string_equal(m->client_id, groups_fact(kafka, key));
			assert_string_equal(m->client_host, "/127.0.0.1");
			assert_null(m->group_instance_id);
			member_partitions(m, &a, parts, sizeof(parts));
			snprintf(key, sizeof(key), "live_%s_partitions", ids[i]);
			assert_string_equal(parts, groups_fact(kafka, key));
			/* and the subscription names the topic */
			wire_consumer_subscription *sub;
			char err[256];
			assert_int_equal(wire_consumer_subscription_decode(m->metadata, m->metadata_len,
									   &a, &sub, err, sizeof(err)), 0);
			assert_int_equal(sub->n_topics, 1);
			assert_string_equal(sub->topics[0], "orders");
		}
		arena_free(&a);
	}
	assert_int_equal(seen, strcmp(kafka, "3.9.1") ? 7 : 6);
}

static void test_offsetcommit(void **state)
{
	const char *kafka = *state;
	int seen = 0;
	for (int v = 2; v <= 9; v++) {
		kd_arena a;
		arena_init(&a);
		wire_offsetcommit_resp *ok = load_resp("offsetcommit", v, kafka, &a);
		wire_offsetcommit_resp *active = load_resp("offsetcommit_active", v, kafka, &a);
		assert_non_null(ok);
		assert_non_null(active);
		seen++;
		assert_int_equal(ok->n_topics, 1);
		assert_string_equal(ok->topics[0].name, "payments");
		assert_int_equal(ok->topics[0].n_partitions, 1);
		assert_int_equal(ok->topics[0].partitions[0].error_code, 0);
		/* a group with members refuses an administrative commit */
		assert_int_equal(active->n_topics, 1);
		assert_int_equal(active->topics[0].n_partitions, 2);
		for (int p = 0; p < 2; p++) {
			assert_int_equal(active->topics[0].partitions[p].partition, p);
			assert_int_equal(active->topics[0].partitions[p].error_code, 25);
		}
		arena_free(&a);
	}
	assert_int_equal(seen, 8);
}

static void test_deletegroups(void **state)
{
	const char *kafka = *state;
	int deleted = 0;
	for (int v = 0; v <= 2; v++) {
		kd_arena a;
		arena_init(&a);
		wire_deletegroups_resp *r = load_resp("deletegroups", v, kafka, &a);
		assert_non_null(r);
		assert_int_equal(r->n_results, 3);
		for (size_t i = 0; i < r->n_results; i++) {
			const wire_deletegroups_result *g = &r->results[i];
			if (!strcmp(g->group_id, "live"))
				assert_int_equal(g->error_code, 68);    /* NON_EMPTY_GROUP */
			else if (!strcmp(g->group_id, "nosuch"))
				assert_int_equal(g->error_code, 69);    /* GROUP_ID_NOT_FOUND */
			else if (!strcmp(g->group_id, "doomed") && g->error_code == 0)
				deleted++;
			else if (!strcmp(g->group_id, "doomed"))
				assert_int_equal(g->error_code, 69);
			else
				fail_msg("unexpected group %s", g->group_id);
		}
		arena_free(&a);
	}
	/* the first request deleted it, the later ones found nothing */
	assert_int_equal(deleted, 1);
}

/* ---------------------------------------------------------------------
 * Consumer protocol bytes
 * ------------------------------------------------------------------- */

static void test_assignment_roundtrip(void **state)
{
	(void)state;
	static const int32_t p1[] = { 0, 5, 7 };
	static const int32_t p2[] = { 3 };
	wire_consumer_topic t[] = { { "orders", (int32_t *)p1, 3 }, { "pay", (int32_t *)p2, 1 } };
	wire_wbuf w;
	kd_arena a;
	char err[256];
	wire_consumer_assignment *as = NULL;
	wire_wbuf_init(&w);
	arena_init(&a);
	assert_int_equal(wire_consumer_assignment_encode(&w, 1, t, 2, err, sizeof(err)), 0);
	assert_int_equal(wire_consumer_assignment_decode(w.data, w.len, &a, &as, err, sizeof(err)), 0);
	assert_int_equal(as->version, 1);
	assert_int_equal(as->n_topics, 2);
	assert_string_equal(as->topics[1].topic, "pay");
	assert_int_equal(as->topics[0].n_partitions, 3);
	assert_int_equal(as->topics[0].partitions[2], 7);
	assert_int_equal(as->topics[1].partitions[0], 3);

	/* trailing bytes: an error for v0-3, the new fields of a later one */
	wire_wbuf_put_i32(&w, 42);
	as = NULL;
	assert_int_equal(wire_consumer_assignment_decode(w.data, w.len, &a, &as, err, sizeof(err)), -1);
	assert_null(as);
	assert_non_null(strstr(err, "trailing"));
	w.data[1] = 9;          /* version 9 */
	assert_int_equal(wire_consumer_assignment_decode(w.data, w.len, &a, &as, err, sizeof(err)), 0);
	assert_int_equal(as->version, 9);
	assert_int_equal(as->n_topics, 2);

	/* an empty assignment (a member not assigned yet) */
	assert_int_equal(wire_consumer_assignment_decode("", 0, &a, &as, err, sizeof(err)), 0);
	assert_int_equal(as->n_topics, 0);
	/* a negative version, a short buffer */
	static const uint8_t neg[] = { 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
	assert_int_equal(wire_consumer_assignment_decode(neg, sizeof(neg), &a, &as, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "negative version"));
	assert_int_equal(wire_consumer_assignment_decode(neg, 1, &a, &as, err, sizeof(err)), -1);
	assert_int_equal(wire_consumer_assignment_encode(&w, 4, t, 2, err, sizeof(err)), -1);
	wire_wbuf_free(&w);
	arena_free(&a);
}

static void test_assignment_cuts(void **state)
{
	(void)state;
	static const int32_t p1[] = { 0, 1 };
	wire_consumer_topic t[] = { { "orders", (int32_t *)p1, 2 } };
	wire_wbuf w;
	kd_arena a;
	char err[256];
	wire_wbuf_init(&w);
	arena_init(&a);
	assert_int_equal(wire_consumer_assignment_encode(&w, 0, t, 1, err, sizeof(err)), 0);
	for (size_t cut = 1; cut < w.len; cut++) {
		uint8_t *copy = malloc(cut);
		wire_consumer_assignment *as = NULL;
		memcpy(copy, w.data, cut);
		if (wire_consumer_assignment_decode(copy, cut, &a, &as, err, sizeof(err)) != -1)
			fail_msg("decoded when cut to %zu of %zu", cut, w.len);
		assert_null(as);
		free(copy);
	}
	wire_wbuf_free(&w);
	arena_free(&a);
}

/* ---------------------------------------------------------------------
 * Requests (encoder refusals)
 * ------------------------------------------------------------------- */

static void test_request_refusals(void **state)
{
	(void)state;
	wire_wbuf w;
	char err[256];
	static const char *const states[] = { "Stable" };
	static const char *const nulls[] = { "a", NULL };
	wire_wbuf_init(&w);
	wire_listgroups_req lg = { states, 1, NULL, 0 };
	assert_int_equal(wire_listgroups_req_encode(&w, 3, &lg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "state"));
	assert_int_equal(w.len, 0);
	wire_describegroups_req dg = { nulls, 2, false };
	assert_int_equal(wire_describegroups_req_encode(&w, 5, &dg, err, sizeof(err)), -1);
	assert_int_equal(w.len, 0);
	wire_deletegroups_req del = { nulls, 2 };
	assert_int_equal(wire_deletegroups_req_encode(&w, 2, &del, err, sizeof(err)), -1);
	wire_offsetcommit_req oc = { NULL, -1, "", NULL, NULL, 0 };
	assert_int_equal(wire_offsetcommit_req_encode(&w, 8, &oc, err, sizeof(err)), -1);
	oc.group_id = "g";
	assert_int_equal(wire_offsetcommit_req_encode(&w, 1, &oc, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "v2 to v9"));
	assert_int_equal(w.len, 0);
	wire_wbuf_free(&w);
}

/* ---------------------------------------------------------------------
 * Every capture
 * ------------------------------------------------------------------- */

typedef void (*capture_fn)(const groups_scenario *s, int v, const char *kafka);

static int each_capture(const char *kafka, capture_fn fn)
{
	int n = 0;
	for (const groups_scenario *s = groups_scenarios; s->tag; s++) {
		for (int v = s->from; v <= s->to; v++) {
			uint8_t *data;
			size_t len;
			if (wcap_load(s->tag, v, kafka, "req", &data, &len))
				continue;
			free(data);
			fn(s, v, kafka);
			n++;
		}
	}
	return n;
}

static void reencode_one(const groups_scenario *s, int v, const char *kafka)
{
	uint8_t *req;
	size_t len;
	assert_int_equal(wcap_load(s->tag, v, kafka, "req", &req, &len), 0);
	int32_t corr = (int32_t)((uint32_t)req[8] << 24 | (uint32_t)req[9] << 16 |
				 (uint32_t)req[10] << 8 | req[11]);
	wire_wbuf body, frame;
	char err[256];
	wire_wbuf_init(&body);
	wire_wbuf_init(&frame);
	assert_int_equal(s->encode(&body, (int16_t)v, err, sizeof(err)), 0);
	assert_int_equal(wire_frame_request(&frame, s->api_key, (int16_t)v, corr, "kdeck",
					    body.data, body.len, err, sizeof(err)), 0);
	if (frame.len != len || memcmp(frame.data, req, len))
		fail_msg("%s v%d (%s): re-encoded request differs from the capture", s->tag, v, kafka);
	wire_wbuf_free(&body);
	wire_wbuf_free(&frame);
	free(req);
}

static void truncate_one(const groups_scenario *s, int v, const char *kafka)
{
	uint8_t *resp;
	size_t len;
	assert_int_equal(wcap_load(s->tag, v, kafka, "resp", &resp, &len), 0);
	const uint8_t *body;
	size_t blen;
	int32_t corr;
	char err[256];
	assert_int_equal(wire_frame_response(resp, len, true, s->api_key, (int16_t)v,
					     &corr, &body, &blen, err, sizeof(err)), 0);
	kd_arena a;
	arena_init(&a);
	for (size_t cut = 0; cut < blen; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, body, cut);
		void *out = (void *)&a;
		err[0] = '\0';
		if (wcap_decode(s->api_key, copy, cut, (int16_t)v, &a, &out, err, sizeof(err)) != -1)
			fail_msg("%s v%d (%s): decoded when cut to %zu of %zu bytes",
				 s->tag, v, kafka, cut, blen);
		assert_true(out == (void *)&a);
		assert_true(strlen(err) > 0);
		free(copy);
	}
	uint8_t *longer = malloc(blen + 1);
	memcpy(longer, body, blen);
	longer[blen] = 0;
	void *out;
	assert_int_equal(wcap_decode(s->api_key, longer, blen + 1, (int16_t)v, &a, &out,
				    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "trailing"));
	free(longer);
	arena_free(&a);
	free(resp);
}

/* Flip each byte to 0xff; also decode the members' bytes of whatever
 * DescribeGroups still yields. */
static void corrupt_one(const groups_scenario *s, int v, const char *kafka)
{
	uint8_t *resp;
	size_t len;
	assert_int_equal(wcap_load(s->tag, v, kafka, "resp", &resp, &len), 0);
	const uint8_t *body;
	size_t blen;
	int32_t corr;
	char err[256];
	assert_int_equal(wire_frame_response(resp, len, true, s->api_key, (int16_t)v,
					     &corr, &body, &blen, err, sizeof(err)), 0);
	uint8_t *copy = malloc(blen);
	for (size_t i = 0; i < blen; i++) {
		kd_arena a;
		arena_init(&a);
		memcpy(copy, body, blen);
		copy[i] = 0xff;
		void *out;
		if (wcap_decode(s->api_key, copy, blen, (int16_t)v, &a, &out, err, sizeof(err))) {
			assert_true(strlen(err) > 0);
		} else if (s->api_key == WIRE_API_DESCRIBE_GROUPS) {
			wire_describegroups_resp *r = out;
			for (size_t g = 0; g < r->n_groups; g++)
				for (size_t m = 0; m < r->groups[g].n_members; m++) {
					const wire_group_member *gm = &r->groups[g].members[m];
					wire_consumer_assignment *as;
					wire_consumer_subscription *sub;
					(void)wire_consumer_assignment_decode(gm->assignment,
						gm->assignment_len, &a, &as, err, sizeof(err));
					(void)wire_consumer_subscription_decode(gm->metadata,
						gm->metadata_len, &a, &sub, err, sizeof(err));
				}
		}
		arena_free(&a);
	}
	free(copy);
	free(resp);
}

/* A DescribeGroups v5 answer of a million minimal members (7 bytes each,
 * five strings and a struct decoded): refused by the decoding budget with
 * a clear error, and the arena never grows past that budget. */
static void test_member_bomb(void **state)
{
	(void)state;
	const size_t n = 1000000;
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 0);                       /* throttle */
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_str(&w, "g", true);
	wire_wbuf_put_str(&w, "Stable", true);
	wire_wbuf_put_str(&w, "consumer", true);
	wire_wbuf_put_str(&w, "range", true);
	wire_wbuf_put_array_len(&w, (int32_t)n, true);
	static const uint8_t member[7] = { 1, 0, 1, 1, 1, 1, 0 };
	for (size_t i = 0; i < n; i++)
		wire_wbuf_put_raw(&w, member, sizeof(member));
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i8(&w, 0);
	wire_wbuf_put_i8(&w, 0);
	assert_false(w.failed);

	kd_arena a;
	arena_init(&a);
	wire_describegroups_resp *r = NULL;
	char err[256] = "";
	assert_int_equal(wire_describegroups_resp_decode(w.data, w.len, 5, &a, &r,
							 err, sizeof(err)), -1);
	assert_non_null(strstr(err, "refused"));
	if (a.used > w.len * WIRE_DECODE_FACTOR + WIRE_DECODE_SLACK + 256)   /* + the top structs */
		fail_msg("arena %zu for %zu bytes", a.used, w.len);
	arena_free(&a);

	/* twenty of the same members decode: the budget grows with the answer */
	wire_wbuf small;
	wire_wbuf_init(&small);
	size_t head = w.len - n * sizeof(member) - 6;  /* after the count */
	wire_wbuf_put_raw(&small, w.data, head - 3);    /* up to the member count */
	wire_wbuf_put_array_len(&small, 20, true);
	for (int i = 0; i < 20; i++)
		wire_wbuf_put_raw(&small, member, sizeof(member));
	wire_wbuf_put_i32(&small, 0);
	wire_wbuf_put_i8(&small, 0);
	wire_wbuf_put_i8(&small, 0);
	arena_init(&a);
	assert_int_equal(wire_describegroups_resp_decode(small.data, small.len, 5, &a, &r,
							 err, sizeof(err)), 0);
	assert_int_equal(r->groups[0].n_members, 20);
	arena_free(&a);
	wire_wbuf_free(&small);
	wire_wbuf_free(&w);
}

/* ConsumerGroupDescribe v0, as Kafka 4.1 answers for a KIP-848 group of
 * one member owning t-0 and t-2; then every cut of it fails cleanly. */
static void put_assignment(wire_wbuf *w, const char *topic, const int32_t *p, int n)
{
	wire_uuid id = { { 1, 2, 3 } };
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_uuid(w, &id);
	wire_wbuf_put_str(w, topic, true);
	wire_wbuf_put_array_len(w, n, true);
	for (int i = 0; i < n; i++)
		wire_wbuf_put_i32(w, p[i]);
	wire_wbuf_put_no_tags(w);
	wire_wbuf_put_no_tags(w);
}

static void test_cgdescribe(void **state)
{
	(void)state;
	static const int32_t parts[] = { 0, 2 };
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_str(&w, "g848", true);
	wire_wbuf_put_str(&w, "Stable", true);
	wire_wbuf_put_i32(&w, 5);
	wire_wbuf_put_i32(&w, 5);
	wire_wbuf_put_str(&w, "uniform", true);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_str(&w, "m-1", true);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_str(&w, "rack-a", true);
	wire_wbuf_put_i32(&w, 5);
	wire_wbuf_put_str(&w, "client-1", true);
	wire_wbuf_put_str(&w, "/127.0.0.1", true);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_str(&w, "t", true);
	wire_wbuf_put_str(&w, NULL, true);
	put_assignment(&w, "t", parts, 2);
	put_assignment(&w, "t", parts, 1);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_i32(&w, INT32_MIN);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	assert_false(w.failed);

	kd_arena a;
	arena_init(&a);
	wire_cgdescribe_resp *r = NULL;
	char err[256] = "";
	assert_int_equal(wire_cgdescribe_resp_decode(w.data, w.len, 0, &a, &r, err,
						     sizeof(err)), 0);
	assert_int_equal(r->n_groups, 1);
	const wire_cg_group *g = &r->groups[0];
	assert_string_equal(g->group_id, "g848");
	assert_string_equal(g->group_state, "Stable");
	assert_string_equal(g->assignor_name, "uniform");
	assert_int_equal(g->n_members, 1);
	const wire_cg_member *m = &g->members[0];
	assert_string_equal(m->client_id, "client-1");
	assert_string_equal(m->rack_id, "rack-a");
	assert_null(m->instance_id);
	assert_int_equal(m->n_subscribed, 1);
	assert_int_equal(m->assignment.n_topics, 1);
	assert_string_equal(m->assignment.topics[0].topic, "t");
	assert_int_equal(m->assignment.topics[0].n_partitions, 2);
	assert_int_equal(m->assignment.topics[0].partitions[1], 2);
	assert_int_equal(m->target.topics[0].n_partitions, 1);
	arena_free(&a);

	for (size_t cut = 0; cut < w.len; cut++) {
		arena_init(&a);
		err[0] = '\0';
		if (wire_cgdescribe_resp_decode(w.data, cut, 0, &a, &r, err, sizeof(err)) != -1)
			fail_msg("decoded when cut to %zu of %zu bytes", cut, w.len);
		assert_true(strlen(err) > 0);
		arena_free(&a);
	}
	/* Kafka 4.1.1's own answer for a console consumer with
	 * group.protocol=consumer on a 3-partition topic */
	uint8_t *cap;
	size_t caplen;
	assert_int_equal(wcap_load("cgdescribe", 0, "4.1.1", "resp", &cap, &caplen), 0);
	const uint8_t *body;
	size_t blen;
	int32_t corr;
	assert_int_equal(wire_frame_response(cap, caplen, true, WIRE_API_CONSUMER_GROUP_DESCRIBE,
					     0, &corr, &body, &blen, err, sizeof(err)), 0);
	arena_init(&a);
	void *out = NULL;
	assert_int_equal(wcap_decode(WIRE_API_CONSUMER_GROUP_DESCRIBE, body, blen, 0, &a, &out,
				     err, sizeof(err)), 0);
	r = out;
	assert_int_equal(r->n_groups, 1);
	assert_string_equal(r->groups[0].group_id, "kip848");
	assert_string_equal(r->groups[0].group_state, "Stable");
	assert_string_equal(r->groups[0].assignor_name, "uniform");
	assert_int_equal(r->groups[0].n_members, 1);
	m = &r->groups[0].members[0];
	assert_string_equal(m->client_id, "kip848-client");
	assert_int_equal(m->assignment.n_topics, 1);
	assert_string_equal(m->assignment.topics[0].topic, "k848");
	assert_int_equal(m->assignment.topics[0].n_partitions, 3);
	arena_free(&a);
	free(cap);

	/* only v0 is spoken */
	arena_init(&a);
	assert_int_equal(wire_cgdescribe_resp_decode(w.data, w.len, 1, &a, &r, err,
						     sizeof(err)), -1);
	arena_free(&a);

	/* the request: group ids and the flag, flexible */
	const char *ids[] = { "g848" };
	wire_cgdescribe_req req = { ids, 1, false };
	wire_wbuf q;
	wire_wbuf_init(&q);
	assert_int_equal(wire_cgdescribe_req_encode(&q, 0, &req, err, sizeof(err)), 0);
	static const uint8_t want[] = { 2, 5, 'g', '8', '4', '8', 0, 0 };
	assert_int_equal(q.len, sizeof(want));
	assert_memory_equal(q.data, want, sizeof(want));
	wire_wbuf_free(&q);
	wire_wbuf_free(&w);
}

static void test_reencode(void **state)
{
	assert_true(each_capture(*state, reencode_one) >= 30);
}

static void test_truncations(void **state)
{
	assert_true(each_capture(*state, truncate_one) >= 30);
}

static void test_corruptions(void **state)
{
	assert_true(each_capture(*state, corrupt_one) >= 30);
}

#define PER_KAFKA(fn) \
	cmocka_unit_test_prestate(fn, (void *)"3.9.1"), \
	cmocka_unit_test_prestate(fn, (void *)"4.1.1")

int main(void)
{
	const struct CMUnitTest tests[] = {
		PER_KAFKA(test_listgroups),
		PER_KAFKA(test_listgroups_filtered),
		PER_KAFKA(test_describegroups),
		PER_KAFKA(test_offsetcommit),
		PER_KAFKA(test_deletegroups),
		cmocka_unit_test(test_assignment_roundtrip),
		cmocka_unit_test(test_assignment_cuts),
		cmocka_unit_test(test_request_refusals),
		cmocka_unit_test(test_member_bomb),
		cmocka_unit_test(test_cgdescribe),
		PER_KAFKA(test_reencode),
		PER_KAFKA(test_truncations),
		PER_KAFKA(test_corruptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
