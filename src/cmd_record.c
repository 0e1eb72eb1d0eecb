/* cmd_record.c: `kdeck record [options] FILE`: poll a cluster on the
 * collector's clock and append every snapshot to a recording (record.h)
 * until SIGINT or SIGTERM, then flush and exit 0. */
#include "config.h"

#include "cmd_record.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"
#include "front.h"
#include "msk_setup.h"
#include "msk_watch.h"
#include "options.h"
#include "flight.h"
#include "record.h"
#include "security.h"
#include "termsafe.h"

static const char record_usage[] =
	"Usage: kdeck record [-b HOST:PORT | --context NAME] [-i SECONDS]\n"
	"                    [--rotate-size SIZE] [--rotate-age DURATION] [--keep N] FILE\n"
	"\n"
	"Polls the cluster every interval, as the dashboard does, and appends every\n"
	"snapshot to FILE (gzip'd when the name ends in .gz) until SIGINT or SIGTERM.\n"
	"kdeck --replay FILE plays it back.  An existing recording of the same cluster\n"
	"is appended to.  No screen: for systemd, or tmux on a bastion host.\n"
	"\n"
	"  -b, --bootstrap HOST:PORT[,...]  brokers to bootstrap from (or KDECK_BOOTSTRAP)\n"
	"  -X KEY=VALUE                     connection property (repeatable)\n"
	"      --context NAME               a context of the config file\n"
	"      --config FILE                the config file (default ~/.config/kdeck/config)\n"
	"      --timeout SECONDS            per-request timeout (default: the interval)\n"
	"  -i, --interval SECONDS           time between polls (default 2)\n"
	"      --rotate-size SIZE           start a new file past SIZE (100M, 1G)\n"
	"      --rotate-age DURATION        ... or past DURATION (1h, 1d)\n"
	"      --keep N                     rotated files kept, FILE.1 .. FILE.N (default 5)\n"
	"\n"
	"Exit status: 0 stopped by a signal; 1 the recording could not be written;\n"
	"2 bad usage, or FILE cannot be opened (then nothing is written).\n";

enum { OPT_ROTATE_SIZE = 256, OPT_ROTATE_AGE, OPT_KEEP };

typedef struct rec_cmd {
	kd_options o;
	kd_record_opts ro;
	kd_config *cfg;
	kd_secrets secrets;
} rec_cmd;

/* The signal handler's only way out: a byte down a pipe the loop polls
 * (a signal may land on the collector's thread, not the one in poll). */
static int stop_pipe[2] = { -1, -1 };
static volatile sig_atomic_t stop_sig;

