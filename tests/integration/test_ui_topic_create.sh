#!/usr/bin/env bash
# Creating a topic from the dashboard against real Kafka, in tmux: C on the
# topics pane opens the form; a bad name and RF 4 on 3 brokers are refused
# in the form (nothing sent); then 6 partitions, RF 3, retention.ms=3600000
# (the key completed with C-o): the preview, y, and Kafka holds exactly
# that (TopicCommand); P adds partitions (fewer refused in the form), o
# shows its configs and e changes retention.ms (old -> new), W writes a
# message (read back with kdeck tail), o on a broker shows its configs, D
# deletes only with the name typed again; Esc on a form sends nothing.
# With --read-only, C, D and P refuse with a message.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require tmux
kd_require jq
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
# P on its row: 8 partitions (4 is refused in the form)
kd_tmux_keys "$S" / "$t" Enter P C-u 4 Enter
kd_screen_expect "$S" 5 "partitions can only be added: the topic has 6, 4 is not more"
kd_tmux_keys "$S" C-u 8 Enter
kd_screen_expect "$S" 20 "Add partitions to $t: 6 -> 8" 'y: apply this change'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 30 'done: the partitions were added'
grep -q "PartitionCount: 8" <<< "$(summary "$t")" || kd_fail "after P: $(summary "$t")"
kd_tmux_keys "$S" Escape
# o: its configs (the one set on the topic first); e: change one key
kd_screen_expect "$S" 20 "^  $t +8 +3 "
kd_tmux_keys "$S" o
kd_screen_expect "$S" 20 "Configs of topic $t" 'CONFIG +VALUE +SOURCE +SENSITIVE' \
    '^  retention\.ms +3600000 +dynamic topic'
kd_tmux_keys "$S" e retention.ms Tab 7200000 Enter
kd_screen_expect "$S" 20 "Set retention\.ms of topic $t" 'retention\.ms +3600000 +dynamic topic +7200000'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 30 'done: the config was changed'
grep -Eq "Configs: (.*,)?retention.ms=7200000(,|$)" <<< "$(summary "$t")" ||
    kd_fail "after e: $(summary "$t")"
kd_tmux_keys "$S" Escape
# W: one message, through the form and the preview
kd_screen_expect "$S" 20 "^  $t +8 +3 "
kd_tmux_keys "$S" W Tab user-7 Tab '{"t": 1}' Tab src=ui Tab C-u json Enter
kd_screen_expect "$S" 20 "Produce one message to $t" 'y: apply this change'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 30 'done: the message was written'
"$KDECK" tail -b "$BOOTSTRAP" -t "$t" -o beginning -e -J > "$KD_TMP/w.jsonl" 2> /dev/null
jq -e -s 'length == 1 and .[0].key == "user-7" and .[0].value == "{\"t\": 1}" and
    .[0].headers == [{"name": "src", "value": "ui"}]' "$KD_TMP/w.jsonl" > /dev/null ||
    kd_fail "the message written: $(cat "$KD_TMP/w.jsonl")"
kd_tmux_keys "$S" Escape
# D: a wrong name is refused in the form; the right one, previewed, deletes
kd_screen_expect "$S" 20 "^  $t +8 +3 "
kd_tmux_keys "$S" D "$t-typo" Enter
kd_screen_expect "$S" 5 "type the topic's name exactly to delete it"
[ -n "$(summary "$t")" ] || kd_fail "a wrong name deleted the topic"
kd_tmux_keys "$S" C-u "$t" Enter
kd_screen_expect "$S" 20 "Delete topic $t" 'y: apply this change'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 30 'done: the topic was deleted'
gone() { [ -z "$(summary "$t")" ]; }
kd_wait_until 20 gone || kd_fail "still there after D: $(summary "$t")"
kd_tmux_keys "$S" Escape
# the session's actions, newest first
kd_tmux_keys "$S" : actions Enter
kd_screen_expect "$S" 5 "^  [0-9:]{8}  done +Delete topic $t" \
    "^  [0-9:]{8}  done +Produce one message to $t" \
    "^  [0-9:]{8}  done +Set retention\.ms of topic $t" \
    "^  [0-9:]{8}  done +Add partitions to $t: 6 -> 8" \
    "^  [0-9:]{8}  done +Create topic $t: 6 partitions, replication factor 3"
