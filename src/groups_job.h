/*
 * groups_job.h: a group change (offset reset, deletion) run on a worker
 * thread, so that the UI shows its preview and result without ever
 * waiting on the network.
 *
 *   job = groups_job_start(opts, &spec)       worker plans (reads only)
 *   ... fd readable -> groups_job_poll(job) == GROUPS_JOB_PLANNED
 *   show groups_job_plan(job); the operator says yes:
 *   groups_job_confirm(job)                    gate_confirm, worker applies
 *   ... fd readable -> GROUPS_JOB_APPLIED or GROUPS_JOB_FAILED
 *   groups_job_free(job)                       never blocks: a worker still
 *                                              waiting on a broker finishes
 *                                              and cleans up alone
 */
#ifndef KDECK_GROUPS_JOB_H
#define KDECK_GROUPS_JOB_H

#include <stdbool.h>

#include "groups_plan.h"
#include "options.h"

typedef enum groups_job_state {
	GROUPS_JOB_PLANNING,
	GROUPS_JOB_PLANNED,      /* the plan is ready (maybe with a refusal) */
	GROUPS_JOB_APPLYING,
	GROUPS_JOB_APPLIED,
	GROUPS_JOB_FAILED,       /* groups_job_error says why */
} groups_job_state;

typedef struct groups_job groups_job;

/* sp for a reset, or NULL and group for a deletion.  NULL only when the
 * thread cannot be started (err filled). */
groups_job *groups_job_start(const kd_options *o, const groups_reset_spec *sp,
			     const char *group, char *err, size_t errlen);
/* Readable when the state changed. */
int groups_job_fd(const groups_job *j);
/* Drain the fd and return the state. */
groups_job_state groups_job_poll(groups_job *j);
/* Valid from PLANNED on (NULL before, or when planning failed). */
const groups_plan *groups_job_plan(const groups_job *j);
const char *groups_job_error(const groups_job *j);
/* The operator confirmed the plan shown: false unless it is PLANNED
 * without a refusal. */
bool groups_job_confirm(groups_job *j);
void groups_job_free(groups_job *j);

#endif
