/* tail_buffer.c: see tail_buffer.h. */
#include "config.h"

#include "tail_buffer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "msgfmt.h"

struct tail_buffer {
	pthread_mutex_t lock;
	int pipe_rd, pipe_wr;
	int wake_ms;

	/* ---- under the lock ---- */
	tail_entry **ring;       /* entry seq is at ring[seq % cap] */
	size_t cap;
	int64_t first_seq, next_seq;   /* held: [first_seq, next_seq) */
	size_t bytes, held_matched;
	int64_t scanned, matched, consumed;
	double rate;
	tail_state state;
	char error[256];
	int at_end, n_parts;
	bool filtered;
	msgfilter *new_filter;   /* from the UI, not applied yet */
	bool filter_changed;
	size_t new_cap;          /* from the UI; 0: none */
	size_t max_bytes;        /* the byte bound of the ring */
	bool dirty;              /* changed since the last wake-up */
	bool signalled;          /* a wake-up waits in the pipe */
	int64_t last_wake_ms;

	/* ---- the consumer's own ---- */
	msgfilter *filter;
	tail_entry *pend_head, *pend_tail;
	size_t n_pend, pend_bytes;
	size_t pend_max;         /* max_bytes as of the batch's begin */
	int64_t n_added, n_matched_added;
	int64_t rate_t0, rate_n0;
	bool rate_started;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p)
		abort();
	return p;
}

/* ---- entries ------------------------------------------------------------ */

static size_t cut(size_t n, size_t limit)
{
	return limit && n > limit ? limit : n;
}

tail_entry *tail_entry_copy(const kd_msg *m, size_t store_limit)
{
	size_t tlen = m->topic ? strlen(m->topic) + 1 : 0;
	size_t klen = m->key ? cut(m->key_len, store_limit) : 0;
	size_t vlen = m->value ? cut(m->value_len, store_limit) : 0;
	size_t size = sizeof(tail_entry) + m->n_headers * sizeof(kd_msg_header) + tlen + klen + vlen;

	for (size_t i = 0; i < m->n_headers; i++) {
		const kd_msg_header *h = &m->headers[i];
		size += (h->name ? strlen(h->name) : 0) + 1;
		if (h->value)
			size += cut(h->value_len, store_limit);
	}
	tail_entry *e = malloc(size);
	if (!e)
		abort();
	memset(e, 0, sizeof(*e));
	kd_msg_header *hdrs = (kd_msg_header *)(e + 1);
	char *p = (char *)(hdrs + m->n_headers);

	e->msg = *m;
	e->bytes = size;
	e->key_size = m->key ? m->key_len : 0;
	e->value_size = m->value ? m->value_len : 0;
	if (m->topic) {
		memcpy(p, m->topic, tlen);
		e->msg.topic = p;
		p += tlen;
	}
	if (m->key) {
		memcpy(p, m->key, klen);
		e->msg.key = p;
		e->msg.key_len = klen;
		p += klen;
	}
	if (m->value) {
		memcpy(p, m->value, vlen);
		e->msg.value = p;
		e->msg.value_len = vlen;
		p += vlen;
	}
	for (size_t i = 0; i < m->n_headers; i++) {
		const kd_msg_header *h = &m->headers[i];
		size_t nl = h->name ? strlen(h->name) : 0;
		memcpy(p, h->name ? h->name : "", nl + 1);
		hdrs[i].name = p;
		p += nl + 1;
		hdrs[i].value = NULL;
		hdrs[i].value_len = 0;
		if (h->value) {
			size_t hl = cut(h->value_len, store_limit);
			memcpy(p, h->value, hl);
			hdrs[i].value = p;
			hdrs[i].value_len = hl;
			p += hl;
		}
	}
	e->msg.headers = m->n_headers ? hdrs : NULL;
	return e;
}

static void free_list(tail_entry *e)
{
	while (e) {
		tail_entry *next = e->next;
		free(e);
		e = next;
	}
}

/* ---- life cycle --------------------------------------------------------- */

