/* view_job.c: see view_job.h. */
#include "config.h"

#include "view_job.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* What to build: a copy of the view's settings, not the view, which the
 * UI thread goes on changing. */
typedef struct job_req {
	const kd_view_source *src;
	kd_drill drill;
	int sort_col, group_col;
	bool sort_desc;
	char *filter;
	int64_t unreachable_since_ms;
	const kd_snapshot *snap;
	void *owner;
	uint64_t seq;
} job_req;

struct kd_view_job {
	view_job_release_fn release;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int pipe_rd, pipe_wr;
	bool quit;

	bool have_req;           /* req waits for the thread */
	job_req req;
	bool busy;               /* the thread builds (it owns its copy) */
	uint64_t last_seq;       /* the newest request */

	kd_view *done;           /* finished, not taken */
	job_req done_req;
};

/* Give r's snapshot back and free its view (either may be NULL). */
static void drop(kd_view_job *j, job_req *r, kd_view *v)
{
	if (v) {
		view_free(v);
		free(v);
	}
	if (r->snap)
		j->release(r->owner, r->snap);
	free(r->filter);
	memset(r, 0, sizeof(*r));
}

static kd_view *build(const job_req *r)
{
	kd_view *v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	view_init(v, r->src, &r->drill);
	v->sort_col = r->sort_col;
	v->sort_desc = r->sort_desc;
	v->group_col = r->group_col;
	v->unreachable_since_ms = r->unreachable_since_ms;
	/* the UI compiled this pattern already; it cannot fail here */
	if (r->filter && view_set_filter(v, r->filter, NULL, 0))
		log_warn("view job: filter refused");
	view_update(v, r->snap);
	return v;
}

static void *job_main(void *arg)
{
	kd_view_job *j = arg;

	pthread_mutex_lock(&j->lock);
	for (;;) {
		while (!j->quit && !j->have_req)
			pthread_cond_wait(&j->cond, &j->lock);
		if (j->quit)
			break;
		job_req r = j->req;
		memset(&j->req, 0, sizeof(j->req));
		j->have_req = false;
		j->busy = true;
		pthread_mutex_unlock(&j->lock);

		kd_view *v = build(&r);

		/* a result not taken yet is an older one: it goes while the
		 * thread is still busy, so cancel never returns before every
		 * snapshot is back */
		pthread_mutex_lock(&j->lock);
		kd_view *old = j->done;
		job_req old_req = j->done_req;
		j->done = NULL;
		memset(&j->done_req, 0, sizeof(j->done_req));
		pthread_mutex_unlock(&j->lock);
		if (old)
			drop(j, &old_req, old);
		pthread_mutex_lock(&j->lock);
		j->done = v;
		j->done_req = r;
		j->busy = false;
		pthread_cond_broadcast(&j->cond);
		if (write(j->pipe_wr, "v", 1) < 0 && errno != EAGAIN)
			log_warn("view job: cannot wake the UI: %s", strerror(errno));
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

kd_view_job *view_job_new(view_job_release_fn release)
{
	kd_view_job *j = calloc(1, sizeof(*j));
	int p[2];

	if (!j)
		abort();
	j->release = release;
	if (pipe(p) < 0) {
		free(j);
		return NULL;
	}
	j->pipe_rd = p[0];
	j->pipe_wr = p[1];
	for (int i = 0; i < 2; i++) {
		fcntl(p[i], F_SETFL, fcntl(p[i], F_GETFL) | O_NONBLOCK);
		fcntl(p[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
		close(p[0]);
		close(p[1]);
		pthread_mutex_destroy(&j->lock);
		pthread_cond_destroy(&j->cond);
		free(j);
		return NULL;
	}
	return j;
}

void view_job_free(kd_view_job *j)
{
	if (!j)
		return;
	view_job_cancel(j);
	pthread_mutex_lock(&j->lock);
	j->quit = true;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	close(j->pipe_rd);
	close(j->pipe_wr);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j);
}

int view_job_fd(const kd_view_job *j)
{
	return j->pipe_rd;
}

uint64_t view_job_start(kd_view_job *j, const kd_view *v, const kd_snapshot *s, void *owner)
{
	job_req r = {
		.src = v->src, .drill = v->drill, .sort_col = v->sort_col,
		.group_col = v->group_col, .sort_desc = v->sort_desc,
		.filter = v->filter ? strdup(v->filter) : NULL,
		.unreachable_since_ms = v->unreachable_since_ms,
		.snap = s, .owner = owner,
	};
	job_req waiting = {0}, old_req = {0};
	kd_view *old = NULL;

	if (v->filter && !r.filter)
		abort();
	pthread_mutex_lock(&j->lock);
	r.seq = ++j->last_seq;
	if (j->have_req)
		waiting = j->req;
	old = j->done;
	old_req = j->done_req;
	j->done = NULL;
	memset(&j->done_req, 0, sizeof(j->done_req));
	j->req = r;
	j->have_req = true;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	drop(j, &waiting, NULL);
	drop(j, &old_req, old);
	return r.seq;
}

kd_view *view_job_take(kd_view_job *j, const kd_snapshot **s, void **owner, uint64_t *seq)
{
	char buf[64];
	kd_view *v;
	job_req r;

	while (read(j->pipe_rd, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&j->lock);
	v = j->done;
	r = j->done_req;
	j->done = NULL;
	memset(&j->done_req, 0, sizeof(j->done_req));
	bool stale = v && r.seq != j->last_seq;
	pthread_mutex_unlock(&j->lock);
	if (!v)
		return NULL;
	if (stale) {
		drop(j, &r, v);
		return NULL;
	}
	*s = r.snap;
	*owner = r.owner;
	*seq = r.seq;
	free(r.filter);
	return v;
}

void view_job_cancel(kd_view_job *j)
{
	job_req waiting = {0}, done_req = {0};
	kd_view *done;

	pthread_mutex_lock(&j->lock);
	j->last_seq++;                 /* whatever is under way is stale */
	if (j->have_req)
		waiting = j->req;
	memset(&j->req, 0, sizeof(j->req));
	j->have_req = false;
	while (j->busy)
		pthread_cond_wait(&j->cond, &j->lock);
	done = j->done;
	done_req = j->done_req;
	j->done = NULL;
	memset(&j->done_req, 0, sizeof(j->done_req));
	pthread_mutex_unlock(&j->lock);
	drop(j, &waiting, NULL);
	drop(j, &done_req, done);
}
