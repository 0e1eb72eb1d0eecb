/*
 * test_wire_captures.c: decode real Kafka 3.9.1 and 4.1.1 responses
 * (tests/captures, made by tests/tools/wire-capture.sh) and compare them
 * with what that script set up; re-encode the captured requests byte for
 * byte; cut every response short at every length and make sure each cut
 * fails cleanly.
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

#include "wire_capture_load.h"
#include "wire_msgs.h"
#include "wire_scenarios.h"

#ifndef WIRE_CAPTURE_DIR
#define WIRE_CAPTURE_DIR "tests/captures"
#endif

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* The decoded response of a capture, or NULL when that broker lacks the
 * version.  Checks that the response answers the captured request. */
static void *load_resp(const char *tag, int v, const char *kafka, kd_arena *a)
{
	const wire_scenario *s = wire_scenario_find(tag);
	assert_non_null(s);
	uint8_t *req, *resp;
	size_t req_len, resp_len;
	if (wcap_load(tag, v, kafka, "resp", &resp, &resp_len))
		return NULL;
	assert_int_equal(wcap_load(tag, v, kafka, "req", &req, &req_len), 0);

	const uint8_t *body;
	size_t len;
	int32_t corr;
	char err[256] = "";
	assert_int_equal(wire_frame_response(resp, resp_len, true, s->api_key, (int16_t)v,
					     &corr, &body, &len, err, sizeof(err)), 0);
	/* request header: size, key, version, correlation id */
	int32_t req_corr = (int32_t)((uint32_t)req[8] << 24 | (uint32_t)req[9] << 16 |
				     (uint32_t)req[10] << 8 | req[11]);
	assert_int_equal(corr, req_corr);
	void *out = NULL;
	if (wcap_decode(s->api_key, body, len, (int16_t)v, a, &out, err, sizeof(err)))
		fail_msg("%s v%d (%s): %s", tag, v, kafka, err);
	free(req);
	free(resp);
	return out;
}

static const wire_metadata_topic *md_topic(const wire_metadata_resp *m, const char *name)
{
	for (size_t i = 0; i < m->n_topics; i++)
		if (m->topics[i].name && !strcmp(m->topics[i].name, name))
			return &m->topics[i];
	return NULL;
}

/* Brokers answer topics in their own order, not the request's. */
static const wire_listoffsets_topic_resp *lo_topic(const wire_listoffsets_resp *r,
						   const char *name)
{
	for (size_t i = 0; i < r->n_topics; i++)
		if (!strcmp(r->topics[i].name, name))
			return &r->topics[i];
	fail_msg("no topic %s in the ListOffsets answer", name);
	return NULL;
}

/* Latest offsets of orders 0..2 and their sum, from the listoffsets capture. */
static int64_t orders_latest(const char *kafka, int64_t latest[3])
{
	kd_arena a;
	arena_init(&a);
	wire_listoffsets_resp *r = load_resp("listoffsets", 5, kafka, &a);
	assert_non_null(r);
	int64_t sum = 0;
	const wire_listoffsets_topic_resp *o = lo_topic(r, "orders");
	assert_int_equal(o->n_partitions, 3);
	for (size_t j = 0; j < 3; j++) {
		int32_t p = o->partitions[j].partition;
		assert_true(p >= 0 && p < 3);
		latest[p] = o->partitions[j].offset;
		sum += latest[p];
	}
	arena_free(&a);
	return sum;
}

/* ---------------------------------------------------------------------
 * Per API
 * ------------------------------------------------------------------- */

