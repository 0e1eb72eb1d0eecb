#!/usr/bin/env bash
# Requests per poll do not grow with the number of partitions: the
# collector sends one request of each kind per broker, never one per
# partition (bench/poll_bench against librdkafka's mock cluster).
set -u
. "$top_srcdir/tests/integration/lib.sh"

bench=$top_builddir/bench/poll_bench
[ -x "$bench" ] || kd_fail "$bench is not built"
small=$("$bench" 200 4) || kd_fail "poll_bench 200 failed"
large=$("$bench" 3000 4) || kd_fail "poll_bench 3000 failed"
echo "$small"; echo "$large"
req() { sed -E 's/.*: ([0-9.]+) requests\/poll.*/\1/' <<<"$1"; }
[ "$(req "$small")" = "$(req "$large")" ] ||
    kd_fail "requests per poll depend on the partition count: $(req "$small") vs $(req "$large")"
# 3 brokers: Metadata + DescribeQuorum + per broker ListOffsets (high
# watermarks, log end offsets) = 7; the mock has no DescribeLogDirs and no
# DescribeQuorum, which kdeck does not send where a broker lacks them
[ "$(req "$small")" = "7.0" ] ||
    kd_fail "unexpected requests per poll: $(req "$small")"
