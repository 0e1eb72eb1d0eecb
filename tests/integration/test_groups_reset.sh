#!/usr/bin/env bash
# Resetting and deleting consumer groups against real Kafka
# (`kdeck groups reset|delete`):
#  - to a timestamp on an Empty group: the preview changes nothing; with
#    --execute the committed offsets in Kafka (read back with Kafka's
#    ConsumerGroupCommand) equal the previewed ones, which are what Kafka's
#    GetOffsetShell says for that time;
#  - on a Stable group: refused with a clear message, nothing changes;
#  - with --read-only: refused with a clear message, no request sent;
#  - shift, to-offset clamping, bad input;
#  - delete: refused on a Stable group, done on an Empty one;
#  - the gate: a preview whose offsets moved before --execute --expect FP is
#    refused ("the plan changed since the preview"); a context marked
#    read-only and a config file with a syntax error refuse --execute (with
#    file:line:column), while reading still works.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

client=$top_builddir/tests/tools/groups_client
[ -x "$client" ] || kd_fail "$client is not built (make check builds it)"
cgc=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand

# "PARTITION OFFSET" lines of GROUP's committed offsets on TOPIC, from
# Kafka's own tool.
committed() { # GROUP TOPIC
    kd_tool $cgc --bootstrap-server "$BOOTSTRAP" --describe --group "$1" 2>/dev/null |
        awk -v t="$2" '$2 == t { print $3, $4 }' | sort -n
}

topic=$(kd_unique reset)
kd_topic_create "$topic" 2 3
"$client" produce -b "$BOOTSTRAP" -t "$topic" -n 40 -P 2 2> /dev/null
sleep 2
# the time to reset to: after the first 40 records, before the next 40
at_ms=$(($(date +%s%3N)))
at_iso=$(date -u -d "@$((at_ms / 1000)).$((at_ms % 1000))" +%Y-%m-%dT%H:%M:%S.%3NZ)
sleep 2
"$client" produce -b "$BOOTSTRAP" -t "$topic" -n 40 -P 2 2> /dev/null

group=$(kd_unique empty)
kd_tool $cgc --bootstrap-server "$BOOTSTRAP" --group "$group" --topic "$topic" \
    --reset-offsets --to-latest --execute > /dev/null 2>&1
before=$(committed "$group" "$topic")
[ "$(awk '{ n += $2 } END { print n }' <<< "$before")" = 80 ] ||
    kd_fail "setup: the group's offsets are not at the end: $before"

# ---- preview: what it would do, nothing changed ------------------------------
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" \
    --to-datetime "$at_iso" --json > "$KD_TMP/preview.json" || kd_fail "the preview failed"
