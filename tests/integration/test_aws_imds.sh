#!/usr/bin/env bash
# The AWS credential chain against a scripted instance metadata service and
# STS (tests/tools/fake_imds.py), through tests/tools/aws_creds_probe in a
# clean environment: IMDSv2 (a token PUT first, every GET carrying it; the
# fake refuses a GET without one) gives the role's credentials and the
# region; AWS_EC2_METADATA_DISABLED=true and a dead endpoint fail fast with
# a clear message; a proxy in the environment is not asked for the
# instance's metadata; web identity trades a token file for STS
# credentials.  No secret is printed.  No Kafka needed.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require python3

probe=$top_builddir/tests/tools/aws_creds_probe
[ -x "$probe" ] || kd_fail "$probe is not built (make check builds it)"

python3 "$top_srcdir/tests/tools/fake_imds.py" "$KD_TMP/imds.port" "$KD_TMP/imds.log" \
    > "$KD_TMP/imds.out" 2>&1 &
fake=$!
kd_on_exit "kill $fake 2> /dev/null"
kd_wait_until 10 test -s "$KD_TMP/imds.port" || kd_fail "the fake did not start: $(cat "$KD_TMP/imds.out")"
endpoint=http://127.0.0.1:$(cat "$KD_TMP/imds.port")
secrets_re='imdsSecret|imdsSessionToken|stsSecret|stsSessionToken|fake-web-identity-token'

# The probe with nothing from this shell but what is named; all it prints
# is kept in all.out for the secret check at the end.
probe_env() {
    local rc
    env -i HOME="$KD_TMP" PATH="$PATH" "$@" "$probe" > "$KD_TMP/p.out" 2> "$KD_TMP/p.err"
    rc=$?
    cat "$KD_TMP/p.out" "$KD_TMP/p.err" >> "$KD_TMP/all.out"
    cat "$KD_TMP/p.out"
    cat "$KD_TMP/p.err" >&2
    return $rc
}

# The fake refuses a GET without the session token (IMDSv2 only).
code=$(python3 - "$endpoint" << 'EOF'
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/latest/meta-data/iam/security-credentials/",
                           timeout=5)
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)
EOF
)
[ "$code" = 401 ] || kd_fail "the fake answered a GET without a token with $code, want 401"
: > "$KD_TMP/imds.log"

