/* cluster_poll.c: see cluster_poll.h. */
#include "config.h"

#include "cluster_poll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "wire_call.h"

/* ListOffsets' replica id for a debugging client: the broker answers with
 * the log end offset of its own replica, leader or follower. */
#define REPLICA_ID_DEBUG (-2)
#define REPLICA_ID_CONSUMER (-1)

/* ---- metadata ----------------------------------------------------------- */

static void fill_quorum(kd_snapshot *s, const wire_describequorum_resp *q)
{
	if (q->error_code || q->n_topics < 1 || q->topics[0].n_partitions < 1)
		return;
	const wire_quorum_partition *qp = &q->topics[0].partitions[0];
	if (qp->error_code)
		return;
	kd_quorum *kq = &s->quorum;
	kq->known = true;
	kq->leader = qp->leader_id;
	kq->epoch = qp->leader_epoch;
	kq->high_watermark = qp->high_watermark;
	kq->n_voters = (int)(qp->n_voters + qp->n_observers);
	kq->voters = arena_calloc(&s->arena, (size_t)kq->n_voters + 1, sizeof(kd_voter));
	for (size_t i = 0; i < qp->n_voters + qp->n_observers; i++) {
		bool obs = i >= qp->n_voters;
		const wire_quorum_replica *r = obs ? &qp->observers[i - qp->n_voters] : &qp->voters[i];
		kd_voter *v = &kq->voters[i];
		v->id = r->replica_id;
		v->observer = obs;
		v->log_end_offset = r->log_end_offset;
		v->last_fetch_ms = r->last_fetch_timestamp;
		v->last_caught_up_ms = r->last_caught_up_timestamp;
	}
	/* The quorum leader is the active controller; Metadata's controller
	 * id on a KRaft cluster names a random broker. */
	s->controller_id = qp->leader_id;
}

static void fill_metadata(kd_snapshot *s, const wire_metadata_resp *md,
			  const kd_snapshot *prev)
{
	kd_meta_broker *mb = calloc(md->n_brokers + 1, sizeof(*mb));
	kd_meta_topic *mt = calloc(md->n_topics + 1, sizeof(*mt));
	size_t total = 0;
	for (size_t t = 0; t < md->n_topics; t++)
		total += md->topics[t].n_partitions;
	kd_meta_partition *mp = calloc(total + 1, sizeof(*mp));
	if (!mb || !mt || !mp)
		abort();

	for (size_t i = 0; i < md->n_brokers; i++) {
		mb[i].id = md->brokers[i].node_id;
		mb[i].host = md->brokers[i].host;
		mb[i].port = md->brokers[i].port;
		mb[i].rack = md->brokers[i].rack;
	}
	size_t k = 0;
	int n_topics = 0;
	for (size_t t = 0; t < md->n_topics; t++) {
		const wire_metadata_topic *wt = &md->topics[t];
		if (!wt->name)
			continue;
		kd_meta_topic *kt = &mt[n_topics++];
		kt->name = wt->name;
		kt->id = wire_uuid_is_zero(&wt->topic_id) ? NULL : wt->topic_id.b;
		kt->err = wt->error_code;
		kt->internal = wt->is_internal;
		kt->n_partitions = (int)wt->n_partitions;
		kt->partitions = &mp[k];
		for (size_t p = 0; p < wt->n_partitions; p++, k++) {
			const wire_metadata_partition *wp = &wt->partitions[p];
			mp[k].id = wp->partition;
			mp[k].leader = wp->leader;
			mp[k].leader_epoch = wp->leader_epoch;
			mp[k].err = wp->error_code;
			mp[k].n_replicas = (int)wp->n_replicas;
			mp[k].replicas = wp->replicas;
			mp[k].n_isr = (int)wp->n_isr;
			mp[k].isr = wp->isr;
			mp[k].n_offline = (int)wp->n_offline_replicas;
			mp[k].offline = wp->offline_replicas;
		}
	}
	kd_metadata m = {
		.cluster_id = md->cluster_id,
		.controller_id = md->controller_id,
		.n_brokers = (int)md->n_brokers,
		.brokers = mb,
		.n_topics = n_topics,
		.topics = mt,
	};
	snapshot_set_metadata(s, &m, prev);
	free(mb);
	free(mt);
	free(mp);
}

