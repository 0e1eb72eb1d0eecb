/* groups_state.c: the groups poller's memory across polls (lag windows and
 * trends per group), and the build of a snapshot's groups from what one
 * poll learned.  No I/O: groups_poll.c does the requests; tests feed the
 * same functions by hand.  See groups_poll.h. */
#include "config.h"

#include "groups_poll_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire_msgs.h"

/* ---- configuration -------------------------------------------------------- */

void groups_config_default(groups_config *c)
{
	lag_config_default(&c->lag);
	c->stable = false;
}

int groups_config_set(groups_config *c, const char *kv, char *err, size_t errlen)
{
	char buf[256];
	const char *eq = strchr(kv, '=');
	if (!eq) {
		snprintf(err, errlen, "%s: expected KEY=VALUE (e.g. lag.window=10)", kv);
		return -1;
	}
	/* "window=5" means "lag.window=5" */
	if (strncmp(kv, "lag.", 4))
		snprintf(buf, sizeof(buf), "lag.%s", kv);
	else
		snprintf(buf, sizeof(buf), "%s", kv);
	eq = strchr(buf, '=');
	size_t klen = (size_t)(eq - buf);
	while (klen > 0 && buf[klen - 1] == ' ')
		klen--;
	if (klen == strlen("lag.isolation") && !strncmp(buf, "lag.isolation", klen)) {
		const char *v = eq + 1;
		while (*v == ' ')
			v++;
		if (!strcmp(v, "read_committed"))
			c->stable = true;
		else if (!strcmp(v, "read_uncommitted"))
			c->stable = false;
		else {
			snprintf(err, errlen, "lag.isolation: '%s' is not read_uncommitted "
				 "or read_committed", v);
			return -1;
		}
		return 0;
	}
	char lerr[256];
	if (lag_config_set(&c->lag, buf, lerr, sizeof(lerr)) == 0)
		return 0;
	if (strstr(lerr, "unknown key"))
		snprintf(err, errlen, "%s (or lag.isolation)", lerr);
	else
		snprintf(err, errlen, "%s", lerr);
	return -1;
}

int groups_config_from_options(groups_config *c, const kd_options *o,
			       char *err, size_t errlen)
{
	static const char prefix[] = "kdeck.";
	groups_config tmp = *c;
	for (int i = 0; o && i < o->n_props; i++) {
		const char *k = o->props[i].key;
		char kv[512];
		if (strncmp(k, "kdeck.lag.", 10))
			continue;
		snprintf(kv, sizeof(kv), "%s=%s", k + sizeof(prefix) - 1, o->props[i].value);
		if (groups_config_set(&tmp, kv, err, errlen))
			return -1;
	}
	*c = tmp;
	return 0;
}

/* ---- the poller ------------------------------------------------------------ */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;       /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ULL;
	return h;
}

groups_poller *groups_poller_new(const groups_config *c)
{
	groups_poller *gp = calloc(1, sizeof(*gp));
	if (!gp)
		abort();
	if (c)
		gp->cfg = *c;
	else
		groups_config_default(&gp->cfg);
	gp->n_slots = 256;
	gp->slots = calloc(gp->n_slots, sizeof(*gp->slots));
	if (!gp->slots)
		abort();
	arena_init(&gp->tmp);
	return gp;
}

static void free_parts(groups_poller *gp, gp_part *parts, int n)
{
	for (int i = 0; i < n; i++) {
		gp->mem -= strlen(parts[i].topic) + 1 +
			lag_window_bytes(lag_window_capacity(parts[i].win));
		free(parts[i].topic);
		lag_window_free(parts[i].win);
	}
}

static void free_group(groups_poller *gp, gp_group *g)
{
	free_parts(gp, g->parts, g->n_parts);
	gp->mem -= sizeof(*g) + strlen(g->id) + 1 + (size_t)g->n_parts * sizeof(gp_part);
	free(g->parts);
	free(g->id);
	free(g);
}

void groups_poller_free(groups_poller *gp)
{
	if (!gp)
		return;
	for (size_t i = 0; i < gp->n_slots; i++) {
		gp_group *g = gp->slots[i], *next;
		for (; g; g = next) {
			next = g->next;
			free_group(gp, g);
		}
	}
	free(gp->slots);
	free(gp->failed);
	free(gp->stable);
	arena_free(&gp->tmp);
	free(gp);
}

size_t groups_poller_memory(const groups_poller *gp)
{
	return gp->mem + gp->n_slots * sizeof(*gp->slots);
}

