/*
 * record.h: the flight recorder's files: snapshots written as they come
 * (kdeck --record, kdeck record) and read back (kdeck --replay).
 *
 * A recording is JSON lines, gzip'd when its name ends in ".gz":
 *
 *     {"kdeck_recording":1,"started_ms":...,"bootstrap":"...","crc":"..."}
 *     {"t":TAKEN_MS,"seq":N,"full":{SNAPSHOT},"crc":"..."}
 *     {"t":TAKEN_MS,"seq":N,"base":SEQ,"delta":{DELTA},"crc":"..."}
 *
 * SNAPSHOT is snapshot_json_object(s, SNAPSHOT_JSON_RECORD); DELTA is
 * json_delta() against the last full record (not the previous record, so
 * a damaged line loses only itself).  A full record comes every 60
 * records, after a rotation or an append, and when a delta would be more
 * than half a full one.  Every line ends in "crc", the CRC-32 of the
 * line's text before it (from '{' to just before ',"crc"'): a flipped
 * byte is found, not replayed as a wrong number.  gzip'd files are
 * flushed (Z_SYNC_FLUSH) after each line, so a recorder killed mid-way
 * leaves a file readable up to its last record.
 */
#ifndef KDECK_RECORD_H
#define KDECK_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

#define KD_RECORD_FULL_EVERY 60
#define KD_RECORD_KEEP_DEFAULT 5

typedef struct kd_record_opts {
	const char *bootstrap;   /* for the header; an existing file's must match */
	int64_t rotate_bytes;    /* start a new file past this size (0: never) */
	int64_t rotate_age_ms;   /* ... or this age (0: never) */
	int keep;                /* rotated files kept, FILE.1 .. FILE.keep (0: 5) */
} kd_record_opts;

/* ---- writing ---------------------------------------------------------------- */

typedef struct kd_recorder kd_recorder;

/* Create path (with its header) or append to it after checking its
 * header.  An existing file whose end is damaged (a recorder killed
 * mid-line, a gzip stream never finished) is rewritten up to its last
 * good record first; what was lost is kept as PATH.damaged and said in
 * recorder_note().  o may be NULL.  NULL with err filled when path cannot
 * be opened or is not a recording (nothing is written then). */
kd_recorder *recorder_open(const char *path, const kd_record_opts *o, char *err,
			   size_t errlen);
/* What recorder_open repaired, or NULL. */
const char *recorder_note(const kd_recorder *r);
/* Append one snapshot (rotating first if the file is too big or old).
 * 0, or -1 with err filled (disk full, ...). */
int recorder_write(kd_recorder *r, const kd_snapshot *s, char *err, size_t errlen);
/* Records written to the current file, its size on disk. */
int recorder_count(const kd_recorder *r);
int64_t recorder_bytes(const kd_recorder *r);
void recorder_close(kd_recorder *r);

/* ---- reading ---------------------------------------------------------------- */

typedef struct kd_replay kd_replay;

/* Read a whole recording (gzip'd or not) and index its records.  Reading
 * stops at the first damage (a cut or bad line, bad gzip data, a delta
 * whose base is missing) and keeps what came before: see replay_damage().
 * NULL with err filled when the file cannot be read or does not start
 * with a recording's header. */
kd_replay *replay_open(const char *path, char *err, size_t errlen);
int replay_count(const kd_replay *r);
/* Record i's snapshot time (taken_ms); 0 when i is out of range. */
int64_t replay_time(const kd_replay *r, int i);
/* The last record at or before ms, or 0. */
int replay_find(const kd_replay *r, int64_t ms);
/* Record i as a new snapshot (free with snapshot_free), replayed = true;
 * NULL with err filled. */
kd_snapshot *replay_snapshot(kd_replay *r, int i, char *err, size_t errlen);
/* NULL, or "FILE: stopped at record N (line L, byte B): REASON" (N and L
 * from 1, B the offset of the line in the uncompressed text). */
const char *replay_damage(const kd_replay *r);
/* The header's bootstrap (escaped for a terminal only by the caller). */
const char *replay_bootstrap(const kd_replay *r);
void replay_close(kd_replay *r);

/* A time for --at: ISO 8601 ("2026-03-01T14:05:00Z", "...+02:00", or
 * without a zone: local time), HH:MM[:SS] (local) on the day of the first
 * record, +DURATION from the first record, -DURATION from the last
 * (DURATION: 90s, 10m, 1h30m, 2d), or milliseconds since the epoch.
 * 0, or -1 when s is none of these. */
int replay_parse_time(const kd_replay *r, const char *s, int64_t *ms);

/* "100M", "2G", "512k", "1000": bytes (k, M, G, T: powers of 1024).
 * "90s", "10m", "1h30m", "2d": milliseconds.  0, or -1. */
int record_parse_size(const char *s, int64_t *bytes);
int record_parse_duration(const char *s, int64_t *ms);

#endif
