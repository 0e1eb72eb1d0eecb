/* test_wire_msgs.c: the API table, framing, encoders' refusals and
 * decoding details the captures do not show (unknown tagged fields, the
 * ApiVersions fallback). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire_msgs.h"

static void test_api_table(void **state)
{
	(void)state;
	const wire_api_info *i = wire_api_lookup(WIRE_API_DESCRIBE_LOG_DIRS);
	assert_non_null(i);
	assert_string_equal(i->name, "DescribeLogDirs");
	assert_int_equal(i->min, 1);
	assert_int_equal(i->max, 4);
	assert_ptr_equal(wire_api_by_name("describelogdirs"), i);
	assert_null(wire_api_by_name("Produce"));
	assert_null(wire_api_lookup(0));
	assert_string_equal(wire_api_name(WIRE_API_METADATA), "Metadata");
	assert_string_equal(wire_api_name(77), "api 77");
	/* first flexible versions, from the schemas */
	assert_false(wire_api_flexible(WIRE_API_METADATA, 8));
	assert_true(wire_api_flexible(WIRE_API_METADATA, 9));
	assert_true(wire_api_flexible(WIRE_API_DESCRIBE_CLUSTER, 0));
	assert_false(wire_api_flexible(WIRE_API_SASL_HANDSHAKE, 1));
	assert_false(wire_api_flexible(WIRE_API_OFFSET_FETCH, 5));
	assert_true(wire_api_flexible(WIRE_API_OFFSET_FETCH, 6));
	int n = 0;
	for (const wire_api_info *t = wire_api_table(); t->name; t++)
		n++;
	assert_int_equal(n, 23);
	assert_true(wire_api_flexible(WIRE_API_CONSUMER_GROUP_DESCRIBE, 0));
	assert_false(wire_api_flexible(WIRE_API_ELECT_LEADERS, 1));
	assert_true(wire_api_flexible(WIRE_API_ELECT_LEADERS, 2));
	assert_true(wire_api_flexible(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0));
	assert_true(wire_api_flexible(WIRE_API_LIST_PARTITION_REASSIGNMENTS, 0));
	assert_string_equal(wire_api_name(45), "AlterPartitionReassignments");
}

static void test_error_names(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(wire_error_name(0, buf, sizeof(buf)), "NONE");
	assert_string_equal(wire_error_name(-1, buf, sizeof(buf)), "UNKNOWN_SERVER_ERROR");
	assert_string_equal(wire_error_name(3, buf, sizeof(buf)), "UNKNOWN_TOPIC_OR_PARTITION");
	assert_string_equal(wire_error_name(16, buf, sizeof(buf)), "NOT_COORDINATOR");
	assert_string_equal(wire_error_name(35, buf, sizeof(buf)), "UNSUPPORTED_VERSION");
	assert_string_equal(wire_error_name(69, buf, sizeof(buf)), "GROUP_ID_NOT_FOUND");
	assert_string_equal(wire_error_name(100, buf, sizeof(buf)), "UNKNOWN_TOPIC_ID");
	assert_string_equal(wire_error_name(114, buf, sizeof(buf)), "MISMATCHED_ENDPOINT_TYPE");
	assert_string_equal(wire_error_name(999, buf, sizeof(buf)), "UNKNOWN(999)");
}

/* Header v1 before Metadata v9, v2 (an empty tag section) from v9 on; the
 * client id stays a classic string in both. */
static void test_request_headers(void **state)
{
	(void)state;
	char err[128];
	wire_wbuf w;
	wire_wbuf_init(&w);
	static const uint8_t body[] = { 0xab };
	assert_int_equal(wire_frame_request(&w, WIRE_API_METADATA, 8, 7, "kd",
					    body, 1, err, sizeof(err)), 0);
	static const uint8_t v1[] = {
		0, 0, 0, 13, 0, 3, 0, 8, 0, 0, 0, 7, 0, 2, 'k', 'd', 0xab,
	};
	assert_int_equal(w.len, sizeof(v1));
	assert_memory_equal(w.data, v1, sizeof(v1));

	wire_wbuf_reset(&w);
	assert_int_equal(wire_frame_request(&w, WIRE_API_METADATA, 9, 7, NULL,
					    body, 1, err, sizeof(err)), 0);
	static const uint8_t v2[] = {
		0, 0, 0, 12, 0, 3, 0, 9, 0, 0, 0, 7, 0xff, 0xff, 0, 0xab,
	};
	assert_int_equal(w.len, sizeof(v2));
	assert_memory_equal(w.data, v2, sizeof(v2));

	/* an API kdeck does not know has no header rules: refused */
	wire_wbuf_reset(&w);
	assert_int_equal(wire_frame_request(&w, 0, 9, 1, "kd", body, 1, err, sizeof(err)), -1);
	assert_int_equal(w.len, 0);
	wire_wbuf_free(&w);
}

