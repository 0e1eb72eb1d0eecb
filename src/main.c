/* main.c: kdeck's entry point: parse the command line, start the collector
 * (and the demo cluster), then hand over to the UI or print one snapshot. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_check.h"
#include "cmd_groups.h"
#include "cmd_record.h"
#include "cmd_produce.h"
#include "cmd_msk.h"
#include "cmd_reassign.h"
#include "msk_pick.h"
#include "msk_setup.h"
#include "cmd_topics.h"
#include "cmd_tail.h"
#include "collector.h"
#include "config_file.h"
#include "demo.h"
#include "demo_msk.h"
#include "flight.h"
#include "record.h"
#include "log.h"
#include "termsafe.h"
#include "options.h"
#include "security.h"
#include "snapshot_json.h"
#include "ui.h"
#include "ui_pick.h"
#include "wire_tls.h"

/* --once: poll twice, one interval apart, so rates are filled; print the
 * newest snapshot.  A cluster that never answered is exit 1 with the
 * reason, not an empty document. */
static int run_once(kd_collector *c, const kd_options *o)
{
	/* a replay publishes the record asked for at once */
	int need = o->replay ? 1 : 2;
	int got = collector_wait(c, need, 2 * o->interval_ms + 4 * o->timeout_ms + 5000);
	const kd_snapshot *s = collector_acquire(c);
	int rc = KD_EXIT_OK;

	if (!s || got < need) {
		fprintf(stderr, "kdeck: no snapshot in time from %s\n", term_str(o->bootstrap));
		collector_release(c, s);
		return KD_EXIT_CLUSTER;
	}
	if (!s->connected && !o->replay) {
		fprintf(stderr, "kdeck: cannot reach the cluster at %s: %s\n",
			term_str(o->bootstrap),
			s->last_error ? term_str(s->last_error) : "no answer");
		rc = KD_EXIT_CLUSTER;
	} else if (o->json) {
		if (snapshot_json_write(s, stdout))
			rc = KD_EXIT_INTERNAL;
	} else {
		printf("cluster %s  controller %d  brokers %d/%d  topics %d  partitions %d  "
		       "under-replicated %d  offline %d\n",
		       term_str(s->cluster_id), (int)s->controller_id,
		       s->brokers_up, s->n_brokers, s->n_topics, s->n_partitions,
		       s->under_replicated, s->offline);
	}
	collector_release(c, s);
	return rc;
}

/* Several MSK clusters and none named: the user picks one on screen. */
static int pick_msk_cluster(const msk_cluster *cl, int n, void *ctx)
{
	char header[256], title[128];
	char **lines = calloc((size_t)n, sizeof(*lines));
	int picked = -1;
	(void)ctx;
	if (!lines)
		return -1;
	for (int i = 0; i < n; i++) {
		char buf[1024];
		msk_pick_line(&cl[i], buf, sizeof(buf));
		if (!(lines[i] = strdup(buf)))
			goto done;
	}
	msk_pick_header(header, sizeof(header));
	snprintf(title, sizeof(title), "kdeck: %d Amazon MSK clusters; which one?", n);
	picked = ui_pick(title, header, lines, n);
done:
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return picked < -1 ? -1 : picked;
}

/* kdeck NAME ...: each takes its own argv, NAME first. */
static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} subcommands[] = {
	{ "tail", cmd_tail_main },
	{ "groups", cmd_groups_main },
	{ "topics", cmd_topics_main },
	{ "produce", cmd_produce_main },
	{ "reassign", cmd_reassign_main },
	{ "msk", cmd_msk_main },
	{ "elect-leaders", cmd_elect_main },
	{ "check", cmd_check },
	{ "record", cmd_record },
};

