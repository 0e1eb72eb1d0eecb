/* tail.c: see tail.h. */
#include "config.h"

#include "tail.h"

#include <ctype.h>
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kafka_client.h"
#include "security.h"
#include "log.h"

#define TAIL_BATCH 1024
#define TAIL_MAX_HEADERS 64

/* The prefetch, unless -X sets it (see doc/PERFORMANCE.md, "Tail vs
 * kcat").  librdkafka fetches a partition while its queue (shared by every
 * partition here) holds fewer than queued.min.messages messages and fewer
 * than queued.max.messages.kbytes of payload.  Half of librdkafka's
 * default count keeps kdeck under kcat's memory on small messages, a
 * quarter of its default size bounds it on large ones, and kdeck drains a
 * full queue in tens of milliseconds, far longer than a refetch takes. */
#define TAIL_QUEUED_MIN_MESSAGES "50000"
#define TAIL_QUEUED_MAX_KBYTES "16384"
#define TAIL_NO_OFFSET INT64_MIN

struct kd_tail {
	rd_kafka_t *rk;
	rd_kafka_topic_t *rkt;
	rd_kafka_queue_t *queue;
	kd_tail_spec spec;
	char *topic;
	int n_parts;
	int32_t *parts;          /* partitions read, ids in ascending order */
	int started;             /* of those, consume_start'ed */
	int at_end;              /* partitions that reached their end */
	int8_t *eof;             /* beside parts: 0, or 1 at end */
	int64_t *next;           /* beside parts: where to go on reading: after
				    the last message delivered, else the start
				    if it can be asked for again (an offset or
				    the beginning), else TAIL_NO_OFFSET */
	int64_t consumed;
	bool done;
	/* Waking the fetchers (see tail_poll): the queue's limits, and
	 * whether it reached one since the last wake-up. */
	int64_t q_min;           /* queued.min.messages */
	int64_t q_max_bytes;     /* queued.max.messages.kbytes, in bytes */
	int64_t bytes_seen, msgs_seen;   /* for the mean message size */
	bool q_full;
	int64_t wakeups;
};

/* Exactly n decimal digits at *p; advances *p. */
static int take_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD[(T|space)HH:MM[:SS[.fff]]][Z|+HH:MM|-HHMM]; no zone is UTC.
 * Every field is range-checked, so 2026-02-30 is an error, not March. */
static int parse_iso8601(const char *s, int64_t *ms)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, zone = 0;
	struct tm tm = {0};

	if (take_digits(&p, 4, &y) || *p++ != '-' || take_digits(&p, 2, &mo) ||
	    *p++ != '-' || take_digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (take_digits(&p, 2, &h) || *p++ != ':' || take_digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (take_digits(&p, 2, &sec))
				return -1;
			if (*p == '.' || *p == ',') {
				int digits = 0;
				if (!isdigit((unsigned char)p[1]))
					return -1;
				for (p++; isdigit((unsigned char)*p); p++, digits++)
					if (digits < 3)
						frac = frac * 10 + (*p - '0');
				for (; digits < 3; digits++)
					frac *= 10;
			}
		}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, zh, zm = 0;
		if (take_digits(&p, 2, &zh))
			return -1;
		if (*p == ':')
			p++;
		if (*p && take_digits(&p, 2, &zm))
			return -1;
		if (zh > 23 || zm > 59)
			return -1;
		zone = sign * (zh * 60 + zm);
	}
	if (*p)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap_year(y)) || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*ms = ((int64_t)timegm(&tm) - (int64_t)zone * 60) * 1000 + frac;
	return *ms < 0 ? -1 : 0;
}

/* An age: a number and a unit (ms, s, m, h, d, w), "10m" or "10 min";
 * 0 and *ms set, or -1. */
