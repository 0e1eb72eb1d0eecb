/*
 * wire_call.h: one request/response round trip on a wire_conn, at the
 * highest version both kdeck and the broker speak.
 *
 * This is what the collector calls.  Each function negotiates the version
 * (wire_conn_version), encodes, sends, waits and decodes into the arena.
 * It returns WIRE_OK or a WIRE_ERR_*:
 *   WIRE_ERR_UNSUPPORTED  the broker has no version kdeck speaks: show the
 *                         feature as "n/a on this broker" (err says so);
 *   WIRE_ERR_PROTOCOL     the response did not decode (connection is fine);
 *   others                from wire_conn_request (the connection is broken
 *                         unless it was an encode error).
 * Error codes inside a decoded response are left to the caller.
 *
 * OffsetFetch and FindCoordinator take many groups/keys even when the
 * broker only speaks the single-group/single-key versions: the call then
 * sends one request per group/key and merges the answers, filling in the
 * group id / key the old versions leave out.
 *
 * *version (may be NULL) gets the version used.  req may be NULL for
 * DescribeQuorum (__cluster_metadata partition 0) and ListGroups (no
 * filters).
 */
#ifndef KDECK_WIRE_CALL_H
#define KDECK_WIRE_CALL_H

#include "wire_conn.h"
#include "wire_msgs.h"
#include "wire_msg_topics.h"
#include "wire_msg_reassign.h"

/* One wrapper per request of wire_apis.def that is not the connection's
 * own (call GEN or OWN): the newest version both sides speak, encode,
 * send, decode into a.  OffsetFetch and FindCoordinator batch on old
 * versions.  The requests that change the cluster (OffsetCommit,
 * DeleteGroups, CreateTopics, DeleteTopics, CreatePartitions,
 * IncrementalAlterConfigs, ElectLeaders, AlterPartitionReassignments) are
 * sent only by the change pipeline (src/change/), after its gate. */
#define WIRE_CALL_DECL(stem)                                                   \
	int wire_call_##stem(wire_conn *c, const wire_##stem##_req *req,       \
			     kd_arena *a, wire_##stem##_resp **out,           \
			     int16_t *version, char *err, size_t errlen);
#define WIRE_CALL_DECL_GEN(stem) WIRE_CALL_DECL(stem)
#define WIRE_CALL_DECL_OWN(stem) WIRE_CALL_DECL(stem)
#define WIRE_CALL_DECL_CONN(stem)
#define WIRE_API(e, key, name, min, max, flex, stem, call) WIRE_CALL_DECL_##call(stem)
#include "wire_apis.def"
#undef WIRE_API

#endif
