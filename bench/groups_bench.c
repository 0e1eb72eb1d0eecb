/*
 * groups_bench.c: what the consumer groups cost one poll of the collector
 * against a real cluster: requests sent, CPU time of the polling thread
 * (decoding, lag windows, evaluation, the snapshot's groups), memory kept
 * across polls and memory of one poll.
 *
 *   bench/groups_bench -b HOST:PORT -t TOPIC [-n GROUPS] [-k PARTITIONS]
 *                      [-P POLLS] [--setup]
 *
 * --setup first commits offsets for GROUPS groups named bench-g-00000...
 * on PARTITIONS partitions of TOPIC each (one administrative OffsetCommit
 * per group, through the gate), so that the cluster holds that many Empty
 * groups.  Then it polls POLLS times, one second apart, as the collector
 * does (Metadata, committed offsets, watermarks, evaluation), and prints
 * one line: groups, coordinators, requests/poll, CPU ms/poll (mean and
 * max), bytes kept, bytes per poll.  The first poll is not counted (it
 * opens the connections).  bench/run-groups.sh runs it on 1 and 3 brokers.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cluster_poll.h"
#include "gate.h"
#include "groups_poll.h"
#include "options.h"
#include "snapshot.h"
#include "wire_call.h"
#include "wire_pool.h"

static double thread_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Commit offset 0 on k partitions of topic for groups 0..n-1: FindCoordinator
 * in batches of 1,000, then one OffsetCommit per group at its coordinator. */
