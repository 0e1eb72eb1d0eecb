/*
 * kafka_sim.c: a simulated Kafka cluster of any size, for the scale
 * benchmarks and tests (bench/scale_bench.c, tests/integration/
 * test_scale_*.sh).  A test device: nothing of it is on kdeck's path.
 *
 *   kafka_sim [-n BROKERS] [-p PARTITIONS] [-g GROUPS] [-P PER_TOPIC]
 *             [-o BOOTSTRAP_FILE]
 *
 * One process, one thread, BROKERS listening sockets on 127.0.0.1 (ephemeral
 * ports); it writes the bootstrap string to BOOTSTRAP_FILE (or stdout) once
 * every socket listens, then serves until killed.  The cluster:
 *
 * - brokers 1..BROKERS in 3 racks (rack of broker b: (b - 1) % 3);
 * - topics sim.00000... of PER_TOPIC partitions (100) holding PARTITIONS
 *   partitions in all, plus __consumer_offsets (50 partitions); partition k
 *   (counted over all topics) has replicas (k + j) % BROKERS + 1 for
 *   j = 0..2 (RF 3, one replica per rack when BROKERS is a multiple of 3),
 *   led by the first; one partition in 1,000 has its last replica out of
 *   the ISR, 1,000 messages behind;
 * - offsets grow with time at 1..50 messages/s per partition, 100 bytes a
 *   message (DescribeLogDirs sizes follow);
 * - GROUPS consumer groups sim-g-00000..., Empty, each with committed
 *   offsets on 2 partitions (lagging 0..99 messages), coordinated by the
 *   leader of __consumer_offsets partition (g % 50): so from 50 groups up
 *   the number of coordinators does not change with the number of groups;
 * - a 3-voter KRaft quorum (brokers 1..3), no reassignment.
 *
 * It answers the requests kdeck's collector sends, at one or a few
 * versions each (advertised by ApiVersions; kdeck picks from them):
 * ApiVersions, Metadata v1-2, ListOffsets v1-5 (earliest, latest, and
 * replica id -2 for a replica's log end), DescribeLogDirs v4,
 * DescribeQuorum v1, ListGroups v4-5, OffsetFetch v8, DescribeConfigs v4,
 * ListPartitionReassignments v0.  Each answer follows its schema in
 * kafka-protocol's messages/ (the *Response.json files) (as src/demo_answer.c, whose
 * layout it shares); the Metadata answer is built once.  Anything else is
 * answered with an empty body, so the client fails to decode it and says
 * so: a missing request shows up, it is never silently faked.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "wire_buf.h"

enum {
	K_LIST_OFFSETS = 2, K_METADATA = 3, K_OFFSET_FETCH = 9, K_LIST_GROUPS = 16,
	K_API_VERSIONS = 18, K_DESCRIBE_CONFIGS = 32, K_DESCRIBE_LOG_DIRS = 35,
	K_DESCRIBE_QUORUM = 55, K_LIST_REASSIGN = 46,
};

static const struct {
	int16_t key, min, max;
} sim_apis[] = {
	{K_LIST_OFFSETS, 1, 5},
	{K_METADATA, 1, 2},
	{K_OFFSET_FETCH, 8, 8},
	{K_LIST_GROUPS, 4, 5},
	{K_API_VERSIONS, 0, 3},
	{K_DESCRIBE_CONFIGS, 4, 4},
	{K_DESCRIBE_LOG_DIRS, 4, 4},
	{K_DESCRIBE_QUORUM, 1, 1},
	{K_LIST_REASSIGN, 0, 0},
};
#define N_APIS (sizeof(sim_apis) / sizeof(sim_apis[0]))

#define OFFSETS_PARTS 50        /* __consumer_offsets */
#define GROUP_PARTS 2           /* partitions with offsets, per group */

