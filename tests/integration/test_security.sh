#!/usr/bin/env bash
# TLS and SASL on a real Kafka cluster (the harness's secured listeners,
# tests/cluster/README.md), on every Kafka version the suite runs:
#  - SASL_SSL/SCRAM-SHA-512, SSL with a client certificate (mTLS, with an
#    encrypted key), SASL_PLAINTEXT/PLAIN and OAUTHBEARER with a static
#    token: `kdeck --once --json` is as
#    complete as on PLAINTEXT (racks, replica states, log-dir sizes, quorum,
#    consumer groups with lag); `kdeck groups reset --execute` changes the
#    offsets Kafka's own tool then reads; `kdeck tail` reads the messages;
#  - a wrong password, a wrong CA, a host name the certificate does not
#    name, an expired client certificate: exit 1 with a clear message, in
#    the time budget; the dashboard shows the error and keeps answering keys;
#  - a session that the listener ends after 15 s is re-authenticated in time;
#  - no password, key password or token in anything kdeck printed or logged.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_cluster_up

secenv=$("$KD_CLUSTER_SH" security "$CLUSTER_DIR") || kd_fail "the cluster has no security.env"
# shellcheck disable=SC1090
. "$secenv"
export KDECK_LOG=$KD_TMP/kdeck.log
cgc=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand

committed() { # GROUP TOPIC -> "PARTITION OFFSET" lines, from Kafka's own tool
    kd_tool $cgc --bootstrap-server "$BOOTSTRAP" --describe --group "$1" 2>/dev/null |
        awk -v t="$2" '$2 == t { print $3, $4 }' | sort -n
}

# ---- a topic with messages and an Empty group with lag (set up over PLAINTEXT)
topic=$(kd_unique sec)
kd_topic_create "$topic" 3 3
for p in 0 1 2; do KD_PRODUCE_PREFIX=kd-sec-$p- kd_produce "$topic" 10 $p; done
group=$(kd_unique secgroup)
kd_tool $cgc --bootstrap-server "$BOOTSTRAP" --group "$group" --topic "$topic" \
    --reset-offsets --to-earliest --execute > /dev/null 2>&1 ||
    kd_fail "setup: cannot create group $group"

# What "complete" means: every broker's rack and log size, replica states
# for every partition of the topic, the 3-voter quorum, the group with its
# lag.  The same signature must come out of every listener.
signature() { # JSON
    jq -c --arg t "$topic" --arg g "$group" '{
        connected,
        racks: [.brokers[] | .rack],
        log_sizes: [.brokers[] | (.log_bytes != null)],
        replica_states: [.topics[] | select(.name == $t) | .partitions[]
                         | [.replica_states[]? | (.log_end_offset != null)]],
        voters: (.quorum.voters | length),
        group_has_lag: [.groups.groups[]? | select(.id == $g) | (.lag != null)]
    }' "$1"
}

"$KDECK" -b "$BOOTSTRAP" --once --json -i 1 > "$KD_TMP/plain.json" ||
    kd_fail "--once over PLAINTEXT failed"
[ "$(jq --arg g "$group" '.groups.groups[] | select(.id == $g) | .lag' "$KD_TMP/plain.json")" = 30 ] ||
    kd_fail "PLAINTEXT: the group's lag is not 30"
want=$(signature "$KD_TMP/plain.json")
jq -e '.racks == ["zone-a","zone-b","zone-c"] and .voters == 3 and .group_has_lag == [true]
       and (.log_sizes | all) and (.replica_states | length == 3)
       and (.replica_states | all(length == 3 and all))' <<< "$want" > /dev/null ||
    kd_fail "PLAINTEXT baseline is incomplete: $want"

scram=(-X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512
       -X "sasl.username=$scram512_user" -X "sasl.password=$scram512_password"
       -X "ssl.ca.location=$ca_pem")
mtls=(-X security.protocol=SSL -X "ssl.ca.location=$ca_pem"
      -X "ssl.certificate.location=$client_cert_enc_pem"
      -X "ssl.key.location=$client_key_enc_pem" -X "ssl.key.password=$client_key_password")
# the password from a file (-X KEY=@FILE), not on the command line
printf '%s\n' "$plain_password" > "$KD_TMP/plain.pw"
plain=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=PLAIN
       -X "sasl.username=$plain_user" -X "sasl.password=@$KD_TMP/plain.pw")

# OAUTHBEARER with a static token (Kafka's unsecured validator takes an
# unsigned JWT): kdeck's connections and librdkafka's token callback
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
token="$(printf '{"alg":"none"}' | b64url).$(printf '{"sub":"kd-%s","iat":%d,"exp":%d}' \
    "$RANDOM$RANDOM" "$now" $((now + 3600)) | b64url)."
oauth=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=OAUTHBEARER
       -X "kdeck.sasl.oauthbearer.token=$token")

