/*
 * msg.h: one Kafka record as the tail pane, `kdeck tail` and the message
 * filter see it.  It only borrows memory: the consumer fills it from a
 * librdkafka message (or a test from literals) and keeps the bytes alive
 * while formatters and filters look at it.  Every byte in it may come from
 * a hostile producer.
 */
#ifndef KDECK_MSG_H
#define KDECK_MSG_H

#include <stddef.h>
#include <stdint.h>

typedef enum kd_ts_type {
	KD_TS_NONE = 0,          /* no timestamp (timestamp is -1) */
	KD_TS_CREATE,            /* CreateTime: set by the producer */
	KD_TS_LOG_APPEND,        /* LogAppendTime: set by the broker */
} kd_ts_type;

typedef struct kd_msg_header {
	const char *name;        /* NUL-terminated, arbitrary bytes */
	const void *value;       /* NULL: a null header value */
	size_t value_len;
} kd_msg_header;

typedef struct kd_msg {
	const char *topic;       /* NUL-terminated */
	int32_t partition;
	int64_t offset;
	int64_t timestamp;       /* ms since the epoch (UTC), -1 when none */
	kd_ts_type ts_type;
	const void *key;         /* NULL: a null key */
	size_t key_len;
	const void *value;       /* NULL: a null value (a tombstone) */
	size_t value_len;
	const kd_msg_header *headers;
	size_t n_headers;
} kd_msg;

#endif
