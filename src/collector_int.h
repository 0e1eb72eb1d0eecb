/*
 * collector_int.h: the collector's insides, shared by collector.c (polls a
 * cluster) and collector_replay.c (publishes a recording's snapshots).
 */
#ifndef KDECK_COLLECTOR_INT_H
#define KDECK_COLLECTOR_INT_H

#include <pthread.h>

#include "collector.h"
#include "events.h"
#include "groups_poll.h"
#include "kafka_client.h"
#include "msk_watch.h"
#include "wire_pool.h"

struct kd_replay_state;

struct kd_collector {
	kd_options opts;         /* a copy: the wire pool reads its -X */
	wire_pool *pool;         /* kdeck's own connections, the usual path */
	kd_kafka *kafka;         /* librdkafka, when the wire code cannot
				  * connect with these settings (SASL, TLS) */
	bool use_kafka;
	groups_poller *groups;   /* consumer groups and their lag windows */
	msk_watch *msk;          /* Amazon MSK's control plane, or NULL */
	uint64_t polls;
	char *bootstrap;
	int interval_ms;
	int timeout_ms;

	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t cond;     /* wakes the thread (poke, stop) and waiters */
	bool stop, poke;
	bool abandoned;          /* the thread frees c when its poll ends */
	int published;

	kd_snapshot *newest;     /* the collector holds a reference */
	kd_snapshot *prev;       /* last poll's snapshot, for rates */
	kd_snapshot *last_good;  /* the last one that reached the cluster:
				  * events are what changed since */
	kd_event_ring *events;
	const kd_collector_hooks *hooks;
	void *hooks_ctx;
	uint64_t seq;
	int pipe_rd, pipe_wr;
	/* a replay (collector_replay.c): its state and thread; NULL when
	 * polling a cluster */
	struct kd_replay_state *replay;
	void *(*thread_main)(void *);
	void (*replay_free)(kd_collector *c);
};

/* The wake-up pipe (fds, made non-blocking here), the lock and the
 * condition; name is what messages call the source (bootstrap, file). */
void collector_init_sync(kd_collector *c, const int fds[2], const char *name,
			 const kd_options *o);
/* Publish s as the newest snapshot (takes it) and wake the UI. */
void collector_publish(kd_collector *c, kd_snapshot *s);
/* Everything but the thread, which has ended. */
void collector_destroy(kd_collector *c);

#endif
