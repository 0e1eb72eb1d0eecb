/*
 * reassign_json.c: plans to and from the Apache kafka-reassign-partitions
 * tool's JSON, so a plan made here can be run by the tool and the other
 * way round.  See reassign_plan.h.
 */
#include "config.h"

#include "reassign_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* NULL only if a topic name is not UTF-8 (Kafka's names are ASCII). */
char *rp_plan_to_json(const rp_plan *p, bool old)
{
	json_t *root = json_object(), *parts = json_array();
	bool ok = root && parts;

	if (ok)
		json_object_set_new(root, "version", json_integer(1));
	for (int i = 0; ok && p && i < p->n_moves; i++) {
		const rp_move *m = &p->moves[i];
		int n = old ? m->n_old : m->n_new;
		const int32_t *ids = old ? m->old_replicas : m->new_replicas;
		/* a move whose old list nobody filled in cannot be rolled back */
		if (n <= 0)
			continue;
		n = n < RP_MAX_RF ? n : RP_MAX_RF;
		json_t *e = json_object(), *r = json_array(), *d = json_array();
		json_t *t = json_string(m->topic ? m->topic : "");
		if (!e || !r || !d || !t) {
			json_decref(e);
			json_decref(r);
			json_decref(d);
			json_decref(t);
			ok = false;
			break;
		}
		for (int j = 0; j < n; j++) {
			json_array_append_new(r, json_integer(ids[j]));
			json_array_append_new(d, json_string("any"));
		}
		json_object_set_new(e, "topic", t);
		json_object_set_new(e, "partition", json_integer(m->partition));
		json_object_set_new(e, "replicas", r);
		json_object_set_new(e, "log_dirs", d);
		json_array_append_new(parts, e);
	}
	char *text = NULL;
	if (ok) {
		json_object_set(root, "partitions", parts);
		text = json_dumps(root, JSON_COMPACT);
	}
	json_decref(parts);
	json_decref(root);
	return text;
}

static int cmp_move(const void *a, const void *b)
{
	const rp_move *x = a, *y = b;
	int r = strcmp(x->topic, y->topic);
	if (r)
		return r;
	return (x->partition > y->partition) - (x->partition < y->partition);
}

static bool is_id(const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 &&
	       json_integer_value(v) <= INT32_MAX;
}

/* One element of "partitions".  Keys the tool does not define are left
 * alone: a later version may add some. */
static int parse_entry(const json_t *e, size_t at, rp_move *m, char *err, size_t errlen)
{
	if (!json_is_object(e)) {
		snprintf(err, errlen, "partitions[%zu] is not an object", at);
		return -1;
	}
	const json_t *t = json_object_get(e, "topic");
	if (!json_is_string(t) || !json_string_length(t)) {
		snprintf(err, errlen, "partitions[%zu]: \"topic\" must be a topic name", at);
		return -1;
	}
	m->topic = strdup(json_string_value(t));
	if (!m->topic)
		abort();
	const char *tn = m->topic;
	const json_t *pn = json_object_get(e, "partition");
	if (!is_id(pn)) {
		snprintf(err, errlen, "partitions[%zu] (topic %s): \"partition\" must be a "
			 "whole number from 0", at, tn);
		return -1;
	}
	m->partition = (int32_t)json_integer_value(pn);
	int p = (int)m->partition;
	const json_t *r = json_object_get(e, "replicas");
	if (!json_is_array(r)) {
		snprintf(err, errlen, "%s-%d: \"replicas\" must be a list of broker ids", tn, p);
		return -1;
	}
	size_t n = json_array_size(r);
	if (!n) {
		snprintf(err, errlen, "empty replica list for %s-%d", tn, p);
		return -1;
	}
	if (n > RP_MAX_RF) {
		snprintf(err, errlen, "%s-%d: %zu replicas, a plan holds at most %d", tn, p, n,
			 RP_MAX_RF);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(r, i);
		if (!is_id(v)) {
			snprintf(err, errlen, "%s-%d: replica %zu is not a broker id", tn, p,
				 i + 1);
			return -1;
		}
		m->new_replicas[i] = (int32_t)json_integer_value(v);
	}
	m->n_new = (int)n;
	/* the tool writes "any"; a directory would be a move between disks,
	 * which a reassignment between brokers cannot do */
	const json_t *d = json_object_get(e, "log_dirs");
	if (d) {
		if (!json_is_array(d) || json_array_size(d) != n) {
			snprintf(err, errlen, "%s-%d: \"log_dirs\" must list one directory per "
				 "replica", tn, p);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			const json_t *v = json_array_get(d, i);
			if (!json_is_string(v)) {
				snprintf(err, errlen, "%s-%d: log dir %zu is not a string", tn, p,
					 i + 1);
				return -1;
			}
			if (strcmp(json_string_value(v), "any")) {
				snprintf(err, errlen, "%s-%d: log dir \"%s\": kdeck moves replicas "
					 "between brokers only (write \"any\")", tn, p,
					 json_string_value(v));
				return -1;
			}
		}
	}
	return 0;
}

int rp_plan_from_json(const char *text, rp_plan *out, char *err, size_t errlen)
{
	json_error_t je;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	json_t *root = text ? json_loads(text, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!root) {
		if (text)
			snprintf(err, errlen, "not JSON: line %d, column %d: %s", je.line,
				 je.column, je.text);
		else
			snprintf(err, errlen, "no plan");
		return -1;
	}
	const json_t *v = json_object_get(root, "version");
	const json_t *parts = json_object_get(root, "partitions");
	if (!json_is_object(root)) {
		snprintf(err, errlen, "the plan is not a JSON object");
		goto out;
	}
	if (v && (!json_is_integer(v) || json_integer_value(v) != 1)) {
		snprintf(err, errlen, "the plan's \"version\" must be 1");
		goto out;
	}
	if (!json_is_array(parts)) {
		snprintf(err, errlen, "the plan has no \"partitions\" list");
		goto out;
	}
	size_t n = json_array_size(parts);
	if (n > INT32_MAX) {
		snprintf(err, errlen, "the plan lists too many partitions");
		goto out;
	}
	out->moves = calloc(n ? n : 1, sizeof(rp_move));
	if (!out->moves)
		abort();
	for (size_t i = 0; i < n; i++) {
		out->n_moves++;
		if (parse_entry(json_array_get(parts, i), i, &out->moves[i], err, errlen))
			goto out;
	}
	qsort(out->moves, n, sizeof(rp_move), cmp_move);
	for (size_t i = 1; i < n; i++)
		if (!cmp_move(&out->moves[i - 1], &out->moves[i])) {
			snprintf(err, errlen, "%s-%d is listed twice", out->moves[i].topic,
				 (int)out->moves[i].partition);
			goto out;
		}
	rc = 0;
out:
	if (rc)
		rp_plan_free(out);
	json_decref(root);
	return rc;
}
