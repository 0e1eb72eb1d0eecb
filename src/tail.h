/*
 * tail.h: consume a topic from a chosen start, for `kdeck tail` and the
 * tail pane.  A consumer with no group: it assigns partitions itself and
 * never commits, so tailing leaves no trace in the cluster.
 */
#ifndef KDECK_TAIL_H
#define KDECK_TAIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "options.h"

typedef enum kd_tail_from {
	TAIL_FROM_END = 0,       /* only new messages */
	TAIL_FROM_BEGINNING,
	TAIL_FROM_LAST,          /* the last N of each partition */
	TAIL_FROM_OFFSET,        /* an absolute offset */
	TAIL_FROM_TIME,          /* the first message at or after a time */
} kd_tail_from;

typedef struct kd_tail_spec {
	const char *topic;
	int32_t partition;       /* -1: all */
	kd_tail_from from;
	int64_t value;           /* N, the offset, or the time in ms */
	int64_t count;           /* stop after this many (0: no limit) */
	bool exit_at_end;        /* stop when every partition reached its end */
	bool no_headers;         /* the caller never reads headers: skip them */
} kd_tail_spec;

/* Parse a start: "beginning", "end", "-N" (the last N of each partition),
 * "OFFSET", "@TIME" where TIME is ms since the epoch, an ISO-8601 time
 * (2026-11-25T01:30:00Z; +01:00 zones; no zone is UTC) or an age ("10m",
 * "2h", "30s", "1d" ago), "10m ago", or an ISO time without the @.
 * now_ms (wall clock) anchors ages.  On error sp is unchanged. */
int tail_parse_start(const char *s, int64_t now_ms, kd_tail_spec *sp,
		     char *err, size_t errlen);

typedef struct kd_tail kd_tail;

/* Connect, check the topic and partition exist, resolve the start and
 * assign.  A topic that does not exist is an error that names it. */
/* Would tail_new() accept these settings?  A bad -X fills err naming the
 * key; nothing is connected.  Lets `kdeck tail` tell usage errors (exit 2)
 * from cluster errors (exit 1). */
int tail_check_options(const kd_options *o, const kd_tail_spec *sp,
		       char *err, size_t errlen);
kd_tail *tail_new(const kd_options *o, const kd_tail_spec *sp,
		  char *err, size_t errlen);
void tail_free(kd_tail *t);

/* Called per message; return non-zero to stop. */
typedef int (*tail_msg_cb)(const kd_msg *m, void *opaque);

/* Consume up to timeout_ms; returns the number of messages delivered, or
 * -1 once done (count reached, or every partition at its end with
 * exit_at_end), or -2 on a fatal error (err filled). */
int tail_poll(kd_tail *t, int timeout_ms, tail_msg_cb cb, void *opaque,
	      char *err, size_t errlen);

/* Messages delivered so far. */
int64_t tail_consumed(const kd_tail *t);
/* Partitions that reached their end (so far), of those assigned. */
void tail_progress(const kd_tail *t, int *at_end, int *n_parts);
/* Stop or restart fetching every assigned partition. */
int tail_pause(kd_tail *t, bool pause, char *err, size_t errlen);

#endif
