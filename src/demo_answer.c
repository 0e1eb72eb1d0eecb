/* demo_answer.c: see demo_answer.h.  Each answer follows its schema in
 * kafka-protocol's messages/...Response.json, at the versions advertised in
 * demo_own[] (the ones kdeck's collector asks for). */
#include "config.h"

#include "demo_answer.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "wire_msgs.h"

enum {
	K_LIST_OFFSETS = 2, K_METADATA = 3, K_OFFSET_COMMIT = 8, K_OFFSET_FETCH = 9,
	K_DESCRIBE_GROUPS = 15, K_LIST_GROUPS = 16, K_API_VERSIONS = 18,
	K_CREATE_TOPICS = 19, K_DESCRIBE_CONFIGS = 32, K_DESCRIBE_LOG_DIRS = 35,
	K_DESCRIBE_QUORUM = 55, K_CG_DESCRIBE = 69, K_LIST_REASSIGN = 46,
};

/* Kafka error codes used here */
enum {
	E_UNKNOWN_TOPIC = 3, E_NOT_LEADER = 6, E_UNKNOWN_MEMBER = 25,
	E_TOPIC_EXISTS = 36, E_INVALID_PARTITIONS = 37, E_INVALID_RF = 38,
	E_GROUP_NOT_FOUND = 69,
};

/* What the proxies add to the mock's ApiVersions: request, versions. */
static const struct {
	int16_t key, min, max;
} demo_own[] = {
	{K_OFFSET_COMMIT, 8, 8},
	{K_OFFSET_FETCH, 8, 8},
	{K_DESCRIBE_GROUPS, 0, 5},
	{K_LIST_GROUPS, 0, 5},
	{K_CREATE_TOPICS, 5, 5},
	{K_DESCRIBE_CONFIGS, 4, 4},
	{K_DESCRIBE_LOG_DIRS, 4, 4},
	{K_DESCRIBE_QUORUM, 1, 1},
	{K_CG_DESCRIBE, 0, 0},
	{K_LIST_REASSIGN, 0, 0},
};
#define N_OWN (sizeof(demo_own) / sizeof(demo_own[0]))
/* The mock writes Metadata up to v2 correctly; the rewrite reads v0..v2. */
#define METADATA_MAX 2

static bool flexible(int16_t key, int16_t v)
{
	switch (key) {
	case K_LIST_OFFSETS: return v >= 6;
	case K_METADATA: return v >= 9;
	case K_OFFSET_COMMIT: return v >= 8;
	case K_OFFSET_FETCH: return v >= 6;
	case K_DESCRIBE_GROUPS: return v >= 5;
	case K_LIST_GROUPS: return v >= 3;
	case K_CREATE_TOPICS: return v >= 5;
	case K_DESCRIBE_CONFIGS: return v >= 4;
	case K_DESCRIBE_LOG_DIRS: return v >= 2;
	case K_DESCRIBE_QUORUM: return true;
	case K_CG_DESCRIBE: return true;
	case K_LIST_REASSIGN: return true;
	default: return false;
	}
}

int demo_answer_flex_header(int16_t key, int16_t version)
{
	return key != K_API_VERSIONS && flexible(key, version);
}

static void tags(wire_wbuf *w, bool flex)
{
	if (flex)
		wire_wbuf_put_no_tags(w);
}

/* ---- ListOffsets with replica id -2: every replica's log end ------------- */

static int answer_listoffsets(const demo_answer_ctx *c, int broker, int16_t v, wire_rbuf *r,
			      kd_arena *a, wire_wbuf *w)
{
	bool flex = flexible(K_LIST_OFFSETS, v);
	if (wire_rbuf_i32(r) != -2 || v < 1)
		return 0;       /* consumers' and kdeck's watermarks: the mock's */
	if (v >= 2)
		(void)wire_rbuf_i8(r);
	int32_t nt = wire_rbuf_array_len(r, flex, false, 3);
	if (r->failed)
		return 0;
	if (v >= 2)
		wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, nt, flex);
	demo_model_lock(c->model);
	for (int32_t i = 0; i < nt && !r->failed; i++) {
		const char *name = wire_rbuf_str(r, a, flex, false);
		int32_t np = wire_rbuf_array_len(r, flex, false, 12);
		wire_wbuf_put_str(w, name ? name : "", flex);
		wire_wbuf_put_array_len(w, np < 0 ? 0 : np, flex);
		for (int32_t j = 0; j < np && !r->failed; j++) {
			int32_t part = wire_rbuf_i32(r);
			if (v >= 4)
				(void)wire_rbuf_i32(r);
			(void)wire_rbuf_i64(r);
			if (flex)
				wire_rbuf_tags(r, NULL, NULL);
			dm_partition *p = name ? demo_model_partition(c->model, name, part) : NULL;
			int16_t ec = !p ? E_UNKNOWN_TOPIC
				: !demo_model_hosts(p, broker) ? E_NOT_LEADER : 0;
			wire_wbuf_put_i32(w, part);
			wire_wbuf_put_i16(w, ec);
			wire_wbuf_put_i64(w, -1);
			wire_wbuf_put_i64(w, ec ? -1 : broker == p->leader ? p->hw : p->leo[broker]);
			if (v >= 4)
				wire_wbuf_put_i32(w, ec ? -1 : 0);
			tags(w, flex);
		}
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
		tags(w, flex);
	}
	demo_model_unlock(c->model);
	tags(w, flex);
	return r->failed ? -1 : 1;
}

