/*
 * groups_admin.h: changing a consumer group (resetting its offsets,
 * deleting it), always as a plan first.
 *
 * A plan reads the cluster (FindCoordinator, DescribeGroups, OffsetFetch,
 * Metadata, ListOffsets), changes nothing, and says what would happen:
 * one row per partition, old -> new offset.  The operator sees the plan
 * and confirms it (gate_confirm with the plan's description); then
 * groups_apply asks the gate (gate.h), checks once more that the group is
 * still Empty and sends OffsetCommit or DeleteGroups.  Kafka itself also
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

/* Send the planned change: the gate decides, the group must still be
 * Empty.  0, or -1 with err (and, unless err says otherwise, nothing
 * changed). */
int groups_apply(wire_pool *pool, const groups_plan *plan, char *err, size_t errlen);

#endif