static int setup(wire_pool *pool, const char *topic, int n, int k)
{
	char err[512];
	kd_arena a;
	int32_t *parts_ids = calloc((size_t)k, sizeof(*parts_ids));
	wire_offsetcommit_part *parts = calloc((size_t)k, sizeof(*parts));
	for (int p = 0; p < k; p++)
		parts[p] = (wire_offsetcommit_part){ p, 0, -1, NULL };
	wire_offsetcommit_topic t = { topic, parts, (size_t)k };
	for (int at = 0; at < n; at += 1000) {
		int m = n - at < 1000 ? n - at : 1000;
		char **names = calloc((size_t)m, sizeof(*names));
		arena_init(&a);
		for (int i = 0; i < m; i++)
			names[i] = arena_printf(&a, "bench-g-%05d", at + i);
		wire_findcoordinator_req fr = { WIRE_COORD_GROUP, (const char *const *)names, (size_t)m };
		wire_findcoordinator_resp *co = NULL;
		/* a new cluster creates __consumer_offsets on first use: its
		 * coordinators are "not available" for a few seconds */
		for (int attempt = 0; attempt < 60; attempt++) {
			wire_conn *c = wire_pool_any(pool, err, sizeof(err));
			if (!c || wire_call_findcoordinator(c, &fr, &a, &co, NULL, err, sizeof(err))) {
				fprintf(stderr, "groups_bench: FindCoordinator: %s\n", err);
				return -1;
			}
			bool ready = true;
			for (size_t i = 0; i < co->n_coordinators; i++)
				ready &= co->coordinators[i].error_code == 0;
			if (ready)
				break;
			sleep(1);
		}
		for (size_t i = 0; i < co->n_coordinators; i++) {
			const wire_coordinator *cd = &co->coordinators[i];
			if (cd->error_code) {
				fprintf(stderr, "groups_bench: coordinator of %s: error %d\n",
					cd->key, cd->error_code);
				return -1;
			}
			wire_pool_set_broker(pool, cd->node_id, cd->host, cd->port);
			wire_conn *cc = wire_pool_get(pool, cd->node_id, err, sizeof(err));
			wire_offsetcommit_req req = { cd->key, -1, "", NULL, &t, 1 };
			wire_offsetcommit_resp *r = NULL;
			char desc[256];
			const char *sent[] = { desc };
			/* the benchmark's changes pass the gate like any other */
			snprintf(desc, sizeof(desc), "bench: create group %s", cd->key);
			if (!cc || gate_pass(NULL, GATE_GROUP_OFFSETS, sent, 1, sent, 1, err, sizeof(err)) ||
			    wire_call_offsetcommit(cc, &req, &a, &r, NULL, err, sizeof(err))) {
				fprintf(stderr, "groups_bench: commit for %s: %s\n", cd->key, err);
				return -1;
			}
		}
		free(names);
		arena_free(&a);
	}
	free(parts);
	free(parts_ids);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"setup", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *bootstrap = NULL, *topic = NULL;
	int n = 10000, k = 1, polls = 6, ch;
	bool do_setup = false;
	char err[512];

	while ((ch = getopt_long(argc, argv, "b:t:n:k:P:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b': bootstrap = optarg; break;
		case 't': topic = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'k': k = atoi(optarg); break;
		case 'P': polls = atoi(optarg); break;
		case 's': do_setup = true; break;
		default: goto usage;
		}
	}
	if (!bootstrap || !topic || n < 0 || k < 1 || polls < 2)
		goto usage;

	kd_options o;
	memset(&o, 0, sizeof(o));
	o.bootstrap = strdup(bootstrap);
	o.timeout_ms = 30000;
	o.interval_ms = 1000;
	wire_pool *pool = wire_pool_new(o.bootstrap, &o, err, sizeof(err));
	if (!pool) {
		fprintf(stderr, "groups_bench: %s\n", err);
		return 1;
	}
	if (do_setup) {
		double t0 = mono_ms();
		kd_snapshot *s = snapshot_new();
		if (cluster_poll_metadata(pool, s, NULL) != CLUSTER_POLL_OK) {
			fprintf(stderr, "groups_bench: cannot reach %s\n", bootstrap);
			return 1;
		}
		snapshot_free(s);
		if (setup(pool, topic, n, k))
			return 1;
		fprintf(stderr, "groups_bench: %d groups set up in %.1f s\n", n, (mono_ms() - t0) / 1000);
	}

	groups_config gc;
	groups_config_default(&gc);
	groups_poller *gp = groups_poller_new(&gc);
	kd_snapshot *prev = NULL;
	double cpu_sum = 0, cpu_max = 0, wall_sum = 0;
	long req_sum = 0, req_max = 0;
	size_t scratch_max = 0, snap_max = 0;
	int measured = 0, groups = 0, coordinators = 0;
	for (int i = 0; i < polls; i++) {
		double start = mono_ms();
		kd_snapshot *s = snapshot_new();
		s->seq = (uint64_t)i + 1;
		s->mono_ms = (int64_t)start;
		if (cluster_poll_metadata(pool, s, prev) != CLUSTER_POLL_OK) {
			fprintf(stderr, "groups_bench: %s\n", s->n_errors ? s->errors[0] : "poll failed");
			return 1;
		}
		double c0 = thread_cpu_ms(), w0 = mono_ms();
		groups_poll_offsets(gp, pool, s);
		double c1 = thread_cpu_ms(), w1 = mono_ms();
		cluster_poll_brokers(pool, s, prev, false);
		size_t before = s->arena.used;
		double c2 = thread_cpu_ms(), w2 = mono_ms();
		groups_poll_finish(gp, pool, s);
		double cpu = (c1 - c0) + (thread_cpu_ms() - c2);
		double wall = (w1 - w0) + (mono_ms() - w2);
		if (!s->groups) {
			fprintf(stderr, "groups_bench: no groups this poll\n");
			return 1;
		}
		groups = s->groups->n_groups;
		coordinators = s->groups->n_coordinators;
		if (i > 0) {
			measured++;
			cpu_sum += cpu;
			wall_sum += wall;
			if (cpu > cpu_max)
				cpu_max = cpu;
			req_sum += s->groups->requests;
			if (s->groups->requests > req_max)
				req_max = s->groups->requests;
			if (groups_poller_scratch(gp) > scratch_max)
				scratch_max = groups_poller_scratch(gp);
			if (s->arena.used - before > snap_max)
				snap_max = s->arena.used - before;
		}
		for (int e = 0; e < s->n_errors; e++)
			fprintf(stderr, "groups_bench: poll %d: %s\n", i, s->errors[e]);
		snapshot_free(prev);
		prev = s;
		double left = start + 1000 - mono_ms();
		if (left > 0 && i + 1 < polls)
			usleep((useconds_t)(left * 1000));
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("groups %d  coordinators %d  requests/poll %.1f (max %ld)  CPU/poll %.1f ms "
	       "(max %.1f)  wall/poll %.1f ms  kept %.1f MB (%.0f B/group)  per poll: "
	       "responses %.1f MB, snapshot %.1f MB  max RSS %.0f MB\n",
	       groups, coordinators, (double)req_sum / measured, req_max, cpu_sum / measured,
	       cpu_max, wall_sum / measured, groups_poller_memory(gp) / 1e6,
	       groups ? (double)groups_poller_memory(gp) / groups : 0.0, scratch_max / 1e6,
	       snap_max / 1e6, ru.ru_maxrss / 1024.0);
	snapshot_free(prev);
	groups_poller_free(gp);
	wire_pool_free(pool);
	options_free(&o);
	return 0;
usage:
	fprintf(stderr, "usage: groups_bench -b HOST:PORT -t TOPIC [-n GROUPS] [-k PARTITIONS] "
		"[-P POLLS] [--setup]\n");
	return 2;
}