/* ---- DescribeLogDirs v4: one log dir with every replica of the broker ---- */

static int answer_logdirs(const demo_answer_ctx *c, int broker, wire_wbuf *w)
{
	demo_model *m = c->model;
	int64_t total = 0;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_str(w, "/var/lib/kafka/data", true);
	demo_model_lock(m);
	int nt = 0;
	for (int t = 0; t < m->n_topics; t++)
		for (int i = 0; i < m->topics[t].n_parts; i++)
			if (demo_model_hosts(&m->topics[t].parts[i], broker)) {
				nt++;
				break;
			}
	wire_wbuf_put_array_len(w, nt, true);
	for (int t = 0; t < m->n_topics; t++) {
		const dm_topic *mt = &m->topics[t];
		int np = 0;
		for (int i = 0; i < mt->n_parts; i++)
			np += demo_model_hosts(&mt->parts[i], broker);
		if (!np)
			continue;
		wire_wbuf_put_str(w, mt->name, true);
		wire_wbuf_put_array_len(w, np, true);
		for (int i = 0; i < mt->n_parts; i++) {
			const dm_partition *p = &mt->parts[i];
			if (!demo_model_hosts(p, broker))
				continue;
			/* a follower holds what it fetched: the leader's bytes
			 * in proportion (records are alike in size) */
			int64_t leo = broker == p->leader ? p->hw : p->leo[broker];
			int64_t size = p->hw > 0 ? (int64_t)((double)p->bytes * (double)leo / (double)p->hw)
						 : 0;
			total += size;
			wire_wbuf_put_i32(w, p->id);
			wire_wbuf_put_i64(w, size);
			wire_wbuf_put_i64(w, 0);
			wire_wbuf_put_bool(w, false);
			tags(w, true);
		}
		tags(w, true);
	}
	demo_model_unlock(m);
	wire_wbuf_put_i64(w, (int64_t)500 << 30);               /* 500 GiB disks */
	wire_wbuf_put_i64(w, ((int64_t)430 << 30) - total);
	tags(w, true);
	tags(w, true);
	return 1;
}

/* ---- DescribeQuorum v1: three voters, combined mode -------------------- */

static void put_voter(wire_wbuf *w, const demo_model *m, int b)
{
	wire_wbuf_put_i32(w, b);
	wire_wbuf_put_i64(w, m->quorum_leo[b]);
	wire_wbuf_put_i64(w, m->quorum_fetch_ms[b]);
	wire_wbuf_put_i64(w, m->quorum_fetch_ms[b]);
	tags(w, true);
}

static int answer_quorum(const demo_answer_ctx *c, wire_wbuf *w)
{
	demo_model *m = c->model;
	demo_model_lock(m);
	int leader = m->quorum_leader;
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_str(w, "__cluster_metadata", true);
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_i32(w, leader);
	wire_wbuf_put_i32(w, m->quorum_epoch);
	wire_wbuf_put_i64(w, m->quorum_leo[leader]);
	wire_wbuf_put_array_len(w, DM_BROKERS, true);
	for (int b = 1; b <= DM_BROKERS; b++)
		put_voter(w, m, b);
	wire_wbuf_put_array_len(w, 0, true);
	demo_model_unlock(m);
	tags(w, true);
	tags(w, true);
	tags(w, true);
	return 1;
}

/* ---- groups ------------------------------------------------------------- */

static int answer_listgroups(const demo_answer_ctx *c, int broker, int16_t v, wire_wbuf *w)
{
	demo_model *m = c->model;
	bool flex = flexible(K_LIST_GROUPS, v);
	if (v >= 1)
		wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	demo_model_lock(m);
	int n = 0;
	for (int i = 0; i < m->n_groups; i++)
		n += demo_model_coordinator(m, &m->groups[i]) == broker;
	wire_wbuf_put_array_len(w, n, flex);
	for (int i = 0; i < m->n_groups; i++) {
		const dm_group *g = &m->groups[i];
		if (demo_model_coordinator(m, g) != broker)
			continue;
		wire_wbuf_put_str(w, g->id, flex);
		wire_wbuf_put_str(w, "consumer", flex);
		if (v >= 4)
			wire_wbuf_put_str(w, demo_model_group_state(g), flex);
		if (v >= 5)
			wire_wbuf_put_str(w, g->kip848 ? "consumer" : "classic", flex);
		tags(w, flex);
	}
	demo_model_unlock(m);
	tags(w, flex);
	return 1;
}

