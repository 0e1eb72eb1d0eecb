/*
 * groups_json.h: a snapshot's consumer groups as JSON (the "groups" member
 * of the --once --json document and of `kdeck groups list --json`; schema
 * in doc/groups.md).  Unknown numbers are null.
 */
#ifndef KDECK_GROUPS_JSON_H
#define KDECK_GROUPS_JSON_H

#include <jansson.h>

#include "groups_model.h"

/* A new reference; JSON null when g is NULL (groups not polled). */
json_t *groups_json(const kd_groups *g);
/* One group. */
json_t *groups_group_json(const kd_group *g);
/* "15s", "3m20s", "never", "unknown": a time to catch up as shown. */
const char *groups_eta_text(double eta_s, char *buf, size_t len);

#endif