static void test_response_headers(void **state)
{
	(void)state;
	char err[128];
	const uint8_t *body;
	size_t len;
	int32_t corr;
	/* flexible Metadata: correlation id, then a tag section */
	static const uint8_t md[] = { 0, 0, 0, 6, 0, 0, 0, 9, 0, 0x55 };
	assert_int_equal(wire_frame_response(md, sizeof(md), true, WIRE_API_METADATA, 12,
					     &corr, &body, &len, err, sizeof(err)), 0);
	assert_int_equal(corr, 9);
	assert_int_equal(len, 1);
	assert_int_equal(body[0], 0x55);
	/* flexible ApiVersions still answers with header v0 */
	assert_int_equal(wire_frame_response(md, sizeof(md), true, WIRE_API_API_VERSIONS, 3,
					     &corr, &body, &len, err, sizeof(err)), 0);
	assert_int_equal(len, 2);
	/* a size that disagrees with the bytes */
	static const uint8_t bad[] = { 0, 0, 0, 9, 0, 0, 0, 9, 0 };
	assert_int_equal(wire_frame_response(bad, sizeof(bad), true, WIRE_API_METADATA, 12,
					     &corr, &body, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "frame size 9"));
	/* without the size prefix */
	assert_int_equal(wire_frame_response(md + 4, sizeof(md) - 4, false, WIRE_API_METADATA,
					     8, &corr, &body, &len, err, sizeof(err)), 0);
	assert_int_equal(len, 2);
}

static void test_encoders_refuse(void **state)
{
	(void)state;
	char err[256];
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i8(&w, 1);        /* what the caller had: must stay */

	wire_metadata_req md = { NULL, -1, false, false };
	assert_int_equal(wire_metadata_req_encode(&w, 13, &md, err, sizeof(err)), -1);
	assert_string_equal(err, "Metadata request v13: kdeck speaks v1 to v12");
	assert_int_equal(wire_metadata_req_encode(&w, 0, &md, err, sizeof(err)), -1);

	wire_offsetfetch_group_req g[2] = { { "a", NULL, -1 }, { "b", NULL, -1 } };
	wire_offsetfetch_req of = { g, 2, false };
	assert_int_equal(wire_offsetfetch_req_encode(&w, 7, &of, err, sizeof(err)), -1);
	assert_string_equal(err, "OffsetFetch v7 asks for one group, not 2");
	of.n_groups = 1;
	assert_int_equal(wire_offsetfetch_req_encode(&w, 1, &of, err, sizeof(err)), -1);
	assert_string_equal(err, "OffsetFetch v1 cannot ask for all topics");
	g[0].group_id = NULL;
	assert_int_equal(wire_offsetfetch_req_encode(&w, 8, &of, err, sizeof(err)), -1);

	const char *keys[] = { "a", "b" };
	wire_findcoordinator_req fc = { 0, keys, 2 };
	assert_int_equal(wire_findcoordinator_req_encode(&w, 3, &fc, err, sizeof(err)), -1);
	assert_string_equal(err, "FindCoordinator v3 looks up one key, not 2");

	wire_listoffsets_part p = { 0, WIRE_OFFSET_MAX_TIMESTAMP, -1 };
	wire_listoffsets_topic t = { "x", &p, 1 };
	wire_listoffsets_req lo = { -1, 0, &t, 1, 0 };
	assert_int_equal(wire_listoffsets_req_encode(&w, 6, &lo, err, sizeof(err)), -1);
	assert_string_equal(err, "ListOffsets v6 cannot look up timestamp -3");
	t.topic = NULL;
	assert_int_equal(wire_listoffsets_req_encode(&w, 7, &lo, err, sizeof(err)), -1);

	wire_describecluster_req dc = { false, WIRE_ENDPOINT_CONTROLLERS };
	assert_int_equal(wire_describecluster_req_encode(&w, 0, &dc, err, sizeof(err)), -1);

	/* refusals leave the buffer as it was */
	assert_int_equal(w.len, 1);
	assert_false(w.failed);
	wire_wbuf_free(&w);
}

/* Metadata v12 for two topics, checked against the schema by hand. */
static void test_metadata_request_bytes(void **state)
{
	(void)state;
	char err[128];
	static const char *const topics[] = { "ab", "c" };
	wire_metadata_req md = { topics, 2, false, true };
	wire_wbuf w;
	wire_wbuf_init(&w);
	assert_int_equal(wire_metadata_req_encode(&w, 12, &md, err, sizeof(err)), 0);
	uint8_t want[64];
	size_t n = 0;
	want[n++] = 3;                          /* compact array of 2 */
	memset(want + n, 0, 16);                /* topic id: zero */
	n += 16;
	want[n++] = 3; want[n++] = 'a'; want[n++] = 'b';
	want[n++] = 0;                          /* topic tags */
	memset(want + n, 0, 16);
	n += 16;
	want[n++] = 2; want[n++] = 'c';
	want[n++] = 0;
	want[n++] = 0;                          /* allow auto creation */
	want[n++] = 1;                          /* topic authorized operations */
	want[n++] = 0;                          /* request tags */
	assert_int_equal(w.len, n);
	assert_memory_equal(w.data, want, n);

	/* v1 all topics: a null int32 array and nothing else */
	wire_metadata_req all = { NULL, -1, true, false };
	wire_wbuf_reset(&w);
	assert_int_equal(wire_metadata_req_encode(&w, 1, &all, err, sizeof(err)), 0);
	static const uint8_t v1[] = { 0xff, 0xff, 0xff, 0xff };
	assert_int_equal(w.len, 4);
	assert_memory_equal(w.data, v1, 4);
	wire_wbuf_free(&w);
}

/* A DescribeCluster v1 answer with tagged fields kdeck does not know at
 * every level: they are skipped and the known fields still decode. */
