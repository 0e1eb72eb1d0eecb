/* ui_context.c: :ctx NAME, another cluster of the config file without a
 * restart.  The new collector is made and started first, so a context
 * that cannot be used (a failed ${cmd:...}, a bad property) leaves the
 * dashboard on the cluster it shows; only then is the old one abandoned
 * (it ends by itself, the UI does not wait for it). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui_state.h"

bool ui_context_switch(kd_ui *ui, const char *name)
{
	const kd_config *cfg = ui->opts ? ui->opts->config : NULL;
	kd_collector *c, *old = ui->collector;
	kd_options n;
	char err[600];

	if (!config_context(cfg, name)) {
		ui_message(ui, true, "no context %s (:ctx lists them)", name);
		return false;
	}
	if (config_switch_options(cfg, name, ui->opts, &n, &ui->secrets, err, sizeof(err))) {
		secrets_redact(&ui->secrets, err, sizeof(err));
		ui_message(ui, true, "%s", err);
		return false;
	}
	n.demo = false;
	c = collector_new(&n, err, sizeof(err));
	if (!c) {
		secrets_redact(&ui->secrets, err, sizeof(err));
		ui_message(ui, true, "context %s: %s", name, err);
		options_free(&n);
		return false;
	}
	if (collector_start(c)) {
		collector_free(c);
		options_free(&n);
		ui_message(ui, true, "context %s: cannot start the collector thread", name);
		return false;
	}
	ui_set_collector(ui, c);
	/* never a join on the UI thread: the old cluster may be frozen */
	collector_abandon(old);
	if (old == ui->first_collector)
		ui->first_collector = NULL;
	if (ui->ctx_owned)
		options_free(&ui->ctx_opts);
	ui->ctx_opts = n;
	ui->ctx_owned = true;
	ui->opts = &ui->ctx_opts;
	/* the new context's theme, or back to the default one */
	if (colors_enabled() && strcmp(n.theme ? n.theme : "default", ui->theme))
		ui_theme_set(ui, n.theme ? n.theme : "default");
	ui_message(ui, false, "context %s: %s", name, n.bootstrap);
	return true;
}

/* At exit: the collector the UI was given or a switch made (abandoned,
 * so that quitting never waits for a poll of a frozen cluster), and the
 * options a switch made. */
void ui_context_free(kd_ui *ui)
{
	collector_abandon(ui->collector);
	ui->collector = ui->first_collector = NULL;
	if (ui->ctx_owned)
		options_free(&ui->ctx_opts);
	ui->ctx_owned = false;
	secrets_free(&ui->secrets);
}
