/* ops_topics.c: topic changes as ops tables of the change pipeline: create
 * (CreateTopics, validated by the broker with validate_only for the
 * preview), delete (DeleteTopics, only with the name typed again), add
 * partitions (CreatePartitions, only more) and set or reset one config
 * (IncrementalAlterConfigs: only that key changes).  Every plan checks the
 * input first (topic_rules.h), so bad input sends nothing. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "change.h"
#include "ops_topics.h"
#include "produce.h"
#include "termsafe.h"
#include "topic_rules.h"
#include "wire_call.h"

#define TIMEOUT_MS 30000

/* The cluster as a topic change needs it: every topic, the live brokers. */
static int read_cluster(kd_change *c, wire_pool *pool, wire_metadata_resp **md,
			char *err, size_t errlen)
{
	char why[512];
	wire_metadata_req req = { NULL, -1, false, false };
	for (int attempt = 0; attempt < 3; attempt++) {
		wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
		if (!conn)
			break;
		int rc = wire_call_metadata(conn, &req, &c->arena, md, NULL, why, sizeof(why));
		if (rc == WIRE_OK) {
			for (size_t i = 0; i < (*md)->n_brokers; i++)
				wire_pool_set_broker(pool, (*md)->brokers[i].node_id,
						     (*md)->brokers[i].host, (*md)->brokers[i].port);
			return 0;
		}
		if (!wire_conn_failure(rc))
			break;
		wire_pool_failed(pool, conn, why);
	}
	snprintf(err, errlen, "cannot read the cluster: %s", why);
	return -1;
}

static const wire_metadata_topic *find_topic(const wire_metadata_resp *md, const char *name)
{
	for (size_t i = 0; i < md->n_topics; i++)
		if (md->topics[i].name && !strcmp(md->topics[i].name, name) &&
		    md->topics[i].error_code == 0)
			return &md->topics[i];
	return NULL;
}

/* The broker's answer for one topic, as a sentence. */
static int topic_error(const wire_topic_result *t, size_t n, const char *what,
		       char *err, size_t errlen)
{
	char name[48];
	if (n < 1) {
		snprintf(err, errlen, "%s: the broker answered for no topic", what);
		return -1;
	}
	if (!t->error_code)
		return 0;
	snprintf(err, errlen, "%s: %s%s%s", what, wire_error_name(t->error_code, name, sizeof(name)),
		 t->error_message ? ": " : "", t->error_message ? term_str(t->error_message) : "");
	return -1;
}

static const char *dup_str(kd_arena *a, const char *s)
{
	return arena_strdup(a, s);
}

/* ---- create ------------------------------------------------------------------ */

static const void *create_copy(kd_arena *a, const void *spec)
{
	const topic_create_spec *s = spec;
	topic_create_spec *n = arena_memdup(a, s, sizeof(*s));
	n->name = dup_str(a, s->name);
	topic_config_kv *kv = arena_calloc(a, (size_t)(s->n_configs ? s->n_configs : 1), sizeof(*kv));
	for (int i = 0; i < s->n_configs; i++) {
		kv[i].key = dup_str(a, s->configs[i].key);
		kv[i].value = dup_str(a, s->configs[i].value);
	}
	n->configs = kv;
	return n;
}

static int create_send(kd_change *c, wire_pool *pool, bool validate_only, char *err, size_t errlen)
{
	const topic_create_spec *s = c->spec;
	wire_config_kv *kv = arena_calloc(&c->arena, (size_t)(s->n_configs ? s->n_configs : 1),
					  sizeof(*kv));
	for (int i = 0; i < s->n_configs; i++)
		kv[i] = (wire_config_kv){ s->configs[i].key, s->configs[i].value };
	wire_create_topic t = { s->name, (int32_t)s->partitions, (int16_t)s->replication_factor,
				kv, (size_t)s->n_configs };
	wire_createtopics_req req = { &t, 1, TIMEOUT_MS, validate_only };
	wire_createtopics_resp *resp;
	char why[512];
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_createtopics(conn, &req, &c->arena, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "CreateTopics: %s", why);
		return -1;
	}
	return topic_error(resp->topics, resp->n_topics,
			   validate_only ? "the broker would refuse it" : "the broker refused it",
			   err, errlen);
}

