#!/usr/bin/env bash
# The flight recorder against the real cluster: the dashboard runs with
# --record while a broker is killed and started again and a partition (of
# another topic) is reassigned.
#  - the Events pane shows broker down, ISR shrink, broker up, ISR expand
#    and the reassignment, newest first, with times; Enter opens the
#    topic a row is about;
#  - the recording holds them in order; --replay --at TIME --once --json
#    shows broker 2 down at the time it went down and up afterwards;
#  - in tmux, --replay steps to the next event (}) and back ([, {): the
#    header says REPLAY and the brokers count follows;
#  - a recording cut short replays up to the damage and says where.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_require tmux
kd_require python3
kd_cluster_up

t=$(kd_unique fr)
"$KDECK" topics create "$t" --partitions 3 --replication-factor 2 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $t"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$t" 2> /dev/null)" ]' || kd_fail "$t not there"
m=$t-move
"$KDECK" topics create "$m" --partitions 1 --replication-factor 1 -b "$BOOTSTRAP" --execute \
    > /dev/null 2>&1 || kd_fail "create $m"
kd_wait_until 30 eval '[ -n "$(kd_describe_topic "$m" 2> /dev/null)" ]' || kd_fail "$m not there"
rec=$KD_TMP/flight.jsonl.gz

S=fr
kd_tmux_start "$S" 200 40 "$KDECK" -b "$BOOTSTRAP" -i 1 --record "$rec"
kd_screen_expect "$S" 20 'brokers 3/3'
sleep 3
kd_node 2 kill
kd_screen_expect "$S" 60 'brokers 2/3'
# the Events pane, filtered to broker 2 and $t (every partition of the
# shared cluster has its own ISR events)
kd_tmux_keys "$S" 9 / "broker 2 |$t-[0-9] " Enter
kd_screen_expect "$S" 20 'broker-down +broker 2 +broker 2 down' "isr-shrink +$t-[0-9] "
kd_node 2 start
kd_screen_expect "$S" 90 'broker-up +broker 2 +broker 2 up' "isr-expand +$t-[0-9] "
# a partition moves to another broker
from=$(kd_describe_topic "$m" | awk '$1 == 0 { print $3 }')
to=$((from % 3 + 1))
"$KDECK" reassign execute --move "$m:0=$to" -b "$BOOTSTRAP" --execute \
    > "$KD_TMP/move.out" 2>&1 || kd_fail "reassign: $(cat "$KD_TMP/move.out")"
kd_tmux_keys "$S" / C-u "$m" Enter
kd_screen_expect "$S" 60 "reassignment-finished +$m-0 "
kd_tmux_keys "$S" / C-u "broker 2 |$t-[0-9] " Enter
kd_screen_expect "$S" 10 'broker-up +broker 2 '

# newest first: the lines of broker 2 and of $t, top to bottom, are
# expand, up, shrink, down (down and shrink come in the same poll: the
# broker is listed first, so its event is the older)
screen=$(kd_tmux_capture "$S")
order=$(grep -E "broker 2 |$t-[0-9] " <<< "$screen" |
    grep -Eo 'isr-expand|broker-up|isr-shrink|broker-down' | uniq | tr '\n' ' ')
[ "$order" = "isr-expand broker-up isr-shrink broker-down " ] ||
    kd_fail "events out of order: $order"
grep -Eq '^[ !]*20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} +critical +broker-down' \
    <<< "$screen" || kd_fail "no time and severity on the broker-down line: $screen"
# Enter on the newest (an ISR event of $t) opens the topic's partitions
kd_tmux_keys "$S" g Enter
kd_screen_expect "$S" 10 "Partitions of topic $t"
kd_tmux_keys "$S" Escape q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"
kd_log "events pane: $order; Enter opened the topic"

# --- the recording ---------------------------------------------------------------
[ -s "$rec" ] || kd_fail "no recording written"
"$KDECK" --replay "$rec" --at -0s --once --json > "$KD_TMP/last.json" 2> "$KD_TMP/last.err" ||
    kd_fail "replay --at end: $(cat "$KD_TMP/last.err")"
jq -e '.replayed == true' "$KD_TMP/last.json" > /dev/null || kd_fail "not marked as replayed"
# the events in time order (the JSON has them newest first)
jq -r --arg t "$t" '.events | reverse | .[] | select(.kind | test("^(broker-(down|up)|isr-(shrink|expand))$"))
    | select(.broker == 2 or .topic == $t) | .kind' "$KD_TMP/last.json" |
    uniq | tr '\n' ' ' > "$KD_TMP/kinds"
