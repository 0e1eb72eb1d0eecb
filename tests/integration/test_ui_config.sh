#!/usr/bin/env bash
# The config file and the keyboard-and-mouse operator tools, in tmux
# against kdeck --demo: a [keys] binding moves an action to a new key and
# the help overlay and hint bar show it; a malformed config file (and a
# [keys] mistake) is reported with file:line:col while kdeck starts on its
# defaults; the ':' command line with Tab completion; '/' then n and N;
# mouse clicks on a tab, a column title and a row, and the wheel.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

loc=C
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && loc=C.UTF-8
export KDECK_DATA_DIR=$top_srcdir

# (sessions get the tmux server's environment: the command passes what
# changes, XDG_CONFIG_HOME, itself)
screen() { kd_tmux_capture "$1"; }
wait_for() { # NAME REGEX...
    local s=$1 re
    shift
    for re in "$@"; do
        kd_tmux_wait_for "$s" "$re" 30 || kd_fail "$s: never on screen: /$re/"
    done
}
refute() { # NAME REGEX...
    local s=$1 re scr
    shift
    sleep 0.5
    scr=$(screen "$s")
    for re in "$@"; do
        if grep -Eq -- "$re" <<< "$scr"; then
            printf '%s\n' "$scr" | sed 's/^/| /' >&2
            kd_fail "$s: should not be on screen: /$re/"
        fi
    done
}
quit_with() { # NAME KEY
    kd_tmux_keys "$1" "$2"
    kd_tmux_wait_exit "$1" 15 || kd_fail "$1: kdeck did not quit with $2"
    [ "$(kd_tmux_exit_status "$1")" = 0 ] || kd_fail "$1: exit $(kd_tmux_exit_status "$1")"
}
# The position counter at the right of the tabs line: "3/5" or "1/2 of 5".
pos() { screen "$1" | sed -n 3p | grep -Eo '[0-9]+/[0-9]+( of [0-9]+)?$'; }
pos_is() { [[ $(pos "$1") =~ ^$2$ ]]; }
wait_pos() { # NAME REGEX
    kd_wait_until 10 pos_is "$1" "$2" ||
        kd_fail "$1: position $(pos "$1"), want $2; screen: $(screen "$1")"
}
# A mouse event written into the pane as the terminal would (X10 mouse
# reporting, which ncurses turns on for tmux's terminal type): ESC [ M,
# then button+32, column+33, row+33, each one byte (0-based coordinates).
mouse() { # NAME BUTTON X Y
    kd__tmux send-keys -t "$1" -H 1b 5b 4d "$(printf '%x' $((32 + $2)))" \
        "$(printf '%x' $((33 + $3)))" "$(printf '%x' $((33 + $4)))"
}
click() { # NAME X Y: press and release the left button
    mouse "$1" 0 "$2" "$3"
    mouse "$1" 3 "$2" "$3"
}
# 0-based column of the first TEXT on screen line LINE (1-based).
column_of() { # NAME LINE TEXT
    screen "$1" | sed -n "$2p" | awk -v t="$3" '{ i = index($0, t); print (i ? i - 1 : -1) }'
}

# ---- [keys] moves actions; help and hints follow ------------------------------
export XDG_CONFIG_HOME=$KD_TMP/keys
mkdir -p "$XDG_CONFIG_HOME/kdeck"
cat > "$XDG_CONFIG_HOME/kdeck/config" << 'EOF'
# quit moves from q to Q; sort-next from > . to s
[keys]
quit = Q
sort-next = s
EOF
S=keys
kd_tmux_start "$S" 140 40 env LC_ALL="$loc" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$KDECK" --demo -i 1
wait_for "$S" '^kdeck .*connected' 'HOST:PORT'
wait_for "$S" 'Q Quit' 's Sort'
refute "$S" 'q Quit' '> Sort'
kd_tmux_keys "$S" '?'
wait_for "$S" 'kdeck keys' '^  Q +Quit kdeck' '^  s +Sort by the next column'
refute "$S" 'q F10 +Quit' '> \. +Sort by the next'
kd_tmux_keys "$S" x
wait_for "$S" 'HOST:PORT'
kd_tmux_keys "$S" q
wait_for "$S" 'q does nothing here'
kd_tmux_keys "$S" s
wait_for "$S" 'sort HOST:PORT'

# ---- the ':' command line ---------------------------------------------------
kd_tmux_keys "$S" : to Tab
# more candidates than the popup holds: the rest are counted
wait_for "$S" '^:topic +Tab: complete' '^.[│|] topic +[│|]' '^.[│|] topic-configs +[│|]' \
    '^.[│|] \([0-9]+ more\) +[│|]'
kd_tmux_keys "$S" s Enter
wait_for "$S" 'NAME.? +PARTS +RF'
refute "$S" '^:' '[│|] topics'
kd_tmux_keys "$S" : 'topic or' Tab
wait_for "$S" '^:topic orders '
kd_tmux_keys "$S" Enter
wait_for "$S" 'Partitions of topic orders' 'TOPIC.? +PART +LEADER'
kd_wait_until 10 test "$(screen "$S" | grep -Ec '^  orders +[0-3] ')" = 4 ||
    kd_fail "expected the 4 partitions of orders: $(screen "$S")"
