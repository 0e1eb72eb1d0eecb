/*
 * scale_bench.c: what kdeck's collector costs at a cluster's full size:
 * requests per poll, CPU per poll and peak memory, the real collector
 * thread (collector.c: metadata, watermarks, log dirs, quorum, groups,
 * configs, rates, events) against a cluster of any size, in practice
 * tests/tools/kafka_sim (bench/run-scale.sh starts it).
 *
 *   bench/scale_bench -b HOST:PORT [-P POLLS] [-i INTERVAL_MS] [-v VIEWS]
 *
 * Prints one line per poll ("poll N requests R cpu_ms C wall_ms W
 * partitions P groups G errors E") and a summary line "RESULT ...".  CPU
 * is the process's (getrusage) between two published snapshots: the
 * benchmark's main thread only waits, so it is the collector thread's.
 * The first poll opens the connections and is left out of the means.
 * With -v 1 each snapshot also goes through the Partitions and Replicas
 * views (view_update, as the dashboard does), so that the peak RSS
 * includes what the dashboard holds for its two biggest tables.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "collector.h"
#include "groups_model.h"
#include "options.h"
#include "snapshot.h"
#include "view.h"

static double cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1000.0 + ru.ru_utime.tv_usec / 1000.0 +
	       ru.ru_stime.tv_sec * 1000.0 + ru.ru_stime.tv_usec / 1000.0;
}

/* VmHWM of /proc/self/status in MB: the process's peak resident set. */
static double peak_rss_mb(void)
{
	char line[256];
	double kb = 0;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %lf", &kb) == 1)
			break;
	fclose(f);
	return kb / 1024.0;
}

int main(int argc, char **argv)
{
	const char *bootstrap = NULL;
	int polls = 6, interval = 2000, views = 0, opt;
	char err[512];

	while ((opt = getopt(argc, argv, "b:P:i:v:")) != -1) {
		switch (opt) {
		case 'b': bootstrap = optarg; break;
		case 'P': polls = atoi(optarg); break;
		case 'i': interval = atoi(optarg); break;
		case 'v': views = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (!bootstrap || polls < 2 || interval < 100)
		goto usage;

	kd_options o = {0};
	o.bootstrap = strdup(bootstrap);
	o.interval_ms = interval;
	o.timeout_ms = 30000;
	kd_collector *c = collector_new(&o, err, sizeof(err));
	if (!c || collector_start(c)) {
		fprintf(stderr, "scale_bench: %s\n", c ? "cannot start the collector" : err);
		return 1;
	}
	kd_view vp, vr;
	view_init(&vp, &view_partitions, NULL);
	view_init(&vr, &view_replicas, NULL);

	double cpu_sum = 0, cpu_max = 0, wall_sum = 0;
	unsigned long long req_first = 0, req_min = ~0ULL, req_max = 0;
	int measured = 0, partitions = 0, groups = 0, brokers = 0, bad = 0;
	double c0 = cpu_ms();
	for (int i = 1; i <= polls; i++) {
		if (collector_wait(c, i, 2 * interval + 120000) < i) {
			fprintf(stderr, "scale_bench: no snapshot %d in time\n", i);
			return 1;
		}
		const kd_snapshot *s = collector_acquire(c);
		double cpu = cpu_ms() - c0;
		if (views) {
			view_update(&vp, s);
			view_update(&vr, s);
		}
		partitions = s->n_partitions;
		brokers = s->n_brokers;
		groups = s->groups ? s->groups->n_groups : 0;
		printf("poll %d requests %llu cpu_ms %.1f wall_ms %lld partitions %d brokers %d "
		       "groups %d errors %d\n", i, (unsigned long long)s->requests, cpu,
		       (long long)s->poll_ms, partitions, brokers, groups, s->n_errors);
		for (int e = 0; e < s->n_errors && e < 3; e++)
			fprintf(stderr, "scale_bench: poll %d: %s\n", i, s->errors[e]);
		bad += !s->connected || s->n_errors > 0;
		if (i == 1) {
			req_first = s->requests;
		} else {
			measured++;
			cpu_sum += cpu;
			wall_sum += (double)s->poll_ms;
			if (cpu > cpu_max)
				cpu_max = cpu;
			if (s->requests < req_min)
				req_min = s->requests;
			if (s->requests > req_max)
				req_max = s->requests;
		}
		collector_release(c, s);
		fflush(stdout);
		/* the views would keep the rows of a released snapshot: the
		 * dashboard holds its snapshot as long as its views do, but
		 * this loop only measures their size */
		view_invalidate(&vp);
		view_invalidate(&vr);
		c0 = cpu_ms();
	}
	printf("RESULT brokers=%d partitions=%d groups=%d requests_first=%llu requests_min=%llu "
	       "requests_max=%llu cpu_ms_mean=%.1f cpu_ms_max=%.1f wall_ms_mean=%.1f "
	       "peak_rss_mb=%.1f errors=%d\n", brokers, partitions, groups, req_first, req_min,
	       req_max, cpu_sum / measured, cpu_max, wall_sum / measured, peak_rss_mb(), bad);
	view_free(&vp);
	view_free(&vr);
	collector_stop(c);
	collector_free(c);
	options_free(&o);
	return bad ? 1 : 0;
usage:
	fprintf(stderr, "usage: scale_bench -b HOST:PORT [-P POLLS(>=2)] [-i INTERVAL_MS] "
		"[-v 0|1]\n");
	return 2;
}
