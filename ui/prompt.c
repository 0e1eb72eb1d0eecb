/* prompt.c: the filter prompt in the bottom line.  The table follows the
 * text as it is typed (when it is a valid expression); Enter keeps it, Esc
 * puts back the filter and selection from before the prompt. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "keys.h"
#include "form.h"
#include "arena.h"
#include "ui_state.h"


void prompt_open(kd_ui *ui)
{
	kd_view *v = ui_view(ui);
	const char *f = v ? view_filter(v) : NULL;

	free(ui->prompt_saved);
	free(ui->prompt_saved_sel);
	ui->prompt_saved = kd_strdup(f);
	ui->prompt_saved_sel = kd_strdup(v ? v->sel_key : NULL);
	snprintf(ui->prompt, sizeof(ui->prompt), "%s", f ? f : "");
	ui->prompt_err[0] = '\0';
	ui->prompting = true;
}

static void prompt_close(kd_ui *ui)
{
	ui->prompting = false;
	ui->prompt_err[0] = '\0';
	free(ui->prompt_saved);
	free(ui->prompt_saved_sel);
	ui->prompt_saved = NULL;
	ui->prompt_saved_sel = NULL;
}

static void restore(kd_ui *ui, kd_view *v)
{
	view_set_filter(v, ui->prompt_saved, NULL, 0);
	if (ui->prompt_saved_sel)
		view_select_key(v, ui->prompt_saved_sel);
}

/* Filter as typed so far; an expression that does not compile yet (an
 * open parenthesis) leaves the last valid one and says why in the prompt. */
static unsigned preview(kd_ui *ui, kd_view *v)
{
	char err[sizeof(ui->prompt_err)];

	if (view_set_filter(v, ui->prompt, err, sizeof(err)) == 0)
		ui->prompt_err[0] = '\0';
	else
		snprintf(ui->prompt_err, sizeof(ui->prompt_err), "%s", err);
	return KD_DID_TABLE | KD_DID_STATUS;
}

static void erase_word(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && s[n - 1] != ' ')
		n--;
	s[n] = '\0';
}


/* The line editing both prompts share; false when key is not an edit. */
bool prompt_edit(kd_ui *ui, int key)
{
	switch (key) {
	case KEYS_FN(KEY_BACKSPACE):
		form_text_erase(ui->prompt);
		return true;
	case 'U' & 0x1f:
		ui->prompt[0] = '\0';
		return true;
	case 'W' & 0x1f:
		erase_word(ui->prompt);
		return true;
	default:
		if (key < ' ' || key == 127 || (key & KEYS_FN(0)))
			return false;
		form_text_append(ui->prompt, sizeof(ui->prompt), key);
		return true;
	}
}

/* ---- a pane's prompt (kd_prompt_ops) ------------------------------------ */

void prompt_open_ops(kd_ui *ui, const kd_prompt_ops *ops, const char *text)
{
	ui->prompt_ops = ops;
	snprintf(ui->prompt, sizeof(ui->prompt), "%s", text ? text : "");
	ui->prompt_err[0] = '\0';
	ui->prompting = true;
}

const char *prompt_label(const kd_ui *ui)
{
	if (ui->prompt_ops)
		return ui->prompt_ops->label;
	return ui->prompt_cmd ? ":" : "/";
}

static unsigned ops_key(kd_ui *ui, int key)
{
	const kd_prompt_ops *ops = ui->prompt_ops;
	char err[sizeof(ui->prompt_err)] = "", text[sizeof(ui->prompt)];

	switch (key) {
	case KEYS_ESC:
		ui->prompt_ops = NULL;
		prompt_close(ui);
		if (ops->cancel)
			ops->cancel(ui);
		return KD_DID_TABLE | KD_DID_STATUS;
	case '\n':
		snprintf(text, sizeof(text), "%s", ui->prompt);
		ui->prompt_ops = NULL;
		prompt_close(ui);
		if (!ops->accept(ui, text, err, sizeof(err))) {
			if (ops->cancel)
				ops->cancel(ui);
			ui_message(ui, true, "%s", err);
		}
		return KD_DID_TABLE | KD_DID_STATUS;
	default:
		if (!prompt_edit(ui, key))
			return KD_DID_NOTHING;
		if (!ops->preview)
			return KD_DID_STATUS;
		if (ops->preview(ui, ui->prompt, err, sizeof(err)))
			ui->prompt_err[0] = '\0';
		else
			snprintf(ui->prompt_err, sizeof(ui->prompt_err), "%s", err);
		return KD_DID_TABLE | KD_DID_STATUS;
	}
}

unsigned prompt_key(kd_ui *ui, int key)
{
	kd_view *v = ui_view(ui);
	char err[sizeof(ui->prompt_err)];

	if (ui->prompt_ops)
		return ops_key(ui, key);
	if (ui->prompt_cmd)
		return command_key(ui, key);
	if (!v) {
		prompt_close(ui);
		return KD_DID_STATUS;
	}
	switch (key) {
	case KEYS_ESC:
		restore(ui, v);
		prompt_close(ui);
		return KD_DID_TABLE | KD_DID_STATUS;
	case '\n':
		if (view_set_filter(v, ui->prompt, err, sizeof(err)) != 0) {
			restore(ui, v);
			prompt_close(ui);
			ui_message(ui, true, "%s", err);
		} else {
			/* n and N search with the last pattern, after Esc too */
			if (ui->prompt[0])
				snprintf(ui->search, sizeof(ui->search), "%s", ui->prompt);
			prompt_close(ui);
		}
		return KD_DID_TABLE | KD_DID_STATUS;
	case KEYS_FN(KEY_BACKSPACE):
		form_text_erase(ui->prompt);
		return preview(ui, v);
	case 'U' & 0x1f:
		ui->prompt[0] = '\0';
		return preview(ui, v);
	case 'W' & 0x1f:
		erase_word(ui->prompt);
		return preview(ui, v);
	default:
		if (key < ' ' || key == 127 || (key & KEYS_FN(0)))
			return KD_DID_NOTHING;
		form_text_append(ui->prompt, sizeof(ui->prompt), key);
		return preview(ui, v);
	}
}
