/* pane_brokers.c: one row per broker, down ones marked; Enter lists the
 * partitions with a replica on the selected broker. */
#include "config.h"

#include "pane.h"

const kd_pane pane_brokers = {
	.name = "brokers",
	.source = &view_brokers,
	.empty = "no brokers in the metadata",
};
