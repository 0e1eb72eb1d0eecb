/* wire_msg_reassign.c: see wire_msg_reassign.h.  AlterPartitionReassignments
 * and ListPartitionReassignments are flexible from v0; ElectLeaders from v2
 * (v0 and v1 use classic strings and arrays and have no tagged fields). */
#include "config.h"

#include "wire_msg_reassign.h"
#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Requests: partitions grouped by topic ----------------------------------- */

/* Refuse a list of partitions the wire cannot carry, before anything is
 * written: a partition without a topic, replicas that are neither a list
 * nor the null (cancel) one. */
static int check_parts(const wire_reassign_part *parts, size_t n, bool replicas,
		       const char *what, char *err, size_t errlen)
{
	if (n && !parts) {
		snprintf(err, errlen, "%s request: %zu partitions but no list", what, n);
		return -1;
	}
	if (n > INT32_MAX) {
		snprintf(err, errlen, "%s request: %zu partitions is too many", what, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const wire_reassign_part *p = &parts[i];
		if (!p->topic) {
			snprintf(err, errlen, "%s request: partition %zu has no topic", what, i);
			return -1;
		}
		if (replicas && (p->n_replicas < -1 || (p->n_replicas > 0 && !p->replicas))) {
			snprintf(err, errlen, "%s request: %s-%d has %d replicas but no list",
				 what, p->topic, p->partition, p->n_replicas);
			return -1;
		}
	}
	return 0;
}

/*
 * The three requests name partitions as topics, each with its partitions;
 * the caller hands a flat list.  Topics go out in the order of their first
 * appearance, each with all of its partitions in list order, so a caller
 * need not sort.  With replicas (AlterPartitionReassignments) a partition
 * is a struct of index and replicas, otherwise a bare int32.  Returns -1
 * only when out of memory.
 */
static int put_by_topic(wire_wbuf *w, const wire_reassign_part *parts, size_t n,
			bool flex, bool replicas)
{
	if (!n) {
		wire_wbuf_put_array_len(w, 0, flex);
		return 0;
	}
	bool *done = calloc(n, sizeof(*done));
	if (!done)
		return -1;
	int32_t n_topics = 0;
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		n_topics++;
		for (size_t j = i; j < n; j++)
			if (!strcmp(parts[j].topic, parts[i].topic))
				done[j] = true;
	}
	memset(done, 0, n * sizeof(*done));
	wire_wbuf_put_array_len(w, n_topics, flex);
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const char *topic = parts[i].topic;
		int32_t np = 0;
		for (size_t j = i; j < n; j++)
			np += !done[j] && !strcmp(parts[j].topic, topic);
		wire_wbuf_put_str(w, topic, flex);
		wire_wbuf_put_array_len(w, np, flex);
		for (size_t j = i; j < n; j++) {
			const wire_reassign_part *p = &parts[j];
			if (done[j] || strcmp(p->topic, topic))
				continue;
			done[j] = true;
			wire_wbuf_put_i32(w, p->partition);
			if (!replicas)
				continue;
			wire_wbuf_put_array_len(w, p->n_replicas < 0 ? -1 : p->n_replicas, flex);
			for (int k = 0; k < p->n_replicas; k++)
				wire_wbuf_put_i32(w, p->replicas[k]);
			if (flex)
				wire_wbuf_put_no_tags(w);
		}
		if (flex)
			wire_wbuf_put_no_tags(w);
	}
	free(done);
	return 0;
}

/* ---- Responses: flattened over topics --------------------------------------- */

/* A string read into the arena, or only stepped over when a is NULL (the
 * counting pass; the filling pass applies the checks). */
static char *read_str(wire_rbuf *r, kd_arena *a, bool flex, bool nullable)
{
	if (a)
		return wire_rbuf_str(r, a, flex, nullable);
	if (flex) {
		uint32_t n = wire_rbuf_uvarint(r);         /* length + 1, 0: null */
		if (n > 1)
			wire_rbuf_skip(r, n - 1);
	} else {
		int16_t n = wire_rbuf_i16(r);
		if (n > 0)
			wire_rbuf_skip(r, (size_t)n);
	}
	return NULL;
}

