#!/usr/bin/env bash
# The consumer-group panes in a real terminal (tmux) against real Kafka:
# the Groups pane lists a Stable and an Empty group with state, lag and
# status; Enter opens a group with its member and partitions; the Topics
# pane's c shows the groups of a topic; R on a group with members is
# refused, and with --read-only every change is refused.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require tmux
kd_cluster_up

client=$top_builddir/tests/tools/groups_client
[ -x "$client" ] || kd_fail "$client is not built (make check builds it)"

topic=$(kd_unique uig)
kd_topic_create "$topic" 2 3
"$client" produce -b "$BOOTSTRAP" -t "$topic" -n 20 -P 2 2> /dev/null
empty=$(kd_unique uie)
kd_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --group "$empty" --topic "$topic" --reset-offsets --to-offset 2 --execute > /dev/null 2>&1
active=$(kd_unique uia)
"$client" consume -b "$BOOTSTRAP" -g "$active" -t "$topic" -i ui-consumer \
    -s "$KD_TMP/active.state" 2> "$KD_TMP/active.log" &
kd_on_exit "kill $! 2>/dev/null"
kd_wait_until 60 grep -q "^committed $topic" "$KD_TMP/active.state" ||
    kd_fail "the consumer never committed"

kd_tmux_start ui 180 40 "$KDECK" -b "$BOOTSTRAP" -i 1 --lag window=3
kd_tmux_wait_for ui "connected" 30 || kd_fail "the UI never connected"
kd_tmux_keys ui 6
kd_tmux_wait_for ui "Consumer groups" 5 || kd_fail "6 does not show the Groups pane"
# the Empty group: 2 committed of 10 on each partition, lag 16
kd_tmux_wait_for ui "$empty +Empty .* 16 .*(NEW|STOP|STALL|OK)" 20 ||
    kd_fail "the Empty group is not listed with its lag"
kd_tmux_wait_for ui "$active +Stable +consumer +range .* 0 .* OK " 20 ||
    kd_fail "the Stable group is not listed as OK with lag 0"
kd_tmux_wait_for ui "[0-9]+ groups +[0-9]+ ERR +[0-9]+ WARN +window 3 polls" 5 || kd_fail "no groups summary line"

# Enter opens the group: its member and its partitions
kd_tmux_keys ui / "$active" Enter
kd_tmux_keys ui Enter
kd_tmux_wait_for ui "Partitions of group $active" 10 || kd_fail "Enter did not open the group"
member=$(sed -n 's/^member //p' "$KD_TMP/active.state")
kd_tmux_wait_for ui "ui-consumer .*$topic:0,1 .*${member:0:20}" 10 ||
    kd_fail "the detail does not list the member with its partitions"
for p in 0 1; do
    kd_tmux_wait_for ui "$topic +$p +ui-consumer .* 10 +10 +0 " 10 ||
        kd_fail "partition $p is not shown with committed 10, end 10, lag 0"
done
# changes need an Empty group
kd_tmux_keys ui R
kd_tmux_wait_for ui "is Stable with 1 member: offsets can be reset only while a group is Empty" 5 ||
    kd_fail "R on a Stable group was not refused"
kd_tmux_keys ui Escape Escape

# the Topics pane: c shows who reads the topic
kd_tmux_keys ui 2 / "$topic" Enter c
kd_tmux_wait_for ui "Consumer groups of topic $topic" 10 || kd_fail "c did not open the topic's groups"
kd_tmux_wait_for ui "$empty +Empty" 5 || kd_fail "the topic's groups miss $empty"
kd_tmux_wait_for ui "$active +Stable" 5 || kd_fail "the topic's groups miss $active"
kd_tmux_keys ui q

# --read-only: every change is refused before anything is sent
kd_tmux_start ro 180 40 "$KDECK" -b "$BOOTSTRAP" -i 1 --read-only
kd_tmux_wait_for ro "connected" 30 || kd_fail "the read-only UI never connected"
kd_tmux_keys ro 6 / "$empty" Enter
kd_tmux_wait_for ro "$empty +Empty" 20 || kd_fail "the read-only UI does not list $empty"
kd_tmux_keys ro R
kd_tmux_wait_for ro "read-only mode: refusing to reset group offsets" 5 ||
    kd_fail "R was not refused in read-only mode"
kd_tmux_keys ro D
kd_tmux_wait_for ro "read-only mode: refusing to delete a group" 5 ||
    kd_fail "D was not refused in read-only mode"
kd_tmux_keys ro q
kd_log "ok"
