/* snapshot.c: building and looking up immutable cluster snapshots. */
#include "config.h"

#include "snapshot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kd_snapshot *snapshot_new(void)
{
	kd_snapshot *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	arena_init(&s->arena);
	s->controller_id = -1;
	s->msgs_rate = KD_UNKNOWN;
	s->bytes_rate = KD_UNKNOWN;
	s->quorum.leader = -1;
	return s;
}

void snapshot_free(kd_snapshot *s)
{
	if (!s)
		return;
	arena_free(&s->arena);
	free(s);
}

bool kd_topic_is_internal_name(const char *name)
{
	/* Kafka marks __consumer_offsets and __transaction_state internal;
	 * operators also treat the other double-underscore topics (KRaft's
	 * __cluster_metadata, Connect's and Streams' bookkeeping) as such. */
	return name && name[0] == '_' && name[1] == '_';
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_broker(const void *a, const void *b)
{
	return cmp_i32(&((const kd_broker *)a)->id, &((const kd_broker *)b)->id);
}

static int cmp_topic(const void *a, const void *b)
{
	return strcmp(((const kd_topic *)a)->name, ((const kd_topic *)b)->name);
}

static int cmp_partition(const void *a, const void *b)
{
	return cmp_i32(&((const kd_partition *)a)->id, &((const kd_partition *)b)->id);
}

/* A growable set of broker ids, small enough for linear search to be the
 * fastest choice (clusters have tens of brokers, not thousands). */
typedef struct idset {
	int32_t *ids;
	int n, cap;
} idset;

static void idset_add(idset *set, int32_t id)
{
	for (int i = 0; i < set->n; i++)
		if (set->ids[i] == id)
			return;
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->ids = realloc(set->ids, (size_t)set->cap * sizeof(*set->ids));
		if (!set->ids)
			abort();
	}
	set->ids[set->n++] = id;
}

static const kd_meta_broker *meta_broker(const kd_metadata *md, int32_t id)
{
	for (int i = 0; i < md->n_brokers; i++)
		if (md->brokers[i].id == id)
			return &md->brokers[i];
	return NULL;
}

/* Every broker the dashboard should list: those metadata lists (up), plus
 * those that replica lists name or an earlier snapshot knew (down). */
static void build_brokers(kd_snapshot *s, const kd_metadata *md,
			  const kd_snapshot *known)
{
	idset ids = {0};

	for (int i = 0; i < md->n_brokers; i++)
		idset_add(&ids, md->brokers[i].id);
	for (int t = 0; t < md->n_topics; t++) {
		const kd_meta_topic *mt = &md->topics[t];
		for (int p = 0; p < mt->n_partitions; p++)
			for (int r = 0; r < mt->partitions[p].n_replicas; r++)
				if (mt->partitions[p].replicas[r] >= 0)
					idset_add(&ids, mt->partitions[p].replicas[r]);
	}
	if (known)
		for (int i = 0; i < known->n_brokers; i++)
			idset_add(&ids, known->brokers[i].id);

	s->n_brokers = ids.n;
	s->brokers = arena_calloc(&s->arena, (size_t)ids.n ? (size_t)ids.n : 1,
				  sizeof(kd_broker));
	for (int i = 0; i < ids.n; i++) {
		kd_broker *b = &s->brokers[i];
		const kd_meta_broker *mb = meta_broker(md, ids.ids[i]);
		const kd_broker *old = known ? snapshot_broker(known, ids.ids[i]) : NULL;

		b->id = ids.ids[i];
		b->msgs_in_rate = KD_UNKNOWN;
		b->bytes_in_rate = KD_UNKNOWN;
		b->log_bytes = KD_UNKNOWN;
		b->disk_total = KD_UNKNOWN;
		b->disk_usable = KD_UNKNOWN;
		if (mb) {
			b->up = true;
			b->host = arena_strdup(&s->arena, mb->host ? mb->host : "");
			b->port = mb->port;
			b->rack = arena_strdup(&s->arena, mb->rack);
		} else {
			b->up = false;
			b->host = arena_strdup(&s->arena, old ? old->host : "");
			b->port = old ? old->port : 0;
			b->rack = arena_strdup(&s->arena, old ? old->rack : NULL);
		}
	}
	free(ids.ids);
	qsort(s->brokers, (size_t)s->n_brokers, sizeof(kd_broker), cmp_broker);
}