/* An int32 array into the arena, or stepped over when a is NULL. */
static int32_t *read_i32s(wire_rbuf *r, kd_arena *a, int *n_out)
{
	size_t n = 0;
	int32_t *v = NULL;
	if (a) {
		v = wire_rbuf_i32_array(r, a, true, &n);
	} else {
		int32_t c = wire_rbuf_array_len(r, true, false, 4);
		wire_rbuf_skip(r, c > 0 ? (size_t)c * 4 : 0);
	}
	*n_out = (int)n;
	return v;
}

/*
 * The per-topic results of AlterPartitionReassignments and ElectLeaders
 * (the same shape: topic, then partition, error code, error message), into
 * out[0..cap).  With out NULL nothing is kept and the partitions are only
 * counted.  Returns how many partitions were read.
 */
static size_t walk_results(wire_rbuf *r, kd_arena *a, bool flex,
			   wire_part_result *out, size_t cap)
{
	size_t k = 0;
	/* topic: name, partition count (and tags); partition: index, error
	 * code, null message (and tags) */
	int32_t nt = wire_rbuf_array_len(r, flex, false, flex ? 3 : 6);
	for (int32_t i = 0; i < nt && !r->failed; i++) {
		char *topic = read_str(r, a, flex, false);
		int32_t np = wire_rbuf_array_len(r, flex, false, 8);
		for (int32_t j = 0; j < np && !r->failed; j++, k++) {
			wire_part_result res;
			res.topic = topic;
			res.partition = wire_rbuf_i32(r);
			res.error_code = wire_rbuf_i16(r);
			res.error_message = read_str(r, a, flex, true);
			if (flex)
				wire_rbuf_tags(r, NULL, NULL);
			if (!out)
				continue;
			if (k >= cap) {
				wire_rbuf_fail(r, "more partitions than counted");
				break;
			}
			out[k] = res;
		}
		if (flex)
			wire_rbuf_tags(r, NULL, NULL);
	}
	return k;
}

/* ListPartitionReassignments' topics, as walk_results. */
static size_t walk_ongoing(wire_rbuf *r, kd_arena *a, wire_ongoing_reassign *out, size_t cap)
{
	size_t k = 0;
	int32_t nt = wire_rbuf_array_len(r, true, false, 3);
	for (int32_t i = 0; i < nt && !r->failed; i++) {
		char *topic = read_str(r, a, true, false);
		/* index, three empty arrays, tags */
		int32_t np = wire_rbuf_array_len(r, true, false, 8);
		for (int32_t j = 0; j < np && !r->failed; j++, k++) {
			wire_ongoing_reassign o;
			o.topic = topic;
			o.partition = wire_rbuf_i32(r);
			o.replicas = read_i32s(r, a, &o.n_replicas);
			o.adding = read_i32s(r, a, &o.n_adding);
			o.removing = read_i32s(r, a, &o.n_removing);
			wire_rbuf_tags(r, NULL, NULL);
			if (!out)
				continue;
			if (k >= cap) {
				wire_rbuf_fail(r, "more partitions than counted");
				break;
			}
			out[k] = o;
		}
		wire_rbuf_tags(r, NULL, NULL);
	}
	return k;
}

/*
 * The responses are flattened over topics, and their total is only known
 * at the end: a first pass over a copy of the reader counts the
 * partitions, so the flat array is allocated (and charged) once, at its
 * size.  A count the first pass could not finish leaves its error in r.
 */
static bool count_pass(wire_rbuf *r, const wire_rbuf *scan, size_t n)
{
	if (scan->failed) {
		*r = *scan;
		return false;
	}
	if (n > INT32_MAX) {
		wire_rbuf_fail(r, "%zu partitions are too many", n);
		return false;
	}
	return true;
}

/* ---- AlterPartitionReassignments ------------------------------------------------ */

int wire_alterreassign_req_encode(wire_wbuf *w, int16_t version,
				  const wire_alterreassign_req *req, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, version, "request",
				   err, errlen))
		return -1;
	if (check_parts(req->parts, req->n_parts, true, "AlterPartitionReassignments",
			err, errlen))
		return -1;
	size_t start = w->len;
	wire_wbuf_put_i32(w, req->timeout_ms);
	if (put_by_topic(w, req->parts, req->n_parts, true, true))
		w->failed = true;
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_ALTER_PARTITION_REASSIGNMENTS, version,
				      err, errlen);
}

