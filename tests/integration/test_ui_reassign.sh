#!/usr/bin/env bash
# Reassigning from the dashboard against real Kafka, in tmux: a partition
# holding 30 MB on broker 1 gets a second replica on broker 2 through R on
# the partitions pane (a form: the replicas typed, a throttle of 3 MB/s),
# the preview, y; the Reassignments pane (7) shows its progress bar
# advancing (a share between 1 and 99 %) and then "done"; Kafka then has
# [1,2], and the throttles kdeck set are gone.  E on the brokers pane
# previews a preferred leader election; with --read-only, R and E refuse.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require tmux
kd_require jq
kd_cluster_up

props=$CLUSTER_DIR/tools/client.properties
t=$(kd_unique uira)
"$KDECK" topics create "$t" --partitions 1 --replication-factor 1 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $t"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$t" 2> /dev/null)" ]' || kd_fail "$t not there"
place_once() {
    "$KDECK" reassign execute --move "$t:0=1" -b "$BOOTSTRAP" --execute > "$KD_TMP/place.out" 2>&1 ||
        grep -q "nothing to move" "$KD_TMP/place.out"
}
kd_wait_until 30 place_once || kd_fail "placing: $(cat "$KD_TMP/place.out")"
part_state() { kd_describe_topic "$t" | awk '$1 == 0 { print $3, $4 }'; }
kd_wait_until 30 eval '[ "$(part_state)" = "1 1" ]' || kd_fail "start: $(part_state)"
kd_tool org.apache.kafka.tools.ProducerPerformance --topic "$t" --num-records 30000 \
    --record-size 1000 --throughput -1 \
    --producer-props bootstrap.servers="$BOOTSTRAP" acks=all linger.ms=20 > "$KD_TMP/perf.out" 2>&1 ||
    kd_fail "ProducerPerformance: $(tail -n 3 "$KD_TMP/perf.out")"

S=ra
kd_tmux_start "$S" 200 40 "$KDECK" -b "$BOOTSTRAP" -i 1
kd_screen_expect "$S" 20 'brokers 3/3'
kd_tmux_keys "$S" 2 / "$t" Enter Enter
kd_screen_expect "$S" 10 "Partitions of topic $t"
kd_tmux_keys "$S" R
kd_screen_expect "$S" 5 "Move partition $t-0" '^  > replicas +1_?'
# an unknown broker is refused in the form
kd_tmux_keys "$S" C-u 1,9 Enter
kd_screen_expect "$S" 5 'unknown broker 9'
kd_tmux_keys "$S" C-u 1,2 Tab 3MB Enter
kd_screen_expect "$S" 20 "Reassign 1 partition: the given replica lists" \
    "$t-0 +\\[1\\] +\\[1,2\\] +1 -> 2" 'throttled at 3\.0 MB/s' 'y: apply this change'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 20 'step [0-9] of 4|done'
kd_tmux_keys "$S" Escape 7
kd_screen_expect "$S" 20 "^  $t-0 +1,2 +2 +- +\\[#*-*\\] +[0-9]+%"
# the bar advances: a share strictly between 0 and 100 is seen, then done
midway() {
    kd_tmux_capture "$S" | grep -Eq "^  $t-0 .*\\[#+-+\\] +([1-9]|[1-9][0-9])%"
}
kd_wait_until 60 midway || kd_fail "no progress seen: $(kd_tmux_capture "$S")"
kd_log "midway: $(kd_tmux_capture "$S" | grep -E "^  $t-0" | head -n 1)"
kd_screen_expect "$S" 90 "^  $t-0 .*\\[#{14}\\] done"
both() { s=$(part_state); [ "${s% *}" = "1,2" ]; }
kd_wait_until 30 both || kd_fail "Kafka has $(part_state)"
# the job removes the throttles it set once the move is done
gone() {
    ! kd_tool kafka.admin.ConfigCommand --bootstrap-server "$BOOTSTRAP" \
        --command-config "$props" --entity-type brokers --entity-name 2 --describe 2> /dev/null |
        grep -q "replication.throttled.rate"
}
kd_wait_until 30 gone || kd_fail "the throttle stayed on broker 2"
kd_screen_expect "$S" 30 'throttled: 0 brokers/topics'
kd_tmux_keys "$S" : actions Enter
kd_screen_expect "$S" 10 "done +Reassign 1 partition"
kd_tmux_keys "$S" Escape 1 E
kd_screen_expect "$S" 20 'Preferred leader election for [0-9]+ partition'
kd_tmux_keys "$S" n q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"

S=ro
kd_tmux_start "$S" 200 40 "$KDECK" -b "$BOOTSTRAP" -i 1 --read-only
kd_screen_expect "$S" 20 'brokers 3/3'
kd_tmux_keys "$S" 1 R
kd_screen_expect "$S" 5 'read-only mode: refusing to reassign partitions'
kd_tmux_keys "$S" E
kd_screen_expect "$S" 5 'read-only mode: refusing to elect leaders'
kd_tmux_keys "$S" 7 F
kd_screen_expect "$S" 5 'read-only mode: refusing to change replication throttles'
kd_tmux_keys "$S" q
[ "$(part_state | cut -d' ' -f1)" = "1,2" ] || kd_fail "read-only changed $t"
"$KDECK" topics delete "$t" --confirm "$t" -b "$BOOTSTRAP" --execute > /dev/null 2>&1
