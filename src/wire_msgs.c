/* wire_msgs.c: the API table, request/response framing and error names.
 * The messages themselves are in wire_msg_*.c. */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Versions are those of the published schemas that kdeck decodes. */
static const wire_api_info api_table[] = {
	{ WIRE_API_LIST_OFFSETS, "ListOffsets", 1, 10, 6 },
	{ WIRE_API_METADATA, "Metadata", 1, 12, 9 },
	{ WIRE_API_OFFSET_COMMIT, "OffsetCommit", 2, 9, 8 },
	{ WIRE_API_OFFSET_FETCH, "OffsetFetch", 1, 9, 6 },
	{ WIRE_API_FIND_COORDINATOR, "FindCoordinator", 1, 6, 3 },
	{ WIRE_API_DESCRIBE_GROUPS, "DescribeGroups", 0, 6, 5 },
	{ WIRE_API_LIST_GROUPS, "ListGroups", 0, 5, 3 },
	{ WIRE_API_SASL_HANDSHAKE, "SaslHandshake", 0, 1, -1 },
	{ WIRE_API_API_VERSIONS, "ApiVersions", 0, 4, 3 },
	{ WIRE_API_DESCRIBE_LOG_DIRS, "DescribeLogDirs", 1, 4, 2 },
	{ WIRE_API_SASL_AUTHENTICATE, "SaslAuthenticate", 0, 2, 2 },
	{ WIRE_API_DELETE_GROUPS, "DeleteGroups", 0, 2, 2 },
	{ WIRE_API_DESCRIBE_QUORUM, "DescribeQuorum", 0, 2, 0 },
	{ WIRE_API_DESCRIBE_CLUSTER, "DescribeCluster", 0, 1, 0 },
	{ WIRE_API_CONSUMER_GROUP_DESCRIBE, "ConsumerGroupDescribe", 0, 0, 0 },
	{ WIRE_API_CREATE_TOPICS, "CreateTopics", 5, 7, 5 },
	{ WIRE_API_DELETE_TOPICS, "DeleteTopics", 4, 6, 4 },
	{ WIRE_API_DESCRIBE_CONFIGS, "DescribeConfigs", 4, 4, 4 },
	{ WIRE_API_CREATE_PARTITIONS, "CreatePartitions", 2, 3, 2 },
	{ WIRE_API_INCREMENTAL_ALTER_CONFIGS, "IncrementalAlterConfigs", 1, 1, 1 },
	{ 0, NULL, 0, 0, 0 },
};

const wire_api_info *wire_api_table(void)
{
	return api_table;
}

const wire_api_info *wire_api_lookup(int16_t key)
{
	for (const wire_api_info *i = api_table; i->name; i++)
		if (i->key == key)
			return i;
	return NULL;
}

const wire_api_info *wire_api_by_name(const char *name)
{
	for (const wire_api_info *i = api_table; i->name; i++)
		if (!strcasecmp(i->name, name))
			return i;
	return NULL;
}

const char *wire_api_name(int16_t key)
{
	static _Thread_local char buf[16];
	const wire_api_info *i = wire_api_lookup(key);
	if (i)
		return i->name;
	snprintf(buf, sizeof(buf), "api %d", key);
	return buf;
}

bool wire_api_flexible(int16_t key, int16_t version)
{
	const wire_api_info *i = wire_api_lookup(key);
	return i && i->flex_from >= 0 && version >= i->flex_from;
}

int wire_msg_check_version(int16_t key, int16_t version, const char *what,
			   char *err, size_t errlen)
{
	const wire_api_info *i = wire_api_lookup(key);
	if (i && version >= i->min && version <= i->max)
		return 0;
	if (i)
		snprintf(err, errlen, "%s %s v%d: kdeck speaks v%d to v%d",
			 i->name, what, version, i->min, i->max);
	else
		snprintf(err, errlen, "api %d is not known to kdeck", key);
	return -1;
}

int wire_msg_finish_encode(wire_wbuf *w, size_t start, int16_t key,
			   int16_t version, char *err, size_t errlen)
{
	if (!w->failed)
		return 0;
	snprintf(err, errlen, "%s v%d request: a value is too long to encode",
		 wire_api_name(key), version);
	w->len = start;
	w->failed = false;
	return -1;
}

int wire_msg_finish_decode(wire_rbuf *r, int16_t key, int16_t version,
			   char *err, size_t errlen)
{
	wire_rbuf_expect_end(r);
	if (!r->failed)
		return 0;
	snprintf(err, errlen, "%s v%d response: %s", wire_api_name(key),
		 version, r->err);
	return -1;
}