static void test_unknown_tags_skipped(void **state)
{
	(void)state;
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 5);               /* throttle */
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_i8(&w, 1);
	wire_wbuf_put_str(&w, "cid", true);
	wire_wbuf_put_i32(&w, 2);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i32(&w, 2);
	wire_wbuf_put_str(&w, "h", true);
	wire_wbuf_put_i32(&w, 9092);
	wire_wbuf_put_str(&w, "r1", true);
	wire_wbuf_put_uvarint(&w, 1);           /* broker: one unknown tag */
	wire_wbuf_put_uvarint(&w, 7);
	wire_wbuf_put_uvarint(&w, 3);
	wire_wbuf_put_raw(&w, "xyz", 3);
	wire_wbuf_put_i32(&w, -2147483647 - 1);
	wire_wbuf_put_uvarint(&w, 2);           /* top level: two */
	wire_wbuf_put_uvarint(&w, 0);
	wire_wbuf_put_uvarint(&w, 0);
	wire_wbuf_put_uvarint(&w, 300);
	wire_wbuf_put_uvarint(&w, 1);
	wire_wbuf_put_i8(&w, 1);

	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_describecluster_resp *r;
	assert_int_equal(wire_describecluster_resp_decode(w.data, w.len, 1, &a, &r,
							  err, sizeof(err)), 0);
	assert_int_equal(r->throttle_ms, 5);
	assert_string_equal(r->cluster_id, "cid");
	assert_int_equal(r->controller_id, 2);
	assert_int_equal(r->n_brokers, 1);
	assert_string_equal(r->brokers[0].host, "h");
	assert_string_equal(r->brokers[0].rack, "r1");
	assert_int_equal(r->brokers[0].port, 9092);

	/* the same bytes at v0 (no endpoint type) do not line up */
	r = NULL;
	assert_int_equal(wire_describecluster_resp_decode(w.data, w.len, 0, &a, &r,
							  err, sizeof(err)), -1);
	assert_null(r);
	assert_non_null(strstr(err, "DescribeCluster v0 response: "));
	/* nor at a version kdeck does not speak */
	assert_int_equal(wire_describecluster_resp_decode(w.data, w.len, 2, &a, &r,
							  err, sizeof(err)), -1);
	assert_string_equal(err, "DescribeCluster response v2: kdeck speaks v0 to v1");
	arena_free(&a);
	wire_wbuf_free(&w);
}

/* An old broker answers ApiVersions v3 in v0 with error 35. */
static void test_apiversions_fallback(void **state)
{
	(void)state;
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i16(&w, 35);
	wire_wbuf_put_array_len(&w, 2, false);
	wire_wbuf_put_i16(&w, 18); wire_wbuf_put_i16(&w, 0); wire_wbuf_put_i16(&w, 2);
	wire_wbuf_put_i16(&w, 3); wire_wbuf_put_i16(&w, 0); wire_wbuf_put_i16(&w, 8);
	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_apiversions_resp *r;
	assert_int_equal(wire_apiversions_resp_decode(w.data, w.len, 3, &a, &r,
						      err, sizeof(err)), 0);
	assert_int_equal(r->error_code, 35);
	assert_int_equal(r->n_apis, 2);
	assert_int_equal(r->apis[1].api_key, 3);
	assert_int_equal(r->apis[1].max, 8);
	/* but a v0 answer without an error is no fallback: v3 must parse */
	w.data[1] = 0;
	assert_int_equal(wire_apiversions_resp_decode(w.data, w.len, 3, &a, &r,
						      err, sizeof(err)), -1);
	arena_free(&a);
	wire_wbuf_free(&w);
}

/* ApiVersions v3 tagged fields: features read, finalized levels in their
 * max-then-min order. */
static void test_apiversions_features(void **state)
{
	(void)state;
	wire_wbuf f, w;
	wire_wbuf_init(&f);
	wire_wbuf_init(&w);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i16(&w, 18); wire_wbuf_put_i16(&w, 0); wire_wbuf_put_i16(&w, 4);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_uvarint(&w, 3);           /* three tagged fields */
	/* tag 1: epoch */
	wire_wbuf_put_uvarint(&w, 1);
	wire_wbuf_put_uvarint(&w, 8);
	wire_wbuf_put_i64(&w, 42);
	/* tag 2: finalized features */
	wire_wbuf_put_array_len(&f, 1, true);
	wire_wbuf_put_str(&f, "metadata.version", true);
	wire_wbuf_put_i16(&f, 21);              /* max level */
	wire_wbuf_put_i16(&f, 1);               /* min level */
	wire_wbuf_put_no_tags(&f);
	wire_wbuf_put_uvarint(&w, 2);
	wire_wbuf_put_uvarint(&w, (uint32_t)f.len);
	wire_wbuf_put_raw(&w, f.data, f.len);
	/* tag 3: zk migration ready */
	wire_wbuf_put_uvarint(&w, 3);
	wire_wbuf_put_uvarint(&w, 1);
	wire_wbuf_put_bool(&w, true);

	kd_arena a;
	arena_init(&a);
	char err[256];
	wire_apiversions_resp *r;
	assert_int_equal(wire_apiversions_resp_decode(w.data, w.len, 3, &a, &r,
						      err, sizeof(err)), 0);
	assert_int_equal(r->finalized_features_epoch, 42);
	assert_int_equal(r->n_finalized_features, 1);
	assert_string_equal(r->finalized_features[0].name, "metadata.version");
	assert_int_equal(r->finalized_features[0].max, 21);
	assert_int_equal(r->finalized_features[0].min, 1);
	assert_true(r->zk_migration_ready);
	assert_int_equal(r->n_supported_features, 0);
	arena_free(&a);
	wire_wbuf_free(&w);
	wire_wbuf_free(&f);
}

