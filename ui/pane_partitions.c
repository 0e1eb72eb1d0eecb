/* pane_partitions.c: one row per partition, of the whole cluster or of
 * what a drill-down chose; offline and under-replicated ones stand out. */
#include "config.h"

#include "pane.h"

const kd_pane pane_partitions = {
	.name = "partitions",
	.source = &view_partitions,
	.empty = "no partitions",
};
