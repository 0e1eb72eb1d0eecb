#!/usr/bin/env bash
# Kill -9 a broker: once the cluster has fenced it (its replicas left the
# ISR, as Kafka's own tool reports), kdeck's snapshot and screen show the
# broker down -- kept in the list with its address, not forgotten -- and
# under-replicated partitions > 0.  Restart it: back to 0.  Then the same
# with the node that is the active controller.  The UI runs throughout, so
# it also keeps the down broker's last known address.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_cluster_up

topic=$(kd_unique down)
kd_topic_create "$topic" 3 3
kd_produce "$topic" 20 0

# snap FILE: one snapshot, two polls one second apart
snap() { "$KDECK" -b "$BOOTSTRAP" --once --json -i 1 > "$1"; }

# expect FILE PYTHON-EXPR: assert on the snapshot as `d`
expect() {
    python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = {x["id"]: x for x in d["brokers"]}
t = d["totals"]
if not eval(sys.argv[2]):
    print("snapshot does not satisfy:", sys.argv[2])
    print(json.dumps({"brokers": d["brokers"], "totals": t, "controller": d["controller_id"], "errors": d["errors"]}, indent=1))
    sys.exit(1)
PY
}

# fenced ID: Kafka's own tool no longer lists ID in any ISR of the topic
fenced() {
    kd_describe_topic "$topic" | awk -v id="$1" '{n=split($4,a,","); for(i=1;i<=n;i++) if(a[i]==id) bad=1} END{exit bad}'
}
healthy() {
    kd_describe_topic "$topic" | awk '{if (split($3,a,",") != split($4,b,",")) bad=1} END{exit bad}'
}

# The UI runs through all of it, as an operator's would.
kd_tmux_start ui 120 40 "$KDECK" -b "$BOOTSTRAP" -i 1
kd_tmux_wait_for ui "127\.0\.0\.1" 20 || kd_fail "the UI never showed the brokers"

down_and_back() {   # down_and_back NODE LABEL
    local node=$1 label=$2
    local port
    port=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([b['port'] for b in d['brokers'] if b['id']==$node][0])" "$KD_TMP/before.json")
    kd_node "$node" kill
    kd_wait_until 60 fenced "$node" || kd_fail "$label: Kafka never fenced node $node"
    # within two poll intervals of the fencing
    snap "$KD_TMP/down.json" || kd_fail "$label: kdeck exited $?"
    # a fresh process never saw the broker's address: it knows the id from
    # the replica lists, and that it is down
    expect "$KD_TMP/down.json" "not b[$node]['up'] and t['brokers'] == 3 and t['brokers_up'] == 2 and t['under_replicated'] > 0" \
        || kd_fail "$label: the snapshot does not show node $node down"
    kd_tmux_wait_for ui "^. +$node 127\.0\.0\.1:$port +zone-[abc] +down " 4 \
        || { kd_tmux_capture ui; kd_fail "$label: the screen does not show node $node down"; }
    kd_node "$node" start
    kd_wait_until 90 healthy || kd_fail "$label: the ISR never recovered after restarting node $node"
    snap "$KD_TMP/back.json" || kd_fail "$label: kdeck exited $?"
    expect "$KD_TMP/back.json" "b[$node]['up'] and t['brokers_up'] == 3" \
        || kd_fail "$label: node $node is not back up"
    kd_wait_until 30 eval 'snap "$KD_TMP/back.json" && expect "$KD_TMP/back.json" "t[\"under_replicated\"] == 0" >/dev/null' \
        || kd_fail "$label: under-replicated partitions did not return to 0"
    kd_tmux_wait_for ui "^. +$node 127\.0\.0\.1:$port +zone-[abc] +up " 6 \
        || { kd_tmux_capture ui; kd_fail "$label: the screen does not show node $node up again"; }
}

snap "$KD_TMP/before.json" || kd_fail "kdeck exited $?"
expect "$KD_TMP/before.json" "t['brokers_up'] == 3 and t['under_replicated'] == 0" || kd_fail "cluster not healthy at start"

controller=$(kd_controller)
follower=1; [ "$controller" = 1 ] && follower=2
down_and_back "$follower" "follower"

controller=$(kd_controller)
down_and_back "$controller" "controller"
# a new controller was elected while it was down; kdeck names the current one
now=$(kd_controller)
snap "$KD_TMP/final.json"
expect "$KD_TMP/final.json" "d['controller_id'] == $now" || kd_fail "controller is not $now"

kd_tmux_keys ui q
kd_tmux_wait_exit ui 5 || kd_fail "q did not quit"
echo ok
