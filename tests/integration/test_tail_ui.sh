#!/usr/bin/env bash
# The tail pane in a real terminal against real Kafka: records with keys,
# headers, JSON, binary bytes, invalid UTF-8 and terminal escapes (ESC[2J,
# an OSC title) are shown escaped, and the screen is not cleared by them
# (the header and every other row stay); formats switch; the filter shows
# exactly the matching records with exact matched/scanned counts; a bad
# filter says why and keeps the old one; Enter shows one message with its
# headers and pretty JSON; pause holds new records back; a partition row
# tails that partition only; a start time gives the records at or after
# it; the buffer size and saving work; Esc closes the tail; q quits.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require tmux python3
PRODUCE=$top_builddir/tests/tools/tail_produce
[ -x "$PRODUCE" ] || kd_fail "$PRODUCE is not built (make check builds it)"
kd_cluster_up

topic=$(kd_unique tail-ui)
kd_topic_create "$topic" 3 1
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

loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8
S=tail-ui
kd_tmux_start "$S" 160 40 env LC_ALL="$loc" TZ=UTC "$KDECK" -b "$BOOTSTRAP" -i 1

screen() { kd_tmux_capture "$S"; }
wait_for() {
    local re
    for re in "$@"; do
        kd_tmux_wait_for "$S" "$re" 20 || kd_fail "never on screen: /$re/"
    done
}
# message rows: TIME PART OFFSET ...
ROW='^[> ][0-9][0-9:. -]+ +[0-9]+ +[0-9]+ '
rows() { screen | grep -E "$ROW" || true; }
nrows() { rows | grep -c . || true; }
expect_rows() { # N
    kd_wait_until 15 test "$(nrows)" -eq "$1" ||
        kd_fail "expected $1 message rows; screen:$(printf '\n'; screen)"
}
on_row() { # PART OFFSET REGEX: the row of that record matches REGEX
    local r
    r=$(rows | grep -E "^[> ][0-9][0-9:. -]+ +$1 +$2 ") || kd_fail "no row for $1/$2; screen:$(printf '\n'; screen)"
    grep -Eq -- "$3" <<< "$r" || kd_fail "row $1/$2 is '$r', want /$3/"
}
status() { screen | sed -n 4p; }

# ---- open the tail from the Topics pane --------------------------------------
wait_for '^kdeck .*connected' 'brokers 1/1|brokers [0-9]+/[0-9]+'
kd_tmux_keys "$S" 2
kd_tmux_keys "$S" / "$topic" Enter
wait_for "^. +$topic "
kd_tmux_keys "$S" t
wait_for "^$topic +following +10 msgs" 'TIME +PART +OFFSET +KEY +SIZE +VALUE'
expect_rows 10

# escaped, and the payload did not clear or move anything
on_row 1 1 'k4 +15 B +before\\e\[2Jafter *$'
# (BEL is no text: auto shows that key in hex)
on_row 1 2 '6b 1b 5d 30 3b 74 69 74.? +10 B +osc-in-key *$'
on_row 2 0 '\(null\) +4 B +00 01 02 ff *$'
on_row 0 1 'k3 +9 B +62 61 64 c3 28 75 74 66 38 *$'
on_row 0 2 'k6 +- +\(null\) *$'
on_row 1 0 'k1 +.* \{"n":1,"temp":81,"tags":\["a","b"\]\} *$'
on_row 0 0 'k0 +12 B +plain-text-0 *$'
screen | sed -n 1p | grep -Eq '^kdeck ' || kd_fail "the title line is gone: $(screen)"
screen | sed -n 2p | grep -Eq '^brokers ' || kd_fail "the totals line is gone: $(screen)"
screen | tail -n 1 | grep -Eq 'Follow.*Pause.*Filter' || kd_fail "the hint line is gone: $(screen)"
if screen | LC_ALL=C grep -q $'\x1b'; then kd_fail "an ESC byte reached the screen"; fi

# formats: keys and values as text (invalid UTF-8 escaped), then auto
kd_tmux_keys "$S" v v K K
wait_for 'KEY:text' 'VALUE:text'
on_row 1 2 'k\\e]0;title\\x07 +10 B +osc-in-key *$'
on_row 0 1 'k3 +9 B +bad\\xc3\(utf8 *$'
on_row 2 0 '\(null\) +4 B +\\x00\\x01\\x02\\xff *$'
kd_tmux_keys "$S" v v v K K K
wait_for 'KEY +SIZE +VALUE *$'
on_row 0 1 'k3 +9 B +62 61 64 c3 28'

