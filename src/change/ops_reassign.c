/* ops_reassign.c: reassignments, their cancellation, replication
 * throttles and leader elections as ops tables of the change pipeline.
 *
 * A reassignment's plan reads the cluster (metadata and log-dir sizes),
 * makes or checks the target lists (reassign_plan.h), and lists every
 * request of every step: the throttles, the moves, the wait and the
 * throttles' removal.  Throttles are set as the Apache tool sets them:
 * leader/follower.replication.throttled.rate on every broker a moving
 * partition touches, and on each topic the replicas that send
 * (leader.replication.throttled.replicas: the current ones) and receive
 * (follower.replication.throttled.replicas: the ones being added). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change.h"
#include "cluster_poll.h"
#include "log.h"
#include "ops_reassign.h"
#include "reassign_poll.h"
#include "termsafe.h"
#include "wire_call.h"
#include "wire_msg_reassign.h"

#define TIMEOUT_MS 30000
#define WAIT_POLL_MS 1000

static const char *const rate_keys[] = { "leader.replication.throttled.rate",
					 "follower.replication.throttled.rate" };
static const char *const replica_keys[] = { "leader.replication.throttled.replicas",
					    "follower.replication.throttled.replicas" };

/* ---- helpers ----------------------------------------------------------------- */

void reassign_bytes_text(int64_t b, char *buf, size_t len)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	double v = (double)b;
	int u = 0;
	if (b < 0) {
		snprintf(buf, len, "?");
		return;
	}
	while (v >= 1000.0 && u < 5) {
		v /= 1000.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%" PRId64 " B", b);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
}

