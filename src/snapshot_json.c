/* snapshot_json.c: see snapshot_json.h. */
#include "config.h"

#include "snapshot_json.h"
#include "json_text.h"

#include "events.h"
#include "groups_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *num_or_null(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

static json_t *int_or_null(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *str_or_null(const char *s)
{
	return json_text(s);
}

static json_t *id_list(const int32_t *ids, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* A sparkline's history, oldest first (recordings only). */
static json_t *history_json(const kd_history *h)
{
	json_t *a = json_array();
	for (int i = 0; i < h->n && i < KD_HISTORY; i++)
		json_array_append_new(a, json_real(h->v[i]));
	return a;
}

/* The KD_NA_* features as names: what "n/a" means in the UI. */
static json_t *na_json(unsigned na)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{KD_NA_LOGDIRS, "log_dirs"}, {KD_NA_OFFSETS, "offsets"},
		{KD_NA_QUORUM, "quorum"}, {KD_NA_GROUPS, "groups"},
		{KD_NA_CONFIGS, "configs"}, {KD_NA_REASSIGN, "reassignments"},
	};
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (na & names[i].bit)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

static json_t *broker_json(const kd_broker *b, unsigned flags)
{
	json_t *o = json_pack("{s:i, s:o, s:i, s:o, s:b, s:b, s:i, s:i, s:o, s:o, s:o, s:o, s:o}",
			 "id", (int)b->id, "host", json_text0(b->host), "port", b->port,
			 "rack", str_or_null(b->rack), "up", b->up,
			 "controller", b->is_controller, "leaders", b->leaders,
			 "replicas", b->replicas,
			 "msgs_in_per_sec", num_or_null(b->msgs_in_rate),
			 "bytes_in_per_sec", num_or_null(b->bytes_in_rate),
			 "log_bytes", int_or_null(b->log_bytes),
			 "disk_total_bytes", int_or_null(b->disk_total),
			 "disk_usable_bytes", int_or_null(b->disk_usable));
	json_object_set_new(o, "responsive", json_boolean(b->responsive));
	json_object_set_new(o, "unavailable", na_json(b->na));
	json_object_set_new(o, "preferred_leaders", json_integer(b->preferred_leaders));
	json_object_set_new(o, "leader_throttle", int_or_null(b->leader_throttle));
	json_object_set_new(o, "follower_throttle", int_or_null(b->follower_throttle));
	if (flags & SNAPSHOT_JSON_RECORD) {
		json_object_set_new(o, "msgs_in_per_sec_history", history_json(&b->msgs_history));
		json_object_set_new(o, "bytes_in_per_sec_history", history_json(&b->bytes_history));
	}
	return o;
}

static json_t *strs_json(const char *const *v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_text0(v[i]));
	return a;
}

/* Amazon MSK's control plane (kdeck --msk), or null. */
static json_t *msk_json(const kd_msk *m)
{
	if (!m)
		return json_null();
	json_t *nodes = json_array(), *ops = json_array(), *hist = json_array();
	for (int i = 0; i < m->n_nodes; i++) {
		const kd_msk_node *n = &m->nodes[i];
		json_array_append_new(nodes, json_pack("{s:i, s:o, s:o, s:o, s:o}",
			"broker_id", (int)n->broker_id, "az", str_or_null(n->az),
			"subnet", str_or_null(n->subnet),
			"instance_type", str_or_null(n->instance_type),
			"endpoint", str_or_null(n->endpoint)));
	}
	for (int i = 0; i < m->n_ops; i++) {
		const kd_msk_op *o = &m->ops[i];
		json_array_append_new(ops, json_pack("{s:o, s:o, s:o, s:o}",
			"type", str_or_null(o->type), "state", str_or_null(o->state),
			"start", str_or_null(o->start), "step", str_or_null(o->step)));
	}
	for (int i = 0; i < m->n_history; i++) {
		const kd_msk_op *o = &m->history[i];
		json_array_append_new(hist, json_pack("{s:o, s:o, s:o, s:o, s:o}",
			"type", str_or_null(o->type), "state", str_or_null(o->state),
			"start", str_or_null(o->start), "end", str_or_null(o->end),
			"step", str_or_null(o->step)));
	}
	json_t *j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"name", str_or_null(m->name), "arn", str_or_null(m->arn),
		"type", str_or_null(m->type), "state", str_or_null(m->state),
		"kafka_version", str_or_null(m->kafka_version),
		"instance_type", str_or_null(m->instance_type),
		"brokers", m->brokers >= 0 ? json_integer(m->brokers) : json_null(),
		"storage_gb", int_or_null(m->storage_gb));
	json_object_set_new(j, "zones", strs_json(m->zones, m->n_zones));
	json_object_set_new(j, "auth", strs_json(m->auth, m->n_auth));
	json_object_set_new(j, "auth_used", str_or_null(m->auth_used));
	json_object_set_new(j, "nodes", nodes);
	json_object_set_new(j, "operations", ops);
	json_object_set_new(j, "recent_operations", hist);
	json_object_set_new(j, "read_ms", m->read_ms ? json_integer(m->read_ms) : json_null());
	json_object_set_new(j, "error", str_or_null(m->error));
	json_object_set_new(j, "throttled", json_boolean(m->throttled));
	return j;
}

