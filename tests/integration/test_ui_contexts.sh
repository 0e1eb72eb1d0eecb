#!/usr/bin/env bash
# Contexts against two real Kafka clusters: a config file names both
# (one bootstrap straight, one through ${env:...}, with secrets from
# ${env:...} and ${cmd:...}); --once follows the default context and
# --context; in tmux the header shows the first cluster's id, `:ctx beta`
# (Tab-completed) switches to the second without a restart and the header
# shows its id, `:ctx alpha` comes back; contexts that cannot be used
# (a property librdkafka rejects, a failing ${cmd:...}) leave the
# dashboard where it was; the secrets never reach the screen or the log.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

# One node is enough for each (unless a shared cluster is given).
[ -n "${KDECK_TEST_CLUSTER:-}" ] || export KDECK_NODES=${KDECK_NODES:-1}
kd_cluster_up
A_BOOT=$BOOTSTRAP
A_ID=$(sed -n 's/^cluster_id=//p' "$CLUSTER_DIR/cluster.env")
[ -n "$A_ID" ] || kd_fail "no cluster id in $CLUSTER_DIR/cluster.env"

# The second cluster is always this test's own.
B_DIR=$(mktemp -d -t kdeck-cluster-b.XXXXXX)
kd_on_exit "KDECK_STOP_TIMEOUT=5 '$KD_CLUSTER_SH' stop '$B_DIR' > /dev/null 2>&1; rm -rf '$B_DIR'"
kd_log "starting a second, single-node Kafka cluster in $B_DIR"
B_BOOT=$(KDECK_NODES=1 KDECK_CLUSTER_OWNER=$$ "$KD_CLUSTER_SH" start "$B_DIR" | tail -n 1) ||
    kd_fail "cannot start the second cluster"
B_ID=$(sed -n 's/^cluster_id=//p' "$B_DIR/cluster.env")
[ -n "$B_ID" ] && [ "$B_ID" != "$A_ID" ] || kd_fail "cluster ids: '$A_ID' and '$B_ID'"

SECRET_PW=pw-$RANDOM-$RANDOM-zz
SECRET_USER=user-$RANDOM-$RANDOM-qq
XDG=$KD_TMP/xdg
mkdir -p "$XDG/kdeck"
cat > "$XDG/kdeck/config" << EOF
[general]
context = alpha

[context alpha]
bootstrap = $A_BOOT

[context beta]
bootstrap = \${env:KD_BETA_BOOTSTRAP}
X.sasl.username = \${cmd:printf '%s\\n' "\$KD_SECRET_USER"}
X.sasl.password = \${env:KD_SECRET_PW}

[context bad]
bootstrap = $A_BOOT
X.acks = \${env:KD_SECRET_PW}

[context broken]
bootstrap = $A_BOOT
X.sasl.password = \${cmd:exit 4}
EOF
export XDG_CONFIG_HOME=$XDG KD_BETA_BOOTSTRAP=$B_BOOT KD_SECRET_PW=$SECRET_PW \
    KD_SECRET_USER=$SECRET_USER KDECK_LOG=$KD_TMP/kdeck.log

# ---- --once: the default context, and --context ----------------------------
out=$("$KDECK" --once -i 1 2> "$KD_TMP/err") || kd_fail "--once (alpha): $(cat "$KD_TMP/err")"
grep -q "^cluster $A_ID " <<< "$out" || kd_fail "--once should poll alpha ($A_ID): $out"
out=$("$KDECK" --context beta --once -i 1 2> "$KD_TMP/err") ||
    kd_fail "--context beta --once: $(cat "$KD_TMP/err")"
grep -q "^cluster $B_ID " <<< "$out" || kd_fail "--context beta should poll $B_ID: $out"
err=$("$KDECK" --context nope --once 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "--context nope: exit $rc, want 2"
grep -q "no context nope in $XDG/kdeck/config" <<< "$err" || kd_fail "--context nope: $err"
# a property librdkafka rejects: named, its secret value not shown
err=$("$KDECK" --context bad --once 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "--context bad: exit $rc, want 2"
grep -q 'acks' <<< "$err" || kd_fail "--context bad: the property is not named: $err"
! grep -q "$SECRET_PW" <<< "$err" || kd_fail "--context bad printed the secret: $err"

# ---- the dashboard: alpha, then :ctx beta, then back -------------------------
S=ctx
kd_tmux_start "$S" 120 30 env XDG_CONFIG_HOME="$XDG" KD_BETA_BOOTSTRAP="$B_BOOT" \
    KD_SECRET_PW="$SECRET_PW" KD_SECRET_USER="$SECRET_USER" KDECK_LOG="$KDECK_LOG" \
    LC_ALL=C "$KDECK" -i 1
wait_for() {
    local re
    for re in "$@"; do
        kd_tmux_wait_for "$S" "$re" 40 || kd_fail "never on screen: /$re/"
    done
}
no_secret() {
    local s
    s=$(kd_tmux_capture "$S")
    ! grep -qe "$SECRET_PW" -e "$SECRET_USER" <<< "$s" || kd_fail "a secret on screen: $s"
    [ ! -e "$KDECK_LOG" ] || ! grep -qe "$SECRET_PW" -e "$SECRET_USER" "$KDECK_LOG" ||
        kd_fail "a secret in the log: $(grep -e "$SECRET_PW" -e "$SECRET_USER" "$KDECK_LOG")"
}
wait_for "^kdeck \[alpha\] $A_ID +connected"
kd_tmux_keys "$S" : 'ctx b' Tab
wait_for '^:ctx b ' '[|] bad +[|]' '[|] beta +[|]' '[|] broken +[|]'
kd_tmux_keys "$S" eta Enter
wait_for "context beta: 127\.0\.0\.1:"
wait_for "^kdeck \[beta\] $B_ID +connected" 'brokers 1/1 '
kd_wait_until 20 test "$(kd_tmux_capture "$S" | grep -c "$A_ID")" = 0 ||
    kd_fail "alpha's id still on screen after :ctx beta"
no_secret

# contexts that cannot be used leave the dashboard on beta
kd_tmux_keys "$S" : 'ctx bad' Enter
wait_for 'context bad: .*acks'
no_secret
kd_tmux_keys "$S" : 'ctx broken' Enter
wait_for 'config:[0-9]+:[0-9]+: \$\{cmd:exit 4\}: exit status 4'
wait_for "^kdeck \[beta\] $B_ID "
kd_tmux_keys "$S" : 'ctx nope' Enter
wait_for 'no context nope'
kd_tmux_keys "$S" : ctx Enter
wait_for 'contexts: alpha beta\* bad broken'

kd_tmux_keys "$S" : 'ctx alpha' Enter
wait_for "^kdeck \[alpha\] $A_ID +connected"
no_secret
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 20 || kd_fail "kdeck did not quit"
[ "$(kd_tmux_exit_status "$S")" = 0 ] || kd_fail "exit $(kd_tmux_exit_status "$S")"
no_secret
echo "contexts ok"