int cluster_poll_metadata(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev)
{
	kd_arena tmp;
	char err[512] = "";
	wire_metadata_resp *md = NULL;
	wire_conn *c = NULL;
	int rc = WIRE_ERR_IO;

	arena_init(&tmp);
	wire_pool_new_round(p);
	/* A broker that is going away may fail the request: try the others. */
	for (int attempt = 0; attempt < 4; attempt++) {
		c = wire_pool_any(p, err, sizeof(err));
		if (!c)
			break;
		wire_metadata_req req = {.n_topics = -1};
		rc = wire_call_metadata(c, &req, &tmp, &md, NULL, err, sizeof(err));
		if (rc == WIRE_OK)
			break;
		if (wire_conn_failure(rc))
			wire_pool_failed(p, c, err);
		else
			break;
	}
	if (rc == WIRE_ERR_CONFIG) {
		arena_free(&tmp);
		return CLUSTER_POLL_NO_WIRE;
	}
	if (!c || rc != WIRE_OK) {
		kd_metadata none = {.controller_id = -1};
		snapshot_add_error(s, "metadata: %s", *err ? err : "no broker answered");
		snapshot_set_metadata(s, &none, prev);
		for (int i = 0; i < s->n_brokers; i++)
			s->brokers[i].up = false;
		s->cluster_id = prev ? arena_strdup(&s->arena, prev->cluster_id) : NULL;
		arena_free(&tmp);
		return CLUSTER_POLL_UNREACHABLE;
	}
	fill_metadata(s, md, prev);
	for (size_t i = 0; i < md->n_brokers; i++)
		wire_pool_set_broker(p, md->brokers[i].node_id, md->brokers[i].host,
				     md->brokers[i].port);

	wire_describequorum_resp *q = NULL;
	rc = wire_call_describequorum(c, NULL, &tmp, &q, NULL, err, sizeof(err));
	if (rc == WIRE_OK)
		fill_quorum(s, q);
	else if (rc == WIRE_ERR_UNSUPPORTED)
		s->na |= KD_NA_QUORUM;
	else {
		snapshot_add_error(s, "quorum: %s", err);
		if (wire_conn_failure(rc))
			wire_pool_failed(p, c, err);
	}
	/* A controller id that names no broker (the mock cluster says 0, a
	 * dedicated controller is no broker) is shown as the quorum's. */
	if (!s->quorum.known && !snapshot_broker(s, s->controller_id))
		s->controller_id = -1;
	arena_free(&tmp);
	return CLUSTER_POLL_OK;
}

/* ---- per broker ---------------------------------------------------------- */

static kd_partition *find_partition(kd_snapshot *s, const char *topic, int32_t id)
{
	/* the snapshot under construction is this function's to change */
	return (kd_partition *)snapshot_partition(s, topic, id);
}

static kd_replica_state *find_replica(kd_partition *p, int32_t broker)
{
	for (int i = 0; i < p->n_replicas; i++)
		if (p->rstate[i].broker == broker)
			return (kd_replica_state *)&p->rstate[i];
	return NULL;
}

/* What to ask one broker's ListOffsets for. */
enum { ASK_HIGH, ASK_LEO, ASK_LOW };

/* Build a ListOffsets request in tmp for broker b: partitions it leads
 * (HIGH, LOW) or hosts (LEO).  Returns false when there is nothing to ask. */
static bool build_listoffsets(kd_arena *tmp, const kd_snapshot *s, int32_t b, int ask,
			      wire_listoffsets_req *req)
{
	wire_listoffsets_topic *topics = arena_calloc(tmp, (size_t)s->n_topics + 1, sizeof(*topics));
	size_t nt = 0;

	for (int t = 0; t < s->n_topics; t++) {
		const kd_topic *kt = &s->topics[t];
		wire_listoffsets_part *parts = NULL;
		size_t np = 0;
		for (int i = 0; i < kt->n_partitions; i++) {
			const kd_partition *kp = &kt->partitions[i];
			bool want;
			if (ask == ASK_LEO) {
				want = false;
				for (int r = 0; r < kp->n_replicas; r++)
					want |= kp->replicas[r] == b;
			} else {
				want = kp->leader == b;
			}
			if (!want)
				continue;
			if (!parts)
				parts = arena_calloc(tmp, (size_t)kt->n_partitions, sizeof(*parts));
			parts[np].partition = kp->id;
			parts[np].timestamp = ask == ASK_LOW ? WIRE_OFFSET_EARLIEST : WIRE_OFFSET_LATEST;
			/* The leader epoch fences a stale leader; a follower
			 * has no business checking it. */
			parts[np].current_leader_epoch = ask == ASK_LEO ? -1 : kp->leader_epoch;
			np++;
		}
		if (np) {
			topics[nt].topic = kt->name;
			topics[nt].partitions = parts;
			topics[nt].n_partitions = np;
			nt++;
		}
	}
	memset(req, 0, sizeof(*req));
	req->replica_id = ask == ASK_LEO ? REPLICA_ID_DEBUG : REPLICA_ID_CONSUMER;
	req->isolation_level = 0;
	req->topics = topics;
	req->n_topics = nt;
	req->timeout_ms = 0;
	return nt > 0;
}