static void put_assignment_bytes(wire_wbuf *w, const dm_group *g, const dm_member *mb, bool flex)
{
	wire_wbuf tmp;
	char err[128];
	wire_consumer_topic t = { (char *)g->topic, (int32_t *)mb->parts, (size_t)mb->n_parts };
	wire_wbuf_init(&tmp);
	if (wire_consumer_assignment_encode(&tmp, 0, &t, 1, err, sizeof(err)))
		tmp.len = 0;
	wire_wbuf_put_bytes(w, tmp.data, tmp.len, flex);
	wire_wbuf_free(&tmp);
}

static void put_subscription_bytes(wire_wbuf *w, const dm_group *g, bool flex)
{
	wire_wbuf tmp;
	wire_wbuf_init(&tmp);
	wire_wbuf_put_i16(&tmp, 0);
	wire_wbuf_put_array_len(&tmp, 1, false);
	wire_wbuf_put_str(&tmp, g->topic, false);
	wire_wbuf_put_i32(&tmp, -1);
	wire_wbuf_put_bytes(w, tmp.data, tmp.len, flex);
	wire_wbuf_free(&tmp);
}

static int answer_describegroups(const demo_answer_ctx *c, int16_t v, wire_rbuf *r,
				 kd_arena *a, wire_wbuf *w)
{
	demo_model *m = c->model;
	bool flex = flexible(K_DESCRIBE_GROUPS, v);
	int32_t n = wire_rbuf_array_len(r, flex, false, 1);
	if (r->failed)
		return -1;
	if (v >= 1)
		wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, n, flex);
	demo_model_lock(m);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		const char *id = wire_rbuf_str(r, a, flex, false);
		const dm_group *g = id ? demo_model_group(m, id) : NULL;
		int16_t ec = !g || g->kip848 ? E_GROUP_NOT_FOUND : 0;
		wire_wbuf_put_i16(w, ec);
		if (v >= 6)
			wire_wbuf_put_str(w, NULL, flex);
		wire_wbuf_put_str(w, id ? id : "", flex);
		wire_wbuf_put_str(w, ec ? "Dead" : demo_model_group_state(g), flex);
		wire_wbuf_put_str(w, ec || !g->n_members ? "" : "consumer", flex);
		wire_wbuf_put_str(w, ec || !g->n_members ? "" : "range", flex);
		int nm = ec ? 0 : g->n_members;
		wire_wbuf_put_array_len(w, nm, flex);
		for (int k = 0; k < nm; k++) {
			const dm_member *mb = &g->members[k];
			wire_wbuf_put_str(w, mb->member_id, flex);
			if (v >= 4)
				wire_wbuf_put_str(w, NULL, flex);
			wire_wbuf_put_str(w, mb->client_id, flex);
			wire_wbuf_put_str(w, mb->host, flex);
			put_subscription_bytes(w, g, flex);
			put_assignment_bytes(w, g, mb, flex);
			tags(w, flex);
		}
		if (v >= 3)
			wire_wbuf_put_i32(w, INT32_MIN);
		tags(w, flex);
	}
	demo_model_unlock(m);
	tags(w, flex);
	return r->failed ? -1 : 1;
}

static void put_cg_assignment(wire_wbuf *w, const dm_group *g, const dm_member *mb)
{
	static const wire_uuid id = {{0x5e, 0xed, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}};
	wire_wbuf_put_array_len(w, 1, true);
	wire_wbuf_put_uuid(w, &id);
	wire_wbuf_put_str(w, g->topic, true);
	wire_wbuf_put_array_len(w, mb->n_parts, true);
	for (int j = 0; j < mb->n_parts; j++)
		wire_wbuf_put_i32(w, mb->parts[j]);
	tags(w, true);
	tags(w, true);
}

