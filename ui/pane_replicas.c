/* pane_replicas.c: every follower behind its leader, out of the ISR or on
 * a silent broker, the most behind first; Enter lists its topic's
 * partitions.  An empty table says the replicas are in sync. */
#include "config.h"

#include "pane.h"

const kd_pane pane_replicas = {
	.name = "replicas",
	.source = &view_replicas,
	.empty = "all replicas in sync",
	.empty_fn = view_replicas_empty,
};
