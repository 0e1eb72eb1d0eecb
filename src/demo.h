/*
 * demo.h: an embedded cluster for `kdeck --demo`.  librdkafka's mock
 * cluster (3 brokers, each in its own rack, a few topics) plus a producer
 * thread writing IoT temperature readings at a steady rate, behind one
 * loopback proxy per broker (demo_proxy.h) that answers what the mock
 * lacks (log dirs, the KRaft quorum, consumer groups, topic configs and
 * creation) from a model the demo drives (demo_model.h).  kdeck's
 * collector reads it all with its own wire code, as against Kafka; none
 * of it is on the path used against a real cluster.
 *
 * DEMO_INCIDENT (`--demo=incident`) also plays a 3-minute loop: a
 * follower falls behind, its broker goes down (leaders move, partitions
 * under-replicated and under min ISR), a consumer stalls, the broker comes
 * back and the ISR recovers.
 */
#ifndef KDECK_DEMO_H
#define KDECK_DEMO_H

#include <stddef.h>

typedef struct kd_demo kd_demo;

typedef enum demo_scenario {
	DEMO_STEADY,
	DEMO_INCIDENT,
} demo_scenario;

/* msgs_per_sec: the producer's target rate (0: the default, 200). */
kd_demo *demo_start_scenario(int msgs_per_sec, demo_scenario scenario, char *err, size_t errlen);
const char *demo_bootstrap(const kd_demo *d);
/* Alert rules for the demo when the config file has none (config file
 * syntax, [alert NAME] sections): broker down, under-replicated and
 * under-min-ISR partitions, a group that stalls, and a message rule on
 * the sensors' temperature, so the Alerts pane has something to say. */
extern const char demo_alert_rules[];
void demo_stop(kd_demo *d);

#endif
