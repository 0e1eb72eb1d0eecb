#!/usr/bin/env bash
# The replica lag pane (4) and the quorum pane (5) in a real terminal,
# against kdeck --demo, whose followers trail their leaders a little and
# whose 3 voters answer DescribeQuorum (the demo's responder): the replica
# pane lists followers, most behind first, and opens a replica's topic;
# the quorum pane shows the leader, the epoch and the voters.  Sorting by
# each column, the help entries, and 80x24 are checked too.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8

S=ui-replicas
kd_tmux_start "$S" 120 40 env LC_ALL="$loc" "$KDECK" --demo -i 1

screen() { kd_tmux_capture "$S"; }
wait_for() { kd_screen_expect "$S" 15 "$@"; }
refute() { kd_screen_refute "$S" "$@"; }

UP='(\^|▲)'
DOWN='(v|▼)'
HEAD="TOPIC +PART +BROKER +RACK +LEADER +LAG$DOWN +LAG BYTES +ISR +STATE"

wait_for '^kdeck .*connected' 'brokers 3/3'
wait_for ' 1 Brokers +2 Topics +3 Partitions +4 Replicas +5 Quorum '

# ---- replica lag: every column, most behind first, and an honest empty line --
kd_tmux_keys "$S" 4
wait_for "^  $HEAD *$" 'sort LAG'"$DOWN"'  1/[1-9][0-9]*$'
# followers behind their leader, with the lag in messages and bytes
wait_for '^. [a-z_.]+ +[0-9]+ +[123] zone-[abc] +[123] +[1-9][0-9]* +[0-9.]+[KMG]?B +in +live'
refute 'waiting for the first poll' 'nothing to show' 'not measured'

# sortable by every column: > walks them (keeping the direction), I inverts
kd_tmux_keys "$S" '>'
wait_for "LAG +LAG BYTES$DOWN" 'sort LAG BYTES'"$DOWN"
kd_tmux_keys "$S" '>' '>' I
wait_for 'sort STATE'"$UP" "ISR +STATE$UP"
kd_tmux_keys "$S" '>'
wait_for 'sort TOPIC'"$UP" "TOPIC$UP +PART"
kd_tmux_keys "$S" '>' '>' '>' I
wait_for 'sort RACK'"$DOWN" "BROKER +RACK$DOWN +LEADER"
# two more: back to the default, lag descending
kd_tmux_keys "$S" '>' '>'
wait_for "^  $HEAD *$"

# Enter opens the replica's topic
kd_tmux_keys "$S" g Enter
wait_for 'Partitions of topic [a-z_.]+'
kd_tmux_keys "$S" Escape

# ---- quorum: the demo's 3 voters -----------------------------------------------
kd_tmux_keys "$S" 5
wait_for '^  leader [123]  epoch [0-9]+  high watermark [0-9]+  voters 3  observers 0 *$'
wait_for "^  ID$UP +ROLE +LOG END +LAG +BEHIND HW +LAST FETCH +CAUGHT UP *$"
wait_for '^\* +[123] leader ' '^  +[123] voter '
# the line sits between the tabs and the column titles
s=$(screen)
sed -n 4p <<< "$s" | grep -q '^  leader [123]  epoch' ||
    kd_fail "line 4 should be the quorum line: $s"
# Tab from the last pane (Alerts, after the quorum, the groups, the
# reassignments, MSK and the events) wraps to the first
kd_tmux_keys "$S" Tab Tab Tab Tab Tab Tab
wait_for 'HOST:PORT'
refute 'high watermark'

# ---- help lists the panes' keys ------------------------------------------------
kd_tmux_keys "$S" '?'
wait_for '^ *4 +Show the replica lag' '^ *5 +Show the KRaft quorum'
# the brokers' keys are further down
kd_tmux_keys "$S" PgDn
wait_for '^ *z +Group the brokers by rack'
kd_tmux_keys "$S" '?'
wait_for 'HOST:PORT'

# ---- 80x24: both panes still say what they mean ----------------------------------
kd__tmux resize-window -t "$S" -x 80 -y 24
kd_tmux_keys "$S" 4
wait_for '^  TOPIC +PART +BROKER +(RACK +)?(LEADER +)?LAG' '^. [a-z_.]+ +[0-9]+ +[123] '
kd_wait_until 10 test "$(screen | wc -l)" = 24 || kd_fail "the screen is not 24 lines"
s=$(screen)
[ "$(LC_ALL=$loc wc -L <<< "$s")" -le 80 ] || kd_fail "a line wider than 80: $s"
grep -Eq "LAG$DOWN( +LAG BYTES)? +ISR +STATE" <<< "$s" ||
    kd_fail "80 columns should keep LAG, ISR and STATE: $s"
kd_tmux_keys "$S" 5
wait_for '^  leader [123]  epoch' 'LAST FETCH'

kd_tmux_keys "$S" q
exited() { local st; st=$(kd_tmux_exit_status "$S") && [ -n "$st" ]; }
kd_wait_until 15 exited || kd_fail "kdeck did not exit after q"
[ "$(kd_tmux_exit_status "$S")" = 0 ] || kd_fail "kdeck exited $(kd_tmux_exit_status "$S") after q"
echo "ui replicas ok"
