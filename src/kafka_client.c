/* kafka_client.c: see kafka_client.h. */
#include "config.h"

#include "kafka_client.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "sasl_bridge.h"
#include "security.h"

/* librdkafka 2.0.2's offsets_for_times cost grows with the square of the
 * list length; chunks keep it linear (see doc/librdkafka.md). */
#define WATERMARK_CHUNK 1000

struct kd_kafka {
	rd_kafka_t *rk;
	pthread_mutex_t lock;
	char last_error[256];
};

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	kd_kafka *k = opaque;
	(void)rk;
	pthread_mutex_lock(&k->lock);
	snprintf(k->last_error, sizeof(k->last_error), "%s", reason);
	pthread_mutex_unlock(&k->lock);
	log_debug("librdkafka error %s: %s", rd_kafka_err2name(err), reason);
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	(void)level;
	log_debug("librdkafka %s: %s", fac, buf);
}

static const char *options_getter(void *ctx, const char *key)
{
	return options_prop(ctx, key);
}

int kafka_conf_apply_props(rd_kafka_conf_t *conf, const kd_options *o,
			   char *err, size_t errlen)
{
	char errstr[512];
	/* librdkafka < 2.6.1 cannot log in with SCRAM to Kafka 4.x: kdeck's
	 * own connection code does the security for it (sasl_bridge.h). */
	bool bridged = sasl_bridge_wanted(options_getter, (void *)o);
	for (int i = 0; i < o->n_props; i++) {
		/* kdeck.* properties are kdeck's own (kdeck.wire.caps). */
		if (!strncmp(o->props[i].key, "kdeck.", 6))
			continue;
		if (bridged && sasl_bridge_owns_key(o->props[i].key))
			continue;
		/* AWS_MSK_IAM is set as OAUTHBEARER (security_rdkafka_conf) */
		if (!strncmp(o->props[i].key, "sasl.mechanism", 14) &&
		    !strcasecmp(o->props[i].value, "AWS_MSK_IAM"))
			continue;
		if (rd_kafka_conf_set(conf, o->props[i].key, o->props[i].value,
				      errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
			if (security_secret_key(o->props[i].key))
				snprintf(err, errlen, "-X %s: not accepted by librdkafka "
					 "(the value is secret and not shown)", o->props[i].key);
			else
				snprintf(err, errlen, "-X %s: %s", o->props[i].key, errstr);
			return -1;
		}
	}
	if (bridged) {
		const char **keys = calloc((size_t)o->n_props + 1, sizeof(*keys));
		if (!keys)
			abort();
		for (int i = 0; i < o->n_props; i++)
			keys[i] = o->props[i].key;
		int rc = sasl_bridge_conf(conf, options_getter, (void *)o, keys,
					  (size_t)o->n_props, err, errlen);
		free(keys);
		return rc;
	}
	/* The same properties kdeck's own connections read (security.h). */
	return security_rdkafka_conf(conf, options_getter, (void *)o, err, errlen);
}

int kafka_conf_check(const kd_options *o, char *err, size_t errlen)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	int rc = kafka_conf_apply_props(conf, o, err, errlen);
	rd_kafka_conf_destroy(conf);
	return rc;
}

kd_kafka *kafka_client_new(const kd_options *o, const char *bootstrap,
			   char *err, size_t errlen)
{
	char errstr[512];
	kd_kafka *k = calloc(1, sizeof(*k));
	rd_kafka_conf_t *conf = rd_kafka_conf_new();

	if (!k)
		abort();
	pthread_mutex_init(&k->lock, NULL);
	if (kafka_conf_apply_props(conf, o, err, errlen))
		goto fail;
	if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "client.id", "kdeck", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "topic.metadata.refresh.interval.ms", "-1", errstr, sizeof(errstr))) {
		snprintf(err, errlen, "librdkafka configuration: %s", errstr);
		goto fail;
	}
	rd_kafka_conf_set_error_cb(conf, on_error);
	rd_kafka_conf_set_log_cb(conf, on_log);
	rd_kafka_conf_set_opaque(conf, k);
	k->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
	if (!k->rk) {
		/* rd_kafka_new() takes the conf only when it succeeds. */
		snprintf(err, errlen, "cannot create the Kafka client: %s", errstr);
		goto fail;
	}
	security_rdkafka_started(k->rk);
	return k;

fail:
	rd_kafka_conf_destroy(conf);
	pthread_mutex_destroy(&k->lock);
	free(k);
	return NULL;
}

void kafka_client_free(kd_kafka *k)
{
	if (!k)
		return;
	rd_kafka_destroy(k->rk);
	pthread_mutex_destroy(&k->lock);
	free(k);
}

void kafka_client_last_error(kd_kafka *k, char *buf, size_t len)
{
	pthread_mutex_lock(&k->lock);
	snprintf(buf, len, "%s", k->last_error);
	pthread_mutex_unlock(&k->lock);
}

