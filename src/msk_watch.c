/* msk_watch.c: see msk_watch.h. */
#include "config.h"

#include "msk_watch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>

#include "clock.h"
#include "log.h"

#define BACKOFF_MAX_MS (5 * 60 * 1000)

/* One reading, owned by the watcher (malloc'd copies of AWS's answers). */
typedef struct reading {
	msk_cluster cluster;
	bool have_cluster;
	msk_node *nodes;
	int n_nodes;
	msk_operation *ops;
	int n_ops;
	int64_t read_ms;
	char error[512];
	bool throttled;
} reading;

struct msk_watch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	msk_client *m;
	aws_creds_cache *creds;
	char *arn, *auth;
	int interval_ms;
	bool stop, exited;
	int refs;                       /* the thread and the owner */
	reading cur;                    /* under lock */
};

static void reading_free(reading *r)
{
	if (r->have_cluster)
		msk_cluster_free(&r->cluster);
	msk_nodes_free(r->nodes, r->n_nodes);
	msk_operations_free(r->ops, r->n_ops);
	memset(r, 0, sizeof(*r));
}

static void unref(msk_watch *w)
{
	pthread_mutex_lock(&w->lock);
	bool last = --w->refs == 0;
	pthread_mutex_unlock(&w->lock);
	if (!last)
		return;
	reading_free(&w->cur);
	msk_client_free(w->m);
	aws_creds_cache_free(w->creds);
	free(w->arn);
	free(w->auth);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* The operations pane shows this many, newest first (AWS keeps them all). */
#define MSK_HISTORY_MAX 50

/* Operations still running: not finished, failed or rolled back. */
static bool running(const msk_operation *o)
{
	return !o->end && o->state && !strcasestr(o->state, "COMPLETE") &&
	       !strcasestr(o->state, "FAILED");
}

static void read_once(msk_watch *w, bool *throttled)
{
	reading r;
	char err[512] = "";
	memset(&r, 0, sizeof(r));
	int rc = msk_describe_cluster(w->m, w->arn, &r.cluster, err, sizeof(err));
	r.have_cluster = rc == 0;
	if (!rc)
		rc = msk_list_nodes(w->m, w->arn, &r.nodes, &r.n_nodes, err, sizeof(err));
	if (!rc)
		rc = msk_list_operations(w->m, w->arn, &r.ops, &r.n_ops, err, sizeof(err));
	*throttled = msk_last_throttled(w->m);
	pthread_mutex_lock(&w->lock);
	if (!rc) {
		reading_free(&w->cur);
		w->cur = r;
		w->cur.read_ms = clock_wall_ms();
	} else {
		/* the last good reading stays, with the error beside it */
		snprintf(w->cur.error, sizeof(w->cur.error), "%s", err);
		w->cur.throttled = *throttled;
	}
	pthread_mutex_unlock(&w->lock);
	if (rc) {
		log_warn("MSK: %s", err);
		reading_free(&r);
	}
}

static void *run(void *arg)
{
	msk_watch *w = arg;
	int wait_ms = w->interval_ms;
	for (;;) {
		bool throttled = false;
		read_once(w, &throttled);
		wait_ms = throttled ? (wait_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : wait_ms * 2)
				    : w->interval_ms;
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
			;
		bool stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			break;
	}
	/* OpenSSL's per-thread state (signing, TLS) goes with the thread */
	OPENSSL_thread_stop();
	pthread_mutex_lock(&w->lock);
	w->exited = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	unref(w);
	return NULL;
}

msk_watch *msk_watch_start(msk_client *m, aws_creds_cache *creds, const char *arn,
			   const char *auth, int interval_ms)
{
	msk_watch *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->m = m;
	w->creds = creds;
	w->arn = strdup(arn);
	w->auth = strdup(auth ? auth : "");
	w->interval_ms = interval_ms > 0 ? interval_ms : 30000;
	w->refs = 2;
	pthread_t t;
	if (pthread_create(&t, NULL, run, w)) {
		w->refs = 1;
		unref(w);
		return NULL;
	}
	pthread_detach(t);
	return w;
}

msk_watch *msk_watch_fixed(const char *arn, const char *auth, msk_cluster *c, msk_node *nodes,
			   int n_nodes, msk_operation *ops, int n_ops)
{
	msk_watch *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->arn = strdup(arn);
	w->auth = strdup(auth ? auth : "");
	w->refs = 1;
	w->exited = true;               /* no thread: nothing to wait for */
	w->cur.cluster = *c;
	w->cur.have_cluster = true;
	w->cur.nodes = nodes;
	w->cur.n_nodes = n_nodes;
	w->cur.ops = ops;
	w->cur.n_ops = n_ops;
	w->cur.read_ms = clock_wall_ms();
	return w;
}

void msk_watch_stop(msk_watch *w)
{
	if (!w)
		return;
	/* a thread waiting between readings ends at once; one inside a call
	 * to AWS gets a moment, then finishes and frees alone */
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_broadcast(&w->cond);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	while (!w->exited && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
		;
	pthread_mutex_unlock(&w->lock);
	unref(w);
}

static const char *dup(kd_arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static const char **dup_list(kd_arena *a, char **v, int n)
{
	const char **out = arena_calloc(a, (size_t)(n > 0 ? n : 1), sizeof(char *));
	for (int i = 0; i < n; i++)
		out[i] = dup(a, v[i]);
	return out;
}

void msk_watch_fill(msk_watch *w, kd_snapshot *s)
{
	if (!w)
		return;
	kd_arena *a = &s->arena;
	kd_msk *k = arena_calloc(a, 1, sizeof(*k));
	pthread_mutex_lock(&w->lock);
	const reading *r = &w->cur;
	k->arn = dup(a, w->arn);
	k->auth_used = dup(a, w->auth);
	k->brokers = KD_UNKNOWN;
	k->storage_gb = KD_UNKNOWN;
	if (r->have_cluster) {
		const msk_cluster *c = &r->cluster;
		k->name = dup(a, c->name);
		k->state = dup(a, c->state);
		k->type = dup(a, c->type);
		k->kafka_version = dup(a, c->kafka_version);
		k->instance_type = dup(a, c->instance_type);
		k->brokers = c->brokers >= 0 ? c->brokers : KD_UNKNOWN;
		k->storage_gb = c->storage_gb >= 0 ? c->storage_gb : KD_UNKNOWN;
		k->n_zones = c->n_zones;
		k->zones = dup_list(a, c->zones, c->n_zones);
		k->n_auth = c->n_auth;
		k->auth = dup_list(a, c->auth, c->n_auth);
	}
	kd_msk_node *nodes = arena_calloc(a, (size_t)(r->n_nodes > 0 ? r->n_nodes : 1),
					  sizeof(*nodes));
	for (int i = 0; i < r->n_nodes; i++) {
		const msk_node *n = &r->nodes[i];
		nodes[i] = (kd_msk_node){ n->broker_id, dup(a, n->az), dup(a, n->subnet),
					  dup(a, n->instance_type),
					  n->n_endpoints > 0 ? dup(a, n->endpoints[0]) : NULL };
	}
	k->nodes = nodes;
	k->n_nodes = r->n_nodes;
	kd_msk_op *ops = arena_calloc(a, (size_t)(r->n_ops > 0 ? r->n_ops : 1), sizeof(*ops));
	int n_ops = 0;
	for (int i = 0; i < r->n_ops; i++)
		if (running(&r->ops[i]))
			ops[n_ops++] = (kd_msk_op){ dup(a, r->ops[i].type), dup(a, r->ops[i].state),
						    dup(a, r->ops[i].start), dup(a, r->ops[i].step) };
	k->ops = ops;
	k->n_ops = n_ops;
	int n_hist = r->n_ops < MSK_HISTORY_MAX ? r->n_ops : MSK_HISTORY_MAX;
	kd_msk_op *hist = arena_calloc(a, (size_t)(n_hist > 0 ? n_hist : 1), sizeof(*hist));
	for (int i = 0; i < n_hist; i++)
		hist[i] = (kd_msk_op){ dup(a, r->ops[i].type), dup(a, r->ops[i].state),
				       dup(a, r->ops[i].start), dup(a, r->ops[i].step),
				       dup(a, r->ops[i].end) };
	k->history = hist;
	k->n_history = n_hist;
	k->read_ms = r->read_ms;
	k->error = r->error[0] ? dup(a, r->error) : NULL;
	k->throttled = r->throttled;
	pthread_mutex_unlock(&w->lock);
	s->msk = k;
}