static int create_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const topic_create_spec *s = c->spec;
	wire_metadata_resp *md;
	char why[512];

	/* the input first: nothing is read for a bad name */
	if (topic_name_check(s->name, err, errlen) ||
	    topic_partitions_check(s->partitions, err, errlen))
		return -1;
	for (int i = 0; i < s->n_configs; i++)
		if (topic_config_check(s->configs[i].key, s->configs[i].value, s->replication_factor,
				       err, errlen))
			return -1;
	if (read_cluster(c, pool, &md, err, errlen))
		return -1;
	if (topic_rf_check(s->replication_factor, (int)md->n_brokers, err, errlen))
		return -1;
	const char **names = arena_calloc(&c->arena, md->n_topics + 1, sizeof(char *));
	for (size_t i = 0; i < md->n_topics; i++)
		names[i] = md->topics[i].name;
	const char *clash = topic_collision(s->name, names, (int)md->n_topics);
	if (clash) {
		if (!strcmp(clash, s->name))
			snprintf(err, errlen, "topic %s already exists", s->name);
		else
			snprintf(err, errlen, "topic %s would collide with %s ('.' and '_' are the "
				 "same in metric names; Kafka refuses it)", s->name, term_str(clash));
		return -1;
	}
	change_title(c, "Create topic %s: %ld partitions, replication factor %ld", s->name,
		     s->partitions, s->replication_factor);
	/* the racks the replicas can spread over (rack-aware placement) */
	int racks = 0;
	for (size_t i = 0; i < md->n_brokers; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && md->brokers[i].rack; j++)
			seen |= md->brokers[j].rack && !strcmp(md->brokers[j].rack, md->brokers[i].rack);
		racks += md->brokers[i].rack && !seen;
	}
	if (racks == 0)
		change_summary(c, "%zu brokers up, no racks set: replicas go to distinct brokers",
			       md->n_brokers);
	else if (s->replication_factor <= racks)
		change_summary(c, "%zu brokers up in %d racks: each partition's %ld replicas land "
			       "in %ld different racks", md->n_brokers, racks, s->replication_factor,
			       s->replication_factor);
	else
		change_summary(c, "%zu brokers up in %d racks: with %ld replicas some partitions "
			       "keep two in one rack", md->n_brokers, racks, s->replication_factor);
	static const char *const cols[] = { "CONFIG", "VALUE" };
	change_columns(c, 2, cols);
	for (int i = 0; i < s->n_configs; i++) {
		const char *row[] = { s->configs[i].key, s->configs[i].value };
		change_row(c, row);
	}
	if (!s->n_configs)
		change_note(c, "every config: the broker's default");
	/* the broker checks it too (validate_only): its refusal is the preview's */
	if (create_send(c, pool, true, why, sizeof(why)))
		change_refuse(c, "%s", why);
	change_request(c, "CreateTopics: %s, %ld partitions, replication factor %ld", s->name,
		       s->partitions, s->replication_factor);
	for (int i = 0; i < s->n_configs; i++)
		change_request(c, "  %s=%s", s->configs[i].key, s->configs[i].value);
	return 0;
}

static int create_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	(void)step;
	return create_send(c, pool, false, err, errlen);
}

const kd_change_ops change_topic_create = {
	.name = "topic-create", .kind = GATE_TOPIC_CREATE, .spec_copy = create_copy,
	.plan = create_plan, .apply = create_apply,
	.done = "done: the topic was created (it shows on the next poll)",
};

/* ---- delete ---------------------------------------------------------------------- */

static const void *delete_copy(kd_arena *a, const void *spec)
{
	const topic_delete_spec *s = spec;
	topic_delete_spec *n = arena_memdup(a, s, sizeof(*s));
	n->name = dup_str(a, s->name);
	n->typed = dup_str(a, s->typed);
	return n;
}

static int delete_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const topic_delete_spec *s = c->spec;
	wire_metadata_resp *md;
	if (read_cluster(c, pool, &md, err, errlen))
		return -1;
	const wire_metadata_topic *t = find_topic(md, s->name ? s->name : "");
	if (!t) {
		snprintf(err, errlen, "topic %s does not exist", term_str(s->name));
		return -1;
	}
	change_title(c, "Delete topic %s", s->name);
	change_summary(c, "%zu partitions; every message in them is lost", t->n_partitions);
	if (t->is_internal || s->name[0] == '_')
		change_refuse(c, "%s is an internal topic: kdeck does not delete it", s->name);
	else if (!s->typed || strcmp(s->typed, s->name))
		change_refuse(c, "type the topic's name to confirm (you typed '%s'): nothing was "
			      "deleted", s->typed ? term_str(s->typed) : "");
	change_request(c, "DeleteTopics: %s", s->name);
	return 0;
}

