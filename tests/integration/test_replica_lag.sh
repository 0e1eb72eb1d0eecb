#!/usr/bin/env bash
# SIGSTOP one follower's broker while producing: its replica's lag grows in
# the Replica lag pane, then it leaves the ISR; SIGCONT: the lag returns to
# 0 and it rejoins.  The UI answers key presses throughout, while requests
# to the stopped broker time out.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require kcat
kd_cluster_up

topic=$(kd_unique lag)
kd_topic_create "$topic" 1 3
read -r _ leader replicas _ <<<"$(kd_describe_topic "$topic")"
controller=$(kd_controller)
# a follower that is not the active controller, so the quorum keeps its leader
follower=
for r in ${replicas//,/ }; do
    [ "$r" != "$leader" ] && [ "$r" != "$controller" ] && { follower=$r; break; }
done
[ -n "$follower" ] || kd_fail "no follower to stop (leader $leader, controller $controller)"
"$KDECK" -b "$BOOTSTRAP" --once --json -i 0.5 > "$KD_TMP/s.json"
leader_addr=$(python3 -c "import json,sys; print([f\"{b['host']}:{b['port']}\" for b in json.load(open(sys.argv[1]))['brokers'] if b['id']==$leader][0])" "$KD_TMP/s.json")

kd_tmux_start ui 120 40 "$KDECK" -b "$BOOTSTRAP" -i 1
kd_tmux_wait_for ui "127\.0\.0\.1" 20 || kd_fail "the UI never showed the brokers"
kd_tmux_keys ui 4
kd_tmux_wait_for ui "all replicas in sync" 20 || kd_fail "the replica pane is not healthy at the start"

# A steady producer to the leader only (acks=1: the stopped follower must
# not hold it up).
(
    while :; do
        seq 1 200 | kcat -P -b "$leader_addr" -t "$topic" -p 0 -X acks=1 2>/dev/null
        sleep 0.3
    done
) &
producer=$!
kd_on_exit "kill $producer 2>/dev/null"

kd_node "$follower" pause
row="^! $topic +0 +$follower +zone-[abc] +$leader +([0-9]+) "
kd_tmux_wait_for ui "$row" 20 || kd_fail "the stopped follower's replica never showed lag"
lag1=$(kd_tmux_capture ui | grep -E "$row" | awk '{print $7}')

# The UI answers while the collector waits on the stopped broker.
kd_tmux_keys ui 2
kd_tmux_wait_for ui "TOPIC.*/|NAME.? +PARTS" 3 || kd_fail "the UI did not answer a key while a broker was stopped"
kd_tmux_keys ui 4
kd_tmux_wait_for ui "$row" 5 || kd_fail "back on the replica pane, the row is gone"

sleep 3
lag2=$(kd_tmux_capture ui | grep -E "$row" | awk '{print $7}')
[ -n "$lag1" ] && [ -n "$lag2" ] && [ "$lag2" -gt "$lag1" ] ||
    kd_fail "the lag did not grow: $lag1 then $lag2"
kd_tmux_wait_for ui "$row.* out [0-9]+[smh] " 40 || kd_fail "the follower never left the ISR on screen"
kd_log "lag $lag1 -> $lag2, then out of the ISR"

kd_node "$follower" resume
kd_tmux_wait_for ui "all replicas in sync" 60 || kd_fail "after SIGCONT the follower did not catch up and rejoin"
kill $producer 2>/dev/null
kd_tmux_keys ui q
kd_tmux_wait_exit ui 5 || kd_fail "q did not quit"
echo ok
