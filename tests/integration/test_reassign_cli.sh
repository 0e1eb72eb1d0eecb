#!/usr/bin/env bash
# Reassignment and leader election against real Kafka (`kdeck reassign`,
# `kdeck elect-leaders`), each result read back with Kafka's own tools:
#  - a partition holding data moved from [1,2] to [2,3]: Kafka's replicas and
#    ISR are then [2,3]; the preview alone moves nothing;
#  - a plan exported by kdeck passes the Apache tool's --verify; a plan
#    written for the Apache tool imports into kdeck and runs;
#  - a drain of broker 3 (one topic's replicas) leaves none on it, RF intact;
#  - a throttled move: the throttle configs are on the brokers and the topic
#    while it runs and gone once kdeck has waited for the end;
#  - the throttle changed while a move runs; cancel mid-way: the partition
#    keeps its original replicas; finish removes the throttles left;
#  - invalid plans (unknown broker, duplicate broker, empty list, RF above
#    the live brokers, a topic that does not exist, a malformed file): a
#    clear message, nothing sent, the replicas unchanged;
#  - after a broker restart, preferred leader election brings the topic's
#    leader skew back to 0 (leaders = first replicas, by TopicCommand);
#  - --read-only: every change refused.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

props=$CLUSTER_DIR/tools/client.properties
rpc=org.apache.kafka.tools.reassign.ReassignPartitionsCommand
kr() { "$KDECK" reassign "$@" -b "$BOOTSTRAP"; }
# "replicas isr" of one partition, from TopicCommand
part_state() { # TOPIC PARTITION
    kd_describe_topic "$1" | awk -v p="$2" '$1 == p { print $3, $4 }'
}
# bytes of data: 1 KB records with ProducerPerformance (acks=all)
fill() { # TOPIC RECORDS
    kd_tool org.apache.kafka.tools.ProducerPerformance --topic "$1" --num-records "$2" \
        --record-size 1000 --throughput -1 \
        --producer-props bootstrap.servers="$BOOTSTRAP" acks=all linger.ms=20 \
        > "$KD_TMP/perf.out" 2>&1 || kd_fail "ProducerPerformance: $(tail -n 3 "$KD_TMP/perf.out")"
}
broker_config() { # BROKER: its dynamic configs (ConfigCommand)
    kd_tool kafka.admin.ConfigCommand --bootstrap-server "$BOOTSTRAP" \
        --command-config "$props" --entity-type brokers --entity-name "$1" --describe 2> /dev/null
}
topic_config() { # TOPIC
    kd_tool kafka.admin.ConfigCommand --bootstrap-server "$BOOTSTRAP" \
        --command-config "$props" --entity-type topics --entity-name "$1" --describe 2> /dev/null
}
# The harness's cluster has 3 nodes with ids 1, 2, 3.
# Whatever happens, leave the shared cluster with nothing moving and no
# throttle (a slow move would outlive a failed run).
kd_on_exit '"$KDECK" reassign cancel -b "$BOOTSTRAP" --execute > /dev/null 2>&1; sleep 2;
    "$KDECK" reassign finish -b "$BOOTSTRAP" --execute > /dev/null 2>&1'
# Put partitions on known replicas first (nothing to move is fine).
# (a topic just created may not be in every broker's metadata yet: retried)
place_once() {
    kr execute "$@" --execute > "$KD_TMP/place.out" 2>&1 || grep -q "nothing to move" "$KD_TMP/place.out"
}
place() { # --move ...
    kd_wait_until 30 place_once "$@" || kd_fail "placing: $(cat "$KD_TMP/place.out")"
}

# ---- one partition with data: [1,2] -> [2,3] -----------------------------------
t=$(kd_unique ra)
"$KDECK" topics create "$t" --partitions 2 --replication-factor 2 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $t"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$t" 2> /dev/null)" ]' || kd_fail "$t not there"
place --move "$t:0=1,2" --move "$t:1=2,3"
kd_wait_until 60 eval '[ "$(part_state "$t" 0)" = "1,2 1,2" ] || [ "$(part_state "$t" 0)" = "1,2 2,1" ]' ||
    kd_fail "start state: $(part_state "$t" 0)"
fill "$t" 5000
# the preview moves nothing, and says so
kr execute --move "$t:0=2,3" --json > "$KD_TMP/preview.json" || kd_fail "preview failed"
jq -e --arg t "$t" '.applied == false and .refusal == null and
    (.would_send | index("AlterPartitionReassignments: \($t)-0: [1,2] -> [2,3]")) != null and
    .rows[0][0] == "\($t)-0" and .rows[0][1] == "[1,2]" and .rows[0][2] == "[2,3]" and
    .plan.partitions == [{"topic": $t, "partition": 0, "replicas": [2,3], "log_dirs": ["any","any"]}]' \
    "$KD_TMP/preview.json" > /dev/null || kd_fail "preview: $(cat "$KD_TMP/preview.json")"
