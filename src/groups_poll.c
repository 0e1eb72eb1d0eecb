/* groups_poll.c: the consumer-group requests of a poll (ListGroups,
 * FindCoordinator, DescribeGroups, OffsetFetch, and ListOffsets for last
 * stable offsets); groups_state.c turns what they answer into the
 * snapshot's groups.  See groups_poll.h. */
#include "config.h"

#include "groups_poll_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "wire_call.h"

/* ---- listing -------------------------------------------------------------- */

/* Every broker lists the groups it coordinates. */
static void list_all(groups_poller *gp, wire_pool *pool, kd_snapshot *s)
{
	char err[512], name[32];
	for (int i = 0; i < s->n_brokers; i++) {
		kd_broker *b = &s->brokers[i];
		if (!b->up) {
			/* its groups stay, marked, until they show up elsewhere */
			groups_poller_list_failed(gp, b->id, "broker down");
			continue;
		}
		wire_conn *c = wire_pool_get(pool, b->id, err, sizeof(err));
		if (!c) {
			groups_poller_list_failed(gp, b->id, err);
			continue;
		}
		wire_listgroups_resp *r = NULL;
		int rc = wire_call_listgroups(c, NULL, &gp->tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_ERR_UNSUPPORTED) {
			b->na |= KD_NA_GROUPS;
			groups_poller_list_failed(gp, b->id, err);
			continue;
		}
		if (rc) {
			snapshot_add_error(s, "groups of broker %d: %s", (int)b->id, err);
			groups_poller_list_failed(gp, b->id, err);
			if (wire_conn_failure(rc))
				wire_pool_failed(pool, c, err);
			continue;
		}
		if (r->error_code) {
			/* COORDINATOR_LOAD_IN_PROGRESS after a failover: the
			 * groups are there, not yet listable. */
			snprintf(err, sizeof(err), "ListGroups: %s",
				 wire_error_name(r->error_code, name, sizeof(name)));
			groups_poller_list_failed(gp, b->id, err);
			continue;
		}
		groups_poller_listed(gp, b->id, r);
	}
	bool all_na = s->n_brokers > 0;
	for (int i = 0; i < s->n_brokers; i++)
		if (s->brokers[i].up && !(s->brokers[i].na & KD_NA_GROUPS))
			all_na = false;
	if (all_na)
		s->na |= KD_NA_GROUPS;
}

typedef struct id_list {
	const char **v;
	size_t n, cap;
} id_list;

static void id_add(id_list *l, const char *id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	l->v[l->n++] = id;
}

static void collect_kept(groups_poller *gp, gp_group *g, void *ctx)
{
	(void)gp;
	if (g->kept)
		id_add(ctx, g->id);
}

/* Groups whose coordinator stopped answering may have moved: one
 * FindCoordinator (v4+: all of them at once) says where they are now. */
static void find_moved(groups_poller *gp, wire_pool *pool, kd_snapshot *s)
{
	id_list kept = { 0 };
	char err[512];
	gp_each(gp, collect_kept, &kept);
	if (!kept.n)
		return;
	wire_conn *c = wire_pool_any(pool, err, sizeof(err));
	if (c) {
		wire_findcoordinator_req req = { WIRE_COORD_GROUP, kept.v, kept.n };
		wire_findcoordinator_resp *r = NULL;
		int rc = wire_call_findcoordinator(c, &req, &gp->tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_OK) {
			for (size_t i = 0; i < r->n_coordinators; i++) {
				const wire_coordinator *co = &r->coordinators[i];
				gp_group *g = co->key ? gp_lookup(gp, co->key) : NULL;
				if (!g || co->error_code || gp_broker_failed(gp, co->node_id) ||
				    !snapshot_broker(s, co->node_id))
					continue;
				/* moved to a broker that answered: read it there */
				g->coordinator = co->node_id;
				g->listed_poll = gp->poll;
				g->kept = false;
				g->error = NULL;
			}
		} else if (wire_conn_failure(rc)) {
			wire_pool_failed(pool, c, err);
		}
	}
	free(kept.v);
}

/* ---- describing and fetching, per coordinator ------------------------------ */

typedef struct coord_batch {
	int32_t coordinator;
	id_list describe;        /* groups not known to be Empty */
	id_list cgdescribe;      /* of those, KIP-848 groups (type "consumer") */
	id_list fetch;
	size_t units;
} coord_batch;

typedef struct batches {
	coord_batch *v;
	int n;
} batches;

