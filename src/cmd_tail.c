/* cmd_tail.c: `kdeck tail`, the scriptable message tail.  Option letters
 * mean what they mean to kcat where the two overlap. */
#include "config.h"

#include "termsafe.h"

#include "cmd_tail.h"
#include "front.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "security.h"
#include "msgfilter.h"
#include "msgfmt.h"
#include "tail.h"

static const char tail_usage[] =
	"Usage: kdeck tail -b HOST:PORT -t TOPIC [OPTIONS]\n"
	"       kdeck tail -b HOST:PORT [OPTIONS] TOPIC\n"
	"\n"
	"Print a topic's messages to stdout.\n"
	"\n"
	"  -b, --bootstrap HOST:PORT[,...]  brokers to bootstrap from (or KDECK_BOOTSTRAP)\n"
	"  -X KEY=VALUE                     librdkafka property (repeatable)\n"
	"  -t, --topic TOPIC                the topic\n"
	"  -p, --partition N                one partition (default: all)\n"
	"  -o, --offset START               where to start in each partition:\n"
	"                                   end (default), beginning, -N (the last N),\n"
	"                                   OFFSET, @TIME or a time: @1700000000000 (ms),\n"
	"                                   @2026-11-25T01:30:00Z (no zone: UTC),\n"
	"                                   @10m, @2h, '10m ago'\n"
	"  -c, --count COUNT                stop after COUNT messages (with -q: matching)\n"
	"  -e, --exit                       stop at the end of every partition\n"
	"  -f, --format FORMAT              kcat format: %%t topic, %%p partition, %%o offset,\n"
	"                                   %%k key, %%s value, %%S value size, %%K key size,\n"
	"                                   %%T timestamp, %%h headers, %%R 32-bit length;\n"
	"                                   \\n \\t escapes (default '%%s\\n')\n"
	"  -J, --json                       JSON lines (doc/tail-format.md)\n"
	"      --json-embed                 with -J: keys and values that are JSON objects\n"
	"                                   or arrays go in as JSON, not as strings\n"
	"  -q, --filter EXPR                only messages matching EXPR\n"
	"                                   (e.g. 'value.temperature > 80', 'key:s-13')\n"
	"      --null STRING                what -f prints for a null key or value\n"
	"                                   (default: nothing)\n"
	"      --raw                        do not escape fields (only when stdout is\n"
	"                                   not a terminal)\n"
	"      --max-bytes N                show at most N bytes of a key or value\n"
	"\n"
	"Control bytes, escape sequences and invalid UTF-8 in messages are shown\n"
	"escaped.  At the end, the counts of matched and scanned messages go to\n"
	"stderr.  Exit status: 0 ok, 1 cluster or topic error (or a failed write),\n"
	"2 bad usage.\n";

static volatile sig_atomic_t tail_stop;

static void on_signal(int sig)
{
	(void)sig;
	tail_stop = 1;
}

typedef struct tail_out {
	msgfmt_buf buf;
	msgfmt_tmpl *tmpl;       /* NULL with -J */
	msgfmt_opts opts;
	unsigned jsonl_flags;
	bool write_failed;
	msgfilter *filter;       /* may be NULL */
	int64_t matched;
	int64_t scanned;
	int64_t limit;           /* -c counts matched messages */
	FILE *out;
} tail_out;

/* Write what is buffered; a reader that went away (EPIPE: `| head`)
 * or a full disk stops the tail. */
static void flush_out(tail_out *to)
{
	if (to->buf.len && !to->write_failed &&
	    fwrite(to->buf.data, 1, to->buf.len, to->out) != to->buf.len)
		to->write_failed = true;
	msgfmt_buf_reset(&to->buf);
}

/* Render into one buffer and write it when it is large: one write per
 * batch of messages, not per message. */
static int on_msg(const kd_msg *m, void *opaque)
{
	tail_out *to = opaque;
	to->scanned++;
	if (to->filter && !msgfilter_match(to->filter, m))
		return 0;
	to->matched++;
	if (to->tmpl)
		msgfmt_tmpl_render(&to->buf, to->tmpl, m, &to->opts);
	else
		msgfmt_jsonl(&to->buf, m, to->jsonl_flags);
	if (to->buf.len >= 1 << 16)
		flush_out(to);
	return (to->limit > 0 && to->matched >= to->limit) || to->write_failed;
}

enum { OPT_RAW = 256, OPT_MAX_BYTES, OPT_JSON_EMBED, OPT_NULL };

