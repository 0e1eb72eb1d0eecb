#!/usr/bin/env bash
# Amazon MSK end to end, with moto's server as the control plane
# (tests/tools/fake_msk.py adds what moto lacks and checks every request's
# SigV4 signature) whose cluster "demo" points at the real test Kafka:
#  - `kdeck --msk --cluster demo` finds the cluster, takes its bootstrap
#    string from GetBootstrapBrokers and shows Kafka's data with the
#    control plane's: the JSON's msk section (state, version, auth, nodes,
#    the operation in progress), the header and the MSK pane (8) in tmux;
#  - a context with msk-arn and no bootstrap does the same;
#  - with no cluster named, the picker lists the region's clusters (a
#    hostile name escaped) and opens the one chosen;
#  - an unknown cluster, a wrong secret, a 429 and a 500: one clear line,
#    exit 1, and the secret never printed.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_require python3
kd_cluster_up

python3 "$top_srcdir/tests/tools/fake_msk.py" "$KD_TMP/msk.port" "$BOOTSTRAP" \
    > "$KD_TMP/fake_msk.log" 2>&1 &
fake=$!
kd_on_exit "kill $fake 2> /dev/null"
kd_wait_until 10 test -s "$KD_TMP/msk.port" || kd_fail "the fake control plane did not start"
port=$(cat "$KD_TMP/msk.port")
secret=fakeSecretKey/EXAMPLE
export AWS_ACCESS_KEY_ID=AKIDFAKE AWS_SECRET_ACCESS_KEY=$secret AWS_REGION=us-east-1 \
    AWS_ENDPOINT_URL_KAFKA=http://127.0.0.1:$port AWS_EC2_METADATA_DISABLED=true \
    HOME=$KD_TMP

"$KDECK" --msk --cluster demo --auth plaintext --once --json -i 1 > "$KD_TMP/once.json" \
    2> "$KD_TMP/once.err" || kd_fail "kdeck --msk: $(cat "$KD_TMP/once.err")"
jq -e '.totals.brokers_up == 3 and .msk.name == "demo" and .msk.state == "ACTIVE"
    and .msk.kafka_version == "3.9.x" and .msk.instance_type == "kafka.m5.large"
    and .msk.brokers == 3 and .msk.storage_gb == 1000 and .msk.auth == ["IAM", "SCRAM", "UNAUTHENTICATED"]
    and .msk.auth_used == "plaintext" and ([.msk.nodes[].broker_id] == [1, 2, 3])
    and .msk.nodes[0].subnet == "subnet-a"
    and .msk.operations == [{"type": "UPDATE_BROKER_TYPE", "state": "UPDATE_IN_PROGRESS",
        "start": "2026-12-05T09:00:00.000Z", "step": "UPDATE_BROKER_TYPE_2_OF_3"}]
    and ([.msk.recent_operations[] | [.type, .end]] == [["UPDATE_BROKER_TYPE", null],
        ["CREATE", "2026-11-01T10:30:00.000Z"]])' \
    "$KD_TMP/once.json" > /dev/null || kd_fail "msk: $(jq -c .msk "$KD_TMP/once.json")"
grep -q "GET /api/v2/clusters/arn%3Aaws%3Akafka[^ ]*/operations" "$KD_TMP/msk.port.log" ||
    kd_fail "no signed ListClusterOperationsV2 reached the fake: $(cat "$KD_TMP/msk.port.log")"
kd_log "kdeck --msk: $(jq -c '{msk: .msk.name, state: .msk.state, brokers_up: .totals.brokers_up}' "$KD_TMP/once.json")"

# a context that names the cluster by ARN and no brokers
arn=$(jq -r .msk.arn "$KD_TMP/once.json")
mkdir -p "$KD_TMP/cfg"
printf '[context m]\nmsk-arn = %s\nX.kdeck.msk.auth = plaintext\n' "$arn" > "$KD_TMP/cfg/config"
"$KDECK" --config "$KD_TMP/cfg/config" --context m --once --json -i 1 > "$KD_TMP/ctx.json" \
    2> "$KD_TMP/ctx.err" || kd_fail "context with msk-arn: $(cat "$KD_TMP/ctx.err")"
jq -e '.msk.name == "demo" and .totals.brokers_up == 3' "$KD_TMP/ctx.json" > /dev/null ||
    kd_fail "context: $(jq -c '{msk, totals}' "$KD_TMP/ctx.json")"

