#!/usr/bin/env bash
# bench/tail_vs_kcat.sh on a small topic: kdeck tail and kcat must print
# the same values (-f '%s\n') and the same records (-J), and the run must
# give a time ratio for each.  The ratios go to this test's log (timings
# are no assertion on a shared machine, see doc/PERFORMANCE.md, which has
# the full-size numbers and how to get them).
#   KDECK_BENCH_MESSAGES   messages to produce (default 20000)
#   KDECK_BENCH_MAX_RATIO  fail above this kdeck/kcat time ratio (unset: none)
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require kcat python3
kd_cluster_up

n=${KDECK_BENCH_MESSAGES:-20000}
max=${KDECK_BENCH_MAX_RATIO:-}
"$top_srcdir/bench/tail_vs_kcat.sh" -n "$n" -r 2 -d "$CLUSTER_DIR" -k "$KDECK" \
    > "$KD_TMP/bench.out" 2> "$KD_TMP/bench.err"
rc=$?
cat "$KD_TMP/bench.err" >&2
cat "$KD_TMP/bench.out" >&2
[ "$rc" -eq 0 ] || kd_fail "tail_vs_kcat.sh exited $rc"
for fmt in text json; do
    line=$(grep "^RESULT $fmt messages=$n " "$KD_TMP/bench.out") || kd_fail "no $fmt result"
    ratio=${line##*ratio=}
    [[ $ratio =~ ^[0-9]+\.[0-9]+$ ]] || kd_fail "$fmt: ratio '$ratio' is not a number"
    [ -z "$max" ] || awk -v r="$ratio" -v m="$max" 'BEGIN { exit !(r <= m) }' ||
        kd_fail "$fmt: kdeck took $ratio times as long as kcat (limit $max)"
    echo "# tail vs kcat, $fmt, $n messages: ratio $ratio" >&2
done
exit 0
