/*
 * test_lag_eval.c: the lag rules as a table of poll sequences, plus the
 * time to catch up, the group fold, the trend and the config parser.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lag_eval.h"

#define U (-1)                    /* offset unknown this poll */
#define END { -1, 0, 0 }
#define MAXOBS 24

typedef struct obs_in {
	int64_t t, c, hw;
} obs_in;

typedef struct scenario {
	const char *name;
	const char *conf[4];      /* key=value, NULL-terminated */
	obs_in o[MAXOBS];         /* ends with END */
	lag_status want;
	int64_t want_lag;
} scenario;

/* A consumer frozen at offset 50 while production adds 10 per poll. */
#define FROZEN10 \
	{ 0, 50, 100 }, { 1000, 50, 110 }, { 2000, 50, 120 }, { 3000, 50, 130 }, \
	{ 4000, 50, 140 }, { 5000, 50, 150 }, { 6000, 50, 160 }, { 7000, 50, 170 }, \
	{ 8000, 50, 180 }, { 9000, 50, 190 }

/* Offsets move 10 per poll, production 15: the lag grows by 5 each poll. */
#define FALLING10 \
	{ 0, 100, 150 }, { 1000, 110, 165 }, { 2000, 120, 180 }, { 3000, 130, 195 }, \
	{ 4000, 140, 210 }, { 5000, 150, 225 }, { 6000, 160, 240 }, { 7000, 170, 255 }, \
	{ 8000, 180, 270 }, { 9000, 190, 285 }

/* An idle topic read to the end (lag 0) by a consumer that then died;
 * messages start arriving at poll 6. */
#define IDLE_THEN_DEAD10 \
	{ 0, 100, 100 }, { 1000, 100, 100 }, { 2000, 100, 100 }, { 3000, 100, 100 }, \
	{ 4000, 100, 100 }, { 5000, 100, 100 }, { 6000, 100, 101 }, { 7000, 100, 102 }, \
	{ 8000, 100, 103 }, { 9000, 100, 104 }

/* Rewound from 160 to 100 while the lag never decreased: REWIND and WARN
 * both hold (window of 4). */
#define REWIND_AND_WARN \
	{ 0, 150, 200 }, { 1000, 160, 215 }, { 2000, 100, 260 }, { 3000, 110, 275 }

