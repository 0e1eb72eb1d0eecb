/* change_job.c: see change_job.h. */
#include "config.h"

#include "change_job.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "wire_pool.h"

struct change_job {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int refs;                /* the UI's and the worker's */
	change_job_state state, polled;
	bool confirmed, cancelled;
	kd_options opts;
	const kd_change_ops *ops;
	kd_arena spec_arena;
	const void *spec;
	kd_change change;
	bool have_change;
	int step, n_steps;
	char err[600];
	int pipe_rd, pipe_wr;
};

static void job_unref(change_job *j)
{
	pthread_mutex_lock(&j->lock);
	bool last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (!last)
		return;
	if (j->have_change)
		change_free(&j->change);
	arena_free(&j->spec_arena);
	options_free(&j->opts);
	close(j->pipe_rd);
	close(j->pipe_wr);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j);
}

static void wake(change_job *j)
{
	if (write(j->pipe_wr, "j", 1) < 0 && errno != EAGAIN)
		log_warn("change job: cannot wake the UI: %s", strerror(errno));
}

static void set_state(change_job *j, change_job_state st, const char *err)
{
	pthread_mutex_lock(&j->lock);
	j->state = st;
	if (err)
		snprintf(j->err, sizeof(j->err), "%s", err);
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	wake(j);
}

static void on_step(void *ctx, int step, int n)
{
	change_job *j = ctx;
	pthread_mutex_lock(&j->lock);
	j->step = step;
	j->n_steps = n;
	pthread_mutex_unlock(&j->lock);
	wake(j);
}

static void *worker(void *arg)
{
	change_job *j = arg;
	char err[600] = "";
	wire_pool *pool = wire_pool_new(j->opts.bootstrap, &j->opts, err, sizeof(err));
	int rc = -1;

	if (pool) {
		rc = change_plan(&j->change, j->ops, j->spec, pool, err, sizeof(err));
		pthread_mutex_lock(&j->lock);
		j->have_change = true;
		pthread_mutex_unlock(&j->lock);
	}
	set_state(j, rc ? CHANGE_JOB_FAILED : CHANGE_JOB_PLANNED, rc ? err : NULL);
	if (!rc) {
		pthread_mutex_lock(&j->lock);
		while (!j->confirmed && !j->cancelled)
			pthread_cond_wait(&j->cond, &j->lock);
		bool go = j->confirmed && !j->cancelled;
		pthread_mutex_unlock(&j->lock);
		if (go) {
			set_state(j, CHANGE_JOB_APPLYING, NULL);
			rc = change_apply(&j->opts, &j->change, pool, on_step, j, err, sizeof(err));
			set_state(j, rc ? CHANGE_JOB_FAILED : CHANGE_JOB_APPLIED, rc ? err : NULL);
		}
	}
	wire_pool_free(pool);
	job_unref(j);
	return NULL;
}

change_job *change_job_start(const kd_options *o, const kd_change_ops *ops, const void *spec,
			     char *err, size_t errlen)
{
	change_job *j = calloc(1, sizeof(*j));
	pthread_t t;
	int fds[2];

	if (!j)
		abort();
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		free(j);
		return NULL;
	}
	j->pipe_rd = fds[0];
	j->pipe_wr = fds[1];
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	options_copy(&j->opts, o);
	j->ops = ops;
	arena_init(&j->spec_arena);
	j->spec = ops->spec_copy ? ops->spec_copy(&j->spec_arena, spec) : spec;
	j->refs = 2;
	j->state = j->polled = CHANGE_JOB_PLANNING;
	if (pthread_create(&t, NULL, worker, j)) {
		snprintf(err, errlen, "cannot start a worker thread");
		j->refs = 1;
		job_unref(j);
		return NULL;
	}
	pthread_detach(t);
	return j;
}

int change_job_fd(const change_job *j)
{
	return j->pipe_rd;
}

change_job_state change_job_poll(change_job *j)
{
	char buf[16];
	while (read(j->pipe_rd, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&j->lock);
	j->polled = j->state;
	pthread_mutex_unlock(&j->lock);
	return j->polled;
}

change_job_state change_job_state_of(const change_job *j)
{
	return j->polled;
}

const kd_change_ops *change_job_ops(const change_job *j)
{
	return j->ops;
}

const kd_change *change_job_change(const change_job *j)
{
	/* the worker no longer writes the planned change after PLANNED */
	return j->polled != CHANGE_JOB_PLANNING && j->have_change && j->change.preview.title
		? &j->change : NULL;
}

const char *change_job_error(const change_job *j)
{
	return j->polled == CHANGE_JOB_FAILED ? j->err : NULL;
}

int change_job_step(const change_job *j, int *n)
{
	change_job *m = (change_job *)j;
	pthread_mutex_lock(&m->lock);
	int step = m->step;
	*n = m->n_steps;
	pthread_mutex_unlock(&m->lock);
	return step;
}

bool change_job_confirm(change_job *j)
{
	bool ok;
	pthread_mutex_lock(&j->lock);
	ok = j->state == CHANGE_JOB_PLANNED && !j->change.preview.refusal && !j->confirmed &&
		j->ops->apply;
	if (ok) {
		j->confirmed = true;
		pthread_cond_broadcast(&j->cond);
	}
	pthread_mutex_unlock(&j->lock);
	return ok;
}

void change_job_free(change_job *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->cancelled = !j->confirmed;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
}
