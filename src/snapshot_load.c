/* snapshot_load.c: see snapshot_load.h. */
#include "config.h"

#include "snapshot_load.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "groups_model.h"

/* Caps on what one document may hold: far above real clusters, low enough
 * that counts times element sizes cannot overflow. */
#define LOAD_BROKERS_MAX 100000
#define LOAD_TOPICS_MAX 1000000
#define LOAD_PARTITIONS_MAX 1000000
#define LOAD_GROUPS_MAX 1000000
#define LOAD_LIST_MAX 1000000

/* The reader's state: the arena everything goes in, the path of the
 * member being read (for messages) and the first error, which sticks:
 * once bad, every getter returns its default and callers unwind. */
typedef struct ld {
	kd_arena *a;
	char *err;
	size_t errlen;
	bool bad;
	size_t plen;
	char path[256];
} ld;

/* member flags */
#define OPT 1u   /* may be missing */
#define NUL 2u   /* may be null */

static size_t at_key(ld *L, const char *key)
{
	size_t old = L->plen;
	int n = snprintf(L->path + old, sizeof(L->path) - old, "%s%s", old ? "." : "", key);
	if (n > 0)
		L->plen = old + (size_t)n < sizeof(L->path) ? old + (size_t)n : sizeof(L->path) - 1;
	return old;
}

static size_t at_idx(ld *L, size_t i)
{
	size_t old = L->plen;
	int n = snprintf(L->path + old, sizeof(L->path) - old, "[%zu]", i);
	if (n > 0)
		L->plen = old + (size_t)n < sizeof(L->path) ? old + (size_t)n : sizeof(L->path) - 1;
	return old;
}

static void at_pop(ld *L, size_t old)
{
	L->plen = old;
	L->path[old] = '\0';
}

static void fail(ld *L, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(ld *L, const char *key, const char *fmt, ...)
{
	if (L->bad)
		return;
	L->bad = true;
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(L->err, L->errlen, "%s%s%s: %s", L->path, *L->path && key ? "." : "",
		 key ? key : (*L->path ? "" : "document"), msg);
}

/* o's member key: NULL when it is missing or null and f allows that. */
static const json_t *member(ld *L, const json_t *o, const char *key, unsigned f)
{
	if (L->bad)
		return NULL;
	const json_t *v = json_object_get(o, key);
	if (!v) {
		if (!(f & OPT))
			fail(L, key, "missing");
		return NULL;
	}
	if (json_is_null(v)) {
		if (!(f & NUL))
			fail(L, key, "is null");
		return NULL;
	}
	return v;
}

static int64_t int_value(ld *L, const json_t *v, const char *key, int64_t lo, int64_t hi)
{
	if (!json_is_integer(v)) {
		fail(L, key, "expected an integer");
		return lo;
	}
	json_int_t x = json_integer_value(v);
	if (x < lo || x > hi) {
		fail(L, key, "%lld out of range", (long long)x);
		return lo;
	}
	return (int64_t)x;
}

static int64_t get_int(ld *L, const json_t *o, const char *key, unsigned f, int64_t lo,
		       int64_t hi, int64_t dflt)
{
	const json_t *v = member(L, o, key, f);
	return v ? int_value(L, v, key, lo, hi) : dflt;
}

static double get_num(ld *L, const json_t *o, const char *key, unsigned f, double dflt)
{
	const json_t *v = member(L, o, key, f);
	if (!v)
		return dflt;
	if (!json_is_number(v) || !isfinite(json_number_value(v))) {
		fail(L, key, "expected a number");
		return dflt;
	}
	return json_number_value(v);
}

static bool get_bool(ld *L, const json_t *o, const char *key, unsigned f, bool dflt)
{
	const json_t *v = member(L, o, key, f);
	if (!v)
		return dflt;
	if (!json_is_boolean(v)) {
		fail(L, key, "expected true or false");
		return dflt;
	}
	return json_is_true(v);
}

static const char *str_value(ld *L, const json_t *v, const char *key)
{
	if (!json_is_string(v)) {
		fail(L, key, "expected a string");
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n) {
		fail(L, key, "contains a NUL byte");
		return NULL;
	}
	return arena_strndup(L->a, s, n);
}

/* A string in the arena; NULL when missing or null and f allows that. */
static const char *get_str(ld *L, const json_t *o, const char *key, unsigned f)
{
	const json_t *v = member(L, o, key, f);
	return v ? str_value(L, v, key) : NULL;
}

/* "" rather than NULL: strings the writer prints with json_text0. */
static const char *get_str0(ld *L, const json_t *o, const char *key)
{
	const char *s = get_str(L, o, key, 0);
	return s ? s : "";
}

static const json_t *get_arr(ld *L, const json_t *o, const char *key, unsigned f, size_t max)
{
	const json_t *v = member(L, o, key, f);
	if (!v)
		return NULL;
	if (!json_is_array(v)) {
		fail(L, key, "expected an array");
		return NULL;
	}
	if (json_array_size(v) > max) {
		fail(L, key, "%zu elements, at most %zu", json_array_size(v), max);
		return NULL;
	}
	return v;
}

static const json_t *get_obj(ld *L, const json_t *o, const char *key, unsigned f)
{
	const json_t *v = member(L, o, key, f);
	if (v && !json_is_object(v)) {
		fail(L, key, "expected an object");
		return NULL;
	}
	return v;
}

/* An element of an array that must be an object. */
static const json_t *elem_obj(ld *L, const json_t *arr, size_t i)
{
	const json_t *v = json_array_get(arr, i);
	if (!json_is_object(v)) {
		fail(L, NULL, "expected an object");
		return NULL;
	}
	return v;
}

static const int32_t *get_ids(ld *L, const json_t *o, const char *key, int max, int *n)
{
	const json_t *arr = get_arr(L, o, key, 0, (size_t)max);
	*n = 0;
	if (!arr)
		return NULL;
	size_t cnt = json_array_size(arr);
	int32_t *ids = arena_calloc(L->a, cnt ? cnt : 1, sizeof(*ids));
	size_t old = at_key(L, key);
	for (size_t i = 0; i < cnt && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		ids[i] = (int32_t)int_value(L, json_array_get(arr, i), NULL, -1, INT32_MAX);
		at_pop(L, o2);
	}
	at_pop(L, old);
	*n = (int)cnt;
	return ids;
}

static const char **get_strs(ld *L, const json_t *o, const char *key, int *n)
{
	const json_t *arr = get_arr(L, o, key, 0, LOAD_LIST_MAX);
	*n = 0;
	if (!arr)
		return NULL;
	size_t cnt = json_array_size(arr);
	const char **v = arena_calloc(L->a, cnt ? cnt : 1, sizeof(*v));
	size_t old = at_key(L, key);
	for (size_t i = 0; i < cnt && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		v[i] = str_value(L, json_array_get(arr, i), NULL);
		at_pop(L, o2);
	}
	at_pop(L, old);
	*n = (int)cnt;
	return v;
}

/* A sparkline: numbers (null: -1 where the writer wrote unknown ones as
 * null, the groups' lag history). */
static void get_hist(ld *L, const json_t *o, const char *key, unsigned f, kd_history *h)
{
	const json_t *arr = get_arr(L, o, key, f, KD_HISTORY);
	h->n = 0;
	if (!arr)
		return;
	size_t old = at_key(L, key);
	for (size_t i = 0; i < json_array_size(arr) && !L->bad; i++) {
		const json_t *v = json_array_get(arr, i);
		if (json_is_null(v))
			h->v[i] = -1;
		else if (json_is_number(v))
			h->v[i] = json_number_value(v);
		else {
			size_t o2 = at_idx(L, i);
			fail(L, NULL, "expected a number");
			at_pop(L, o2);
		}
	}
	at_pop(L, old);
	h->n = (int)json_array_size(arr);
}

/* The KD_NA_* names of snapshot_json.c; unknown names (a newer kdeck's)
 * are ignored. */
static unsigned get_na(ld *L, const json_t *o, const char *key)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{KD_NA_LOGDIRS, "log_dirs"}, {KD_NA_OFFSETS, "offsets"},
		{KD_NA_QUORUM, "quorum"}, {KD_NA_GROUPS, "groups"},
		{KD_NA_CONFIGS, "configs"}, {KD_NA_REASSIGN, "reassignments"},
	};
	const json_t *arr = get_arr(L, o, key, 0, 64);
	unsigned na = 0;
	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (!s) {
			fail(L, key, "expected names");
			return 0;
		}
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (!strcmp(s, names[k].name))
				na |= names[k].bit;
	}
	return na;
}