static int parse_age(const char *s, int64_t *ms)
{
	static const struct {
		const char *name;
		int64_t ms;
	} units[] = {
		{"ms", 1}, {"s", 1000}, {"sec", 1000}, {"second", 1000}, {"seconds", 1000},
		{"m", 60000}, {"min", 60000}, {"minute", 60000}, {"minutes", 60000},
		{"h", 3600000}, {"hour", 3600000}, {"hours", 3600000},
		{"d", 86400000}, {"day", 86400000}, {"days", 86400000},
		{"w", 604800000}, {"week", 604800000}, {"weeks", 604800000},
	};
	char *end;
	long long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].name)) {
			if (v > INT64_MAX / units[i].ms)
				return -1;
			*ms = v * units[i].ms;
			return 0;
		}
	return -1;
}

/* The TIME of @TIME: ms since the epoch, an ISO-8601 time or an age. */
static int parse_time(const char *t, int64_t now_ms, int64_t *ms)
{
	char *end;
	int64_t age;

	if (isdigit((unsigned char)*t)) {
		errno = 0;
		long long v = strtoll(t, &end, 10);
		if (!*end)
			return errno || v < 0 ? -1 : (*ms = v, 0);
	}
	if (!parse_iso8601(t, ms))
		return 0;
	if (!parse_age(t, &age)) {
		*ms = now_ms - age > 0 ? now_ms - age : 0;
		return 0;
	}
	return -1;
}

int tail_parse_start(const char *s, int64_t now_ms, kd_tail_spec *sp,
		     char *err, size_t errlen)
{
	char *end, buf[64];
	long long v;
	size_t n = strlen(s);
	int64_t ms;

	if (!strcmp(s, "end")) {
		sp->from = TAIL_FROM_END;
		sp->value = 0;
		return 0;
	}
	if (!strcmp(s, "beginning")) {
		sp->from = TAIL_FROM_BEGINNING;
		sp->value = 0;
		return 0;
	}
	/* @TIME, and kcat's s@MS */
	if (s[0] == '@' || !strncmp(s, "s@", 2)) {
		if (parse_time(s + (s[0] == '@' ? 1 : 2), now_ms, &ms)) {
			snprintf(err, errlen, "start '%s': expected @MILLISECONDS, an ISO time "
				 "(@2026-11-25T01:30:00Z) or an age (@10m, @2h)", s);
			return -1;
		}
		sp->from = TAIL_FROM_TIME;
		sp->value = ms;
		return 0;
	}
	/* "10m ago" */
	if (n > 4 && n < sizeof(buf) && !strcmp(s + n - 4, " ago")) {
		memcpy(buf, s, n - 4);
		buf[n - 4] = '\0';
		if (parse_age(buf, &ms)) {
			snprintf(err, errlen, "start '%s': expected an age such as '10m ago', "
				 "'2h ago', '30 s ago'", s);
			return -1;
		}
		sp->from = TAIL_FROM_TIME;
		sp->value = now_ms - ms > 0 ? now_ms - ms : 0;
		return 0;
	}
	/* an ISO time without the @ */
	if (n >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-') {
		if (parse_iso8601(s, &ms)) {
			snprintf(err, errlen, "start '%s': not a valid ISO time (expected "
				 "2026-11-25T01:30:00Z, 2026-11-25 01:30+01:00 or 2026-11-25)", s);
			return -1;
		}
		sp->from = TAIL_FROM_TIME;
		sp->value = ms;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || isspace((unsigned char)*s) || *s == '+' ||
	    (s[0] == '-' && !isdigit((unsigned char)s[1]))) {
		snprintf(err, errlen, "start '%s': expected beginning, end, -N (the last N of "
			 "each partition), OFFSET, @TIME or '10m ago'", s);
		return -1;
	}
	if (s[0] == '-') {
		if (v < -(1LL << 53)) {
			snprintf(err, errlen, "start '%s': too many messages back", s);
			return -1;
		}
		sp->from = TAIL_FROM_LAST;
		sp->value = -v;
	} else {
		sp->from = TAIL_FROM_OFFSET;
		sp->value = v;
	}
	return 0;
}

static void tail_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	(void)level;
	log_debug("tail %s: %s", fac, buf);
}

