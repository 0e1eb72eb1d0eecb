/* ui_context.c: :ctx NAME, another cluster of the config file without a
 * restart.  The new context is prepared on a thread of its own: its
 * ${cmd:...} secrets run there (up to their timeout), and its collector
 * is made and started there, so the keys keep answering meanwhile.  When
 * it is ready the UI takes it (a pipe wakes its poll); a context that
 * cannot be used (a failed ${cmd:...}, a bad property) leaves the
 * dashboard on the cluster it shows.  Only then is the old collector
 * abandoned (it ends by itself, the UI never waits for it); quitting
 * while a switch is under way orphans the job, which cleans up after
 * itself. */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui_state.h"

struct ui_ctx_job {
	pthread_mutex_t lock;
	int wake[2];                    /* [1] written once when done */
	bool done, orphaned;
	char name[128];
	kd_config *cfg;                 /* a reference of the job's own */
	kd_options cur;                 /* a copy of the options in use */
	/* the result */
	kd_options out;
	bool out_owned;                 /* out is set and still the job's */
	kd_secrets secrets;
	kd_collector *c;
	char err[600];
};

static void job_free(ui_ctx_job *j)
{
	if (j->c)
		collector_abandon(j->c);
	if (j->out_owned)
		options_free(&j->out);
	options_free(&j->cur);
	secrets_free(&j->secrets);
	config_free(j->cfg);
	close(j->wake[0]);
	close(j->wake[1]);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

static void *job_main(void *arg)
{
	ui_ctx_job *j = arg;
	char err[600] = "";
	kd_collector *c = NULL;

	if (config_switch_options(j->cfg, j->name, &j->cur, &j->out, &j->secrets,
				  err, sizeof(err))) {
		secrets_redact(&j->secrets, err, sizeof(err));
	} else {
		j->out_owned = true;
		j->out.demo = false;
		c = collector_new(&j->out, err, sizeof(err));
		if (!c) {
			secrets_redact(&j->secrets, err, sizeof(err));
		} else if (collector_start(c)) {
			collector_free(c);
			c = NULL;
			snprintf(err, sizeof(err), "cannot start the collector thread");
		}
	}
	if (!c && !err[0])
		snprintf(err, sizeof(err), "cannot be used");

	pthread_mutex_lock(&j->lock);
	j->c = c;
	snprintf(j->err, sizeof(j->err), "%s", c ? "" : err);
	j->done = true;
	bool orphaned = j->orphaned;
	if (!orphaned && write(j->wake[1], "x", 1) < 0) {
		/* the UI also looks at done on its next wake */
	}
	pthread_mutex_unlock(&j->lock);
	if (orphaned)
		job_free(j);
	return NULL;
}

bool ui_context_switch(kd_ui *ui, const char *name)
{
	const kd_config *cfg = ui->opts ? ui->opts->config : NULL;
	pthread_attr_t attr;
	pthread_t t;

	if (ui->ctx_job) {
		ui_message(ui, true, "context %s: still switching to %s", name,
			   ui->ctx_job->name);
		return false;
	}
	if (!config_context(cfg, name)) {
		ui_message(ui, true, "no context %s (:ctx lists them)", name);
		return false;
	}
	ui_ctx_job *j = calloc(1, sizeof(*j));
	if (!j || pipe2(j->wake, O_CLOEXEC | O_NONBLOCK)) {
		free(j);
		ui_message(ui, true, "context %s: out of resources", name);
		return false;
	}
	pthread_mutex_init(&j->lock, NULL);
	snprintf(j->name, sizeof(j->name), "%s", name);
	j->cfg = config_ref(cfg);
	options_copy(&j->cur, ui->opts);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&t, &attr, job_main, j);
	pthread_attr_destroy(&attr);
	if (rc) {
		job_free(j);
		ui_message(ui, true, "context %s: cannot start a thread", name);
		return false;
	}
	ui->ctx_job = j;
	ui_message(ui, false, "context %s: connecting...", name);
	return true;
}

int ui_context_fd(const kd_ui *ui)
{
	return ui->ctx_job ? ui->ctx_job->wake[0] : -1;
}

bool ui_context_finish(kd_ui *ui)
{
	ui_ctx_job *j = ui->ctx_job;
	char b;

	if (!j)
		return false;
	pthread_mutex_lock(&j->lock);
	bool done = j->done;
	pthread_mutex_unlock(&j->lock);
	if (!done)
		return false;
	while (read(j->wake[0], &b, 1) > 0) {
	}
	ui->ctx_job = NULL;
	/* the job's secrets are the UI's now: they redact its messages */
	for (int i = 0; i < j->secrets.n; i++)
		secrets_add(&ui->secrets, j->secrets.v[i]);
	if (!j->c) {
		ui_message(ui, true, "context %s: %s", j->name, j->err);
		job_free(j);
		return true;
	}
	kd_collector *old = ui->collector;
	ui_set_collector(ui, j->c);
	/* never a join on the UI thread: the old cluster may be frozen */
	collector_abandon(old);
	if (old == ui->first_collector)
		ui->first_collector = NULL;
	if (ui->ctx_owned)
		options_free(&ui->ctx_opts);
	ui->ctx_opts = j->out;
	ui->ctx_owned = true;
	ui->opts = &ui->ctx_opts;
	j->c = NULL;
	j->out_owned = false;                   /* moved to the UI */
	/* the new context's theme, or back to the default one */
	const char *theme = ui->ctx_opts.theme ? ui->ctx_opts.theme : "default";
	if (colors_enabled() && strcmp(theme, ui->theme))
		ui_theme_set(ui, theme);
	ui_message(ui, false, "context %s: %s", j->name, ui->ctx_opts.bootstrap);
	job_free(j);
	return true;
}

/* At exit: the collector the UI was given or a switch made (abandoned,
 * so that quitting never waits for a poll of a frozen cluster), the
 * options a switch made, and a switch under way (orphaned: it frees
 * itself when its ${cmd:...} or connection ends). */
void ui_context_free(kd_ui *ui)
{
	ui_ctx_job *j = ui->ctx_job;
	if (j) {
		pthread_mutex_lock(&j->lock);
		bool done = j->done;
		j->orphaned = !done;
		pthread_mutex_unlock(&j->lock);
		if (done)
			job_free(j);
		ui->ctx_job = NULL;
	}
	collector_abandon(ui->collector);
	ui->collector = ui->first_collector = NULL;
	if (ui->ctx_owned)
		options_free(&ui->ctx_opts);
	ui->ctx_owned = false;
	secrets_free(&ui->secrets);
}
