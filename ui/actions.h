/*
 * actions.h: what the keys do.  Each handler changes the UI state and
 * returns what it caused (KD_DID_*); it never draws.  The table tying
 * them to names, keys and help text is keys_actions[] in keys.c.
 */
#ifndef KDECK_UI_ACTIONS_H
#define KDECK_UI_ACTIONS_H

#include <stdbool.h>

struct kd_ui;

unsigned act_quit(struct kd_ui *ui, int arg);
unsigned act_help(struct kd_ui *ui, int arg);
unsigned act_refresh(struct kd_ui *ui, int arg);
unsigned act_pane(struct kd_ui *ui, int index);
unsigned act_pane_step(struct kd_ui *ui, int delta);
unsigned act_move(struct kd_ui *ui, int delta);
unsigned act_page(struct kd_ui *ui, int delta);
unsigned act_home(struct kd_ui *ui, int arg);
unsigned act_end(struct kd_ui *ui, int arg);
unsigned act_sort_step(struct kd_ui *ui, int delta);
unsigned act_sort_invert(struct kd_ui *ui, int arg);
unsigned act_filter(struct kd_ui *ui, int arg);
unsigned act_open(struct kd_ui *ui, int arg);
unsigned act_back(struct kd_ui *ui, int arg);
unsigned act_group_rack(struct kd_ui *ui, int arg);

/* search.c: n / N */
unsigned act_search(struct kd_ui *ui, int dir);
bool act_can_search(struct kd_ui *ui);
/* command.c: the ':' prompt */
unsigned act_command(struct kd_ui *ui, int arg);

bool act_can_open(struct kd_ui *ui);
bool act_can_go_back(struct kd_ui *ui);

/* actions_topics.c: create a topic (a form, then the change pane). */
unsigned act_topic_create(struct kd_ui *ui, int arg);
unsigned act_topic_delete(struct kd_ui *ui, int arg);
unsigned act_topic_partitions(struct kd_ui *ui, int arg);
unsigned act_topic_configs(struct kd_ui *ui, int arg);
unsigned act_broker_configs(struct kd_ui *ui, int arg);
unsigned act_topic_produce(struct kd_ui *ui, int arg);
unsigned act_topic_config_edit(struct kd_ui *ui, int arg);
bool act_can_edit_config(struct kd_ui *ui);

/* actions_reassign.c: R, E, and the Reassignments pane's x X T F. */
unsigned act_reassign(struct kd_ui *ui, int arg);
unsigned act_elect_leaders(struct kd_ui *ui, int arg);
unsigned act_reassign_cancel(struct kd_ui *ui, int all);
unsigned act_reassign_throttle(struct kd_ui *ui, int arg);
unsigned act_reassign_finish(struct kd_ui *ui, int arg);

/* actions_replay.c: the replay's keys (arg: play, back, forward, previous
 * event, next event, faster, slower, or KD_REPLAY_KEY_JUMP). */
#define KD_REPLAY_KEY_JUMP 7
unsigned act_replay(struct kd_ui *ui, int arg);
bool act_can_replay(struct kd_ui *ui);

/* pane_msk.c: o, the MSK cluster's operations. */
unsigned act_msk_operations(struct kd_ui *ui, int arg);

#endif