int main(int argc, char **argv)
{
	kd_options o;
	kd_config *cfg = NULL, *demo_cfg = NULL;
	kd_secrets secrets = { NULL, 0 };
	kd_demo *demo = NULL;
	kd_collector *c;
	char err[512] = "";
	int rc;

	wire_tls_process_init();
	log_init();
	for (size_t i = 0; argc > 1 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].main(argc - 1, argv + 1);
	rc = options_parse(&o, argc, argv, err, sizeof(err));
	if (rc == -1) {
		options_free(&o);
		return KD_EXIT_OK;
	}
	if (rc == 0) {
		rc = config_setup(&o, &cfg, &secrets, err, sizeof(err));
		if (cfg->error)
			fprintf(stderr, "kdeck: %s (going on without the config file: reading "
				"only, every change is refused)\n",
				term_str(cfg->error));
	}
	if (rc)
		goto fail;
	security_protect_process(&o);
	signal(SIGPIPE, SIG_IGN);

	if (o.demo) {
		demo = demo_start_scenario(0, o.demo_incident ? DEMO_INCIDENT : DEMO_STEADY, err,
					   sizeof(err));
		if (!demo) {
			rc = KD_EXIT_INTERNAL;
			goto fail;
		}
		free(o.bootstrap);
		o.bootstrap = strdup(demo_bootstrap(demo));
	}

	/* kdeck --replay FILE: a recording instead of a cluster */
	if (o.replay) {
		kd_replay *rp = replay_open(o.replay, err, sizeof(err));
		int64_t at_ms = 0;
		if (!rp) {
			rc = KD_EXIT_USAGE;
			goto fail;
		}
		if (replay_damage(rp))
			fprintf(stderr, "kdeck: %s\n", term_str(replay_damage(rp)));
		if (o.at && replay_parse_time(rp, o.at, &at_ms)) {
			snprintf(err, sizeof(err), "--at %s: not a time in the recording (an ISO "
				 "time, HH:MM[:SS], +10m from its start, -5m from its end)", o.at);
			replay_close(rp);
			rc = KD_EXIT_USAGE;
			goto fail;
		}
		options_set_read_only(&o, "this is a replay of a recording: nothing is sent");
		c = collector_new_replay(rp, o.at ? replay_find(rp, at_ms) : 0, &o);
		goto run;
	}

	msk_watch *msk = o.demo ? demo_msk_watch() : NULL;
	if (!o.demo && options_prop(&o, "kdeck.msk") &&
	    (rc = msk_setup(&o, o.once || !isatty(0) || !isatty(1) ? NULL : pick_msk_cluster,
			     NULL, &msk, err, sizeof(err))))
		goto fail;

	c = collector_new(&o, err, sizeof(err));
	if (!c) {
		msk_watch_stop(msk);
		rc = KD_EXIT_USAGE;
		goto fail;
	}
	collector_set_msk(c, msk);
	/* the demo's own alert rules, unless the config file has some */
	kd_options fo = o;
	if (o.demo && (!cfg || !cfg->n_alerts)) {
		demo_cfg = config_parse(demo_alert_rules, strlen(demo_alert_rules), "demo rules");
		fo.config = demo_cfg;
	}
	kd_flight *flight = flight_new(&fo, err, sizeof(err));
	if (!flight && err[0]) {
		collector_free(c);
		rc = KD_EXIT_USAGE;
		goto fail;
	}
	flight_attach(flight, c);
run:
	if (collector_start(c)) {
		fprintf(stderr, "kdeck: cannot start the collector thread\n");
		rc = KD_EXIT_INTERNAL;
	} else if (o.once) {
		rc = run_once(c, &o);
	} else {
		log_set_quiet(1);
		rc = ui_run(c, &o);     /* takes c: quitting never waits for a poll */
		c = NULL;
		log_set_quiet(0);
	}
	collector_free(c);
	demo_stop(demo);
	options_free(&o);
	config_free(cfg);
	config_free(demo_cfg);
	secrets_free(&secrets);
	return rc;

fail:
	/* one place says why kdeck cannot start (secrets never shown) */
	secrets_redact(&secrets, err, sizeof(err));
	fprintf(stderr, "kdeck: %s\n", term_str(err));
	demo_stop(demo);
	options_free(&o);
	config_free(cfg);
	config_free(demo_cfg);
	secrets_free(&secrets);
	return rc;
}
