#!/usr/bin/env bash
# Topic administration against real Kafka (`kdeck topics`), each change
# checked with Kafka's own TopicCommand:
#  - create with 6 partitions, RF 3, retention.ms=3600000: Kafka holds
#    exactly that; the preview alone creates nothing;
#  - an invalid name, RF 4 on 3 brokers, a name colliding by '.'/'_', a bad
#    config value: a clear message, nothing created;
#  - partitions 6 -> 8 works, 8 -> 4 is refused before anything is sent;
#  - retention.ms on a topic with two other dynamic configs: only that key
#    changes; --reset puts it back to the default;
#  - delete needs the name typed again: a wrong one deletes nothing;
#  - --read-only and a read-only context: every change refused, the topic
#    list and the configs unchanged.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

tc=org.apache.kafka.tools.TopicCommand
props=$CLUSTER_DIR/tools/client.properties
# TopicCommand's summary line of a topic ("PartitionCount: 8 ... Configs: a=b,c=d")
# and the configs in it the test sets (the harness's brokers set
# min.insync.replicas statically; TopicCommand lists that too)
summary() { # TOPIC
    kd_tool $tc --bootstrap-server "$BOOTSTRAP" --command-config "$props" --describe \
        --topic "$1" 2> /dev/null | grep -m1 'PartitionCount'
}
topics() {
    kd_tool $tc --bootstrap-server "$BOOTSTRAP" --command-config "$props" --list 2> /dev/null | sort
}
kt() { "$KDECK" topics "$@" -b "$BOOTSTRAP"; }
set_configs() { # TOPIC
    summary "$1" | sed 's/.*Configs: //' | tr ',' '\n' | grep -v '^min.insync.replicas=' | sort | tr '\n' ' '
}

t=$(kd_unique kt)_x   # an underscore: its dotted twin collides
# ---- preview, then create ---------------------------------------------------
kt create "$t" --partitions 6 --replication-factor 3 --set retention.ms=3600000 --json \
    > "$KD_TMP/preview.json" || kd_fail "the create preview failed"
jq -e '.refusal == null and .applied == false and (.would_send[0] | test("^CreateTopics: .*, 6 partitions, replication factor 3$"))
    and .summary == "3 brokers up in 3 racks: each partition'"'"'s 3 replicas land in 3 different racks"' \
    "$KD_TMP/preview.json" > /dev/null || kd_fail "preview: $(cat "$KD_TMP/preview.json")"
! topics | grep -qx "$t" || kd_fail "the preview created the topic"
kt create "$t" --partitions 6 --replication-factor 3 --set retention.ms=3600000 --execute \
    > "$KD_TMP/create.out" 2>&1 || kd_fail "create failed: $(cat "$KD_TMP/create.out")"
# (the broker TopicCommand asks may learn of the new topic a moment later)
kd_wait_until 20 eval '[ -n "$(summary "$t")" ]'
s=$(summary "$t")
grep -q "PartitionCount: 6" <<< "$s" && grep -q "ReplicationFactor: 3" <<< "$s" &&
    grep -Eq "Configs: (.*,)?retention.ms=3600000(,|$)" <<< "$s" || kd_fail "Kafka holds: $s"
kd_log "created $t: $s"

# ---- bad input: a clear message, nothing created ------------------------------
before=$(topics)
expect_refusal() { # REGEX ARGS...
    local re=$1
    shift
    if kt "$@" --execute > "$KD_TMP/bad.out" 2> "$KD_TMP/bad.err"; then
        kd_fail "kdeck topics $* was accepted"
    fi
    grep -Eq -- "$re" "$KD_TMP/bad.err" || kd_fail "kdeck topics $*: '$(cat "$KD_TMP/bad.err")', want /$re/"
}
expect_refusal "character 4 is not allowed" create 'bad name' --partitions 1 --replication-factor 1
expect_refusal "replication factor 4 needs 4 brokers; 3 are up" create "$t-x" --partitions 1 --replication-factor 4
expect_refusal "would collide with $t" create "${t//_/.}" --partitions 1 --replication-factor 1
expect_refusal "retention.ms: '1h' is not a whole number" create "$t-y" --partitions 1 --replication-factor 1 --set retention.ms=1h
expect_refusal "topic $t already exists" create "$t" --partitions 1 --replication-factor 1
[ "$(topics)" = "$before" ] || kd_fail "bad input changed the topic list"