static const scenario scenarios[] = {
	/* not enough data */
	{ "no poll at all", { NULL }, { END }, LAG_ST_UNKNOWN, LAG_UNKNOWN },
	{ "committed never known", { NULL },
	  { { 0, U, 100 }, { 1000, U, 110 }, END }, LAG_ST_UNKNOWN, LAG_UNKNOWN },
	{ "high watermark never known", { NULL },
	  { { 0, 10, U }, { 1000, 10, U }, END }, LAG_ST_UNKNOWN, LAG_UNKNOWN },
	{ "first poll, lagging", { NULL },
	  { { 0, 50, 100 }, END }, LAG_ST_NEW, 50 },
	{ "first poll, caught up", { NULL },
	  { { 0, 100, 100 }, END }, LAG_ST_OK, 0 },

	/* caught up / allowed lag */
	{ "caught-up group over a full window", { NULL },
	  { { 0, 10, 10 }, { 1000, 20, 20 }, { 2000, 30, 30 }, { 3000, 40, 40 },
	    { 4000, 50, 50 }, { 5000, 60, 60 }, { 6000, 70, 70 }, { 7000, 80, 80 },
	    { 8000, 90, 90 }, { 9000, 100, 100 }, { 10000, 110, 110 },
	    { 11000, 120, 120 }, END }, LAG_ST_OK, 0 },
	{ "committed ahead of a stale high watermark", { NULL },
	  { { 0, 105, 100 }, { 1000, 110, 100 }, END }, LAG_ST_OK, 0 },
	{ "growing lag within lag.allowed", { "lag.allowed=100", NULL },
	  { FALLING10, END }, LAG_ST_OK, 95 },
	{ "growing lag, every poll above lag.allowed", { "lag.allowed=49", NULL },
	  { FALLING10, END }, LAG_ST_WARN, 95 },
	{ "growing lag, oldest poll at lag.allowed", { "lag.allowed=50", NULL },
	  { FALLING10, END }, LAG_ST_OK, 95 },
	{ "lag reached 0 in the window: OK, not STALL/WARN", { NULL },
	  { IDLE_THEN_DEAD10, END }, LAG_ST_OK, 4 },
	{ "lag reached lag.allowed in the window", { "lag.allowed=2", NULL },
	  { { 0, 100, 101 }, { 1000, 100, 102 }, { 2000, 100, 103 }, { 3000, 100, 104 },
	    { 4000, 100, 105 }, { 5000, 100, 106 }, { 6000, 100, 107 }, { 7000, 100, 108 },
	    { 8000, 100, 109 }, { 9000, 100, 110 }, END }, LAG_ST_OK, 10 },

	/* STOP */
	{ "frozen longer than the window spans: STOP", { NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_STOP, 150 },
	{ "idle topic, dead consumer: STOP once lag 0 left the window", { NULL },
	  { IDLE_THEN_DEAD10, { 10000, 100, 105 }, { 11000, 100, 106 },
	    { 12000, 100, 107 }, { 13000, 100, 108 }, { 14000, 100, 109 },
	    { 15000, 100, 110 }, END }, LAG_ST_STOP, 10 },
	{ "one poll less: lag 0 still in the window", { NULL },
	  { IDLE_THEN_DEAD10, { 10000, 100, 105 }, { 11000, 100, 106 },
	    { 12000, 100, 107 }, { 13000, 100, 108 }, { 14000, 100, 109 }, END },
	  LAG_ST_OK, 9 },
	{ "STOP kept through a poll with an unknown offset", { NULL },
	  { FROZEN10, { 10000, 50, 200 }, { 11000, U, 210 }, END }, LAG_ST_STOP, 150 },
	{ "STOP below lag.stop_min_ms falls to STALL", { "lag.stop_min_ms=60000", NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_STALL, 150 },
	{ "STOP at lag.stop_min_ms", { "lag.stop_min_ms=10000", NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_STOP, 150 },

	/* STALL */
	{ "frozen across a full window: STALL", { NULL },
	  { FROZEN10, END }, LAG_ST_STALL, 140 },
	{ "frozen, window not full, default min_samples: NEW", { NULL },
	  { { 0, 50, 100 }, { 1000, 50, 110 }, { 2000, 50, 120 }, { 3000, 50, 130 },
	    { 4000, 50, 140 }, END }, LAG_ST_NEW, 90 },
	{ "frozen, window not full, lag.min_samples=3: STALL", { "lag.min_samples=3", NULL },
	  { { 0, 50, 100 }, { 1000, 50, 110 }, { 2000, 50, 120 }, END }, LAG_ST_STALL, 70 },
	{ "frozen, 2 polls < lag.min_samples=3: NEW", { "lag.min_samples=3", NULL },
	  { { 0, 50, 100 }, { 1000, 50, 110 }, END }, LAG_ST_NEW, 60 },
	{ "frozen with unknown polls: too few known for the full window", { NULL },
	  { { 0, 50, 100 }, { 1000, U, 110 }, { 2000, 50, 120 }, { 3000, 50, 130 },
	    { 4000, 50, 140 }, { 5000, U, 150 }, { 6000, 50, 160 }, { 7000, 50, 170 },
	    { 8000, 50, 180 }, { 9000, 50, 190 }, END }, LAG_ST_NEW, 140 },
	{ "frozen with unknown polls, lag.min_samples=8", { "lag.min_samples=8", NULL },
	  { { 0, 50, 100 }, { 1000, U, 110 }, { 2000, 50, 120 }, { 3000, 50, 130 },
	    { 4000, 50, 140 }, { 5000, U, 150 }, { 6000, 50, 160 }, { 7000, 50, 170 },
	    { 8000, 50, 180 }, { 9000, 50, 190 }, END }, LAG_ST_STALL, 140 },
	{ "frozen, lag not growing, no production", { NULL },
	  { { 0, 50, 100 }, { 1000, 50, 100 }, { 2000, 50, 100 }, { 3000, 50, 100 },
	    { 4000, 50, 100 }, { 5000, 50, 100 }, { 6000, 50, 100 }, { 7000, 50, 100 },
	    { 8000, 50, 100 }, { 9000, 50, 100 }, END }, LAG_ST_STALL, 50 },

	/* REWIND */
	{ "offset went backwards", { NULL },
	  { { 0, 100, 200 }, { 1000, 110, 200 }, { 2000, 120, 200 }, { 3000, 60, 200 },
	    { 4000, 70, 200 }, END }, LAG_ST_REWIND, 130 },
	{ "rewound, then caught up: OK", { NULL },
	  { { 0, 100, 200 }, { 1000, 60, 200 }, { 2000, 150, 200 }, { 3000, 200, 200 },
	    END }, LAG_ST_OK, 0 },
	{ "rewound across an unknown poll", { NULL },
	  { { 0, 100, 200 }, { 1000, U, 200 }, { 2000, 90, 200 }, END }, LAG_ST_REWIND, 110 },

	/* WARN */
	{ "offsets move, lag grows: WARN", { NULL },
	  { FALLING10, END }, LAG_ST_WARN, 95 },
	{ "lag constant: OK", { NULL },
	  { { 0, 100, 150 }, { 1000, 110, 160 }, { 2000, 120, 170 }, { 3000, 130, 180 },
	    { 4000, 140, 190 }, { 5000, 150, 200 }, { 6000, 160, 210 }, { 7000, 170, 220 },
	    { 8000, 180, 230 }, { 9000, 190, 240 }, END }, LAG_ST_OK, 50 },
	{ "lag decreased once: OK", { NULL },
	  { { 0, 100, 150 }, { 1000, 110, 165 }, { 2000, 120, 180 }, { 3000, 140, 195 },
	    { 4000, 150, 210 }, { 5000, 160, 225 }, { 6000, 170, 240 }, { 7000, 180, 255 },
	    { 8000, 190, 270 }, { 9000, 200, 285 }, END }, LAG_ST_OK, 85 },
	{ "lag grows, window not full: NEW", { NULL },
	  { { 0, 100, 150 }, { 1000, 110, 165 }, { 2000, 120, 180 }, END }, LAG_ST_NEW, 60 },
	{ "lag grows, window not full, lag.min_samples=3: WARN", { "lag.min_samples=3", NULL },
	  { { 0, 100, 150 }, { 1000, 110, 165 }, { 2000, 120, 180 }, END }, LAG_ST_WARN, 60 },

	/* precedence and switches */
	{ "REWIND over WARN", { "lag.window=4", NULL },
	  { REWIND_AND_WARN, END }, LAG_ST_REWIND, 165 },
	{ "rewind rule off: WARN", { "lag.window=4", "lag.rules=stop,stall,warn", NULL },
	  { REWIND_AND_WARN, END }, LAG_ST_WARN, 165 },
	{ "STOP over STALL and WARN", { NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_STOP, 150 },
	{ "stop rule off: STALL", { "lag.rules=rewind,stall,warn", NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_STALL, 150 },
	{ "stop and stall off: WARN", { "lag.rules=warn", NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_WARN, 150 },
	{ "STALL over WARN", { NULL },
	  { FROZEN10, END }, LAG_ST_STALL, 140 },
	{ "every rule off: OK", { "lag.rules=none", NULL },
	  { FROZEN10, { 10000, 50, 200 }, END }, LAG_ST_OK, 150 },
	{ "every rule off, first poll: OK, nothing to wait for", { "lag.rules=none", NULL },
	  { { 0, 50, 100 }, END }, LAG_ST_OK, 50 },
	{ "REWIND even with lag 0 earlier in the window", { "lag.window=4", NULL },
	  { { 0, 100, 100 }, { 1000, 50, 100 }, { 2000, 50, 110 }, { 3000, 50, 120 }, END },
	  LAG_ST_REWIND, 70 },
};

/* Build a window from the scenario's config, push its polls, evaluate. */
static lag_status run_scenario(const scenario *sc, lag_part_result *r)
{
	lag_config cfg;
	lag_window *w;
	char err[256];
	int i;

	lag_config_default(&cfg);
	for (i = 0; sc->conf[i]; i++) {
		if (lag_config_set(&cfg, sc->conf[i], err, sizeof err) != 0)
			fail_msg("%s: config '%s': %s", sc->name, sc->conf[i], err);
	}
	w = lag_window_new(cfg.window);
	assert_non_null(w);
	for (i = 0; i < MAXOBS && sc->o[i].t >= 0; i++)
		assert_int_equal(lag_window_push(w, sc->o[i].t, sc->o[i].c, sc->o[i].hw), 0);
	lag_window_eval(w, &cfg, r);
	lag_window_free(w);
	return r->status;
}

static void test_scenarios(void **state)
{
	size_t i;
	int failed = 0;

	(void)state;
	for (i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		const scenario *sc = &scenarios[i];
		lag_part_result r;

		run_scenario(sc, &r);
		if (r.status != sc->want || r.lag != sc->want_lag) {
			print_error("scenario '%s': got %s lag %lld, want %s lag %lld\n",
			            sc->name, lag_status_name(r.status), (long long)r.lag,
			            lag_status_name(sc->want), (long long)sc->want_lag);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* A consumer keeps up (lag 20) for 6 polls, then stops committing while
 * production continues: NEW until the window is full, WARN while the last
 * commit is in the window, STALL when the window is all frozen, then STOP
 * with the lag still growing. */
static void test_consumer_dies(void **state)
{
	static const lag_status want[21] = {
		LAG_ST_NEW, LAG_ST_NEW, LAG_ST_NEW, LAG_ST_NEW, LAG_ST_NEW, LAG_ST_NEW,
		LAG_ST_NEW, LAG_ST_NEW, LAG_ST_NEW,
		LAG_ST_WARN, LAG_ST_WARN, LAG_ST_WARN, LAG_ST_WARN, LAG_ST_WARN,
		LAG_ST_STALL,
		LAG_ST_STOP, LAG_ST_STOP, LAG_ST_STOP, LAG_ST_STOP, LAG_ST_STOP, LAG_ST_STOP,
	};
	lag_config cfg;
	lag_window *w;
	lag_part_result r;
	int64_t prev_lag = -1;
	int i;

	(void)state;
	lag_config_default(&cfg);
	w = lag_window_new(cfg.window);
	assert_non_null(w);
	for (i = 0; i <= 20; i++) {
		int64_t hw = 1000 + 50 * i;
		int64_t c = i <= 5 ? hw - 20 : 1230;

		assert_int_equal(lag_window_push(w, 1000 * i, c, hw), 0);
		lag_window_eval(w, &cfg, &r);
		if (r.status != want[i])
			fail_msg("poll %d: got %s, want %s", i, lag_status_name(r.status),
			         lag_status_name(want[i]));
		if (i > 5)
			assert_true(r.lag > prev_lag);
		prev_lag = r.lag;
	}
	assert_int_equal(r.lag, 770);
	assert_int_equal(r.last_change_ms, 5000);
	assert_int_equal(r.since_change_ms, 15000);
	assert_true(r.consume_rate == 0.0);
	assert_true(fabs(r.produce_rate - 50.0) < 1e-9);
	assert_true(r.eta_s == LAG_ETA_NEVER);
	assert_true(fabs(r.lag_s - 15.4) < 1e-9);
	lag_window_free(w);
}

/* ---- time to catch up ------------------------------------------------------ */

static lag_part_result eval_polls(const obs_in *o, int n)
{
	lag_config cfg;
	lag_window *w;
	lag_part_result r;
	int i;

	lag_config_default(&cfg);
	w = lag_window_new(cfg.window);
	assert_non_null(w);
	for (i = 0; i < n; i++)
		assert_int_equal(lag_window_push(w, o[i].t, o[i].c, o[i].hw), 0);
	lag_window_eval(w, &cfg, &r);
	lag_window_free(w);
	return r;
}

static void test_eta_finite(void **state)
{
	/* consume 500 in 10 s = 50/s, produce 100 in 10 s = 10/s, lag 600 */
	static const obs_in o[] = { { 0, 0, 1000 }, { 5000, 250, 1050 }, { 10000, 500, 1100 } };
	lag_part_result r = eval_polls(o, 3);

	(void)state;
	assert_int_equal(r.lag, 600);
	assert_true(fabs(r.consume_rate - 50.0) < 1e-9);
	assert_true(fabs(r.produce_rate - 10.0) < 1e-9);
	assert_true(fabs(r.eta_s - 15.0) < 1e-9);
	assert_true(fabs(r.lag_s - 60.0) < 1e-9);
}

static void test_eta_never(void **state)
{
	static const obs_in same[] = { { 0, 100, 200 }, { 10000, 200, 300 } };
	static const obs_in slower[] = { { 0, 100, 200 }, { 10000, 150, 400 } };
	static const obs_in idle[] = { { 0, 100, 200 }, { 10000, 100, 200 } };
	lag_part_result r;

	(void)state;
	r = eval_polls(same, 2);
	assert_int_equal(r.lag, 100);
	assert_true(r.eta_s == LAG_ETA_NEVER);
	r = eval_polls(slower, 2);
	assert_int_equal(r.lag, 250);
	assert_true(r.eta_s == LAG_ETA_NEVER);
	r = eval_polls(idle, 2);
	assert_true(r.eta_s == LAG_ETA_NEVER);
	assert_true(r.lag_s == LAG_UNKNOWN);   /* produce rate 0 */
}

static void test_eta_zero_and_unknown(void **state)
{
	static const obs_in caught[] = { { 0, 100, 100 }, { 10000, 200, 200 } };
	static const obs_in one[] = { { 0, 100, 300 } };
	static const obs_in one_zero[] = { { 0, 300, 300 } };
	static const obs_in same_time[] = { { 5000, 100, 300 }, { 5000, 120, 300 } };
	lag_part_result r;

	(void)state;
	r = eval_polls(caught, 2);
	assert_true(r.eta_s == 0.0);
	assert_true(r.lag_s == 0.0);
	r = eval_polls(one, 1);
	assert_true(r.eta_s == LAG_ETA_UNKNOWN);
	assert_true(r.consume_rate == LAG_UNKNOWN);
	assert_true(r.produce_rate == LAG_UNKNOWN);
	assert_true(r.lag_s == LAG_UNKNOWN);
	r = eval_polls(one_zero, 1);
	assert_true(r.eta_s == 0.0);
	r = eval_polls(same_time, 2);
	assert_true(r.eta_s == LAG_ETA_UNKNOWN);

	assert_true(lag_eta_seconds(LAG_UNKNOWN, 10, 1) == LAG_ETA_UNKNOWN);
	assert_true(lag_eta_seconds(100, LAG_UNKNOWN, 1) == LAG_ETA_UNKNOWN);
	assert_true(lag_eta_seconds(100, 10, 10) == LAG_ETA_NEVER);
	assert_true(fabs(lag_eta_seconds(100, 30, 10) - 5.0) < 1e-12);
}

/* A rewind is a reset, not consumption: only forward steps count. */
static void test_rate_after_rewind(void **state)
{
	static const obs_in o[] = { { 0, 100, 1000 }, { 1000, 200, 1000 },
	                            { 2000, 50, 1000 }, { 3000, 150, 1000 } };
	lag_part_result r = eval_polls(o, 4);

	(void)state;
	assert_int_equal(r.status, LAG_ST_REWIND);
	assert_true(fabs(r.consume_rate - 200.0 / 3.0) < 1e-9);
	assert_true(r.produce_rate == 0.0);
	assert_true(fabs(r.eta_s - 850.0 / (200.0 / 3.0)) < 1e-9);
}

/* ---- group ---------------------------------------------------------------------- */

static lag_part_result part(lag_status s, int64_t lag, double cr, double pr, double lag_s)
{
	lag_part_result p;

	memset(&p, 0, sizeof p);
	p.status = s;
	p.lag = lag;
	p.consume_rate = cr;
	p.produce_rate = pr;
	p.lag_s = lag_s;
	p.eta_s = lag_eta_seconds(lag, cr, pr);
	return p;
}

static void test_group(void **state)
{
	lag_part_result p[4];
	lag_group_result g;

	(void)state;
	p[0] = part(LAG_ST_OK, 600, 50, 10, 60);
	p[1] = part(LAG_ST_WARN, 400, 30, 10, 40);
	assert_int_equal(lag_group_eval(p, 2, &g), LAG_ST_WARN);
	assert_int_equal(g.lag, 1000);
	assert_int_equal(g.max_lag, 600);
	assert_true(fabs(g.consume_rate - 80.0) < 1e-9);
	assert_true(fabs(g.produce_rate - 20.0) < 1e-9);
	assert_true(fabs(g.eta_s - 1000.0 / 60.0) < 1e-9);
	assert_true(fabs(g.lag_s - 60.0) < 1e-9);

	/* worst status and severity summary */
	p[2] = part(LAG_ST_STOP, 5, 0, 1, 5);
	p[3] = part(LAG_ST_NEW, 7, LAG_UNKNOWN, LAG_UNKNOWN, LAG_UNKNOWN);
	assert_int_equal(lag_group_eval(p, 4, &g), LAG_ST_STOP);
	assert_int_equal(g.n_partitions, 4);
	assert_int_equal(g.n_severity[LAG_SEV_OK], 1);
	assert_int_equal(g.n_severity[LAG_SEV_WARN], 1);
	assert_int_equal(g.n_severity[LAG_SEV_ERR], 1);
	assert_int_equal(g.n_severity[LAG_SEV_UNKNOWN], 1);
	assert_int_equal(g.n_status[LAG_ST_STOP], 1);
	assert_int_equal(g.lag, 1012);
	assert_true(g.consume_rate == LAG_UNKNOWN);   /* one partition unknown */
	assert_true(g.eta_s == LAG_ETA_UNKNOWN);

	/* group cannot catch up: 20/s consumed, 30/s produced */
	p[0] = part(LAG_ST_OK, 100, 10, 20, 5);
	p[1] = part(LAG_ST_OK, 100, 10, 10, 10);
	lag_group_eval(p, 2, &g);
	assert_true(g.eta_s == LAG_ETA_NEVER);

	/* caught up: 0 even with unknown rates */
	p[0] = part(LAG_ST_OK, 0, LAG_UNKNOWN, LAG_UNKNOWN, 0);
	p[1] = part(LAG_ST_OK, 0, 5, 5, 0);
	assert_int_equal(lag_group_eval(p, 2, &g), LAG_ST_OK);
	assert_int_equal(g.lag, 0);
	assert_true(g.eta_s == 0.0);

	/* a partition with unknown lag makes the total partial */
	p[0] = part(LAG_ST_UNKNOWN, LAG_UNKNOWN, LAG_UNKNOWN, LAG_UNKNOWN, LAG_UNKNOWN);
	p[1] = part(LAG_ST_OK, 0, 5, 5, 0);
	assert_int_equal(lag_group_eval(p, 2, &g), LAG_ST_UNKNOWN);
	assert_int_equal(g.n_lag_unknown, 1);
	assert_int_equal(g.lag, 0);
	assert_true(g.eta_s == LAG_ETA_UNKNOWN);

	/* no partition at all */
	assert_int_equal(lag_group_eval(NULL, 0, &g), LAG_ST_UNKNOWN);
	assert_int_equal(g.lag, LAG_UNKNOWN);
	assert_true(g.eta_s == LAG_ETA_UNKNOWN);

	/* the lag sum saturates instead of overflowing */
	p[0] = part(LAG_ST_OK, INT64_MAX - 1, 1, 0, 1);
	p[1] = part(LAG_ST_OK, 10, 1, 0, 1);
	lag_group_eval(p, 2, &g);
	assert_true(g.lag == INT64_MAX);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(lag_status_name(LAG_ST_OK), "OK");
	assert_string_equal(lag_status_name(LAG_ST_NEW), "NEW");
	assert_string_equal(lag_status_name(LAG_ST_UNKNOWN), "UNKNOWN");
	assert_string_equal(lag_status_name(LAG_ST_WARN), "WARN");
	assert_string_equal(lag_status_name(LAG_ST_STALL), "STALL");
	assert_string_equal(lag_status_name(LAG_ST_STOP), "STOP");
	assert_string_equal(lag_status_name(LAG_ST_REWIND), "REWIND");
	assert_string_equal(lag_status_name(LAG_STATUS_COUNT), "?");
	assert_int_equal(lag_status_severity(LAG_ST_OK), LAG_SEV_OK);
	assert_int_equal(lag_status_severity(LAG_ST_NEW), LAG_SEV_UNKNOWN);
	assert_int_equal(lag_status_severity(LAG_ST_UNKNOWN), LAG_SEV_UNKNOWN);
	assert_int_equal(lag_status_severity(LAG_ST_WARN), LAG_SEV_WARN);
	assert_int_equal(lag_status_severity(LAG_ST_STALL), LAG_SEV_ERR);
	assert_int_equal(lag_status_severity(LAG_ST_STOP), LAG_SEV_ERR);
	assert_int_equal(lag_status_severity(LAG_ST_REWIND), LAG_SEV_ERR);
	assert_string_equal(lag_severity_name(LAG_SEV_ERR), "ERR");
	assert_string_equal(lag_severity_name(LAG_SEV_WARN), "WARN");
	assert_int_equal(lag_status_worst(LAG_ST_WARN, LAG_ST_NEW), LAG_ST_WARN);
	assert_int_equal(lag_status_worst(LAG_ST_STOP, LAG_ST_REWIND), LAG_ST_REWIND);
	assert_int_equal(lag_status_worst(LAG_ST_OK, LAG_ST_UNKNOWN), LAG_ST_UNKNOWN);
}

/* ---- window ------------------------------------------------------------------- */

static void test_window_memory(void **state)
{
	_Alignas(8) unsigned char mem[24 + 24 * 4];
	lag_window *w;
	lag_obs o;

	(void)state;
	assert_int_equal(lag_window_bytes(10), 264);
	assert_int_equal(lag_window_bytes(2), 72);
	assert_int_equal(lag_window_bytes(1), 0);
	assert_int_equal(lag_window_bytes(LAG_WINDOW_MAX + 1), 0);
	assert_null(lag_window_new(1));
	assert_null(lag_window_init(mem, 0));

	assert_int_equal(lag_window_bytes(4), sizeof mem);
	w = lag_window_init(mem, 4);
	assert_non_null(w);
	assert_int_equal(lag_window_capacity(w), 4);
	assert_int_equal(lag_window_count(w), 0);
	assert_false(lag_window_get(w, 0, &o));
	for (int i = 0; i < 6; i++)
		assert_int_equal(lag_window_push(w, 1000 * i, 10 * i, 100), 0);
	/* ring wrapped: the oldest kept is poll 2 */
	assert_int_equal(lag_window_count(w), 4);
	assert_true(lag_window_get(w, 0, &o));
	assert_int_equal(o.t_ms, 2000);
	assert_int_equal(o.committed, 20);
	assert_int_equal(o.lag, 80);
	assert_true(lag_window_get(w, 3, &o));
	assert_int_equal(o.t_ms, 5000);
	assert_false(lag_window_get(w, 4, &o));
	assert_false(lag_window_get(w, -1, &o));
}

static void test_window_push(void **state)
{
	lag_window *w = lag_window_new(3);
	lag_obs o;

	(void)state;
	assert_non_null(w);
	assert_int_equal(lag_window_last_change_ms(w), LAG_UNKNOWN);
	assert_int_equal(lag_window_push(w, 1000, U, 50), 0);
	assert_int_equal(lag_window_last_change_ms(w), LAG_UNKNOWN);
	assert_true(lag_window_get(w, 0, &o));
	assert_int_equal(o.committed, LAG_UNKNOWN);
	assert_int_equal(o.lag, LAG_UNKNOWN);
	/* the first known offset starts the clock */
	assert_int_equal(lag_window_push(w, 2000, 10, 50), 0);
	assert_int_equal(lag_window_last_change_ms(w), 2000);
	assert_int_equal(lag_window_push(w, 3000, 10, 60), 0);
	assert_int_equal(lag_window_last_change_ms(w), 2000);
	/* an unknown poll is no change; the same offset after it is none */
	assert_int_equal(lag_window_push(w, 4000, U, 60), 0);
	assert_int_equal(lag_window_push(w, 5000, 10, 60), 0);
	assert_int_equal(lag_window_last_change_ms(w), 2000);
	assert_int_equal(lag_window_push(w, 6000, 12, 60), 0);
	assert_int_equal(lag_window_last_change_ms(w), 6000);
	/* equal time is fine, time going back or negative is refused */
	assert_int_equal(lag_window_push(w, 6000, 13, 60), 0);
	assert_int_equal(lag_window_push(w, 5999, 20, 60), -1);
	assert_int_equal(lag_window_push(w, -5, 20, 60), -1);
	assert_int_equal(lag_window_count(w), 3);
	assert_true(lag_window_get(w, 2, &o));
	assert_int_equal(o.t_ms, 6000);
	assert_int_equal(o.committed, 13);
	assert_int_equal(lag_window_last_change_ms(w), 6000);
	/* clear forgets everything */
	lag_window_clear(w);
	assert_int_equal(lag_window_count(w), 0);
	assert_int_equal(lag_window_last_change_ms(w), LAG_UNKNOWN);
	assert_int_equal(lag_window_push(w, 100, 1, 2), 0);
	lag_window_free(w);
}

/* ---- trend ---------------------------------------------------------------------- */

static void test_trend(void **state)
{
	lag_trend t;
	double out[LAG_TREND_MAX];
	int n;

	(void)state;
	lag_trend_init(&t);
	assert_int_equal(lag_trend_series(&t, out, LAG_TREND_MAX), 0);
	lag_trend_push(&t, 5);
	lag_trend_push(&t, LAG_UNKNOWN);
	lag_trend_push(&t, 7);
	n = lag_trend_series(&t, out, LAG_TREND_MAX);
	assert_int_equal(n, 3);
	assert_true(out[0] == 5 && out[1] == LAG_UNKNOWN && out[2] == 7);
	n = lag_trend_series(&t, out, 2);
	assert_int_equal(n, 2);
	assert_true(out[0] == LAG_UNKNOWN && out[1] == 7);

	lag_trend_init(&t);
	for (int i = 0; i < 40; i++)
		lag_trend_push(&t, 100 + i);
	n = lag_trend_series(&t, out, LAG_TREND_MAX);
	assert_int_equal(n, LAG_TREND_MAX);
	assert_true(out[0] == 108);
	assert_true(out[LAG_TREND_MAX - 1] == 139);
	n = lag_trend_series(&t, out, 3);
	assert_int_equal(n, 3);
	assert_true(out[0] == 137 && out[2] == 139);
}

/* ---- config ----------------------------------------------------------------------- */

static void test_config_ok(void **state)
{
	lag_config c;
	char err[256] = "";

	(void)state;
	lag_config_default(&c);
	assert_int_equal(c.window, 10);
	assert_int_equal(c.allowed, 0);
	assert_int_equal(c.rules, LAG_RULE_ALL);
	assert_int_equal(c.min_samples, 0);
	assert_int_equal(c.stop_min_ms, 0);

	assert_int_equal(lag_config_set(&c, "lag.window=20", err, sizeof err), 0);
	assert_int_equal(c.window, 20);
	assert_int_equal(lag_config_set(&c, " lag.allowed = 100 ", err, sizeof err), 0);
	assert_int_equal(c.allowed, 100);
	assert_int_equal(lag_config_set(&c, "lag.rules=stop,rewind", err, sizeof err), 0);
	assert_int_equal(c.rules, LAG_RULE_STOP | LAG_RULE_REWIND);
	assert_int_equal(lag_config_set(&c, "lag.rules= Stall , WARN ", err, sizeof err), 0);
	assert_int_equal(c.rules, LAG_RULE_STALL | LAG_RULE_WARN);
	assert_int_equal(lag_config_set(&c, "lag.rules=none", err, sizeof err), 0);
	assert_int_equal(c.rules, 0);
	assert_int_equal(lag_config_set(&c, "lag.rules=all", err, sizeof err), 0);
	assert_int_equal(c.rules, LAG_RULE_ALL);
	assert_int_equal(lag_config_set(&c, "lag.min_samples=5", err, sizeof err), 0);
	assert_int_equal(c.min_samples, 5);
	assert_int_equal(lag_config_set(&c, "lag.stop_min_ms=60000", err, sizeof err), 0);
	assert_int_equal(c.stop_min_ms, 60000);
	assert_int_equal(lag_config_set_kv(&c, "lag.window", "2", err, sizeof err), 0);
	assert_int_equal(c.window, 2);
	assert_string_equal(err, "");
}

static void test_config_errors(void **state)
{
	static const struct {
		const char *kv;
		const char *msg;     /* the whole error message */
	} bad[] = {
		{ "lag.window=1", "lag.window: '1' is out of range (2..256)" },
		{ "lag.window=257", "lag.window: '257' is out of range (2..256)" },
		{ "lag.window=abc", "lag.window: 'abc' is not a number" },
		{ "lag.window=10x", "lag.window: '10x' is not a number" },
		{ "lag.window=", "lag.window: empty value" },
		{ "lag.window= 1 0", "lag.window: '1 0' is not a number" },
		{ "lag.allowed=-3", "lag.allowed: '-3' is out of range (0 or more)" },
		{ "lag.allowed=99999999999999999999",
		  "lag.allowed: '99999999999999999999' is out of range (0 or more)" },
		{ "lag.rules=stop,bogus",
		  "lag.rules: unknown rule 'bogus' (known: stop, rewind, stall, warn, all, none)" },
		{ "lag.rules=stop,,warn", "lag.rules: empty rule name in 'stop,,warn'" },
		{ "lag.rules=", "lag.rules: empty value (use 'none' to turn every rule off)" },
		{ "lag.min_samples=1",
		  "lag.min_samples: '1' is out of range (0 = full window, or 2..256)" },
		{ "lag.stop_min_ms=-1", "lag.stop_min_ms: '-1' is out of range (0 or more)" },
		{ "lag.nope=1",
		  "lag.nope: unknown key (known: lag.window, lag.allowed, lag.rules, "
		  "lag.min_samples, lag.stop_min_ms)" },
		{ "lag.window", "lag.window: expected key=value" },
		{ "=5", "'=5': empty key" },
	};
	lag_config c, before;
	char err[256];
	size_t i;

	(void)state;
	lag_config_default(&c);
	assert_int_equal(lag_config_set(&c, "lag.allowed=7", err, sizeof err), 0);
	memcpy(&before, &c, sizeof c);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strcpy(err, "");
		if (lag_config_set(&c, bad[i].kv, err, sizeof err) != -1)
			fail_msg("'%s' was accepted", bad[i].kv);
		if (strcmp(err, bad[i].msg) != 0)
			fail_msg("'%s': error '%s', want '%s'", bad[i].kv, err, bad[i].msg);
		assert_memory_equal(&c, &before, sizeof c);
	}
	assert_int_equal(lag_config_set_kv(&c, "lag.window", NULL, err, sizeof err), -1);
	assert_int_equal(lag_config_set(&c, NULL, err, sizeof err), -1);
	assert_memory_equal(&c, &before, sizeof c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_consumer_dies),
		cmocka_unit_test(test_eta_finite),
		cmocka_unit_test(test_eta_never),
		cmocka_unit_test(test_eta_zero_and_unknown),
		cmocka_unit_test(test_rate_after_rewind),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_window_memory),
		cmocka_unit_test(test_window_push),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_config_ok),
		cmocka_unit_test(test_config_errors),
	};

	return cmocka_run_group_tests_name("lag_eval", tests, NULL, NULL);
}
