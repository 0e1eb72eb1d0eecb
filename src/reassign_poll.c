/* reassign_poll.c: see reassign_poll.h. */
#include "config.h"

#include "reassign_poll.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire_call.h"
#include "wire_msg_reassign.h"

static int cmp_reassign(const void *a, const void *b)
{
	const kd_reassignment *x = a, *y = b;
	int c = strcmp(x->topic, y->topic);
	return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

const kd_reassignment *snapshot_reassignment(const kd_snapshot *s, const char *topic,
					     int32_t partition)
{
	kd_reassignment key = { .topic = topic, .partition = partition };
	if (!s || !s->n_reassign_rows)
		return NULL;
	return bsearch(&key, s->reassignments, (size_t)s->n_reassign_rows,
		       sizeof(kd_reassignment), cmp_reassign);
}

static const int32_t *copy_ids(kd_arena *a, const int32_t *ids, int n)
{
	int32_t *out = arena_calloc(a, (size_t)(n > 0 ? n : 1), sizeof(int32_t));
	if (n > 0)
		memcpy(out, ids, (size_t)n * sizeof(int32_t));
	return out;
}

/* Bytes copied so far: what each replica being added holds, at most the
 * leader's size (a new replica may briefly hold more than the leader
 * kept after retention). */
static void progress(kd_snapshot *s, const kd_snapshot *prev, kd_reassignment *r)
{
	const kd_partition *p = snapshot_partition(s, r->topic, r->partition);
	r->bytes_total = r->bytes_copied = KD_UNKNOWN;
	r->rate = KD_UNKNOWN;
	r->eta_ms = KD_UNKNOWN;
	if (!p || p->size < 0 || !p->rstate)
		return;
	int64_t copied = 0;
	for (int i = 0; i < r->n_adding; i++) {
		int64_t got = KD_UNKNOWN;
		for (int k = 0; k < p->n_replicas; k++)
			if (p->rstate[k].broker == r->adding[i])
				got = p->rstate[k].size;
		if (got < 0)
			return;
		copied = kd_sat_add(copied, got < p->size ? got : p->size);
	}
	r->bytes_total = p->size > INT64_MAX / (r->n_adding ? r->n_adding : 1)
		? INT64_MAX : p->size * r->n_adding;
	r->bytes_copied = copied;
	const kd_reassignment *o = prev ? snapshot_reassignment(prev, r->topic, r->partition) : NULL;
	int64_t dt = prev ? s->mono_ms - prev->mono_ms : 0;
	if (o && o->bytes_copied >= 0 && dt > 0 && copied >= o->bytes_copied) {
		r->rate = (double)(copied - o->bytes_copied) * 1000.0 / (double)dt;
		if (r->rate > 0)
			r->eta_ms = (int64_t)((double)(r->bytes_total - copied) * 1000.0 / r->rate);
	}
}

static void poll_list(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev)
{
	char err[512];
	if (prev && (prev->na & KD_NA_REASSIGN)) {
		s->na |= KD_NA_REASSIGN;        /* asked once, not offered */
		return;
	}
	wire_conn *c = wire_pool_any(p, err, sizeof(err));
	if (!c)
		return;
	kd_arena tmp;
	arena_init(&tmp);
	wire_listreassign_req req = { 10000, NULL, 0 };
	wire_listreassign_resp *r = NULL;
	int rc = wire_call_listreassign(c, &req, &tmp, &r, NULL, err, sizeof(err));
	if (rc == WIRE_ERR_UNSUPPORTED) {
		s->na |= KD_NA_REASSIGN;
	} else if (rc) {
		snapshot_add_error(s, "reassignments: %s", err);
		if (wire_conn_failure(rc))
			wire_pool_failed(p, c, err);
	} else if (r->error_code) {
		char name[48];
		snapshot_add_error(s, "reassignments: %s",
				   wire_error_name(r->error_code, name, sizeof(name)));
	} else {
		s->reassign_known = true;
		size_t carried = prev ? (size_t)prev->n_reassign_rows : 0;
		s->reassignments = arena_calloc(&s->arena, r->n_parts + carried + 1,
						sizeof(kd_reassignment));
		int n = 0;
		for (size_t i = 0; i < r->n_parts; i++) {
			const wire_ongoing_reassign *w = &r->parts[i];
			if (!w->topic || w->partition < 0 || w->n_replicas > KD_REPLICAS_MAX ||
			    w->n_adding > KD_REPLICAS_MAX || w->n_removing > KD_REPLICAS_MAX)
				continue;       /* hostile or absurd: not drawn */
			kd_reassignment *k = &s->reassignments[n++];
			k->topic = arena_strdup(&s->arena, w->topic);
			k->partition = w->partition;
			k->n_replicas = w->n_replicas;
			k->n_adding = w->n_adding;
			k->n_removing = w->n_removing;
			k->replicas = copy_ids(&s->arena, w->replicas, w->n_replicas);
			k->adding = copy_ids(&s->arena, w->adding, w->n_adding);
			k->removing = copy_ids(&s->arena, w->removing, w->n_removing);
		}
		qsort(s->reassignments, (size_t)n, sizeof(kd_reassignment), cmp_reassign);
		/* one answer listing a partition twice keeps the first */
		int u = 0;
		for (int i = 0; i < n; i++)
			if (!u || cmp_reassign(&s->reassignments[u - 1], &s->reassignments[i]))
				s->reassignments[u++] = s->reassignments[i];
		s->n_reassignments = u;
		for (int i = 0; i < u; i++) {
			kd_reassignment *k = &s->reassignments[i];
			const kd_reassignment *o = prev ? snapshot_reassignment(prev, k->topic,
									       k->partition) : NULL;
			k->since_ms = o && !o->done ? o->since_ms : s->taken_ms;
			progress(s, prev, k);
		}
		/* those that were moving and are no longer listed are done */
		s->n_reassign_rows = u;
		n = u;
		for (int i = 0; prev && i < prev->n_reassign_rows; i++) {
			const kd_reassignment *o = &prev->reassignments[i];
			bool listed = snapshot_reassignment(s, o->topic, o->partition) != NULL;
			if (listed || (o->done && s->taken_ms - o->done_ms > KD_REASSIGN_DONE_KEEP_MS))
				continue;
			kd_reassignment *k = &s->reassignments[n++];
			*k = *o;
			k->topic = arena_strdup(&s->arena, o->topic);
			k->replicas = copy_ids(&s->arena, o->replicas, o->n_replicas);
			k->adding = copy_ids(&s->arena, o->adding, o->n_adding);
			k->removing = copy_ids(&s->arena, o->removing, o->n_removing);
			if (!o->done) {
				/* finished when an added replica is a replica now */
				const kd_partition *kp = snapshot_partition(s, o->topic, o->partition);
				bool added = false;
				for (int a = 0; kp && a < o->n_adding && !added; a++)
					for (int j = 0; j < kp->n_replicas && !added; j++)
						added = kp->replicas[j] == o->adding[a];
				k->cancelled = kp && o->n_adding > 0 && !added;
				k->done = true;
				k->done_ms = s->taken_ms;
				k->rate = KD_UNKNOWN;
				k->eta_ms = KD_UNKNOWN;
				if (k->bytes_total >= 0 && !k->cancelled)
					k->bytes_copied = k->bytes_total;
			}
		}
		qsort(s->reassignments, (size_t)n, sizeof(kd_reassignment), cmp_reassign);
		s->n_reassign_rows = n;
	}
	arena_free(&tmp);
}

static int64_t throttle_value(const wire_config_entry *e)
{
	/* only one set on the broker counts: the default is "no throttle" */
	if (!e->value || !*e->value || (e->source != WIRE_CONFIG_DYNAMIC_BROKER &&
					e->source != WIRE_CONFIG_DYNAMIC_DEFAULT_BROKER))
		return KD_UNKNOWN;
	char *end;
	long long v = strtoll(e->value, &end, 10);
	return *end || v < 0 ? KD_UNKNOWN : (int64_t)v;
}

static void poll_throttles(wire_pool *p, kd_snapshot *s)
{
	static const char *const keys[] = { "leader.replication.throttled.rate",
					    "follower.replication.throttled.rate" };
	for (int b = 0; b < s->n_brokers; b++) {
		kd_broker *br = &s->brokers[b];
		char err[512], id[16];
		if (!br->up || (br->na & KD_NA_CONFIGS))
			continue;
		wire_conn *c = wire_pool_get(p, br->id, err, sizeof(err));
		if (!c)
			continue;
		snprintf(id, sizeof(id), "%" PRId32, br->id);
		wire_describeconfigs_req req = { WIRE_RESOURCE_BROKER, id, keys, 2, false, NULL, 0 };
		wire_describeconfigs_resp *r = NULL;
		kd_arena tmp;
		arena_init(&tmp);
		int rc = wire_call_describeconfigs(c, &req, &tmp, &r, NULL, err, sizeof(err));
		if (rc == WIRE_OK && !r->error_code) {
			br->leader_throttle = br->follower_throttle = KD_UNKNOWN;
			for (size_t k = 0; k < r->n_configs; k++) {
				const wire_config_entry *e = &r->configs[k];
				if (!e->name)
					continue;
				if (!strcmp(e->name, keys[0]))
					br->leader_throttle = throttle_value(e);
				else if (!strcmp(e->name, keys[1]))
					br->follower_throttle = throttle_value(e);
			}
		} else if (rc && wire_conn_failure(rc)) {
			wire_pool_failed(p, c, err);
		}
		arena_free(&tmp);
	}
}

void reassign_poll(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev, bool refresh)
{
	poll_list(p, s, prev);
	if (refresh && !(s->na & KD_NA_CONFIGS))
		poll_throttles(p, s);
}
