/*
 * pane_groups.h: the consumer-group panes: every group (a root pane), one
 * group's members and partitions and the groups reading a topic (both
 * reached with Enter or a key), and the keys that change a group (offset
 * reset, deletion: previewed in the change pane, ui/pane_change.h).
 */
#ifndef KDECK_UI_PANE_GROUPS_H
#define KDECK_UI_PANE_GROUPS_H

#include <stdbool.h>

#include "pane.h"

struct kd_ui;

extern const kd_pane pane_groups;
extern const kd_pane pane_group;
extern const kd_pane pane_topic_groups;

/* A group table row's colour: its evaluated status' severity. */
kd_color_elem pane_groups_row_style(const kd_view_source *src, const kd_row *r);

/* Actions (keys.c): the groups of the selected topic; reset or delete the
 * selected group (preview first, through the gate). */
unsigned act_groups_pane(struct kd_ui *ui, int arg);
unsigned act_topic_groups(struct kd_ui *ui, int arg);
unsigned act_group_reset(struct kd_ui *ui, int arg);
unsigned act_group_delete(struct kd_ui *ui, int arg);
bool act_can_change_group(struct kd_ui *ui);

#endif
