/* cmd_groups.c: `kdeck groups`, the scriptable side of the Groups pane:
 * list groups with their lag and status, and reset or delete a group
 * (a preview by default, --execute to apply, through the gate). */
#include "config.h"

#include "cmd_groups.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "change_cli.h"
#include "clock.h"
#include "front.h"
#include "cluster_poll.h"
#include "groups_admin.h"
#include "groups_json.h"
#include "groups_poll.h"
#include "json_text.h"
#include "options.h"
#include "security.h"
#include "termsafe.h"
#include "wire_pool.h"

static const char groups_usage[] =
	"Usage: kdeck groups list   -b HOST:PORT [--group G] [--polls N] [-i SECONDS]\n"
	"                           [--lag KEY=VALUE]... [--json]\n"
	"       kdeck groups reset  -b HOST:PORT --group G (--topic T [--partition P] |\n"
	"                           --all-topics) (--to-earliest | --to-latest |\n"
	"                           --to-offset N | --to-datetime TIME | --shift-by N)\n"
	"                           [--execute [--expect FINGERPRINT]] [--json]\n"
	"       kdeck groups delete -b HOST:PORT --group G [--execute [--expect FP]] [--json]\n"
	"\n"
	"list polls the cluster N times (default 1), one interval apart, and prints\n"
	"every consumer group with its state, members, lag, status and time to catch\n"
	"up (the lag rules need several polls: see doc/groups.md); with --group, the\n"
	"group's partitions and members.\n"
	"\n"
	"reset and delete print what they would do (old -> new offsets) and change\n"
	"nothing unless --execute is given.  Both need the group to be Empty (no\n"
	"consumer running).  TIME is an ISO-8601 time (2026-11-25T01:30:00Z), ms since\n"
	"the epoch, or an age (2h).  Offsets are clamped to the log.  A preview ends\n"
	"with its fingerprint: --execute --expect FINGERPRINT applies the change only\n"
	"if it is still exactly that preview (the offsets did not move meanwhile).\n"
	"\n"
	"  -b, --bootstrap HOST:PORT[,...]  brokers to bootstrap from (or KDECK_BOOTSTRAP)\n"
	"  -X KEY=VALUE                     connection property (repeatable)\n"
	"      --context NAME               a context of the config file (its brokers,\n"
	"                                   properties, secrets and read-only)\n"
	"      --config FILE                the config file (default ~/.config/kdeck/config)\n"
	"      --timeout SECONDS            per-request timeout (default 10)\n"
	"      --read-only                  refuse every change (--execute fails)\n"
	"      --json                       print JSON instead of text\n"
	"\n"
	"Exit status: 0 ok; 1 cluster error, or the change was refused; 2 bad usage.\n";

enum {
	OPT_GROUP = 256, OPT_TOPIC, OPT_PARTITION, OPT_ALL_TOPICS, OPT_EARLIEST, OPT_LATEST,
	OPT_OFFSET, OPT_DATETIME, OPT_SHIFT, OPT_EXECUTE, OPT_POLLS, OPT_LAG, OPT_EXPECT,
};

typedef struct cmd {
	const char *verb;
	kd_options o;
	const char *group, *topic;
	int32_t partition;
	bool all_topics, execute, json;
	const char *expect;      /* --expect FINGERPRINT: apply only that preview */
	kd_config *cfg;          /* the config file (front_setup) */
	kd_secrets secrets;
	const char *how, *how_value;
	int n_how;
	int polls;
} cmd;

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "kdeck groups: ");
	fprintf(stderr, fmt, term_str(arg));
	fprintf(stderr, " (see kdeck groups --help)\n");
	return KD_EXIT_USAGE;
}

