/*
 * change.h: every change kdeck makes to a cluster, one pipeline:
 *
 *     plan -> structured preview -> confirm -> apply
 *
 * A kind of change is an ops table (kd_change_ops): plan reads the
 * cluster (nothing that changes it) and fills the preview and the exact
 * list of requests it would send; apply sends one step of it.  Apply
 * never sends what was confirmed blindly: change_apply re-plans, and the
 * gate (gate.h) refuses when the requests differ from those the operator
 * confirmed, or when the options are read-only.  Multi-step changes (a
 * reassignment: throttle, move, watch, clear) are n_steps calls of apply.
 *
 * Adding a mutation: a spec type, an ops table in src/change/ops_*.c
 * (plan, apply), and its entry points for the CLI (change_plan,
 * change_apply) and the UI (change_job_start and the change pane).
 */
#ifndef KDECK_CHANGE_H
#define KDECK_CHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "gate.h"
#include "options.h"
#include "wire_pool.h"

/* What the operator reads before confirming: a title, one summary line,
 * a table (columns and rows of text), notes, and why it cannot be done. */
typedef struct kd_preview {
	const char *title;              /* "reset the offsets of group g ..." */
	const char *summary;            /* "group g: Empty, 0 members, ..." */
	int n_cols;
	const char **cols;
	int n_rows;
	const char ***rows;             /* n_rows x n_cols, never NULL cells */
	int n_notes;
	const char **notes;
	const char *refusal;            /* NULL when it can be applied */
} kd_preview;

typedef struct kd_change kd_change;

typedef struct kd_change_ops {
	const char *name;               /* "group-reset" */
	gate_kind kind;
	/* A copy of the spec in the change's arena (plans outlive callers). */
	const void *(*spec_copy)(kd_arena *a, const void *spec);
	/* Read the cluster and fill c (change_* helpers below).  0, or -1
	 * with err when no plan can be made (then nothing is shown). */
	int (*plan)(kd_change *c, wire_pool *pool, char *err, size_t errlen);
	/* Send step `step` (0 .. n_steps - 1) of a plan the gate passed;
	 * NULL for a view that only reads (nothing to confirm). */
	int (*apply)(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen);
	/* Free what plan kept outside the change's arena (may be NULL). */
	void (*release)(kd_change *c);
	const char *done;               /* what the operator sees after it */
} kd_change_ops;

struct kd_change {
	const kd_change_ops *ops;
	const void *spec;               /* in arena */
	kd_arena arena;
	kd_preview preview;
	const char **requests;          /* exactly what apply sends, in order */
	int n_requests, cap_requests;
	int n_steps;                    /* 1 unless the ops say otherwise */
	void *priv;                     /* the ops' own plan, in arena */
	const kd_options *opts;         /* while applying: the options (librdkafka) */
	int reads;                      /* requests the planning sent */
};

/* Plan a change: c is initialised here; free it with change_free either
 * way. */
int change_plan(kd_change *c, const kd_change_ops *ops, const void *spec, wire_pool *pool,
		char *err, size_t errlen);
void change_free(kd_change *c);

/* For the ops' plan functions. */
void change_title(kd_change *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void change_summary(kd_change *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void change_columns(kd_change *c, int n, const char *const *names);
/* One row of n_cols cells (copied; NULL shows as ""). */
void change_row(kd_change *c, const char *const *cells);
void change_note(kd_change *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void change_refuse(kd_change *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void change_request(kd_change *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The preview as plain text, columns aligned (malloc'd; print it through
 * term_fputs: the cells hold names chosen by clients). */
char *change_text(const kd_change *c);
/* A short hash of the request list: what `--expect` compares. */
void change_fingerprint(const kd_change *c, char out[17]);

/* Apply a confirmed change: the gate refuses read-only options; the
 * change is planned again and refused when its requests differ from the
 * confirmed ones ("the plan changed since the preview"); then every step.
 * progress (may be NULL) hears of each step before it is sent. */
typedef void (*change_progress_fn)(void *ctx, int step, int n_steps);
int change_apply(const kd_options *o, const kd_change *confirmed, wire_pool *pool,
		 change_progress_fn progress, void *ctx, char *err, size_t errlen);

/* The kinds of change kdeck knows (ops_*.c). */
extern const kd_change_ops change_group_reset;   /* spec: groups_reset_spec */
extern const kd_change_ops change_group_delete;  /* spec: the group id */
extern const kd_change_ops change_topic_create;  /* spec: topic_create_spec */
extern const kd_change_ops change_topic_delete;  /* spec: topic_delete_spec */
extern const kd_change_ops change_topic_partitions; /* spec: topic_partitions_spec */
extern const kd_change_ops change_topic_config;  /* spec: topic_config_spec */
extern const kd_change_ops change_produce;       /* spec: produce_spec */
extern const kd_change_ops change_reassign;      /* spec: reassign_spec */
extern const kd_change_ops change_reassign_cancel; /* spec: reassign_cancel_spec */
extern const kd_change_ops change_throttle;      /* spec: throttle_spec */
extern const kd_change_ops change_elect_leaders; /* spec: elect_spec */
/* Reads only (apply is NULL): a topic's configs for the configs pane. */
extern const kd_change_ops change_topic_configs_view; /* spec: topic_config_spec */
/* A broker's configs (spec: topic_config_spec, name: the broker id). */
extern const kd_change_ops change_broker_configs_view;

#endif
