/*
 * rates.h: per-second rates from the difference of two snapshots.
 */
#ifndef KDECK_RATES_H
#define KDECK_RATES_H

#include "snapshot.h"

/* Fill each partition's msgs_rate (from high watermarks) and bytes_rate
 * (from leader log sizes) in cur, against prev.  A partition that is new,
 * belongs to a topic that was deleted and recreated (another topic id), or
 * whose counter went down (truncation, recreation) gets KD_UNKNOWN for
 * this interval: never a negative or invented rate.  Call before
 * snapshot_finish(), which sums the rates up. */
void rates_compute(kd_snapshot *cur, const kd_snapshot *prev);

/* Carry the cluster's rate history from prev and append cur's rate. Call
 * after snapshot_finish(). */
void rates_history(kd_snapshot *cur, const kd_snapshot *prev);

/* Append one value to a history, dropping the oldest when full. */
void history_push(kd_history *h, double v);

#endif
