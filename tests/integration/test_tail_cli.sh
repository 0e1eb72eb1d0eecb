#!/usr/bin/env bash
# `kdeck tail` against real Kafka.  Records with keys, headers, JSON,
# binary bytes, invalid UTF-8, a null key, a tombstone and terminal escapes
# (ESC[2J, an OSC title) are produced with explicit CreateTime timestamps
# by tests/tools/tail_produce; then:
#   -J          every record, every byte, every header, every timestamp
#   -f          fields escaped: no control byte reaches the output
#   -o          beginning, end, -N, OFFSET, @MS, @ISO, "N ago": exactly the
#               records at or after the start
#   -c, -e      stop after COUNT / at the end of every partition
#   -q          exactly the matching records, and the counts on stderr
#   errors      a missing topic or partition, a bad start, a bad filter
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require python3
PRODUCE=$top_builddir/tests/tools/tail_produce
[ -x "$PRODUCE" ] || kd_fail "$PRODUCE is not built (make check builds it)"
kd_cluster_up

topic=$(kd_unique tail-cli)
kd_topic_create "$topic" 3 1

# An hour ago, on a whole second: recent enough for any retention.
t0=$(( ($(date +%s) - 3600) * 1000 ))
at() { echo $((t0 + $1)); }
cat > "$KD_TMP/records" << EOF
0 $(at 0) k0 plain-text-0 h1=v1
1 $(at 1000) k1 {"n":1,"temp":81,"tags":["a","b"]} trace=abc nil=\\N
2 $(at 2000) \\N \\x00\\x01\\x02\\xff
0 $(at 3000) k3 bad\\xc3\\x28utf8
1 $(at 4000) k4 before\\e[2Jafter
2 $(at 5000) k5 {"n":5,"temp":79}
0 $(at 6000) k6 \\N
1 $(at 7000) k\\e]0;title\\x07 osc-in-key
2 $(at 8000) k8 {"n":8,"temp":90} trace=def
0 $(at 9000) k9 last
EOF
"$PRODUCE" -b "$BOOTSTRAP" -t "$topic" < "$KD_TMP/records" 2> "$KD_TMP/produce.err" ||
    kd_fail "tail_produce failed: $(cat "$KD_TMP/produce.err")"

tail_() {
    "$KDECK" tail -b "$BOOTSTRAP" -t "$topic" "$@"
}

# ---- -J: the records, byte for byte ------------------------------------------
timeout 60 "$KDECK" tail -b "$BOOTSTRAP" -t "$topic" -o beginning -e -J \
    > "$KD_TMP/all.jsonl" 2> "$KD_TMP/all.err" || kd_fail "tail -J exited $?: $(cat "$KD_TMP/all.err")"
grep -q '^kdeck tail: 10 matched, 10 scanned$' "$KD_TMP/all.err" ||
    kd_fail "counts on stderr: $(cat "$KD_TMP/all.err")"

python3 - "$KD_TMP/records" "$KD_TMP/all.jsonl" "$topic" << 'PY' || kd_fail "JSON lines differ from what was produced"
import base64, json, sys

def unescape(s):
    if s == "\\N":
        return None
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode(); i += 1; continue
        e = s[i + 1]
        if e == "x":
            out.append(int(s[i + 2:i + 4], 16)); i += 4; continue
        out += {"s": b" ", "n": b"\n", "r": b"\r", "t": b"\t", "e": b"\x1b", "\\": b"\\"}[e]
        i += 2
    return bytes(out)

expected = []
for line in open(sys.argv[1]):
    f = line.split()
    hdrs = []
    for h in f[4:]:
        n, v = h.split("=", 1)
        hdrs.append((n, unescape(v)))
    expected.append({"partition": int(f[0]), "timestamp": int(f[1]),
                     "key": unescape(f[2]), "value": unescape(f[3]), "headers": hdrs})

def decode(rec, field, enc_field):
    v = rec[field]
    if v is None:
        return None
    if rec.get(enc_field) == "base64":
        return base64.b64decode(v)
    assert enc_field not in rec, rec
    return v.encode()

got = [json.loads(l) for l in open(sys.argv[2])]
ok = len(got) == len(expected)
if not ok:
    print("records: got %d, want %d" % (len(got), len(expected)))
offsets = {}
for e in expected:
    e["offset"] = offsets.get(e["partition"], 0)
    offsets[e["partition"]] = e["offset"] + 1
