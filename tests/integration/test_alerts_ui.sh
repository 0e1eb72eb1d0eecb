#!/usr/bin/env bash
# Alert rules in the dashboard, against the real cluster: a message rule
# (iot.temperature: value.temperature > 80) fires for exactly the readings
# above the limit, produced while the dashboard runs; the Alerts pane (0)
# lists them with their keys, the header counts them by severity, the
# Events pane has their alert-fired events, the JSON of a recording holds
# them (so a replay shows them), and a command set in [alerts] gets each
# alert as JSON on its stdin.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_require tmux
kd_cluster_up

iot=$(kd_unique iot.temperature)
"$KDECK" topics create "$iot" --partitions 3 --replication-factor 3 -b "$BOOTSTRAP" \
    --execute > /dev/null 2> "$KD_TMP/create.err" || kd_fail "create: $(cat "$KD_TMP/create.err")"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$iot" 2> /dev/null)" ]' || kd_fail "$iot not there"
cat > "$KD_TMP/hook.sh" << EOF
#!/bin/sh
cat >> "$KD_TMP/hook.out"
echo >> "$KD_TMP/hook.out"
EOF
chmod +x "$KD_TMP/hook.sh"
cat > "$KD_TMP/config" << EOF
[alerts]
bell = true
command = $KD_TMP/hook.sh

[alert hot]
topic = $iot
when = message: value.temperature > 80
severity = critical
EOF

S=al
kd_tmux_start "$S" 200 40 "$KDECK" -b "$BOOTSTRAP" -i 1 --config "$KD_TMP/config" \
    --record "$KD_TMP/rec.jsonl"
kd_screen_expect "$S" 20 'brokers 3/3'
kd_tmux_keys "$S" 0
kd_screen_expect "$S" 10 'no alert firing'
sleep 3     # the rule's consumer reads from the end: let it start
i=0
for t in 75 91.5 80 85 20 99; do
    i=$((i + 1))
    "$KDECK" produce -t "$iot" -k "sensor-$i" -v "{\"temperature\": $t}" --format json \
        -b "$BOOTSTRAP" --execute > /dev/null 2> "$KD_TMP/produce.err" ||
        kd_fail "produce sensor-$i: $(cat "$KD_TMP/produce.err")"
done
kd_screen_expect "$S" 30 'ALERTS 3 critical' \
    "critical +hot .*key=sensor-2 value.temperature=91.5" \
    "critical +hot .*key=sensor-4 value.temperature=85" \
    "critical +hot .*key=sensor-6 value.temperature=99"
kd_screen_refute "$S" 'key=sensor-1 ' 'key=sensor-3 ' 'key=sensor-5 '
kd_tmux_keys "$S" 9 / C-u alert-fired Enter
kd_screen_expect "$S" 10 'alert-fired .*sensor-6'
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"

# the command got each alert as JSON
kd_wait_until 10 eval '[ "$(grep -c "\"rule\"" "$KD_TMP/hook.out" 2> /dev/null)" -ge 3 ]' ||
    kd_fail "the command saw: $(cat "$KD_TMP/hook.out" 2> /dev/null)"
jq -s -e '[.[] | select(.rule == "hot" and .severity == "critical") | .text
    | capture("key=(?<k>[^ ]+)").k] | sort == ["sensor-2", "sensor-4", "sensor-6"]' \
    "$KD_TMP/hook.out" > /dev/null || kd_fail "the command's JSON: $(cat "$KD_TMP/hook.out")"
# the recording holds them: a replay shows the alerts
"$KDECK" --replay "$KD_TMP/rec.jsonl" --at -0s --once --json > "$KD_TMP/last.json" ||
    kd_fail "replay"
jq -e '[.alerts[] | select(.rule == "hot") | .text | capture("key=(?<k>[^ ]+)").k] | sort
    == ["sensor-2", "sensor-4", "sensor-6"]' "$KD_TMP/last.json" > /dev/null ||
    kd_fail "the recording's alerts: $(jq -c .alerts "$KD_TMP/last.json")"
kd_log "message rule: sensor-2, -4, -6 fired (pane, events, command, recording)"
echo ok
