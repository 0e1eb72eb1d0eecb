/* test_reassign_plan.c: the reassignment plan generators and checks
 * (src/reassign_plan.h): hand-made clusters for the messages and exact
 * plans, then properties over many random clusters, then the Apache
 * tool's JSON both ways. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reassign_plan.h"

#define CLUSTERS 1000

static char err[512];

/* ---- helpers ---------------------------------------------------------- */

static const rp_broker *broker(const rp_cluster *c, int32_t id)
{
	for (int i = 0; i < c->n_brokers; i++)
		if (c->brokers[i].id == id)
			return &c->brokers[i];
	return NULL;
}

static bool up(const rp_cluster *c, int32_t id)
{
	const rp_broker *b = broker(c, id);
	return b && b->up;
}

static bool has(const int32_t *r, int n, int32_t id)
{
	for (int i = 0; i < n; i++)
		if (r[i] == id)
			return true;
	return false;
}

static bool dup_free(const int32_t *r, int n)
{
	for (int i = 0; i < n; i++)
		if (has(r, i, r[i]))
			return false;
	return true;
}

static const rp_partition *part(const rp_cluster *c, const char *t, int32_t p)
{
	for (int i = 0; i < c->n_partitions; i++)
		if (c->partitions[i].partition == p && !strcmp(c->partitions[i].topic, t))
			return &c->partitions[i];
	return NULL;
}

static const rp_move *move_of(const rp_plan *p, const char *t, int32_t n)
{
	for (int i = 0; i < p->n_moves; i++)
		if (p->moves[i].partition == n && !strcmp(p->moves[i].topic, t))
			return &p->moves[i];
	return NULL;
}

