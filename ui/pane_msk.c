/* pane_msk.c: Amazon MSK as its control plane sees it: a line with the
 * cluster (type, state, version, instance type, storage, zones, auth),
 * then each broker node with its AZ, subnet, instance and endpoint next to
 * what Kafka says of it. */
#include "config.h"

#include <stdio.h>

#include "pane.h"

static kd_color_elem summary(const kd_snapshot *s, char *buf, size_t len)
{
	if (!view_msk_summary(s, buf, len))
		return KD_COLOR_EMPTY;
	return s->msk->error ? KD_COLOR_STATUS_WARN : KD_COLOR_HEADER_VALUE;
}

static void empty(const kd_snapshot *s, char *buf, size_t len)
{
	if (s && s->msk)
		snprintf(buf, len, "the control plane lists no broker nodes yet");
	else
		snprintf(buf, len, "not an Amazon MSK cluster watched by kdeck (kdeck --msk "
			 "--cluster NAME)");
}

const kd_pane pane_msk = {
	.name = "msk",
	.source = &view_msk,
	.empty = "no MSK broker nodes",
	.empty_fn = empty,
	.summary = summary,
};