/* The cluster: everything is a function of these and the clock. */
static int n_brokers = 60, n_parts = 200000, per_topic = 100, n_groups = 10000;
static int n_topics;            /* user topics; topic n_topics is __consumer_offsets */
static int *ports;              /* [broker id] */
static int64_t t0_ms;
static wire_wbuf metadata_v[3]; /* built once per version */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool flexible(int16_t key, int16_t v)
{
	switch (key) {
	case K_LIST_OFFSETS: return v >= 6;
	case K_METADATA: return v >= 9;
	case K_OFFSET_FETCH: return v >= 6;
	case K_LIST_GROUPS: return v >= 3;
	case K_API_VERSIONS: return v >= 3;
	case K_DESCRIBE_CONFIGS: return v >= 4;
	case K_DESCRIBE_LOG_DIRS: return v >= 2;
	case K_DESCRIBE_QUORUM: return true;
	case K_LIST_REASSIGN: return true;
	default: return false;
	}
}

static void tags(wire_wbuf *w, bool flex)
{
	if (flex)
		wire_wbuf_put_no_tags(w);
}

/* ---- the model ---------------------------------------------------------- */

static int topic_parts(int t)
{
	if (t == n_topics)
		return OFFSETS_PARTS;
	int left = n_parts - t * per_topic;
	return left < per_topic ? left : per_topic;
}

static void topic_name(int t, char *buf, size_t n)
{
	if (t == n_topics)
		snprintf(buf, n, "__consumer_offsets");
	else
		snprintf(buf, n, "sim.%05d", t);
}

/* The topic index of a name, or -1. */
static int topic_index(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "__consumer_offsets"))
		return n_topics;
	if (strncmp(name, "sim.", 4) || strlen(name) != 9)
		return -1;
	char *end;
	long t = strtol(name + 4, &end, 10);
	return *end || t < 0 || t >= n_topics ? -1 : (int)t;
}

/* The global number of partition p of topic t. */
static int64_t part_key(int t, int p)
{
	return t == n_topics ? (int64_t)n_parts + p : (int64_t)t * per_topic + p;
}

static int replica(int64_t k, int j)
{
	return (int)((k + j) % n_brokers) + 1;
}

static int rf(void)
{
	return n_brokers < 3 ? n_brokers : 3;
}

/* Which replica (0..rf-1) broker b is of partition k, or -1. */
static int replica_of(int64_t k, int b)
{
	for (int j = 0; j < rf(); j++)
		if (replica(k, j) == b)
			return j;
	return -1;
}

static bool lagging(int64_t k, int j)
{
	return k % 1000 == 7 && j == rf() - 1 && j > 0;
}

static int64_t high_watermark(int64_t k)
{
	double s = (double)(now_ms() - t0_ms) / 1000.0;
	return (k * 7919) % 100000 + (int64_t)(s * (double)(k % 50 + 1));
}

static int64_t low_watermark(int64_t k)
{
	return ((k * 7919) % 100000) / 2;
}

static int64_t log_end(int64_t k, int j)
{
	int64_t hw = high_watermark(k);
	return lagging(k, j) && hw >= 1000 ? hw - 1000 : hw;
}

static int coordinator(int g)
{
	return replica(part_key(n_topics, g % OFFSETS_PARTS), 0);
}

/* ---- answers ------------------------------------------------------------ */

static void answer_apiversions(int16_t v, wire_wbuf *w)
{
	bool flex = v >= 3;
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_array_len(w, (int32_t)N_APIS, flex);
	for (size_t i = 0; i < N_APIS; i++) {
		wire_wbuf_put_i16(w, sim_apis[i].key);
		wire_wbuf_put_i16(w, sim_apis[i].min);
		wire_wbuf_put_i16(w, sim_apis[i].max);
		tags(w, flex);
	}
	if (v >= 1)
		wire_wbuf_put_i32(w, 0);
	tags(w, flex);
}

/* Metadata v1/v2, every topic (the request is not read: kdeck asks for
 * all of them). */
