/*
 * collector.h: the background thread that polls the cluster.
 *
 * Every interval it builds a new immutable snapshot and publishes it.  The UI
 * thread learns of it through a file descriptor that becomes readable (so a
 * curses loop can poll() keys and snapshots together) and takes a reference
 * with collector_acquire(); it never waits on the network.
 */
#ifndef KDECK_COLLECTOR_H
#define KDECK_COLLECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "snapshot.h"

typedef struct kd_collector kd_collector;

/* Create a collector for the given options (bootstrap, -X, interval).
 * Returns NULL and fills err when the configuration is invalid (a bad -X
 * key names the key); an unreachable cluster is not an error here. */
kd_collector *collector_new(const kd_options *o, char *err, size_t errlen);
int collector_start(kd_collector *c);
/* Before collector_start: the MSK watcher whose readings go in each
 * snapshot; the collector stops it when it is freed. */
struct msk_watch;
void collector_set_msk(kd_collector *c, struct msk_watch *w);
/* Before collector_start: what else runs on the collector thread each
 * poll.  evaluate sees the new snapshot before it is published (alerts
 * fill s->alerts and add their events to the ring); published sees it
 * after (the flight recorder writes it).  Either may be NULL. */
struct kd_event_ring;
typedef struct kd_collector_hooks {
	void (*evaluate)(void *ctx, kd_snapshot *s, const kd_snapshot *prev,
			 struct kd_event_ring *ring);
	void (*published)(void *ctx, const kd_snapshot *s);
	void (*free)(void *ctx);     /* when c is freed */
} kd_collector_hooks;
void collector_set_hooks(kd_collector *c, const kd_collector_hooks *h, void *ctx);

/* kdeck --replay: a collector that publishes a recording's snapshots
 * (record.h) instead of polling, starting at record `start`; takes r.
 * The UI moves through it with collector_replay(); everything else is as
 * with a cluster. */
struct kd_replay;
kd_collector *collector_new_replay(struct kd_replay *r, int start, const kd_options *o);
typedef enum kd_replay_cmd {
	KD_REPLAY_STEP,          /* arg: records forward (or back, < 0) */
	KD_REPLAY_SEEK,          /* arg: wall ms; the last record at or before */
	KD_REPLAY_EVENT,         /* arg: +1 the next record with a new event, -1 back */
	KD_REPLAY_PLAY,          /* play or pause */
	KD_REPLAY_SPEED,         /* arg: +1 twice as fast, -1 half */
} kd_replay_cmd;
void collector_replay(kd_collector *c, kd_replay_cmd cmd, int64_t arg);
typedef struct kd_replay_status {
	int index, count;        /* the record shown, of count */
	int64_t ms, first_ms, last_ms;
	bool playing;
	int speed;               /* 1, 2, 4 ... 64 */
	char note[256];          /* "stopped at record ... (damage)", or a load error */
} kd_replay_status;
/* A time typed by the user for the replay (ISO 8601, HH:MM[:SS] on its
 * first day, +10m from its start, -5m from its end) as wall ms; 0, or -1
 * with err. */
int collector_replay_time(kd_collector *c, const char *text, int64_t *ms, char *err,
			  size_t errlen);
/* False when c is not a replay. */
bool collector_replay_status(kd_collector *c, kd_replay_status *st);

/* Ask for a poll now instead of at the next tick (the UI's refresh key). */
void collector_poke(kd_collector *c);
void collector_stop(kd_collector *c);   /* joins the thread */
void collector_free(kd_collector *c);
/* Stop without waiting: the thread frees c when its current poll ends
 * (a poll against a frozen broker may last its whole timeout).  The
 * caller must hold no snapshot of c's any more.  For the UI thread, which
 * never waits on the network. */
void collector_abandon(kd_collector *c);

/* Readable when a new snapshot was published; drain with collector_ack(). */
int collector_fd(const kd_collector *c);
void collector_ack(kd_collector *c);

/* The newest snapshot with a reference held, or NULL before the first poll.
 * Release with collector_release(). */
const kd_snapshot *collector_acquire(kd_collector *c);
void collector_release(kd_collector *c, const kd_snapshot *s);
/* One more reference to s, which the caller holds already (for a thread
 * that reads it after the caller let go: view_job.h). */
void collector_retain(kd_collector *c, const kd_snapshot *s);

/* Block until n snapshots have been published or timeout_ms passed;
 * returns the number published so far.  For --once. */
int collector_wait(kd_collector *c, int n, int timeout_ms);

#endif