static int answer_cgdescribe(const demo_answer_ctx *c, wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	demo_model *m = c->model;
	int32_t n = wire_rbuf_array_len(r, true, false, 1);
	if (r->failed)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, n, true);
	demo_model_lock(m);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		const char *id = wire_rbuf_str(r, a, true, false);
		const dm_group *g = id ? demo_model_group(m, id) : NULL;
		bool ok = g && g->kip848;
		wire_wbuf_put_i16(w, ok ? 0 : E_GROUP_NOT_FOUND);
		wire_wbuf_put_str(w, ok ? NULL : "not a consumer group", true);
		wire_wbuf_put_str(w, id ? id : "", true);
		wire_wbuf_put_str(w, ok ? (g->n_members ? "Stable" : "Empty") : "Dead", true);
		wire_wbuf_put_i32(w, ok ? g->epoch : -1);
		wire_wbuf_put_i32(w, ok ? g->epoch : -1);
		wire_wbuf_put_str(w, "uniform", true);
		int nm = ok ? g->n_members : 0;
		wire_wbuf_put_array_len(w, nm, true);
		for (int k = 0; k < nm; k++) {
			const dm_member *mb = &g->members[k];
			wire_wbuf_put_str(w, mb->member_id, true);
			wire_wbuf_put_str(w, NULL, true);
			wire_wbuf_put_str(w, NULL, true);
			wire_wbuf_put_i32(w, g->epoch);
			wire_wbuf_put_str(w, mb->client_id, true);
			wire_wbuf_put_str(w, mb->host, true);
			wire_wbuf_put_array_len(w, 1, true);
			wire_wbuf_put_str(w, g->topic, true);
			wire_wbuf_put_str(w, NULL, true);
			put_cg_assignment(w, g, mb);
			put_cg_assignment(w, g, mb);
			tags(w, true);
		}
		wire_wbuf_put_i32(w, INT32_MIN);
		tags(w, true);
	}
	demo_model_unlock(m);
	tags(w, true);
	return r->failed ? -1 : 1;
}