/* ---- brokers, topics, partitions ------------------------------------------ */

static void load_broker(ld *L, const json_t *o, kd_broker *b)
{
	b->id = (int32_t)get_int(L, o, "id", 0, 0, INT32_MAX, 0);
	b->host = get_str0(L, o, "host");
	b->port = (int)get_int(L, o, "port", 0, 0, 65535, 0);
	b->rack = get_str(L, o, "rack", NUL);
	b->up = get_bool(L, o, "up", 0, false);
	b->is_controller = get_bool(L, o, "controller", 0, false);
	b->leaders = (int)get_int(L, o, "leaders", 0, 0, INT32_MAX, 0);
	b->replicas = (int)get_int(L, o, "replicas", 0, 0, INT32_MAX, 0);
	b->msgs_in_rate = get_num(L, o, "msgs_in_per_sec", NUL, KD_UNKNOWN);
	b->bytes_in_rate = get_num(L, o, "bytes_in_per_sec", NUL, KD_UNKNOWN);
	b->log_bytes = get_int(L, o, "log_bytes", NUL, 0, INT64_MAX, KD_UNKNOWN);
	b->disk_total = get_int(L, o, "disk_total_bytes", NUL, 0, INT64_MAX, KD_UNKNOWN);
	b->disk_usable = get_int(L, o, "disk_usable_bytes", NUL, 0, INT64_MAX, KD_UNKNOWN);
	b->responsive = get_bool(L, o, "responsive", 0, false);
	b->na = get_na(L, o, "unavailable");
	b->preferred_leaders = (int)get_int(L, o, "preferred_leaders", 0, 0, INT32_MAX, 0);
	b->leader_throttle = get_int(L, o, "leader_throttle", NUL, 0, INT64_MAX, KD_UNKNOWN);
	b->follower_throttle = get_int(L, o, "follower_throttle", NUL, 0, INT64_MAX, KD_UNKNOWN);
	get_hist(L, o, "msgs_in_per_sec_history", OPT, &b->msgs_history);
	get_hist(L, o, "bytes_in_per_sec_history", OPT, &b->bytes_history);
}

static void load_replica_state(ld *L, const json_t *o, kd_replica_state *r)
{
	r->broker = (int32_t)get_int(L, o, "broker", 0, -1, INT32_MAX, 0);
	r->size = get_int(L, o, "size", NUL, 0, INT64_MAX, KD_UNKNOWN);
	r->leo = get_int(L, o, "log_end_offset", NUL, 0, INT64_MAX, KD_UNKNOWN);
	r->lag_offsets = get_int(L, o, "lag_offsets", NUL, 0, INT64_MAX, KD_UNKNOWN);
	r->lag_bytes = get_int(L, o, "lag_bytes", NUL, 0, INT64_MAX, KD_UNKNOWN);
	r->in_isr = get_bool(L, o, "in_isr", 0, false);
	r->stale = get_bool(L, o, "stale", 0, false);
	r->out_of_isr_ms = get_int(L, o, "out_of_isr_since_ms", NUL, 0, INT64_MAX, KD_UNKNOWN);
}