int reassign_parse_rate(const char *text, int64_t *out, char *err, size_t errlen)
{
	char *end;
	double v = text && *text ? strtod(text, &end) : -1;
	if (!text || !*text || end == text || v < 0) {
		snprintf(err, errlen, "throttle '%s': expected bytes per second, as 1048576, "
			 "512kB or 10MB", text ? term_str(text) : "");
		return -1;
	}
	double mult = 1;
	if (!strcasecmp(end, "k") || !strcasecmp(end, "kb"))
		mult = 1e3;
	else if (!strcasecmp(end, "m") || !strcasecmp(end, "mb"))
		mult = 1e6;
	else if (!strcasecmp(end, "g") || !strcasecmp(end, "gb"))
		mult = 1e9;
	else if (!strcasecmp(end, "kib"))
		mult = 1024.0;
	else if (!strcasecmp(end, "mib"))
		mult = 1024.0 * 1024.0;
	else if (!strcasecmp(end, "gib"))
		mult = 1024.0 * 1024.0 * 1024.0;
	else if (*end && strcasecmp(end, "b")) {
		snprintf(err, errlen, "throttle '%s': unknown unit '%s' (B, kB, MB, GB, KiB, "
			 "MiB, GiB)", term_str(text), term_str(end));
		return -1;
	}
	v *= mult;
	if (v < 1 || v > 9.2e18) {
		snprintf(err, errlen, "throttle '%s': out of range (at least 1 byte per second)",
			 term_str(text));
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

static bool has_id(const int32_t *ids, int n, int32_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static int cmp_id(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The cluster with log-dir sizes (and, with full, the moving partitions
 * and every throttle), read for a plan. */
kd_snapshot *reassign_read_cluster(wire_pool *pool, bool full, char *err, size_t errlen)
{
	kd_snapshot *s = snapshot_new();
	if (cluster_poll_metadata(pool, s, NULL) != CLUSTER_POLL_OK) {
		snprintf(err, errlen, "cannot read the cluster: %s",
			 s->n_errors ? s->errors[s->n_errors - 1] : "no broker answered");
		snapshot_free(s);
		return NULL;
	}
	cluster_poll_brokers(pool, s, NULL, false);
	if (full) {
		cluster_poll_topic_configs(pool, s, NULL, true);
		reassign_poll(pool, s, NULL, true);
		if (!s->reassign_known) {
			snprintf(err, errlen, "cannot list the moving partitions: %s",
				 s->n_errors ? s->errors[s->n_errors - 1]
					     : "ListPartitionReassignments is not offered");
			snapshot_free(s);
			return NULL;
		}
	}
	snapshot_finish(s);
	return s;
}

void reassign_cluster_from(const kd_snapshot *s, rp_cluster *out)
{
	rp_broker *b = calloc((size_t)s->n_brokers + 1, sizeof(*b));
	rp_partition *p = calloc((size_t)s->n_partitions + 1, sizeof(*p));
	if (!b || !p)
		abort();
	for (int i = 0; i < s->n_brokers; i++)
		b[i] = (rp_broker){ s->brokers[i].id, s->brokers[i].rack, s->brokers[i].up };
	int n = 0;
	for (int t = 0; t < s->n_topics; t++)
		for (int i = 0; i < s->topics[t].n_partitions && n < s->n_partitions; i++) {
			const kd_partition *kp = &s->topics[t].partitions[i];
			rp_partition *rp = &p[n++];
			rp->topic = s->topics[t].name;
			rp->partition = kp->id;
			rp->n_replicas = kp->n_replicas < RP_MAX_RF ? kp->n_replicas : RP_MAX_RF;
			memcpy(rp->replicas, kp->replicas, (size_t)rp->n_replicas * sizeof(int32_t));
			rp->size = kp->size;
		}
	*out = (rp_cluster){ s->n_brokers, b, n, p };
}

void reassign_cluster_free(rp_cluster *c)
{
	free((void *)c->brokers);
	free((void *)c->partitions);
	memset(c, 0, sizeof(*c));
}

static int partition_error(const wire_part_result *r, size_t n, const char *what,
			   char *err, size_t errlen)
{
	char name[48];
	for (size_t i = 0; i < n; i++) {
		/* an election that is not needed is no failure */
		if (!r[i].error_code || r[i].error_code == 84)
			continue;
		snprintf(err, errlen, "%s: %s-%" PRId32 ": %s%s%s", what,
			 r[i].topic ? term_str(r[i].topic) : "?", r[i].partition,
			 wire_error_name(r[i].error_code, name, sizeof(name)),
			 r[i].error_message ? ": " : "",
			 r[i].error_message ? term_str(r[i].error_message) : "");
		return -1;
	}
	return 0;
}

static int alter_configs(wire_pool *pool, kd_arena *a, int8_t type, const char *name,
			 int32_t broker, const wire_alter_config *ac, size_t n,
			 char *err, size_t errlen)
{
	char why[512], ename[48];
	wire_alterconfigs_req req = { type, name, ac, n, false };
	wire_alterconfigs_resp *resp;
	/* a broker's configs go to that broker */
	wire_conn *conn = type == WIRE_RESOURCE_BROKER ? wire_pool_get(pool, broker, why, sizeof(why))
						       : wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_alterconfigs(conn, &req, a, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "IncrementalAlterConfigs (%s %s): %s",
			 type == WIRE_RESOURCE_BROKER ? "broker" : "topic", term_str(name), why);
		return -1;
	}
	if (resp->error_code) {
		snprintf(err, errlen, "%s %s refused the throttle: %s%s%s",
			 type == WIRE_RESOURCE_BROKER ? "broker" : "topic", term_str(name),
			 wire_error_name(resp->error_code, ename, sizeof(ename)),
			 resp->error_message ? ": " : "",
			 resp->error_message ? term_str(resp->error_message) : "");
		return -1;
	}
	return 0;
}

/* ---- reassign ------------------------------------------------------------------ */

enum { STEP_THROTTLE, STEP_MOVE, STEP_WAIT, STEP_CLEAR };

typedef struct topic_throttle {
	const char *topic;
	char *leader, *follower;        /* "0:1,0:2": partition:broker */
} topic_throttle;

typedef struct reassign_priv {
	rp_plan plan;
	int64_t throttle;
	bool wait;
	int n_brokers;
	int32_t *brokers;               /* every broker a move touches, sorted */
	int n_topics;
	topic_throttle *topics;
	int steps[4];                   /* step index -> STEP_* */
} reassign_priv;

static const void *reassign_copy(kd_arena *a, const void *spec)
{
	const reassign_spec *s = spec;
	reassign_spec *n = arena_memdup(a, s, sizeof(*s));
	n->topic = arena_strdup(a, s->topic);
	if (s->moves) {
		rp_plan *p = arena_calloc(a, 1, sizeof(*p));
		p->n_moves = s->moves->n_moves;
		p->moves = arena_calloc(a, (size_t)(p->n_moves ? p->n_moves : 1), sizeof(rp_move));
		for (int i = 0; i < p->n_moves; i++) {
			p->moves[i] = s->moves->moves[i];
			p->moves[i].topic = (char *)arena_strdup(a, s->moves->moves[i].topic);
		}
		n->moves = p;
	}
	return n;
}

static void reassign_release(kd_change *c)
{
	reassign_priv *r = c->priv;
	if (!r)
		return;
	rp_plan_free(&r->plan);
	free(r->brokers);
	for (int i = 0; i < r->n_topics; i++) {
		free(r->topics[i].leader);
		free(r->topics[i].follower);
	}
	free(r->topics);
	free(r);
	c->priv = NULL;
}

const rp_plan *reassign_change_plan(const kd_change *c)
{
	return c && c->ops && c->ops->release == reassign_release && c->priv
		? &((const reassign_priv *)c->priv)->plan : NULL;
}

/* Append "p:b" to a malloc'd list. */
static void list_add(char **list, int32_t part, int32_t broker)
{
	size_t old = *list ? strlen(*list) : 0;
	char item[32];
	int n = snprintf(item, sizeof(item), "%s%" PRId32 ":%" PRId32, old ? "," : "", part, broker);
	char *p = realloc(*list, old + (size_t)n + 1);
	if (!p)
		abort();
	memcpy(p + old, item, (size_t)n + 1);
	*list = p;
}

static void throttle_targets(reassign_priv *r)
{
	int cap = 0;
	for (int i = 0; i < r->plan.n_moves; i++) {
		const rp_move *m = &r->plan.moves[i];
		cap += m->n_old + m->n_new;
	}
	r->brokers = calloc((size_t)cap + 1, sizeof(int32_t));
	r->topics = calloc((size_t)r->plan.n_moves + 1, sizeof(topic_throttle));
	if (!r->brokers || !r->topics)
		abort();
	for (int i = 0; i < r->plan.n_moves; i++) {
		const rp_move *m = &r->plan.moves[i];
		for (int k = 0; k < m->n_old; k++)
			if (!has_id(r->brokers, r->n_brokers, m->old_replicas[k]))
				r->brokers[r->n_brokers++] = m->old_replicas[k];
		for (int k = 0; k < m->n_new; k++)
			if (!has_id(r->brokers, r->n_brokers, m->new_replicas[k]))
				r->brokers[r->n_brokers++] = m->new_replicas[k];
		/* moves are sorted by topic: a topic's partitions are adjacent */
		if (!r->n_topics || strcmp(r->topics[r->n_topics - 1].topic, m->topic))
			r->topics[r->n_topics++].topic = m->topic;
		topic_throttle *t = &r->topics[r->n_topics - 1];
		for (int k = 0; k < m->n_old; k++)
			list_add(&t->leader, m->partition, m->old_replicas[k]);
		for (int k = 0; k < m->n_new; k++)
			if (!has_id(m->old_replicas, m->n_old, m->new_replicas[k]))
				list_add(&t->follower, m->partition, m->new_replicas[k]);
	}
	qsort(r->brokers, (size_t)r->n_brokers, sizeof(int32_t), cmp_id);
}

static const char *how_text(const reassign_spec *s, char *buf, size_t len)
{
	switch (s->how) {
	case REASSIGN_DRAIN:
		snprintf(buf, len, "drain broker %" PRId32 "%s%s", s->broker,
			 s->topic ? " of topic " : "", s->topic ? s->topic : "");
		break;
	case REASSIGN_REBALANCE:
		snprintf(buf, len, "rebalance %s", s->topic ? s->topic : "every topic");
		break;
	case REASSIGN_SET_RF:
		snprintf(buf, len, "replication factor of %s to %d", s->topic, s->rf);
		break;
	default:
		snprintf(buf, len, "the given replica lists");
	}
	return buf;
}

static int reassign_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const reassign_spec *s = c->spec;
	char how[160];

	if (s->how == REASSIGN_MOVES && (!s->moves || !s->moves->n_moves)) {
		snprintf(err, errlen, "the plan lists no partition");
		return -1;
	}
	if (s->throttle < 0) {
		snprintf(err, errlen, "the throttle cannot be negative");
		return -1;
	}
	kd_snapshot *snap = reassign_read_cluster(pool, false, err, errlen);
	if (!snap)
		return -1;
	rp_cluster cl;
	reassign_cluster_from(snap, &cl);
	reassign_priv *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	c->priv = r;
	r->throttle = s->throttle;
	r->wait = s->wait;
	int rc = 0;
	switch (s->how) {
	case REASSIGN_DRAIN:
		/* one topic's replicas only: the others stay where they are */
		if (s->topic) {
			int n = 0;
			rp_partition *parts = (rp_partition *)cl.partitions;
			for (int i = 0; i < cl.n_partitions; i++)
				if (!strcmp(parts[i].topic, s->topic))
					parts[n++] = parts[i];
			cl.n_partitions = n;
			if (!n) {
				snprintf(err, errlen, "topic %s does not exist", term_str(s->topic));
				rc = -1;
				break;
			}
		}
		rc = rp_drain(&cl, s->broker, &r->plan, err, errlen);
		break;
	case REASSIGN_REBALANCE:
		rc = rp_rebalance(&cl, s->topic, &r->plan, err, errlen);
		break;
	case REASSIGN_SET_RF:
		rc = rp_set_rf(&cl, s->topic, s->rf, &r->plan, err, errlen);
		break;
	case REASSIGN_MOVES:
		r->plan.n_moves = s->moves->n_moves;
		r->plan.moves = calloc((size_t)r->plan.n_moves, sizeof(rp_move));
		if (!r->plan.moves)
			abort();
		for (int i = 0; i < r->plan.n_moves; i++) {
			r->plan.moves[i] = s->moves->moves[i];
			r->plan.moves[i].topic = strdup(s->moves->moves[i].topic);
			r->plan.moves[i].n_old = 0;     /* the cluster says what they are now */
			if (!r->plan.moves[i].topic)
				abort();
		}
		rc = rp_validate(&cl, &r->plan, err, errlen);
		break;
	}
	if (rc) {
		reassign_cluster_free(&cl);
		snapshot_free(snap);
		return -1;
	}
	/* a list that is already the partition's changes nothing: dropped */
	int kept = 0;
	for (int i = 0; i < r->plan.n_moves; i++) {
		rp_move *m = &r->plan.moves[i];
		if (m->n_old == m->n_new &&
		    !memcmp(m->old_replicas, m->new_replicas, (size_t)m->n_new * sizeof(int32_t))) {
			free(m->topic);
			continue;
		}
		r->plan.moves[kept++] = *m;
	}
	r->plan.n_moves = kept;

	rp_stats st;
	rp_stats_compute(&cl, &r->plan, &st);
	char bytes[32], rate[32];
	reassign_bytes_text(st.bytes_to_copy, bytes, sizeof(bytes));
	change_title(c, "Reassign %d partition%s: %s", r->plan.n_moves,
		     r->plan.n_moves == 1 ? "" : "s", how_text(s, how, sizeof(how)));
	if (s->throttle > 0) {
		reassign_bytes_text(s->throttle, rate, sizeof(rate));
		double secs = (double)st.bytes_to_copy / (double)s->throttle;
		change_summary(c, "%d replica%s to copy, %s%s; throttled at %s/s: about %.0f s",
			       st.replicas_added, st.replicas_added == 1 ? "" : "s", bytes,
			       st.unknown_sizes ? " (some sizes unknown)" : "", rate,
			       secs < 1 ? 1 : secs);
	} else {
		change_summary(c, "%d replica%s to copy, %s%s; not throttled",
			       st.replicas_added, st.replicas_added == 1 ? "" : "s", bytes,
			       st.unknown_sizes ? " (some sizes unknown)" : "");
	}
	static const char *const cols[] = { "PARTITION", "REPLICAS", "TARGET", "RACKS", "BYTES" };
	change_columns(c, 5, cols);
	for (int i = 0; i < r->plan.n_moves; i++) {
		const rp_move *m = &r->plan.moves[i];
		const rp_partition *cp = NULL;
		for (int k = 0; k < cl.n_partitions && !cp; k++)
			if (cl.partitions[k].partition == m->partition &&
			    !strcmp(cl.partitions[k].topic, m->topic))
				cp = &cl.partitions[k];
		char part[300], before[200], after[200], racks[32], size[32];
		snprintf(part, sizeof(part), "%s-%" PRId32, m->topic, m->partition);
		rp_ids_text(before, sizeof(before), m->old_replicas, m->n_old, true);
		rp_ids_text(after, sizeof(after), m->new_replicas, m->n_new, true);
		snprintf(racks, sizeof(racks), "%d -> %d", rp_racks(&cl, m->old_replicas, m->n_old),
			 rp_racks(&cl, m->new_replicas, m->n_new));
		reassign_bytes_text(cp ? cp->size : -1, size, sizeof(size));
		const char *row[] = { part, before, after, racks, size };
		change_row(c, row);
	}
	for (int b = 0; b < st.n_brokers; b++) {
		const rp_broker_count *bc = &st.brokers[b];
		if (bc->replicas_before == bc->replicas_after &&
		    bc->leaders_before == bc->leaders_after)
			continue;
		change_note(c, "broker %" PRId32 ": replicas %d -> %d, preferred leaders %d -> %d",
			    bc->id, bc->replicas_before, bc->replicas_after, bc->leaders_before,
			    bc->leaders_after);
	}
	rp_stats_free(&st);
	if (!r->plan.n_moves)
		change_refuse(c, "nothing to move: every partition already has its target replicas");

	/* the steps, and every request of each */
	throttle_targets(r);
	int n = 0;
	if (s->throttle > 0) {
		r->steps[n++] = STEP_THROTTLE;
		for (int i = 0; i < r->n_brokers; i++)
			change_request(c, "IncrementalAlterConfigs: broker %" PRId32 ": SET %s=%" PRId64
				       ", %s=%" PRId64, r->brokers[i], rate_keys[0], s->throttle,
				       rate_keys[1], s->throttle);
		for (int i = 0; i < r->n_topics; i++)
			change_request(c, "IncrementalAlterConfigs: topic %s: SET %s=%s, %s=%s",
				       r->topics[i].topic, replica_keys[0],
				       r->topics[i].leader ? r->topics[i].leader : "",
				       replica_keys[1],
				       r->topics[i].follower ? r->topics[i].follower : "");
	}
	r->steps[n++] = STEP_MOVE;
	for (int i = 0; i < r->plan.n_moves; i++) {
		const rp_move *m = &r->plan.moves[i];
		char before[200], after[200];
		rp_ids_text(before, sizeof(before), m->old_replicas, m->n_old, true);
		rp_ids_text(after, sizeof(after), m->new_replicas, m->n_new, true);
		change_request(c, "AlterPartitionReassignments: %s-%" PRId32 ": %s -> %s", m->topic,
			       m->partition, before, after);
	}
	if (s->wait) {
		r->steps[n++] = STEP_WAIT;
		change_request(c, "ListPartitionReassignments: every %d ms until these %d "
			       "partitions are done", WAIT_POLL_MS, r->plan.n_moves);
		if (s->throttle > 0) {
			r->steps[n++] = STEP_CLEAR;
			for (int i = 0; i < r->n_brokers; i++)
				change_request(c, "IncrementalAlterConfigs: broker %" PRId32
					       ": DELETE %s, %s", r->brokers[i], rate_keys[0],
					       rate_keys[1]);
			for (int i = 0; i < r->n_topics; i++)
				change_request(c, "IncrementalAlterConfigs: topic %s: DELETE %s, %s",
					       r->topics[i].topic, replica_keys[0], replica_keys[1]);
		}
	} else if (s->throttle > 0) {
		change_note(c, "the throttles stay until removed: `kdeck reassign finish`, or F in "
			    "the Reassignments pane, once every partition is done");
	}
	c->n_steps = n;
	reassign_cluster_free(&cl);
	snapshot_free(snap);
	return 0;
}

static int set_throttles(kd_change *c, wire_pool *pool, const reassign_priv *r, bool clear,
			 char *err, size_t errlen)
{
	char rate[32];
	snprintf(rate, sizeof(rate), "%" PRId64, r->throttle);
	int8_t op = clear ? WIRE_CONFIG_DELETE : WIRE_CONFIG_SET;
	int rc = 0;
	for (int i = 0; i < r->n_brokers; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%" PRId32, r->brokers[i]);
		wire_alter_config ac[2] = { { rate_keys[0], op, clear ? NULL : rate },
					    { rate_keys[1], op, clear ? NULL : rate } };
		/* clearing goes on past a failure: leave as little behind as we can */
		if (alter_configs(pool, &c->arena, WIRE_RESOURCE_BROKER, id, r->brokers[i], ac, 2,
				  err, errlen)) {
			if (!clear)
				return -1;
			rc = -1;
		}
	}
	for (int i = 0; i < r->n_topics; i++) {
		const topic_throttle *t = &r->topics[i];
		wire_alter_config ac[2] = {
			{ replica_keys[0], op, clear ? NULL : t->leader ? t->leader : "" },
			{ replica_keys[1], op, clear ? NULL : t->follower ? t->follower : "" } };
		if (alter_configs(pool, &c->arena, WIRE_RESOURCE_TOPIC, t->topic, -1, ac, 2,
				  err, errlen)) {
			if (!clear)
				return -1;
			rc = -1;
		}
	}
	return rc;
}

static int send_moves(kd_change *c, wire_pool *pool, const rp_plan *p, bool cancel,
		      char *err, size_t errlen)
{
	char why[512], name[48];
	wire_reassign_part *parts = arena_calloc(&c->arena, (size_t)p->n_moves + 1, sizeof(*parts));
	for (int i = 0; i < p->n_moves; i++)
		parts[i] = (wire_reassign_part){ p->moves[i].topic, p->moves[i].partition,
						 p->moves[i].new_replicas,
						 cancel ? -1 : p->moves[i].n_new };
	wire_alterreassign_req req = { TIMEOUT_MS, parts, (size_t)p->n_moves };
	wire_alterreassign_resp *resp;
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_alterreassign(conn, &req, &c->arena, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "AlterPartitionReassignments: %s", why);
		return -1;
	}
	if (resp->error_code) {
		snprintf(err, errlen, "the broker refused it: %s%s%s",
			 wire_error_name(resp->error_code, name, sizeof(name)),
			 resp->error_message ? ": " : "",
			 resp->error_message ? term_str(resp->error_message) : "");
		return -1;
	}
	return partition_error(resp->parts, resp->n_parts, "the broker refused", err, errlen);
}

/* Until none of the plan's partitions is listed as moving. */
static int wait_done(kd_change *c, wire_pool *pool, const rp_plan *p, char *err, size_t errlen)
{
	int failures = 0;
	for (;;) {
		char why[512];
		kd_arena tmp;
		arena_init(&tmp);
		wire_listreassign_req req = { TIMEOUT_MS, NULL, 0 };
		wire_listreassign_resp *resp;
		wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
		int rc = conn ? wire_call_listreassign(conn, &req, &tmp, &resp, NULL, why, sizeof(why))
			      : -1;
		if (rc == 0 && !resp->error_code) {
			int moving = 0;
			for (size_t i = 0; i < resp->n_parts; i++)
				for (int k = 0; k < p->n_moves; k++)
					moving += resp->parts[i].topic &&
						resp->parts[i].partition == p->moves[k].partition &&
						!strcmp(resp->parts[i].topic, p->moves[k].topic);
			arena_free(&tmp);
			if (!moving)
				return 0;
			failures = 0;
		} else {
			arena_free(&tmp);
			if (conn && rc && wire_conn_failure(rc))
				wire_pool_failed(pool, conn, why);
			/* a broker restarting is no reason to stop watching */
			if (++failures > 60) {
				snprintf(err, errlen, "cannot watch the reassignment: %s", why);
				return -1;
			}
		}
		(void)c;
		usleep(WAIT_POLL_MS * 1000);
	}
}

static int reassign_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	const reassign_priv *r = c->priv;
	switch (r->steps[step]) {
	case STEP_THROTTLE:
		return set_throttles(c, pool, r, false, err, errlen);
	case STEP_MOVE:
		return send_moves(c, pool, &r->plan, false, err, errlen);
	case STEP_WAIT:
		return wait_done(c, pool, &r->plan, err, errlen);
	case STEP_CLEAR:
		if (set_throttles(c, pool, r, true, err, errlen))
			return -1;
		log_info("reassignment done: the throttles kdeck set were removed");
		return 0;
	}
	return 0;
}