static coord_batch *batch_for(batches *b, int32_t coordinator)
{
	for (int i = 0; i < b->n; i++)
		if (b->v[i].coordinator == coordinator)
			return &b->v[i];
	b->v = realloc(b->v, (size_t)(b->n + 1) * sizeof(*b->v));
	if (!b->v)
		abort();
	coord_batch *c = &b->v[b->n++];
	memset(c, 0, sizeof(*c));
	c->coordinator = coordinator;
	return c;
}

static void collect_listed(groups_poller *gp, gp_group *g, void *ctx)
{
	if (g->listed_poll != gp->poll || g->coordinator < 0)
		return;
	coord_batch *c = batch_for(ctx, g->coordinator);
	/* ListGroups v4+ tells the state: an Empty group has no members to
	 * describe, only offsets to fetch */
	bool empty = g->listed && g->listed->group_state &&
		!strcmp(g->listed->group_state, "Empty");
	/* ListGroups v5 (Kafka 4.x) tells the type: a KIP-848 group's
	 * members are only in ConsumerGroupDescribe */
	bool kip848 = g->listed && g->listed->group_type &&
		!strcmp(g->listed->group_type, "consumer");
	if (!empty)
		id_add(kip848 ? &c->cgdescribe : &c->describe, g->id);
	id_add(&c->fetch, g->id);
}

/* How many groups from `from` fit in one request: GROUPS_BATCH_UNITS
 * counts groups plus what they held last poll (members, partitions). */
static size_t batch_len(groups_poller *gp, const id_list *l, size_t from)
{
	size_t units = 0, n = 0;
	for (size_t i = from; i < l->n; i++) {
		gp_group *g = gp_lookup(gp, l->v[i]);
		size_t u = g && g->units > 0 ? (size_t)g->units : 1;
		if (n > 0 && units + u > GROUPS_BATCH_UNITS)
			break;
		units += u;
		n++;
	}
	return n;
}

/* A ConsumerGroupDescribe answer in DescribeGroups' shape, so that one
 * path builds members and their assignments: the members' assignments
 * come decoded, the assignor stands where a classic group names its
 * protocol. */
static wire_describegroups_resp *as_described(kd_arena *a, const wire_cgdescribe_resp *r)
{
	wire_describegroups_resp *d = arena_alloc(a, sizeof(*d));
	d->n_groups = r->n_groups;
	d->groups = arena_calloc(a, r->n_groups ? r->n_groups : 1, sizeof(*d->groups));
	for (size_t i = 0; i < r->n_groups; i++) {
		const wire_cg_group *cg = &r->groups[i];
		wire_described_group *g = &d->groups[i];
		g->error_code = cg->error_code;
		g->error_message = cg->error_message;
		g->group_id = cg->group_id;
		g->group_state = cg->group_state;
		g->protocol_type = "consumer";
		g->protocol_data = cg->assignor_name;
		g->authorized_operations = cg->authorized_operations;
		g->n_members = cg->n_members;
		g->members = arena_calloc(a, cg->n_members ? cg->n_members : 1,
					  sizeof(*g->members));
		for (size_t m = 0; m < cg->n_members; m++) {
			const wire_cg_member *cm = &cg->members[m];
			wire_group_member *gm = &g->members[m];
			gm->member_id = cm->member_id;
			gm->group_instance_id = cm->instance_id;
			gm->client_id = cm->client_id;
			gm->client_host = cm->client_host;
			gm->decoded = &cm->assignment;
		}
	}
	return d;
}

/* ConsumerGroupDescribe for KIP-848 groups, in batches; a coordinator
 * that does not offer it (3.x) gets them in DescribeGroups.  Returns the
 * wire code of the first failure that ends the coordinator, else WIRE_OK. */
static int describe_kip848(groups_poller *gp, wire_conn *c, kd_snapshot *s,
			   coord_batch *cb, char *why, size_t whylen)
{
	char err[512];
	for (size_t at = 0; at < cb->cgdescribe.n;) {
		size_t n = batch_len(gp, &cb->cgdescribe, at);
		wire_cgdescribe_req req = { (const char *const *)cb->cgdescribe.v + at, n, false };
		wire_cgdescribe_resp *r = NULL;
		int rc = wire_call_cgdescribe(c, &req, &gp->tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_OK) {
			groups_poller_described(gp, as_described(&gp->tmp, r));
		} else if (rc == WIRE_ERR_UNSUPPORTED) {
			for (size_t i = at; i < cb->cgdescribe.n; i++)
				id_add(&cb->describe, cb->cgdescribe.v[i]);
			return WIRE_OK;
		} else {
			snprintf(why, whylen, "ConsumerGroupDescribe on %d: %s",
				 (int)cb->coordinator, err);
			groups_poller_failed(gp, cb->cgdescribe.v + at, n, why);
			snapshot_add_error(s, "groups: %s", why);
			if (wire_conn_failure(rc))
				return rc;
		}
		at += n;
	}
	return WIRE_OK;
}

