/* collector_replay.c: a collector that publishes a recording's snapshots
 * (kdeck --replay).  Its thread loads the record asked for (step, seek,
 * next event, play at a speed) and publishes it as a poll would, so the
 * UI draws it with the same panes, off the UI thread. */
#include "config.h"

#include "collector.h"
#include "collector_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "record.h"

/* Played back no faster than this per record, and no slower than the
 * recording's own gaps divided by the speed (capped: a pause in the
 * recording does not stall the replay). */
#define PLAY_MIN_MS 50
#define PLAY_MAX_MS 2000
#define SPEED_MAX 64

typedef struct kd_replay_state {
	kd_replay *r;
	int cur;                 /* the record published, -1 before the first */
	int want;                /* the record to publish next */
	bool playing;
	int speed;
	int64_t due;             /* monotonic ms of the next play step */
	/* commands from the UI, applied by the thread (loading is slow) */
	bool cmd_pending;
	kd_replay_cmd cmd;
	int64_t arg;
	uint64_t cur_events;     /* events_total of the record shown */
	char note[256];
} kd_replay_state;

static void *replay_main(void *arg);
static void replay_free(kd_collector *c);

kd_collector *collector_new_replay(kd_replay *r, int start, const kd_options *o)
{
	int fds[2];
	kd_collector *c = calloc(1, sizeof(*c));
	kd_replay_state *st = calloc(1, sizeof(*st));
	if (!c || !st || pipe(fds))
		abort();
	options_copy(&c->opts, o);
	c->events = events_ring_new();
	collector_init_sync(c, fds, o->replay, o);
	st->r = r;
	st->cur = -1;
	st->want = start < 0 ? 0 : start;
	st->speed = 1;
	if (replay_damage(r))
		snprintf(st->note, sizeof(st->note), "%s", replay_damage(r));
	c->replay = st;
	c->thread_main = replay_main;
	c->replay_free = replay_free;
	return c;
}

static void replay_free(kd_collector *c)
{
	if (!c->replay)
		return;
	replay_close(c->replay->r);
	free(c->replay);
	c->replay = NULL;
}

