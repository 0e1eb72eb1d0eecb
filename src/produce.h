/*
 * produce.h: one message to a topic with librdkafka's producer (acks=all),
 * waiting for the broker's acknowledgement.  The change pipeline's produce
 * ops (src/change/ops_produce.c) is the only caller: a message is a change
 * like any other, previewed and passed through the gate.
 */
#ifndef KDECK_PRODUCE_H
#define KDECK_PRODUCE_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"

typedef struct produce_header {
	const char *key;
	const char *value;
} produce_header;

typedef struct produce_msg {
	const char *topic;
	int32_t partition;              /* -1: the key's partition (murmur2, as Java) */
	const void *key;                /* NULL: no key */
	size_t key_len;
	const void *value;              /* NULL: a null value (a tombstone) */
	size_t value_len;
	const produce_header *headers;
	int n_headers;
} produce_msg;

/* 0 with where it landed, or -1 with the broker's or librdkafka's reason. */
int produce_one(const kd_options *o, const produce_msg *m, int32_t *partition, int64_t *offset,
		char *err, size_t errlen);

#endif
