#!/usr/bin/env bash
# A crash must not leave the operator's terminal raw: abort() in the
# dashboard (as an arena out of memory would) puts the terminal back (main
# screen, cursor shown) before dying, and the process still dies by the
# signal (exit 134), so the shell reports the crash.  Checked with tmux's
# own view of the pane's terminal state.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require tmux
kd_require pgrep

kd_tmux_start crash 100 30 "$KDECK" --demo
kd_screen_expect crash 30 'Brokers'
state=$(kd__tmux display -p -t crash 'alt=#{alternate_on} cursor=#{cursor_flag}')
[ "$state" = "alt=1 cursor=0" ] || kd_fail "the dashboard is not on the alternate screen: $state"
sh_pid=$(kd__tmux display -p -t crash '#{pane_pid}')
pid=$(pgrep -P "$sh_pid" | head -1)
[ -n "$pid" ] || kd_fail "no kdeck process under the pane"
kill -ABRT "$pid"
kd_tmux_wait_exit crash 10 || kd_fail "kdeck did not die"
[ "$(kd_tmux_exit_status crash)" = 134 ] || kd_fail "exit status $(kd_tmux_exit_status crash), not 134 (SIGABRT)"
state=$(kd__tmux display -p -t crash 'alt=#{alternate_on} cursor=#{cursor_flag}')
[ "$state" = "alt=0 cursor=1" ] || kd_fail "the terminal was left raw after the crash: $state"
kd_log "after SIGABRT: $state"
