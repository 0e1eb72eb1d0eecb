#!/usr/bin/env bash
# Throughput and broker health in a real terminal, against kdeck --demo:
# the header's msgs/s and bytes/s with the msgs/s history as a sparkline,
# the TREND columns of the brokers and topics tables, log sizes and byte
# rates (the demo answers DescribeLogDirs for the mock cluster), the rack
# column and z grouping the brokers by rack, at 120x40 and 80x24.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8

S=ui-throughput
kd_tmux_start "$S" 120 40 env LC_ALL="$loc" "$KDECK" --demo -i 1

screen() { kd_tmux_capture "$S"; }
wait_for() { kd_screen_expect "$S" 15 "$@"; }
refute() { kd_screen_refute "$S" "$@"; }

# one sparkline cell, UTF-8 blocks or the ASCII fallback
if [ "$loc" = C ]; then
    G='[_.,=+*#-]'
else
    G='(▁|▂|▃|▄|▅|▆|▇|█)'
fi
RATE='[0-9][0-9.]*k?'
BYTES='[0-9][0-9.]*[KMGT]?B?'

# ---- header: msgs/s with its history, bytes/s ----------------------------------
wait_for '^kdeck .*connected' 'brokers 3/3'
# the demo produces ~200 msgs/s; the history needs two polls to draw
wait_for "^brokers 3/3 .* msgs/s $RATE $G{3,}  bytes/s $BYTES( $G+)? *\$"

# ---- brokers: rack, trend, byte rates and log sizes ---------------------------------
wait_for 'ID.? +HOST:PORT +RACK +STATUS +LEADERS +REPLICAS +MSGS IN/S +TREND +BYTES IN/S +LOG SIZE'
zones=(- zone-a zone-b zone-c)
for b in 1 2 3; do
    wait_for "^.  +$b 127\\.0\\.0\\.1:[0-9]+ +${zones[$b]} +up +[0-9]+ +[0-9]+ +$RATE +$G{3,} +$BYTES +$BYTES "
done
refute '^.  +[123] 127\.0\.0\.1:[0-9]+ .* up .* - +- '

# ---- z groups the brokers by rack, z again stops -----------------------------------
kd_tmux_keys "$S" z
wait_for 'grouped by rack' 'by RACK  sort ID(\^|▲)'
s=$(screen)
[ "$(grep -Ec '^.  +[123] 127\.0\.0\.1:[0-9]+ +zone-[abc] +up ' <<< "$s")" = 3 ] ||
    kd_fail "grouping must keep the three brokers, one per zone: $s"
# sorting inside the groups: every rack holds one broker, so the rack
# order wins over id descending
kd_tmux_keys "$S" I
wait_for 'by RACK  sort ID(v|▼)'
first=$(screen | grep -E '^.  +[123] 127\.0\.0\.1' | head -1)
[[ $first == *zone-a* ]] || kd_fail "grouped by rack, zone-a comes first whatever the sort: $first"
kd_tmux_keys "$S" I z
wait_for 'not grouped by rack'
refute 'by RACK'
# z belongs to the brokers pane
kd_tmux_keys "$S" 2 z
wait_for 'z does nothing here'

# ---- topics: trend, sizes and byte rates ----------------------------------------------
wait_for 'NAME.? +PARTS +RF +UNDER-REPL +OFFLINE +MESSAGES +MSGS/S +TREND +SIZE +BYTES/S'
wait_for "^  iot\\.temperature +6 +3 +0 +0 +[0-9.]+k? +$RATE +$G{3,} +$BYTES +$BYTES +0 *\$"  # SIZE, BYTES/S, UNDER-MIN-ISR
wait_for "^i __consumer_offsets +10 +3 +0 +0 +0 +0 +$G{3,} +0B +0B +0 *\$"

# ---- 80x24: still a sparkline in the header; the brokers keep their rates ---------------
kd__tmux resize-window -t "$S" -x 80 -y 24
kd_tmux_keys "$S" 1
wait_for "^brk 3/3 .* msg/s $RATE $G{3,}  B/s $BYTES( $G+)? *\$"
wait_for 'ID.? +HOST:PORT +(RACK +)?STATUS +LEADERS +REPLICAS +MSGS IN/S +(TREND +)?BYTES IN/S *$'
kd_wait_until 10 test "$(screen | wc -l)" = 24 || kd_fail "the screen is not 24 lines"
s=$(screen)
[ "$(LC_ALL=$loc wc -L <<< "$s")" -le 80 ] || kd_fail "a line wider than 80: $s"

kd_tmux_keys "$S" q
exited() { local st; st=$(kd_tmux_exit_status "$S") && [ -n "$st" ]; }
kd_wait_until 15 exited || kd_fail "kdeck did not exit after q"
[ "$(kd_tmux_exit_status "$S")" = 0 ] || kd_fail "kdeck exited $(kd_tmux_exit_status "$S") after q"
echo "ui throughput ok"
