/*
 * alert_msg.h: message rules (`when = message: FILTER`, doc/alerts.md).
 *
 * A consumer per message rule (tail.c: librdkafka, no group, nothing
 * committed; the -X and security properties of the options, so TLS and
 * SASL contexts work) reads the rule's topic and evaluates its filter
 * (compiled once, in the rules) on every message.  Each match is kept,
 * with its key and the fields the filter names, for the rule's hold time
 * (at most ALERT_MSG_MAX per rule, the oldest dropped); alerts_eval copies
 * the matches held now into each snapshot.
 *
 * Two ways to read: alert_msgs_start (the dashboard) reads new messages
 * only, on threads of its own, and never waits for the network, to start
 * or to stop; alert_msgs_window (kdeck check) reads, in the caller's
 * thread, the messages of the last window_ms (found with offsetsForTimes)
 * up to the end of each partition, then stops.
 */
#ifndef KDECK_ALERT_MSG_H
#define KDECK_ALERT_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts.h"
#include "msg.h"
#include "options.h"

typedef struct kd_alert_msgs kd_alert_msgs;

/* Start a consumer per message rule of r (r must outlive the result).
 * NULL when r has no message rule (err "") or a thread cannot start
 * (err filled). */
kd_alert_msgs *alert_msgs_start(const kd_alert_rules *r, const kd_options *o,
				char *err, size_t errlen);
/* Read each message rule's topic from now - window_ms to its end, for at
 * most wait_ms in all.  Never NULL; a rule that could not be read says
 * why in alert_msgs_errors. */
kd_alert_msgs *alert_msgs_window(const kd_alert_rules *r, const kd_options *o,
				 int64_t window_ms, int wait_ms);
/* Let go: consumer threads stop and clean up after themselves. */
void alert_msgs_stop(kd_alert_msgs *m);

/* The matches held at now_ms (older than their rule's hold are dropped),
 * as alerts in a: *out, and the count.  The alert's since_ms is when the
 * message was matched (its timestamp for alert_msgs_window). */
int alert_msgs_collect(kd_alert_msgs *m, int64_t now_ms, kd_arena *a, kd_alert **out);

/* Why consumers failed ("alert temp: topic 'x' does not exist"), one
 * per line in buf; returns how many failed. */
int alert_msgs_errors(kd_alert_msgs *m, char *buf, size_t len);

/* Offer one message to rule i of m (what the consumers do; tests feed
 * messages here).  Returns true when it matched. */
bool alert_msgs_offer(kd_alert_msgs *m, int rule, const kd_msg *msg, int64_t now_ms);
/* m with no consumer, for tests: messages come through alert_msgs_offer. */
kd_alert_msgs *alert_msgs_new_idle(const kd_alert_rules *r);

/* The alert text of a match: "TOPIC pP@OFFSET: key=KEY FIELD=VALUE ...",
 * the raw bytes (escaped by whoever shows it).  malloc'd. */
char *alert_msgs_text(const kd_alert_rule *rule, const kd_msg *msg);

#endif
