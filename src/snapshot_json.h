/*
 * snapshot_json.h: a snapshot as JSON, the form scripts and tests read
 * (schema in doc/snapshot-json.md).  Unknown numbers are null.
 */
#ifndef KDECK_SNAPSHOT_JSON_H
#define KDECK_SNAPSHOT_JSON_H

#include <stdio.h>

#include "snapshot.h"

/* Returns a malloc'd string, or NULL. */
char *snapshot_json(const kd_snapshot *s);
int snapshot_json_write(const kd_snapshot *s, FILE *out);

#endif