/* Where each partition starts, as librdkafka offsets. */
static int resolve_start(kd_tail *t, rd_kafka_topic_partition_list_t *list,
			 int timeout_ms, char *err, size_t errlen)
{
	for (int i = 0; i < list->cnt; i++) {
		rd_kafka_topic_partition_t *tp = &list->elems[i];
		switch (t->spec.from) {
		case TAIL_FROM_END: tp->offset = RD_KAFKA_OFFSET_END; break;
		case TAIL_FROM_BEGINNING: tp->offset = RD_KAFKA_OFFSET_BEGINNING; break;
		case TAIL_FROM_LAST:
			tp->offset = t->spec.value > 0 ? RD_KAFKA_OFFSET_TAIL(t->spec.value)
						       : RD_KAFKA_OFFSET_END;
			break;
		case TAIL_FROM_OFFSET: tp->offset = t->spec.value; break;
		case TAIL_FROM_TIME: tp->offset = t->spec.value; break;
		}
	}
	if (t->spec.from != TAIL_FROM_TIME)
		return 0;
	rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(t->rk, list, timeout_ms);
	if (e) {
		snprintf(err, errlen, "finding offsets for the start time: %s", rd_kafka_err2str(e));
		return -1;
	}
	for (int i = 0; i < list->cnt; i++) {
		rd_kafka_topic_partition_t *tp = &list->elems[i];
		if (tp->err) {
			snprintf(err, errlen, "finding the start offset of %s [%d]: %s",
				 tp->topic, (int)tp->partition, rd_kafka_err2str(tp->err));
			return -1;
		}
		/* -1: no message at or after the time yet */
		if (tp->offset < 0)
			tp->offset = RD_KAFKA_OFFSET_END;
	}
	return 0;
}

/* Defaults first, then the user's -X settings, which win. */
static int configure(rd_kafka_conf_t *conf, const kd_options *o, const kd_tail_spec *sp,
		     char *err, size_t errlen)
{
	static const char *const defaults[][2] = {
		{ "client.id", "kdeck-tail" },
		{ "enable.partition.eof", "true" },
		{ "queued.min.messages", TAIL_QUEUED_MIN_MESSAGES },
		{ "queued.max.messages.kbytes", TAIL_QUEUED_MAX_KBYTES },
	};
	char errstr[512];

	if (rd_kafka_conf_set(conf, "bootstrap.servers", o->bootstrap, errstr, sizeof(errstr))) {
		snprintf(err, errlen, "consumer configuration: %s", errstr);
		return -1;
	}
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (rd_kafka_conf_set(conf, defaults[i][0], defaults[i][1], errstr, sizeof(errstr))) {
			snprintf(err, errlen, "consumer configuration: %s", errstr);
			return -1;
		}
	/* With -e an empty partition is known to be at its end after one
	 * fetch: do not let the broker hold that fetch for long. */
	if (sp->exit_at_end &&
	    rd_kafka_conf_set(conf, "fetch.wait.max.ms", "100", errstr, sizeof(errstr))) {
		snprintf(err, errlen, "consumer configuration: %s", errstr);
		return -1;
	}
	return kafka_conf_apply_props(conf, o, err, errlen);
}

/* A numeric property as configured (defaults included), or def. */
static int64_t conf_int(const rd_kafka_conf_t *conf, const char *key, int64_t def)
{
	char buf[64];
	size_t len = sizeof(buf);
	char *end;
	long long v;

	if (rd_kafka_conf_get(conf, key, buf, &len) != RD_KAFKA_CONF_OK)
		return def;
	v = strtoll(buf, &end, 10);
	return *end || v <= 0 ? def : v;
}

int tail_check_options(const kd_options *o, const kd_tail_spec *sp,
		       char *err, size_t errlen)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	int rc = configure(conf, o, sp, err, errlen);
	rd_kafka_conf_destroy(conf);
	return rc;
}

/* The simple consumer API, as kcat uses it: no group at all (nothing is
 * looked up, joined or committed, so tailing leaves no trace on the
 * brokers), each partition started at its own offset on one queue. */
