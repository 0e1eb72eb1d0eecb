/* cmd_topics.c: `kdeck topics`: create, delete, add partitions, set or
 * reset a config, and list a topic's configs.  Every change is a preview
 * unless --execute (the change pipeline, as `kdeck groups`). */
#include "config.h"

#include "cmd_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change_cli.h"
#include "front.h"
#include "json_text.h"
#include "ops_topics.h"
#include "security.h"
#include "termsafe.h"
#include "wire_call.h"

static const char topics_usage[] =
	"Usage: kdeck topics create NAME --partitions N --replication-factor R\n"
	"                           [--set KEY=VALUE]... [OPTIONS]\n"
	"       kdeck topics delete NAME --confirm NAME [OPTIONS]\n"
	"       kdeck topics partitions NAME --count N [OPTIONS]\n"
	"       kdeck topics config NAME (--set KEY=VALUE | --reset KEY) [OPTIONS]\n"
	"       kdeck topics configs NAME [--json]\n"
	"\n"
	"Each change prints its preview and changes nothing unless --execute is given;\n"
	"the broker checks it too (validate only) before the preview is shown.  A\n"
	"preview ends with its fingerprint: --execute --expect FINGERPRINT applies only\n"
	"that preview.  delete needs the name typed again (--confirm); partitions can\n"
	"only be added; config changes one key and leaves the others.  configs lists\n"
	"every config with its value, source and sensitive flag (sensitive values are\n"
	"never shown).\n"
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

enum { OPT_PARTITIONS = 256, OPT_RF, OPT_CONFIRM, OPT_COUNT, OPT_SET,
       OPT_RESET, OPT_EXECUTE, OPT_EXPECT };

typedef struct cmd {
	const char *verb, *name;
	kd_options o;
	kd_config *cfg;
	kd_secrets secrets;
	long partitions, rf, count;
	topic_config_kv configs[64];
	int n_configs;
	const char *confirm, *reset;
	bool execute;
	const char *expect;
} cmd;

static int usage_error(const char *msg)
{
	fprintf(stderr, "kdeck topics: %s (see kdeck topics --help)\n", term_str(msg));
	return KD_EXIT_USAGE;
}

static int parse_long(const char *arg, long *v, const char *what, char *err, size_t errlen)
{
	char *end;
	*v = strtol(arg, &end, 10);
	if (!*arg || *end) {
		snprintf(err, errlen, "%s %s: expected a whole number", what, arg);
		return -1;
	}
	return 0;
}

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	cmd *c = ctx;
	switch (id) {
	case OPT_PARTITIONS: return parse_long(arg, &c->partitions, "--partitions", err, errlen);
	case OPT_RF: return parse_long(arg, &c->rf, "--replication-factor", err, errlen);
	case OPT_COUNT: return parse_long(arg, &c->count, "--count", err, errlen);
	case OPT_SET: {
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg) {
			snprintf(err, errlen, "--set %s: expected KEY=VALUE", arg);
			return -1;
		}
		if (c->n_configs == 64) {
			snprintf(err, errlen, "--set: at most 64");
			return -1;
		}
		char *key = strndup(arg, (size_t)(eq - arg));
		if (!key)
			abort();
		c->configs[c->n_configs++] = (topic_config_kv){ key, eq + 1 };
		return 0;
	}
	case OPT_CONFIRM: c->confirm = arg; return 0;
	case OPT_RESET: c->reset = arg; return 0;
	case OPT_EXECUTE: c->execute = true; return 0;
	case OPT_EXPECT: c->expect = arg; return 0;
	case 'h':
		fputs(topics_usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

/* `kdeck topics configs NAME`: a read, no change. */
static int run_configs(cmd *c)
{
	char err[768];
	kd_arena a;
	wire_describeconfigs_resp *r;
	int rc = KD_EXIT_OK;
	wire_pool *pool = wire_pool_new(c->o.bootstrap, &c->o, err, sizeof(err));
	if (!pool)
		return usage_error(err);
	arena_init(&a);
	if (topic_describe_configs(pool, &a, c->name, &r, err, sizeof(err))) {
		fprintf(stderr, "kdeck topics: %s\n", term_str(err));
		rc = KD_EXIT_CLUSTER;
	} else if (c->o.json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < r->n_configs; i++) {
			const wire_config_entry *e = &r->configs[i];
			json_t *o = json_object();
			json_object_set_new(o, "name", json_text(e->name));
			json_object_set_new(o, "value", e->sensitive ? json_null() : json_text(e->value));
			json_object_set_new(o, "source", json_string(wire_config_source_name(e->source)));
			json_object_set_new(o, "sensitive", json_boolean(e->sensitive));
			json_object_set_new(o, "read_only", json_boolean(e->read_only));
			json_array_append_new(arr, o);
		}
		char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
		puts(text ? text : "[]");
		free(text);
		json_decref(arr);
	} else {
		printf("%-40s %-30s %-22s %s\n", "CONFIG", "VALUE", "SOURCE", "SENSITIVE");
		for (size_t i = 0; i < r->n_configs; i++) {
			const wire_config_entry *e = &r->configs[i];
			printf("%-40s %-30s %-22s %s\n", term_str(e->name),
			       e->sensitive ? "(hidden)" : e->value ? term_str(e->value) : "(null)",
			       wire_config_source_name(e->source), e->sensitive ? "yes" : "no");
		}
	}
	arena_free(&a);
	wire_pool_free(pool);
	return rc;
}