size_t groups_poller_scratch(const groups_poller *gp)
{
	return gp->tmp.used;
}

int groups_poller_count(const groups_poller *gp)
{
	return (int)gp->n_groups;
}

gp_group *gp_lookup(groups_poller *gp, const char *id)
{
	gp_group *g = gp->slots[hash_str(id) & (gp->n_slots - 1)];
	for (; g; g = g->next)
		if (!strcmp(g->id, id))
			return g;
	return NULL;
}

static void grow(groups_poller *gp)
{
	size_t n = gp->n_slots * 2;
	gp_group **slots = calloc(n, sizeof(*slots));
	if (!slots)
		abort();
	for (size_t i = 0; i < gp->n_slots; i++) {
		gp_group *g = gp->slots[i], *next;
		for (; g; g = next) {
			next = g->next;
			size_t h = hash_str(g->id) & (n - 1);
			g->next = slots[h];
			slots[h] = g;
		}
	}
	free(gp->slots);
	gp->mem += (n - gp->n_slots) * sizeof(*slots);
	gp->slots = slots;
	gp->n_slots = n;
}

gp_group *gp_get(groups_poller *gp, const char *id)
{
	gp_group *g = gp_lookup(gp, id);
	if (g)
		return g;
	if (gp->n_groups >= gp->n_slots)
		grow(gp);
	g = calloc(1, sizeof(*g));
	if (!g || !(g->id = strdup(id)))
		abort();
	g->coordinator = -1;
	lag_trend_init(&g->trend);
	size_t h = hash_str(id) & (gp->n_slots - 1);
	g->next = gp->slots[h];
	gp->slots[h] = g;
	gp->n_groups++;
	gp->mem += sizeof(*g) + strlen(id) + 1;
	return g;
}

void gp_each(groups_poller *gp, void (*fn)(groups_poller *gp, gp_group *g, void *ctx),
	     void *ctx)
{
	for (size_t i = 0; i < gp->n_slots; i++)
		for (gp_group *g = gp->slots[i]; g; g = g->next)
			fn(gp, g, ctx);
}

bool gp_broker_failed(const groups_poller *gp, int32_t broker)
{
	for (int i = 0; i < gp->n_failed; i++)
		if (gp->failed[i] == broker)
			return true;
	return false;
}

void gp_group_error(groups_poller *gp, gp_group *g, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	if (g->error)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	g->error = arena_strdup(&gp->tmp, buf);
}

/* ---- one poll, fed ----------------------------------------------------------- */

static void reset_group(groups_poller *gp, gp_group *g, void *ctx)
{
	(void)gp;
	(void)ctx;
	g->kept = false;
	g->fetch_done = false;
	g->listed = NULL;
	g->desc = NULL;
	g->offsets = NULL;
	g->error = NULL;
}

void groups_poller_begin(groups_poller *gp, kd_snapshot *s)
{
	arena_free(&gp->tmp);
	arena_init(&gp->tmp);
	gp->poll++;
	gp->s = s;
	gp->n_failed = 0;
	gp->n_stable = 0;
	gp->stable_sorted = false;
	gp->requests = 0;
	gp->net_ms = 0;
	gp_each(gp, reset_group, NULL);
}

void groups_poller_listed(groups_poller *gp, int32_t broker, const wire_listgroups_resp *r)
{
	for (size_t i = 0; i < r->n_groups; i++) {
		const wire_listed_group *l = &r->groups[i];
		if (!l->group_id)
			continue;
		gp_group *g = gp_get(gp, l->group_id);
		g->coordinator = broker;
		g->listed_poll = gp->poll;
		g->listed = l;
		g->kept = false;
	}
}

void groups_poller_list_failed(groups_poller *gp, int32_t broker, const char *why)
{
	if (gp->n_failed == gp->cap_failed) {
		gp->cap_failed = gp->cap_failed ? gp->cap_failed * 2 : 8;
		gp->failed = realloc(gp->failed, (size_t)gp->cap_failed * sizeof(*gp->failed));
		if (!gp->failed)
			abort();
	}
	gp->failed[gp->n_failed++] = broker;
	for (size_t i = 0; i < gp->n_slots; i++)
		for (gp_group *g = gp->slots[i]; g; g = g->next)
			if (g->coordinator == broker && g->listed_poll != gp->poll &&
			    gp->poll - g->listed_poll <= GROUPS_FORGET_POLLS) {
				g->kept = true;
				gp_group_error(gp, g, "coordinator %d: %s", (int)broker, why);
			}
}

