#!/usr/bin/env bash
# The UI at scale (doc/PERFORMANCE.md, "Keys on the Partitions and Replicas
# panes" and the dashboard's memory): against tests/tools/kafka_sim with
# 200,000 partitions on 60 brokers and 10,000 groups, bench/ui_bench times
# what each key and each new snapshot costs the UI thread, then the
# dashboard runs in tmux (120x40) on the Partitions pane for 30 s and its
# peak and current RSS are read.
#   bench/run-ui.sh BUILDDIR [PARTITIONS]
set -euo pipefail
b=${1:?usage: bench/run-ui.sh BUILDDIR [PARTITIONS]}
parts=${2:-200000}
make -s -C "$b" tests/tools/kafka_sim bench/ui_bench kdeck
tmp=$(mktemp -d)
sock=kdeck-bench-$$
pid=
trap 'tmux -L "$sock" kill-server 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
"$b/tests/tools/kafka_sim" -n 60 -p "$parts" -g 10000 -o "$tmp/boot" 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/boot" ] && break; sleep 0.1; done
"$b/bench/ui_bench" -b "$(cat "$tmp/boot")" -n 10
kdeck=$(cd "$b" && pwd)/kdeck
tmux -L "$sock" new-session -d -s ui -x 120 -y 40 "$kdeck -b $(cat "$tmp/boot") -i 2; sleep 600"
sleep 8
tmux -L "$sock" send-keys -t ui 3
sleep 30
kp=$(pgrep -n -f "^$kdeck -b") || { echo "run-ui: kdeck is not running" >&2; exit 1; }
echo "dashboard, Partitions pane, 30 s: $(grep -E 'VmHWM' /proc/$kp/status | tr -s ' \t' ' ') peak, $(grep -E 'VmRSS' /proc/$kp/status | tr -s ' \t' ' ') now"
