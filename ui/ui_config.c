/* ui_config.c: what the config file and the themes change in the UI: the
 * user's key bindings, the theme (at start and with :theme), the mouse.
 * A mistake in any of them is shown with its file, line and column and
 * leaves kdeck on its defaults for that part. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "theme.h"
#include "ui_state.h"

/* Check every [keys] line before binding any, so a mistake binds
 * nothing; then each action listed loses its default keys for the ones
 * given ("none" leaves it unbound). */
static int apply_bindings(const kd_config *cfg, char *err, size_t len)
{
	const char *file = cfg->path ? cfg->path : "config";

	for (int i = 0; i < cfg->n_bindings; i++) {
		const kd_config_binding *b = &cfg->bindings[i];
		const char *p = b->keys;
		int k = 0;

		if (!keys_action(b->action)) {
			snprintf(err, len, "%s:%d:%d: no action '%s' (the help overlay, ?, names "
				 "them in doc/config.md)", file, b->line, b->action_col, b->action);
			return -1;
		}
		while (*p) {
			char spec[64];
			size_t n;

			p += strspn(p, " \t");
			n = strcspn(p, " \t");
			if (!n)
				break;
			snprintf(spec, sizeof(spec), "%.*s", (int)(n < 63 ? n : 63), p);
			if (strcmp(spec, "none") && keys_parse(spec) == KEYS_NONE) {
				snprintf(err, len, "%s:%d:%d: '%s' is not a key (try q, C-l, Enter, "
					 "PgDn, F5)", file, b->line, k < 16 ? b->key_cols[k] : b->keys_col,
					 spec);
				return -1;
			}
			p += n;
			k++;
		}
	}
	for (int i = 0; i < cfg->n_bindings; i++) {
		const kd_config_binding *b = &cfg->bindings[i];
		const char *p = b->keys;

		keys_unbind_action(keys_action(b->action));
		while (*p) {
			char spec[64];
			size_t n;
			int rc;

			p += strspn(p, " \t");
			n = strcspn(p, " \t");
			if (!n)
				break;
			snprintf(spec, sizeof(spec), "%.*s", (int)(n < 63 ? n : 63), p);
			p += n;
			if (!strcmp(spec, "none"))
				continue;
			rc = keys_bind(b->action, spec);
			if (rc != KEYS_OK) {
				snprintf(err, len, "%s:%d:%d: %s", file, b->line, b->keys_col,
					 keys_strerror(rc));
				return -1;
			}
		}
	}
	return 0;
}

/* Load name and apply it; false with why in err. */
static bool load_theme(kd_ui *ui, const char *name, char *err, size_t len)
{
	kd_theme t;
	kd_ini_error e;

	if (theme_load(&t, name, colors_names(), KD_COLOR_COUNT, &e)) {
		ini_error_format(&e, err, len);
		return false;
	}
	colors_apply_theme(&t);
	snprintf(ui->theme, sizeof(ui->theme), "%s", t.name);
	return true;
}

bool ui_theme_set(kd_ui *ui, const char *name)
{
	char err[400];

	if (!colors_enabled()) {
		ui_message(ui, true, "colours are off (NO_COLOR, or a terminal without them): "
			   "the monochrome look stays");
		return false;
	}
	if (!load_theme(ui, name, err, sizeof(err))) {
		ui_message(ui, true, "theme %s stays: %s", ui->theme, err);
		return false;
	}
	ui_message(ui, false, "theme %s", ui->theme);
	return true;
}

void ui_config_apply(kd_ui *ui)
{
	const kd_config *cfg = ui->opts ? ui->opts->config : NULL;
	const char *theme = ui->opts && ui->opts->theme ? ui->opts->theme : "default";
	char msgs[3][400];
	int n = 0;

	if (cfg && cfg->error)
		snprintf(msgs[n++], sizeof(msgs[0]), "%s (config file ignored)", cfg->error);
	if (cfg && apply_bindings(cfg, msgs[n], sizeof(msgs[0])) != 0) {
		keys_init();
		snprintf(msgs[n] + strlen(msgs[n]), sizeof(msgs[0]) - strlen(msgs[n]),
			 " (default keys kept)");
		n++;
	}
	snprintf(ui->theme, sizeof(ui->theme), "%s", colors_enabled() ? "default" : "mono");
	if (colors_enabled() && !load_theme(ui, theme, msgs[n], sizeof(msgs[0]))) {
		snprintf(msgs[n] + strlen(msgs[n]), sizeof(msgs[0]) - strlen(msgs[n]),
			 " (default theme used)");
		colors_apply_theme(NULL);
		n++;
	}
	ui->mouse = !cfg || cfg->mouse != 0;
	mouse_enable(ui->mouse);
	if (n == 1)
		ui_message(ui, true, "%s", msgs[0]);
	else if (n == 2)
		ui_message(ui, true, "%s; %s", msgs[0], msgs[1]);
	else if (n == 3)
		ui_message(ui, true, "%s; %s; %s", msgs[0], msgs[1], msgs[2]);
}
