/* events.c: see events.h. */
#include "config.h"

#include "events.h"

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

static char *dup_or_null(const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

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
	slot->topic = dup_or_null(e->topic);
	slot->group = dup_or_null(e->group);
	slot->text = dup_or_null(e->text ? e->text : "");
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

void events_diff(const kd_snapshot *prev, const kd_snapshot *cur, kd_event_ring *r)
{
	(void)prev;
	(void)cur;
	(void)r;
}