/* Distinct racks of the live brokers, leaving one broker out (-1: none). */
static int live_racks(const rp_cluster *c, int32_t except)
{
	int32_t ids[64];
	int n = 0;
	for (int i = 0; i < c->n_brokers; i++)
		if (c->brokers[i].up && c->brokers[i].id != except)
			ids[n++] = c->brokers[i].id;
	return rp_racks(c, ids, n);
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

static void assert_plans_equal(const rp_plan *a, const rp_plan *b)
{
	assert_int_equal(a->n_moves, b->n_moves);
	for (int i = 0; i < a->n_moves; i++) {
		const rp_move *x = &a->moves[i], *y = &b->moves[i];
		assert_string_equal(x->topic, y->topic);
		assert_int_equal(x->partition, y->partition);
		assert_int_equal(x->n_old, y->n_old);
		assert_int_equal(x->n_new, y->n_new);
		assert_memory_equal(x->old_replicas, y->old_replicas, x->n_old * sizeof(int32_t));
		assert_memory_equal(x->new_replicas, y->new_replicas, x->n_new * sizeof(int32_t));
	}
}

/* The plan's moves sorted, changed, and old lists as the cluster has them. */
static void assert_plan_sane(const rp_cluster *c, const rp_plan *p)
{
	for (int i = 0; i < p->n_moves; i++) {
		const rp_move *m = &p->moves[i];
		const rp_partition *cp = part(c, m->topic, m->partition);
		assert_non_null(cp);
		assert_int_equal(m->n_old, cp->n_replicas);
		assert_memory_equal(m->old_replicas, cp->replicas, m->n_old * sizeof(int32_t));
		assert_true(m->n_new >= 1 && m->n_new <= RP_MAX_RF);
		assert_true(dup_free(m->new_replicas, m->n_new));
		assert_true(m->n_old != m->n_new ||
			    memcmp(m->old_replicas, m->new_replicas, m->n_new * sizeof(int32_t)));
		for (int j = 0; j < m->n_new; j++)
			if (!has(m->old_replicas, m->n_old, m->new_replicas[j]))
				assert_true(up(c, m->new_replicas[j]));
		if (i) {
			const rp_move *o = &p->moves[i - 1];
			int r = strcmp(o->topic, m->topic);
			assert_true(r < 0 || (r == 0 && o->partition < m->partition));
		}
	}
}

/* rp_validate takes the plan as a file would give it (no old lists) and
 * fills the old lists back in. */
static void assert_validates(const rp_cluster *c, const rp_plan *p)
{
	rp_plan q = { p->n_moves, calloc((size_t)p->n_moves + 1, sizeof(rp_move)) };
	assert_non_null(q.moves);
	for (int i = 0; i < p->n_moves; i++) {
		q.moves[i] = p->moves[i];
		q.moves[i].topic = strdup(p->moves[i].topic);
		q.moves[i].n_old = 0;
		memset(q.moves[i].old_replicas, 0, sizeof(q.moves[i].old_replicas));
	}
	int rc = rp_validate(c, &q, err, sizeof(err));
	if (rc)
		fail_msg("generated plan refused: %s", err);
	assert_plans_equal(p, &q);
	rp_plan_free(&q);
}

/* The replicas the plan copies: brokers new to each partition. */
static int added(const rp_plan *p)
{
	int n = 0;
	for (int i = 0; i < p->n_moves; i++)
		for (int j = 0; j < p->moves[i].n_new; j++)
			n += !has(p->moves[i].old_replicas, p->moves[i].n_old,
				  p->moves[i].new_replicas[j]);
	return n;
}

/* ---- random clusters -------------------------------------------------- */

static uint32_t seed;

static uint32_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

static int rnd_in(int lo, int hi)
{
	return lo + (int)(rnd() % (uint32_t)(hi - lo + 1));
}

static const char *const rack_names[] = { "r0", "r1", "r2", "r3" };
static const char *const topic_names[] = { "alpha", "beta", "gamma", "orders", "t", "zeta" };

typedef struct gen {
	rp_broker b[12];
	rp_partition p[6 * 12];
	rp_cluster c;
	rp_partition after[6 * 12];     /* the plan applied */
	rp_cluster ca;
	int n_racks, live, n_topics;
} gen;

static void gen_cluster(gen *g)
{
	memset(g, 0, sizeof(*g));
	int nb = rnd_in(3, 12);
	g->n_racks = rnd_in(0, 4);
	int32_t id = rnd_in(0, 3);
	/* a quarter of the clusters with ids far apart (no id table) */
	int32_t scale = rnd() % 4 ? 1 : 100003;
	for (int i = 0; i < nb; i++) {
		g->b[i].id = id * scale;
		id += rnd_in(1, 3);
		/* now and then a broker without a rack among racked ones */
		g->b[i].rack = g->n_racks && rnd() % 8 ? rack_names[rnd() % g->n_racks] : NULL;
		g->b[i].up = rnd() % 4 != 0;
	}
	if (rnd() % 3 == 0)             /* a third of the clusters: all up */
		for (int i = 0; i < nb; i++)
			g->b[i].up = true;
	g->b[rnd() % nb].up = true;
	for (int i = 0; i < nb; i++)
		g->live += g->b[i].up;
	g->n_topics = rnd_in(1, 6);
	int np = 0;
	for (int t = 0; t < g->n_topics; t++) {
		int parts = rnd_in(1, 12), rf = rnd_in(1, imin(4, g->live));
		for (int k = 0; k < parts; k++) {
			rp_partition *p = &g->p[np++];
			p->topic = topic_names[t];
			p->partition = k;
			p->size = rnd() % 5 ? rnd_in(0, 1000000) : -1;
			while (p->n_replicas < rf) {
				int32_t b = g->b[rnd() % nb].id;
				if (!has(p->replicas, p->n_replicas, b))
					p->replicas[p->n_replicas++] = b;
			}
		}
	}
	g->c = (rp_cluster){ nb, g->b, np, g->p };
}

static void gen_apply(gen *g, const rp_plan *p)
{
	memcpy(g->after, g->p, sizeof(g->after));
	for (int i = 0; i < p->n_moves; i++)
		for (int k = 0; k < g->c.n_partitions; k++)
			if (g->after[k].partition == p->moves[i].partition &&
			    !strcmp(g->after[k].topic, p->moves[i].topic)) {
				g->after[k].n_replicas = p->moves[i].n_new;
				memcpy(g->after[k].replicas, p->moves[i].new_replicas,
				       sizeof(g->after[k].replicas));
			}
	g->ca = (rp_cluster){ g->c.n_brokers, g->b, g->c.n_partitions, g->after };
}

/* The same cluster listed in another order must give the same plan. */
static void shuffled(const gen *g, rp_broker *b, rp_partition *p, rp_cluster *c)
{
	memcpy(b, g->b, sizeof(g->b));
	memcpy(p, g->p, sizeof(g->p));
	for (int i = g->c.n_partitions - 1; i > 0; i--) {
		int j = (int)(rnd() % (uint32_t)(i + 1));
		rp_partition t = p[i];
		p[i] = p[j];
		p[j] = t;
	}
	for (int i = g->c.n_brokers - 1; i > 0; i--) {
		int j = (int)(rnd() % (uint32_t)(i + 1));
		rp_broker t = b[i];
		b[i] = b[j];
		b[j] = t;
	}
	*c = (rp_cluster){ g->c.n_brokers, b, g->c.n_partitions, p };
}

/* ---- properties ------------------------------------------------------- */

static void test_property_drain(void **state)
{
	(void)state;
	int planned = 0, refused = 0;
	seed = 0x2545f491u;
	for (int n = 0; n < CLUSTERS; n++) {
		gen g;
		gen_cluster(&g);
		int32_t b = g.b[rnd() % (uint32_t)g.c.n_brokers].id;
		int others = g.live - up(&g.c, b);
		/* refused only when a partition of b has no live broker left to
		 * take it (a down replica beside b stays where it is) */
		bool feasible = true;
		for (int k = 0; k < g.c.n_partitions; k++) {
			const rp_partition *pk = &g.p[k];
			if (!has(pk->replicas, pk->n_replicas, b))
				continue;
			int free_live = 0;
			for (int i = 0; i < g.c.n_brokers; i++)
				free_live += g.b[i].up &&
					     !has(pk->replicas, pk->n_replicas, g.b[i].id);
			if (!free_live) {
				assert_true(pk->n_replicas > others);
				feasible = false;
			}
		}
		rp_plan p;
		int rc = rp_drain(&g.c, b, &p, err, sizeof(err));
		if (!feasible) {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(err, "up besides"));
			refused++;
			continue;
		}
		assert_int_equal(rc, 0);
		planned++;
		assert_plan_sane(&g.c, &p);
		for (int i = 0; i < p.n_moves; i++) {
			const rp_move *m = &p.moves[i];
			assert_int_equal(m->n_new, m->n_old);
			assert_false(has(m->new_replicas, m->n_new, b));
			/* only b's slot changes, and the replacement is live */
			for (int j = 0; j < m->n_new; j++) {
				if (m->old_replicas[j] == b)
					assert_true(up(&g.c, m->new_replicas[j]));
				else
					assert_int_equal(m->new_replicas[j], m->old_replicas[j]);
			}
			int before = rp_racks(&g.c, m->old_replicas, m->n_old);
			int after = rp_racks(&g.c, m->new_replicas, m->n_new);
			assert_true(after >= imin(before, live_racks(&g.c, b)));
		}
		gen_apply(&g, &p);
		for (int k = 0; k < g.c.n_partitions; k++)
			assert_false(has(g.after[k].replicas, g.after[k].n_replicas, b));
		assert_validates(&g.c, &p);

		rp_plan q;
		assert_int_equal(rp_drain(&g.c, b, &q, err, sizeof(err)), 0);
		assert_plans_equal(&p, &q);
		rp_plan_free(&q);
		rp_broker sb[12];
		rp_partition sp[6 * 12];
		rp_cluster sc;
		shuffled(&g, sb, sp, &sc);
		assert_int_equal(rp_drain(&sc, b, &q, err, sizeof(err)), 0);
		assert_plans_equal(&p, &q);
		rp_plan_free(&q);
		rp_plan_free(&p);
	}
	/* the generator must exercise both outcomes */
	assert_true(planned > CLUSTERS / 2);
	assert_true(refused > 0);
}

