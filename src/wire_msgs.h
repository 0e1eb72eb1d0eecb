/*
 * wire_msgs.h: the Kafka requests kdeck speaks itself, as plain C structs.
 *
 * librdkafka 2.0.2 has no DescribeLogDirs, DescribeCluster, DescribeQuorum,
 * admin ListOffsets, racks or batched OffsetFetch, so kdeck encodes and
 * decodes them here, following the published message schemas.  Everything
 * is pure: an encoder appends a request body to a wire_wbuf, a decoder
 * turns a response body (the bytes after the response header) into a struct
 * whose strings and arrays live in the caller's arena.  No I/O: see
 * wire_conn.h for the connection.
 *
 * Encoders and decoders return 0, or -1 with a message in err.  A decoder
 * rejects truncated input, bad lengths and trailing bytes and leaves *out
 * untouched on error (what it allocated stays in the arena until the arena
 * is freed).  Counts are size_t; a null array from the broker decodes as
 * count 0 with a NULL pointer.  Fields a version does not carry hold the
 * schema's default (mostly -1 or NULL).
 *
 * Requests for several objects (topics, groups, coordinator keys) are
 * batched in one request wherever the version allows; where an older
 * version allows only one (OffsetFetch < 8, FindCoordinator < 4) the
 * encoder refuses more than one and the response is decoded into the same
 * batched struct with a single entry.
 */
#ifndef KDECK_WIRE_MSGS_H
#define KDECK_WIRE_MSGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "wire_buf.h"

/* ---------------------------------------------------------------------
 * API keys and what kdeck implements of each
 * ------------------------------------------------------------------- */

enum {
#define WIRE_API(e, key, name, min, max, flex, stem, call) WIRE_API_##e = key,
#include "wire_apis.def"
#undef WIRE_API
};

/* Kafka's error codes by name: WIRE_KERR_NOT_COORDINATOR ... */
enum {
	WIRE_KERR_UNKNOWN_SERVER_ERROR = -1,
#define WIRE_KERR(name, code) WIRE_KERR_##name = code,
#include "wire_errors.def"
#undef WIRE_KERR
};

typedef struct wire_api_info {
	int16_t key;
	const char *name;       /* the schema's name: "DescribeLogDirs" */
	int16_t min, max;       /* the versions kdeck can encode and decode */
	int16_t flex_from;      /* first flexible version, -1 for none */
} wire_api_info;

/* The row for an API key, or NULL for one kdeck does not know. */
const wire_api_info *wire_api_lookup(int16_t key);
/* By schema name, case-insensitive ("metadata", "DescribeLogDirs"). */
const wire_api_info *wire_api_by_name(const char *name);
/* Every row, terminated by one with name NULL. */
const wire_api_info *wire_api_table(void);
/* "Metadata" or "api 42". */
const char *wire_api_name(int16_t key);
bool wire_api_flexible(int16_t key, int16_t version);

/* Kafka's error code names: "NOT_COORDINATOR", "UNKNOWN(77)" is written
 * to buf for codes kdeck does not know.  Returns buf or a static name. */
const char *wire_error_name(int16_t code, char *buf, size_t buflen);

/* ---------------------------------------------------------------------
 * Framing: request and response headers
 * ------------------------------------------------------------------- */

/* Append a whole request frame: int32 size, request header (v1, or v2
 * for flexible versions) and the body. */
int wire_frame_request(wire_wbuf *w, int16_t api_key, int16_t version,
		       int32_t correlation_id, const char *client_id,
		       const void *body, size_t body_len,
		       char *err, size_t errlen);

/* Split a response frame (with or without its int32 size prefix, as
 * has_size says) into correlation id and body.  The response header is v1
 * for flexible versions, except ApiVersions which always uses v0. */
