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

/* A set of broker ids: appended, then sorted and made unique once, so a
 * hostile answer naming a million ids costs n log n, not n^2. */
typedef struct idset {
	int32_t *ids;
	int n, cap;
} idset;

static void idset_add(idset *set, int32_t id)
{
	if (set->n && set->ids[set->n - 1] == id)
		return;
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->ids = realloc(set->ids, (size_t)set->cap * sizeof(*set->ids));
		if (!set->ids)
			abort();
	}
	set->ids[set->n++] = id;
}

static void idset_finish(idset *set)
{
	if (!set->n)
		return;
	qsort(set->ids, (size_t)set->n, sizeof(int32_t), cmp_i32);
	int k = 1;
	for (int i = 1; i < set->n; i++)
		if (set->ids[i] != set->ids[k - 1])
			set->ids[k++] = set->ids[i];
	set->n = k;
}

static bool idset_has(const idset *set, int32_t id)
{
	if (set->n == 0)
		return false;           /* bsearch takes no NULL base, even for none */
	return bsearch(&id, set->ids, (size_t)set->n, sizeof(int32_t), cmp_i32) != NULL;
}

static int cmp_meta_broker(const void *a, const void *b)
{
	int32_t x = (*(const kd_meta_broker *const *)a)->id;
	int32_t y = (*(const kd_meta_broker *const *)b)->id;
	return (x > y) - (x < y);
}

