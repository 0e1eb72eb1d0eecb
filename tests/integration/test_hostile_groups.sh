#!/usr/bin/env bash
# Names chosen by a client reach the operator escaped, against real Kafka:
# a consumer whose group id holds ESC ] 0 (retitle), BEL, CR, LF, U+202E
# (bidi override), C1 CSI (U+009B) and an invalid UTF-8 byte, and whose
# client id holds ESC [ 2 J (clear screen).  `kdeck groups list` (text and
# JSON), `groups list --group`, the reset preview and the groups pane show
# them escaped: no raw control byte in the output bytes, no retitled pane.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_skip_if_no_cluster
kd_require jq
kd_require iconv
kd_cluster_up

client=$top_builddir/tests/tools/groups_client
[ -x "$client" ] || kd_fail "$client is not built (make check builds it)"
topic=$(kd_unique hostile)
kd_topic_create "$topic" 2 3
tag=$RANDOM$RANDOM
group=$(printf 'kd-%s-\033]0;pwned\007-\r\n-\xe2\x80\xae-\xc2\x9b2J-\xff' "$tag")
cid=$(printf 'cli-\033[2J-%s' "$tag")
"$client" consume -b "$BOOTSTRAP" -g "$group" -t "$topic" -i "$cid" 2> "$KD_TMP/client.log" &
kd_on_exit "kill $! 2>/dev/null"

# raw terminal controls: C0 but LF, DEL, C1 as UTF-8, bidi controls; and
# the bytes must be valid UTF-8
clean() { # FILE
    ! LC_ALL=C grep -aqP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1" &&
        iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}
stable() {
    "$KDECK" groups list -b "$BOOTSTRAP" --json > "$KD_TMP/list.json" 2> /dev/null &&
        jq -e --arg t "$tag" '.groups[] | select(.id | contains($t)) | select(.state == "Stable")' \
            "$KD_TMP/list.json" > /dev/null
}
kd_wait_until 60 stable || kd_fail "the hostile group never became Stable: $(cat "$KD_TMP/client.log")"

# the id as the broker keeps it (Java replaced the invalid byte by U+FFFD)
gid=$(jq -r --arg t "$tag" '.groups[] | select(.id | contains($t)) | .id' "$KD_TMP/list.json")
"$KDECK" groups list -b "$BOOTSTRAP" > "$KD_TMP/list.txt" 2>&1 || kd_fail "groups list failed"
"$KDECK" groups list -b "$BOOTSTRAP" --group "$gid" > "$KD_TMP/group.txt" 2>&1 ||
    kd_fail "groups list --group failed: $(cat "$KD_TMP/group.txt")"
"$KDECK" groups reset -b "$BOOTSTRAP" --group "$gid" --topic "$topic" --to-earliest \
    > "$KD_TMP/reset.txt" 2>&1 && kd_fail "a reset of a Stable group was allowed"
"$KDECK" -b "$BOOTSTRAP" --once -i 1 > "$KD_TMP/once.txt" 2>&1 || kd_fail "--once failed"
for f in list.json list.txt group.txt reset.txt once.txt; do
    clean "$KD_TMP/$f" || kd_fail "a raw control byte in $f: $(od -c "$KD_TMP/$f" | head -30)"
done
grep -aqF "kd-$tag-\\e]0;pwned\\x07-\\r\\n-\\u{202e}-\\u{009b}2J-" "$KD_TMP/list.txt" ||
    kd_fail "the group id is not shown escaped: $(grep -a "$tag" "$KD_TMP/list.txt")"
grep -aqF "client cli-\\e[2J-$tag" "$KD_TMP/group.txt" ||
    kd_fail "the client id is not shown escaped: $(cat "$KD_TMP/group.txt")"
grep -aqF "kd-$tag-\\e]0;pwned" "$KD_TMP/reset.txt" ||
    kd_fail "the refusal does not name the group escaped: $(cat "$KD_TMP/reset.txt")"
[ "$(jq -r --arg t "$tag" '.groups[] | select(.id | contains($t)) | .members[0].client_id' \
    "$KD_TMP/list.json")" = "$(printf 'cli-\033[2J-%s' "$tag")" ] ||
    kd_fail "the JSON does not carry the client id as sent"

# the groups pane
kd_tmux_start dash 160 40 "$KDECK" -b "$BOOTSTRAP" -i 1
kd_screen_expect dash 30 'brokers 3/3'
kd_tmux_keys dash 6
kd_screen_expect dash 20 "kd-$tag-\\\\e\\]0;pwned\\\\x07-\\\\r\\\\n-"
title=$(kd__tmux display -p -t dash '#{pane_title}')
[ "$title" != pwned ] || kd_fail "a group id retitled the terminal"
kd_tmux_keys dash q
kd_tmux_wait_exit dash 10 || kd_fail "the dashboard did not quit"
kd_log "hostile group and client ids shown escaped in list, JSON, detail, refusal and the pane"
