/*
 * gate.h: the one door every request that changes the cluster goes
 * through (change.h calls it; nothing else sends a mutation).
 *
 * Read-only is decided once per options object (kd_options.read_only,
 * with read_only_why: --read-only, a read-only context, or a config file
 * that could not be read: fail closed).  gate_allowed refuses early, before
 * any preview work; gate_pass refuses when the requests a change would
 * send now differ from those the operator confirmed in the preview.
 * Every decision is logged.  Thread safe.
 */
#ifndef KDECK_GATE_H
#define KDECK_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

typedef enum gate_kind {
	GATE_GROUP_OFFSETS,      /* OffsetCommit on behalf of a group */
	GATE_GROUP_DELETE,       /* DeleteGroups */
	GATE_TOPIC_CREATE,
	GATE_TOPIC_DELETE,
	GATE_TOPIC_PARTITIONS,
	GATE_CONFIG_ALTER,
	GATE_REASSIGN,
	GATE_PRODUCE,
	GATE_REASSIGN_CANCEL,
	GATE_THROTTLE,           /* replication throttles (IncrementalAlterConfigs) */
	GATE_ELECT_LEADERS,
	GATE_KIND_COUNT
} gate_kind;

const char *gate_kind_name(gate_kind k);     /* "reset group offsets" */

/* 0, or -1 with the sentence an operator sees when o is read-only. */
int gate_allowed(const kd_options *o, gate_kind kind, char *err, size_t errlen);

/* Right before sending: 0 to go ahead when the confirmed request list
 * and the one planned now are the same, or -1 with a sentence naming the
 * first difference; then nothing must be sent. */
int gate_pass(const kd_options *o, gate_kind kind,
	      const char *const *confirmed, int n_confirmed,
	      const char *const *now, int n_now, char *err, size_t errlen);

/* Changes the gate let through and refused since the start (tests). */
unsigned gate_passed(void);
unsigned gate_refused(void);

#endif