/* OffsetFetch v8: groups, each with its topics (null: all of them). */
static int answer_offsetfetch(const demo_answer_ctx *c, wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	demo_model *m = c->model;
	int32_t n = wire_rbuf_array_len(r, true, false, 2);
	if (r->failed)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, n, true);
	demo_model_lock(m);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		const char *id = wire_rbuf_str(r, a, true, false);
		int32_t nt = wire_rbuf_array_len(r, true, true, 2);
		const dm_group *g = id ? demo_model_group(m, id) : NULL;
		wire_wbuf_put_str(w, id ? id : "", true);
		if (nt < 0) {
			int np = 0;
			for (int p = 0; g && p < g->n_parts; p++)
				np += g->committed[p] >= 0;
			wire_wbuf_put_array_len(w, np ? 1 : 0, true);
			if (np) {
				wire_wbuf_put_str(w, g->topic, true);
				wire_wbuf_put_array_len(w, np, true);
				for (int p = 0; p < g->n_parts; p++) {
					if (g->committed[p] < 0)
						continue;
					wire_wbuf_put_i32(w, p);
					wire_wbuf_put_i64(w, g->committed[p]);
					wire_wbuf_put_i32(w, -1);
					wire_wbuf_put_str(w, "", true);
					wire_wbuf_put_i16(w, 0);
					tags(w, true);
				}
				tags(w, true);
			}
		} else {
			wire_wbuf_put_array_len(w, nt, true);
			for (int32_t t = 0; t < nt && !r->failed; t++) {
				const char *topic = wire_rbuf_str(r, a, true, false);
				int32_t np = wire_rbuf_array_len(r, true, false, 4);
				wire_wbuf_put_str(w, topic ? topic : "", true);
				wire_wbuf_put_array_len(w, np < 0 ? 0 : np, true);
				for (int32_t j = 0; j < np && !r->failed; j++) {
					int32_t p = wire_rbuf_i32(r);
					bool mine = g && topic && !strcmp(topic, g->topic) &&
						p >= 0 && p < g->n_parts;
					wire_wbuf_put_i32(w, p);
					wire_wbuf_put_i64(w, mine ? g->committed[p] : -1);
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
	demo_model_unlock(m);
	tags(w, true);
	return r->failed ? -1 : 1;
}

/* OffsetCommit v8: an Empty (or new) group takes the offsets, as Kafka
 * lets an admin client do; a group with members refuses them. */
static int answer_offsetcommit(const demo_answer_ctx *c, wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	demo_model *m = c->model;
	const char *id = wire_rbuf_str(r, a, true, false);
	(void)wire_rbuf_i32(r);
	(void)wire_rbuf_str(r, a, true, false);
	(void)wire_rbuf_str(r, a, true, true);
	int32_t nt = wire_rbuf_array_len(r, true, false, 3);
	if (r->failed || !id)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, nt, true);
	demo_model_lock(m);
	dm_group *g = demo_model_group(m, id);
	if (!g)
		g = demo_model_add_empty_group(m, id);
	for (int32_t t = 0; t < nt && !r->failed; t++) {
		const char *topic = wire_rbuf_str(r, a, true, false);
		int32_t np = wire_rbuf_array_len(r, true, false, 16);
		wire_wbuf_put_str(w, topic ? topic : "", true);
		wire_wbuf_put_array_len(w, np < 0 ? 0 : np, true);
		if (g && topic && g->n_members == 0 && (!g->topic[0] || g->n_parts == 0)) {
			snprintf(g->topic, sizeof(g->topic), "%s", topic);
			for (int p = 0; p < DM_MAX_GROUP_PARTS; p++)
				g->committed[p] = -1;
		}
		for (int32_t j = 0; j < np && !r->failed; j++) {
			int32_t p = wire_rbuf_i32(r);
			int64_t off = wire_rbuf_i64(r);
			(void)wire_rbuf_i32(r);
			(void)wire_rbuf_str(r, a, true, true);
			wire_rbuf_tags(r, NULL, NULL);
			int16_t ec = !g || g->n_members ? E_UNKNOWN_MEMBER
				: !topic || strcmp(topic, g->topic) || p < 0 ||
				p >= DM_MAX_GROUP_PARTS ? E_UNKNOWN_TOPIC : 0;
			if (!ec) {
				g->committed[p] = off;
				if (p >= g->n_parts)
					g->n_parts = p + 1;
			}
			wire_wbuf_put_i32(w, p);
			wire_wbuf_put_i16(w, ec);
			tags(w, true);
		}
		wire_rbuf_tags(r, NULL, NULL);
		tags(w, true);
	}
	demo_model_unlock(m);
	tags(w, true);
	return r->failed ? -1 : 1;
}

/* ---- ListPartitionReassignments v0: the model's move, if one is under way.
 * Only the model moves anything: the mock has no
 * AlterPartitionReassignments, which stays unoffered so kdeck says so when
 * asked. */

static bool asked_for(const char *const *names, const int32_t *const *parts, const size_t *np,
		      int32_t nt, const char *topic, int32_t part)
{
	if (nt < 0)
		return true;    /* null: every reassignment */
	for (int32_t i = 0; i < nt; i++) {
		if (!names[i] || strcmp(names[i], topic))
			continue;
		for (size_t k = 0; k < np[i]; k++)
			if (parts[i][k] == part)
				return true;
	}
	return false;
}

static int answer_listreassign(const demo_answer_ctx *c, wire_rbuf *r, kd_arena *a,
			       wire_wbuf *w)
{
	demo_model *m = c->model;
	(void)wire_rbuf_i32(r);                 /* timeout */
	int32_t nt = wire_rbuf_array_len(r, true, true, 3);
	if (r->failed)
		return -1;
	const char **names = arena_calloc(a, (size_t)(nt > 0 ? nt : 1), sizeof(*names));
	int32_t **parts = arena_calloc(a, (size_t)(nt > 0 ? nt : 1), sizeof(*parts));
	size_t *np = arena_calloc(a, (size_t)(nt > 0 ? nt : 1), sizeof(*np));
	for (int32_t i = 0; i < nt && !r->failed; i++) {
		names[i] = wire_rbuf_str(r, a, true, false);
		parts[i] = wire_rbuf_i32_array(r, a, true, &np[i]);
		wire_rbuf_tags(r, NULL, NULL);
	}
	if (r->failed)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_str(w, NULL, true);
	demo_model_lock(m);
	const dm_partition *p = demo_model_moving(m);
	const dm_mover *mv = &m->mover;
	if (p && !asked_for(names, (const int32_t *const *)parts, np, nt, mv->topic, p->id))
		p = NULL;
	wire_wbuf_put_array_len(w, p ? 1 : 0, true);
	if (p) {
		wire_wbuf_put_str(w, mv->topic, true);
		wire_wbuf_put_array_len(w, 1, true);
		wire_wbuf_put_i32(w, p->id);
		wire_wbuf_put_array_len(w, p->n_replicas, true);
		for (int k = 0; k < p->n_replicas; k++)
			wire_wbuf_put_i32(w, p->replicas[k]);
		wire_wbuf_put_array_len(w, 1, true);
		wire_wbuf_put_i32(w, mv->target[1]);
		wire_wbuf_put_array_len(w, 1, true);
		wire_wbuf_put_i32(w, mv->removing);
		tags(w, true);
		tags(w, true);
	}
	demo_model_unlock(m);
	tags(w, true);
	return 1;
}

/* ---- topics ------------------------------------------------------------- */

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

/* DescribeConfigs v4: a topic's min.insync.replicas and retention, a
 * broker's few defaults (no throttles set). */
static int answer_describeconfigs(const demo_answer_ctx *c, wire_rbuf *r, kd_arena *a,
				  wire_wbuf *w)
{
	demo_model *m = c->model;
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
		char min_isr[16] = "";
		bool known = type == 4;
		if (type == 2 && name) {
			demo_model_lock(m);
			const dm_topic *t = demo_model_topic(m, name);
			if (t) {
				known = true;
				snprintf(min_isr, sizeof(min_isr), "%d", t->min_isr);
			}
			demo_model_unlock(m);
		}
		wire_wbuf_put_i16(w, known ? 0 : E_UNKNOWN_TOPIC);
		wire_wbuf_put_str(w, NULL, true);
		wire_wbuf_put_i8(w, type);
		wire_wbuf_put_str(w, name ? name : "", true);
		static const char *const broker_cfg[][2] = {
			{"log.retention.hours", "168"}, {"num.partitions", "3"},
			{"default.replication.factor", "3"}, {"min.insync.replicas", "2"},
		};
		const char *topic_cfg[][2] = {
			{"min.insync.replicas", min_isr}, {"cleanup.policy", "delete"},
			{"retention.ms", "604800000"},
		};
		int cnt = 0;
		if (known && type == 2) {
			for (size_t k = 0; k < 3; k++)
				cnt += wanted(keys, nk, topic_cfg[k][0]);
			wire_wbuf_put_array_len(w, cnt, true);
			for (size_t k = 0; k < 3; k++)
				if (wanted(keys, nk, topic_cfg[k][0]))
					put_config(w, topic_cfg[k][0], topic_cfg[k][1],
						   k == 0 ? 1 : 5);
		} else if (known) {
			for (size_t k = 0; k < 4; k++)
				cnt += wanted(keys, nk, broker_cfg[k][0]);
			wire_wbuf_put_array_len(w, cnt, true);
			for (size_t k = 0; k < 4; k++)
				if (wanted(keys, nk, broker_cfg[k][0]))
					put_config(w, broker_cfg[k][0], broker_cfg[k][1], 4);
		} else {
			wire_wbuf_put_array_len(w, 0, true);
		}
		tags(w, true);
	}
	tags(w, true);
	return r->failed ? -1 : 1;
}