[ "$(part_state "$t" 0 | cut -d' ' -f1)" = "1,2" ] || kd_fail "the preview moved it"
kr execute --move "$t:0=2,3" --execute > "$KD_TMP/move.out" 2>&1 ||
    kd_fail "move: $(cat "$KD_TMP/move.out")"
grep -q "done: the reassignment was started" "$KD_TMP/move.out" || kd_fail "move: $(cat "$KD_TMP/move.out")"
moved() { s=$(part_state "$t" 0); [ "${s% *}" = "2,3" ] && { [ "${s#* }" = "2,3" ] || [ "${s#* }" = "3,2" ]; }; }
kd_wait_until 60 moved || kd_fail "after the move Kafka has: $(part_state "$t" 0)"
kd_log "moved $t-0 [1,2] -> [2,3]: Kafka's replicas and ISR: $(part_state "$t" 0)"

# ---- export -> Apache --verify; Apache file -> kdeck ---------------------------
kr plan --move "$t:1=3,1" --output "$KD_TMP/plan.json" --rollback "$KD_TMP/rollback.json" \
    > /dev/null || kd_fail "plan --output"
jq -e --arg t "$t" '.version == 1 and .partitions == [{"topic": $t, "partition": 1, "replicas": [3,1], "log_dirs": ["any","any"]}]' \
    "$KD_TMP/plan.json" > /dev/null || kd_fail "exported: $(cat "$KD_TMP/plan.json")"
jq -e '.partitions[0].replicas == [2,3]' "$KD_TMP/rollback.json" > /dev/null ||
    kd_fail "rollback: $(cat "$KD_TMP/rollback.json")"
kr execute --plan "$KD_TMP/plan.json" --execute > "$KD_TMP/exp.out" 2>&1 ||
    kd_fail "executing the exported plan: $(cat "$KD_TMP/exp.out")"
verified() {
    kd_tool $rpc --bootstrap-server "$BOOTSTRAP" --command-config "$props" \
        --reassignment-json-file "$KD_TMP/plan.json" --verify > "$KD_TMP/verify.out" 2>&1
    grep -q "Reassignment of partition $t-1 is completed" "$KD_TMP/verify.out"
}
kd_wait_until 60 verified || kd_fail "Apache --verify of kdeck's plan: $(cat "$KD_TMP/verify.out")"
# written for the Apache tool (no log_dirs, other spacing), run by kdeck
printf '{"version":1,\n "partitions":[ {"topic":"%s","partition":1,"replicas":[1,2]} ]}\n' "$t" \
    > "$KD_TMP/apache.json"
kr execute --plan "$KD_TMP/apache.json" --execute > "$KD_TMP/imp.out" 2>&1 ||
    kd_fail "importing the Apache plan: $(cat "$KD_TMP/imp.out")"
kd_wait_until 60 eval '[ "$(part_state "$t" 1 | cut -d" " -f1)" = "1,2" ]' ||
    kd_fail "after the Apache plan: $(part_state "$t" 1)"
kd_log "kdeck's plan passes --verify; the Apache tool's plan ran in kdeck"

# ---- invalid plans: refused, nothing sent ----------------------------------------
before=$(kd_describe_topic "$t")
refuse() { # EXPECTED-MESSAGE ARGS...
    local want=$1
    shift
    if kr "$@" --execute > "$KD_TMP/bad.out" 2> "$KD_TMP/bad.err"; then
        kd_fail "accepted: $*"
    fi
    grep -q -- "$want" "$KD_TMP/bad.err" || kd_fail "for '$*': $(cat "$KD_TMP/bad.err") (wanted: $want)"
}
refuse "unknown broker 7" execute --move "$t:0=2,7"
refuse "broker 2 appears twice" execute --move "$t:0=2,2"
refuse "empty replica list" execute --move "$t:0="
refuse "only 3 brokers" execute --topic "$t" --replication-factor 4
refuse "does not exist" execute --move "no-such-topic-$t:0=1,2"
echo '{"version":1,"partitions":[{"topic":"x","partition":"zero","replicas":[1]}]}' > "$KD_TMP/bad.json"
refuse "bad.json" execute --plan "$KD_TMP/bad.json"
[ "$(kd_describe_topic "$t")" = "$before" ] || kd_fail "an invalid plan changed $t"
# read-only: the flag refuses before anything is sent
"$KDECK" reassign execute --move "$t:0=1,2" -b "$BOOTSTRAP" --read-only --execute \
    > /dev/null 2> "$KD_TMP/ro.err" && kd_fail "--read-only let a reassignment through"