void groups_poller_described(groups_poller *gp, const wire_describegroups_resp *r)
{
	char name[32];
	for (size_t i = 0; i < r->n_groups; i++) {
		const wire_described_group *d = &r->groups[i];
		gp_group *g = d->group_id ? gp_lookup(gp, d->group_id) : NULL;
		if (!g)
			continue;
		g->desc = d;
		if (d->error_code)
			gp_group_error(gp, g, "DescribeGroups: %s%s%s",
				       wire_error_name(d->error_code, name, sizeof(name)),
				       d->error_message ? ": " : "",
				       d->error_message ? d->error_message : "");
	}
}

void groups_poller_fetched(groups_poller *gp, const wire_offsetfetch_resp *r)
{
	char name[32];
	for (size_t i = 0; i < r->n_groups; i++) {
		const wire_offsetfetch_group *o = &r->groups[i];
		gp_group *g = o->group_id ? gp_lookup(gp, o->group_id) : NULL;
		if (!g)
			continue;
		if (o->error_code) {
			gp_group_error(gp, g, "OffsetFetch: %s",
				       wire_error_name(o->error_code, name, sizeof(name)));
			continue;
		}
		g->offsets = o;
		g->fetch_done = true;
	}
}

void groups_poller_failed(groups_poller *gp, const char *const *ids, size_t n,
			  const char *why)
{
	for (size_t i = 0; i < n; i++) {
		gp_group *g = gp_lookup(gp, ids[i]);
		if (g)
			gp_group_error(gp, g, "%s", why);
	}
}

void groups_poller_stable_offset(groups_poller *gp, const char *topic, int32_t part,
				 int64_t offset)
{
	if (gp->n_stable == gp->cap_stable) {
		gp->cap_stable = gp->cap_stable ? gp->cap_stable * 2 : 64;
		gp->stable = realloc(gp->stable, (size_t)gp->cap_stable * sizeof(*gp->stable));
		if (!gp->stable)
			abort();
	}
	gp->stable[gp->n_stable++] = (gp_stable){ arena_strdup(&gp->tmp, topic), part, offset };
	gp->stable_sorted = false;
}

/* ---- build ------------------------------------------------------------------- */

static int cmp_tp(const char *ta, int32_t pa, const char *tb, int32_t pb)
{
	int c = strcmp(ta, tb);
	if (c)
		return c;
	return pa < pb ? -1 : pa > pb;
}

static int cmp_stable(const void *a, const void *b)
{
	const gp_stable *x = a, *y = b;
	return cmp_tp(x->topic, x->partition, y->topic, y->partition);
}

/* The offset lag is measured against: the high watermark the collector
 * just read, or the last stable offset. */
static int64_t end_offset(groups_poller *gp, const kd_snapshot *s, const char *topic,
			  int32_t part, const kd_topic **cache)
{
	if (gp->cfg.stable) {
		if (!gp->stable_sorted && gp->n_stable > 1)
			qsort(gp->stable, (size_t)gp->n_stable, sizeof(*gp->stable), cmp_stable);
		gp->stable_sorted = true;
		gp_stable key = { topic, part, 0 };
		const gp_stable *hit = gp->n_stable ?
			bsearch(&key, gp->stable, (size_t)gp->n_stable, sizeof(*gp->stable),
				cmp_stable) : NULL;
		return hit && hit->offset >= 0 ? hit->offset : KD_UNKNOWN;
	}
	if (!*cache || strcmp((*cache)->name, topic))
		*cache = snapshot_topic(s, topic);
	const kd_topic *t = *cache;
	if (!t)
		return KD_UNKNOWN;
	/* partitions are sorted by id and usually dense */
	if (part >= 0 && part < t->n_partitions && t->partitions[part].id == part)
		return t->partitions[part].high;
	for (int i = 0; i < t->n_partitions; i++)
		if (t->partitions[i].id == part)
			return t->partitions[i].high;
	return KD_UNKNOWN;
}

/* What this poll says about one partition of a group. */
typedef struct entry {
	const char *topic;
	int32_t partition;
	int64_t committed;
	int16_t error;
	int member;
	bool has_offset;
} entry;

static int cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	return cmp_tp(x->topic, x->partition, y->topic, y->partition);
}

typedef struct entries {
	entry *v;
	int n, cap;
} entries;

static entry *add_entry(entries *e)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->v = realloc(e->v, (size_t)e->cap * sizeof(*e->v));
		if (!e->v)
			abort();
	}
	entry *x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->committed = KD_UNKNOWN;
	x->member = -1;
	return x;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_member_topic(const void *a, const void *b)
{
	return strcmp(((const kd_member_topic *)a)->topic, ((const kd_member_topic *)b)->topic);
}