static void build_metadata(int16_t v, wire_wbuf *w)
{
	char name[32];
	wire_wbuf_put_array_len(w, n_brokers, false);
	for (int b = 1; b <= n_brokers; b++) {
		char rack[16];
		snprintf(rack, sizeof(rack), "rack-%c", 'a' + (b - 1) % 3);
		wire_wbuf_put_i32(w, b);
		wire_wbuf_put_str(w, "127.0.0.1", false);
		wire_wbuf_put_i32(w, ports[b]);
		wire_wbuf_put_str(w, rack, false);
	}
	if (v >= 2)
		wire_wbuf_put_str(w, "kdeck-sim-cluster", false);
	wire_wbuf_put_i32(w, 1);
	wire_wbuf_put_array_len(w, n_topics + 1, false);
	for (int t = 0; t <= n_topics; t++) {
		topic_name(t, name, sizeof(name));
		wire_wbuf_put_i16(w, 0);
		wire_wbuf_put_str(w, name, false);
		wire_wbuf_put_bool(w, t == n_topics);
		int np = topic_parts(t);
		wire_wbuf_put_array_len(w, np, false);
		for (int p = 0; p < np; p++) {
			int64_t k = part_key(t, p);
			wire_wbuf_put_i16(w, 0);
			wire_wbuf_put_i32(w, p);
			wire_wbuf_put_i32(w, replica(k, 0));
			wire_wbuf_put_array_len(w, rf(), false);
			for (int j = 0; j < rf(); j++)
				wire_wbuf_put_i32(w, replica(k, j));
			int in = 0;
			for (int j = 0; j < rf(); j++)
				in += !lagging(k, j);
			wire_wbuf_put_array_len(w, in, false);
			for (int j = 0; j < rf(); j++)
				if (!lagging(k, j))
					wire_wbuf_put_i32(w, replica(k, j));
		}
	}
}

/* ListOffsets v1-5: latest (-1) and earliest (-2) from the leader, a
 * replica's log end with replica id -2 (kdeck's replica lag). */
static int answer_listoffsets(int broker, int16_t v, wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	bool flex = flexible(K_LIST_OFFSETS, v);
	int32_t replica_id = wire_rbuf_i32(r);
	if (v >= 2)
		(void)wire_rbuf_i8(r);
	int32_t nt = wire_rbuf_array_len(r, flex, false, 3);
	if (r->failed)
		return -1;
	if (v >= 2)
		wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, nt, flex);
	for (int32_t i = 0; i < nt && !r->failed; i++) {
		const char *name = wire_rbuf_str(r, a, flex, false);
		int32_t np = wire_rbuf_array_len(r, flex, false, 12);
		int t = topic_index(name);
		wire_wbuf_put_str(w, name ? name : "", flex);
		wire_wbuf_put_array_len(w, np < 0 ? 0 : np, flex);
		for (int32_t j = 0; j < np && !r->failed; j++) {
			int32_t part = wire_rbuf_i32(r);
			if (v >= 4)
				(void)wire_rbuf_i32(r);
			int64_t ts = wire_rbuf_i64(r);
			if (flex)
				wire_rbuf_tags(r, NULL, NULL);
			bool known = t >= 0 && part >= 0 && part < topic_parts(t);
			int64_t k = known ? part_key(t, part) : 0;
			int rep = known ? replica_of(k, broker) : -1;
			int16_t ec = !known ? 3 : rep < 0 || (replica_id != -2 && rep != 0) ? 6 : 0;
			int64_t off = ec ? -1 : replica_id == -2 ? log_end(k, rep)
				: ts == -2 ? low_watermark(k) : high_watermark(k);
			wire_wbuf_put_i32(w, part);
			wire_wbuf_put_i16(w, ec);
			wire_wbuf_put_i64(w, -1);
			wire_wbuf_put_i64(w, off);
			if (v >= 4)
				wire_wbuf_put_i32(w, ec ? -1 : 0);
			tags(w, flex);
		}
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
		tags(w, flex);
	}
	tags(w, flex);
	return r->failed ? -1 : 1;
}

