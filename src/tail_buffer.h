/*
 * tail_buffer.h: what the tail pane shows, shared between the consumer
 * thread that fills it and the UI that only reads it.
 *
 * A ring of the newest messages (owned copies, bounded by a count and by
 * bytes), the filter and its exact counts, the consume rate, the consumer's
 * state, and a wake-up file descriptor like the collector's.  The consumer
 * side evaluates the filter and copies messages outside the lock and holds
 * the lock only to link a batch into the ring; it alone frees entries, so
 * it may read them without the lock.  The UI reads under the lock.
 *
 * Every message has a sequence number (seq): its place in the stream since
 * the tail began.  The UI remembers rows by seq, so eviction and new
 * messages never move what it points at.
 *
 * Thinning: when a batch brings more messages than the ring holds, the
 * older ones are counted and filtered but never copied, and the UI is woken
 * at most every wake_ms: at any rate the counts stay exact while the
 * screen shows the newest state a few times a second.
 */
#ifndef KDECK_TAIL_BUFFER_H
#define KDECK_TAIL_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "msgfilter.h"

#define TAIL_BUFFER_DEFAULT_CAP 10000
#define TAIL_BUFFER_MAX_CAP 10000000
/* Bytes of keys and values kept per message; longer ones are cut (their
 * size as produced is kept and shown). */
#define TAIL_BUFFER_STORE_LIMIT (1u << 20)
/* All entries together; the oldest go first past this (the default and
 * the most tail_buffer_set_max_bytes takes).  A batch being added is held
 * to the same bound, so the ring and the batch together never hold more
 * than twice this (and at least the newest message). */
#define TAIL_BUFFER_MAX_BYTES ((size_t)512 << 20)

/* One message copied out of the consumer: msg points into the entry. */
typedef struct tail_entry {
	int64_t seq;
	kd_msg msg;
	size_t key_size;         /* as produced; msg.key_len may be less */
	size_t value_size;       /* as produced; msg.value_len may be less */
	size_t bytes;            /* the allocation, for the byte bound */
	bool match;              /* passes the current filter */
	struct tail_entry *next; /* consumer's pending list only */
} tail_entry;

/* A deep copy: msg and its headers point into it.  Free with free(). */
tail_entry *tail_entry_copy(const kd_msg *m, size_t store_limit);

/* What the consumer is doing, for the pane's status line. */
typedef enum tail_state {
	TAIL_STATE_STARTING = 0, /* connecting, finding the start offsets */
	TAIL_STATE_RUNNING,
	TAIL_STATE_PAUSED,
	TAIL_STATE_FAILED,       /* error holds why; nothing more will come */
	TAIL_STATE_DONE,         /* stopped */
} tail_state;

typedef struct tail_stats {
	int64_t scanned;         /* messages the current filter looked at */
	int64_t matched;         /* of those, the ones that passed it */
	int64_t consumed;        /* every message since the tail began */
	int64_t first_seq;       /* oldest entry held (== next_seq: none) */
	int64_t next_seq;        /* seq the next message will get */
	size_t held;             /* entries in the ring */
	size_t held_matched;     /* of those, the matching ones */
	size_t bytes;            /* their allocations */
	size_t cap;
	double rate;             /* messages/s over the last second or more */
	tail_state state;
	int at_end, n_parts;     /* partitions at their end, of those assigned */
	bool filtered;           /* a non-empty filter is set */
	char error[256];         /* TAIL_STATE_FAILED, or the newest warning */
} tail_stats;

typedef struct tail_buffer tail_buffer;

/* cap: entries kept (0: TAIL_BUFFER_DEFAULT_CAP); wake_ms: least time
 * between two wake-ups of the UI.  NULL with err filled when the wake-up
 * pipe cannot be made. */
tail_buffer *tail_buffer_new(size_t cap, int wake_ms, char *err, size_t errlen);
void tail_buffer_free(tail_buffer *b);

/* ---- consumer side (one thread) -------------------------------------- */

/* Start of a batch: apply a filter or capacity the UI asked for (the
 * buffered messages are filtered again and the counts restart from
 * them). */
void tail_buffer_begin(tail_buffer *b);
/* Filter and count one message, and copy it for the ring.  No lock. */
void tail_buffer_add(tail_buffer *b, const kd_msg *m);
/* Link what tail_buffer_add copied into the ring, evict the oldest,
 * update the rate (now_ms: a monotonic clock) and wake the UI when due.
 * Call it also when nothing came, so that the rate falls and a pending
 * wake-up happens. */
void tail_buffer_commit(tail_buffer *b, int64_t now_ms);
/* State and partition progress; error may be NULL (keeps the old one
 * unless the state is FAILED). */
void tail_buffer_set_state(tail_buffer *b, tail_state st, const char *error);
void tail_buffer_set_progress(tail_buffer *b, int at_end, int n_parts);

/* ---- UI side ----------------------------------------------------------- */

/* Readable after a change; drain with tail_buffer_ack. */
int tail_buffer_fd(const tail_buffer *b);
void tail_buffer_ack(tail_buffer *b);

/* Hand over a compiled filter (NULL: none); the consumer applies it at
 * its next batch.  The buffer owns f from now on. */
void tail_buffer_set_filter(tail_buffer *b, msgfilter *f);
/* Ask for another capacity (1 .. TAIL_BUFFER_MAX_CAP); -1 when out of
 * range. */
int tail_buffer_set_capacity(tail_buffer *b, size_t cap);
/* Another byte bound (1 .. TAIL_BUFFER_MAX_BYTES); -1 when out of range.
 * The ring obeys it from the next commit, a batch from its begin. */
int tail_buffer_set_max_bytes(tail_buffer *b, size_t bytes);

void tail_buffer_stats(tail_buffer *b, tail_stats *st);

/* Everything below reads entries: hold the lock around it and do not
 * keep the pointers past the unlock. */
void tail_buffer_lock(tail_buffer *b);
void tail_buffer_unlock(tail_buffer *b);
void tail_buffer_stats_locked(const tail_buffer *b, tail_stats *st);
/* The entry with this seq, or NULL when it is not held. */
const tail_entry *tail_buffer_get_locked(const tail_buffer *b, int64_t seq);
/* Matching entries: the newest, the oldest, the next after seq and the
 * one before seq; -1 when there is none. */
int64_t tail_buffer_last_match_locked(const tail_buffer *b);
int64_t tail_buffer_first_match_locked(const tail_buffer *b);
int64_t tail_buffer_next_match_locked(const tail_buffer *b, int64_t seq);
int64_t tail_buffer_prev_match_locked(const tail_buffer *b, int64_t seq);

/* Write the held messages (only the matching ones with only_matched) to
 * f as JSON lines (msgfmt_jsonl).  Returns how many, or -1 with err
 * filled on a write error.  *cut (may be NULL) counts messages whose key
 * or value the buffer had cut. */
int64_t tail_buffer_save(tail_buffer *b, FILE *f, bool only_matched, int64_t *cut,
			 char *err, size_t errlen);

#endif
