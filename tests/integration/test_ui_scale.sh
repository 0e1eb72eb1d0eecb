#!/usr/bin/env bash
# A table too big to rebuild on the UI thread: tests/tools/kafka_sim
# serves 20,000 partitions (offsets growing every second) and kdeck's
# Partitions pane (3) rebuilds its rows off the UI thread for each new
# snapshot (src/view_job.c, from 5,000 rows).  In a real terminal: the
# rows follow the data poll after poll while the sort, the filter and the
# selected row the operator set stay, also when set between two polls,
# and kdeck exits cleanly (the sanitizer build checks the threads' memory
# and the snapshots' references).  No Kafka needed; nothing is timed.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux
sim=$top_builddir/tests/tools/kafka_sim
[ -x "$sim" ] || kd_fail "build tests/tools/kafka_sim first"
"$sim" -n 6 -p 20000 -g 10 -o "$KD_TMP/boot" 2> "$KD_TMP/sim.err" &
pid=$!
kd_on_exit "kill $pid 2>/dev/null"
kd_wait_until 10 test -s "$KD_TMP/boot" || kd_fail "the simulator did not start: $(cat "$KD_TMP/sim.err")"

loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8
S=ui-scale
kd_tmux_start "$S" 150 40 env LC_ALL="$loc" "$KDECK" -b "$(cat "$KD_TMP/boot")" -i 1
w() { kd_tmux_wait_for "$S" "$1" "${2:-30}" || kd_fail "never on screen: /$1/"; }
# HIGH of topic $1 partition $2 on screen ("" if not shown): after the
# row's marker, the third field from the end (HIGH MSGS/S SIZE)
high() { kd_tmux_capture "$S" | cut -c3- | awk -v t="$1" -v p="$2" '$1 == t && $2 == p { print $(NF - 2); exit }'; }
# the value changes: the rows were rebuilt from a newer snapshot
grows() { # TOPIC PART
    g_topic=$1 g_part=$2
    g_before=$(high "$g_topic" "$g_part")
    [ -n "$g_before" ] || kd_fail "no row $1/$2 on screen: $(kd_tmux_capture "$S")"
    kd_wait_until 20 eval 'g_now=$(high "$g_topic" "$g_part"); [ -n "$g_now" ] && [ "$g_now" -gt "$g_before" ]' ||
        kd_fail "the HIGH of $1/$2 stayed $g_before: the rows do not follow the data"
}

w '^kdeck [A-Za-z0-9_-]+ +connected'
kd_tmux_keys "$S" 3
w 'TOPIC.? +PART +LEADER +REPLICAS +ISR'
w ' 1/20050$'
w '^. __consumer_offsets +0 +[1-6] +[1-6],[1-6],[1-6] '

# the sort the operator sets stays while the rows follow the data
kd_tmux_keys "$S" I
w 'sort TOPIC(v|▼)  20001/20050$'     # the selection stays on its row
kd_tmux_keys "$S" Home
w 'sort TOPIC(v|▼)  1/20050$'
w '^. sim\.00199 +0 +[1-6] '
grows sim.00199 0
w '^. sim\.00199 +0 +[1-6] '

# a filter (a regular expression with a literal part) and a selection
kd_tmux_keys "$S" / 'sim\.0004[0-9]$' Enter
w ' 1/1000 of 20050$'
kd_tmux_keys "$S" Down Down Down Down Down
w ' 6/1000 of 20050$'
w '^. sim\.00049 +0 +[1-6] '
grows sim.00049 0
grows sim.00049 0
w ' 6/1000 of 20050$'
[ "$(kd_tmux_capture "$S" | grep -Ec '^. sim\.' )" -gt 20 ] || kd_fail "rows went missing: $(kd_tmux_capture "$S")"
kd_tmux_capture "$S" | grep -E '^. sim\.' | grep -Ev '^. sim\.0004[0-9] ' &&
    kd_fail "a row the filter refuses is on screen"

# changed between two polls: sort back, another filter, then wait
kd_tmux_keys "$S" I / C-u 'sim\.0012[0-4]$' Enter
w ' 500/500 of 20050$'       # its row is gone: the same place, at most the last
kd_tmux_keys "$S" Home
w ' 1/500 of 20050$'
w 'sort TOPIC(\^|▲)'
w '^. sim\.00120 +0 +[1-6] '
grows sim.00120 0
w ' 1/500 of 20050$'
w '^. sim\.00120 +0 +[1-6] '

# another pane and back: the big table is built again off the UI thread
# (for a moment it says so), with the filter, sort and selected row kept
kd_tmux_keys "$S" Down Down 1
w 'HOST:PORT'
kd_tmux_keys "$S" 3
w ' 3/500 of 20050$'
w 'sort TOPIC(\^|▲)'
w '^. sim\.00120 +2 +[1-6] '
grows sim.00120 2

kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 15 || kd_fail "q did not quit"
st=$(kd_tmux_exit_status "$S")
[ "$st" = 0 ] || kd_fail "kdeck exited $st after q"
echo ok