/* A KIP-848 member's assignment (in this poll's responses) into the
 * snapshot's arena. */
static wire_consumer_assignment *copy_assignment(kd_arena *a,
						 const wire_consumer_assignment *src)
{
	wire_consumer_assignment *as = arena_alloc(a, sizeof(*as));
	as->n_topics = src->n_topics;
	as->topics = src->n_topics ? arena_calloc(a, src->n_topics, sizeof(*as->topics)) : NULL;
	for (size_t j = 0; j < src->n_topics; j++) {
		as->topics[j].topic = arena_strdup(a, src->topics[j].topic);
		as->topics[j].n_partitions = src->topics[j].n_partitions;
		as->topics[j].partitions = arena_memdup(a, src->topics[j].partitions,
			src->topics[j].n_partitions * sizeof(int32_t));
	}
	return as;
}

/* Members and their assignments, decoded from the consumer protocol's
 * bytes into the snapshot's arena; assigned partitions become entries. */
static kd_group_member *build_members(kd_arena *a, const wire_described_group *d,
				      entries *e, int *n_out)
{
	*n_out = 0;
	if (!d || d->n_members == 0)
		return NULL;
	bool consumer = d->protocol_type && !strcmp(d->protocol_type, "consumer");
	kd_group_member *m = arena_calloc(a, d->n_members, sizeof(*m));
	for (size_t i = 0; i < d->n_members; i++) {
		const wire_group_member *w = &d->members[i];
		m[i].member_id = arena_strdup(a, w->member_id);
		m[i].instance_id = arena_strdup(a, w->group_instance_id);
		m[i].client_id = arena_strdup(a, w->client_id);
		m[i].host = arena_strdup(a, w->client_host);
		if (!consumer)
			continue;
		wire_consumer_assignment *as = w->decoded ? copy_assignment(a, w->decoded) : NULL;
		char err[256];
		if (!as && wire_consumer_assignment_decode(w->assignment, w->assignment_len, a,
							   &as, err, sizeof(err))) {
			m[i].assignment_error = arena_strdup(a, err);
			continue;
		}
		kd_member_topic *t = as->n_topics ?
			arena_calloc(a, as->n_topics, sizeof(*t)) : NULL;
		for (size_t j = 0; j < as->n_topics; j++) {
			const wire_consumer_topic *wt = &as->topics[j];
			if (wt->n_partitions > 1)
				qsort(wt->partitions, wt->n_partitions, sizeof(int32_t), cmp_i32);
			t[j].topic = wt->topic;
			t[j].partitions = wt->partitions;
			t[j].n_partitions = (int)wt->n_partitions;
			m[i].n_partitions += (int)wt->n_partitions;
			for (size_t p = 0; p < wt->n_partitions; p++) {
				entry *x = add_entry(e);
				x->topic = wt->topic;
				x->partition = wt->partitions[p];
				x->member = (int)i;
			}
		}
		if (as->n_topics > 1)
			qsort(t, as->n_topics, sizeof(*t), cmp_member_topic);
		m[i].topics = t;
		m[i].n_topics = (int)as->n_topics;
	}
	*n_out = (int)d->n_members;
	return m;
}

/* Sort the entries and fold duplicates (an offset and an assignment of
 * the same partition) into one. */
static void fold_entries(entries *e)
{
	if (e->n > 1)
		qsort(e->v, (size_t)e->n, sizeof(*e->v), cmp_entry);
	int out = 0;
	for (int i = 0; i < e->n; i++) {
		if (out > 0 && !cmp_entry(&e->v[out - 1], &e->v[i])) {
			entry *k = &e->v[out - 1];
			if (e->v[i].has_offset) {
				k->committed = e->v[i].committed;
				k->error = e->v[i].error;
				k->has_offset = true;
			}
			if (e->v[i].member >= 0 && k->member < 0)
				k->member = e->v[i].member;
			continue;
		}
		e->v[out++] = e->v[i];
	}
	e->n = out;
}

/* Carry each partition's window over from the last poll (sorted merge);
 * new partitions get a new window, vanished ones are freed. */
