#!/usr/bin/env bash
# Consumer-group poll cost at 1,000 and 10,000 groups, on a 1-broker and a
# 3-broker Kafka (tests/cluster/kafka-cluster.sh; KAFKA_VERSION picks the
# release).  Each group is Empty with offsets on K partitions of one topic.
# On 3 brokers it runs once more with 6 consumers in 6 groups running, so
# that DescribeGroups (only sent for groups that are not Empty) shows too.
# Usage: bench/run-groups.sh BUILDDIR [K]
set -euo pipefail
b=$(cd "${1:?usage: bench/run-groups.sh BUILDDIR [K]}" && pwd)
k=${2:-2}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster=$here/../tests/cluster/kafka-cluster.sh
make -s -C "$b" bench/groups_bench tests/tools/groups_client
dir='' pids=()
cleanup() {
    local p
    for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2> /dev/null || true; done
    if [ -n "$dir" ]; then
        "$cluster" stop "$dir" > /dev/null
        rm -rf "$dir"
    fi
}
trap cleanup EXIT
for nodes in 1 3; do
    dir=$(mktemp -d -t kdeck-groups-bench.XXXXXX)
    boot=$(KDECK_NODES=$nodes KDECK_CLUSTER_OWNER=$$ "$cluster" start "$dir" | tail -n 1)
    "$cluster" topic-create "$dir" bench-groups 8 "$nodes" > /dev/null
    echo "== $nodes broker(s), $k partitions per group"
    "$b/bench/groups_bench" -b "$boot" -t bench-groups -n 1000 -k "$k" --setup
    # 9,000 more: bench-g-00000 .. bench-g-09999
    "$b/bench/groups_bench" -b "$boot" -t bench-groups -n 10000 -k "$k" --setup
    if [ "$nodes" = 3 ]; then
        for i in 1 2 3 4 5 6; do
            "$b/tests/tools/groups_client" consume -b "$boot" -g "bench-active-$i" \
                -t bench-groups 2> /dev/null &
            pids+=($!)
        done
        sleep 10
        echo "== 3 brokers, 10,000 Empty groups and 6 with a member"
        "$b/bench/groups_bench" -b "$boot" -t bench-groups -n 10000 -k "$k"
        for p in "${pids[@]}"; do kill "$p"; done
        wait
        pids=()
    fi
    "$cluster" stop "$dir" > /dev/null
    rm -rf "$dir"
    dir=''
done