void collector_replay(kd_collector *c, kd_replay_cmd cmd, int64_t arg)
{
	if (!c || !c->replay)
		return;
	pthread_mutex_lock(&c->lock);
	c->replay->cmd_pending = true;
	c->replay->cmd = cmd;
	c->replay->arg = arg;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

bool collector_replay_status(kd_collector *c, kd_replay_status *out)
{
	if (!c || !c->replay)
		return false;
	pthread_mutex_lock(&c->lock);
	kd_replay_state *st = c->replay;
	int n = replay_count(st->r);
	out->index = st->cur < 0 ? 0 : st->cur;
	out->count = n;
	out->ms = n ? replay_time(st->r, out->index) : 0;
	out->first_ms = n ? replay_time(st->r, 0) : 0;
	out->last_ms = n ? replay_time(st->r, n - 1) : 0;
	out->playing = st->playing;
	out->speed = st->speed;
	snprintf(out->note, sizeof(out->note), "%s", st->note);
	pthread_mutex_unlock(&c->lock);
	return true;
}

int collector_replay_time(kd_collector *c, const char *text, int64_t *ms, char *err,
			  size_t errlen)
{
	if (!c || !c->replay) {
		snprintf(err, errlen, "not a replay");
		return -1;
	}
	pthread_mutex_lock(&c->lock);
	int rc = replay_parse_time(c->replay->r, text, ms);
	pthread_mutex_unlock(&c->lock);
	if (rc)
		snprintf(err, errlen, "not a time: use 2026-12-05T03:12:00Z, 03:12, +10m or -5m");
	return rc ? -1 : 0;
}

/* events_total of record i, or 0 when it does not load. */
static uint64_t events_at(kd_replay_state *st, int i)
{
	char err[256];
	kd_snapshot *s = replay_snapshot(st->r, i, err, sizeof(err));
	uint64_t n = s ? s->events_total : 0;
	snapshot_free(s);
	return n;
}

/* The record where the next (dir > 0) or the previous (dir < 0) new
 * event shows, or cur when there is none. */
static int find_event(kd_replay_state *st, int dir)
{
	int n = replay_count(st->r), cur = st->cur < 0 ? 0 : st->cur;
	if (dir > 0) {
		for (int i = cur + 1; i < n; i++)
			if (events_at(st, i) > st->cur_events)
				return i;
		return cur;
	}
	/* back: the last record before cur whose count grew over its previous */
	uint64_t later = st->cur_events;
	for (int i = cur - 1; i >= 0; i--) {
		uint64_t here = events_at(st, i);
		if (here < later && i + 1 < cur)
			return i + 1;
		later = here;
		if (i == 0 && here > 0)
			return 0;
	}
	return cur;
}

/* Apply a command (lock held; KD_REPLAY_EVENT is searched before, outside
 * the lock, since it loads records: arg is then the record found). */
static void apply(kd_replay_state *st, kd_replay_cmd cmd, int64_t arg)
{
	int n = replay_count(st->r), cur = st->cur < 0 ? 0 : st->cur;
	switch (cmd) {
	case KD_REPLAY_STEP: {
		int64_t t = cur + arg;
		st->want = t < 0 ? 0 : t >= n ? n - 1 : (int)t;
		st->playing = false;
		break;
	}
	case KD_REPLAY_SEEK:
		st->want = replay_find(st->r, arg);
		st->playing = false;
		break;
	case KD_REPLAY_EVENT:
		st->want = (int)arg;
		st->playing = false;
		break;
	case KD_REPLAY_PLAY:
		st->playing = !st->playing && cur + 1 < n;
		st->due = clock_mono_ms();
		break;
	case KD_REPLAY_SPEED:
		if (arg > 0 && st->speed < SPEED_MAX)
			st->speed *= 2;
		else if (arg < 0 && st->speed > 1)
			st->speed /= 2;
		break;
	}
}

static void *replay_main(void *arg)
{
	kd_collector *c = arg;
	kd_replay_state *st = c->replay;
	char err[256];

	pthread_mutex_lock(&c->lock);
	for (;;) {
		if (c->stop)
			break;
		if (st->cmd_pending) {
			kd_replay_cmd cmd = st->cmd;
			int64_t cmd_arg = st->arg;
			st->cmd_pending = false;
			/* the search loads records: the header's status reads on
			 * the UI thread must not wait for it (only this thread
			 * changes cur and cur_events, so they hold still) */
			if (cmd == KD_REPLAY_EVENT) {
				pthread_mutex_unlock(&c->lock);
				cmd_arg = find_event(st, cmd_arg > 0 ? 1 : -1);
				pthread_mutex_lock(&c->lock);
			}
			apply(st, cmd, cmd_arg);
		}
		int64_t now = clock_mono_ms();
		if (st->playing && st->want == st->cur && now >= st->due) {
			if (st->cur + 1 < replay_count(st->r))
				st->want = st->cur + 1;
			else
				st->playing = false;
		}
		if (st->want != st->cur) {
			int want = st->want;
			pthread_mutex_unlock(&c->lock);
			kd_snapshot *s = replay_snapshot(st->r, want, err, sizeof(err));
			pthread_mutex_lock(&c->lock);
			if (!s) {
				snprintf(st->note, sizeof(st->note), "record %d: %.200s", want + 1, err);
				st->want = st->cur;
				st->playing = false;
				continue;
			}
			st->cur = want;
			st->cur_events = s->events_total;
			if (st->playing && want + 1 < replay_count(st->r)) {
				int64_t gap = (replay_time(st->r, want + 1) - replay_time(st->r, want)) /
					      st->speed;
				st->due = clock_mono_ms() + (gap < PLAY_MIN_MS ? PLAY_MIN_MS :
							     gap > PLAY_MAX_MS ? PLAY_MAX_MS : gap);
			}
			pthread_mutex_unlock(&c->lock);
			collector_publish(c, s);
			pthread_mutex_lock(&c->lock);
			continue;
		}
		if (st->playing) {
			struct timespec ts = { .tv_sec = st->due / 1000,
					       .tv_nsec = (st->due % 1000) * 1000000 };
			pthread_cond_timedwait(&c->cond, &c->lock, &ts);
		} else {
			pthread_cond_wait(&c->cond, &c->lock);
		}
	}
	bool abandoned = c->abandoned;
	pthread_mutex_unlock(&c->lock);
	if (abandoned)
		collector_destroy(c);
	return NULL;
}