static bool broker_up(const kd_snapshot *s, int32_t id)
{
	const kd_broker *b = snapshot_broker(s, id);
	return b && b->up;
}

void snapshot_set_metadata(kd_snapshot *s, const kd_metadata *md,
			   const kd_snapshot *known)
{
	kd_arena *a = &s->arena;

	s->cluster_id = arena_strdup(a, md->cluster_id);
	s->controller_id = md->controller_id;
	build_brokers(s, md, known);

	s->n_topics = md->n_topics;
	s->topics = arena_calloc(a, (size_t)md->n_topics ? (size_t)md->n_topics : 1,
				 sizeof(kd_topic));
	for (int t = 0; t < md->n_topics; t++) {
		const kd_meta_topic *mt = &md->topics[t];
		kd_topic *kt = &s->topics[t];

		kt->name = arena_strdup(a, mt->name ? mt->name : "");
		if (mt->id)
			memcpy(kt->id, mt->id, 16);
		kt->internal = mt->internal || kd_topic_is_internal_name(kt->name);
		kt->err = mt->err;
		kt->n_partitions = mt->n_partitions;
		kt->partitions = arena_calloc(a, (size_t)mt->n_partitions ? (size_t)mt->n_partitions : 1,
					      sizeof(kd_partition));
		for (int p = 0; p < mt->n_partitions; p++) {
			const kd_meta_partition *mp = &mt->partitions[p];
			kd_partition *kp = &kt->partitions[p];
			int32_t *off;
			int n_off = 0;

			kp->id = mp->id;
			kp->leader = mp->leader;
			kp->leader_epoch = mp->leader_epoch;
			kp->err = mp->err;
			kp->n_replicas = mp->n_replicas;
			kp->replicas = arena_memdup(a, mp->replicas,
						    sizeof(int32_t) * (size_t)mp->n_replicas);
			kp->n_isr = mp->n_isr;
			kp->isr = arena_memdup(a, mp->isr, sizeof(int32_t) * (size_t)mp->n_isr);
			/* Offline replicas: what the broker said, or else the
			 * replicas whose broker is not up. */
			off = arena_calloc(a, (size_t)mp->n_replicas + 1, sizeof(int32_t));
			if (mp->offline) {
				for (int r = 0; r < mp->n_offline && r < mp->n_replicas; r++)
					off[n_off++] = mp->offline[r];
			}
			for (int r = 0; r < mp->n_replicas; r++) {
				bool listed = false;
				for (int k = 0; k < n_off; k++)
					listed |= off[k] == mp->replicas[r];
				if (!listed && !broker_up(s, mp->replicas[r]))
					off[n_off++] = mp->replicas[r];
			}
			kp->offline = off;
			kp->n_offline = n_off;
			kp->low = kp->high = KD_UNKNOWN;
			kp->size = KD_UNKNOWN;
			kp->msgs_rate = KD_UNKNOWN;
			kp->bytes_rate = KD_UNKNOWN;
		}
		qsort(kt->partitions, (size_t)kt->n_partitions, sizeof(kd_partition),
		      cmp_partition);
	}
	qsort(s->topics, (size_t)s->n_topics, sizeof(kd_topic), cmp_topic);
}

void snapshot_set_watermarks(kd_snapshot *s, const char *topic, int32_t part,
			     int64_t low, int64_t high)
{
	kd_topic *t = snapshot_topic_mut(s, topic);
	if (!t)
		return;
	for (int i = 0; i < t->n_partitions; i++)
		if (t->partitions[i].id == part) {
			t->partitions[i].low = low;
			t->partitions[i].high = high;
			return;
		}
}

void snapshot_add_error(kd_snapshot *s, const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	const char **errs;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	errs = arena_calloc(&s->arena, (size_t)s->n_errors + 1, sizeof(char *));
	if (s->n_errors)
		memcpy(errs, s->errors, sizeof(char *) * (size_t)s->n_errors);
	errs[s->n_errors++] = arena_strdup(&s->arena, buf);
	s->errors = errs;
}