kd_tail *tail_new(const kd_options *o, const kd_tail_spec *sp,
		  char *err, size_t errlen)
{
	char errstr[512];
	const struct rd_kafka_metadata *md = NULL;
	rd_kafka_topic_partition_list_t *list = NULL;
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	kd_tail *t = calloc(1, sizeof(*t));
	int timeout = o->timeout_ms > 0 ? o->timeout_ms : 5000;
	rd_kafka_resp_err_t e;

	if (!t)
		abort();
	t->spec = *sp;
	t->topic = strdup(sp->topic);
	if (!t->topic)
		abort();
	t->spec.topic = t->topic;
	if (configure(conf, o, sp, err, errlen)) {
		rd_kafka_conf_destroy(conf);
		goto fail;
	}
	rd_kafka_conf_set_log_cb(conf, tail_log);
	t->q_min = conf_int(conf, "queued.min.messages", 100000);
	t->q_max_bytes = conf_int(conf, "queued.max.messages.kbytes", 65536) * 1024;
	t->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
	if (!t->rk) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "cannot create the consumer: %s", errstr);
		goto fail;
	}
	security_rdkafka_started(t->rk);
	t->rkt = rd_kafka_topic_new(t->rk, sp->topic, NULL);
	if (!t->rkt) {
		snprintf(err, errlen, "topic '%s': %s", sp->topic,
			 rd_kafka_err2str(rd_kafka_last_error()));
		goto fail;
	}
	e = rd_kafka_metadata(t->rk, 0, t->rkt, &md, timeout);
	if (e) {
		snprintf(err, errlen, "cannot reach the cluster at %s: %s", o->bootstrap,
			 rd_kafka_err2str(e));
		goto fail;
	}
	if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
		snprintf(err, errlen, "topic '%s' does not exist%s%s", sp->topic,
			 md->topic_cnt == 1 && md->topics[0].err ? ": " : "",
			 md->topic_cnt == 1 && md->topics[0].err ? rd_kafka_err2str(md->topics[0].err) : "");
		goto fail;
	}
	const rd_kafka_metadata_topic_t *mt = &md->topics[0];
	list = rd_kafka_topic_partition_list_new(mt->partition_cnt);
	/* A partition id below 0 is none a broker should send: skipped. */
	for (int i = 0; i < mt->partition_cnt; i++)
		if (mt->partitions[i].id >= 0 &&
		    (sp->partition < 0 || mt->partitions[i].id == sp->partition))
			rd_kafka_topic_partition_list_add(list, sp->topic, mt->partitions[i].id);
	if (list->cnt == 0) {
		snprintf(err, errlen, "topic '%s' has no partition %d (it has %d)", sp->topic,
			 (int)sp->partition, mt->partition_cnt);
		goto fail;
	}
	if (resolve_start(t, list, timeout, err, errlen))
		goto fail;
	/* Per-partition state is kept beside the sorted ids, never indexed by
	 * an id: a broker may send any id, 2^31-1 or a duplicate. */
	rd_kafka_topic_partition_list_sort(list, NULL, NULL);
	t->n_parts = 0;
	t->parts = calloc((size_t)(unsigned)list->cnt, sizeof(*t->parts));
	t->eof = calloc((size_t)(unsigned)list->cnt, 1);
	t->next = calloc((size_t)(unsigned)list->cnt, sizeof(*t->next));
	if (!t->parts || !t->eof || !t->next)
		abort();
	for (int i = 0; i < list->cnt; i++)
		if (t->n_parts == 0 || t->parts[t->n_parts - 1] != list->elems[i].partition) {
			int64_t off = list->elems[i].offset;
			/* the end, or the last N, would mean another offset later */
			t->next[t->n_parts] = off >= 0 || off == RD_KAFKA_OFFSET_BEGINNING
					    ? off : TAIL_NO_OFFSET;
			t->parts[t->n_parts++] = list->elems[i].partition;
		}
	t->queue = rd_kafka_queue_new(t->rk);
	for (int i = 0; i < list->cnt; i++) {
		if (i > 0 && list->elems[i].partition == list->elems[i - 1].partition)
			continue;
		if (rd_kafka_consume_start_queue(t->rkt, list->elems[i].partition,
						 list->elems[i].offset,
						 t->queue) == -1) {
			snprintf(err, errlen, "cannot start reading %s [%d]: %s", sp->topic,
				 (int)list->elems[i].partition,
				 rd_kafka_err2str(rd_kafka_last_error()));
			goto fail;
		}
		t->started++;
	}
	rd_kafka_topic_partition_list_destroy(list);
	rd_kafka_metadata_destroy(md);
	return t;

