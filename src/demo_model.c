/* demo_model.c: see demo_model.h. */
#include "config.h"

#include "demo_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* replica.lag.time.max.ms: a follower not caught up for this long leaves
 * the ISR. */
#define DM_LAG_TIME_MS 10000
/* A slow group's cycle: reading slower than the producer, then faster. */
#define DM_SLOW_CYCLE_MS 180000
#define DM_SLOW_BEHIND_MS 120000

static const struct {
	const char *id, *topic;
	int partitions;
	dm_kind kind;
	bool kip848;
	int coordinator;
	int members;
} demo_groups[] = {
	{"orders-fulfillment", "orders", 4, DM_FAST, false, 1, 2},
	{"iot-analytics", "iot.temperature", 6, DM_SLOW, false, 2, 3},
	{"billing-archiver", "orders", 4, DM_STOPPED, false, 3, 0},
	{"alerts-router", "iot.alerts", 3, DM_FAST, true, 1, 2},
};

demo_model *demo_model_new(void)
{
	demo_model *m = calloc(1, sizeof(*m));
	if (!m)
		abort();
	pthread_mutex_init(&m->lock, NULL);
	m->start_ms = clock_mono_ms();
	m->last_tick_ms = m->start_ms;
	for (int b = 1; b <= DM_BROKERS; b++)
		m->up[b] = true;
	m->quorum_leader = 1;
	m->quorum_epoch = 7;
	/* iot.alerts-0 moves between brokers 1 and 2 and keeps broker 3
	 * (the incident's, so no move waits for it to come back); not
	 * orders or iot.temperature, whose rows the demo's tests expect
	 * without an under-replicated partition */
	snprintf(m->mover.topic, sizeof(m->mover.topic), "iot.alerts");
	m->mover.partition = 0;
	m->mover.stay = 3;
	m->mover.first = 1;
	m->mover.new_leader = -1;
	for (size_t i = 0; i < sizeof(demo_groups) / sizeof(demo_groups[0]); i++) {
		dm_group *g = &m->groups[m->n_groups++];
		snprintf(g->id, sizeof(g->id), "%s", demo_groups[i].id);
		snprintf(g->topic, sizeof(g->topic), "%s", demo_groups[i].topic);
		g->kind = demo_groups[i].kind;
		g->kip848 = demo_groups[i].kip848;
		g->coordinator = demo_groups[i].coordinator;
		g->n_parts = demo_groups[i].partitions;
		g->epoch = 3;
		/* the Empty group read nothing since the cluster began */
		for (int p = 0; p < g->n_parts; p++)
			g->committed[p] = g->kind == DM_STOPPED ? 0 : -1;
		g->n_members = demo_groups[i].members;
		for (int k = 0; k < g->n_members; k++) {
			dm_member *mb = &g->members[k];
			snprintf(mb->client_id, sizeof(mb->client_id), "%s-%d", g->id, k + 1);
			snprintf(mb->member_id, sizeof(mb->member_id), "%s-%08x-%d", mb->client_id,
				 0x5eed0000u + (unsigned)(i * 16 + (size_t)k), k);
			snprintf(mb->host, sizeof(mb->host), "/10.0.%d.%d", (int)i + 1, 11 + k);
			for (int p = k; p < g->n_parts; p += g->n_members)
				mb->parts[mb->n_parts++] = p;
		}
	}
	return m;
}

