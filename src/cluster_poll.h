/*
 * cluster_poll.h: one poll of the cluster over kdeck's own wire protocol.
 *
 * Per poll: one Metadata and one DescribeQuorum (to any broker), and to
 * every broker: ListOffsets for the high watermarks of the partitions it
 * leads, ListOffsets for the log end offsets of every replica it hosts,
 * DescribeLogDirs for sizes and disk, and every tenth poll ListOffsets for
 * the low watermarks.  The number of requests depends on the number of
 * brokers, never on the number of partitions.
 */
#ifndef KDECK_CLUSTER_POLL_H
#define KDECK_CLUSTER_POLL_H

#include <stdbool.h>

#include "snapshot.h"
#include "wire_pool.h"

/* Low watermarks change only with retention: refreshed every N polls. */
#define CLUSTER_POLL_LOW_EVERY 10
/* min.insync.replicas is read every CLUSTER_POLL_CONFIG_EVERY polls (and
 * for a topic not seen before): it changes rarely, and one DescribeConfigs
 * for every topic at once keeps the requests per poll independent of the
 * topic count.  Between reads it is carried from the previous snapshot. */
#define CLUSTER_POLL_CONFIG_EVERY 15
#define CLUSTER_POLL_CONFIG_BATCH 2000

enum {
	CLUSTER_POLL_OK = 0,
	CLUSTER_POLL_UNREACHABLE = -1, /* no broker answered Metadata */
	CLUSTER_POLL_NO_WIRE = -2,     /* kdeck's wire code cannot connect with
					* these settings (e.g. SASL): use
					* librdkafka instead */
};

/* Metadata and the quorum into s; prev gives the brokers known before.
 * On CLUSTER_POLL_UNREACHABLE an error is added to s. */
int cluster_poll_metadata(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev);

/* Watermarks, log end offsets, sizes and disk from every broker that is
 * up; replica states and lag for every partition.  with_low: fetch low
 * watermarks this time (else they are carried from prev). */
/* Each topic's min.insync.replicas: carried from prev, read again when
 * refresh is set or a topic has none yet. */
void cluster_poll_topic_configs(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev,
				bool refresh);

void cluster_poll_brokers(wire_pool *p, kd_snapshot *s, const kd_snapshot *prev,
			  bool with_low);

/* Fill replica states of brokers that did not answer from prev (marked
 * stale) and compute lag; called by cluster_poll_brokers, and by the
 * librdkafka fallback with no wire data at all. */
void cluster_poll_replicas(kd_snapshot *s, const kd_snapshot *prev);

#endif
