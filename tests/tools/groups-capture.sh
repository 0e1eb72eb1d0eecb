#!/usr/bin/env bash
# groups-capture.sh: regenerate the consumer-group captures in tests/captures
# (listgroups*, describegroups, offsetcommit*, deletegroups) from real
# brokers.
#
#   tests/tools/groups-capture.sh BUILDDIR [KAFKA_VERSION...]
#
# For each version (default 3.9.1 4.1.1) it starts a one-node KRaft cluster
# with tests/cluster/kafka-cluster.sh, makes topics and records, an Empty
# group with offsets (billing), a group to delete (doomed) and a Stable
# group of two consumers (live, BUILDDIR/tests/tools/groups_client), runs
# BUILDDIR/tests/tools/groups_capture and writes
# tests/captures/groups-<version>.env: the facts tests/unit/test_wire_groups.c
# compares the decoded captures with, including each consumer's member id
# and assignment as the consumer itself saw them.  Then it stops everything.
set -euo pipefail

[ $# -ge 1 ] || { sed -n '3,15p' "$0" | sed 's/^# *//' >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.9.1 4.1.1)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cluster=$top/tests/cluster/kafka-cluster.sh
out=$top/tests/captures
client=$build/tests/tools/groups_client
capture=$build/tests/tools/groups_capture

for t in "$client" "$capture"; do
    [ -x "$t" ] || make -C "$build" "${t#$build/}"
done

dir='' pids=()
cleanup() {
    local p
    for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2> /dev/null || true; done
    wait 2> /dev/null || true
    if [ -n "$dir" ]; then
        "$cluster" stop "$dir" > /dev/null || true
        rm -rf "$dir"
    fi
}
trap cleanup EXIT

payments_records=5
orders_records=30
billing_offset=3
groups=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand

for ver in "${versions[@]}"; do
    dir=$(mktemp -d -t kdeck-groups-capture.XXXXXX)
    boot=$(KAFKA_VERSION=$ver KDECK_NODES=1 KDECK_CLUSTER_OWNER=$$ \
        "$cluster" start "$dir" | tail -n 1)
    "$cluster" topic-create "$dir" orders 3 1 > /dev/null
    "$cluster" topic-create "$dir" payments 1 1 > /dev/null
    "$client" produce -b "$boot" -t orders -n $orders_records 2> /dev/null
    "$client" produce -b "$boot" -t payments -n $payments_records 2> /dev/null
    "$cluster" tool "$dir" $groups --bootstrap-server "$boot" --group billing \
        --topic payments --reset-offsets --to-offset $billing_offset --execute > /dev/null
    "$cluster" tool "$dir" $groups --bootstrap-server "$boot" --group doomed \
        --topic payments --reset-offsets --to-earliest --execute > /dev/null

    pids=()
    for m in a b; do
        "$client" consume -b "$boot" -g live -t orders -i "kdeck-live-$m" \
            -s "$dir/live-$m.state" 2> "$dir/live-$m.log" &
        pids+=($!)
    done
    # both members assigned, one generation: every partition owned once
    for _ in $(seq 1 120); do
        n=$(cat "$dir"/live-*.state 2> /dev/null | grep -c '^assigned orders' || true)
        [ "$n" = 3 ] && grep -q '^member .' "$dir/live-a.state" &&
            grep -q '^member .' "$dir/live-b.state" && break
        sleep 0.5
    done
    [ "$n" = 3 ] || { echo "groups-capture: group live never settled" >&2; exit 1; }
    sleep 2

    rm -f "$out"/listgroups*-"$ver".*.bin "$out"/describegroups*-"$ver".*.bin \
        "$out"/offsetcommit*-"$ver".*.bin "$out"/deletegroups*-"$ver".*.bin
    "$capture" -b "$boot" -o "$out" -l "$ver"

    {
        echo "# Written by tests/tools/groups-capture.sh: the cluster behind the"
        echo "# consumer-group captures *-$ver.*.bin."
        echo "kafka_version=$ver"
        echo "payments_records=$payments_records"
        echo "orders_records=$orders_records"
        echo "billing_offset=$billing_offset"
        for m in a b; do
            echo "live_${m}_client=kdeck-live-$m"
            echo "live_${m}_member=$(sed -n 's/^member //p' "$dir/live-$m.state")"
            echo "live_${m}_partitions=$(sed -n 's/^assigned orders //p' "$dir/live-$m.state" |
                sort -n | paste -sd, -)"
        done
    } > "$out/groups-$ver.env"

    for p in "${pids[@]}"; do kill "$p"; done
    wait
    pids=()
    "$cluster" stop "$dir" > /dev/null
    rm -rf "$dir"
    dir=''
done