/* The groups subcommand's own options (front.c takes the shared ones). */
static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	cmd *c = ctx;
	char *end;
	switch (id) {
	case 'i': {
		double s = strtod(arg, &end);
		if (*end || s < 0.05 || s > 3600) {
			snprintf(err, errlen, "-i %s: expected seconds between 0.05 and 3600", arg);
			return -1;
		}
		c->o.interval_ms = (int)(s * 1000 + 0.5);
		c->o.given |= KD_GIVEN_INTERVAL;
		return 0;
	}
	case OPT_LAG: {
		char kv[512];
		if (!strchr(arg, '=')) {
			snprintf(err, errlen, "--lag %s: expected KEY=VALUE", arg);
			return -1;
		}
		snprintf(kv, sizeof(kv), "kdeck.%s%s", strncmp(arg, "lag.", 4) ? "lag." : "", arg);
		return options_add_prop(&c->o, kv, err, errlen) ? -1 : 0;
	}
	case OPT_GROUP: c->group = arg; return 0;
	case OPT_TOPIC: c->topic = arg; return 0;
	case OPT_PARTITION: {
		long p = strtol(arg, &end, 10);
		if (*end || !*arg || p < 0 || p > INT32_MAX) {
			snprintf(err, errlen, "--partition %s: expected a partition number", arg);
			return -1;
		}
		c->partition = (int32_t)p;
		return 0;
	}
	case OPT_ALL_TOPICS: c->all_topics = true; return 0;
	case OPT_EARLIEST: c->how = "earliest"; c->n_how++; return 0;
	case OPT_LATEST: c->how = "latest"; c->n_how++; return 0;
	case OPT_OFFSET: c->how = "offset"; c->how_value = arg; c->n_how++; return 0;
	case OPT_DATETIME: c->how = "datetime"; c->how_value = arg; c->n_how++; return 0;
	case OPT_SHIFT: c->how = "shift"; c->how_value = arg; c->n_how++; return 0;
	case OPT_EXECUTE: c->execute = true; return 0;
	case OPT_EXPECT: c->expect = arg; return 0;
	case OPT_POLLS: {
		long n = strtol(arg, &end, 10);
		if (*end || n < 1 || n > 10000) {
			snprintf(err, errlen, "--polls %s: expected 1 to 10000", arg);
			return -1;
		}
		c->polls = (int)n;
		return 0;
	}
	case 'h':
		fputs(groups_usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

static int parse_args(cmd *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"interval", required_argument, NULL, 'i'},
		{"group", required_argument, NULL, OPT_GROUP},
		{"topic", required_argument, NULL, OPT_TOPIC},
		{"partition", required_argument, NULL, OPT_PARTITION},
		{"all-topics", no_argument, NULL, OPT_ALL_TOPICS},
		{"to-earliest", no_argument, NULL, OPT_EARLIEST},
		{"to-latest", no_argument, NULL, OPT_LATEST},
		{"to-offset", required_argument, NULL, OPT_OFFSET},
		{"to-datetime", required_argument, NULL, OPT_DATETIME},
		{"shift-by", required_argument, NULL, OPT_SHIFT},
		{"execute", no_argument, NULL, OPT_EXECUTE},
		{"expect", required_argument, NULL, OPT_EXPECT},
		{"polls", required_argument, NULL, OPT_POLLS},
		{"lag", required_argument, NULL, OPT_LAG},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kd_front f = { "kdeck groups", longopts, "i:h", own_option, c };
	char err[768];
	int next, rc;

	c->partition = -1;
	c->polls = 1;
	c->o.interval_ms = 2000;        /* unless the command line or the context says */
	c->o.timeout_ms = 10000;
	rc = front_parse(&f, &c->o, argc, argv, &next, err, sizeof(err));
	if (rc == -1)
		return -1;
	if (rc)
		return usage_error("%s", err);
	if (next < argc)
		return usage_error("unexpected argument '%s'", argv[next]);
	c->json = c->o.json;
	rc = front_setup(&f, &c->o, &c->cfg, &c->secrets, err, sizeof(err));
	if (rc) {
		secrets_redact(&c->secrets, err, sizeof(err));
		return usage_error("%s", err);
	}
	if (!strcmp(c->verb, "list")) {
		if (c->topic || c->n_how || c->execute || c->partition >= 0 || c->all_topics)
			return usage_error("%s", "list takes no --topic, --to-*, --shift-by or --execute");
		return 0;
	}
	if (!c->group)
		return usage_error("%s needs --group", c->verb);
	if (!strcmp(c->verb, "delete")) {
		if (c->topic || c->n_how || c->partition >= 0 || c->all_topics)
			return usage_error("%s", "delete takes only --group (and --execute)");
		return 0;
	}
	if (c->n_how != 1)
		return usage_error("%s", "reset needs exactly one of --to-earliest, --to-latest, "
				   "--to-offset, --to-datetime, --shift-by");
	if (!c->topic && !c->all_topics)
		return usage_error("%s", "reset needs --topic T (or --all-topics)");
	if (c->topic && c->all_topics)
		return usage_error("%s", "--topic and --all-topics exclude each other");
	if (c->partition >= 0 && !c->topic)
		return usage_error("%s", "--partition needs --topic");
	return 0;
}

/* ---- list ---------------------------------------------------------------- */

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void print_group_text(const kd_group *g)
{
	char buf[32];
	printf("group %s: %s (%s), %s%s%s, coordinator %d, %d member%s, status %s, lag %" PRId64
	       ", catch up %s\n", term_str(g->id), groups_state_name(g->st),
	       *g->state ? term_str(g->state) : "?",
	       *g->protocol_type ? term_str(g->protocol_type) : "no protocol",
	       *g->protocol ? " " : "", term_str(g->protocol), (int)g->coordinator, g->n_members,
	       g->n_members == 1 ? "" : "s", lag_status_name(g->eval.status), g->eval.lag,
	       groups_eta_text(g->eval.eta_s, buf, sizeof(buf)));
	if (g->error)
		printf("  error: %s\n", term_str(g->error));
	for (int i = 0; i < g->n_members; i++) {
		const kd_group_member *m = &g->members[i];
		printf("  member %s client %s host %s:", term_str(m->member_id),
		       term_str(m->client_id), term_str(m->host));
		for (int t = 0; t < m->n_topics; t++) {
			printf(" %s:", term_str(m->topics[t].topic));
			for (int p = 0; p < m->topics[t].n_partitions; p++)
				printf("%s%d", p ? "," : "", m->topics[t].partitions[p]);
		}
		printf("\n");
	}
	printf("  %-30s %5s %12s %12s %10s %8s %10s %8s %s\n", "TOPIC", "PART", "COMMITTED",
	       "END", "LAG", "STATUS", "LAST-CHANGE", "CATCH-UP", "CLIENT");
	for (int i = 0; i < g->n_partitions; i++) {
		const kd_group_partition *p = &g->partitions[i];
		const kd_group_member *m = groups_member_of(g, p);
		char since[32];
		if (p->since_commit_ms >= 0)
			snprintf(since, sizeof(since), "%" PRId64 "s", p->since_commit_ms / 1000);
		else
			snprintf(since, sizeof(since), "-");
		printf("  %-30s %5d %12" PRId64 " %12" PRId64 " %10" PRId64 " %8s %10s %8s %s\n",
		       term_str(p->topic), (int)p->partition, p->committed, p->end, p->lag,
		       lag_status_name(p->status), since,
		       groups_eta_text(p->eta_s, buf, sizeof(buf)), m ? term_str(m->client_id) : "-");
	}
}

static int run_list(cmd *c)
{
	char err[512];
	groups_config gc;
	groups_config_default(&gc);
	if (groups_config_from_options(&gc, &c->o, err, sizeof(err))) {
		fprintf(stderr, "kdeck groups: %s\n", term_str(err));
		return KD_EXIT_USAGE;
	}
	wire_pool *pool = wire_pool_new(c->o.bootstrap, &c->o, err, sizeof(err));
	if (!pool) {
		fprintf(stderr, "kdeck groups: %s\n", term_str(err));
		return KD_EXIT_USAGE;
	}
	groups_poller *gp = groups_poller_new(&gc);
	kd_snapshot *prev = NULL, *s = NULL;
	int rc = KD_EXIT_OK;
	for (int i = 0; i < c->polls; i++) {
		int64_t start = clock_mono_ms();
		s = snapshot_new();
		s->seq = (uint64_t)i + 1;
		s->taken_ms = clock_wall_ms();
		s->mono_ms = start;
		s->interval_ms = c->o.interval_ms;
		if (cluster_poll_metadata(pool, s, prev) == CLUSTER_POLL_OK) {
			s->connected = true;
			groups_poll_offsets(gp, pool, s);
			cluster_poll_brokers(pool, s, prev, true);
		}
		groups_poll_finish(gp, pool, s);
		snapshot_finish(s);
		if (prev)
			snapshot_free(prev);
		prev = s;
		if (i + 1 < c->polls) {
			int64_t left = start + c->o.interval_ms - clock_mono_ms();
			if (left > 0)
				sleep_ms((int)left);
		}
	}
	if (!s->connected || !s->groups) {
		fprintf(stderr, "kdeck groups: cannot read the groups of %s: %s\n",
			term_str(c->o.bootstrap),
			s->n_errors ? term_str(s->errors[s->n_errors - 1]) : "no answer");
		rc = KD_EXIT_CLUSTER;
	} else if (c->group && !groups_find(s->groups, c->group)) {
		fprintf(stderr, "kdeck groups: no group %s\n", term_str(c->group));
		rc = KD_EXIT_CLUSTER;
	} else if (c->json) {
		json_t *j = c->group ? groups_group_json(groups_find(s->groups, c->group))
				     : groups_json(s->groups);
		char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII |
					    JSON_REAL_PRECISION(10)) : NULL;
		if (text)
			puts(text);
		else {
			fprintf(stderr, "kdeck groups: cannot write the JSON document\n");
			rc = KD_EXIT_INTERNAL;
		}
		free(text);
		json_decref(j);
	} else if (c->group) {
		print_group_text(groups_find(s->groups, c->group));
	} else {
		char buf[32];
		printf("%-32s %-12s %-9s %-8s %5s %6s %5s %10s %-7s %9s\n", "GROUP", "STATE", "TYPE",
		       "ASSIGNOR", "COORD", "MEMBERS", "TOPICS", "LAG", "STATUS", "CATCH-UP");
		for (int i = 0; i < s->groups->n_groups; i++) {
			const kd_group *g = &s->groups->groups[i];
			char members[16];
			snprintf(members, sizeof(members), "%d", g->n_members);
			printf("%-32s %-12s %-9s %-8s %5d %6s %5d %10" PRId64 " %-7s %9s\n",
			       term_str(g->id), groups_state_name(g->st),
			       *g->protocol_type ? term_str(g->protocol_type) : "-",
			       *g->protocol ? term_str(g->protocol) : "-", (int)g->coordinator,
			       g->members_known ? members : "-",
			       g->n_topics, g->eval.lag, lag_status_name(g->eval.status),
			       groups_eta_text(g->eval.eta_s, buf, sizeof(buf)));
		}
	}
	snapshot_free(s);
	groups_poller_free(gp);
	wire_pool_free(pool);
	return rc;
}