const kd_change_ops change_reassign = {
	.name = "reassign", .kind = GATE_REASSIGN, .spec_copy = reassign_copy,
	.plan = reassign_plan, .apply = reassign_apply, .release = reassign_release,
	.done = "done: the reassignment was started (progress in the Reassignments pane)",
};

/* ---- cancel -------------------------------------------------------------------- */

static const void *cancel_copy(kd_arena *a, const void *spec)
{
	const reassign_cancel_spec *s = spec;
	reassign_cancel_spec *n = arena_memdup(a, s, sizeof(*s));
	n->topic = arena_strdup(a, s->topic);
	return n;
}

static int cancel_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const reassign_cancel_spec *s = c->spec;
	kd_snapshot *snap = reassign_read_cluster(pool, true, err, errlen);
	if (!snap)
		return -1;
	reassign_priv *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	c->priv = r;
	r->plan.moves = calloc((size_t)snap->n_reassignments + 1, sizeof(rp_move));
	if (!r->plan.moves)
		abort();
	static const char *const cols[] = { "PARTITION", "REPLICAS", "ADDING", "REMOVING",
					    "BACK TO" };
	change_columns(c, 5, cols);
	for (int i = 0; i < snap->n_reassignments; i++) {
		const kd_reassignment *k = &snap->reassignments[i];
		if (s->topic && (strcmp(s->topic, k->topic) ||
				 (s->partition >= 0 && s->partition != k->partition)))
			continue;
		rp_move *m = &r->plan.moves[r->plan.n_moves++];
		m->topic = strdup(k->topic);
		if (!m->topic)
			abort();
		m->partition = k->partition;
		char part[300], reps[200], add[200], rem[200], back[200];
		int32_t orig[KD_REPLICAS_MAX];
		int n = 0;
		for (int j = 0; j < k->n_replicas; j++)
			if (!has_id(k->adding, k->n_adding, k->replicas[j]))
				orig[n++] = k->replicas[j];
		/* the set it goes back to (Kafka restores its own order) */
		qsort(orig, (size_t)n, sizeof(int32_t), cmp_id);
		snprintf(part, sizeof(part), "%s-%" PRId32, k->topic, k->partition);
		rp_ids_text(reps, sizeof(reps), k->replicas, k->n_replicas, true);
		rp_ids_text(add, sizeof(add), k->adding, k->n_adding, true);
		rp_ids_text(rem, sizeof(rem), k->removing, k->n_removing, true);
		rp_ids_text(back, sizeof(back), orig, n, true);
		const char *row[] = { part, reps, add, rem, back };
		change_row(c, row);
		change_request(c, "AlterPartitionReassignments: %s-%" PRId32 ": cancel", k->topic,
			       k->partition);
	}
	change_title(c, "Cancel %d reassignment%s", r->plan.n_moves,
		     r->plan.n_moves == 1 ? "" : "s");
	change_summary(c, "each partition goes back to its replicas before the move; copied "
		       "data on the added replicas is deleted");
	if (!r->plan.n_moves)
		change_refuse(c, "no partition%s%s is being reassigned", s->topic ? " of " : "",
			      s->topic ? s->topic : "");
	snapshot_free(snap);
	return 0;
}

