/*
 * groups_client: a consumer and a producer whose pace the consumer-group
 * tests control, built on librdkafka.
 *
 *   groups_client consume -b HOST:PORT -g GROUP -t TOPIC [-t TOPIC...]
 *                 [-r MSGS_PER_SEC] [-c COMMIT_MS] [-i CLIENT_ID]
 *                 [-s STATE_FILE] [-X key=value]...
 *   groups_client produce -b HOST:PORT -t TOPIC [-r MSGS_PER_SEC]
 *                 [-n COUNT] [-P PARTITIONS] [-X key=value]...
 *
 * consume joins GROUP (subscribe, the classic group protocol), reads at
 * most -r messages per second (0: as fast as they come) and commits its
 * position every -c ms (default 500).  Signals:
 *   SIGUSR1  stop committing (keep reading: the offsets freeze while the
 *            consumer still looks alive to the group)
 *   SIGUSR2  commit again
 *   SIGTERM, SIGINT  commit, leave the group and exit 0
 * After every rebalance and every commit it rewrites STATE_FILE with its
 * member id and assignment ("member ID", "assigned TOPIC PARTITION" lines,
 * "committed TOPIC PARTITION OFFSET" lines), so that a test can compare
 * what kdeck shows with what the consumer itself sees.
 *
 * produce writes "m-N" values at -r messages per second until -n messages
 * (0: until SIGTERM); with -P, to partitions 0..P-1 in turn (else where
 * librdkafka's partitioner puts them).
 *
 * librdkafka 2.0.2's balanced consumer joins groups on Kafka 3.9.1 and
 * 4.1.1 alike (its JoinGroup versions are still offered by 4.x).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

static volatile sig_atomic_t stop_flag, paused_commits;

static void on_term(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void on_usr(int sig)
{
	paused_commits = sig == SIGUSR1;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR && !stop_flag)
		;
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "groups_client: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

typedef struct opts {
	const char *mode, *brokers, *group, *client_id, *state_file;
	const char *topics[16];
	int n_topics;
	double rate;
	int commit_ms;
	long count;
	int partitions;
	rd_kafka_conf_t *conf;
} opts;

static void set_conf(rd_kafka_conf_t *conf, const char *k, const char *v)
{
	char err[256];
	if (rd_kafka_conf_set(conf, k, v, err, sizeof(err)) != RD_KAFKA_CONF_OK)
		die("%s", err);
}

static void parse(opts *o, int argc, char **argv)
{
	int c;
	if (argc < 2)
		die("%s", "usage: groups_client consume|produce -b HOST:PORT ...");
	o->mode = argv[1];
	o->commit_ms = 500;
	o->conf = rd_kafka_conf_new();
	optind = 2;
	while ((c = getopt(argc, argv, "b:g:t:r:c:i:s:n:P:X:")) != -1) {
		switch (c) {
		case 'b': o->brokers = optarg; break;
		case 'g': o->group = optarg; break;
		case 't':
			if (o->n_topics == 16)
				die("%s", "too many topics");
			o->topics[o->n_topics++] = optarg;
			break;
		case 'r': o->rate = atof(optarg); break;
		case 'c': o->commit_ms = atoi(optarg); break;
		case 'i': o->client_id = optarg; break;
		case 's': o->state_file = optarg; break;
		case 'n': o->count = atol(optarg); break;
		case 'P': o->partitions = atoi(optarg); break;
		case 'X': {
			char *eq = strchr(optarg, '=');
			if (!eq)
				die("-X %s: expected key=value", optarg);
			*eq = '\0';
			set_conf(o->conf, optarg, eq + 1);
			break;
		}
		default:
			die("%s", "bad option");
		}
	}
	if (!o->brokers || !o->n_topics)
		die("%s", "-b and -t are required");
	set_conf(o->conf, "bootstrap.servers", o->brokers);
	if (o->client_id)
		set_conf(o->conf, "client.id", o->client_id);
}

/* ---- consume -------------------------------------------------------- */

