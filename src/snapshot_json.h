/*
 * snapshot_json.h: a snapshot as JSON, the form scripts and tests read
 * (schema in doc/snapshot-json.md).  Unknown numbers are null.
 */
#ifndef KDECK_SNAPSHOT_JSON_H
#define KDECK_SNAPSHOT_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "snapshot.h"

/* Returns a malloc'd string, or NULL. */
char *snapshot_json(const kd_snapshot *s);
int snapshot_json_write(const kd_snapshot *s, FILE *out);

/* What a recording needs beyond the --once --json document to load a
 * snapshot back losslessly (src/snapshot_load.h): the sparkline histories
 * of brokers and topics ("msgs_in_per_sec_history", ...), the cluster's
 * "bytes_per_sec_history", reassignments' "since_ms" and "done_ms", and
 * "last_error", "last_error_ms", "last_ok_ms".  Keys only added. */
#define SNAPSHOT_JSON_RECORD 1u

/* The document of snapshot_json() as a jansson object (a new reference),
 * with the SNAPSHOT_JSON_* extras flags asks for. */
json_t *snapshot_json_object(const kd_snapshot *s, unsigned flags);

#endif
