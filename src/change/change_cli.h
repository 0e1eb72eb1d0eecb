/*
 * change_cli.h: a change on the command line, the same for every
 * subcommand that changes something (kdeck groups reset|delete, kdeck
 * topics ...): plan and print the preview (text or JSON) with its
 * fingerprint; with --execute apply it (re-planned, through the gate);
 * with --expect FINGERPRINT only while it is still exactly that preview.
 */
#ifndef KDECK_CHANGE_CLI_H
#define KDECK_CHANGE_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "change.h"
#include "options.h"

typedef struct change_cli {
	const char *prog;               /* "kdeck topics": stderr prefix */
	const char *action;             /* "create": the JSON's "action" */
	bool execute, json;
	const char *expect;             /* NULL: none */
	/* More members for the JSON object (may be NULL); ch is NULL when no
	 * plan could be made. */
	void (*json_extra)(json_t *j, const kd_change *ch, void *ctx);
	void *ctx;
	/* Called once a plan is made, before anything is applied (may be
	 * NULL): -1 with err stops (files the plan is written to). */
	int (*planned)(const kd_change *ch, void *ctx, char *err, size_t errlen);
} change_cli;

/* Returns the exit status (KD_EXIT_*). */
int change_cli_run(const change_cli *cli, const kd_options *o, const kd_change_ops *ops,
		   const void *spec);

#endif