[ "$(jq -r .applied "$KD_TMP/preview.json")" = false ] || kd_fail "a preview applied the change"
[ "$(jq -r .state "$KD_TMP/preview.json")" = Empty ] || kd_fail "state: $(jq -r .state "$KD_TMP/preview.json")"
[ "$(committed "$group" "$topic")" = "$before" ] || kd_fail "the preview changed the offsets"
previewed=$(jq -r '.partitions[] | "\(.partition) \(.target)"' "$KD_TMP/preview.json" | sort -n)
# Kafka's own answer for that time
oracle=$(kd_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" \
    --topic "$topic" --time "$at_ms" 2>/dev/null | awk -F: '{ print $2, $3 }' | sort -n)
[ "$previewed" = "$oracle" ] || kd_fail "previewed targets differ from GetOffsetShell --time $at_ms:
$previewed
--
$oracle"
[ "$(awk '{ n += $2 } END { print n }' <<< "$previewed")" = 40 ] ||
    kd_fail "the first 40 records are not all before $at_iso: $previewed"
jq -e '.partitions | all(.current != null and .target <= .current)' "$KD_TMP/preview.json" > /dev/null ||
    kd_fail "old -> new is not shown for every partition"

# ---- execute: Kafka holds exactly the previewed offsets ----------------------
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" \
    --to-datetime "$at_iso" --execute --json > "$KD_TMP/exec.json" ||
    kd_fail "the reset failed: $(jq -r .error "$KD_TMP/exec.json")"
[ "$(jq -r .applied "$KD_TMP/exec.json")" = true ] || kd_fail "not applied"
after=$(committed "$group" "$topic")
[ "$after" = "$previewed" ] || kd_fail "committed offsets after the reset differ from the preview:
$after
--
$previewed"
# kdeck's own reading agrees, and shows the new lag
"$KDECK" groups list -b "$BOOTSTRAP" --group "$group" --json > "$KD_TMP/list.json"
[ "$(jq .lag "$KD_TMP/list.json")" = 40 ] || kd_fail "lag after the reset: $(jq .lag "$KD_TMP/list.json")"
kd_log "reset to $at_iso: $(tr '\n' ' ' <<< "$after")"

# ---- shift and clamping --------------------------------------------------------
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --partition 0 \
    --shift-by -1000 --json > "$KD_TMP/shift.json" || kd_fail "shift preview failed"
jq -e '.partitions | length == 1 and .[0].target == 0 and (.[0].note | test("before the log start"))' \
    "$KD_TMP/shift.json" > /dev/null || kd_fail "a shift past the start is not clamped: $(jq -c .partitions "$KD_TMP/shift.json")"
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --to-offset 5 \
    --execute > /dev/null || kd_fail "--to-offset 5 failed"
[ "$(committed "$group" "$topic" | awk '{ print $2 }' | sort -u)" = 5 ] ||
    kd_fail "--to-offset 5 did not commit 5 everywhere: $(committed "$group" "$topic")"

# ---- read-only: refused, nothing sent -----------------------------------------
before=$(committed "$group" "$topic")
if "$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --to-earliest \
    --execute --read-only --json > "$KD_TMP/ro.json" 2> "$KD_TMP/ro.err"; then
    kd_fail "--read-only --execute succeeded"
fi
grep -q "read-only" "$KD_TMP/ro.err" || kd_fail "no clear read-only message: $(cat "$KD_TMP/ro.err")"
[ "$(jq .requests "$KD_TMP/ro.json")" = 0 ] || kd_fail "read-only sent $(jq .requests "$KD_TMP/ro.json") requests"
[ "$(committed "$group" "$topic")" = "$before" ] || kd_fail "read-only changed the offsets"

# ---- a Stable group: refused, nothing changes ---------------------------------
active=$(kd_unique active)
"$client" consume -b "$BOOTSTRAP" -g "$active" -t "$topic" -i active-c \
    -s "$KD_TMP/active.state" 2> "$KD_TMP/active.log" &
kd_on_exit "kill $! 2>/dev/null"
caught_up() {
    [ "$(committed "$active" "$topic" | awk '{ n += $2 } END { print n + 0 }')" = 80 ]
}
kd_wait_until 60 caught_up || kd_fail "the active consumer never committed the end"
before=$(committed "$active" "$topic")
if "$KDECK" groups reset -b "$BOOTSTRAP" --group "$active" --topic "$topic" --to-earliest \
    --execute > "$KD_TMP/active.out" 2> "$KD_TMP/active.err"; then
    kd_fail "a reset of a Stable group succeeded"
fi
grep -q "is Stable with 1 member" "$KD_TMP/active.err" &&
    grep -q "stop its consumers first" "$KD_TMP/active.err" ||
    kd_fail "no clear refusal for a Stable group: $(cat "$KD_TMP/active.err")"
sleep 1
[ "$(committed "$active" "$topic")" = "$before" ] || kd_fail "the Stable group's offsets changed"
if "$KDECK" groups delete -b "$BOOTSTRAP" --group "$active" --execute 2> "$KD_TMP/del.err" > /dev/null; then
    kd_fail "a Stable group was deleted"
fi
grep -q "is Stable" "$KD_TMP/del.err" || kd_fail "no clear refusal to delete: $(cat "$KD_TMP/del.err")"

# ---- bad input: a clear error, nothing done ------------------------------------
for args in "--to-offset -3" "--to-datetime yesterday-ish" "--to-earliest --to-latest" ""; do
    # shellcheck disable=SC2086
    if "$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" $args \
        --execute 2> "$KD_TMP/bad.err" > /dev/null; then
        kd_fail "groups reset $args was accepted"
    fi
    [ -s "$KD_TMP/bad.err" ] || kd_fail "groups reset $args: no message"
done
if "$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic nosuch-topic-x \
    --to-earliest 2> "$KD_TMP/bad.err" > /dev/null; then
    kd_fail "a reset of a missing topic was accepted"
fi
grep -q "topic nosuch-topic-x does not exist" "$KD_TMP/bad.err" || kd_fail "unclear: $(cat "$KD_TMP/bad.err")"
[ "$(committed "$group" "$topic")" = "$(printf '0 5\n1 5')" ] || kd_fail "bad input changed the offsets"

# ---- the gate: a plan that changed since the preview is refused -----------------
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --to-latest \
    --json > "$KD_TMP/latest.json" || kd_fail "the to-latest preview failed"
fp=$(jq -r .fingerprint "$KD_TMP/latest.json")
[ "${#fp}" = 16 ] || kd_fail "no fingerprint in the preview: $(head -c 600 "$KD_TMP/latest.json")"
jq -e '.would_send[0] | test("^OffsetCommit to broker [0-9]+: group .*, generation -1, 2 partitions$")' \
    "$KD_TMP/latest.json" > /dev/null || kd_fail "would_send: $(jq -c .would_send "$KD_TMP/latest.json")"
"$client" produce -b "$BOOTSTRAP" -t "$topic" -n 10 -P 2 2> /dev/null   # the log end moves
before=$(committed "$group" "$topic")
if "$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --to-latest \
    --execute --expect "$fp" > /dev/null 2> "$KD_TMP/moved.err"; then
    kd_fail "a reset whose plan changed since the preview was applied"
fi
grep -q "the plan changed since the preview (fingerprint [0-9a-f]*, expected $fp); nothing was sent" \
    "$KD_TMP/moved.err" || kd_fail "no clear refusal of a changed plan: $(cat "$KD_TMP/moved.err")"
[ "$(committed "$group" "$topic")" = "$before" ] || kd_fail "a refused change moved the offsets"
# the same fingerprint on an unchanged cluster: applied
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --to-offset 5 \
    --json > "$KD_TMP/five.json" || kd_fail "the to-offset preview failed"
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$group" --topic "$topic" --to-offset 5 \
    --execute --expect "$(jq -r .fingerprint "$KD_TMP/five.json")" > /dev/null 2> "$KD_TMP/five.err" ||
    kd_fail "an unchanged preview was refused: $(cat "$KD_TMP/five.err")"
kd_log "gate: a moved plan refused, an unchanged one applied"

# ---- the config file: a read-only context; a file with a syntax error ------------
mkdir -p "$KD_TMP/cfg"
printf '[context ro]\nbootstrap = %s\nread-only = true\n' "$BOOTSTRAP" > "$KD_TMP/cfg/ok"
before=$(committed "$group" "$topic")
if "$KDECK" groups reset --config "$KD_TMP/cfg/ok" --context ro --group "$group" --topic "$topic" \
    --to-earliest --execute > /dev/null 2> "$KD_TMP/roctx.err"; then
    kd_fail "--context ro (read-only) applied a reset"
fi
grep -q "read-only mode: refusing to reset group offsets (context ro is read-only; nothing was sent)" \
    "$KD_TMP/roctx.err" || kd_fail "unclear read-only context refusal: $(cat "$KD_TMP/roctx.err")"
"$KDECK" groups list --config "$KD_TMP/cfg/ok" --context ro --group "$group" > /dev/null 2>&1 ||
    kd_fail "reading through a read-only context failed"
printf '[context ro]\nbootstrap = %s\nread-only = true\n[oops\n' "$BOOTSTRAP" > "$KD_TMP/cfg/bad"
if "$KDECK" groups reset --config "$KD_TMP/cfg/bad" -b "$BOOTSTRAP" --group "$group" --topic "$topic" \
    --to-earliest --execute > /dev/null 2> "$KD_TMP/badcfg.err"; then
    kd_fail "a config file with a syntax error let a reset through"
fi
grep -q "refusing to reset group offsets (the config file could not be read: .*cfg/bad:[0-9]*:[0-9]*: " \
    "$KD_TMP/badcfg.err" || kd_fail "no file:line:column refusal: $(cat "$KD_TMP/badcfg.err")"
[ "$(committed "$group" "$topic")" = "$before" ] || kd_fail "a refused change moved the offsets"
"$KDECK" --config "$KD_TMP/cfg/bad" -b "$BOOTSTRAP" --once > "$KD_TMP/badcfg.once" 2>&1 ||
    kd_fail "the dashboard's --once did not start with a bad config file: $(cat "$KD_TMP/badcfg.once")"
grep -q "cfg/bad:[0-9]*:[0-9]*: .*reading only, every change is refused" "$KD_TMP/badcfg.once" ||
    kd_fail "no message about the bad config file: $(cat "$KD_TMP/badcfg.once")"
kd_log "config: a read-only context and a broken file refuse --execute; reading works"

# ---- delete an Empty group -----------------------------------------------------
"$KDECK" groups delete -b "$BOOTSTRAP" --group "$group" > "$KD_TMP/del.out" ||
    kd_fail "delete preview failed"
grep -q "deleting it drops 2 committed offsets" "$KD_TMP/del.out" || kd_fail "delete preview: $(cat "$KD_TMP/del.out")"
kd_tool $cgc --bootstrap-server "$BOOTSTRAP" --list 2>/dev/null | grep -qx "$group" ||
    kd_fail "the delete preview deleted the group"
"$KDECK" groups delete -b "$BOOTSTRAP" --group "$group" --execute > /dev/null || kd_fail "delete failed"
if kd_tool $cgc --bootstrap-server "$BOOTSTRAP" --list 2>/dev/null | grep -qx "$group"; then
    kd_fail "the group still exists after delete --execute"
fi
kd_log "ok"