/* CreateTopics v5: the mock creates it (librdkafka's mock API); the
 * model learns it from the next Metadata. */
static int answer_createtopics(const demo_answer_ctx *c, wire_rbuf *r, kd_arena *a, wire_wbuf *w)
{
	int32_t n = wire_rbuf_array_len(r, true, false, 9);
	if (r->failed || n > 64)
		return -1;
	const char **names = arena_calloc(a, (size_t)(n > 0 ? n : 1), sizeof(*names));
	int32_t *np = arena_calloc(a, (size_t)(n > 0 ? n : 1), sizeof(*np));
	int16_t *rf = arena_calloc(a, (size_t)(n > 0 ? n : 1), sizeof(*rf));
	for (int32_t i = 0; i < n && !r->failed; i++) {
		names[i] = wire_rbuf_str(r, a, true, false);
		np[i] = wire_rbuf_i32(r);
		rf[i] = wire_rbuf_i16(r);
		int32_t na = wire_rbuf_array_len(r, true, false, 2);
		for (int32_t k = 0; k < na && !r->failed; k++) {
			(void)wire_rbuf_i32(r);
			size_t ignored;
			(void)wire_rbuf_i32_array(r, a, true, &ignored);
			wire_rbuf_tags(r, NULL, NULL);
		}
		int32_t nc = wire_rbuf_array_len(r, true, false, 3);
		for (int32_t k = 0; k < nc && !r->failed; k++) {
			(void)wire_rbuf_str(r, a, true, false);
			(void)wire_rbuf_str(r, a, true, true);
			wire_rbuf_tags(r, NULL, NULL);
		}
		wire_rbuf_tags(r, NULL, NULL);
	}
	(void)wire_rbuf_i32(r);
	bool validate_only = wire_rbuf_bool(r);
	if (r->failed)
		return -1;
	wire_wbuf_put_i32(w, 0);
	wire_wbuf_put_array_len(w, n, true);
	for (int32_t i = 0; i < n; i++) {
		int parts = np[i] < 0 ? 3 : np[i], repl = rf[i] < 0 ? 3 : rf[i];
		int16_t ec = 0;
		const char *msg = NULL;
		demo_model_lock(c->model);
		bool exists = names[i] && demo_model_topic(c->model, names[i]);
		demo_model_unlock(c->model);
		if (exists) {
			ec = E_TOPIC_EXISTS;
			msg = "Topic already exists.";
		} else if (parts < 1 || parts > 1000) {
			ec = E_INVALID_PARTITIONS;
			msg = "The demo cluster takes 1 to 1000 partitions.";
		} else if (repl < 1 || repl > DM_BROKERS) {
			ec = E_INVALID_RF;
			msg = "Replication factor is larger than the 3 brokers of the demo.";
		} else if (!validate_only && c->create_topic) {
			ec = (int16_t)c->create_topic(c->create_ctx, names[i], parts, repl);
		}
		wire_wbuf_put_str(w, names[i] ? names[i] : "", true);
		wire_wbuf_put_i16(w, ec);
		wire_wbuf_put_str(w, msg, true);
		wire_wbuf_put_i32(w, ec ? -1 : parts);
		wire_wbuf_put_i16(w, (int16_t)(ec ? -1 : repl));
		wire_wbuf_put_array_len(w, -1, true);
		tags(w, true);
	}
	tags(w, true);
	return 1;
}