# ---- partitions: only more ----------------------------------------------------
expect_refusal "partitions can only be added: the topic has 6, 4 is not more" partitions "$t" --count 4
kt partitions "$t" --count 8 --execute > /dev/null 2>&1 || kd_fail "6 -> 8 failed"
kd_wait_until 20 eval 'grep -q "PartitionCount: 8" <<< "$(summary "$t")"' ||
    kd_fail "after 6 -> 8: $(summary "$t")"

# ---- one config: only that key changes ----------------------------------------
kt config "$t" --set cleanup.policy=compact,delete --execute > /dev/null 2>&1 || kd_fail "set cleanup.policy"
kt config "$t" --set max.message.bytes=2000000 --execute > /dev/null 2>&1 || kd_fail "set max.message.bytes"
kt config "$t" --set retention.ms=7200000 > "$KD_TMP/cfg.out" 2>&1 || kd_fail "config preview"
grep -Eq '^retention.ms +3600000 +dynamic topic +7200000' "$KD_TMP/cfg.out" ||
    kd_fail "old -> new not shown: $(cat "$KD_TMP/cfg.out")"
kt config "$t" --set retention.ms=7200000 --execute > /dev/null 2>&1 || kd_fail "set retention.ms"
want="cleanup.policy=compact delete max.message.bytes=2000000 retention.ms=7200000 "
kd_wait_until 20 eval '[ "$(set_configs "$t")" = "$want" ]' ||
    kd_fail "configs after changing one key: $(set_configs "$t")"
# DescribeConfigs goes to any broker, and each applies the change when its
# copy of the metadata log does: the new value shows within seconds
configs_show_new() {
    kt configs "$t" --json > "$KD_TMP/configs.json" || return 1
    jq -e '[.[] | select(.name == "retention.ms")][0] | .value == "7200000" and .source == "dynamic topic"' \
        "$KD_TMP/configs.json" > /dev/null
}
kd_wait_until 20 configs_show_new || kd_fail "configs: $(jq -c '.[] | select(.name == "retention.ms")' "$KD_TMP/configs.json")"
kt config "$t" --reset retention.ms --execute > /dev/null 2>&1 || kd_fail "reset retention.ms"
want="cleanup.policy=compact delete max.message.bytes=2000000 "
kd_wait_until 20 eval '[ "$(set_configs "$t")" = "$want" ]' ||
    kd_fail "configs after the reset: $(set_configs "$t")"
kd_log "configs: one key at a time"

# ---- read-only: every change refused, nothing changes --------------------------
before=$(topics)
cfg_before=$(summary "$t")
mkdir -p "$KD_TMP/cfg"
printf '[context ro]\nbootstrap = %s\nread-only = true\n' "$BOOTSTRAP" > "$KD_TMP/cfg/config"
for how in "--read-only -b $BOOTSTRAP" "--config $KD_TMP/cfg/config --context ro"; do
    for args in "create $t-ro --partitions 1 --replication-factor 1" "delete $t --confirm $t" \
        "partitions $t --count 9" "config $t --set retention.ms=1000"; do
        # shellcheck disable=SC2086
        if "$KDECK" topics $args $how --execute > /dev/null 2> "$KD_TMP/ro.err"; then
            kd_fail "read-only ($how) let 'topics $args' through"
        fi
        grep -q "read-only mode: refusing to" "$KD_TMP/ro.err" ||
            kd_fail "no read-only message ($how, $args): $(cat "$KD_TMP/ro.err")"
    done
done
[ "$(topics)" = "$before" ] || kd_fail "read-only changed the topic list"
[ "$(summary "$t")" = "$cfg_before" ] || kd_fail "read-only changed the topic"

# ---- delete: the name typed again -----------------------------------------------
expect_refusal "type the topic's name to confirm \\(you typed '$t-typo'\\)" delete "$t" --confirm "$t-typo"
topics | grep -qx "$t" || kd_fail "a wrong confirmation deleted the topic"
kt delete "$t" --confirm "$t" --execute > /dev/null 2>&1 || kd_fail "delete failed"
gone() { ! topics | grep -qx "$t"; }
kd_wait_until 20 gone || kd_fail "the topic is still listed after delete"
kd_log "ok"
