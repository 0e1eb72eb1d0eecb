/* demo.c: see demo.h. */
#include "config.h"

#include "demo.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"

#define DEMO_SENSORS 24

struct kd_demo {
	rd_kafka_t *owner;       /* holds the mock cluster */
	rd_kafka_mock_cluster_t *mock;
	rd_kafka_t *producer;
	char *bootstrap;
	pthread_t thread;
	atomic_bool stop;
	atomic_long delivered;
	int rate;
};

static const struct {
	const char *name;
	int partitions;
} demo_topics[] = {
	{"iot.temperature", 6},
	{"iot.alerts", 3},
	{"orders", 4},
	{"__consumer_offsets", 10},
};

static void demo_delivered(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	kd_demo *d = opaque;
	(void)rk;
	if (!m->err)
		atomic_fetch_add(&d->delivered, 1);
}

static void demo_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	(void)level;
	log_debug("demo %s: %s", fac, buf);
}

/* Readings follow a slow sine per sensor; sensor 13 runs hot now and then
 * so filters such as value.temperature > 80 find something. */
static int demo_reading(char *buf, size_t len, int sensor, int64_t now_ms, unsigned *seed)
{
	double t = (double)now_ms / 60000.0;
	double temp = 21.0 + 4.0 * sin(t + sensor) + (double)(rand_r(seed) % 100) / 100.0;
	if (sensor == 13 && (now_ms / 10000) % 3 == 0)
		temp += 65.0;
	return snprintf(buf, len,
			"{\"sensor\":\"s-%02d\",\"site\":\"plant-%d\",\"temperature\":%.2f,"
			"\"humidity\":%d,\"ts\":%lld}",
			sensor, sensor % 3 + 1, temp, 40 + rand_r(seed) % 20, (long long)now_ms);
}

static void *demo_producer(void *arg)
{
	kd_demo *d = arg;
	unsigned seed = 42;
	int64_t start = clock_mono_ms();
	int64_t sent = 0;
	char key[16], val[256];

	while (!atomic_load(&d->stop)) {
		int64_t now = clock_mono_ms();
		int64_t due = (now - start) * d->rate / 1000;
		for (; sent < due && !atomic_load(&d->stop); sent++) {
			int sensor = (int)(sent % DEMO_SENSORS);
			int klen = snprintf(key, sizeof(key), "s-%02d", sensor);
			int vlen = demo_reading(val, sizeof(val), sensor, clock_wall_ms(), &seed);
			const char *topic = sent % 50 == 0 ? "iot.alerts"
					  : sent % 7 == 0 ? "orders" : "iot.temperature";
			rd_kafka_producev(d->producer, RD_KAFKA_V_TOPIC(topic),
					  RD_KAFKA_V_KEY(key, (size_t)klen),
					  RD_KAFKA_V_VALUE(val, (size_t)vlen),
					  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
					  RD_KAFKA_V_HEADER("source", "kdeck-demo", -1),
					  RD_KAFKA_V_END);
		}
		rd_kafka_poll(d->producer, 50);
	}
	rd_kafka_flush(d->producer, 1000);
	return NULL;
}

kd_demo *demo_start(int msgs_per_sec, char *err, size_t errlen)
{
	static const char *racks[] = {"zone-a", "zone-b", "zone-c"};
	char errstr[512];
	kd_demo *d = calloc(1, sizeof(*d));
	rd_kafka_conf_t *conf;

	if (!d)
		abort();
	d->rate = msgs_per_sec > 0 ? msgs_per_sec : 200;

	conf = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(conf, demo_log);
	d->owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!d->owner) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "demo: %s", errstr);
		free(d);
		return NULL;
	}
	d->mock = rd_kafka_mock_cluster_new(d->owner, 3);
	if (!d->mock) {
		snprintf(err, errlen, "demo: cannot create the mock cluster");
		rd_kafka_destroy(d->owner);
		free(d);
		return NULL;
	}
	for (int b = 1; b <= 3; b++)
		rd_kafka_mock_broker_set_rack(d->mock, b, racks[b - 1]);
	for (size_t t = 0; t < sizeof(demo_topics) / sizeof(demo_topics[0]); t++)
		rd_kafka_mock_topic_create(d->mock, demo_topics[t].name,
					   demo_topics[t].partitions, 3);
	d->bootstrap = strdup(rd_kafka_mock_cluster_bootstraps(d->mock));

	conf = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(conf, demo_log);
	rd_kafka_conf_set_dr_msg_cb(conf, demo_delivered);
	rd_kafka_conf_set_opaque(conf, d);
	if (rd_kafka_conf_set(conf, "bootstrap.servers", d->bootstrap, errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "linger.ms", "20", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "client.id", "kdeck-demo-producer", errstr, sizeof(errstr))) {
		snprintf(err, errlen, "demo: %s", errstr);
		rd_kafka_conf_destroy(conf);
		demo_stop(d);
		return NULL;
	}
	d->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!d->producer) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "demo: %s", errstr);
		demo_stop(d);
		return NULL;
	}
	if (pthread_create(&d->thread, NULL, demo_producer, d)) {
		snprintf(err, errlen, "demo: cannot start the producer thread");
		rd_kafka_destroy(d->producer);
		d->producer = NULL;
		demo_stop(d);
		return NULL;
	}
	/* Open on live data: wait (a little) for the first readings to
	 * land, so the first two polls already see a rate. */
	for (int i = 0; i < 100 && atomic_load(&d->delivered) < 10; i++)
		nanosleep(&(struct timespec){.tv_nsec = 50 * 1000000}, NULL);
	return d;
}

const char *demo_bootstrap(const kd_demo *d)
{
	return d->bootstrap;
}

void demo_stop(kd_demo *d)
{
	if (!d)
		return;
	if (d->producer) {
		atomic_store(&d->stop, true);
		pthread_join(d->thread, NULL);
		rd_kafka_destroy(d->producer);
	}
	if (d->mock)
		rd_kafka_mock_cluster_destroy(d->mock);
	if (d->owner)
		rd_kafka_destroy(d->owner);
	free(d->bootstrap);
	free(d);
}
