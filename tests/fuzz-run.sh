#!/usr/bin/env bash
# fuzz-run.sh: run each libFuzzer target briefly, seeded from tests/captures.
#
#   tests/fuzz-run.sh BUILDDIR [SECONDS]
#
# BUILDDIR was configured with CC=clang --enable-fuzzing (the targets are
# built if missing).  Each target gets SECONDS (default 20) of fuzzing; its
# corpus, grown in BUILDDIR/fuzz/corpus/<target>, starts from the captured
# responses of its API, one seed per captured version.  A crash leaves its
# input in BUILDDIR/fuzz/ and makes the script fail.
set -euo pipefail

[ $# -ge 1 ] || { sed -n '3,10p' "$0" | sed 's/^# *//' >&2; exit 2; }
build=$(cd "$1" && pwd)
secs=${2:-20}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
captures=$here/captures

# target name, first version kdeck decodes (the seed's version byte is the
# captured version minus this)
targets=(
    "apiversions 0" "metadata 1" "describecluster 0" "describelogdirs 1"
    "listoffsets 1" "describequorum 0" "offsetfetch 1" "findcoordinator 1"
)

for t in "${targets[@]}"; do
    [ -x "$build/fuzz/wire_${t%% *}_fuzzer" ] || {
        make -C "$build" -j2 $(printf 'fuzz/wire_%s_fuzzer ' "${targets[@]%% *}")
        break
    }
done

failed=0
for t in "${targets[@]}"; do
    name=${t%% *} min=${t##* }
    corpus=$build/fuzz/corpus/$name
    mkdir -p "$corpus"
    for f in "$captures/$name"-v*.resp.bin "$captures/$name"_*-v*.resp.bin; do
        [ -f "$f" ] || continue
        v=${f##*-v}
        v=${v%%-*}
        seed=$corpus/seed-$(basename "$f" .resp.bin)
        { printf "\\$(printf %03o $((v - min)))"; cat "$f"; } > "$seed"
    done
    echo "fuzz-run: wire_${name}_fuzzer for ${secs}s ($(ls "$corpus" | wc -l) inputs)"
    if ! "$build/fuzz/wire_${name}_fuzzer" -max_total_time="$secs" \
        -artifact_prefix="$build/fuzz/$name-" -print_final_stats=0 \
        "$corpus" > "$build/fuzz/$name.log" 2>&1; then
        echo "fuzz-run: wire_${name}_fuzzer FAILED, see $build/fuzz/$name.log" >&2
        tail -30 "$build/fuzz/$name.log" >&2
        failed=1
    else
        grep -E '^#[0-9]+ *DONE' "$build/fuzz/$name.log" || tail -1 "$build/fuzz/$name.log"
    fi
done
# The message filter and formatter: input is a filter, a newline, a payload.
corpus=$build/fuzz/corpus/msgfilter
mkdir -p "$corpus"
printf 'value.temperature > 80\n{"temperature": 91.5}' > "$corpus/seed-json"
printf 'key:/s-1[0-9]/i and not header.source:demo\n\033[2Jhello' > "$corpus/seed-esc"
[ -x "$build/fuzz/fuzz-msgfilter" ] || make -C "$build" -j2 fuzz/fuzz-msgfilter
echo "fuzz-run: fuzz-msgfilter for ${secs}s"
if ! "$build/fuzz/fuzz-msgfilter" -max_total_time="$secs" \
    -artifact_prefix="$build/fuzz/msgfilter-" -print_final_stats=0 \
    "$corpus" > "$build/fuzz/msgfilter.log" 2>&1; then
    echo "fuzz-run: fuzz-msgfilter FAILED, see $build/fuzz/msgfilter.log" >&2
    tail -30 "$build/fuzz/msgfilter.log" >&2
    failed=1
else
    grep -E '^#[0-9]+ *DONE' "$build/fuzz/msgfilter.log" || tail -1 "$build/fuzz/msgfilter.log"
fi
exit $failed
