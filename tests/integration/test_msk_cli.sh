#!/usr/bin/env bash
# kdeck msk clusters|describe|nodes|bootstrap|operations against an MSK
# control plane made of moto's server (tests/tools/fake_msk.py: moto, plus
# the operations moto lacks and a SigV4 check of every request).  No Kafka.
#  - two clusters made through the API (PROVISIONED with IAM and SCRAM,
#    SERVERLESS): listed (the fake pages one cluster at a time), described,
#    their nodes, bootstrap strings (registered ones, per --auth, --public)
#    and operations, in text and --json;
#  - an unknown ARN or name, a wrong secret, an unknown key, no
#    credentials, a 429, a 500 and a server too slow for --timeout: exit 1,
#    one clear line, no secret printed;
#  - credentials from a fake IMDSv2 (tests/tools/fake_imds.py) when no
#    others are set sign the requests;
#  - a cluster name with escape sequences never reaches stdout raw.
set -u
. "$top_srcdir/tests/integration/lib.sh"
[ "${KDECK_SKIP_INTEGRATION:-0}" = 1 ] && kd_skip "KDECK_SKIP_INTEGRATION=1"
kd_require jq
kd_require curl
py=$(bash "$top_srcdir/tests/tools/moto-venv.sh" 2> "$KD_TMP/venv.log") ||
    kd_skip "no venv with moto[server] (offline?): $(tail -n 3 "$KD_TMP/venv.log")"

secret=fakeSecretKey/EXAMPLE
wrong=wrongSecret/NOTTHEONE
"$py" "$top_srcdir/tests/tools/fake_msk.py" "$KD_TMP/msk.port" > "$KD_TMP/fake.log" 2>&1 &
fake=$!
kd_on_exit "kill $fake 2> /dev/null"
kd_wait_until 60 test -s "$KD_TMP/msk.port" ||
    kd_fail "the fake control plane did not start: $(tail -n 20 "$KD_TMP/fake.log")"