# ---- filter: exact rows and counts ---------------------------------------------
kd_tmux_keys "$S" / 'value.temp > 80' Enter
wait_for "^$topic .* 2 matched, 10 scanned .*filter value.temp > 80"
expect_rows 2
on_row 1 0 'k1 '
on_row 2 2 'k8 '
kd_tmux_keys "$S" / C-u 'key:k' Enter
wait_for "^$topic .* 9 matched, 10 scanned"
expect_rows 9
# a bad filter: the column, and the old filter stays
kd_tmux_keys "$S" / C-u 'key:k1 k3'
wait_for 'column 8: expected .and., .or. or the end'
kd_tmux_keys "$S" Escape
wait_for "^$topic .* 9 matched, 10 scanned .*filter key:k "
expect_rows 9

# ---- one message -----------------------------------------------------------
kd_tmux_keys "$S" / C-u 'key == k1' Enter
wait_for "^$topic .* 1 matched, 10 scanned"
kd_tmux_keys "$S" Enter
wait_for "^ Message $topic \[1\] offset 0" '^ +headers +2' '^ +trace: abc' '^ +nil: \(null\)'
wait_for '^ +value +json, 34 B' '^ +"temp": 81,' '^ +"tags": \[' '^ +"a",'
kd_tmux_keys "$S" Escape
wait_for "^$topic .* 1 matched, 10 scanned"
kd_tmux_keys "$S" / C-u Enter
wait_for "^$topic .* 10 msgs"

# ---- pause: new records wait ----------------------------------------------------
kd_tmux_keys "$S" G p
wait_for "^$topic +paused +10 msgs"
printf '0 - k10 more-10\n1 - k11 more-11\n2 - k12 more-12\n' |
    "$PRODUCE" -b "$BOOTSTRAP" -t "$topic" 2> /dev/null || kd_fail "tail_produce failed"
sleep 2
status | grep -Eq "^$topic +paused +10 msgs" || kd_fail "records arrived while paused: $(status)"
kd_tmux_keys "$S" p
wait_for "^$topic +following +13 msgs"
expect_rows 13

# ---- the buffer size and saving ------------------------------------------------
kd_tmux_keys "$S" b C-u 5 Enter
wait_for "^$topic .* 13 msgs .*held 5/5"
expect_rows 5
kd_tmux_keys "$S" s C-u "$KD_TMP/saved.jsonl" Enter
wait_for "saved 5 messages to "
[ "$(wc -l < "$KD_TMP/saved.jsonl")" -eq 5 ] || kd_fail "saved file has $(wc -l < "$KD_TMP/saved.jsonl") lines"
python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$KD_TMP/saved.jsonl" ||
    kd_fail "the saved file is not JSON lines"
kd_tmux_keys "$S" s C-u "$KD_TMP/saved.jsonl" Enter
wait_for "saved.jsonl: exists already"

# Esc closes the tail
kd_tmux_keys "$S" Escape
wait_for 'NAME.? +PARTS'

# ---- a partition row tails that partition from a time ---------------------------
kd_tmux_keys "$S" 3
kd_tmux_keys "$S" / "$topic" Enter g j Enter
wait_for "^$topic \[[0-2]\] +following"
part=$(status | sed -E "s/^$topic \[([0-2])\].*/\1/")
want=$(grep -c "^$part " "$KD_TMP/records")
want=$((want + 1))     # and one of the three produced while paused
wait_for "^$topic \[$part\] +following +$want msgs"
expect_rows "$want"
if rows | grep -Ev "^[> ][0-9][0-9:. -]+ +$part +" | grep -q .; then
    kd_fail "rows of another partition in the tail of partition $part: $(rows)"
fi
kd_tmux_keys "$S" o C-u "@$(at 4000)" Enter
want=$(awk -v p="$part" -v t="$(at 4000)" '$1 == p && $2 >= t' "$KD_TMP/records" | wc -l)
want=$((want + 1))
wait_for "^$topic \[$part\] +following +$want msgs"
expect_rows "$want"

# ---- quit -----------------------------------------------------------------------
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 15 > /dev/null || kd_fail "kdeck did not quit"
rc=$(kd_tmux_exit_status "$S") || kd_fail "no exit status"
[ "$rc" -eq 0 ] || kd_fail "kdeck exited $rc"
exit 0
