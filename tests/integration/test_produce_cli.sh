#!/usr/bin/env bash
# `kdeck produce` against real Kafka: a message with a key, two headers and a
# JSON value is read back the same by `kdeck tail` and by kcat; a hex value
# arrives as its bytes; the preview alone, a value that is not JSON, a
# partition the topic lacks, and --read-only write nothing.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

t=$(kd_unique produce)
kd_topic_create "$t" 3 3
kp() { "$KDECK" produce -b "$BOOTSTRAP" -t "$t" "$@"; }

# the preview writes nothing
kp -k user-7 -H source=kdeck -H trace=abc -v '{"temperature": 91.5}' --format json > "$KD_TMP/preview.out" ||
    kd_fail "preview: $(cat "$KD_TMP/preview.out")"
grep -q "preview only" "$KD_TMP/preview.out" || kd_fail "no preview: $(cat "$KD_TMP/preview.out")"
[ "$(kd_end_offset "$t")" = 0 ] || kd_fail "the preview wrote a message"

kp -k user-7 -H source=kdeck -H trace=abc -v '{"temperature": 91.5}' --format json --execute \
    > "$KD_TMP/exec.out" 2>&1 || kd_fail "produce: $(cat "$KD_TMP/exec.out")"
[ "$(kd_end_offset "$t")" = 1 ] || kd_fail "not one message: $(kd_end_offset "$t")"

"$KDECK" tail -b "$BOOTSTRAP" -t "$t" -o beginning -e -J > "$KD_TMP/tail.jsonl" 2> /dev/null ||
    kd_fail "tail failed"
jq -e -s 'length == 1 and .[0].key == "user-7" and .[0].value == "{\"temperature\": 91.5}"
    and .[0].headers == [{"name": "source", "value": "kdeck"}, {"name": "trace", "value": "abc"}]' \
    "$KD_TMP/tail.jsonl" > /dev/null || kd_fail "kdeck tail reads: $(cat "$KD_TMP/tail.jsonl")"
if command -v kcat > /dev/null 2>&1; then
    kcat -C -b "$BOOTSTRAP" -t "$t" -o beginning -e -J -q > "$KD_TMP/kcat.jsonl" 2> /dev/null ||
        kd_fail "kcat failed"
    jq -e -s 'length == 1 and .[0].key == "user-7" and .[0].payload == "{\"temperature\": 91.5}"
        and .[0].headers == ["source", "kdeck", "trace", "abc"]' "$KD_TMP/kcat.jsonl" > /dev/null ||
        kd_fail "kcat reads: $(cat "$KD_TMP/kcat.jsonl")"
fi

# hex: the bytes, to the partition asked
kp -p 1 -v 00ff1b41 --format hex --execute > /dev/null 2>&1 || kd_fail "hex produce"
"$KDECK" tail -b "$BOOTSTRAP" -t "$t" -p 1 -o beginning -e -f '%s' > "$KD_TMP/hex.out" 2> /dev/null
[ "$(cat "$KD_TMP/hex.out")" = '\x00\xff\eA' ] || kd_fail "hex value reads back as: $(cat "$KD_TMP/hex.out")"

# nothing written for bad input or read-only
before=$(kd_end_offset "$t")
for args in "-v {not-json --format json" "-p 9 -v x" "-v 0g --format hex" "-v x --read-only"; do
    # shellcheck disable=SC2086
    if kp $args --execute > /dev/null 2> "$KD_TMP/bad.err"; then
        kd_fail "produce $args was accepted"
    fi
    [ -s "$KD_TMP/bad.err" ] || kd_fail "produce $args: no message"
done
grep -q "read-only mode: refusing to produce a message" "$KD_TMP/bad.err" ||
    kd_fail "read-only: $(cat "$KD_TMP/bad.err")"
[ "$(kd_end_offset "$t")" = "$before" ] || kd_fail "bad input wrote a message"
kd_log "ok"
