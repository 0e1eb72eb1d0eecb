#!/usr/bin/env bash
# The collector at scale against tests/tools/kafka_sim: requests, CPU per
# poll and peak RSS at 60 brokers with 1,000 / 20,000 / 200,000 partitions
# and 100 / 10,000 groups (doc/PERFORMANCE.md, "Scale").
#   bench/run-scale.sh BUILDDIR [POLLS]
set -euo pipefail
b=${1:?usage: bench/run-scale.sh BUILDDIR [POLLS]}
polls=${2:-8}
make -s -C "$b" tests/tools/kafka_sim bench/scale_bench
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for size in "1000 100" "20000 1000" "200000 100" "200000 10000"; do
    set -- $size
    rm -f "$tmp/boot"
    "$b/tests/tools/kafka_sim" -n 60 -p "$1" -g "$2" -o "$tmp/boot" 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do [ -s "$tmp/boot" ] && break; sleep 0.1; done
    "$b/bench/scale_bench" -b "$(cat "$tmp/boot")" -P "$polls" -i 2000 -v 1 | grep '^RESULT'
    kill $pid; wait $pid 2>/dev/null || true; pid=
done
