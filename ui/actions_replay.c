/* actions_replay.c: the keys of kdeck --replay: p play or pause, [ ] one
 * record back or forward, { } the previous or next record with a new
 * event, + - speed, J jump to a time.  The collector's replay thread
 * loads the record; the keys only ask. */
#include "config.h"

#include <stdio.h>

#include "actions.h"
#include "keys.h"
#include "ui_state.h"

bool act_can_replay(kd_ui *ui)
{
	kd_replay_status st;
	return collector_replay_status(ui->collector, &st);
}

static bool jump_accept(kd_ui *ui, const char *text, char *err, size_t errlen)
{
	int64_t ms;
	if (collector_replay_time(ui->collector, text, &ms, err, errlen))
		return false;
	collector_replay(ui->collector, KD_REPLAY_SEEK, ms);
	return true;
}

static const kd_prompt_ops jump_ops = {
	.label = "jump to (ISO time, HH:MM[:SS], +10m from the start, -5m from the end): ",
	.accept = jump_accept,
};

unsigned act_replay(kd_ui *ui, int arg)
{
	static const struct { kd_replay_cmd cmd; int64_t arg; } map[] = {
		{ KD_REPLAY_PLAY, 0 }, { KD_REPLAY_STEP, -1 }, { KD_REPLAY_STEP, 1 },
		{ KD_REPLAY_EVENT, -1 }, { KD_REPLAY_EVENT, 1 }, { KD_REPLAY_SPEED, 1 },
		{ KD_REPLAY_SPEED, -1 },
	};
	if (!act_can_replay(ui)) {
		ui_message(ui, true, "not a replay (kdeck --replay FILE)");
		return KD_DID_STATUS;
	}
	if (arg == KD_REPLAY_KEY_JUMP) {
		prompt_open_ops(ui, &jump_ops, "");
		return KD_DID_STATUS;
	}
	if (arg < 0 || arg >= (int)(sizeof(map) / sizeof(map[0])))
		return KD_DID_NOTHING;
	collector_replay(ui->collector, map[arg].cmd, map[arg].arg);
	return KD_DID_STATUS;
}
