/* pane_quorum.c: the KRaft quorum: a line with the leader, epoch and high
 * watermark, then one row per voter and observer with its lag and when the
 * leader last heard from it. */
#include "config.h"

#include <stdio.h>

#include "pane.h"

/* The quorum line; dimmed when the cluster cannot describe its quorum
 * (ZooKeeper mode, brokers older than 3.3, or the mock cluster). */
static kd_color_elem summary(const kd_snapshot *s, char *buf, size_t len)
{
	return view_quorum_summary(s, buf, len) ? KD_COLOR_HEADER_VALUE : KD_COLOR_EMPTY;
}

static void empty(const kd_snapshot *s, char *buf, size_t len)
{
	char line[128];

	if (view_quorum_summary(s, line, sizeof(line)))
		snprintf(buf, len, "the quorum lists no voters");
	else
		snprintf(buf, len, "no voters to show");
}

const kd_pane pane_quorum = {
	.name = "quorum",
	.source = &view_quorum,
	.empty = "no voters to show",
	.empty_fn = empty,
	.summary = summary,
};
