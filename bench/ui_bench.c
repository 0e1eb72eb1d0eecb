/*
 * ui_bench.c: what each key costs the dashboard's tables at a cluster's
 * full size, without a terminal: the table operations of src/view.c that
 * the panes call on a key (sort by each column, invert, a regex filter,
 * cursor and page moves, drill-down) and on a new snapshot (view_update),
 * on the Partitions and Replicas views.  The snapshots are the collector's
 * own, taken from a simulated cluster (tests/tools/kafka_sim, started by
 * bench/run-scale.sh), so the rows are what the dashboard would build.
 *
 *   bench/ui_bench -b HOST:PORT [-n REPEATS]
 *
 * Prints one line per view and operation: "op VIEW OP n N p50_ms X
 * p99_ms Y max_ms Z" (wall time of the call on this thread), and the rows.
 */
#include "config.h"

#include <getopt.h>
#include <poll.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector.h"
#include "options.h"
#include "snapshot.h"
#include "view.h"
#include "view_job.h"

#define MAX_SAMPLES 4096

typedef struct samples {
	double v[MAX_SAMPLES];
	int n;
} samples;

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void add(samples *s, double ms)
{
	if (s->n < MAX_SAMPLES)
		s->v[s->n++] = ms;
}

static void report(const char *view, const char *op, samples *s)
{
	if (!s->n)
		return;
	qsort(s->v, (size_t)s->n, sizeof(double), cmp_double);
	int p99 = (int)((double)s->n * 0.99);
	if (p99 >= s->n)
		p99 = s->n - 1;
	printf("op %-10s %-22s n %4d  p50_ms %8.3f  p99_ms %8.3f  max_ms %8.3f\n", view, op,
	       s->n, s->v[s->n / 2], s->v[p99], s->v[s->n - 1]);
	s->n = 0;
}

#define TIME(samp, call) do { double t_ = mono_ms(); call; add(samp, mono_ms() - t_); } while (0)

static void no_release(void *owner, const kd_snapshot *s)
{
	(void)owner;
	(void)s;
}

/* Whether v's rows are in the order src/view.c's cmp_rows defines for a
 * numeric column (unknown last, by number, ties by build order): checks
 * the radix sort of large tables, which the unit tests' small tables do
 * not reach.  Text columns are not checked (qsort_r with cmp_rows). */
static bool sorted_ok(const kd_view *v)
{
	int col = v->sort_col;
	if (v->src->columns[col].type == KD_COL_STR || v->group_col >= 0)
		return true;
	for (int i = 0; i + 1 < v->n_rows; i++) {
		const kd_row *x = &v->rows[i], *y = &v->rows[i + 1];
		const kd_cell *cx = &x->cells[col], *cy = &y->cells[col];
		int c;
		bool ux = view_cell_unknown(cx), uy = view_cell_unknown(cy);
		double nx = 0, ny = 0;
		if (v->src->columns[col].type == KD_COL_NUM) {
			nx = cx->num;
			ny = cy->num;
		} else if (!ux && !uy) {
			nx = cx->hist->v[cx->hist->n - 1];
			ny = cy->hist->v[cy->hist->n - 1];
		}
		if (ux != uy)
			c = ux ? 1 : -1;
		else if (ux)
			c = 0;
		else
			c = (nx > ny) - (nx < ny);
		if (!ux && v->sort_desc)
			c = -c;
		if (c > 0 || (c == 0 && x->order > y->order))
			return false;
	}
	return true;
}

static int bad_sorts;

