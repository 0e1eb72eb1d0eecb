/*
 * gate.h: the one door every request that changes the cluster goes
 * through: offset resets and group deletion now, topic creation, config
 * changes and reassignments later.
 *
 * A change is first shown to the operator as a preview (old -> new); the
 * operator confirms it (a key in the UI, --execute on the command line);
 * the code that sends the change asks the gate right before sending:
 *
 *     gate_confirm(GATE_GROUP_OFFSETS, preview_text);      operator said yes
 *     ...
 *     if (gate_check(GATE_GROUP_OFFSETS, preview_text, err, errlen))
 *             return refused;                              nothing was sent
 *     send the change
 *
 * gate_check refuses everything in read-only mode, and any change whose
 * exact description was not confirmed (a plan that changed between the
 * preview and the sending is refused, not sent).  A confirmation is good
 * for one gate_check.  Read-only mode is a latch: once on, it stays on for
 * the life of the process.  Every decision is logged.  Thread safe.
 */
#ifndef KDECK_GATE_H
#define KDECK_GATE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum gate_kind {
	GATE_GROUP_OFFSETS,      /* OffsetCommit on behalf of a group */
	GATE_GROUP_DELETE,       /* DeleteGroups */
	GATE_TOPIC_CREATE,
	GATE_TOPIC_DELETE,
	GATE_TOPIC_PARTITIONS,
	GATE_CONFIG_ALTER,
	GATE_REASSIGN,
	GATE_KIND_COUNT
} gate_kind;

const char *gate_kind_name(gate_kind k);     /* "reset group offsets" */

/* Turn read-only mode on (false changes nothing: the latch stays). */
void gate_set_read_only(bool read_only);
bool gate_read_only(void);

/* Refuse early, before any preview work, when the kind can never pass
 * (read-only mode).  0, or -1 with the sentence an operator sees. */
int gate_allowed(gate_kind kind, char *err, size_t errlen);

/* The operator confirmed the preview described by description. */
void gate_confirm(gate_kind kind, const char *description);
/* Forget every confirmation (the operator backed out). */
void gate_forget(void);

/* Right before sending: 0 to go ahead (consumes the confirmation), or -1
 * with a sentence in err, and then nothing must be sent. */
int gate_check(gate_kind kind, const char *description, char *err, size_t errlen);

/* Changes the gate let through and refused since the start (tests). */
unsigned gate_passed(void);
unsigned gate_refused(void);

#endif