/* What tail's own options set (front.c takes the shared ones). */
typedef struct tail_args {
	kd_tail_spec sp;
	tail_out *to;
	const char *format, *filter;
	bool json, raw;
} tail_args;

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	tail_args *a = ctx;
	char *end;
	switch (id) {
	case 't': a->sp.topic = arg; return 0;
	case 'p':
		a->sp.partition = (int32_t)strtol(arg, &end, 10);
		if (*end || !*arg || a->sp.partition < 0) {
			snprintf(err, errlen, "-p %s: expected a partition number", arg);
			return -1;
		}
		return 0;
	case 'o':
		return tail_parse_start(arg, clock_wall_ms(), &a->sp, err, errlen) ? -1 : 0;
	case 'c':
		a->sp.count = strtoll(arg, &end, 10);
		if (*end || !*arg || a->sp.count <= 0) {
			snprintf(err, errlen, "-c %s: expected a positive count", arg);
			return -1;
		}
		return 0;
	case 'e': a->sp.exit_at_end = true; return 0;
	case 'f': a->format = arg; return 0;
	case 'J': a->json = true; return 0;
	case 'q': a->filter = arg; return 0;
	case OPT_RAW: a->raw = true; return 0;
	case OPT_JSON_EMBED: a->to->jsonl_flags |= MSGFMT_JSONL_EMBED_JSON; return 0;
	case OPT_NULL: a->to->opts.null_str = arg; return 0;
	case OPT_MAX_BYTES:
		a->to->opts.max_bytes = (size_t)strtoull(arg, &end, 10);
		if (*end || !*arg) {
			snprintf(err, errlen, "--max-bytes %s: expected a number", arg);
			return -1;
		}
		return 0;
	case 'h':
		printf(tail_usage);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

int cmd_tail_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"topic", required_argument, NULL, 't'},
		{"partition", required_argument, NULL, 'p'},
		{"offset", required_argument, NULL, 'o'},
		{"count", required_argument, NULL, 'c'},
		{"exit", no_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'f'},
		{"json-embed", no_argument, NULL, OPT_JSON_EMBED},
		{"null", required_argument, NULL, OPT_NULL},
		{"filter", required_argument, NULL, 'q'},
		{"raw", no_argument, NULL, OPT_RAW},
		{"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kd_options o = {0};
	tail_out to = {0};
	tail_args a = { .sp = {.partition = -1, .from = TAIL_FROM_END}, .to = &to,
			.format = "%s\\n" };
	kd_front f = { "kdeck tail", longopts, "t:p:o:c:ef:Jq:h", own_option, &a };
	kd_config *cfg = NULL;
	kd_secrets secrets = { NULL, 0 };
	char err[768];
	int rc = 0, optind_left;

	o.timeout_ms = 10000;
	/* The prefetch (queued.min.messages, queued.max.messages.kbytes) is
	 * tail.c's: bounded, and woken when librdkafka 2.0.2 would stall. */
	msgfmt_buf_init(&to.buf);
	rc = front_parse(&f, &o, argc, argv, &optind_left, err, sizeof(err));
	if (rc == -1) {
		rc = 0;
		goto out;
	}
	if (rc)
		goto usage_err;
	optind = optind_left;
	a.json |= o.json;
	kd_tail_spec sp = a.sp;
	const char *format = a.format, *filter = a.filter;
	bool json = a.json, raw = a.raw;
	/* the topic may also come last, as in `kdeck tail -e orders` */
	if (optind < argc && !sp.topic)
		sp.topic = argv[optind++];
	if (optind < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[optind]);
		goto usage_err;
	}
	if (!sp.topic) {
		snprintf(err, sizeof(err), "no topic: use -t TOPIC");
		goto usage_err;
	}
	/* the config file: a context's brokers, properties and secrets */
	if (front_setup(&f, &o, &cfg, &secrets, err, sizeof(err))) {
		secrets_redact(&secrets, err, sizeof(err));
		goto usage_err;
	}
	if (!json) {
		to.tmpl = msgfmt_tmpl_parse(format, err, sizeof(err));
		if (!to.tmpl)
			goto usage_err;
	}
	if (filter) {
		int col = 0;
		to.filter = msgfilter_compile(filter, &col, err, sizeof(err));
		if (!to.filter)
			goto usage_err;
	}
	/* Raw output only where no terminal can interpret it. */
	if (raw && !isatty(STDOUT_FILENO))
		to.opts.flags |= MSGFMT_RAW;
	to.out = stdout;
	/* Parsing headers costs; skip it when nothing shows or filters them
	 * (a format without %h; "%%h" only makes kdeck parse them anyway). */
	sp.no_headers = !json && !filter && !strstr(format, "%h");
	/* -c counts what is printed, so with a filter it is applied here. */
	to.limit = sp.count;
	if (filter)
		sp.count = 0;

	security_protect_process(&o);
	if (tail_check_options(&o, &sp, err, sizeof(err)))
		goto usage_err;
	kd_tail *t = tail_new(&o, &sp, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "kdeck tail: %s\n", term_str(err));
		rc = KD_EXIT_CLUSTER;
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	while (!tail_stop) {
		int n = tail_poll(t, 200, on_msg, &to, err, sizeof(err));
		if (n == -2) {
			fprintf(stderr, "kdeck tail: %s\n", term_str(err));
			rc = KD_EXIT_CLUSTER;
			break;
		}
		if (n == -1 || to.write_failed)
			break;
		if (to.buf.len) {
			flush_out(&to);
			if (fflush(to.out) != 0)
				to.write_failed = true;
		}
	}
	flush_out(&to);
	if (fflush(to.out) != 0)
		to.write_failed = true;
	tail_free(t);
	/* a reader that stopped reading (`| head -3`) is no error */
	if (to.write_failed && errno != EPIPE) {
		fprintf(stderr, "kdeck tail: write: %s\n", strerror(errno));
		rc = KD_EXIT_CLUSTER;
	}
	fprintf(stderr, "kdeck tail: %lld matched, %lld scanned\n",
		(long long)to.matched, (long long)to.scanned);
	goto out;

usage_err:
	fprintf(stderr, "kdeck tail: %s\n", term_str(err));
	rc = KD_EXIT_USAGE;
out:
	msgfmt_tmpl_free(to.tmpl);
	msgfilter_free(to.filter);
	msgfmt_buf_free(&to.buf);
	options_free(&o);
	config_free(cfg);
	secrets_free(&secrets);
	return rc;
}