static void apply_listoffsets(kd_snapshot *s, int32_t b, int ask,
			      const wire_listoffsets_resp *resp)
{
	for (size_t t = 0; t < resp->n_topics; t++) {
		const wire_listoffsets_topic_resp *rt = &resp->topics[t];
		for (size_t i = 0; i < rt->n_partitions; i++) {
			const wire_listoffsets_partition *rp = &rt->partitions[i];
			kd_partition *kp = rt->name ? find_partition(s, rt->name, rp->partition) : NULL;
			if (!kp || rp->error_code || rp->offset < 0) {
				log_debug("ListOffsets %d from broker %d: %s [%d]: error %d offset %lld",
					  ask, (int)b, rt->name ? rt->name : "?", (int)rp->partition,
					  (int)rp->error_code, (long long)rp->offset);
				continue;
			}
			if (ask == ASK_HIGH) {
				kp->high = rp->offset;
			} else if (ask == ASK_LOW) {
				kp->low = rp->offset;
			} else {
				kd_replica_state *rs = find_replica(kp, b);
				if (rs)
					rs->leo = rp->offset;
			}
		}
	}
}

static void apply_logdirs(kd_snapshot *s, kd_broker *br, const wire_describelogdirs_resp *resp)
{
	int64_t total = 0, usable = 0, bytes = 0;
	bool disk_known = false;

	for (size_t d = 0; d < resp->n_dirs; d++) {
		const wire_logdir *dir = &resp->dirs[d];
		if (dir->error_code)
			continue;
		if (dir->total_bytes >= 0 && dir->usable_bytes >= 0) {
			total = kd_sat_add(total, dir->total_bytes);
			usable = kd_sat_add(usable, dir->usable_bytes);
			disk_known = true;
		}
		for (size_t t = 0; t < dir->n_topics; t++) {
			const wire_logdir_topic *lt = &dir->topics[t];
			for (size_t i = 0; i < lt->n_partitions; i++) {
				const wire_logdir_partition *lp = &lt->partitions[i];
				if (lp->is_future)
					continue;
				if (lp->size < 0)
					continue;       /* no size is not a size */
				bytes = kd_sat_add(bytes, lp->size);
				kd_partition *kp = lt->name ? find_partition(s, lt->name, lp->partition) : NULL;
				kd_replica_state *rs = kp ? find_replica(kp, br->id) : NULL;
				if (rs)
					rs->size = lp->size;
			}
		}
	}
	br->log_bytes = bytes;
	if (disk_known) {
		br->disk_total = total;
		br->disk_usable = usable;
	}
}

/* Ask one broker everything; stop at the first sign it is not answering. */
static void poll_broker(wire_pool *p, kd_snapshot *s, kd_broker *br, bool with_low,
			kd_arena *tmp)
{
	char err[512] = "";
	int rc;
	wire_conn *c = wire_pool_get(p, br->id, err, sizeof(err));

	if (!c) {
		br->responsive = false;
		snapshot_add_error(s, "broker %d: %s", (int)br->id, err);
		return;
	}
	br->responsive = true;
	for (int ask = ASK_HIGH; ask <= ASK_LOW; ask++) {
		wire_listoffsets_req req;
		wire_listoffsets_resp *resp = NULL;
		if (ask == ASK_LOW && !with_low)
			break;
		if (!build_listoffsets(tmp, s, br->id, ask, &req))
			continue;
		rc = wire_call_listoffsets(c, &req, tmp, &resp, NULL, err, sizeof(err));
		if (rc == WIRE_ERR_PROTOCOL) {
			/* An answer that does not parse at the newest common
			 * version (librdkafka's mock cluster writes some
			 * versions wrongly): stay at v1 on this connection. */
			log_debug("broker %d: %s; retrying ListOffsets at v1", (int)br->id, err);
			wire_conn_cap_version(c, WIRE_API_LIST_OFFSETS, 1);
			rc = wire_call_listoffsets(c, &req, tmp, &resp, NULL, err, sizeof(err));
		}
		if (rc == WIRE_OK) {
			apply_listoffsets(s, br->id, ask, resp);
		} else if (rc == WIRE_ERR_UNSUPPORTED) {
			br->na |= KD_NA_OFFSETS;
			break;
		} else {
			snapshot_add_error(s, "offsets from broker %d: %s", (int)br->id, err);
			if (wire_conn_failure(rc)) {
				wire_pool_failed(p, c, err);
				br->responsive = false;
				return;
			}
		}
	}

	wire_describelogdirs_req lreq = {.n_topics = -1};
	wire_describelogdirs_resp *lresp = NULL;
	rc = wire_call_describelogdirs(c, &lreq, tmp, &lresp, NULL, err, sizeof(err));
	if (rc == WIRE_OK) {
		apply_logdirs(s, br, lresp);
	} else if (rc == WIRE_ERR_UNSUPPORTED) {
		br->na |= KD_NA_LOGDIRS;
	} else {
		snapshot_add_error(s, "log dirs of broker %d: %s", (int)br->id, err);
		if (wire_conn_failure(rc)) {
			wire_pool_failed(p, c, err);
			br->responsive = false;
		}
	}
}

