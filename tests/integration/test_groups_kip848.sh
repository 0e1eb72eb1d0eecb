#!/usr/bin/env bash
# A KIP-848 consumer group (Kafka 4.x, group.protocol=consumer: Kafka's own
# console consumer) shows its members and their assignment: DescribeGroups
# answers such a group only with "not a classic group", so kdeck asks
# ConsumerGroupDescribe.  `groups list` text and JSON, and the groups pane
# with the group's detail.  Kafka 3.x has no such groups by default: skipped.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

version=$(sed -n 's/^version=//p' "$CLUSTER_DIR/cluster.env")
case $version in
    3.*) kd_skip "Kafka $version: KIP-848 groups need Kafka 4" ;;
esac

topic=$(kd_unique k848)
group=$(kd_unique g848)
kd_topic_create "$topic" 3 3
kd_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" \
    --topic "$topic" --group "$group" --consumer-property group.protocol=consumer \
    --consumer-property client.id=kip848-client > /dev/null 2> "$KD_TMP/consumer.log" &
kd_on_exit "kill $! 2>/dev/null; pkill -f 'client.id=kip848-client' 2>/dev/null"

members() {
    "$KDECK" groups list -b "$BOOTSTRAP" --json > "$KD_TMP/list.json" 2> "$KD_TMP/list.err" &&
        jq -e --arg g "$group" '.groups[] | select(.id == $g) | select(.member_count == 1)' \
            "$KD_TMP/list.json" > /dev/null
}
kd_wait_until 60 members ||
    kd_fail "the KIP-848 group shows no member: $(jq -c --arg g "$group" '.groups[] | select(.id == $g)' "$KD_TMP/list.json" 2>&1 | head -c 1500) $(tail -5 "$KD_TMP/consumer.log")"

jq -e --arg g "$group" --arg t "$topic" '.groups[] | select(.id == $g)
    | .type == "consumer" and .assignor == "uniform" and .state == "Stable"
    and (.members[0].client_id == "kip848-client")
    and (.members[0].assignment == [{"topic": $t, "partitions": [0, 1, 2]}])
    and ([.partitions[].client_id] == ["kip848-client", "kip848-client", "kip848-client"])' \
    "$KD_TMP/list.json" > /dev/null ||
    kd_fail "members or assignment wrong: $(jq -c --arg g "$group" '.groups[] | select(.id == $g)' "$KD_TMP/list.json" | head -c 1500)"
"$KDECK" groups list -b "$BOOTSTRAP" > "$KD_TMP/list.txt" 2>&1 || kd_fail "groups list failed"
grep -qE "^$group +Stable +consumer +uniform +[0-9]+ +1 +1 " "$KD_TMP/list.txt" ||
    kd_fail "text: $(grep -F "$group" "$KD_TMP/list.txt")"
kd_log "groups list: 1 member, 3 partitions assigned, assignor uniform"

# the groups pane and the group's detail
if command -v tmux > /dev/null 2>&1; then
    kd_tmux_start dash 160 40 "$KDECK" -b "$BOOTSTRAP" -i 1
    kd_screen_expect dash 20 'brokers 3/3'
    kd_tmux_keys dash 6
    kd_tmux_keys dash '/' "$group" Enter
    kd_screen_expect dash 20 "$group +Stable"
    kd_tmux_keys dash Enter
    kd_screen_expect dash 20 'kip848-client'
    kd_screen_expect dash 5 "$topic"
    kd_tmux_keys dash q
fi