int wire_alterreassign_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				   wire_alterreassign_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_ALTER_PARTITION_REASSIGNMENTS, version, "response",
				   err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_alterreassign_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	resp->error_code = wire_rbuf_i16(&r);
	resp->error_message = wire_rbuf_str(&r, a, true, true);
	wire_rbuf scan = r;
	size_t n = walk_results(&scan, NULL, true, NULL, 0);
	if (count_pass(&r, &scan, n)) {
		resp->parts = WIRE_ALLOC_ARRAY(&r, a, (int32_t)n, wire_part_result);
		resp->n_parts = walk_results(&r, a, true, resp->parts, n);
	}
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_ALTER_PARTITION_REASSIGNMENTS, version,
				   err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---- ListPartitionReassignments ---------------------------------------------- */

int wire_listreassign_req_encode(wire_wbuf *w, int16_t version,
				 const wire_listreassign_req *req, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_LIST_PARTITION_REASSIGNMENTS, version, "request",
				   err, errlen))
		return -1;
	if (check_parts(req->parts, req->n_parts, false, "ListPartitionReassignments",
			err, errlen))
		return -1;
	size_t start = w->len;
	wire_wbuf_put_i32(w, req->timeout_ms);
	if (!req->n_parts)
		wire_wbuf_put_array_len(w, -1, true);   /* every ongoing one */
	else if (put_by_topic(w, req->parts, req->n_parts, true, false))
		w->failed = true;
	wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_LIST_PARTITION_REASSIGNMENTS, version,
				      err, errlen);
}

int wire_listreassign_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_listreassign_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_LIST_PARTITION_REASSIGNMENTS, version, "response",
				   err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_listreassign_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	resp->error_code = wire_rbuf_i16(&r);
	resp->error_message = wire_rbuf_str(&r, a, true, true);
	wire_rbuf scan = r;
	size_t n = walk_ongoing(&scan, NULL, NULL, 0);
	if (count_pass(&r, &scan, n)) {
		resp->parts = WIRE_ALLOC_ARRAY(&r, a, (int32_t)n, wire_ongoing_reassign);
		resp->n_parts = walk_ongoing(&r, a, resp->parts, n);
	}
	wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_LIST_PARTITION_REASSIGNMENTS, version,
				   err, errlen))
		return -1;
	*out = resp;
	return 0;
}

/* ---- ElectLeaders ------------------------------------------------------------- */

int wire_electleaders_req_encode(wire_wbuf *w, int16_t version,
				 const wire_electleaders_req *req, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_ELECT_LEADERS, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_ELECT_LEADERS, version);
	if (req->election_type != WIRE_ELECT_PREFERRED &&
	    req->election_type != WIRE_ELECT_UNCLEAN) {
		snprintf(err, errlen, "ElectLeaders request: unknown election type %d",
			 req->election_type);
		return -1;
	}
	/* v0 has no ElectionType field: it only elects preferred leaders */
	if (version < 1 && req->election_type != WIRE_ELECT_PREFERRED) {
		snprintf(err, errlen, "ElectLeaders v0 elects preferred leaders only, "
			 "not election type %d", req->election_type);
		return -1;
	}
	if (check_parts(req->parts, req->n_parts, false, "ElectLeaders", err, errlen))
		return -1;
	size_t start = w->len;
	if (version >= 1)
		wire_wbuf_put_i8(w, req->election_type);
	if (!req->n_parts)
		wire_wbuf_put_array_len(w, -1, flex);   /* every partition */
	else if (put_by_topic(w, req->parts, req->n_parts, flex, false))
		w->failed = true;
	wire_wbuf_put_i32(w, req->timeout_ms);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_ELECT_LEADERS, version, err, errlen);
}

int wire_electleaders_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_electleaders_resp **out, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_ELECT_LEADERS, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_ELECT_LEADERS, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_electleaders_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->throttle_ms = wire_rbuf_i32(&r);
	if (version >= 1)
		resp->error_code = wire_rbuf_i16(&r);
	wire_rbuf scan = r;
	size_t n = walk_results(&scan, NULL, flex, NULL, 0);
	if (count_pass(&r, &scan, n)) {
		resp->parts = WIRE_ALLOC_ARRAY(&r, a, (int32_t)n, wire_part_result);
		resp->n_parts = walk_results(&r, a, flex, resp->parts, n);
	}
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_ELECT_LEADERS, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