n=0
for name in scram mtls plain oauth; do
    case $name in
        scram) boot=$sasl_ssl_bootstrap; args=("${scram[@]}") ;;
        mtls) boot=$ssl_bootstrap; args=("${mtls[@]}") ;;
        plain) boot=$sasl_plaintext_bootstrap; args=("${plain[@]}") ;;
        oauth) boot=$sasl_plaintext_bootstrap; args=("${oauth[@]}") ;;
    esac
    n=$((n + 1))
    # -- the snapshot is as complete as on PLAINTEXT
    "$KDECK" -b "$boot" "${args[@]}" --once --json -i 1 > "$KD_TMP/$name.json" \
        2> "$KD_TMP/$name.err" || kd_fail "$name: --once failed: $(cat "$KD_TMP/$name.err")"
    got=$(signature "$KD_TMP/$name.json")
    [ "$got" = "$want" ] || kd_fail "$name: the snapshot differs from PLAINTEXT's:
$got
--
$want"
    lag=$(jq --arg g "$group" '.groups.groups[] | select(.id == $g) | .lag' "$KD_TMP/$name.json")
    [ "$lag" = $((30 - 3 * (n - 1))) ] || kd_fail "$name: the group's lag is $lag, not $((30 - 3 * (n - 1)))"
    # -- a groups reset works and Kafka holds it
    "$KDECK" groups reset -b "$boot" "${args[@]}" --group "$group" --topic "$topic" \
        --to-offset "$n" --execute > "$KD_TMP/$name.reset" 2>&1 ||
        kd_fail "$name: groups reset failed: $(cat "$KD_TMP/$name.reset")"
    [ "$(committed "$group" "$topic" | awk '{ print $2 }' | sort -u)" = "$n" ] ||
        kd_fail "$name: the reset to $n is not in Kafka: $(committed "$group" "$topic")"
    "$KDECK" groups list -b "$boot" "${args[@]}" --group "$group" --json \
        > "$KD_TMP/$name.groups" 2>&1 || kd_fail "$name: groups list failed"
    [ "$(jq .lag "$KD_TMP/$name.groups")" = $((30 - 3 * n)) ] ||
        kd_fail "$name: lag after the reset: $(jq .lag "$KD_TMP/$name.groups")"
    # -- tail reads the messages (librdkafka, the same -X)
    "$KDECK" tail -b "$boot" "${args[@]}" -t "$topic" -o beginning -e \
        > "$KD_TMP/$name.tail" 2> "$KD_TMP/$name.tail.err" ||
        kd_fail "$name: tail failed: $(cat "$KD_TMP/$name.tail.err")"
    [ "$(grep -c '^kd-sec-' "$KD_TMP/$name.tail")" = 30 ] ||
        kd_fail "$name: tail read $(grep -c '^kd-sec-' "$KD_TMP/$name.tail") of 30 messages"
    kd_log "$name: complete snapshot, reset to $n, tail read 30"
done

# ---- re-authentication (KIP-368): the SASL_SSL listener ends sessions after
# 15 s (kafka-cluster.sh); a second poll 16 s after the first still works on
# the same connections only if kdeck re-authenticated them in time (without
# it the broker closes each one: "connection closed by the broker")
"$KDECK" -b "$sasl_ssl_bootstrap" "${scram[@]}" --once --json -i 16 > "$KD_TMP/reauth.json" \
    2> "$KD_TMP/reauth.err" || kd_fail "after a session lifetime: $(cat "$KD_TMP/reauth.err")"
jq -e '.connected and .errors == []' "$KD_TMP/reauth.json" > /dev/null ||
    kd_fail "after a session lifetime: $(jq -c .errors "$KD_TMP/reauth.json")"
kd_log "a poll after the 15 s session lifetime: no error ($(jq .requests "$KD_TMP/reauth.json") requests)"

# ---- failures: exit 1, a clear message, within the time budget ----------------
# (timeout 60 only guards the suite: an exit status of 124 is a failure)
expect_fail() { # NAME REGEX KDECK-ARGS...
    local name=$1 re=$2 rc=0
    shift 2
    timeout 60 "$KDECK" "$@" --once --json -i 1 --timeout 5 > "$KD_TMP/$name.out" \
        2> "$KD_TMP/$name.err" || rc=$?
    [ "$rc" = 1 ] || kd_fail "$name: exit $rc, not 1: $(cat "$KD_TMP/$name.err")"
    [ ! -s "$KD_TMP/$name.out" ] || kd_fail "$name: printed a snapshot"
    grep -Eq -- "$re" "$KD_TMP/$name.err" ||
        kd_fail "$name: no clear message /$re/: $(cat "$KD_TMP/$name.err")"
    kd_log "$name: $(head -c 300 "$KD_TMP/$name.err")"
}
wrongpw=wrong-pw-$RANDOM$RANDOM
expect_fail wrong-password 'authentication failed \(SCRAM-SHA-512\): .*[Aa]uthentication failed' \
    -b "$sasl_ssl_bootstrap" -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512 \
    -X "sasl.username=$scram512_user" -X "sasl.password=$wrongpw" -X "ssl.ca.location=$ca_pem"