static int delete_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	const topic_delete_spec *s = c->spec;
	const char *names[] = { s->name };
	wire_deletetopics_req req = { names, 1, TIMEOUT_MS };
	wire_deletetopics_resp *resp;
	char why[512];
	(void)step;
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_deletetopics(conn, &req, &c->arena, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "DeleteTopics: %s", why);
		return -1;
	}
	return topic_error(resp->topics, resp->n_topics, "the broker refused it", err, errlen);
}

const kd_change_ops change_topic_delete = {
	.name = "topic-delete", .kind = GATE_TOPIC_DELETE, .spec_copy = delete_copy,
	.plan = delete_plan, .apply = delete_apply,
	.done = "done: the topic was deleted",
};

/* ---- add partitions -------------------------------------------------------------- */

static const void *partitions_copy(kd_arena *a, const void *spec)
{
	const topic_partitions_spec *s = spec;
	topic_partitions_spec *n = arena_memdup(a, s, sizeof(*s));
	n->name = dup_str(a, s->name);
	return n;
}

static int partitions_send(kd_change *c, wire_pool *pool, bool validate_only,
			   char *err, size_t errlen)
{
	const topic_partitions_spec *s = c->spec;
	wire_createpartitions_req req = { s->name, (int32_t)s->count, TIMEOUT_MS, validate_only };
	wire_createpartitions_resp *resp;
	char why[512];
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn ||
	    wire_call_createpartitions(conn, &req, &c->arena, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "CreatePartitions: %s", why);
		return -1;
	}
	return topic_error(resp->topics, resp->n_topics,
			   validate_only ? "the broker would refuse it" : "the broker refused it",
			   err, errlen);
}

static int partitions_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const topic_partitions_spec *s = c->spec;
	wire_metadata_resp *md;
	char why[512];
	if (read_cluster(c, pool, &md, err, errlen))
		return -1;
	const wire_metadata_topic *t = find_topic(md, s->name ? s->name : "");
	if (!t) {
		snprintf(err, errlen, "topic %s does not exist", term_str(s->name));
		return -1;
	}
	/* only more: refused before anything is sent */
	if (topic_partitions_increase_check((long)t->n_partitions, s->count, err, errlen))
		return -1;
	change_title(c, "Add partitions to %s: %zu -> %ld", s->name, t->n_partitions, s->count);
	change_note(c, "keyed messages: a key may now land in another partition than its "
		    "earlier messages (ordering per key holds only from here on)");
	if (partitions_send(c, pool, true, why, sizeof(why)))
		change_refuse(c, "%s", why);
	change_request(c, "CreatePartitions: %s from %zu to %ld", s->name, t->n_partitions, s->count);
	return 0;
}

static int partitions_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	(void)step;
	return partitions_send(c, pool, false, err, errlen);
}

const kd_change_ops change_topic_partitions = {
	.name = "topic-partitions", .kind = GATE_TOPIC_PARTITIONS, .spec_copy = partitions_copy,
	.plan = partitions_plan, .apply = partitions_apply,
	.done = "done: the partitions were added",
};

/* ---- one config -------------------------------------------------------------------- */

static const void *config_copy(kd_arena *a, const void *spec)
{
	const topic_config_spec *s = spec;
	topic_config_spec *n = arena_memdup(a, s, sizeof(*s));
	n->name = dup_str(a, s->name);
	n->key = dup_str(a, s->key);
	n->value = dup_str(a, s->value);
	return n;
}