/* ---- reset / delete ---------------------------------------------------------- */

/* The group's own members of the JSON preview. */
static void group_json(json_t *j, const kd_change *ch, void *ctx)
{
	const cmd *c = ctx;
	const groups_plan *plan = ch ? ch->priv : NULL;
	json_t *rows = json_array();
	for (int i = 0; plan && i < plan->n_rows; i++) {
		const groups_plan_row *r = &plan->rows[i];
		json_t *o = json_object();
		json_object_set_new(o, "topic", json_text(r->topic));
		json_object_set_new(o, "partition", json_integer(r->partition));
		json_object_set_new(o, "current", r->current >= 0 ? json_integer(r->current) : json_null());
		if (plan->kind == GATE_GROUP_OFFSETS) {
			json_object_set_new(o, "target", r->target >= 0 ? json_integer(r->target) : json_null());
			json_object_set_new(o, "earliest", json_integer(r->earliest));
			json_object_set_new(o, "latest", json_integer(r->latest));
			json_object_set_new(o, "note", r->note ? json_string(r->note) : json_null());
		}
		json_array_append_new(rows, o);
	}
	json_object_set_new(j, "group", json_text(c->group));
	json_object_set_new(j, "state", plan ? json_string(plan->state) : json_null());
	json_object_set_new(j, "members", plan ? json_integer(plan->n_members) : json_null());
	json_object_set_new(j, "coordinator", plan ? json_integer(plan->coordinator) : json_null());
	if (c->how)
		json_object_set_new(j, "to", json_string(c->how));
	json_object_set_new(j, "partitions", rows);
}

