/*
 * ops_topics.h: the specs of the topic changes (create, delete, add
 * partitions, set or reset one config); their ops tables are in change.h.
 */
#ifndef KDECK_OPS_TOPICS_H
#define KDECK_OPS_TOPICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct topic_config_kv {
	const char *key;
	const char *value;
} topic_config_kv;

typedef struct topic_create_spec {
	const char *name;
	long partitions;
	long replication_factor;
	const topic_config_kv *configs;
	int n_configs;
} topic_create_spec;

typedef struct topic_delete_spec {
	const char *name;
	const char *typed;              /* what the operator typed to confirm */
} topic_delete_spec;

typedef struct topic_partitions_spec {
	const char *name;
	long count;                     /* the new total */
} topic_partitions_spec;

typedef struct topic_config_spec {
	const char *name;
	const char *key;
	const char *value;              /* NULL: back to the default */
} topic_config_spec;

/* One message to produce (kdeck produce, the produce form). */
typedef struct produce_spec {
	const char *topic;
	long partition;                 /* -1: by the key */
	const char *key;                /* NULL: no key */
	const char *value;              /* NULL: a null value (tombstone) */
	const char *format;             /* the value as "text", "json" or "hex" */
	const char *const *headers;     /* "KEY=VALUE" */
	int n_headers;
} produce_spec;

struct wire_pool;
struct kd_arena;
struct wire_describeconfigs_resp;
/* A topic's configs with their sources (DescribeConfigs with synonyms). */
int topic_describe_configs(struct wire_pool *pool, struct kd_arena *a, const char *topic,
			   struct wire_describeconfigs_resp **out, char *err, size_t errlen);

#endif