/* The topic's configs as the broker says (DescribeConfigs with synonyms). */
static int describe_configs(wire_pool *pool, kd_arena *a, int8_t type, const char *topic,
			    wire_describeconfigs_resp **out, char *err, size_t errlen)
{
	wire_describeconfigs_req req = { type, topic, NULL, 0, true, NULL, 0 };
	char why[512], name[48];
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_describeconfigs(conn, &req, a, out, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "DescribeConfigs: %s", why);
		return -1;
	}
	if ((*out)->error_code) {
		snprintf(err, errlen, "the configs of %s %s: %s%s%s",
			 type == WIRE_RESOURCE_BROKER ? "broker" : "topic", term_str(topic),
			 wire_error_name((*out)->error_code, name, sizeof(name)),
			 (*out)->error_message ? ": " : "",
			 (*out)->error_message ? term_str((*out)->error_message) : "");
		return -1;
	}
	return 0;
}

int topic_describe_configs(wire_pool *pool, kd_arena *a, const char *topic,
			   wire_describeconfigs_resp **out, char *err, size_t errlen)
{
	return describe_configs(pool, a, WIRE_RESOURCE_TOPIC, topic, out, err, errlen);
}

static int config_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const topic_config_spec *s = c->spec;
	wire_metadata_resp *md;
	wire_describeconfigs_resp *cfg;
	if (s->value && topic_config_check(s->key, s->value, 0, err, errlen))
		return -1;
	if (!s->value && topic_config_check(s->key, "", 0, err, errlen) && !strstr(err, ": '"))
		return -1;
	if (read_cluster(c, pool, &md, err, errlen))
		return -1;
	const wire_metadata_topic *t = find_topic(md, s->name ? s->name : "");
	if (!t) {
		snprintf(err, errlen, "topic %s does not exist", term_str(s->name));
		return -1;
	}
	if (s->value && !strcmp(s->key, "min.insync.replicas") && t->n_partitions &&
	    topic_config_check(s->key, s->value, (long)t->partitions[0].n_replicas, err, errlen))
		return -1;
	if (topic_describe_configs(pool, &c->arena, s->name, &cfg, err, errlen))
		return -1;
	const wire_config_entry *e = NULL;
	for (size_t i = 0; i < cfg->n_configs; i++)
		if (!strcmp(cfg->configs[i].name, s->key))
			e = &cfg->configs[i];
	const char *old = e ? (e->sensitive ? "(sensitive)" : e->value ? e->value : "(null)")
			    : "(not set)";
	const char *src = e ? wire_config_source_name(e->source) : "-";
	change_title(c, "%s %s of topic %s", s->value ? "Set" : "Reset to its default", s->key,
		     s->name);
	static const char *const cols[] = { "CONFIG", "OLD", "SOURCE", "NEW" };
	change_columns(c, 4, cols);
	const char *row[] = { s->key, old, src, s->value ? s->value : "(the default)" };
	change_row(c, row);
	change_note(c, "only this key changes (IncrementalAlterConfigs); the topic's other "
		    "configs stay as they are");
	if (e && e->read_only)
		change_refuse(c, "%s is read-only on this broker", s->key);
	if (s->value)
		change_request(c, "IncrementalAlterConfigs: topic %s: SET %s=%s", s->name, s->key,
			       s->value);
	else
		change_request(c, "IncrementalAlterConfigs: topic %s: DELETE %s", s->name, s->key);
	return 0;
}

static int config_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	const topic_config_spec *s = c->spec;
	wire_alter_config ac = { s->key, s->value ? WIRE_CONFIG_SET : WIRE_CONFIG_DELETE, s->value };
	wire_alterconfigs_req req = { WIRE_RESOURCE_TOPIC, s->name, &ac, 1, false };
	wire_alterconfigs_resp *resp;
	char why[512], name[48];
	(void)step;
	wire_conn *conn = wire_pool_any(pool, why, sizeof(why));
	if (!conn || wire_call_alterconfigs(conn, &req, &c->arena, &resp, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "IncrementalAlterConfigs: %s", why);
		return -1;
	}
	if (resp->error_code) {
		snprintf(err, errlen, "the broker refused it: %s%s%s",
			 wire_error_name(resp->error_code, name, sizeof(name)),
			 resp->error_message ? ": " : "",
			 resp->error_message ? term_str(resp->error_message) : "");
		return -1;
	}
	return 0;
}

const kd_change_ops change_topic_config = {
	.name = "topic-config", .kind = GATE_CONFIG_ALTER, .spec_copy = config_copy,
	.plan = config_plan, .apply = config_apply,
	.done = "done: the config was changed",
};

/* ---- produce one message -------------------------------------------------------------- */

