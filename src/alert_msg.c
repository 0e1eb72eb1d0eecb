/* alert_msg.c: message rules' consumers and their matches; see
 * alert_msg.h and doc/alerts.md. */
#include "config.h"

#include "alert_msg.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "msgfilter.h"
/* The compiled filter's fields are what a match's text shows: read the
 * tree the parser built (shared with msgfilter_eval.c). */
#include "msgfilter_priv.h"
#include "tail.h"

#define MSG_POLL_MS 100          /* longest a stop waits for a consumer */
#define MSG_RETRY_MS 10000       /* a consumer that failed tries again */
#define MSG_EXIT_WAIT_MS 2000    /* at exit, time left to close consumers */
#define MSG_TEXT_MAX 1024
#define MSG_FIELD_MAX 80         /* bytes of one field's value in a text */

typedef struct match {
	char *text;
	int32_t partition;
	int64_t since_ms;
} match;

/* One message rule: a copy of what its consumer needs, so that the
 * threads never touch the caller's rules (they may outlive them). */
typedef struct mrule {
	int index;               /* in the rules */
	char *name, *topic;
	kd_severity severity;
	int64_t hold_ms;         /* INT64_MAX: kept (a window read) */
	msgfilter *filter;
	match v[ALERT_MSG_MAX];  /* a ring, oldest at head */
	int head, n;
	char *error;             /* why its consumer failed, or NULL */
} mrule;

struct kd_alert_msgs {
	pthread_mutex_t lock;
	int refs;                /* the caller's and each thread's */
	bool stop;
	kd_options opts;         /* a copy, for the threads */
	int n;
	mrule *r;
};

typedef struct worker {
	kd_alert_msgs *m;
	int i;                   /* its rule in m->r */
} worker;

/* Threads still running, so that exit can let them close their
 * consumers (as tail_live.c does). */
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t run_cond = PTHREAD_COND_INITIALIZER;
static int running;
static pthread_once_t run_once = PTHREAD_ONCE_INIT;

