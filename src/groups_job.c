/* groups_job.c: see groups_job.h. */
#include "config.h"

#include "groups_job.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"
#include "groups_admin.h"
#include "log.h"
#include "wire_pool.h"

struct groups_job {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int refs;                /* the UI's and the worker's */
	groups_job_state state;
	bool confirmed, cancelled;
	kd_options opts;
	bool reset;
	groups_reset_spec spec;
	char *group, *topic;
	groups_plan plan;
	bool have_plan;
	char err[512];
	int pipe_rd, pipe_wr;
};

static void job_unref(groups_job *j)
{
	pthread_mutex_lock(&j->lock);
	bool last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (!last)
		return;
	if (j->have_plan)
		groups_plan_free(&j->plan);
	options_free(&j->opts);
	free(j->group);
	free(j->topic);
	close(j->pipe_rd);
	close(j->pipe_wr);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j);
}

static void set_state(groups_job *j, groups_job_state st)
{
	pthread_mutex_lock(&j->lock);
	j->state = st;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	if (write(j->pipe_wr, "j", 1) < 0 && errno != EAGAIN)
		log_warn("groups job: cannot wake the UI: %s", strerror(errno));
}

static void *worker(void *arg)
{
	groups_job *j = arg;
	char err[512] = "";
	wire_pool *pool = wire_pool_new(j->opts.bootstrap, &j->opts, err, sizeof(err));
	int rc = -1;

	if (pool)
		rc = j->reset ? groups_plan_reset(pool, &j->spec, &j->plan, err, sizeof(err))
			      : groups_plan_delete(pool, j->group, &j->plan, err, sizeof(err));
	pthread_mutex_lock(&j->lock);
	j->have_plan = pool != NULL;
	if (rc)
		snprintf(j->err, sizeof(j->err), "%s", err);
	pthread_mutex_unlock(&j->lock);
	set_state(j, rc ? GROUPS_JOB_FAILED : GROUPS_JOB_PLANNED);

	if (!rc) {
		pthread_mutex_lock(&j->lock);
		while (!j->confirmed && !j->cancelled)
			pthread_cond_wait(&j->cond, &j->lock);
		bool go = j->confirmed && !j->cancelled;
		pthread_mutex_unlock(&j->lock);
		if (go) {
			set_state(j, GROUPS_JOB_APPLYING);
			gate_confirm(j->plan.kind, j->plan.description);
			rc = groups_apply(pool, &j->plan, err, sizeof(err));
			pthread_mutex_lock(&j->lock);
			if (rc)
				snprintf(j->err, sizeof(j->err), "%s", err);
			pthread_mutex_unlock(&j->lock);
			set_state(j, rc ? GROUPS_JOB_FAILED : GROUPS_JOB_APPLIED);
		}
	}
	wire_pool_free(pool);
	job_unref(j);
	return NULL;
}

groups_job *groups_job_start(const kd_options *o, const groups_reset_spec *sp,
			     const char *group, char *err, size_t errlen)
{
	int fds[2];
	groups_job *j = calloc(1, sizeof(*j));
	pthread_t t;

	if (!j)
		abort();
	if (pipe(fds)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		free(j);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	j->pipe_rd = fds[0];
	j->pipe_wr = fds[1];
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	options_copy(&j->opts, o);
	j->reset = sp != NULL;
	if (sp) {
		j->spec = *sp;
		j->group = strdup(sp->group ? sp->group : "");
		j->topic = sp->topic ? strdup(sp->topic) : NULL;
		j->spec.group = j->group;
		j->spec.topic = j->topic;
	} else {
		j->group = strdup(group ? group : "");
	}
	j->refs = 2;
	j->state = GROUPS_JOB_PLANNING;
	if (pthread_create(&t, NULL, worker, j)) {
		snprintf(err, errlen, "cannot start a worker thread");
		j->refs = 1;
		job_unref(j);
		return NULL;
	}
	pthread_detach(t);
	return j;
}

int groups_job_fd(const groups_job *j)
{
	return j->pipe_rd;
}

groups_job_state groups_job_poll(groups_job *j)
{
	char buf[16];
	while (read(j->pipe_rd, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&j->lock);
	groups_job_state st = j->state;
	pthread_mutex_unlock(&j->lock);
	return st;
}

const groups_plan *groups_job_plan(const groups_job *j)
{
	groups_job *m = (groups_job *)j;
	pthread_mutex_lock(&m->lock);
	bool ready = m->state != GROUPS_JOB_PLANNING && m->have_plan && m->plan.description;
	pthread_mutex_unlock(&m->lock);
	return ready ? &j->plan : NULL;
}

const char *groups_job_error(const groups_job *j)
{
	groups_job *m = (groups_job *)j;
	pthread_mutex_lock(&m->lock);
	const char *e = m->state == GROUPS_JOB_FAILED ? m->err : NULL;
	pthread_mutex_unlock(&m->lock);
	return e;
}

bool groups_job_confirm(groups_job *j)
{
	bool ok;
	pthread_mutex_lock(&j->lock);
	ok = j->state == GROUPS_JOB_PLANNED && !j->plan.refusal && !j->confirmed;
	if (ok) {
		j->confirmed = true;
		pthread_cond_broadcast(&j->cond);
	}
	pthread_mutex_unlock(&j->lock);
	return ok;
}

void groups_job_free(groups_job *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->cancelled = !j->confirmed;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
}
