/*
 * tail_live.h: a tail that runs by itself: a consumer thread (tail.c)
 * filling a tail_buffer, for the tail pane.  Starting never waits for the
 * network (connecting and finding the start offsets happen in the thread)
 * and neither does stopping: the UI lets go and the thread cleans up after
 * itself, so a dead broker never freezes the screen.
 */
#ifndef KDECK_TAIL_LIVE_H
#define KDECK_TAIL_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "tail.h"
#include "tail_buffer.h"

typedef struct tail_live tail_live;

/* Consume sp (copied, with the connection settings of o) into a new
 * buffer of cap messages (0: the default).  NULL with err filled when the
 * thread cannot start. */
tail_live *tail_live_start(const kd_options *o, const kd_tail_spec *sp, size_t cap,
			   char *err, size_t errlen);
/* Valid until tail_live_stop. */
tail_buffer *tail_live_buffer(tail_live *l);
/* Stop or restart fetching; the buffer's state says when it happened. */
void tail_live_pause(tail_live *l, bool pause);
/* Let go of l: the thread stops within a poll interval (or when a
 * network call it is in returns) and frees everything. */
void tail_live_stop(tail_live *l);

#endif
