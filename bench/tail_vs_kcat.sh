#!/usr/bin/env bash
# tail_vs_kcat.sh: how fast `kdeck tail` reads a topic, next to kcat.
#
#   bench/tail_vs_kcat.sh [-n MESSAGES] [-r RUNS] [-s BYTES] [-p PARTITIONS]
#                         [-b BOOTSTRAP | -d CLUSTER_DIR] [-k KDECK] [-t TOPIC]
#                         [-K 'KCAT OPTIONS']
#
# Produces MESSAGES (default 1000000) values of BYTES (default 100) to a new
# topic of PARTITIONS (default 3) with kcat -P from a generated file, then
# times, RUNS times each (default 5), reading the whole topic to /dev/null:
#
#   text   kcat -C -b B -t T -o beginning -e -q -f '%s\n'
#          kdeck tail -b B -t T -o beginning -e -f '%s\n'
#   json   kcat -C -b B -t T -o beginning -e -q -J
#          kdeck tail -b B -t T -o beginning -e -J
#
# Before timing it checks that both tools print the same values (text) and
# the same partition, offset, key and value for every record (JSON lines),
# and it fails when they do not.  Each run's wall time and peak resident
# memory (the process's own maximum RSS, from wait4) are measured together.
# It prints one RESULT line per format:
#
#   RESULT text messages=1000000 kcat_s=1.234 kdeck_s=1.100 kcat_mb=80.1
#          kdeck_mb=42.0 mem_ratio=0.524 ratio=0.891       (on one line)
#
# ratio is kdeck's median time over kcat's (below 1: kdeck is faster),
# mem_ratio the same for the median peak RSS (kcat_mb, kdeck_mb, in MiB);
# ratio stays last on the line.
# -d uses a cluster started with tests/cluster/kafka-cluster.sh (DIR); -b
# any cluster (the topic is then auto-created with the broker's default
# partition count); with neither, a one-node cluster is started and
# stopped at the end.  With -t an existing topic holding MESSAGES records
# is read instead of producing one.  -K adds options to every kcat -C run
# (e.g. -K '-X fetch.wait.max.ms=100 -X queued.min.messages=50000
# -X queued.max.messages.kbytes=16384' gives kcat the librdkafka settings
# kdeck tail -e uses; kdeck also wakes librdkafka's stalled fetchers, which
# no setting of librdkafka 2.0.2 does, see doc/PERFORMANCE.md).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
n=1000000 runs=5 size=100 parts=3 bootstrap='' kdeck=${KDECK:-} topic='' cluster_dir='' kcat_opts=''

usage() {
    sed -n '4,6p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
    exit 2
}
while getopts 'n:r:s:p:b:d:k:t:K:h' opt; do
    case $opt in
        n) n=$OPTARG ;;
        r) runs=$OPTARG ;;
        s) size=$OPTARG ;;
        p) parts=$OPTARG ;;
        b) bootstrap=$OPTARG ;;
        d) cluster_dir=$OPTARG ;;
        k) kdeck=$OPTARG ;;
        t) topic=$OPTARG ;;
        K) kcat_opts=$OPTARG ;;
        *) usage ;;
    esac
done
for v in "$n" "$runs" "$size" "$parts"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "tail_vs_kcat: '$v' is not a positive number" >&2; exit 2; }
done
[ -n "$kdeck" ] || { echo "tail_vs_kcat: give the kdeck binary with -k or KDECK" >&2; exit 2; }
command -v kcat > /dev/null || { echo "tail_vs_kcat: kcat is not installed" >&2; exit 77; }
command -v python3 > /dev/null || { echo "tail_vs_kcat: python3 is not installed" >&2; exit 77; }

