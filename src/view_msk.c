/* view_msk.c: Amazon MSK's broker nodes (ListNodes) joined with the
 * Kafka-side brokers: each node's AZ, subnet, instance type and endpoint
 * next to whether Kafka lists it up, and its rack. */
#include "config.h"

#include "view.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum { COL_ID, COL_AZ, COL_SUBNET, COL_INSTANCE, COL_ENDPOINT, COL_KAFKA, COL_RACK, N_COLS };

static const kd_column columns[N_COLS] = {
	[COL_ID] = { "id", "BROKER", KD_COL_NUM, 6, 11, 0, false },
	[COL_AZ] = { "az", "AZ", KD_COL_STR, 2, 16, 0, false },
	[COL_SUBNET] = { "subnet", "SUBNET", KD_COL_STR, 6, 26, 2, false },
	[COL_INSTANCE] = { "instance_type", "INSTANCE", KD_COL_STR, 8, 20, 1, false },
	[COL_ENDPOINT] = { "endpoint", "ENDPOINT", KD_COL_STR, 8, 0, 1, true },
	[COL_KAFKA] = { "kafka", "KAFKA", KD_COL_STR, 5, 10, 0, false },
	[COL_RACK] = { "rack", "RACK", KD_COL_STR, 4, 16, 2, false },
};

static void build(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)d;
	if (!s->msk)
		return;
	for (int i = 0; i < s->msk->n_nodes; i++) {
		const kd_msk_node *n = &s->msk->nodes[i];
		char key[32];
		snprintf(key, sizeof(key), "%" PRId32, n->broker_id);
		kd_row *r = view_add_row(v, key);
		const kd_broker *b = snapshot_broker(s, n->broker_id);
		r->broker = b;
		view_cell_num(v, r, COL_ID, n->broker_id, key);
		view_cell_text(v, r, COL_AZ, n->az ? n->az : "-");
		view_cell_text(v, r, COL_SUBNET, n->subnet ? n->subnet : "-");
		view_cell_text(v, r, COL_INSTANCE, n->instance_type ? n->instance_type : "-");
		view_cell_text(v, r, COL_ENDPOINT, n->endpoint ? n->endpoint : "-");
		/* AWS lists it; what does Kafka say? */
		view_cell_text(v, r, COL_KAFKA, !b ? "missing" : b->up ? "up" : "down");
		if (!b || !b->up)
			r->flags |= KD_ROW_DOWN;
		view_cell_text(v, r, COL_RACK, b && b->rack ? b->rack : "-");
	}
}

static void join(char *buf, size_t len, const char *const *v, int n)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && at + 1 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? "," : "", v[i] ? v[i] : "?");
	if (!n)
		snprintf(buf, len, "-");
}

bool view_msk_summary(const kd_snapshot *s, char *buf, size_t len)
{
	const kd_msk *m = s ? s->msk : NULL;
	char zones[160], auth[80], storage[32];
	if (!m) {
		snprintf(buf, len, "not watched as an Amazon MSK cluster (kdeck --msk, or msk-arn "
			 "in a context)");
		return false;
	}
	if (!m->name) {
		snprintf(buf, len, "MSK: no answer from the control plane yet%s%s",
			 m->error ? ": " : "", m->error ? m->error : "");
		return false;
	}
	join(zones, sizeof(zones), m->zones, m->n_zones);
	join(auth, sizeof(auth), m->auth, m->n_auth);
	if (m->storage_gb >= 0)
		snprintf(storage, sizeof(storage), "%" PRId64 " GB", m->storage_gb);
	else
		snprintf(storage, sizeof(storage), "-");
	snprintf(buf, len, "%s  %s %s  Kafka %s  %s x%d  storage %s  zones %s  auth %s "
		 "(using %s)%s%s", m->name, m->type ? m->type : "-", m->state ? m->state : "-",
		 m->kafka_version ? m->kafka_version : "-",
		 m->instance_type ? m->instance_type : "-", m->brokers, storage, zones, auth,
		 m->auth_used && *m->auth_used ? m->auth_used : "-",
		 m->error ? "  last error: " : "", m->error ? m->error : "");
	return true;
}

/* "UPDATE_BROKER_TYPE UPDATE_IN_PROGRESS since 2024-... (step ...)",
 * the first operation in progress; false when none runs. */
bool view_msk_operation(const kd_snapshot *s, char *buf, size_t len)
{
	const kd_msk *m = s ? s->msk : NULL;
	if (!m || !m->n_ops)
		return false;
	const kd_msk_op *o = &m->ops[0];
	snprintf(buf, len, "MSK %s %s since %s%s%s%s%s", o->type ? o->type : "operation",
		 o->state ? o->state : "", o->start ? o->start : "?",
		 o->step ? " (" : "", o->step ? o->step : "", o->step ? ")" : "",
		 m->n_ops > 1 ? " +more" : "");
	return true;
}

enum { OP_TYPE, OP_STATE, OP_START, OP_END, OP_STEP, OP_N_COLS };

static const kd_column op_columns[OP_N_COLS] = {
	[OP_TYPE] = { "type", "OPERATION", KD_COL_STR, 9, 32, 0, false },
	[OP_STATE] = { "state", "STATE", KD_COL_STR, 5, 22, 0, false },
	[OP_START] = { "start", "START", KD_COL_STR, 5, 24, 0, false },
	[OP_END] = { "end", "END", KD_COL_STR, 3, 24, 1, false },
	[OP_STEP] = { "step", "STEP", KD_COL_STR, 4, 0, 2, true },
};

static void build_ops(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)d;
	if (!s->msk)
		return;
	for (int i = 0; i < s->msk->n_history; i++) {
		const kd_msk_op *o = &s->msk->history[i];
		char key[16];
		snprintf(key, sizeof(key), "%d", i);
		kd_row *r = view_add_row(v, key);
		view_cell_text(v, r, OP_TYPE, o->type ? o->type : "-");
		view_cell_text(v, r, OP_STATE, o->state ? o->state : "-");
		view_cell_text(v, r, OP_START, o->start ? o->start : "-");
		view_cell_text(v, r, OP_END, o->end ? o->end : "-");
		view_cell_text(v, r, OP_STEP, o->step ? o->step : "-");
		if (o->state && strstr(o->state, "FAILED"))
			r->flags |= KD_ROW_DOWN;
	}
}

/* newest first, as AWS lists them: sorted by start, descending */
const kd_view_source view_msk_ops = {
	.name = "msk-operations",
	.title = "MSK operations",
	.n_columns = OP_N_COLS,
	.columns = op_columns,
	.default_sort = OP_START,
	.default_desc = true,
	.build = build_ops,
};

const kd_view_source view_msk = {
	.name = "msk",
	.title = "MSK",
	.n_columns = N_COLS,
	.columns = columns,
	.default_sort = COL_ID,
	.default_desc = false,
	.build = build,
};