int demo_answer(const demo_answer_ctx *c, int broker, int16_t key, int16_t version,
		const uint8_t *body, size_t len, wire_wbuf *out)
{
	bool own = false;
	for (size_t i = 0; i < N_OWN; i++)
		if (demo_own[i].key == key)
			own = version >= demo_own[i].min && version <= demo_own[i].max;
	if (!own && key != K_LIST_OFFSETS)
		return 0;
	kd_arena a;
	wire_rbuf r;
	int rc = 0;
	arena_init(&a);
	wire_rbuf_init(&r, body, len);
	if (flexible(key, version))
		wire_rbuf_tags(&r, NULL, NULL);         /* the request header's */
	switch (key) {
	case K_LIST_OFFSETS: rc = answer_listoffsets(c, broker, version, &r, &a, out); break;
	case K_DESCRIBE_LOG_DIRS: rc = answer_logdirs(c, broker, out); break;
	case K_DESCRIBE_QUORUM: rc = answer_quorum(c, out); break;
	case K_LIST_GROUPS: rc = answer_listgroups(c, broker, version, out); break;
	case K_DESCRIBE_GROUPS: rc = answer_describegroups(c, version, &r, &a, out); break;
	case K_CG_DESCRIBE: rc = answer_cgdescribe(c, &r, &a, out); break;
	case K_OFFSET_FETCH: rc = answer_offsetfetch(c, &r, &a, out); break;
	case K_OFFSET_COMMIT: rc = answer_offsetcommit(c, &r, &a, out); break;
	case K_DESCRIBE_CONFIGS: rc = answer_describeconfigs(c, &r, &a, out); break;
	case K_CREATE_TOPICS: rc = answer_createtopics(c, &r, &a, out); break;
	case K_LIST_REASSIGN: rc = answer_listreassign(c, &r, &a, out); break;
	default: break;
	}
	arena_free(&a);
	if (rc <= 0)
		out->len = 0;
	/* a request that does not parse: forwarded, the mock says what it
	 * thinks of it */
	return rc > 0;
}

/* ---- rewriting the mock's answers -------------------------------------- */

/* Metadata v0..v2: the brokers at their proxies (a down broker left out,
 * as Kafka does), the model's controller, each partition's ISR from the
 * model (the mock's always equals the replicas), and the mover's replicas
 * and leader as the model has them. */
