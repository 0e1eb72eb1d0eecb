#!/usr/bin/env bash
# Creating a topic from the dashboard against real Kafka, in tmux: C on the
# topics pane opens the form; a bad name and RF 4 on 3 brokers are refused
# in the form (nothing sent); then 6 partitions, RF 3, retention.ms=3600000
# (the key completed with C-o): the preview, y, and Kafka holds exactly
# that (TopicCommand); Esc on a form sends nothing.  With --read-only, C
# refuses with a message.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require tmux
kd_cluster_up

t=$(kd_unique form)
props=$CLUSTER_DIR/tools/client.properties
summary() {
    kd_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
        --command-config "$props" --describe --topic "$1" 2> /dev/null | grep -m1 'PartitionCount'
}

S=form
kd_tmux_start "$S" 160 40 "$KDECK" -b "$BOOTSTRAP" -i 1
kd_screen_expect "$S" 20 'brokers 3/3'
kd_tmux_keys "$S" 2 C
kd_screen_expect "$S" 5 'Create a topic' '^  > name '
# a bad name: refused in the form, on leaving the field
kd_tmux_keys "$S" 'bad name' Tab
kd_screen_expect "$S" 5 "character 4 is not allowed"
kd_tmux_keys "$S" BTab C-u "$t" Tab C-u 6 Tab C-u 4 Enter
kd_screen_expect "$S" 5 "replication factor 4 needs 4 brokers; 3 are up"
kd_tmux_keys "$S" C-u 3 Tab retention.m C-o
kd_screen_expect "$S" 5 '^  > configs +retention\.ms_'
kd_tmux_keys "$S" =3600000 Enter
kd_screen_expect "$S" 20 "Create topic $t: 6 partitions, replication factor 3" \
    'retention\.ms +3600000' 'y: apply this change'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 30 'done: the topic was created'
s=$(summary "$t")
grep -q "PartitionCount: 6" <<< "$s" && grep -q "ReplicationFactor: 3" <<< "$s" &&
    grep -Eq "Configs: (.*,)?retention.ms=3600000(,|$)" <<< "$s" || kd_fail "Kafka holds: $s"
kd_tmux_keys "$S" Escape
kd_screen_expect "$S" 20 "^  $t +6 +3 "
# Esc on the form: nothing
kd_tmux_keys "$S" C "$t-esc" Escape
kd_screen_expect "$S" 5 'cancelled: nothing was sent'
[ -z "$(summary "$t-esc")" ] || kd_fail "a cancelled form created a topic"
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"

S=ro
kd_tmux_start "$S" 160 40 "$KDECK" -b "$BOOTSTRAP" -i 1 --read-only
kd_screen_expect "$S" 20 'brokers 3/3'
kd_tmux_keys "$S" 2 C
kd_screen_expect "$S" 5 'read-only mode: refusing to create a topic'
kd_tmux_keys "$S" q
kd_log "created $t through the form: $s"
