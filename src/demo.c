/* demo.c: see demo.h. */
#include "config.h"

#include "demo.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "demo_model.h"
#include "demo_proxy.h"
#include "log.h"

#define DEMO_SENSORS 24

struct kd_demo {
	rd_kafka_t *owner;       /* holds the mock cluster */
	rd_kafka_mock_cluster_t *mock;
	rd_kafka_t *producer;
	char *bootstrap;         /* the proxies' */
	pthread_t thread;
	atomic_bool stop;
	atomic_long delivered;
	int rate;
	demo_scenario scenario;
	demo_model *model;
	demo_answer_ctx answer;
	demo_proxy *proxy;
	pthread_t model_thread;
	bool model_running;
	pthread_mutex_t mock_lock;      /* the mock's API, from two threads */
	int phase;                      /* the incident's step now */
	int64_t next_move;              /* the reassignment's cycle (incident: loop) due next */
};

static const struct {
	const char *name;
	int partitions, rf;
} demo_topics[] = {
	{"iot.temperature", 6, 3},
	{"iot.alerts", 3, 3},
	{"orders", 4, 3},
	{"payments", 3, 3},             /* min ISR 3 (demo_model.c) */
	{"__consumer_offsets", 10, 3},
};

static void demo_delivered(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	kd_demo *d = opaque;
	(void)rk;
	if (!m->err) {
		atomic_fetch_add(&d->delivered, 1);
		/* a record's size on disk: its bytes and a share of its
		 * batch's overhead */
		demo_model_delivered(d->model, rd_kafka_topic_name(m->rkt), m->partition,
				     m->offset, (int64_t)(m->len + m->key_len) + 40);
	}
}

static void demo_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	(void)level;
	log_debug("demo %s: %s", fac, buf);
}

const char demo_alert_rules[] =
	"[alert broker-down]\n"
	"when = broker-down\n"
	"severity = critical\n"
	"[alert under-replicated]\n"
	"when = under-replicated > 0\n"
	"severity = warning\n"
	"[alert under-min-isr]\n"
	"when = under-min-isr > 0\n"
	"severity = critical\n"
	"[alert consumer-stalled]\n"
	"when = group-status WARN,STALL,STOP\n"
	"severity = warning\n"
	"[alert hot-sensor]\n"
	"topic = iot.temperature\n"
	"when = message: value.temperature > 80\n"
	"hold = 30s\n"
	"severity = warning\n";

/* Readings follow a slow sine per sensor; sensor 13 runs hot now and then
 * so filters such as value.temperature > 80 find something. */
static int demo_reading(char *buf, size_t len, int sensor, int64_t now_ms, unsigned *seed)
{
	double t = (double)now_ms / 60000.0;
	double temp = 21.0 + 4.0 * sin(t + sensor) + (double)(rand_r(seed) % 100) / 100.0;
	if (sensor == 13 && (now_ms / 10000) % 3 == 0)
		temp += 65.0;
	return snprintf(buf, len,
			"{\"sensor\":\"s-%02d\",\"site\":\"plant-%d\",\"temperature\":%.2f,"
			"\"humidity\":%d,\"ts\":%lld}",
			sensor, sensor % 3 + 1, temp, 40 + rand_r(seed) % 20, (long long)now_ms);
}

static void *demo_producer(void *arg)
{
	kd_demo *d = arg;
	unsigned seed = 42;
	int64_t start = clock_mono_ms();
	int64_t sent = 0;
	char key[16], val[256];

	while (!atomic_load(&d->stop)) {
		int64_t now = clock_mono_ms();
		int64_t due = (now - start) * d->rate / 1000;
		for (; sent < due && !atomic_load(&d->stop); sent++) {
			int sensor = (int)(sent % DEMO_SENSORS);
			int klen = snprintf(key, sizeof(key), "s-%02d", sensor);
			int vlen = demo_reading(val, sizeof(val), sensor, clock_wall_ms(), &seed);
			const char *topic = sent % 50 == 0 ? "iot.alerts"
					  : sent % 13 == 0 ? "payments"
					  : sent % 7 == 0 ? "orders" : "iot.temperature";
			rd_kafka_producev(d->producer, RD_KAFKA_V_TOPIC(topic),
					  RD_KAFKA_V_KEY(key, (size_t)klen),
					  RD_KAFKA_V_VALUE(val, (size_t)vlen),
					  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
					  RD_KAFKA_V_HEADER("source", "kdeck-demo", -1),
					  RD_KAFKA_V_END);
		}
		rd_kafka_poll(d->producer, 50);
	}
	rd_kafka_flush(d->producer, 1000);
	return NULL;
}