static int cancel_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	(void)step;
	return send_moves(c, pool, &((const reassign_priv *)c->priv)->plan, true, err, errlen);
}

const kd_change_ops change_reassign_cancel = {
	.name = "reassign-cancel", .kind = GATE_REASSIGN_CANCEL, .spec_copy = cancel_copy,
	.plan = cancel_plan, .apply = cancel_apply, .release = reassign_release,
	.done = "done: the reassignments were cancelled",
};

/* ---- throttles ------------------------------------------------------------------- */

static const void *throttle_copy(kd_arena *a, const void *spec)
{
	return arena_memdup(a, spec, sizeof(throttle_spec));
}

typedef struct throttle_priv {
	int n_brokers;
	int32_t brokers[KD_UNLISTED_BROKERS_MAX];
	int n_topics;
	const char **topics;            /* in the change's arena */
} throttle_priv;

static int throttle_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const throttle_spec *s = c->spec;
	kd_snapshot *snap = reassign_read_cluster(pool, true, err, errlen);
	if (!snap)
		return -1;
	throttle_priv *t = arena_calloc(&c->arena, 1, sizeof(*t));
	c->priv = t;
	t->topics = arena_calloc(&c->arena, (size_t)snap->n_topics + 1, sizeof(char *));
	char rate[32];
	reassign_bytes_text(s->rate, rate, sizeof(rate));
	if (s->rate > 0) {
		/* every broker a moving partition touches */
		for (int i = 0; i < snap->n_reassignments; i++) {
			const kd_reassignment *k = &snap->reassignments[i];
			for (int j = 0; j < k->n_replicas; j++)
				if (!has_id(t->brokers, t->n_brokers, k->replicas[j]) &&
				    t->n_brokers < KD_UNLISTED_BROKERS_MAX)
					t->brokers[t->n_brokers++] = k->replicas[j];
		}
		qsort(t->brokers, (size_t)t->n_brokers, sizeof(int32_t), cmp_id);
		change_title(c, "Throttle the moving partitions at %s/s", rate);
		change_summary(c, "%d partition%s moving over %d broker%s", snap->n_reassignments,
			       snap->n_reassignments == 1 ? "" : "s", t->n_brokers,
			       t->n_brokers == 1 ? "" : "s");
		static const char *const cols[] = { "BROKER", "LEADER RATE", "FOLLOWER RATE", "NEW" };
		change_columns(c, 4, cols);
		for (int i = 0; i < t->n_brokers; i++) {
			const kd_broker *b = snapshot_broker(snap, t->brokers[i]);
			char id[16], lr[32], fr[32];
			snprintf(id, sizeof(id), "%" PRId32, t->brokers[i]);
			reassign_bytes_text(b ? b->leader_throttle : -1, lr, sizeof(lr));
			reassign_bytes_text(b ? b->follower_throttle : -1, fr, sizeof(fr));
			const char *row[] = { id, b && b->leader_throttle >= 0 ? lr : "none",
					      b && b->follower_throttle >= 0 ? fr : "none", rate };
			change_row(c, row);
			change_request(c, "IncrementalAlterConfigs: broker %" PRId32 ": SET %s=%" PRId64
				       ", %s=%" PRId64, t->brokers[i], rate_keys[0], s->rate,
				       rate_keys[1], s->rate);
		}
		if (!snap->n_reassignments)
			change_refuse(c, "no partition is moving: a throttle is set with the "
				      "reassignment (--throttle)");
	} else {
		change_title(c, "Remove every replication throttle");
		static const char *const cols[] = { "WHERE", "CONFIG", "VALUE" };
		change_columns(c, 3, cols);
		for (int i = 0; i < snap->n_brokers; i++) {
			const kd_broker *b = &snap->brokers[i];
			if (b->leader_throttle < 0 && b->follower_throttle < 0)
				continue;
			char where[32], v[32];
			snprintf(where, sizeof(where), "broker %" PRId32, b->id);
			for (int k = 0; k < 2; k++) {
				int64_t val = k ? b->follower_throttle : b->leader_throttle;
				if (val < 0)
					continue;
				snprintf(v, sizeof(v), "%" PRId64, val);
				const char *row[] = { where, rate_keys[k], v };
				change_row(c, row);
			}
			t->brokers[t->n_brokers++] = b->id;
			change_request(c, "IncrementalAlterConfigs: broker %" PRId32 ": DELETE %s, %s",
				       b->id, rate_keys[0], rate_keys[1]);
		}
		for (int i = 0; i < snap->n_topics; i++) {
			const kd_topic *kt = &snap->topics[i];
			if (!kt->leader_throttled && !kt->follower_throttled)
				continue;
			char where[300];
			snprintf(where, sizeof(where), "topic %s", kt->name);
			if (kt->leader_throttled) {
				const char *row[] = { where, replica_keys[0], kt->leader_throttled };
				change_row(c, row);
			}
			if (kt->follower_throttled) {
				const char *row[] = { where, replica_keys[1], kt->follower_throttled };
				change_row(c, row);
			}
			t->topics[t->n_topics++] = arena_strdup(&c->arena, kt->name);
			change_request(c, "IncrementalAlterConfigs: topic %s: DELETE %s, %s", kt->name,
				       replica_keys[0], replica_keys[1]);
		}
		change_summary(c, "%d broker%s and %d topic%s have a replication throttle",
			       t->n_brokers, t->n_brokers == 1 ? "" : "s", t->n_topics,
			       t->n_topics == 1 ? "" : "s");
		if (snap->n_reassignments)
			change_refuse(c, "%d partition%s still moving: removing the throttles would "
				      "unthrottle them (cancel them, or wait until they are done)",
				      snap->n_reassignments, snap->n_reassignments == 1 ? " is" : "s are");
		else if (!t->n_brokers && !t->n_topics)
			change_refuse(c, "no replication throttle is set: nothing to remove");
	}
	snapshot_free(snap);
	return 0;
}