static json_t *reassignments_json(const kd_snapshot *s, unsigned flags)
{
	if (!s->reassign_known)
		return json_null();
	json_t *a = json_array();
	for (int i = 0; i < s->n_reassign_rows; i++) {
		const kd_reassignment *r = &s->reassignments[i];
		json_t *o = json_pack("{s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"topic", json_text0(r->topic), "partition", (int)r->partition,
			"replicas", id_list(r->replicas, r->n_replicas),
			"adding", id_list(r->adding, r->n_adding),
			"removing", id_list(r->removing, r->n_removing),
			"bytes_copied", int_or_null(r->bytes_copied),
			"bytes_total", int_or_null(r->bytes_total),
			"bytes_per_sec", num_or_null(r->rate),
			"eta_ms", int_or_null(r->eta_ms),
			"state", json_string(!r->done ? "moving" : r->cancelled ? "cancelled" : "done"));
		if (flags & SNAPSHOT_JSON_RECORD) {
			json_object_set_new(o, "since_ms", json_integer((json_int_t)r->since_ms));
			json_object_set_new(o, "done_ms", json_integer((json_int_t)r->done_ms));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *replica_states_json(const kd_partition *p)
{
	if (!p->rstate)
		return json_null();
	json_t *a = json_array();
	for (int i = 0; i < p->n_replicas; i++) {
		const kd_replica_state *r = &p->rstate[i];
		json_array_append_new(a, json_pack("{s:i, s:o, s:o, s:o, s:o, s:b, s:b, s:o}",
			"broker", (int)r->broker, "size", int_or_null(r->size),
			"log_end_offset", int_or_null(r->leo),
			"lag_offsets", int_or_null(r->lag_offsets),
			"lag_bytes", int_or_null(r->lag_bytes),
			"in_isr", r->in_isr, "stale", r->stale,
			"out_of_isr_since_ms", int_or_null(r->out_of_isr_ms)));
	}
	return a;
}

static json_t *partition_json(const kd_partition *p, int min_isr)
{
	json_t *o = json_pack("{s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
			      "id", (int)p->id, "leader", (int)p->leader,
			      "leader_epoch", int_or_null(p->leader_epoch),
			      "replicas", id_list(p->replicas, p->n_replicas),
			      "isr", id_list(p->isr, p->n_isr),
			      "offline_replicas", id_list(p->offline, p->n_offline),
			      "low", int_or_null(p->low), "high", int_or_null(p->high),
			      "size", int_or_null(p->size),
			      "msgs_per_sec", num_or_null(p->msgs_rate),
			      "bytes_per_sec", num_or_null(p->bytes_rate),
			      "under_replicated", kd_partition_under_replicated(p),
			      "offline", kd_partition_offline(p));
	json_object_set_new(o, "under_min_isr",
			    json_boolean(kd_partition_under_min_isr(p, min_isr)));
	json_object_set_new(o, "error", p->err ? json_integer(p->err) : json_null());
	json_object_set_new(o, "replica_states", replica_states_json(p));
	return o;
}

static json_t *topic_json(const kd_topic *t, unsigned flags)
{
	static const uint8_t zero[16];
	char idhex[33];
	json_t *parts = json_array();

	for (int i = 0; i < 16; i++)
		snprintf(idhex + 2 * i, 3, "%02x", t->id[i]);
	for (int p = 0; p < t->n_partitions; p++)
		json_array_append_new(parts, partition_json(&t->partitions[p], t->min_isr));
	json_t *o = json_pack("{s:o, s:o, s:b, s:o, s:i, s:i, s:i, s:I, s:o, s:o, s:o, s:o}",
			 "name", json_text0(t->name),
			 "id", memcmp(t->id, zero, 16) ? json_string(idhex) : json_null(),
			 "internal", t->internal,
			 "error", t->err ? json_integer(t->err) : json_null(),
			 "partition_count", t->n_partitions,
			 "under_replicated", t->under_replicated,
			 "offline", t->offline,
			 "messages", (json_int_t)t->messages,
			 "size", int_or_null(t->size),
			 "msgs_per_sec", num_or_null(t->msgs_rate),
			 "bytes_per_sec", num_or_null(t->bytes_rate),
			 "partitions", parts);
	/* min.insync.replicas: null until kdeck has read it (a slow refresh) */
	json_object_set_new(o, "min_insync_replicas", t->min_isr > 0 ? json_integer(t->min_isr)
								 : json_null());
	json_object_set_new(o, "under_min_isr", json_integer(t->under_min_isr));
	json_object_set_new(o, "leader_throttled_replicas", str_or_null(t->leader_throttled));
	json_object_set_new(o, "follower_throttled_replicas", str_or_null(t->follower_throttled));
	if (flags & SNAPSHOT_JSON_RECORD) {
		json_object_set_new(o, "msgs_per_sec_history", history_json(&t->msgs_history));
		json_object_set_new(o, "bytes_per_sec_history", history_json(&t->bytes_history));
	}
	return o;
}

static json_t *quorum_json(const kd_quorum *q)
{
	if (!q->known)
		return json_null();
	json_t *voters = json_array(), *observers = json_array();
	for (int i = 0; i < q->n_voters; i++) {
		const kd_voter *v = &q->voters[i];
		json_array_append_new(v->observer ? observers : voters,
			json_pack("{s:i, s:o, s:o, s:o}", "id", (int)v->id,
				  "log_end_offset", int_or_null(v->log_end_offset),
				  "last_fetch_ms", int_or_null(v->last_fetch_ms),
				  "last_caught_up_ms", int_or_null(v->last_caught_up_ms)));
	}
	return json_pack("{s:i, s:i, s:o, s:o, s:o}", "leader", (int)q->leader,
			 "epoch", (int)q->epoch, "high_watermark", int_or_null(q->high_watermark),
			 "voters", voters, "observers", observers);
}

static json_t *snapshot_to_json(const kd_snapshot *s, unsigned flags)
{
	json_t *brokers = json_array(), *topics = json_array(), *errors = json_array();
	json_t *history = json_array();

	for (int i = 0; i < s->n_brokers; i++)
		json_array_append_new(brokers, broker_json(&s->brokers[i], flags));
	for (int i = 0; i < s->n_topics; i++)
		json_array_append_new(topics, topic_json(&s->topics[i], flags));
	for (int i = 0; i < s->n_errors; i++)
		json_array_append_new(errors, json_text0(s->errors[i]));
	for (int i = 0; i < s->msgs_history.n; i++)
		json_array_append_new(history, json_real(s->msgs_history.v[i]));

	json_t *totals = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:o}",
				   "brokers", s->n_brokers, "brokers_up", s->brokers_up,
				   "topics", s->n_topics, "partitions", s->n_partitions,
				   "under_replicated", s->under_replicated,
				   "under_min_isr", s->under_min_isr,
				   "offline", s->offline,
				   "msgs_per_sec", num_or_null(s->msgs_rate),
				   "bytes_per_sec", num_or_null(s->bytes_rate),
				   "msgs_per_sec_history", history);
	if (flags & SNAPSHOT_JSON_RECORD)
		json_object_set_new(totals, "bytes_per_sec_history", history_json(&s->bytes_history));
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "kdeck_version", PACKAGE_VERSION,
			 "seq", (json_int_t)s->seq,
			 "taken_ms", (json_int_t)s->taken_ms,
			 "poll_ms", (json_int_t)s->poll_ms,
			 "interval_ms", (json_int_t)s->interval_ms,
			 "connected", s->connected,
			 "bootstrap", json_text0(s->bootstrap),
			 "cluster_id", str_or_null(s->cluster_id),
			 "controller_id", s->controller_id >= 0 ? json_integer(s->controller_id) : json_null(),
			 "totals", totals, "brokers", brokers, "topics", topics,
			 "quorum", quorum_json(&s->quorum), "errors", errors);
}

