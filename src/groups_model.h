/*
 * groups_model.h: the consumer groups of one snapshot (kd_snapshot.groups).
 *
 * Built once per poll by groups_poll.c in the snapshot's arena and never
 * written again, like the rest of the snapshot.  Offsets and lags that were
 * not measured are KD_UNKNOWN (-1); times and rates LAG_UNKNOWN (-1.0);
 * a time to catch up that will never come is LAG_ETA_NEVER.
 *
 * The lag of a partition is measured against its high watermark, or its
 * last stable offset with lag.isolation=read_committed (kd_groups.stable):
 * the offset a read_committed consumer can reach.
 */
#ifndef KDECK_GROUPS_MODEL_H
#define KDECK_GROUPS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "lag_eval.h"
#include "snapshot.h"

/* The group states kdeck sorts and colours by; the coordinator's own word
 * is kept in kd_group.state. */
typedef enum kd_group_state {
	KD_GROUP_UNKNOWN = 0,    /* not described this poll */
	KD_GROUP_STABLE,
	KD_GROUP_REBALANCING,    /* PreparingRebalance, CompletingRebalance,
				  * Assigning, Reconciling */
	KD_GROUP_EMPTY,
	KD_GROUP_DEAD,
} kd_group_state;

const char *groups_state_name(kd_group_state st);       /* "Stable", ... */
kd_group_state groups_state_parse(const char *coordinator_state);

/* Partitions of one topic assigned to a member. */
typedef struct kd_member_topic {
	const char *topic;
	int n_partitions;
	const int32_t *partitions;       /* sorted */
} kd_member_topic;

typedef struct kd_group_member {
	const char *member_id;
	const char *instance_id;         /* static membership, or NULL */
	const char *client_id;
	const char *host;                /* "/10.0.0.7" as the broker saw it */
	int n_topics;
	const kd_member_topic *topics;   /* its assignment, sorted by topic */
	int n_partitions;                /* assigned partitions in all */
	const char *assignment_error;    /* bytes kdeck could not read, or NULL */
} kd_group_member;

/* One partition a group has an offset for or is assigned. */
typedef struct kd_group_partition {
	const char *topic;
	int32_t partition;
	int64_t committed;               /* or KD_UNKNOWN (none committed) */
	int64_t end;                     /* high watermark or LSO, or KD_UNKNOWN */
	int64_t lag;                     /* messages, or KD_UNKNOWN */
	double lag_s;                    /* lag / produce rate, or LAG_UNKNOWN */
	int64_t since_commit_ms;         /* since kdeck saw the committed
					  * offset change, or KD_UNKNOWN */
	double consume_rate;             /* msgs/s, or LAG_UNKNOWN */
	double produce_rate;
	double eta_s;                    /* or LAG_ETA_UNKNOWN / LAG_ETA_NEVER */
	lag_status status;
	int member;                      /* index in kd_group.members, or -1 */
	int16_t error;                   /* OffsetFetch's code for it, 0 if none */
} kd_group_partition;

typedef struct kd_group {
	const char *id;
	const char *state;               /* the coordinator's word, "" unknown */
	kd_group_state st;
	const char *protocol_type;       /* "consumer"; "" for a group that only
					  * has offsets (set by a tool) */
	const char *protocol;            /* the assignor ("range"), or "" */
	const char *group_type;          /* "classic", "consumer" (4.x), or NULL */
	int32_t coordinator;             /* broker id, or -1 */
	bool members_known;              /* described (or Empty): n_members is
					  * right; false for a coordinator that
					  * did not answer, or a KIP-848 group
					  * DescribeGroups cannot describe */
	int n_members;
	const kd_group_member *members;
	int n_topics;
	const char *const *topics;       /* sorted: committed or assigned */
	int n_partitions;
	const kd_group_partition *partitions; /* sorted by topic, partition */
	lag_group_result eval;           /* status, total lag, eta, rates */
	kd_history lag_history;          /* total lag per poll, oldest first,
					  * -1 where unknown */
	const char *error;               /* why something is missing, or NULL */
} kd_group;

typedef struct kd_groups {
	int n_groups;
	const kd_group *groups;          /* sorted by id */
	lag_config config;               /* the rules the statuses came from */
	bool stable;                     /* lag against the last stable offset */
	int n_coordinators;              /* brokers that coordinate a group */
	int requests;                    /* wire requests the groups took */
	int64_t poll_ms;                 /* time they took */
} kd_groups;

/* ---- lookups (anyone) -------------------------------------------------- */

const kd_group *groups_find(const kd_groups *g, const char *id);
const kd_group_partition *groups_find_partition(const kd_group *g, const char *topic,
						int32_t partition);
const kd_group_member *groups_member_of(const kd_group *g, const kd_group_partition *p);

/* One group's share of a topic: what the Topics pane shows for it. */
typedef struct kd_topic_group {
	const kd_group *group;
	int n_partitions;                /* of this topic */
	int n_assigned;                  /* of them owned by a member */
	int64_t lag;                     /* sum of known lags, or KD_UNKNOWN */
	double lag_s;                    /* largest partition lag_s */
	double eta_s;
	lag_status status;               /* worst partition's */
} kd_topic_group;

/* The groups with an offset on or an assignment of topic, in id order,
 * allocated in a.  Returns how many. */
int groups_of_topic(const kd_groups *g, const char *topic, kd_arena *a,
		    kd_topic_group **out);

#endif
