/*
 * demo_model.h: what the demo cluster would be if it were a real one, for
 * the requests librdkafka's mock cluster does not answer (demo_proxy.c
 * answers them from here).  It knows the topology (learnt from the
 * Metadata answers that pass through the proxies), how much each
 * partition's leader wrote (the demo producer's delivery reports), how far
 * each follower is, which brokers are down, the KRaft quorum and a few
 * consumer groups whose consumers it simulates, and one partition it
 * reassigns on a loop (the mover, below).  demo.c drives it: one tick
 * every 200 ms, the incident script's steps and the moves' starts.
 *
 * Used only by the demo (demo*.c); the real collector never sees it except
 * through the bytes the proxies write.  Readers lock it, read the fields
 * below, unlock.
 */
#ifndef KDECK_DEMO_MODEL_H
#define KDECK_DEMO_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define DM_BROKERS 3            /* broker ids 1..DM_BROKERS */
#define DM_MAX_REPLICAS 8
#define DM_MAX_TOPICS 64
#define DM_MAX_GROUPS 16
#define DM_MAX_MEMBERS 4
#define DM_MAX_GROUP_PARTS 32

typedef struct dm_partition {
	int32_t id;
	int32_t leader;
	int32_t replicas[DM_MAX_REPLICAS];
	int n_replicas;
	int32_t preferred;              /* the first leader seen: where it goes back */
	int64_t hw;                     /* the leader's log end (delivery reports) */
	int64_t bytes;                  /* the leader's log size */
	double rate;                    /* messages/s, smoothed */
	int64_t rate_hw;                /* hw at the last rate sample */
	/* per broker id (index 1..DM_BROKERS): a follower's log end and when
	 * it was last caught up (for the ISR, as replica.lag.time.max.ms) */
	int64_t leo[DM_BROKERS + 1];
	int64_t caught_up_ms[DM_BROKERS + 1];
	/* the model chose its replicas and leader (the mover): Metadata
	 * presents these, not the mock's */
	bool own;
	int32_t adding;                 /* a replica still copying (not in the ISR), or 0 */
} dm_partition;

typedef struct dm_topic {
	char name[250];
	bool internal;
	int min_isr;
	int n_parts;
	dm_partition *parts;
} dm_topic;

typedef enum dm_kind {
	DM_FAST,                /* commits the high watermark every second */
	DM_SLOW,                /* reads slower than the producer, then catches up */
	DM_STOPPED,             /* Empty: no member, offsets frozen */
} dm_kind;

typedef struct dm_member {
	char member_id[80];
	char client_id[48];
	char host[32];
	int32_t parts[DM_MAX_GROUP_PARTS];      /* of the group's topic */
	int n_parts;
	bool stalled;           /* the incident: it stopped committing */
} dm_member;

typedef struct dm_group {
	char id[128];
	bool kip848;            /* type "consumer" (ConsumerGroupDescribe) */
	dm_kind kind;
	int coordinator;        /* preferred coordinator; another if it is down */
	char topic[250];
	int n_parts;            /* partitions it has offsets for */
	int64_t committed[DM_MAX_GROUP_PARTS];
	double pos[DM_MAX_GROUP_PARTS];         /* a slow consumer's position */
	dm_member members[DM_MAX_MEMBERS];
	int n_members;
	int epoch;
} dm_group;

/* The partition the demo reassigns.  The proxies present it with two of
 * the three brokers (the mock's RF 3 stays hidden): `stay` and another.
 * Each move adds the third broker and removes the other one; the new
 * replica copies the leader's log in about DM_MOVE_COPY_MS of its time
 * (not while its broker is down or lagging), joins the ISR, and the
 * move ends: the leader leaves the removed replica if it was there. */
#define DM_MOVE_COPY_MS 60000
typedef struct dm_mover {
	char topic[250];
	int32_t partition;
	int32_t stay;           /* keeps its replica (the preferred leader after a move) */
	int32_t first;          /* the other replica before the first move */
	bool active;            /* a move is under way */
	int32_t target[2];      /* the replicas after it */
	int32_t removing;
	int64_t copy_ms;        /* how long the new replica copied */
	double copied;          /* its log end, in messages */
	int64_t caught_ms;      /* when it joined the ISR */
	int64_t started_ms, ended_ms;
	int moves;              /* started so far */
	int32_t new_leader;     /* a leader the mock must take too, or -1 */
} dm_mover;

typedef struct demo_model {
	pthread_mutex_t lock;
	int64_t start_ms;
	int64_t last_tick_ms;
	int64_t last_commit_ms;
	bool up[DM_BROKERS + 1];
	bool lagging[DM_BROKERS + 1];   /* its followers stop fetching */
	dm_topic topics[DM_MAX_TOPICS];
	int n_topics;
	dm_group groups[DM_MAX_GROUPS];
	int n_groups;
	/* the KRaft quorum: voters 1..DM_BROKERS (combined mode) */
	int quorum_leader;
	int quorum_epoch;
	int64_t quorum_leo[DM_BROKERS + 1];
	int64_t quorum_fetch_ms[DM_BROKERS + 1];
	dm_mover mover;
} demo_model;

demo_model *demo_model_new(void);
void demo_model_free(demo_model *m);
void demo_model_lock(demo_model *m);
void demo_model_unlock(demo_model *m);

/* The demo producer's delivery report: the leader wrote this record. */
void demo_model_delivered(demo_model *m, const char *topic, int32_t partition,
			  int64_t offset, int64_t bytes);
/* A partition as Metadata lists it (learnt on the way through a proxy).
 * Called with the model locked. */
void demo_model_learn(demo_model *m, const char *topic, bool internal, int32_t partition,
		      int32_t leader, const int32_t *replicas, int n_replicas);
/* Advance followers, consumers and the quorum to now. */
void demo_model_tick(demo_model *m, int64_t now_ms);

/* Locked helpers for the proxies and the incident script. */
dm_topic *demo_model_topic(demo_model *m, const char *name);
dm_partition *demo_model_partition(demo_model *m, const char *topic, int32_t p);
dm_group *demo_model_group(demo_model *m, const char *id);
bool demo_model_in_isr(const demo_model *m, const dm_partition *p, int32_t broker, int64_t now);
bool demo_model_hosts(const dm_partition *p, int32_t broker);
/* Where a group's offsets are kept now: its preferred broker, or the next
 * one up. */
int demo_model_coordinator(const demo_model *m, const dm_group *g);
const char *demo_model_group_state(const dm_group *g);
/* A group that only committed offsets (OffsetCommit for a new id). */
dm_group *demo_model_add_empty_group(demo_model *m, const char *id);
/* Set a broker up or down (its quorum voter too). */
void demo_model_set_up(demo_model *m, int broker, bool up);
void demo_model_set_lagging(demo_model *m, int broker, bool lagging);
/* The incident's stalled consumer: one member of the fast group. */
void demo_model_set_stalled(demo_model *m, bool stalled);

/* The mover: start a move now.  False when one is under way or the
 * partition is not known yet. */
bool demo_model_move_start(demo_model *m, int64_t now_ms);
/* Locked: the mover's partition when a move is under way (what
 * ListPartitionReassignments lists), else NULL. */
const dm_partition *demo_model_moving(const demo_model *m);
/* A leader the model gave the mover's partition that the mock must take
 * too (the producer writes to the mock's leader): true once per change. */
bool demo_model_take_leader(demo_model *m, char *topic, size_t topic_len, int32_t *partition,
			    int32_t *leader);

#endif