/* The topic administration answers (wire_msg_topics.c), built as Kafka
 * 4.1 sends them: decoded, every cut refused, a broker's error kept. */
static void test_topic_admin_answers(void **state)
{
	(void)state;
	wire_wbuf w;
	kd_arena a;
	char err[256];
	void *out;

	/* DescribeConfigs v4: two topics, one config each, one with a synonym */
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_array_len(&w, 2, true);
	for (int t = 0; t < 2; t++) {
		wire_wbuf_put_i16(&w, 0);
		wire_wbuf_put_str(&w, NULL, true);
		wire_wbuf_put_i8(&w, WIRE_RESOURCE_TOPIC);
		wire_wbuf_put_str(&w, t ? "payments" : "orders", true);
		wire_wbuf_put_array_len(&w, 1, true);
		wire_wbuf_put_str(&w, "min.insync.replicas", true);
		wire_wbuf_put_str(&w, t ? "2" : "1", true);
		wire_wbuf_put_bool(&w, false);
		wire_wbuf_put_i8(&w, t ? WIRE_CONFIG_DYNAMIC_TOPIC : WIRE_CONFIG_STATIC_BROKER);
		wire_wbuf_put_bool(&w, false);
		wire_wbuf_put_array_len(&w, t, true);
		if (t) {
			wire_wbuf_put_str(&w, "min.insync.replicas", true);
			wire_wbuf_put_str(&w, "2", true);
			wire_wbuf_put_i8(&w, WIRE_CONFIG_DYNAMIC_TOPIC);
			wire_wbuf_put_no_tags(&w);
		}
		wire_wbuf_put_i8(&w, 3);
		wire_wbuf_put_str(&w, NULL, true);
		wire_wbuf_put_no_tags(&w);
		wire_wbuf_put_no_tags(&w);
	}
	wire_wbuf_put_no_tags(&w);
	arena_init(&a);
	assert_int_equal(wire_decode_any(WIRE_API_DESCRIBE_CONFIGS, w.data, w.len, 4, &a, &out,
					 err, sizeof(err)), 0);
	const wire_describeconfigs_resp *dc = out;
	assert_int_equal(dc->n_results, 2);
	assert_string_equal(dc->results[1].resource_name, "payments");
	assert_string_equal(dc->results[1].configs[0].value, "2");
	assert_int_equal(dc->results[1].configs[0].n_synonyms, 1);
	assert_string_equal(wire_config_source_name(dc->results[1].configs[0].source),
			    "dynamic topic");
	arena_free(&a);
	for (size_t cut = 0; cut < w.len; cut++) {
		arena_init(&a);
		assert_int_equal(wire_decode_any(WIRE_API_DESCRIBE_CONFIGS, w.data, cut, 4, &a, &out,
						 err, sizeof(err)), -1);
		arena_free(&a);
	}
	wire_wbuf_free(&w);

	/* CreateTopics v7: refused, with the broker's message */
	wire_wbuf_init(&w);
	wire_uuid id = { { 0 } };
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_str(&w, "orders", true);
	wire_wbuf_put_uuid(&w, &id);
	wire_wbuf_put_i16(&w, WIRE_KERR_INVALID_REPLICATION_FACTOR);
	wire_wbuf_put_str(&w, "Unable to replicate the partition 4 time(s)", true);
	wire_wbuf_put_i32(&w, -1);
	wire_wbuf_put_i16(&w, -1);
	wire_wbuf_put_array_len(&w, -1, true);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	arena_init(&a);
	assert_int_equal(wire_decode_any(WIRE_API_CREATE_TOPICS, w.data, w.len, 7, &a, &out,
					 err, sizeof(err)), 0);
	const wire_createtopics_resp *ct = out;
	assert_int_equal(ct->n_topics, 1);
	assert_int_equal(ct->topics[0].error_code, 38);
	assert_string_equal(ct->topics[0].error_message, "Unable to replicate the partition 4 time(s)");
	assert_string_equal(wire_error_name(ct->topics[0].error_code, err, sizeof(err)),
			    "INVALID_REPLICATION_FACTOR");
	arena_free(&a);
	for (size_t cut = 0; cut < w.len; cut++) {
		arena_init(&a);
		assert_int_equal(wire_decode_any(WIRE_API_CREATE_TOPICS, w.data, cut, 7, &a, &out,
						 err, sizeof(err)), -1);
		arena_free(&a);
	}
	wire_wbuf_free(&w);
}

/* ---- Reassignments and leader elections (wire_msg_reassign.c) ---- */

/* Append bytes written out in a test: the schema by hand. */
#define WANT(...) do {                                                         \
		static const uint8_t b_[] = { __VA_ARGS__ };                   \
		memcpy(want + n, b_, sizeof(b_));                              \
		n += sizeof(b_);                                               \
	} while (0)

static void assert_bytes(const wire_wbuf *w, const uint8_t *want, size_t n)
{
	assert_false(w->failed);
	assert_int_equal(w->len, n);
	assert_memory_equal(w->data, want, n);
}

/* Decode a whole answer (it must succeed) into a, through the registry. */
static void *decode_ok(int16_t key, int16_t v, const wire_wbuf *w, kd_arena *a)
{
	char err[256];
	void *out = NULL;
	int rc = wire_decode_any(key, w->data, w->len, v, a, &out, err, sizeof(err));
	if (rc)
		fail_msg("%s", err);
	assert_non_null(out);
	return out;
}

