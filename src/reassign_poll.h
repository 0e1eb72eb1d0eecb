/*
 * reassign_poll.h: what the collector reads for reassignments each poll:
 * the partitions being moved (one ListPartitionReassignments to any
 * broker), their progress from the log-dir sizes the poll already has,
 * and, when refresh is set, the replication throttles set on each broker
 * (one DescribeConfigs per broker: broker configs are answered only by
 * that broker).  Between refreshes the throttles are carried over.
 */
#ifndef KDECK_REASSIGN_POLL_H
#define KDECK_REASSIGN_POLL_H

#include <stdbool.h>

#include "snapshot.h"
#include "wire_pool.h"

void reassign_poll(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev, bool refresh);

/* A reassignment of s by topic and partition, or NULL. */
const kd_reassignment *snapshot_reassignment(const kd_snapshot *s, const char *topic,
					     int32_t partition);

#endif
