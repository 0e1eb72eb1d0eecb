#!/usr/bin/env bash
# Requests per poll do not depend on the cluster's size: kdeck's collector
# (bench/scale_bench, the real collector thread) polls the simulated
# cluster of tests/tools/kafka_sim (60 brokers in 3 racks, RF 3) at 1,000
# and at 200,000 partitions, and with 100 and 10,000 consumer groups; the
# request count of every poll must be the same at each size.  No Kafka
# needed.  No timing is asserted: the CPU and memory figures go to the
# log; doc/PERFORMANCE.md has the full runs.
#
# The first poll also opens the connections (one ApiVersions each) and
# reads the topics' configs: one DescribeConfigs per 2,000 topics
# (CLUSTER_POLL_CONFIG_BATCH, every 15th poll), a bound on one request's
# size.  200,000 partitions in topics of 100 plus __consumer_offsets are
# 2,001 topics, so that poll has exactly one request more; every other
# poll must be equal.
#   KDECK_SCALE_BIG  the large partition count (default 200000)
set -u
. "$top_srcdir/tests/integration/lib.sh"

sim=$top_builddir/tests/tools/kafka_sim
bench=$top_builddir/bench/scale_bench
[ -x "$sim" ] && [ -x "$bench" ] && [ -x "$top_builddir/bench/ui_bench" ] || kd_fail "build tests/tools/kafka_sim and bench/scale_bench first"
big=${KDECK_SCALE_BIG:-200000}
polls=4

# run NAME PARTITIONS GROUPS: the per-poll request counts in $KD_TMP/NAME.req
run() {
    local name=$1 parts=$2 groups=$3
    rm -f "$KD_TMP/$name.boot"
    "$sim" -n 60 -p "$parts" -g "$groups" -o "$KD_TMP/$name.boot" 2> "$KD_TMP/$name.sim" &
    local pid=$!
    kd_on_exit "kill $pid 2>/dev/null"
    for _ in $(seq 100); do [ -s "$KD_TMP/$name.boot" ] && break; sleep 0.1; done
    [ -s "$KD_TMP/$name.boot" ] || kd_fail "$name: the simulator did not start"
    "$bench" -b "$(cat "$KD_TMP/$name.boot")" -P "$polls" -i 500 > "$KD_TMP/$name.out" 2>&1
    local rc=$?
    kill "$pid"; wait "$pid" 2>/dev/null
    cat "$KD_TMP/$name.out" >&2
    [ "$rc" -eq 0 ] || kd_fail "$name: scale_bench exited $rc"
    grep -q "^RESULT brokers=60 partitions=$((parts + 50)) groups=$groups " "$KD_TMP/$name.out" ||
        kd_fail "$name: the snapshot does not hold 60 brokers, $parts (+50) partitions, $groups groups"
    awk '/^poll /{print $2, $4}' "$KD_TMP/$name.out" > "$KD_TMP/$name.req"
    [ "$(wc -l < "$KD_TMP/$name.req")" -eq "$polls" ] || kd_fail "$name: not $polls polls"
}

run small 1000 100
run big "$big" 100
run groups 1000 10000
# the extra DescribeConfigs batches of a size: ceil(topics / 2000) - 1
batches() { echo $(( ($1 / 100 + 1 + 1999) / 2000 - 1 )); }
for other in big groups; do
    parts=1000
    [ "$other" = big ] && parts=$big
    want=$(( $(awk 'NR==1{print $2}' "$KD_TMP/small.req") + $(batches "$parts") ))
    got=$(awk 'NR==1{print $2}' "$KD_TMP/$other.req")
    [ "$got" -eq "$want" ] ||
        kd_fail "$other: first poll sent $got requests, want $want (the small cluster's plus the config batches)"
    diff <(tail -n +2 "$KD_TMP/small.req") <(tail -n +2 "$KD_TMP/$other.req") >&2 ||
        kd_fail "requests per poll differ between small and $other (poll, requests above)"
done
# smoke run of the UI benchmark (bench/ui_bench) on the small cluster: it
# runs, prints its figures and finds every numeric sort in order
"$sim" -n 60 -p 5000 -g 100 -o "$KD_TMP/ui.boot" 2> /dev/null &
pid=$!
kd_on_exit "kill $pid 2>/dev/null"
for _ in $(seq 100); do [ -s "$KD_TMP/ui.boot" ] && break; sleep 0.1; done
"$top_builddir/bench/ui_bench" -b "$(cat "$KD_TMP/ui.boot")" -n 2 > "$KD_TMP/ui.out" 2>&1 ||
    { cat "$KD_TMP/ui.out" >&2; kd_fail "ui_bench failed"; }
cat "$KD_TMP/ui.out" >&2
grep -q "^op partitions view_update " "$KD_TMP/ui.out" || kd_fail "ui_bench printed no figures"
echo "# requests per poll (poll requests): $(tr '\n' ' ' < "$KD_TMP/small.req")" >&2
exit 0