kd_tmux_keys "$S" Escape
wait_for "$S" 'NAME.? +PARTS +RF'
refute "$S" 'Partitions of topic'
kd_tmux_keys "$S" : 'broker 2' Enter
wait_for "$S" 'Partitions with a replica on broker 2'
kd_tmux_keys "$S" : 'broker 9' Enter
wait_for "$S" 'no broker 9 in this cluster'
kd_tmux_keys "$S" : 'topic nope' Enter
wait_for "$S" 'no topic nope'
kd_tmux_keys "$S" : brokers Enter
wait_for "$S" 'HOST:PORT'
kd_tmux_keys "$S" : groups Enter
if screen "$S" | sed -n 3p | grep -qi ' groups '; then
    wait_for "$S" 'GROUP.? +STATE'
    refute "$S" 'not available yet' 'HOST:PORT'
else
    wait_for "$S" 'the groups pane is not available yet'
fi
kd_tmux_keys "$S" : nope Enter
wait_for "$S" 'unknown command :nope'
kd_tmux_keys "$S" : ctx Enter
wait_for "$S" 'no contexts: the config file defines none'
kd_tmux_keys "$S" : 'brokers x' Enter
wait_for "$S" ':brokers takes no argument'
# Esc leaves the prompt, running nothing
kd_tmux_keys "$S" : q Escape
refute "$S" '^:'
kd_tmux_keys "$S" : partitions Enter
wait_for "$S" 'TOPIC.? +PART +LEADER'

# ---- '/' then n and N ---------------------------------------------------------
kd_tmux_keys "$S" 2
wait_for "$S" 'NAME.? +PARTS'
kd_tmux_keys "$S" / iot Enter
wait_for "$S" 'filter /iot/'
wait_pos "$S" "1/2 of 5"
kd_tmux_keys "$S" Escape
wait_for "$S" 'filter cleared'
kd_tmux_keys "$S" g
wait_pos "$S" 1/5
kd_tmux_keys "$S" n
wait_pos "$S" 2/5
kd_tmux_keys "$S" n
wait_pos "$S" 3/5
kd_tmux_keys "$S" n
wait_pos "$S" 2/5
wait_for "$S" '/iot/: search wrapped'
kd_tmux_keys "$S" N
wait_pos "$S" 3/5
kd_tmux_keys "$S" G N
wait_pos "$S" 3/5

# ---- the mouse --------------------------------------------------------------------
# a click on a tab
x=$(column_of "$S" 3 "3 Partitions")
[ "$x" -ge 0 ] || kd_fail "no Partitions tab: $(screen "$S")"
click "$S" $((x + 1)) 2
wait_for "$S" 'TOPIC.? +PART +LEADER'
# on a column title: sort by it; again: the other way round
x=$(column_of "$S" 4 "LEADER")
click "$S" $((x + 1)) 3
wait_for "$S" 'sort LEADER(v|▼)'
click "$S" $((x + 1)) 3
wait_for "$S" 'sort LEADER(\^|▲)'
# on a row: select it (three header lines and the column titles, so the
# third row is on 0-based line 6)
click "$S" 10 6
wait_pos "$S" '3/[0-9]+'
# the wheel: three rows a notch
mouse "$S" 65 10 10
wait_pos "$S" '6/[0-9]+'
mouse "$S" 64 10 10
wait_pos "$S" '3/[0-9]+'
quit_with "$S" Q

# ---- a malformed config: where, and kdeck starts on its defaults --------------
export XDG_CONFIG_HOME=$KD_TMP/bad
mkdir -p "$XDG_CONFIG_HOME/kdeck"
cat > "$XDG_CONFIG_HOME/kdeck/config" << 'EOF'
[keys]
quit = Q
[context a]
bootstrap = 127.0.0.1:1
read-only = ture
EOF
S=badcfg
kd_tmux_start "$S" 120 30 env LC_ALL="$loc" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$KDECK" --demo -i 1
wait_for "$S" 'bad/kdeck/config:5:13: read-only: expected true or false, not .ture. \(config file ignored\)'
wait_for "$S" '^kdeck .*connected' 'HOST:PORT'
kd_wait_until 15 test "$(screen "$S" | grep -Ec ' 127\.0\.0\.1:[0-9]+ ')" -ge 3 ||
    kd_fail "bad config: the brokers are not shown: $(screen "$S")"
kd_tmux_keys "$S" x
wait_for "$S" 'q Quit'      # the default keys, not the file's
quit_with "$S" q
# without a cluster of its own, a context from that file cannot be used
err=$("$KDECK" --context a --once 2>&1); rc=$?
[ $rc -eq 2 ] || kd_fail "--context from a rejected file: exit $rc, want 2"
grep -q 'config:5:13: read-only' <<< "$err" || kd_fail "--context from a rejected file: $err"
grep -q 'context a: the config file was rejected' <<< "$err" || kd_fail "--context: $err"

# ---- a [keys] mistake: where, and the default keys stay -------------------------
cat > "$XDG_CONFIG_HOME/kdeck/config" << 'EOF'
[keys]
sort-next = s
qiut = Q
EOF
S=badkeys
kd_tmux_start "$S" 120 30 env LC_ALL="$loc" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$KDECK" --demo -i 1
wait_for "$S" 'bad/kdeck/config:3:1: no action .qiut.'
wait_for "$S" 'HOST:PORT'
kd_tmux_keys "$S" x
wait_for "$S" 'q Quit' '> Sort'
cat > "$XDG_CONFIG_HOME/kdeck/config" << 'EOF'
[keys]
quit = Q  C-q  Ctrl-x
EOF
S=badkey
kd_tmux_start "$S" 120 30 env LC_ALL="$loc" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$KDECK" --demo -i 1
wait_for "$S" 'bad/kdeck/config:2:16: .Ctrl-x. is not a key'
kd_tmux_keys "$S" x
wait_for "$S" 'q Quit'
quit_with "$S" q
quit_with badkeys q
echo "config and commands ok"
