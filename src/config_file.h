/*
 * config_file.h: the configuration file ($XDG_CONFIG_HOME/kdeck/config,
 * format in doc/config.md): named cluster contexts, general settings, key
 * bindings and lag thresholds.
 *
 * (Not config.h: that name belongs to the header configure writes.)
 *
 * Parsing checks everything it can know without a terminal or a network
 * and stops at the first mistake with its file, line and column; a file
 * with a mistake is rejected whole, so kdeck runs on its defaults rather
 * than half a configuration.  Values may hold ${env:NAME} and ${cmd:...};
 * those are expanded only when a context is used (a command runs then,
 * not at parse time), and the librdkafka properties they produce are
 * secrets: never displayed, never logged (see kd_secrets).
 */
#ifndef KDECK_CONFIG_FILE_H
#define KDECK_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ini.h"
#include "lag_eval.h"
#include "options.h"

#define CONFIG_MAX_FILE (1024 * 1024)

/* A value as written, with where it was written. */
typedef struct kd_config_value {
	const char *text;          /* NULL: not set */
	int line, col;
	bool expand;               /* holds ${env:...} or ${cmd:...} */
} kd_config_value;

typedef struct kd_config_prop {
	const char *key;           /* librdkafka property ("sasl.password") */
	kd_config_value value;
} kd_config_prop;

typedef struct kd_context {
	const char *name;
	int line;
	kd_config_value bootstrap;
	/* Amazon MSK: the cluster's ARN and its region (from the ARN when
	 * not given): the control plane finds the brokers when bootstrap is
	 * not given; msk-iam: connect with IAM (sasl.mechanism=AWS_MSK_IAM). */
	const char *msk_arn;
	const char *msk_region;
	int msk_iam;               /* -1: not set */
	kd_config_prop *props;
	int n_props;
	int read_only;             /* -1: not set */
	const char *theme;
	int interval_ms, timeout_ms;   /* 0: not set */
} kd_context;

/* One `action = keys` line of [keys]; checked against the action table
 * by the UI, which reports mistakes with line and column too. */
typedef struct kd_config_binding {
	const char *action;
	const char *keys;          /* space separated key specs; "" or "none" unbinds */
	int line, action_col, keys_col;
	int key_cols[16];          /* column of each key spec in keys */
} kd_config_binding;

/* One `key = value` of [lag], already checked with lag_config_set_kv. */
typedef struct kd_config_lag {
	const char *key;           /* "lag.window" */
	const char *value;
} kd_config_lag;

/* One [alert NAME] section as written: its values with where they were
 * written (text NULL: not set).  `when`, severity, broker and hold were
 * checked when the file was read; alerts_from_config (alerts.h) turns the
 * sections into rules. */
typedef struct kd_config_alert {
	const char *name;
	int line;
	kd_config_value when, severity, topic, group, broker, hold;
} kd_config_alert;

typedef struct kd_config {
	int refs;                  /* config_ref; config_free drops one */
	kd_arena arena;            /* everything below */
	const char *path;          /* the file read, or NULL when there was none */
	/* Why the file was rejected ("FILE:LINE:COL: MSG"), or NULL.  A
	 * rejected file leaves everything else empty. */
	const char *error;

	/* [general] */
	const char *context;       /* the one used without --context */
	const char *theme;
	int interval_ms, timeout_ms;
	int mouse;                 /* -1: not set */

	kd_context *contexts;
	int n_contexts;
	kd_config_binding *bindings;
	int n_bindings;
	kd_config_lag *lag;
	int n_lag;

	/* [alerts] and [alert NAME] */
	int alerts_bell;           /* -1: not set */
	const char *alerts_command;
	kd_config_alert *alerts;
	int n_alerts;
} kd_config;

/* Values that must never be shown: the expanded ${...} of properties. */
typedef struct kd_secrets {
	char **v;
	int n;
} kd_secrets;

/* Parse text into a new config (never NULL; see kd_config.error). */
kd_config *config_parse(const char *text, size_t len, const char *file);

/* Where the config file is: $XDG_CONFIG_HOME/kdeck/config, else
 * ~/.config/kdeck/config.  Returns buf, or NULL when neither is known. */
char *config_default_path(char *buf, size_t len);

/* Read path (NULL: the default path).  A missing default file is an
 * empty config; a missing file named by --config is an error in
 * kd_config.error, like a malformed one. */
kd_config *config_load(const char *path);
/* Another holder (a thread that may outlive main's use of it): each
 * config_ref takes one more config_free. */
kd_config *config_ref(const kd_config *cfg);
void config_free(kd_config *cfg);

const kd_context *config_context(const kd_config *cfg, const char *name);

/*
 * The options for context name: what the command line set (o->given)
 * stays, the context fills the rest.  ${...} are expanded here; expanded
 * property values are added to secrets (may be NULL).  Returns 0, or -1
 * with err filled (FILE:LINE:COL: for a failed expansion) and o unchanged.
 */
int config_apply_context(const kd_config *cfg, const char *name, kd_options *o,
			 kd_secrets *secrets, char *err, size_t errlen);

/*
 * The options to switch a running dashboard to context name: like
 * config_apply_context on a copy of cur, except that the cluster itself
 * (bootstrap, -X) is the new context's only; the command line's pace
 * (-i, --timeout), --read-only and --theme carry over.  out is
 * initialised; free it with options_free.
 */
int config_switch_options(const kd_config *cfg, const char *name, const kd_options *cur,
			  kd_options *out, kd_secrets *secrets, char *err, size_t errlen);

/*
 * main's part: read the config file (o->config_path, else the default
 * place) into *cfg, use a context (--context; else the file's default
 * when the command line named no cluster), then options_finish.  *cfg is
 * always set: a rejected file is cfg->error, and kdeck goes on without
 * it unless it needed a context from it.  Returns 0 or KD_EXIT_USAGE with
 * err filled.
 */
int config_setup(kd_options *o, kd_config **cfg, kd_secrets *secrets, char *err, size_t errlen);

/* The lag thresholds of [lag] on top of c. */
void config_lag(const kd_config *cfg, lag_config *c);

/* Expand ${env:NAME} and ${cmd:COMMAND} ($${ is a literal ${).  Returns
 * a malloc'd string, or NULL with err filled. */
char *config_expand(const char *text, char *err, size_t errlen);

/* Run COMMAND with /bin/sh -c (stdin and stderr /dev/null, at most 10 s)
 * and return its output without the trailing newline (malloc'd in *out).
 * The output is never part of an error message. */
int config_run_command(const char *cmd, char **out, char *err, size_t errlen);

void secrets_add(kd_secrets *s, const char *value);
/* Replace every secret value inside msg with "(secret)". */
void secrets_redact(const kd_secrets *s, char *msg, size_t len);
void secrets_free(kd_secrets *s);

#endif
