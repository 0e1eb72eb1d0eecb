#!/usr/bin/env bash
# A dead cluster must be the loudest screen: with the dashboard connected,
# kill every broker.  Within two poll intervals the header says the cluster
# is UNREACHABLE (since when), the brokers count is 0/3, no broker shows
# "up" (each "no answer"), and the figures that are only the last poll's
# are flagged '?'.  Restart the brokers: live data again, without
# restarting kdeck.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require tmux
kd_cluster_up

kd_tmux_start dash 130 30 "$KDECK" -b "$BOOTSTRAP" -i 1 --timeout 2
kd_screen_expect dash 40 'brokers 3/3' 'connected'
for n in 1 2 3; do kd_node "$n" kill; done
kd_screen_expect dash 15 'UNREACHABLE since [0-9:]{8}' 'brokers 0/3!' 'topics [0-9]+\?'
kd_tmux_capture dash > "$KD_TMP/dead.screen"
[ "$(grep -c 'no answer' "$KD_TMP/dead.screen")" = 3 ] ||
    kd_fail "not every broker shows 'no answer': $(cat "$KD_TMP/dead.screen")"
! grep -Eq ' zone-[abc] +up ' "$KD_TMP/dead.screen" ||
    kd_fail "a broker shows up on a dead cluster: $(cat "$KD_TMP/dead.screen")"
kd_log "dead: $(head -2 "$KD_TMP/dead.screen" | tr -s ' ')"

for n in 1 2 3; do kd_node "$n" start > /dev/null 2>&1 & done
wait
kd_screen_expect dash 90 'connected' 'brokers 3/3'
kd_screen_refute dash 'UNREACHABLE' 'no answer'
kd_tmux_keys dash q
kd_tmux_wait_exit dash 10 || kd_fail "the dashboard did not quit"
# leave the shared cluster whole for the next test: every replica in sync
in_sync() {
    out=$(kd_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --under-replicated-partitions 2> /dev/null) && [ -z "$out" ]
}
kd_wait_until 90 in_sync || kd_fail "the cluster did not recover its ISRs"
