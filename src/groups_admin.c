/* groups_admin.c: offset resets and group deletion as plans, then through
 * the gate; see groups_admin.h. */
#include "config.h"

#include "groups_admin.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tail.h"
#include "wire_call.h"

/* ---- the spec -------------------------------------------------------------- */

static int parse_i64(const char *s, int64_t *v)
{
	char *end;
	if (!s || !*s)
		return -1;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

int groups_reset_parse(groups_reset_spec *sp, const char *how, const char *value,
		       int64_t now_ms, char *err, size_t errlen)
{
	groups_reset_spec s = *sp;
	if (!strcmp(how, "earliest")) {
		s.how = GROUPS_TO_EARLIEST;
	} else if (!strcmp(how, "latest")) {
		s.how = GROUPS_TO_LATEST;
	} else if (!strcmp(how, "offset")) {
		s.how = GROUPS_TO_OFFSET;
		if (parse_i64(value, &s.value) || s.value < 0) {
			snprintf(err, errlen, "offset '%s': expected a number >= 0", value ? value : "");
			return -1;
		}
	} else if (!strcmp(how, "shift")) {
		s.how = GROUPS_SHIFT_BY;
		if (parse_i64(value, &s.value)) {
			snprintf(err, errlen, "shift '%s': expected a number such as -100 or 50",
				 value ? value : "");
			return -1;
		}
	} else if (!strcmp(how, "datetime")) {
		char at[300], terr[256];
		kd_tail_spec ts = { .partition = -1 };
		s.how = GROUPS_TO_DATETIME;
		snprintf(at, sizeof(at), "@%s", value ? value : "");
		if (!value || !*value ||
		    tail_parse_start(at, now_ms, &ts, terr, sizeof(terr)) ||
		    ts.from != TAIL_FROM_TIME) {
			snprintf(err, errlen, "datetime '%s': expected an ISO-8601 time such as "
				 "2026-11-25T01:30:00Z, ms since the epoch, or an age such as 2h",
				 value ? value : "");
			return -1;
		}
		s.value = ts.value;
	} else {
		snprintf(err, errlen, "'%s': expected earliest, latest, offset, datetime or shift", how);
		return -1;
	}
	*sp = s;
	return 0;
}

void groups_reset_describe(const groups_reset_spec *sp, char *buf, size_t len)
{
	switch (sp->how) {
	case GROUPS_TO_EARLIEST: snprintf(buf, len, "to the earliest offset"); break;
	case GROUPS_TO_LATEST: snprintf(buf, len, "to the latest offset"); break;
	case GROUPS_TO_OFFSET: snprintf(buf, len, "to offset %" PRId64, sp->value); break;
	case GROUPS_SHIFT_BY: snprintf(buf, len, "by %+" PRId64, sp->value); break;
	case GROUPS_TO_DATETIME: snprintf(buf, len, "to time %" PRId64 " ms", sp->value); break;
	}
}

/* ---- reading the cluster -------------------------------------------------- */

typedef struct part_info {
	const char *topic;
	int32_t partition;
	int32_t leader;
	int64_t current, earliest, latest, at_time;
} part_info;

typedef struct reader {
	wire_pool *pool;
	groups_plan *plan;
	kd_arena *a;
	uint64_t requests0;
	char *err;
	size_t errlen;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Metadata for topic (NULL: every topic); tells the pool where each broker
 * lives. */
static int read_metadata(reader *r, const char *topic, wire_metadata_resp **md)
{
	char err[512];
	const char *topics[1] = { topic };
	wire_metadata_req req = { topics, topic ? 1 : -1, false, false };
	for (int attempt = 0; attempt < 3; attempt++) {
		wire_conn *c = wire_pool_any(r->pool, err, sizeof(err));
		if (!c)
			return fail(r, "cannot reach the cluster: %s", err);
		int rc = wire_call_metadata(c, &req, r->a, md, NULL, err, sizeof(err));
		if (rc == WIRE_OK) {
			for (size_t i = 0; i < (*md)->n_brokers; i++)
				wire_pool_set_broker(r->pool, (*md)->brokers[i].node_id,
						     (*md)->brokers[i].host, (*md)->brokers[i].port);
			return 0;
		}
		if (!wire_conn_failure(rc))
			return fail(r, "metadata: %s", err);
		wire_pool_failed(r->pool, c, err);
	}
	return fail(r, "metadata: %s", err);
}

static int find_coordinator(reader *r, const char *group, int32_t *node)
{
	char err[512], name[32];
	const char *keys[1] = { group };
	wire_findcoordinator_req req = { WIRE_COORD_GROUP, keys, 1 };
	wire_findcoordinator_resp *resp = NULL;
	wire_conn *c = wire_pool_any(r->pool, err, sizeof(err));
	if (!c)
		return fail(r, "cannot reach the cluster: %s", err);
	int rc = wire_call_findcoordinator(c, &req, r->a, &resp, NULL, err, sizeof(err));
	if (rc) {
		if (wire_conn_failure(rc))
			wire_pool_failed(r->pool, c, err);
		return fail(r, "finding the coordinator of group %s: %s", group, err);
	}
	if (resp->n_coordinators != 1)
		return fail(r, "finding the coordinator of group %s: no answer", group);
	const wire_coordinator *co = &resp->coordinators[0];
	if (co->error_code)
		return fail(r, "finding the coordinator of group %s: %s%s%s", group,
			    wire_error_name(co->error_code, name, sizeof(name)),
			    co->error_message ? ": " : "", co->error_message ? co->error_message : "");
	wire_pool_set_broker(r->pool, co->node_id, co->host, co->port);
	*node = co->node_id;
	return 0;
}

static wire_conn *coordinator_conn(reader *r, int32_t node)
{
	char err[512];
	wire_conn *c = wire_pool_get(r->pool, node, err, sizeof(err));
	if (!c)
		fail(r, "coordinator %d: %s", (int)node, err);
	return c;
}

/* The group's state and member count, from its coordinator. */
static int describe_group(reader *r, int32_t node, const char *group,
			  const char **state, int *n_members)
{
	char err[512], name[32];
	const char *groups[1] = { group };
	wire_describegroups_req req = { groups, 1, false };
	wire_describegroups_resp *resp = NULL;
	wire_conn *c = coordinator_conn(r, node);
	if (!c)
		return -1;
	int rc = wire_call_describegroups(c, &req, r->a, &resp, NULL, err, sizeof(err));
	if (rc) {
		if (wire_conn_failure(rc))
			wire_pool_failed(r->pool, c, err);
		return fail(r, "describing group %s: %s", group, err);
	}
	if (resp->n_groups != 1)
		return fail(r, "describing group %s: no answer", group);
	const wire_described_group *d = &resp->groups[0];
	/* 4.x says GROUP_ID_NOT_FOUND where 3.x says Dead */
	if (d->error_code == WIRE_KERR_GROUP_ID_NOT_FOUND) {
		*state = "Dead";
		*n_members = 0;
		return 0;
	}
	if (d->error_code)
		return fail(r, "describing group %s: %s%s%s", group,
			    wire_error_name(d->error_code, name, sizeof(name)),
			    d->error_message ? ": " : "", d->error_message ? d->error_message : "");
	*state = d->group_state && *d->group_state ? d->group_state : "Dead";
	*n_members = (int)d->n_members;
	return 0;
}

static int fetch_offsets(reader *r, int32_t node, const char *group,
			 wire_offsetfetch_group **out)
{
	char err[512], name[32];
	wire_offsetfetch_group_req g = { group, NULL, -1 };
	wire_offsetfetch_req req = { &g, 1, false };
	wire_offsetfetch_resp *resp = NULL;
	wire_conn *c = coordinator_conn(r, node);
	if (!c)
		return -1;
	int rc = wire_call_offsetfetch(c, &req, r->a, &resp, NULL, err, sizeof(err));
	if (rc) {
		if (wire_conn_failure(rc))
			wire_pool_failed(r->pool, c, err);
		return fail(r, "committed offsets of group %s: %s", group, err);
	}
	if (resp->n_groups != 1)
		return fail(r, "committed offsets of group %s: no answer", group);
	if (resp->groups[0].error_code)
		return fail(r, "committed offsets of group %s: %s", group,
			    wire_error_name(resp->groups[0].error_code, name, sizeof(name)));
	*out = &resp->groups[0];
	return 0;
}

static int cmp_part(const void *a, const void *b)
{
	const part_info *x = a, *y = b;
	int c = strcmp(x->topic, y->topic);
	if (c)
		return c;
	return x->partition < y->partition ? -1 : x->partition > y->partition;
}

static int cmp_leader(const void *a, const void *b)
{
	const part_info *const *x = a, *const *y = b;
	if ((*x)->leader != (*y)->leader)
		return (*x)->leader < (*y)->leader ? -1 : 1;
	return cmp_part(*x, *y);
}

/* One ListOffsets per leader for the given timestamp; fills the slot
 * chosen by which (0 earliest, 1 latest, 2 at_time). */
static int list_offsets(reader *r, part_info *parts, int n, int64_t ts, int which)
{
	char err[512], name[32];
	part_info **by = calloc((size_t)n, sizeof(*by));
	if (!by)
		abort();
	for (int i = 0; i < n; i++)
		by[i] = &parts[i];
	qsort(by, (size_t)n, sizeof(*by), cmp_leader);
	int rc = 0;
	for (int at = 0; at < n && !rc;) {
		int end = at;
		while (end < n && by[end]->leader == by[at]->leader)
			end++;
		int32_t leader = by[at]->leader;
		if (leader < 0) {
			rc = fail(r, "%s/%d has no leader: its offsets cannot be read now",
				  by[at]->topic, (int)by[at]->partition);
			break;
		}
		wire_listoffsets_topic *topics = arena_calloc(r->a, (size_t)(end - at), sizeof(*topics));
		wire_listoffsets_part *lp = arena_calloc(r->a, (size_t)(end - at), sizeof(*lp));
		size_t nt = 0;
		for (int i = at; i < end; i++) {
			if (!nt || strcmp(topics[nt - 1].topic, by[i]->topic)) {
				topics[nt].topic = by[i]->topic;
				topics[nt].partitions = &lp[i - at];
				nt++;
			}
			lp[i - at] = (wire_listoffsets_part){ by[i]->partition, ts, -1 };
			topics[nt - 1].n_partitions++;
		}
		wire_listoffsets_req req = { -1, 0, topics, nt, 10000 };
		wire_listoffsets_resp *resp = NULL;
		wire_conn *c = wire_pool_get(r->pool, leader, err, sizeof(err));
		int wrc = c ? wire_call_listoffsets(c, &req, r->a, &resp, NULL, err, sizeof(err))
			    : WIRE_ERR_IO;
		if (wrc) {
			if (c && wire_conn_failure(wrc))
				wire_pool_failed(r->pool, c, err);
			rc = fail(r, "offsets from broker %d: %s", (int)leader, err);
			break;
		}
		for (size_t t = 0; t < resp->n_topics; t++)
			for (size_t p = 0; p < resp->topics[t].n_partitions; p++) {
				const wire_listoffsets_partition *rp = &resp->topics[t].partitions[p];
				part_info key = { resp->topics[t].name, rp->partition, 0, 0, 0, 0, 0 };
				part_info *hit = resp->topics[t].name ?
					bsearch(&key, parts, (size_t)n, sizeof(*parts), cmp_part) : NULL;
				if (!hit)
					continue;
				if (rp->error_code) {
					rc = fail(r, "offsets of %s/%d: %s", hit->topic, (int)hit->partition,
						  wire_error_name(rp->error_code, name, sizeof(name)));
					break;
				}
				int64_t *slot = which == 0 ? &hit->earliest :
					which == 1 ? &hit->latest : &hit->at_time;
				*slot = rp->offset;
			}
		at = end;
	}
	free(by);
	return rc;
}

/* The committed offset of (topic, partition) in an OffsetFetch answer. */
static int64_t committed_of(const wire_offsetfetch_group *o, const char *topic, int32_t part)
{
	for (size_t t = 0; o && t < o->n_topics; t++) {
		if (!o->topics[t].name || strcmp(o->topics[t].name, topic))
			continue;
		for (size_t p = 0; p < o->topics[t].n_partitions; p++)
			if (o->topics[t].partitions[p].partition == part)
				return o->topics[t].partitions[p].committed_offset;
	}
	return -1;
}

static void plan_init(groups_plan *plan, gate_kind kind, const char *group)
{
	memset(plan, 0, sizeof(*plan));
	arena_init(&plan->arena);
	plan->kind = kind;
	plan->group = arena_strdup(&plan->arena, group);
	plan->coordinator = -1;
	plan->state = "";
}

/* The one rule for changing a group: only while it is Empty (or gone),
 * so that no running consumer is overwritten. */
int groups_change_refusal(const char *group, const char *state, int n_members,
			  gate_kind kind, char *buf, size_t len)
{
	if (!strcmp(state, "Empty") || !strcmp(state, "Dead"))
		return 0;
	snprintf(buf, len, "group %s is %s with %d member%s: %s only while a group is "
		 "Empty (stop its consumers first); nothing was changed",
		 group, state, n_members, n_members == 1 ? "" : "s",
		 kind == GATE_GROUP_DELETE ? "a group can be deleted" : "offsets can be reset");
	return -1;
}

static const char *refusal_for(kd_arena *a, const groups_plan *plan)
{
	char buf[1024];
	if (!groups_change_refusal(plan->group, plan->state, plan->n_members, plan->kind,
				   buf, sizeof(buf)))
		return NULL;
	return arena_strdup(a, buf);
}

/* The target of one partition, clamped to the log, with a note when it
 * is not what was asked. */
static void compute_target(const groups_reset_spec *sp, const part_info *pi,
			   groups_plan_row *row, kd_arena *a)
{
	int64_t want = -1;
	row->note = NULL;
	switch (sp->how) {
	case GROUPS_TO_EARLIEST: want = pi->earliest; break;
	case GROUPS_TO_LATEST: want = pi->latest; break;
	case GROUPS_TO_OFFSET: want = sp->value; break;
	case GROUPS_TO_DATETIME:
		want = pi->at_time;
		if (want < 0) {
			want = pi->latest;
			row->note = "no record at or after that time: the log end";
		}
		break;
	case GROUPS_SHIFT_BY:
		if (pi->current < 0) {
			row->target = -1;
			row->note = "no committed offset to shift: left alone";
			return;
		}
		want = pi->current + sp->value;
		break;
	}
	if (want < pi->earliest) {
		row->note = arena_printf(a, "%" PRId64 " is before the log start: the earliest offset",
					 want);
		want = pi->earliest;
	} else if (want > pi->latest) {
		row->note = arena_printf(a, "%" PRId64 " is past the log end: the latest offset",
					 want);
		want = pi->latest;
	}
	row->target = want;
}

int groups_plan_reset(wire_pool *pool, const groups_reset_spec *sp, groups_plan *plan,
		      char *err, size_t errlen)
{
	plan_init(plan, GATE_GROUP_OFFSETS, sp->group ? sp->group : "");
	reader r = { pool, plan, &plan->arena, wire_pool_requests(pool), err, errlen };
	wire_metadata_resp *md = NULL;
	wire_offsetfetch_group *offsets = NULL;
	int rc = -1;

	if (!sp->group || !*sp->group) {
		fail(&r, "no group given");
		goto out;
	}
	if (read_metadata(&r, sp->topic, &md) || find_coordinator(&r, sp->group, &plan->coordinator) ||
	    describe_group(&r, plan->coordinator, sp->group, &plan->state, &plan->n_members) ||
	    fetch_offsets(&r, plan->coordinator, sp->group, &offsets))
		goto out;

	/* the partitions to reset */
	int cap = 0, n = 0;
	for (size_t t = 0; t < md->n_topics; t++)
		cap += (int)md->topics[t].n_partitions;
	part_info *parts = arena_calloc(&plan->arena, (size_t)(cap ? cap : 1), sizeof(*parts));
	bool topic_seen = false;
	for (size_t t = 0; t < md->n_topics; t++) {
		const wire_metadata_topic *mt = &md->topics[t];
		if (!mt->name)
			continue;
		if (sp->topic && strcmp(mt->name, sp->topic))
			continue;
		if (sp->topic) {
			if (mt->error_code == WIRE_KERR_UNKNOWN_TOPIC_OR_PARTITION) {
				fail(&r, "topic %s does not exist", sp->topic);
				goto out;
			}
			topic_seen = true;
		}
		for (size_t p = 0; p < mt->n_partitions; p++) {
			const wire_metadata_partition *mp = &mt->partitions[p];
			if (sp->partition >= 0 && mp->partition != sp->partition)
				continue;
			int64_t cur = committed_of(offsets, mt->name, mp->partition);
			/* with no topic given: the topics the group has offsets on */
			if (!sp->topic && cur < 0)
				continue;
			parts[n++] = (part_info){ mt->name, mp->partition, mp->leader, cur, -1, -1, -1 };
		}
	}
	if (sp->topic && !topic_seen) {
		fail(&r, "topic %s does not exist", sp->topic);
		goto out;
	}
	if (sp->partition >= 0 && n == 0) {
		fail(&r, "topic %s has no partition %d", sp->topic ? sp->topic : "?",
		     (int)sp->partition);
		goto out;
	}
	if (n == 0) {
		fail(&r, "group %s has no committed offsets to reset (give --topic)", sp->group);
		goto out;
	}
	qsort(parts, (size_t)n, sizeof(*parts), cmp_part);
	if (list_offsets(&r, parts, n, WIRE_OFFSET_EARLIEST, 0) ||
	    list_offsets(&r, parts, n, WIRE_OFFSET_LATEST, 1) ||
	    (sp->how == GROUPS_TO_DATETIME && list_offsets(&r, parts, n, sp->value, 2)))
		goto out;

	plan->rows = arena_calloc(&plan->arena, (size_t)n, sizeof(*plan->rows));
	plan->n_rows = n;
	for (int i = 0; i < n; i++) {
		groups_plan_row *row = &plan->rows[i];
		row->topic = parts[i].topic;
		row->partition = parts[i].partition;
		row->current = parts[i].current;
		row->earliest = parts[i].earliest;
		row->latest = parts[i].latest;
		compute_target(sp, &parts[i], row, &plan->arena);
	}
	plan->refusal = refusal_for(&plan->arena, plan);
	rc = 0;
out:
	plan->requests = (int)(wire_pool_requests(pool) - r.requests0);
	return rc;
}

int groups_plan_delete(wire_pool *pool, const char *group, groups_plan *plan,
		       char *err, size_t errlen)
{
	plan_init(plan, GATE_GROUP_DELETE, group ? group : "");
	reader r = { pool, plan, &plan->arena, wire_pool_requests(pool), err, errlen };
	wire_metadata_resp *md = NULL;
	wire_offsetfetch_group *offsets = NULL;
	int rc = -1;

	if (!group || !*group) {
		fail(&r, "no group given");
		goto out;
	}
	if (read_metadata(&r, NULL, &md) || find_coordinator(&r, group, &plan->coordinator) ||
	    describe_group(&r, plan->coordinator, group, &plan->state, &plan->n_members))
		goto out;
	if (!strcmp(plan->state, "Dead")) {
		fail(&r, "group %s does not exist", group);
		goto out;
	}
	if (fetch_offsets(&r, plan->coordinator, group, &offsets))
		goto out;
	int n = 0;
	for (size_t t = 0; t < offsets->n_topics; t++)
		n += (int)offsets->topics[t].n_partitions;
	plan->rows = arena_calloc(&plan->arena, (size_t)(n ? n : 1), sizeof(*plan->rows));
	for (size_t t = 0; t < offsets->n_topics; t++)
		for (size_t p = 0; p < offsets->topics[t].n_partitions; p++) {
			groups_plan_row *row = &plan->rows[plan->n_rows++];
			row->topic = offsets->topics[t].name;
			row->partition = offsets->topics[t].partitions[p].partition;
			row->current = offsets->topics[t].partitions[p].committed_offset;
			row->target = -1;
			row->earliest = row->latest = -1;
		}
	plan->refusal = refusal_for(&plan->arena, plan);
	rc = 0;
out:
	plan->requests = (int)(wire_pool_requests(pool) - r.requests0);
	return rc;
}

void groups_plan_free(groups_plan *plan)
{
	arena_free(&plan->arena);
	memset(plan, 0, sizeof(*plan));
}

/* ---- applying --------------------------------------------------------------- */

static int commit_offsets(reader *r, const groups_plan *plan)
{
	char err[512], name[32];
	int n = 0;
	wire_offsetcommit_topic *topics = arena_calloc(r->a, (size_t)plan->n_rows, sizeof(*topics));
	wire_offsetcommit_part *parts = arena_calloc(r->a, (size_t)plan->n_rows, sizeof(*parts));
	size_t nt = 0;
	for (int i = 0; i < plan->n_rows; i++) {
		const groups_plan_row *row = &plan->rows[i];
		if (row->target < 0)
			continue;
		if (!nt || strcmp(topics[nt - 1].topic, row->topic)) {
			topics[nt].topic = row->topic;
			topics[nt].partitions = &parts[n];
			nt++;
		}
		parts[n++] = (wire_offsetcommit_part){ row->partition, row->target, -1, NULL };
		topics[nt - 1].n_partitions++;
	}
	if (!n)
		return fail(r, "nothing to reset in group %s", plan->group);
	wire_offsetcommit_req req = { plan->group, -1, "", NULL, topics, nt };
	wire_offsetcommit_resp *resp = NULL;
	wire_conn *c = coordinator_conn(r, plan->coordinator);
	if (!c)
		return -1;
	int rc = wire_call_offsetcommit(c, &req, r->a, &resp, NULL, err, sizeof(err));
	if (rc) {
		if (wire_conn_failure(rc))
			wire_pool_failed(r->pool, c, err);
		return fail(r, "committing offsets of group %s: %s (the offsets may or may not "
			    "have changed: check with kdeck groups list)", plan->group, err);
	}
	int bad = 0;
	int16_t first = 0;
	for (size_t t = 0; t < resp->n_topics; t++)
		for (size_t p = 0; p < resp->topics[t].n_partitions; p++)
			if (resp->topics[t].partitions[p].error_code) {
				if (!bad)
					first = resp->topics[t].partitions[p].error_code;
				bad++;
			}
	if (bad) {
		const char *why = first == 25 || first == 22 || first == 27 ?
			" (the group has members again)" : "";
		return fail(r, "the coordinator refused %d of %d offsets of group %s: %s%s",
			    bad, n, plan->group, wire_error_name(first, name, sizeof(name)), why);
	}
	return 0;
}

static int delete_group(reader *r, const groups_plan *plan)
{
	char err[512], name[32];
	const char *groups[1] = { plan->group };
	wire_deletegroups_req req = { groups, 1 };
	wire_deletegroups_resp *resp = NULL;
	wire_conn *c = coordinator_conn(r, plan->coordinator);
	if (!c)
		return -1;
	int rc = wire_call_deletegroups(c, &req, r->a, &resp, NULL, err, sizeof(err));
	if (rc) {
		if (wire_conn_failure(rc))
			wire_pool_failed(r->pool, c, err);
		return fail(r, "deleting group %s: %s", plan->group, err);
	}
	for (size_t i = 0; i < resp->n_results; i++) {
		int16_t code = resp->results[i].error_code;
		if (!code)
			return 0;
		if (code == 68)
			return fail(r, "group %s has members again: it was not deleted", plan->group);
		if (code == 69)
			return fail(r, "group %s no longer exists", plan->group);
		return fail(r, "deleting group %s: %s", plan->group,
			    wire_error_name(code, name, sizeof(name)));
	}
	return fail(r, "deleting group %s: no answer", plan->group);
}

int groups_send(wire_pool *pool, const groups_plan *plan, char *err, size_t errlen)
{
	kd_arena a;
	reader r = { pool, (groups_plan *)plan, &a, 0, err, errlen };
	arena_init(&a);
	int rc = plan->kind == GATE_GROUP_DELETE ? delete_group(&r, plan) : commit_offsets(&r, plan);
	arena_free(&a);
	return rc;
}