static int throttle_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	const throttle_spec *s = c->spec;
	const throttle_priv *t = c->priv;
	char rate[32];
	int8_t op = s->rate > 0 ? WIRE_CONFIG_SET : WIRE_CONFIG_DELETE;
	int rc = 0;
	(void)step;
	snprintf(rate, sizeof(rate), "%" PRId64, s->rate);
	for (int i = 0; i < t->n_brokers; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%" PRId32, t->brokers[i]);
		wire_alter_config ac[2] = { { rate_keys[0], op, s->rate > 0 ? rate : NULL },
					    { rate_keys[1], op, s->rate > 0 ? rate : NULL } };
		rc |= alter_configs(pool, &c->arena, WIRE_RESOURCE_BROKER, id, t->brokers[i], ac, 2,
				    err, errlen);
	}
	for (int i = 0; i < t->n_topics; i++) {
		wire_alter_config ac[2] = { { replica_keys[0], WIRE_CONFIG_DELETE, NULL },
					    { replica_keys[1], WIRE_CONFIG_DELETE, NULL } };
		rc |= alter_configs(pool, &c->arena, WIRE_RESOURCE_TOPIC, t->topics[i], -1, ac, 2,
				    err, errlen);
	}
	return rc ? -1 : 0;
}

const kd_change_ops change_throttle = {
	.name = "throttle", .kind = GATE_THROTTLE, .spec_copy = throttle_copy,
	.plan = throttle_plan, .apply = throttle_apply,
	.done = "done: the replication throttles were changed",
};