static void test_apiversions(void **state)
{
	const char *kafka = *state;
	int seen = 0;
	for (int v = 0; v <= 4; v++) {
		kd_arena a;
		arena_init(&a);
		wire_apiversions_resp *r = load_resp("apiversions", v, kafka, &a);
		if (!r) {
			arena_free(&a);
			continue;
		}
		seen++;
		assert_int_equal(r->error_code, 0);
		assert_true(r->n_apis > 50);
		bool metadata = false, dlogdirs = false;
		for (size_t i = 0; i < r->n_apis; i++) {
			assert_true(r->apis[i].min <= r->apis[i].max);
			if (r->apis[i].api_key == WIRE_API_METADATA) {
				metadata = true;
				assert_true(r->apis[i].max >= 12);
			}
			if (r->apis[i].api_key == WIRE_API_DESCRIBE_LOG_DIRS) {
				dlogdirs = true;
				assert_int_equal(r->apis[i].max, 4);
			}
		}
		assert_true(metadata && dlogdirs);
		if (v >= 3) {
			/* a KRaft cluster always has a finalized metadata.version */
			bool mv = false;
			for (size_t i = 0; i < r->n_finalized_features; i++)
				if (!strcmp(r->finalized_features[i].name, "metadata.version")) {
					mv = true;
					assert_true(r->finalized_features[i].max >= 1);
				}
			assert_true(mv);
			assert_true(r->finalized_features_epoch > 0);
			assert_true(r->n_supported_features >= 1);
		} else {
			assert_int_equal(r->n_finalized_features, 0);
			assert_int_equal(r->finalized_features_epoch, -1);
		}
		arena_free(&a);
	}
	assert_int_equal(seen, 5);
}

/* A broker asked for a version it does not know answers in v0 with
 * UNSUPPORTED_VERSION; the decoder falls back so the caller can retry. */
static void test_apiversions_future(void **state)
{
	const char *kafka = *state;
	uint8_t *resp;
	size_t len;
	/* both releases speak up to v4: the capture asked for v5 */
	assert_int_equal(wcap_load("apiversions_future", 5, kafka, "resp", &resp, &len), 0);
	const uint8_t *body;
	size_t blen;
	int32_t corr;
	char err[256];
	assert_int_equal(wire_frame_response(resp, len, true, WIRE_API_API_VERSIONS, 4,
					     &corr, &body, &blen, err, sizeof(err)), 0);
	kd_arena a;
	arena_init(&a);
	wire_apiversions_resp *r;
	/* as if kdeck had sent v4 to a broker that stops at v3 */
	assert_int_equal(wire_apiversions_resp_decode(body, blen, 4, &a, &r, err, sizeof(err)), 0);
	assert_int_equal(r->error_code, 35);
	assert_int_equal(r->n_apis, 1);
	assert_int_equal(r->apis[0].api_key, WIRE_API_API_VERSIONS);
	assert_int_equal(r->apis[0].max, 4);
	arena_free(&a);
	free(resp);
}

static void check_metadata_common(const wire_metadata_resp *m, int v, const char *kafka)
{
	assert_int_equal(m->n_brokers, 1);
	assert_int_equal(m->brokers[0].node_id, wcap_fact_int(kafka, "node_id"));
	assert_string_equal(m->brokers[0].host, wcap_fact(kafka, "host"));
	assert_int_equal(m->brokers[0].port, wcap_fact_int(kafka, "port"));
	if (v >= 1) {
		assert_non_null(m->brokers[0].rack);
		assert_string_equal(m->brokers[0].rack, wcap_fact(kafka, "rack"));
		assert_int_equal(m->controller_id, 1);
	}
	if (v >= 2)
		assert_string_equal(m->cluster_id, wcap_fact(kafka, "cluster_id"));
	else
		assert_null(m->cluster_id);
}