port=$(cat "$KD_TMP/msk.port")
fake_url=http://127.0.0.1:$port
demo=$(jq -r '.clusters.demo' "$KD_TMP/msk.port.state")
sless=$(jq -r '.clusters["serverless-one"]' "$KD_TMP/msk.port.state")
[[ $demo == arn:aws:kafka:us-east-1:*:cluster/* ]] || kd_fail "no demo cluster: $demo"

unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_ENDPOINT_URL \
    AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN
export AWS_ACCESS_KEY_ID=AKIDFAKE AWS_SECRET_ACCESS_KEY=$secret AWS_REGION=us-east-1 \
    AWS_ENDPOINT_URL_KAFKA=$fake_url AWS_EC2_METADATA_DISABLED=true \
    HOME=$KD_TMP XDG_CONFIG_HOME=$KD_TMP/xdg

admin() { # CALL JSON
    curl -sf -X POST --data-binary "$2" "$fake_url/_fake/$1" > /dev/null ||
        kd_fail "fake admin call $1 failed"
}
ok() { # OUT ARGS...: kdeck ARGS must succeed, stdout to $KD_TMP/OUT
    local out=$1
    shift
    "$KDECK" msk "$@" > "$KD_TMP/$out" 2> "$KD_TMP/$out.err" ||
        kd_fail "kdeck msk $*: exit $?: $(cat "$KD_TMP/$out.err")"
}
# kdeck msk ARGS fails with exit RC, stderr one line holding WANT, stdout
# empty, neither secret anywhere
fails() { # RC WANT ARGS...
    local rc=$1 want=$2 got
    shift 2
    "$KDECK" msk "$@" > "$KD_TMP/f.out" 2> "$KD_TMP/f.err"
    got=$?
    [ "$got" -eq "$rc" ] || kd_fail "kdeck msk $*: exit $got, want $rc: $(cat "$KD_TMP/f.err")"
    grep -qF -- "$want" "$KD_TMP/f.err" ||
        kd_fail "kdeck msk $*: '$(cat "$KD_TMP/f.err")' lacks '$want'"
    [ "$(wc -l < "$KD_TMP/f.err")" -eq 1 ] || kd_fail "kdeck msk $*: not one line: $(cat "$KD_TMP/f.err")"
    [ ! -s "$KD_TMP/f.out" ] || kd_fail "kdeck msk $*: printed $(cat "$KD_TMP/f.out")"
    ! grep -qF -e "$secret" -e "$wrong" "$KD_TMP/f.out" "$KD_TMP/f.err" ||
        kd_fail "kdeck msk $*: a secret was printed"
}

# --- clusters ---------------------------------------------------------------
ok clusters.txt clusters
grep -Eq '^NAME +TYPE +STATE +KAFKA +BROKERS +INSTANCE +AUTH +ZONES$' "$KD_TMP/clusters.txt" &&
    grep -Eq '^demo +PROVISIONED +ACTIVE +3\.9\.x +3 +kafka\.m5\.large +IAM,SCRAM,UNAUTHENTICATED +subnet-a,subnet-b,subnet-c$' \
        "$KD_TMP/clusters.txt" &&
    grep -Eq '^serverless-one +SERVERLESS +ACTIVE +- +- +- +IAM +subnet-x,subnet-y$' "$KD_TMP/clusters.txt" ||
    kd_fail "msk clusters: $(cat "$KD_TMP/clusters.txt")"
# the fake gives one cluster a page: kdeck followed nextToken
grep -q '^GET /api/v2/clusters?maxResults=100&nextToken=1$' "$KD_TMP/msk.port.log" ||
    kd_fail "no second ListClustersV2 page was asked for: $(cat "$KD_TMP/msk.port.log")"
ok clusters.json clusters --json
jq -e --arg d "$demo" --arg s "$sless" '
    length == 2
    and .[0] == {"name": "demo", "arn": $d, "type": "PROVISIONED", "state": "ACTIVE",
        "kafka_version": "3.9.x", "instance_type": "kafka.m5.large", "brokers": 3,
        "storage_gb": 1000, "zones": ["subnet-a", "subnet-b", "subnet-c"],
        "auth": ["IAM", "SCRAM", "UNAUTHENTICATED"]}
    and .[1] == {"name": "serverless-one", "arn": $s, "type": "SERVERLESS", "state": "ACTIVE",
        "kafka_version": null, "instance_type": null, "brokers": null, "storage_gb": null,
        "zones": ["subnet-x", "subnet-y"], "auth": ["IAM"]}' "$KD_TMP/clusters.json" > /dev/null ||
    kd_fail "msk clusters --json: $(cat "$KD_TMP/clusters.json")"
kd_log "clusters: demo and serverless-one, text and JSON, over two pages"

# --- describe -----------------------------------------------------------------
ok describe.txt describe --cluster demo
for line in "name demo" "arn $demo" "type PROVISIONED" "state ACTIVE" "kafka 3.9.x" \
    "instance kafka.m5.large" "brokers 3" "storage_gb 1000" "zones subnet-a,subnet-b,subnet-c" \
    "auth IAM,SCRAM,UNAUTHENTICATED"; do
    grep -qxF "$line" "$KD_TMP/describe.txt" || kd_fail "describe lacks '$line': $(cat "$KD_TMP/describe.txt")"
done
# by ARN: DescribeClusterV2 with the ARN encoded once on the wire (the
# fake checked the signature over it encoded twice)
ok describe.json describe --cluster "$sless" --json
jq -e '.name == "serverless-one" and .type == "SERVERLESS" and .auth == ["IAM"]
    and .brokers == null' "$KD_TMP/describe.json" > /dev/null ||
    kd_fail "describe --json (serverless): $(cat "$KD_TMP/describe.json")"
grep -q "^GET /api/v2/clusters/arn%3Aaws%3Akafka%3Aus-east-1%3A[0-9]*%3Aserverless-cluster%2F[0-9a-f-]*$" \
    "$KD_TMP/msk.port.log" || kd_fail "DescribeClusterV2 by ARN not on the wire: $(tail -n 3 "$KD_TMP/msk.port.log")"

# --- nodes --------------------------------------------------------------------
ok nodes.txt nodes --cluster demo
for i in 1 2 3; do
    s=$(printf 'abc' | cut -c$i)
    grep -Eq "^$i +- +subnet-$s +kafka\.m5\.large +eni-[0-9a-f]+ +b-$i\.demo\.fake\.kafka\.us-east-1\.amazonaws\.com$" \
        "$KD_TMP/nodes.txt" || kd_fail "nodes: broker $i: $(cat "$KD_TMP/nodes.txt")"
done
ok nodes.json nodes --cluster "$demo" --json
jq -e '[.[].broker_id] == [1, 2, 3] and [.[].subnet] == ["subnet-a", "subnet-b", "subnet-c"]
    and .[2].endpoints == ["b-3.demo.fake.kafka.us-east-1.amazonaws.com"]
    and (.[0].attached_eni | startswith("eni-")) and .[0].az == null' "$KD_TMP/nodes.json" > /dev/null ||
    kd_fail "nodes --json: $(cat "$KD_TMP/nodes.json")"
fails 1 "MSK ListNodes: HTTP 400 BadRequestException: This operation cannot be performed on serverless" \
    nodes --cluster serverless-one
kd_log "describe and nodes: as the control plane says"

# --- bootstrap ------------------------------------------------------------------
[ "$("$KDECK" msk bootstrap --cluster demo)" = "b-1.demo.fake.kafka.us-east-1.amazonaws.com:9098,b-2.demo.fake.kafka.us-east-1.amazonaws.com:9098,b-3.demo.fake.kafka.us-east-1.amazonaws.com:9098" ] ||
    kd_fail "bootstrap (IAM by default): $("$KDECK" msk bootstrap --cluster demo 2>&1)"
# point the cluster at other brokers, as a test with a real Kafka would
admin bootstrap '{"cluster": "demo", "strings": {
    "bootstrapBrokerStringSaslIam": "127.0.0.1:19098,127.0.0.2:19098",
    "bootstrapBrokerStringSaslScram": "127.0.0.1:19096",
    "bootstrapBrokerString": "127.0.0.1:19092",
    "bootstrapBrokerStringPublicSaslIam": "203.0.113.7:9198"}}'
[ "$("$KDECK" msk bootstrap --cluster demo)" = "127.0.0.1:19098,127.0.0.2:19098" ] ||
    kd_fail "bootstrap: not the registered IAM string"
[ "$("$KDECK" msk bootstrap --cluster demo --auth scram)" = "127.0.0.1:19096" ] ||
    kd_fail "bootstrap --auth scram"
[ "$("$KDECK" msk bootstrap --cluster demo --auth plaintext)" = "127.0.0.1:19092" ] ||
    kd_fail "bootstrap --auth plaintext"
[ "$("$KDECK" msk bootstrap --cluster demo --public)" = "203.0.113.7:9198" ] ||
    kd_fail "bootstrap --public"
ok boot.json bootstrap --cluster "$demo" --auth scram --json
jq -e '. == {"auth": "scram", "bootstrap": "127.0.0.1:19096"}' "$KD_TMP/boot.json" > /dev/null ||
    kd_fail "bootstrap --json: $(cat "$KD_TMP/boot.json")"
[ "$("$KDECK" msk bootstrap --cluster serverless-one)" = \
    "$(printf 'boot-%s.c1.kafka-serverless.us-east-1.amazonaws.com:9098' "$(basename "$sless" | cut -c1-8)")" ] ||
    kd_fail "bootstrap (serverless)"
fails 1 "no tls bootstrap string" bootstrap --cluster demo --auth tls
fails 1 "no public scram bootstrap string" bootstrap --cluster demo --auth scram --public
fails 2 "--auth kerberos: one of iam, scram, tls, plaintext" bootstrap --cluster demo --auth kerberos
kd_log "bootstrap: IAM first, --auth, --public, registered strings"

# --- operations -------------------------------------------------------------------
admin operation '{"cluster": "demo", "operation": {"operationType": "UPDATE_BROKER_STORAGE",
    "operationState": "PENDING", "startTime": "2026-12-05T11:00:00.000Z"}}'
ok ops.txt operations --cluster demo
head -n 2 "$KD_TMP/ops.txt" | tail -n 1 | grep -Eq '^UPDATE_BROKER_STORAGE +PENDING +2026-12-05T11:00:00\.000Z +- +-$' &&
    grep -Eq '^UPDATE_BROKER_TYPE +UPDATE_IN_PROGRESS +2026-12-05T09:00:00\.000Z +- +UPDATE_BROKER_TYPE_2_OF_3$' "$KD_TMP/ops.txt" &&
    grep -Eq '^CREATE +UPDATE_COMPLETE +2026-11-01T10:00:00\.000Z +2026-11-01T10:30:00\.000Z +-$' "$KD_TMP/ops.txt" ||
    kd_fail "operations: $(cat "$KD_TMP/ops.txt")"
ok ops.json operations --cluster "$demo" --json
jq -e '[.[].type] == ["UPDATE_BROKER_STORAGE", "UPDATE_BROKER_TYPE", "CREATE"]
    and .[2].end == "2026-11-01T10:30:00.000Z" and .[0].end == null' "$KD_TMP/ops.json" > /dev/null ||
    kd_fail "operations --json: $(cat "$KD_TMP/ops.json")"
# ListClusterOperationsV2 as AWS has it (three operations, one a page)
grep -q "^GET /api/v2/clusters/arn%3Aaws%3Akafka[^/ ]*/operations?maxResults=100&nextToken=2$" \
    "$KD_TMP/msk.port.log" || kd_fail "ListClusterOperationsV2 path: $(grep operations "$KD_TMP/msk.port.log")"
kd_log "operations: a registered one first, then the fake's two, over pages"

# --- refusals ------------------------------------------------------------------------
fails 1 "MSK DescribeClusterV2: HTTP 404 NotFoundException: The requested resource was not found." \
    describe --cluster "arn:aws:kafka:us-east-1:123456789012:cluster/nope/00000000-0000-0000-0000-000000000000-1"
fails 1 "MSK: no cluster named nope in us-east-1 (2 clusters listed)" nodes --cluster nope
fails 2 "describe needs --cluster NAME|ARN" describe
fails 2 "unknown command" list
AWS_SECRET_ACCESS_KEY=$wrong fails 1 \
    "MSK ListClustersV2: HTTP 403 InvalidSignatureException: The request signature we calculated does not match" clusters
AWS_ACCESS_KEY_ID=AKIDSOMEONEELSE fails 1 "HTTP 403 UnrecognizedClientException" clusters
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$KDECK" msk clusters > "$KD_TMP/f.out" 2> "$KD_TMP/f.err"
rc=$?
[ $rc -eq 1 ] && grep -qi "credentials" "$KD_TMP/f.err" && [ ! -s "$KD_TMP/f.out" ] ||
    kd_fail "no credentials: exit $rc: $(cat "$KD_TMP/f.err")"
admin fail '{"status": 429}'
fails 1 "MSK ListClustersV2: throttled by AWS (429): backing off" clusters
echo 500 > "$KD_TMP/msk.port.next"
fails 1 "MSK DescribeClusterV2: HTTP 500 InternalServerErrorException: Internal failure" \
    describe --cluster "$demo"
admin fail '{"delay": 4}'
start=$SECONDS
fails 1 "MSK ListClustersV2: $fake_url: Operation timed out" clusters --timeout 1
[ $((SECONDS - start)) -le 3 ] || kd_fail "--timeout 1 took $((SECONDS - start)) s"
AWS_ENDPOINT_URL_KAFKA=http://127.0.0.1:1 fails 1 "MSK ListClustersV2: http://127.0.0.1:1: " clusters
kd_log "404, unknown name, bad secret, unknown key, no credentials, 429, 500, timeout, no server: one line, exit 1"

# --- credentials from instance metadata (IMDSv2) when nothing else is set --------
FAKE_IMDS_KEY="AKIDFAKE:$secret" python3 "$top_srcdir/tests/tools/fake_imds.py" \
    "$KD_TMP/imds.port" "$KD_TMP/imds.log" > "$KD_TMP/imds.out" 2>&1 &
imds=$!
kd_on_exit "kill $imds 2> /dev/null"
kd_wait_until 10 test -s "$KD_TMP/imds.port" || kd_fail "the fake IMDS did not start"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_EC2_METADATA_DISABLED \
    AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$(cat "$KD_TMP/imds.port")" \
    "$KDECK" msk clusters > "$KD_TMP/imds.txt" 2> "$KD_TMP/imds.err" ||
    kd_fail "msk clusters with IMDS credentials: $(cat "$KD_TMP/imds.err")"
grep -Eq '^demo +PROVISIONED ' "$KD_TMP/imds.txt" || kd_fail "IMDS: $(cat "$KD_TMP/imds.txt")"
grep -q '^PUT /latest/api/token' "$KD_TMP/imds.log" &&
    grep -q 'GET /latest/meta-data/iam/security-credentials/kdeck-test-role token=ok -> 200' \
        "$KD_TMP/imds.log" || kd_fail "IMDS not asked as IMDSv2: $(cat "$KD_TMP/imds.log")"
! grep -qF "$secret" "$KD_TMP/imds.txt" "$KD_TMP/imds.err" || kd_fail "IMDS: the secret was printed"
kd_log "credentials from the fake IMDSv2 signed the MSK requests"

# --- a hostile cluster name ---------------------------------------------------------
admin cluster '{"name": "evil\u001b]0;pwned\u0007\u009b2J\u202e", "type": "PROVISIONED"}'
ok evil.txt clusters
ok evil.json clusters --json
ok evil-describe.txt describe --cluster "$(jq -r '.[] | select(.name | startswith("evil")) | .arn' "$KD_TMP/evil.json")"
for f in evil.txt evil-describe.txt; do
    ! LC_ALL=C grep -aqP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]' "$KD_TMP/$f" ||
        kd_fail "a raw control byte reached stdout ($f): $(cat -v "$KD_TMP/$f")"
    grep -qF 'evil\e]0;pwned\x07' "$KD_TMP/$f" || kd_fail "not shown escaped ($f): $(cat -v "$KD_TMP/$f")"
done
jq -e 'map(select(.name == "evil\u001b]0;pwned\u0007\u009b2J\u202e")) | length == 1' "$KD_TMP/evil.json" > /dev/null ||
    kd_fail "the JSON does not carry the name as it is: $(cat "$KD_TMP/evil.json")"
! LC_ALL=C grep -aq $'\x1b' "$KD_TMP/evil.json" || kd_fail "a raw ESC in the JSON"
kd_log "a hostile cluster name: escaped in text, exact in JSON"
echo "ok"