static const kd_meta_broker *meta_broker(const kd_meta_broker *const *sorted, int n,
					 int32_t id)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (sorted[mid]->id == id)
			return sorted[mid];
		if (sorted[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Every broker the dashboard should list: those metadata lists (up), plus
 * those that replica lists name or an earlier snapshot knew (down).  Ids
 * that only replica lists name are capped: a forged answer could name
 * millions. */
static void build_brokers(kd_snapshot *s, const kd_metadata *md,
			  const kd_snapshot *known)
{
	idset ids = {0}, listed = {0}, named = {0};

	for (int i = 0; i < md->n_brokers; i++)
		idset_add(&listed, md->brokers[i].id);
	idset_finish(&listed);
	for (int t = 0; t < md->n_topics; t++) {
		const kd_meta_topic *mt = &md->topics[t];
		for (int p = 0; p < mt->n_partitions; p++)
			for (int r = 0; r < mt->partitions[p].n_replicas; r++)
				if (mt->partitions[p].replicas[r] >= 0 &&
				    !idset_has(&listed, mt->partitions[p].replicas[r]))
					idset_add(&named, mt->partitions[p].replicas[r]);
	}
	idset_finish(&named);
	for (int i = 0; i < listed.n; i++)
		idset_add(&ids, listed.ids[i]);
	if (named.n > KD_UNLISTED_BROKERS_MAX) {
		snapshot_add_error(s, "replica lists name %d brokers that metadata does not "
				   "list; showing the first %d", named.n, KD_UNLISTED_BROKERS_MAX);
		named.n = KD_UNLISTED_BROKERS_MAX;
	}
	for (int i = 0; i < named.n; i++)
		idset_add(&ids, named.ids[i]);
	free(listed.ids);
	free(named.ids);
	if (known)
		for (int i = 0; i < known->n_brokers; i++)
			idset_add(&ids, known->brokers[i].id);
	idset_finish(&ids);

	const kd_meta_broker **sorted = calloc((size_t)md->n_brokers + 1, sizeof(*sorted));
	if (!sorted)
		abort();
	for (int i = 0; i < md->n_brokers; i++)
		sorted[i] = &md->brokers[i];
	qsort(sorted, (size_t)md->n_brokers, sizeof(*sorted), cmp_meta_broker);

	s->n_brokers = ids.n;
	s->brokers = arena_calloc(&s->arena, (size_t)ids.n ? (size_t)ids.n : 1,
				  sizeof(kd_broker));
	for (int i = 0; i < ids.n; i++) {
		kd_broker *b = &s->brokers[i];
		const kd_meta_broker *mb = meta_broker(sorted, md->n_brokers, ids.ids[i]);
		const kd_broker *old = known ? snapshot_broker(known, ids.ids[i]) : NULL;

		b->id = ids.ids[i];
		b->msgs_in_rate = KD_UNKNOWN;
		b->bytes_in_rate = KD_UNKNOWN;
		b->log_bytes = KD_UNKNOWN;
		b->disk_total = KD_UNKNOWN;
		b->disk_usable = KD_UNKNOWN;
		b->leader_throttle = old ? old->leader_throttle : KD_UNKNOWN;
		b->follower_throttle = old ? old->follower_throttle : KD_UNKNOWN;
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
	free(sorted);
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
		kt->partitions = arena_calloc(a, (size_t)mt->n_partitions ? (size_t)mt->n_partitions : 1,
					      sizeof(kd_partition));
		int np = 0, bad_ids = 0, cut_lists = 0;
		for (int p = 0; p < mt->n_partitions; p++) {
			const kd_meta_partition *mp = &mt->partitions[p];
			int32_t *off;
			int n_off = 0;

			if (mp->id < 0) {       /* nothing can address it */
				bad_ids++;
				continue;
			}
			kd_partition *kp = &kt->partitions[np++];
			int nr = mp->n_replicas, ni = mp->n_isr, no = mp->n_offline;
			if (nr > KD_REPLICAS_MAX || ni > KD_REPLICAS_MAX || no > KD_REPLICAS_MAX) {
				cut_lists++;
				nr = nr > KD_REPLICAS_MAX ? KD_REPLICAS_MAX : nr;
				ni = ni > KD_REPLICAS_MAX ? KD_REPLICAS_MAX : ni;
				no = no > KD_REPLICAS_MAX ? KD_REPLICAS_MAX : no;
			}
			kp->id = mp->id;
			kp->leader = mp->leader;
			kp->leader_epoch = mp->leader_epoch;
			kp->err = mp->err;
			kp->n_replicas = nr;
			kp->replicas = arena_memdup(a, mp->replicas, sizeof(int32_t) * (size_t)nr);
			kp->n_isr = ni;
			kp->isr = arena_memdup(a, mp->isr, sizeof(int32_t) * (size_t)ni);
			/* Offline replicas: what the broker said, or else the
			 * replicas whose broker is not up.  Quadratic in the
			 * replica count, which is capped above. */
			off = arena_calloc(a, (size_t)nr + 1, sizeof(int32_t));
			if (mp->offline) {
				for (int r = 0; r < no && r < nr; r++)
					off[n_off++] = mp->offline[r];
			}
			for (int r = 0; r < nr; r++) {
				bool listed = false;
				for (int k = 0; k < n_off; k++)
					listed |= off[k] == mp->replicas[r];
				if (!listed && n_off < nr && !broker_up(s, mp->replicas[r]))
					off[n_off++] = mp->replicas[r];
			}
			kp->offline = off;
			kp->n_offline = n_off;
			kp->low = kp->high = KD_UNKNOWN;
			kp->size = KD_UNKNOWN;
			kp->msgs_rate = KD_UNKNOWN;
			kp->bytes_rate = KD_UNKNOWN;
		}
		qsort(kt->partitions, (size_t)np, sizeof(kd_partition), cmp_partition);
		/* a partition listed twice: one of them stands */
		int k = np ? 1 : 0, dups = 0;
		for (int i = 1; i < np; i++) {
			if (kt->partitions[i].id == kt->partitions[k - 1].id)
				dups++;
			else
				kt->partitions[k++] = kt->partitions[i];
		}
		kt->n_partitions = k;
		if (bad_ids || dups || cut_lists)
			snapshot_add_error(s, "topic %s: the broker's metadata is malformed: "
					   "%d negative partition ids and %d duplicates ignored, "
					   "%d replica lists cut to %d", kt->name, bad_ids, dups,
					   cut_lists, KD_REPLICAS_MAX);
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
	/* bounded: one answer may hold a malformed entry per topic */
	if (s->n_errors > KD_ERRORS_MAX)
		return;
	if (s->n_errors == KD_ERRORS_MAX)
		snprintf(buf, sizeof(buf), "... more errors not kept");
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
	s->n_partitions = s->under_replicated = s->offline = s->under_min_isr = 0;
	s->leader_skew = s->throttles = 0;
	s->msgs_rate = s->bytes_rate = KD_UNKNOWN;
	for (int b = 0; b < s->n_brokers; b++) {
		kd_broker *br = &s->brokers[b];
		br->leaders = br->replicas = br->preferred_leaders = 0;
		br->msgs_in_rate = KD_UNKNOWN;
		br->bytes_in_rate = KD_UNKNOWN;
		br->is_controller = br->id == s->controller_id;
		if (br->up)
			s->brokers_up++;
	}
	for (int t = 0; t < s->n_topics; t++) {
		kd_topic *kt = &s->topics[t];
		kt->under_replicated = kt->offline = kt->under_min_isr = 0;
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
			if (kd_partition_under_min_isr(kp, kt->min_isr))
				kt->under_min_isr++;
			if (kp->low >= 0 && kp->high >= kp->low)
				kt->messages += kp->high - kp->low;
			add_rate(&kt->msgs_rate, kp->msgs_rate);
			add_rate(&kt->bytes_rate, kp->bytes_rate);
			if (kp->size >= 0)
				kt->size = kd_sat_add(kt->size < 0 ? 0 : kt->size, kp->size);
			if (kp->n_replicas > 0) {
				kd_broker *pref = (kd_broker *)snapshot_broker(s, kp->replicas[0]);
				if (pref)
					pref->preferred_leaders++;
				if (kp->leader >= 0 && kp->leader != kp->replicas[0])
					s->leader_skew++;
			}
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
		s->throttles += kt->leader_throttled || kt->follower_throttled;
		s->under_replicated += kt->under_replicated;
		s->under_min_isr += kt->under_min_isr;
		s->offline += kt->offline;
		add_rate(&s->msgs_rate, kt->msgs_rate);
		add_rate(&s->bytes_rate, kt->bytes_rate);
	}
	for (int b = 0; b < s->n_brokers; b++)
		s->throttles += s->brokers[b].leader_throttle >= 0 ||
			s->brokers[b].follower_throttle >= 0;
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
	/* sorted by id and unique; usually dense from 0 */
	if (part >= 0 && part < t->n_partitions && t->partitions[part].id == part)
		return &t->partitions[part];
	int lo = 0, hi = t->n_partitions;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (t->partitions[mid].id == part)
			return &t->partitions[mid];
		if (t->partitions[mid].id < part)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
