/*
 * reassign_plan.h: partition reassignment plans, computed from a picture
 * of the cluster (no network, no curses).
 *
 * A plan is the list of partitions whose replica list changes, each with
 * its replicas before and after (the first replica is the preferred
 * leader).  The generators are deterministic: the same cluster and the
 * same request give the same plan (brokers, topics and partitions are
 * visited in sorted order; ties break on the lower broker id).
 *
 *   rp_drain       move every replica off one broker, keeping the RF and,
 *                  where it can be kept, the number of racks per partition
 *   rp_rebalance   even out replicas per live broker (and then preferred
 *                  leaders) with the fewest moves, never reducing the racks
 *                  a partition spans when that can be avoided
 *   rp_set_rf      raise or lower one topic's replication factor
 *   rp_validate    refuse a plan written by hand or imported: unknown or
 *                  down broker, duplicate broker, empty list, RF above the
 *                  live brokers, a topic or partition that does not exist
 *
 * The JSON both ways is the Apache kafka-reassign-partitions tool's:
 *   {"version":1,"partitions":[{"topic":"t","partition":0,
 *     "replicas":[1,2],"log_dirs":["any","any"]}]}
 */
#ifndef KDECK_REASSIGN_PLAN_H
#define KDECK_REASSIGN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RP_MAX_RF 16            /* replicas per partition in a plan */

typedef struct rp_broker {
	int32_t id;
	const char *rack;           /* NULL: no rack */
	bool up;
} rp_broker;

typedef struct rp_partition {
	const char *topic;
	int32_t partition;
	int n_replicas;
	int32_t replicas[RP_MAX_RF];
	int64_t size;               /* bytes of the leader's replica, or -1 */
} rp_partition;

/* The cluster as the plans see it: brokers sorted by id, partitions by
 * (topic, partition). */
typedef struct rp_cluster {
	int n_brokers;
	const rp_broker *brokers;
	int n_partitions;
	const rp_partition *partitions;
} rp_cluster;

typedef struct rp_move {
	char *topic;                /* malloc'd */
	int32_t partition;
	int n_old, n_new;
	int32_t old_replicas[RP_MAX_RF];
	int32_t new_replicas[RP_MAX_RF];
} rp_move;

typedef struct rp_plan {
	int n_moves;
	rp_move *moves;             /* sorted by (topic, partition) */
} rp_plan;

void rp_plan_free(rp_plan *p);

/* 0 with *out filled (possibly empty: nothing to move), or -1 with err
 * ("broker 7 is not in the cluster", "topic t does not exist", "only 2
 * brokers are up: replication factor 3 cannot be kept"). */
int rp_drain(const rp_cluster *c, int32_t broker, rp_plan *out, char *err, size_t errlen);
/* topic NULL: every topic. */
int rp_rebalance(const rp_cluster *c, const char *topic, rp_plan *out, char *err, size_t errlen);
int rp_set_rf(const rp_cluster *c, const char *topic, int rf, rp_plan *out, char *err,
	      size_t errlen);
/* A plan's new replica lists checked against c; old_replicas are filled
 * from c for moves that lack them.  0, or -1 with the first problem. */
int rp_validate(const rp_cluster *c, rp_plan *p, char *err, size_t errlen);

/* What the preview shows. */
typedef struct rp_broker_count {
	int32_t id;
	int replicas_before, replicas_after;
	int leaders_before, leaders_after;  /* preferred leaders (first replica) */
} rp_broker_count;

typedef struct rp_stats {
	int partitions_moved;       /* replica set or order changed */
	int replicas_added;         /* new replicas to copy */
	int64_t bytes_to_copy;      /* sum of size x replicas added (unknown sizes: 0) */
	int unknown_sizes;          /* moved partitions whose size is unknown */
	int n_brokers;
	rp_broker_count *brokers;   /* malloc'd, every broker of c, by id */
} rp_stats;

void rp_stats_compute(const rp_cluster *c, const rp_plan *p, rp_stats *out);
void rp_stats_free(rp_stats *s);
/* Racks a replica list spans (distinct non-NULL racks; a broker without a
 * rack counts as its own). */
int rp_racks(const rp_cluster *c, const int32_t *replicas, int n);

/* "[1,2,3]" (brackets) or "1,2,3" into buf, cut to fit. */
void rp_ids_text(char *buf, size_t len, const int32_t *ids, int n, bool brackets);

/* The Apache tool's JSON: malloc'd text of the new replica lists (or of
 * the old ones with old = true, the rollback file). */
char *rp_plan_to_json(const rp_plan *p, bool old);
/* Parse that JSON; -1 with err on anything malformed (not an object, no
 * "partitions" array, a replica that is not an integer, a partition
 * listed twice, more than RP_MAX_RF replicas). */
int rp_plan_from_json(const char *text, rp_plan *out, char *err, size_t errlen);

#endif