/* Adds a rate to a sum that stays unknown until a first known part. */
static void add_rate(double *sum, double v)
{
	if (v < 0)
		return;
	*sum = *sum < 0 ? v : *sum + v;
}

void snapshot_finish(kd_snapshot *s)
{
	s->brokers_up = 0;
	s->n_partitions = s->under_replicated = s->offline = 0;
	s->msgs_rate = s->bytes_rate = KD_UNKNOWN;
	for (int b = 0; b < s->n_brokers; b++) {
		kd_broker *br = &s->brokers[b];
		br->leaders = br->replicas = 0;
		br->msgs_in_rate = KD_UNKNOWN;
		br->bytes_in_rate = KD_UNKNOWN;
		br->is_controller = br->id == s->controller_id;
		if (br->up)
			s->brokers_up++;
	}
	for (int t = 0; t < s->n_topics; t++) {
		kd_topic *kt = &s->topics[t];
		kt->under_replicated = kt->offline = 0;
		kt->messages = 0;
		kt->msgs_rate = KD_UNKNOWN;
		kt->bytes_rate = KD_UNKNOWN;
		kt->size = KD_UNKNOWN;
		for (int p = 0; p < kt->n_partitions; p++) {
			kd_partition *kp = &kt->partitions[p];
			kd_broker *leader = (kd_broker *)snapshot_broker(s, kp->leader);

			if (kd_partition_under_replicated(kp))
				kt->under_replicated++;
			if (kd_partition_offline(kp))
				kt->offline++;
			if (kp->low >= 0 && kp->high >= kp->low)
				kt->messages += kp->high - kp->low;
			add_rate(&kt->msgs_rate, kp->msgs_rate);
			add_rate(&kt->bytes_rate, kp->bytes_rate);
			if (kp->size >= 0)
				kt->size = kd_sat_add(kt->size < 0 ? 0 : kt->size, kp->size);
			if (leader) {
				leader->leaders++;
				add_rate(&leader->msgs_in_rate, kp->msgs_rate);
				add_rate(&leader->bytes_in_rate, kp->bytes_rate);
			}
			for (int r = 0; r < kp->n_replicas; r++) {
				kd_broker *rb = (kd_broker *)snapshot_broker(s, kp->replicas[r]);
				if (rb)
					rb->replicas++;
			}
		}
		s->n_partitions += kt->n_partitions;
		s->under_replicated += kt->under_replicated;
		s->offline += kt->offline;
		add_rate(&s->msgs_rate, kt->msgs_rate);
		add_rate(&s->bytes_rate, kt->bytes_rate);
	}
	/* A broker that leads nothing takes in nothing: 0, not unknown, once
	 * the cluster's rate is known at all. */
	if (s->msgs_rate >= 0)
		for (int b = 0; b < s->n_brokers; b++)
			if (s->brokers[b].msgs_in_rate < 0 && s->brokers[b].up)
				s->brokers[b].msgs_in_rate = 0;
}

const kd_topic *snapshot_topic(const kd_snapshot *s, const char *name)
{
	return snapshot_topic_mut((kd_snapshot *)s, name);
}

kd_topic *snapshot_topic_mut(kd_snapshot *s, const char *name)
{
	size_t lo = 0, hi = (size_t)s->n_topics;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->topics[mid].name, name);
		if (c == 0)
			return &s->topics[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const kd_broker *snapshot_broker(const kd_snapshot *s, int32_t id)
{
	size_t lo = 0, hi = (size_t)s->n_brokers;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->brokers[mid].id == id)
			return &s->brokers[mid];
		if (s->brokers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const kd_partition *snapshot_partition(const kd_snapshot *s, const char *topic,
				       int32_t part)
{
	const kd_topic *t = snapshot_topic(s, topic);
	if (!t)
		return NULL;
	for (int i = 0; i < t->n_partitions; i++)
		if (t->partitions[i].id == part)
			return &t->partitions[i];
	return NULL;
}
