#!/usr/bin/env bash
# The dashboard with no cluster behind it (nothing listens on port 1): it
# says it is connecting, then shows the error with its age, keeps taking
# keys (panes, filter, help, refresh) without a crash, and q exits 0.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

S=ui-unreachable
kd_tmux_start "$S" 100 30 env LC_ALL=C "$KDECK" -b 127.0.0.1:1 -i 1 --timeout 1

wait_for() {
    local re
    for re in "$@"; do
        kd_tmux_wait_for "$S" "$re" 20 || kd_fail "never on screen: /$re/"
    done
}

wait_for '^kdeck ' ' 1 Brokers +2 Topics +3 Partitions' 'q Quit'
# the first poll has not answered, or has failed: never an empty screen
wait_for 'connecting to 127\.0\.0\.1:1|last error: '
wait_for 'last error: .*\([0-9]+s ago\)'
wait_for 'brokers - '

kd_tmux_keys "$S" 2 3 Tab / x Enter
wait_for 'filter /x/'
kd_tmux_keys "$S" Escape '?'
wait_for 'Quit kdeck'
kd_tmux_keys "$S" Escape r
wait_for 'polling the cluster now'
wait_for 'last error: '

kd_tmux_keys "$S" q
# tmux marks a pane dead when its terminal closes, a moment before it
# knows the exit status: wait for the status itself
exited() { local st; st=$(kd_tmux_exit_status "$S") && [ -n "$st" ]; }
kd_wait_until 20 exited || kd_fail "kdeck did not exit after q"
st=$(kd_tmux_exit_status "$S")
[ "$st" = 0 ] || kd_fail "kdeck exited $st after q"
echo "ui unreachable ok"
