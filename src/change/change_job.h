/*
 * change_job.h: the one job runner: a change (change.h) planned, then
 * applied step by step on a worker thread, so that the UI shows its
 * preview, progress and result without ever waiting on the network.
 *
 *   job = change_job_start(opts, &ops, spec)   worker plans (reads only)
 *   ... fd readable -> change_job_poll(job)     (in a wake hook, never a draw)
 *   PLANNED: show change_job_change(job); the operator says yes:
 *   change_job_confirm(job)                      worker re-plans, the gate
 *                                                compares, the steps run
 *   ... APPLYING (change_job_step) -> APPLIED or FAILED (change_job_error)
 *   change_job_free(job)                         never blocks: a worker still
 *                                                waiting on a broker finishes
 *                                                and cleans up alone
 */
#ifndef KDECK_CHANGE_JOB_H
#define KDECK_CHANGE_JOB_H

#include <stdbool.h>

#include "change.h"
#include "options.h"

typedef enum change_job_state {
	CHANGE_JOB_PLANNING,
	CHANGE_JOB_PLANNED,      /* the preview is ready (maybe with a refusal) */
	CHANGE_JOB_APPLYING,
	CHANGE_JOB_APPLIED,
	CHANGE_JOB_FAILED,       /* change_job_error says why */
} change_job_state;

typedef struct change_job change_job;

/* NULL only when the thread cannot be started (err filled).  spec is
 * copied (ops->spec_copy) before this returns. */
change_job *change_job_start(const kd_options *o, const kd_change_ops *ops, const void *spec,
			     char *err, size_t errlen);
/* Readable when the state changed. */
int change_job_fd(const change_job *j);
/* Drain the fd and return the state. */
change_job_state change_job_poll(change_job *j);
/* The state as last polled; no side effect (for drawing). */
change_job_state change_job_state_of(const change_job *j);
const kd_change_ops *change_job_ops(const change_job *j);
/* Valid from PLANNED on (NULL before, or when planning failed). */
const kd_change *change_job_change(const change_job *j);
const char *change_job_error(const change_job *j);
/* While APPLYING: the step being sent (0-based); *n gets the count. */
int change_job_step(const change_job *j, int *n);
/* The operator confirmed the preview shown: false unless it is PLANNED
 * without a refusal. */
bool change_job_confirm(change_job *j);
void change_job_free(change_job *j);

#endif
