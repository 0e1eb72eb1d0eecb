/*
 * pane_change.h: the one pane that previews, confirms and applies any
 * change to the cluster (src/change/change.h).  An action that changes
 * something builds its spec and calls pane_change_open; the pane does the
 * rest off the UI thread.
 */
#ifndef KDECK_UI_PANE_CHANGE_H
#define KDECK_UI_PANE_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "change.h"
#include "pane.h"

struct kd_ui;

extern const kd_pane pane_change;

/* Plan the change of kind ops for spec on a worker and show its preview;
 * false with err (read-only, another preview open) and nothing started. */
bool pane_change_open(struct kd_ui *ui, const kd_change_ops *ops, const void *spec,
		      char *err, size_t errlen);

/* The session's action log (ui/pane_actions.c): record how a change
 * ended (also said on the status line); `:actions` shows the list. */
void actions_log_add(struct kd_ui *ui, const char *what, bool ok, const char *result);
unsigned act_actions_log(struct kd_ui *ui, int arg);

/* The kind of change the pane on top shows (NULL: none) and its spec
 * (once planned). */
const kd_change_ops *pane_change_ops(struct kd_ui *ui, const void **spec);

/* Confirmed changes whose pane was closed while they applied: poll them
 * (each second), log their end; free them at exit (never waits). */
unsigned pane_change_background(struct kd_ui *ui);
void pane_change_background_free(struct kd_ui *ui);

/* y on a preview: apply it. */
unsigned act_change_confirm(struct kd_ui *ui, int arg);
bool act_can_confirm_change(struct kd_ui *ui);

#endif
