/*
 * groups_plan.h: what changing a consumer group would do: the request
 * (reset to earliest, latest, an offset, a time, or by N) and the plan,
 * one row per partition with its old and new offset.  Plain data, no I/O:
 * groups_admin.h makes and sends plans; src/change/ops_groups.c turns
 * them into changes of the change pipeline.
 */
#ifndef KDECK_GROUPS_PLAN_H
#define KDECK_GROUPS_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "gate.h"

typedef enum groups_reset_how {
	GROUPS_TO_EARLIEST,
	GROUPS_TO_LATEST,
	GROUPS_TO_OFFSET,        /* value: the offset (clamped to the log) */
	GROUPS_TO_DATETIME,      /* value: ms since the epoch */
	GROUPS_SHIFT_BY,         /* value: +/- N from the committed offset */
} groups_reset_how;

typedef struct groups_reset_spec {
	const char *group;
	const char *topic;       /* NULL: every topic the group has offsets on */
	int32_t partition;       /* -1: every partition of the topic */
	groups_reset_how how;
	int64_t value;
} groups_reset_spec;

/* "earliest", "latest", "offset N", "datetime TIME", "shift N" (TIME as
 * `kdeck tail -o @TIME` takes it: ISO-8601, ms since the epoch, or an age
 * such as 2h).  now_ms anchors ages.  0, or -1 with err. */
int groups_reset_parse(groups_reset_spec *sp, const char *how, const char *value,
		       int64_t now_ms, char *err, size_t errlen);
/* "to the earliest offset", "to 2026-11-25T01:30:00Z", "by -10". */
void groups_reset_describe(const groups_reset_spec *sp, char *buf, size_t len);

typedef struct groups_plan_row {
	const char *topic;
	int32_t partition;
	int64_t current;         /* committed now, or -1 (none) */
	int64_t target;          /* what it would become */
	int64_t earliest, latest;
	const char *note;        /* why target is not what was asked, or NULL */
} groups_plan_row;

typedef struct groups_plan {
	kd_arena arena;
	gate_kind kind;          /* GATE_GROUP_OFFSETS or GATE_GROUP_DELETE */
	const char *group;
	const char *state;       /* "Empty", "Stable", ... "Dead" for none */
	int n_members;
	int32_t coordinator;
	int n_rows;
	groups_plan_row *rows;   /* sorted by topic, partition */
	const char *refusal;     /* why it cannot be applied, or NULL */
	int requests;            /* requests the plan sent (all reads) */
} groups_plan;

void groups_plan_free(groups_plan *plan);

#endif
