#!/usr/bin/env bash
# The dashboard in a real terminal: kdeck --demo in a detached tmux session,
# driven with keys and checked on what `tmux capture-pane` shows: the broker
# table, the topics pane, a filter (and a bad one), drill-downs from a topic
# and from a broker, going back, sorting, help, a resize to 80x24, and `q`
# leaving with status 0 and the terminal restored.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

# UTF-8 when the system has it; the assertions hold in ASCII too.
loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8

S=ui-demo
kd_tmux_start "$S" 120 40 env LC_ALL="$loc" "$KDECK" --demo -i 1

screen() { kd_tmux_capture "$S"; }
wait_for() { kd_screen_expect "$S" 15 "$@"; }
refute() { kd_screen_refute "$S" "$@"; }
count() { screen | grep -Ec -- "$1" || true; }

# ---- brokers: the first pane, three brokers up --------------------------
wait_for '^kdeck .*connected' 'brokers 3/3' 'updated [0-9]+s ago'
wait_for ' 1 Brokers +2 Topics +3 Partitions'
wait_for 'ID.? +HOST:PORT +RACK +STATUS +LEADERS +REPLICAS +MSGS IN/S +TREND +BYTES IN/S +LOG SIZE'
kd_wait_until 10 test "$(count '^.  +[123] 127\.0\.0\.1:[0-9]+ .* up ')" = 3 ||
    kd_fail "expected 3 broker rows that are up; screen: $(screen)"
# rates appear after two polls; bytes/s and log sizes (the demo's proxies
# answer DescribeLogDirs) on every broker
wait_for 'msgs/s [0-9]'
kd_wait_until 20 test "$(count '^.  +[123] 127\.0\.0\.1:[0-9]+ .* up +[0-9]+ +[0-9]+ .* [0-9.]+[KMG]?B? +[0-9.]+[KMG]?B? ')" = 3 ||
    kd_fail "expected bytes/s and log sizes on 3 broker rows; screen: $(screen)"
wait_for 'q Quit'
refute 'n/a' 'not measured'

# ---- every pane of the demo has rows, none says n/a ------------------------
kd_tmux_keys "$S" 4
wait_for 'TOPIC.? +PART +BROKER +RACK +LEADER +LAG'
wait_for '^  [a-z.]+ +[0-9]+ +[123] +zone-[abc] +[123] '
refute 'n/a' 'not measured'
kd_tmux_keys "$S" 5
wait_for 'leader [123] +epoch [0-9]+ .* voters 3'
[ "$(count '^.  +[123] (leader|voter) ')" = 3 ] || kd_fail "expected 3 voters; screen: $(screen)"
refute 'n/a'
kd_tmux_keys "$S" 6
wait_for '4 groups' '^  billing-archiver +Empty ' '^  iot-analytics +Stable .* 3 ' \
    '^  alerts-router +Stable +consumer ' '^  orders-fulfillment +Stable '
refute 'n/a'
kd_tmux_keys "$S" 7
wait_for 'PARTITION.? +REPLICAS +ADDING'
# the demo moves iot.alerts-0 on a loop (the first move a few seconds in):
# its replicas, the broker being added and the one leaving, the progress
kd_screen_expect "$S" 40 \
    '^. iot\.alerts-0 +[123],[123],[123] +[123] +[123] +\[[^]]+\] +([0-9]+%|done) '
refute 'n/a'
# the demo's simulated MSK control plane: its nodes beside Kafka's brokers
kd_tmux_keys "$S" 8
wait_for 'kdeck-demo +PROVISIONED ACTIVE +Kafka 3\.9\.x +kafka\.m5\.large x3' \
    '^.? +1 +zone-a +subnet-demo-a +kafka\.m5\.large +b-1\.kdeck-demo\.local +up +zone-a'
[ "$(count '^.? +[123] +zone-[abc] +subnet-demo-[abc] .* up ')" = 3 ] ||
    kd_fail "expected 3 MSK nodes up; screen: $(screen)"
# events (the groups' statuses change as their lag is judged) and the
# demo's alert rules (a stalled group, the hot sensor's readings)
kd_tmux_keys "$S" 9
kd_screen_expect "$S" 30 '^. 20[0-9-]+ [0-9:]+ +(info|warning|critical) +[a-z-]+ '
kd_tmux_keys "$S" 0
kd_screen_expect "$S" 30 '^. +(warning|critical) +(hot-sensor|consumer-stalled) '
refute 'no alert firing'

# ---- operations: a topic is created; a drain the demo cannot do says why ----
kd_tmux_keys "$S" 2 C
wait_for 'Create a topic'
kd_tmux_keys "$S" demo.new Tab C-u 3 Tab C-u 3 Enter
wait_for 'Create topic demo\.new: 3 partitions, replication factor 3' 'y: apply this change'
kd_tmux_keys "$S" y
kd_screen_expect "$S" 30 'done: the topic was created'
kd_tmux_keys "$S" Escape
wait_for '^  demo\.new +3 +3 +0 +0 '
kd_tmux_keys "$S" 1 R
wait_for 'Drain broker 1'
kd_tmux_keys "$S" Enter
kd_screen_expect "$S" 15 'only 2 brokers are up besides 1: partition .* needs 3'
kd_tmux_keys "$S" Escape

