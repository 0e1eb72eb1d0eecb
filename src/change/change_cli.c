/* change_cli.c: see change_cli.h. */
#include "config.h"

#include "change_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_text.h"
#include "termsafe.h"
#include "wire_pool.h"

static json_t *strings(const char *const *v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_text(v[i]));
	return a;
}

static json_t *preview_json(const change_cli *cli, const kd_change *ch, bool applied,
			    const char *error, int requests)
{
	const kd_preview *p = ch ? &ch->preview : NULL;
	json_t *j = json_object();
	char fp[17];
	json_object_set_new(j, "action", json_string(cli->action));
	json_object_set_new(j, "title", p ? json_text(p->title) : json_null());
	json_object_set_new(j, "summary", p ? json_text(p->summary) : json_null());
	json_object_set_new(j, "columns", p ? strings(p->cols, p->n_cols) : json_array());
	json_t *rows = json_array();
	for (int i = 0; p && i < p->n_rows; i++)
		json_array_append_new(rows, strings(p->rows[i], p->n_cols));
	json_object_set_new(j, "rows", rows);
	json_object_set_new(j, "notes", p ? strings(p->notes, p->n_notes) : json_array());
	if (cli->json_extra)
		cli->json_extra(j, ch, cli->ctx);
	json_object_set_new(j, "would_send", ch ? strings(ch->requests, ch->n_requests)
						 : json_array());
	if (ch)
		change_fingerprint(ch, fp);
	json_object_set_new(j, "fingerprint", ch ? json_string(fp) : json_null());
	json_object_set_new(j, "refusal", p && p->refusal ? json_text(p->refusal) : json_null());
	json_object_set_new(j, "execute", json_boolean(cli->execute));
	json_object_set_new(j, "applied", json_boolean(applied));
	json_object_set_new(j, "error", error ? json_text(error) : json_null());
	json_object_set_new(j, "requests", json_integer(requests));
	return j;
}

static void print_text(const kd_change *ch)
{
	char *text = change_text(ch);
	term_fputs(text, stdout, 1);
	free(text);
	fflush(stdout);
}

static void progress(void *ctx, int step, int n_steps)
{
	const change_cli *cli = ctx;
	fprintf(stderr, "%s: step %d of %d\n", cli->prog, step + 1, n_steps);
}

int change_cli_run(const change_cli *cli, const kd_options *o, const kd_change_ops *ops,
		   const void *spec)
{
	char err[768] = "", fp[17] = "";
	kd_change ch;
	bool made = false, applied = false, printed = false;
	int rc = KD_EXIT_OK;
	wire_pool *pool = NULL;

	memset(&ch, 0, sizeof(ch));
	/* read-only: refused before a single request */
	if (cli->execute && gate_allowed(o, ops->kind, err, sizeof(err))) {
		rc = KD_EXIT_CLUSTER;
		goto report;
	}
	pool = wire_pool_new(o->bootstrap, o, err, sizeof(err));
	if (!pool) {
		fprintf(stderr, "%s: %s\n", cli->prog, term_str(err));
		return KD_EXIT_USAGE;
	}
	if (change_plan(&ch, ops, spec, pool, err, sizeof(err))) {
		rc = KD_EXIT_CLUSTER;
		goto report;
	}
	made = true;
	change_fingerprint(&ch, fp);
	if (ch.preview.refusal) {
		snprintf(err, sizeof(err), "%s", ch.preview.refusal);
		rc = KD_EXIT_CLUSTER;
		goto report;
	}
	if (cli->execute && cli->expect && strcmp(cli->expect, fp)) {
		/* what the operator reviewed is not what would be sent now */
		snprintf(err, sizeof(err), "refusing to %s: the plan changed since the preview "
			 "(fingerprint %s, expected %s); nothing was sent: preview it again",
			 gate_kind_name(ops->kind), fp, cli->expect);
		rc = KD_EXIT_CLUSTER;
		goto report;
	}
	if (cli->planned && cli->planned(&ch, cli->ctx, err, sizeof(err))) {
		rc = KD_EXIT_CLUSTER;
		goto report;
	}
	if (cli->execute) {
		/* the preview before a change that takes long (a reassignment
		 * that waits): the operator sees what is being done */
		if (!cli->json && ch.n_steps > 1) {
			print_text(&ch);
			printed = true;
		}
		/* --execute confirms this preview; apply plans again and the
		 * gate compares */
		if (change_apply(o, &ch, pool, ch.n_steps > 1 ? progress : NULL, (void *)cli,
				 err, sizeof(err)))
			rc = KD_EXIT_CLUSTER;
		else
			applied = true;
	}
report:
	if (cli->json) {
		json_t *j = preview_json(cli, made ? &ch : NULL, applied, *err ? err : NULL,
					 pool ? (int)wire_pool_requests(pool) : 0);
		char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
		if (text)
			puts(text);
		else if (!rc)
			rc = KD_EXIT_INTERNAL;
		free(text);
		json_decref(j);
	} else if (made) {
		if (!printed)
			print_text(&ch);
		if (applied)
			printf("%s\n", ops->done);
		else if (!rc && !cli->execute)
			printf("preview only: nothing was changed (add --execute to apply; "
			       "--expect %s applies only this preview)\n", fp);
	}
	if (rc)
		fprintf(stderr, "%s: %s\n", cli->prog, term_str(err));
	if (made || ch.arena.head)
		change_free(&ch);
	wire_pool_free(pool);
	return rc;
}