void demo_model_free(demo_model *m)
{
	if (!m)
		return;
	for (int t = 0; t < m->n_topics; t++)
		free(m->topics[t].parts);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

void demo_model_lock(demo_model *m)
{
	pthread_mutex_lock(&m->lock);
}

void demo_model_unlock(demo_model *m)
{
	pthread_mutex_unlock(&m->lock);
}

dm_topic *demo_model_topic(demo_model *m, const char *name)
{
	for (int t = 0; t < m->n_topics; t++)
		if (!strcmp(m->topics[t].name, name))
			return &m->topics[t];
	return NULL;
}

dm_partition *demo_model_partition(demo_model *m, const char *topic, int32_t p)
{
	dm_topic *t = demo_model_topic(m, topic);
	if (!t)
		return NULL;
	for (int i = 0; i < t->n_parts; i++)
		if (t->parts[i].id == p)
			return &t->parts[i];
	return NULL;
}

dm_group *demo_model_group(demo_model *m, const char *id)
{
	for (int i = 0; i < m->n_groups; i++)
		if (!strcmp(m->groups[i].id, id))
			return &m->groups[i];
	return NULL;
}

dm_group *demo_model_add_empty_group(demo_model *m, const char *id)
{
	if (m->n_groups == DM_MAX_GROUPS || strlen(id) >= sizeof(m->groups[0].id))
		return NULL;
	dm_group *g = &m->groups[m->n_groups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->id, sizeof(g->id), "%s", id);
	g->kind = DM_STOPPED;
	g->coordinator = (int)(strlen(id) % DM_BROKERS) + 1;
	return g;
}

bool demo_model_hosts(const dm_partition *p, int32_t broker)
{
	for (int i = 0; i < p->n_replicas; i++)
		if (p->replicas[i] == broker)
			return true;
	return false;
}

bool demo_model_in_isr(const demo_model *m, const dm_partition *p, int32_t broker, int64_t now)
{
	if (broker < 1 || broker > DM_BROKERS || !m->up[broker])
		return false;
	if (broker == p->leader)
		return true;
	if (broker == p->adding)
		return false;
	return now - p->caught_up_ms[broker] <= DM_LAG_TIME_MS;
}

int demo_model_coordinator(const demo_model *m, const dm_group *g)
{
	for (int i = 0; i < DM_BROKERS; i++) {
		int b = (g->coordinator - 1 + i) % DM_BROKERS + 1;
		if (m->up[b])
			return b;
	}
	return g->coordinator;
}

const char *demo_model_group_state(const dm_group *g)
{
	return g->n_members ? "Stable" : "Empty";
}

void demo_model_delivered(demo_model *m, const char *topic, int32_t partition,
			  int64_t offset, int64_t bytes)
{
	demo_model_lock(m);
	dm_partition *p = demo_model_partition(m, topic, partition);
	if (p) {
		if (offset + 1 > p->hw)
			p->hw = offset + 1;
		p->bytes += bytes;
	}
	demo_model_unlock(m);
}

/* The mover's partition, first seen: two replicas, `stay` and `first`,
 * the mock's leader if it is one of them. */
static bool own_replicas(demo_model *m, dm_partition *p, int32_t mock_leader)
{
	dm_mover *mv = &m->mover;
	if (mv->stay < 1 || mv->stay > DM_BROKERS || mv->first < 1 || mv->first > DM_BROKERS ||
	    mv->stay == mv->first)
		return false;
	int32_t lead = mock_leader == mv->first ? mv->first : mv->stay;
	p->own = true;
	p->leader = p->preferred = lead;
	p->replicas[0] = lead;
	p->replicas[1] = lead == mv->stay ? mv->first : mv->stay;
	p->n_replicas = 2;
	if (lead != mock_leader)
		mv->new_leader = lead;
	return true;
}

void demo_model_learn(demo_model *m, const char *topic, bool internal, int32_t partition,
		      int32_t leader, const int32_t *replicas, int n_replicas)
{
	dm_topic *t = demo_model_topic(m, topic);
	if (!t) {
		if (m->n_topics == DM_MAX_TOPICS || strlen(topic) >= sizeof(t->name))
			return;
		t = &m->topics[m->n_topics++];
		memset(t, 0, sizeof(*t));
		snprintf(t->name, sizeof(t->name), "%s", topic);
		t->internal = internal;
		/* payments wants every replica (the mock makes all topics
		 * RF 3): one broker down puts it under min ISR */
		t->min_isr = !strcmp(topic, "payments") ? 3 : 2;
	}
	dm_partition *p = NULL;
	for (int i = 0; i < t->n_parts; i++)
		if (t->parts[i].id == partition)
			p = &t->parts[i];
	if (!p) {
		dm_partition *np = realloc(t->parts, (size_t)(t->n_parts + 1) * sizeof(*np));
		if (!np)
			abort();
		t->parts = np;
		p = &t->parts[t->n_parts++];
		memset(p, 0, sizeof(*p));
		p->id = partition;
		p->preferred = leader;
		for (int b = 1; b <= DM_BROKERS; b++)
			p->caught_up_ms[b] = clock_mono_ms();
		if (!strcmp(topic, m->mover.topic) && partition == m->mover.partition &&
		    own_replicas(m, p, leader))
			return;
	}
	if (p->own)
		return;         /* the model's replicas and leader, not the mock's */
	p->leader = leader;
	p->n_replicas = n_replicas < DM_MAX_REPLICAS ? n_replicas : DM_MAX_REPLICAS;
	memcpy(p->replicas, replicas, (size_t)p->n_replicas * sizeof(*replicas));
}

/* Followers fetch unless their broker is down or lagging; a follower far
 * behind catches up at a few times the producer's rate. */
static void tick_partition(demo_model *m, dm_partition *p, int64_t prev, int64_t now)
{
	for (int i = 0; i < p->n_replicas; i++) {
		int32_t b = p->replicas[i];
		if (b < 1 || b > DM_BROKERS)
			continue;
		if (b == p->leader) {
			p->leo[b] = p->hw;
			p->caught_up_ms[b] = now;
			continue;
		}
		if (!m->up[b] || m->lagging[b] || b == p->adding)
			continue;
		/* a fetch every 500 ms (each broker at its own moment): a
		 * follower trails its leader by what arrived since */
		if ((now + b * 170) / 500 == (prev + b * 170) / 500)
			continue;
		int64_t gap = p->hw - p->leo[b];
		if (gap <= (int64_t)(p->rate * 0.8) + 5) {
			p->leo[b] = p->hw;
			p->caught_up_ms[b] = now;
		} else {
			p->leo[b] += (int64_t)((p->rate * 3 + 300) * 0.5) + 1;
		}
	}
}

/* The moving partition: the new replica copies the leader's log at the
 * pace that brings it level after DM_MOVE_COPY_MS of copying (a steady
 * rate, a little above the producer's), joins the ISR, and a second
 * later the controller ends the move. */
static void tick_mover(demo_model *m, int64_t prev, int64_t now)
{
	dm_mover *mv = &m->mover;
	dm_partition *p = mv->active ? demo_model_partition(m, mv->topic, mv->partition) : NULL;
	if (!p)
		return;
	int32_t b = p->adding;
	if (b >= 1 && b <= DM_BROKERS) {
		int64_t dt = now - prev;
		if (!m->up[b] || m->lagging[b] || dt <= 0)
			return;
		mv->copy_ms += dt;
		int64_t left = DM_MOVE_COPY_MS - mv->copy_ms;
		double gap = (double)p->hw - mv->copied;
		if (left > 0 && gap > 0)
			mv->copied += gap * (double)dt / (double)(left + dt);
		if (left <= 0 || mv->copied >= (double)p->hw) {
			p->leo[b] = p->hw;
			p->caught_up_ms[b] = now;
			p->adding = 0;
			mv->caught_ms = now;
		} else {
			p->leo[b] = (int64_t)mv->copied;
		}
		return;
	}
	if (now - mv->caught_ms < 1000)
		return;
	/* done: the target replicas; a leader on the removed one moves to
	 * the first of them in the ISR */
	bool leads = p->leader == mv->target[0] || p->leader == mv->target[1];
	p->replicas[0] = mv->target[0];
	p->replicas[1] = mv->target[1];
	p->n_replicas = 2;
	p->preferred = mv->target[0];
	if (!leads) {
		bool first_in = demo_model_in_isr(m, p, mv->target[0], now);
		p->leader = first_in || !demo_model_in_isr(m, p, mv->target[1], now)
			? mv->target[0] : mv->target[1];
		mv->new_leader = p->leader;
	}
	mv->active = false;
	mv->ended_ms = now;
}

bool demo_model_move_start(demo_model *m, int64_t now)
{
	demo_model_lock(m);
	dm_mover *mv = &m->mover;
	dm_partition *p = demo_model_partition(m, mv->topic, mv->partition);
	if (!p || !p->own || mv->active || p->n_replicas != 2) {
		demo_model_unlock(m);
		return false;
	}
	int32_t other = p->replicas[0] == mv->stay ? p->replicas[1] : p->replicas[0];
	int32_t add = 0;
	for (int32_t b = 1; b <= DM_BROKERS && !add; b++)
		if (b != mv->stay && b != other)
			add = b;
	/* as Kafka lists it: the target replicas, then the ones leaving */
	mv->target[0] = mv->stay;
	mv->target[1] = add;
	mv->removing = other;
	p->replicas[0] = mv->stay;
	p->replicas[1] = add;
	p->replicas[2] = other;
	p->n_replicas = 3;
	p->adding = add;
	p->leo[add] = 0;
	mv->copied = 0;
	mv->copy_ms = 0;
	mv->active = true;
	mv->started_ms = now;
	mv->moves++;
	demo_model_unlock(m);
	return true;
}

const dm_partition *demo_model_moving(const demo_model *m)
{
	const dm_mover *mv = &m->mover;
	if (!mv->active)
		return NULL;
	for (int t = 0; t < m->n_topics; t++) {
		const dm_topic *mt = &m->topics[t];
		if (strcmp(mt->name, mv->topic))
			continue;
		for (int i = 0; i < mt->n_parts; i++)
			if (mt->parts[i].id == mv->partition)
				return &mt->parts[i];
	}
	return NULL;
}

bool demo_model_take_leader(demo_model *m, char *topic, size_t topic_len, int32_t *partition,
			    int32_t *leader)
{
	demo_model_lock(m);
	dm_mover *mv = &m->mover;
	bool got = mv->new_leader >= 1;
	if (got) {
		snprintf(topic, topic_len, "%s", mv->topic);
		*partition = mv->partition;
		*leader = mv->new_leader;
		mv->new_leader = -1;
	}
	demo_model_unlock(m);
	return got;
}

static void tick_group(demo_model *m, dm_group *g, int64_t now, double dt, bool commit)
{
	dm_topic *t = demo_model_topic(m, g->topic);
	int64_t in_cycle = (now - m->start_ms) % DM_SLOW_CYCLE_MS;
	double factor = in_cycle < DM_SLOW_BEHIND_MS ? 0.5 : 2.2;
	if (!t)
		return;
	for (int k = 0; k < g->n_members; k++) {
		const dm_member *mb = &g->members[k];
		for (int j = 0; j < mb->n_parts; j++) {
			int i = mb->parts[j];
			if (i >= t->n_parts || i >= DM_MAX_GROUP_PARTS)
				continue;
			const dm_partition *p = &t->parts[i];
			if (g->kind == DM_SLOW) {
				if (g->pos[i] < 1 && p->hw > 0 && g->committed[i] < 0)
					g->pos[i] = (double)p->hw;
				g->pos[i] += (p->rate + 1) * factor * dt;
				if (g->pos[i] > (double)p->hw)
					g->pos[i] = (double)p->hw;
			}
			if (!commit || mb->stalled)
				continue;
			g->committed[i] = g->kind == DM_SLOW ? (int64_t)g->pos[i] : p->hw;
		}
	}
}

void demo_model_tick(demo_model *m, int64_t now)
{
	demo_model_lock(m);
	double dt = (double)(now - m->last_tick_ms) / 1000.0;
	bool sample = now - m->last_commit_ms >= 1000;
	if (dt < 0)
		dt = 0;
	for (int t = 0; t < m->n_topics; t++)
		for (int i = 0; i < m->topics[t].n_parts; i++) {
			dm_partition *p = &m->topics[t].parts[i];
			if (sample) {
				double sdt = (double)(now - m->last_commit_ms) / 1000.0;
				double r = (double)(p->hw - p->rate_hw) / (sdt > 0 ? sdt : 1);
				p->rate = p->rate_hw || p->rate ? 0.6 * p->rate + 0.4 * r : r;
				p->rate_hw = p->hw;
			}
			tick_partition(m, p, m->last_tick_ms, now);
		}
	tick_mover(m, m->last_tick_ms, now);
	for (int g = 0; g < m->n_groups; g++)
		tick_group(m, &m->groups[g], now, dt, sample);
	/* the metadata log: a record every 250 ms; voters that are up fetch */
	int64_t leo = 120 + (now - m->start_ms) / 250;
	for (int b = 1; b <= DM_BROKERS; b++)
		if (m->up[b]) {
			m->quorum_leo[b] = leo;
			m->quorum_fetch_ms[b] = clock_wall_ms();
		}
	if (sample)
		m->last_commit_ms = now;
	m->last_tick_ms = now;
	demo_model_unlock(m);
}

void demo_model_set_up(demo_model *m, int broker, bool up)
{
	if (broker < 1 || broker > DM_BROKERS)
		return;
	demo_model_lock(m);
	m->up[broker] = up;
	if (!up && m->quorum_leader == broker) {
		for (int b = 1; b <= DM_BROKERS; b++)
			if (m->up[b]) {
				m->quorum_leader = b;
				m->quorum_epoch++;
				break;
			}
	}
	demo_model_unlock(m);
}

void demo_model_set_lagging(demo_model *m, int broker, bool lagging)
{
	if (broker < 1 || broker > DM_BROKERS)
		return;
	demo_model_lock(m);
	m->lagging[broker] = lagging;
	demo_model_unlock(m);
}

void demo_model_set_stalled(demo_model *m, bool stalled)
{
	demo_model_lock(m);
	dm_group *g = demo_model_group(m, "orders-fulfillment");
	if (g && g->n_members > 1)
		g->members[1].stalled = stalled;
	demo_model_unlock(m);
}