[ "$(cat "$KD_TMP/kinds")" = "broker-down isr-shrink broker-up isr-expand " ] ||
    kd_fail "recorded events: $(cat "$KD_TMP/kinds")"
jq -e --arg m "$m" '[.events[] | select(.kind == "reassignment-finished" and .topic == $m)]
    | length == 1' "$KD_TMP/last.json" > /dev/null || kd_fail "no recorded reassignment of $m"
down_ms=$(jq '[.events[] | select(.kind == "broker-down" and .broker == 2)] | last | .ms' "$KD_TMP/last.json")
up_ms=$(jq '[.events[] | select(.kind == "broker-up" and .broker == 2)] | last | .ms' "$KD_TMP/last.json")
[ "$up_ms" -gt "$down_ms" ] || kd_fail "up $up_ms not after down $down_ms"
iso() { date -u -d "@$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))" +%Y-%m-%dT%H:%M:%S.%3NZ; }
broker2() { # TIME: broker 2's up in the snapshot of that time
    "$KDECK" --replay "$rec" --at "$1" --once --json 2> "$KD_TMP/at.err" |
        jq -r '.brokers[] | select(.id == 2) | .up'
}
[ "$(broker2 "$(iso "$down_ms")")" = false ] || kd_fail "at the broker-down time: $(cat "$KD_TMP/at.err")"
[ "$(broker2 "$(iso "$((down_ms - 3000))")")" = true ] || kd_fail "before the broker-down time"
[ "$(broker2 "$(iso "$up_ms")")" = true ] || kd_fail "at the broker-up time"
kd_log "replay --at: broker 2 down at $(iso "$down_ms"), up at $(iso "$up_ms")"

# --- replay in the dashboard: the step keys ------------------------------------------
R=rp
kd_tmux_start "$R" 200 40 "$KDECK" --replay "$rec"
kd_screen_expect "$R" 20 'REPLAY 20[0-9-]+ [0-9:]+ 1/[0-9]+ paused x1' 'brokers 3/3'
for i in $(seq 1 40); do
    kd_tmux_capture "$R" | grep -q 'brokers 2/3' && break
    kd_tmux_keys "$R" '}'
    sleep 0.3
done
kd_screen_expect "$R" 10 'brokers 2/3'
kd_tmux_keys "$R" 9 / C-u "broker 2 " Enter
kd_screen_expect "$R" 10 'broker-down +broker 2 '
kd_screen_refute "$R" 'broker-up +broker 2 '
at_down=$(kd_tmux_capture "$R" | grep -o 'REPLAY [0-9-]* [0-9:]* [0-9]*/' | grep -o '[0-9]*/$')
kd_tmux_keys "$R" '['
kd_screen_expect "$R" 10 'brokers 3/3'
kd_tmux_keys "$R" ']'
kd_screen_expect "$R" 10 "REPLAY [0-9-]+ [0-9:]+ $at_down" 'brokers 2/3'
# changes are refused in a replay
kd_tmux_keys "$R" 2 C
kd_screen_expect "$R" 5 'replay|read-only'
kd_tmux_keys "$R" Escape q
kd_tmux_wait_exit "$R" 10 || kd_fail "q did not quit the replay"
kd_log "replay keys: } to the broker down (record $at_down), [ back, ] forward"

# --- a recording cut short --------------------------------------------------------------
gzip -dc "$rec" > "$KD_TMP/plain.jsonl" 2> /dev/null || true
n=$(wc -l < "$KD_TMP/plain.jsonl")
[ "$n" -gt 10 ] || kd_fail "only $n lines in the recording"
cut=$(($(stat -c %s "$KD_TMP/plain.jsonl") * 2 / 3))
head -c "$cut" "$KD_TMP/plain.jsonl" > "$KD_TMP/cut.jsonl"
"$KDECK" --replay "$KD_TMP/cut.jsonl" --at -0s --once --json > "$KD_TMP/cut.json" \
    2> "$KD_TMP/cut.err" || kd_fail "a cut recording does not replay: $(cat "$KD_TMP/cut.err")"
grep -Eq 'stopped at record [0-9]+ \(line [0-9]+, byte [0-9]+\)' "$KD_TMP/cut.err" ||
    kd_fail "no word of the damage: $(cat "$KD_TMP/cut.err")"
jq -e '.brokers | length == 3' "$KD_TMP/cut.json" > /dev/null || kd_fail "cut: no snapshot"
kd_log "cut at byte $cut of $(stat -c %s "$KD_TMP/plain.jsonl"): $(cat "$KD_TMP/cut.err")"
echo ok
