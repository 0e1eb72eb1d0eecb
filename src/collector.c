/* collector.c: the polling thread; see collector.h. */
#include "config.h"

#include "collector.h"
#include "collector_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cluster_poll.h"
#include "events.h"
#include "reassign_poll.h"
#include "msk_watch.h"
#include "groups_poll.h"
#include "kafka_client.h"
#include "log.h"
#include "rates.h"
#include "wire_pool.h"


kd_collector *collector_new(const kd_options *o, char *err, size_t errlen)
{
	int fds[2];
	kd_collector *c = calloc(1, sizeof(*c));
	groups_config gc;
	if (!c)
		abort();
	groups_config_default(&gc);
	if (groups_config_from_options(&gc, o, err, errlen)) {
		free(c);
		return NULL;
	}
	/* librdkafka validates every -X property, so a bad key is reported
	 * here, by name, even though polls go through kdeck's wire code.  Its
	 * handle is made only for the fallback: an idle one would keep its
	 * own connections (and, with a wrong password, its own retries). */
	if (kafka_conf_check(o, err, errlen)) {
		free(c);
		return NULL;
	}
	options_copy(&c->opts, o);
	c->groups = groups_poller_new(&gc);
	c->events = events_ring_new();
	c->pool = wire_pool_new(o->bootstrap, &c->opts, err, errlen);
	if (!c->pool || pipe(fds)) {
		if (c->pool)
			snprintf(err, errlen, "pipe: %s", strerror(errno));
		wire_pool_free(c->pool);
		groups_poller_free(c->groups);
		events_ring_free(c->events);
		kafka_client_free(c->kafka);
		options_free(&c->opts);
		free(c);
		return NULL;
	}
	collector_init_sync(c, fds, o->bootstrap, o);
	return c;
}

void collector_init_sync(kd_collector *c, const int fds[2], const char *name,
			 const kd_options *o)
{
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	c->pipe_rd = fds[0];
	c->pipe_wr = fds[1];
	c->bootstrap = strdup(name ? name : "");
	c->interval_ms = o->interval_ms;
	c->timeout_ms = o->timeout_ms;
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->cond, &ca);
	pthread_condattr_destroy(&ca);
}


/* Drop one reference; the last one frees. Caller holds the lock. */
static void unref_locked(kd_snapshot *s)
{
	if (s && --s->refs == 0)
		snapshot_free(s);
}

/* One poll: metadata, then watermarks, then rates against the previous
 * snapshot.  Runs on the collector thread only. */
static kd_snapshot *poll_once(kd_collector *c)
{
	kd_snapshot *s = snapshot_new();
	const kd_snapshot *prev = c->prev;
	int64_t t0 = clock_mono_ms();

	s->seq = ++c->seq;
	s->taken_ms = clock_wall_ms();
	s->mono_ms = t0;
	s->interval_ms = c->interval_ms;
	s->bootstrap = arena_strdup(&s->arena, c->bootstrap);

	uint64_t requests = wire_pool_requests(c->pool);
	if (!c->use_kafka) {
		int rc = cluster_poll_metadata(c->pool, s, prev);
		if (rc == CLUSTER_POLL_OK) {
			s->connected = true;
			/* committed offsets before watermarks: lag never < 0 */
			groups_poll_offsets(c->groups, c->pool, s);
			cluster_poll_brokers(c->pool, s, prev,
					     c->polls % CLUSTER_POLL_LOW_EVERY == 0);
			/* every poll while replicas move or throttles are set:
			 * the throttles' end is what the operator waits for */
			bool moving = prev && (prev->n_reassignments || prev->throttles);
			bool refresh = c->polls % CLUSTER_POLL_CONFIG_EVERY == 0 || moving;
			cluster_poll_topic_configs(c->pool, s, prev, refresh);
			reassign_poll(c->pool, s, prev, refresh);
		} else if (rc == CLUSTER_POLL_NO_WIRE) {
			log_warn("kdeck's own requests cannot use these connection settings "
				 "(%s); falling back to librdkafka (no racks, log dirs, quorum, "
				 "replica lag or consumer groups)", wire_pool_security(c->pool));
			c->use_kafka = true;
		}
	}
	if (c->use_kafka && !c->kafka) {
		char err[512];
		c->kafka = kafka_client_new(&c->opts, c->bootstrap, err, sizeof(err));
		if (!c->kafka) {
			snapshot_add_error(s, "librdkafka: %s", err);
			c->use_kafka = false;
		}
	}
	if (c->use_kafka && kafka_client_metadata(c->kafka, s, prev, c->timeout_ms) == 0) {
		s->connected = true;
		for (int i = 0; i < s->n_brokers; i++)
			s->brokers[i].responsive = s->brokers[i].up;
		kafka_client_watermarks(c->kafka, s, c->timeout_ms);
	}
	groups_poll_finish(c->groups, c->pool, s);
	msk_watch_fill(c->msk, s);
	c->polls++;
	s->requests = wire_pool_requests(c->pool) - requests;
	rates_compute(s, prev);
	snapshot_finish(s);
	rates_history(s, prev);

	s->last_ok_ms = s->connected ? s->taken_ms : (prev ? prev->last_ok_ms : 0);
	if (!s->connected)
		s->unreachable_since_ms = prev && prev->unreachable_since_ms ?
			prev->unreachable_since_ms : s->taken_ms;
	if (s->n_errors) {
		s->last_error = s->errors[s->n_errors - 1];
		s->last_error_ms = s->taken_ms;
	} else if (prev && prev->last_error) {
		s->last_error = arena_strdup(&s->arena, prev->last_error);
		s->last_error_ms = prev->last_error_ms;
	}
	events_diff(c->last_good, s, c->events);
	if (c->hooks && c->hooks->evaluate)
		c->hooks->evaluate(c->hooks_ctx, s, c->last_good, c->events);
	events_ring_to_snapshot(c->events, s);
	s->poll_ms = clock_mono_ms() - t0;
	for (int i = 0; i < s->n_errors; i++)
		log_debug("poll %llu: %s", (unsigned long long)s->seq, s->errors[i]);
	return s;
}

