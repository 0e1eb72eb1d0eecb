/*
 * ops_reassign.h: the specs of the changes that move replicas and
 * leaders; their ops tables are in change.h.
 *
 * A reassignment is a multi-step change: set the throttles (when asked),
 * start the moves (AlterPartitionReassignments), and, when it waits,
 * watch until every partition is done and then remove the throttles it
 * set.  The preview lists every request of every step, so the gate
 * compares all of them.
 */
#ifndef KDECK_OPS_REASSIGN_H
#define KDECK_OPS_REASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reassign_plan.h"
#include "snapshot.h"

typedef enum reassign_how {
	REASSIGN_MOVES,                 /* the target lists given (typed, imported) */
	REASSIGN_DRAIN,                 /* every replica off one broker */
	REASSIGN_REBALANCE,             /* replicas and preferred leaders even */
	REASSIGN_SET_RF,                /* one topic's replication factor */
} reassign_how;

typedef struct reassign_spec {
	reassign_how how;
	const rp_plan *moves;           /* REASSIGN_MOVES */
	int32_t broker;                 /* REASSIGN_DRAIN */
	const char *topic;              /* REBALANCE (NULL: every topic), SET_RF */
	int rf;                         /* SET_RF */
	int64_t throttle;               /* bytes/s per broker; 0: none */
	bool wait;                      /* watch to the end, then clear the throttles */
} reassign_spec;

/* Cancel moving partitions: topic NULL cancels every one. */
typedef struct reassign_cancel_spec {
	const char *topic;
	int32_t partition;              /* -1: every moving partition of topic */
} reassign_cancel_spec;

/* Set the throttle rate on the brokers of the moving partitions (rate >
 * 0), or remove every replication throttle of the cluster (rate 0: the
 * ones left behind by anyone; refused while partitions move). */
typedef struct throttle_spec {
	int64_t rate;
} throttle_spec;

typedef struct elect_spec {
	bool unclean;                   /* else preferred */
	bool unclean_confirmed;         /* the second, explicit confirmation */
	const char *topic;              /* NULL: every partition */
	int32_t partition;              /* -1: every partition of topic */
} elect_spec;

/* The cluster with log-dir sizes, read once (a poll without the history);
 * full: also the moving partitions and every replication throttle.  NULL
 * with err when no broker answers. */
struct wire_pool;
kd_snapshot *reassign_read_cluster(struct wire_pool *pool, bool full, char *err, size_t errlen);

/* The plan's cluster picture from a snapshot (brokers by id, partitions by
 * topic and partition); free with reassign_cluster_free. */
void reassign_cluster_from(const kd_snapshot *s, rp_cluster *out);
void reassign_cluster_free(rp_cluster *c);
/* The plan of a planned reassignment (NULL for other changes). */
struct kd_change;
const rp_plan *reassign_change_plan(const struct kd_change *c);

/* "12.5 MB" / "3.0 GB": sizes in the preview. */
void reassign_bytes_text(int64_t bytes, char *buf, size_t len);
/* "10MB", "512k", "1048576" in bytes/s: -1 with err when not a size. */
int reassign_parse_rate(const char *text, int64_t *out, char *err, size_t errlen);

#endif