/* Replica counts over the partitions rebalanced (topic NULL: all), live
 * brokers only; *down gets the replicas on down brokers. */
static void counts(const rp_cluster *c, const char *topic, int *cnt, int *down, int *total)
{
	memset(cnt, 0, (size_t)c->n_brokers * sizeof(int));
	*down = *total = 0;
	for (int k = 0; k < c->n_partitions; k++) {
		const rp_partition *p = &c->partitions[k];
		if (topic && strcmp(p->topic, topic))
			continue;
		for (int j = 0; j < p->n_replicas; j++) {
			(*total)++;
			int i = 0;
			while (i < c->n_brokers && c->brokers[i].id != p->replicas[j])
				i++;
			if (c->brokers[i].up)
				cnt[i]++;
			else
				(*down)++;
		}
	}
}

static int off_band(int n, int fl, int cl)
{
	return n > cl ? n - cl : n < fl ? fl - n : 0;
}

/* After a rebalance no single move between live brokers may still bring a
 * broker nearer the band without dropping a rack: the generator's stop
 * condition, checked from outside. */
static void assert_no_better_move(const rp_cluster *c, const char *topic, const int *cnt, int fl,
				  int cl)
{
	for (int s = 0; s < c->n_brokers; s++)
		for (int d = 0; d < c->n_brokers; d++) {
			if (!c->brokers[s].up || !c->brokers[d].up || cnt[s] - cnt[d] < 2)
				continue;
			int gain = off_band(cnt[s], fl, cl) + off_band(cnt[d], fl, cl) -
				   off_band(cnt[s] - 1, fl, cl) - off_band(cnt[d] + 1, fl, cl);
			if (gain <= 0)
				continue;
			for (int k = 0; k < c->n_partitions; k++) {
				const rp_partition *p = &c->partitions[k];
				if (topic && strcmp(p->topic, topic))
					continue;
				if (!has(p->replicas, p->n_replicas, c->brokers[s].id) ||
				    has(p->replicas, p->n_replicas, c->brokers[d].id))
					continue;
				int32_t r[RP_MAX_RF];
				memcpy(r, p->replicas, sizeof(r));
				for (int j = 0; j < p->n_replicas; j++)
					if (r[j] == c->brokers[s].id)
						r[j] = c->brokers[d].id;
				if (rp_racks(c, r, p->n_replicas) >=
				    rp_racks(c, p->replicas, p->n_replicas))
					fail_msg("%s-%d could still move %d -> %d", p->topic,
						 p->partition, c->brokers[s].id, c->brokers[d].id);
			}
		}
}

/* Nor may one partition's reorder still even out preferred leaders. */
static void assert_leaders_even(const rp_cluster *c, const char *topic)
{
	int lc[12] = { 0 };
	for (int k = 0; k < c->n_partitions; k++) {
		const rp_partition *p = &c->partitions[k];
		if (topic && strcmp(p->topic, topic))
			continue;
		for (int i = 0; i < c->n_brokers; i++)
			if (c->brokers[i].id == p->replicas[0])
				lc[i]++;
	}
	for (int k = 0; k < c->n_partitions; k++) {
		const rp_partition *p = &c->partitions[k];
		if (topic && strcmp(p->topic, topic))
			continue;
		int s = 0;
		while (c->brokers[s].id != p->replicas[0])
			s++;
		for (int j = 1; j < p->n_replicas; j++)
			for (int d = 0; d < c->n_brokers; d++)
				if (c->brokers[d].id == p->replicas[j])
					assert_false(lc[d] <= lc[s] - 2);
	}
}

