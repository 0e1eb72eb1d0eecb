/*
 * options.h: what the command line (and later the config file) asked for.
 */
#ifndef KDECK_OPTIONS_H
#define KDECK_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* Exit codes, documented in --help and doc/kdeck.md. */
enum {
	KD_EXIT_OK = 0,
	KD_EXIT_CLUSTER = 1,     /* could not reach or read the cluster */
	KD_EXIT_USAGE = 2,       /* bad command line or configuration */
	KD_EXIT_INTERNAL = 3,    /* kdeck itself failed */
};

typedef struct kd_prop {
	char *key;
	char *value;
} kd_prop;

typedef struct kd_options {
	char *bootstrap;         /* -b */
	int interval_ms;         /* -i, in ms */
	kd_prop *props;          /* -X key=value, in order */
	int n_props;
	bool once;
	bool json;
	bool demo;
	bool demo_incident;      /* --demo=incident */
	bool read_only;          /* decided once: see read_only_why */
	char *read_only_why;     /* why, for the gate's refusal; NULL: --read-only */
	int timeout_ms;          /* per request */
	char *theme;
	char *config_path;       /* --config; NULL: the default place */
	char *context;           /* --context, or the config file's default */
	unsigned given;          /* KD_GIVEN_*: what the command line set */
	char *record;            /* --record FILE: the flight recorder */
	char *replay;            /* --replay FILE: a recording instead of a cluster */
	char *at;                /* --at TIME: with --replay, where to start */
	/* The config file read by main (not owned; NULL when none). */
	const struct kd_config *config;
} kd_options;

/* Set in kd_options.given for what the command line chose: the config
 * file fills only the rest. */
enum {
	KD_GIVEN_BOOTSTRAP = 1u << 0,
	KD_GIVEN_INTERVAL = 1u << 1,
	KD_GIVEN_TIMEOUT = 1u << 2,
	KD_GIVEN_PROPS = 1u << 3,
	KD_GIVEN_READ_ONLY = 1u << 4,
	KD_GIVEN_THEME = 1u << 5,
};

/* -i SECONDS (0.05 to 3600) into o, for the subcommands that poll too.
 * 0, or -1 with err. */
int options_set_interval(kd_options *o, const char *arg, char *err, size_t errlen);

/* Parse argv; on error fill err and return KD_EXIT_USAGE.  Returns -1 when
 * the caller should exit 0 (--help / --version were printed).  What the
 * command line left out stays unset until options_finish. */
int options_parse(kd_options *o, int argc, char **argv, char *err, size_t errlen);
/* After the config file had its say: defaults for what is still unset
 * (interval, timeout, KDECK_BOOTSTRAP), and the check that some cluster
 * was given.  Returns 0 or KD_EXIT_USAGE with err filled. */
int options_finish(kd_options *o, char *err, size_t errlen);
void options_free(kd_options *o);
/* Make o read-only for the reason why (NULL: --read-only); read-only
 * never turns off again for o or its copies. */
void options_set_read_only(kd_options *o, const char *why);
/* A deep copy, for a thread that outlives the caller's options. */
void options_copy(kd_options *dst, const kd_options *src);
int options_add_prop(kd_options *o, const char *kv, char *err, size_t errlen);
/* The same for the command line's -X: KEY=@FILE reads the value from a
 * file and KEY=${env:NAME} from the environment, so a secret need not be
 * on the command line (where other users of the host can read it); @@ is
 * a literal '@'. */
int options_add_prop_cli(kd_options *o, const char *kv, char *err, size_t errlen);
const char *options_prop(const kd_options *o, const char *key);


#endif
