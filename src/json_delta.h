/*
 * json_delta.h: the difference between two JSON values, and its
 * application, so that a recording stores only what changed between a
 * snapshot and the last full one (src/record.c).
 *
 * A delta is either a value that is not an object (the new value, whole)
 * or an object with exactly one key, a marker starting with '$':
 *
 *     {"$=": V}                 the new value V, whole (V an object)
 *     {"$o": {"k": D, ...}}     an object, key by key: each D is the delta
 *                               of that member, added if it was missing
 *     {"$-": 1}                 (only as a D under "$o") the member is gone
 *     {"$i": {"3": D, ...}}     an array of the same length, element by
 *                               element (decimal indexes)
 *     {"$s": [K, [V, ...]]}     an array slid by K: drop its first K
 *                               elements, append the Vs (sparkline
 *                               histories move this way every poll)
 *
 * Data only ever appears as "$=" / "$s" payloads, as non-object deltas or
 * as the member names under "$o", which are never read as markers, so a
 * topic or group called "$o" cannot be confused with one.
 */
#ifndef KDECK_JSON_DELTA_H
#define KDECK_JSON_DELTA_H

#include <jansson.h>

/* The delta turning a into b (a new reference), or NULL when they are
 * equal.  Both must be non-NULL. */
json_t *json_delta(const json_t *a, const json_t *b);

/* a with delta d applied: a new reference (a is not changed), or NULL
 * when d is not a well-formed delta for a (an index out of range, an
 * unknown marker, "$i" on a non-array, ...).  The result shares the
 * members that did not change with a and d: treat all three as read-only
 * (or json_deep_copy the result before changing it). */
json_t *json_delta_apply(const json_t *a, const json_t *d);

#endif