static void test_metadata(void **state)
{
	const char *kafka = *state;
	wire_uuid orders_id = { { 0 } };
	int seen = 0;
	for (int v = 1; v <= 12; v++) {
		kd_arena a;
		arena_init(&a);
		wire_metadata_resp *m = load_resp("metadata", v, kafka, &a);
		assert_non_null(m);
		seen++;
		check_metadata_common(m, v, kafka);
		assert_int_equal(m->n_topics, 3);

		const wire_metadata_topic *o = md_topic(m, "orders");
		const wire_metadata_topic *p = md_topic(m, "payments");
		const wire_metadata_topic *co = md_topic(m, "__consumer_offsets");
		assert_non_null(o);
		assert_non_null(p);
		assert_non_null(co);
		assert_int_equal(o->error_code, 0);
		assert_int_equal(o->n_partitions, 3);
		assert_int_equal(p->n_partitions, 1);
		assert_false(o->is_internal);
		assert_true(co->is_internal);
		assert_int_equal(co->n_partitions, 10);         /* offsets.topic.num.partitions */
		for (size_t i = 0; i < o->n_partitions; i++) {
			const wire_metadata_partition *mp = &o->partitions[i];
			assert_int_equal(mp->error_code, 0);
			assert_true(mp->partition >= 0 && mp->partition < 3);
			assert_int_equal(mp->leader, 1);
			assert_int_equal(mp->n_replicas, 1);
			assert_int_equal(mp->replicas[0], 1);
			assert_int_equal(mp->n_isr, 1);
			assert_int_equal(mp->isr[0], 1);
			assert_int_equal(mp->n_offline_replicas, 0);
			if (v >= 7)
				assert_true(mp->leader_epoch >= 0);
			else
				assert_int_equal(mp->leader_epoch, -1);
		}
		if (v >= 10) {
			assert_false(wire_uuid_is_zero(&o->topic_id));
			if (wire_uuid_is_zero(&orders_id))
				orders_id = o->topic_id;
			/* the same topic has the same id in every version */
			assert_memory_equal(orders_id.b, o->topic_id.b, 16);
			assert_memory_not_equal(o->topic_id.b, p->topic_id.b, 16);
		} else {
			assert_true(wire_uuid_is_zero(&o->topic_id));
		}
		/* not asked for: the broker sends the "absent" value */
		assert_int_equal(o->authorized_operations, INT32_MIN);
		assert_int_equal(m->cluster_authorized_operations, INT32_MIN);
		arena_free(&a);
	}
	assert_int_equal(seen, 12);
}

static void test_metadata_topics(void **state)
{
	const char *kafka = *state;
	for (int v = 4; v <= 12; v++) {
		kd_arena a;
		arena_init(&a);
		wire_metadata_resp *m = load_resp("metadata_topics", v, kafka, &a);
		assert_non_null(m);
		check_metadata_common(m, v, kafka);
		assert_int_equal(m->n_topics, 2);
		const wire_metadata_topic *p = md_topic(m, "payments");
		const wire_metadata_topic *n = md_topic(m, "nosuch");
		assert_non_null(p);
		assert_non_null(n);
		assert_int_equal(p->error_code, 0);
		assert_int_equal(p->n_partitions, 1);
		assert_int_equal(n->error_code, 3);     /* UNKNOWN_TOPIC_OR_PARTITION */
		assert_int_equal(n->n_partitions, 0);
		if (v >= 8) {
			/* asked for and, with no authorizer, everything is allowed */
			assert_int_not_equal(p->authorized_operations, INT32_MIN);
			assert_true(p->authorized_operations > 0);
		}
		arena_free(&a);
	}
}

static void test_describecluster(void **state)
{
	const char *kafka = *state;
	for (int v = 0; v <= 1; v++) {
		kd_arena a;
		arena_init(&a);
		wire_describecluster_resp *r = load_resp("describecluster", v, kafka, &a);
		assert_non_null(r);
		assert_int_equal(r->error_code, 0);
		assert_null(r->error_message);
		assert_int_equal(r->endpoint_type, WIRE_ENDPOINT_BROKERS);
		assert_string_equal(r->cluster_id, wcap_fact(kafka, "cluster_id"));
		assert_int_equal(r->controller_id, 1);
		assert_int_equal(r->n_brokers, 1);
		assert_int_equal(r->brokers[0].node_id, 1);
		assert_string_equal(r->brokers[0].host, wcap_fact(kafka, "host"));
		assert_int_equal(r->brokers[0].port, wcap_fact_int(kafka, "port"));
		assert_string_equal(r->brokers[0].rack, wcap_fact(kafka, "rack"));
		assert_int_equal(r->cluster_authorized_operations, INT32_MIN);
		arena_free(&a);
	}
	/* a broker refuses to describe controllers: a real error, decoded */
	kd_arena a;
	arena_init(&a);
	wire_describecluster_resp *r = load_resp("describecluster_controllers", 1, kafka, &a);
	assert_non_null(r);
	char buf[32];
	assert_string_equal(wire_error_name(r->error_code, buf, sizeof(buf)),
			    "MISMATCHED_ENDPOINT_TYPE");
	assert_non_null(r->error_message);
	assert_true(strlen(r->error_message) > 0);
	assert_int_equal(r->n_brokers, 0);
	arena_free(&a);
}

