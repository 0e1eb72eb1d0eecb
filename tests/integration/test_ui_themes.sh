#!/usr/bin/env bash
# Themes in a real terminal: kdeck --demo in tmux with each shipped theme,
# checked on the colours `capture-pane -e` reports; :theme switching live;
# a theme with a mistake (file:line:col shown, default colours, kdeck
# runs); an 8-colour terminal (nearest ANSI colours only); NO_COLOR (no
# colour at all); a C locale (not one UTF-8 byte on screen, ASCII
# sparklines and boxes).
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require tmux

export XDG_CONFIG_HOME=$KD_TMP/xdg KDECK_DATA_DIR=$top_srcdir
mkdir -p "$XDG_CONFIG_HOME/kdeck/themes"
utf8=''
locale -a 2> /dev/null | grep -qix 'c.utf-\?8' && utf8=C.UTF-8

# start NAME ENV... : kdeck --demo in session NAME with the environment given
start() {
    local name=$1
    shift
    kd_tmux_start "$name" 100 30 env "$@" "$KDECK" --demo -i 1
}
screen() { kd_tmux_capture "$1"; }
escaped() { kd__tmux capture-pane -e -p -t "$1"; }
wait_for() { # NAME REGEX...
    local s=$1 re
    shift
    for re in "$@"; do
        kd_tmux_wait_for "$s" "$re" 30 || kd_fail "$s: never on screen: /$re/"
    done
}
# The colour parameters of every SGR sequence on the screen, one a line:
# 30-38 and 90-97 foreground, 40-48 and 100-107 background.  39 and 49
# (back to the terminal's default) are not colours.
colours() {
    escaped "$1" | grep -o $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
        grep -Ex '3[0-8]|4[0-8]|9[0-7]|10[0-7]' || true
}
has() { # NAME TEXT... : the escaped screen holds each TEXT
    local s=$1 t e
    shift
    e=$(escaped "$s")
    for t in "$@"; do
        grep -qF -- "$t" <<< "$e" || {
            printf '%s\n' "$e" | cat -v | sed 's/^/| /' >&2
            kd_fail "$s: no $(printf '%s' "$t" | cat -v) on screen"
        }
    done
}
hasnt() {
    local s=$1 t e
    shift
    e=$(escaped "$s")
    for t in "$@"; do
        ! grep -qF -- "$t" <<< "$e" || kd_fail "$s: $(printf '%s' "$t" | cat -v) on screen"
    done
}
quit() {
    kd_tmux_keys "$1" q
    kd_tmux_wait_exit "$1" 15 || kd_fail "$1: kdeck did not quit"
    [ "$(kd_tmux_exit_status "$1")" = 0 ] || kd_fail "$1: exit $(kd_tmux_exit_status "$1")"
}
E=$'\e'

# ---- every shipped theme shows its own colours --------------------------
# theme, then what its colours become on a 256-colour terminal (tmux
# reports colours 0-7 as 3N/4N, 8-15 as 9N/10N, the others as 38;5;N)
checks=(
    "default|$E[42m|$E[46m|$E[36m"
    "dark|38;5;75m|48;5;234m|48;5;24m|38;5;252m"
    "light|48;5;255m|38;5;24m|48;5;153m"
    "solarized-dark|38;5;32m|48;5;235m|38;5;230m"
    "high-contrast|$E[97m|$E[103m|$E[107m"
)
for c in "${checks[@]}"; do
    IFS='|' read -r -a want <<< "$c"
    th=${want[0]}
    s=th-$th
    kd_tmux_start "$s" 100 30 env ${utf8:+LC_ALL=$utf8} "$KDECK" --demo -i 1 --theme "$th"
    wait_for "$s" '^kdeck .*connected' 'HOST:PORT' 'q Quit'
    has "$s" "${want[@]:1}"
    # the default's green table header is the default's alone
    [ "$th" = default ] || hasnt "$s" "$E[42m"
    [ -n "$(colours "$s")" ] || kd_fail "$s: no colour on screen"
    quit "$s"
done

s=th-mono
kd_tmux_start "$s" 100 30 env "$KDECK" --demo -i 1 --theme mono
wait_for "$s" '^kdeck .*connected' 'HOST:PORT' 'q Quit'
[ -z "$(colours "$s")" ] || kd_fail "mono: colours on screen: $(colours "$s" | sort -u | tr '\n' ' ')"
has "$s" "$E[7m"        # the selection and the hints in reverse
quit "$s"

# ---- :theme switches live; a name that is not a theme changes nothing ------
s=th-live
start "$s" ${utf8:+LC_ALL=$utf8}
wait_for "$s" '^kdeck .*connected' 'HOST:PORT'
has "$s" "$E[42m"
kd_tmux_keys "$s" : 'theme da' Tab
wait_for "$s" '^:theme dark '
kd_tmux_keys "$s" Enter
wait_for "$s" 'theme dark$|theme dark '
has "$s" '48;5;234m' '38;5;75m'
hasnt "$s" "$E[42m"
kd_tmux_keys "$s" : 'theme' Enter
wait_for "$s" 'themes: .*dark\* .*high-contrast .*light .*mono .*solarized-dark'
kd_tmux_keys "$s" : 'theme nope' Enter
wait_for "$s" '^theme dark stays: nope: no such theme'
has "$s" '48;5;234m'
kd_tmux_keys "$s" : 'theme high-contrast' Enter
wait_for "$s" 'theme high-contrast'
has "$s" "$E[103m"
hasnt "$s" '48;5;234m'
quit "$s"