int kafka_client_metadata(kd_kafka *k, kd_snapshot *s, const kd_snapshot *prev,
			  int timeout_ms)
{
	const struct rd_kafka_metadata *md = NULL;
	rd_kafka_resp_err_t e;
	kd_metadata m = {0};
	kd_meta_broker *mb;
	kd_meta_topic *mt;
	char *cluster_id;

	e = rd_kafka_metadata(k->rk, 1, NULL, &md, timeout_ms);
	if (e) {
		char last[256];
		/* error_cb runs from rd_kafka_poll(): serve it so the
		 * reason (connection refused, ...) is known. */
		rd_kafka_poll(k->rk, 0);
		kafka_client_last_error(k, last, sizeof(last));
		snapshot_add_error(s, "metadata: %s%s%s", rd_kafka_err2str(e),
				   *last ? ": " : "", last);
		/* Keep the brokers we knew, all down, so the screen still
		 * says which ones are missing. */
		m.controller_id = -1;
		snapshot_set_metadata(s, &m, prev);
		for (int i = 0; i < s->n_brokers; i++)
			s->brokers[i].up = false;
		s->cluster_id = prev ? arena_strdup(&s->arena, prev->cluster_id) : NULL;
		return -1;
	}

	mb = calloc((size_t)md->broker_cnt + 1, sizeof(*mb));
	mt = calloc((size_t)md->topic_cnt + 1, sizeof(*mt));
	if (!mb || !mt)
		abort();
	for (int i = 0; i < md->broker_cnt; i++) {
		mb[i].id = md->brokers[i].id;
		mb[i].host = md->brokers[i].host;
		mb[i].port = md->brokers[i].port;
	}
	kd_meta_partition **parts = calloc((size_t)md->topic_cnt + 1, sizeof(*parts));
	if (!parts)
		abort();
	for (int t = 0; t < md->topic_cnt; t++) {
		const rd_kafka_metadata_topic_t *rt = &md->topics[t];
		kd_meta_partition *mp = calloc((size_t)rt->partition_cnt + 1, sizeof(*mp));
		if (!mp)
			abort();
		parts[t] = mp;
		mt[t].name = rt->topic;
		mt[t].err = rt->err;
		mt[t].n_partitions = rt->partition_cnt;
		mt[t].partitions = mp;
		for (int p = 0; p < rt->partition_cnt; p++) {
			const rd_kafka_metadata_partition_t *rp = &rt->partitions[p];
			mp[p].id = rp->id;
			mp[p].leader = rp->leader;
			mp[p].leader_epoch = KD_UNKNOWN;
			mp[p].err = rp->err;
			mp[p].n_replicas = rp->replica_cnt;
			mp[p].replicas = rp->replicas;
			mp[p].n_isr = rp->isr_cnt;
			mp[p].isr = rp->isrs;
		}
	}
	cluster_id = rd_kafka_clusterid(k->rk, 0);
	m.cluster_id = cluster_id;
	m.controller_id = rd_kafka_controllerid(k->rk, 0);
	m.n_brokers = md->broker_cnt;
	m.brokers = mb;
	m.n_topics = md->topic_cnt;
	m.topics = mt;
	snapshot_set_metadata(s, &m, prev);
	/* A controller id that names no broker (the mock cluster says 0) is
	 * no controller at all. */
	if (!snapshot_broker(s, s->controller_id))
		s->controller_id = -1;

	for (int t = 0; t < md->topic_cnt; t++)
		free(parts[t]);
	free(parts);
	free(mb);
	free(mt);
	if (cluster_id)
		rd_kafka_mem_free(k->rk, cluster_id);
	rd_kafka_metadata_destroy(md);
	return 0;
}

/* Query one leader's partitions for one sentinel (END or BEGINNING) in
 * chunks; fill low or high. */
static int query_leader(kd_kafka *k, kd_snapshot *s, int32_t leader,
			int64_t sentinel, int timeout_ms)
{
	rd_kafka_topic_partition_list_t *list = NULL;
	int failed = 0;

	for (int t = 0; t <= s->n_topics; t++) {
		kd_topic *kt = t < s->n_topics ? &s->topics[t] : NULL;
		for (int p = 0; kt && p < kt->n_partitions; p++) {
			if (kt->partitions[p].leader != leader)
				continue;
			if (!list)
				list = rd_kafka_topic_partition_list_new(WATERMARK_CHUNK);
			rd_kafka_topic_partition_list_add(list, kt->name, kt->partitions[p].id)
				->offset = sentinel;
		}
		if (!list || (kt && list->cnt < WATERMARK_CHUNK))
			continue;
		rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(k->rk, list, timeout_ms);
		if (e) {
			failed = 1;
			snapshot_add_error(s, "offsets from broker %d: %s", (int)leader,
					   rd_kafka_err2str(e));
		} else {
			for (int i = 0; i < list->cnt; i++) {
				rd_kafka_topic_partition_t *tp = &list->elems[i];
				if (tp->err || tp->offset < 0)
					continue;
				kd_partition *kp = (kd_partition *)snapshot_partition(s, tp->topic, tp->partition);
				if (!kp)
					continue;
				if (sentinel == RD_KAFKA_OFFSET_END)
					kp->high = tp->offset;
				else
					kp->low = tp->offset;
			}
		}
		rd_kafka_topic_partition_list_destroy(list);
		list = NULL;
		if (failed)
			break; /* a dead leader fails every chunk: do not wait twice */
	}
	if (list)
		rd_kafka_topic_partition_list_destroy(list);
	return failed ? -1 : 0;
}

int kafka_client_watermarks(kd_kafka *k, kd_snapshot *s, int timeout_ms)
{
	int rc = 0;
	for (int b = 0; b < s->n_brokers; b++) {
		const kd_broker *br = &s->brokers[b];
		if (!br->up)
			continue;
		/* High first, then low: a low watermark read after the high
		 * one can only be <= it. */
		if (query_leader(k, s, br->id, RD_KAFKA_OFFSET_END, timeout_ms) ||
		    query_leader(k, s, br->id, RD_KAFKA_OFFSET_BEGINNING, timeout_ms))
			rc = -1;
	}
	/* A partition whose low is known but high not (or the reverse) is
	 * half a reading: drop it rather than show a wrong count. */
	for (int t = 0; t < s->n_topics; t++)
		for (int p = 0; p < s->topics[t].n_partitions; p++) {
			kd_partition *kp = &s->topics[t].partitions[p];
			if (kp->low < 0 || kp->high < 0 || kp->low > kp->high)
				kp->low = kp->high = KD_UNKNOWN;
		}
	return rc;
}