fail:
	if (list)
		rd_kafka_topic_partition_list_destroy(list);
	if (md)
		rd_kafka_metadata_destroy(md);
	tail_free(t);
	return NULL;
}

void tail_free(kd_tail *t)
{
	if (!t)
		return;
	log_debug("tail %s: %lld messages, fetchers woken %lld times", t->topic ? t->topic : "",
		  (long long)t->consumed, (long long)t->wakeups);
	for (int i = 0; i < t->started; i++)
		rd_kafka_consume_stop(t->rkt, t->parts[i]);
	if (t->queue)
		rd_kafka_queue_destroy(t->queue);
	if (t->rkt)
		rd_kafka_topic_destroy(t->rkt);
	if (t->rk)
		rd_kafka_destroy(t->rk);
	free(t->parts);
	free(t->eof);
	free(t->next);
	free(t->topic);
	free(t);
}

int64_t tail_consumed(const kd_tail *t)
{
	return t->consumed;
}

void tail_progress(const kd_tail *t, int *at_end, int *n_parts)
{
	*at_end = t->at_end;
	*n_parts = t->n_parts;
}

/* Pausing stops the fetchers (librdkafka drops what it prefetched and
 * resumes after the last message delivered), so a paused tail costs
 * neither memory nor bandwidth. */
int tail_pause(kd_tail *t, bool pause, char *err, size_t errlen)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(t->n_parts);
	rd_kafka_resp_err_t e;

	for (int i = 0; i < t->n_parts; i++)
		rd_kafka_topic_partition_list_add(list, t->topic, t->parts[i]);
	e = pause ? rd_kafka_pause_partitions(t->rk, list) : rd_kafka_resume_partitions(t->rk, list);
	rd_kafka_topic_partition_list_destroy(list);
	if (e) {
		snprintf(err, errlen, "cannot %s: %s", pause ? "pause" : "resume", rd_kafka_err2str(e));
		return -1;
	}
	return 0;
}

