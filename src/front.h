/*
 * front.h: the one front of every subcommand (kdeck tail, kdeck groups,
 * and those to come).  One getopt loop takes the options they all share,
 *
 *     -b HOST:PORT  -X KEY=VALUE  --timeout S  --context NAME
 *     --config FILE  --read-only  --json
 *
 * and hands the subcommand its own; then front_setup reads the config
 * file as the dashboard does: the context's brokers, properties, secrets
 * and read-only hold for every subcommand, and a file that cannot be read
 * makes every change refused (fail closed) while reading still works.
 */
#ifndef KDECK_FRONT_H
#define KDECK_FRONT_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "config_file.h"
#include "options.h"

typedef struct kd_front {
	const char *name;               /* "kdeck groups", for messages */
	const struct option *longopts;  /* the subcommand's own, {0} ended */
	const char *shortopts;          /* its own short ones, "t:p:e" */
	/* One of its own options: 0, 1 to stop at once (help was printed),
	 * or -1 with err filled. */
	int (*own)(void *ctx, int id, const char *arg, char *err, size_t errlen);
	void *ctx;
} kd_front;

/* Parse argv (argv[0] is the subcommand) into o and the subcommand's own
 * options.  0 with *next the first argument left, -1 when the caller
 * should exit 0 (help), or KD_EXIT_USAGE with err. */
int front_parse(const kd_front *f, kd_options *o, int argc, char **argv, int *next,
		char *err, size_t errlen);

/* The config file and the context (see config_setup): 0 or KD_EXIT_USAGE
 * with err.  *cfg is always set (free with config_free); a rejected file
 * is reported on stderr and kdeck goes on read-only. */
int front_setup(const kd_front *f, kd_options *o, kd_config **cfg, kd_secrets *secrets,
		char *err, size_t errlen);

#endif
