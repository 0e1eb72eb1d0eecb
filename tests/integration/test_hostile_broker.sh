#!/usr/bin/env bash
# Hostile brokers, scripted (tests/tools/fake_broker.py: real Kafka 3.9.1
# answers from tests/captures, Metadata crafted per scenario):
#  - a broker list with node id -1 at another address, and a broker that
#    moves on every answer: kdeck survives (in the sanitizer build this is
#    where a connection used after it was closed shows), prints a complete
#    JSON document;
#  - escape sequences, C1 controls, bidi overrides and invalid UTF-8 in host
#    names, racks and the cluster id: `--once` text, its errors and
#    `--once --json` carry no raw control byte; the JSON parses;
#  - a topic array claiming 2^31-1 elements, partition ids -1, 2^31-1 and a
#    duplicate, answers cut after 2, 6 and 30 bytes: a clear error each;
#  - minimal-element bombs of FAKE_BOMB_BYTES (a DescribeGroups answer of
#    7-byte members; a Metadata answer of 26-byte partitions): the first is
#    refused by the decoding budget, the second decodes; peak RSS stays
#    under the budget doc/PERFORMANCE.md states (64 MB + 32 x the frame).
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require python3
kd_require jq

broker_pid=
start_broker() { # SCENARIO -> PORT
    rm -f "$KD_TMP/port"
    python3 "$top_srcdir/tests/tools/fake_broker.py" "$top_srcdir/tests/captures" "$1" \
        "$KD_TMP/port" 2> "$KD_TMP/broker-$1.log" &
    broker_pid=$!
    kd_on_exit "kill $broker_pid 2>/dev/null"
    kd_wait_until 10 test -s "$KD_TMP/port" || kd_fail "the fake broker did not start"
    PORT=$(cat "$KD_TMP/port")
}
stop_broker() { kill "$broker_pid" 2> /dev/null; wait "$broker_pid" 2> /dev/null; }

# raw control bytes: C0 but newline, DEL, C1 (in UTF-8 or as single bytes),
# bidi overrides; LC_ALL=C so grep looks at bytes
has_controls() { # FILE
    LC_ALL=C grep -aqP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|[\x80-\xff]' "$1"
}

for scenario in node-minus-1 moving hostile-names; do
    start_broker "$scenario"
    for form in json text; do
        rc=0
        if [ $form = json ]; then
            "$KDECK" -b "127.0.0.1:$PORT" --once --json -i 1 --timeout 2 \
                > "$KD_TMP/$scenario.$form" 2> "$KD_TMP/$scenario.$form.err" || rc=$?
        else
            "$KDECK" -b "127.0.0.1:$PORT" --once -i 1 --timeout 2 \
                > "$KD_TMP/$scenario.$form" 2> "$KD_TMP/$scenario.$form.err" || rc=$?
        fi
        [ "$rc" -le 1 ] || kd_fail "$scenario ($form): exit $rc: $(head -c 2000 "$KD_TMP/$scenario.$form.err")"
        ! grep -q "Sanitizer" "$KD_TMP/$scenario.$form.err" ||
            kd_fail "$scenario ($form): $(head -c 3000 "$KD_TMP/$scenario.$form.err")"
        for f in "$KD_TMP/$scenario.$form" "$KD_TMP/$scenario.$form.err"; do
            ! has_controls "$f" || kd_fail "$scenario ($form): a raw control byte in $(basename "$f"): $(od -c "$f" | head -20)"
        done
    done
    jq -e '.connected == true and (.brokers | length >= 1)' "$KD_TMP/$scenario.json" > /dev/null ||
        kd_fail "$scenario: no complete snapshot: $(head -c 1000 "$KD_TMP/$scenario.json")"
    stop_broker
    kd_log "$scenario: survived; output clean"
done

# ---- malformed and oversized answers
# once SCENARIO ARGS...: kdeck --once against it; output in $KD_TMP/SCENARIO.*,
# peak RSS (KB) in $KD_TMP/SCENARIO.rss
once() {
    local sc=$1
    shift
    python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r.returncode)' "$KD_TMP/$sc.rss" "$KDECK" -b "127.0.0.1:$PORT" --once -i 1 --timeout 5 "$@" \
        > "$KD_TMP/$sc.out" 2> "$KD_TMP/$sc.err" || true
    ! grep -q "Sanitizer\|runtime error" "$KD_TMP/$sc.err" || kd_fail "$sc: $(head -c 3000 "$KD_TMP/$sc.err")"
    ! has_controls "$KD_TMP/$sc.err" || kd_fail "$sc: a raw control byte on stderr"
}

start_broker huge-counts
once huge-counts --json
grep -q 'Metadata v12 response: array of 2147483647 elements cannot fit' "$KD_TMP/huge-counts.err" ||
    kd_fail "huge-counts: no clear error: $(cat "$KD_TMP/huge-counts.err")"