kd_tmux_keys "$S" Escape
# o on a broker: its configs, the ones not at their default first
kd_tmux_keys "$S" 1
kd_screen_expect "$S" 10 'ID.? +HOST:PORT +RACK'
kd_tmux_keys "$S" o
kd_screen_expect "$S" 20 'Configs of broker [0-9]+' 'CONFIG +VALUE +SOURCE +SENSITIVE' \
    'replica\.lag\.time\.max\.ms +5000 +static broker'
kd_tmux_keys "$S" Escape 2
# Esc on the form: nothing
kd_tmux_keys "$S" C "$t-esc" Escape
kd_screen_expect "$S" 5 'cancelled: nothing was sent'
[ -z "$(summary "$t-esc")" ] || kd_fail "a cancelled form created a topic"
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"

# Read-only, by the flag and by a read-only context: every mutating key
# refuses with a message, and the topic list and a topic's configs are
# the same afterwards.
keep=$(kd_unique ro)
"$KDECK" topics create "$keep" --partitions 2 --replication-factor 3 --set retention.ms=3600000 \
    -b "$BOOTSTRAP" --execute > /dev/null 2>&1 || kd_fail "could not create $keep"
topic_list() {
    kd_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
        --command-config "$props" --list 2> /dev/null | grep -v '^__' | sort
}
kd_wait_until 20 eval '[ -n "$(summary "$keep")" ]' || kd_fail "$keep not there"
list_before=$(topic_list)
cfg_before=$(summary "$keep")
mkdir -p "$KD_TMP/cfg"
printf '[context ro]\nbootstrap = %s\nread-only = true\n' "$BOOTSTRAP" > "$KD_TMP/cfg/config"
n=0
for how in "-b $BOOTSTRAP --read-only" "--config $KD_TMP/cfg/config --context ro"; do
    n=$((n + 1))
    S=ro$n
    # shellcheck disable=SC2086
    kd_tmux_start "$S" 160 40 "$KDECK" $how -i 1
    kd_screen_expect "$S" 20 'brokers 3/3'
    kd_tmux_keys "$S" 2 C
    kd_screen_expect "$S" 5 'read-only mode: refusing to create a topic'
    kd_tmux_keys "$S" / "$keep" Enter
    kd_screen_expect "$S" 10 "^  $keep +2 +3 "
    kd_tmux_keys "$S" D
    kd_screen_expect "$S" 5 'read-only mode: refusing to delete a topic'
    kd_tmux_keys "$S" P
    kd_screen_expect "$S" 5 'read-only mode: refusing to add partitions'
    kd_tmux_keys "$S" W
    kd_screen_expect "$S" 5 'read-only mode: refusing to (produce|write)'
    # the configs pane is a view; e on it is a change
    kd_tmux_keys "$S" o
    kd_screen_expect "$S" 20 "Configs of topic $keep"
    kd_tmux_keys "$S" e
    kd_screen_expect "$S" 5 'read-only mode: refusing to (change|set|alter)'
    kd_tmux_keys "$S" Escape q
    kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit ($how)"
done
[ "$(topic_list)" = "$list_before" ] || kd_fail "read-only changed the topic list"
[ "$(summary "$keep")" = "$cfg_before" ] || kd_fail "read-only changed $keep: $(summary "$keep")"
"$KDECK" topics delete "$keep" -b "$BOOTSTRAP" --execute > /dev/null 2>&1
kd_log "created, grew and deleted $t through the forms: $s"