tail_buffer *tail_buffer_new(size_t cap, int wake_ms, char *err, size_t errlen)
{
	int fds[2];
	tail_buffer *b;

	if (cap == 0)
		cap = TAIL_BUFFER_DEFAULT_CAP;
	if (cap > TAIL_BUFFER_MAX_CAP) {
		snprintf(err, errlen, "buffer of %zu messages: at most %d", cap, TAIL_BUFFER_MAX_CAP);
		return NULL;
	}
	if (pipe(fds)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	b = xcalloc(1, sizeof(*b));
	b->pipe_rd = fds[0];
	b->pipe_wr = fds[1];
	b->wake_ms = wake_ms < 0 ? 0 : wake_ms;
	b->cap = cap;
	b->max_bytes = b->pend_max = TAIL_BUFFER_MAX_BYTES;
	b->ring = xcalloc(cap, sizeof(*b->ring));
	pthread_mutex_init(&b->lock, NULL);
	return b;
}

void tail_buffer_free(tail_buffer *b)
{
	if (!b)
		return;
	for (int64_t s = b->first_seq; s < b->next_seq; s++)
		free(b->ring[s % (int64_t)b->cap]);
	free(b->ring);
	free_list(b->pend_head);
	msgfilter_free(b->filter);
	msgfilter_free(b->new_filter);
	close(b->pipe_rd);
	close(b->pipe_wr);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

/* ---- waking the UI ------------------------------------------------------ */

/* Caller holds the lock.  One byte per wake-up, and none while the last
 * one is unread: the pipe never fills however fast messages come. */
static void signal_locked(tail_buffer *b, int64_t now_ms)
{
	if (b->signalled)
		return;
	if (write(b->pipe_wr, "t", 1) < 0 && errno != EAGAIN) {
		log_warn("tail: cannot wake the UI: %s", strerror(errno));
		return;
	}
	b->signalled = true;
	b->dirty = false;
	b->last_wake_ms = now_ms;
}

int tail_buffer_fd(const tail_buffer *b)
{
	return b->pipe_rd;
}

void tail_buffer_ack(tail_buffer *b)
{
	char buf[64];

	while (read(b->pipe_rd, buf, sizeof(buf)) > 0)
		;
	/* the reader looks at everything after this */
	pthread_mutex_lock(&b->lock);
	b->signalled = false;
	b->dirty = false;
	pthread_mutex_unlock(&b->lock);
}

/* ---- consumer side ------------------------------------------------------- */

/* Move the held entries to a ring of another size; the oldest that do not
 * fit go to *evicted.  Caller holds the lock. */
static void resize_locked(tail_buffer *b, size_t cap, tail_entry **evicted)
{
	tail_entry **ring = xcalloc(cap, sizeof(*ring));

	while (b->next_seq - b->first_seq > (int64_t)cap) {
		tail_entry *e = b->ring[b->first_seq % (int64_t)b->cap];
		b->bytes -= e->bytes;
		if (e->match)
			b->held_matched--;
		e->next = *evicted;
		*evicted = e;
		b->first_seq++;
	}
	for (int64_t s = b->first_seq; s < b->next_seq; s++)
		ring[s % (int64_t)cap] = b->ring[s % (int64_t)b->cap];
	free(b->ring);
	b->ring = ring;
	b->cap = cap;
}

/* A new filter: judge the held messages again (outside the lock: only
 * this thread changes or frees entries) and restart the counts from
 * them, so that matched/scanned always describe one filter. */
static void refilter(tail_buffer *b, msgfilter *f)
{
	int64_t first, next, n;
	bool *match;
	size_t held_matched = 0;

	pthread_mutex_lock(&b->lock);
	first = b->first_seq;
	next = b->next_seq;
	pthread_mutex_unlock(&b->lock);
	n = next - first;
	match = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*match));
	for (int64_t s = first; s < next; s++) {
		const tail_entry *e = b->ring[s % (int64_t)b->cap];
		match[s - first] = !f || msgfilter_match(f, &e->msg);
		held_matched += match[s - first];
	}
	pthread_mutex_lock(&b->lock);
	for (int64_t s = first; s < next; s++)
		b->ring[s % (int64_t)b->cap]->match = match[s - first];
	b->held_matched = held_matched;
	b->scanned = n;
	b->matched = (int64_t)held_matched;
	b->filtered = f != NULL;
	b->dirty = true;
	pthread_mutex_unlock(&b->lock);
	free(match);
}

/* A batch is begin, add..., commit: nothing is pending here. */
void tail_buffer_begin(tail_buffer *b)
{
	msgfilter *f = NULL;
	bool changed;
	size_t cap;
	tail_entry *evicted = NULL;

	pthread_mutex_lock(&b->lock);
	changed = b->filter_changed;
	if (changed) {
		f = b->new_filter;
		b->new_filter = NULL;
		b->filter_changed = false;
	}
	cap = b->new_cap;
	b->new_cap = 0;
	b->pend_max = b->max_bytes;
	if (cap && cap != b->cap) {
		resize_locked(b, cap, &evicted);
		b->dirty = true;
	}
	pthread_mutex_unlock(&b->lock);
	free_list(evicted);
	if (changed) {
		msgfilter_free(b->filter);
		b->filter = f;
		refilter(b, f);
	}
}

