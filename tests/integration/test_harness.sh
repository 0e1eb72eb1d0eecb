#!/usr/bin/env bash
# Self-test of the integration harness against a real Kafka cluster: the
# cluster comes up, a topic is created and filled, a node is killed, paused
# and restarted, the active controller is killed, and each time the
# cluster's state is read back with Kafka's own Java tools.
set -eu -o pipefail
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

kd_skip_if_no_cluster

# --- the tmux helpers the UI tests rely on
if command -v tmux > /dev/null 2>&1; then
    kd_tmux_start echo 40 10 cat
    kd_tmux_keys echo "hello harness" Enter
    kd_tmux_wait_for echo '^hello harness$' 10 || kd_fail "tmux pane did not echo"
    [ "$(kd__tmux display-message -p -t echo '#{pane_width}x#{pane_height}')" = 40x10 ] ||
        kd_fail "tmux pane is not 40x10"
    kd_tmux_exit_status echo > /dev/null && kd_fail "cat ended early"
    kd_tmux_keys echo C-d
    kd_wait_until 10 kd_tmux_exit_status echo || kd_fail "cat did not end on ^D"
    [ "$(kd_tmux_exit_status echo)" = 0 ] || kd_fail "cat exited with $(kd_tmux_exit_status echo)"
fi

kd_cluster_up
kd_log "bootstrap $BOOTSTRAP"

[[ $BOOTSTRAP =~ ^127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*$ ]] ||
    kd_fail "bootstrap '$BOOTSTRAP' is not a host:port list"
nodes=$(tr ',' '\n' <<< "$BOOTSTRAP" | wc -l)
[ "$nodes" -ge 3 ] || kd_skip "this test needs 3 nodes, the cluster has $nodes"

# --- racks: node i sits in zone-<letter i>
rack=$(kd_tool kafka.admin.ConfigCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --entity-type brokers --entity-name 2 --all |
    sed -n 's/^ *broker\.rack=\([^ ]*\) .*/\1/p')
[ "$rack" = zone-b ] || kd_fail "node 2 has broker.rack '$rack', want zone-b"

# --- topic with three replicas on three distinct nodes, all in sync
topic=$(kd_unique harness)
kd_topic_create "$topic" 3 3
desc=$(kd_describe_topic "$topic")
kd_log "created $topic:"$'\n'"$desc"
[ "$(wc -l <<< "$desc")" -eq 3 ] || kd_fail "want 3 partitions, got: $desc"
while read -r p leader replicas isr; do
    [ "$(tr ',' '\n' <<< "$replicas" | sort -u | grep -c '^[0-9]')" -eq 3 ] ||
        kd_fail "partition $p: replicas '$replicas' are not 3 distinct nodes"
    [ "$(tr ',' '\n' <<< "$isr" | sort | tr '\n' ' ')" = \
        "$(tr ',' '\n' <<< "$replicas" | sort | tr '\n' ' ')" ] ||
        kd_fail "partition $p: isr '$isr' differs from replicas '$replicas'"
    [[ ,$replicas, == *,$leader,* ]] || kd_fail "partition $p: leader $leader not a replica"
done <<< "$desc"

# --- produce: the high watermark counts exactly what was sent
kd_produce "$topic" 1000
[ "$(kd_end_offset "$topic")" -eq 1000 ] || kd_fail "end offset is not 1000"
kd_produce "$topic" 10 1
[ "$(kd_end_offset "$topic")" -eq 1010 ] || kd_fail "end offset is not 1010"

# --- the active controller, as Kafka's quorum tool reports it
ctl=$(kd_controller)
[[ $ctl =~ ^[0-9]+$ ]] && [ "$ctl" -ge 1 ] && [ "$ctl" -le "$nodes" ] ||
    kd_fail "controller id '$ctl' is not a node"
kd_log "active controller: node $ctl"

# true when node $1 is in no ISR and leads nothing in $topic
out_of_isr() {
    local d
    d=$(kd_describe_topic "$topic") || return 1
    ! awk -v n="$1" '{ split($4, a, ","); for (i in a) if (a[i] == n) bad = 1;
        if ($2 == n) bad = 1 } END { exit !bad }' <<< "$d"
}
# true when every partition of $topic is fully in sync and has a leader
all_in_sync() {
    local d
    d=$(kd_describe_topic "$topic") || return 1
    awk '{ if ($2 < 0 || split($4, a, ",") != split($3, b, ",")) bad = 1 }
        END { exit bad }' <<< "$d"
}

# --- kill -9 a node that is not the controller: it is fenced within seconds
victim=$((ctl % nodes + 1))
t0=$SECONDS
kd_node "$victim" kill
kd_wait_until 20 out_of_isr "$victim" || kd_fail "killed node $victim stayed in the ISR"
kd_log "node $victim left every ISR $((SECONDS - t0))s after kill -9"
kd_produce "$topic" 100
kd_node "$victim" start
kd_wait_until 40 all_in_sync || kd_fail "ISR did not recover after node $victim restarted"
kd_log "node $victim back in every ISR"

# --- pause (SIGSTOP): the frozen node drops out too, and returns on resume
kd_node "$victim" pause
kd_wait_until 25 out_of_isr "$victim" || kd_fail "paused node $victim stayed in the ISR"
kd_node "$victim" resume
kd_wait_until 40 all_in_sync || kd_fail "ISR did not recover after node $victim resumed"

# --- kill the active controller: the quorum elects another node
new_leader() {
    local c
    c=$(kd_controller 2> /dev/null) || return 1
    [ "$c" != "$ctl" ]
}
kd_node "$ctl" kill
kd_wait_until 30 new_leader || kd_fail "no new controller after killing node $ctl"
kd_log "controller moved from node $ctl to node $(kd_controller)"
kd_node "$ctl" start
kd_wait_until 40 all_in_sync || kd_fail "ISR did not recover after node $ctl restarted"

# nothing was lost on the way
[ "$(kd_end_offset "$topic")" -eq 1110 ] || kd_fail "end offset is not 1110 at the end"
kd_log "ok"
