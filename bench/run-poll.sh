#!/usr/bin/env bash
# Poll cost at 1k, 5k and 20k partitions (librdkafka mock cluster, 3
# brokers, RF 3).  Usage: bench/run-poll.sh BUILDDIR
set -euo pipefail
b=${1:?usage: bench/run-poll.sh BUILDDIR}
make -s -C "$b" bench/poll_bench
for n in 1000 5000 20000; do
    "$b/bench/poll_bench" "$n" 12
done
