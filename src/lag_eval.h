/*
 * lag_eval.h: consumer-group lag evaluation.
 *
 * In the spirit of Burrow's sliding-window rules, but the window holds the
 * last N polls (not the last N commits) and is evaluated on every poll, so
 * a consumer that died turns STOP while its lag keeps growing.
 *
 * Pure code: no network, no clock, no curses.  The collector keeps one
 * lag_window per (group, topic, partition), pushes one observation per
 * poll, evaluates each window and folds the partition results into a group
 * result.  doc/lag-evaluation.md states the rules and their precedence.
 *
 * Numbers that are not known are LAG_UNKNOWN (-1), like KD_UNKNOWN in
 * snapshot.h; a time to catch up that will never come is LAG_ETA_NEVER.
 */
#ifndef KDECK_LAG_EVAL_H
#define KDECK_LAG_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAG_UNKNOWN (-1)
#define LAG_ETA_UNKNOWN (-1.0)   /* not enough data */
#define LAG_ETA_NEVER (-2.0)     /* lag > 0 and consume rate <= produce rate */

#define LAG_WINDOW_MIN 2
#define LAG_WINDOW_MAX 256
#define LAG_WINDOW_DEFAULT 10
#define LAG_TREND_MAX 32         /* polls of group lag kept for sparklines */

/* Rules, individually switchable (lag.rules). */
enum {
	LAG_RULE_STOP = 1u << 0,
	LAG_RULE_REWIND = 1u << 1,
	LAG_RULE_STALL = 1u << 2,
	LAG_RULE_WARN = 1u << 3,
	LAG_RULE_ALL = (1u << 4) - 1
};

/* Partition and group status.  The enum order is the severity order: a
 * larger value is worse, and a group takes its worst partition's status. */
typedef enum lag_status {
	LAG_ST_OK = 0,           /* within the allowed lag, or keeping up */
	LAG_ST_NEW,              /* lagging, but too few polls to judge */
	LAG_ST_UNKNOWN,          /* no poll in the window has a known lag */
	LAG_ST_WARN,             /* lag never decreased across the window */
	LAG_ST_STALL,            /* committed offset frozen across the window */
	LAG_ST_STOP,             /* no commit for longer than the window spans */
	LAG_ST_REWIND,           /* committed offset went backwards */
	LAG_STATUS_COUNT
} lag_status;

/* What a summary counts: STALL, STOP and REWIND are all "ERR". */
typedef enum lag_severity {
	LAG_SEV_OK = 0,
	LAG_SEV_UNKNOWN,         /* NEW and UNKNOWN: not judged yet */
	LAG_SEV_WARN,
	LAG_SEV_ERR,
	LAG_SEV_COUNT
} lag_severity;

const char *lag_status_name(lag_status s);        /* "OK", "STOP", ... */
lag_severity lag_status_severity(lag_status s);
const char *lag_severity_name(lag_severity s);    /* "OK", "UNKNOWN", "WARN", "ERR" */
lag_status lag_status_worst(lag_status a, lag_status b);

/* ---- configuration ------------------------------------------------------ */

typedef struct lag_config {
	int window;              /* lag.window: polls per window (2..256) */
	int64_t allowed;         /* lag.allowed: lag at or below this is OK */
	unsigned rules;          /* lag.rules: LAG_RULE_* bits */
	int min_samples;         /* lag.min_samples: polls STALL/WARN need;
	                          * 0 = the full window */
	int64_t stop_min_ms;     /* lag.stop_min_ms: STOP also needs the offset
	                          * frozen at least this long (0 = no minimum) */
} lag_config;

void lag_config_default(lag_config *c);
/* Apply one "key=value" (e.g. "lag.rules=stop,rewind").  Returns 0, or -1
 * with a message naming the key in err; on error *c is unchanged. */
int lag_config_set(lag_config *c, const char *kv, char *err, size_t errlen);
int lag_config_set_kv(lag_config *c, const char *key, const char *value,
                      char *err, size_t errlen);

/* ---- per-partition window ----------------------------------------------- */

/* A fixed-size ring of (time, committed, high watermark) observations plus
 * the time the committed offset last changed: 24 + 24 * n bytes. */
typedef struct lag_window lag_window;

/* One observation as read back; lag = max(0, hw - committed), or
 * LAG_UNKNOWN when either offset is unknown. */
typedef struct lag_obs {
	int64_t t_ms;
	int64_t committed;       /* or LAG_UNKNOWN */
	int64_t hw;              /* high watermark or LSO, or LAG_UNKNOWN */
	int64_t lag;             /* or LAG_UNKNOWN */
} lag_obs;

