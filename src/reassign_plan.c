/*
 * reassign_plan.c: the plan generators (drain, rebalance, replication
 * factor), the checks a plan from elsewhere goes through, and the
 * preview's counts.  See reassign_plan.h.
 *
 * Everything is visited in a fixed order (brokers by id, partitions by
 * topic then number) and every choice ends on the lower broker id, so the
 * same cluster gives the same plan whatever order the caller listed it in.
 */
#include "config.h"

#include "reassign_plan.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cluster indexed once: brokers by id, partitions by (topic,
 * partition), racks as small integers so lists compare cheaply. */
typedef struct ctx {
	int nb, np;
	const rp_broker **br;           /* by id */
	int *rack;                      /* per broker: first broker index of its rack */
	int *count;                     /* per broker: replicas, as the plan goes */
	const rp_partition **pa;        /* by (topic, partition) */
	int32_t map_lo;                 /* id - map_lo -> broker, when ids are dense */
	int map_n, *map;
} ctx;

/* A partition's replica list while a plan is worked out. */
typedef struct work {
	const rp_partition *p;
	int n0, n;                      /* replicas before (p's, clamped), now */
	int32_t r[RP_MAX_RF];
} work;

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static int cmp_broker(const void *a, const void *b)
{
	int32_t x = (*(const rp_broker *const *)a)->id, y = (*(const rp_broker *const *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_part(const void *a, const void *b)
{
	const rp_partition *x = *(const rp_partition *const *)a;
	const rp_partition *y = *(const rp_partition *const *)b;
	int r = strcmp(x->topic, y->topic);
	if (r)
		return r;
	return (x->partition > y->partition) - (x->partition < y->partition);
}

static void ctx_init(ctx *x, const rp_cluster *c)
{
	memset(x, 0, sizeof(*x));
	x->nb = c->n_brokers > 0 ? c->n_brokers : 0;
	x->np = c->n_partitions > 0 ? c->n_partitions : 0;
	x->br = xcalloc((size_t)x->nb, sizeof(*x->br));
	x->rack = xcalloc((size_t)x->nb, sizeof(*x->rack));
	x->count = xcalloc((size_t)x->nb, sizeof(*x->count));
	x->pa = xcalloc((size_t)x->np, sizeof(*x->pa));
	for (int i = 0; i < x->nb; i++)
		x->br[i] = &c->brokers[i];
	for (int i = 0; i < x->np; i++)
		x->pa[i] = &c->partitions[i];
	qsort(x->br, (size_t)x->nb, sizeof(*x->br), cmp_broker);
	qsort(x->pa, (size_t)x->np, sizeof(*x->pa), cmp_part);
	/* broker ids are small in practice: a table beats a search in the
	 * inner loops; scattered ids fall back to the search */
	if (x->nb) {
		int64_t span = (int64_t)x->br[x->nb - 1]->id - x->br[0]->id + 1;
		if (span <= 65536 && span <= 64 * (int64_t)x->nb) {
			x->map_lo = x->br[0]->id;
			x->map_n = (int)span;
			x->map = xcalloc((size_t)span, sizeof(*x->map));
			for (int i = 0; i < x->map_n; i++)
				x->map[i] = -1;
			for (int i = 0; i < x->nb; i++)
				x->map[x->br[i]->id - x->map_lo] = i;
		}
	}
	/* a broker without a rack is its own rack: its own index is free,
	 * since no named rack starts at it */
	for (int i = 0; i < x->nb; i++) {
		x->rack[i] = i;
		if (!x->br[i]->rack)
			continue;
		for (int j = 0; j < i; j++)
			if (x->br[j]->rack && !strcmp(x->br[j]->rack, x->br[i]->rack)) {
				x->rack[i] = x->rack[j];
				break;
			}
	}
}

static void ctx_free(ctx *x)
{
	free(x->br);
	free(x->rack);
	free(x->count);
	free(x->pa);
	free(x->map);
	memset(x, 0, sizeof(*x));
}

static int bindex(const ctx *x, int32_t id)
{
	if (x->map) {
		int64_t k = (int64_t)id - x->map_lo;
		return k >= 0 && k < x->map_n ? x->map[k] : -1;
	}
	int lo = 0, hi = x->nb - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (x->br[mid]->id == id)
			return mid;
		if (x->br[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static bool live(const ctx *x, int32_t id)
{
	int i = bindex(x, id);
	return i >= 0 && x->br[i]->up;
}

static int live_count(const ctx *x, int except)
{
	int n = 0;
	for (int i = 0; i < x->nb; i++)
		if (x->br[i]->up && i != except)
			n++;
	return n;
}

/* Rack of a listed broker; one not in the cluster is a rack of its own. */
static int64_t rack_key(const ctx *x, int32_t id)
{
	int i = bindex(x, id);
	return i >= 0 ? x->rack[i] : (int64_t)x->nb + ((int64_t)id - INT32_MIN);
}

static bool rack_used(const ctx *x, const int32_t *r, int n, int skip, int64_t key)
{
	for (int i = 0; i < n; i++)
		if (i != skip && rack_key(x, r[i]) == key)
			return true;
	return false;
}

static bool listed(const int32_t *r, int n, int skip, int32_t id)
{
	for (int i = 0; i < n; i++)
		if (i != skip && r[i] == id)
			return true;
	return false;
}

/* The live broker to put at position skip of r (skip == n: an added
 * replica).  The rack count goes first: a broker whose rack the rest of
 * the list does not use; then, for the rebalance, one still under cap;
 * then the fewest replicas; then the lower id.  -1 when every live broker
 * other than except is in the list already. */
static int pick_broker(const ctx *x, const int32_t *r, int n, int skip, int cap, int except)
{
	int best = -1, bkey[3] = { 0, 0, 0 };
	for (int i = 0; i < x->nb; i++) {
		if (!x->br[i]->up || i == except || listed(r, n, skip, x->br[i]->id))
			continue;
		int key[3] = { rack_used(x, r, n, skip, x->rack[i]), x->count[i] >= cap,
			       x->count[i] };
		int k = 0;
		while (k < 2 && key[k] == bkey[k])
			k++;
		/* brokers come by id: a tie keeps the lower one */
		if (best < 0 || key[k] < bkey[k]) {
			best = i;
			memcpy(bkey, key, sizeof(bkey));
		}
	}
	return best;
}

static bool work_changed(const work *w)
{
	return w->n != w->n0 || memcmp(w->r, w->p->replicas, (size_t)w->n * sizeof(int32_t));
}

static bool in_original(const work *w, int32_t id)
{
	return listed(w->p->replicas, w->n0, -1, id);
}

/* The works (sorted) that changed become the plan. */
static void plan_from_works(const work *w, int nw, rp_plan *out)
{
	int n = 0;
	for (int k = 0; k < nw; k++)
		n += work_changed(&w[k]);
	out->n_moves = n;
	out->moves = n ? xcalloc((size_t)n, sizeof(rp_move)) : NULL;
	n = 0;
	for (int k = 0; k < nw; k++) {
		if (!work_changed(&w[k]))
			continue;
		rp_move *m = &out->moves[n++];
		m->topic = strdup(w[k].p->topic);
		if (!m->topic)
			abort();
		m->partition = w[k].p->partition;
		m->n_old = w[k].n0;
		memcpy(m->old_replicas, w[k].p->replicas, (size_t)m->n_old * sizeof(int32_t));
		m->n_new = w[k].n;
		memcpy(m->new_replicas, w[k].r, (size_t)m->n_new * sizeof(int32_t));
	}
}

/* Works for the partitions of topic (NULL: all), in sorted order. */
static work *works_for(const ctx *x, const char *topic, int *nw)
{
	work *w = xcalloc((size_t)x->np, sizeof(*w));
	int n = 0;
	for (int k = 0; k < x->np; k++) {
		const rp_partition *p = x->pa[k];
		if (topic && strcmp(p->topic, topic))
			continue;
		w[n].p = p;
		w[n].n = p->n_replicas < 0 ? 0 : p->n_replicas;
		if (w[n].n > RP_MAX_RF)
			w[n].n = RP_MAX_RF;
		w[n].n0 = w[n].n;
		memcpy(w[n].r, p->replicas, (size_t)w[n].n * sizeof(int32_t));
		n++;
	}
	*nw = n;
	return w;
}

static void count_works(ctx *x, const work *w, int nw)
{
	memset(x->count, 0, (size_t)x->nb * sizeof(*x->count));
	for (int k = 0; k < nw; k++)
		for (int j = 0; j < w[k].n; j++) {
			int i = bindex(x, w[k].r[j]);
			if (i >= 0)
				x->count[i]++;
		}
}

static const char *are_up(int n)
{
	return n == 1 ? "broker is" : "brokers are";
}

void rp_plan_free(rp_plan *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n_moves; i++)
		free(p->moves[i].topic);
	free(p->moves);
	memset(p, 0, sizeof(*p));
}

/*
 * Drain: every replica on the broker goes to the live broker that keeps the
 * partition's racks and holds the fewest replicas so far, in the same slot,
 * so a preferred leader's replacement is the new preferred leader.
 * Replicas on other brokers stay where they are, down or not.
 */
int rp_drain(const rp_cluster *c, int32_t broker, rp_plan *out, char *err, size_t errlen)
{
	ctx x;
	int nw, rc = 0;

	memset(out, 0, sizeof(*out));
	ctx_init(&x, c);
	int b = bindex(&x, broker);
	if (b < 0) {
		snprintf(err, errlen, "broker %d is not in the cluster", (int)broker);
		ctx_free(&x);
		return -1;
	}
	/* counts over every partition given: the drained replicas spread
	 * onto the emptiest brokers */
	work *w = works_for(&x, NULL, &nw);
	count_works(&x, w, nw);
	int up = live_count(&x, b);
	for (int k = 0; k < nw && !rc; k++) {
		for (int j = 0; j < w[k].n; j++) {
			if (w[k].r[j] != broker)
				continue;
			int i = pick_broker(&x, w[k].r, w[k].n, j, INT_MAX, b);
			if (i < 0) {
				snprintf(err, errlen,
					 "only %d %s up besides %d: partition %s-%d needs %d", up,
					 are_up(up), (int)broker, w[k].p->topic,
					 (int)w[k].p->partition, w[k].n);
				rc = -1;
				break;
			}
			x.count[b]--;
			x.count[i]++;
			w[k].r[j] = x.br[i]->id;
		}
	}
	if (!rc)
		plan_from_works(w, nw, out);
	free(w);
	ctx_free(&x);
	return rc;
}

/* How far a broker's count is from the target band [fl, cl]. */
static int off_band(int n, int fl, int cl)
{
	return n > cl ? n - cl : n < fl ? fl - n : 0;
}

typedef struct pair {
	int s, d, gain, cs, cd;
} pair;

static int cmp_pair(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->gain != y->gain)
		return y->gain - x->gain;
	if (x->cs != y->cs)
		return y->cs - x->cs;
	if (x->cd != y->cd)
		return x->cd - y->cd;
	if (x->s != y->s)
		return x->s - y->s;
	return x->d - y->d;
}

/* The replica to move from broker s to broker d: a partition on s and
 * not on d whose racks do not drop.  Cheapest first (a replica the plan
 * added, or a return to a broker that had it, copies nothing more), then
 * a move that gains a rack, then the first partition.  -1 if none;
 * *pos gets the slot. */
static int pick_replica(const ctx *x, const work *w, int nw, int s, int d, int *pos)
{
	int32_t sid = x->br[s]->id, did = x->br[d]->id;
	int best = -1, bcost = 0, bgain = 0;
	for (int k = 0; k < nw; k++) {
		int j = 0;
		while (j < w[k].n && w[k].r[j] != sid)
			j++;
		if (j == w[k].n || listed(w[k].r, w[k].n, -1, did))
			continue;
		int cost = !in_original(&w[k], did) - !in_original(&w[k], sid);
		if (best >= 0 && (cost > bcost || (cost == bcost && bgain)))
			continue;       /* cannot do better: skip the rack lookups */
		/* racks gained: d's if new to the rest, minus s's if only s had it */
		int gain = 0;
		if (x->rack[s] != x->rack[d])
			gain = !rack_used(x, w[k].r, w[k].n, j, x->rack[d]) -
			       !rack_used(x, w[k].r, w[k].n, j, x->rack[s]);
		if (gain < 0)
			continue;
		if (best < 0 || cost < bcost || gain > bgain) {
			best = k;
			*pos = j;
			bcost = cost;
			bgain = gain;
		}
	}
	return best;
}

/*
 * Replica balance: each step moves one replica between two live brokers
 * and brings the sum over brokers of their distance to [fl, cl] down by
 * one or two, so the steps are at most that sum as it stands after the
 * down brokers' replicas were placed.  It stops early only when no move
 * keeps every partition's racks and no two replicas on one broker.
 */
static void balance_replicas(ctx *x, work *w, int nw, int fl, int cl)
{
	pair *pairs = xcalloc((size_t)x->nb * (size_t)x->nb, sizeof(*pairs));
	for (;;) {
		int n = 0;
		for (int s = 0; s < x->nb; s++)
			for (int d = 0; d < x->nb; d++) {
				if (!x->br[s]->up || !x->br[d]->up)
					continue;
				int cs = x->count[s], cd = x->count[d];
				if (cs - cd < 2)
					continue;
				int gain = off_band(cs, fl, cl) + off_band(cd, fl, cl) -
					   off_band(cs - 1, fl, cl) - off_band(cd + 1, fl, cl);
				if (gain > 0)
					pairs[n++] = (pair){ s, d, gain, cs, cd };
			}
		qsort(pairs, (size_t)n, sizeof(*pairs), cmp_pair);
		bool moved = false;
		for (int i = 0; i < n && !moved; i++) {
			int pos = 0;
			int k = pick_replica(x, w, nw, pairs[i].s, pairs[i].d, &pos);
			if (k < 0)
				continue;
			w[k].r[pos] = x->br[pairs[i].d]->id;
			x->count[pairs[i].s]--;
			x->count[pairs[i].d]++;
			moved = true;
		}
		if (!moved)
			break;
	}
	free(pairs);
}

/*
 * Preferred leaders: a reorder only.  Leadership moves along a chain of
 * partitions (s leads one that d' holds, d' leads one that d holds, ...)
 * from a broker leading more to one leading at least two fewer; when no
 * such chain is left the counts are as even as the replica sets allow.
 * Each chain lowers the sum of squared counts, so the loop ends.
 */
static void balance_leaders(ctx *x, work *w, int nw)
{
	int nb = x->nb;
	int *lc = xcalloc((size_t)nb, sizeof(int));
	int *edge = xcalloc((size_t)nb * (size_t)nb, sizeof(int));
	int *order = xcalloc((size_t)nb, sizeof(int));
	int *dist = xcalloc((size_t)nb, sizeof(int));
	int *par = xcalloc((size_t)nb, sizeof(int));
	int *queue = xcalloc((size_t)nb, sizeof(int));

	for (int k = 0; k < nw; k++) {
		int i = w[k].n ? bindex(x, w[k].r[0]) : -1;
		if (i >= 0)
			lc[i]++;
	}
	for (;;) {
		/* edge u -> v: a partition u leads and v holds; one the plan
		 * changes anyway is preferred, so fewer partitions are touched */
		for (int i = 0; i < nb * nb; i++)
			edge[i] = -1;
		for (int k = 0; k < nw; k++) {
			int u = w[k].n ? bindex(x, w[k].r[0]) : -1;
			if (u < 0 || !x->br[u]->up)
				continue;
			for (int j = 1; j < w[k].n; j++) {
				int v = bindex(x, w[k].r[j]);
				if (v < 0 || !x->br[v]->up)
					continue;
				int *e = &edge[u * nb + v];
				if (*e < 0 || (!work_changed(&w[*e]) && work_changed(&w[k])))
					*e = k;
			}
		}
		int no = 0;
		for (int i = 0; i < nb; i++)
			if (x->br[i]->up)
				order[no++] = i;
		/* most leaders first, lower id on ties (insertion sort: stable) */
		for (int i = 1; i < no; i++) {
			int v = order[i], j = i;
			while (j > 0 && lc[order[j - 1]] < lc[v]) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = v;
		}
		bool moved = false;
		for (int oi = 0; oi < no && !moved; oi++) {
			int s = order[oi], qh = 0, qt = 0, best = -1;
			for (int i = 0; i < nb; i++)
				dist[i] = -1;
			dist[s] = 0;
			queue[qt++] = s;
			while (qh < qt) {
				int u = queue[qh++];
				for (int v = 0; v < nb; v++) {
					if (edge[u * nb + v] < 0 || dist[v] >= 0)
						continue;
					dist[v] = dist[u] + 1;
					par[v] = u;
					queue[qt++] = v;
				}
			}
			for (int v = 0; v < nb; v++) {
				if (dist[v] <= 0 || lc[v] > lc[s] - 2)
					continue;
				if (best < 0 || lc[v] < lc[best] ||
				    (lc[v] == lc[best] && dist[v] < dist[best]))
					best = v;
			}
			if (best < 0)
				continue;
			for (int v = best; v != s; v = par[v]) {
				work *wk = &w[edge[par[v] * nb + v]];
				for (int j = 1; j < wk->n; j++)
					if (wk->r[j] == x->br[v]->id) {
						wk->r[j] = wk->r[0];
						wk->r[0] = x->br[v]->id;
						break;
					}
			}
			lc[s]--;
			lc[best]++;
			moved = true;
		}
		if (!moved)
			break;
	}
	free(lc);
	free(edge);
	free(order);
	free(dist);
	free(par);
	free(queue);
}

/*
 * Rebalance, in three passes over the partitions considered (one topic's
 * or all):
 *  1. every replica on a down or unknown broker goes to a live one (racks
 *     first, then a broker under ceil(avg), then the emptiest);
 *  2. replicas move from brokers above the band [floor(avg), ceil(avg)]
 *     to brokers below it (balance_replicas), never dropping a rack;
 *  3. preferred leaders are evened out by reordering (balance_leaders).
 *
 * The bound on replicas added (the copies the plan makes), with D the
 * replicas on down or unknown brokers, and over live brokers before the
 * plan E = sum of max(0, count - ceil(avg)) and F = sum of max(0,
 * floor(avg) - count):
 *
 *	replicas added <= 2 * D + E + F    (<= E + F when nothing is down)
 *
 * Pass 1 makes D moves, each adding at most one to E + F (only when no
 * broker under ceil(avg) could take the replica); each move of pass 2
 * lowers E + F by at least one; reorders copy nothing.  F is there
 * because filling an empty broker takes moves even when nobody is above
 * ceil(avg); the second D because a down replica may fit only on a broker
 * already at ceil(avg), which then sheds another (test_rebalance has one).
 * Moves that would drop a partition's racks are never made, so a rack
 * layout that cannot be balanced stops short of the band instead.
 */
int rp_rebalance(const rp_cluster *c, const char *topic, rp_plan *out, char *err, size_t errlen)
{
	ctx x;
	int nw, rc = 0;

	memset(out, 0, sizeof(*out));
	ctx_init(&x, c);
	work *w = works_for(&x, topic, &nw);
	int up = live_count(&x, -1);
	if (topic && !nw) {
		snprintf(err, errlen, "topic %s does not exist", topic);
		rc = -1;
	} else if (!up) {
		snprintf(err, errlen, "no broker is up");
		rc = -1;
	}
	long total = 0;
	for (int k = 0; k < nw && !rc; k++) {
		total += w[k].n;
		if (w[k].n > up) {
			snprintf(err, errlen, "only %d %s up: %s-%d has replication factor %d", up,
				 are_up(up), w[k].p->topic, (int)w[k].p->partition, w[k].n);
			rc = -1;
		}
	}
	if (rc) {
		free(w);
		ctx_free(&x);
		return -1;
	}
	count_works(&x, w, nw);
	int fl = (int)(total / up), cl = fl + (total % up != 0);

	for (int k = 0; k < nw; k++)
		for (int j = 0; j < w[k].n; j++) {
			if (live(&x, w[k].r[j]))
				continue;
			int i = pick_broker(&x, w[k].r, w[k].n, j, cl, -1);
			if (i < 0)      /* cannot be: n <= live brokers */
				abort();
			int o = bindex(&x, w[k].r[j]);
			if (o >= 0)
				x.count[o]--;
			x.count[i]++;
			w[k].r[j] = x.br[i]->id;
		}
	balance_replicas(&x, w, nw, fl, cl);
	balance_leaders(&x, w, nw);
	plan_from_works(w, nw, out);
	free(w);
	ctx_free(&x);
	return 0;
}

/* The replica to drop when lowering the RF: one whose rack another
 * replica also covers, then one on a down broker (it serves nothing),
 * then the last; never the preferred leader (slot 0). */
static int pick_drop(const ctx *x, const int32_t *r, int n)
{
	int best = -1, bdup = 0, bdown = 0;
	for (int j = n - 1; j >= 1; j--) {
		int dup = rack_used(x, r, n, j, rack_key(x, r[j]));
		int down = !live(x, r[j]);
		if (best < 0 || dup > bdup || (dup == bdup && down > bdown)) {
			best = j;
			bdup = dup;
			bdown = down;
		}
	}
	return best;
}

/* Replication factor: added brokers go at the end (new racks first, then
 * the emptiest brokers of the cluster); dropped ones per pick_drop. */
int rp_set_rf(const rp_cluster *c, const char *topic, int rf, rp_plan *out, char *err,
	      size_t errlen)
{
	ctx x;
	int nw;

	memset(out, 0, sizeof(*out));
	if (!topic) {
		snprintf(err, errlen, "a replication factor is set per topic: which topic?");
		return -1;
	}
	ctx_init(&x, c);
	int up = live_count(&x, -1);
	work *w = works_for(&x, topic, &nw);
	int rc = -1;
	if (!nw)
		snprintf(err, errlen, "topic %s does not exist", topic);
	else if (rf < 1)
		snprintf(err, errlen, "replication factor %d: it must be at least 1", rf);
	else if (rf > RP_MAX_RF)
		snprintf(err, errlen, "replication factor %d: a plan holds at most %d replicas", rf,
			 RP_MAX_RF);
	else if (rf > up)
		snprintf(err, errlen, "only %d %s up: replication factor %d cannot be kept", up,
			 are_up(up), rf);
	else
		rc = 0;
	if (rc) {
		free(w);
		ctx_free(&x);
		return -1;
	}
	/* the emptiest brokers of the whole cluster take the new replicas */
	free(w);
	w = works_for(&x, NULL, &nw);
	count_works(&x, w, nw);
	free(w);
	w = works_for(&x, topic, &nw);
	for (int k = 0; k < nw; k++) {
		work *wk = &w[k];
		while (wk->n < rf) {
			int i = pick_broker(&x, wk->r, wk->n, wk->n, INT_MAX, -1);
			if (i < 0)      /* cannot be: rf <= live brokers */
				abort();
			x.count[i]++;
			wk->r[wk->n++] = x.br[i]->id;
		}
		while (wk->n > rf) {
			int j = pick_drop(&x, wk->r, wk->n);
			int i = bindex(&x, wk->r[j]);
			if (i >= 0)
				x.count[i]--;
			memmove(&wk->r[j], &wk->r[j + 1],
				(size_t)(wk->n - j - 1) * sizeof(int32_t));
			wk->n--;
		}
	}
	plan_from_works(w, nw, out);
	free(w);
	ctx_free(&x);
	return 0;
}

static const rp_partition *find_partition(const ctx *x, const char *topic, int32_t partition)
{
	rp_partition key = { .topic = topic, .partition = partition };
	const rp_partition *kp = &key;
	const rp_partition **f = bsearch(&kp, x->pa, (size_t)x->np, sizeof(*x->pa), cmp_part);
	return f ? *f : NULL;
}

static bool topic_exists(const ctx *x, const char *topic)
{
	for (int k = 0; k < x->np; k++)
		if (!strcmp(x->pa[k]->topic, topic))
			return true;
	return false;
}

static int cmp_move(const void *a, const void *b)
{
	const rp_move *x = *(const rp_move *const *)a, *y = *(const rp_move *const *)b;
	int r = strcmp(x->topic, y->topic);
	if (r)
		return r;
	return (x->partition > y->partition) - (x->partition < y->partition);
}

/* One move against the cluster.  Brokers the partition has now are not
 * "moved to": a down or vanished one may stay in the list (a drain or a
 * reorder leaves it there), so only the brokers new to the partition
 * must be known and up. */
static int check_move(const ctx *x, int up, rp_move *m, char *err, size_t errlen)
{
	const char *t = m->topic;
	int p = (int)m->partition;
	const rp_partition *cp = find_partition(x, t, m->partition);
	if (!cp) {
		if (topic_exists(x, t))
			snprintf(err, errlen, "partition %s-%d does not exist", t, p);
		else
			snprintf(err, errlen, "topic %s does not exist", t);
		return -1;
	}
	if (m->n_new < 1) {
		snprintf(err, errlen, "empty replica list for %s-%d", t, p);
		return -1;
	}
	if (m->n_new > RP_MAX_RF) {
		snprintf(err, errlen, "%s-%d: %d replicas, a plan holds at most %d", t, p, m->n_new,
			 RP_MAX_RF);
		return -1;
	}
	int kept_down = 0;
	for (int i = 0; i < m->n_new; i++)
		if (!live(x, m->new_replicas[i]) &&
		    listed(cp->replicas, cp->n_replicas, -1, m->new_replicas[i]) &&
		    !listed(m->new_replicas, i, -1, m->new_replicas[i]))
			kept_down++;
	if (m->n_new > up + kept_down) {
		snprintf(err, errlen, "%s-%d: %d replicas, but only %d %s up", t, p, m->n_new, up,
			 are_up(up));
		return -1;
	}
	for (int i = 0; i < m->n_new; i++)
		if (listed(m->new_replicas, i, -1, m->new_replicas[i])) {
			snprintf(err, errlen, "broker %d appears twice in %s-%d",
				 (int)m->new_replicas[i], t, p);
			return -1;
		}
	for (int i = 0; i < m->n_new; i++) {
		int32_t id = m->new_replicas[i];
		if (listed(cp->replicas, cp->n_replicas, -1, id))
			continue;
		int b = bindex(x, id);
		if (b < 0) {
			snprintf(err, errlen, "unknown broker %d in %s-%d", (int)id, t, p);
			return -1;
		}
		if (!x->br[b]->up) {
			snprintf(err, errlen, "broker %d is down: %s-%d cannot move to it",
				 (int)id, t, p);
			return -1;
		}
	}
	if (m->n_old <= 0) {
		m->n_old = cp->n_replicas < RP_MAX_RF ? cp->n_replicas : RP_MAX_RF;
		memcpy(m->old_replicas, cp->replicas, (size_t)m->n_old * sizeof(int32_t));
	}
	return 0;
}

int rp_validate(const rp_cluster *c, rp_plan *p, char *err, size_t errlen)
{
	ctx x;
	int rc = 0;

	ctx_init(&x, c);
	int up = live_count(&x, -1);
	/* a partition listed twice: the later list would silently win */
	const rp_move **s = xcalloc((size_t)(p->n_moves > 0 ? p->n_moves : 0), sizeof(*s));
	for (int i = 0; i < p->n_moves; i++)
		s[i] = &p->moves[i];
	qsort(s, (size_t)(p->n_moves > 0 ? p->n_moves : 0), sizeof(*s), cmp_move);
	for (int i = 1; i < p->n_moves && !rc; i++)
		if (!cmp_move(&s[i - 1], &s[i])) {
			snprintf(err, errlen, "%s-%d is listed twice", s[i]->topic,
				 (int)s[i]->partition);
			rc = -1;
		}
	free(s);
	for (int i = 0; i < p->n_moves && !rc; i++)
		rc = check_move(&x, up, &p->moves[i], err, errlen);
	ctx_free(&x);
	return rc;
}

/* The preview's counts.  A partition whose size is unknown is counted
 * only when the plan copies it: a reorder copies nothing. */
void rp_stats_compute(const rp_cluster *c, const rp_plan *p, rp_stats *out)
{
	ctx x;

	memset(out, 0, sizeof(*out));
	ctx_init(&x, c);
	out->n_brokers = x.nb;
	out->brokers = xcalloc((size_t)x.nb, sizeof(*out->brokers));
	for (int i = 0; i < x.nb; i++)
		out->brokers[i].id = x.br[i]->id;
	for (int k = 0; k < x.np; k++) {
		const rp_partition *cp = x.pa[k];
		for (int j = 0; j < cp->n_replicas && j < RP_MAX_RF; j++) {
			int i = bindex(&x, cp->replicas[j]);
			if (i < 0)
				continue;
			out->brokers[i].replicas_before++;
			if (!j)
				out->brokers[i].leaders_before++;
		}
	}
	for (int i = 0; i < x.nb; i++) {
		out->brokers[i].replicas_after = out->brokers[i].replicas_before;
		out->brokers[i].leaders_after = out->brokers[i].leaders_before;
	}
	for (int k = 0; p && k < p->n_moves; k++) {
		const rp_move *m = &p->moves[k];
		const rp_partition *cp = find_partition(&x, m->topic, m->partition);
		const int32_t *old = cp ? cp->replicas : m->old_replicas;
		int n_old = cp ? cp->n_replicas : m->n_old;
		int n_new = m->n_new < RP_MAX_RF ? m->n_new : RP_MAX_RF;
		n_old = n_old < 0 ? 0 : n_old < RP_MAX_RF ? n_old : RP_MAX_RF;
		if (n_old == n_new &&
		    !memcmp(old, m->new_replicas, (size_t)n_new * sizeof(int32_t)))
			continue;
		out->partitions_moved++;
		for (int j = 0; cp && j < n_old; j++) {
			int i = bindex(&x, old[j]);
			if (i < 0)
				continue;
			out->brokers[i].replicas_after--;
			if (!j)
				out->brokers[i].leaders_after--;
		}
		int added = 0;
		for (int j = 0; j < n_new; j++) {
			int i = bindex(&x, m->new_replicas[j]);
			if (cp && i >= 0) {
				out->brokers[i].replicas_after++;
				if (!j)
					out->brokers[i].leaders_after++;
			}
			added += !listed(old, n_old, -1, m->new_replicas[j]);
		}
		out->replicas_added += added;
		if (!added)
			continue;
		if (!cp || cp->size < 0)
			out->unknown_sizes++;
		else
			out->bytes_to_copy += cp->size * added;
	}
	ctx_free(&x);
}

void rp_stats_free(rp_stats *s)
{
	if (!s)
		return;
	free(s->brokers);
	memset(s, 0, sizeof(*s));
}

/* Racks without the index: the preview calls it once per row. */
int rp_racks(const rp_cluster *c, const int32_t *replicas, int n)
{
	int racks = 0;
	for (int i = 0; i < n; i++) {
		const rp_broker *bi = NULL;
		for (int k = 0; k < c->n_brokers && !bi; k++)
			if (c->brokers[k].id == replicas[i])
				bi = &c->brokers[k];
		bool seen = false;
		for (int j = 0; j < i && !seen; j++) {
			if (replicas[j] == replicas[i]) {
				seen = true;
				continue;
			}
			if (!bi || !bi->rack)
				continue;
			for (int k = 0; k < c->n_brokers; k++)
				if (c->brokers[k].id == replicas[j]) {
					seen = c->brokers[k].rack &&
					       !strcmp(c->brokers[k].rack, bi->rack);
					break;
				}
		}
		racks += !seen;
	}
	return racks;
}

void rp_ids_text(char *buf, size_t len, const int32_t *ids, int n, bool brackets)
{
	size_t at = 0;
	if (!len)
		return;
	buf[0] = '\0';
	if (brackets)
		at += (size_t)snprintf(buf, len, "[");
	for (int i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%" PRId32, i ? "," : "", ids[i]);
	if (brackets && at < len)
		snprintf(buf + at, len - at, "]");
}
