/*
 * poll_bench.c: what one poll costs kdeck's collector as the partition
 * count grows: requests sent, CPU time of the polling thread, and snapshot
 * memory per partition.  The cluster is librdkafka's mock cluster (3
 * brokers), so the numbers are kdeck's own work, not a network's.
 *
 *   bench/poll_bench PARTITIONS [POLLS]
 */
#include "config.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster_poll.h"
#include "options.h"
#include "rates.h"
#include "snapshot.h"
#include "wire_pool.h"

static double thread_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int partitions = argc > 1 ? atoi(argv[1]) : 1000;
	int polls = argc > 2 ? atoi(argv[2]) : 10;
	char errstr[512];
	const int per_topic = 100;

	if (partitions < per_topic || polls < 2) {
		fprintf(stderr, "usage: poll_bench PARTITIONS(>=100) [POLLS(>=2)]\n");
		return 2;
	}
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof(errstr));
	rd_kafka_t *owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!owner) {
		fprintf(stderr, "poll_bench: %s\n", errstr);
		return 1;
	}
	rd_kafka_mock_cluster_t *mock = rd_kafka_mock_cluster_new(owner, 3);
	for (int t = 0; t < partitions / per_topic; t++) {
		char name[32];
		snprintf(name, sizeof(name), "bench.%04d", t);
		rd_kafka_mock_topic_create(mock, name, per_topic, 3);
	}

	kd_options o = {0};
	o.bootstrap = strdup(rd_kafka_mock_cluster_bootstraps(mock));
	o.timeout_ms = 10000;
	o.interval_ms = 1000;
	wire_pool *pool = wire_pool_new(o.bootstrap, &o, errstr, sizeof(errstr));
	if (!pool) {
		fprintf(stderr, "poll_bench: %s\n", errstr);
		return 1;
	}

	kd_snapshot *prev = NULL;
	double cpu_total = 0, cpu_max = 0;
	uint64_t req_total = 0, req_max = 0;
	size_t mem = 0;
	int measured = 0;
	for (int i = 0; i < polls; i++) {
		uint64_t r0 = wire_pool_requests(pool);
		double c0 = thread_cpu_ms();
		kd_snapshot *s = snapshot_new();
		s->mono_ms = s->taken_ms = i * 1000;
		if (cluster_poll_metadata(pool, s, prev) != CLUSTER_POLL_OK) {
			fprintf(stderr, "poll_bench: %s\n", s->n_errors ? s->errors[0] : "poll failed");
			return 1;
		}
		cluster_poll_brokers(pool, s, prev, i % CLUSTER_POLL_LOW_EVERY == 0);
		rates_compute(s, prev);
		snapshot_finish(s);
		rates_history(s, prev);
		double cpu = thread_cpu_ms() - c0;
		uint64_t req = wire_pool_requests(pool) - r0;
		if (s->n_partitions != partitions) {
			fprintf(stderr, "poll_bench: saw %d partitions, want %d\n", s->n_partitions, partitions);
			return 1;
		}
		if (i > 0) { /* the first poll also opens the connections */
			cpu_total += cpu;
			req_total += req;
			if (cpu > cpu_max)
				cpu_max = cpu;
			if (req > req_max)
				req_max = req;
			measured++;
		}
		mem = s->arena.used;
		snapshot_free(prev);
		prev = s;
	}
	printf("%d partitions: %.1f requests/poll (max %llu), %.2f ms CPU/poll (max %.2f), "
	       "%.0f bytes/partition\n",
	       partitions, (double)req_total / measured, (unsigned long long)req_max,
	       cpu_total / measured, cpu_max, (double)mem / partitions);
	snapshot_free(prev);
	wire_pool_free(pool);
	options_free(&o);
	rd_kafka_mock_cluster_destroy(mock);
	rd_kafka_destroy(owner);
	return 0;
}