/* Bytes a window of n observations takes (0 if n is out of range). */
size_t lag_window_bytes(int n);
/* Build a window in caller memory (8-byte aligned, lag_window_bytes(n)
 * long), e.g. one block for many partitions.  NULL if n is out of range. */
lag_window *lag_window_init(void *mem, int n);
/* malloc'd window; NULL if n is out of range or out of memory. */
lag_window *lag_window_new(int n);
void lag_window_free(lag_window *w);
/* Forget every observation (the group's offsets were deleted, ...). */
void lag_window_clear(lag_window *w);

int lag_window_capacity(const lag_window *w);
int lag_window_count(const lag_window *w);
/* Observation i, 0 = oldest.  false if i is out of range. */
bool lag_window_get(const lag_window *w, int i, lag_obs *out);
/* When the committed offset last changed (the first known offset counts as
 * a change), or LAG_UNKNOWN if no offset was ever known. */
int64_t lag_window_last_change_ms(const lag_window *w);

/* Record one poll.  A negative committed (or hw) means "unknown this poll"
 * (OffsetFetch failed, no offset committed, ListOffsets failed).  Returns
 * 0, or -1 without changing anything when now_ms is negative or earlier
 * than the newest observation (use a monotonic clock). */
int lag_window_push(lag_window *w, int64_t now_ms, int64_t committed, int64_t hw);

/* ---- evaluation ----------------------------------------------------------- */

typedef struct lag_part_result {
	lag_status status;
	int64_t lag;             /* newest known lag, or LAG_UNKNOWN */
	int64_t committed;       /* newest known committed offset, or LAG_UNKNOWN */
	int64_t hw;              /* newest known high watermark, or LAG_UNKNOWN */
	int64_t last_change_ms;  /* see lag_window_last_change_ms() */
	int64_t since_change_ms; /* newest commit-known poll - last change, or
	                          * LAG_UNKNOWN */
	double consume_rate;     /* committed msgs/s over the window, or LAG_UNKNOWN */
	double produce_rate;     /* high watermark msgs/s, or LAG_UNKNOWN */
	double eta_s;            /* seconds to catch up, LAG_ETA_NEVER or
	                          * LAG_ETA_UNKNOWN */
	double lag_s;            /* lag / produce rate, or LAG_UNKNOWN */
	int n_known;             /* polls in the window with a known lag */
} lag_part_result;

/* Evaluate one window; fills *out and returns out->status. */
lag_status lag_window_eval(const lag_window *w, const lag_config *c,
                           lag_part_result *out);

/* Seconds until lag reaches 0 at these rates: 0 when lag is 0,
 * LAG_ETA_NEVER when consume <= produce, LAG_ETA_UNKNOWN when the lag or a
 * rate is unknown. */
double lag_eta_seconds(int64_t lag, double consume_rate, double produce_rate);

/* ---- group ---------------------------------------------------------------- */

typedef struct lag_group_result {
	lag_status status;       /* worst partition; UNKNOWN with no partition */
	int n_partitions;
	int n_status[LAG_STATUS_COUNT];
	int n_severity[LAG_SEV_COUNT];     /* summary: OK, UNKNOWN, WARN, ERR */
	int n_lag_unknown;       /* partitions whose lag is unknown */
	int64_t lag;             /* sum of known lags, or LAG_UNKNOWN */
	int64_t max_lag;         /* largest known partition lag, or LAG_UNKNOWN */
	double lag_s;            /* largest known partition lag_s, or LAG_UNKNOWN */
	double consume_rate;     /* sum over partitions, or LAG_UNKNOWN if any
	                          * partition's rate is unknown */
	double produce_rate;     /* likewise */
	double eta_s;            /* from the sums; see lag_eta_seconds() */
} lag_group_result;

/* Accumulate partitions as the collector walks them:
 * init, add per partition, finish (computes eta_s). */
void lag_group_init(lag_group_result *g);
void lag_group_add(lag_group_result *g, const lag_part_result *p);
void lag_group_finish(lag_group_result *g);
/* The same over an array; returns out->status. */
lag_status lag_group_eval(const lag_part_result *parts, int n,
                          lag_group_result *out);

/* ---- trend ---------------------------------------------------------------- */

/* The group's total lag over the last LAG_TREND_MAX polls, for sparklines. */
typedef struct lag_trend {
	int n, head;
	int64_t v[LAG_TREND_MAX];
} lag_trend;

void lag_trend_init(lag_trend *t);
/* One value per poll; a negative total means unknown. */
void lag_trend_push(lag_trend *t, int64_t total_lag);
/* Copy up to max values, oldest first, as doubles (LAG_UNKNOWN for
 * unknown polls) into out; returns how many (the newest ones if max is
 * smaller than the count). */
int lag_trend_series(const lag_trend *t, double *out, int max);

#endif
