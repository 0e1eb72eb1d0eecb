/* groups_model.c: lookups in a snapshot's consumer groups; see
 * groups_model.h. */
#include "config.h"

#include "groups_model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *groups_state_name(kd_group_state st)
{
	switch (st) {
	case KD_GROUP_STABLE: return "Stable";
	case KD_GROUP_REBALANCING: return "Rebalancing";
	case KD_GROUP_EMPTY: return "Empty";
	case KD_GROUP_DEAD: return "Dead";
	case KD_GROUP_UNKNOWN: break;
	}
	return "?";
}

/* Classic groups say PreparingRebalance and CompletingRebalance while
 * they rebalance, KIP-848 groups Assigning and Reconciling: to an
 * operator all four are "rebalancing". */
kd_group_state groups_state_parse(const char *s)
{
	static const struct {
		const char *word;
		kd_group_state st;
	} words[] = {
		{ "Stable", KD_GROUP_STABLE },
		{ "Empty", KD_GROUP_EMPTY },
		{ "Dead", KD_GROUP_DEAD },
		{ "PreparingRebalance", KD_GROUP_REBALANCING },
		{ "CompletingRebalance", KD_GROUP_REBALANCING },
		{ "Assigning", KD_GROUP_REBALANCING },
		{ "Reconciling", KD_GROUP_REBALANCING },
	};
	if (!s)
		return KD_GROUP_UNKNOWN;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i].word))
			return words[i].st;
	return KD_GROUP_UNKNOWN;
}

const kd_group *groups_find(const kd_groups *g, const char *id)
{
	if (!g || !id)
		return NULL;
	size_t lo = 0, hi = (size_t)g->n_groups;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g->groups[mid].id, id);
		if (c == 0)
			return &g->groups[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const kd_group_partition *groups_find_partition(const kd_group *g, const char *topic,
						int32_t partition)
{
	size_t lo = 0, hi = (size_t)g->n_partitions;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const kd_group_partition *p = &g->partitions[mid];
		int c = strcmp(p->topic, topic);
		if (c == 0)
			c = p->partition < partition ? -1 : p->partition > partition;
		if (c == 0)
			return p;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const kd_group_member *groups_member_of(const kd_group *g, const kd_group_partition *p)
{
	if (!p || p->member < 0 || p->member >= g->n_members)
		return NULL;
	return &g->members[p->member];
}

/* A group's partitions are sorted by topic: the topic's run is found by
 * binary search, then summed. */
static bool topic_share(const kd_group *g, const char *topic, kd_topic_group *out)
{
	size_t lo = 0, hi = (size_t)g->n_partitions;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(g->partitions[mid].topic, topic) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memset(out, 0, sizeof(*out));
	out->group = g;
	out->lag = 0;
	out->lag_s = LAG_UNKNOWN;
	out->status = LAG_ST_OK;
	lag_group_result sum;
	lag_group_init(&sum);
	for (size_t i = lo; i < (size_t)g->n_partitions &&
	     !strcmp(g->partitions[i].topic, topic); i++) {
		const kd_group_partition *p = &g->partitions[i];
		lag_part_result r = {
			.status = p->status, .lag = p->lag, .committed = p->committed,
			.hw = p->end, .consume_rate = p->consume_rate,
			.produce_rate = p->produce_rate, .eta_s = p->eta_s, .lag_s = p->lag_s,
		};
		lag_group_add(&sum, &r);
		out->n_partitions++;
		if (p->member >= 0)
			out->n_assigned++;
	}
	if (!out->n_partitions)
		return false;
	lag_group_finish(&sum);
	out->lag = sum.lag;
	out->lag_s = sum.lag_s;
	out->eta_s = sum.eta_s;
	out->status = sum.status;
	return true;
}

int groups_of_topic(const kd_groups *g, const char *topic, kd_arena *a,
		    kd_topic_group **out)
{
	int n = 0;
	*out = NULL;
	if (!g || !topic || g->n_groups == 0)
		return 0;
	kd_topic_group *v = arena_calloc(a, (size_t)g->n_groups, sizeof(*v));
	for (int i = 0; i < g->n_groups; i++)
		if (topic_share(&g->groups[i], topic, &v[n]))
			n++;
	*out = v;
	return n;
}