/* DescribeLogDirs v4: one log dir holding every replica of the broker. */
static int answer_logdirs(int broker, wire_wbuf *w)
{
	char name[32];
	int64_t total = 0;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_str(w, "/var/lib/kafka/data", true);
	int nt = 0;
	for (int t = 0; t <= n_topics; t++)
		for (int p = 0; p < topic_parts(t); p++)
			if (replica_of(part_key(t, p), broker) >= 0) {
				nt++;
				break;
			}
	wire_wbuf_put_array_len(w, nt, true);
	for (int t = 0; t <= n_topics; t++) {
		int np = 0;
		for (int p = 0; p < topic_parts(t); p++)
			np += replica_of(part_key(t, p), broker) >= 0;
		if (!np)
			continue;
		topic_name(t, name, sizeof(name));
		wire_wbuf_put_str(w, name, true);
		wire_wbuf_put_array_len(w, np, true);
		for (int p = 0; p < topic_parts(t); p++) {
			int64_t k = part_key(t, p);
			int j = replica_of(k, broker);
			if (j < 0)
				continue;
			int64_t size = (log_end(k, j) - low_watermark(k)) * 100;
			total += size;
			wire_wbuf_put_i32(w, p);
			wire_wbuf_put_i64(w, size);
			wire_wbuf_put_i64(w, 0);
			wire_wbuf_put_bool(w, false);
			tags(w, true);
		}
		tags(w, true);
	}
	wire_wbuf_put_i64(w, (int64_t)4000 << 30);              /* 4 TiB disks */
	wire_wbuf_put_i64(w, ((int64_t)3000 << 30) - total);
	tags(w, true);
	tags(w, true);
	return 1;
}

/* DescribeQuorum v1: voters 1..3 (combined mode), all caught up. */
static int answer_quorum(wire_wbuf *w)
{
	int64_t leo = 1000 + (now_ms() - t0_ms) / 500;
	int64_t now = (int64_t)time(NULL) * 1000;
	int voters = n_brokers < 3 ? n_brokers : 3;
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_str(w, "__cluster_metadata", true);
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_i32(w, 1);
	wire_wbuf_put_i32(w, 1);
	wire_wbuf_put_i64(w, leo);
	wire_wbuf_put_array_len(w, voters, true);
	for (int b = 1; b <= voters; b++) {
		wire_wbuf_put_i32(w, b);
		wire_wbuf_put_i64(w, leo);
		wire_wbuf_put_i64(w, now);
		wire_wbuf_put_i64(w, now);
		tags(w, true);
	}
	wire_wbuf_put_array_len(w, 0, true);
	tags(w, true);
	tags(w, true);
	tags(w, true);
	return 1;
}

static void group_name(int g, char *buf, size_t n)
{
	snprintf(buf, n, "sim-g-%05d", g);
}

/* The group of a name, or -1. */
static int group_index(const char *id)
{
	if (!id || strncmp(id, "sim-g-", 6))
		return -1;
	char *end;
	long g = strtol(id + 6, &end, 10);
	return *end || g < 0 || g >= n_groups ? -1 : (int)g;
}

/* The user topic a group reads (it has offsets on its partitions 0, 1). */
static int group_topic(int g)
{
	return n_topics ? g % n_topics : 0;
}

static int answer_listgroups(int broker, int16_t v, wire_wbuf *w)
{
	bool flex = flexible(K_LIST_GROUPS, v);
	char id[32];
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	int n = 0;
	for (int g = 0; g < n_groups; g++)
		n += coordinator(g) == broker;
	wire_wbuf_put_array_len(w, n, flex);
	for (int g = 0; g < n_groups; g++) {
		if (coordinator(g) != broker)
			continue;
		group_name(g, id, sizeof(id));
		wire_wbuf_put_str(w, id, flex);
		wire_wbuf_put_str(w, "consumer", flex);
		wire_wbuf_put_str(w, "Empty", flex);
		if (v >= 5)
			wire_wbuf_put_str(w, "classic", flex);
		tags(w, flex);
	}
	tags(w, flex);
	return 1;
}