/* One coordinator: DescribeGroups, then OffsetFetch, each over as few
 * requests as the batching allows.  Returns false when the coordinator
 * stopped answering. */
static bool poll_coordinator(groups_poller *gp, wire_pool *pool, kd_snapshot *s,
			     coord_batch *cb)
{
	char err[512], why[600];
	wire_conn *c = wire_pool_get(pool, cb->coordinator, err, sizeof(err));
	if (!c) {
		snprintf(why, sizeof(why), "coordinator %d: %s", (int)cb->coordinator, err);
		groups_poller_failed(gp, cb->fetch.v, cb->fetch.n, why);
		return false;
	}
	if (wire_conn_failure(describe_kip848(gp, c, s, cb, why, sizeof(why)))) {
		wire_pool_failed(pool, c, why);
		groups_poller_failed(gp, cb->fetch.v, cb->fetch.n, why);
		return false;
	}
	for (size_t at = 0; at < cb->describe.n;) {
		size_t n = batch_len(gp, &cb->describe, at);
		wire_describegroups_req req = { cb->describe.v + at, n, false };
		wire_describegroups_resp *r = NULL;
		int rc = wire_call_describegroups(c, &req, &gp->tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_OK) {
			groups_poller_described(gp, r);
		} else {
			snprintf(why, sizeof(why), "DescribeGroups on %d: %s",
				 (int)cb->coordinator, err);
			groups_poller_failed(gp, cb->describe.v + at, n, why);
			if (rc != WIRE_ERR_UNSUPPORTED)
				snapshot_add_error(s, "groups: %s", why);
			if (wire_conn_failure(rc)) {
				wire_pool_failed(pool, c, why);
				groups_poller_failed(gp, cb->fetch.v, cb->fetch.n, why);
				return false;
			}
		}
		at += n;
	}
	for (size_t at = 0; at < cb->fetch.n;) {
		size_t n = batch_len(gp, &cb->fetch, at);
		wire_offsetfetch_group_req *g = arena_calloc(&gp->tmp, n, sizeof(*g));
		for (size_t i = 0; i < n; i++)
			g[i] = (wire_offsetfetch_group_req){ cb->fetch.v[at + i], NULL, -1 };
		wire_offsetfetch_req req = { g, n, false };
		wire_offsetfetch_resp *r = NULL;
		int rc = wire_call_offsetfetch(c, &req, &gp->tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_OK) {
			groups_poller_fetched(gp, r);
		} else {
			snprintf(why, sizeof(why), "OffsetFetch on %d: %s",
				 (int)cb->coordinator, err);
			groups_poller_failed(gp, cb->fetch.v + at, n, why);
			if (rc != WIRE_ERR_UNSUPPORTED)
				snapshot_add_error(s, "groups: %s", why);
			if (wire_conn_failure(rc)) {
				wire_pool_failed(pool, c, why);
				return false;
			}
		}
		at += n;
	}
	return true;
}

void groups_poll_offsets(groups_poller *gp, wire_pool *pool, kd_snapshot *s)
{
	int64_t t0 = clock_mono_ms();
	uint64_t r0 = wire_pool_requests(pool);
	batches b = { NULL, 0 };

	groups_poller_begin(gp, s);
	list_all(gp, pool, s);
	find_moved(gp, pool, s);
	gp_each(gp, collect_listed, &b);
	for (int i = 0; i < b.n; i++) {
		poll_coordinator(gp, pool, s, &b.v[i]);
		free(b.v[i].describe.v);
		free(b.v[i].cgdescribe.v);
		free(b.v[i].fetch.v);
	}
	free(b.v);
	gp->requests = (int)(wire_pool_requests(pool) - r0);
	gp->net_ms = clock_mono_ms() - t0;
}

/* ---- last stable offsets ----------------------------------------------------- */

typedef struct tp {
	const char *topic;
	int32_t partition;
	int32_t leader;
} tp;

static int cmp_tp_leader(const void *a, const void *b)
{
	const tp *x = a, *y = b;
	if (x->leader != y->leader)
		return x->leader < y->leader ? -1 : 1;
	int c = strcmp(x->topic, y->topic);
	if (c)
		return c;
	return x->partition < y->partition ? -1 : x->partition > y->partition;
}

