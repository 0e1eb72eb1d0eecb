#!/usr/bin/env bash
# kdeck check against real Kafka, with config files written here: exit 0
# when no rule fires; 1 with a warning rule firing (an idle topic under
# msgs-per-sec < 1); 2 with a message rule (readings above 80 among
# readings below: --json lists exactly the keys of those above) and with
# broker-down while a broker is stopped (restarted after); 3 when nothing
# listens at the bootstrap, and for a malformed rule (one line naming
# FILE:LINE, nothing evaluated).
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

cfg=$KD_TMP/config
check() { # [ARGS...]: runs kdeck check, sets rc, out and err
    "$KDECK" check -b "$BOOTSTRAP" --config "$cfg" "$@" > "$KD_TMP/out" 2> "$KD_TMP/err"
    rc=$?
    out=$(cat "$KD_TMP/out")
    err=$(cat "$KD_TMP/err")
}

# ---- OK: rules that do not fire -------------------------------------------
cat > "$cfg" <<EOF
[alert down]
when = broker-down
severity = critical
[alert offline]
when = offline > 0
severity = critical
[alert no-such]
when = msgs-per-sec < 1
topic = kd-no-such-topic-*
EOF
all_up() { check; [ "$rc" = 0 ]; }
kd_wait_until 60 all_up || kd_fail "healthy cluster: exit $rc: $out $err"
[ "$out" = "kdeck check: 0 critical, 0 warning" ] || kd_fail "OK output: $out"
kd_log "no rule fires: exit 0"

# no rule at all: OK, said on stderr
printf '[general]\ninterval = 1\n' > "$cfg"
check
[ "$rc" = 0 ] || kd_fail "no rules: exit $rc: $out $err"
grep -q "no alert rules" <<< "$err" || kd_fail "no rules: stderr: $err"

# ---- WARNING: an idle topic ------------------------------------------------
idle=$(kd_unique idle)
"$KDECK" topics create "$idle" --partitions 1 --replication-factor 3 -b "$BOOTSTRAP" \
    --execute > /dev/null 2> "$KD_TMP/create.err" || kd_fail "create: $(cat "$KD_TMP/create.err")"
