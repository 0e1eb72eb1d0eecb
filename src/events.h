/*
 * events.h: what changed between two polls, as events (kd_event in
 * snapshot.h): a broker down or up, the controller or quorum leader
 * moving, a partition's leader, ISR, offline and min-ISR state, topics
 * created or deleted, partitions added, a topic's throttle config,
 * reassignments started and finished, a group's state and status.  The
 * collector keeps the newest KD_EVENTS_KEEP in a ring and copies them
 * into each snapshot; alerts add theirs (fired, resolved) to the same
 * ring.
 */
#ifndef KDECK_EVENTS_H
#define KDECK_EVENTS_H

#include <stdbool.h>

#include "snapshot.h"

/* "broker-down", ... (stable: JSON, recordings, the pane's filter); NULL
 * for a kind out of range. */
const char *events_kind_name(kd_event_kind k);
/* The kind named, or -1. */
int events_kind_from_name(const char *name);
const char *events_severity_name(kd_severity s);
int events_severity_from_name(const char *name);

typedef struct kd_event_ring kd_event_ring;

kd_event_ring *events_ring_new(void);
void events_ring_free(kd_event_ring *r);
/* Copies e (its strings too); the oldest is dropped past KD_EVENTS_KEEP. */
void events_ring_add(kd_event_ring *r, const kd_event *e);
/* Sets s->events (newest first, copied into s's arena), n_events and
 * events_total. */
void events_ring_to_snapshot(const kd_event_ring *r, kd_snapshot *s);

/* Add to r what changed from prev to cur (prev NULL: nothing; a poll that
 * did not reach the cluster: nothing either, its figures are stale).
 * Each event is stamped with cur->taken_ms. */
void events_diff(const kd_snapshot *prev, const kd_snapshot *cur, kd_event_ring *r);

#endif