static const wire_logdir_topic *ld_topic(const wire_logdir *d, const char *name)
{
	for (size_t i = 0; i < d->n_topics; i++)
		if (!strcmp(d->topics[i].name, name))
			return &d->topics[i];
	return NULL;
}

static void test_describelogdirs(void **state)
{
	const char *kafka = *state;
	for (int v = 1; v <= 4; v++) {
		kd_arena a;
		arena_init(&a);
		wire_describelogdirs_resp *r = load_resp("describelogdirs", v, kafka, &a);
		assert_non_null(r);
		assert_int_equal(r->error_code, 0);
		assert_int_equal(r->n_dirs, 1);
		const wire_logdir *d = &r->dirs[0];
		assert_int_equal(d->error_code, 0);
		assert_string_equal(d->path, wcap_fact(kafka, "log_dir"));
		const wire_logdir_topic *o = ld_topic(d, "orders");
		const wire_logdir_topic *p = ld_topic(d, "payments");
		assert_non_null(o);
		assert_non_null(p);
		assert_non_null(ld_topic(d, "__consumer_offsets"));
		assert_int_equal(o->n_partitions, 3);
		int64_t total = 0;
		for (size_t i = 0; i < o->n_partitions; i++) {
			assert_true(o->partitions[i].size >= 0);
			assert_int_equal(o->partitions[i].offset_lag, 0);
			assert_false(o->partitions[i].is_future);
			total += o->partitions[i].size;
		}
		/* 30 records of 64 bytes, plus batch overhead */
		assert_true(total > 30 * 64);
		assert_int_equal(p->n_partitions, 1);
		assert_true(p->partitions[0].size > 5 * 64);
		if (v >= 4) {
			assert_true(d->total_bytes > 0);
			assert_true(d->usable_bytes > 0);
			assert_true(d->usable_bytes <= d->total_bytes);
		} else {
			assert_int_equal(d->total_bytes, -1);
			assert_int_equal(d->usable_bytes, -1);
		}
		arena_free(&a);
	}
	kd_arena a;
	arena_init(&a);
	wire_describelogdirs_resp *r = load_resp("describelogdirs_topics", 4, kafka, &a);
	assert_non_null(r);
	assert_int_equal(r->n_dirs, 1);
	assert_int_equal(r->dirs[0].n_topics, 1);       /* nosuch is left out */
	assert_string_equal(r->dirs[0].topics[0].name, "orders");
	assert_int_equal(r->dirs[0].topics[0].n_partitions, 3);
	arena_free(&a);
}

static void test_listoffsets(void **state)
{
	const char *kafka = *state;
	int seen = 0;
	for (int v = 1; v <= 10; v++) {
		kd_arena a;
		arena_init(&a);
		wire_listoffsets_resp *r = load_resp("listoffsets", v, kafka, &a);
		if (!r) {
			arena_free(&a);
			continue;
		}
		seen++;
		assert_int_equal(r->n_topics, 2);
		const wire_listoffsets_topic_resp *o = lo_topic(r, "orders");
		const wire_listoffsets_topic_resp *pay = lo_topic(r, "payments");
		int64_t sum = 0;
		for (size_t j = 0; j < o->n_partitions; j++) {
			const wire_listoffsets_partition *p = &o->partitions[j];
			assert_int_equal(p->error_code, 0);
			assert_int_equal(p->timestamp, -1);
			if (v >= 4)
				assert_true(p->leader_epoch >= 0);
			else
				assert_int_equal(p->leader_epoch, -1);
			sum += p->offset;
		}
		assert_int_equal(o->n_partitions, 3);
		assert_int_equal(sum, wcap_fact_int(kafka, "orders_records"));
		assert_int_equal(pay->n_partitions, 1);
		assert_int_equal(pay->partitions[0].offset, 0);        /* earliest */
		arena_free(&a);
	}
	/* 3.9 stops at v9, 4.1 goes to v10 */
	assert_int_equal(seen, strcmp(kafka, "3.9.1") ? 10 : 9);
}