int wire_frame_response(const void *frame, size_t len, bool has_size,
			int16_t api_key, int16_t version,
			int32_t *correlation_id,
			const uint8_t **body, size_t *body_len,
			char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Shared pieces
 * ------------------------------------------------------------------- */

/* A topic and some of its partitions, for requests. */
typedef struct wire_topic_parts {
	const char *topic;
	const int32_t *partitions;
	size_t n_partitions;
} wire_topic_parts;

typedef struct wire_broker {
	int32_t node_id;
	char *host;
	int32_t port;
	char *rack;             /* NULL when the broker has none */
} wire_broker;

/* ---------------------------------------------------------------------
 * ApiVersions (18)
 * ------------------------------------------------------------------- */

typedef struct wire_apiversions_req {
	const char *client_software_name;       /* v3+ */
	const char *client_software_version;    /* v3+ */
} wire_apiversions_req;

typedef struct wire_api_range {
	int16_t api_key, min, max;
} wire_api_range;

typedef struct wire_feature {
	char *name;
	int16_t min, max;       /* finalized: min/max version level */
} wire_feature;

typedef struct wire_apiversions_resp {
	int16_t error_code;
	int32_t throttle_ms;
	wire_api_range *apis;
	size_t n_apis;
	/* v3+ tagged fields */
	wire_feature *supported_features;       /* tag 0 */
	size_t n_supported_features;
	int64_t finalized_features_epoch;       /* tag 1, -1 when absent */
	wire_feature *finalized_features;       /* tag 2 */
	size_t n_finalized_features;
	bool zk_migration_ready;                /* tag 3 */
} wire_apiversions_resp;

int wire_apiversions_req_encode(wire_wbuf *w, int16_t version,
				const wire_apiversions_req *req,
				char *err, size_t errlen);
/* A broker that does not support `version` answers in v0 with error 35
 * (UNSUPPORTED_VERSION) and its own ranges: the decoder falls back to v0
 * when the body does not parse at `version`, so the caller can retry. */
int wire_apiversions_resp_decode(const void *body, size_t len, int16_t version,
				 kd_arena *a, wire_apiversions_resp **out,
				 char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Metadata (3)
 * ------------------------------------------------------------------- */

typedef struct wire_metadata_req {
	const char *const *topics;      /* names */
	int32_t n_topics;               /* < 0: all topics (null array) */
	bool allow_auto_topic_creation; /* v4+ */
	bool include_topic_authorized_operations;   /* v8+ */
} wire_metadata_req;

typedef struct wire_metadata_partition {
	int16_t error_code;
	int32_t partition;
	int32_t leader;
	int32_t leader_epoch;           /* v7+, else -1 */
	int32_t *replicas, *isr, *offline_replicas;     /* offline: v5+ */
	size_t n_replicas, n_isr, n_offline_replicas;
} wire_metadata_partition;

typedef struct wire_metadata_topic {
	int16_t error_code;
	char *name;                     /* NULL only for unknown ids (v12+) */
	wire_uuid topic_id;             /* v10+, else zero */
	bool is_internal;
	wire_metadata_partition *partitions;
	size_t n_partitions;
	int32_t authorized_operations;  /* v8+, else INT32_MIN */
} wire_metadata_topic;

typedef struct wire_metadata_resp {
	int32_t throttle_ms;
	wire_broker *brokers;
	size_t n_brokers;
	char *cluster_id;               /* v2+, may be NULL */
	int32_t controller_id;          /* v1+, else -1 */
	wire_metadata_topic *topics;
	size_t n_topics;
	int32_t cluster_authorized_operations;  /* v8-10, else INT32_MIN */
} wire_metadata_resp;

int wire_metadata_req_encode(wire_wbuf *w, int16_t version,
			     const wire_metadata_req *req,
			     char *err, size_t errlen);
int wire_metadata_resp_decode(const void *body, size_t len, int16_t version,
			      kd_arena *a, wire_metadata_resp **out,
			      char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * DescribeCluster (60)
 * ------------------------------------------------------------------- */

enum { WIRE_ENDPOINT_BROKERS = 1, WIRE_ENDPOINT_CONTROLLERS = 2 };

typedef struct wire_describecluster_req {
	bool include_cluster_authorized_operations;
	int8_t endpoint_type;           /* v1+; 0 means brokers */
} wire_describecluster_req;

typedef struct wire_describecluster_resp {
	int32_t throttle_ms;
	int16_t error_code;
	char *error_message;
	int8_t endpoint_type;           /* v1+, else 1 */
	char *cluster_id;
	int32_t controller_id;
	wire_broker *brokers;
	size_t n_brokers;
	int32_t cluster_authorized_operations;
} wire_describecluster_resp;

int wire_describecluster_req_encode(wire_wbuf *w, int16_t version,
				    const wire_describecluster_req *req,
				    char *err, size_t errlen);
int wire_describecluster_resp_decode(const void *body, size_t len,
				     int16_t version, kd_arena *a,
				     wire_describecluster_resp **out,
				     char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * DescribeLogDirs (35)
 * ------------------------------------------------------------------- */

typedef struct wire_describelogdirs_req {
	const wire_topic_parts *topics;
	int32_t n_topics;               /* < 0: every partition (null array) */
} wire_describelogdirs_req;

typedef struct wire_logdir_partition {
	int32_t partition;
	int64_t size;
	int64_t offset_lag;
	bool is_future;
} wire_logdir_partition;

typedef struct wire_logdir_topic {
	char *name;
	wire_logdir_partition *partitions;
	size_t n_partitions;
} wire_logdir_topic;

typedef struct wire_logdir {
	int16_t error_code;
	char *path;
	wire_logdir_topic *topics;
	size_t n_topics;
	int64_t total_bytes;            /* v4+, else -1 */
	int64_t usable_bytes;           /* v4+, else -1 */
} wire_logdir;

typedef struct wire_describelogdirs_resp {
	int32_t throttle_ms;
	int16_t error_code;             /* v3+, else 0 */
	wire_logdir *dirs;
	size_t n_dirs;
} wire_describelogdirs_resp;

int wire_describelogdirs_req_encode(wire_wbuf *w, int16_t version,
				    const wire_describelogdirs_req *req,
				    char *err, size_t errlen);
int wire_describelogdirs_resp_decode(const void *body, size_t len,
				     int16_t version, kd_arena *a,
				     wire_describelogdirs_resp **out,
				     char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * ListOffsets (2)
 * ------------------------------------------------------------------- */

enum {
	WIRE_OFFSET_LATEST = -1,
	WIRE_OFFSET_EARLIEST = -2,
	WIRE_OFFSET_MAX_TIMESTAMP = -3,         /* v7+ */
};

typedef struct wire_listoffsets_part {
	int32_t partition;
	int64_t timestamp;              /* ms, or a WIRE_OFFSET_* */
	int32_t current_leader_epoch;   /* v4+; -1 = unknown */
} wire_listoffsets_part;

typedef struct wire_listoffsets_topic {
	const char *topic;
	const wire_listoffsets_part *partitions;
	size_t n_partitions;
} wire_listoffsets_topic;

typedef struct wire_listoffsets_req {
	int32_t replica_id;             /* -1 for a client */
	int8_t isolation_level;         /* v2+: 0 uncommitted, 1 committed */
	const wire_listoffsets_topic *topics;
	size_t n_topics;
	int32_t timeout_ms;             /* v10+ */
} wire_listoffsets_req;

typedef struct wire_listoffsets_partition {
	int32_t partition;
	int16_t error_code;
	int64_t timestamp;
	int64_t offset;
	int32_t leader_epoch;           /* v4+, else -1 */
} wire_listoffsets_partition;

typedef struct wire_listoffsets_topic_resp {
	char *name;
	wire_listoffsets_partition *partitions;
	size_t n_partitions;
} wire_listoffsets_topic_resp;

typedef struct wire_listoffsets_resp {
	int32_t throttle_ms;
	wire_listoffsets_topic_resp *topics;
	size_t n_topics;
} wire_listoffsets_resp;

int wire_listoffsets_req_encode(wire_wbuf *w, int16_t version,
				const wire_listoffsets_req *req,
				char *err, size_t errlen);
int wire_listoffsets_resp_decode(const void *body, size_t len, int16_t version,
				 kd_arena *a, wire_listoffsets_resp **out,
				 char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * DescribeQuorum (55)
 * ------------------------------------------------------------------- */

#define WIRE_METADATA_TOPIC "__cluster_metadata"

typedef struct wire_describequorum_req {
	const wire_topic_parts *topics;
	size_t n_topics;
} wire_describequorum_req;

typedef struct wire_quorum_replica {
	int32_t replica_id;
	wire_uuid directory_id;         /* v2+, else zero */
	int64_t log_end_offset;
	int64_t last_fetch_timestamp;   /* v1+, else -1 */
	int64_t last_caught_up_timestamp;       /* v1+, else -1 */
} wire_quorum_replica;

typedef struct wire_quorum_partition {
	int32_t partition;
	int16_t error_code;
	char *error_message;            /* v2+ */
	int32_t leader_id;
	int32_t leader_epoch;
	int64_t high_watermark;
	wire_quorum_replica *voters, *observers;
	size_t n_voters, n_observers;
} wire_quorum_partition;

typedef struct wire_quorum_topic {
	char *name;
	wire_quorum_partition *partitions;
	size_t n_partitions;
} wire_quorum_topic;

typedef struct wire_quorum_listener {
	char *name;
	char *host;
	uint16_t port;
} wire_quorum_listener;

typedef struct wire_quorum_node {
	int32_t node_id;
	wire_quorum_listener *listeners;
	size_t n_listeners;
} wire_quorum_node;

typedef struct wire_describequorum_resp {
	int16_t error_code;
	char *error_message;            /* v2+ */
	wire_quorum_topic *topics;
	size_t n_topics;
	wire_quorum_node *nodes;        /* v2+ */
	size_t n_nodes;
} wire_describequorum_resp;

/* The usual request: __cluster_metadata partition 0 (topics may be NULL). */
int wire_describequorum_req_encode(wire_wbuf *w, int16_t version,
				   const wire_describequorum_req *req,
				   char *err, size_t errlen);
int wire_describequorum_resp_decode(const void *body, size_t len,
				    int16_t version, kd_arena *a,
				    wire_describequorum_resp **out,
				    char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * OffsetFetch (9)
 * ------------------------------------------------------------------- */

typedef struct wire_offsetfetch_group_req {
	const char *group_id;
	const wire_topic_parts *topics;
	int32_t n_topics;               /* < 0: all topics (null, v2+) */
} wire_offsetfetch_group_req;

typedef struct wire_offsetfetch_req {
	const wire_offsetfetch_group_req *groups;
	size_t n_groups;                /* exactly 1 before v8 */
	bool require_stable;            /* v7+ */
} wire_offsetfetch_req;

typedef struct wire_offsetfetch_partition {
	int32_t partition;
	int64_t committed_offset;       /* -1: none committed */
	int32_t committed_leader_epoch; /* v5+, else -1 */
	char *metadata;
	int16_t error_code;
} wire_offsetfetch_partition;

typedef struct wire_offsetfetch_topic {
	char *name;
	wire_offsetfetch_partition *partitions;
	size_t n_partitions;
} wire_offsetfetch_topic;

typedef struct wire_offsetfetch_group {
	char *group_id;                 /* NULL before v8 (the caller knows it) */
	wire_offsetfetch_topic *topics;
	size_t n_topics;
	int16_t error_code;             /* before v8: the top-level code (v2+) */
} wire_offsetfetch_group;

typedef struct wire_offsetfetch_resp {
	int32_t throttle_ms;
	wire_offsetfetch_group *groups;
	size_t n_groups;
} wire_offsetfetch_resp;

int wire_offsetfetch_req_encode(wire_wbuf *w, int16_t version,
				const wire_offsetfetch_req *req,
				char *err, size_t errlen);
int wire_offsetfetch_resp_decode(const void *body, size_t len, int16_t version,
				 kd_arena *a, wire_offsetfetch_resp **out,
				 char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * FindCoordinator (10)
 * ------------------------------------------------------------------- */

enum { WIRE_COORD_GROUP = 0, WIRE_COORD_TRANSACTION = 1 };

typedef struct wire_findcoordinator_req {
	int8_t key_type;                /* v1+ */
	const char *const *keys;
	size_t n_keys;                  /* exactly 1 before v4 */
} wire_findcoordinator_req;

typedef struct wire_coordinator {
	char *key;                      /* NULL before v4 */
	int32_t node_id;
	char *host;
	int32_t port;
	int16_t error_code;
	char *error_message;
} wire_coordinator;

typedef struct wire_findcoordinator_resp {
	int32_t throttle_ms;
	wire_coordinator *coordinators;
	size_t n_coordinators;          /* 1 before v4 */
} wire_findcoordinator_resp;

int wire_findcoordinator_req_encode(wire_wbuf *w, int16_t version,
				    const wire_findcoordinator_req *req,
				    char *err, size_t errlen);
int wire_findcoordinator_resp_decode(const void *body, size_t len,
				     int16_t version, kd_arena *a,
				     wire_findcoordinator_resp **out,
				     char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Consumer groups: ListGroups (16), DescribeGroups (15), OffsetCommit (8),
 * DeleteGroups (42), and the consumer protocol's member bytes
 * (wire_msg_grouplist.c, wire_msg_groupadmin.c)
 * ------------------------------------------------------------------- */

typedef struct wire_listgroups_req {
	const char *const *states_filter;       /* v4+; none: every state */
	size_t n_states;
	const char *const *types_filter;        /* v5+; none: every type */
	size_t n_types;
} wire_listgroups_req;

typedef struct wire_listed_group {
	char *group_id;
	char *protocol_type;            /* "consumer", "connect", "" */
	char *group_state;              /* v4+, else NULL */
	char *group_type;               /* v5+ ("classic", "consumer"), else NULL */
} wire_listed_group;

typedef struct wire_listgroups_resp {
	int32_t throttle_ms;
	int16_t error_code;
	wire_listed_group *groups;
	size_t n_groups;
} wire_listgroups_resp;

int wire_listgroups_req_encode(wire_wbuf *w, int16_t version,
			       const wire_listgroups_req *req,
			       char *err, size_t errlen);
int wire_listgroups_resp_decode(const void *body, size_t len, int16_t version,
				kd_arena *a, wire_listgroups_resp **out,
				char *err, size_t errlen);

typedef struct wire_describegroups_req {
	const char *const *groups;
	size_t n_groups;
	bool include_authorized_operations;     /* v3+ */
} wire_describegroups_req;

typedef struct wire_consumer_topic {
	char *topic;
	int32_t *partitions;
	size_t n_partitions;
} wire_consumer_topic;

typedef struct wire_consumer_assignment {
	int16_t version;
	wire_consumer_topic *topics;
	size_t n_topics;
	size_t user_data_len;           /* the assignor's own bytes, skipped */
} wire_consumer_assignment;

typedef struct wire_consumer_subscription {
	int16_t version;
	char **topics;
	size_t n_topics;
	wire_consumer_topic *owned;     /* v1+ */
	size_t n_owned;
	int32_t generation_id;          /* v2+, else -1 */
	char *rack_id;                  /* v3+, else NULL */
} wire_consumer_subscription;

typedef struct wire_group_member {
	char *member_id;
	char *group_instance_id;        /* v4+, NULL when none */
	char *client_id;
	char *client_host;
	uint8_t *metadata;              /* the protocol's subscription bytes */
	size_t metadata_len;
	uint8_t *assignment;            /* the protocol's assignment bytes */
	size_t assignment_len;
	/* a KIP-848 member's assignment, already decoded (then metadata and
	 * assignment are empty); NULL for a classic member */
	const wire_consumer_assignment *decoded;
} wire_group_member;

typedef struct wire_described_group {
	int16_t error_code;
	char *error_message;            /* v6+, else NULL */
	char *group_id;
	char *group_state;              /* "Stable", "Empty", ... or "" */
	char *protocol_type;            /* "consumer", ... or "" */
	char *protocol_data;            /* the assignor ("range"), or "" */
	wire_group_member *members;
	size_t n_members;
	int32_t authorized_operations;  /* v3+, else INT32_MIN */
} wire_described_group;

typedef struct wire_describegroups_resp {
	int32_t throttle_ms;
	wire_described_group *groups;
	size_t n_groups;
} wire_describegroups_resp;

int wire_describegroups_req_encode(wire_wbuf *w, int16_t version,
				   const wire_describegroups_req *req,
				   char *err, size_t errlen);
int wire_describegroups_resp_decode(const void *body, size_t len,
				    int16_t version, kd_arena *a,
				    wire_describegroups_resp **out,
				    char *err, size_t errlen);

/* The "consumer" protocol's member bytes (ConsumerProtocolAssignment and
 * ConsumerProtocolSubscription, versions 0-3; a later version is read for
 * the fields kdeck knows and the rest is ignored, as Kafka's own clients
 * do). */


/* An empty buffer (a member not assigned yet) decodes as no topics. */
int wire_consumer_assignment_decode(const void *p, size_t len, kd_arena *a,
				    wire_consumer_assignment **out,
				    char *err, size_t errlen);
int wire_consumer_subscription_decode(const void *p, size_t len, kd_arena *a,
				      wire_consumer_subscription **out,
				      char *err, size_t errlen);
/* Encoders, for tests and fixtures. */
int wire_consumer_assignment_encode(wire_wbuf *w, int16_t version,
				    const wire_consumer_topic *topics, size_t n,
				    char *err, size_t errlen);

typedef struct wire_offsetcommit_part {
	int32_t partition;
	int64_t offset;
	int32_t leader_epoch;           /* v6+; -1 = unknown */
	const char *metadata;           /* may be NULL */
} wire_offsetcommit_part;

typedef struct wire_offsetcommit_topic {
	const char *topic;
	const wire_offsetcommit_part *partitions;
	size_t n_partitions;
} wire_offsetcommit_topic;

/* An administrative commit (as kafka-consumer-groups --reset-offsets
 * sends it): generation -1 and no member id, which the coordinator
 * accepts only while the group has no members. */
typedef struct wire_offsetcommit_req {
	const char *group_id;
	int32_t generation_id;          /* -1 */
	const char *member_id;          /* "" (NULL is sent as "") */
	const char *group_instance_id;  /* v7+, NULL */
	const wire_offsetcommit_topic *topics;
	size_t n_topics;
} wire_offsetcommit_req;

typedef struct wire_offsetcommit_partition {
	int32_t partition;
	int16_t error_code;
} wire_offsetcommit_partition;

typedef struct wire_offsetcommit_topic_resp {
	char *name;
	wire_offsetcommit_partition *partitions;
	size_t n_partitions;
} wire_offsetcommit_topic_resp;

typedef struct wire_offsetcommit_resp {
	int32_t throttle_ms;
	wire_offsetcommit_topic_resp *topics;
	size_t n_topics;
} wire_offsetcommit_resp;

int wire_offsetcommit_req_encode(wire_wbuf *w, int16_t version,
				 const wire_offsetcommit_req *req,
				 char *err, size_t errlen);
int wire_offsetcommit_resp_decode(const void *body, size_t len, int16_t version,
				  kd_arena *a, wire_offsetcommit_resp **out,
				  char *err, size_t errlen);

typedef struct wire_deletegroups_req {
	const char *const *groups;
	size_t n_groups;
} wire_deletegroups_req;

typedef struct wire_deletegroups_result {
	char *group_id;
	int16_t error_code;
} wire_deletegroups_result;

typedef struct wire_deletegroups_resp {
	int32_t throttle_ms;
	wire_deletegroups_result *results;
	size_t n_results;
} wire_deletegroups_resp;

int wire_deletegroups_req_encode(wire_wbuf *w, int16_t version,
				 const wire_deletegroups_req *req,
				 char *err, size_t errlen);
int wire_deletegroups_resp_decode(const void *body, size_t len, int16_t version,
				  kd_arena *a, wire_deletegroups_resp **out,
				  char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * SaslHandshake (17) and SaslAuthenticate (36): the SASL exchange of
 * KIP-152, one SaslAuthenticate per mechanism message (wire_sasl.c).
 * ------------------------------------------------------------------- */

typedef struct wire_saslhandshake_resp {
	int16_t error_code;
	char **mechanisms;      /* what the broker's listener enables */
	size_t n_mechanisms;
} wire_saslhandshake_resp;

int wire_saslhandshake_req_encode(wire_wbuf *w, int16_t version,
				  const char *mechanism, char *err, size_t errlen);
int wire_saslhandshake_resp_decode(const void *body, size_t len, int16_t version,
				   kd_arena *a, wire_saslhandshake_resp **out,
				   char *err, size_t errlen);

typedef struct wire_saslauth_resp {
	int16_t error_code;
	char *error_message;            /* NULL when none */
	const uint8_t *auth_bytes;      /* points into the response body */
	size_t n_auth_bytes;
	int64_t session_lifetime_ms;    /* v1+; 0: no re-authentication */
} wire_saslauth_resp;

int wire_saslauth_req_encode(wire_wbuf *w, int16_t version,
			     const uint8_t *auth, size_t len,
			     char *err, size_t errlen);
int wire_saslauth_resp_decode(const void *body, size_t len, int16_t version,
			      kd_arena *a, wire_saslauth_resp **out,
			      char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * ConsumerGroupDescribe (KIP-848 groups, type "consumer")
 * ------------------------------------------------------------------- */

typedef struct wire_cgdescribe_req {
	const char *const *groups;
	size_t n_groups;
	bool include_authorized_operations;
} wire_cgdescribe_req;

typedef struct wire_cg_member {
	char *member_id;
	char *instance_id;              /* NULL when none */
	char *rack_id;                  /* NULL when none */
	int32_t member_epoch;
	char *client_id;
	char *client_host;
	char **subscribed;              /* topic names */
	size_t n_subscribed;
	char *subscribed_regex;         /* NULL when none */
	wire_consumer_assignment assignment;    /* what it owns now */
	wire_consumer_assignment target;        /* what it is moving to */
} wire_cg_member;

typedef struct wire_cg_group {
	int16_t error_code;
	char *error_message;
	char *group_id;
	char *group_state;              /* "Empty", "Assigning", "Reconciling", "Stable", "Dead" */
	int32_t group_epoch, assignment_epoch;
	char *assignor_name;
	wire_cg_member *members;
	size_t n_members;
	int32_t authorized_operations;
} wire_cg_group;

typedef struct wire_cgdescribe_resp {
	int32_t throttle_ms;
	wire_cg_group *groups;
	size_t n_groups;
} wire_cgdescribe_resp;

int wire_cgdescribe_req_encode(wire_wbuf *w, int16_t version,
			       const wire_cgdescribe_req *req,
			       char *err, size_t errlen);
int wire_cgdescribe_resp_decode(const void *body, size_t len, int16_t version,
				kd_arena *a, wire_cgdescribe_resp **out,
				char *err, size_t errlen);

/* The topic administration requests' codecs (their own header). */
#include "wire_msg_topics.h"
/* Reassignments and leader elections (their own header). */
#include "wire_msg_reassign.h"

/* Decode a response body of any request of wire_apis.def (the capture
 * tests and the fuzzer use this); *out gets the wire_<stem>_resp. */
int wire_decode_any(int16_t key, const void *body, size_t len, int16_t version, kd_arena *a,
		    void **out, char *err, size_t errlen);

#endif