/* ---- leader election -------------------------------------------------------------- */

static const void *elect_copy(kd_arena *a, const void *spec)
{
	const elect_spec *s = spec;
	elect_spec *n = arena_memdup(a, s, sizeof(*s));
	n->topic = arena_strdup(a, s->topic);
	return n;
}

typedef struct elect_priv {
	int n;
	wire_reassign_part *parts;      /* in the change's arena */
} elect_priv;

static int elect_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const elect_spec *s = c->spec;
	kd_snapshot *snap = reassign_read_cluster(pool, false, err, errlen);
	if (!snap)
		return -1;
	if (s->topic && !snapshot_topic(snap, s->topic)) {
		snprintf(err, errlen, "topic %s does not exist", term_str(s->topic));
		snapshot_free(snap);
		return -1;
	}
	if (s->topic && s->partition >= 0 && !snapshot_partition(snap, s->topic, s->partition)) {
		snprintf(err, errlen, "topic %s has no partition %" PRId32, term_str(s->topic),
			 s->partition);
		snapshot_free(snap);
		return -1;
	}
	elect_priv *e = arena_calloc(&c->arena, 1, sizeof(*e));
	c->priv = e;
	e->parts = arena_calloc(&c->arena, (size_t)snap->n_partitions + 1, sizeof(wire_reassign_part));
	static const char *const cols[] = { "PARTITION", "LEADER", "PREFERRED", "REPLICAS", "ISR" };
	change_columns(c, 5, cols);
	int skew_before = snap->leader_skew;
	for (int t = 0; t < snap->n_topics; t++) {
		const kd_topic *kt = &snap->topics[t];
		if (s->topic && strcmp(s->topic, kt->name))
			continue;
		for (int i = 0; i < kt->n_partitions; i++) {
			const kd_partition *kp = &kt->partitions[i];
			if (s->partition >= 0 && s->topic && kp->id != s->partition)
				continue;
			if (kp->n_replicas < 1)
				continue;
			bool want;
			if (s->unclean)
				want = kp->leader < 0;  /* only a partition without a leader */
			else
				want = kp->leader != kp->replicas[0] &&
					has_id(kp->isr, kp->n_isr, kp->replicas[0]);
			if (!want)
				continue;
			e->parts[e->n++] = (wire_reassign_part){
				arena_strdup(&c->arena, kt->name), kp->id, NULL, 0 };
			char part[300], leader[16], pref[16], reps[200], isr[200];
			snprintf(part, sizeof(part), "%s-%" PRId32, kt->name, kp->id);
			if (kp->leader < 0)
				snprintf(leader, sizeof(leader), "none");
			else
				snprintf(leader, sizeof(leader), "%" PRId32, kp->leader);
			snprintf(pref, sizeof(pref), "%" PRId32, kp->replicas[0]);
			rp_ids_text(reps, sizeof(reps), kp->replicas, kp->n_replicas, true);
			rp_ids_text(isr, sizeof(isr), kp->isr, kp->n_isr, true);
			const char *row[] = { part, leader, pref, reps, isr };
			change_row(c, row);
			change_request(c, "ElectLeaders: %s: %s-%" PRId32,
				       s->unclean ? "UNCLEAN" : "PREFERRED", kt->name, kp->id);
		}
	}
	if (s->unclean) {
		change_title(c, "Unclean leader election for %d partition%s", e->n,
			     e->n == 1 ? "" : "s");
		change_summary(c, "a replica that is not in sync becomes leader: messages it lacks "
			       "are lost for good");
		if (!s->unclean_confirmed)
			change_refuse(c, "unclean election can lose committed messages: it needs a "
				      "second, explicit confirmation (--accept-data-loss, or type "
				      "'lose data' in the form)");
		else if (!e->n)
			change_refuse(c, "nothing to elect: every partition has a leader");
	} else {
		change_title(c, "Preferred leader election for %d partition%s", e->n,
			     e->n == 1 ? "" : "s");
		change_summary(c, "%d partition%s of the cluster led by another than the preferred "
			       "replica; those listed have it in sync", skew_before,
			       skew_before == 1 ? " is" : "s are");
		if (!e->n)
			change_refuse(c, "nothing to elect: every partition%s is led by its preferred "
				      "replica (or it is not in sync)", s->topic ? " of the topic" : "");
	}
	snapshot_free(snap);
	return 0;
}

static int elect_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	const elect_spec *s = c->spec;
	const elect_priv *e = c->priv;
	char why[512], name[48];
	(void)step;
	wire_electleaders_req req = { s->unclean ? WIRE_ELECT_UNCLEAN : WIRE_ELECT_PREFERRED,
				      e->parts, (size_t)e->n, TIMEOUT_MS };
	wire_electleaders_resp *resp;
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_electleaders(conn, &req, &c->arena, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "ElectLeaders: %s", why);
		return -1;
	}
	if (resp->error_code) {
		snprintf(err, errlen, "the broker refused it: %s",
			 wire_error_name(resp->error_code, name, sizeof(name)));
		return -1;
	}
	return partition_error(resp->parts, resp->n_parts, "the election failed", err, errlen);
}

const kd_change_ops change_elect_leaders = {
	.name = "elect-leaders", .kind = GATE_ELECT_LEADERS, .spec_copy = elect_copy,
	.plan = elect_plan, .apply = elect_apply,
	.done = "done: the leaders were elected (they show on the next poll)",
};