/* ---- the incident ---------------------------------------------------------- */

/* One loop of DEMO_LOOP_MS; at each step's start the cluster changes.
 * Broker DEMO_VICTIM's followers fall behind and leave the ISR, then it
 * goes down (its leaders move, payments is under min ISR), a consumer
 * stalls, the broker comes back and catches up, the consumer resumes and
 * the preferred leaders return. */
#define DEMO_LOOP_MS 180000
#define DEMO_VICTIM 3
static const struct {
	int64_t at_ms;
	const char *what;
} demo_steps[] = {
	{0, "steady"},
	{15000, "broker 3 falls behind"},
	{35000, "broker 3 down"},
	{45000, "a consumer stalls"},
	{100000, "broker 3 back"},
	{120000, "the consumer resumes"},
	{150000, "preferred leaders back"},
};
#define DEMO_STEPS (int)(sizeof(demo_steps) / sizeof(demo_steps[0]))

typedef struct leader_move {
	char topic[250];
	int32_t partition, leader;
} leader_move;

/* Leaders off broker `off` (to the next replica up), or back to the
 * preferred one (off = 0). */
static void demo_move_leaders(kd_demo *d, int off)
{
	demo_model *m = d->model;
	leader_move *mv = NULL;
	size_t n = 0, cap = 0;
	demo_model_lock(m);
	for (int t = 0; t < m->n_topics; t++)
		for (int i = 0; i < m->topics[t].n_parts; i++) {
			dm_partition *p = &m->topics[t].parts[i];
			int32_t to = -1;
			if (off && p->leader == off) {
				/* one in the ISR (a replica still copying is not) */
				int64_t now = clock_mono_ms();
				for (int r = 0; r < p->n_replicas && to < 0; r++)
					if (p->replicas[r] != off &&
					    demo_model_in_isr(m, p, p->replicas[r], now))
						to = p->replicas[r];
			} else if (!off && p->leader != p->preferred && p->preferred >= 1 &&
				   p->preferred <= DM_BROKERS && m->up[p->preferred]) {
				to = p->preferred;
			}
			if (to < 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				mv = realloc(mv, cap * sizeof(*mv));
				if (!mv)
					abort();
			}
			snprintf(mv[n].topic, sizeof(mv[n].topic), "%s", m->topics[t].name);
			mv[n].partition = p->id;
			mv[n].leader = to;
			p->leader = to;
			n++;
		}
	demo_model_unlock(m);
	pthread_mutex_lock(&d->mock_lock);
	for (size_t i = 0; i < n; i++)
		rd_kafka_mock_partition_set_leader(d->mock, mv[i].topic, mv[i].partition,
						   mv[i].leader);
	pthread_mutex_unlock(&d->mock_lock);
	free(mv);
}

