/*
 * pane_groups.h: the consumer-group panes: every group (a root pane), one
 * group's members and partitions and the groups reading a topic (both
 * reached with Enter or a key), and the preview and confirmation of a
 * change to a group (offset reset, deletion).
 */
#ifndef KDECK_UI_PANE_GROUPS_H
#define KDECK_UI_PANE_GROUPS_H

#include <stdbool.h>

#include "pane.h"

struct kd_ui;

extern const kd_pane pane_groups;
extern const kd_pane pane_group;
extern const kd_pane pane_topic_groups;
extern const kd_pane pane_group_change;

/* A group table row's colour: its evaluated status' severity. */
kd_color_elem pane_groups_row_style(const kd_view_source *src, const kd_row *r);

/* Actions (keys.c): the groups of the selected topic; reset or delete the
 * selected group (preview first, through the gate); confirm or cancel the
 * change shown. */
unsigned act_groups_pane(struct kd_ui *ui, int arg);
unsigned act_topic_groups(struct kd_ui *ui, int arg);
unsigned act_group_reset(struct kd_ui *ui, int arg);
unsigned act_group_delete(struct kd_ui *ui, int arg);
unsigned act_group_change_confirm(struct kd_ui *ui, int arg);
bool act_can_change_group(struct kd_ui *ui);
bool act_can_confirm_change(struct kd_ui *ui);

#endif
