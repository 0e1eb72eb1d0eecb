/*
 * groups_poll_int.h: the groups poller's state, shared by groups_state.c
 * (windows, evaluation, the snapshot's groups: no I/O) and groups_poll.c
 * (the requests).  Not part of the module's interface.
 */
#ifndef KDECK_GROUPS_POLL_INT_H
#define KDECK_GROUPS_POLL_INT_H

#include "groups_poll.h"

/* One (topic, partition) of a group, kept across polls. */
typedef struct gp_part {
	char *topic;
	int32_t partition;
	lag_window *win;
} gp_part;

typedef struct gp_group {
	struct gp_group *next;           /* hash chain */
	char *id;
	int32_t coordinator;             /* last known, -1 */
	uint64_t listed_poll;            /* last poll a coordinator listed it */
	lag_trend trend;
	gp_part *parts;                  /* sorted by topic, partition */
	int n_parts;
	int units;                       /* members + partitions, last poll */

	/* this poll (pointers into responses that live until the build) */
	bool kept;                       /* coordinator failed: shown from
					  * what is known, offsets unknown */
	bool fetch_done;                 /* OffsetFetch answered for it */
	const wire_listed_group *listed;
	const wire_described_group *desc;
	const wire_offsetfetch_group *offsets;
	const char *error;               /* in the poller's tmp arena */
} gp_group;

typedef struct gp_stable {
	const char *topic;
	int32_t partition;
	int64_t offset;
} gp_stable;

struct groups_poller {
	groups_config cfg;
	gp_group **slots;
	size_t n_slots, n_groups;
	uint64_t poll;
	kd_arena tmp;                    /* this poll's responses and notes */
	kd_snapshot *s;                  /* between begin and build */
	int32_t *failed;                 /* brokers whose ListGroups failed */
	int n_failed, cap_failed;
	gp_stable *stable;               /* last stable offsets, this poll */
	int n_stable, cap_stable;
	bool stable_sorted;
	size_t mem;                      /* bytes held across polls */
	int requests;                    /* set by groups_poll.c */
	int64_t net_ms;
};

gp_group *gp_lookup(groups_poller *gp, const char *id);
gp_group *gp_get(groups_poller *gp, const char *id);      /* creates */
bool gp_broker_failed(const groups_poller *gp, int32_t broker);
/* Note an error for a group this poll (the first one stays). */
void gp_group_error(groups_poller *gp, gp_group *g, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Call fn for every group in the poller. */
void gp_each(groups_poller *gp, void (*fn)(groups_poller *gp, gp_group *g, void *ctx),
	     void *ctx);

#endif