static const void *produce_copy(kd_arena *a, const void *spec)
{
	const produce_spec *s = spec;
	produce_spec *n = arena_memdup(a, s, sizeof(*s));
	n->topic = dup_str(a, s->topic);
	n->key = dup_str(a, s->key);
	n->value = dup_str(a, s->value);
	n->format = dup_str(a, s->format ? s->format : "text");
	const char **h = arena_calloc(a, (size_t)(s->n_headers ? s->n_headers : 1), sizeof(char *));
	for (int i = 0; i < s->n_headers; i++)
		h[i] = dup_str(a, s->headers[i]);
	n->headers = h;
	return n;
}

/* The value's bytes as the format says: text as is, JSON checked, hex
 * decoded.  0, or -1 with err. */
typedef struct produce_plan {
	uint8_t *value;
	size_t value_len;
	produce_header *headers;
} produce_plan;

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int value_bytes(kd_arena *a, const produce_spec *s, produce_plan *pp, char *err, size_t errlen)
{
	if (!s->value)
		return 0;
	size_t n = strlen(s->value);
	if (!strcmp(s->format, "hex")) {
		if (n % 2) {
			snprintf(err, errlen, "the hex value has an odd number of digits (%zu)", n);
			return -1;
		}
		pp->value = arena_alloc(a, n / 2 + 1);
		for (size_t i = 0; i < n; i += 2) {
			int hi = hexval(s->value[i]), lo = hexval(s->value[i + 1]);
			if (hi < 0 || lo < 0) {
				snprintf(err, errlen, "the hex value has a non-hex character at %zu", i + 1);
				return -1;
			}
			pp->value[i / 2] = (uint8_t)(hi << 4 | lo);
		}
		pp->value_len = n / 2;
		return 0;
	}
	if (!strcmp(s->format, "json")) {
		json_error_t je;
		json_t *j = json_loadb(s->value, n, JSON_DECODE_ANY, &je);
		if (!j) {
			snprintf(err, errlen, "the value is not JSON: %s (column %d)", je.text,
				 je.column);
			return -1;
		}
		json_decref(j);
	} else if (strcmp(s->format, "text")) {
		snprintf(err, errlen, "value format '%s': expected text, json or hex",
			 term_str(s->format));
		return -1;
	}
	pp->value = arena_memdup(a, s->value, n);
	pp->value_len = n;
	return 0;
}

static int produce_plan_fn(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	const produce_spec *s = c->spec;
	wire_metadata_resp *md;
	produce_plan *pp = arena_alloc(&c->arena, sizeof(*pp));
	c->priv = pp;
	if (value_bytes(&c->arena, s, pp, err, errlen))
		return -1;
	pp->headers = arena_calloc(&c->arena, (size_t)(s->n_headers ? s->n_headers : 1),
				   sizeof(*pp->headers));
	for (int i = 0; i < s->n_headers; i++) {
		const char *eq = strchr(s->headers[i], '=');
		if (!eq || eq == s->headers[i]) {
			snprintf(err, errlen, "header '%s': expected KEY=VALUE", term_str(s->headers[i]));
			return -1;
		}
		pp->headers[i].key = arena_strndup(&c->arena, s->headers[i],
						   (size_t)(eq - s->headers[i]));
		pp->headers[i].value = eq + 1;
	}
	if (read_cluster(c, pool, &md, err, errlen))
		return -1;
	const wire_metadata_topic *t = find_topic(md, s->topic ? s->topic : "");
	if (!t) {
		snprintf(err, errlen, "topic %s does not exist", term_str(s->topic));
		return -1;
	}
	if (s->partition >= (long)t->n_partitions || s->partition < -1) {
		snprintf(err, errlen, "topic %s has no partition %ld (it has %zu)", s->topic,
			 s->partition, t->n_partitions);
		return -1;
	}
	/* FNV-1a of the value: the gate compares exactly what goes out */
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < pp->value_len; i++)
		h = (h ^ pp->value[i]) * 1099511628211ULL;
	char where[48];
	if (s->partition >= 0)
		snprintf(where, sizeof(where), "partition %ld", s->partition);
	else
		snprintf(where, sizeof(where), "the key's partition");
	change_title(c, "Produce one message to %s (%s)", s->topic, where);
	static const char *const cols[] = { "FIELD", "VALUE" };
	change_columns(c, 2, cols);
	char len[48];
	const char *krow[] = { "key", s->key ? term_str(s->key) : "(none)" };
	change_row(c, krow);
	snprintf(len, sizeof(len), "%s, %zu bytes", s->value ? s->format : "null", pp->value_len);
	const char *vrow[] = { "value", s->value ? (!strcmp(s->format, "hex") ? s->value
						    : term_str(s->value)) : "(null: a tombstone)" };
	change_row(c, vrow);
	const char *lrow[] = { "", len };
	change_row(c, lrow);
	for (int i = 0; i < s->n_headers; i++) {
		const char *hrow[] = { "header", term_str(s->headers[i]) };
		change_row(c, hrow);
	}
	change_note(c, "acks=all: done when every in-sync replica has it");
	change_request(c, "Produce to %s, %s: key %s, value %zu bytes (%016llx), %d header%s",
		       s->topic, where, s->key ? term_str(s->key) : "none", pp->value_len,
		       (unsigned long long)h, s->n_headers, s->n_headers == 1 ? "" : "s");
	return 0;
}