grep -q "read-only mode: refusing to reassign partitions" "$KD_TMP/ro.err" || kd_fail "ro: $(cat "$KD_TMP/ro.err")"
"$KDECK" elect-leaders -b "$BOOTSTRAP" --read-only --execute > /dev/null 2> "$KD_TMP/ro.err" &&
    kd_fail "--read-only let an election through"
grep -q "read-only mode: refusing to elect leaders" "$KD_TMP/ro.err" || kd_fail "ro: $(cat "$KD_TMP/ro.err")"
[ "$(kd_describe_topic "$t")" = "$before" ] || kd_fail "read-only changed $t"
kd_log "invalid plans and read-only refused; nothing changed"

# ---- drain broker 3 of a topic ------------------------------------------------------
d=$(kd_unique drain)
"$KDECK" topics create "$d" --partitions 6 --replication-factor 2 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $d"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$d" 2> /dev/null)" ]' || kd_fail "$d not there"
kd_wait_until 30 eval 'kd_describe_topic "$d" | awk "{print \$3}" | grep -q 3' ||
    kd_fail "no replica of $d on broker 3 to drain"
place --drain 3 --topic "$d"
grep -q "done: the reassignment was started" "$KD_TMP/place.out" || kd_fail "drain: $(cat "$KD_TMP/place.out")"
drained() {
    kd_describe_topic "$d" > "$KD_TMP/drain.state"
    [ "$(wc -l < "$KD_TMP/drain.state")" -eq 6 ] &&
        ! awk '{print $3}' "$KD_TMP/drain.state" | tr ',' '\n' | grep -qx 3 &&
        awk '{ n = split($3, a, ","); if (n != 2) exit 1 }' "$KD_TMP/drain.state"
}
kd_wait_until 60 drained || kd_fail "after the drain: $(cat "$KD_TMP/drain.state")"
kd_log "drained broker 3 of $d: $(awk '{print $3}' "$KD_TMP/drain.state" | tr '\n' ' ')"

# ---- a throttled move: throttles during, gone after ---------------------------------
th=$(kd_unique thr)
"$KDECK" topics create "$th" --partitions 1 --replication-factor 1 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $th"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$th" 2> /dev/null)" ]' || kd_fail "$th not there"
place --move "$th:0=1"
kd_wait_until 30 eval '[ "$(part_state "$th" 0 | cut -d" " -f1)" = "1" ]' || kd_fail "start: $(part_state "$th" 0)"
fill "$th" 30000
# 30 MB at 3 MB/s: about ten seconds in which the throttles are visible
kr execute --move "$th:0=1,2" --throttle 3MB --execute > "$KD_TMP/thr.out" 2>&1 &
mover=$!
during() {
    broker_config 2 | grep -q "follower.replication.throttled.rate=3000000" &&
        topic_config "$th" | grep -q "follower.replication.throttled.replicas=0:2"
}
kd_wait_until 20 during || kd_fail "no throttle while moving: $(broker_config 2) / $(topic_config "$th")"
"$KDECK" reassign status -b "$BOOTSTRAP" --json > "$KD_TMP/status.json"
jq -e --arg t "$th" '([.reassignments[] | select(.topic == $t and .partition == 0 and .adding == [2])] | length) == 1
    and ([.throttles.brokers[] | select(.id == 2 and .follower_rate == 3000000)] | length) == 1' \
    "$KD_TMP/status.json" > /dev/null || kd_fail "status while moving: $(cat "$KD_TMP/status.json")"
wait "$mover" || kd_fail "the throttled move: $(cat "$KD_TMP/thr.out")"
[ "$(part_state "$th" 0 | cut -d' ' -f1)" = "1,2" ] || kd_fail "after the throttled move: $(part_state "$th" 0)"
for b in 1 2; do
    ! broker_config "$b" | grep -q "replication.throttled.rate" ||
        kd_fail "throttle left on broker $b: $(broker_config "$b")"
done
! topic_config "$th" | grep -q "throttled.replicas=" || kd_fail "throttle left on $th: $(topic_config "$th")"
"$KDECK" reassign status -b "$BOOTSTRAP" --json > "$KD_TMP/status.json"
jq -e '.throttles.brokers == [] and .throttles.topics == []' "$KD_TMP/status.json" > /dev/null ||
    kd_fail "status after: $(cat "$KD_TMP/status.json")"
kd_log "throttled move of 30 MB: throttles set during, removed after ($(grep -c . "$KD_TMP/thr.out") lines of output)"

# ---- cancel mid-way ---------------------------------------------------------------------
kr execute --move "$th:0=2,3" --throttle 200kB --no-wait --execute > "$KD_TMP/slow.out" 2>&1 ||
    kd_fail "slow move: $(cat "$KD_TMP/slow.out")"