void tail_buffer_add(tail_buffer *b, const kd_msg *m)
{
	bool match = !b->filter || msgfilter_match(b->filter, m);
	tail_entry *e;

	b->n_added++;
	b->n_matched_added += match;
	e = tail_entry_copy(m, TAIL_BUFFER_STORE_LIMIT);
	/* Thinning: the oldest copies of a batch larger than the ring (in
	 * messages or in bytes) would be evicted at once; they are counted
	 * and dropped now, so that a batch never holds more than the ring
	 * may, whatever the message sizes. */
	while (b->pend_head && (b->n_pend == b->cap || b->pend_bytes + e->bytes > b->pend_max)) {
		tail_entry *old = b->pend_head;
		b->pend_head = old->next;
		if (!b->pend_head)
			b->pend_tail = NULL;
		b->pend_bytes -= old->bytes;
		free(old);
		b->n_pend--;
	}
	e->seq = b->next_seq + b->n_added - 1;
	e->match = match;
	if (b->pend_tail)
		b->pend_tail->next = e;
	else
		b->pend_head = e;
	b->pend_tail = e;
	b->n_pend++;
	b->pend_bytes += e->bytes;
}

/* Drop the oldest entry into *evicted.  Caller holds the lock. */
static void evict_first_locked(tail_buffer *b, tail_entry **evicted)
{
	int64_t i = b->first_seq % (int64_t)b->cap;
	tail_entry *e = b->ring[i];

	b->ring[i] = NULL;
	b->bytes -= e->bytes;
	if (e->match)
		b->held_matched--;
	e->next = *evicted;
	*evicted = e;
	b->first_seq++;
}

void tail_buffer_commit(tail_buffer *b, int64_t now_ms)
{
	tail_entry *evicted = NULL, *e, *next;
	int64_t new_next = b->next_seq + b->n_added;
	int64_t keep_from = new_next - (int64_t)b->cap;

	pthread_mutex_lock(&b->lock);
	while (b->first_seq < b->next_seq && b->first_seq < keep_from)
		evict_first_locked(b, &evicted);
	/* every older seq was thinned out or evicted */
	if (b->first_seq == b->next_seq)
		b->first_seq = b->pend_head ? b->pend_head->seq : new_next;
	for (e = b->pend_head; e; e = next) {
		next = e->next;
		e->next = NULL;
		b->ring[e->seq % (int64_t)b->cap] = e;
		b->bytes += e->bytes;
		b->held_matched += e->match;
	}
	b->next_seq = new_next;
	/* the byte bound, keeping at least the newest message */
	while (b->bytes > b->max_bytes && b->next_seq - b->first_seq > 1)
		evict_first_locked(b, &evicted);
	if (b->n_added) {
		b->consumed += b->n_added;
		b->scanned += b->n_added;
		b->matched += b->n_matched_added;
		b->dirty = true;
	}
	if (!b->rate_started) {
		b->rate_started = true;
		b->rate_t0 = now_ms;
		b->rate_n0 = b->consumed;
	} else if (now_ms - b->rate_t0 >= 1000) {
		double r = (double)(b->consumed - b->rate_n0) * 1000.0 / (double)(now_ms - b->rate_t0);
		if (r != b->rate)
			b->dirty = true;
		b->rate = r;
		b->rate_t0 = now_ms;
		b->rate_n0 = b->consumed;
	}
	if (b->dirty && now_ms - b->last_wake_ms >= b->wake_ms)
		signal_locked(b, now_ms);
	pthread_mutex_unlock(&b->lock);

	b->pend_head = b->pend_tail = NULL;
	b->n_pend = b->pend_bytes = 0;
	b->n_added = b->n_matched_added = 0;
	free_list(evicted);
}

void tail_buffer_set_state(tail_buffer *b, tail_state st, const char *error)
{
	pthread_mutex_lock(&b->lock);
	b->state = st;
	if (error)
		snprintf(b->error, sizeof(b->error), "%s", error);
	b->dirty = true;
	signal_locked(b, b->last_wake_ms);
	pthread_mutex_unlock(&b->lock);
}

void tail_buffer_set_progress(tail_buffer *b, int at_end, int n_parts)
{
	pthread_mutex_lock(&b->lock);
	if (b->at_end != at_end || b->n_parts != n_parts)
		b->dirty = true;
	b->at_end = at_end;
	b->n_parts = n_parts;
	pthread_mutex_unlock(&b->lock);
}

/* ---- UI side -------------------------------------------------------------- */

