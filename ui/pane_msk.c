/* pane_msk.c: Amazon MSK as its control plane sees it: a line with the
 * cluster (type, state, version, instance type, storage, zones, auth),
 * then each broker node with its AZ, subnet, instance and endpoint next to
 * what Kafka says of it; o opens the cluster's operations. */
#include "config.h"

#include <stdio.h>

#include "actions.h"
#include "keys.h"
#include "pane.h"
#include "ui_state.h"

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

unsigned act_msk_operations(kd_ui *ui, int arg)
{
	(void)arg;
	return ui_push(ui, &view_msk_ops, NULL) ? KD_DID_SCREEN : KD_DID_STATUS;
}

static void ops_empty(const kd_snapshot *s, char *buf, size_t len)
{
	if (s && s->msk)
		snprintf(buf, len, "the control plane lists no operations for this cluster");
	else
		snprintf(buf, len, "not an Amazon MSK cluster watched by kdeck");
}

const kd_pane pane_msk_ops = {
	.name = "msk-operations",
	.source = &view_msk_ops,
	.empty = "no MSK operations",
	.empty_fn = ops_empty,
	.summary = summary,
};