stop_broker

start_broker partition-ids
once partition-ids --json
jq -e '[.topics[] | select(.name == "odd-ids") | .partitions[].id] == [5, 2147483647]' \
    "$KD_TMP/partition-ids.out" > /dev/null ||
    kd_fail "partition-ids: $(jq -c '.topics' "$KD_TMP/partition-ids.out" | head -c 600)"
jq -e '.errors | any(test("topic odd-ids: .*1 negative partition ids and 1 duplicates ignored"))' \
    "$KD_TMP/partition-ids.out" > /dev/null ||
    kd_fail "partition-ids: no error in the snapshot: $(jq -c .errors "$KD_TMP/partition-ids.out")"
stop_broker

for cut in 2 6 30; do
    FAKE_CUT=$cut start_broker cut
    once cut
    grep -q 'connection closed by the broker' "$KD_TMP/cut.err" ||
        kd_fail "an answer cut after $cut bytes: $(cat "$KD_TMP/cut.err")"
    stop_broker
done
kd_log "huge counts, odd partition ids, cut answers: clear errors"

asan=0
ldd "$KDECK" | grep -q libasan && asan=1
bomb=$((8 << 20))
budget_kb=$(( (64 << 10) + 32 * (bomb >> 10) ))
FAKE_BOMB_BYTES=$bomb start_broker bomb-groups
once bomb-groups --json
jq -e '.errors | any(test("DescribeGroups v5 response: decoding this [0-9]+-byte answer would take over [0-9]+ MB; refused"))' \
    "$KD_TMP/bomb-groups.out" > /dev/null ||
    kd_fail "bomb-groups: not refused: $(jq -c .errors "$KD_TMP/bomb-groups.out" | head -c 800)"
stop_broker
FAKE_BOMB_BYTES=$bomb start_broker bomb-metadata
once bomb-metadata
grep -q 'partitions 322638 ' "$KD_TMP/bomb-metadata.out" ||
    kd_fail "bomb-metadata: $(head -c 600 "$KD_TMP/bomb-metadata.out") $(head -c 600 "$KD_TMP/bomb-metadata.err")"
stop_broker
for sc in bomb-groups bomb-metadata; do
    rss=$(cat "$KD_TMP/$sc.rss")
    kd_log "$sc ($bomb-byte frame): peak RSS $rss KB (budget $budget_kb KB$([ $asan = 1 ] && echo ', not checked under ASan'))"
    [ $asan = 1 ] || [ "$rss" -le "$budget_kb" ] || kd_fail "$sc: peak RSS $rss KB over $budget_kb KB"
done

# what the operator reads instead of the raw bytes
jq -e '.cluster_id == "clu\u001b]52;c;SGVsbG8=\u0007ster"' "$KD_TMP/hostile-names.json" > /dev/null ||
    kd_fail "the cluster id is not in the JSON as sent: $(jq .cluster_id "$KD_TMP/hostile-names.json")"
jq -e '[.brokers[].rack] | all(. == "rack\u001b[31m\r\n\\xff\\xfe")' "$KD_TMP/hostile-names.json" > /dev/null ||
    kd_fail "invalid UTF-8 is not shown as \\xNN: $(jq -c '[.brokers[].rack]' "$KD_TMP/hostile-names.json")"
grep -qF 'cluster clu\e]52;c;SGVsbG8=\x07ster ' "$KD_TMP/hostile-names.text" ||
    kd_fail "the text output does not show the cluster id escaped: $(cat "$KD_TMP/hostile-names.text")"

# ---- the dashboard: the same names escaped in their cells, nothing reaches
# the terminal as a command (OSC 0 would retitle the pane, \r\n would break
# the row)
if command -v tmux > /dev/null 2>&1; then
    start_broker hostile-names
    kd_tmux_start dash 180 20 "$KDECK" -b "127.0.0.1:$PORT" -i 1 --timeout 2
    kd_screen_expect dash 20 'brokers 2/2' '^kdeck clu\\e\]52;c;SGVsbG8='
    kd_screen_expect dash 10 ' 1 127\.0\.0\.1:[0-9]+ +rack\\e\[31m\\r\\n\\'
    kd_screen_expect dash 10 ' 2 evil\\e\]0;pwned\\x07\\x9b2J\\u\{202e\}:[0-9]+ +rack' 
    title=$(kd__tmux display -p -t dash '#{pane_title}')
    [ "$title" != pwned ] || kd_fail "a host name retitled the terminal"
    kd_tmux_keys dash q
    kd_tmux_wait_exit dash 10 || kd_fail "the dashboard did not quit"
    stop_broker
    kd_log "dashboard: hostile names escaped, title '$title'"
fi