static int rewrite_metadata(const demo_answer_ctx *c, int16_t v, wire_rbuf *r, kd_arena *a,
			    wire_wbuf *w)
{
	demo_model *m = c->model;
	int64_t now = clock_mono_ms();
	int32_t nb = wire_rbuf_array_len(r, false, false, 10);
	if (r->failed)
		return -1;
	int32_t *ids = arena_calloc(a, (size_t)(nb > 0 ? nb : 1), sizeof(*ids));
	char **racks = arena_calloc(a, (size_t)(nb > 0 ? nb : 1), sizeof(*racks));
	for (int32_t i = 0; i < nb && !r->failed; i++) {
		ids[i] = wire_rbuf_i32(r);
		(void)wire_rbuf_str(r, a, false, false);
		(void)wire_rbuf_i32(r);
		if (v >= 1)
			racks[i] = wire_rbuf_str(r, a, false, true);
	}
	demo_model_lock(m);
	int up = 0;
	for (int32_t i = 0; i < nb; i++)
		up += ids[i] >= 1 && ids[i] <= DM_BROKERS && m->up[ids[i]];
	wire_wbuf_put_array_len(w, up, false);
	for (int32_t i = 0; i < nb; i++) {
		if (ids[i] < 1 || ids[i] > DM_BROKERS || !m->up[ids[i]])
			continue;
		wire_wbuf_put_i32(w, ids[i]);
		wire_wbuf_put_str(w, "127.0.0.1", false);
		wire_wbuf_put_i32(w, c->ports[ids[i]]);
		if (v >= 1)
			wire_wbuf_put_str(w, racks[i], false);
	}
	if (v >= 2)
		wire_wbuf_put_str(w, wire_rbuf_str(r, a, false, true), false);
	if (v >= 1) {
		(void)wire_rbuf_i32(r);
		wire_wbuf_put_i32(w, m->quorum_leader);
	}
	int32_t nt = wire_rbuf_array_len(r, false, false, 8);
	wire_wbuf_put_array_len(w, nt < 0 ? 0 : nt, false);
	for (int32_t t = 0; t < nt && !r->failed; t++) {
		int16_t tec = wire_rbuf_i16(r);
		const char *name = wire_rbuf_str(r, a, false, false);
		bool internal = v >= 1 ? wire_rbuf_bool(r) : false;
		int32_t np = wire_rbuf_array_len(r, false, false, 18);
		wire_wbuf_put_i16(w, tec);
		wire_wbuf_put_str(w, name ? name : "", false);
		if (v >= 1)
			wire_wbuf_put_bool(w, internal);
		wire_wbuf_put_array_len(w, np < 0 ? 0 : np, false);
		for (int32_t i = 0; i < np && !r->failed; i++) {
			int16_t pec = wire_rbuf_i16(r);
			int32_t part = wire_rbuf_i32(r);
			int32_t leader = wire_rbuf_i32(r);
			size_t nr = 0, ni = 0;
			const int32_t *rep = wire_rbuf_i32_array(r, a, false, &nr);
			(void)wire_rbuf_i32_array(r, a, false, &ni);
			if (r->failed)
				break;
			if (name && !tec)
				demo_model_learn(m, name, internal, part, leader, rep, (int)nr);
			const dm_partition *p = name ? demo_model_partition(m, name, part) : NULL;
			if (p && p->own) {
				/* the model's replicas (the mover's) */
				leader = p->leader;
				rep = p->replicas;
				nr = (size_t)p->n_replicas;
			}
			wire_wbuf_put_i16(w, pec);
			wire_wbuf_put_i32(w, part);
			wire_wbuf_put_i32(w, leader);
			wire_wbuf_put_array_len(w, (int32_t)nr, false);
			for (size_t k = 0; k < nr; k++)
				wire_wbuf_put_i32(w, rep[k]);
			int32_t in = 0;
			for (size_t k = 0; k < nr; k++)
				in += !p || demo_model_in_isr(m, p, rep[k], now);
			wire_wbuf_put_array_len(w, in, false);
			for (size_t k = 0; k < nr; k++)
				if (!p || demo_model_in_isr(m, p, rep[k], now))
					wire_wbuf_put_i32(w, rep[k]);
		}
	}
	demo_model_unlock(m);
	return r->failed ? -1 : 1;
}

/* ApiVersions: the mock's list, Metadata capped at what the rewrite reads,
 * the demo's own requests replacing the mock's. */
static int rewrite_apiversions(int16_t v, wire_rbuf *r, wire_wbuf *w)
{
	bool flex = v >= 3;
	int16_t ec = wire_rbuf_i16(r);
	if (ec)
		return 0;
	int32_t n = wire_rbuf_array_len(r, flex, false, 6);
	if (r->failed)
		return -1;
	wire_wbuf list;
	int32_t count = 0;
	wire_wbuf_init(&list);
	for (int32_t i = 0; i < n && !r->failed; i++) {
		int16_t key = wire_rbuf_i16(r), min = wire_rbuf_i16(r), max = wire_rbuf_i16(r);
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
		bool own = false;
		for (size_t k = 0; k < N_OWN; k++)
			own |= demo_own[k].key == key;
		if (own)
			continue;
		if (key == K_METADATA && max > METADATA_MAX)
			max = METADATA_MAX;
		wire_wbuf_put_i16(&list, key);
		wire_wbuf_put_i16(&list, min);
		wire_wbuf_put_i16(&list, max);
		tags(&list, flex);
		count++;
	}
	for (size_t k = 0; k < N_OWN; k++) {
		wire_wbuf_put_i16(&list, demo_own[k].key);
		wire_wbuf_put_i16(&list, demo_own[k].min);
		wire_wbuf_put_i16(&list, demo_own[k].max);
		tags(&list, flex);
		count++;
	}
	wire_wbuf_put_i16(w, 0);
	wire_wbuf_put_array_len(w, count, flex);
	wire_wbuf_put_raw(w, list.data, list.len);
	wire_wbuf_free(&list);
	/* throttle time and tagged fields: as the mock wrote them */
	wire_wbuf_put_raw(w, r->p + r->off, r->len - r->off);
	return r->failed ? -1 : 1;
}

int demo_rewrite(const demo_answer_ctx *c, int16_t key, int16_t version,
		 const uint8_t *body, size_t len, wire_wbuf *out)
{
	if ((key != K_METADATA || version > METADATA_MAX) && key != K_API_VERSIONS)
		return 0;
	kd_arena a;
	wire_rbuf r;
	int rc;
	arena_init(&a);
	wire_rbuf_init(&r, body, len);
	rc = key == K_METADATA ? rewrite_metadata(c, version, &r, &a, out)
			       : rewrite_apiversions(version, &r, out);
	arena_free(&a);
	if (rc <= 0 || out->failed)
		out->len = 0;
	return rc > 0 && !out->failed;
}
