#!/usr/bin/env bash
# Consumer groups against real Kafka, with consumers the test controls
# (tests/tools/groups_client):
#  - a consumer slower than the producer: its lag grows and it turns WARN;
#  - a consumer that stops committing while the producer goes on: ERR, STOP;
#  - a consumer that caught up: OK, lag 0;
#  - the group detail lists the real members and their partitions, as the
#    consumers themselves see them;
#  - an Empty group with committed offsets shows with its lag;
#  - the same numbers in `kdeck --once --json`.
# kdeck judges over a window of 3 polls, 1 s apart (--lag window=3 -i 1).
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

client=$top_builddir/tests/tools/groups_client
[ -x "$client" ] || kd_fail "$client is not built (make check builds it)"

# kdeck's view of one group after a few polls: the JSON of `groups list`.
group_json() { # GROUP [POLLS [--lag KEY=VALUE...]]
    local g=$1 polls=${2:-4}
    shift $(($# < 2 ? $# : 2))
    "$KDECK" groups list -b "$BOOTSTRAP" -i 1 --polls "$polls" --lag window=3 "$@" \
        --group "$g" --json
}
# True when kdeck judges GROUP (with the --lag rules given) to be STATUS.
has_status() { # GROUP STATUS [--lag KEY=VALUE...]
    local g=$1 want=$2
    shift 2
    [ "$(group_json "$g" 4 "$@" | jq -r .status)" = "$want" ]
}
has_lag() { # GROUP JSON-ARRAY-OF-STATUS-AND-LAG
    [ "$(group_json "$1" | jq -c '[.status, .lag]')" = "$2" ]
}

slow_topic=$(kd_unique slow)
fast_topic=$(kd_unique fast)
kd_topic_create "$slow_topic" 1 3
kd_topic_create "$fast_topic" 3 3

# Producers: 30 msgs/s to the slow topic, 30 msgs/s to the fast one.
"$client" produce -b "$BOOTSTRAP" -t "$slow_topic" -r 30 2> "$KD_TMP/p1.log" &
p1=$!
kd_on_exit "kill $p1 2>/dev/null"
"$client" produce -b "$BOOTSTRAP" -t "$fast_topic" -r 30 2> "$KD_TMP/p2.log" &
p2=$!
kd_on_exit "kill $p2 2>/dev/null"

slow_group=$(kd_unique slow-g)
stop_group=$(kd_unique stop-g)
fast_group=$(kd_unique fast-g)
# 5 msgs/s against 30: the lag grows by about 25 a second
"$client" consume -b "$BOOTSTRAP" -g "$slow_group" -t "$slow_topic" -r 5 -i slow-c \
    -s "$KD_TMP/slow.state" 2> "$KD_TMP/slow.log" &
c_slow=$!
kd_on_exit "kill $c_slow 2>/dev/null"
# as fast as it can, then it stops committing
"$client" consume -b "$BOOTSTRAP" -g "$stop_group" -t "$slow_topic" -i stop-c \
    -s "$KD_TMP/stop.state" 2> "$KD_TMP/stop.log" &
c_stop=$!
kd_on_exit "kill $c_stop 2>/dev/null"
# two members sharing the three partitions of the fast topic
for m in a b; do
    "$client" consume -b "$BOOTSTRAP" -g "$fast_group" -t "$fast_topic" -i "fast-$m" \
        -s "$KD_TMP/fast-$m.state" 2> "$KD_TMP/fast-$m.log" &
    kd_on_exit "kill $! 2>/dev/null"
done

# The consumers joined: each wrote its member id and assignment.
joined() {
    [ "$(cat "$KD_TMP"/fast-*.state 2>/dev/null | grep -c "^assigned $fast_topic ")" = 3 ] &&
        grep -q '^member .' "$KD_TMP/fast-a.state" && grep -q '^member .' "$KD_TMP/fast-b.state" &&
        grep -q "^assigned $slow_topic 0" "$KD_TMP/slow.state" &&
        grep -q "^assigned $slow_topic 0" "$KD_TMP/stop.state"
}
kd_wait_until 60 joined || kd_fail "the test's consumers never joined their groups"
sleep 3

# ---- slower than the producer: lag grows, WARN ------------------------------
kd_wait_until 60 has_status "$slow_group" WARN ||
    kd_fail "the slow group never turned WARN: $(group_json "$slow_group" | jq -c '{status,lag,lag_history}')"
j=$(group_json "$slow_group")
lag1=$(jq .lag <<< "$j")
sleep 3
lag2=$(group_json "$slow_group" | jq .lag)
[ "$lag1" -gt 0 ] && [ "$lag2" -gt "$lag1" ] || kd_fail "the slow group's lag did not grow: $lag1 then $lag2"
[ "$(jq -r .catch_up <<< "$j")" = never ] ||
    kd_fail "slower than the producer, yet a time to catch up: $(jq -c '{catch_up,consume_per_sec,produce_per_sec}' <<< "$j")"
[ "$(jq -r .state <<< "$j")" = Stable ] || kd_fail "the slow group is not Stable: $(jq -r .state <<< "$j")"
kd_log "slow group: WARN, lag $lag1 -> $lag2, catch up never"

# ---- stops committing while production goes on: ERR / STOP -------------------
# it trails the producer by up to a commit interval: within 100 is OK
kd_wait_until 30 has_status "$stop_group" OK --lag allowed=100 ||
    kd_fail "the fast consumer is not OK before it stops committing"
kill -USR1 "$c_stop"
kd_log "stop-c no longer commits"
kd_wait_until 60 has_status "$stop_group" STOP --lag allowed=100 ||
    kd_fail "the group that stopped committing never turned STOP: $(group_json "$stop_group" 4 --lag allowed=100 | jq -c '{status,severity,lag}')"
j=$(group_json "$stop_group" 4 --lag allowed=100)
[ "$(jq -r .severity <<< "$j")" = ERR ] || kd_fail "STOP is not ERR: $(jq -r .severity <<< "$j")"
[ "$(jq '.partitions[0].since_commit_ms' <<< "$j")" -ge 2000 ] ||
    kd_fail "time since the last commit: $(jq '.partitions[0].since_commit_ms' <<< "$j")"
kd_log "stop group: STOP (ERR), lag $(jq .lag <<< "$j")"

# ---- caught up: OK and lag 0 ---------------------------------------------------
kill "$p2"
kd_wait_until 60 has_lag "$fast_group" '["OK",0]' ||
    kd_fail "the caught-up group is not OK with lag 0: $(group_json "$fast_group" | jq -c '{status,lag}')"
j=$(group_json "$fast_group" 2)

# ---- the detail: members and partitions as the consumers see them ------------
[ "$(jq .member_count <<< "$j")" = 2 ] || kd_fail "fast group: $(jq .member_count <<< "$j") members, not 2"
[ "$(jq -r .assignor <<< "$j")" = range ] || kd_fail "assignor: $(jq -r .assignor <<< "$j")"
for m in a b; do
    member=$(sed -n 's/^member //p' "$KD_TMP/fast-$m.state")
    want=$(sed -n "s/^assigned $fast_topic //p" "$KD_TMP/fast-$m.state" | sort -n | paste -sd, -)
    got=$(jq -r --arg m "$member" '.members[] | select(.member_id == $m) |
        [.assignment[].partitions[]] | sort | map(tostring) | join(",")' <<< "$j")
    [ -n "$got" ] || kd_fail "member $member (fast-$m) is not in kdeck's detail"
    [ "$got" = "$want" ] || kd_fail "member fast-$m: kdeck says partitions $got, the consumer $want"
    client_id=$(jq -r --arg m "$member" '.members[] | select(.member_id == $m) | .client_id' <<< "$j")
    [ "$client_id" = "fast-$m" ] || kd_fail "member $member: client id $client_id"
    # and every partition row names its owner
    for p in ${want//,/ }; do
        owner=$(jq -r --argjson p "$p" '.partitions[] | select(.partition == $p) | .member_id' <<< "$j")
        [ "$owner" = "$member" ] || kd_fail "partition $p: owner $owner, the consumer says $member"
    done
done
# against Kafka's own tool too: the same members
kd_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$fast_group" --members > "$KD_TMP/members.txt" 2>/dev/null
for m in $(jq -r '.members[].member_id' <<< "$j"); do
    grep -q -- "$m" "$KD_TMP/members.txt" || kd_fail "kdeck's member $m is not in ConsumerGroupCommand's list"
done
# committed offsets equal the ends: what Kafka's tool says too
kd_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$fast_group" > "$KD_TMP/offsets.txt" 2>/dev/null
for p in 0 1 2; do
    tool=$(awk -v t="$fast_topic" -v p="$p" '$2 == t && $3 == p { print $4 }' "$KD_TMP/offsets.txt")
    ours=$(jq --argjson p "$p" '.partitions[] | select(.partition == $p) | .committed' <<< "$j")
    [ "$tool" = "$ours" ] || kd_fail "partition $p: kdeck says committed $ours, ConsumerGroupCommand $tool"
done
kd_log "fast group: OK, lag 0, members and partitions match"

# ---- an Empty group keeps its offsets and shows its lag ------------------------
empty_group=$(kd_unique empty-g)
kd_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --group "$empty_group" --topic "$fast_topic" --reset-offsets --to-offset 2 --execute > /dev/null 2>&1
end=$(kd_end_offset "$fast_topic")
j=$(group_json "$empty_group" 1)
[ "$(jq -r .state <<< "$j")" = Empty ] || kd_fail "the empty group is $(jq -r .state <<< "$j")"
[ "$(jq .member_count <<< "$j")" = 0 ] || kd_fail "the empty group has members"
[ "$(jq '.partitions | length' <<< "$j")" = 3 ] || kd_fail "the empty group shows $(jq '.partitions | length' <<< "$j") partitions"
[ "$(jq .lag <<< "$j")" = $((end - 6)) ] || kd_fail "the empty group's lag is $(jq .lag <<< "$j"), not $((end - 6))"

# ---- the snapshot JSON carries the groups --------------------------------------
"$KDECK" -b "$BOOTSTRAP" --once --json -i 1 --lag window=3 > "$KD_TMP/snap.json"
jq -e --arg g "$empty_group" '.groups.groups[] | select(.id == $g) | .lag' "$KD_TMP/snap.json" > /dev/null ||
    kd_fail "the --once --json snapshot has no group $empty_group"
jq -e --arg g "$fast_group" '.groups.groups[] | select(.id == $g) | .member_count == 2' \
    "$KD_TMP/snap.json" > /dev/null || kd_fail "the snapshot's $fast_group does not have 2 members"
jq -e '.groups.config.window == 3' "$KD_TMP/snap.json" > /dev/null ||
    kd_fail "--lag window=3 is not in the snapshot's groups config"
# a bad rule is a usage error that names the key
if "$KDECK" -b "$BOOTSTRAP" --once --lag window=1 > /dev/null 2> "$KD_TMP/bad.err"; then
    kd_fail "--lag window=1 was accepted"
fi
grep -q "lag.window" "$KD_TMP/bad.err" || kd_fail "the error does not name lag.window: $(cat "$KD_TMP/bad.err")"
kd_log "ok"
