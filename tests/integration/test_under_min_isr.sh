#!/usr/bin/env bash
# Under min-ISR against real Kafka: a topic with RF 3 and
# min.insync.replicas=2.  Stop two of its replicas' brokers: the JSON
# snapshot, the header and the topic's row count every partition under
# min-ISR; start them again (together: they are two of the 3-node KRaft
# quorum): back to 0, without restarting kdeck.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

t=$(kd_unique minisr)
"$KDECK" topics create "$t" --partitions 3 --replication-factor 3 --set min.insync.replicas=2 \
    -b "$BOOTSTRAP" --execute > /dev/null 2> "$KD_TMP/create.err" ||
    kd_fail "create: $(cat "$KD_TMP/create.err")"

# topic's "min.insync.replicas under_min_isr", and the total
state() {
    "$KDECK" -b "$BOOTSTRAP" --once --json -i 1 > "$KD_TMP/once.json" 2> /dev/null || return 1
    jq -r --arg t "$t" '(.topics[] | select(.name == $t) | "\(.min_insync_replicas) \(.under_min_isr)")
        + " " + (.totals.under_min_isr | tostring)' "$KD_TMP/once.json"
}
healthy() { [ "$(state)" = "2 0 0" ]; }
kd_wait_until 30 healthy || kd_fail "before: $(state)"

if command -v tmux > /dev/null 2>&1; then
    kd_tmux_start dash 220 30 "$KDECK" -b "$BOOTSTRAP" -i 1
    kd_screen_expect dash 20 'brokers 3/3'
    kd_tmux_keys dash 2 / "$t" Enter
    kd_screen_expect dash 10 "<MIN-ISR"
fi

kd_node 2,3 stop
under() { state > "$KD_TMP/state"; [ "$(cut -d' ' -f1,2 "$KD_TMP/state")" = "2 3" ] &&
    [ "$(cut -d' ' -f3 "$KD_TMP/state")" -ge 3 ]; }
kd_wait_until 60 under || kd_fail "with brokers 2 and 3 stopped: $(cat "$KD_TMP/state")"
jq -e --arg t "$t" '[.topics[] | select(.name == $t) | .partitions[] | .under_min_isr] == [true, true, true]' \
    "$KD_TMP/once.json" > /dev/null || kd_fail "partitions: $(jq -c --arg t "$t" '.topics[] | select(.name == $t) | [.partitions[] | {id, isr, under_min_isr}]' "$KD_TMP/once.json")"
kd_log "brokers 2 and 3 stopped: $(cat "$KD_TMP/state") (min ISR, topic's count, total)"
if command -v tmux > /dev/null 2>&1; then
    kd_screen_expect dash 30 'under-min-ISR [0-9]+!' "^! $t +3 +3 +3 .* 3 *\$"
fi

kd_node 2,3 start
kd_wait_until 90 healthy || kd_fail "after the restart: $(state)"
if command -v tmux > /dev/null 2>&1; then
    kd_screen_expect dash 60 "^  $t +3 +3 +0 .* 0 *\$"
    ! kd_tmux_capture dash | grep -q 'under-min-ISR' || kd_fail "the header still counts it"
    kd_tmux_keys dash q
fi
kd_log "restarted: $(state)"
