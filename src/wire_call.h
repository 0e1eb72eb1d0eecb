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
 * *version (may be NULL) gets the version used.
 */
#ifndef KDECK_WIRE_CALL_H
#define KDECK_WIRE_CALL_H

#include "wire_conn.h"
#include "wire_msgs.h"
#include "wire_msg_topics.h"

int wire_call_metadata(wire_conn *c, const wire_metadata_req *req, kd_arena *a,
		       wire_metadata_resp **out, int16_t *version,
		       char *err, size_t errlen);
int wire_call_describecluster(wire_conn *c, const wire_describecluster_req *req,
			      kd_arena *a, wire_describecluster_resp **out,
			      int16_t *version, char *err, size_t errlen);
int wire_call_describelogdirs(wire_conn *c, const wire_describelogdirs_req *req,
			      kd_arena *a, wire_describelogdirs_resp **out,
			      int16_t *version, char *err, size_t errlen);
int wire_call_listoffsets(wire_conn *c, const wire_listoffsets_req *req,
			  kd_arena *a, wire_listoffsets_resp **out,
			  int16_t *version, char *err, size_t errlen);
/* req may be NULL: __cluster_metadata partition 0. */
int wire_call_describequorum(wire_conn *c, const wire_describequorum_req *req,
			     kd_arena *a, wire_describequorum_resp **out,
			     int16_t *version, char *err, size_t errlen);
int wire_call_offsetfetch(wire_conn *c, const wire_offsetfetch_req *req,
			  kd_arena *a, wire_offsetfetch_resp **out,
			  int16_t *version, char *err, size_t errlen);
int wire_call_findcoordinator(wire_conn *c, const wire_findcoordinator_req *req,
			      kd_arena *a, wire_findcoordinator_resp **out,
			      int16_t *version, char *err, size_t errlen);
/* Consumer groups.  req may be NULL for ListGroups (no filters).
 * OffsetCommit and DeleteGroups change the cluster: only through gate.h. */
int wire_call_listgroups(wire_conn *c, const wire_listgroups_req *req,
			 kd_arena *a, wire_listgroups_resp **out,
			 int16_t *version, char *err, size_t errlen);
int wire_call_describegroups(wire_conn *c, const wire_describegroups_req *req,
			     kd_arena *a, wire_describegroups_resp **out,
			     int16_t *version, char *err, size_t errlen);
/* KIP-848 groups (type "consumer"); WIRE_ERR_UNSUPPORTED before 4.0. */
int wire_call_cgdescribe(wire_conn *c, const wire_cgdescribe_req *req,
			 kd_arena *a, wire_cgdescribe_resp **out,
			 int16_t *version, char *err, size_t errlen);
int wire_call_offsetcommit(wire_conn *c, const wire_offsetcommit_req *req,
			   kd_arena *a, wire_offsetcommit_resp **out,
			   int16_t *version, char *err, size_t errlen);
int wire_call_deletegroups(wire_conn *c, const wire_deletegroups_req *req,
			   kd_arena *a, wire_deletegroups_resp **out,
			   int16_t *version, char *err, size_t errlen);

/* Topic administration (wire_msg_topics.h).  CreateTopics, DeleteTopics,
 * CreatePartitions and IncrementalAlterConfigs change the cluster: only
 * through the change pipeline (src/change/). */
int wire_call_createtopics(wire_conn *c, const wire_createtopics_req *req, kd_arena *a,
			   wire_createtopics_resp **out, int16_t *version, char *err, size_t errlen);
int wire_call_deletetopics(wire_conn *c, const wire_deletetopics_req *req, kd_arena *a,
			   wire_deletetopics_resp **out, int16_t *version, char *err, size_t errlen);
int wire_call_createpartitions(wire_conn *c, const wire_createpartitions_req *req, kd_arena *a,
			       wire_createpartitions_resp **out, int16_t *version,
			       char *err, size_t errlen);
int wire_call_describeconfigs(wire_conn *c, const wire_describeconfigs_req *req, kd_arena *a,
			      wire_describeconfigs_resp **out, int16_t *version,
			      char *err, size_t errlen);
int wire_call_alterconfigs(wire_conn *c, const wire_alterconfigs_req *req, kd_arena *a,
			   wire_alterconfigs_resp **out, int16_t *version, char *err, size_t errlen);

#endif