/* Where partition is in t->parts, or -1. */
static int part_index(const kd_tail *t, int32_t partition)
{
	int lo = 0, hi = t->n_parts - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (t->parts[mid] == partition)
			return mid;
		if (t->parts[mid] < partition)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void mark_eof(kd_tail *t, int i, int8_t eof)
{
	if (i < 0 || t->eof[i] == eof)
		return;
	t->eof[i] = eof;
	t->at_end += eof ? 1 : -1;
}

/* librdkafka 2.0.2 checks a partition's queue limits only when it is about
 * to fetch.  A fetcher that finds the queue full stops fetching that
 * partition and sleeps until something else wakes its broker thread: up to
 * a second (2.1.0 added fetch.queue.backoff.ms for this), while kdeck
 * empties a full queue in a few tens of milliseconds.  A seek to the
 * offset after the last message delivered (or to the start, before the
 * first) is the one call that wakes it
 * without losing or repeating a message: it sends an operation to the
 * broker thread, which then fetches again from exactly where the reader
 * is.  It is done only when the queue reached a limit since the last
 * wake-up (only then can a fetcher have stopped) and has emptied since, so
 * nothing prefetched is thrown away. */
static void observe_queue(kd_tail *t, int64_t qlen)
{
	int64_t mean = t->msgs_seen ? t->bytes_seen / t->msgs_seen : 0;

	if (qlen >= t->q_min || (mean > 0 && qlen * mean >= t->q_max_bytes - t->q_max_bytes / 8))
		t->q_full = true;
}

static void wake_fetchers(kd_tail *t)
{
	if (!t->q_full || t->done || rd_kafka_queue_length(t->queue) > 0)
		return;
	t->q_full = false;
	t->wakeups++;
	for (int i = 0; i < t->n_parts; i++) {
		rd_kafka_resp_err_t e;
		if (t->eof[i] || t->next[i] == TAIL_NO_OFFSET)
			continue;
		e = rd_kafka_seek(t->rkt, t->parts[i], t->next[i], 0);
		if (e)
			log_debug("tail %s [%d]: seek: %s", t->topic, (int)t->parts[i],
				  rd_kafka_err2str(e));
	}
}

/* Fill a kd_msg from a librdkafka message; the headers go in hdrs. */
static void to_msg(const rd_kafka_message_t *rm, kd_msg *m, kd_msg_header *hdrs,
		   bool want_headers)
{
	rd_kafka_timestamp_type_t tstype;
	rd_kafka_headers_t *h = NULL;

	memset(m, 0, sizeof(*m));
	m->topic = rd_kafka_topic_name(rm->rkt);
	m->partition = rm->partition;
	m->offset = rm->offset;
	m->timestamp = rd_kafka_message_timestamp(rm, &tstype);
	m->ts_type = tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME ? KD_TS_CREATE
		   : tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? KD_TS_LOG_APPEND : KD_TS_NONE;
	m->key = rm->key;
	m->key_len = rm->key_len;
	m->value = rm->payload;
	m->value_len = rm->len;
	m->headers = hdrs;
	if (want_headers && rd_kafka_message_headers(rm, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
		const char *name;
		const void *val;
		size_t len;
		for (size_t i = 0; i < TAIL_MAX_HEADERS &&
		     !rd_kafka_header_get_all(h, i, &name, &val, &len); i++) {
			hdrs[i].name = name;
			hdrs[i].value = val;
			hdrs[i].value_len = len;
			m->n_headers = i + 1;
		}
	}
}

int tail_poll(kd_tail *t, int timeout_ms, tail_msg_cb cb, void *opaque,
	      char *err, size_t errlen)
{
	rd_kafka_message_t *batch[TAIL_BATCH];
	kd_msg_header hdrs[TAIL_MAX_HEADERS];
	int delivered = 0;

	if (t->done)
		return -1;
	observe_queue(t, (int64_t)rd_kafka_queue_length(t->queue));
	/* What is there now; else wait for one message and take the rest
	 * (a batch call waits for a full batch or the timeout otherwise). */
	ssize_t n = rd_kafka_consume_batch_queue(t->queue, 0, batch, TAIL_BATCH);
	if (n == 0 && timeout_ms > 0) {
		n = rd_kafka_consume_batch_queue(t->queue, timeout_ms, batch, 1);
		if (n == 1) {
			ssize_t more = rd_kafka_consume_batch_queue(t->queue, 0, batch + 1,
								    TAIL_BATCH - 1);
			if (more > 0)
				n += more;
		}
	}
	if (n < 0) {
		snprintf(err, errlen, "consume: %s", rd_kafka_err2str(rd_kafka_last_error()));
		return -2;
	}
	for (ssize_t i = 0; i < n; i++) {
		rd_kafka_message_t *rm = batch[i];
		int pi = part_index(t, rm->partition);
		if (t->done) {
			/* after -c was reached: drop the rest */
		} else if (rm->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
			mark_eof(t, pi, 1);
		} else if (rm->err) {
			log_warn("tail %s: %s", t->topic, rd_kafka_message_errstr(rm));
			if (rm->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
			    rm->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) {
				snprintf(err, errlen, "%s", rd_kafka_message_errstr(rm));
				t->done = true;
				for (ssize_t j = i; j < n; j++)
					rd_kafka_message_destroy(batch[j]);
				return -2;
			}
		} else {
			kd_msg m;
			mark_eof(t, pi, 0);
			if (pi >= 0)
				t->next[pi] = rm->offset + 1;
			t->bytes_seen += (int64_t)(rm->len + rm->key_len);
			t->msgs_seen++;
			to_msg(rm, &m, hdrs, !t->spec.no_headers);
			t->consumed++;
			delivered++;
			if (cb(&m, opaque) ||
			    (t->spec.count > 0 && t->consumed >= t->spec.count))
				t->done = true;
		}
		rd_kafka_message_destroy(rm);
	}
	if (t->spec.exit_at_end && t->at_end == t->n_parts)
		t->done = true;
	wake_fetchers(t);
	return t->done && delivered == 0 ? -1 : delivered;
}
