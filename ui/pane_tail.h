/*
 * pane_tail.h: the message tail pane and the message detail pane.
 *
 * A tail opens above the Topics or Partitions pane (t on a topic, Enter or
 * t on a partition, or pane_tail_open from command mode); Esc closes it
 * and stops its consumer.  Enter on a message opens it in the detail pane.
 * The consumer and its buffer live in src/ (tail_live.h, tail_buffer.h):
 * these panes only read them.
 */
#ifndef KDECK_UI_PANE_TAIL_H
#define KDECK_UI_PANE_TAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "pane.h"
#include "tail_buffer.h"

struct kd_ui;

extern const kd_pane pane_tail;
extern const kd_pane pane_message;

/* The start a tail opened without one uses: the last 100 messages of
 * each partition, then new ones. */
#define PANE_TAIL_DEFAULT_START "-100"

/* Tail topic (partition -1: all of them) from start (see
 * tail_parse_start; NULL: the default) above the pane shown.  False, with
 * the reason in the bottom line, when it cannot. */
bool pane_tail_open(struct kd_ui *ui, const char *topic, int32_t partition,
		    const char *start);

/* Show a copy of a message above the tail; the pane frees e. */
void pane_message_open(struct kd_ui *ui, tail_entry *e, msgfmt_format key_fmt,
		       msgfmt_format value_fmt);

/* The next format in the cycle auto, json, text, hex, base64. */
msgfmt_format pane_tail_next_format(msgfmt_format f);

/* ---- actions (the table in keys.c) ------------------------------------- */

/* Topics and Partitions panes: tail the selected topic (arg 0) or
 * partition (arg 1). */
unsigned act_tail_open(struct kd_ui *ui, int arg);
bool act_can_tail_open(struct kd_ui *ui);

/* In the tail.  act_tail_move: -1/1 a message, -2/2 a page, -3 the
 * oldest, 3 follow the newest. */
unsigned act_tail_move(struct kd_ui *ui, int how);
unsigned act_tail_detail(struct kd_ui *ui, int arg);
unsigned act_tail_pause(struct kd_ui *ui, int arg);
unsigned act_tail_filter(struct kd_ui *ui, int arg);
unsigned act_tail_start(struct kd_ui *ui, int arg);
/* arg 0: values, 1: keys. */
unsigned act_tail_format(struct kd_ui *ui, int arg);
/* arg 0: what is shown (the filtered messages), 1: every message held. */
unsigned act_tail_save(struct kd_ui *ui, int arg);
unsigned act_tail_capacity(struct kd_ui *ui, int arg);
bool act_tail_has_message(struct kd_ui *ui);

/* In the detail pane: scroll like act_tail_move; formats like
 * act_tail_format. */
unsigned act_message_scroll(struct kd_ui *ui, int how);
unsigned act_message_format(struct kd_ui *ui, int arg);

#endif