int cmd_topics_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"partitions", required_argument, NULL, OPT_PARTITIONS},
		{"replication-factor", required_argument, NULL, OPT_RF},
		{"confirm", required_argument, NULL, OPT_CONFIRM},
		{"count", required_argument, NULL, OPT_COUNT},
		{"set", required_argument, NULL, OPT_SET},
		{"reset", required_argument, NULL, OPT_RESET},
		{"execute", no_argument, NULL, OPT_EXECUTE},
		{"expect", required_argument, NULL, OPT_EXPECT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cmd c;
	kd_front f = { "kdeck topics", longopts, "h", own_option, &c };
	char err[768];
	int next, rc;

	memset(&c, 0, sizeof(c));
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(topics_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? KD_EXIT_USAGE : KD_EXIT_OK;
	}
	c.verb = argv[1];
	if (strcmp(c.verb, "create") && strcmp(c.verb, "delete") && strcmp(c.verb, "partitions") &&
	    strcmp(c.verb, "config") && strcmp(c.verb, "configs"))
		return usage_error("unknown command: create, delete, partitions, config or configs");
	c.partitions = c.rf = c.count = -1;
	c.o.timeout_ms = 10000;
	rc = front_parse(&f, &c.o, argc - 1, argv + 1, &next, err, sizeof(err));
	next += 1;
	if (rc == -1) {
		rc = KD_EXIT_OK;
		goto out;
	}
	if (rc) {
		rc = usage_error(err);
		goto out;
	}
	if (next < argc)
		c.name = argv[next++];
	if (next < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[next]);
		rc = usage_error(err);
		goto out;
	}
	if (!c.name) {
		rc = usage_error("which topic? give its NAME");
		goto out;
	}
	if ((rc = front_setup(&f, &c.o, &c.cfg, &c.secrets, err, sizeof(err)))) {
		secrets_redact(&c.secrets, err, sizeof(err));
		rc = usage_error(err);
		goto out;
	}
	security_protect_process(&c.o);
	change_cli cli = { "kdeck topics", c.verb, c.execute, c.o.json, c.expect, NULL, NULL };
	if (!strcmp(c.verb, "configs")) {
		rc = run_configs(&c);
	} else if (!strcmp(c.verb, "create")) {
		if (c.partitions < 0 || c.rf < 0) {
			rc = usage_error("create needs --partitions N and --replication-factor R");
			goto out;
		}
		topic_create_spec sp = { c.name, c.partitions, c.rf, c.configs, c.n_configs };
		rc = change_cli_run(&cli, &c.o, &change_topic_create, &sp);
	} else if (!strcmp(c.verb, "delete")) {
		topic_delete_spec sp = { c.name, c.confirm };
		rc = change_cli_run(&cli, &c.o, &change_topic_delete, &sp);
	} else if (!strcmp(c.verb, "partitions")) {
		if (c.count < 0) {
			rc = usage_error("partitions needs --count N (the new total)");
			goto out;
		}
		topic_partitions_spec sp = { c.name, c.count };
		rc = change_cli_run(&cli, &c.o, &change_topic_partitions, &sp);
	} else {
		if ((c.n_configs == 1) == (c.reset != NULL) || c.n_configs > 1) {
			rc = usage_error("config needs one --set KEY=VALUE or one --reset KEY");
			goto out;
		}
		const char *key = c.reset ? c.reset : c.configs[0].key;
		const char *value = c.reset ? NULL : c.configs[0].value;
		topic_config_spec sp = { c.name, key, value };
		rc = change_cli_run(&cli, &c.o, &change_topic_config, &sp);
	}
out:
	for (int i = 0; i < c.n_configs; i++)
		free((char *)c.configs[i].key);
	options_free(&c.o);
	config_free(c.cfg);
	secrets_free(&c.secrets);
	return rc;
}