void collector_publish(kd_collector *c, kd_snapshot *s)
{
	pthread_mutex_lock(&c->lock);
	s->refs = 2;                 /* newest + prev */
	unref_locked(c->newest);
	unref_locked(c->prev);
	c->newest = s;
	c->prev = s;
	if (s->connected && !s->unreachable_since_ms) {
		s->refs++;
		unref_locked(c->last_good);
		c->last_good = s;
	}
	c->published++;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	if (write(c->pipe_wr, "s", 1) < 0 && errno != EAGAIN)
		log_warn("collector: cannot wake the UI: %s", strerror(errno));
}

static void *collector_main(void *arg)
{
	kd_collector *c = arg;

	for (;;) {
		int64_t start = clock_mono_ms();
		kd_snapshot *s = poll_once(c);
		collector_publish(c, s);
		/* s stays valid: c->prev holds it until the next publish */
		if (c->hooks && c->hooks->published)
			c->hooks->published(c->hooks_ctx, s);

		/* Sleep until the next tick, a poke or stop.  The tick is
		 * measured from the poll's start so the interval holds even
		 * when polls are slow. */
		int64_t deadline = start + c->interval_ms;
		struct timespec ts = {.tv_sec = deadline / 1000,
				      .tv_nsec = (deadline % 1000) * 1000000};
		pthread_mutex_lock(&c->lock);
		while (!c->stop && !c->poke) {
			if (pthread_cond_timedwait(&c->cond, &c->lock, &ts) == ETIMEDOUT)
				break;
		}
		bool stop = c->stop;
		c->poke = false;
		pthread_mutex_unlock(&c->lock);
		if (stop)
			break;
	}
	pthread_mutex_lock(&c->lock);
	bool abandoned = c->abandoned;
	pthread_mutex_unlock(&c->lock);
	if (abandoned)
		collector_destroy(c);
	return NULL;
}

int collector_start(kd_collector *c)
{
	if (pthread_create(&c->thread, NULL, c->thread_main ? c->thread_main : collector_main, c))
		return -1;
	c->started = true;
	return 0;
}

void collector_set_hooks(kd_collector *c, const kd_collector_hooks *h, void *ctx)
{
	c->hooks = h;
	c->hooks_ctx = ctx;
}

void collector_poke(kd_collector *c)
{
	pthread_mutex_lock(&c->lock);
	c->poke = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void collector_stop(kd_collector *c)
{
	if (!c->started)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	c->started = false;
}

void collector_abandon(kd_collector *c)
{
	if (!c)
		return;
	if (!c->started) {
		collector_free(c);
		return;
	}
	pthread_t th = c->thread;       /* c may be gone once unlocked */
	pthread_mutex_lock(&c->lock);
	c->abandoned = true;
	c->stop = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_detach(th);
}

void collector_free(kd_collector *c)
{
	if (!c)
		return;
	collector_stop(c);
	collector_destroy(c);
}

void collector_set_msk(kd_collector *c, msk_watch *w)
{
	c->msk = w;
}

/* Everything but the thread, which has ended. */
void collector_destroy(kd_collector *c)
{
	msk_watch_stop(c->msk);
	if (c->replay_free)
		c->replay_free(c);
	if (c->hooks && c->hooks->free)
		c->hooks->free(c->hooks_ctx);
	pthread_mutex_lock(&c->lock);
	unref_locked(c->newest);
	unref_locked(c->prev);
	unref_locked(c->last_good);
	c->newest = c->prev = c->last_good = NULL;
	events_ring_free(c->events);
	c->events = NULL;
	pthread_mutex_unlock(&c->lock);
	kafka_client_free(c->kafka);
	wire_pool_free(c->pool);
	groups_poller_free(c->groups);
	options_free(&c->opts);
	close(c->pipe_rd);
	close(c->pipe_wr);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c->bootstrap);
	free(c);
}

int collector_fd(const kd_collector *c)
{
	return c->pipe_rd;
}

void collector_ack(kd_collector *c)
{
	char buf[64];
	while (read(c->pipe_rd, buf, sizeof(buf)) > 0)
		;
}

const kd_snapshot *collector_acquire(kd_collector *c)
{
	kd_snapshot *s;
	pthread_mutex_lock(&c->lock);
	s = c->newest;
	if (s)
		s->refs++;
	pthread_mutex_unlock(&c->lock);
	return s;
}

void collector_release(kd_collector *c, const kd_snapshot *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&c->lock);
	unref_locked((kd_snapshot *)s);
	pthread_mutex_unlock(&c->lock);
}

void collector_retain(kd_collector *c, const kd_snapshot *s)
{
	pthread_mutex_lock(&c->lock);
	((kd_snapshot *)s)->refs++;
	pthread_mutex_unlock(&c->lock);
}

int collector_wait(kd_collector *c, int n, int timeout_ms)
{
	int64_t deadline = clock_mono_ms() + timeout_ms;
	struct timespec ts = {.tv_sec = deadline / 1000,
			      .tv_nsec = (deadline % 1000) * 1000000};
	int got;

	pthread_mutex_lock(&c->lock);
	while (c->published < n) {
		if (pthread_cond_timedwait(&c->cond, &c->lock, &ts) == ETIMEDOUT)
			break;
	}
	got = c->published;
	pthread_mutex_unlock(&c->lock);
	return got;
}