# 1. The instance's role and region.
out=$(probe_env AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint" 2> "$KD_TMP/err") ||
    kd_fail "IMDS: the probe failed: $(cat "$KD_TMP/err")"
kd_log "IMDS: $out"
want='^source=IMDS access_key=AKIDIMDSFAKE secret_len=21 token_len=16 expiry_ms=[1-9][0-9]+'
[[ $out =~ $want\ region=eu-north-1$ ]] ||
    kd_fail "IMDS: the probe printed '$out'"
# its way of asking: a token first, then every GET with it
head -n 1 "$KD_TMP/imds.log" | grep -qx 'PUT /latest/api/token ttl=21600' ||
    kd_fail "IMDS: the first request was not the token PUT: $(cat "$KD_TMP/imds.log")"
grep -q 'GET /latest/meta-data/iam/security-credentials/kdeck-test-role token=ok -> 200' \
    "$KD_TMP/imds.log" || kd_fail "IMDS: no role fetched: $(cat "$KD_TMP/imds.log")"
grep -q 'GET /latest/meta-data/placement/region token=ok -> 200' "$KD_TMP/imds.log" ||
    kd_fail "IMDS: no region fetched: $(cat "$KD_TMP/imds.log")"
! grep -q 'token=missing\|token=bad' "$KD_TMP/imds.log" ||
    kd_fail "IMDS: a GET without the token: $(cat "$KD_TMP/imds.log")"

# 2. A proxy in the environment is not asked for the instance's metadata.
out=$(probe_env AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint" http_proxy=http://127.0.0.1:1 \
    HTTP_PROXY=http://127.0.0.1:1 all_proxy=http://127.0.0.1:1 2> "$KD_TMP/err") ||
    kd_fail "IMDS with a proxy set: $(cat "$KD_TMP/err")"
grep -q '^source=IMDS access_key=AKIDIMDSFAKE ' <<< "$out" || kd_fail "IMDS with a proxy: '$out'"

# 3. Credentials from the environment, the region from instance metadata.
out=$(probe_env AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint" AWS_ACCESS_KEY_ID=AKIDENVFAKE \
    AWS_SECRET_ACCESS_KEY=envSecret 2> "$KD_TMP/err") || kd_fail "env: $(cat "$KD_TMP/err")"
want='^source=environment access_key=AKIDENVFAKE secret_len=9 token_len=0 expiry_ms=0'
[[ $out =~ $want\ region=eu-north-1$ ]] ||
    kd_fail "env: the probe printed '$out'"

# 4. Instance metadata disabled: a clear message, nothing asked.
: > "$KD_TMP/imds.log"
probe_env AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint" AWS_EC2_METADATA_DISABLED=true \
    > "$KD_TMP/out" 2> "$KD_TMP/err" && kd_fail "disabled: the probe succeeded: $(cat "$KD_TMP/out")"
want='^aws_creds_probe: no AWS credentials: no AWS_ACCESS_KEY_ID, no profile default in .*, '
want+='no AWS_WEB_IDENTITY_TOKEN_FILE, instance metadata disabled (AWS_EC2_METADATA_DISABLED)$'
grep -q "$want" "$KD_TMP/err" || kd_fail "disabled: $(cat "$KD_TMP/err")"
[ ! -s "$KD_TMP/imds.log" ] || kd_fail "disabled, yet asked: $(cat "$KD_TMP/imds.log")"
[ ! -s "$KD_TMP/out" ] || kd_fail "disabled: printed $(cat "$KD_TMP/out")"

# 5. No metadata service at the endpoint: fails fast, says where it looked.
dead=http://127.0.0.1:$(kd_free_port)
t0=$SECONDS
probe_env AWS_EC2_METADATA_SERVICE_ENDPOINT="$dead" > "$KD_TMP/out" 2> "$KD_TMP/err" &&
    kd_fail "dead endpoint: the probe succeeded"
[ $((SECONDS - t0)) -le 5 ] || kd_fail "dead endpoint: $((SECONDS - t0)) s to fail"
grep -q "no instance metadata at $dead (" "$KD_TMP/err" || kd_fail "dead endpoint: $(cat "$KD_TMP/err")"

# 6. An instance without a role.
FAKE_IMDS_NO_ROLE=1 python3 "$top_srcdir/tests/tools/fake_imds.py" "$KD_TMP/norole.port" \
    "$KD_TMP/norole.log" > "$KD_TMP/norole.out" 2>&1 &
norole=$!
kd_on_exit "kill $norole 2> /dev/null"
kd_wait_until 10 test -s "$KD_TMP/norole.port" || kd_fail "the second fake did not start"
probe_env AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$(cat "$KD_TMP/norole.port") \
    > "$KD_TMP/out" 2> "$KD_TMP/err" && kd_fail "no role: the probe succeeded"
grep -q 'no IAM role is attached to the instance' "$KD_TMP/err" || kd_fail "no role: $(cat "$KD_TMP/err")"

# 7. Web identity from the environment: STS's credentials; a wrong token
#    is STS's refusal, told as such.
printf 'fake-web-identity-token\n' > "$KD_TMP/web-token"
wi=(AWS_WEB_IDENTITY_TOKEN_FILE="$KD_TMP/web-token" AWS_ROLE_ARN=arn:aws:iam::123456789012:role/kdeck
    AWS_ENDPOINT_URL_STS="$endpoint" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true)
: > "$KD_TMP/imds.log"
out=$(probe_env "${wi[@]}" AWS_ROLE_SESSION_NAME=kdeck-test 2> "$KD_TMP/err") ||
    kd_fail "web identity: $(cat "$KD_TMP/err")"
kd_log "web identity: $out"
want='^source=web identity access_key=ASIASTSFAKE secret_len=22 token_len=19 expiry_ms=[1-9][0-9]+'
[[ $out =~ $want\ region=us-east-1$ ]] ||
    kd_fail "web identity: the probe printed '$out'"
grep -qx 'STS role=arn:aws:iam::123456789012:role/kdeck session=kdeck-test -> 200' \
    "$KD_TMP/imds.log" || kd_fail "web identity: $(cat "$KD_TMP/imds.log")"
printf 'a-wrong-token' > "$KD_TMP/bad-token"
probe_env "${wi[@]}" AWS_WEB_IDENTITY_TOKEN_FILE="$KD_TMP/bad-token" > "$KD_TMP/out" \
    2> "$KD_TMP/err" && kd_fail "web identity, wrong token: the probe succeeded"
want='AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role/kdeck at .*: '
want+='HTTP 400, STS refused: InvalidIdentityToken: The token is not valid'
grep -q "$want" "$KD_TMP/err" || kd_fail "web identity, wrong token: $(cat "$KD_TMP/err")"
! grep -q 'a-wrong-token' "$KD_TMP/err" || kd_fail "web identity: the token was printed"

# 8. Web identity from a profile (role_arn + web_identity_token_file).
mkdir -p "$KD_TMP/.aws"
cat > "$KD_TMP/.aws/config" << EOF
[profile wi]
region = ap-northeast-1
role_arn = arn:aws:iam::123456789012:role/from-profile
web_identity_token_file = $KD_TMP/web-token
role_session_name = profile-session
EOF
: > "$KD_TMP/imds.log"
out=$(probe_env AWS_PROFILE=wi AWS_ENDPOINT_URL_STS="$endpoint" AWS_EC2_METADATA_DISABLED=true \
    2> "$KD_TMP/err") || kd_fail "profile web identity: $(cat "$KD_TMP/err")"
[[ $out =~ ^source=profile\ wi\ \(web\ identity\)\ access_key=ASIASTSFAKE\ .*\ region=ap-northeast-1$ ]] ||
    kd_fail "profile web identity: the probe printed '$out'"
grep -qx 'STS role=arn:aws:iam::123456789012:role/from-profile session=profile-session -> 200' \
    "$KD_TMP/imds.log" || kd_fail "profile web identity: $(cat "$KD_TMP/imds.log")"

# Nothing secret anywhere.
[ -s "$KD_TMP/all.out" ] || kd_fail "the probe printed nothing at all"
! grep -Eq "$secrets_re" "$KD_TMP/all.out" || kd_fail "a secret was printed: $(cat "$KD_TMP/all.out")"
echo "ok"
