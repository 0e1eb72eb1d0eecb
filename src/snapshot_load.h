/*
 * snapshot_load.h: a snapshot read back from its JSON (the inverse of
 * snapshot_json.c, with the SNAPSHOT_JSON_RECORD extras when present), for
 * recordings (src/record.h) and kdeck --replay.
 *
 * The input is a file from disk and may be anything: every member's type
 * and range is checked, counts are capped, arrays that lookups search
 * (brokers, topics, partitions, groups) must be sorted, and the first
 * problem found is returned as a message naming the member
 * ("topics[3].partitions[0].isr[1]: expected an integer").
 *
 * Derived totals are taken from the JSON as written, not recomputed:
 * snapshot_finish() would reset the rates it cannot see again.
 */
#ifndef KDECK_SNAPSHOT_LOAD_H
#define KDECK_SNAPSHOT_LOAD_H

#include <jansson.h>
#include <stddef.h>

#include "snapshot.h"

/* A new snapshot (free with snapshot_free) with replayed = true, or NULL
 * with err filled. */
kd_snapshot *snapshot_from_json(const json_t *j, char *err, size_t errlen);

#endif
