/*
 * view_job.h: a view built off the UI thread.
 *
 * A table of 200,000 partitions takes the UI thread 100 ms or more to
 * rebuild (rows, cells, sort, filter) for each new snapshot: every key
 * pressed meanwhile waits.  A view job rebuilds it on a thread of its
 * own while the UI goes on drawing (and sorting, filtering, moving in)
 * the rows of the previous snapshot; the UI then swaps the finished rows
 * in with view_adopt(), which keeps what the operator changed meanwhile.
 *
 * One build at a time and only the newest request counts: a request made
 * while another waits or builds supersedes it.  Snapshots given to the
 * job are references the caller made; the job hands each back through
 * the release callback (from either thread: collector_release is safe
 * anywhere) or with the finished view.
 */
#ifndef KDECK_VIEW_JOB_H
#define KDECK_VIEW_JOB_H

#include <stdint.h>

#include "view.h"

typedef struct kd_view_job kd_view_job;

/* release(owner, s) gives back a reference the job no longer needs. */
typedef void (*view_job_release_fn)(void *owner, const kd_snapshot *s);

kd_view_job *view_job_new(view_job_release_fn release);
/* Cancels (see view_job_cancel) and stops the thread. */
void view_job_free(kd_view_job *j);

/* Readable when a build has finished; view_job_take empties it. */
int view_job_fd(const kd_view_job *j);

/* Build a view of v's table (its source, drill-down, sort, grouping,
 * filter and unreachable mark) from s, a reference owned by owner that
 * the job now holds.  Returns the request's number. */
uint64_t view_job_start(kd_view_job *j, const kd_view *v, const kd_snapshot *s, void *owner);

/* The newest finished view, if it answers the newest request (else NULL;
 * stale ones are freed and their snapshots released).  The caller owns
 * the view (view_adopt or view_free + free) and the reference to *s,
 * whose owner is *owner; *seq is the request's number. */
kd_view *view_job_take(kd_view_job *j, const kd_snapshot **s, void **owner, uint64_t *seq);

/* Drop the request and any result, waiting for a build under way (at
 * most one build's time): every snapshot goes back before it returns. */
void view_job_cancel(kd_view_job *j);

#endif
