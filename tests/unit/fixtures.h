/* fixtures.h: small snapshots for unit tests, built through the same
 * snapshot_set_metadata() path the collector uses. */
#ifndef KDECK_TEST_FIXTURES_H
#define KDECK_TEST_FIXTURES_H

#include "snapshot.h"

/* A topic in the fixture language: partitions replicate over brokers
 * round-robin, the first replica leads, ISR = replicas unless a broker is
 * listed in fx_down. */
typedef struct fx_topic {
	const char *name;
	int partitions;
	int rf;
	uint8_t id;              /* first byte of the topic id, 0 = unknown */
} fx_topic;

/* brokers 1..n_up listed by metadata; fx_down brokers vanished (fenced). */
kd_snapshot *fx_snapshot(int n_brokers, const int32_t *down, int n_down,
			 const fx_topic *topics, int n_topics,
			 const kd_snapshot *prev, int64_t mono_ms);

#endif