/* The object an event or alert is about: only the keys that apply. */
static void object_json(json_t *o, const char *topic, int32_t partition, int32_t broker,
			const char *group)
{
	if (topic)
		json_object_set_new(o, "topic", json_text0(topic));
	if (topic && partition >= 0)
		json_object_set_new(o, "partition", json_integer(partition));
	if (broker >= 0)
		json_object_set_new(o, "broker", json_integer(broker));
	if (group)
		json_object_set_new(o, "group", json_text0(group));
}

static json_t *events_json(const kd_snapshot *s)
{
	json_t *a = json_array();
	for (int i = 0; i < s->n_events; i++) {
		const kd_event *e = &s->events[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "ms", (json_int_t)e->ms,
				      "kind", events_kind_name(e->kind),
				      "severity", events_severity_name(e->severity),
				      "text", json_text0(e->text));
		object_json(o, e->topic, e->partition, e->broker, e->group);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *alerts_json(const kd_snapshot *s)
{
	json_t *a = json_array();
	for (int i = 0; i < s->n_alerts; i++) {
		const kd_alert *al = &s->alerts[i];
		json_t *o = json_pack("{s:o, s:s, s:I, s:o}", "rule", json_text0(al->rule),
				      "severity", events_severity_name(al->severity),
				      "since_ms", (json_int_t)al->since_ms,
				      "text", json_text0(al->text));
		object_json(o, al->topic, al->partition, al->broker, al->group);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *snapshot_json_object(const kd_snapshot *s, unsigned flags)
{
	json_t *j = snapshot_to_json(s, flags);
	json_object_set_new(j, "requests", json_integer((json_int_t)s->requests));
	json_object_set_new(j, "unavailable", na_json(s->na));
	json_object_set_new(j, "groups", groups_json(s->groups));
	json_object_set_new(j, "reassignments", reassignments_json(s, flags));
	json_object_set_new(j, "msk", msk_json(s->msk));
	json_object_set_new(j, "leader_skew", json_integer(s->leader_skew));
	json_object_set_new(j, "throttles", json_integer(s->throttles));
	json_object_set_new(j, "unreachable_since_ms", s->unreachable_since_ms ?
			    json_integer((json_int_t)s->unreachable_since_ms) : json_null());
	json_object_set_new(j, "events_total", json_integer((json_int_t)s->events_total));
	json_object_set_new(j, "events", events_json(s));
	json_object_set_new(j, "alerts", alerts_json(s));
	if (s->replayed)
		json_object_set_new(j, "replayed", json_true());
	if (flags & SNAPSHOT_JSON_RECORD) {
		json_object_set_new(j, "last_error", str_or_null(s->last_error));
		json_object_set_new(j, "last_error_ms", json_integer((json_int_t)s->last_error_ms));
		json_object_set_new(j, "last_ok_ms", json_integer((json_int_t)s->last_ok_ms));
	}
	return j;
}

char *snapshot_json(const kd_snapshot *s)
{
	json_t *j = snapshot_json_object(s, 0);
	char *out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			       JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
	json_decref(j);
	return out;
}

int snapshot_json_write(const kd_snapshot *s, FILE *out)
{
	char *text = snapshot_json(s);
	if (!text)
		return -1;
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return 0;
}
