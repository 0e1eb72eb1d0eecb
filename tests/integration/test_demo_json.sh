#!/usr/bin/env bash
# `kdeck --demo --once --json`: the embedded cluster has 3 brokers and the
# demo producer makes messages/s non-zero after two polls.
set -u
. "$top_srcdir/tests/integration/lib.sh"

"$KDECK" --demo --once --json -i 1 > "$KD_TMP/demo.json" || kd_fail "kdeck --demo exited $?"
python3 - "$KD_TMP/demo.json" <<'PY' || kd_fail "demo snapshot is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["connected"] is True, d["errors"]
assert d["seq"] >= 2, d["seq"]
assert [b["id"] for b in d["brokers"]] == [1, 2, 3], d["brokers"]
assert all(b["up"] for b in d["brokers"])
t = d["totals"]
assert t["brokers"] == 3 and t["brokers_up"] == 3, t
assert t["msgs_per_sec"] is not None and t["msgs_per_sec"] > 0, t
names = [x["name"] for x in d["topics"]]
assert "iot.temperature" in names, names
iot = [x for x in d["topics"] if x["name"] == "iot.temperature"][0]
assert iot["partition_count"] == 6 and iot["messages"] > 0, iot
assert iot["msgs_per_sec"] > 0, iot
assert [x["internal"] for x in d["topics"] if x["name"] == "__consumer_offsets"] == [True]
print("demo ok:", t["msgs_per_sec"], "msgs/s")
PY