# ---- topics ----------------------------------------------------------------
kd_tmux_keys "$S" 2
wait_for 'NAME.? +PARTS +RF +UNDER-REPL +OFFLINE +MESSAGES +MSGS/S'
wait_for '^  iot\.temperature +6 +3 +0 +0 ' '^  orders ' '^i __consumer_offsets '

# sort: the next column is PARTS; I inverts
kd_tmux_keys "$S" '>'
wait_for 'sort PARTS'
kd_tmux_keys "$S" I
wait_for 'sort PARTS(v|▼)'
s=$(screen)
first=$(grep -E '^. [^ ]+ +[0-9]+ +[0-9]+ ' <<< "$s" | head -1)
[[ $first == *__consumer_offsets* ]] || kd_fail "PARTS descending should put __consumer_offsets (10) first, got: $first"
kd_tmux_keys "$S" '<' I
wait_for 'sort NAME(\^|▲)'

# ---- filter ----------------------------------------------------------------
kd_tmux_keys "$S" / temp
wait_for '^/temp'
kd_tmux_keys "$S" Enter
wait_for 'filter /temp/' '^  iot\.temperature '
refute '^  orders ' '__consumer_offsets'

# a bad regular expression: an error, and the filter stays as it was
kd_tmux_keys "$S" / C-u 'a(' Enter
wait_for 'invalid regular expression'
wait_for 'filter /temp/' '^  iot\.temperature '
refute '^  orders '

# ---- drill down: a topic's partitions ---------------------------------------
kd_tmux_keys "$S" Enter
wait_for 'Partitions of topic iot\.temperature'
wait_for 'TOPIC.? +PART +LEADER +REPLICAS +ISR'
kd_wait_until 10 test "$(count '^  iot\.temperature +[0-5] +[123] +[0-9,]+ ')" = 6 ||
    kd_fail "expected the 6 partitions of iot.temperature; screen: $(screen)"
refute '^  orders '

# Esc: back to the filtered topics; Esc again clears the filter
kd_tmux_keys "$S" Escape
wait_for 'filter /temp/' 'NAME.? +PARTS'
refute 'Partitions of topic'
kd_tmux_keys "$S" Escape
wait_for '^  orders ' '^  iot\.temperature '
refute 'filter /'

# ---- drill down: the partitions on a broker ----------------------------------
kd_tmux_keys "$S" 1 g Enter
wait_for 'Partitions with a replica on broker 1'
[ "$(count '^. [^ ]+ +[0-9]+ +([0-9]+|none) ')" -gt 0 ] || kd_fail "no partition rows on broker 1"
kd_tmux_keys "$S" BSpace
wait_for 'HOST:PORT'
refute 'Partitions with a replica'

# ---- help: generated from the key table ------------------------------------
kd_tmux_keys "$S" '?'
wait_for 'kdeck keys' 'q F10 +Quit kdeck' '/ +Filter rows with a regular expression'
kd_tmux_keys "$S" x
wait_for 'HOST:PORT'
refute 'Quit kdeck'

# ---- resize to 80x24: still readable ----------------------------------------
kd__tmux resize-window -t "$S" -x 80 -y 24
wait_for '^kdeck .*connected'
kd_wait_until 10 test "$(screen | wc -l)" = 24 || kd_fail "the screen is not 24 lines"
s=$(screen)
[ "$(LC_ALL=$loc wc -L <<< "$s")" -le 80 ] || kd_fail "a line wider than 80: $s"
grep -Eq 'ID.? +HOST:PORT +(RACK +)?STATUS +LEADERS +REPLICAS' <<< "$s" ||
    kd_fail "80 columns should keep ID HOST:PORT STATUS LEADERS REPLICAS: $s"
[ "$(grep -Ec '^.  +[123] 127\.0\.0\.1:[0-9]+ +(zone-[abc] +)?up ' <<< "$s")" = 3 ] ||
    kd_fail "80 columns: 3 broker rows with full host:port expected: $s"
[ "$(sed -n 24p <<< "$s" | grep -c 'q Quit')" = 1 ] || kd_fail "no key hints on the last line: $s"
kd_tmux_keys "$S" 3
wait_for 'TOPIC.? +PART +LEADER +REPLICAS +ISR'
wait_for '^i __consumer_offsets +0 '

# ---- q quits with status 0 and gives the terminal back -------------------------
kd_tmux_keys "$S" q
# tmux marks a pane dead when its terminal closes, a moment before it
# knows the exit status: wait for the status itself
exited() { local st; st=$(kd_tmux_exit_status "$S") && [ -n "$st" ]; }
kd_wait_until 15 exited || kd_fail "kdeck did not exit after q"
st=$(kd_tmux_exit_status "$S")
[ "$st" = 0 ] || kd_fail "kdeck exited $st after q"
refute 'HOST:PORT' 'TOPIC.? +PART'
echo "ui demo ok"
