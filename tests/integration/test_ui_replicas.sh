#!/usr/bin/env bash
# The replica lag pane (4) and the quorum pane (5) in a real terminal,
# against kdeck --demo: librdkafka's mock cluster keeps every replica in
# the ISR and cannot describe a KRaft quorum, so the replica pane must say
# the replicas are in sync (not show a blank table) and the quorum pane
# must say the quorum is n/a.  Sorting by each column, the help entries,
# and 80x24 are checked too.
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
wait_for "^  $HEAD *$" 'sort LAG'"$DOWN"'  0/0$'
# 23 partitions x 2 followers, none measurable on the mock cluster
wait_for '^  all replicas in sync(; lag not measured for [0-9]+ of 46 followers)?$'
refute '^. [a-z_.]+ +[0-9]+ +[123] ' 'waiting for the first poll' 'nothing to show'

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

# Enter has no row to open
kd_tmux_keys "$S" Enter
wait_for 'no row selected in replicas'

# ---- quorum: n/a on the mock cluster ------------------------------------------
kd_tmux_keys "$S" 5
wait_for '^  quorum: n/a on this cluster *$'
wait_for "^  ID$UP +ROLE +LOG END +LAG +BEHIND HW +LAST FETCH +CAUGHT UP *$"
wait_for '^  no voters to show *$'
# the line sits between the tabs and the column titles
s=$(screen)
[ "$(sed -n 4p <<< "$s")" = '  quorum: n/a on this cluster' ] ||
    kd_fail "line 4 should be the quorum line: $s"
# Tab from the last pane (MSK, after the quorum, the groups and the reassignments) wraps to the first
kd_tmux_keys "$S" Tab Tab Tab Tab
wait_for 'HOST:PORT'
refute 'quorum: n/a'

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
wait_for '^  TOPIC +PART +BROKER +(RACK +)?(LEADER +)?LAG' '^  all replicas in sync'
kd_wait_until 10 test "$(screen | wc -l)" = 24 || kd_fail "the screen is not 24 lines"
s=$(screen)
[ "$(LC_ALL=$loc wc -L <<< "$s")" -le 80 ] || kd_fail "a line wider than 80: $s"
grep -Eq "LAG$DOWN( +LAG BYTES)? +ISR +STATE" <<< "$s" ||
    kd_fail "80 columns should keep LAG, ISR and STATE: $s"
kd_tmux_keys "$S" 5
wait_for '^  quorum: n/a on this cluster' 'LAST FETCH'

kd_tmux_keys "$S" q
exited() { local st; st=$(kd_tmux_exit_status "$S") && [ -n "$st" ]; }
kd_wait_until 15 exited || kd_fail "kdeck did not exit after q"
[ "$(kd_tmux_exit_status "$S")" = 0 ] || kd_fail "kdeck exited $(kd_tmux_exit_status "$S") after q"
echo "ui replicas ok"