/* ---------------------------------------------------------------------
 * Framing
 * ------------------------------------------------------------------- */

int wire_frame_request(wire_wbuf *w, int16_t api_key, int16_t version,
		       int32_t correlation_id, const char *client_id,
		       const void *body, size_t body_len,
		       char *err, size_t errlen)
{
	const wire_api_info *i = wire_api_lookup(api_key);
	if (!i) {
		snprintf(err, errlen, "api %d is not known to kdeck", api_key);
		return -1;
	}
	size_t start = w->len;
	wire_wbuf_put_i32(w, 0);        /* size, patched below */
	wire_wbuf_put_i16(w, api_key);
	wire_wbuf_put_i16(w, version);
	wire_wbuf_put_i32(w, correlation_id);
	/* The client id stays a classic string even in header v2. */
	wire_wbuf_put_str(w, client_id, false);
	if (wire_api_flexible(api_key, version))
		wire_wbuf_put_no_tags(w);
	wire_wbuf_put_raw(w, body, body_len);
	if (w->failed) {
		snprintf(err, errlen, "%s v%d: request too large or out of memory",
			 i->name, version);
		w->len = start;
		w->failed = false;
		return -1;
	}
	wire_wbuf_patch_i32(w, start, (int32_t)(w->len - start - 4));
	return 0;
}

int wire_frame_response(const void *frame, size_t len, bool has_size,
			int16_t api_key, int16_t version,
			int32_t *correlation_id,
			const uint8_t **body, size_t *body_len,
			char *err, size_t errlen)
{
	wire_rbuf r;
	wire_rbuf_init(&r, frame, len);
	if (has_size) {
		int32_t size = wire_rbuf_i32(&r);
		if (!r.failed && (size < 4 || (size_t)size != wire_rbuf_remaining(&r)))
			wire_rbuf_fail(&r, "frame size %d does not match its %zu bytes",
				       size, wire_rbuf_remaining(&r));
	}
	int32_t corr = wire_rbuf_i32(&r);
	/* ApiVersions answers with header v0 whatever its version, so that a
	 * client can read it before it knows what the broker speaks. */
	if (api_key != WIRE_API_API_VERSIONS && wire_api_flexible(api_key, version))
		wire_rbuf_tags(&r, NULL, NULL);
	if (r.failed) {
		snprintf(err, errlen, "%s v%d response header: %s",
			 wire_api_name(api_key), version, r.err);
		return -1;
	}
	*correlation_id = corr;
	*body = r.p + r.off;
	*body_len = wire_rbuf_remaining(&r);
	return 0;
}

/* ---------------------------------------------------------------------
 * Error codes
 * ------------------------------------------------------------------- */

