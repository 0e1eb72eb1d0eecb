/*
 * view_groups.h: what the consumer-group panes need from the group tables
 * besides view.h: a row's evaluated status (for its colour) and the group
 * it stands for.
 */
#ifndef KDECK_VIEW_GROUPS_H
#define KDECK_VIEW_GROUPS_H

#include "groups_model.h"
#include "view.h"

/* The lag status a row of src (view_groups, view_group or
 * view_topic_groups) shows, or -1 (no such column, or unknown). */
int view_groups_row_status(const kd_view_source *src, const kd_row *r);

/* The group a view is about (view_group) or its selected row stands for
 * (view_groups, view_topic_groups), in the view's snapshot; NULL when
 * none. */
const kd_group *view_groups_group(const kd_view *v);

/* "12s", "3m20s", "2h05m": a duration for the group tables. */
char *view_fmt_duration(char *buf, size_t len, double seconds);

#endif
