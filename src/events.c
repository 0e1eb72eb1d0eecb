/* events.c: see events.h. */
#include "config.h"

#include "events.h"

#include "groups_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[KD_EV_N] = {
	[KD_EV_BROKER_DOWN] = "broker-down",
	[KD_EV_BROKER_UP] = "broker-up",
	[KD_EV_CONTROLLER] = "controller-changed",
	[KD_EV_QUORUM_LEADER] = "quorum-leader-changed",
	[KD_EV_LEADER] = "leader-changed",
	[KD_EV_ISR_SHRINK] = "isr-shrink",
	[KD_EV_ISR_EXPAND] = "isr-expand",
	[KD_EV_OFFLINE] = "partition-offline",
	[KD_EV_ONLINE] = "partition-online",
	[KD_EV_UNDER_MIN_ISR] = "under-min-isr",
	[KD_EV_MIN_ISR_OK] = "min-isr-ok",
	[KD_EV_TOPIC_CREATED] = "topic-created",
	[KD_EV_TOPIC_DELETED] = "topic-deleted",
	[KD_EV_PARTITIONS_ADDED] = "partitions-added",
	[KD_EV_CONFIG_CHANGED] = "config-changed",
	[KD_EV_REASSIGN_STARTED] = "reassignment-started",
	[KD_EV_REASSIGN_FINISHED] = "reassignment-finished",
	[KD_EV_GROUP_STATE] = "group-state",
	[KD_EV_GROUP_STATUS] = "group-status",
	[KD_EV_ALERT_FIRED] = "alert-fired",
	[KD_EV_ALERT_RESOLVED] = "alert-resolved",
};

static const char *const sev_names[] = { "info", "warning", "critical" };

const char *events_kind_name(kd_event_kind k)
{
	return (unsigned)k < KD_EV_N ? kind_names[k] : NULL;
}

int events_kind_from_name(const char *name)
{
	for (int k = 0; name && k < KD_EV_N; k++)
		if (!strcmp(kind_names[k], name))
			return k;
	return -1;
}

const char *events_severity_name(kd_severity s)
{
	return (unsigned)s <= KD_SEV_CRITICAL ? sev_names[s] : "info";
}

int events_severity_from_name(const char *name)
{
	for (int s = 0; name && s <= KD_SEV_CRITICAL; s++)
		if (!strcmp(sev_names[s], name))
			return s;
	return -1;
}

/* ---- the ring ------------------------------------------------------------ */

struct kd_event_ring {
	kd_event ev[KD_EVENTS_KEEP];   /* strings owned (malloc) */
	int head, n;                   /* head: next slot */
	uint64_t total;
};


static void event_clear(kd_event *e)
{
	free((char *)e->topic);
	free((char *)e->group);
	free((char *)e->text);
	memset(e, 0, sizeof(*e));
}

kd_event_ring *events_ring_new(void)
{
	kd_event_ring *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	return r;
}

void events_ring_free(kd_event_ring *r)
{
	if (!r)
		return;
	for (int i = 0; i < KD_EVENTS_KEEP; i++)
		event_clear(&r->ev[i]);
	free(r);
}

void events_ring_add(kd_event_ring *r, const kd_event *e)
{
	kd_event *slot = &r->ev[r->head];
	event_clear(slot);
	*slot = *e;
	slot->topic = kd_strdup(e->topic);
	slot->group = kd_strdup(e->group);
	slot->text = kd_strdup(e->text ? e->text : "");
	r->head = (r->head + 1) % KD_EVENTS_KEEP;
	if (r->n < KD_EVENTS_KEEP)
		r->n++;
	r->total++;
}

void events_ring_to_snapshot(const kd_event_ring *r, kd_snapshot *s)
{
	s->events_total = r->total;
	s->n_events = r->n;
	if (!r->n) {
		s->events = NULL;
		return;
	}
	kd_event *out = arena_calloc(&s->arena, (size_t)r->n, sizeof(*out));
	for (int i = 0; i < r->n; i++) {
		const kd_event *e = &r->ev[(r->head - 1 - i + KD_EVENTS_KEEP) % KD_EVENTS_KEEP];
		out[i] = *e;
		out[i].topic = e->topic ? arena_strdup(&s->arena, e->topic) : NULL;
		out[i].group = e->group ? arena_strdup(&s->arena, e->group) : NULL;
		out[i].text = arena_strdup(&s->arena, e->text);
	}
	s->events = out;
}