static const char *const error_names[] = {
	"NONE", "OFFSET_OUT_OF_RANGE", "CORRUPT_MESSAGE",
	"UNKNOWN_TOPIC_OR_PARTITION", "INVALID_FETCH_SIZE",
	"LEADER_NOT_AVAILABLE", "NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT",
	"BROKER_NOT_AVAILABLE", "REPLICA_NOT_AVAILABLE", "MESSAGE_TOO_LARGE",
	"STALE_CONTROLLER_EPOCH", "OFFSET_METADATA_TOO_LARGE",
	"NETWORK_EXCEPTION", "COORDINATOR_LOAD_IN_PROGRESS",
	"COORDINATOR_NOT_AVAILABLE", "NOT_COORDINATOR",
	"INVALID_TOPIC_EXCEPTION", "RECORD_LIST_TOO_LARGE",
	"NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
	"INVALID_REQUIRED_ACKS", "ILLEGAL_GENERATION",
	"INCONSISTENT_GROUP_PROTOCOL", "INVALID_GROUP_ID", "UNKNOWN_MEMBER_ID",
	"INVALID_SESSION_TIMEOUT", "REBALANCE_IN_PROGRESS",
	"INVALID_COMMIT_OFFSET_SIZE", "TOPIC_AUTHORIZATION_FAILED",
	"GROUP_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED",
	"INVALID_TIMESTAMP", "UNSUPPORTED_SASL_MECHANISM", "ILLEGAL_SASL_STATE",
	"UNSUPPORTED_VERSION", "TOPIC_ALREADY_EXISTS", "INVALID_PARTITIONS",
	"INVALID_REPLICATION_FACTOR", "INVALID_REPLICA_ASSIGNMENT",
	"INVALID_CONFIG", "NOT_CONTROLLER", "INVALID_REQUEST",
	"UNSUPPORTED_FOR_MESSAGE_FORMAT", "POLICY_VIOLATION",
	"OUT_OF_ORDER_SEQUENCE_NUMBER", "DUPLICATE_SEQUENCE_NUMBER",
	"INVALID_PRODUCER_EPOCH", "INVALID_TXN_STATE",
	"INVALID_PRODUCER_ID_MAPPING", "INVALID_TRANSACTION_TIMEOUT",
	"CONCURRENT_TRANSACTIONS", "TRANSACTION_COORDINATOR_FENCED",
	"TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "SECURITY_DISABLED",
	"OPERATION_NOT_ATTEMPTED", "KAFKA_STORAGE_ERROR", "LOG_DIR_NOT_FOUND",
	"SASL_AUTHENTICATION_FAILED", "UNKNOWN_PRODUCER_ID",
	"REASSIGNMENT_IN_PROGRESS", "DELEGATION_TOKEN_AUTH_DISABLED",
	"DELEGATION_TOKEN_NOT_FOUND", "DELEGATION_TOKEN_OWNER_MISMATCH",
	"DELEGATION_TOKEN_REQUEST_NOT_ALLOWED",
	"DELEGATION_TOKEN_AUTHORIZATION_FAILED", "DELEGATION_TOKEN_EXPIRED",
	"INVALID_PRINCIPAL_TYPE", "NON_EMPTY_GROUP", "GROUP_ID_NOT_FOUND",
	"FETCH_SESSION_ID_NOT_FOUND", "INVALID_FETCH_SESSION_EPOCH",
	"LISTENER_NOT_FOUND", "TOPIC_DELETION_DISABLED", "FENCED_LEADER_EPOCH",
	"UNKNOWN_LEADER_EPOCH", "UNSUPPORTED_COMPRESSION_TYPE",
	"STALE_BROKER_EPOCH", "OFFSET_NOT_AVAILABLE", "MEMBER_ID_REQUIRED",
	"PREFERRED_LEADER_NOT_AVAILABLE", "GROUP_MAX_SIZE_REACHED",
	"FENCED_INSTANCE_ID", "ELIGIBLE_LEADERS_NOT_AVAILABLE",
	"ELECTION_NOT_NEEDED", "NO_REASSIGNMENT_IN_PROGRESS",
	"GROUP_SUBSCRIBED_TO_TOPIC", "INVALID_RECORD", "UNSTABLE_OFFSET_COMMIT",
	"THROTTLING_QUOTA_EXCEEDED", "PRODUCER_FENCED", "RESOURCE_NOT_FOUND",
	"DUPLICATE_RESOURCE", "UNACCEPTABLE_CREDENTIAL",
	"INCONSISTENT_VOTER_SET", "INVALID_UPDATE_VERSION",
	"FEATURE_UPDATE_FAILED", "PRINCIPAL_DESERIALIZATION_FAILURE",
	"SNAPSHOT_NOT_FOUND", "POSITION_OUT_OF_RANGE", "UNKNOWN_TOPIC_ID",
	"DUPLICATE_BROKER_REGISTRATION", "BROKER_ID_NOT_REGISTERED",
	"INCONSISTENT_TOPIC_ID", "INCONSISTENT_CLUSTER_ID",
	"TRANSACTIONAL_ID_NOT_FOUND", "FETCH_SESSION_TOPIC_ID_ERROR",
	"INELIGIBLE_REPLICA", "NEW_LEADER_ELECTED",
	"OFFSET_MOVED_TO_TIERED_STORAGE", "FENCED_MEMBER_EPOCH",
	"UNRELEASED_INSTANCE_ID", "UNSUPPORTED_ASSIGNOR", "STALE_MEMBER_EPOCH",
	"MISMATCHED_ENDPOINT_TYPE", "UNSUPPORTED_ENDPOINT_TYPE",
	"UNKNOWN_CONTROLLER_ID",
};

const char *wire_error_name(int16_t code, char *buf, size_t buflen)
{
	if (code == -1)
		return "UNKNOWN_SERVER_ERROR";
	if (code >= 0 && (size_t)code < sizeof(error_names) / sizeof(error_names[0]))
		return error_names[code];
	snprintf(buf, buflen, "UNKNOWN(%d)", code);
	return buf;
}