# the dashboard: header and the MSK pane
if command -v tmux > /dev/null 2>&1; then
    kd_tmux_start msk 200 30 "$KDECK" --msk --cluster demo --auth plaintext -i 1
    kd_screen_expect msk 20 'brokers 3/3' 'MSK demo ACTIVE' \
        'MSK UPDATE_BROKER_TYPE UPDATE_IN_PROGRESS since 2026-12-05T09:00:00.000Z \(UPDATE_BROKER_TYPE_2_OF_3\)'
    kd_tmux_keys msk 8
    kd_screen_expect msk 10 'demo +PROVISIONED ACTIVE +Kafka 3\.9\.x +kafka\.m5\.large x3 +storage 1000 GB' \
        'BROKER.? +AZ +SUBNET +INSTANCE +ENDPOINT +KAFKA +RACK' \
        '^ +1 +- +subnet-a +kafka\.m5\.large +b-1\.demo\.fake\.kafka\.us-east-1\.amazonaws\.com +up +zone-'
    # o: the operations, running and ended, newest first
    kd_tmux_keys msk o
    kd_screen_expect msk 10 'OPERATION +STATE +START. +END +STEP' \
        'UPDATE_BROKER_TYPE +UPDATE_IN_PROGRESS +2026-12-05T09:00:00\.000Z +- +UPDATE_BROKER_TYPE_2_OF_3' \
        'CREATE +UPDATE_COMPLETE +2026-11-01T10:00:00\.000Z +2026-11-01T10:30:00\.000Z +-'
    kd_tmux_capture msk | grep -A1 '^ *OPERATION' | tail -n 1 | grep -q UPDATE_BROKER_TYPE ||
        kd_fail "operations: not newest first: $(kd_tmux_capture msk)"
    kd_tmux_keys msk Escape
    kd_tmux_keys msk q
    kd_tmux_wait_exit msk 10 || kd_fail "q did not quit"
fi

# the bootstrap string registered for the real Kafka (the rest of kdeck
# msk is test_msk_cli.sh's)
[ "$("$KDECK" msk bootstrap --cluster demo)" = "$BOOTSTRAP" ] || kd_fail "msk bootstrap (iam)"
fails() { # WANT ARGS...
    local want=$1
    shift
    if "$@" > "$KD_TMP/f.out" 2> "$KD_TMP/f.err"; then kd_fail "accepted: $*"; fi
    grep -q -- "$want" "$KD_TMP/f.err" || kd_fail "for $*: $(cat "$KD_TMP/f.err") (wanted: $want)"
    ! grep -qF "$secret" "$KD_TMP/f.out" "$KD_TMP/f.err" || kd_fail "the secret was printed"
}

# The cluster picker: no cluster named and three in the region (one with
# a hostile name): a list, Enter opens the one under the cursor; q picks
# none; without a terminal (--once) the names are listed in the error.
curl -sf -X POST --data-binary '{"name": "evil\u001b]0;pwned\u0007\u009b2J", "type": "PROVISIONED"}' \
    "http://127.0.0.1:$port/_fake/cluster" > /dev/null || kd_fail "fake admin call failed"
fails 'kdeck: 3 MSK clusters in us-east-1: pick one with --cluster NAME: demo serverless-one evil\\e\]0;pwned\\x07' \
    "$KDECK" --msk --auth plaintext --once
! LC_ALL=C grep -q $'[\x1b\x07]' "$KD_TMP/f.err" || kd_fail "a raw control byte reached stderr"
if command -v tmux > /dev/null 2>&1; then
    kd_tmux_start pick 200 30 "$KDECK" --msk --auth plaintext -i 1
    kd_screen_expect pick 20 'kdeck: 3 Amazon MSK clusters; which one\?' \
        '^NAME +TYPE +STATE +KAFKA +BROKERS +INSTANCE +AUTH +ZONES' \
        '^demo +PROVISIONED +ACTIVE +3\.9\.x +3 +kafka\.m5\.large +IAM,SCRAM,UNAUTHENTICATED +subnet-a,subnet-b,subnet-c' \
        '^serverless-one +SERVERLESS +ACTIVE +- +- +- +IAM +subnet-x,subnet-y' \
        '^evil\\e\]0;pwned\\x07\\u\{009b\}2J +PROVISIONED'
    kd_tmux_keys pick j k Enter
    kd_screen_expect pick 20 'brokers 3/3' 'MSK demo ACTIVE'
    kd_tmux_keys pick q
    kd_tmux_wait_exit pick 10 || kd_fail "q did not quit"
    kd_tmux_start nopick 200 30 "$KDECK" --msk --auth plaintext -i 1
    kd_screen_expect nopick 20 '^serverless-one +SERVERLESS'
    kd_tmux_keys nopick j q
    kd_tmux_wait_exit nopick 10 || kd_fail "q in the picker did not quit"
    [ "$(kd_tmux_exit_status nopick)" != 0 ] || kd_fail "no cluster picked, yet exit 0"
    kd_screen_expect nopick 5 'kdeck: MSK: no cluster picked \(of 3 in us-east-1\)'
    kd_log "the picker: three clusters listed, Enter opened demo, q picked none"
fi

# failures: one clear line, exit 1, never the secret
fails "no cluster named nope" "$KDECK" --msk --cluster nope --once
AWS_SECRET_ACCESS_KEY=wrongSecret fails "HTTP 403 InvalidSignatureException" \
    "$KDECK" --msk --cluster demo --once
echo 429 > "$KD_TMP/msk.port.next"
fails "throttled by AWS (429)" "$KDECK" --msk --cluster demo --once
echo 500 > "$KD_TMP/msk.port.next"
fails "HTTP 500 InternalServerErrorException" "$KDECK" --msk --cluster demo --once
kd_log "unknown cluster, wrong secret, 429 and 500: clear messages"