/* Every key a pane of this view answers, repeats times each. */
static void bench_view(const char *name, const kd_view_source *src, const kd_snapshot *a,
		       const kd_snapshot *b, int repeats)
{
	kd_view v;
	samples s = {0};
	char label[64];
	const int page = 36;            /* a 120x40 terminal's table */

	view_init(&v, src, NULL);
	/* a new snapshot: the rows are built again (a and b alternate so
	 * that each call sees another snapshot) */
	for (int i = 0; i < repeats; i++) {
		view_invalidate(&v);
		TIME(&s, view_update(&v, i % 2 ? a : b));
	}
	report(name, "view_update", &s);
	printf("rows %s %d (arena %zu bytes, rows %zu bytes)\n", name, v.n_rows, v.arena.used, (size_t)v.cap_rows * sizeof(kd_row));

	for (int c = 0; c < src->n_columns; c++) {
		for (int i = 0; i < repeats; i++) {
			TIME(&s, view_sort_by(&v, c, i % 2));
			if (i < 2 && !sorted_ok(&v)) {
				fprintf(stderr, "ui_bench: %s: wrong order by %s\n", name,
					src->columns[c].id);
				bad_sorts++;
			}
		}
		snprintf(label, sizeof(label), "sort %s", src->columns[c].id);
		report(name, label, &s);
	}
	view_sort_by(&v, src->default_sort, src->default_desc);
	for (int i = 0; i < repeats; i++)
		TIME(&s, view_sort_invert(&v));
	report(name, "sort invert", &s);

	for (int i = 0; i < repeats; i++) {
		char err[256];
		TIME(&s, view_set_filter(&v, i % 2 ? "sim\\.0012[0-9]" : "", err, sizeof(err)));
	}
	report(name, "filter regex / clear", &s);
	/* alternation: a literal per branch; then no literal text at all,
	 * regexec on every row */
	for (int i = 0; i < repeats; i++) {
		char err[256];
		TIME(&s, view_set_filter(&v, i % 2 ? "sim\\.0012[0-9]|xyz[0-9]" : "", err,
					 sizeof(err)));
	}
	report(name, "filter regex a|b / clear", &s);
	for (int i = 0; i < repeats; i++) {
		char err[256];
		TIME(&s, view_set_filter(&v, i % 2 ? "[a-z]{3}[.][0-9]{4}7$" : "", err, sizeof(err)));
	}
	report(name, "filter regex, no useful literal / clear", &s);

	view_home(&v);
	for (int i = 0; i < 1000 && i < MAX_SAMPLES; i++)
		TIME(&s, { view_move(&v, 1); view_scroll(&v, page); });
	report(name, "cursor down", &s);
	for (int i = 0; i < 1000 && i < MAX_SAMPLES; i++)
		TIME(&s, { view_move(&v, page); view_scroll(&v, page); });
	report(name, "page down", &s);
	for (int i = 0; i < repeats; i++)
		TIME(&s, { if (i % 2) view_home(&v); else view_end(&v); view_scroll(&v, page); });
	report(name, "home / end", &s);

	/* a new snapshot while sorted by a column other than the default and
	 * filtered: what a refresh costs the UI thread */
	view_sort_by(&v, src->n_columns - 1, true);
	for (int i = 0; i < repeats; i++) {
		view_invalidate(&v);
		TIME(&s, view_update(&v, i % 2 ? a : b));
	}
	report(name, "view_update sorted", &s);

	/* the same rebuild off the UI thread (view_job.h, what the dashboard
	 * does from 5,000 rows): the UI thread's share is the request and
	 * adopting the finished rows; the build's own time is beside it */
	kd_view_job *j = view_job_new(no_release);
	samples build = {0};
	for (int i = 0; i < repeats && j; i++) {
		double t0 = mono_ms(), ui_ms;
		const kd_snapshot *got;
		void *owner;
		uint64_t seq;
		kd_view *nb = NULL;
		view_job_start(j, &v, i % 2 ? a : b, NULL);
		ui_ms = mono_ms() - t0;
		while (!nb) {
			struct pollfd p = { .fd = view_job_fd(j), .events = POLLIN };
			poll(&p, 1, 1000);
			nb = view_job_take(j, &got, &owner, &seq);
		}
		add(&build, mono_ms() - t0);
		double t1 = mono_ms();
		view_adopt(&v, nb);
#ifdef HAVE_MALLOC_TRIM
		malloc_trim(0);         /* as ui.c does after adopting */
#endif
		add(&s, ui_ms + mono_ms() - t1);
	}
	view_job_free(j);
	report(name, "new snapshot off-thread: UI thread", &s);
	report(name, "new snapshot off-thread: until shown", &build);
	view_free(&v);
}

/* Enter on a topic (its partitions) and on a broker (its replicas). */
static void bench_drill(const kd_snapshot *s, int repeats)
{
	kd_view from;
	samples smp = {0};
	const struct { const char *name; const kd_view_source *src; } tables[] = {
		{ "topics", &view_topics }, { "brokers", &view_brokers },
	};
	for (size_t t = 0; t < 2; t++) {
		view_init(&from, tables[t].src, NULL);
		view_update(&from, s);
		view_move(&from, 3);
		for (int i = 0; i < repeats; i++) {
			double t0 = mono_ms();
			kd_drill d;
			const kd_view_source *to = view_open(&from, &d);
			if (!to)
				break;
			kd_view v;
			view_init(&v, to, &d);
			view_update(&v, s);
			add(&smp, mono_ms() - t0);
			view_free(&v);
		}
		char label[64];
		snprintf(label, sizeof(label), "drill-down from %s", tables[t].name);
		report("-", label, &smp);
		view_free(&from);
	}
}

int main(int argc, char **argv)
{
	const char *bootstrap = NULL;
	int repeats = 20, opt;
	char err[512];

	while ((opt = getopt(argc, argv, "b:n:")) != -1) {
		switch (opt) {
		case 'b': bootstrap = optarg; break;
		case 'n': repeats = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (!bootstrap || repeats < 1)
		goto usage;
	kd_options o = {0};
	o.bootstrap = strdup(bootstrap);
	o.interval_ms = 1000;
	o.timeout_ms = 30000;
	kd_collector *c = collector_new(&o, err, sizeof(err));
	if (!c || collector_start(c)) {
		fprintf(stderr, "ui_bench: %s\n", c ? "cannot start the collector" : err);
		return 1;
	}
	/* two snapshots with rates, then the collector stops: the timings
	 * are the UI thread's alone */
	if (collector_wait(c, 3, 180000) < 3) {
		fprintf(stderr, "ui_bench: no snapshots in time\n");
		return 1;
	}
	const kd_snapshot *a = collector_acquire(c);
	collector_wait(c, 4, 180000);
	const kd_snapshot *b = collector_acquire(c);
	collector_stop(c);
	printf("snapshot partitions %d brokers %d\n", b->n_partitions, b->n_brokers);
	fflush(stdout);

	bench_view("partitions", &view_partitions, a, b, repeats);
	fflush(stdout);
	bench_view("replicas", &view_replicas, a, b, repeats);
	bench_drill(b, repeats);
	collector_release(c, a);
	collector_release(c, b);
	collector_free(c);
	options_free(&o);
	return bad_sorts ? 1 : 0;
usage:
	fprintf(stderr, "usage: ui_bench -b HOST:PORT [-n REPEATS]\n");
	return 2;
}