static void put_committed(wire_wbuf *w, int g, int32_t p)
{
	int64_t k = part_key(group_topic(g), p);
	int64_t off = high_watermark(k) - g % 100;
	wire_wbuf_put_i32(w, p);
	wire_wbuf_put_i64(w, off < 0 ? 0 : off);
	wire_wbuf_put_i32(w, -1);
	wire_wbuf_put_str(w, "", true);
	wire_wbuf_put_i16(w, 0);
	tags(w, true);
}

/* OffsetFetch v8: groups, each with its topics (null: all of them). */
static int answer_offsetfetch(wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	char name[32];
	int32_t n = wire_rbuf_array_len(r, true, false, 2);
	if (r->failed)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, n, true);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		const char *id = wire_rbuf_str(r, a, true, false);
		int32_t nt = wire_rbuf_array_len(r, true, true, 2);
		int g = group_index(id);
		int gparts = g < 0 || !n_topics ? 0 : topic_parts(group_topic(g));
		if (gparts > GROUP_PARTS)
			gparts = GROUP_PARTS;
		wire_wbuf_put_str(w, id ? id : "", true);
		if (nt < 0) {
			wire_wbuf_put_array_len(w, gparts ? 1 : 0, true);
			if (gparts) {
				topic_name(group_topic(g), name, sizeof(name));
				wire_wbuf_put_str(w, name, true);
				wire_wbuf_put_array_len(w, gparts, true);
				for (int p = 0; p < gparts; p++)
					put_committed(w, g, p);
				tags(w, true);
			}
		} else {
			wire_wbuf_put_array_len(w, nt, true);
			for (int32_t t = 0; t < nt && !r->failed; t++) {
				const char *topic = wire_rbuf_str(r, a, true, false);
				int32_t np = wire_rbuf_array_len(r, true, false, 4);
				bool mine = gparts && topic_index(topic) == group_topic(g);
				wire_wbuf_put_str(w, topic ? topic : "", true);
				wire_wbuf_put_array_len(w, np < 0 ? 0 : np, true);
				for (int32_t j = 0; j < np && !r->failed; j++) {
					int32_t p = wire_rbuf_i32(r);
					if (mine && p >= 0 && p < gparts) {
						put_committed(w, g, p);
						continue;
					}
					wire_wbuf_put_i32(w, p);
					wire_wbuf_put_i64(w, -1);
					wire_wbuf_put_i32(w, -1);
					wire_wbuf_put_str(w, "", true);
					wire_wbuf_put_i16(w, 0);
					tags(w, true);
				}
				wire_rbuf_tags(r, NULL, NULL);
				tags(w, true);
			}
		}
		wire_rbuf_tags(r, NULL, NULL);
		wire_wbuf_put_i16(w, 0);
		tags(w, true);
	}
	tags(w, true);
	return r->failed ? -1 : 1;
}

static void put_config(wire_wbuf *w, const char *name, const char *value, int8_t source)
{
	wire_wbuf_put_str(w, name, true);
	wire_wbuf_put_str(w, value, true);
	wire_wbuf_put_bool(w, false);
	wire_wbuf_put_i8(w, source);
	wire_wbuf_put_bool(w, false);
	wire_wbuf_put_array_len(w, 0, true);
	wire_wbuf_put_i8(w, 0);
	wire_wbuf_put_str(w, NULL, true);
	tags(w, true);
}

static bool wanted(const char *const *keys, int32_t n, const char *name)
{
	if (n < 0)
		return true;
	for (int32_t i = 0; i < n; i++)
		if (keys[i] && !strcmp(keys[i], name))
			return true;
	return false;
}