expect_fail wrong-plain-password 'authentication failed \(PLAIN\)' \
    -b "$sasl_plaintext_bootstrap" -X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=PLAIN \
    -X "sasl.username=$plain_user" -X "sasl.password=$wrongpw"
expect_fail wrong-ca '127\.0\.0\.1:[0-9]+: TLS: certificate verification failed' \
    -b "$sasl_ssl_bootstrap" "${scram[@]}" -X "ssl.ca.location=$wrong_ca_pem"
port=${ssl_bootstrap%%,*}
port=${port##*:}
expect_fail hostname-mismatch 'localhost:[0-9]+: TLS: the broker.s certificate does not name "localhost"' \
    -b "localhost:$port" "${mtls[@]}"
expect_fail expired-cert "127\\.0\\.0\\.1:[0-9]+: .*TLS: the broker rejected kdeck's client certificate.*; kdeck's certificate expired on Jan  2 00:00:00 2020 GMT" \
    -b "$ssl_bootstrap" -X security.protocol=SSL -X "ssl.ca.location=$ca_pem" \
    -X "ssl.certificate.location=$expired_cert_pem" -X "ssl.key.location=$expired_key_pem"
# a wrong key password is a configuration error (exit 2), named by property
rc=0
"$KDECK" -b "$ssl_bootstrap" "${mtls[@]}" -X "ssl.key.password=$wrongpw" --once \
    > /dev/null 2> "$KD_TMP/keypw.err" || rc=$?
[ "$rc" = 2 ] && grep -q 'ssl.key.location .*is ssl.key.password right' "$KD_TMP/keypw.err" ||
    kd_fail "wrong key password: exit $rc: $(cat "$KD_TMP/keypw.err")"

# ---- the dashboard shows the error and keeps running ---------------------------
# and backs off: the brokers see a few logins in 12 s, not one per poll each
export KD_SCRAM_PW=$scram512_password       # the tmux server inherits it
failed_logins() { cat "$CLUSTER_DIR"/node-*/log | grep -c 'Failed authentication' || true; }
before=$(failed_logins)
kd_tmux_start bad 120 30 "$KDECK" -b "$sasl_ssl_bootstrap" -X security.protocol=SASL_SSL \
    -X sasl.mechanism=SCRAM-SHA-512 -X "sasl.username=$scram512_user" \
    -X "sasl.password=$wrongpw" -X "ssl.ca.location=$ca_pem" -i 1
kd_screen_expect bad 30 'authentication failed \(SCRAM-SHA-512\)'
kd_tmux_keys bad 2
kd_screen_expect bad 10 'sort NAME'
kd_tmux_keys bad 1
kd_screen_expect bad 10 'sort ID'
kd_tmux_capture bad > "$KD_TMP/bad.screen"
sleep 12
logins=$(($(failed_logins) - before))
# with a fixed 1 s retry this would be over 36 (3 brokers, 12 s)
[ "$logins" -le 20 ] || kd_fail "a reconnect storm: $logins failed logins in about 12 s"
kd_log "wrong password in the dashboard: $logins failed logins in about 12 s"
kd_tmux_keys bad q
kd_tmux_wait_exit bad 10 || kd_fail "the dashboard did not quit"

# and a good one shows the cluster over SASL_SSL, its password from the
# environment (-X KEY=${env:NAME}, exported before tmux started): not in
# the process list
kd_tmux_start good 120 30 "$KDECK" -b "$sasl_ssl_bootstrap" -X security.protocol=SASL_SSL \
    -X sasl.mechanism=SCRAM-SHA-512 -X "sasl.username=$scram512_user" \
    -X 'sasl.password=${env:KD_SCRAM_PW}' -X "ssl.ca.location=$ca_pem" -i 1
kd_screen_expect good 30 'brokers 3/3' 'zone-a' 'zone-c'
kd_tmux_capture good > "$KD_TMP/good.screen"
sh_pid=$(kd__tmux display -p -t good '#{pane_pid}')
tr '\0' ' ' < "/proc/$(pgrep -P "$sh_pid" | head -1)/cmdline" > "$KD_TMP/good.cmdline"
grep -q 'sasl.password=${env:KD_SCRAM_PW}' "$KD_TMP/good.cmdline" ||
    kd_fail "not the dashboard's command line: $(cat "$KD_TMP/good.cmdline")"
kd_tmux_keys good q
kd_tmux_wait_exit good 10 || kd_fail "the dashboard did not quit"

# ---- no secret anywhere ----------------------------------------------------------
for s in "$scram512_password" "$plain_password" "$client_key_password" "$wrongpw" "$token"; do
    hits=$(grep -rlF --exclude='tmux*' --exclude='*.pw' -- "$s" "$KD_TMP" 2>/dev/null || true)
    [ -z "$hits" ] || kd_fail "a secret was printed, in: $hits"
done
[ -s "$KDECK_LOG" ] || kd_log "note: kdeck wrote no log"
kd_log "no secret in $(ls "$KD_TMP" | wc -l) output files"
