/*
 * pane_form.h: a form over the current pane (src/form.h holds the fields):
 * open it, add the fields, and submit gets the filled form when every
 * check passes (the form is closed by then).
 */
#ifndef KDECK_UI_PANE_FORM_H
#define KDECK_UI_PANE_FORM_H

#include "form.h"
#include "pane.h"

struct kd_ui;
typedef struct ui_form ui_form;
typedef void (*ui_form_submit)(struct kd_ui *ui, const kd_form *f, void *ctx);

extern const kd_pane pane_form;

/* NULL when the pane stack is full (a message says so). */
kd_form *pane_form_open(struct kd_ui *ui, const char *title, ui_form_submit submit, void *ctx);

#endif
