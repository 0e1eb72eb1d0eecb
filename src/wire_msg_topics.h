/*
 * wire_msg_topics.h: the requests that administer topics: CreateTopics
 * (19), DeleteTopics (20), DescribeConfigs (32), CreatePartitions (37) and
 * IncrementalAlterConfigs (44), in their flexible versions (those Kafka
 * 3.x and 4.x both speak).  Only the change pipeline sends the mutating
 * ones (src/change/); DescribeConfigs is a read.
 */
#ifndef KDECK_WIRE_MSG_TOPICS_H
#define KDECK_WIRE_MSG_TOPICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "wire_buf.h"

/* ---- CreateTopics (19), v5-v7 ------------------------------------------ */

typedef struct wire_config_kv {
	const char *name;
	const char *value;              /* NULL: the null value */
} wire_config_kv;

typedef struct wire_create_topic {
	const char *name;
	int32_t partitions;             /* -1: the broker's default */
	int16_t replication_factor;     /* -1: the broker's default */
	const wire_config_kv *configs;
	size_t n_configs;
} wire_create_topic;

typedef struct wire_createtopics_req {
	const wire_create_topic *topics;
	size_t n_topics;
	int32_t timeout_ms;
	bool validate_only;
} wire_createtopics_req;

typedef struct wire_topic_result {
	char *name;
	int16_t error_code;
	char *error_message;            /* NULL when none */
	int32_t partitions;             /* CreateTopics: what was (or would be) made */
	int16_t replication_factor;
} wire_topic_result;

typedef struct wire_createtopics_resp {
	int32_t throttle_ms;
	wire_topic_result *topics;
	size_t n_topics;
} wire_createtopics_resp;

int wire_createtopics_req_encode(wire_wbuf *w, int16_t version, const wire_createtopics_req *req,
				 char *err, size_t errlen);
int wire_createtopics_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_createtopics_resp **out, char *err, size_t errlen);

/* ---- DeleteTopics (20), v4-v6 ------------------------------------------ */

typedef struct wire_deletetopics_req {
	const char *const *names;
	size_t n_names;
	int32_t timeout_ms;
} wire_deletetopics_req;

typedef struct wire_deletetopics_resp {
	int32_t throttle_ms;
	wire_topic_result *topics;
	size_t n_topics;
} wire_deletetopics_resp;

int wire_deletetopics_req_encode(wire_wbuf *w, int16_t version, const wire_deletetopics_req *req,
				 char *err, size_t errlen);
int wire_deletetopics_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_deletetopics_resp **out, char *err, size_t errlen);

/* ---- CreatePartitions (37), v2-v3 -------------------------------------- */

typedef struct wire_createpartitions_req {
	const char *topic;              /* one topic at a time is what kdeck asks */
	int32_t count;                  /* the new total */
	int32_t timeout_ms;
	bool validate_only;
} wire_createpartitions_req;

typedef struct wire_createpartitions_resp {
	int32_t throttle_ms;
	wire_topic_result *topics;
	size_t n_topics;
} wire_createpartitions_resp;

int wire_createpartitions_req_encode(wire_wbuf *w, int16_t version,
				     const wire_createpartitions_req *req, char *err, size_t errlen);
int wire_createpartitions_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				      wire_createpartitions_resp **out, char *err, size_t errlen);

/* ---- DescribeConfigs (32), v4 and IncrementalAlterConfigs (44), v1 ------ */

enum { WIRE_RESOURCE_TOPIC = 2, WIRE_RESOURCE_BROKER = 4 };
/* ConfigSource */
enum {
	WIRE_CONFIG_UNKNOWN = 0, WIRE_CONFIG_DYNAMIC_TOPIC = 1, WIRE_CONFIG_DYNAMIC_BROKER = 2,
	WIRE_CONFIG_DYNAMIC_DEFAULT_BROKER = 3, WIRE_CONFIG_STATIC_BROKER = 4,
	WIRE_CONFIG_DEFAULT = 5, WIRE_CONFIG_DYNAMIC_BROKER_LOGGER = 6,
	WIRE_CONFIG_CLIENT_METRICS = 7, WIRE_CONFIG_GROUP = 8,
};
const char *wire_config_source_name(int8_t source);   /* "dynamic topic" */

typedef struct wire_describeconfigs_req {
	int8_t resource_type;
	const char *resource_name;      /* topic name, or broker id as text */
	const char *const *keys;        /* NULL: every key */
	size_t n_keys;
	bool include_synonyms;
	/* Many resources of the type at once (the same keys for each); then
	 * resource_name is not used. */
	const char *const *resource_names;
	size_t n_resources;
} wire_describeconfigs_req;

typedef struct wire_config_synonym {
	char *name;
	char *value;
	int8_t source;
} wire_config_synonym;

typedef struct wire_config_entry {
	char *name;
	char *value;                    /* NULL for sensitive ones */
	bool read_only, sensitive;
	int8_t source;
	wire_config_synonym *synonyms;
	size_t n_synonyms;
} wire_config_entry;

typedef struct wire_config_result {
	int16_t error_code;
	char *error_message;
	char *resource_name;
	wire_config_entry *configs;
	size_t n_configs;
} wire_config_result;

typedef struct wire_describeconfigs_resp {
	int32_t throttle_ms;
	int16_t error_code;             /* of the first resource */
	char *error_message;
	wire_config_entry *configs;
	size_t n_configs;
	wire_config_result *results;    /* every resource */
	size_t n_results;
} wire_describeconfigs_resp;

int wire_describeconfigs_req_encode(wire_wbuf *w, int16_t version,
				    const wire_describeconfigs_req *req, char *err, size_t errlen);
int wire_describeconfigs_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				     wire_describeconfigs_resp **out, char *err, size_t errlen);

enum { WIRE_CONFIG_SET = 0, WIRE_CONFIG_DELETE = 1 };   /* DELETE: back to the default */

typedef struct wire_alter_config {
	const char *name;
	int8_t op;                      /* WIRE_CONFIG_SET or _DELETE */
	const char *value;              /* NULL with DELETE */
} wire_alter_config;

typedef struct wire_alterconfigs_req {
	int8_t resource_type;
	const char *resource_name;
	const wire_alter_config *configs;
	size_t n_configs;
	bool validate_only;
} wire_alterconfigs_req;

typedef struct wire_alterconfigs_resp {
	int32_t throttle_ms;
	int16_t error_code;
	char *error_message;
} wire_alterconfigs_resp;

int wire_alterconfigs_req_encode(wire_wbuf *w, int16_t version, const wire_alterconfigs_req *req,
				 char *err, size_t errlen);
int wire_alterconfigs_resp_decode(const void *body, size_t len, int16_t version, kd_arena *a,
				  wire_alterconfigs_resp **out, char *err, size_t errlen);

#endif
