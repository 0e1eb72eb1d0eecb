/*
 * demo.h: an embedded cluster for `kdeck --demo`.  librdkafka's mock
 * cluster (3 brokers, each in its own rack, a few topics) plus a producer
 * thread writing IoT temperature readings at a steady rate, so every pane
 * has live data on a machine with no Kafka at all.
 */
#ifndef KDECK_DEMO_H
#define KDECK_DEMO_H

#include <stddef.h>

typedef struct kd_demo kd_demo;

/* msgs_per_sec: the producer's target rate (0: the default, 200). */
kd_demo *demo_start(int msgs_per_sec, char *err, size_t errlen);
const char *demo_bootstrap(const kd_demo *d);
void demo_stop(kd_demo *d);

#endif