static int run_change(cmd *c)
{
	char err[512];
	bool del = !strcmp(c->verb, "delete");
	groups_reset_spec sp = { c->group, c->topic, c->partition, GROUPS_TO_EARLIEST, 0 };
	change_cli cli = { "kdeck groups", c->verb, c->execute, c->json, c->expect,
			   group_json, c };

	if (!del && groups_reset_parse(&sp, c->how, c->how_value, clock_wall_ms(), err, sizeof(err))) {
		fprintf(stderr, "kdeck groups: %s\n", term_str(err));
		return KD_EXIT_USAGE;
	}
	return change_cli_run(&cli, &c->o, del ? &change_group_delete : &change_group_reset,
			      del ? (const void *)c->group : (const void *)&sp);
}

int cmd_groups_main(int argc, char **argv)
{
	cmd c;
	memset(&c, 0, sizeof(c));
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(groups_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? KD_EXIT_USAGE : KD_EXIT_OK;
	}
	c.verb = argv[1];
	if (strcmp(c.verb, "list") && strcmp(c.verb, "reset") && strcmp(c.verb, "delete"))
		return usage_error("unknown command '%s': list, reset or delete", c.verb);
	int rc = parse_args(&c, argc - 1, argv + 1);
	if (rc == 0) {
		security_protect_process(&c.o);
		rc = !strcmp(c.verb, "list") ? run_list(&c) : run_change(&c);
	}
	else if (rc < 0)
		rc = KD_EXIT_OK;
	options_free(&c.o);
	config_free(c.cfg);
	secrets_free(&c.secrets);
	return rc;
}
