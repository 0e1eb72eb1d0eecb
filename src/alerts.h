/*
 * alerts.h: alert rules from the config file ([alerts], [alert NAME];
 * doc/alerts.md), evaluated on every snapshot.
 *
 * A rule is parsed once (alerts_from_config) into kd_alert_rules; an
 * evaluation state (kd_alert_state, the collector's, mutable) remembers
 * which alerts fire and since when.  alerts_eval() runs the rules over a
 * new snapshot, fills its alerts (in its arena, worst first) and reports
 * each alert that fired or resolved since the last call as a kd_event.
 * Message rules (`when = message: FILTER`) are matched by a consumer
 * (alert_msg.h); alerts_eval folds its current matches in.
 *
 * Pure code apart from alerts_run_command: no network, no curses.
 */
#ifndef KDECK_ALERTS_H
#define KDECK_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "snapshot.h"

struct kd_config;
struct kd_config_alert;
struct msgfilter;
struct kd_alert_msgs;

/* The kinds of rule; alerts.c holds one table entry per kind (its name
 * in `when`, its argument, its scope keys, its evaluation). */
typedef enum kd_alert_kind {
	ALERT_BROKER_DOWN,
	ALERT_UNDER_REPLICATED,
	ALERT_OFFLINE,
	ALERT_UNDER_MIN_ISR,
	ALERT_CONTROLLER_CHANGED,
	ALERT_GROUP_STATUS,
	ALERT_LAG,
	ALERT_TIME_LAG,
	ALERT_DISK_FREE,
	ALERT_MSGS_PER_SEC,
	ALERT_MESSAGE,
	ALERT_KIND_COUNT
} kd_alert_kind;

typedef enum kd_alert_op { ALERT_GT, ALERT_GE, ALERT_LT, ALERT_LE } kd_alert_op;

/* What a rule's scope keys allow (kd_alert_rule.scope). */
enum {
	ALERT_SCOPE_TOPIC = 1u << 0,
	ALERT_SCOPE_GROUP = 1u << 1,
	ALERT_SCOPE_BROKER = 1u << 2,
	ALERT_SCOPE_HOLD = 1u << 3,
};

#define ALERT_HOLD_DEFAULT_MS (5 * 60 * 1000)
#define ALERT_MSG_MAX 100          /* matches kept per message rule */

typedef struct kd_alert_rule {
	const char *name;          /* [alert NAME] */
	kd_alert_kind kind;
	kd_severity severity;      /* default warning */
	kd_alert_op op;            /* threshold kinds */
	double threshold;          /* N; ms for time-lag; percent for disk-free */
	unsigned statuses;         /* group-status: bits 1 << lag_status */
	const char *filter;        /* message: the filter as written */
	struct msgfilter *compiled;/* message: compiled once (owned by the rules) */
	const char *topic;         /* topic = GLOB (message: NAME), or NULL */
	const char *group;         /* group = GLOB, or NULL */
	int32_t broker;            /* broker = ID, or -1 */
	int64_t hold_ms;           /* message: how long a match is kept */
} kd_alert_rule;

typedef struct kd_alert_rules {
	kd_arena arena;
	int n;
	kd_alert_rule *v;          /* in config order */
	int n_message;             /* of them message rules */
	bool bell;                 /* [alerts] bell: ring when one fires */
	const char *command;       /* [alerts] command, or NULL */
} kd_alert_rules;

/* ---- parsing (config_file.c and alerts_from_config) -------------------- */

/* The rule kind's name as written in `when` ("broker-down"). */
const char *alerts_kind_name(kd_alert_kind k);
/* Parse a `when` value into r's kind, op, threshold, statuses and filter
 * (r->filter points into text; the filter is compiled to check it, then
 * freed).  0, or -1 with err and *err_off (byte offset in text). */
int alerts_parse_when(const char *text, kd_alert_rule *r, size_t *err_off,
		      char *err, size_t errlen);
/* "90s", "5m", "1h", "500ms", "2d", "30" (seconds): ms, or -1. */
int64_t alerts_parse_duration(const char *text);
/* What scope keys (ALERT_SCOPE_*) a kind takes. */
unsigned alerts_kind_scopes(kd_alert_kind k);

/* The rules of cfg's [alert NAME] sections and [alerts] (the file was
 * checked when it was read).  NULL when there are none. */
kd_alert_rules *alerts_from_config(const struct kd_config *cfg);
void alerts_rules_free(kd_alert_rules *r);

/* ---- evaluation -------------------------------------------------------- */

typedef struct kd_alert_state kd_alert_state;

/* Called for each alert that fired (KD_EV_ALERT_FIRED) or resolved
 * (KD_EV_ALERT_RESOLVED) during one alerts_eval; e and a (the alert) are
 * valid during the call only.  The collector adds e to its event ring
 * and, for a fired one, may call alerts_run_command. */
typedef void (*alerts_emit_fn)(void *ctx, const kd_event *e, const kd_alert *a);

kd_alert_state *alerts_state_new(const kd_alert_rules *r);
void alerts_state_free(kd_alert_state *st);

/*
 * Evaluate the rules on s (prev: the snapshot before it, or NULL), with
 * the message matches of msgs (may be NULL).  Fills s->alerts and
 * s->n_alerts in s's arena, worst severity first; an alert that still
 * fires keeps its since_ms.  A poll that did not reach the cluster
 * changes nothing: the alerts firing stay as they were, no event.
 * emit may be NULL.
 */
void alerts_eval(kd_alert_state *st, kd_snapshot *s, const kd_snapshot *prev,
		 struct kd_alert_msgs *msgs, alerts_emit_fn emit, void *ctx);

/* The same into any arena (s stays untouched): *out gets the alerts,
 * the return value their count.  For kdeck check, which holds the
 * collector's snapshots const. */
int alerts_eval_to(kd_alert_state *st, const kd_snapshot *s, const kd_snapshot *prev,
		   struct kd_alert_msgs *msgs, int64_t now_ms, kd_arena *a,
		   const kd_alert **out, alerts_emit_fn emit, void *ctx);

/* The alert as one JSON object (malloc'd text, no newline):
 * {"rule","severity","state","since_ms","text","topic","partition",
 * "broker","group"}; state is "firing" or "resolved". */
char *alerts_json(const kd_alert *a, bool resolved);

/*
 * Run r->command (if any) with the alert as JSON on its stdin, without
 * waiting for it: the command runs detached (its own grandchild of
 * this process, reaped at once), with no other descriptor of kdeck's
 * open, so it can neither block nor see kdeck's connections.  Nothing
 * but the alert is passed (no -X property, no secret).  Returns 0 or -1
 * with err filled (the fork failed, ...).
 */
int alerts_run_command(const kd_alert_rules *r, const kd_alert *a, char *err, size_t errlen);

#endif