by_pos = {(r["partition"], r["offset"]): r for r in got}
for e in expected:
    r = by_pos.get((e["partition"], e["offset"]))
    if r is None:
        print("missing", e); ok = False; continue
    checks = [
        (r["topic"], sys.argv[3]),
        (r["timestamp"], e["timestamp"]),
        (r["timestamp_type"], "create"),
        (decode(r, "key", "key_encoding"), e["key"]),
        (decode(r, "value", "value_encoding"), e["value"]),
        ([(h["name"], None if h["value"] is None else
           (base64.b64decode(h["value"]) if h.get("encoding") == "base64" else h["value"].encode()))
          for h in r["headers"]], e["headers"]),
    ]
    for have, want in checks:
        if have != want:
            print("at %d/%d: got %r, want %r" % (e["partition"], e["offset"], have, want)); ok = False
# the text itself never carries a control byte
for l in open(sys.argv[2], "rb"):
    if any(b < 0x20 for b in l.rstrip(b"\n")) or b"\x7f" in l:
        print("raw control byte in", l); ok = False
sys.exit(0 if ok else 1)
PY

# ---- -f: escaped fields, exact text ------------------------------------------
tail_ -o beginning -e -f '%p:%o:%k:%s:%h\n' > "$KD_TMP/fmt.out" 2> /dev/null ||
    kd_fail "tail -f exited $?"
[ "$(wc -l < "$KD_TMP/fmt.out")" -eq 10 ] || kd_fail "tail -f: $(wc -l < "$KD_TMP/fmt.out") lines, want 10"
if LC_ALL=C grep -q '[[:cntrl:]]' "$KD_TMP/fmt.out"; then
    kd_fail "tail -f wrote a control byte: $(od -c "$KD_TMP/fmt.out" | head)"
fi
expect_line() {
    grep -qxF -- "$1" "$KD_TMP/fmt.out" || kd_fail "tail -f: no line '$1' in: $(cat "$KD_TMP/fmt.out")"
}
expect_line '1:1:k4:before\e[2Jafter:'
expect_line '1:2:k\e]0;title\x07:osc-in-key:'
expect_line '0:1:k3:bad\xc3(utf8:'
expect_line '2:0::\x00\x01\x02\xff:'
expect_line '1:0:k1:{"n":1,"temp":81,"tags":["a","b"]}:trace=abc,nil='
expect_line '0:2:k6::'