static void test_listoffsets_timestamps(void **state)
{
	const char *kafka = *state;
	int64_t latest[3];
	orders_latest(kafka, latest);
	for (int v = 1; v <= 10; v++) {
		kd_arena a;
		arena_init(&a);
		wire_listoffsets_resp *r = load_resp("listoffsets_ts", v, kafka, &a);
		if (!r) {
			arena_free(&a);
			continue;
		}
		assert_int_equal(r->n_topics, 2);
		/* the first record at or after time 0 is the first record */
		const wire_listoffsets_partition *pay = &lo_topic(r, "payments")->partitions[0];
		assert_int_equal(pay->offset, 0);
		assert_true(pay->timestamp > 1500000000000LL);
		const wire_listoffsets_partition *o = &lo_topic(r, "orders")->partitions[0];
		assert_int_equal(o->error_code, 0);
		if (v >= 7) {
			/* the newest record of orders/1 */
			assert_int_equal(o->partition, 1);
			assert_true(o->offset >= 0 && o->offset < latest[1]);
			assert_true(o->timestamp >= pay->timestamp);
		} else {
			/* nothing at or after 2100-01-01 */
			assert_int_equal(o->partition, 0);
			assert_int_equal(o->offset, -1);
			assert_int_equal(o->timestamp, -1);
		}
		arena_free(&a);
	}
}

static void test_describequorum(void **state)
{
	const char *kafka = *state;
	for (int v = 0; v <= 2; v++) {
		kd_arena a;
		arena_init(&a);
		wire_describequorum_resp *r = load_resp("describequorum", v, kafka, &a);
		assert_non_null(r);
		assert_int_equal(r->error_code, 0);
		assert_int_equal(r->n_topics, 1);
		assert_string_equal(r->topics[0].name, WIRE_METADATA_TOPIC);
		assert_int_equal(r->topics[0].n_partitions, 1);
		const wire_quorum_partition *p = &r->topics[0].partitions[0];
		assert_int_equal(p->partition, 0);
		assert_int_equal(p->error_code, 0);
		assert_int_equal(p->leader_id, 1);
		assert_true(p->leader_epoch >= 1);
		assert_true(p->high_watermark > 0);
		assert_int_equal(p->n_voters, 1);
		assert_int_equal(p->voters[0].replica_id, 1);
		assert_true(p->voters[0].log_end_offset >= p->high_watermark);
		assert_int_equal(p->n_observers, 0);
		if (v >= 1) {
			/* the leader reports "now" as its caught-up time */
			assert_true(p->voters[0].last_caught_up_timestamp > 1500000000000LL);
		} else {
			assert_int_equal(p->voters[0].last_fetch_timestamp, -1);
			assert_int_equal(p->voters[0].last_caught_up_timestamp, -1);
		}
		if (v >= 2) {
			/* a static quorum (controller.quorum.voters) has no
			 * directory ids: kraft.version 0 */
			assert_true(wire_uuid_is_zero(&p->voters[0].directory_id));
			assert_int_equal(r->n_nodes, 1);
			assert_int_equal(r->nodes[0].node_id, 1);
			assert_int_equal(r->nodes[0].n_listeners, 1);
			assert_string_equal(r->nodes[0].listeners[0].name, "CONTROLLER");
			assert_string_equal(r->nodes[0].listeners[0].host, "127.0.0.1");
			assert_true(r->nodes[0].listeners[0].port > 0);
		} else {
			assert_int_equal(r->n_nodes, 0);
		}
		arena_free(&a);
	}
}

static const wire_offsetfetch_group *of_group(const wire_offsetfetch_resp *r, const char *id)
{
	for (size_t i = 0; i < r->n_groups; i++)
		if (r->groups[i].group_id && !strcmp(r->groups[i].group_id, id))
			return &r->groups[i];
	return NULL;
}