static void demo_step(kd_demo *d, int step)
{
	log_debug("demo incident: %s", demo_steps[step].what);
	switch (step) {
	case 0:
		break;
	case 1:
		demo_model_set_lagging(d->model, DEMO_VICTIM, true);
		break;
	case 2:
		demo_model_set_up(d->model, DEMO_VICTIM, false);
		pthread_mutex_lock(&d->mock_lock);
		rd_kafka_mock_broker_set_down(d->mock, DEMO_VICTIM);
		pthread_mutex_unlock(&d->mock_lock);
		demo_proxy_kick(d->proxy, DEMO_VICTIM);
		demo_move_leaders(d, DEMO_VICTIM);
		break;
	case 3:
		demo_model_set_stalled(d->model, true);
		break;
	case 4:
		pthread_mutex_lock(&d->mock_lock);
		rd_kafka_mock_broker_set_up(d->mock, DEMO_VICTIM);
		pthread_mutex_unlock(&d->mock_lock);
		demo_model_set_lagging(d->model, DEMO_VICTIM, false);
		demo_model_set_up(d->model, DEMO_VICTIM, true);
		break;
	case 5:
		demo_model_set_stalled(d->model, false);
		break;
	case 6:
		demo_move_leaders(d, 0);
		break;
	}
}

/* ---- the reassignment ----------------------------------------------------- */

/* One partition moves on a loop (demo_model.h, the mover): the first move
 * a few seconds in, so the Reassignments pane has a row early; then one
 * every DEMO_MOVE_EVERY_MS.  The incident moves it once a loop, at
 * DEMO_INCIDENT_MOVE_AT_MS, inside the time broker 3's trouble keeps
 * partitions under-replicated anyway, so the ISR recovers as it did. */
#define DEMO_FIRST_MOVE_MS 5000
#define DEMO_MOVE_EVERY_MS 120000
#define DEMO_INCIDENT_MOVE_AT_MS 20000

static void demo_moves(kd_demo *d, int64_t start, int64_t now)
{
	int64_t t = now - start;
	if (d->scenario == DEMO_INCIDENT) {
		int64_t loop = t / DEMO_LOOP_MS;
		if (t % DEMO_LOOP_MS >= DEMO_INCIDENT_MOVE_AT_MS && loop >= d->next_move &&
		    demo_model_move_start(d->model, now)) {
			log_debug("demo: a partition reassignment starts");
			d->next_move = loop + 1;
		}
	} else if (t >= DEMO_FIRST_MOVE_MS + d->next_move * DEMO_MOVE_EVERY_MS &&
		   demo_model_move_start(d->model, now)) {
		log_debug("demo: a partition reassignment starts");
		d->next_move = (t - DEMO_FIRST_MOVE_MS) / DEMO_MOVE_EVERY_MS + 1;
	}
	/* the mock's leader follows the model's (the producer writes to it) */
	char topic[250];
	int32_t part, leader;
	if (demo_model_take_leader(d->model, topic, sizeof(topic), &part, &leader)) {
		pthread_mutex_lock(&d->mock_lock);
		rd_kafka_mock_partition_set_leader(d->mock, topic, part, leader);
		pthread_mutex_unlock(&d->mock_lock);
	}
}

/* The model's clock: followers, consumers and the quorum move every
 * 200 ms; the incident, when asked for, steps on its loop; the mover
 * moves. */
static void *demo_model_main(void *arg)
{
	kd_demo *d = arg;
	int64_t start = clock_mono_ms();
	while (!atomic_load(&d->stop)) {
		int64_t now = clock_mono_ms();
		if (d->scenario == DEMO_INCIDENT) {
			int64_t at = (now - start) % DEMO_LOOP_MS;
			int step = 0;
			while (step + 1 < DEMO_STEPS && demo_steps[step + 1].at_ms <= at)
				step++;
			if (step != d->phase) {
				d->phase = step;
				demo_step(d, step);
			}
		}
		demo_model_tick(d->model, now);
		demo_moves(d, start, now);
		nanosleep(&(struct timespec){.tv_nsec = 200 * 1000000}, NULL);
	}
	return NULL;
}

/* CreateTopics from kdeck: the mock's own API makes it. */
static int demo_create_topic(void *ctx, const char *name, int partitions, int rf)
{
	kd_demo *d = ctx;
	pthread_mutex_lock(&d->mock_lock);
	rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(d->mock, name, partitions, rf);
	pthread_mutex_unlock(&d->mock_lock);
	return e ? 37 /* INVALID_PARTITIONS: the mock says no */ : 0;
}

