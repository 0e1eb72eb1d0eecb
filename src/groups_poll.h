/*
 * groups_poll.h: consumer groups, polled by the collector over kdeck's own
 * wire connections, and the lag windows they are judged by.
 *
 * The collector calls, per poll:
 *
 *     cluster_poll_metadata(...)                 brokers and leaders
 *     groups_poll_offsets(gp, pool, s)           committed offsets
 *     cluster_poll_brokers(...)                  high watermarks
 *     groups_poll_finish(gp, pool, s)            lag, status -> s->groups
 *
 * Committed offsets are read before the high watermarks, so that a
 * consumer committing between the two reads can never show a negative lag.
 *
 * Requests per poll: ListGroups to every broker; then, per coordinator,
 * one DescribeGroups for its groups that are not Empty and one OffsetFetch
 * (v8+, many groups at once) for all of them; FindCoordinator (v4+, many
 * groups at once) only for groups whose coordinator stopped answering.
 * The count grows with the number of coordinators, not of groups (a
 * request is split only past GROUPS_BATCH_UNITS groups + partitions).
 * With lag.isolation=read_committed, also one ListOffsets per leader for
 * the partitions the groups read (their last stable offsets).
 *
 * The poller keeps one lag_window per (group, topic, partition) and one
 * lag_trend per group across polls; a group no broker lists for
 * GROUPS_FORGET_POLLS polls in a row is forgotten.
 */
#ifndef KDECK_GROUPS_POLL_H
#define KDECK_GROUPS_POLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "groups_model.h"
#include "lag_eval.h"
#include "options.h"
#include "snapshot.h"
#include "wire_msgs.h"
#include "wire_pool.h"

#define GROUPS_FORGET_POLLS 3
#define GROUPS_BATCH_UNITS 100000

/* The groups' settings, from the kdeck.lag.* properties that
 * `--lag KEY=VALUE` and `-X kdeck.lag.KEY=VALUE` set: the lag_eval keys
 * (lag.window, lag.allowed, lag.rules, lag.min_samples, lag.stop_min_ms)
 * and lag.isolation=read_uncommitted|read_committed. */
typedef struct groups_config {
	lag_config lag;
	bool stable;             /* lag.isolation=read_committed */
} groups_config;

void groups_config_default(groups_config *c);
/* One "lag.KEY=VALUE" (the "lag." may be left out).  0, or -1 with err
 * naming the key; *c unchanged on error. */
int groups_config_set(groups_config *c, const char *kv, char *err, size_t errlen);
/* Every kdeck.lag.* property of o. */
int groups_config_from_options(groups_config *c, const kd_options *o,
			       char *err, size_t errlen);

typedef struct groups_poller groups_poller;

groups_poller *groups_poller_new(const groups_config *c);
void groups_poller_free(groups_poller *gp);

/* ---- the collector's two steps -------------------------------------- */

void groups_poll_offsets(groups_poller *gp, wire_pool *pool, kd_snapshot *s);
/* Sets s->groups (in s->arena); NULL when step 1 did not run this poll
 * (no wire connection to the cluster). */
void groups_poll_finish(groups_poller *gp, wire_pool *pool, kd_snapshot *s);

/* ---- the same fed by hand (tests, benchmark) ------------------------- *
 * Responses passed in must stay valid until groups_poller_build returns. */

/* Start a poll; s gives the time (s->mono_ms) and collects errors. */
void groups_poller_begin(groups_poller *gp, kd_snapshot *s);
/* broker listed these groups (it coordinates them). */
void groups_poller_listed(groups_poller *gp, int32_t broker, const wire_listgroups_resp *r);
/* broker's ListGroups failed: its groups are kept, with why as their error. */
void groups_poller_list_failed(groups_poller *gp, int32_t broker, const char *why);
void groups_poller_described(groups_poller *gp, const wire_describegroups_resp *r);
void groups_poller_fetched(groups_poller *gp, const wire_offsetfetch_resp *r);
/* A request about these groups failed as a whole. */
void groups_poller_failed(groups_poller *gp, const char *const *ids, size_t n,
			  const char *why);
/* The last stable offset of a partition (lag.isolation=read_committed). */
void groups_poller_stable_offset(groups_poller *gp, const char *topic, int32_t part,
				 int64_t offset);
/* Push the poll into the windows and build s->groups. */
void groups_poller_build(groups_poller *gp, kd_snapshot *s);

/* Bytes the poller holds across polls (windows, names, trends). */
size_t groups_poller_memory(const groups_poller *gp);
/* Bytes of this poll's decoded responses (freed at the next poll). */
size_t groups_poller_scratch(const groups_poller *gp);
int groups_poller_count(const groups_poller *gp);

#endif