static void on_signal(int sig)
{
	int saved = errno;
	stop_sig = sig;
	if (stop_pipe[1] >= 0 && write(stop_pipe[1], "", 1) < 0) {
		/* full: a stop is pending anyway */
	}
	errno = saved;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "kdeck record: %s (see kdeck record --help)\n", term_str(msg));
	return KD_EXIT_USAGE;
}

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	rec_cmd *c = ctx;
	switch (id) {
	case 'i':
		return options_set_interval(&c->o, arg, err, errlen);
	case OPT_ROTATE_SIZE:
		if (record_parse_size(arg, &c->ro.rotate_bytes) || c->ro.rotate_bytes < 4096) {
			snprintf(err, errlen, "--rotate-size %s: expected a size of at least 4k "
				 "(100M, 1G)", arg);
			return -1;
		}
		return 0;
	case OPT_ROTATE_AGE:
		if (record_parse_duration(arg, &c->ro.rotate_age_ms) || c->ro.rotate_age_ms < 1000) {
			snprintf(err, errlen, "--rotate-age %s: expected a duration of at least 1s "
				 "(30m, 1h, 1d)", arg);
			return -1;
		}
		return 0;
	case OPT_KEEP: {
		char *end;
		long n = strtol(arg, &end, 10);
		if (*end || !*arg || n < 1 || n > 1000) {
			snprintf(err, errlen, "--keep %s: expected 1 to 1000", arg);
			return -1;
		}
		c->ro.keep = (int)n;
		return 0;
	}
	case 'h':
		fputs(record_usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

/* 0 with *path the file, -1 after --help, or KD_EXIT_USAGE (printed). */
static int parse_args(rec_cmd *c, int argc, char **argv, const char **path)
{
	static const struct option longopts[] = {
		{"interval", required_argument, NULL, 'i'},
		{"rotate-size", required_argument, NULL, OPT_ROTATE_SIZE},
		{"rotate-age", required_argument, NULL, OPT_ROTATE_AGE},
		{"keep", required_argument, NULL, OPT_KEEP},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	kd_front f = { "kdeck record", longopts, "i:h", own_option, c };
	char err[768];
	int next;

	int rc = front_parse(&f, &c->o, argc, argv, &next, err, sizeof(err));
	if (rc == -1)
		return -1;
	if (rc)
		return usage_error(err);
	if (next >= argc)
		return usage_error("which FILE to record to?");
	if (next + 1 < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[next + 1]);
		return usage_error(err);
	}
	*path = argv[next];
	if (!**path)
		return usage_error("FILE is empty");
	rc = front_setup(&f, &c->o, &c->cfg, &c->secrets, err, sizeof(err));
	if (rc) {
		secrets_redact(&c->secrets, err, sizeof(err));
		return usage_error(err);
	}
	return 0;
}

/* Write the newest snapshot if it is one not written yet. */
static int write_newest(kd_collector *col, kd_recorder *rec, uint64_t *last_seq)
{
	char err[512];
	const kd_snapshot *s = collector_acquire(col);
	int rc = 0;
	if (s && s->seq != *last_seq) {
		if (recorder_write(rec, s, err, sizeof(err))) {
			fprintf(stderr, "kdeck record: %s\n", term_str(err));
			rc = -1;
		}
		*last_seq = s->seq;
	}
	if (s)
		collector_release(col, s);
	return rc;
}

static int run(rec_cmd *c, const char *path)
{
	char err[768] = "";
	msk_watch *msk = NULL;
	int rc;

	if (options_prop(&c->o, "kdeck.msk") &&
	    (rc = msk_setup(&c->o, NULL, NULL, &msk, err, sizeof(err)))) {
		secrets_redact(&c->secrets, err, sizeof(err));
		fprintf(stderr, "kdeck record: %s\n", term_str(err));
		return rc;
	}
	kd_collector *col = collector_new(&c->o, err, sizeof(err));
	if (!col) {
		msk_watch_stop(msk);
		secrets_redact(&c->secrets, err, sizeof(err));
		return usage_error(err);
	}
	collector_set_msk(col, msk);
	/* the config file's alert rules, as in the dashboard: recorded too */
	kd_flight *fl = flight_new(&c->o, err, sizeof(err));
	if (!fl && err[0]) {
		collector_free(col);
		fprintf(stderr, "kdeck record: %s\n", term_str(err));
		return KD_EXIT_USAGE;
	}
	flight_attach(fl, col);
	c->ro.bootstrap = c->o.bootstrap;
	kd_recorder *rec = recorder_open(path, &c->ro, err, sizeof(err));
	if (!rec) {
		collector_free(col);
		fprintf(stderr, "kdeck record: %s\n", term_str(err));
		return KD_EXIT_USAGE;
	}
	if (recorder_note(rec))
		fprintf(stderr, "kdeck record: %s\n", term_str(recorder_note(rec)));

	if (pipe(stop_pipe) == 0) {
		fcntl(stop_pipe[0], F_SETFL, O_NONBLOCK);
		fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fprintf(stderr, "kdeck record: recording %s to %s every %gs\n",
		term_str(c->o.bootstrap ? c->o.bootstrap : "?"), term_str(path),
		c->o.interval_ms / 1000.0);
	rc = KD_EXIT_OK;
	if (collector_start(col)) {
		fprintf(stderr, "kdeck record: cannot start the collector thread\n");
		rc = KD_EXIT_INTERNAL;
	}
	uint64_t last_seq = 0;
	while (rc == KD_EXIT_OK && !stop_sig) {
		struct pollfd pf[2] = {
			{ collector_fd(col), POLLIN, 0 },
			{ stop_pipe[0], POLLIN, 0 },
		};
		int n = poll(pf, stop_pipe[0] >= 0 ? 2 : 1, 1000);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "kdeck record: poll: %s\n", strerror(errno));
			rc = KD_EXIT_INTERNAL;
			break;
		}
		if (n > 0 && (pf[0].revents & POLLIN)) {
			collector_ack(col);
			if (write_newest(col, rec, &last_seq))
				rc = KD_EXIT_CLUSTER;
		}
	}
	/* the poll under way ends (within its timeout); its snapshot is kept */
	collector_stop(col);
	if (rc == KD_EXIT_OK && write_newest(col, rec, &last_seq))
		rc = KD_EXIT_CLUSTER;
	collector_free(col);
	recorder_close(rec);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	for (int i = 0; i < 2; i++)
		if (stop_pipe[i] >= 0) {
			close(stop_pipe[i]);
			stop_pipe[i] = -1;
		}
	if (stop_sig)
		fprintf(stderr, "kdeck record: stopped (%s), %s closed\n",
			stop_sig == SIGINT ? "SIGINT" : "SIGTERM", term_str(path));
	return rc;
}

int cmd_record(int argc, char **argv)
{
	rec_cmd c;
	const char *path = NULL;
	memset(&c, 0, sizeof(c));
	stop_sig = 0;
	int rc = parse_args(&c, argc, argv, &path);
	if (rc == 0) {
		security_protect_process(&c.o);
		rc = run(&c, path);
	} else if (rc < 0) {
		rc = KD_EXIT_OK;
	}
	options_free(&c.o);
	config_free(c.cfg);
	secrets_free(&c.secrets);
	return rc;
}
