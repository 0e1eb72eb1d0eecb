/* tail_live.c: see tail_live.h. */
#include "config.h"

#include "tail_live.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

/* How long one poll may block: the longest a stop, a pause or a new
 * filter waits for the consumer. */
#define LIVE_POLL_MS 100
/* Least time between two wake-ups of the UI (at most 10 repaints/s). */
#define LIVE_WAKE_MS 100
/* At exit, how long to let stopping threads close their consumers. */
#define LIVE_EXIT_WAIT_MS 2000
/* The consumer thread's niceness, relative to the UI's (Linux threads). */
#define LIVE_NICE 10

struct tail_live {
	kd_options opts;         /* a copy: the thread may outlive the caller */
	kd_tail_spec spec;
	char *topic;
	tail_buffer *buf;
	pthread_t thread;

	pthread_mutex_t lock;
	int refs;                /* the caller's and the thread's */
	bool stop;
	bool pause;
};

/* Threads still running, so that exit can give them time to close. */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t live_cond = PTHREAD_COND_INITIALIZER;
static int live_running;
static pthread_once_t live_once = PTHREAD_ONCE_INIT;

static void wait_at_exit(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += LIVE_EXIT_WAIT_MS / 1000;
	pthread_mutex_lock(&live_lock);
	while (live_running > 0)
		if (pthread_cond_timedwait(&live_cond, &live_lock, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&live_lock);
}

static void register_exit_wait(void)
{
	atexit(wait_at_exit);
}

static void live_free(tail_live *l)
{
	tail_buffer_free(l->buf);
	options_free(&l->opts);
	free(l->topic);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* Drop one reference; the last one frees. */
static void unref(tail_live *l)
{
	int left;

	pthread_mutex_lock(&l->lock);
	left = --l->refs;
	pthread_mutex_unlock(&l->lock);
	if (left == 0)
		live_free(l);
}

static int on_msg(const kd_msg *m, void *opaque)
{
	tail_buffer_add(opaque, m);
	return 0;
}

/* Connect, then poll until stopped: each poll is one batch of the buffer,
 * so the UI sees a batch at once or not at all. */
static void run(tail_live *l)
{
	char err[512];
	bool paused = false;
	kd_tail *t;

	tail_buffer_set_state(l->buf, TAIL_STATE_STARTING, NULL);
	t = tail_new(&l->opts, &l->spec, err, sizeof(err));
	if (!t) {
		tail_buffer_set_state(l->buf, TAIL_STATE_FAILED, err);
		return;
	}
	tail_buffer_set_state(l->buf, TAIL_STATE_RUNNING, NULL);
	for (;;) {
		bool stop, pause;
		int n, at_end, n_parts;

		pthread_mutex_lock(&l->lock);
		stop = l->stop;
		pause = l->pause;
		pthread_mutex_unlock(&l->lock);
		if (stop)
			break;
		if (pause != paused) {
			if (tail_pause(t, pause, err, sizeof(err)) == 0) {
				paused = pause;
				tail_buffer_set_state(l->buf, paused ? TAIL_STATE_PAUSED
							 : TAIL_STATE_RUNNING, NULL);
			} else {
				log_warn("tail %s: %s", l->topic, err);
			}
		}
		tail_buffer_begin(l->buf);
		n = tail_poll(t, LIVE_POLL_MS, on_msg, l->buf, err, sizeof(err));
		tail_progress(t, &at_end, &n_parts);
		tail_buffer_set_progress(l->buf, at_end, n_parts);
		tail_buffer_commit(l->buf, clock_mono_ms());
		if (n == -2) {
			tail_buffer_set_state(l->buf, TAIL_STATE_FAILED, err);
			break;
		}
		if (n == -1) {
			tail_buffer_set_state(l->buf, TAIL_STATE_DONE, NULL);
			break;
		}
	}
	tail_free(t);
}

static void *live_main(void *arg)
{
	tail_live *l = arg;

	/* At a hundred thousand messages a second this thread (and the
	 * librdkafka threads it starts, which inherit the niceness) would
	 * compete with the UI for the CPU: the keys must win. */
	id_t tid = (id_t)syscall(SYS_gettid);
	int nice_now;

	errno = 0;
	nice_now = getpriority(PRIO_PROCESS, tid);
	if ((nice_now == -1 && errno) || setpriority(PRIO_PROCESS, tid, nice_now + LIVE_NICE))
		log_debug("tail: cannot lower the consumer's priority: %s", strerror(errno));
	run(l);
	unref(l);
	pthread_mutex_lock(&live_lock);
	live_running--;
	pthread_cond_broadcast(&live_cond);
	pthread_mutex_unlock(&live_lock);
	return NULL;
}

tail_live *tail_live_start(const kd_options *o, const kd_tail_spec *sp, size_t cap,
			   char *err, size_t errlen)
{
	tail_live *l = calloc(1, sizeof(*l));

	if (!l)
		abort();
	l->buf = tail_buffer_new(cap, LIVE_WAKE_MS, err, errlen);
	if (!l->buf) {
		free(l);
		return NULL;
	}
	l->opts.bootstrap = strdup(o->bootstrap ? o->bootstrap : "");
	l->opts.timeout_ms = o->timeout_ms;
	for (int i = 0; i < o->n_props; i++) {
		char kv[1024];
		snprintf(kv, sizeof(kv), "%s=%s", o->props[i].key, o->props[i].value);
		options_add_prop(&l->opts, kv, err, errlen);
	}
	l->spec = *sp;
	l->topic = strdup(sp->topic);
	if (!l->opts.bootstrap || !l->topic)
		abort();
	l->spec.topic = l->topic;
	l->refs = 2;
	pthread_mutex_init(&l->lock, NULL);
	pthread_once(&live_once, register_exit_wait);
	pthread_mutex_lock(&live_lock);
	live_running++;
	pthread_mutex_unlock(&live_lock);
	if (pthread_create(&l->thread, NULL, live_main, l)) {
		pthread_mutex_lock(&live_lock);
		live_running--;
		pthread_mutex_unlock(&live_lock);
		snprintf(err, errlen, "cannot start the consumer thread");
		live_free(l);
		return NULL;
	}
	pthread_detach(l->thread);
	return l;
}

tail_buffer *tail_live_buffer(tail_live *l)
{
	return l->buf;
}

void tail_live_pause(tail_live *l, bool pause)
{
	pthread_mutex_lock(&l->lock);
	l->pause = pause;
	pthread_mutex_unlock(&l->lock);
}

void tail_live_stop(tail_live *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&l->lock);
	l->stop = true;
	pthread_mutex_unlock(&l->lock);
	unref(l);
}