static void load_partition(ld *L, const json_t *o, kd_partition *p)
{
	p->id = (int32_t)get_int(L, o, "id", 0, 0, INT32_MAX, 0);
	p->leader = (int32_t)get_int(L, o, "leader", 0, -1, INT32_MAX, -1);
	p->leader_epoch = (int32_t)get_int(L, o, "leader_epoch", NUL, 0, INT32_MAX, KD_UNKNOWN);
	p->replicas = get_ids(L, o, "replicas", KD_REPLICAS_MAX, &p->n_replicas);
	p->isr = get_ids(L, o, "isr", KD_REPLICAS_MAX, &p->n_isr);
	p->offline = get_ids(L, o, "offline_replicas", KD_REPLICAS_MAX, &p->n_offline);
	p->low = get_int(L, o, "low", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->high = get_int(L, o, "high", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->size = get_int(L, o, "size", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->msgs_rate = get_num(L, o, "msgs_per_sec", NUL, KD_UNKNOWN);
	p->bytes_rate = get_num(L, o, "bytes_per_sec", NUL, KD_UNKNOWN);
	/* derived from the fields above: only checked */
	get_bool(L, o, "under_replicated", 0, false);
	get_bool(L, o, "offline", 0, false);
	get_bool(L, o, "under_min_isr", 0, false);
	p->err = (int)get_int(L, o, "error", NUL, INT16_MIN, INT16_MAX, 0);

	const json_t *rs = get_arr(L, o, "replica_states", NUL, KD_REPLICAS_MAX);
	if (!rs || L->bad)
		return;
	if (json_array_size(rs) != (size_t)p->n_replicas) {
		fail(L, "replica_states", "%zu entries for %d replicas", json_array_size(rs),
		     p->n_replicas);
		return;
	}
	kd_replica_state *r = arena_calloc(L->a, (size_t)p->n_replicas + 1, sizeof(*r));
	size_t old = at_key(L, "replica_states");
	for (int i = 0; i < p->n_replicas && !L->bad; i++) {
		size_t o2 = at_idx(L, (size_t)i);
		const json_t *e = elem_obj(L, rs, (size_t)i);
		if (e)
			load_replica_state(L, e, &r[i]);
		at_pop(L, o2);
	}
	at_pop(L, old);
	p->rstate = r;
}

/* "00ab..." (32 hex digits) into id; null leaves it zero. */
static void get_topic_id(ld *L, const json_t *o, uint8_t id[16])
{
	const char *hex = get_str(L, o, "id", NUL);
	if (!hex)
		return;
	if (strlen(hex) != 32) {
		fail(L, "id", "expected 32 hex digits");
		return;
	}
	for (int i = 0; i < 16; i++) {
		unsigned v;
		char two[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;
		v = (unsigned)strtoul(two, &end, 16);
		if (*end || !two[0] || two[0] == '+' || two[0] == '-' || two[0] == ' ') {
			fail(L, "id", "expected 32 hex digits");
			return;
		}
		id[i] = (uint8_t)v;
	}
}

static void load_topic(ld *L, const json_t *o, kd_topic *t)
{
	t->name = get_str0(L, o, "name");
	get_topic_id(L, o, t->id);
	t->internal = get_bool(L, o, "internal", 0, false);
	t->err = (int)get_int(L, o, "error", NUL, INT16_MIN, INT16_MAX, 0);
	int64_t count = get_int(L, o, "partition_count", 0, 0, LOAD_PARTITIONS_MAX, 0);
	t->under_replicated = (int)get_int(L, o, "under_replicated", 0, 0, INT32_MAX, 0);
	t->offline = (int)get_int(L, o, "offline", 0, 0, INT32_MAX, 0);
	t->messages = get_int(L, o, "messages", 0, INT64_MIN, INT64_MAX, 0);
	t->size = get_int(L, o, "size", NUL, 0, INT64_MAX, KD_UNKNOWN);
	t->msgs_rate = get_num(L, o, "msgs_per_sec", NUL, KD_UNKNOWN);
	t->bytes_rate = get_num(L, o, "bytes_per_sec", NUL, KD_UNKNOWN);
	t->min_isr = (int)get_int(L, o, "min_insync_replicas", NUL, 1, INT32_MAX, 0);
	t->under_min_isr = (int)get_int(L, o, "under_min_isr", 0, 0, INT32_MAX, 0);
	t->leader_throttled = get_str(L, o, "leader_throttled_replicas", NUL);
	t->follower_throttled = get_str(L, o, "follower_throttled_replicas", NUL);
	get_hist(L, o, "msgs_per_sec_history", OPT, &t->msgs_history);
	get_hist(L, o, "bytes_per_sec_history", OPT, &t->bytes_history);

	const json_t *parts = get_arr(L, o, "partitions", 0, LOAD_PARTITIONS_MAX);
	if (L->bad)
		return;
	size_t n = json_array_size(parts);
	if ((int64_t)n != count) {
		fail(L, "partition_count", "%lld, but %zu partitions listed", (long long)count, n);
		return;
	}
	t->partitions = arena_calloc(L->a, n + 1, sizeof(*t->partitions));
	size_t old = at_key(L, "partitions");
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *e = elem_obj(L, parts, i);
		if (e)
			load_partition(L, e, &t->partitions[i]);
		if (!L->bad && i > 0 && t->partitions[i].id <= t->partitions[i - 1].id)
			fail(L, "id", "partitions not sorted by id");
		at_pop(L, o2);
	}
	at_pop(L, old);
	t->n_partitions = (int)n;
}

/* ---- quorum, reassignments, msk ------------------------------------------- */

static void load_voters(ld *L, const json_t *arr, const char *key, bool observer,
			kd_voter *v, int *n)
{
	size_t old = at_key(L, key);
	for (size_t i = 0; i < json_array_size(arr) && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *e = elem_obj(L, arr, i);
		kd_voter *x = &v[(*n)++];
		x->observer = observer;
		x->id = (int32_t)get_int(L, e, "id", 0, -1, INT32_MAX, 0);
		x->log_end_offset = get_int(L, e, "log_end_offset", NUL, 0, INT64_MAX, KD_UNKNOWN);
		x->last_fetch_ms = get_int(L, e, "last_fetch_ms", NUL, 0, INT64_MAX, KD_UNKNOWN);
		x->last_caught_up_ms = get_int(L, e, "last_caught_up_ms", NUL, 0, INT64_MAX,
					       KD_UNKNOWN);
		at_pop(L, o2);
	}
	at_pop(L, old);
}

static void load_quorum(ld *L, const json_t *root, kd_quorum *q)
{
	const json_t *o = get_obj(L, root, "quorum", NUL);
	if (!o)
		return;
	size_t old = at_key(L, "quorum");
	q->known = true;
	q->leader = (int32_t)get_int(L, o, "leader", 0, -1, INT32_MAX, -1);
	q->epoch = (int32_t)get_int(L, o, "epoch", 0, -1, INT32_MAX, 0);
	q->high_watermark = get_int(L, o, "high_watermark", NUL, 0, INT64_MAX, KD_UNKNOWN);
	const json_t *v = get_arr(L, o, "voters", 0, LOAD_BROKERS_MAX);
	const json_t *ob = get_arr(L, o, "observers", 0, LOAD_BROKERS_MAX);
	if (!L->bad) {
		q->voters = arena_calloc(L->a, json_array_size(v) + json_array_size(ob) + 1,
					 sizeof(*q->voters));
		load_voters(L, v, "voters", false, q->voters, &q->n_voters);
		load_voters(L, ob, "observers", true, q->voters, &q->n_voters);
	}
	at_pop(L, old);
}

static void load_reassignments(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *arr = get_arr(L, root, "reassignments", NUL, LOAD_PARTITIONS_MAX);
	if (!arr)
		return;
	size_t n = json_array_size(arr), old = at_key(L, "reassignments");
	s->reassign_known = true;
	s->reassignments = arena_calloc(L->a, n + 1, sizeof(*s->reassignments));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *o = elem_obj(L, arr, i);
		kd_reassignment *r = &s->reassignments[i];
		r->topic = get_str0(L, o, "topic");
		r->partition = (int32_t)get_int(L, o, "partition", 0, 0, INT32_MAX, 0);
		r->replicas = get_ids(L, o, "replicas", KD_REPLICAS_MAX, &r->n_replicas);
		r->adding = get_ids(L, o, "adding", KD_REPLICAS_MAX, &r->n_adding);
		r->removing = get_ids(L, o, "removing", KD_REPLICAS_MAX, &r->n_removing);
		r->bytes_copied = get_int(L, o, "bytes_copied", NUL, 0, INT64_MAX, KD_UNKNOWN);
		r->bytes_total = get_int(L, o, "bytes_total", NUL, 0, INT64_MAX, KD_UNKNOWN);
		r->rate = get_num(L, o, "bytes_per_sec", NUL, KD_UNKNOWN);
		r->eta_ms = get_int(L, o, "eta_ms", NUL, 0, INT64_MAX, KD_UNKNOWN);
		const char *st = get_str(L, o, "state", 0);
		if (st && !strcmp(st, "moving"))
			;
		else if (st && !strcmp(st, "done"))
			r->done = true;
		else if (st && !strcmp(st, "cancelled"))
			r->done = r->cancelled = true;
		else
			fail(L, "state", "expected moving, done or cancelled");
		r->since_ms = get_int(L, o, "since_ms", OPT, INT64_MIN, INT64_MAX, 0);
		r->done_ms = get_int(L, o, "done_ms", OPT, INT64_MIN, INT64_MAX, 0);
		if (!r->done)
			s->n_reassignments++;
		at_pop(L, o2);
	}
	s->n_reassign_rows = (int)n;
	at_pop(L, old);
}

static const kd_msk_op *load_msk_ops(ld *L, const json_t *m, const char *key, bool with_end,
				     int *n)
{
	const json_t *arr = get_arr(L, m, key, 0, LOAD_LIST_MAX);
	*n = 0;
	if (!arr)
		return NULL;
	size_t cnt = json_array_size(arr), old = at_key(L, key);
	kd_msk_op *ops = arena_calloc(L->a, cnt + 1, sizeof(*ops));
	for (size_t i = 0; i < cnt && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *o = elem_obj(L, arr, i);
		ops[i].type = get_str(L, o, "type", NUL);
		ops[i].state = get_str(L, o, "state", NUL);
		ops[i].start = get_str(L, o, "start", NUL);
		ops[i].step = get_str(L, o, "step", NUL);
		if (with_end)
			ops[i].end = get_str(L, o, "end", NUL);
		at_pop(L, o2);
	}
	at_pop(L, old);
	*n = (int)cnt;
	return ops;
}

static void load_msk(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *m = get_obj(L, root, "msk", NUL);
	if (!m)
		return;
	size_t old = at_key(L, "msk");
	kd_msk *k = arena_calloc(L->a, 1, sizeof(*k));
	k->name = get_str(L, m, "name", NUL);
	k->arn = get_str(L, m, "arn", NUL);
	k->type = get_str(L, m, "type", NUL);
	k->state = get_str(L, m, "state", NUL);
	k->kafka_version = get_str(L, m, "kafka_version", NUL);
	k->instance_type = get_str(L, m, "instance_type", NUL);
	k->brokers = (int)get_int(L, m, "brokers", NUL, 0, INT32_MAX, KD_UNKNOWN);
	k->storage_gb = get_int(L, m, "storage_gb", NUL, 0, INT64_MAX, KD_UNKNOWN);
	k->zones = get_strs(L, m, "zones", &k->n_zones);
	k->auth = get_strs(L, m, "auth", &k->n_auth);
	k->auth_used = get_str(L, m, "auth_used", NUL);
	const json_t *nodes = get_arr(L, m, "nodes", 0, LOAD_BROKERS_MAX);
	if (nodes) {
		size_t cnt = json_array_size(nodes), o1 = at_key(L, "nodes");
		kd_msk_node *nd = arena_calloc(L->a, cnt + 1, sizeof(*nd));
		for (size_t i = 0; i < cnt && !L->bad; i++) {
			size_t o2 = at_idx(L, i);
			const json_t *o = elem_obj(L, nodes, i);
			nd[i].broker_id = (int32_t)get_int(L, o, "broker_id", 0, INT32_MIN,
							   INT32_MAX, 0);
			nd[i].az = get_str(L, o, "az", NUL);
			nd[i].subnet = get_str(L, o, "subnet", NUL);
			nd[i].instance_type = get_str(L, o, "instance_type", NUL);
			nd[i].endpoint = get_str(L, o, "endpoint", NUL);
			at_pop(L, o2);
		}
		at_pop(L, o1);
		k->nodes = nd;
		k->n_nodes = (int)cnt;
	}
	k->ops = load_msk_ops(L, m, "operations", false, &k->n_ops);
	k->history = load_msk_ops(L, m, "recent_operations", true, &k->n_history);
	k->read_ms = get_int(L, m, "read_ms", NUL, 1, INT64_MAX, 0);
	k->error = get_str(L, m, "error", NUL);
	k->throttled = get_bool(L, m, "throttled", 0, false);
	at_pop(L, old);
	s->msk = k;
}

/* ---- consumer groups ------------------------------------------------------- */

static lag_status get_status(ld *L, const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	if (L->bad)
		return LAG_ST_UNKNOWN;
	for (int i = 0; s && i < LAG_STATUS_COUNT; i++)
		if (!strcmp(s, lag_status_name((lag_status)i)))
			return (lag_status)i;
	fail(L, key, "expected a lag status (OK, WARN, STOP, ...)");
	return LAG_ST_UNKNOWN;
}

/* catch_up_s is null both for "never" and "unknown": the text tells. */
static double get_eta(ld *L, const json_t *o)
{
	double eta = get_num(L, o, "catch_up_s", NUL, LAG_ETA_UNKNOWN);
	const char *text = json_string_value(json_object_get(o, "catch_up"));
	if (!L->bad && !text)
		fail(L, "catch_up", "expected a string");
	if (eta < 0 && text && !strcmp(text, "never"))
		eta = LAG_ETA_NEVER;
	return eta;
}

static void load_member(ld *L, const json_t *o, kd_group_member *m)
{
	m->member_id = get_str0(L, o, "member_id");
	m->instance_id = get_str(L, o, "instance_id", NUL);
	m->client_id = get_str0(L, o, "client_id");
	m->host = get_str0(L, o, "host");
	m->n_partitions = (int)get_int(L, o, "partition_count", 0, 0, INT32_MAX, 0);
	m->assignment_error = get_str(L, o, "assignment_error", NUL);
	const json_t *as = get_arr(L, o, "assignment", 0, LOAD_TOPICS_MAX);
	if (!as)
		return;
	size_t n = json_array_size(as), old = at_key(L, "assignment");
	kd_member_topic *t = arena_calloc(L->a, n + 1, sizeof(*t));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *e = elem_obj(L, as, i);
		t[i].topic = get_str0(L, e, "topic");
		t[i].partitions = get_ids(L, e, "partitions", LOAD_PARTITIONS_MAX,
					  &t[i].n_partitions);
		at_pop(L, o2);
	}
	at_pop(L, old);
	m->topics = t;
	m->n_topics = (int)n;
}

static void load_group_partition(ld *L, const json_t *o, const kd_group *g,
				 kd_group_partition *p)
{
	p->topic = get_str0(L, o, "topic");
	p->partition = (int32_t)get_int(L, o, "partition", 0, 0, INT32_MAX, 0);
	p->committed = get_int(L, o, "committed", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->end = get_int(L, o, "end", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->lag = get_int(L, o, "lag", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->lag_s = get_num(L, o, "lag_s", NUL, LAG_UNKNOWN);
	p->since_commit_ms = get_int(L, o, "since_commit_ms", NUL, 0, INT64_MAX, KD_UNKNOWN);
	p->status = get_status(L, o, "status");
	p->consume_rate = get_num(L, o, "consume_per_sec", NUL, LAG_UNKNOWN);
	p->produce_rate = get_num(L, o, "produce_per_sec", NUL, LAG_UNKNOWN);
	p->eta_s = get_eta(L, o);
	p->error = (int16_t)get_int(L, o, "error", NUL, INT16_MIN, INT16_MAX, 0);
	/* the member by id: the writer names it, the model keeps its index */
	const char *mid = get_str(L, o, "member_id", NUL);
	p->member = -1;
	for (int i = 0; mid && i < g->n_members; i++)
		if (!strcmp(g->members[i].member_id, mid)) {
			p->member = i;
			break;
		}
}

static int cmp_gp(const kd_group_partition *a, const kd_group_partition *b)
{
	int c = strcmp(a->topic, b->topic);
	return c ? c : (a->partition > b->partition) - (a->partition < b->partition);
}

static void load_group(ld *L, const json_t *o, kd_group *g)
{
	static const char *const states[] = { "?", "Stable", "Rebalancing", "Empty", "Dead" };
	g->id = get_str0(L, o, "id");
	const char *st = get_str(L, o, "state", 0);
	bool found = false;
	for (int i = 0; st && i < (int)(sizeof(states) / sizeof(states[0])); i++)
		if (!strcmp(st, states[i])) {
			g->st = (kd_group_state)i;
			found = true;
		}
	if (!found)
		fail(L, "state", "expected Stable, Rebalancing, Empty, Dead or ?");
	g->state = get_str0(L, o, "coordinator_state");
	g->protocol_type = get_str0(L, o, "protocol_type");
	g->protocol = get_str0(L, o, "assignor");
	g->group_type = get_str(L, o, "type", NUL);
	g->coordinator = (int32_t)get_int(L, o, "coordinator", NUL, 0, INT32_MAX, -1);
	const json_t *mc = json_object_get(o, "member_count");
	g->members_known = mc && !json_is_null(mc);
	get_int(L, o, "member_count", NUL, 0, INT32_MAX, 0);
	g->topics = get_strs(L, o, "topics", &g->n_topics);
	g->error = get_str(L, o, "error", NUL);

	lag_group_result *e = &g->eval;
	e->status = get_status(L, o, "status");
	e->lag = get_int(L, o, "lag", NUL, 0, INT64_MAX, LAG_UNKNOWN);
	e->max_lag = get_int(L, o, "max_lag", NUL, 0, INT64_MAX, LAG_UNKNOWN);
	e->lag_s = get_num(L, o, "lag_s", NUL, LAG_UNKNOWN);
	e->eta_s = get_eta(L, o);
	e->consume_rate = get_num(L, o, "consume_per_sec", NUL, LAG_UNKNOWN);
	e->produce_rate = get_num(L, o, "produce_per_sec", NUL, LAG_UNKNOWN);
	get_hist(L, o, "lag_history", 0, &g->lag_history);

	const json_t *members = get_arr(L, o, "members", 0, LOAD_LIST_MAX);
	if (members) {
		size_t n = json_array_size(members), old = at_key(L, "members");
		kd_group_member *m = arena_calloc(L->a, n + 1, sizeof(*m));
		for (size_t i = 0; i < n && !L->bad; i++) {
			size_t o2 = at_idx(L, i);
			const json_t *x = elem_obj(L, members, i);
			if (x)
				load_member(L, x, &m[i]);
			at_pop(L, o2);
		}
		at_pop(L, old);
		g->members = m;
		g->n_members = (int)n;
	}
	const json_t *parts = get_arr(L, o, "partitions", 0, LOAD_PARTITIONS_MAX);
	if (parts && !L->bad) {
		size_t n = json_array_size(parts), old = at_key(L, "partitions");
		kd_group_partition *p = arena_calloc(L->a, n + 1, sizeof(*p));
		for (size_t i = 0; i < n && !L->bad; i++) {
			size_t o2 = at_idx(L, i);
			const json_t *x = elem_obj(L, parts, i);
			if (x)
				load_group_partition(L, x, g, &p[i]);
			if (!L->bad && i > 0 && cmp_gp(&p[i - 1], &p[i]) >= 0)
				fail(L, NULL, "not sorted by topic and partition");
			/* the counts the summary shows, from the partitions */
			e->n_partitions++;
			e->n_status[p[i].status]++;
			e->n_severity[lag_status_severity(p[i].status)]++;
			if (p[i].lag < 0)
				e->n_lag_unknown++;
			at_pop(L, o2);
		}
		at_pop(L, old);
		g->partitions = p;
		g->n_partitions = (int)n;
	}
}

static void load_groups(ld *L, const json_t *root, kd_snapshot *s)
{
	static const struct { unsigned bit; const char *name; } rules[] = {
		{ LAG_RULE_STOP, "stop" }, { LAG_RULE_REWIND, "rewind" },
		{ LAG_RULE_STALL, "stall" }, { LAG_RULE_WARN, "warn" },
	};
	const json_t *o = get_obj(L, root, "groups", NUL);
	if (!o)
		return;
	size_t old = at_key(L, "groups");
	kd_groups *gs = arena_calloc(L->a, 1, sizeof(*gs));
	gs->n_coordinators = (int)get_int(L, o, "coordinators", 0, 0, INT32_MAX, 0);
	gs->requests = (int)get_int(L, o, "requests", 0, 0, INT32_MAX, 0);
	gs->poll_ms = get_int(L, o, "poll_ms", 0, INT64_MIN, INT64_MAX, 0);
	const json_t *cfg = get_obj(L, o, "config", 0);
	if (cfg) {
		size_t o1 = at_key(L, "config");
		gs->config.window = (int)get_int(L, cfg, "window", 0, 0, INT32_MAX, 0);
		gs->config.allowed = get_int(L, cfg, "allowed", 0, INT64_MIN, INT64_MAX, 0);
		gs->config.min_samples = (int)get_int(L, cfg, "min_samples", 0, 0, INT32_MAX, 0);
		gs->config.stop_min_ms = get_int(L, cfg, "stop_min_ms", 0, INT64_MIN, INT64_MAX, 0);
		const json_t *r = get_arr(L, cfg, "rules", 0, 16);
		for (size_t i = 0; r && i < json_array_size(r) && !L->bad; i++) {
			const char *name = json_string_value(json_array_get(r, i));
			size_t k;
			for (k = 0; name && k < sizeof(rules) / sizeof(rules[0]); k++)
				if (!strcmp(name, rules[k].name))
					break;
			if (!name || k == sizeof(rules) / sizeof(rules[0]))
				fail(L, "rules", "expected stop, rewind, stall or warn");
			else
				gs->config.rules |= rules[k].bit;
		}
		const char *iso = get_str(L, cfg, "isolation", 0);
		if (iso && !strcmp(iso, "read_committed"))
			gs->stable = true;
		else if (!iso || strcmp(iso, "read_uncommitted"))
			fail(L, "isolation", "expected read_committed or read_uncommitted");
		at_pop(L, o1);
	}
	const json_t *list = get_arr(L, o, "groups", 0, LOAD_GROUPS_MAX);
	int64_t count = get_int(L, o, "count", 0, 0, LOAD_GROUPS_MAX, 0);
	if (!L->bad && (size_t)count != json_array_size(list))
		fail(L, "count", "%lld, but %zu groups listed", (long long)count,
		     json_array_size(list));
	if (!L->bad) {
		size_t n = json_array_size(list), o1 = at_key(L, "groups");
		kd_group *g = arena_calloc(L->a, n + 1, sizeof(*g));
		for (size_t i = 0; i < n && !L->bad; i++) {
			size_t o2 = at_idx(L, i);
			const json_t *x = elem_obj(L, list, i);
			if (x)
				load_group(L, x, &g[i]);
			if (!L->bad && i > 0 && strcmp(g[i - 1].id, g[i].id) >= 0)
				fail(L, "id", "groups not sorted by id");
			at_pop(L, o2);
		}
		at_pop(L, o1);
		gs->groups = g;
		gs->n_groups = (int)n;
	}
	at_pop(L, old);
	s->groups = gs;
}

/* ---- events and alerts ---------------------------------------------------- */

/* The object an event or alert is about: only the keys that apply. */
static void load_object(ld *L, const json_t *o, const char **topic, int32_t *partition,
			int32_t *broker, const char **group)
{
	*topic = get_str(L, o, "topic", OPT);
	*partition = (int32_t)get_int(L, o, "partition", OPT, 0, INT32_MAX, -1);
	*broker = (int32_t)get_int(L, o, "broker", OPT, 0, INT32_MAX, -1);
	*group = get_str(L, o, "group", OPT);
}

static kd_severity get_severity(ld *L, const json_t *o)
{
	int sev = events_severity_from_name(json_string_value(json_object_get(o, "severity")));
	if (sev < 0)
		fail(L, "severity", "expected info, warning or critical");
	return sev < 0 ? KD_SEV_INFO : (kd_severity)sev;
}

static void load_events(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *arr = get_arr(L, root, "events", 0, KD_EVENTS_KEEP);
	s->events_total = (uint64_t)get_int(L, root, "events_total", 0, 0, INT64_MAX, 0);
	if (!arr || L->bad)
		return;
	size_t n = json_array_size(arr), old = at_key(L, "events");
	kd_event *ev = arena_calloc(L->a, n + 1, sizeof(*ev));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *o = elem_obj(L, arr, i);
		kd_event *e = &ev[i];
		e->ms = get_int(L, o, "ms", 0, INT64_MIN, INT64_MAX, 0);
		int kind = events_kind_from_name(json_string_value(json_object_get(o, "kind")));
		if (kind < 0 && !L->bad)
			fail(L, "kind", "not an event kind");
		e->kind = kind < 0 ? KD_EV_BROKER_DOWN : (kd_event_kind)kind;
		e->severity = get_severity(L, o);
		e->text = get_str0(L, o, "text");
		load_object(L, o, &e->topic, &e->partition, &e->broker, &e->group);
		at_pop(L, o2);
	}
	at_pop(L, old);
	s->events = ev;
	s->n_events = (int)n;
}

static void load_alerts(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *arr = get_arr(L, root, "alerts", 0, LOAD_LIST_MAX);
	if (!arr || L->bad)
		return;
	size_t n = json_array_size(arr), old = at_key(L, "alerts");
	kd_alert *al = arena_calloc(L->a, n + 1, sizeof(*al));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *o = elem_obj(L, arr, i);
		kd_alert *a = &al[i];
		a->rule = get_str0(L, o, "rule");
		a->severity = get_severity(L, o);
		a->since_ms = get_int(L, o, "since_ms", 0, INT64_MIN, INT64_MAX, 0);
		a->text = get_str0(L, o, "text");
		load_object(L, o, &a->topic, &a->partition, &a->broker, &a->group);
		at_pop(L, o2);
	}
	at_pop(L, old);
	s->alerts = al;
	s->n_alerts = (int)n;
}

/* ---- the document ---------------------------------------------------------- */

static void load_totals(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *t = get_obj(L, root, "totals", 0);
	if (!t)
		return;
	size_t old = at_key(L, "totals");
	get_int(L, t, "brokers", 0, 0, INT32_MAX, 0);           /* the arrays' sizes */
	get_int(L, t, "topics", 0, 0, INT32_MAX, 0);
	s->brokers_up = (int)get_int(L, t, "brokers_up", 0, 0, INT32_MAX, 0);
	s->n_partitions = (int)get_int(L, t, "partitions", 0, 0, INT32_MAX, 0);
	s->under_replicated = (int)get_int(L, t, "under_replicated", 0, 0, INT32_MAX, 0);
	s->under_min_isr = (int)get_int(L, t, "under_min_isr", 0, 0, INT32_MAX, 0);
	s->offline = (int)get_int(L, t, "offline", 0, 0, INT32_MAX, 0);
	s->msgs_rate = get_num(L, t, "msgs_per_sec", NUL, KD_UNKNOWN);
	s->bytes_rate = get_num(L, t, "bytes_per_sec", NUL, KD_UNKNOWN);
	get_hist(L, t, "msgs_per_sec_history", 0, &s->msgs_history);
	get_hist(L, t, "bytes_per_sec_history", OPT, &s->bytes_history);
	at_pop(L, old);
}

static void load_brokers(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *arr = get_arr(L, root, "brokers", 0, LOAD_BROKERS_MAX);
	if (!arr)
		return;
	size_t n = json_array_size(arr), old = at_key(L, "brokers");
	s->brokers = arena_calloc(L->a, n + 1, sizeof(*s->brokers));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *o = elem_obj(L, arr, i);
		if (o)
			load_broker(L, o, &s->brokers[i]);
		if (!L->bad && i > 0 && s->brokers[i].id <= s->brokers[i - 1].id)
			fail(L, "id", "brokers not sorted by id");
		at_pop(L, o2);
	}
	at_pop(L, old);
	s->n_brokers = (int)n;
}

static void load_topics(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *arr = get_arr(L, root, "topics", 0, LOAD_TOPICS_MAX);
	if (!arr)
		return;
	size_t n = json_array_size(arr), old = at_key(L, "topics");
	s->topics = arena_calloc(L->a, n + 1, sizeof(*s->topics));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		const json_t *o = elem_obj(L, arr, i);
		if (o)
			load_topic(L, o, &s->topics[i]);
		if (!L->bad && i > 0 && strcmp(s->topics[i].name, s->topics[i - 1].name) <= 0)
			fail(L, "name", "topics not sorted by name");
		at_pop(L, o2);
	}
	at_pop(L, old);
	s->n_topics = (int)n;
}