static void merge_parts(groups_poller *gp, gp_group *g, const entries *e)
{
	gp_part *parts = e->n ? calloc((size_t)e->n, sizeof(*parts)) : NULL;
	if (e->n && !parts)
		abort();
	int i = 0, j = 0;
	while (i < e->n) {
		int c = j < g->n_parts ?
			cmp_tp(g->parts[j].topic, g->parts[j].partition,
			       e->v[i].topic, e->v[i].partition) : 1;
		if (c < 0) {
			free_parts(gp, &g->parts[j], 1);
			j++;
		} else if (c == 0) {
			parts[i] = g->parts[j];
			i++;
			j++;
		} else {
			parts[i].topic = strdup(e->v[i].topic);
			parts[i].partition = e->v[i].partition;
			parts[i].win = lag_window_new(gp->cfg.lag.window);
			if (!parts[i].topic || !parts[i].win)
				abort();
			gp->mem += strlen(parts[i].topic) + 1 + lag_window_bytes(gp->cfg.lag.window);
			i++;
		}
	}
	if (j < g->n_parts)
		free_parts(gp, &g->parts[j], g->n_parts - j);
	gp->mem += (size_t)e->n * sizeof(gp_part);
	gp->mem -= (size_t)g->n_parts * sizeof(gp_part);
	free(g->parts);
	g->parts = parts;
	g->n_parts = e->n;
}

/* This poll's partitions of a group.  Without an OffsetFetch answer the
 * partitions known from earlier polls stay, with their offsets unknown:
 * the windows keep their place in time. */
static void collect_entries(gp_group *g, entries *e)
{
	if (g->fetch_done && g->offsets) {
		const wire_offsetfetch_group *o = g->offsets;
		for (size_t t = 0; t < o->n_topics; t++) {
			const wire_offsetfetch_topic *ot = &o->topics[t];
			if (!ot->name)
				continue;
			for (size_t p = 0; p < ot->n_partitions; p++) {
				entry *x = add_entry(e);
				x->topic = ot->name;
				x->partition = ot->partitions[p].partition;
				x->committed = ot->partitions[p].committed_offset >= 0 ?
					ot->partitions[p].committed_offset : KD_UNKNOWN;
				x->error = ot->partitions[p].error_code;
				x->has_offset = true;
			}
		}
	} else if (!g->fetch_done) {
		for (int i = 0; i < g->n_parts; i++) {
			entry *x = add_entry(e);
			x->topic = g->parts[i].topic;
			x->partition = g->parts[i].partition;
		}
	}
}

static const char *const *build_topics(kd_arena *a, const kd_group_partition *p, int n,
				       int *n_out)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(p[i].topic, p[i - 1].topic))
			k++;
	*n_out = k;
	if (!k)
		return NULL;
	const char **t = arena_calloc(a, (size_t)k, sizeof(*t));
	k = 0;
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(p[i].topic, p[i - 1].topic))
			t[k++] = p[i].topic;
	return t;
}

typedef struct build_ctx {
	kd_snapshot *s;
	kd_group *out;
	int n_out;
	entries e;
	int coordinators[64];
	int n_coordinators;
	int64_t forget_count;
} build_ctx;

static void note_coordinator(build_ctx *b, int32_t id)
{
	if (id < 0)
		return;
	for (int i = 0; i < b->n_coordinators; i++)
		if (b->coordinators[i] == id)
			return;
	if (b->n_coordinators < (int)(sizeof(b->coordinators) / sizeof(b->coordinators[0])))
		b->coordinators[b->n_coordinators++] = id;
}