static void test_property_rebalance(void **state)
{
	(void)state;
	int balanced_checks = 0, moved = 0;
	seed = 0x9e3779b9u;
	for (int n = 0; n < CLUSTERS; n++) {
		gen g;
		gen_cluster(&g);
		const char *topic = rnd() % 3 ? NULL : topic_names[rnd() % (uint32_t)g.n_topics];
		int cnt[12], down, total;
		counts(&g.c, topic, cnt, &down, &total);
		int fl = total / g.live, cl = fl + (total % g.live != 0), e0 = 0, f0 = 0;
		for (int i = 0; i < g.c.n_brokers; i++)
			if (g.b[i].up) {
				e0 += cnt[i] > cl ? cnt[i] - cl : 0;
				f0 += cnt[i] < fl ? fl - cnt[i] : 0;
			}
		rp_plan p;
		int rc = rp_rebalance(&g.c, topic, &p, err, sizeof(err));
		if (rc)
			fail_msg("rebalance refused: %s", err);
		assert_plan_sane(&g.c, &p);
		for (int i = 0; i < p.n_moves; i++) {
			const rp_move *m = &p.moves[i];
			if (topic)
				assert_string_equal(m->topic, topic);
			assert_int_equal(m->n_new, m->n_old);
			for (int j = 0; j < m->n_new; j++)
				assert_true(up(&g.c, m->new_replicas[j]));
			int before = rp_racks(&g.c, m->old_replicas, m->n_old);
			int after = rp_racks(&g.c, m->new_replicas, m->n_new);
			assert_true(after >= imin(before, live_racks(&g.c, -1)));
		}
		/* the bound stated above rp_rebalance */
		int a = added(&p);
		assert_true(a <= 2 * down + e0 + f0);
		if (!down)
			assert_true(a <= e0 + f0);
		rp_stats st;
		rp_stats_compute(&g.c, &p, &st);
		assert_int_equal(st.replicas_added, a);
		rp_stats_free(&st);
		moved += a;

		gen_apply(&g, &p);
		int after_down;
		counts(&g.ca, topic, cnt, &after_down, &total);
		assert_int_equal(after_down, 0);
		if (!g.n_racks) {
			/* nothing to keep: the band is always reached */
			for (int i = 0; i < g.c.n_brokers; i++)
				if (g.b[i].up)
					assert_true(cnt[i] >= fl && cnt[i] <= cl);
			balanced_checks++;
		}
		assert_no_better_move(&g.ca, topic, cnt, fl, cl);
		assert_leaders_even(&g.ca, topic);
		assert_validates(&g.c, &p);

		rp_plan q;
		assert_int_equal(rp_rebalance(&g.c, topic, &q, err, sizeof(err)), 0);
		assert_plans_equal(&p, &q);
		rp_plan_free(&q);
		rp_broker sb[12];
		rp_partition sp[6 * 12];
		rp_cluster sc;
		shuffled(&g, sb, sp, &sc);
		assert_int_equal(rp_rebalance(&sc, topic, &q, err, sizeof(err)), 0);
		assert_plans_equal(&p, &q);
		rp_plan_free(&q);
		rp_plan_free(&p);
	}
	assert_true(balanced_checks > 50);
	assert_true(moved > 0);
}

static void test_property_set_rf(void **state)
{
	(void)state;
	int raised = 0, lowered = 0;
	seed = 0x1234567u;
	for (int n = 0; n < CLUSTERS; n++) {
		gen g;
		gen_cluster(&g);
		const char *topic = topic_names[rnd() % (uint32_t)g.n_topics];
		int rf = rnd_in(0, g.live + 1);
		rp_plan p;
		int rc = rp_set_rf(&g.c, topic, rf, &p, err, sizeof(err));
		if (rf < 1 || rf > g.live) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_plan_sane(&g.c, &p);
		for (int i = 0; i < p.n_moves; i++) {
			const rp_move *m = &p.moves[i];
			assert_string_equal(m->topic, topic);
			assert_int_equal(m->n_new, rf);
			assert_int_equal(m->new_replicas[0], m->old_replicas[0]);
			int before = rp_racks(&g.c, m->old_replicas, m->n_old);
			int after = rp_racks(&g.c, m->new_replicas, m->n_new);
			if (m->n_old > rf) {
				lowered++;
				/* what stays keeps its order; racks drop only as far
				 * as the replica count forces */
				int j = 0;
				for (int o = 0; o < m->n_old && j < rf; o++)
					if (m->old_replicas[o] == m->new_replicas[j])
						j++;
				assert_int_equal(j, rf);
				assert_int_equal(after, imin(before, rf));
			} else {
				raised++;
				assert_true(m->n_old < rf);
				assert_memory_equal(m->old_replicas, m->new_replicas,
						    m->n_old * sizeof(int32_t));
				/* racks the old list and the live brokers span */
				int32_t ids[32];
				int ni = 0;
				for (int o = 0; o < m->n_old; o++)
					ids[ni++] = m->old_replicas[o];
				for (int b = 0; b < g.c.n_brokers; b++)
					if (g.b[b].up && !has(ids, ni, g.b[b].id))
						ids[ni++] = g.b[b].id;
				int reach = rp_racks(&g.c, ids, ni);
				assert_true(after >= imin(before + rf - m->n_old, reach));
			}
		}
		gen_apply(&g, &p);
		for (int k = 0; k < g.c.n_partitions; k++)
			if (!strcmp(g.after[k].topic, topic))
				assert_int_equal(g.after[k].n_replicas, rf);
			else
				assert_null(move_of(&p, g.after[k].topic, g.after[k].partition));
		assert_validates(&g.c, &p);

		rp_plan q;
		assert_int_equal(rp_set_rf(&g.c, topic, rf, &q, err, sizeof(err)), 0);
		assert_plans_equal(&p, &q);
		rp_plan_free(&q);
		rp_broker sb[12];
		rp_partition sp[6 * 12];
		rp_cluster sc;
		shuffled(&g, sb, sp, &sc);
		assert_int_equal(rp_set_rf(&sc, topic, rf, &q, err, sizeof(err)), 0);
		assert_plans_equal(&p, &q);
		rp_plan_free(&q);
		rp_plan_free(&p);
	}
	assert_true(raised > 100);
	assert_true(lowered > 100);
}

/* ---- hand-made clusters ----------------------------------------------- */

/* Brokers 1..5: 1, 2 in rack a, 3, 4 in rack b, 5 in rack c and down. */
static const rp_broker hb[] = {
	{ 1, "a", true }, { 2, "a", true }, { 3, "b", true }, { 4, "b", true }, { 5, "c", false },
};
static const rp_partition hp[] = {
	{ "orders", 0, 3, { 1, 3, 2 }, 1000 },
	{ "orders", 1, 3, { 3, 1, 4 }, -1 },
	{ "orders", 2, 2, { 2, 5 }, 500 },
	{ "pay", 0, 2, { 1, 3 }, 10 },
	{ "pay", 1, 2, { 3, 1 }, 20 },
};
static const rp_cluster hc = { 5, hb, 5, hp };

