/*
 * groups_admin.h: changing a consumer group (resetting its offsets,
 * deleting it), always as a plan first.
 *
 * A plan reads the cluster (FindCoordinator, DescribeGroups, OffsetFetch,
 * Metadata, ListOffsets), changes nothing, and says what would happen:
 * one row per partition, old -> new offset.  The operator sees the plan
 * and confirms it; the change pipeline (src/change/change.h) plans again,
 * the gate compares, and groups_send sends OffsetCommit or DeleteGroups.
 * Kafka itself also
 * refuses an administrative commit to a group with members, so a consumer
 * that joins between the check and the commit cannot be overwritten.
 *
 * Used by `kdeck groups reset|delete` and by the UI (from a worker thread:
 * these calls wait on the network).
 */
#ifndef KDECK_GROUPS_ADMIN_H
#define KDECK_GROUPS_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gate.h"
#include "groups_plan.h"
#include "wire_pool.h"

/* Read what a reset would do.  Returns 0 with *plan filled (refusal set
 * when the group is not Empty), or -1 with err when the plan cannot be
 * made (no such topic, cluster unreachable); free with groups_plan_free
 * either way. */
int groups_plan_reset(wire_pool *pool, const groups_reset_spec *sp, groups_plan *plan,
		      char *err, size_t errlen);
/* Read what deleting the group would drop (its committed offsets). */
int groups_plan_delete(wire_pool *pool, const char *group, groups_plan *plan,
		       char *err, size_t errlen);

/* The one rule for changing a group: 0 when a group in state (with
 * n_members) may be changed, else -1 with the sentence in buf. */
int groups_change_refusal(const char *group, const char *state, int n_members,
			  gate_kind kind, char *buf, size_t len);

/* Send a planned change (OffsetCommit or DeleteGroups).  Only the change
 * pipeline calls this (src/change/ops_groups.c), after the gate passed a
 * fresh plan identical to the one confirmed.  0, or -1 with err. */
int groups_send(wire_pool *pool, const groups_plan *plan, char *err, size_t errlen);

#endif
