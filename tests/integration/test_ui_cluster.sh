#!/usr/bin/env bash
# The dashboard against a real Kafka cluster in a real terminal (tmux,
# detached, 120x40): the broker table with all 3 brokers and their racks,
# the Topics pane, a filter by name, a drill-down into a topic's partitions
# with the leaders and replicas Kafka reports, a resize to 80x24 that stays
# readable, and `q` exiting 0.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require tmux
kd_cluster_up

topic=$(kd_unique uicl)
kd_topic_create "$topic" 3 3
kd_produce "$topic" 30 1
controller=$(kd_controller)

S=ui-cluster
kd_tmux_start "$S" 120 40 "$KDECK" -b "$BOOTSTRAP" -i 1
w() { kd_tmux_wait_for "$S" "$1" "${2:-20}" || kd_fail "never on screen: /$1/"; }
count() { kd_tmux_capture "$S" | grep -Ec -- "$1" || true; }

w '^kdeck [A-Za-z0-9_-]+ +connected'
w "brokers 3/3 +controller $controller "
w 'ID.? +HOST:PORT +RACK +STATUS'
for n in 1 2 3; do
    w "^. +$n 127\\.0\\.0\\.1:[0-9]+ +zone-$(echo abc | cut -c$n) +up "
done
w "^\\* +$controller 127\\.0\\.0\\.1"          # the controller is marked

kd_tmux_keys "$S" 2
w 'NAME.? +PARTS +RF'
kd_tmux_keys "$S" / "$topic" Enter
w " 1/1( of [0-9]+)?$"            # one row of the topics matches
w "^  $topic +3 +3 +0 +0 +30 "
[ "$(count '__consumer_offsets')" = 0 ] || kd_fail "the filter let other topics through"

kd_tmux_keys "$S" Enter
w "Partitions of topic ${topic:0:12}"
# every partition as Kafka's own tool describes it: leader and replicas
while read -r part leader replicas _; do
    w "^  $topic +$part +$leader +${replicas} "
done < <(kd_describe_topic "$topic")
w "^  $topic +1 +[0-9]+ +[0-9,]+ +[0-9,]+ .* 30 "

kd__tmux resize-window -t "$S" -x 80 -y 24
kd_wait_until 10 test "$(kd_tmux_capture "$S" | wc -l)" = 24 || kd_fail "not 24 lines after resize"
s=$(kd_tmux_capture "$S")
[ "$(wc -L <<< "$s")" -le 80 ] || kd_fail "a line wider than 80 columns: $s"
w "^  ${topic:0:12}[^ ]* +0 +[0-9]+ +[0-9,]+ +[0-9,]+ "
grep -q 'q Quit' <<< "$s" || kd_fail "no key hints at 80x24: $s"
kd_tmux_keys "$S" 1
w 'HOST:PORT'
[ "$(count '^. +[123] 127\.0\.0\.1:[0-9]+ ')" = 3 ] || kd_fail "80x24: not 3 broker rows: $(kd_tmux_capture "$S")"

kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 10 || kd_fail "q did not quit"
st=$(kd_tmux_exit_status "$S")
[ "$st" = 0 ] || kd_fail "kdeck exited $st after q"
echo ok