static void test_drain(void **state)
{
	(void)state;
	rp_plan p;
	assert_int_equal(rp_drain(&hc, 1, &p, err, sizeof(err)), 0);
	/* orders-0 [1,3,2]: 4 is the only live broker left for it, and
	 * takes the first slot */
	assert_int_equal(p.n_moves, 4);
	const rp_move *m = move_of(&p, "orders", 0);
	assert_non_null(m);
	assert_int_equal(m->new_replicas[0], 4);
	assert_int_equal(m->new_replicas[1], 3);
	assert_int_equal(m->new_replicas[2], 2);
	/* orders-1 [3,1,4]: 1 was the only rack a: 2 takes its slot */
	m = move_of(&p, "orders", 1);
	assert_int_equal(m->new_replicas[1], 2);
	/* pay-0 [1,3]: rack a again, from 2 */
	m = move_of(&p, "pay", 0);
	assert_int_equal(m->new_replicas[0], 2);
	assert_null(move_of(&p, "orders", 2));
	rp_plan_free(&p);

	assert_int_equal(rp_drain(&hc, 9, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "broker 9 is not in the cluster");
	/* a broker that is down drains like any other */
	assert_int_equal(rp_drain(&hc, 5, &p, err, sizeof(err)), 0);
	assert_int_equal(p.n_moves, 1);
	assert_int_equal(p.moves[0].new_replicas[1], 4);     /* a new rack, the emptiest */
	rp_plan_free(&p);

	static const rp_broker b3[] = { { 1, NULL, true }, { 2, NULL, true }, { 3, NULL, true },
					{ 4, NULL, false } };
	static const rp_partition p3[] = { { "t", 0, 3, { 1, 2, 3 }, 1 } };
	rp_cluster c3 = { 4, b3, 1, p3 };
	assert_int_equal(rp_drain(&c3, 1, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "only 2 brokers are up besides 1: partition t-0 needs 3");
	assert_null(p.moves);
}

static void test_rebalance(void **state)
{
	(void)state;
	/* a fourth broker just joined: it gets its share and its leaders */
	static const rp_broker b[] = { { 1, NULL, true }, { 2, NULL, true }, { 3, NULL, true },
				       { 4, NULL, true } };
	static const rp_partition p[] = {
		{ "t", 0, 2, { 1, 2 }, 1 }, { "t", 1, 2, { 2, 3 }, 1 }, { "t", 2, 2, { 3, 1 }, 1 },
		{ "t", 3, 2, { 1, 2 }, 1 }, { "t", 4, 2, { 2, 3 }, 1 }, { "t", 5, 2, { 3, 1 }, 1 },
	};
	rp_cluster c = { 4, b, 6, p };
	rp_plan pl;
	assert_int_equal(rp_rebalance(&c, NULL, &pl, err, sizeof(err)), 0);
	rp_stats st;
	rp_stats_compute(&c, &pl, &st);
	assert_int_equal(st.n_brokers, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(st.brokers[i].replicas_after, 3);
		assert_true(st.brokers[i].leaders_after >= 1 && st.brokers[i].leaders_after <= 2);
	}
	assert_int_equal(st.replicas_added, 3);     /* 12 / 4 = 3 each: 3 copies */
	rp_stats_free(&st);
	rp_plan_free(&pl);

	/* already even: nothing to do */
	static const rp_partition even[] = { { "t", 0, 2, { 1, 2 }, 1 },
					     { "t", 1, 2, { 3, 4 }, 1 } };
	rp_cluster ce = { 4, b, 2, even };
	assert_int_equal(rp_rebalance(&ce, NULL, &pl, err, sizeof(err)), 0);
	assert_int_equal(pl.n_moves, 0);
	rp_plan_free(&pl);

	assert_int_equal(rp_rebalance(&c, "nope", &pl, err, sizeof(err)), -1);
	assert_string_equal(err, "topic nope does not exist");

	/* a replica on a broker the cluster no longer lists moves too */
	static const rp_partition gone[] = { { "t", 0, 2, { 1, 9 }, 1 } };
	rp_cluster cg = { 4, b, 1, gone };
	assert_int_equal(rp_rebalance(&cg, NULL, &pl, err, sizeof(err)), 0);
	assert_int_equal(pl.n_moves, 1);
	assert_false(has(pl.moves[0].new_replicas, 2, 9));
	rp_plan_free(&pl);

	/* where the bound's 2 * D comes from: the down replica of t-0 fits
	 * only on 4, already at ceil(5 / 3) = 2, so 4 sheds another one:
	 * 2 copies while D + E + F = 1 + 0 + 0 */
	static const rp_broker bt[] = { { 1, NULL, true }, { 2, NULL, true }, { 3, NULL, false },
					{ 4, NULL, true } };
	static const rp_partition pt[] = { { "t", 0, 3, { 1, 2, 3 }, 1 }, { "u", 0, 1, { 4 }, 1 },
					   { "v", 0, 1, { 4 }, 1 } };
	rp_cluster ct = { 4, bt, 3, pt };
	assert_int_equal(rp_rebalance(&ct, NULL, &pl, err, sizeof(err)), 0);
	assert_int_equal(added(&pl), 2);
	assert_int_equal(pl.n_moves, 2);
	assert_int_equal(pl.moves[0].new_replicas[2], 4);
	assert_int_equal(pl.moves[1].new_replicas[0], 1);    /* u-0: 4 -> 1 */
	rp_plan_free(&pl);

	/* more replicas than live brokers: refused, naming the partition */
	static const rp_broker bd[] = { { 1, NULL, true }, { 2, NULL, false }, { 3, NULL, true } };
	static const rp_partition pd[] = { { "t", 0, 3, { 1, 2, 3 }, 1 } };
	rp_cluster cd = { 3, bd, 1, pd };
	assert_int_equal(rp_rebalance(&cd, NULL, &pl, err, sizeof(err)), -1);
	assert_string_equal(err, "only 2 brokers are up: t-0 has replication factor 3");
}

static void test_set_rf(void **state)
{
	(void)state;
	rp_plan p;
	/* pay [1,3] -> 3: the third replica from rack c is down, so a or b */
	assert_int_equal(rp_set_rf(&hc, "pay", 3, &p, err, sizeof(err)), 0);
	assert_int_equal(p.n_moves, 2);
	assert_int_equal(p.moves[0].n_new, 3);
	assert_int_equal(p.moves[0].new_replicas[0], 1);
	assert_int_equal(p.moves[0].new_replicas[1], 3);
	rp_plan_free(&p);
	/* orders [1,3,2] -> 2 drops 2 (rack a twice); [3,1,4] drops 4 */
	assert_int_equal(rp_set_rf(&hc, "orders", 2, &p, err, sizeof(err)), 0);
	const rp_move *m = move_of(&p, "orders", 0);
	assert_int_equal(m->n_new, 2);
	assert_int_equal(m->new_replicas[0], 1);
	assert_int_equal(m->new_replicas[1], 3);
	m = move_of(&p, "orders", 1);
	assert_int_equal(m->new_replicas[0], 3);
	assert_int_equal(m->new_replicas[1], 1);
	assert_null(move_of(&p, "orders", 2));      /* already 2 */
	rp_plan_free(&p);
	/* lowering to 1 keeps the preferred leader */
	assert_int_equal(rp_set_rf(&hc, "orders", 1, &p, err, sizeof(err)), 0);
	assert_int_equal(move_of(&p, "orders", 1)->new_replicas[0], 3);
	assert_int_equal(move_of(&p, "orders", 2)->new_replicas[0], 2);
	rp_plan_free(&p);

	assert_int_equal(rp_set_rf(&hc, "orders", 5, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "only 4 brokers are up: replication factor 5 cannot be kept");
	assert_int_equal(rp_set_rf(&hc, "orders", 0, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "replication factor 0: it must be at least 1");
	assert_int_equal(rp_set_rf(&hc, "nope", 2, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "topic nope does not exist");
	assert_int_equal(rp_set_rf(&hc, NULL, 2, &p, err, sizeof(err)), -1);
}

static int check1(const char *t, int32_t part, int n, const int32_t *ids)
{
	rp_plan p = { 1, calloc(1, sizeof(rp_move)) };
	p.moves[0].topic = strdup(t);
	p.moves[0].partition = part;
	p.moves[0].n_new = n;
	memcpy(p.moves[0].new_replicas, ids, (size_t)n * sizeof(int32_t));
	err[0] = '\0';
	int rc = rp_validate(&hc, &p, err, sizeof(err));
	rp_plan_free(&p);
	return rc;
}

static void test_validate(void **state)
{
	(void)state;
	assert_int_equal(check1("orders", 0, 3, (int32_t[]){ 4, 3, 2 }), 0);
	assert_int_equal(check1("orders", 0, 3, (int32_t[]){ 1, 7, 2 }), -1);
	assert_string_equal(err, "unknown broker 7 in orders-0");
	assert_int_equal(check1("orders", 0, 3, (int32_t[]){ 1, 2, 2 }), -1);
	assert_string_equal(err, "broker 2 appears twice in orders-0");
	assert_int_equal(check1("orders", 0, 0, (int32_t[]){ 0 }), -1);
	assert_string_equal(err, "empty replica list for orders-0");
	assert_int_equal(check1("orders", 0, 3, (int32_t[]){ 1, 5, 2 }), -1);
	assert_string_equal(err, "broker 5 is down: orders-0 cannot move to it");
	assert_int_equal(check1("orders", 0, 5, (int32_t[]){ 1, 2, 3, 4, 5 }), -1);
	assert_string_equal(err, "orders-0: 5 replicas, but only 4 brokers are up");
	assert_int_equal(check1("nope", 0, 1, (int32_t[]){ 1 }), -1);
	assert_string_equal(err, "topic nope does not exist");
	assert_int_equal(check1("orders", 9, 1, (int32_t[]){ 1 }), -1);
	assert_string_equal(err, "partition orders-9 does not exist");
	/* 5 is down but already holds orders-2: a reorder may keep it */
	assert_int_equal(check1("orders", 2, 2, (int32_t[]){ 5, 2 }), 0);

	rp_plan p = { 2, calloc(2, sizeof(rp_move)) };
	for (int i = 0; i < 2; i++) {
		p.moves[i].topic = strdup("pay");
		p.moves[i].partition = 1;
		p.moves[i].n_new = 2;
		p.moves[i].new_replicas[0] = 1;
		p.moves[i].new_replicas[1] = 2 + i;
	}
	assert_int_equal(rp_validate(&hc, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "pay-1 is listed twice");
	p.moves[1].partition = 0;
	assert_int_equal(rp_validate(&hc, &p, err, sizeof(err)), 0);
	/* the old lists come from the cluster */
	assert_int_equal(p.moves[0].n_old, 2);
	assert_int_equal(p.moves[0].old_replicas[0], 3);
	assert_int_equal(p.moves[1].old_replicas[1], 3);
	rp_plan_free(&p);
}

static void test_stats(void **state)
{
	(void)state;
	rp_plan p = { 2, calloc(2, sizeof(rp_move)) };
	/* orders-0 [1,3,2] -> [4,3,2]: one copy of 1000 bytes */
	p.moves[0] = (rp_move){ strdup("orders"), 0, 3, 3, { 1, 3, 2 }, { 4, 3, 2 } };
	/* orders-1 [3,1,4] -> [1,3,2]: a copy of unknown size */
	p.moves[1] = (rp_move){ strdup("orders"), 1, 3, 3, { 3, 1, 4 }, { 1, 3, 2 } };
	rp_stats s;
	rp_stats_compute(&hc, &p, &s);
	assert_int_equal(s.partitions_moved, 2);
	assert_int_equal(s.replicas_added, 2);
	assert_int_equal(s.bytes_to_copy, 1000);
	assert_int_equal(s.unknown_sizes, 1);
	assert_int_equal(s.n_brokers, 5);
	const rp_broker_count *b = s.brokers;
	assert_int_equal(b[0].id, 1);
	assert_int_equal(b[0].replicas_before, 4);
	assert_int_equal(b[0].replicas_after, 3);
	assert_int_equal(b[0].leaders_before, 2);
	assert_int_equal(b[0].leaders_after, 2);     /* loses orders-0, gains orders-1 */
	assert_int_equal(b[1].replicas_after, 3);
	assert_int_equal(b[2].leaders_after, 1);
	assert_int_equal(b[3].replicas_before, 1);
	assert_int_equal(b[3].replicas_after, 1);
	assert_int_equal(b[3].leaders_after, 1);
	assert_int_equal(b[4].replicas_after, 1);
	rp_stats_free(&s);

	/* a reorder copies nothing, so its unknown size does not count */
	p.moves[1] = (rp_move){ p.moves[1].topic, 1, 3, 3, { 3, 1, 4 }, { 1, 3, 4 } };
	rp_stats_compute(&hc, &p, &s);
	assert_int_equal(s.partitions_moved, 2);
	assert_int_equal(s.replicas_added, 1);
	assert_int_equal(s.unknown_sizes, 0);
	rp_stats_free(&s);
	rp_plan_free(&p);
}

static void test_racks(void **state)
{
	(void)state;
	static const rp_broker b[] = { { 1, "a", true }, { 2, "a", true }, { 3, NULL, true },
				       { 4, NULL, true }, { 5, "b", false } };
	rp_cluster c = { 5, b, 0, NULL };
	assert_int_equal(rp_racks(&c, (int32_t[]){ 1, 2 }, 2), 1);
	assert_int_equal(rp_racks(&c, (int32_t[]){ 1, 5 }, 2), 2);
	assert_int_equal(rp_racks(&c, (int32_t[]){ 3, 4 }, 2), 2);    /* no rack: its own */
	assert_int_equal(rp_racks(&c, (int32_t[]){ 1, 3, 2, 4, 5 }, 5), 4);
	assert_int_equal(rp_racks(&c, (int32_t[]){ 1, 9 }, 2), 2);    /* unknown: its own */
	assert_int_equal(rp_racks(&c, NULL, 0), 0);
}

/* ---- JSON ------------------------------------------------------------- */

static void test_json_round_trip(void **state)
{
	(void)state;
	rp_plan p, q, r;
	assert_int_equal(rp_drain(&hc, 1, &p, err, sizeof(err)), 0);
	char *text = rp_plan_to_json(&p, false);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"version\":1"));
	assert_non_null(strstr(text, "\"log_dirs\":[\"any\",\"any\",\"any\"]"));
	assert_int_equal(rp_plan_from_json(text, &q, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(q.n_moves, p.n_moves);
	for (int i = 0; i < p.n_moves; i++) {
		assert_string_equal(q.moves[i].topic, p.moves[i].topic);
		assert_int_equal(q.moves[i].partition, p.moves[i].partition);
		assert_int_equal(q.moves[i].n_old, 0);       /* the file does not say */
		assert_int_equal(q.moves[i].n_new, p.moves[i].n_new);
		assert_memory_equal(q.moves[i].new_replicas, p.moves[i].new_replicas,
				    p.moves[i].n_new * sizeof(int32_t));
	}
	/* an imported plan validates and gets its old lists back */
	assert_int_equal(rp_validate(&hc, &q, err, sizeof(err)), 0);
	assert_plans_equal(&p, &q);
	rp_plan_free(&q);

	/* the rollback file lists the replicas as they are now */
	text = rp_plan_to_json(&p, true);
	assert_non_null(text);
	assert_int_equal(rp_plan_from_json(text, &r, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(r.n_moves, p.n_moves);
	for (int i = 0; i < p.n_moves; i++) {
		assert_int_equal(r.moves[i].n_new, p.moves[i].n_old);
		assert_memory_equal(r.moves[i].new_replicas, p.moves[i].old_replicas,
				    p.moves[i].n_old * sizeof(int32_t));
	}
	rp_plan_free(&r);

	/* a move whose old list is unknown cannot be rolled back */
	p.moves[0].n_old = 0;
	text = rp_plan_to_json(&p, true);
	assert_int_equal(rp_plan_from_json(text, &r, err, sizeof(err)), 0);
	assert_int_equal(r.n_moves, p.n_moves - 1);
	free(text);
	rp_plan_free(&r);
	rp_plan_free(&p);

	/* no moves: still a valid file */
	rp_plan empty = { 0, NULL };
	text = rp_plan_to_json(&empty, false);
	assert_string_equal(text, "{\"version\":1,\"partitions\":[]}");
	free(text);
}

static int load(const char *text)
{
	rp_plan p;
	err[0] = '\0';
	int rc = rp_plan_from_json(text, &p, err, sizeof(err));
	if (rc) {
		assert_int_equal(p.n_moves, 0);
		assert_null(p.moves);
	}
	rp_plan_free(&p);
	return rc;
}

static void test_json_malformed(void **state)
{
	(void)state;
	assert_int_equal(load(""), -1);
	assert_non_null(strstr(err, "not JSON"));
	assert_int_equal(load("{\"version\":1,\"partitions\":[}"), -1);
	assert_non_null(strstr(err, "not JSON: line 1"));
	assert_int_equal(load("[1,2]"), -1);
	assert_string_equal(err, "the plan is not a JSON object");
	assert_int_equal(load("{\"version\":1}"), -1);
	assert_string_equal(err, "the plan has no \"partitions\" list");
	assert_int_equal(load("{\"partitions\":{}}"), -1);
	assert_string_equal(err, "the plan has no \"partitions\" list");
	assert_int_equal(load("{\"version\":2,\"partitions\":[]}"), -1);
	assert_string_equal(err, "the plan's \"version\" must be 1");
	assert_int_equal(load("{\"partitions\":[7]}"), -1);
	assert_string_equal(err, "partitions[0] is not an object");
	assert_int_equal(load("{\"partitions\":[{\"partition\":0,\"replicas\":[1]}]}"), -1);
	assert_string_equal(err, "partitions[0]: \"topic\" must be a topic name");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":-1,"
			      "\"replicas\":[1]}]}"), -1);
	assert_string_equal(err, "partitions[0] (topic t): \"partition\" must be a whole "
			    "number from 0");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":\"0\","
			      "\"replicas\":[1]}]}"), -1);
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0}]}"), -1);
	assert_string_equal(err, "t-0: \"replicas\" must be a list of broker ids");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,"
			      "\"replicas\":[1,\"2\"]}]}"), -1);
	assert_string_equal(err, "t-0: replica 2 is not a broker id");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,"
			      "\"replicas\":[1,2.5]}]}"), -1);
	assert_string_equal(err, "t-0: replica 2 is not a broker id");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,"
			      "\"replicas\":[]}]}"), -1);
	assert_string_equal(err, "empty replica list for t-0");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":"
			      "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}]}"), -1);
	assert_string_equal(err, "t-0: 17 replicas, a plan holds at most 16");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":1,\"replicas\":[1]},"
			      "{\"topic\":\"t\",\"partition\":0,\"replicas\":[2]},"
			      "{\"topic\":\"t\",\"partition\":1,\"replicas\":[3]}]}"), -1);
	assert_string_equal(err, "t-1 is listed twice");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,"
			      "\"replicas\":[1,2],\"log_dirs\":[\"any\"]}]}"), -1);
	assert_string_equal(err, "t-0: \"log_dirs\" must list one directory per replica");
	assert_int_equal(load("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,"
			      "\"replicas\":[1,2],\"log_dirs\":[\"any\",\"/data/k1\"]}]}"), -1);
	assert_string_equal(err, "t-0: log dir \"/data/k1\": kdeck moves replicas between "
			    "brokers only (write \"any\")");
	/* the same key twice: which one would the tool take? */
	assert_int_equal(load("{\"partitions\":[],\"partitions\":[]}"), -1);
	assert_int_equal(rp_plan_from_json(NULL, &(rp_plan){ 0, NULL }, err, sizeof(err)), -1);
}

