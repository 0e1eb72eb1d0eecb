/* cmd_reassign.c: `kdeck reassign` (plan, execute, status, cancel,
 * throttle, finish) and `kdeck elect-leaders`.  Every change is a preview
 * unless --execute (the change pipeline, as `kdeck topics`). */
#include "config.h"

#include "cmd_reassign.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change_cli.h"
#include "front.h"
#include "json_text.h"
#include "ops_reassign.h"
#include "reassign_poll.h"
#include "security.h"
#include "termsafe.h"

static const char reassign_usage[] =
	"Usage: kdeck reassign plan WHAT [--output FILE] [--rollback FILE] [OPTIONS]\n"
	"       kdeck reassign execute WHAT [--throttle RATE] [--no-wait] [OPTIONS]\n"
	"       kdeck reassign status [--json]\n"
	"       kdeck reassign cancel [--topic T [--partition P]] [OPTIONS]\n"
	"       kdeck reassign throttle RATE [OPTIONS]\n"
	"       kdeck reassign finish [OPTIONS]\n"
	"\n"
	"WHAT is one of:\n"
	"  --drain BROKER [--topic T]     every replica off a broker (RF and racks kept),\n"
	"                                 or only those of one topic\n"
	"  --rebalance [--topic T]        replicas and preferred leaders even over brokers\n"
	"  --topic T --replication-factor N   a topic's RF, up or down\n"
	"  --move T:P=B1,B2,...           one partition's new replicas (repeatable;\n"
	"                                 the first is the preferred leader)\n"
	"  --plan FILE                    a plan in the JSON of kafka-reassign-partitions\n"
	"\n"
	"plan prints the preview and writes the Apache tool's JSON (--output) and the\n"
	"rollback (--rollback).  execute previews too, and changes the cluster only\n"
	"with --execute: it sets the throttle (leader and follower rates on the brokers\n"
	"involved, the throttled replicas on the topics), starts the moves, waits until\n"
	"they are done and removes the throttles it set (--no-wait: returns once they\n"
	"started; `kdeck reassign finish` removes the throttles later).  status shows\n"
	"the moving partitions with their progress and every throttle.  cancel sends\n"
	"the partitions back to their replicas.  throttle changes the rate while they\n"
	"move.  finish removes every replication throttle (anyone's) once none moves.\n"
	"RATE: bytes per second, as 1048576, 512kB or 10MB.\n"
	"\n"
	"  -b, --bootstrap HOST:PORT[,...]  brokers to bootstrap from (or KDECK_BOOTSTRAP)\n"
	"  -X KEY=VALUE                     connection property (repeatable)\n"
	"      --context NAME, --config FILE  a context of the config file\n"
	"      --timeout SECONDS            per-request timeout (default 10)\n"
	"      --read-only                  refuse every change (--execute fails)\n"
	"      --execute [--expect FP]      apply the change\n"
	"      --json                       print JSON instead of text\n"
	"\n"
	"Exit status: 0 ok; 1 cluster error, or the change was refused; 2 bad usage.\n";

static const char elect_usage[] =
	"Usage: kdeck elect-leaders [--topic T [--partition P]] [OPTIONS]\n"
	"       kdeck elect-leaders --unclean --accept-data-loss --topic T ... [OPTIONS]\n"
	"\n"
	"Preferred leader election: every partition (or those of a topic) led by\n"
	"another than its preferred replica (the first), where that one is in sync,\n"
	"gets it back as leader.  --unclean elects a replica that is not in sync for\n"
	"partitions without a leader: messages it lacks are lost, so it also needs\n"
	"--accept-data-loss.  A preview unless --execute; options as kdeck reassign.\n";

enum { OPT_DRAIN = 256, OPT_REBALANCE, OPT_TOPIC, OPT_RF, OPT_MOVE, OPT_PLAN, OPT_OUTPUT,
       OPT_ROLLBACK, OPT_THROTTLE, OPT_NO_WAIT, OPT_PARTITION, OPT_EXECUTE, OPT_EXPECT,
       OPT_UNCLEAN, OPT_ACCEPT };

typedef struct cmd {
	const char *prog, *verb, *usage;
	kd_options o;
	kd_config *cfg;
	kd_secrets secrets;
	int whats;                      /* how many WHATs were given */
	long drain, rf, partition;
	bool rebalance, no_wait, execute, unclean, accept;
	const char *topic, *plan_file, *output, *rollback, *throttle, *expect;
	rp_plan moves;
	int cap_moves;
} cmd;