/* Every strict prefix of a good answer is refused, with a message. */
static void assert_cuts_refused(int16_t key, int16_t v, const wire_wbuf *w)
{
	for (size_t cut = 0; cut < w->len; cut++) {
		kd_arena a;
		char err[256] = "";
		void *out = NULL;
		arena_init(&a);
		assert_int_equal(wire_decode_any(key, w->data, cut, v, &a, &out,
						 err, sizeof(err)), -1);
		assert_null(out);
		assert_non_null(strstr(err, wire_api_name(key)));
		arena_free(&a);
	}
}

/* The requests, compared with their schemas written out byte by byte:
 * partitions grouped by topic in order of first appearance, the null
 * replicas that cancel, the null topic arrays that mean "all". */
static void test_reassign_request_bytes(void **state)
{
	(void)state;
	char err[256];
	uint8_t want[128];
	size_t n;
	wire_wbuf w;
	wire_wbuf_init(&w);

	/* AlterPartitionReassignments v0: ab-0 to 1,2; c-1 cancelled; ab-2 to 3 */
	static const int32_t r12[] = { 1, 2 }, r3[] = { 3 };
	const wire_reassign_part alter[] = {
		{ "ab", 0, r12, 2 }, { "c", 1, NULL, -1 }, { "ab", 2, r3, 1 },
	};
	wire_alterreassign_req ar = { 30000, alter, 3 };
	assert_int_equal(wire_alterreassign_req_encode(&w, 0, &ar, err, sizeof(err)), 0);
	n = 0;
	WANT(0, 0, 0x75, 0x30);                 /* TimeoutMs 30000 */
	WANT(3);                                /* Topics: compact array of 2 */
	WANT(3, 'a', 'b');                      /* Name */
	WANT(3);                                /* Partitions: 2 */
	WANT(0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0);    /* 0: [1, 2], tags */
	WANT(0, 0, 0, 2, 2, 0, 0, 0, 3, 0);                /* 2: [3], tags */
	WANT(0);                                /* topic tags */
	WANT(2, 'c', 2);                        /* Name, Partitions: 1 */
	WANT(0, 0, 0, 1, 0, 0);                 /* 1: null Replicas (cancel), tags */
	WANT(0, 0);                             /* topic tags, request tags */
	assert_bytes(&w, want, n);

	/* an empty list is an empty array: the field is not nullable */
	wire_alterreassign_req none = { 60000, NULL, 0 };
	wire_wbuf_reset(&w);
	assert_int_equal(wire_alterreassign_req_encode(&w, 0, &none, err, sizeof(err)), 0);
	n = 0;
	WANT(0, 0, 0xea, 0x60, 1, 0);
	assert_bytes(&w, want, n);

	/* ListPartitionReassignments v0: everything (null Topics) */
	wire_listreassign_req la = { 1000, NULL, 0 };
	wire_wbuf_reset(&w);
	assert_int_equal(wire_listreassign_req_encode(&w, 0, &la, err, sizeof(err)), 0);
	n = 0;
	WANT(0, 0, 0x03, 0xe8, 0, 0);
	assert_bytes(&w, want, n);

	/* ... and t-0, u-5, t-3: two topics, int32 partition indexes */
	const wire_reassign_part some[] = { { "t", 0, NULL, 0 }, { "u", 5, NULL, 0 },
					    { "t", 3, NULL, 0 } };
	wire_listreassign_req ls = { 1000, some, 3 };
	wire_wbuf_reset(&w);
	assert_int_equal(wire_listreassign_req_encode(&w, 0, &ls, err, sizeof(err)), 0);
	n = 0;
	WANT(0, 0, 0x03, 0xe8, 3);
	WANT(2, 't', 3, 0, 0, 0, 0, 0, 0, 0, 3, 0);
	WANT(2, 'u', 2, 0, 0, 0, 5, 0);
	WANT(0);
	assert_bytes(&w, want, n);

	/* ElectLeaders v0: no ElectionType, classic string and arrays, no tags */
	wire_electleaders_req el = { WIRE_ELECT_PREFERRED, some, 3, 60000 };
	wire_wbuf_reset(&w);
	assert_int_equal(wire_electleaders_req_encode(&w, 0, &el, err, sizeof(err)), 0);
	n = 0;
	WANT(0, 0, 0, 2);                       /* TopicPartitions: 2 */
	WANT(0, 1, 't', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3);
	WANT(0, 1, 'u', 0, 0, 0, 1, 0, 0, 0, 5);
	WANT(0, 0, 0xea, 0x60);                 /* TimeoutMs */
	assert_bytes(&w, want, n);

	/* v1: ElectionType first; all partitions is the null array */
	wire_electleaders_req all = { WIRE_ELECT_UNCLEAN, NULL, 0, 60000 };
	wire_wbuf_reset(&w);
	assert_int_equal(wire_electleaders_req_encode(&w, 1, &all, err, sizeof(err)), 0);
	n = 0;
	WANT(1, 0xff, 0xff, 0xff, 0xff, 0, 0, 0xea, 0x60);
	assert_bytes(&w, want, n);

	/* v2: flexible */
	el.election_type = WIRE_ELECT_UNCLEAN;
	el.n_parts = 1;
	wire_wbuf_reset(&w);
	assert_int_equal(wire_electleaders_req_encode(&w, 2, &el, err, sizeof(err)), 0);
	n = 0;
	WANT(1, 2, 2, 't', 2, 0, 0, 0, 0, 0, 0, 0, 0xea, 0x60, 0);
	assert_bytes(&w, want, n);
	wire_wbuf_reset(&w);
	assert_int_equal(wire_electleaders_req_encode(&w, 2, &all, err, sizeof(err)), 0);
	n = 0;
	WANT(1, 0, 0, 0, 0xea, 0x60, 0);
	assert_bytes(&w, want, n);

	/* refusals leave what the caller had */
	wire_wbuf_reset(&w);
	wire_wbuf_put_i8(&w, 9);
	assert_int_equal(wire_electleaders_req_encode(&w, 0, &all, err, sizeof(err)), -1);
	assert_string_equal(err, "ElectLeaders v0 elects preferred leaders only, "
			    "not election type 1");
	assert_int_equal(wire_electleaders_req_encode(&w, 3, &all, err, sizeof(err)), -1);
	assert_string_equal(err, "ElectLeaders request v3: kdeck speaks v0 to v2");
	all.election_type = 2;
	assert_int_equal(wire_electleaders_req_encode(&w, 2, &all, err, sizeof(err)), -1);
	assert_string_equal(err, "ElectLeaders request: unknown election type 2");
	const wire_reassign_part bad[] = { { "t", 0, NULL, 2 } };
	ar = (wire_alterreassign_req){ 1, bad, 1 };
	assert_int_equal(wire_alterreassign_req_encode(&w, 0, &ar, err, sizeof(err)), -1);
	assert_string_equal(err, "AlterPartitionReassignments request: t-0 has 2 replicas "
			    "but no list");
	assert_int_equal(wire_alterreassign_req_encode(&w, 1, &ar, err, sizeof(err)), -1);
	const wire_reassign_part anon[] = { { "t", 0, NULL, 0 }, { NULL, 1, NULL, 0 } };
	ls = (wire_listreassign_req){ 1, anon, 2 };
	assert_int_equal(wire_listreassign_req_encode(&w, 0, &ls, err, sizeof(err)), -1);
	assert_string_equal(err, "ListPartitionReassignments request: partition 1 has no "
			    "topic");
	assert_int_equal(w.len, 1);
	assert_false(w.failed);
	wire_wbuf_free(&w);
}

