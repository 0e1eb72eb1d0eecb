/*
 * wire_msg_reassign.h: the requests that move replicas and leaders:
 * ElectLeaders (43) v0-v2, AlterPartitionReassignments (45) v0 and
 * ListPartitionReassignments (46) v0.  Only the change pipeline sends the
 * mutating ones (src/change/); ListPartitionReassignments is a read the
 * collector makes every poll.
 */
#ifndef KDECK_WIRE_MSG_REASSIGN_H
#define KDECK_WIRE_MSG_REASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "wire_buf.h"

/* One partition of a request: its new replicas (AlterPartitionReassignments;
 * n_replicas -1 sends null, which cancels a pending reassignment). */
typedef struct wire_reassign_part {
	const char *topic;
	int32_t partition;
	const int32_t *replicas;
	int n_replicas;                 /* -1: null (cancel) */
} wire_reassign_part;

/* The answer for one partition (AlterPartitionReassignments, ElectLeaders). */
typedef struct wire_part_result {
	char *topic;
	int32_t partition;
	int16_t error_code;
	char *error_message;            /* NULL when none */
} wire_part_result;

/* ---- AlterPartitionReassignments (45), v0 ------------------------------ */

typedef struct wire_alterreassign_req {
	int32_t timeout_ms;
	const wire_reassign_part *parts; /* grouped by topic on the wire, in order
					  * of first appearance */
	size_t n_parts;
} wire_alterreassign_req;

typedef struct wire_alterreassign_resp {
	int32_t throttle_ms;
	int16_t error_code;
	char *error_message;
	wire_part_result *parts;
	size_t n_parts;
} wire_alterreassign_resp;

int wire_alterreassign_req_encode(wire_wbuf *w, int16_t version,
				  const wire_alterreassign_req *req, char *err, size_t errlen);
int wire_alterreassign_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				   wire_alterreassign_resp **out, char *err, size_t errlen);

/* ---- ListPartitionReassignments (46), v0 ------------------------------- */

typedef struct wire_listreassign_req {
	int32_t timeout_ms;
	/* NULL / 0: every ongoing reassignment (the null topics array) */
	const wire_reassign_part *parts; /* only topic and partition are used */
	size_t n_parts;
} wire_listreassign_req;

typedef struct wire_ongoing_reassign {
	char *topic;
	int32_t partition;
	int32_t *replicas, *adding, *removing;
	int n_replicas, n_adding, n_removing;
} wire_ongoing_reassign;

typedef struct wire_listreassign_resp {
	int32_t throttle_ms;
	int16_t error_code;
	char *error_message;
	wire_ongoing_reassign *parts;   /* flattened over topics */
	size_t n_parts;
} wire_listreassign_resp;

int wire_listreassign_req_encode(wire_wbuf *w, int16_t version,
				 const wire_listreassign_req *req, char *err, size_t errlen);
int wire_listreassign_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_listreassign_resp **out, char *err, size_t errlen);

/* ---- ElectLeaders (43), v0-v2 ------------------------------------------ */

enum { WIRE_ELECT_PREFERRED = 0, WIRE_ELECT_UNCLEAN = 1 };

typedef struct wire_electleaders_req {
	int8_t election_type;           /* v0 knows only PREFERRED: refused otherwise */
	const wire_reassign_part *parts; /* topic and partition; NULL/0: all (null) */
	size_t n_parts;
	int32_t timeout_ms;
} wire_electleaders_req;

typedef struct wire_electleaders_resp {
	int32_t throttle_ms;
	int16_t error_code;             /* v1+ */
	wire_part_result *parts;        /* flattened over topics */
	size_t n_parts;
} wire_electleaders_resp;

int wire_electleaders_req_encode(wire_wbuf *w, int16_t version,
				 const wire_electleaders_req *req, char *err, size_t errlen);
int wire_electleaders_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_electleaders_resp **out, char *err, size_t errlen);

#endif
