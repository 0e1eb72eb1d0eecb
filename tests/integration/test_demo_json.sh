#!/usr/bin/env bash
# `kdeck --demo --once --json`: the embedded cluster has 3 brokers, the
# demo producer makes messages/s non-zero after two polls, and every pane
# has data: log sizes and bytes/s for every broker and topic, a log end
# for every replica, a quorum of 3 voters, groups with members, lag and
# an evaluated status (the proxies answer what the mock lacks; kdeck's own
# wire code reads it).  --lag window=2 lets two polls evaluate a window.
set -u
. "$top_srcdir/tests/integration/lib.sh"

"$KDECK" --demo --once --json -i 1 --lag window=2 > "$KD_TMP/demo.json" ||
    kd_fail "kdeck --demo exited $?"
python3 - "$KD_TMP/demo.json" <<'PY' || kd_fail "demo snapshot is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["connected"] is True, d["errors"]
assert d["seq"] >= 2, d["seq"]
assert d["errors"] == [], d["errors"]
assert [b["id"] for b in d["brokers"]] == [1, 2, 3], d["brokers"]
assert all(b["up"] for b in d["brokers"])
t = d["totals"]
assert t["brokers"] == 3 and t["brokers_up"] == 3, t
assert t["msgs_per_sec"] is not None and t["msgs_per_sec"] > 0, t
assert t["bytes_per_sec"] is not None and t["bytes_per_sec"] > 0, t
names = [x["name"] for x in d["topics"]]
assert "iot.temperature" in names, names
iot = [x for x in d["topics"] if x["name"] == "iot.temperature"][0]
assert iot["partition_count"] == 6 and iot["messages"] > 0, iot
assert iot["msgs_per_sec"] > 0, iot
assert [x["internal"] for x in d["topics"] if x["name"] == "__consumer_offsets"] == [True]

# nothing is n/a
assert d["unavailable"] == [], d["unavailable"]
# the demo's moving partition: two replicas until its first move (a few
# seconds in), three while it moves
a0 = [p for x in d["topics"] if x["name"] == "iot.alerts" for p in x["partitions"]
      if p["id"] == 0][0]
assert len(a0["replicas"]) in (2, 3) and a0["leader"] in a0["replicas"], a0
# log sizes and bytes/s: every broker and every topic
for b in d["brokers"]:
    assert b["log_bytes"] is not None and b["log_bytes"] > 0, b
    assert b["bytes_in_per_sec"] is not None, b
for x in d["topics"]:
    assert x["size"] is not None and x["bytes_per_sec"] is not None, x
    assert x["min_insync_replicas"] in (2, 3), x
    for p in x["partitions"]:
        # a state for every replica, followers included
        rs = p["replica_states"]
        assert sorted(r["broker"] for r in rs) == sorted(p["replicas"]), p
        for r in rs:
            assert r["log_end_offset"] is not None and r["size"] is not None, (x["name"], p)
            assert r["lag_offsets"] is not None, (x["name"], p)
assert iot["size"] > 0 and iot["bytes_per_sec"] > 0, iot
# the KRaft quorum: 3 voters, a leader among them
q = d["quorum"]
assert q and len(q["voters"]) == 3, q
assert q["leader"] in [v["id"] for v in q["voters"]], q
assert all(v["log_end_offset"] is not None for v in q["voters"]), q
# the demo's simulated MSK control plane: three nodes in the demo's racks
m = d["msk"]
assert m and m["name"] == "kdeck-demo" and m["state"] == "ACTIVE", m
assert [n["broker_id"] for n in m["nodes"]] == [1, 2, 3], m
assert [n["az"] for n in m["nodes"]] == [b["rack"] for b in d["brokers"]], (m, d["brokers"])
# groups: at least 3 with members and lag, one KIP-848, one Empty, one WARN or STALL
gs = d["groups"]["groups"]
live = [g for g in gs if g["member_count"] > 0 and g["lag"] is not None]
assert len(live) >= 3, [(g["id"], g["member_count"], g["lag"]) for g in gs]
assert all(g["members"][0]["assignment"] for g in live), live
assert any(g["type"] == "consumer" for g in live), [g["type"] for g in gs]
assert any(g["state"] == "Empty" and g["lag"] > 0 for g in gs), [(g["id"], g["state"]) for g in gs]
bad = [g["id"] for g in gs if g["status"] in ("WARN", "STALL")]
assert bad, [(g["id"], g["status"]) for g in gs]
assert any(g["catch_up"] not in (None, "unknown") for g in gs), [g["catch_up"] for g in gs]
print("demo ok:", t["msgs_per_sec"], "msgs/s;", len(gs), "groups;", "warn/stall:", bad)
PY

# a reassignment: the demo moves iot.alerts-0 on a loop, the first move a few
# seconds in, lasting a minute; two polls 7 s apart see it under way
"$KDECK" --demo --once --json -i 7 > "$KD_TMP/moving.json" ||
    kd_fail "kdeck --demo -i 7 exited $?"
python3 - "$KD_TMP/moving.json" <<'PY' || kd_fail "the demo's reassignment is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["errors"] == [] and d["unavailable"] == [], (d["errors"], d["unavailable"])
rs = [r for r in d["reassignments"] if r["topic"] == "iot.alerts" and r["partition"] == 0]
assert len(rs) == 1, d["reassignments"]
r = rs[0]
assert len(r["replicas"]) == 3 and len(r["adding"]) == 1 and len(r["removing"]) == 1, r
assert r["adding"][0] in r["replicas"] and r["removing"][0] in r["replicas"], r
assert r["adding"][0] != r["removing"][0] and r["state"] == "moving", r
assert r["bytes_total"] > 0 and 0 <= r["bytes_copied"] < r["bytes_total"], r
# the partition shows the same replicas; the one being added is not in sync
p = [p for x in d["topics"] if x["name"] == "iot.alerts" for p in x["partitions"]
     if p["id"] == 0][0]
assert sorted(p["replicas"]) == sorted(r["replicas"]), (p, r)
assert r["adding"][0] not in p["isr"], (p, r)
print("demo reassignment ok:", r["replicas"], "adding", r["adding"], "removing", r["removing"])
PY

# --demo takes one value
"$KDECK" --demo=nosuch --once --json > /dev/null 2> "$KD_TMP/err"
[ $? = 2 ] || kd_fail "--demo=nosuch should be a usage error"
grep -q 'expected --demo or --demo=incident' "$KD_TMP/err" || kd_fail "no usage message: $(cat "$KD_TMP/err")"
