#!/usr/bin/env bash
# Against real Kafka: topics with known partition counts and replication
# factors, known message counts; `kdeck --once --json` must report the 3
# brokers, the active controller, every topic and every partition's
# leader, replicas, ISR and high watermark exactly as Kafka's own tools do.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_cluster_up

t1=$(kd_unique meta-a); t2=$(kd_unique meta-b); t3=$(kd_unique meta-c)
kd_topic_create "$t1" 3 3
kd_topic_create "$t2" 1 2
kd_topic_create "$t3" 6 1
kd_produce "$t1" 100 0
kd_produce "$t1" 50 1
kd_produce "$t2" 7 0
kd_produce "$t3" 13 5

{
    for t in "$t1" "$t2" "$t3"; do
        kd_describe_topic "$t" | sed "s/^/$t /"
    done
} > "$KD_TMP/expected"
controller=$(kd_controller)

"$KDECK" -b "$BOOTSTRAP" --once --json -i 1 > "$KD_TMP/snap.json" || kd_fail "kdeck exited $?"

python3 - "$KD_TMP/snap.json" "$KD_TMP/expected" "$controller" "$t1" "$t2" "$t3" <<'PY' || kd_fail "snapshot differs from the cluster"
import json, sys
snap = json.load(open(sys.argv[1]))
controller = int(sys.argv[3])
t1, t2, t3 = sys.argv[4:7]
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("MISMATCH:", what); ok = False

check(snap["connected"], "connected")
check([b["id"] for b in snap["brokers"]] == [1, 2, 3], "broker ids %s" % [b["id"] for b in snap["brokers"]])
check(all(b["up"] for b in snap["brokers"]), "all brokers up")
check(all(b["host"] == "127.0.0.1" and b["port"] > 0 for b in snap["brokers"]), "broker addresses")
check(snap["controller_id"] == controller, "controller %s, Kafka says %d" % (snap["controller_id"], controller))
check([b["id"] for b in snap["brokers"] if b["controller"]] == [controller], "controller flag")
check(snap["cluster_id"], "cluster id")
topics = {t["name"]: t for t in snap["topics"]}
for name, parts in ((t1, 3), (t2, 1), (t3, 6)):
    check(name in topics and topics[name]["partition_count"] == parts, "%s partitions" % name)
check(topics.get("__consumer_offsets", {"internal": True})["internal"], "__consumer_offsets internal")

expected_high = {(t1, 0): 100, (t1, 1): 50, (t1, 2): 0, (t2, 0): 7, (t3, 5): 13}
for line in open(sys.argv[2]):
    topic, part, leader, replicas, isr = line.split()
    part = int(part)
    p = [x for x in topics[topic]["partitions"] if x["id"] == part]
    check(len(p) == 1, "%s-%d present" % (topic, part))
    if not p: continue
    p = p[0]
    want = (int(leader), [int(x) for x in replicas.split(",")], sorted(int(x) for x in isr.split(",")))
    got = (p["leader"], p["replicas"], sorted(p["isr"]))
    check(got == want, "%s-%d leader/replicas/isr %s, Kafka says %s" % (topic, part, got, want))
    check(p["high"] == expected_high.get((topic, part), 0), "%s-%d high %s" % (topic, part, p["high"]))
    check(p["low"] == 0, "%s-%d low %s" % (topic, part, p["low"]))
    check(not p["under_replicated"] and not p["offline"], "%s-%d healthy" % (topic, part))
check(topics[t1]["messages"] == 150 and topics[t3]["messages"] == 13, "message totals")
total_parts = sum(t["partition_count"] for t in snap["topics"])
check(snap["totals"]["partitions"] == total_parts, "partition total")
check(snap["totals"]["under_replicated"] == 0 and snap["totals"]["offline"] == 0, "healthy totals")
sys.exit(0 if ok else 1)
PY
echo ok