static void build_group(groups_poller *gp, gp_group *g, void *ctx)
{
	build_ctx *b = ctx;
	kd_snapshot *s = b->s;
	kd_arena *a = &s->arena;
	bool listed = g->listed_poll == gp->poll;

	if (!listed && !g->kept)
		return;
	kd_group *out = &b->out[b->n_out++];
	memset(out, 0, sizeof(*out));
	out->id = arena_strdup(a, g->id);
	out->coordinator = g->coordinator;
	note_coordinator(b, g->coordinator);

	const char *state = g->desc && !g->desc->error_code ? g->desc->group_state :
		g->listed ? g->listed->group_state : NULL;
	out->state = arena_strdup(a, state ? state : "");
	out->st = groups_state_parse(state);
	const char *ptype = g->desc && !g->desc->error_code ? g->desc->protocol_type :
		g->listed ? g->listed->protocol_type : NULL;
	out->protocol_type = arena_strdup(a, ptype ? ptype : "");
	out->protocol = arena_strdup(a, g->desc && g->desc->protocol_data ?
				     g->desc->protocol_data : "");
	out->group_type = g->listed ? arena_strdup(a, g->listed->group_type) : NULL;
	out->error = g->error ? arena_strdup(a, g->error) : NULL;

	b->e.n = 0;
	kd_group_member *members = NULL;
	if (g->desc && !g->desc->error_code)
		members = build_members(a, g->desc, &b->e, &out->n_members);
	out->members = members;
	out->members_known = (g->desc && !g->desc->error_code) || out->st == KD_GROUP_EMPTY;
	collect_entries(g, &b->e);
	fold_entries(&b->e);
	merge_parts(gp, g, &b->e);

	kd_group_partition *parts = g->n_parts ?
		arena_calloc(a, (size_t)g->n_parts, sizeof(*parts)) : NULL;
	const kd_topic *cache = NULL;
	lag_group_result sum;
	lag_group_init(&sum);
	for (int i = 0; i < g->n_parts; i++) {
		const entry *x = &b->e.v[i];
		kd_group_partition *p = &parts[i];
		lag_part_result r;
		int64_t end = end_offset(gp, s, x->topic, x->partition, &cache);

		lag_window_push(g->parts[i].win, s->mono_ms, x->committed, end);
		lag_window_eval(g->parts[i].win, &gp->cfg.lag, &r);
		/* the numbers are this poll's: an offset unknown now is not
		 * shown (or summed) as the last one known */
		if (x->committed < 0 || end < 0) {
			r.lag = LAG_UNKNOWN;
			r.lag_s = LAG_UNKNOWN;
			r.eta_s = LAG_ETA_UNKNOWN;
		}
		lag_group_add(&sum, &r);
		/* one copy of each topic name */
		p->topic = i > 0 && !strcmp(parts[i - 1].topic, x->topic) ?
			parts[i - 1].topic : arena_strdup(a, x->topic);
		p->partition = x->partition;
		p->committed = x->committed;
		p->end = end;
		p->lag = x->committed >= 0 && end >= 0 ?
			(end > x->committed ? end - x->committed : 0) : KD_UNKNOWN;
		p->lag_s = r.lag_s;
		p->since_commit_ms = r.since_change_ms;
		p->consume_rate = r.consume_rate;
		p->produce_rate = r.produce_rate;
		p->eta_s = p->lag == 0 ? 0 : r.eta_s;
		p->status = r.status;
		p->member = x->member;
		p->error = x->error;
	}
	lag_group_finish(&sum);
	out->partitions = parts;
	out->n_partitions = g->n_parts;
	out->topics = build_topics(a, parts, g->n_parts, &out->n_topics);
	out->eval = sum;
	g->units = 1 + out->n_members + g->n_parts;

	/* the trend: the total when every partition's lag is known */
	lag_trend_push(&g->trend, sum.n_lag_unknown == 0 && sum.n_partitions > 0 ?
		       sum.lag : (sum.n_partitions == 0 ? 0 : -1));
	out->lag_history.n = lag_trend_series(&g->trend, out->lag_history.v, KD_HISTORY);
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const kd_group *)a)->id, ((const kd_group *)b)->id);
}

/* Groups no coordinator listed for a while are gone (deleted, expired):
 * their windows go too. */
static void forget_old(groups_poller *gp)
{
	for (size_t i = 0; i < gp->n_slots; i++) {
		gp_group **pp = &gp->slots[i];
		while (*pp) {
			gp_group *g = *pp;
			if (gp->poll - g->listed_poll >= GROUPS_FORGET_POLLS && !g->kept) {
				*pp = g->next;
				free_group(gp, g);
				gp->n_groups--;
			} else {
				pp = &g->next;
			}
		}
	}
}

void groups_poller_build(groups_poller *gp, kd_snapshot *s)
{
	build_ctx b;
	memset(&b, 0, sizeof(b));
	b.s = s;
	b.out = gp->n_groups ? arena_calloc(&s->arena, gp->n_groups, sizeof(kd_group)) : NULL;
	gp_each(gp, build_group, &b);
	free(b.e.v);
	if (b.n_out > 1)
		qsort(b.out, (size_t)b.n_out, sizeof(*b.out), cmp_group);

	kd_groups *gs = arena_alloc(&s->arena, sizeof(*gs));
	gs->n_groups = b.n_out;
	gs->groups = b.out;
	gs->config = gp->cfg.lag;
	gs->stable = gp->cfg.stable;
	gs->n_coordinators = b.n_coordinators;
	gs->requests = gp->requests;
	gs->poll_ms = gp->net_ms;
	s->groups = gs;
	forget_old(gp);
	gp->s = NULL;
}