static int usage_error(const cmd *c, const char *msg)
{
	fprintf(stderr, "%s: %s (see %s --help)\n", c->prog, term_str(msg), c->prog);
	return KD_EXIT_USAGE;
}

static int parse_long(const char *arg, long *v, const char *what, char *err, size_t errlen)
{
	char *end;
	errno = 0;
	*v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || *v < 0 || *v > INT32_MAX) {
		snprintf(err, errlen, "%s %s: expected a whole number", what, arg);
		return -1;
	}
	return 0;
}

/* T:P=B1,B2,... */
static int parse_move(cmd *c, const char *arg, char *err, size_t errlen)
{
	const char *colon = strrchr(arg, ':'), *eq = strchr(arg, '=');
	if (!colon || !eq || colon > eq || colon == arg) {
		snprintf(err, errlen, "--move %s: expected TOPIC:PARTITION=BROKER,BROKER,...", arg);
		return -1;
	}
	if (c->moves.n_moves == c->cap_moves) {
		c->cap_moves = c->cap_moves ? 2 * c->cap_moves : 8;
		c->moves.moves = realloc(c->moves.moves, (size_t)c->cap_moves * sizeof(rp_move));
		if (!c->moves.moves)
			abort();
	}
	rp_move *m = &c->moves.moves[c->moves.n_moves];
	memset(m, 0, sizeof(*m));
	char part[32];
	long p;
	snprintf(part, sizeof(part), "%.*s", (int)(eq - colon - 1), colon + 1);
	if (parse_long(part, &p, "--move: partition", err, errlen))
		return -1;
	m->partition = (int32_t)p;
	const char *at = eq + 1;
	while (*at) {
		char *end;
		errno = 0;
		long b = strtol(at, &end, 10);
		if (end == at || errno || b < 0 || b > INT32_MAX || (*end && *end != ',')) {
			snprintf(err, errlen, "--move %s: broker ids are whole numbers split by ','",
				 arg);
			return -1;
		}
		if (m->n_new == RP_MAX_RF) {
			snprintf(err, errlen, "--move %s: at most %d replicas", arg, RP_MAX_RF);
			return -1;
		}
		m->new_replicas[m->n_new++] = (int32_t)b;
		at = *end ? end + 1 : end;
	}
	m->topic = strndup(arg, (size_t)(colon - arg));
	if (!m->topic)
		abort();
	c->moves.n_moves++;
	return 0;
}

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	cmd *c = ctx;
	switch (id) {
	case OPT_DRAIN: c->whats++; return parse_long(arg, &c->drain, "--drain", err, errlen);
	case OPT_REBALANCE: c->whats++; c->rebalance = true; return 0;
	case OPT_TOPIC: c->topic = arg; return 0;
	case OPT_RF: return parse_long(arg, &c->rf, "--replication-factor", err, errlen);
	case OPT_PARTITION: return parse_long(arg, &c->partition, "--partition", err, errlen);
	case OPT_MOVE:
		if (!c->moves.n_moves)
			c->whats++;
		return parse_move(c, arg, err, errlen);
	case OPT_PLAN: c->whats++; c->plan_file = arg; return 0;
	case OPT_OUTPUT: c->output = arg; return 0;
	case OPT_ROLLBACK: c->rollback = arg; return 0;
	case OPT_THROTTLE: c->throttle = arg; return 0;
	case OPT_NO_WAIT: c->no_wait = true; return 0;
	case OPT_EXECUTE: c->execute = true; return 0;
	case OPT_EXPECT: c->expect = arg; return 0;
	case OPT_UNCLEAN: c->unclean = true; return 0;
	case OPT_ACCEPT: c->accept = true; return 0;
	case 'h':
		fputs(c->usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	for (;;) {
		if (n + 1 >= cap) {
			if (cap >= 64u << 20) {
				snprintf(err, errlen, "%s: larger than 64 MB, not a plan", path);
				free(buf);
				buf = NULL;
				break;
			}
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		if (!got)
			break;
		n += got;
	}
	if (buf)
		buf[n] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

static int write_file(const char *path, const char *text, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0 || (f != stdout && fclose(f))) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* After the plan: the Apache tool's files. */
static int planned(const kd_change *ch, void *ctx, char *err, size_t errlen)
{
	const cmd *c = ctx;
	const rp_plan *p = reassign_change_plan(ch);
	if (!p)
		return 0;
	for (int k = 0; k < 2; k++) {
		const char *path = k ? c->rollback : c->output;
		if (!path)
			continue;
		char *text = rp_plan_to_json(p, k == 1);
		int rc = write_file(path, text, err, errlen);
		free(text);
		if (rc)
			return -1;
	}
	return 0;
}

static void plan_json(json_t *j, const kd_change *ch, void *ctx)
{
	(void)ctx;
	const rp_plan *p = reassign_change_plan(ch);
	if (!p)
		return;
	for (int k = 0; k < 2; k++) {
		char *text = rp_plan_to_json(p, k == 1);
		json_t *v = text ? json_loads(text, 0, NULL) : NULL;
		json_object_set_new(j, k ? "rollback" : "plan", v ? v : json_null());
		free(text);
	}
}

static json_t *ids_json(const int32_t *ids, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* `kdeck reassign status`: one read of the cluster. */
static int run_status(cmd *c)
{
	char err[768];
	wire_pool *pool = wire_pool_new(c->o.bootstrap, &c->o, err, sizeof(err));
	if (!pool)
		return usage_error(c, err);
	kd_snapshot *s = reassign_read_cluster(pool, true, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s: %s\n", c->prog, term_str(err));
		wire_pool_free(pool);
		return KD_EXIT_CLUSTER;
	}
	if (c->o.json) {
		json_t *j = json_object(), *moving = json_array(), *brokers = json_array(),
			*topics = json_array();
		for (int i = 0; i < s->n_reassignments; i++) {
			const kd_reassignment *r = &s->reassignments[i];
			json_array_append_new(moving, json_pack(
				"{s:o, s:i, s:o, s:o, s:o, s:o, s:o}", "topic", json_text(r->topic),
				"partition", (json_int_t)r->partition,
				"replicas", ids_json(r->replicas, r->n_replicas),
				"adding", ids_json(r->adding, r->n_adding),
				"removing", ids_json(r->removing, r->n_removing),
				"bytes_copied", r->bytes_copied >= 0 ? json_integer(r->bytes_copied)
								    : json_null(),
				"bytes_total", r->bytes_total >= 0 ? json_integer(r->bytes_total)
								  : json_null()));
		}
		for (int i = 0; i < s->n_brokers; i++) {
			const kd_broker *b = &s->brokers[i];
			if (b->leader_throttle < 0 && b->follower_throttle < 0)
				continue;
			json_array_append_new(brokers, json_pack(
				"{s:i, s:o, s:o}", "id", (json_int_t)b->id,
				"leader_rate", b->leader_throttle >= 0 ? json_integer(b->leader_throttle)
								     : json_null(),
				"follower_rate", b->follower_throttle >= 0
					? json_integer(b->follower_throttle) : json_null()));
		}
		for (int i = 0; i < s->n_topics; i++) {
			const kd_topic *t = &s->topics[i];
			if (!t->leader_throttled && !t->follower_throttled)
				continue;
			json_array_append_new(topics, json_pack(
				"{s:o, s:o, s:o}", "name", json_text(t->name),
				"leader_replicas", t->leader_throttled ? json_text(t->leader_throttled)
								       : json_null(),
				"follower_replicas", t->follower_throttled
					? json_text(t->follower_throttled) : json_null()));
		}
		json_t *skew = json_array();
		for (int i = 0; i < s->n_brokers; i++)
			json_array_append_new(skew, json_pack(
				"{s:i, s:i, s:i}", "id", (json_int_t)s->brokers[i].id,
				"leaders", s->brokers[i].leaders,
				"preferred", s->brokers[i].preferred_leaders));
		json_object_set_new(j, "reassignments", moving);
		json_object_set_new(j, "throttles", json_pack("{s:o, s:o}", "brokers", brokers,
							      "topics", topics));
		json_object_set_new(j, "leader_skew", json_integer(s->leader_skew));
		json_object_set_new(j, "leaders", skew);
		char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
		puts(text ? text : "{}");
		free(text);
		json_decref(j);
	} else {
		if (!s->n_reassignments)
			printf("no partition is being reassigned\n");
		else
			printf("%-40s %-14s %-10s %-10s %s\n", "PARTITION", "REPLICAS", "ADDING",
			       "REMOVING", "COPIED");
		for (int i = 0; i < s->n_reassignments; i++) {
			const kd_reassignment *r = &s->reassignments[i];
			char part[300], reps[128], add[128], rem[128], got[32], all[32];
			snprintf(part, sizeof(part), "%s-%" PRId32, term_str(r->topic), r->partition);
			rp_ids_text(reps, sizeof(reps), r->replicas, r->n_replicas, true);
			rp_ids_text(add, sizeof(add), r->adding, r->n_adding, true);
			rp_ids_text(rem, sizeof(rem), r->removing, r->n_removing, true);
			reassign_bytes_text(r->bytes_copied, got, sizeof(got));
			reassign_bytes_text(r->bytes_total, all, sizeof(all));
			if (r->bytes_total > 0)
				printf("%-40s %-14s %-10s %-10s %s of %s (%.0f%%)\n", part, reps, add, rem,
				       got, all, 100.0 * (double)r->bytes_copied / (double)r->bytes_total);
			else
				printf("%-40s %-14s %-10s %-10s %s\n", part, reps, add, rem, "?");
		}
		for (int i = 0; i < s->n_brokers; i++) {
			const kd_broker *b = &s->brokers[i];
			char l[32], f[32];
			if (b->leader_throttle < 0 && b->follower_throttle < 0)
				continue;
			reassign_bytes_text(b->leader_throttle, l, sizeof(l));
			reassign_bytes_text(b->follower_throttle, f, sizeof(f));
			printf("throttle: broker %" PRId32 ": leader %s/s, follower %s/s\n", b->id,
			       b->leader_throttle >= 0 ? l : "none",
			       b->follower_throttle >= 0 ? f : "none");
		}
		for (int i = 0; i < s->n_topics; i++) {
			const kd_topic *t = &s->topics[i];
			if (!t->leader_throttled && !t->follower_throttled)
				continue;
			printf("throttle: topic %s: leader replicas %s, follower replicas %s\n",
			       term_str(t->name),
			       t->leader_throttled ? term_str(t->leader_throttled) : "none",
			       t->follower_throttled ? term_str(t->follower_throttled) : "none");
		}
		if (!s->n_reassignments && s->throttles)
			printf("throttles are left behind: `kdeck reassign finish --execute` removes "
			       "them\n");
		printf("leader skew: %d partition%s led by another than the preferred replica\n",
		       s->leader_skew, s->leader_skew == 1 ? "" : "s");
	}
	snapshot_free(s);
	wire_pool_free(pool);
	return KD_EXIT_OK;
}

static int run(cmd *c, int argc, char **argv, const struct option *longopts)
{
	kd_front f = { c->prog, longopts, "h", own_option, c };
	char err[768];
	int next;
	int rc = front_parse(&f, &c->o, argc, argv, &next, err, sizeof(err));
	if (rc == -1)
		return KD_EXIT_OK;
	if (rc)
		return usage_error(c, err);
	const char *arg = next < argc ? argv[next++] : NULL;
	if (next < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[next]);
		return usage_error(c, err);
	}
	bool elect = !c->verb;
	bool is_plan = c->verb && !strcmp(c->verb, "plan");
	bool is_exec = c->verb && !strcmp(c->verb, "execute");
	bool is_throttle = c->verb && !strcmp(c->verb, "throttle");
	if (elect && (c->whats || c->throttle || c->rf >= 0))
		return usage_error(c, "elect-leaders takes --topic, --partition and --unclean");
	if (arg && !is_throttle)
		return usage_error(c, "unexpected argument");
	if (is_throttle && !arg)
		return usage_error(c, "throttle needs the RATE");
	if (is_plan && c->execute)
		return usage_error(c, "plan only previews: use `kdeck reassign execute` to apply");
	if ((is_plan || is_exec) && c->whats != 1 && !(c->whats == 0 && c->topic && c->rf >= 0))
		return usage_error(c, "say what to move: one of --drain, --rebalance, --topic with "
				   "--replication-factor, --move or --plan");
	if ((c->output || c->rollback) && !is_plan && !is_exec)
		return usage_error(c, "--output and --rollback go with plan");
	if ((rc = front_setup(&f, &c->o, &c->cfg, &c->secrets, err, sizeof(err)))) {
		secrets_redact(&c->secrets, err, sizeof(err));
		return usage_error(c, err);
	}
	security_protect_process(&c->o);
	change_cli cli = { c->prog, elect ? "elect-leaders" : c->verb, c->execute, c->o.json,
			   c->expect, plan_json, c, planned };
	if (elect) {
		if (c->partition >= 0 && !c->topic)
			return usage_error(c, "--partition goes with --topic");
		elect_spec sp = { c->unclean, c->unclean && c->accept, c->topic,
				  (int32_t)c->partition };
		return change_cli_run(&cli, &c->o, &change_elect_leaders, &sp);
	}
	if (!strcmp(c->verb, "status"))
		return run_status(c);
	if (!strcmp(c->verb, "cancel")) {
		if (c->partition >= 0 && !c->topic)
			return usage_error(c, "--partition goes with --topic");
		reassign_cancel_spec sp = { c->topic, (int32_t)c->partition };
		return change_cli_run(&cli, &c->o, &change_reassign_cancel, &sp);
	}
	if (is_throttle || !strcmp(c->verb, "finish")) {
		throttle_spec sp = { 0 };
		if (is_throttle && reassign_parse_rate(arg, &sp.rate, err, sizeof(err)))
			return usage_error(c, err);
		return change_cli_run(&cli, &c->o, &change_throttle, &sp);
	}
	reassign_spec sp = { REASSIGN_MOVES, NULL, -1, c->topic, 0, 0, !c->no_wait };
	if (c->throttle && reassign_parse_rate(c->throttle, &sp.throttle, err, sizeof(err)))
		return usage_error(c, err);
	if (c->drain >= 0) {
		sp.how = REASSIGN_DRAIN;
		sp.broker = (int32_t)c->drain;
	} else if (c->rebalance) {
		sp.how = REASSIGN_REBALANCE;
	} else if (c->rf >= 0) {
		if (!c->topic)
			return usage_error(c, "--replication-factor goes with --topic");
		sp.how = REASSIGN_SET_RF;
		sp.rf = (int)c->rf;
	} else if (c->plan_file) {
		char *text = read_file(c->plan_file, err, sizeof(err));
		if (!text || rp_plan_from_json(text, &c->moves, err, sizeof(err))) {
			free(text);
			fprintf(stderr, "%s: %s: %s\n", c->prog, term_str(c->plan_file), term_str(err));
			return KD_EXIT_USAGE;
		}
		free(text);
		sp.moves = &c->moves;
	} else {
		sp.moves = &c->moves;
	}
	return change_cli_run(&cli, &c->o, &change_reassign, &sp);
}

static void cmd_free(cmd *c)
{
	rp_plan_free(&c->moves);
	options_free(&c->o);
	config_free(c->cfg);
	secrets_free(&c->secrets);
}

static const struct option reassign_longopts[] = {
	{"drain", required_argument, NULL, OPT_DRAIN},
	{"rebalance", no_argument, NULL, OPT_REBALANCE},
	{"topic", required_argument, NULL, OPT_TOPIC},
	{"replication-factor", required_argument, NULL, OPT_RF},
	{"partition", required_argument, NULL, OPT_PARTITION},
	{"move", required_argument, NULL, OPT_MOVE},
	{"plan", required_argument, NULL, OPT_PLAN},
	{"output", required_argument, NULL, OPT_OUTPUT},
	{"rollback", required_argument, NULL, OPT_ROLLBACK},
	{"throttle", required_argument, NULL, OPT_THROTTLE},
	{"no-wait", no_argument, NULL, OPT_NO_WAIT},
	{"execute", no_argument, NULL, OPT_EXECUTE},
	{"expect", required_argument, NULL, OPT_EXPECT},
	{"unclean", no_argument, NULL, OPT_UNCLEAN},
	{"accept-data-loss", no_argument, NULL, OPT_ACCEPT},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_reassign_main(int argc, char **argv)
{
	cmd c;
	memset(&c, 0, sizeof(c));
	c.prog = "kdeck reassign";
	c.usage = reassign_usage;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(reassign_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? KD_EXIT_USAGE : KD_EXIT_OK;
	}
	static const char *const verbs[] = { "plan", "execute", "status", "cancel", "throttle",
					     "finish" };
	for (size_t i = 0; i < sizeof(verbs) / sizeof(*verbs); i++)
		if (!strcmp(argv[1], verbs[i]))
			c.verb = verbs[i];
	if (!c.verb)
		return usage_error(&c, "unknown command: plan, execute, status, cancel, throttle "
				   "or finish");
	c.drain = c.rf = c.partition = -1;
	c.o.timeout_ms = 10000;
	int rc = run(&c, argc - 1, argv + 1, reassign_longopts);
	cmd_free(&c);
	return rc;
}

int cmd_elect_main(int argc, char **argv)
{
	cmd c;
	memset(&c, 0, sizeof(c));
	c.prog = "kdeck elect-leaders";
	c.usage = elect_usage;
	c.drain = c.rf = c.partition = -1;
	c.o.timeout_ms = 10000;
	int rc = run(&c, argc, argv, reassign_longopts);
	cmd_free(&c);
	return rc;
}
