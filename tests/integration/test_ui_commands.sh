#!/usr/bin/env bash
# The ':' prompt in a real terminal (kdeck --demo in tmux): every pane is a
# command of its name (:replicas, :quorum, :groups, :brokers), every action
# of the key table runs by its name (:sort-next, :sort-invert), an action
# outside its pane and an unknown word get a clear message, Tab completes
# action names, and the help lists every action by name.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require tmux

S=ui-cmd
kd_tmux_start "$S" 140 40 "$KDECK" --demo -i 1
wait_for() { kd_screen_expect "$S" 15 "$@"; }
cmd() { kd_tmux_keys "$S" : "$1" Enter; }

wait_for 'brokers 3/3'
cmd replicas
wait_for 'TOPIC.? +PART +BROKER .*LAG'
cmd quorum
wait_for 'ID.? +ROLE'
cmd groups
wait_for 'GROUP.? '
cmd brokers
wait_for 'ID.? +HOST:PORT +RACK +STATUS'

# actions by name
cmd topics
wait_for 'sort NAME'
cmd sort-next
wait_for 'sort PARTS'
cmd sort-invert
wait_for 'sort PARTS(v|▼)'
# an action of another pane, and an unknown word
cmd message-top
wait_for ':message-top works in the message pane, not here'
cmd no-such-thing
wait_for 'unknown command :no-such-thing'

# Tab completes action names
kd_tmux_keys "$S" : sort-in Tab
wait_for ':sort-invert'
kd_tmux_keys "$S" Escape

# the help names every action
cmd help
wait_for '\(:sort-next\)' '\(:pane-replicas\)'
kd_tmux_keys "$S" x
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"
