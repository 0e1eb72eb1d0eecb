#!/usr/bin/env bash
# Size of a flight recording: a 3-broker Kafka with 1,000 partitions (RF 2)
# and 100 consumer groups (Empty, offsets on 10 partitions each), a
# producer writing all along, recorded by `kdeck record` for RECORDS
# snapshots (300 = 10 minutes at the default 2 s interval; here polled
# every 0.5 s so the run is shorter: each record is a whole snapshot
# either way, the interval changes only how much moved in between).
# Prints records, bytes and bytes per record, plain and gzip'd; with
# --max-gz BYTES exits 1 when the .gz recording is larger (a test).
# Usage: bench/run-record.sh BUILDDIR [RECORDS] [--max-gz BYTES]
# The cluster: KDECK_TEST_CLUSTER, or a fresh one.
set -euo pipefail
b=$(cd "${1:?usage: bench/run-record.sh BUILDDIR [RECORDS] [--max-gz BYTES]}" && pwd)
records=${2:-300}
max_gz=''
[ "${3:-}" = --max-gz ] && max_gz=${4:?--max-gz needs BYTES}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster=$here/../tests/cluster/kafka-cluster.sh
make -s -C "$b" kdeck bench/groups_bench
dir=${KDECK_TEST_CLUSTER:-} own='' pids=() tmp=$(mktemp -d -t kdeck-record-bench.XXXXXX)
topic=bench-rec-$$
cleanup() {
    local p
    for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2> /dev/null || true; done
    # the producer is a JVM under the harness's wrapper; the topic and its
    # 1,000 partitions must not stay on a shared cluster
    pkill -f "ProducerPerformance --topic $topic" 2> /dev/null || true
    [ -n "${boot:-}" ] && "$b/kdeck" topics delete "$topic" --confirm "$topic" -b "$boot" \
        --execute > /dev/null 2>&1 || true
    if [ -n "$own" ]; then "$cluster" stop "$dir" > /dev/null; rm -rf "$dir"; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
if [ -z "$dir" ]; then
    dir=$(mktemp -d -t kdeck-record-cluster.XXXXXX)
    own=1
    KDECK_CLUSTER_OWNER=$$ "$cluster" start "$dir" > /dev/null
fi
boot=$("$cluster" bootstrap "$dir")
"$cluster" topic-create "$dir" "$topic" 1000 2 > /dev/null
"$b/bench/groups_bench" -b "$boot" -t "$topic" -n 100 -k 10 --setup > /dev/null
"$cluster" tool "$dir" org.apache.kafka.tools.ProducerPerformance --topic "$topic" \
    --num-records 100000000 --record-size 100 --throughput 2000 \
    --producer-props bootstrap.servers="$boot" > /dev/null 2>&1 &
pids+=($!)
sleep 5
for f in rec.jsonl rec.jsonl.gz; do
    "$b/kdeck" record -b "$boot" -i 0.5 "$tmp/$f" 2> "$tmp/$f.err" &
    pids+=($!)
done
# wait for RECORDS lines in the plain one
until [ -f "$tmp/rec.jsonl" ] && [ "$(wc -l < "$tmp/rec.jsonl")" -gt "$records" ]; do sleep 1; done
kill -TERM "${pids[-1]}" "${pids[-2]}"
wait "${pids[-1]}" "${pids[-2]}" || true
n=$(($(wc -l < "$tmp/rec.jsonl") - 1))
plain=$(stat -c %s "$tmp/rec.jsonl")
gz=$(stat -c %s "$tmp/rec.jsonl.gz")
n_gz=$(($(gzip -dc "$tmp/rec.jsonl.gz" | wc -l) - 1))
full=$(sed -n 2p "$tmp/rec.jsonl" | wc -c)
echo "records: $n (plain), $n_gz (gz); first full record: $full bytes"
echo "plain: $plain bytes, $((plain / n)) per record"
echo "gz:    $gz bytes, $((gz / n_gz)) per record; for 300 records: $((gz * 300 / n_gz)) bytes"
if [ -n "$max_gz" ] && [ $((gz * 300 / n_gz)) -gt "$max_gz" ]; then
    echo "larger than $max_gz bytes for 300 records" >&2
    exit 1
fi