kd_wait_until 20 eval '"$KDECK" reassign status -b "$BOOTSTRAP" --json | jq -e --arg t "$th" "[.reassignments[] | select(.topic == \$t)] | length == 1" > /dev/null' ||
    kd_fail "not moving"
# the throttle changed while it moves: on every broker the move touches
kr throttle 300kB --execute > "$KD_TMP/rate.out" 2>&1 || kd_fail "throttle: $(cat "$KD_TMP/rate.out")"
for b in 1 2 3; do
    broker_config "$b" | grep -q "follower.replication.throttled.rate=300000" ||
        kd_fail "throttle not changed on broker $b: $(broker_config "$b")"
done
kr cancel --topic "$th" --json > "$KD_TMP/cancel.json" || kd_fail "cancel preview"
jq -e --arg t "$th" '.would_send == ["AlterPartitionReassignments: \($t)-0: cancel"] and .rows[0][4] == "[1,2]"
    and .rows[0][2] == "[3]"' \
    "$KD_TMP/cancel.json" > /dev/null || kd_fail "cancel preview: $(cat "$KD_TMP/cancel.json")"
kr cancel --topic "$th" --execute > "$KD_TMP/cancel.out" 2>&1 || kd_fail "cancel: $(cat "$KD_TMP/cancel.out")"
# the original replica set (Kafka keeps the order the move left)
back() { [ "$(part_state "$th" 0 | cut -d' ' -f1 | tr ',' '\n' | sort -n | paste -sd,)" = "1,2" ]; }
kd_wait_until 30 back || kd_fail "after cancel: $(part_state "$th" 0)"
# the throttles of --no-wait stay until finish
"$KDECK" reassign status -b "$BOOTSTRAP" > "$KD_TMP/status.txt"
grep -q "throttles are left behind" "$KD_TMP/status.txt" || kd_fail "status: $(cat "$KD_TMP/status.txt")"
kr finish --execute > "$KD_TMP/finish.out" 2>&1 || kd_fail "finish: $(cat "$KD_TMP/finish.out")"
for b in 1 2 3; do
    ! broker_config "$b" | grep -q "replication.throttled.rate" ||
        kd_fail "finish left a throttle on broker $b"
done
kd_log "cancelled mid-way: back on [1,2]; finish removed the throttles"

# ---- preferred leader election after a broker restart --------------------------------
e=$(kd_unique elect)
"$KDECK" topics create "$e" --partitions 6 --replication-factor 3 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $e"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$e" 2> /dev/null)" ]' || kd_fail "$e not there"
skew() { kd_describe_topic "$e" | awk '{ split($3, r, ","); if ($2 != r[1]) n++ } END { print n + 0 }'; }
kd_wait_until 30 eval '[ "$(skew)" = 0 ]' || kd_fail "skewed from the start: $(kd_describe_topic "$e")"
kd_node 1 stop
kd_node 1 start
insync() { kd_describe_topic "$e" | awk '{ if (split($4, i, ",") != 3) bad = 1 } END { exit bad }'; }
kd_wait_until 60 insync || kd_fail "ISR not full after the restart: $(kd_describe_topic "$e")"
[ "$(skew)" -gt 0 ] || kd_fail "no leader skew after restarting broker 1: $(kd_describe_topic "$e")"
"$KDECK" elect-leaders --topic "$e" -b "$BOOTSTRAP" --json > "$KD_TMP/elect.json" || true
"$KDECK" elect-leaders --topic "$e" -b "$BOOTSTRAP" --execute > "$KD_TMP/elect.out" 2>&1 ||
    grep -q "nothing to elect" "$KD_TMP/elect.out" || kd_fail "elect: $(cat "$KD_TMP/elect.out")"
kd_wait_until 30 eval '[ "$(skew)" = 0 ]' || kd_fail "skew after the election: $(kd_describe_topic "$e")"
"$KDECK" reassign status -b "$BOOTSTRAP" --json > "$KD_TMP/status.json"
kd_log "leader skew of $e after restart and election: $(skew) (preview: $(jq -r '.title' "$KD_TMP/elect.json"))"
"$KDECK" elect-leaders --topic "$e" --unclean -b "$BOOTSTRAP" --execute > /dev/null 2> "$KD_TMP/unclean.err" &&
    kd_fail "unclean election without --accept-data-loss"
grep -q "second, explicit confirmation" "$KD_TMP/unclean.err" || kd_fail "unclean: $(cat "$KD_TMP/unclean.err")"
for x in "$t" "$d" "$th" "$e"; do
    "$KDECK" topics delete "$x" --confirm "$x" -b "$BOOTSTRAP" --execute > /dev/null 2>&1
done