static void test_offsetfetch_batched(void **state)
{
	const char *kafka = *state;
	int64_t latest[3];
	orders_latest(kafka, latest);
	for (int v = 8; v <= 9; v++) {
		kd_arena a;
		arena_init(&a);
		wire_offsetfetch_resp *r = load_resp("offsetfetch", v, kafka, &a);
		assert_non_null(r);
		assert_int_equal(r->n_groups, 3);
		const wire_offsetfetch_group *b = of_group(r, "billing");
		const wire_offsetfetch_group *au = of_group(r, "audit");
		const wire_offsetfetch_group *n = of_group(r, "nosuch");
		assert_non_null(b);
		assert_non_null(au);
		assert_non_null(n);
		assert_int_equal(b->error_code, 0);
		assert_int_equal(b->n_topics, 1);
		assert_string_equal(b->topics[0].name, "payments");
		assert_int_equal(b->topics[0].n_partitions, 1);
		assert_int_equal(b->topics[0].partitions[0].committed_offset,
				 wcap_fact_int(kafka, "billing_offset"));
		assert_int_equal(b->topics[0].partitions[0].error_code, 0);
		/* audit committed --to-latest: equal to ListOffsets' answer */
		assert_int_equal(au->n_topics, 1);
		assert_int_equal(au->topics[0].n_partitions, 3);
		for (size_t j = 0; j < 3; j++) {
			const wire_offsetfetch_partition *p = &au->topics[0].partitions[j];
			assert_true(p->partition >= 0 && p->partition < 3);
			assert_int_equal(p->committed_offset, latest[p->partition]);
		}
		/* an unknown group has nothing committed, and no error */
		assert_int_equal(n->error_code, 0);
		assert_int_equal(n->n_topics, 0);
		arena_free(&a);
	}
}

static void test_offsetfetch_single(void **state)
{
	const char *kafka = *state;
	int seen = 0;
	for (int v = 1; v <= 7; v++) {
		kd_arena a;
		arena_init(&a);
		wire_offsetfetch_resp *r = load_resp("offsetfetch_single", v, kafka, &a);
		assert_non_null(r);
		seen++;
		assert_int_equal(r->n_groups, 1);
		assert_null(r->groups[0].group_id);
		assert_int_equal(r->groups[0].error_code, 0);
		assert_int_equal(r->groups[0].n_topics, 1);
		const wire_offsetfetch_topic *t = &r->groups[0].topics[0];
		assert_string_equal(t->name, "payments");
		assert_int_equal(t->partitions[0].committed_offset,
				 wcap_fact_int(kafka, "billing_offset"));
		if (v < 5)
			assert_int_equal(t->partitions[0].committed_leader_epoch, -1);
		arena_free(&a);
	}
	assert_int_equal(seen, 7);
}

static void test_findcoordinator(void **state)
{
	const char *kafka = *state;
	for (int v = 1; v <= 6; v++) {
		kd_arena a;
		arena_init(&a);
		wire_findcoordinator_resp *r = load_resp("findcoordinator", v, kafka, &a);
		assert_non_null(r);
		size_t want = v >= 4 ? 3 : 1;
		assert_int_equal(r->n_coordinators, want);
		static const char *const keys[] = { "billing", "audit", "nosuch" };
		for (size_t i = 0; i < want; i++) {
			const wire_coordinator *c = &r->coordinators[i];
			if (v >= 4)
				assert_string_equal(c->key, keys[i]);
			else
				assert_null(c->key);
			assert_int_equal(c->error_code, 0);
			assert_int_equal(c->node_id, 1);
			assert_string_equal(c->host, wcap_fact(kafka, "host"));
			assert_int_equal(c->port, wcap_fact_int(kafka, "port"));
		}
		arena_free(&a);
	}
}

/* ---------------------------------------------------------------------
 * Every capture: requests re-encode, responses reject every truncation
 * and trailing bytes.
 * ------------------------------------------------------------------- */

typedef void (*capture_fn)(const char *tag, int v, const char *kafka);

/* Call fn for each <tag>-v<N>-<kafka>.req.bin of the scenarios. */
static int each_capture(const char *kafka, capture_fn fn)
{
	DIR *d = opendir(WIRE_CAPTURE_DIR);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	char suffix[64];
	snprintf(suffix, sizeof(suffix), "-%s.req.bin", kafka);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), sl = strlen(suffix);
		if (len <= sl || strcmp(e->d_name + len - sl, suffix))
			continue;
		char tag[128];
		int v;
		const char *dash = strstr(e->d_name, "-v");
		if (!dash || (size_t)(dash - e->d_name) >= sizeof(tag))
			continue;
		memcpy(tag, e->d_name, (size_t)(dash - e->d_name));
		tag[dash - e->d_name] = '\0';
		v = atoi(dash + 2);
		if (!wire_scenario_find(tag))
			continue;
		fn(tag, v, kafka);
		n++;
	}
	closedir(d);
	return n;
}

