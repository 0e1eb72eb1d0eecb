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
	bool read_only;
	int timeout_ms;          /* per request */
	char *theme;
} kd_options;

/* Parse argv; on error fill err and return KD_EXIT_USAGE.  Returns -1 when
 * the caller should exit 0 (--help / --version were printed). */
int options_parse(kd_options *o, int argc, char **argv, char *err, size_t errlen);
void options_free(kd_options *o);
/* A deep copy, for a thread that outlives the caller's options. */
void options_copy(kd_options *dst, const kd_options *src);
int options_add_prop(kd_options *o, const char *kv, char *err, size_t errlen);
const char *options_prop(const kd_options *o, const char *key);

#endif
