#!/usr/bin/env bash
# The command line: help, version, bad input gives a clear message and the
# documented exit code; an unreachable cluster is exit 1 with the reason.
set -u
. "$top_srcdir/tests/integration/lib.sh"

out=$("$KDECK" --help) || kd_fail "--help exited $?"
grep -q -- "--bootstrap" <<<"$out" || kd_fail "--help does not document --bootstrap"
grep -q "Exit status" <<<"$out" || kd_fail "--help does not document exit codes"

out=$("$KDECK" --version) || kd_fail "--version exited $?"
[[ $out =~ ^kdeck\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || kd_fail "--version printed '$out'"

# A -X key librdkafka does not know: exit 2, the message names the key.
err=$("$KDECK" -b 127.0.0.1:1 -X no.such.key=1 --once 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || kd_fail "bad -X key: exit $rc, want 2"
grep -q "no.such.key" <<<"$err" || kd_fail "bad -X key: message does not name the key: $err"

# A -X value librdkafka rejects.
err=$("$KDECK" -b 127.0.0.1:1 -X acks=banana --once 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || kd_fail "bad -X value: exit $rc, want 2"
grep -q "acks" <<<"$err" || kd_fail "bad -X value: message does not name the key: $err"

# -X without '='.
err=$("$KDECK" -b 127.0.0.1:1 -X fetch.min.bytes --once 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || kd_fail "-X without =: exit $rc, want 2"
grep -q "fetch.min.bytes: expected KEY=VALUE" <<<"$err" || kd_fail "-X without =: $err"

err=$("$KDECK" --no-such-option 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "unknown option: exit $rc"
grep -q "unknown option --no-such-option" <<<"$err" || kd_fail "unknown option: $err"

err=$("$KDECK" -b x:1 -i banana 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "bad interval: exit $rc"

err=$(env -u KDECK_BOOTSTRAP "$KDECK" --once 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "no bootstrap: exit $rc"
grep -q "no cluster given" <<<"$err" || kd_fail "no bootstrap: $err"

# Unreachable bootstrap (a port nothing listens on): exit 1, the reason,
# and nothing on stdout.
port=$(kd_free_port)
out=$("$KDECK" -b 127.0.0.1:$port --once --json -i 0.5 2>"$KD_TMP/err"); rc=$?
[ $rc -eq 1 ] || kd_fail "unreachable: exit $rc, want 1"
[ -z "$out" ] || kd_fail "unreachable: printed a document: $out"
grep -q "cannot reach the cluster at 127.0.0.1:$port" "$KD_TMP/err" || kd_fail "unreachable: $(cat "$KD_TMP/err")"
grep -qi "refused" "$KD_TMP/err" || kd_fail "unreachable: the reason is missing: $(cat "$KD_TMP/err")"
# kdeck tail: a bad -X is a usage error (2) naming the key; a dead cluster
# is exit 1 with the reason; no topic is a usage error.
err=$("$KDECK" tail -b 127.0.0.1:1 -X no.such.key=1 -t t 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "tail, bad -X: exit $rc, want 2"
grep -q "no.such.key" <<<"$err" || kd_fail "tail, bad -X: $err"
err=$("$KDECK" tail -b 127.0.0.1:$port -t t -e 2>&1); rc=$?
[ $rc -eq 1 ] || kd_fail "tail, unreachable: exit $rc, want 1"
grep -q "cannot reach the cluster at 127.0.0.1:$port" <<<"$err" || kd_fail "tail, unreachable: $err"
err=$("$KDECK" tail -b 127.0.0.1:$port 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "tail without a topic: exit $rc, want 2"
echo "ok"