/* DescribeConfigs v4: topics' min.insync.replicas 2, brokers' defaults. */
static int answer_describeconfigs(wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	static const char *const topic_cfg[][2] = {
		{"min.insync.replicas", "2"}, {"cleanup.policy", "delete"},
		{"retention.ms", "604800000"},
	};
	static const char *const broker_cfg[][2] = {
		{"log.retention.hours", "168"}, {"num.partitions", "3"},
		{"default.replication.factor", "3"}, {"min.insync.replicas", "2"},
	};
	int32_t n = wire_rbuf_array_len(r, true, false, 3);
	if (r->failed)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, n, true);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		int8_t type = wire_rbuf_i8(r);
		const char *name = wire_rbuf_str(r, a, true, false);
		int32_t nk = wire_rbuf_array_len(r, true, true, 1);
		const char **keys = nk > 0 ? arena_calloc(a, (size_t)nk, sizeof(*keys)) : NULL;
		for (int32_t k = 0; k < nk && !r->failed; k++)
			keys[k] = wire_rbuf_str(r, a, true, false);
		wire_rbuf_tags(r, NULL, NULL);
		if (r->failed)
			break;
		bool topic = type == 2;
		bool known = type == 4 || (topic && topic_index(name) >= 0);
		wire_wbuf_put_i16(w, known ? 0 : 3);
		wire_wbuf_put_str(w, NULL, true);
		wire_wbuf_put_i8(w, type);
		wire_wbuf_put_str(w, name ? name : "", true);
		const char *const (*cfg)[2] = topic ? topic_cfg : broker_cfg;
		int ncfg = topic ? 3 : 4, cnt = 0;
		if (!known)
			ncfg = 0;
		for (int k = 0; k < ncfg; k++)
			cnt += wanted(keys, nk, cfg[k][0]);
		wire_wbuf_put_array_len(w, cnt, true);
		for (int k = 0; k < ncfg; k++)
			if (wanted(keys, nk, cfg[k][0]))
				put_config(w, cfg[k][0], cfg[k][1], topic ? 5 : 4);
		tags(w, true);
	}
	tags(w, true);
	return r->failed ? -1 : 1;
}

/* One request's answer body into w; 0 when it is not one of ours. */
static int answer(int broker, int16_t key, int16_t v, const uint8_t *body, size_t len,
		  wire_wbuf *w)
{
	kd_arena a;
	wire_rbuf r;
	int rc = 0;
	bool ours = false;
	for (size_t i = 0; i < N_APIS; i++)
		if (sim_apis[i].key == key)
			ours = v >= sim_apis[i].min && v <= sim_apis[i].max;
	if (!ours && key != K_API_VERSIONS)
		return 0;
	arena_init(&a);
	wire_rbuf_init(&r, body, len);
	switch (key) {
	case K_API_VERSIONS:
		/* a version we do not speak: v0 form, UNSUPPORTED_VERSION */
		if (!ours) {
			wire_wbuf_put_i16(w, 35);
			wire_wbuf_put_array_len(w, 1, false);
			wire_wbuf_put_i16(w, K_API_VERSIONS);
			wire_wbuf_put_i16(w, 0);
			wire_wbuf_put_i16(w, 3);
		} else {
			answer_apiversions(v, w);
		}
		rc = 1;
		break;
	case K_METADATA:
		if (!metadata_v[v].len)
			build_metadata(v, &metadata_v[v]);
		wire_wbuf_put_raw(w, metadata_v[v].data, metadata_v[v].len);
		rc = 1;
		break;
	case K_LIST_OFFSETS: rc = answer_listoffsets(broker, v, &r, &a, w); break;
	case K_DESCRIBE_LOG_DIRS: rc = answer_logdirs(broker, w); break;
	case K_DESCRIBE_QUORUM: rc = answer_quorum(w); break;
	case K_LIST_GROUPS: rc = answer_listgroups(broker, v, w); break;
	case K_OFFSET_FETCH: rc = answer_offsetfetch(&r, &a, w); break;
	case K_DESCRIBE_CONFIGS: rc = answer_describeconfigs(&r, &a, w); break;
	case K_LIST_REASSIGN:
		wire_wbuf_put_i32(w, 0);
		wire_wbuf_put_i16(w, 0);
		wire_wbuf_put_str(w, NULL, true);
		wire_wbuf_put_array_len(w, 0, true);
		tags(w, true);
		rc = 1;
		break;
	default: break;
	}
	arena_free(&a);
	return rc > 0;
}