# ---- -o: where reading starts ------------------------------------------------
# keys of the records a start gives (with -e), sorted
keys_from() {
    tail_ -e -f '%k\n' "$@" 2> "$KD_TMP/keys.err" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
check_keys() { # WANT ARGS...
    local want=$1 got
    shift
    got=$(keys_from "$@") || kd_fail "kdeck tail $* failed: $(cat "$KD_TMP/keys.err")"
    [ "$got" = "$want" ] || kd_fail "kdeck tail $*: keys '$got', want '$want'"
}
iso() { # MS -> ISO 8601 UTC
    python3 -c 'import sys, datetime as d; print(d.datetime.fromtimestamp(int(sys.argv[1]) / 1000, d.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")' "$1"
}
# (the null key is an empty line: it sorts first, as a leading space)
check_keys ' k0 k1 k3 k4 k5 k6 k8 k9 k\e]0;title\x07' -o beginning
check_keys 'k5 k6 k8 k9 k\e]0;title\x07' -o "@$(at 5000)"
check_keys 'k5 k6 k8 k9 k\e]0;title\x07' -o "@$(at 4001)"
check_keys 'k5 k6 k8 k9 k\e]0;title\x07' -o "$(iso "$(at 5000)")"
check_keys 'k5 k6 k8 k9 k\e]0;title\x07' -o "@$(iso "$(at 4500)")"
check_keys 'k9' -o "@$(at 9000)"
check_keys '' -o "@$(at 9001)"
check_keys 'k4 k\e]0;title\x07' -p 1 -o "@$(at 4000)"
check_keys 'k6 k9' -o -2 -p 0
check_keys 'k4 k5 k6 k8 k9 k\e]0;title\x07' -o -2
check_keys 'k6 k9' -p 0 -o 2
check_keys '' -o end
# ages: everything was produced an hour ago
check_keys 'k0 k3 k6 k9' -o '2h ago' -p 0
check_keys 'k0 k3 k6 k9' -o '@2h' -p 0
check_keys '' -o '@1m' -p 0

# ---- -c and -e ---------------------------------------------------------------
n=$(timeout 60 "$KDECK" tail -b "$BOOTSTRAP" -t "$topic" -o beginning -c 4 -f '%o\n' 2> /dev/null | wc -l)
[ "$n" -eq 4 ] || kd_fail "-c 4 printed $n messages"
n=$(timeout 60 "$KDECK" tail -b "$BOOTSTRAP" -t "$topic" -o beginning -c 100 -e -f '%o\n' 2> /dev/null | wc -l)
[ "$n" -eq 10 ] || kd_fail "-c 100 -e printed $n messages, want the 10 there are"
# without -e and -c it waits for more: still running after 3 s
timeout 3 "$KDECK" tail -b "$BOOTSTRAP" -t "$topic" -o beginning > /dev/null 2>&1
rc=$?
[ "$rc" -eq 124 ] || kd_fail "kdeck tail without -e/-c ended by itself (exit $rc)"

# ---- -q: a filter and its counts ---------------------------------------------
filter_check() { # FILTER WANT_KEYS WANT_COUNTS [ARGS...]
    local f=$1 want=$2 counts=$3 got
    shift 3
    got=$(tail_ -o beginning -e -q "$f" -f '%k\n' "$@" 2> "$KD_TMP/q.err" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//') ||
        kd_fail "-q '$f' failed: $(cat "$KD_TMP/q.err")"
    [ "$got" = "$want" ] || kd_fail "-q '$f': keys '$got', want '$want'"
    grep -qx "kdeck tail: $counts" "$KD_TMP/q.err" ||
        kd_fail "-q '$f': stderr '$(cat "$KD_TMP/q.err")', want '$counts'"
}
filter_check 'value.temp > 80' 'k1 k8' '2 matched, 10 scanned'
filter_check 'value.temp > 80 and header.trace:abc' 'k1' '1 matched, 10 scanned'
filter_check 'header.trace:/^(abc|def)$/' 'k1 k8' '2 matched, 10 scanned'
filter_check 'value == null' 'k6' '1 matched, 10 scanned'
filter_check 'key == null' '' '1 matched, 10 scanned'
filter_check '"[2J"' 'k4' '1 matched, 10 scanned'
filter_check 'not key~/^k[0-9]$/' ' k\e]0;title\x07' '2 matched, 10 scanned'
filter_check 'partition == 2' ' k5 k8' '3 matched, 10 scanned'
filter_check 'partition == 2 and offset >= 1' 'k5 k8' '2 matched, 10 scanned'
# -c counts matching records
filter_check 'value.temp > 0' 'k1' '1 matched, 1 scanned' -c 1 -p 1

# ---- errors: clear, and the right exit status ---------------------------------
expect_error() { # STATUS REGEX ARGS...
    local status=$1 re=$2 rc
    shift 2
    timeout 60 "$KDECK" tail -b "$BOOTSTRAP" "$@" > "$KD_TMP/err.out" 2> "$KD_TMP/err.err"
    rc=$?
    [ "$rc" -eq "$status" ] || kd_fail "kdeck tail $*: exit $rc, want $status ($(cat "$KD_TMP/err.err"))"
    grep -Eq -- "$re" "$KD_TMP/err.err" || kd_fail "kdeck tail $*: stderr '$(cat "$KD_TMP/err.err")', want /$re/"
    [ ! -s "$KD_TMP/err.out" ] || kd_fail "kdeck tail $*: wrote to stdout"
}
expect_error 1 "topic 'no-such-topic-$$' does not exist" -t "no-such-topic-$$" -e
expect_error 1 "has no partition 7 \\(it has 3\\)" -t "$topic" -p 7 -e
expect_error 2 "start 'yesterday'" -t "$topic" -o yesterday
expect_error 2 "start '@2026-02-30'" -t "$topic" -o @2026-02-30
expect_error 2 "column 3: expected 'and', 'or'" -t "$topic" -q 'a b'
expect_error 2 "unknown format token '%z'" -t "$topic" -f '%z'
expect_error 2 "no topic" -e
# a name holding escape sequences comes back escaped, never raw
expect_error 1 "topic 'no\\\\e\\]0;pwned\\\\x07such' does not exist" -t $'no\e]0;pwned\asuch' -e
! LC_ALL=C grep -aqP '[\x00-\x09\x0b-\x1f\x7f]' "$KD_TMP/err.err" || kd_fail "a raw control byte on stderr"
exit 0