typedef struct tp_list {
	tp *v;
	size_t n, cap;
	const kd_snapshot *s;
} tp_list;

static void collect_tps(groups_poller *gp, gp_group *g, void *ctx)
{
	tp_list *l = ctx;
	(void)gp;
	if (!g->offsets)
		return;
	for (size_t t = 0; t < g->offsets->n_topics; t++) {
		const wire_offsetfetch_topic *ot = &g->offsets->topics[t];
		for (size_t p = 0; ot->name && p < ot->n_partitions; p++) {
			const kd_partition *kp = snapshot_partition(l->s, ot->name,
								    ot->partitions[p].partition);
			if (!kp || kp->leader < 0)
				continue;
			if (l->n == l->cap) {
				l->cap = l->cap ? l->cap * 2 : 256;
				l->v = realloc(l->v, l->cap * sizeof(*l->v));
				if (!l->v)
					abort();
			}
			l->v[l->n++] = (tp){ ot->name, kp->id, kp->leader };
		}
	}
}

/* lag.isolation=read_committed: the last stable offset of every partition
 * a group has an offset on, one ListOffsets (isolation 1) per leader. */
static void fetch_stable(groups_poller *gp, wire_pool *pool, kd_snapshot *s)
{
	tp_list l = { NULL, 0, 0, s };
	char err[512];
	gp_each(gp, collect_tps, &l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_tp_leader);
	for (size_t at = 0; at < l.n;) {
		size_t end = at;
		while (end < l.n && l.v[end].leader == l.v[at].leader)
			end++;
		/* one topic entry per run of the same topic, each partition
		 * once (two groups may read the same one) */
		wire_listoffsets_topic *topics = arena_calloc(&gp->tmp, end - at, sizeof(*topics));
		wire_listoffsets_part *parts = arena_calloc(&gp->tmp, end - at, sizeof(*parts));
		size_t nt = 0, k = 0;
		for (size_t i = at; i < end; i++) {
			if (i > at && !strcmp(l.v[i].topic, l.v[i - 1].topic) &&
			    l.v[i].partition == l.v[i - 1].partition)
				continue;
			if (!nt || strcmp(topics[nt - 1].topic, l.v[i].topic)) {
				topics[nt].topic = l.v[i].topic;
				topics[nt].partitions = &parts[k];
				nt++;
			}
			parts[k++] = (wire_listoffsets_part){ l.v[i].partition, WIRE_OFFSET_LATEST, -1 };
			topics[nt - 1].n_partitions++;
		}
		wire_listoffsets_req req = { -1, 1, topics, nt, 5000 };
		wire_listoffsets_resp *r = NULL;
		int32_t leader = l.v[at].leader;
		wire_conn *c = wire_pool_get(pool, leader, err, sizeof(err));
		int rc = c ? wire_call_listoffsets(c, &req, &gp->tmp, &r, NULL, err, sizeof(err))
			   : WIRE_ERR_IO;
		if (rc == WIRE_OK) {
			for (size_t t = 0; t < r->n_topics; t++)
				for (size_t p = 0; p < r->topics[t].n_partitions; p++) {
					const wire_listoffsets_partition *rp = &r->topics[t].partitions[p];
					if (!rp->error_code && r->topics[t].name)
						groups_poller_stable_offset(gp, r->topics[t].name,
									    rp->partition, rp->offset);
				}
		} else {
			snapshot_add_error(s, "groups: last stable offsets from broker %d: %s",
					   (int)leader, err);
			if (c && wire_conn_failure(rc))
				wire_pool_failed(pool, c, err);
		}
		at = end;
	}
	free(l.v);
}

void groups_poll_finish(groups_poller *gp, wire_pool *pool, kd_snapshot *s)
{
	if (gp->s != s) {
		s->groups = NULL;       /* no wire connection this poll */
		return;
	}
	if (gp->cfg.stable) {
		int64_t t0 = clock_mono_ms();
		uint64_t r0 = wire_pool_requests(pool);
		fetch_stable(gp, pool, s);
		gp->requests += (int)(wire_pool_requests(pool) - r0);
		gp->net_ms += clock_mono_ms() - t0;
	}
	groups_poller_build(gp, s);
	log_debug("groups: %d groups, %d requests, %lld ms", s->groups->n_groups,
		  s->groups->requests, (long long)s->groups->poll_ms);
}