/* ---- what changed ----------------------------------------------------------- */

/* A broker that drops takes thousands of partitions' ISR with it: past
 * this many events of one kind in one poll, one line counts the rest. */
#define PER_KIND_MAX 50

typedef struct differ {
	kd_event_ring *r;
	int64_t ms;
	int n[KD_EV_N];         /* this poll's events per kind */
	int over[KD_EV_N];      /* ... past PER_KIND_MAX, counted only */
} differ;

static void emit(differ *d, kd_event_kind k, kd_severity sev, const char *topic,
		 int32_t partition, int32_t broker, const char *group, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static void emit(differ *d, kd_event_kind k, kd_severity sev, const char *topic,
		 int32_t partition, int32_t broker, const char *group, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	if (d->n[k]++ >= PER_KIND_MAX) {
		d->over[k]++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	kd_event e = { .ms = d->ms, .kind = k, .severity = sev, .topic = topic,
		       .partition = partition, .broker = broker, .group = group, .text = text };
	events_ring_add(d->r, &e);
}

static void ids_text(char *buf, size_t len, const int32_t *v, int n)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && at + 1 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%d", i ? "," : "", (int)v[i]);
	if (!n)
		snprintf(buf, len, "none");
}

static bool has_id(const int32_t *v, int n, int32_t id)
{
	for (int i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void diff_brokers(differ *d, const kd_snapshot *prev, const kd_snapshot *cur)
{
	for (int i = 0; i < cur->n_brokers; i++) {
		const kd_broker *b = &cur->brokers[i];
		const kd_broker *o = snapshot_broker(prev, b->id);
		bool was_up = o && o->up;
		if (was_up && !b->up)
			emit(d, KD_EV_BROKER_DOWN, KD_SEV_CRITICAL, NULL, -1, b->id, NULL,
			     "broker %d down (%s:%d%s%s)", (int)b->id, b->host, b->port,
			     b->rack ? ", rack " : "", b->rack ? b->rack : "");
		else if (!was_up && b->up)
			emit(d, KD_EV_BROKER_UP, KD_SEV_INFO, NULL, -1, b->id, NULL,
			     "broker %d up (%s:%d%s%s)%s", (int)b->id, b->host, b->port,
			     b->rack ? ", rack " : "", b->rack ? b->rack : "", o ? "" : ", new");
	}
	if (prev->controller_id >= 0 && cur->controller_id >= 0 &&
	    prev->controller_id != cur->controller_id)
		emit(d, KD_EV_CONTROLLER, KD_SEV_WARNING, NULL, -1, cur->controller_id, NULL,
		     "controller %d -> %d", (int)prev->controller_id, (int)cur->controller_id);
	if (prev->quorum.known && cur->quorum.known && prev->quorum.leader != cur->quorum.leader)
		emit(d, KD_EV_QUORUM_LEADER, KD_SEV_WARNING, NULL, -1, cur->quorum.leader, NULL,
		     "quorum leader %d -> %d (epoch %d)", (int)prev->quorum.leader,
		     (int)cur->quorum.leader, (int)cur->quorum.epoch);
}

static const kd_reassignment *find_reassign(const kd_snapshot *s, const char *topic,
					    int32_t part);

static bool moving(const kd_snapshot *s, const char *topic, int32_t part)
{
	const kd_reassignment *r = find_reassign(s, topic, part);
	return r && !r->done;
}

static void diff_partition(differ *d, const kd_snapshot *prev, const kd_snapshot *cur,
			   const kd_topic *t, const kd_partition *o, const kd_partition *p,
			   int min_isr_old)
{
	char a[128], b[128];
	const char *tn = t->name;
	if (o->leader >= 0 && p->leader < 0) {
		emit(d, KD_EV_OFFLINE, KD_SEV_CRITICAL, tn, p->id, o->leader, NULL,
		     "%s-%d offline (was led by %d)", tn, (int)p->id, (int)o->leader);
	} else if (o->leader < 0 && p->leader >= 0) {
		emit(d, KD_EV_ONLINE, KD_SEV_INFO, tn, p->id, p->leader, NULL,
		     "%s-%d online, leader %d", tn, (int)p->id, (int)p->leader);
	} else if (o->leader >= 0 && o->leader != p->leader) {
		emit(d, KD_EV_LEADER, KD_SEV_INFO, tn, p->id, p->leader, NULL,
		     "%s-%d leader %d -> %d", tn, (int)p->id, (int)o->leader, (int)p->leader);
	}
	bool lost = false, gained = false;
	for (int i = 0; i < o->n_isr; i++)
		lost |= !has_id(p->isr, p->n_isr, o->isr[i]);
	for (int i = 0; i < p->n_isr; i++)
		gained |= !has_id(o->isr, o->n_isr, p->isr[i]);
	if (lost || gained) {
		ids_text(a, sizeof(a), o->isr, o->n_isr);
		ids_text(b, sizeof(b), p->isr, p->n_isr);
		/* a leader change alone can reorder the ISR: only membership counts */
		emit(d, lost ? KD_EV_ISR_SHRINK : KD_EV_ISR_EXPAND,
		     lost ? KD_SEV_WARNING : KD_SEV_INFO, tn, p->id, -1, NULL,
		     "%s-%d ISR %s -> %s", tn, (int)p->id, a, b);
	}
	/* A reassignment that began and ended between two polls was never
	 * listed as moving: its new replica list tells. */
	if ((o->n_replicas != p->n_replicas ||
	     memcmp(o->replicas, p->replicas, sizeof(*o->replicas) * (size_t)p->n_replicas)) &&
	    !moving(prev, tn, p->id) && !moving(cur, tn, p->id) &&
	    !find_reassign(cur, tn, p->id)) {
		ids_text(a, sizeof(a), o->replicas, o->n_replicas);
		ids_text(b, sizeof(b), p->replicas, p->n_replicas);
		emit(d, KD_EV_REASSIGN_FINISHED, KD_SEV_INFO, tn, p->id, -1, NULL,
		     "%s-%d reassignment finished: replicas %s -> %s", tn, (int)p->id, a, b);
	}
	bool was_under = kd_partition_under_min_isr(o, min_isr_old);
	bool is_under = kd_partition_under_min_isr(p, t->min_isr);
	if (!was_under && is_under)
		emit(d, KD_EV_UNDER_MIN_ISR, KD_SEV_CRITICAL, tn, p->id, -1, NULL,
		     "%s-%d under min ISR: %d in sync, min.insync.replicas %d", tn, (int)p->id,
		     p->n_isr, t->min_isr);
	/* offline counts as below too, so that coming back says so */
	else if ((was_under || (o->leader < 0 && min_isr_old > 0)) && !is_under && p->leader >= 0)
		emit(d, KD_EV_MIN_ISR_OK, KD_SEV_INFO, tn, p->id, -1, NULL,
		     "%s-%d back to min ISR: %d in sync", tn, (int)p->id, p->n_isr);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void diff_topic(differ *d, const kd_snapshot *prev, const kd_snapshot *cur,
		       const kd_topic *o, const kd_topic *t)
{
	if (t->n_partitions > o->n_partitions)
		emit(d, KD_EV_PARTITIONS_ADDED, KD_SEV_INFO, t->name, -1, -1, NULL,
		     "%s partitions %d -> %d", t->name, o->n_partitions, t->n_partitions);
	/* configs kdeck polls: min.insync.replicas (0 until read) and throttles */
	if (o->min_isr > 0 && t->min_isr > 0 && o->min_isr != t->min_isr)
		emit(d, KD_EV_CONFIG_CHANGED, KD_SEV_INFO, t->name, -1, -1, NULL,
		     "%s min.insync.replicas %d -> %d", t->name, o->min_isr, t->min_isr);
	if (!same_str(o->leader_throttled, t->leader_throttled) ||
	    !same_str(o->follower_throttled, t->follower_throttled))
		emit(d, KD_EV_CONFIG_CHANGED, KD_SEV_INFO, t->name, -1, -1, NULL,
		     "%s replication throttle %s", t->name,
		     t->leader_throttled || t->follower_throttled ? "set" : "removed");
	/* both sorted by id */
	for (int i = 0, j = 0; i < o->n_partitions && j < t->n_partitions;) {
		const kd_partition *a = &o->partitions[i], *b = &t->partitions[j];
		if (a->id < b->id)
			i++;
		else if (a->id > b->id)
			j++;
		else {
			diff_partition(d, prev, cur, t, a, b,
				       o->min_isr > 0 ? o->min_isr : t->min_isr);
			i++;
			j++;
		}
	}
}

static void diff_topics(differ *d, const kd_snapshot *prev, const kd_snapshot *cur)
{
	int i = 0, j = 0;
	/* both sorted by name */
	while (i < prev->n_topics || j < cur->n_topics) {
		const kd_topic *o = i < prev->n_topics ? &prev->topics[i] : NULL;
		const kd_topic *t = j < cur->n_topics ? &cur->topics[j] : NULL;
		int c = !o ? 1 : !t ? -1 : strcmp(o->name, t->name);
		if (c < 0) {
			emit(d, KD_EV_TOPIC_DELETED, KD_SEV_WARNING, o->name, -1, -1, NULL,
			     "topic %s deleted (%d partitions)", o->name, o->n_partitions);
			i++;
		} else if (c > 0) {
			emit(d, KD_EV_TOPIC_CREATED, KD_SEV_INFO, t->name, -1, -1, NULL,
			     "topic %s created (%d partitions)", t->name, t->n_partitions);
			j++;
		} else {
			diff_topic(d, prev, cur, o, t);
			i++;
			j++;
		}
	}
}

static const kd_reassignment *find_reassign(const kd_snapshot *s, const char *topic,
					    int32_t part)
{
	for (int i = 0; i < s->n_reassign_rows; i++)
		if (s->reassignments[i].partition == part &&
		    !strcmp(s->reassignments[i].topic, topic))
			return &s->reassignments[i];
	return NULL;
}

static void diff_reassignments(differ *d, const kd_snapshot *prev, const kd_snapshot *cur)
{
	char a[128];
	if (!cur->reassign_known || !prev->reassign_known)
		return;
	for (int i = 0; i < cur->n_reassign_rows; i++) {
		const kd_reassignment *r = &cur->reassignments[i];
		const kd_reassignment *o = find_reassign(prev, r->topic, r->partition);
		ids_text(a, sizeof(a), r->replicas, r->n_replicas);
		if (!r->done && (!o || o->done))
			emit(d, KD_EV_REASSIGN_STARTED, KD_SEV_INFO, r->topic, r->partition, -1,
			     NULL, "%s-%d reassignment started: replicas %s", r->topic,
			     (int)r->partition, a);
		else if (r->done && o && !o->done)
			emit(d, KD_EV_REASSIGN_FINISHED, KD_SEV_INFO, r->topic, r->partition, -1,
			     NULL, "%s-%d reassignment %s", r->topic, (int)r->partition,
			     r->cancelled ? "cancelled" : "finished");
	}
}

static void diff_groups(differ *d, const kd_snapshot *prev, const kd_snapshot *cur)
{
	if (!prev->groups || !cur->groups)
		return;
	for (int i = 0; i < cur->groups->n_groups; i++) {
		const kd_group *g = &cur->groups->groups[i];
		const kd_group *o = groups_find(prev->groups, g->id);
		if (!o)
			continue;
		/* unknown means "not described this poll", not a change */
		if (o->st != KD_GROUP_UNKNOWN && g->st != KD_GROUP_UNKNOWN && o->st != g->st)
			emit(d, KD_EV_GROUP_STATE, KD_SEV_INFO, NULL, -1, -1, g->id,
			     "group %s %s -> %s", g->id, groups_state_name(o->st),
			     groups_state_name(g->st));
		lag_status a = o->eval.status, b = g->eval.status;
		if (a != b && lag_status_severity(a) != LAG_SEV_UNKNOWN &&
		    lag_status_severity(b) != LAG_SEV_UNKNOWN) {
			lag_severity sv = lag_status_severity(b);
			emit(d, KD_EV_GROUP_STATUS,
			     sv == LAG_SEV_ERR ? KD_SEV_CRITICAL : sv == LAG_SEV_WARN ?
			     KD_SEV_WARNING : KD_SEV_INFO, NULL, -1, -1, g->id,
			     "group %s %s -> %s", g->id, lag_status_name(a), lag_status_name(b));
		}
	}
}

void events_diff(const kd_snapshot *prev, const kd_snapshot *cur, kd_event_ring *r)
{
	if (!prev || !cur || !cur->connected || cur->unreachable_since_ms)
		return;
	differ d = { .r = r, .ms = cur->taken_ms };
	diff_brokers(&d, prev, cur);
	diff_topics(&d, prev, cur);
	diff_reassignments(&d, prev, cur);
	diff_groups(&d, prev, cur);
	for (int k = 0; k < KD_EV_N; k++)
		if (d.over[k]) {
			d.n[k] = 0;   /* let the summary through */
			emit(&d, (kd_event_kind)k, KD_SEV_INFO, NULL, -1, -1, NULL,
			     "%s: %d more this poll", kind_names[k], d.over[k]);
		}
}