kd_demo *demo_start_scenario(int msgs_per_sec, demo_scenario scenario, char *err, size_t errlen)
{
	static const char *racks[] = {"zone-a", "zone-b", "zone-c"};
	char errstr[512];
	kd_demo *d = calloc(1, sizeof(*d));
	rd_kafka_conf_t *conf;

	if (!d)
		abort();
	d->rate = msgs_per_sec > 0 ? msgs_per_sec : 200;
	d->scenario = scenario;
	d->model = demo_model_new();
	pthread_mutex_init(&d->mock_lock, NULL);

	conf = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(conf, demo_log);
	d->owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!d->owner) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "demo: %s", errstr);
		demo_stop(d);
		return NULL;
	}
	d->mock = rd_kafka_mock_cluster_new(d->owner, DM_BROKERS);
	if (!d->mock) {
		snprintf(err, errlen, "demo: cannot create the mock cluster");
		demo_stop(d);
		return NULL;
	}
	for (int b = 1; b <= DM_BROKERS; b++)
		rd_kafka_mock_broker_set_rack(d->mock, b, racks[b - 1]);
	for (size_t t = 0; t < sizeof(demo_topics) / sizeof(demo_topics[0]); t++)
		rd_kafka_mock_topic_create(d->mock, demo_topics[t].name,
					   demo_topics[t].partitions, demo_topics[t].rf);

	/* every connection, the producer's too, goes through the proxies:
	 * the model learns the topics from the Metadata they pass on */
	d->answer.model = d->model;
	d->answer.create_topic = demo_create_topic;
	d->answer.create_ctx = d;
	d->proxy = demo_proxy_start(&d->answer, rd_kafka_mock_cluster_bootstraps(d->mock),
				    err, errlen);
	if (!d->proxy) {
		demo_stop(d);
		return NULL;
	}
	d->bootstrap = strdup(demo_proxy_bootstrap(d->proxy));
	if (pthread_create(&d->model_thread, NULL, demo_model_main, d)) {
		snprintf(err, errlen, "demo: cannot start the model thread");
		demo_stop(d);
		return NULL;
	}
	d->model_running = true;

	conf = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(conf, demo_log);
	rd_kafka_conf_set_dr_msg_cb(conf, demo_delivered);
	rd_kafka_conf_set_opaque(conf, d);
	if (rd_kafka_conf_set(conf, "bootstrap.servers", d->bootstrap, errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "linger.ms", "20", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "client.id", "kdeck-demo-producer", errstr, sizeof(errstr))) {
		snprintf(err, errlen, "demo: %s", errstr);
		rd_kafka_conf_destroy(conf);
		demo_stop(d);
		return NULL;
	}
	d->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!d->producer) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "demo: %s", errstr);
		demo_stop(d);
		return NULL;
	}
	if (pthread_create(&d->thread, NULL, demo_producer, d)) {
		snprintf(err, errlen, "demo: cannot start the producer thread");
		rd_kafka_destroy(d->producer);
		d->producer = NULL;
		demo_stop(d);
		return NULL;
	}
	/* Open on live data: wait (a little) for the first readings to
	 * land, so the first two polls already see a rate. */
	for (int i = 0; i < 100 && atomic_load(&d->delivered) < 10; i++)
		nanosleep(&(struct timespec){.tv_nsec = 50 * 1000000}, NULL);
	return d;
}

const char *demo_bootstrap(const kd_demo *d)
{
	return d->bootstrap;
}

void demo_stop(kd_demo *d)
{
	if (!d)
		return;
	atomic_store(&d->stop, true);
	if (d->producer) {
		pthread_join(d->thread, NULL);
		rd_kafka_destroy(d->producer);
	}
	if (d->model_running)
		pthread_join(d->model_thread, NULL);
	demo_proxy_stop(d->proxy);
	if (d->mock)
		rd_kafka_mock_cluster_destroy(d->mock);
	if (d->owner)
		rd_kafka_destroy(d->owner);
	demo_model_free(d->model);
	pthread_mutex_destroy(&d->mock_lock);
	free(d->bootstrap);
	free(d);
}
