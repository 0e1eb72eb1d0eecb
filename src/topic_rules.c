/* topic_rules.c: see topic_rules.h. */
#include "config.h"

#include "topic_rules.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"

int topic_name_check(const char *name, char *err, size_t errlen)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0) {
		snprintf(err, errlen, "a topic needs a name");
		return -1;
	}
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		snprintf(err, errlen, "'%s' cannot be a topic name", name);
		return -1;
	}
	if (n > TOPIC_NAME_MAX) {
		snprintf(err, errlen, "a topic name has at most %d characters (this one has %zu)",
			 TOPIC_NAME_MAX, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-')) {
			snprintf(err, errlen, "topic name '%s': character %zu is not allowed (only "
				 "letters, digits, '.', '_' and '-')", term_str(name), i + 1);
			return -1;
		}
	}
	return 0;
}

/* Equal once '.' and '_' count as the same character. */
static bool same_metric_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '.' ? '_' : *a, y = *b == '.' ? '_' : *b;
		if (x != y)
			return false;
	}
	return !*a && !*b;
}

const char *topic_collision(const char *name, const char *const *existing, int n)
{
	for (int i = 0; i < n; i++)
		if (existing[i] && same_metric_name(name, existing[i]))
			return existing[i];
	return NULL;
}

int topic_partitions_check(long partitions, char *err, size_t errlen)
{
	if (partitions < 1 || partitions > 1000000) {
		snprintf(err, errlen, "partitions: %ld is not a count between 1 and 1000000",
			 partitions);
		return -1;
	}
	return 0;
}

int topic_partitions_increase_check(long current, long wanted, char *err, size_t errlen)
{
	if (topic_partitions_check(wanted, err, errlen))
		return -1;
	if (wanted <= current) {
		snprintf(err, errlen, "partitions can only be added: the topic has %ld, %ld is not "
			 "more (Kafka cannot remove partitions)", current, wanted);
		return -1;
	}
	return 0;
}

int topic_rf_check(long rf, int live_brokers, char *err, size_t errlen)
{
	if (rf < 1 || rf > 32767) {
		snprintf(err, errlen, "replication factor: %ld is not between 1 and 32767", rf);
		return -1;
	}
	if (rf > live_brokers) {
		snprintf(err, errlen, "replication factor %ld needs %ld brokers; %d %s up", rf, rf,
			 live_brokers, live_brokers == 1 ? "is" : "are");
		return -1;
	}
	return 0;
}

/* ---- configs --------------------------------------------------------------- */

typedef enum { V_LONG, V_INT, V_ENUM, V_LIST, V_BOOL, V_RATIO } vkind;

static const struct rule {
	const char *key;
	vkind kind;
	long long min;
	const char *choices;            /* V_ENUM / V_LIST: ','-separated */
} rules[] = {
	{ "retention.ms", V_LONG, -1, NULL },
	{ "retention.bytes", V_LONG, -1, NULL },
	{ "cleanup.policy", V_LIST, 0, "delete,compact" },
	{ "min.insync.replicas", V_INT, 1, NULL },
	{ "compression.type", V_ENUM, 0, "uncompressed,zstd,lz4,snappy,gzip,producer" },
	{ "max.message.bytes", V_INT, 0, NULL },
	{ "segment.bytes", V_INT, 14, NULL },
	{ "segment.ms", V_LONG, 1, NULL },
	{ "delete.retention.ms", V_LONG, 0, NULL },
	{ "min.compaction.lag.ms", V_LONG, 0, NULL },
	{ "max.compaction.lag.ms", V_LONG, 1, NULL },
	{ "min.cleanable.dirty.ratio", V_RATIO, 0, NULL },
	{ "message.timestamp.type", V_ENUM, 0, "CreateTime,LogAppendTime" },
	{ "unclean.leader.election.enable", V_BOOL, 0, NULL },
	{ "local.retention.ms", V_LONG, -2, NULL },
	{ "local.retention.bytes", V_LONG, -2, NULL },
	{ "file.delete.delay.ms", V_LONG, 0, NULL },
	{ "flush.messages", V_LONG, 1, NULL },
	{ "flush.ms", V_LONG, 0, NULL },
	{ "index.interval.bytes", V_INT, 0, NULL },
	{ "segment.index.bytes", V_INT, 4, NULL },
	{ "segment.jitter.ms", V_LONG, 0, NULL },
	{ "preallocate", V_BOOL, 0, NULL },
};
#define N_RULES (sizeof(rules) / sizeof(rules[0]))

const char *const *topic_config_keys(void)
{
	static const char *keys[N_RULES + 1];
	for (size_t i = 0; i < N_RULES; i++)
		keys[i] = rules[i].key;
	return keys;
}

static bool in_choices(const char *v, size_t n, const char *choices)
{
	const char *p = choices;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, v, n))
			return true;
		p += len + (e ? 1 : 0);
	}
	return false;
}

int topic_config_check(const char *key, const char *value, long rf, char *err, size_t errlen)
{
	if (!key || !*key || strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789.-_") != strlen(key)) {
		snprintf(err, errlen, "'%s' is not a config name (lower-case words joined by '.')",
			 term_str(key ? key : ""));
		return -1;
	}
	if (!value) {
		snprintf(err, errlen, "%s: no value", key);
		return -1;
	}
	const struct rule *r = NULL;
	for (size_t i = 0; i < N_RULES; i++)
		if (!strcmp(rules[i].key, key))
			r = &rules[i];
	if (!r)
		return 0;               /* the broker knows the rest */
	char *end;
	errno = 0;
	switch (r->kind) {
	case V_LONG:
	case V_INT: {
		long long v = strtoll(value, &end, 10);
		long long max = r->kind == V_INT ? 2147483647LL : 9223372036854775807LL;
		if (!*value || *end || errno || v < r->min || v > max) {
			snprintf(err, errlen, "%s: '%s' is not a whole number from %lld%s", key,
				 term_str(value), r->min, r->kind == V_INT ? " to 2147483647" : " up");
			return -1;
		}
		if (!strcmp(key, "min.insync.replicas") && rf > 0 && v > rf) {
			snprintf(err, errlen, "min.insync.replicas %lld is more than the replication "
				 "factor %ld: every write would fail", v, rf);
			return -1;
		}
		return 0;
	}
	case V_RATIO: {
		double v = strtod(value, &end);
		if (!*value || *end || v < 0 || v > 1) {
			snprintf(err, errlen, "%s: '%s' is not a ratio between 0 and 1", key,
				 term_str(value));
			return -1;
		}
		return 0;
	}
	case V_BOOL:
		if (strcmp(value, "true") && strcmp(value, "false")) {
			snprintf(err, errlen, "%s: '%s' is not true or false", key, term_str(value));
			return -1;
		}
		return 0;
	case V_ENUM:
		if (!in_choices(value, strlen(value), r->choices)) {
			snprintf(err, errlen, "%s: '%s' is not one of %s", key, term_str(value),
				 r->choices);
			return -1;
		}
		return 0;
	case V_LIST: {
		const char *p = value;
		if (!*p)
			goto bad_list;
		while (*p) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (!in_choices(p, len, r->choices))
				goto bad_list;
			p += len + (e ? 1 : 0);
			if (e && !*p)
				goto bad_list;
		}
		return 0;
bad_list:
		snprintf(err, errlen, "%s: '%s' is not a list of %s", key, term_str(value),
			 r->choices);
		return -1;
	}
	}
	return 0;
}
