#!/usr/bin/env bash
# fuzz-run.sh: run each libFuzzer target briefly, seeded from tests/captures.
#
#   tests/fuzz-run.sh BUILDDIR [SECONDS]
#
# BUILDDIR was configured with CC=clang --enable-fuzzing (the targets are
# built if missing).  Each target gets SECONDS (default 20) of fuzzing, or
# KDECK_FUZZ_RUNS executions when that is set (the long run); its
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
    "listgroups 0" "describegroups 0" "offsetcommit 2" "deletegroups 0"
    "saslhandshake 0" "saslauthenticate 0" "cgdescribe 0"
)

for t in "${targets[@]}"; do
    [ -x "$build/fuzz/wire_${t%% *}_fuzzer" ] || {
        make -C "$build" -j2 $(printf 'fuzz/wire_%s_fuzzer ' "${targets[@]%% *}")
        break
    }
done

# run_target BINARY NAME: fuzz BUILDDIR/fuzz/BINARY over corpus/NAME for
# SECONDS (building it first if needed); a crash fails the run.
run_target() {
    local bin=$1 name=$2
    [ -x "$build/fuzz/$bin" ] || make -C "$build" -j2 "fuzz/$bin"
    echo "fuzz-run: $bin for ${secs}s ($(ls "$build/fuzz/corpus/$name" | wc -l) inputs)"
    local limit=(-max_total_time="$secs")
    [ -n "${KDECK_FUZZ_RUNS:-}" ] && limit=(-runs="$KDECK_FUZZ_RUNS")
    if ! "$build/fuzz/$bin" "${limit[@]}" \
        -artifact_prefix="$build/fuzz/$name-" -print_final_stats=0 \
        "$build/fuzz/corpus/$name" > "$build/fuzz/$name.log" 2>&1; then
        echo "fuzz-run: $bin FAILED, see $build/fuzz/$name.log" >&2
        tail -30 "$build/fuzz/$name.log" >&2
        failed=1
    else
        grep -E '^#[0-9]+ *DONE' "$build/fuzz/$name.log" || tail -1 "$build/fuzz/$name.log"
    fi
}

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
    run_target "wire_${name}_fuzzer" "$name"
done
# Every decoder of the registry at once: each capture, behind the index of
# its request in src/wire_apis.def and its version byte.
corpus=$build/fuzz/corpus/any
mkdir -p "$corpus"
awk -F'[(,) "]+' '/^WIRE_API\(/ { print NR, tolower($4), $8, $5 }' "$here/../src/wire_apis.def" |
    awk '{ print n++, $2, $3, $4 }' > "$build/fuzz/apis.txt"
for f in "$captures"/*-v*.resp.bin; do
    tag=$(basename "$f"); tag=${tag%%-v*}; tag=${tag%%_*}
    read -r idx min < <(awk -v t="$tag" '$2 == t || $3 == t { print $1, $4; exit }' "$build/fuzz/apis.txt") || continue
    [ -n "${idx:-}" ] || continue
    v=${f##*-v}; v=${v%%-*}
    { printf "\\$(printf %03o "$idx")\\$(printf %03o $((v - min)))"; cat "$f"; } > "$corpus/seed-$(basename "$f" .resp.bin)"
done
run_target wire_any_fuzzer any
# The consumer protocol's member bytes: seeded with the DescribeGroups
# captures whole (the decoder finds its way or fails cleanly).
corpus=$build/fuzz/corpus/consumerprotocol
mkdir -p "$corpus"
for f in "$captures"/describegroups-v*.resp.bin; do
    [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f" .resp.bin)"
done
run_target wire_consumerprotocol_fuzzer consumerprotocol
# The message filter and formatter: input is a filter, a newline, a payload.
corpus=$build/fuzz/corpus/msgfilter
mkdir -p "$corpus"
printf 'value.temperature > 80\n{"temperature": 91.5}' > "$corpus/seed-json"
printf 'key:/s-1[0-9]/i and not header.source:demo\n\033[2Jhello' > "$corpus/seed-esc"
run_target fuzz-msgfilter msgfilter
# Plan files of the Apache reassignment tool (kdeck reassign --plan).
corpus=$build/fuzz/corpus/reassign_json
mkdir -p "$corpus"
printf '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}' \
    > "$corpus/seed-plan"
printf '{"partitions":[{"topic":"a.b","partition":3,"replicas":[3]},{"topic":"a_b","partition":0,"replicas":[]}]}' \
    > "$corpus/seed-two"
run_target reassign_json_fuzzer reassign_json
# The theme and config file parsers, seeded with the shipped themes and a
# config file that uses every section.
run_text_fuzzer() { # NAME SEED...
    local name=$1 corpus=$build/fuzz/corpus/$1 f
    shift
    mkdir -p "$corpus"
    for f in "$@"; do cp "$f" "$corpus/seed-$(basename "$f")"; done
    run_target "${name}_fuzzer" "$name"
}
mkdir -p "$build/fuzz"
seed=$build/fuzz/config-seed
cat > "$seed" << 'EOF'
# seed
theme = dark
[general]
context = a
interval = 2
mouse = false
[context a]
bootstrap = "127.0.0.1:9092"  # local
read-only = yes
X.sasl.password = ${env:PW}${cmd:pass show {x}}$${lit}
[context m]
msk-arn = arn:aws:kafka:eu-west-1:123456789012:cluster/x/y-1
bootstrap = b:9098
[keys]
quit = Q F10
[lag]
window = 10
EOF
run_text_fuzzer theme "$here"/../themes/*.theme
run_text_fuzzer config "$seed"
# What AWS answers: a credential_process's JSON, STS's XML, MSK's pages
# and error bodies (one target, fuzz/aws_fuzzer.c).
corpus=$build/fuzz/corpus/aws
mkdir -p "$corpus"
printf '{"Version":1,"AccessKeyId":"AKIDEXAMPLE","SecretAccessKey":"s","SessionToken":"t","Expiration":"2026-12-05T10:00:00Z"}' \
    > "$corpus/seed-process"
printf '<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken><Expiration>2026-12-05T10:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>' \
    > "$corpus/seed-sts"
printf '{"clusterInfoList":[{"clusterName":"c","clusterArn":"arn:aws:kafka:r:1:cluster/c/u","clusterType":"PROVISIONED","state":"ACTIVE","provisioned":{"numberOfBrokerNodes":3,"brokerNodeGroupInfo":{"instanceType":"kafka.m5.large","clientSubnets":["a","b"]},"currentBrokerSoftwareInfo":{"kafkaVersion":"3.6.0"},"clientAuthentication":{"sasl":{"iam":{"enabled":true}}}}}],"nextToken":"x"}' \
    > "$corpus/seed-clusters"
printf '{"nodeInfoList":[{"instanceType":"kafka.m5.large","brokerNodeInfo":{"brokerId":1,"clientSubnet":"a","endpoints":["b-1.x"]}}],"clusterOperationInfoList":[{"operationArn":"o","operationType":"UPDATE","operationState":"PENDING","operationSteps":[{"stepName":"s"}]}]}' \
    > "$corpus/seed-nodes-ops"
printf '{"__type":"NotFoundException","message":"no cluster\\nhere"}' > "$corpus/seed-error"
run_target aws_fuzzer aws
exit $failed
