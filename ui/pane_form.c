/* pane_form.c: the one form widget of the dashboard, over src/form.h: the
 * fields with their labels, the focused one marked, each field's check
 * message under it; Tab between fields, C-o completes a config key, Enter
 * submits (the form's submit opens the change's preview), Esc cancels.
 * Each open form is the pane's instance; it takes every key while shown. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "keys.h"
#include "pane_form.h"
#include "ui_state.h"

struct ui_form {
	kd_form form;
	ui_form_submit submit;
	void *ctx;
};

static int line(kd_ui *ui, int y, int w, kd_color_elem c, const char *text)
{
	draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
	draw_text(y, TABLE_GUTTER, w, colors_attr(c), text, ui->utf8);
	return y + 1;
}

static void draw(kd_ui *ui, int y, int h, int w)
{
	const ui_form *uf = ui_pane_inst(ui);
	int end = y + h;
	char buf[FORM_VALUE_MAX + 64];
	if (uf) {
		const kd_form *f = &uf->form;
		y = line(ui, y, w, KD_COLOR_TITLE, f->title);
		y = line(ui, y, w, KD_COLOR_DEFAULT, "");
		for (int i = 0; i < f->n_fields && y + 1 < end; i++) {
			const form_field *fd = &f->fields[i];
			bool focus = i == f->focus;
			snprintf(buf, sizeof(buf), "%s %-20s %s%s", focus ? ">" : " ", fd->label,
				 fd->value, focus ? "_" : "");
			y = line(ui, y, w, focus ? KD_COLOR_TABLE_HEADER : KD_COLOR_DEFAULT, buf);
			if (fd->error[0])
				snprintf(buf, sizeof(buf), "  %-20s %s", "", fd->error);
			else if (!fd->value[0] && fd->hint)
				snprintf(buf, sizeof(buf), "  %-20s (%s)", "", fd->hint);
			else
				buf[0] = '\0';
			y = line(ui, y, w, fd->error[0] ? KD_COLOR_STATUS_ERROR : KD_COLOR_EMPTY, buf);
		}
		if (y < end)
			y = line(ui, y, w, KD_COLOR_STATUS_WARN,
				 "Tab: next field   C-o: complete a config key   Enter: preview   "
				 "Esc: cancel (nothing is sent)");
	}
	for (; y < end; y++)
		draw_fill(y, 0, w, colors_attr(KD_COLOR_DEFAULT));
}

static unsigned key(kd_ui *ui, int k)
{
	ui_form *uf = ui_pane_inst(ui);
	if (!uf)
		return KD_DID_NOTHING;
	int fk = k == KEYS_FN(KEY_BTAB) ? FORM_KEY_BACKTAB
		: k == KEYS_FN(KEY_BACKSPACE) ? FORM_KEY_BACKSPACE
		: k == ('O' & 0x1f) ? FORM_KEY_COMPLETE
		: (k & KEYS_FN(0)) ? -100 : k;
	if (fk == -100)
		return KD_DID_NOTHING;
	switch (form_key(&uf->form, fk)) {
	case FORM_CANCELLED:
		ui_pop(ui);
		ui_message(ui, false, "cancelled: nothing was sent");
		return KD_DID_SCREEN | KD_DID_STATUS;
	case FORM_SUBMITTED: {
		/* the form goes, the preview comes */
		ui_form_submit submit = uf->submit;
		void *ctx = uf->ctx;
		kd_form copy = uf->form;
		ui_pop(ui);
		submit(ui, &copy, ctx);
		return KD_DID_SCREEN | KD_DID_STATUS;
	}
	default:
		return KD_DID_SCREEN;
	}
}

static void close_form(kd_ui *ui, void *inst)
{
	(void)ui;
	free(inst);
}

const kd_pane pane_form = {
	.name = "form",
	.draw = draw,
	.key = key,
	.close = close_form,
};

kd_form *pane_form_open(kd_ui *ui, const char *title, ui_form_submit submit, void *ctx)
{
	ui_form *uf = calloc(1, sizeof(*uf));
	if (!uf)
		abort();
	uf->form.title = title;
	uf->submit = submit;
	uf->ctx = ctx;
	if (!ui_push_pane(ui, &pane_form, uf)) {
		free(uf);
		return NULL;
	}
	return &uf->form;
}