static void test_json_apache(void **state)
{
	(void)state;
	/* as kafka-reassign-partitions --generate prints it, out of order */
	static const char file[] =
		"{\"version\":1,\n"
		" \"partitions\":[\n"
		"  {\"topic\":\"pay\",\"partition\":1,\"replicas\":[2,4],"
		"\"log_dirs\":[\"any\",\"any\"]},\n"
		"  {\"topic\":\"orders\",\"partition\":2,\"replicas\":[2,3],"
		"\"log_dirs\":[\"any\",\"any\"]}\n"
		" ]}\n";
	rp_plan p;
	assert_int_equal(rp_plan_from_json(file, &p, err, sizeof(err)), 0);
	assert_int_equal(p.n_moves, 2);
	assert_string_equal(p.moves[0].topic, "orders");
	assert_int_equal(p.moves[0].partition, 2);
	assert_int_equal(p.moves[0].n_new, 2);
	assert_int_equal(p.moves[0].new_replicas[1], 3);
	assert_string_equal(p.moves[1].topic, "pay");
	assert_int_equal(p.moves[1].new_replicas[1], 4);
	assert_int_equal(rp_validate(&hc, &p, err, sizeof(err)), 0);
	assert_int_equal(p.moves[0].n_old, 2);
	assert_int_equal(p.moves[0].old_replicas[1], 5);
	rp_plan_free(&p);

	/* without log_dirs, without version, with keys of a later version */
	assert_int_equal(rp_plan_from_json("{\"partitions\":[{\"topic\":\"pay\",\"partition\":0,"
					   "\"replicas\":[3,1],\"future\":true}]}",
					   &p, err, sizeof(err)), 0);
	assert_int_equal(p.n_moves, 1);
	assert_int_equal(p.moves[0].new_replicas[0], 3);
	rp_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drain),
		cmocka_unit_test(test_rebalance),
		cmocka_unit_test(test_set_rf),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_racks),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_malformed),
		cmocka_unit_test(test_json_apache),
		cmocka_unit_test(test_property_drain),
		cmocka_unit_test(test_property_rebalance),
		cmocka_unit_test(test_property_set_rf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
