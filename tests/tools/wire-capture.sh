#!/usr/bin/env bash
# wire-capture.sh: regenerate tests/captures from real Kafka brokers.
#
#   tests/tools/wire-capture.sh BUILDDIR [KAFKA_VERSION...]
#
# For each version (default 3.9.1 4.1.1) it starts a one-node KRaft cluster
# with tests/cluster/kafka-cluster.sh, creates the data the unit tests
# assert on (topics, records, committed offsets) with Kafka's own Java
# tools, runs BUILDDIR/tests/tools/wire_capture against it and writes
# tests/captures/kafka-<version>.env: the facts the tests compare the
# decoded captures with.  Then it stops the cluster.
#
# The broker reports its log directory path inside DescribeLogDirs
# answers, so the cluster lives in a neutral place: KDECK_CAPTURE_DIR
# (default /var/lib/kdeck-capture, which must be writable).
set -euo pipefail

[ $# -ge 1 ] || { sed -n '3,15p' "$0" | sed 's/^# *//' >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.9.1 4.1.1)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cluster=$top/tests/cluster/kafka-cluster.sh
tool=$build/tests/tools/wire_capture
out=$top/tests/captures
base=${KDECK_CAPTURE_DIR:-/var/lib/kdeck-capture}

[ -x "$tool" ] || make -C "$build" tests/tools/wire_capture
mkdir -p "$out" "$base"

dir=''
cleanup() {
    [ -n "$dir" ] && "$cluster" stop "$dir" || true
}
trap cleanup EXIT

# Facts the tests check; keep in step with wire_capture.c's scenarios.
payments_records=5
orders_records=30
billing_offset=3

for ver in "${versions[@]}"; do
    dir=$base/$ver
    rm -rf "$dir"
    mkdir -p "$dir"
    boot=$(KAFKA_VERSION=$ver KDECK_NODES=1 KDECK_CLUSTER_OWNER=$$ \
        "$cluster" start "$dir")
    "$cluster" topic-create "$dir" orders 3 1
    "$cluster" topic-create "$dir" payments 1 1
    for t in payments:$payments_records orders:$orders_records; do
        "$cluster" tool "$dir" org.apache.kafka.tools.ProducerPerformance \
            --topic "${t%%:*}" --num-records "${t##*:}" --record-size 64 \
            --throughput -1 --producer-props "bootstrap.servers=$boot" acks=all \
            linger.ms=0 batch.size=200 > /dev/null
    done
    groups=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand
    "$cluster" tool "$dir" $groups --bootstrap-server "$boot" --group billing \
        --topic payments --reset-offsets --to-offset $billing_offset --execute > /dev/null
    "$cluster" tool "$dir" $groups --bootstrap-server "$boot" --group audit \
        --topic orders --reset-offsets --to-latest --execute > /dev/null

    rm -f "$out"/*-"$ver".req.bin "$out"/*-"$ver".resp.bin
    "$tool" -b "$boot" -o "$out" -l "$ver"

    cluster_id=$(sed -n 's/^cluster_id=//p' "$dir/cluster.env")
    cat > "$out/kafka-$ver.env" <<ENV
# Written by tests/tools/wire-capture.sh: the cluster behind *-$ver.*.bin.
kafka_version=$ver
node_id=1
host=${boot%:*}
port=${boot##*:}
rack=zone-a
cluster_id=$cluster_id
log_dir=$dir/node-1/data
payments_records=$payments_records
orders_records=$orders_records
billing_offset=$billing_offset
ENV
    "$cluster" stop "$dir"
    dir=''
    rm -rf "$base/$ver"
done