/* ---- the network -------------------------------------------------------- */

typedef struct conn {
	int fd;
	int broker;
	uint8_t *in;
	size_t in_len, in_cap;
	wire_wbuf out;
	size_t out_off;
} conn;

static conn *conns;
static int n_conns, cap_conns;

static void conn_close(int i)
{
	close(conns[i].fd);
	free(conns[i].in);
	wire_wbuf_free(&conns[i].out);
	conns[i] = conns[--n_conns];
}

/* Answer every whole request in c's input. */
static void conn_serve(conn *c)
{
	size_t off = 0;
	wire_wbuf body;
	wire_wbuf_init(&body);
	while (c->in_len - off >= 4) {
		const uint8_t *f = c->in + off;
		uint32_t size = (uint32_t)f[0] << 24 | (uint32_t)f[1] << 16 |
				(uint32_t)f[2] << 8 | f[3];
		if (c->in_len - off - 4 < size)
			break;
		wire_rbuf r;
		wire_rbuf_init(&r, f + 4, size);
		int16_t key = wire_rbuf_i16(&r), v = wire_rbuf_i16(&r);
		int32_t corr = wire_rbuf_i32(&r);
		int16_t idlen = wire_rbuf_i16(&r);
		if (idlen > 0)
			wire_rbuf_skip(&r, (size_t)idlen);
		if (flexible(key, v))
			wire_rbuf_tags(&r, NULL, NULL);
		off += 4 + size;
		if (r.failed)
			continue;
		wire_wbuf_reset(&body);
		if (!answer(c->broker, key, v, r.p + r.off, r.len - r.off, &body)) {
			fprintf(stderr, "kafka_sim: broker %d: no answer for api %d v%d\n",
				c->broker, key, v);
			body.len = 0;
		}
		bool flex_hdr = key != K_API_VERSIONS && flexible(key, v);
		wire_wbuf_put_i32(&c->out, (int32_t)(4 + flex_hdr + body.len));
		wire_wbuf_put_i32(&c->out, corr);
		if (flex_hdr)
			wire_wbuf_put_no_tags(&c->out);
		wire_wbuf_put_raw(&c->out, body.data, body.len);
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	wire_wbuf_free(&body);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	const char *out_file = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "n:p:g:P:o:")) != -1) {
		switch (opt) {
		case 'n': n_brokers = atoi(optarg); break;
		case 'p': n_parts = atoi(optarg); break;
		case 'g': n_groups = atoi(optarg); break;
		case 'P': per_topic = atoi(optarg); break;
		case 'o': out_file = optarg; break;
		default:
			fprintf(stderr, "usage: kafka_sim [-n BROKERS] [-p PARTITIONS] [-g GROUPS] "
				"[-P PER_TOPIC] [-o BOOTSTRAP_FILE]\n");
			return 2;
		}
	}
	if (n_brokers < 1 || n_brokers > 1000 || n_parts < 0 || per_topic < 1 || n_groups < 0) {
		fprintf(stderr, "kafka_sim: bad sizes\n");
		return 2;
	}
	n_topics = (n_parts + per_topic - 1) / per_topic;
	t0_ms = now_ms() - 600000;      /* offsets as after ten minutes */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	for (int i = 0; i < 3; i++)
		wire_wbuf_init(&metadata_v[i]);

	ports = calloc((size_t)n_brokers + 1, sizeof(*ports));
	struct pollfd *pfd = NULL;
	int *lfd = calloc((size_t)n_brokers + 1, sizeof(*lfd));
	if (!ports || !lfd)
		return 1;
	for (int b = 1; b <= n_brokers; b++) {
		struct sockaddr_in sa = { .sin_family = AF_INET };
		socklen_t sl = sizeof(sa);
		int one = 1;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		lfd[b] = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(lfd[b], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (lfd[b] < 0 || bind(lfd[b], (struct sockaddr *)&sa, sizeof(sa)) ||
		    listen(lfd[b], 16) || getsockname(lfd[b], (struct sockaddr *)&sa, &sl)) {
			perror("kafka_sim: listen");
			return 1;
		}
		fcntl(lfd[b], F_SETFL, O_NONBLOCK);
		ports[b] = ntohs(sa.sin_port);
	}
	FILE *f = stdout;
	char tmp[4096];
	if (out_file) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", out_file);
		f = fopen(tmp, "w");
	}
	if (!f) {
		perror("kafka_sim: bootstrap file");
		return 1;
	}
	fprintf(f, "127.0.0.1:%d\n", ports[1]);
	if (out_file)
		fclose(f);
	else
		fflush(f);
	if (out_file && rename(tmp, out_file)) {
		perror("kafka_sim: bootstrap file");
		return 1;
	}
	fprintf(stderr, "kafka_sim: %d brokers, %d partitions in %d topics (+%d), %d groups\n",
		n_brokers, n_parts, n_topics, OFFSETS_PARTS, n_groups);

	while (!stop) {
		int n = n_brokers + n_conns;
		pfd = realloc(pfd, (size_t)n * sizeof(*pfd));
		for (int b = 1; b <= n_brokers; b++)
			pfd[b - 1] = (struct pollfd){ lfd[b], POLLIN, 0 };
		for (int i = 0; i < n_conns; i++) {
			short ev = POLLIN;
			if (conns[i].out.len > conns[i].out_off)
				ev |= POLLOUT;
			pfd[n_brokers + i] = (struct pollfd){ conns[i].fd, ev, 0 };
		}
		if (poll(pfd, (nfds_t)n, 1000) < 0) {
			if (errno == EINTR)
				continue;
			perror("kafka_sim: poll");
			return 1;
		}
		/* connections first: accepting changes conns[] */
		for (int i = n_conns - 1; i >= 0; i--) {
			conn *c = &conns[i];
			short re = pfd[n_brokers + i].revents;
			bool dead = false;
			if (re & (POLLIN | POLLHUP | POLLERR)) {
				if (c->in_cap - c->in_len < 65536) {
					c->in_cap = c->in_cap * 2 + 65536;
					c->in = realloc(c->in, c->in_cap);
				}
				ssize_t got = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
				if (got > 0) {
					c->in_len += (size_t)got;
					conn_serve(c);
				} else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
					dead = true;
				}
			}
			if (!dead && c->out.len > c->out_off) {
				ssize_t put = write(c->fd, c->out.data + c->out_off,
						    c->out.len - c->out_off);
				if (put > 0)
					c->out_off += (size_t)put;
				else if (put < 0 && errno != EAGAIN && errno != EINTR)
					dead = true;
				if (c->out_off == c->out.len) {
					wire_wbuf_reset(&c->out);
					c->out_off = 0;
				}
			}
			if (dead)
				conn_close(i);
		}
		for (int b = 1; b <= n_brokers; b++) {
			if (!(pfd[b - 1].revents & POLLIN))
				continue;
			int fd = accept(lfd[b], NULL, NULL);
			if (fd < 0)
				continue;
			int one = 1;
			fcntl(fd, F_SETFL, O_NONBLOCK);
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			if (n_conns == cap_conns) {
				cap_conns = cap_conns * 2 + 64;
				conns = realloc(conns, (size_t)cap_conns * sizeof(*conns));
			}
			conns[n_conns] = (conn){ .fd = fd, .broker = b };
			wire_wbuf_init(&conns[n_conns].out);
			n_conns++;
		}
	}
	while (n_conns)
		conn_close(n_conns - 1);
	for (int i = 0; i < 3; i++)
		wire_wbuf_free(&metadata_v[i]);
	free(pfd);
	free(lfd);
	free(ports);
	return 0;
}
