#!/usr/bin/env bash
# A broker that lacks a request version shows "n/a" for that feature, and
# nothing else breaks.  kdeck.wire.caps makes kdeck's connections act as if
# the brokers lacked DescribeLogDirs and DescribeQuorum, and spoke only
# ListOffsets v1 and Metadata v1 (no cluster id, no racks, no topic ids).
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_cluster_up

"$KDECK" -b "$BOOTSTRAP" --once --json -i 1 \
    -X kdeck.wire.caps=DescribeLogDirs=none,DescribeQuorum=none,ListOffsets=1,Metadata=1 \
    > "$KD_TMP/na.json" || kd_fail "kdeck exited $?"
python3 - "$KD_TMP/na.json" <<'PY' || kd_fail "capped versions are not shown as n/a"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["connected"] and d["errors"] == [], d["errors"]
assert d["unavailable"] == ["quorum"], d["unavailable"]
assert d["quorum"] is None
assert len(d["brokers"]) == 3 and all(b["up"] for b in d["brokers"])
for b in d["brokers"]:
    assert b["unavailable"] == ["log_dirs"], b
    assert b["log_bytes"] is None and b["disk_total_bytes"] is None, b
    assert b["rack"] == "zone-" + "abc"[b["id"] - 1], b   # racks came in Metadata v1
assert d["cluster_id"] is None          # ... the cluster id in v2
assert all(p["high"] is not None for t in d["topics"] for p in t["partitions"])
PY

# The screen says n/a where a number cannot be had, and keeps the rest.
kd_tmux_start na 120 40 "$KDECK" -b "$BOOTSTRAP" -i 1 \
    -X kdeck.wire.caps=DescribeLogDirs=none,DescribeQuorum=none
kd_tmux_wait_for na "^. +1 127\.0\.0\.1:[0-9]+ +zone-a +up .* n/a" 20 || kd_fail "no n/a in the brokers table"
kd_tmux_keys na 5
kd_tmux_wait_for na "quorum: n/a on this cluster" 10 || kd_fail "the quorum pane does not say n/a"
kd_tmux_keys na q
kd_tmux_wait_exit na 5 || kd_fail "q did not quit"
echo ok
