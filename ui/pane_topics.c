/* pane_topics.c: one row per topic, internal ones dimmed; Enter lists the
 * selected topic's partitions. */
#include "config.h"

#include "pane.h"

const kd_pane pane_topics = {
	.name = "topics",
	.source = &view_topics,
	.empty = "no topics",
};