static void wait_at_exit(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += MSG_EXIT_WAIT_MS / 1000;
	pthread_mutex_lock(&run_lock);
	while (running > 0)
		if (pthread_cond_timedwait(&run_cond, &run_lock, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&run_lock);
}

static void register_exit_wait(void)
{
	atexit(wait_at_exit);
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

/* ---- the text of a match -------------------------------------------------- */

typedef struct tbuf {
	char s[MSG_TEXT_MAX];
	size_t n;
} tbuf;

static void tb_add(tbuf *b, const char *p, size_t n)
{
	if (n > sizeof(b->s) - 1 - b->n)
		n = sizeof(b->s) - 1 - b->n;
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void tb_puts(tbuf *b, const char *s)
{
	tb_add(b, s, strlen(s));
}

/* Raw bytes, at most MSG_FIELD_MAX; a NUL (which would end the text) is
 * written \0 and every other byte is left to whoever shows the text. */
static void tb_bytes(tbuf *b, const void *p, size_t n)
{
	const char *c = p;
	bool cut = n > MSG_FIELD_MAX;

	if (cut)
		n = MSG_FIELD_MAX;
	for (size_t i = 0; i < n; i++) {
		if (c[i])
			tb_add(b, c + i, 1);
		else
			tb_puts(b, "\\0");
	}
	if (cut)
		tb_puts(b, "...");
}

static bool same_field(const field *a, const field *b)
{
	if (a->kind != b->kind || a->n_path != b->n_path || !a->hname != !b->hname ||
	    (a->hname && strcmp(a->hname, b->hname)))
		return false;
	for (int i = 0; i < a->n_path; i++) {
		const path_seg *x = &a->path[i], *y = &b->path[i];
		if (!x->name != !y->name || (x->name ? strcmp(x->name, y->name) : x->index != y->index))
			return false;
	}
	return true;
}

/* The fields a filter names, in order, once each; the key, topic,
 * partition and offset are in every text already. */
static void collect_fields(const node *n, const field **out, int *k, int max)
{
	if (!n || *k >= max)
		return;
	if (n->kind == N_AND || n->kind == N_OR || n->kind == N_NOT) {
		for (int i = 0; i < n->n_kids; i++)
			collect_fields(n->kids[i], out, k, max);
		return;
	}
	if (n->kind == N_TRUE)
		return;
	if (!((n->f.kind == F_KEY && n->f.n_path) || n->f.kind == F_VALUE ||
	      (n->f.kind == F_HEADER && n->f.hname)))
		return;
	for (int i = 0; i < *k; i++)
		if (same_field(out[i], &n->f))
			return;
	out[(*k)++] = &n->f;
}

static json_t *follow(json_t *j, const field *f)
{
	for (int k = 0; k < f->n_path && j; k++) {
		const path_seg *s = &f->path[k];
		if (s->name) {
			j = json_is_object(j) ? json_object_get(j, s->name) : NULL;
		} else {
			long idx = s->index;
			if (!json_is_array(j))
				return NULL;
			if (idx < 0)
				idx += (long)json_array_size(j);
			j = idx >= 0 ? json_array_get(j, (size_t)idx) : NULL;
		}
	}
	return j;
}

static void tb_json(tbuf *b, json_t *j)
{
	char num[64];

	if (!j) {
		tb_puts(b, "(none)");
	} else if (json_is_string(j)) {
		tb_bytes(b, json_string_value(j), json_string_length(j));
	} else if (json_is_integer(j)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		tb_puts(b, num);
	} else if (json_is_real(j)) {
		msgfilter_fmt_num(num, sizeof(num), json_real_value(j));
		tb_puts(b, num);
	} else {
		char *t = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		if (t) {
			tb_bytes(b, t, strlen(t));
			free(t);
		}
	}
}

static void field_text(tbuf *b, const field *f, const kd_msg *m, json_t **parsed, bool *done)
{
	char name[16];

	tb_puts(b, " ");
	if (f->kind == F_HEADER) {
		tb_puts(b, "header.");
		tb_bytes(b, f->hname, strlen(f->hname));
		tb_puts(b, "=");
		for (size_t i = 0; i < m->n_headers; i++)
			if (!strcmp(m->headers[i].name, f->hname)) {
				if (m->headers[i].value)
					tb_bytes(b, m->headers[i].value, m->headers[i].value_len);
				else
					tb_puts(b, "null");
				return;
			}
		tb_puts(b, "(none)");
		return;
	}
	tb_puts(b, f->kind == F_KEY ? "key" : "value");
	for (int i = 0; i < f->n_path; i++) {
		if (f->path[i].name) {
			tb_puts(b, ".");
			tb_bytes(b, f->path[i].name, strlen(f->path[i].name));
		} else {
			snprintf(name, sizeof(name), "[%ld]", f->path[i].index);
			tb_puts(b, name);
		}
	}
	tb_puts(b, "=");
	if (f->kind == F_VALUE && !f->n_path) {
		if (m->value)
			tb_bytes(b, m->value, m->value_len);
		else
			tb_puts(b, "null");
		return;
	}
	int w = f->kind == F_VALUE;
	if (!done[w]) {
		const void *p = w ? m->value : m->key;
		size_t n = w ? m->value_len : m->key_len;
		json_error_t jerr;
		done[w] = true;
		parsed[w] = p ? json_loadb(p, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr) : NULL;
	}
	tb_json(b, follow(parsed[w], f));
}

static char *match_text(const msgfilter *f, const kd_msg *m)
{
	const field *fields[16];
	json_t *parsed[2] = { NULL, NULL };
	bool done[2] = { false, false };
	int k = 0;
	tbuf b;
	char head[64];

	b.n = 0;
	b.s[0] = '\0';
	tb_bytes(&b, m->topic, strlen(m->topic));
	snprintf(head, sizeof(head), " p%d@%" PRId64 ": key=", (int)m->partition, m->offset);
	tb_puts(&b, head);
	if (m->key)
		tb_bytes(&b, m->key, m->key_len);
	else
		tb_puts(&b, "null");
	if (f)
		collect_fields(f->root, fields, &k, (int)(sizeof(fields) / sizeof(fields[0])));
	for (int i = 0; i < k; i++)
		field_text(&b, fields[i], m, parsed, done);
	json_decref(parsed[0]);
	json_decref(parsed[1]);
	return xstrdup(b.s);
}

char *alert_msgs_text(const kd_alert_rule *rule, const kd_msg *msg)
{
	return match_text(rule ? rule->compiled : NULL, msg);
}

/* ---- matches -------------------------------------------------------------- */

static kd_alert_msgs *msgs_new(const kd_alert_rules *r)
{
	kd_alert_msgs *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	pthread_mutex_init(&m->lock, NULL);
	m->refs = 1;
	m->r = r && r->n_message ? calloc((size_t)r->n_message, sizeof(*m->r)) : NULL;
	for (int i = 0; r && i < r->n; i++) {
		const kd_alert_rule *x = &r->v[i];
		mrule *mr;
		char err[200];

		if (x->kind != ALERT_MESSAGE || m->n == r->n_message)
			continue;
		mr = &m->r[m->n];
		mr->filter = msgfilter_compile(x->filter, NULL, err, sizeof(err));
		if (!mr->filter)
			continue;       /* checked with the config file */
		mr->index = i;
		mr->name = xstrdup(x->name);
		mr->topic = xstrdup(x->topic);
		mr->severity = x->severity;
		mr->hold_ms = x->hold_ms > 0 ? x->hold_ms : ALERT_HOLD_DEFAULT_MS;
		m->n++;
	}
	return m;
}

static void msgs_free(kd_alert_msgs *m)
{
	for (int i = 0; i < m->n; i++) {
		mrule *mr = &m->r[i];
		for (int k = 0; k < mr->n; k++)
			free(mr->v[(mr->head + k) % ALERT_MSG_MAX].text);
		msgfilter_free(mr->filter);
		free(mr->name);
		free(mr->topic);
		free(mr->error);
	}
	free(m->r);
	options_free(&m->opts);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static void unref(kd_alert_msgs *m)
{
	int left;

	pthread_mutex_lock(&m->lock);
	left = --m->refs;
	pthread_mutex_unlock(&m->lock);
	if (left == 0)
		msgs_free(m);
}

kd_alert_msgs *alert_msgs_new_idle(const kd_alert_rules *r)
{
	return msgs_new(r);
}

/* Keep a match: the ring drops its oldest past ALERT_MSG_MAX. */
static void keep(kd_alert_msgs *m, mrule *mr, char *text, int32_t partition, int64_t since)
{
	match *x;

	pthread_mutex_lock(&m->lock);
	if (mr->n == ALERT_MSG_MAX) {
		free(mr->v[mr->head].text);
		mr->head = (mr->head + 1) % ALERT_MSG_MAX;
		mr->n--;
	}
	x = &mr->v[(mr->head + mr->n) % ALERT_MSG_MAX];
	x->text = text;
	x->partition = partition;
	x->since_ms = since;
	mr->n++;
	pthread_mutex_unlock(&m->lock);
}

static bool offer(kd_alert_msgs *m, mrule *mr, const kd_msg *msg, int64_t since)
{
	if (!msgfilter_match(mr->filter, msg))
		return false;
	keep(m, mr, match_text(mr->filter, msg), msg->partition, since);
	return true;
}

bool alert_msgs_offer(kd_alert_msgs *m, int rule, const kd_msg *msg, int64_t now_ms)
{
	for (int i = 0; m && i < m->n; i++)
		if (m->r[i].index == rule)
			return offer(m, &m->r[i], msg, now_ms);
	return false;
}

int alert_msgs_collect(kd_alert_msgs *m, int64_t now_ms, kd_arena *a, kd_alert **out)
{
	kd_alert *v;
	int total = 0, k = 0;

	*out = NULL;
	if (!m)
		return 0;
	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < m->n; i++) {
		mrule *mr = &m->r[i];
		/* the oldest first: drop those past their hold */
		while (mr->n && mr->hold_ms != INT64_MAX &&
		       mr->v[mr->head].since_ms < now_ms - mr->hold_ms) {
			free(mr->v[mr->head].text);
			mr->head = (mr->head + 1) % ALERT_MSG_MAX;
			mr->n--;
		}
		total += mr->n;
	}
	v = total ? arena_calloc(a, (size_t)total, sizeof(*v)) : NULL;
	for (int i = 0; i < m->n; i++) {
		const mrule *mr = &m->r[i];
		for (int j = 0; j < mr->n; j++) {
			const match *x = &mr->v[(mr->head + j) % ALERT_MSG_MAX];
			kd_alert *al = &v[k++];
			al->rule = arena_strdup(a, mr->name);
			al->severity = mr->severity;
			al->since_ms = x->since_ms;
			al->text = arena_strdup(a, x->text);
			al->topic = arena_strdup(a, mr->topic);
			al->partition = x->partition;
			al->broker = -1;
			al->group = NULL;
		}
	}
	pthread_mutex_unlock(&m->lock);
	*out = v;
	return total;
}

int alert_msgs_errors(kd_alert_msgs *m, char *buf, size_t len)
{
	int n = 0;
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!m)
		return 0;
	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < m->n; i++) {
		if (!m->r[i].error)
			continue;
		if (used < len) {
			int w = snprintf(buf + used, len - used, "%salert %s: %s", n ? "\n" : "",
					 m->r[i].name, m->r[i].error);
			used += w > 0 ? (size_t)w : 0;
		}
		n++;
	}
	pthread_mutex_unlock(&m->lock);
	return n;
}

static void set_error(kd_alert_msgs *m, mrule *mr, const char *err)
{
	pthread_mutex_lock(&m->lock);
	free(mr->error);
	mr->error = err ? xstrdup(err) : NULL;
	pthread_mutex_unlock(&m->lock);
}

static void copy_options(kd_options *dst, const kd_options *o)
{
	char err[200];

	memset(dst, 0, sizeof(*dst));
	dst->bootstrap = xstrdup(o->bootstrap);
	dst->timeout_ms = o->timeout_ms;
	for (int i = 0; i < o->n_props; i++) {
		size_t kl = strlen(o->props[i].key), vl = strlen(o->props[i].value);
		char *kv = malloc(kl + vl + 2);
		if (!kv)
			abort();
		memcpy(kv, o->props[i].key, kl);
		kv[kl] = '=';
		memcpy(kv + kl + 1, o->props[i].value, vl + 1);
		options_add_prop(dst, kv, err, sizeof(err));
		explicit_bzero(kv, kl + vl + 1);
		free(kv);
	}
}

/* ---- the dashboard's consumers ------------------------------------------- */

typedef struct live_ctx {
	kd_alert_msgs *m;
	mrule *mr;
} live_ctx;

static int on_live(const kd_msg *msg, void *opaque)
{
	live_ctx *c = opaque;

	offer(c->m, c->mr, msg, clock_wall_ms());
	return 0;
}

static bool stopped(kd_alert_msgs *m)
{
	bool s;

	pthread_mutex_lock(&m->lock);
	s = m->stop;
	pthread_mutex_unlock(&m->lock);
	return s;
}

static void nap(kd_alert_msgs *m, int ms)
{
	for (int t = 0; t < ms && !stopped(m); t += MSG_POLL_MS) {
		struct timespec ts = { 0, MSG_POLL_MS * 1000000L };
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
	}
}

/* Read the rule's topic from its end until stopped; a consumer that
 * cannot start or fails (the topic does not exist yet) says why and
 * tries again. */
static void *live_main(void *arg)
{
	worker *w = arg;
	kd_alert_msgs *m = w->m;
	mrule *mr = &m->r[w->i];
	kd_tail_spec sp;
	live_ctx c = { m, mr };
	char err[512];

	free(w);
	memset(&sp, 0, sizeof(sp));
	sp.topic = mr->topic;
	sp.partition = -1;
	sp.from = TAIL_FROM_END;
	while (!stopped(m)) {
		kd_tail *t = tail_new(&m->opts, &sp, err, sizeof(err));
		if (!t) {
			log_warn("alert %s: %s", mr->name, err);
			set_error(m, mr, err);
			nap(m, MSG_RETRY_MS);
			continue;
		}
		set_error(m, mr, NULL);
		while (!stopped(m)) {
			int n = tail_poll(t, MSG_POLL_MS, on_live, &c, err, sizeof(err));
			if (n == -2) {
				log_warn("alert %s: %s", mr->name, err);
				set_error(m, mr, err);
				break;
			}
		}
		tail_free(t);
		if (!stopped(m))
			nap(m, MSG_RETRY_MS);
	}
	unref(m);
	pthread_mutex_lock(&run_lock);
	running--;
	pthread_cond_broadcast(&run_cond);
	pthread_mutex_unlock(&run_lock);
	return NULL;
}

kd_alert_msgs *alert_msgs_start(const kd_alert_rules *r, const kd_options *o,
				char *err, size_t errlen)
{
	kd_alert_msgs *m;

	if (errlen)
		err[0] = '\0';
	if (!r || !r->n_message)
		return NULL;
	m = msgs_new(r);
	copy_options(&m->opts, o);
	pthread_once(&run_once, register_exit_wait);
	for (int i = 0; i < m->n; i++) {
		worker *w = malloc(sizeof(*w));
		pthread_t th;

		if (!w)
			abort();
		w->m = m;
		w->i = i;
		pthread_mutex_lock(&m->lock);
		m->refs++;
		pthread_mutex_unlock(&m->lock);
		pthread_mutex_lock(&run_lock);
		running++;
		pthread_mutex_unlock(&run_lock);
		if (pthread_create(&th, NULL, live_main, w)) {
			free(w);
			pthread_mutex_lock(&run_lock);
			running--;
			pthread_mutex_unlock(&run_lock);
			snprintf(err, errlen, "alert %s: cannot start its consumer thread",
				 m->r[i].name);
			alert_msgs_stop(m);     /* the threads started see stop */
			unref(m);               /* the reference the failed one took */
			return NULL;
		}
		pthread_detach(th);
	}
	return m;
}

void alert_msgs_stop(kd_alert_msgs *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_mutex_unlock(&m->lock);
	unref(m);
}

/* ---- kdeck check's window ------------------------------------------------- */

typedef struct window_ctx {
	kd_alert_msgs *m;
	mrule *mr;
	int64_t from_ms;
} window_ctx;

static int on_window(const kd_msg *msg, void *opaque)
{
	window_ctx *c = opaque;

	/* offsetsForTimes found the first at or after from_ms; a producer's
	 * CreateTime may still put an older one after it */
	if (msg->timestamp >= 0 && msg->timestamp < c->from_ms)
		return 0;
	offer(c->m, c->mr, msg, msg->timestamp >= 0 ? msg->timestamp : clock_wall_ms());
	return 0;
}

kd_alert_msgs *alert_msgs_window(const kd_alert_rules *r, const kd_options *o,
				 int64_t window_ms, int wait_ms)
{
	kd_alert_msgs *m = msgs_new(r);
	int64_t now = clock_wall_ms(), deadline = clock_mono_ms() + wait_ms;
	char err[512];

	for (int i = 0; i < m->n; i++) {
		mrule *mr = &m->r[i];
		window_ctx c = { m, mr, now - window_ms };
		kd_tail_spec sp;
		kd_tail *t;
		int n = 0;

		mr->hold_ms = INT64_MAX;   /* the window decides, not the hold */
		memset(&sp, 0, sizeof(sp));
		sp.topic = mr->topic;
		sp.partition = -1;
		sp.from = TAIL_FROM_TIME;
		sp.value = c.from_ms;
		sp.exit_at_end = true;
		t = tail_new(o, &sp, err, sizeof(err));
		if (!t) {
			set_error(m, mr, err);
			continue;
		}
		while (n >= 0) {
			int64_t left = deadline - clock_mono_ms();
			if (left <= 0) {
				set_error(m, mr, "the end of the topic was not reached in time");
				break;
			}
			n = tail_poll(t, left < MSG_POLL_MS ? (int)left : MSG_POLL_MS, on_window, &c,
				      err, sizeof(err));
			if (n == -2)
				set_error(m, mr, err);
		}
		tail_free(t);
	}
	return m;
}