static void reencode_one(const char *tag, int v, const char *kafka)
{
	const wire_scenario *s = wire_scenario_find(tag);
	uint8_t *req;
	size_t len;
	assert_int_equal(wcap_load(tag, v, kafka, "req", &req, &len), 0);
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
		fail_msg("%s v%d (%s): re-encoded request differs from the capture", tag, v, kafka);
	wire_wbuf_free(&body);
	wire_wbuf_free(&frame);
	free(req);
}

static void test_reencode(void **state)
{
	assert_true(each_capture(*state, reencode_one) >= 70);
}

static void truncate_one(const char *tag, int v, const char *kafka)
{
	const wire_scenario *s = wire_scenario_find(tag);
	uint8_t *resp;
	size_t len;
	assert_int_equal(wcap_load(tag, v, kafka, "resp", &resp, &len), 0);
	const uint8_t *body;
	size_t blen;
	int32_t corr;
	char err[256];
	assert_int_equal(wire_frame_response(resp, len, true, s->api_key, (int16_t)v,
					     &corr, &body, &blen, err, sizeof(err)), 0);
	/* a frame cut short is refused by the framing itself */
	assert_int_equal(wire_frame_response(resp, len - 1, true, s->api_key, (int16_t)v,
					     &corr, &body, &blen, err, sizeof(err)), -1);
	assert_int_equal(wire_frame_response(resp, len, true, s->api_key, (int16_t)v,
					     &corr, &body, &blen, err, sizeof(err)), 0);
	kd_arena a;
	arena_init(&a);
	/* every shorter body, in a buffer of exactly that size */
	for (size_t cut = 0; cut < blen; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, body, cut);
		void *out = (void *)&a;
		err[0] = '\0';
		if (wcap_decode(s->api_key, copy, cut, (int16_t)v, &a, &out, err, sizeof(err)) != -1)
			fail_msg("%s v%d (%s): decoded when cut to %zu of %zu bytes",
				 tag, v, kafka, cut, blen);
		assert_true(out == (void *)&a);         /* untouched on error */
		assert_true(strlen(err) > 0);
		free(copy);
	}
	/* and one byte too many */
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

static void test_truncations(void **state)
{
	assert_true(each_capture(*state, truncate_one) >= 70);
}

/* Flip each byte to 0xff (negative lengths, huge counts, bad varints):
 * the decoder either fails cleanly or decodes, never reads out of bounds. */
static void corrupt_one(const char *tag, int v, const char *kafka)
{
	const wire_scenario *s = wire_scenario_find(tag);
	uint8_t *resp;
	size_t len;
	assert_int_equal(wcap_load(tag, v, kafka, "resp", &resp, &len), 0);
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
		if (wcap_decode(s->api_key, copy, blen, (int16_t)v, &a, &out, err, sizeof(err)))
			assert_true(strlen(err) > 0);
		arena_free(&a);
	}
	free(copy);
	free(resp);
}

static void test_corruptions(void **state)
{
	assert_true(each_capture(*state, corrupt_one) >= 70);
}

#define PER_KAFKA(fn) \
	cmocka_unit_test_prestate(fn, (void *)"3.9.1"), \
	cmocka_unit_test_prestate(fn, (void *)"4.1.1")

int main(void)
{
	const struct CMUnitTest tests[] = {
		PER_KAFKA(test_apiversions),
		PER_KAFKA(test_apiversions_future),
		PER_KAFKA(test_metadata),
		PER_KAFKA(test_metadata_topics),
		PER_KAFKA(test_describecluster),
		PER_KAFKA(test_describelogdirs),
		PER_KAFKA(test_listoffsets),
		PER_KAFKA(test_listoffsets_timestamps),
		PER_KAFKA(test_describequorum),
		PER_KAFKA(test_offsetfetch_batched),
		PER_KAFKA(test_offsetfetch_single),
		PER_KAFKA(test_findcoordinator),
		PER_KAFKA(test_reencode),
		PER_KAFKA(test_truncations),
		PER_KAFKA(test_corruptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
