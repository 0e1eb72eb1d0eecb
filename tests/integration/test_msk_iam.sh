#!/usr/bin/env bash
# The MSK IAM token reaches a broker: a loopback peer
# (tests/tools/fake_sasl_peer.py) speaks ApiVersions, SaslHandshake and
# SaslAuthenticate, decodes the OAUTHBEARER token into its presigned URL
# and checks it as MSK does (kafka-cluster:Connect, the SigV4 signature
# with its own implementation, not expired).  With
# sasl.mechanism=AWS_MSK_IAM the token comes from kdeck's own connection
# (client id kdeck) and from librdkafka's (kdeck tail, client id
# kdeck-tail); a wrong secret gives a refused token and a clear message
# that does not print the secret.  No Kafka needed.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require python3

python3 "$top_srcdir/tests/tools/fake_sasl_peer.py" "$top_srcdir/tests/captures" \
    "$KD_TMP/peer.port" "$KD_TMP/peer.log" > "$KD_TMP/peer.out" 2>&1 &
peer=$!
kd_on_exit "kill $peer 2> /dev/null"
kd_wait_until 10 test -s "$KD_TMP/peer.port" || kd_fail "the peer did not start"
b=127.0.0.1:$(cat "$KD_TMP/peer.port")
secret=fakeSecretKey/EXAMPLE
export AWS_ACCESS_KEY_ID=AKIDFAKE AWS_SECRET_ACCESS_KEY=$secret AWS_REGION=us-east-1 \
    AWS_EC2_METADATA_DISABLED=true HOME=$KD_TMP
iam=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=AWS_MSK_IAM)

# kdeck's own connection (the peer closes after the login: no cluster)
"$KDECK" -b "$b" "${iam[@]}" --once -i 1 --timeout 3 > "$KD_TMP/own.out" 2>&1
grep -Eq '^ok kdeck expires-in=(8[5-9][0-9]|900) date=[0-9]{8}T[0-9]{6}Z$' "$KD_TMP/peer.log" ||
    kd_fail "kdeck's own connection: $(cat "$KD_TMP/peer.log") / $(tail -n 2 "$KD_TMP/own.out")"
# librdkafka's, through its token refresh callback
timeout 20 "$KDECK" tail -b "$b" "${iam[@]}" -t x -e > "$KD_TMP/tail.out" 2>&1
grep -Eq '^ok kdeck-tail expires-in=' "$KD_TMP/peer.log" ||
    kd_fail "librdkafka's connection: $(cat "$KD_TMP/peer.log") / $(tail -n 2 "$KD_TMP/tail.out")"
! grep -q '^bad\|^error' "$KD_TMP/peer.log" || kd_fail "a token was refused: $(cat "$KD_TMP/peer.log")"
kd_log "tokens checked by the peer: $(sort "$KD_TMP/peer.log" | uniq -c | tr '\n' ' ')"

# a wrong secret: the peer refuses the token, kdeck says so
: > "$KD_TMP/peer.log"
AWS_SECRET_ACCESS_KEY=wrongSecretValue "$KDECK" -b "$b" "${iam[@]}" --once -i 1 --timeout 3 \
    > "$KD_TMP/bad.out" 2>&1 && kd_fail "a refused token was accepted"
grep -q '^bad kdeck signature$' "$KD_TMP/peer.log" || kd_fail "peer: $(cat "$KD_TMP/peer.log")"
grep -qi 'authentication\|token refused' "$KD_TMP/bad.out" || kd_fail "kdeck: $(cat "$KD_TMP/bad.out")"
! grep -qF -e "$secret" -e wrongSecretValue "$KD_TMP/bad.out" "$KD_TMP/own.out" "$KD_TMP/tail.out" ||
    kd_fail "a secret was printed"
# no credentials at all: a clear message before any connection
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$KDECK" -b "$b" "${iam[@]}" --once -i 1 \
    --timeout 3 > "$KD_TMP/none.out" 2>&1 && kd_fail "no credentials, yet it went on"
grep -q 'no AWS credentials' "$KD_TMP/none.out" || kd_fail "no credentials: $(cat "$KD_TMP/none.out")"

# Credentials that last 6 s (a credential_process whose session token
# "exp-EPOCH" the peer holds to its end): librdkafka's token, refreshed
# through the callback, is replaced before it expires, and no token
# signed with ended credentials reaches the peer (it sees a new token
# only when librdkafka reconnects, after the peer closes: backoff).
mkdir -p "$KD_TMP/.aws"
cat > "$KD_TMP/short-creds.sh" << 'SH'
#!/bin/sh
end=$(($(date +%s) + 6))
printf '{"Version": 1, "AccessKeyId": "AKIDFAKE", "SecretAccessKey": "fakeSecretKey/EXAMPLE", "SessionToken": "exp-%s", "Expiration": "%s"}\n' \
    "$end" "$(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ)"
SH
chmod +x "$KD_TMP/short-creds.sh"
printf '[profile short]\ncredential_process = %s\n' "$KD_TMP/short-creds.sh" > "$KD_TMP/.aws/config"
: > "$KD_TMP/peer.log"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_PROFILE=short \
    timeout 24 "$KDECK" tail --timeout 60 -b "$b" "${iam[@]}" -t x -e > "$KD_TMP/short.out" 2>&1
! grep -q '^bad\|^error' "$KD_TMP/peer.log" ||
    kd_fail "a token was refused: $(sort "$KD_TMP/peer.log" | uniq -c)"
dates=$(grep '^ok kdeck-tail' "$KD_TMP/peer.log" | sed 's/.* date=//' | sort -u | wc -l)
[ "$dates" -ge 2 ] || kd_fail "the token was replaced $((dates - 1)) times in 24 s: $(cat "$KD_TMP/peer.log")"
kd_log "6 s credentials: $dates tokens in 24 s, none expired"
