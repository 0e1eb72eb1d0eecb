/*
 * kafka_client.h: what kdeck asks of librdkafka: metadata and watermarks.
 *
 * The handle is a consumer with no group, used only for metadata and
 * offset lookups; admin work gets its own handle so a wedged admin call
 * (see the librdkafka 2.0.2 notes in doc/) cannot stall the poll.
 */
#ifndef KDECK_KAFKA_CLIENT_H
#define KDECK_KAFKA_CLIENT_H

#include <stddef.h>

#include "options.h"
#include "snapshot.h"

typedef struct kd_kafka kd_kafka;

/* Apply the -X properties to a librdkafka conf (kdeck.* ones are kdeck's
 * and skipped).  A rejected one fills err naming the key; a secret's value
 * is never quoted.  The conf type is opaque here so that this header needs
 * no librdkafka include. */
struct rd_kafka_conf_s;
int kafka_conf_apply_props(struct rd_kafka_conf_s *conf, const kd_options *o,
			   char *err, size_t errlen);

/* Check the -X properties as librdkafka would take them, without making
 * a handle (no connection).  Returns 0 or -1 with err naming the key. */
int kafka_conf_check(const kd_options *o, char *err, size_t errlen);

/* Apply -X properties; a bad one gives an error naming the key. */
kd_kafka *kafka_client_new(const kd_options *o, const char *bootstrap,
			   char *err, size_t errlen);
void kafka_client_free(kd_kafka *k);

/* Fill s from one Metadata round.  On failure add an error to s and
 * return -1; s then holds only what prev knew, all marked down. */
int kafka_client_metadata(kd_kafka *k, kd_snapshot *s, const kd_snapshot *prev,
			  int timeout_ms);

/* Low and high watermarks of every partition with a leader, in one batch
 * per leader broker.  Partitions whose leader did not answer stay
 * unknown; an error names the broker. */
int kafka_client_watermarks(kd_kafka *k, kd_snapshot *s, int timeout_ms);

/* The newest error librdkafka reported (connection refused, ...). */
void kafka_client_last_error(kd_kafka *k, char *buf, size_t len);

#endif
