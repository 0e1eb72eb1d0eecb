/*
 * snapshot.h: one immutable picture of a cluster, as the collector saw it.
 *
 * The collector builds a snapshot per poll and publishes it; after that no
 * one writes to it.  Panes and the JSON writer take a const snapshot.  All
 * memory of a snapshot lives in its arena, so freeing it is one call.
 * Numbers that were not measured are KD_UNKNOWN (-1), never 0: a zero rate
 * and an unknown rate mean different things to an operator.
 */
#ifndef KDECK_SNAPSHOT_H
#define KDECK_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define KD_UNKNOWN (-1)

/* a + b for counts and sizes a broker reports, b >= 0: saturates at
 * INT64_MAX instead of overflowing (hostile or absurd values). */
static inline int64_t kd_sat_add(int64_t a, int64_t b)
{
	if (b < 0)
		return a;
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* A short history of one number, oldest first, for sparklines. */
#define KD_HISTORY 32
/* Bounds on what one metadata answer may put in a snapshot: replicas per
 * partition (real clusters have under ten), brokers that only replica
 * lists name, and errors kept. */
#define KD_REPLICAS_MAX 256
#define KD_UNLISTED_BROKERS_MAX 1024
#define KD_ERRORS_MAX 64
typedef struct kd_history {
	int n;
	double v[KD_HISTORY];
} kd_history;

/* A broker as the dashboard shows it.  A broker that metadata no longer
 * lists but that replica lists still name (or that an earlier poll saw) is
 * kept with up = false: a fenced broker is down, not forgotten. */
typedef struct kd_broker {
	int32_t id;
	const char *host;        /* last known; "" if never seen */
	int port;                /* last known; 0 if never seen */
	const char *rack;        /* NULL when unknown (needs the wire Metadata) */
	bool up;
	bool is_controller;      /* active KRaft controller / metadata controller */
	int leaders;             /* partitions it leads */
	int replicas;            /* replicas it hosts */
	double msgs_in_rate;     /* msgs/s into partitions it leads, or KD_UNKNOWN */
	double bytes_in_rate;    /* bytes/s, from log size deltas, or KD_UNKNOWN */
	int64_t log_bytes;       /* sum of its replicas' sizes, or KD_UNKNOWN */
	int64_t disk_total;      /* log dir total bytes, or KD_UNKNOWN */
	int64_t disk_usable;     /* log dir usable bytes, or KD_UNKNOWN */
	bool responsive;         /* answered kdeck's requests this poll */
	kd_history msgs_history; /* msgs in/s over recent polls */
	kd_history bytes_history;
	unsigned na;             /* KD_NA_* features this broker cannot serve */
	/* Replication throttles set on it (leader. / follower.replication.
	 * throttled.rate), bytes/s; KD_UNKNOWN when none is set. */
	int64_t leader_throttle, follower_throttle;
	int preferred_leaders;   /* partitions whose first replica it is */
} kd_broker;

/* Features a broker may lack a request version for: shown as "n/a". */
enum {
	KD_NA_LOGDIRS = 1 << 0,  /* DescribeLogDirs: sizes, disk */
	KD_NA_OFFSETS = 1 << 1,  /* ListOffsets: watermarks, LEOs */
	KD_NA_QUORUM = 1 << 2,   /* DescribeQuorum */
	KD_NA_GROUPS = 1 << 3,   /* consumer group requests */
	KD_NA_CONFIGS = 1 << 4,  /* DescribeConfigs: min.insync.replicas */
	KD_NA_REASSIGN = 1 << 5, /* ListPartitionReassignments */
};

/* One replica of a partition, as its broker reported it. */
typedef struct kd_replica_state {
	int32_t broker;
	int64_t size;            /* bytes on disk, or KD_UNKNOWN */
	int64_t leo;             /* log end offset, or KD_UNKNOWN */
	int64_t lag_offsets;     /* leader's LEO - this LEO (0 for the leader) */
	int64_t lag_bytes;       /* leader's size - this size, or KD_UNKNOWN */
	bool in_isr;
	bool stale;              /* its broker did not answer this poll: the
				  * size and LEO are the last ones known */
	int64_t out_of_isr_ms;   /* wall clock when it left the ISR, or KD_UNKNOWN */
} kd_replica_state;

typedef struct kd_partition {
	int32_t id;
	int32_t leader;          /* -1: no leader (offline) */
	int32_t leader_epoch;    /* or KD_UNKNOWN */
	int n_replicas, n_isr, n_offline;
	const int32_t *replicas;
	const int32_t *isr;
	const int32_t *offline;  /* replicas on brokers that are not up */
	int64_t low, high;       /* watermarks, or KD_UNKNOWN */
	int64_t size;            /* leader replica's bytes, or KD_UNKNOWN */
	double msgs_rate;        /* msgs/s from high-watermark deltas, or KD_UNKNOWN */
	double bytes_rate;       /* bytes/s from leader size deltas, or KD_UNKNOWN */
	int err;                 /* Kafka error code from metadata, 0 if none */
	const kd_replica_state *rstate; /* n_replicas entries, or NULL */
} kd_partition;

static inline bool kd_partition_under_replicated(const kd_partition *p)
{
	return p->leader >= 0 && p->n_isr < p->n_replicas;
}

/* Writes with acks=all fail: the ISR is smaller than min.insync.replicas
 * (min_isr 0: not known, never). */
static inline bool kd_partition_under_min_isr(const kd_partition *p, int min_isr)
{
	return min_isr > 0 && p->leader >= 0 && p->n_isr < min_isr;
}

static inline bool kd_partition_offline(const kd_partition *p)
{
	return p->leader < 0;
}

typedef struct kd_topic {
	const char *name;
	uint8_t id[16];          /* topic id, all zero when unknown */
	bool internal;           /* __consumer_offsets, __transaction_state, ... */
	int err;                 /* Kafka error code from metadata */
	int n_partitions;
	kd_partition *partitions; /* sorted by id */
	int under_replicated, offline;
	int min_isr;             /* min.insync.replicas, 0 when not known */
	int under_min_isr;       /* partitions whose ISR is below min_isr */
	/* {leader,follower}.replication.throttled.replicas, NULL when not set */
	const char *leader_throttled, *follower_throttled;
	int64_t messages;        /* sum of high - low where known */
	int64_t size;            /* or KD_UNKNOWN */
	double msgs_rate;        /* or KD_UNKNOWN */
	double bytes_rate;       /* or KD_UNKNOWN */
	kd_history msgs_history; /* msgs/s over recent polls */
	kd_history bytes_history;
} kd_topic;

/* A partition being reassigned (ListPartitionReassignments), with its
 * progress from the log-dir sizes of the replicas being added. */
typedef struct kd_reassignment {
	const char *topic;
	int32_t partition;
	int n_replicas, n_adding, n_removing;
	const int32_t *replicas, *adding, *removing;
	int64_t bytes_total;     /* leader's size x replicas added, or KD_UNKNOWN */
	int64_t bytes_copied;    /* what the added replicas hold, or KD_UNKNOWN */
	double rate;             /* bytes/s copied since the last poll, or KD_UNKNOWN */
	int64_t eta_ms;          /* at that rate, or KD_UNKNOWN */
	int64_t since_ms;        /* wall clock when kdeck first saw it */
	/* No longer listed: it finished (or was cancelled) at done_ms; kept
	 * for KD_REASSIGN_DONE_KEEP_MS so that the operator sees the end. */
	bool done;
	bool cancelled;          /* done, but back on its old replicas */
	int64_t done_ms;
} kd_reassignment;
#define KD_REASSIGN_DONE_KEEP_MS (10 * 60 * 1000)

/* Amazon MSK's control plane, as the MSK watcher last read it
 * (msk_watch.h): what AWS says about the cluster, its broker nodes and
 * the operations in progress.  NULL in a snapshot of a cluster that is
 * not watched as MSK. */
typedef struct kd_msk_node {
	int32_t broker_id;
	const char *az, *subnet, *instance_type, *endpoint;   /* may be NULL */
} kd_msk_node;

typedef struct kd_msk_op {
	const char *type, *state, *start, *step;               /* step may be NULL */
	const char *end;                                       /* NULL while it runs */
} kd_msk_op;

typedef struct kd_msk {
	const char *name, *arn, *state, *type, *kafka_version, *instance_type;
	int brokers;                     /* or KD_UNKNOWN */
	int64_t storage_gb;              /* per broker, or KD_UNKNOWN */
	int n_zones, n_auth;
	const char **zones, **auth;
	int n_nodes;
	const kd_msk_node *nodes;
	int n_ops;                       /* in progress only */
	const kd_msk_op *ops;
	int n_history;                   /* every one listed, newest first */
	const kd_msk_op *history;
	const char *auth_used;           /* "iam", "scram", ... */
	int64_t read_ms;                 /* when AWS last answered, 0: never */
	const char *error;               /* the last call's failure, or NULL */
	bool throttled;                  /* AWS said 429: polling backs off */
} kd_msk;

/* What changed between two polls (src/events.c), and alerts that fired or
 * resolved (src/alerts.c).  Kinds are data: events_kind_name() gives the
 * stable name ("broker-down") used in the JSON, recordings and filters. */
typedef enum kd_event_kind {
	KD_EV_BROKER_DOWN, KD_EV_BROKER_UP,
	KD_EV_CONTROLLER,          /* controller (or quorum leader) changed */
	KD_EV_QUORUM_LEADER,
	KD_EV_LEADER,              /* a partition's leader moved */
	KD_EV_ISR_SHRINK, KD_EV_ISR_EXPAND,
	KD_EV_OFFLINE, KD_EV_ONLINE,
	KD_EV_UNDER_MIN_ISR, KD_EV_MIN_ISR_OK,
	KD_EV_TOPIC_CREATED, KD_EV_TOPIC_DELETED, KD_EV_PARTITIONS_ADDED,
	KD_EV_CONFIG_CHANGED,
	KD_EV_REASSIGN_STARTED, KD_EV_REASSIGN_FINISHED,
	KD_EV_GROUP_STATE,         /* Stable -> PreparingRebalance ... */
	KD_EV_GROUP_STATUS,        /* OK -> STALL ... (lag_eval) */
	KD_EV_ALERT_FIRED, KD_EV_ALERT_RESOLVED,
	KD_EV_N
} kd_event_kind;

typedef enum kd_severity {
	KD_SEV_INFO, KD_SEV_WARNING, KD_SEV_CRITICAL
} kd_severity;

typedef struct kd_event {
	int64_t ms;                /* wall clock of the poll that saw it */
	kd_event_kind kind;
	kd_severity severity;      /* how bad (broker down: critical) */
	/* The object, for Enter in the Events pane; unused ones NULL / -1. */
	const char *topic;
	int32_t partition;
	int32_t broker;
	const char *group;
	const char *text;          /* one line: "broker 2 down (rack b)" */
} kd_event;

/* An alert rule firing now (src/alerts.c). */
typedef struct kd_alert {
	const char *rule;          /* its [alert NAME] */
	kd_severity severity;
	int64_t since_ms;          /* wall clock it fired */
	const char *text;          /* "under-replicated 4 > 0", "iot.temperature: key=s1 value.temperature=91.5" */
	const char *topic;         /* the object, or NULL / -1 */
	int32_t partition;
	int32_t broker;
	const char *group;
} kd_alert;

/* KRaft quorum as DescribeQuorum reports it. */
typedef struct kd_voter {
	int32_t id;
	int64_t log_end_offset;
	int64_t last_fetch_ms;   /* wall clock ms, or KD_UNKNOWN */
	int64_t last_caught_up_ms;
	bool observer;
} kd_voter;

typedef struct kd_quorum {
	bool known;
	int32_t leader;
	int32_t epoch;
	int64_t high_watermark;
	int n_voters;
	kd_voter *voters;        /* voters first, then observers */
} kd_quorum;

typedef struct kd_snapshot {
	kd_arena arena;
	int refs;                /* the collector's bookkeeping; no one else's */
	uint64_t seq;            /* 1, 2, ... per collector */
	int64_t taken_ms;        /* wall clock when the poll started */
	int64_t mono_ms;         /* monotonic clock then, for rates */
	int64_t poll_ms;         /* how long the poll took */
	int64_t interval_ms;     /* the collector's interval */
	bool connected;          /* metadata answered in this poll */
	const char *bootstrap;
	const char *cluster_id;  /* NULL when unknown */
	int32_t controller_id;   /* -1 when unknown */

	int n_brokers;
	kd_broker *brokers;      /* sorted by id */
	int n_topics;
	kd_topic *topics;        /* sorted by name */
	kd_quorum quorum;
	unsigned na;             /* KD_NA_* features the cluster cannot serve */
	const struct kd_groups *groups; /* consumer groups (src/groups_model.h), or NULL */
	const kd_msk *msk;       /* Amazon MSK's control plane, or NULL */
	uint64_t requests;       /* kdeck wire requests sent by this poll */
	bool reassign_known;     /* ListPartitionReassignments answered */
	int n_reassignments;     /* moving now (done ones not counted) */
	int n_reassign_rows;     /* moving and recently done */
	kd_reassignment *reassignments; /* n_reassign_rows, sorted by (topic, partition) */
	int throttles;           /* brokers and topics with a replication throttle */
	int leader_skew;         /* partitions led by another than the preferred */

	/* totals */
	int brokers_up;
	int n_partitions;
	int under_replicated;
	int under_min_isr;
	int offline;
	double msgs_rate;        /* or KD_UNKNOWN */
	double bytes_rate;       /* or KD_UNKNOWN */
	kd_history msgs_history; /* cluster msgs/s over recent polls */
	kd_history bytes_history;

	/* Errors of this poll, as human sentences ("metadata: ..."). */
	int n_errors;
	const char **errors;
	const char *last_error;  /* newest error of any earlier poll, or NULL */
	int64_t last_error_ms;
	int64_t last_ok_ms;      /* when a poll last reached the cluster */
	/* No broker answered this poll: since when (wall ms) kdeck has not
	 * reached the cluster; 0 while it does.  The UI then shows the last
	 * good data as stale and every broker as not answering. */
	int64_t unreachable_since_ms;

	/* The events of this session, newest first (at most KD_EVENTS_KEEP;
	 * events_total counts every one), and the alerts firing now, the
	 * worst first. */
	int n_events;
	const kd_event *events;
	uint64_t events_total;
	int n_alerts;
	const kd_alert *alerts;
	/* A snapshot read back from a recording (kdeck --replay): changes are
	 * refused, the header shows the recording's time. */
	bool replayed;
} kd_snapshot;
#define KD_EVENTS_KEEP 1000

/* ---- building (collector side) ---------------------------------------- */

/* One broker as metadata listed it. */
typedef struct kd_meta_broker {
	int32_t id;
	const char *host;
	int port;
	const char *rack;        /* may be NULL */
} kd_meta_broker;

typedef struct kd_meta_partition {
	int32_t id;
	int32_t leader;
	int32_t leader_epoch;
	int err;
	int n_replicas, n_isr, n_offline;
	const int32_t *replicas, *isr, *offline; /* offline may be NULL */
} kd_meta_partition;

typedef struct kd_meta_topic {
	const char *name;
	const uint8_t *id;       /* 16 bytes or NULL */
	int err;
	bool internal;
	int n_partitions;
	const kd_meta_partition *partitions;
} kd_meta_topic;

/* What one Metadata round returned, in the builder's neutral form, so that
 * librdkafka's metadata and kdeck's own wire Metadata feed the same code. */
typedef struct kd_metadata {
	const char *cluster_id;
	int32_t controller_id;
	int n_brokers;
	const kd_meta_broker *brokers;
	int n_topics;
	const kd_meta_topic *topics;
} kd_metadata;

kd_snapshot *snapshot_new(void);
void snapshot_free(kd_snapshot *s);

/* Fill brokers, topics and partitions from metadata.  known_brokers lists
 * brokers seen in earlier snapshots (may be NULL) so that a broker that
 * disappeared is kept as down with its last host and port. */
void snapshot_set_metadata(kd_snapshot *s, const kd_metadata *md,
			   const kd_snapshot *known_brokers);

/* Record watermarks of one partition; unknown topic/partition is ignored. */
void snapshot_set_watermarks(kd_snapshot *s, const char *topic, int32_t part,
			     int64_t low, int64_t high);

void snapshot_add_error(kd_snapshot *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Recompute per-broker, per-topic and cluster totals from partitions. */
void snapshot_finish(kd_snapshot *s);

/* ---- lookups (anyone) -------------------------------------------------- */

const kd_topic *snapshot_topic(const kd_snapshot *s, const char *name);
kd_topic *snapshot_topic_mut(kd_snapshot *s, const char *name);
const kd_broker *snapshot_broker(const kd_snapshot *s, int32_t id);
const kd_partition *snapshot_partition(const kd_snapshot *s, const char *topic,
				       int32_t part);
bool kd_topic_is_internal_name(const char *name);

#endif