static void write_state(rd_kafka_t *rk, const char *path)
{
	rd_kafka_topic_partition_list_t *as = NULL, *pos;
	char tmp[4096];
	FILE *f;
	if (!path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	char *member = rd_kafka_memberid(rk);
	fprintf(f, "member %s\n", member ? member : "");
	if (member)
		rd_kafka_mem_free(rk, member);
	if (!rd_kafka_assignment(rk, &as) && as) {
		for (int i = 0; i < as->cnt; i++)
			fprintf(f, "assigned %s %d\n", as->elems[i].topic,
				(int)as->elems[i].partition);
		pos = rd_kafka_topic_partition_list_copy(as);
		if (!rd_kafka_committed(rk, pos, 5000))
			for (int i = 0; i < pos->cnt; i++)
				fprintf(f, "committed %s %d %lld\n", pos->elems[i].topic,
					(int)pos->elems[i].partition,
					(long long)pos->elems[i].offset);
		rd_kafka_topic_partition_list_destroy(pos);
		rd_kafka_topic_partition_list_destroy(as);
	}
	fclose(f);
	rename(tmp, path);
}

static int state_dirty;

static void rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
		      rd_kafka_topic_partition_list_t *parts, void *opaque)
{
	(void)opaque;
	if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
		rd_kafka_assign(rk, parts);
	else
		rd_kafka_assign(rk, NULL);
	state_dirty = 1;
}

static int consume(opts *o)
{
	char err[512];
	if (!o->group)
		die("%s", "consume needs -g GROUP");
	set_conf(o->conf, "group.id", o->group);
	set_conf(o->conf, "enable.auto.commit", "false");
	set_conf(o->conf, "auto.offset.reset", "earliest");
	rd_kafka_conf_set_rebalance_cb(o->conf, rebalance);
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, o->conf, err, sizeof(err));
	if (!rk)
		die("%s", err);
	rd_kafka_poll_set_consumer(rk);
	rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(o->n_topics);
	for (int i = 0; i < o->n_topics; i++)
		rd_kafka_topic_partition_list_add(sub, o->topics[i], RD_KAFKA_PARTITION_UA);
	if (rd_kafka_subscribe(rk, sub))
		die("%s", "subscribe failed");
	rd_kafka_topic_partition_list_destroy(sub);

	int64_t next_commit = now_ms() + o->commit_ms, next_msg = now_ms();
	long consumed = 0;
	while (!stop_flag) {
		if (o->rate > 0) {
			sleep_ms(next_msg - now_ms());
			if (stop_flag)
				break;
		}
		rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
		if (m) {
			if (!m->err) {
				consumed++;
				if (o->rate > 0)
					next_msg += (int64_t)(1000.0 / o->rate);
			}
			rd_kafka_message_destroy(m);
		}
		if (o->rate > 0 && next_msg < now_ms() - 1000)
			next_msg = now_ms() - 1000;   /* no burst after an idle spell */
		if (now_ms() >= next_commit) {
			if (!paused_commits) {
				rd_kafka_resp_err_t e = rd_kafka_commit(rk, NULL, 0);
				if (e && e != RD_KAFKA_RESP_ERR__NO_OFFSET)
					fprintf(stderr, "groups_client: commit: %s\n",
						rd_kafka_err2str(e));
				state_dirty = 1;
			}
			next_commit = now_ms() + o->commit_ms;
		}
		if (state_dirty) {
			state_dirty = 0;
			write_state(rk, o->state_file);
		}
	}
	if (!paused_commits)
		rd_kafka_commit(rk, NULL, 0);
	rd_kafka_consumer_close(rk);
	rd_kafka_destroy(rk);
	fprintf(stderr, "groups_client: consumed %ld messages\n", consumed);
	return 0;
}

/* ---- produce -------------------------------------------------------- */

static int produce(opts *o)
{
	char err[512], val[64];
	set_conf(o->conf, "linger.ms", "5");
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, o->conf, err, sizeof(err));
	if (!rk)
		die("%s", err);
	long n = 0;
	int64_t next = now_ms();
	while (!stop_flag && (o->count <= 0 || n < o->count)) {
		if (o->rate > 0) {
			sleep_ms(next - now_ms());
			next += (int64_t)(1000.0 / o->rate);
			if (stop_flag)
				break;
		}
		int len = snprintf(val, sizeof(val), "m-%ld", n + 1);
		for (int i = 0; i < o->n_topics; i++) {
			int32_t part = o->partitions > 0 ? (int32_t)(n % o->partitions)
							  : RD_KAFKA_PARTITION_UA;
			while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(o->topics[i]),
						 RD_KAFKA_V_PARTITION(part),
						 RD_KAFKA_V_VALUE(val, (size_t)len),
						 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
						 RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
				rd_kafka_poll(rk, 100);
		}
		n++;
		rd_kafka_poll(rk, 0);
	}
	rd_kafka_flush(rk, 30000);
	rd_kafka_destroy(rk);
	fprintf(stderr, "groups_client: produced %ld messages\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	opts o;
	memset(&o, 0, sizeof(o));
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_usr;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	parse(&o, argc, argv);
	if (!strcmp(o.mode, "consume"))
		return consume(&o);
	if (!strcmp(o.mode, "produce"))
		return produce(&o);
	die("unknown mode %s (consume or produce)", o.mode);
	return 2;
}