work=$(mktemp -d -t kdeck-bench.XXXXXX)
cluster=''
cleanup() {
    if [ -n "$cluster" ]; then
        KDECK_STOP_TIMEOUT=5 "$top/tests/cluster/kafka-cluster.sh" stop "$cluster" > /dev/null 2>&1 || true
        rm -rf "$cluster"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

note() { echo "# $*" >&2; }

if [ -n "$cluster_dir" ]; then
    bootstrap=$("$top/tests/cluster/kafka-cluster.sh" bootstrap "$cluster_dir")
elif [ -z "$bootstrap" ]; then
    cluster=$(mktemp -d -t kdeck-bench-cluster.XXXXXX)
    note "starting a one-node Kafka cluster in $cluster"
    bootstrap=$(KDECK_NODES=${KDECK_NODES:-1} KDECK_CLUSTER_OWNER=$$ \
        "$top/tests/cluster/kafka-cluster.sh" start "$cluster" | tail -n 1)
    cluster_dir=$cluster
fi

if [ -z "$topic" ]; then
    topic=bench-tail-$(date +%s)-$$
    kcat -b "$bootstrap" -L > /dev/null 2>&1 || { echo "tail_vs_kcat: no cluster at $bootstrap" >&2; exit 1; }
    note "producing $n messages of $size bytes to $topic ($parts partitions)"
    if [ -n "$cluster_dir" ]; then
        "$top/tests/cluster/kafka-cluster.sh" topic-create "$cluster_dir" "$topic" "$parts" 1 > /dev/null
        # Every broker must know the topic before producing: a broker that
        # has not caught up answers "0 partitions", and the producer then
        # fails its messages.
        for b in ${bootstrap//,/ }; do
            for _ in $(seq 1 100); do
                kcat -L -b "$b" -t "$topic" 2> /dev/null | grep -q " with $parts partitions" && break
                sleep 0.2
            done
        done
    else
        note "(-b: the broker creates $topic with its default partition count)"
    fi
    awk -v n="$n" -v s="$size" 'BEGIN {
        pad = sprintf("%*s", s, ""); gsub(/ /, "x", pad)
        for (i = 1; i <= n; i++) print substr(sprintf("msg-%09d-%s", i, pad), 1, s)
    }' > "$work/values"
    t0=$(date +%s%N)
    kcat -P -b "$bootstrap" -t "$topic" -X linger.ms=20 -X batch.num.messages=10000 \
        -X queue.buffering.max.messages=1000000 < "$work/values"
    note "produced in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi

# shellcheck disable=SC2086 # -K holds several words
kcat_text() { kcat -C -b "$bootstrap" -t "$topic" -o beginning -e -q $kcat_opts -f '%s\n'; }
kdeck_text() { "$kdeck" tail -b "$bootstrap" -t "$topic" -o beginning -e -f '%s\n' 2> /dev/null; }
# shellcheck disable=SC2086
kcat_json() { kcat -C -b "$bootstrap" -t "$topic" -o beginning -e -q $kcat_opts -J; }
kdeck_json() { "$kdeck" tail -b "$bootstrap" -t "$topic" -o beginning -e -J 2> /dev/null; }

# ---- the same output ---------------------------------------------------------
kcat_text > "$work/kcat.txt"
kdeck_text > "$work/kdeck.txt"
got=$(wc -l < "$work/kcat.txt")
[ "$got" -eq "$n" ] || { echo "tail_vs_kcat: kcat read $got messages, the topic has $n" >&2; exit 1; }
if ! cmp -s <(LC_ALL=C sort "$work/kcat.txt") <(LC_ALL=C sort "$work/kdeck.txt"); then
    echo "tail_vs_kcat: kcat and kdeck print different values (text)" >&2
    exit 1
fi
kcat_json > "$work/kcat.jsonl"
kdeck_json > "$work/kdeck.jsonl"
python3 - "$work/kcat.jsonl" "$work/kdeck.jsonl" "$n" << 'PY' || exit 1
import json, sys
def records(path, key, value, ts):
    out = set()
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        out.add((r["partition"], r["offset"], r[key], r[value], r[ts]))
    return out
a = records(sys.argv[1], "key", "payload", "ts")
b = records(sys.argv[2], "key", "value", "timestamp")
if len(a) != int(sys.argv[3]) or a != b:
    print("tail_vs_kcat: kcat -J and kdeck -J differ: %d and %d records, %d in common"
          % (len(a), len(b), len(a & b)), file=sys.stderr)
    sys.exit(1)
PY
rm -f "$work"/*.txt "$work"/*.jsonl

# ---- timing and memory -------------------------------------------------------
# One run of a tool with its output thrown away: "MICROSECONDS KIB", the
# wall time and the peak RSS of that process alone (wait4's ru_maxrss).
measure() {
    python3 - "$@" << 'PY'
import os, subprocess, sys, time
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
t1 = time.monotonic()
p.returncode = os.waitstatus_to_exitcode(status)
if p.returncode:
    sys.exit("tail_vs_kcat: %s exited %d" % (sys.argv[1], p.returncode))
print(int((t1 - t0) * 1e6), ru.ru_maxrss)
PY
}
# shellcheck disable=SC2086
kcat_text_cmd() { measure kcat -C -b "$bootstrap" -t "$topic" -o beginning -e -q $kcat_opts -f '%s\n'; }
kdeck_text_cmd() { measure "$kdeck" tail -b "$bootstrap" -t "$topic" -o beginning -e -f '%s\n'; }
# shellcheck disable=SC2086
kcat_json_cmd() { measure kcat -C -b "$bootstrap" -t "$topic" -o beginning -e -q $kcat_opts -J; }
kdeck_json_cmd() { measure "$kdeck" tail -b "$bootstrap" -t "$topic" -o beginning -e -J; }
# The median of column COL (1: us, 2: KiB), divided by DIV, printed with
# DIGITS decimals.
median() {
    awk -v c="$1" '{ print $c }' | sort -n |
        awk -v d="$2" -v f="%.$3f\n" '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf f, m / d }'
}
for fmt in text json; do
    : > "$work/kcat.$fmt"
    : > "$work/kdeck.$fmt"
    # interleaved, so that a busy neighbour slows both alike
    for _ in $(seq "$runs"); do
        "kcat_${fmt}_cmd" >> "$work/kcat.$fmt"
        "kdeck_${fmt}_cmd" >> "$work/kdeck.$fmt"
    done
    k=$(median 1 1e6 3 < "$work/kcat.$fmt")
    d=$(median 1 1e6 3 < "$work/kdeck.$fmt")
    km=$(median 2 1024 1 < "$work/kcat.$fmt")
    dm=$(median 2 1024 1 < "$work/kdeck.$fmt")
    runs_of() { awk '{ printf "%.3f s %.1f MB, ", $1 / 1e6, $2 / 1024 }' "$1" | sed 's/, $//'; }
    note "$fmt: kcat runs: $(runs_of "$work/kcat.$fmt")"
    note "$fmt: kdeck runs: $(runs_of "$work/kdeck.$fmt")"
    echo "RESULT $fmt messages=$n kcat_s=$k kdeck_s=$d kcat_mb=$km kdeck_mb=$dm" \
        "mem_ratio=$(awk -v a="$dm" -v b="$km" 'BEGIN { printf "%.3f", a / b }')" \
        "ratio=$(awk -v a="$d" -v b="$k" 'BEGIN { printf "%.3f", a / b }')"
done
