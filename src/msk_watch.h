/*
 * msk_watch.h: the Amazon MSK control plane, read on a thread of its own
 * every --msk-interval (30 s): the cluster's detail (DescribeClusterV2),
 * its broker nodes (ListNodes) and the operations in progress
 * (ListClusterOperationsV2).  A 429 doubles the wait (up to 5 minutes);
 * an error is kept beside the last good reading.  The collector copies
 * the newest reading into each snapshot (msk_watch_fill), so the UI draws
 * it like everything else and never waits on AWS.
 */
#ifndef KDECK_MSK_WATCH_H
#define KDECK_MSK_WATCH_H

#include "msk_api.h"
#include "snapshot.h"

typedef struct msk_watch msk_watch;

/* Takes m and creds (the cache m signs with; both freed with the
 * watcher); arn: the cluster; auth: the bootstrap kind in use ("iam",
 * ...), shown in the header. */
msk_watch *msk_watch_start(msk_client *m, aws_creds_cache *creds, const char *arn,
			   const char *auth, int interval_ms);
/* A watcher with one reading that never changes and no thread: the
 * demo's simulated control plane (demo_msk.c).  Takes c's strings, nodes
 * and ops (malloc'd, as msk_api.c makes them). */
msk_watch *msk_watch_fixed(const char *arn, const char *auth, msk_cluster *c, msk_node *nodes,
			   int n_nodes, msk_operation *ops, int n_ops);
/* Never waits for AWS: a thread in a call finishes and frees alone. */
void msk_watch_stop(msk_watch *w);
/* A copy of the newest reading into s (s->msk, in its arena). */
void msk_watch_fill(msk_watch *w, kd_snapshot *s);

#endif
