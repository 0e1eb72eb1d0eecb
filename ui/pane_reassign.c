/* pane_reassign.c: the partitions being reassigned, by kdeck or any other
 * tool: a progress bar of the bytes copied, the rate and time left; a line
 * above with what is left, the throttles and the leader skew.  x / X
 * cancel, T changes the throttle, F removes the throttles at the end. */
#include "config.h"

#include <stdio.h>

#include "pane.h"

static kd_color_elem summary(const kd_snapshot *s, char *buf, size_t len)
{
	view_reassign_summary(s, buf, len);
	return s && (s->n_reassignments || s->throttles) ? KD_COLOR_HEADER_VALUE : KD_COLOR_EMPTY;
}

static void empty(const kd_snapshot *s, char *buf, size_t len)
{
	if (s && (s->na & KD_NA_REASSIGN))
		snprintf(buf, len, "reassignments: n/a on this cluster");
	else if (s && s->throttles)
		snprintf(buf, len, "no partition is moving, but replication throttles are left "
			 "behind: F removes them");
	else
		snprintf(buf, len, "no partition is moving (R on a broker, topic or partition "
			 "starts one)");
}

const kd_pane pane_reassign = {
	.name = "reassignments",
	.source = &view_reassign,
	.empty = "no partition is moving",
	.empty_fn = empty,
	.summary = summary,
};