cat > "$cfg" <<EOF
[alert idle]
when = msgs-per-sec < 1
topic = $idle
severity = warning
[alert down]
when = broker-down
severity = critical
EOF
warns() { check; [ "$rc" = 1 ]; }
kd_wait_until 60 warns || kd_fail "idle topic: exit $rc: $out $err"
[ "$out" = "WARNING idle: $idle: 0 msgs/s < 1
kdeck check: 0 critical, 1 warning" ] || kd_fail "WARNING output: $out"
check --json
[ "$rc" = 1 ] || kd_fail "--json: exit $rc"
jq -e --arg t "$idle" '.status == "WARNING" and .warning == 1 and .critical == 0 and
    (.alerts | length) == 1 and .alerts[0].rule == "idle" and .alerts[0].topic == $t and
    .alerts[0].severity == "warning"' "$KD_TMP/out" > /dev/null || kd_fail "WARNING JSON: $out"
kd_log "idle topic: exit 1"

# ---- CRITICAL: a message rule ----------------------------------------------
iot=$(kd_unique iot.temperature)
"$KDECK" topics create "$iot" --partitions 3 --replication-factor 3 -b "$BOOTSTRAP" \
    --execute > /dev/null 2> "$KD_TMP/create.err" || kd_fail "create: $(cat "$KD_TMP/create.err")"
produce() { # KEY VALUE
    "$KDECK" produce -t "$iot" -k "$1" -v "$2" --format json -b "$BOOTSTRAP" --execute \
        > /dev/null 2> "$KD_TMP/produce.err"
}
i=0
for t in 75 91.5 80 85 20 99; do
    i=$((i + 1))
    # the new topic may take a moment to be known everywhere
    kd_wait_until 30 produce "sensor-$i" "{\"temperature\": $t}" ||
        kd_fail "produce sensor-$i: $(cat "$KD_TMP/produce.err")"
done
cat > "$cfg" <<EOF
[alert hot]
when = message: value.temperature > 80
topic = $iot
severity = critical
EOF
check --json
[ "$rc" = 2 ] || kd_fail "message rule: exit $rc: $out $err"
keys=$(jq -c '[.alerts[] | select(.rule == "hot") | .text | capture("key=(?<k>[^ ]+)").k] | sort' \
    "$KD_TMP/out")
[ "$keys" = '["sensor-2","sensor-4","sensor-6"]' ] || kd_fail "message rule keys: $keys ($out)"
jq -e --arg t "$iot" '.status == "CRITICAL" and .critical == 3 and
    ([.alerts[].topic] | unique) == [$t] and
    ([.alerts[].text | select(test("value.temperature=(91.5|85|99)$"))] | length) == 3' \
    "$KD_TMP/out" > /dev/null || kd_fail "message rule JSON: $out"
check
grep -q "^CRITICAL hot: $iot p[0-2]@[0-9]*: key=sensor-6 value.temperature=99\$" <<< "$out" ||
    kd_fail "message rule text: $out"
# a window before the readings: nothing
check --window 1s
[ "$rc" = 0 ] || kd_fail "a window without readings: exit $rc: $out"
kd_log "message rule: exit 2 with keys $keys"

# ---- CRITICAL: a broker down -----------------------------------------------
cat > "$cfg" <<EOF
[alert broker-down]
when = broker-down
severity = critical
EOF
kd_node 3 stop
down() { check; [ "$rc" = 2 ]; }
kd_wait_until 60 down || kd_fail "broker 3 stopped: exit $rc: $out $err"
[ "$out" = "CRITICAL broker-down: broker 3 down
kdeck check: 1 critical, 0 warning" ] || kd_fail "broker-down output: $out"
kd_log "broker 3 stopped: exit 2"
kd_node 3 start
kd_wait_until 90 all_up || kd_fail "broker 3 restarted: exit $rc: $out $err"
kd_log "broker 3 restarted: exit 0"

# ---- UNKNOWN: nothing listens ----------------------------------------------
port=$(kd_free_port)
"$KDECK" check -b "127.0.0.1:$port" --config "$cfg" > "$KD_TMP/out" 2> "$KD_TMP/err"
rc=$?
[ "$rc" = 3 ] || kd_fail "unreachable: exit $rc: $(cat "$KD_TMP/out")"
[ "$(wc -l < "$KD_TMP/out")" = 1 ] &&
    grep -q "^UNKNOWN: cannot reach the cluster at 127.0.0.1:$port: " "$KD_TMP/out" ||
    kd_fail "unreachable output: $(cat "$KD_TMP/out")"
"$KDECK" check -b "127.0.0.1:$port" --config "$cfg" --json > "$KD_TMP/out" 2> /dev/null
[ $? = 3 ] && jq -e '.status == "UNKNOWN" and (.error | startswith("cannot reach"))' \
    "$KD_TMP/out" > /dev/null || kd_fail "unreachable JSON: $(cat "$KD_TMP/out")"
kd_log "nothing listening: exit 3"

# ---- UNKNOWN: a malformed rule ---------------------------------------------
cat > "$cfg" <<EOF
[alert down]
when = broker-down
severity = critical

[alert urp]
when = under-replicated >> 0
EOF
check
[ "$rc" = 3 ] || kd_fail "malformed rule: exit $rc: $out $err"
[ "$(wc -l < "$KD_TMP/out")" = 1 ] && [ -z "$err" ] ||
    kd_fail "malformed rule: more than one line: $out / $err"
grep -q "^UNKNOWN: the config file is wrong: $cfg:6:26: under-replicated: expected a whole number" <<< "$out" ||
    kd_fail "malformed rule output: $out"
kd_log "malformed rule: $out"
