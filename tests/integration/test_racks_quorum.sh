#!/usr/bin/env bash
# Against real Kafka, through kdeck's own wire protocol: racks, the active
# controller and the KRaft quorum match the cluster's configuration (the
# harness gives node i the rack zone-<i-th letter>); after a known number of
# bytes is produced to an RF 3 topic, the topic's size and bytes/s match
# within 10%.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require kcat
kd_cluster_up

controller=$(kd_controller)
"$KDECK" -b "$BOOTSTRAP" --once --json -i 1 > "$KD_TMP/snap.json" || kd_fail "kdeck exited $?"
python3 - "$KD_TMP/snap.json" "$controller" <<'PY' || kd_fail "racks, controller or quorum differ from the cluster"
import json, sys
d = json.load(open(sys.argv[1])); controller = int(sys.argv[2])
racks = {b["id"]: b["rack"] for b in d["brokers"]}
assert racks == {1: "zone-a", 2: "zone-b", 3: "zone-c"}, racks
assert d["controller_id"] == controller, (d["controller_id"], controller)
q = d["quorum"]
assert q is not None, "no quorum"
assert q["leader"] == controller, q
assert sorted(v["id"] for v in q["voters"]) == [1, 2, 3], q["voters"]
assert q["epoch"] >= 1 and q["high_watermark"] > 0, q
assert all(v["log_end_offset"] >= 0 and v["last_fetch_ms"] is not None for v in q["voters"]), q
assert d["unavailable"] == [] and all(b["unavailable"] == [] for b in d["brokers"])
assert all(b["disk_total_bytes"] > 0 and 0 < b["disk_usable_bytes"] <= b["disk_total_bytes"] for b in d["brokers"])
print("racks", racks, "controller", controller, "quorum epoch", q["epoch"])
PY

# Bytes: 3,000 messages of 1,000 bytes (3,000,000 payload bytes), produced
# between the two polls of one `--once` run with a 6 s interval.
topic=$(kd_unique bytes)
kd_topic_create "$topic" 1 3
python3 -c "
import sys
line = 'x' * 999 + '\n'
sys.stdout.write(line * 3000)" > "$KD_TMP/payload"
"$KDECK" -b "$BOOTSTRAP" --once --json -i 6 > "$KD_TMP/rate.json" &
pid=$!
sleep 2
kcat -P -b "$BOOTSTRAP" -t "$topic" -p 0 -X acks=all -X linger.ms=50 < "$KD_TMP/payload" ||
    kd_fail "kcat could not produce"
wait $pid || kd_fail "kdeck exited $?"
kd_wait_until 20 test "$(kd_end_offset "$topic" 0)" = 3000 || kd_fail "3000 messages did not land"
python3 - "$KD_TMP/rate.json" "$topic" <<'PY' || kd_fail "size or bytes/s is off by more than 10%"
import json, sys
d = json.load(open(sys.argv[1])); name = sys.argv[2]
t = [x for x in d["topics"] if x["name"] == name][0]
payload = 3000 * 1000
secs = d["interval_ms"] / 1000.0
size, rate = t["size"], t["bytes_per_sec"]
print("size", size, "bytes/s", rate, "over", secs, "s; payload", payload)
assert t["partitions"][0]["high"] == 3000, t["partitions"][0]["high"]
assert abs(size - payload) <= 0.10 * payload, size
assert rate is not None and abs(rate * secs - payload) <= 0.10 * payload, rate
# RF 3: every replica holds the same bytes, and none lags
for r in t["partitions"][0]["replica_states"]:
    assert abs(r["size"] - size) <= 0.10 * payload, r
    assert r["lag_offsets"] == 0 and r["in_isr"], r
b = {x["id"]: x for x in d["brokers"]}
leader = t["partitions"][0]["leader"]
assert b[leader]["bytes_in_per_sec"] >= rate * 0.9, b[leader]
assert d["totals"]["bytes_per_sec"] >= rate * 0.9, d["totals"]
PY
echo ok