static int produce_apply(kd_change *c, wire_pool *pool, int step, char *err, size_t errlen)
{
	const produce_spec *s = c->spec;
	const produce_plan *pp = c->priv;
	produce_msg m = { s->topic, (int32_t)s->partition, s->key, s->key ? strlen(s->key) : 0,
			  s->value ? pp->value : NULL, pp->value_len, pp->headers, s->n_headers };
	int32_t part;
	int64_t off;
	(void)pool;
	(void)step;
	if (!c->opts) {
		snprintf(err, errlen, "no connection settings to produce with");
		return -1;
	}
	return produce_one(c->opts, &m, &part, &off, err, errlen);
}

const kd_change_ops change_produce = {
	.name = "produce", .kind = GATE_PRODUCE, .spec_copy = produce_copy,
	.plan = produce_plan_fn, .apply = produce_apply,
	.done = "done: the message was written",
};

/* ---- a topic's configs, to read (the configs pane) ------------------------------------ */

/* Every config of a topic or a broker, with source and sensitive flag. */
static int configs_view(kd_change *c, wire_pool *pool, int8_t type, char *err, size_t errlen)
{
	const topic_config_spec *s = c->spec;
	wire_describeconfigs_resp *cfg;
	bool topic = type == WIRE_RESOURCE_TOPIC;
	if (describe_configs(pool, &c->arena, type, s->name, &cfg, err, errlen))
		return -1;
	change_title(c, "Configs of %s %s", topic ? "topic" : "broker", s->name);
	change_summary(c, "%zu configs; sensitive values are never shown", cfg->n_configs);
	static const char *const cols[] = { "CONFIG", "VALUE", "SOURCE", "SENSITIVE" };
	change_columns(c, 4, cols);
	/* the ones set on the topic first: what an operator looks for */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < cfg->n_configs; i++) {
			const wire_config_entry *e = &cfg->configs[i];
			bool set = e->source != WIRE_CONFIG_DEFAULT;
			if (topic)
				set = e->source == WIRE_CONFIG_DYNAMIC_TOPIC;
			if (set != (pass == 0))
				continue;
			const char *row[] = { e->name, e->sensitive ? "(hidden)" : e->value ? e->value
					      : "(null)", wire_config_source_name(e->source),
					      e->sensitive ? "yes" : "" };
			change_row(c, row);
		}
	if (topic)
		change_note(c, "e: set or reset one key (only that key changes)");
	return 0;
}

static int topic_configs_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	return configs_view(c, pool, WIRE_RESOURCE_TOPIC, err, errlen);
}

static int broker_configs_plan(kd_change *c, wire_pool *pool, char *err, size_t errlen)
{
	return configs_view(c, pool, WIRE_RESOURCE_BROKER, err, errlen);
}

const kd_change_ops change_topic_configs_view = {
	.name = "topic-configs", .kind = GATE_CONFIG_ALTER, .spec_copy = config_copy,
	.plan = topic_configs_plan, .apply = NULL,
};

const kd_change_ops change_broker_configs_view = {
	.name = "broker-configs", .kind = GATE_CONFIG_ALTER, .spec_copy = config_copy,
	.plan = broker_configs_plan, .apply = NULL,
};