static void load_errors(ld *L, const json_t *root, kd_snapshot *s)
{
	const json_t *arr = get_arr(L, root, "errors", 0, KD_ERRORS_MAX);
	if (!arr)
		return;
	size_t n = json_array_size(arr), old = at_key(L, "errors");
	const char **e = arena_calloc(L->a, n + 1, sizeof(*e));
	for (size_t i = 0; i < n && !L->bad; i++) {
		size_t o2 = at_idx(L, i);
		e[i] = str_value(L, json_array_get(arr, i), NULL);
		at_pop(L, o2);
	}
	at_pop(L, old);
	s->errors = e;
	s->n_errors = (int)n;
}

kd_snapshot *snapshot_from_json(const json_t *j, char *err, size_t errlen)
{
	char scratch[8];
	kd_snapshot *s = snapshot_new();
	ld L = { .a = &s->arena, .err = err ? err : scratch,
		 .errlen = err ? errlen : sizeof(scratch) };

	if (!json_is_object(j)) {
		fail(&L, NULL, "expected an object");
		goto bad;
	}
	s->seq = (uint64_t)get_int(&L, j, "seq", 0, 0, INT64_MAX, 0);
	s->taken_ms = get_int(&L, j, "taken_ms", 0, INT64_MIN, INT64_MAX, 0);
	s->poll_ms = get_int(&L, j, "poll_ms", 0, INT64_MIN, INT64_MAX, 0);
	s->interval_ms = get_int(&L, j, "interval_ms", 0, INT64_MIN, INT64_MAX, 0);
	s->connected = get_bool(&L, j, "connected", 0, false);
	s->bootstrap = get_str0(&L, j, "bootstrap");
	s->cluster_id = get_str(&L, j, "cluster_id", NUL);
	s->controller_id = (int32_t)get_int(&L, j, "controller_id", NUL, 0, INT32_MAX, -1);
	load_totals(&L, j, s);
	load_brokers(&L, j, s);
	load_topics(&L, j, s);
	load_quorum(&L, j, &s->quorum);
	load_errors(&L, j, s);
	s->requests = (uint64_t)get_int(&L, j, "requests", 0, 0, INT64_MAX, 0);
	s->na = get_na(&L, j, "unavailable");
	load_groups(&L, j, s);
	load_reassignments(&L, j, s);
	load_msk(&L, j, s);
	s->leader_skew = (int)get_int(&L, j, "leader_skew", 0, 0, INT32_MAX, 0);
	s->throttles = (int)get_int(&L, j, "throttles", 0, 0, INT32_MAX, 0);
	s->unreachable_since_ms = get_int(&L, j, "unreachable_since_ms", NUL, 1, INT64_MAX, 0);
	load_events(&L, j, s);
	load_alerts(&L, j, s);
	get_bool(&L, j, "replayed", OPT, false);
	s->last_error = get_str(&L, j, "last_error", OPT | NUL);
	s->last_error_ms = get_int(&L, j, "last_error_ms", OPT, INT64_MIN, INT64_MAX, 0);
	s->last_ok_ms = get_int(&L, j, "last_ok_ms", OPT, INT64_MIN, INT64_MAX, 0);
	if (L.bad)
		goto bad;
	s->replayed = true;
	return s;
bad:
	snapshot_free(s);
	return NULL;
}
