/* groups_json.c: see groups_json.h. */
#include "config.h"

#include "groups_json.h"
#include "json_text.h"

#include <math.h>
#include <stdio.h>

static json_t *int_or_null(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

static json_t *num_or_null(double v)
{
	return v < 0 || !isfinite(v) ? json_null() : json_real(v);
}

static json_t *str_or_null(const char *s)
{
	return json_text(s);
}

const char *groups_eta_text(double eta_s, char *buf, size_t len)
{
	if (eta_s == LAG_ETA_NEVER)
		return "never";
	if (eta_s < 0 || !isfinite(eta_s))
		return "unknown";
	long long s = (long long)(eta_s + 0.5);
	if (s < 60)
		snprintf(buf, len, "%llds", s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
	return buf;
}

static json_t *member_json(const kd_group_member *m)
{
	json_t *as = json_array();
	for (int t = 0; t < m->n_topics; t++) {
		json_t *parts = json_array();
		for (int p = 0; p < m->topics[t].n_partitions; p++)
			json_array_append_new(parts, json_integer(m->topics[t].partitions[p]));
		json_array_append_new(as, json_pack("{s:o, s:o}", "topic", json_text0(m->topics[t].topic),
						    "partitions", parts));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:i, s:o, s:o}",
			 "member_id", json_text0(m->member_id),
			 "instance_id", str_or_null(m->instance_id),
			 "client_id", json_text0(m->client_id),
			 "host", json_text0(m->host),
			 "partition_count", m->n_partitions,
			 "assignment", as,
			 "assignment_error", str_or_null(m->assignment_error));
}

static json_t *partition_json(const kd_group *g, const kd_group_partition *p)
{
	char buf[32];
	const kd_group_member *m = groups_member_of(g, p);
	return json_pack("{s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, "
			 "s:o, s:o, s:o}",
			 "topic", json_text0(p->topic), "partition", (int)p->partition,
			 "committed", int_or_null(p->committed),
			 "end", int_or_null(p->end),
			 "lag", int_or_null(p->lag),
			 "lag_s", num_or_null(p->lag_s),
			 "since_commit_ms", int_or_null(p->since_commit_ms),
			 "status", lag_status_name(p->status),
			 "consume_per_sec", num_or_null(p->consume_rate),
			 "produce_per_sec", num_or_null(p->produce_rate),
			 "catch_up_s", num_or_null(p->eta_s),
			 "catch_up", groups_eta_text(p->eta_s, buf, sizeof(buf)),
			 "member_id", str_or_null(m ? m->member_id : NULL),
			 "client_id", str_or_null(m ? m->client_id : NULL),
			 "error", p->error ? json_integer(p->error) : json_null());
}

json_t *groups_group_json(const kd_group *g)
{
	char buf[32];
	json_t *members = json_array(), *parts = json_array(), *topics = json_array();
	json_t *history = json_array();
	for (int i = 0; i < g->n_members; i++)
		json_array_append_new(members, member_json(&g->members[i]));
	for (int i = 0; i < g->n_partitions; i++)
		json_array_append_new(parts, partition_json(g, &g->partitions[i]));
	for (int i = 0; i < g->n_topics; i++)
		json_array_append_new(topics, json_text0(g->topics[i]));
	for (int i = 0; i < g->lag_history.n; i++)
		json_array_append_new(history, g->lag_history.v[i] < 0 ? json_null() :
				      json_integer((json_int_t)g->lag_history.v[i]));
	const lag_group_result *e = &g->eval;
	json_t *o = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			      "s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o}",
			      "id", json_text0(g->id),
			      "state", groups_state_name(g->st),
			      "coordinator_state", json_text0(g->state),
			      "protocol_type", json_text0(g->protocol_type),
			      "assignor", json_text0(g->protocol),
			      "type", str_or_null(g->group_type),
			      "coordinator", g->coordinator >= 0 ? json_integer(g->coordinator)
								 : json_null(),
			      "member_count", g->members_known ? json_integer(g->n_members)
								 : json_null(),
			      "members", members,
			      "topics", topics,
			      "status", lag_status_name(e->status),
			      "severity", lag_severity_name(lag_status_severity(e->status)),
			      "lag", int_or_null(e->lag),
			      "max_lag", int_or_null(e->max_lag),
			      "lag_s", num_or_null(e->lag_s),
			      "catch_up_s", num_or_null(e->eta_s),
			      "catch_up", groups_eta_text(e->eta_s, buf, sizeof(buf)),
			      "consume_per_sec", num_or_null(e->consume_rate),
			      "produce_per_sec", num_or_null(e->produce_rate),
			      "lag_history", history,
			      "partitions", parts);
	json_object_set_new(o, "error", str_or_null(g->error));
	return o;
}

static json_t *rules_json(unsigned rules)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ LAG_RULE_STOP, "stop" }, { LAG_RULE_REWIND, "rewind" },
		{ LAG_RULE_STALL, "stall" }, { LAG_RULE_WARN, "warn" },
	};
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (rules & names[i].bit)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

json_t *groups_json(const kd_groups *g)
{
	if (!g)
		return json_null();
	json_t *list = json_array();
	for (int i = 0; i < g->n_groups; i++)
		json_array_append_new(list, groups_group_json(&g->groups[i]));
	json_t *cfg = json_pack("{s:i, s:I, s:o, s:i, s:I, s:s}",
				"window", g->config.window,
				"allowed", (json_int_t)g->config.allowed,
				"rules", rules_json(g->config.rules),
				"min_samples", g->config.min_samples,
				"stop_min_ms", (json_int_t)g->config.stop_min_ms,
				"isolation", g->stable ? "read_committed" : "read_uncommitted");
	return json_pack("{s:i, s:i, s:i, s:I, s:o, s:o}",
			 "count", g->n_groups,
			 "coordinators", g->n_coordinators,
			 "requests", g->requests,
			 "poll_ms", (json_int_t)g->poll_ms,
			 "config", cfg,
			 "groups", list);
}