# ---- a theme with a mistake: where, and kdeck runs on the default -----------
cat > "$XDG_CONFIG_HOME/kdeck/themes/broken.theme" << 'EOF'
# a user's theme
title    = bright-magenta bold
selected = black on cyna
EOF
s=th-broken
kd_tmux_start "$s" 120 30 env ${utf8:+LC_ALL=$utf8} "$KDECK" --demo -i 1 --theme broken
wait_for "$s" 'kdeck/themes/broken\.theme:3:21: expected a colour after .on., not .cyna.'
wait_for "$s" '^kdeck .*connected' 'HOST:PORT'
kd_wait_until 15 test "$(screen "$s" | grep -Ec ' 127\.0\.0\.1:[0-9]+ ')" -ge 3 ||
    kd_fail "broken theme: the brokers are not shown: $(screen "$s")"
has "$s" "$E[42m" "$E[46m"
hasnt "$s" "$E[95m"     # not half of the broken theme either
# the user's theme is a :theme candidate; loading it again says why not
kd_tmux_keys "$s" : 'theme br' Tab
wait_for "$s" '^:theme broken '
kd_tmux_keys "$s" Enter
wait_for "$s" '^theme default stays: .*broken\.theme:3:21: '
quit "$s"

# ---- 8 colours: the nearest ANSI colours, nothing else -----------------------
if infocmp screen > /dev/null 2>&1; then
    s=th-8
    kd_tmux_start "$s" 100 30 env TERM=screen ${utf8:+LC_ALL=$utf8} "$KDECK" --demo -i 1 \
        --theme dark
    wait_for "$s" '^kdeck .*connected' 'HOST:PORT' 'q Quit'
    c=$(colours "$s" | sort -u)
    [ -n "$c" ] || kd_fail "8 colours: no colour on screen"
    bad=$(grep -Ev '^(3[0-7]|4[0-7])$' <<< "$c" || true)
    [ -z "$bad" ] || kd_fail "8 colours: colours past the first 8: $(tr '\n' ' ' <<< "$bad")"
    # dark's #005f87 selection is nearest to cyan, its #5fafff title to cyan too
    has "$s" "$E[46m"
    quit "$s"
fi

# ---- NO_COLOR: the monochrome look, whatever the theme ------------------------
s=th-nocolor
kd_tmux_start "$s" 100 30 env NO_COLOR=1 ${utf8:+LC_ALL=$utf8} "$KDECK" --demo -i 1 --theme dark
wait_for "$s" '^kdeck .*connected' 'HOST:PORT' 'q Quit'
[ -z "$(colours "$s")" ] ||
    kd_fail "NO_COLOR: colours on screen: $(colours "$s" | sort -u | tr '\n' ' ')"
has "$s" "$E[7m"
kd_tmux_keys "$s" : 'theme light' Enter
wait_for "$s" 'colours are off'
[ -z "$(colours "$s")" ] || kd_fail "NO_COLOR: :theme brought colours"
quit "$s"

# ---- LC_ALL=C: ASCII only ------------------------------------------------------
non_ascii() { LC_ALL=C grep -c $'[\x80-\xff]' || true; }
s=th-ascii
kd_tmux_start "$s" 100 30 env LC_ALL=C LANG=C "$KDECK" --demo -i 1
wait_for "$s" '^kdeck .*connected' 'HOST:PORT' 'q Quit'
# the msgs/s sparkline needs two polls, then it is drawn in ASCII
wait_for "$s" 'msg(s)?/s [0-9.k]+ +[_.,=+*#-]{2,}'
wait_for "$s" 'ID(\^|v) '
kd_tmux_keys "$s" : Tab
# the completions box in + - |
wait_for "$s" '^.\+-+\+' '^.\| brokers +\|'
n=$(escaped "$s" | non_ascii)
[ "$n" = 0 ] || kd_fail "LC_ALL=C: $n lines with non-ASCII bytes: $(escaped "$s" | LC_ALL=C grep $'[\x80-\xff]' | cat -v)"
kd_tmux_keys "$s" Escape 2
wait_for "$s" 'NAME(\^|v) +PARTS'
n=$(escaped "$s" | non_ascii)
[ "$n" = 0 ] || kd_fail "LC_ALL=C, topics: $n lines with non-ASCII bytes"
quit "$s"

# and in UTF-8 the same screens use box drawing and block sparklines
if [ -n "$utf8" ]; then
    s=th-utf8
    kd_tmux_start "$s" 100 30 env LC_ALL="$utf8" "$KDECK" --demo -i 1
    wait_for "$s" '^kdeck .*connected' 'q Quit'
    wait_for "$s" 'msg(s)?/s [0-9.k]+ +[▁▂▃▄▅▆▇█]{2,}'
    kd_tmux_keys "$s" : Tab
    wait_for "$s" '^.┌─+┐' '^.│ brokers +│'
    kd_tmux_keys "$s" Escape
    quit "$s"
fi
echo "themes ok"
