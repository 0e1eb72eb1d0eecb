#!/usr/bin/env bash
# `kdeck --demo=incident`: the demo plays its incident on a loop.  Within
# the first minute broker 3 falls behind and goes down: the header counts
# 2/3 brokers and under-replicated partitions, its row says down, payments
# (min ISR 3) is under min ISR, a consumer of orders-fulfillment stalls;
# then the broker comes back and the ISR recovers.  The Events pane holds
# broker 3 down and up, and the demo's alert rules fire (broker down,
# under-min-ISR) and resolve.  No Kafka needed.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux
loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8

S=demo-incident
kd_tmux_start "$S" 120 32 env LC_ALL="$loc" "$KDECK" --demo=incident -i 1

screen() { kd_tmux_capture "$S"; }
wait_for() { kd_screen_expect "$S" "$@"; }

kd_screen_expect "$S" 15 '^kdeck .*connected' 'brokers 3/3' 'under-replicated 0'
start=$(date +%s)

# ---- a follower falls behind, then its broker goes down ------------------
# (the header shortens its words when alerts need the room)
kd_screen_expect "$S" 60 '(brokers|brk) 2/3' '(under-replicated|urp) [1-9]'
[ $(( $(date +%s) - start )) -le 60 ] || kd_fail "the broker went down after the first minute"
# its leaders moved: broker 3 is down and leads nothing
kd_screen_expect "$S" 10 '^.  +3 127\.0\.0\.1:[0-9]+ +zone-c +down +0 '
# payments wants 3 in sync: under min ISR
kd_screen_expect "$S" 10 '(under-min-isr|umi) [1-9]'
kd_tmux_keys "$S" 2
kd_screen_expect "$S" 10 '^. payments +3 +3 +[1-9] +0 .* [1-9] *$'
# a consumer stalls: orders-fulfillment's lag grows
kd_tmux_keys "$S" 6
kd_screen_expect "$S" 40 '^. orders-fulfillment +Stable .* (WARN|STALL|STOP|ERR)'

# the alerts: broker 3 down, payments under min ISR, critical in the header
kd_screen_expect "$S" 10 'ALERTS [0-9]+ critical'
kd_tmux_keys "$S" 0
kd_screen_expect "$S" 10 '^. +critical +broker-down .* broker 3 ' '^. +critical +under-min-isr '

# ---- the broker comes back and the ISR recovers ------------------------------
kd_tmux_keys "$S" 1
kd_screen_expect "$S" 90 '(brokers|brk) 3/3'
kd_screen_expect "$S" 60 '(under-replicated|urp) 0'
kd_screen_expect "$S" 10 '^.  +3 127\.0\.0\.1:[0-9]+ .* up '
# the events, newest first: broker 3 came back after it went down, and
# the broker-down alert resolved
kd_tmux_keys "$S" 9 / C-u "broker 3 |broker-down" Enter
kd_screen_expect "$S" 10 'broker-up +broker 3 ' 'alert-resolved .*broker-down'
order=$(screen | grep -Eo 'broker-(up|down) +broker 3' | tr -s ' ' | uniq | tr '\n' ';')
[ "$order" = "broker-up broker 3;broker-down broker 3;" ] || kd_fail "events: $order"
kd_tmux_keys "$S" Escape 1
kd_tmux_keys "$S" q
kd_wait_until 15 kd_tmux_exit_status "$S" || kd_fail "kdeck did not exit after q"
[ "$(kd_tmux_exit_status "$S")" = 0 ] || kd_fail "kdeck exited $(kd_tmux_exit_status "$S")"
echo "demo incident ok"
