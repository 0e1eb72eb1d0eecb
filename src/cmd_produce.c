/* cmd_produce.c: `kdeck produce`: one message, the way operators test a
 * pipeline.  A preview unless --execute (the change pipeline, as every
 * change kdeck makes). */
#include "config.h"

#include "cmd_produce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change_cli.h"
#include "front.h"
#include "ops_topics.h"
#include "security.h"
#include "termsafe.h"

static const char produce_usage[] =
	"Usage: kdeck produce -t TOPIC [-p PARTITION] [-k KEY] [-H KEY=VALUE]...\n"
	"                     (-v VALUE | --value-file FILE | --null) [--format F]\n"
	"                     [--execute [--expect FINGERPRINT]] [OPTIONS]\n"
	"\n"
	"Write one message: without -p to the key's partition (as Java clients).\n"
	"--format says what the value is: text (default), json (checked before\n"
	"anything is sent) or hex (decoded to bytes).  Prints the preview unless\n"
	"--execute; -b, -X, --context, --config, --timeout, --read-only, --json as\n"
	"for every subcommand.\n";

enum { OPT_VALUE_FILE = 256, OPT_NULL, OPT_FORMAT, OPT_EXECUTE, OPT_EXPECT };

typedef struct cmd {
	kd_options o;
	produce_spec sp;
	const char *headers[64];
	char *file_value;
	bool is_null, execute;
	const char *expect;
} cmd;

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	cmd *c = ctx;
	char *end;
	switch (id) {
	case 't': c->sp.topic = arg; return 0;
	case 'p':
		c->sp.partition = strtol(arg, &end, 10);
		if (*end || !*arg || c->sp.partition < 0) {
			snprintf(err, errlen, "-p %s: expected a partition number", arg);
			return -1;
		}
		return 0;
	case 'k': c->sp.key = arg; return 0;
	case 'v': c->sp.value = arg; return 0;
	case 'H':
		if (c->sp.n_headers == 64) {
			snprintf(err, errlen, "-H: at most 64 headers");
			return -1;
		}
		c->headers[c->sp.n_headers++] = arg;
		return 0;
	case OPT_VALUE_FILE: {
		FILE *f = fopen(arg, "rb");
		if (!f) {
			snprintf(err, errlen, "--value-file %s: cannot read it", arg);
			return -1;
		}
		size_t cap = 4096, n = 0;
		char *b = malloc(cap + 1);
		size_t got;
		while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
			n += got;
			if (n == cap && cap < (64u << 20)) {
				char *nb = realloc(b, (cap *= 2) + 1);
				if (!nb) {
					free(b);
					b = NULL;
				}
				b = nb;
			}
		}
		fclose(f);
		if (!b)
			abort();
		b[n] = '\0';
		free(c->file_value);
		c->file_value = b;
		c->sp.value = b;
		return 0;
	}
	case OPT_NULL: c->is_null = true; return 0;
	case OPT_FORMAT: c->sp.format = arg; return 0;
	case OPT_EXECUTE: c->execute = true; return 0;
	case OPT_EXPECT: c->expect = arg; return 0;
	case 'h':
		fputs(produce_usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

int cmd_produce_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"topic", required_argument, NULL, 't'},
		{"partition", required_argument, NULL, 'p'},
		{"key", required_argument, NULL, 'k'},
		{"value", required_argument, NULL, 'v'},
		{"header", required_argument, NULL, 'H'},
		{"value-file", required_argument, NULL, OPT_VALUE_FILE},
		{"null", no_argument, NULL, OPT_NULL},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"execute", no_argument, NULL, OPT_EXECUTE},
		{"expect", required_argument, NULL, OPT_EXPECT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cmd c;
	kd_front f = { "kdeck produce", longopts, "t:p:k:v:H:h", own_option, &c };
	kd_config *cfg = NULL;
	kd_secrets secrets = { NULL, 0 };
	char err[768];
	int next, rc;

	memset(&c, 0, sizeof(c));
	c.sp.partition = -1;
	c.sp.format = "text";
	c.o.timeout_ms = 10000;
	rc = front_parse(&f, &c.o, argc, argv, &next, err, sizeof(err));
	if (rc == -1) {
		rc = KD_EXIT_OK;
		goto out;
	}
	if (!rc && next < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[next]);
		rc = KD_EXIT_USAGE;
	}
	if (!rc && !c.sp.topic) {
		snprintf(err, sizeof(err), "no topic: use -t TOPIC");
		rc = KD_EXIT_USAGE;
	}
	if (!rc && !c.sp.value == !c.is_null) {
		snprintf(err, sizeof(err), "give the value: -v VALUE, --value-file FILE or --null");
		rc = KD_EXIT_USAGE;
	}
	if (!rc && front_setup(&f, &c.o, &cfg, &secrets, err, sizeof(err))) {
		secrets_redact(&secrets, err, sizeof(err));
		rc = KD_EXIT_USAGE;
	}
	if (rc) {
		fprintf(stderr, "kdeck produce: %s (see kdeck produce --help)\n", term_str(err));
		goto out;
	}
	security_protect_process(&c.o);
	c.sp.headers = c.headers;
	change_cli cli = { "kdeck produce", "produce", c.execute, c.o.json, c.expect, NULL, NULL };
	rc = change_cli_run(&cli, &c.o, &change_produce, &c.sp);
out:
	free(c.file_value);
	options_free(&c.o);
	config_free(cfg);
	secrets_free(&secrets);
	return rc;
}