void tail_buffer_set_filter(tail_buffer *b, msgfilter *f)
{
	msgfilter *old;

	pthread_mutex_lock(&b->lock);
	old = b->new_filter;          /* never seen by the consumer */
	b->new_filter = f;
	b->filter_changed = true;
	pthread_mutex_unlock(&b->lock);
	msgfilter_free(old);
}

int tail_buffer_set_capacity(tail_buffer *b, size_t cap)
{
	if (cap < 1 || cap > TAIL_BUFFER_MAX_CAP)
		return -1;
	pthread_mutex_lock(&b->lock);
	b->new_cap = cap;
	pthread_mutex_unlock(&b->lock);
	return 0;
}

int tail_buffer_set_max_bytes(tail_buffer *b, size_t bytes)
{
	if (bytes < 1 || bytes > TAIL_BUFFER_MAX_BYTES)
		return -1;
	pthread_mutex_lock(&b->lock);
	b->max_bytes = bytes;
	pthread_mutex_unlock(&b->lock);
	return 0;
}

void tail_buffer_lock(tail_buffer *b)
{
	pthread_mutex_lock(&b->lock);
}

void tail_buffer_unlock(tail_buffer *b)
{
	pthread_mutex_unlock(&b->lock);
}

void tail_buffer_stats_locked(const tail_buffer *b, tail_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->scanned = b->scanned;
	st->matched = b->matched;
	st->consumed = b->consumed;
	st->first_seq = b->first_seq;
	st->next_seq = b->next_seq;
	st->held = (size_t)(b->next_seq - b->first_seq);
	st->held_matched = b->held_matched;
	st->bytes = b->bytes;
	st->cap = b->new_cap ? b->new_cap : b->cap;
	st->rate = b->rate;
	st->state = b->state;
	st->at_end = b->at_end;
	st->n_parts = b->n_parts;
	st->filtered = b->filter_changed ? b->new_filter != NULL : b->filtered;
	snprintf(st->error, sizeof(st->error), "%s", b->error);
}

void tail_buffer_stats(tail_buffer *b, tail_stats *st)
{
	pthread_mutex_lock(&b->lock);
	tail_buffer_stats_locked(b, st);
	pthread_mutex_unlock(&b->lock);
}

const tail_entry *tail_buffer_get_locked(const tail_buffer *b, int64_t seq)
{
	if (seq < b->first_seq || seq >= b->next_seq)
		return NULL;
	return b->ring[seq % (int64_t)b->cap];
}

static bool match_at(const tail_buffer *b, int64_t s)
{
	return b->ring[s % (int64_t)b->cap]->match;
}

int64_t tail_buffer_last_match_locked(const tail_buffer *b)
{
	return tail_buffer_prev_match_locked(b, b->next_seq);
}

int64_t tail_buffer_first_match_locked(const tail_buffer *b)
{
	return tail_buffer_next_match_locked(b, b->first_seq - 1);
}

int64_t tail_buffer_next_match_locked(const tail_buffer *b, int64_t seq)
{
	for (int64_t s = seq + 1 > b->first_seq ? seq + 1 : b->first_seq; s < b->next_seq; s++)
		if (match_at(b, s))
			return s;
	return -1;
}

int64_t tail_buffer_prev_match_locked(const tail_buffer *b, int64_t seq)
{
	for (int64_t s = seq - 1 < b->next_seq - 1 ? seq - 1 : b->next_seq - 1; s >= b->first_seq; s--)
		if (match_at(b, s))
			return s;
	return -1;
}

int64_t tail_buffer_save(tail_buffer *b, FILE *f, bool only_matched, int64_t *cut_out,
			 char *err, size_t errlen)
{
	msgfmt_buf out;
	int64_t n = 0, n_cut = 0;
	int rc = 0;

	msgfmt_buf_init(&out);
	/* render under the lock, write without it */
	pthread_mutex_lock(&b->lock);
	for (int64_t s = b->first_seq; s < b->next_seq; s++) {
		const tail_entry *e = b->ring[s % (int64_t)b->cap];
		if (only_matched && !e->match)
			continue;
		msgfmt_jsonl(&out, &e->msg, 0);
		n++;
		n_cut += e->msg.key_len < e->key_size || e->msg.value_len < e->value_size;
	}
	pthread_mutex_unlock(&b->lock);
	if (out.len && fwrite(out.data, 1, out.len, f) != out.len)
		rc = -1;
	if (fflush(f) != 0)
		rc = -1;
	if (rc) {
		snprintf(err, errlen, "write: %s", strerror(errno));
		n = -1;
	}
	msgfmt_buf_free(&out);
	if (cut_out)
		*cut_out = n_cut;
	return n;
}
