/* ops_groups.c: consumer-group changes as ops tables of the change
 * pipeline: an offset reset (OffsetCommit on behalf of an Empty group)
 * and a deletion (DeleteGroups).  The plans are groups_admin.c's; here
 * they become a preview and the exact requests. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "change.h"
#include "groups_admin.h"

static void i64(char *buf, size_t len, int64_t v)
{
	if (v >= 0)
		snprintf(buf, len, "%" PRId64, v);
	else
		snprintf(buf, len, "-");
}

/* The groups_plan lives in the change's arena; its own arena is freed
 * by release. */
static groups_plan *new_plan(kd_change *c)
{
	groups_plan *p = arena_alloc(&c->arena, sizeof(*p));
	c->priv = p;
	return p;
}

static void summary(kd_change *c, const groups_plan *p)
{
	change_summary(c, "group %s: %s, %d member%s, coordinator %d", p->group,
		       *p->state ? p->state : "?", p->n_members, p->n_members == 1 ? "" : "s",
		       (int)p->coordinator);
	if (p->refusal)
		change_refuse(c, "%s", p->refusal);
}

/* ---- reset ------------------------------------------------------------------ */

static const void *reset_copy(kd_arena *a, const void *spec)
{
	const groups_reset_spec *sp = spec;
	groups_reset_spec *n = arena_memdup(a, sp, sizeof(*sp));
	n->group = arena_strdup(a, sp->group);
	n->topic = arena_strdup(a, sp->topic);
	return n;
}

static int reset_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const groups_reset_spec *sp = c->spec;
	groups_plan *p = new_plan(c);
	char what[160];
	int rc = groups_plan_reset(pool, sp, p, err, errlen);
	if (rc)
		return -1;              /* release frees what was read */
	groups_reset_describe(sp, what, sizeof(what));
	change_title(c, "Reset the offsets of group %s%s%s%s %s", p->group,
		     sp->topic ? " on " : " (every topic it has offsets on)",
		     sp->topic ? sp->topic : "", sp->partition >= 0 ? " (one partition)" : "",
		     what);
	summary(c, p);
	static const char *const cols[] = { "TOPIC", "PART", "OLD", "NEW", "EARLIEST", "LATEST",
					    "NOTE" };
	change_columns(c, 7, cols);
	int sent = 0;
	for (int i = 0; i < p->n_rows; i++) {
		const groups_plan_row *r = &p->rows[i];
		char part[16], old[24], new[24], lo[24], hi[24];
		snprintf(part, sizeof(part), "%d", (int)r->partition);
		i64(old, sizeof(old), r->current);
		i64(new, sizeof(new), r->target);
		i64(lo, sizeof(lo), r->earliest);
		i64(hi, sizeof(hi), r->latest);
		const char *cells[] = { r->topic, part, old, new, lo, hi, r->note };
		change_row(c, cells);
		sent += r->target >= 0;
	}
	/* one OffsetCommit: what it carries is what the gate compares */
	change_request(c, "OffsetCommit to broker %d: group %s, generation -1, %d partition%s",
		       (int)p->coordinator, p->group, sent, sent == 1 ? "" : "s");
	for (int i = 0; i < p->n_rows; i++)
		if (p->rows[i].target >= 0)
			change_request(c, "  %s/%d = %" PRId64, p->rows[i].topic,
				       (int)p->rows[i].partition, p->rows[i].target);
	if (!sent)
		change_refuse(c, "no partition has an offset to set: nothing to do");
	return 0;
}

static void release(kd_change *c)
{
	if (c->priv)
		groups_plan_free(c->priv);
	c->priv = NULL;
}

static int send_plan(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	(void)step;
	return groups_send(pool, c->priv, err, errlen);
}

const kd_change_ops change_group_reset = {
	.name = "group-reset",
	.kind = GATE_GROUP_OFFSETS,
	.spec_copy = reset_copy,
	.plan = reset_plan,
	.apply = send_plan,
	.release = release,
	.done = "done: the offsets are now the NEW column",
};

/* ---- delete ------------------------------------------------------------------ */

static const void *delete_copy(kd_arena *a, const void *spec)
{
	return arena_strdup(a, spec);
}

static int delete_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	groups_plan *p = new_plan(c);
	if (groups_plan_delete(pool, c->spec, p, err, errlen))
		return -1;
	change_title(c, "Delete group %s", p->group);
	summary(c, p);
	change_note(c, "deleting it drops %d committed offset%s", p->n_rows,
		    p->n_rows == 1 ? "" : "s");
	static const char *const cols[] = { "TOPIC", "PART", "COMMITTED" };
	change_columns(c, 3, cols);
	for (int i = 0; i < p->n_rows; i++) {
		char part[16], cur[24];
		snprintf(part, sizeof(part), "%d", (int)p->rows[i].partition);
		i64(cur, sizeof(cur), p->rows[i].current);
		const char *cells[] = { p->rows[i].topic, part, cur };
		change_row(c, cells);
	}
	change_request(c, "DeleteGroups to broker %d: group %s", (int)p->coordinator, p->group);
	return 0;
}

const kd_change_ops change_group_delete = {
	.name = "group-delete",
	.kind = GATE_GROUP_DELETE,
	.spec_copy = delete_copy,
	.plan = delete_plan,
	.apply = send_plan,
	.release = release,
	.done = "done: the group was deleted",
};