static const kd_replica_state *prev_replica(const kd_snapshot *prev, const kd_topic *t,
					    const kd_partition *kp, int32_t broker)
{
	const kd_partition *pp = prev ? snapshot_partition(prev, t->name, kp->id) : NULL;
	if (!pp || !pp->rstate)
		return NULL;
	for (int i = 0; i < pp->n_replicas; i++)
		if (pp->rstate[i].broker == broker)
			return &pp->rstate[i];
	return NULL;
}

static bool in_list(const int32_t *ids, int n, int32_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Allocate every partition's replica states, all unknown and stale until
 * their broker answers. */
static void alloc_replicas(kd_snapshot *s)
{
	for (int t = 0; t < s->n_topics; t++)
		for (int i = 0; i < s->topics[t].n_partitions; i++) {
			kd_partition *kp = &s->topics[t].partitions[i];
			kd_replica_state *rs = arena_calloc(&s->arena, (size_t)kp->n_replicas + 1,
							    sizeof(*rs));
			for (int r = 0; r < kp->n_replicas; r++) {
				rs[r].broker = kp->replicas[r];
				rs[r].size = rs[r].leo = KD_UNKNOWN;
				rs[r].lag_offsets = rs[r].lag_bytes = KD_UNKNOWN;
				rs[r].out_of_isr_ms = KD_UNKNOWN;
			}
			kp->rstate = rs;
		}
}

void cluster_poll_replicas(kd_snapshot *s, const kd_snapshot *prev)
{
	for (int t = 0; t < s->n_topics; t++) {
		kd_topic *kt = &s->topics[t];
		for (int i = 0; i < kt->n_partitions; i++) {
			kd_partition *kp = &kt->partitions[i];
			if (!kp->rstate)
				continue;
			kd_replica_state *rs = (kd_replica_state *)kp->rstate;
			kd_replica_state *leader = NULL;
			for (int r = 0; r < kp->n_replicas; r++) {
				const kd_replica_state *old = prev_replica(prev, kt, kp, rs[r].broker);
				const kd_broker *rb = snapshot_broker(s, rs[r].broker);
				rs[r].in_isr = in_list(kp->isr, kp->n_isr, rs[r].broker);
				/* Stale means its broker did not answer; a broker
				 * that answered without this replica's offset
				 * leaves it unknown, not stale. */
				rs[r].stale = !rb || !rb->up || !rb->responsive;
				/* A broker that did not answer: keep what it
				 * said last, so a stopped follower's lag keeps
				 * growing against its leader. */
				if (rs[r].stale && old) {
					rs[r].leo = old->leo;
					rs[r].size = old->size;
				}
				if (!rs[r].in_isr)
					rs[r].out_of_isr_ms = old && !old->in_isr && old->out_of_isr_ms >= 0
							    ? old->out_of_isr_ms : s->taken_ms;
				if (rs[r].broker == kp->leader)
					leader = &rs[r];
			}
			if (leader && leader->size >= 0)
				kp->size = leader->size;
			for (int r = 0; r < kp->n_replicas; r++) {
				if (!leader || leader->leo < 0 || rs[r].leo < 0)
					continue;
				int64_t lag = leader->leo - rs[r].leo;
				rs[r].lag_offsets = lag > 0 ? lag : 0;
				if (leader->size >= 0 && rs[r].size >= 0) {
					int64_t b = leader->size - rs[r].size;
					rs[r].lag_bytes = b > 0 ? b : 0;
				}
			}
		}
	}
}

/* Carry low watermarks from the previous poll when not fetched now. */
static void carry_low(kd_snapshot *s, const kd_snapshot *prev)
{
	if (!prev)
		return;
	for (int t = 0; t < s->n_topics; t++) {
		kd_topic *kt = &s->topics[t];
		const kd_topic *pt = snapshot_topic(prev, kt->name);
		if (!pt || memcmp(pt->id, kt->id, 16))
			continue;
		for (int i = 0; i < kt->n_partitions; i++) {
			kd_partition *kp = &kt->partitions[i];
			const kd_partition *pp = snapshot_partition(prev, kt->name, kp->id);
			if (kp->low < 0 && pp && pp->low >= 0 && kp->high >= pp->low)
				kp->low = pp->low;
		}
	}
}

void cluster_poll_brokers(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev,
			  bool with_low)
{
	kd_arena tmp;

	alloc_replicas(s);
	for (int b = 0; b < s->n_brokers; b++) {
		kd_broker *br = &s->brokers[b];
		if (!br->up)
			continue;
		arena_init(&tmp);
		poll_broker(p, s, br, with_low, &tmp);
		arena_free(&tmp);
	}
	if (!with_low)
		carry_low(s, prev);
	/* Half a reading is no reading: a partition needs both watermarks. */
	for (int t = 0; t < s->n_topics; t++)
		for (int i = 0; i < s->topics[t].n_partitions; i++) {
			kd_partition *kp = &s->topics[t].partitions[i];
			if (kp->low < 0 || kp->high < 0 || kp->low > kp->high)
				kp->low = kp->high = KD_UNKNOWN;
		}
	cluster_poll_replicas(s, prev);
}

/* ---- topic configs -------------------------------------------------------- */

void cluster_poll_topic_configs(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev,
				bool refresh)
{
	bool missing = false;
	for (int t = 0; t < s->n_topics; t++) {
		kd_topic *kt = &s->topics[t];
		const kd_topic *pt = prev ? snapshot_topic(prev, kt->name) : NULL;
		kt->min_isr = pt ? pt->min_isr : 0;
		kt->leader_throttled = pt ? arena_strdup(&s->arena, pt->leader_throttled) : NULL;
		kt->follower_throttled = pt ? arena_strdup(&s->arena, pt->follower_throttled) : NULL;
		missing |= kt->min_isr == 0;
	}
	if (prev && (prev->na & KD_NA_CONFIGS)) {
		s->na |= KD_NA_CONFIGS;         /* asked once, not offered */
		return;
	}
	if ((!refresh && !missing) || s->n_topics == 0)
		return;
	/* with the throttles a reassignment sets on topics (the Apache tool's
	 * and kdeck's), so that one left behind is seen */
	static const char *const keys[] = { "min.insync.replicas",
		"leader.replication.throttled.replicas",
		"follower.replication.throttled.replicas" };
	char err[512];
	wire_conn *c = wire_pool_any(p, err, sizeof(err));
	if (!c)
		return;
	kd_arena tmp;
	arena_init(&tmp);
	const char **names = arena_calloc(&tmp, (size_t)s->n_topics, sizeof(char *));
	for (int t = 0; t < s->n_topics; t++)
		names[t] = s->topics[t].name;
	for (int at = 0; at < s->n_topics; at += CLUSTER_POLL_CONFIG_BATCH) {
		int n = s->n_topics - at < CLUSTER_POLL_CONFIG_BATCH ? s->n_topics - at
								     : CLUSTER_POLL_CONFIG_BATCH;
		wire_describeconfigs_req req = { WIRE_RESOURCE_TOPIC, NULL, keys, 3, false,
						 names + at, (size_t)n };
		wire_describeconfigs_resp *r = NULL;
		int rc = wire_call_describeconfigs(c, &req, &tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_ERR_UNSUPPORTED) {
			s->na |= KD_NA_CONFIGS;
			break;
		}
		if (rc) {
			snapshot_add_error(s, "topic configs: %s", err);
			if (wire_conn_failure(rc))
				wire_pool_failed(p, c, err);
			break;
		}
		for (size_t i = 0; i < r->n_results; i++) {
			const wire_config_result *res = &r->results[i];
			kd_topic *kt = res->resource_name && !res->error_code
				? snapshot_topic_mut(s, res->resource_name) : NULL;
			if (kt)
				kt->leader_throttled = kt->follower_throttled = NULL;
			for (size_t k = 0; kt && k < res->n_configs; k++) {
				const char *name = res->configs[k].name, *v = res->configs[k].value;
				if (!name || !v)
					continue;
				if (!strcmp(name, "min.insync.replicas"))
					kt->min_isr = atoi(v);
				else if (*v && !strcmp(name, "leader.replication.throttled.replicas"))
					kt->leader_throttled = arena_strdup(&s->arena, v);
				else if (*v && !strcmp(name, "follower.replication.throttled.replicas"))
					kt->follower_throttled = arena_strdup(&s->arena, v);
			}
		}
	}
	arena_free(&tmp);
}