/* The answers, built as the schemas say: errors with and without
 * messages, flattened over topics, every cut refused. */
static void test_reassign_answers(void **state)
{
	(void)state;
	wire_wbuf w;
	kd_arena a;

	/* AlterPartitionReassignments v0: ab-0 fine, ab-2 and c-1 refused */
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 7);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_array_len(&w, 2, true);
	wire_wbuf_put_str(&w, "ab", true);
	wire_wbuf_put_array_len(&w, 2, true);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_i32(&w, 2);
	wire_wbuf_put_i16(&w, WIRE_KERR_NO_REASSIGNMENT_IN_PROGRESS);
	wire_wbuf_put_str(&w, "No reassignment in progress", true);
	wire_wbuf_put_uvarint(&w, 1);           /* a tag kdeck does not know */
	wire_wbuf_put_uvarint(&w, 9);
	wire_wbuf_put_uvarint(&w, 2);
	wire_wbuf_put_i16(&w, 0x7777);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_str(&w, "c", true);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i32(&w, 1);
	wire_wbuf_put_i16(&w, WIRE_KERR_INVALID_REPLICA_ASSIGNMENT);
	wire_wbuf_put_str(&w, "Replica 9 is not alive", true);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	arena_init(&a);
	const wire_alterreassign_resp *ar =
		decode_ok(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0, &w, &a);
	assert_int_equal(ar->throttle_ms, 7);
	assert_int_equal(ar->error_code, 0);
	assert_null(ar->error_message);
	assert_int_equal(ar->n_parts, 3);
	assert_string_equal(ar->parts[0].topic, "ab");
	assert_int_equal(ar->parts[0].partition, 0);
	assert_int_equal(ar->parts[0].error_code, 0);
	assert_null(ar->parts[0].error_message);
	assert_ptr_equal(ar->parts[1].topic, ar->parts[0].topic);
	assert_int_equal(ar->parts[1].partition, 2);
	assert_int_equal(ar->parts[1].error_code, 85);
	assert_string_equal(ar->parts[1].error_message, "No reassignment in progress");
	assert_string_equal(ar->parts[2].topic, "c");
	assert_int_equal(ar->parts[2].partition, 1);
	assert_int_equal(ar->parts[2].error_code, 39);
	assert_string_equal(ar->parts[2].error_message, "Replica 9 is not alive");
	arena_free(&a);
	assert_cuts_refused(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0, &w);

	/* the whole request refused: a top-level error and its message */
	wire_wbuf_reset(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i16(&w, WIRE_KERR_CLUSTER_AUTHORIZATION_FAILED);
	wire_wbuf_put_str(&w, "Cluster authorization failed.", true);
	wire_wbuf_put_array_len(&w, 0, true);
	wire_wbuf_put_no_tags(&w);
	arena_init(&a);
	ar = decode_ok(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0, &w, &a);
	assert_int_equal(ar->error_code, 31);
	assert_string_equal(ar->error_message, "Cluster authorization failed.");
	assert_int_equal(ar->n_parts, 0);
	assert_null(ar->parts);
	arena_free(&a);
	assert_cuts_refused(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0, &w);

	/* ListPartitionReassignments v0: t-0 moving from 1,2 to 2,3; t-4 with
	 * empty adding and removing lists */
	wire_wbuf_reset(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_str(&w, NULL, true);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_str(&w, "t", true);
	wire_wbuf_put_array_len(&w, 2, true);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_array_len(&w, 3, true);
	wire_wbuf_put_i32(&w, 1); wire_wbuf_put_i32(&w, 2); wire_wbuf_put_i32(&w, 3);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i32(&w, 3);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i32(&w, 1);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_i32(&w, 4);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_i32(&w, 2);
	wire_wbuf_put_array_len(&w, 0, true);
	wire_wbuf_put_array_len(&w, 0, true);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	arena_init(&a);
	const wire_listreassign_resp *lr =
		decode_ok(WIRE_API_LIST_PARTITION_REASSIGNMENTS, 0, &w, &a);
	assert_int_equal(lr->error_code, 0);
	assert_null(lr->error_message);
	assert_int_equal(lr->n_parts, 2);
	const wire_ongoing_reassign *o = &lr->parts[0];
	assert_string_equal(o->topic, "t");
	assert_int_equal(o->partition, 0);
	assert_int_equal(o->n_replicas, 3);
	assert_int_equal(o->replicas[2], 3);
	assert_int_equal(o->n_adding, 1);
	assert_int_equal(o->adding[0], 3);
	assert_int_equal(o->n_removing, 1);
	assert_int_equal(o->removing[0], 1);
	o = &lr->parts[1];
	assert_string_equal(o->topic, "t");
	assert_int_equal(o->partition, 4);
	assert_int_equal(o->n_replicas, 1);
	assert_int_equal(o->replicas[0], 2);
	assert_int_equal(o->n_adding, 0);
	assert_null(o->adding);
	assert_int_equal(o->n_removing, 0);
	arena_free(&a);
	assert_cuts_refused(WIRE_API_LIST_PARTITION_REASSIGNMENTS, 0, &w);

	/* a top-level error; the Replicas list is not nullable */
	wire_wbuf_reset(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i16(&w, WIRE_KERR_NOT_CONTROLLER);
	wire_wbuf_put_str(&w, "not the controller", true);
	wire_wbuf_put_array_len(&w, 0, true);
	wire_wbuf_put_no_tags(&w);
	arena_init(&a);
	lr = decode_ok(WIRE_API_LIST_PARTITION_REASSIGNMENTS, 0, &w, &a);
	assert_int_equal(lr->error_code, 41);
	assert_string_equal(lr->error_message, "not the controller");
	assert_int_equal(lr->n_parts, 0);
	arena_free(&a);
	static const uint8_t null_replicas[] = {
		0, 0, 0, 0, 0, 0, 0,            /* throttle, error, null message */
		2, 2, 't', 2, 0, 0, 0, 0,       /* t-0 */
		0, 1, 1, 0, 0, 0,               /* null replicas, [], [], tags x3 */
	};
	char err[256];
	void *out = NULL;
	arena_init(&a);
	assert_int_equal(wire_decode_any(WIRE_API_LIST_PARTITION_REASSIGNMENTS, null_replicas,
					 sizeof(null_replicas), 0, &a, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "null array where one is required"));
	assert_null(out);
	arena_free(&a);
	wire_wbuf_free(&w);
}

/* ElectLeaders v0 (no ErrorCode, classic), v1 (ErrorCode) and v2
 * (flexible) answers for the same elections. */
static void put_elect_answer(wire_wbuf *w, int16_t v, int16_t error_code)
{
	bool flex = v >= 2;
	wire_wbuf_put_i32(w, 3);
	if (v >= 1)
		wire_wbuf_put_i16(w, error_code);
	wire_wbuf_put_array_len(w, 2, flex);
	wire_wbuf_put_str(w, "orders", flex);
	wire_wbuf_put_array_len(w, 2, flex);
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_str(w, NULL, flex);
	if (flex)
		wire_wbuf_put_no_tags(w);
	wire_wbuf_put_i32(w, 1);
	wire_wbuf_put_i16(w, WIRE_KERR_ELECTION_NOT_NEEDED);
	wire_wbuf_put_str(w, "Leader election not needed for topic partition.", flex);
	if (flex) {
		wire_wbuf_put_no_tags(w);
		wire_wbuf_put_no_tags(w);
	}
	wire_wbuf_put_str(w, "gone", flex);
	wire_wbuf_put_array_len(w, 1, flex);
	wire_wbuf_put_i32(w, 7);
	wire_wbuf_put_i16(w, WIRE_KERR_UNKNOWN_TOPIC_OR_PARTITION);
	wire_wbuf_put_str(w, NULL, flex);
	if (flex) {
		wire_wbuf_put_no_tags(w);
		wire_wbuf_put_no_tags(w);
		wire_wbuf_put_no_tags(w);
	}
}

static void test_elect_answers(void **state)
{
	(void)state;
	char err[256];
	wire_wbuf w;
	kd_arena a;
	wire_wbuf_init(&w);
	for (int16_t v = 0; v <= 2; v++) {
		wire_wbuf_reset(&w);
		put_elect_answer(&w, v, v ? WIRE_KERR_CLUSTER_AUTHORIZATION_FAILED : 0);
		arena_init(&a);
		const wire_electleaders_resp *el = decode_ok(WIRE_API_ELECT_LEADERS, v, &w, &a);
		assert_int_equal(el->throttle_ms, 3);
		assert_int_equal(el->error_code, v ? 31 : 0);
		assert_int_equal(el->n_parts, 3);
		assert_string_equal(el->parts[0].topic, "orders");
		assert_int_equal(el->parts[0].partition, 0);
		assert_int_equal(el->parts[0].error_code, 0);
		assert_null(el->parts[0].error_message);
		assert_string_equal(el->parts[1].topic, "orders");
		assert_int_equal(el->parts[1].partition, 1);
		assert_int_equal(el->parts[1].error_code, 84);
		assert_string_equal(el->parts[1].error_message,
				    "Leader election not needed for topic partition.");
		assert_string_equal(el->parts[2].topic, "gone");
		assert_int_equal(el->parts[2].partition, 7);
		assert_int_equal(el->parts[2].error_code, 3);
		assert_null(el->parts[2].error_message);
		/* another version's layout does not line up */
		void *out = NULL;
		assert_int_equal(wire_decode_any(WIRE_API_ELECT_LEADERS, w.data, w.len,
						 (int16_t)((v + 1) % 3), &a, &out,
						 err, sizeof(err)), -1);
		assert_null(out);
		arena_free(&a);
		assert_cuts_refused(WIRE_API_ELECT_LEADERS, v, &w);
	}
	wire_wbuf_free(&w);
}

/* Forged counts: refused before anything of their size is allocated, at
 * every level of every answer. */
static void test_reassign_huge_counts(void **state)
{
	(void)state;
	static const struct {
		int16_t key, version;
		uint8_t body[32];
		size_t len;
		const char *why;
	} cases[] = {
		/* topics: compact count 2^31 - 2 */
		{ WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0,
		  { 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x07, 0 }, 13,
		  "array of 2147483646 elements cannot fit" },
		/* partitions of one topic */
		{ WIRE_API_ALTER_PARTITION_REASSIGNMENTS, 0,
		  { 0, 0, 0, 0, 0, 0, 0, 2, 2, 't', 0xff, 0xff, 0xff, 0xff, 0x07, 0, 0 }, 17,
		  "array of 2147483646 elements cannot fit" },
		/* the replicas of an ongoing reassignment */
		{ WIRE_API_LIST_PARTITION_REASSIGNMENTS, 0,
		  { 0, 0, 0, 0, 0, 0, 0, 2, 2, 't', 2, 0, 0, 0, 0,
		    0xff, 0xff, 0xff, 0xff, 0x07, 1, 1, 0, 0, 0 }, 25,
		  "array of 2147483646 elements cannot fit" },
		/* ElectLeaders v0: a classic int32 count */
		{ WIRE_API_ELECT_LEADERS, 0,
		  { 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff }, 8,
		  "array of 2147483647 elements cannot fit" },
		{ WIRE_API_ELECT_LEADERS, 1,
		  { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 't', 0x7f, 0xff, 0xff, 0xff }, 17,
		  "array of 2147483647 elements cannot fit" },
		/* a negative count other than null */
		{ WIRE_API_ELECT_LEADERS, 1,
		  { 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xfe }, 10,
		  "negative length -2" },
		{ WIRE_API_ELECT_LEADERS, 2,
		  { 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x1f, 0 }, 12,
		  "varint longer than 32 bits" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kd_arena a;
		char err[256];
		void *out = NULL;
		arena_init(&a);
		assert_int_equal(wire_decode_any(cases[i].key, cases[i].body, cases[i].len,
						 cases[i].version, &a, &out, err, sizeof(err)),
				 -1);
		assert_null(out);
		if (!strstr(err, cases[i].why))
			fail_msg("case %zu: %s", i, err);
		assert_true(a.used < 256);
		arena_free(&a);
	}

	/* Many minimal elements that do fit: decoded within the budget, each
	 * charged once (the count pass allocates nothing). */
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i32(&w, 0);
	wire_wbuf_put_i16(&w, 0);
	wire_wbuf_put_array_len(&w, 1, true);
	wire_wbuf_put_str(&w, "t", true);
	wire_wbuf_put_array_len(&w, 100000, true);
	for (int32_t p = 0; p < 100000; p++) {
		wire_wbuf_put_i32(&w, p);
		wire_wbuf_put_i16(&w, 0);
		wire_wbuf_put_str(&w, NULL, true);
		wire_wbuf_put_no_tags(&w);
	}
	wire_wbuf_put_no_tags(&w);
	wire_wbuf_put_no_tags(&w);
	kd_arena a;
	arena_init(&a);
	const wire_electleaders_resp *el = decode_ok(WIRE_API_ELECT_LEADERS, 2, &w, &a);
	assert_int_equal(el->n_parts, 100000);
	assert_int_equal(el->parts[99999].partition, 99999);
	assert_true(a.used < w.len * WIRE_DECODE_FACTOR);
	arena_free(&a);
	wire_wbuf_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_table),
		cmocka_unit_test(test_error_names),
		cmocka_unit_test(test_request_headers),
		cmocka_unit_test(test_response_headers),
		cmocka_unit_test(test_encoders_refuse),
		cmocka_unit_test(test_metadata_request_bytes),
		cmocka_unit_test(test_unknown_tags_skipped),
		cmocka_unit_test(test_apiversions_fallback),
		cmocka_unit_test(test_apiversions_features),
		cmocka_unit_test(test_topic_admin_answers),
		cmocka_unit_test(test_reassign_request_bytes),
		cmocka_unit_test(test_reassign_answers),
		cmocka_unit_test(test_elect_answers),
		cmocka_unit_test(test_reassign_huge_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
