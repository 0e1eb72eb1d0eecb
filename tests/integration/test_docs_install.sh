#!/usr/bin/env bash
# The documentation and the installation: kdeck(1) renders without a
# warning and documents every option of --help; `make install DESTDIR=`
# puts the binary, the man page, the six themes and the bash completion in
# place (and `make uninstall` takes them away); the installed completion
# completes options, themes and the config file's contexts.
set -u
. "$top_srcdir/tests/integration/lib.sh"

kd_require man make

man_page=$top_srcdir/doc/kdeck.1
out=$(MANWIDTH=80 man --warnings -l "$man_page" 2> "$KD_TMP/warn") ||
    kd_fail "man -l doc/kdeck.1 failed: $(cat "$KD_TMP/warn")"
[ ! -s "$KD_TMP/warn" ] || kd_fail "man warns about doc/kdeck.1: $(cat "$KD_TMP/warn")"
# man may hyphenate or use Unicode hyphens: compare in ASCII, unbroken
plain=$(printf '%s\n' "$out" | sed 's/‐/-/g' | tr -s ' ')
for want in 'kdeck - a terminal dashboard' SYNOPSIS OPTIONS KEYS COMMANDS FILES \
    ENVIRONMENT 'EXIT STATUS' ':ctx NAME' ':theme NAME' 'NO_COLOR' 'kdeck/config' \
    'solarized-dark' '${env:NAME}'; do
    grep -qF -- "$want" <<< "$plain" || kd_fail "kdeck(1) lacks '$want'"
done
for opt in $("$KDECK" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    grep -qF -- "$opt" <<< "$plain" || kd_fail "kdeck(1) does not document $opt"
done

# ---- make install / uninstall ------------------------------------------------
# a make of our own, not the one running the tests
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
dest=$KD_TMP/dest
make -C "$top_builddir" install DESTDIR="$dest" > "$KD_TMP/install.log" 2>&1 ||
    kd_fail "make install failed: $(tail -20 "$KD_TMP/install.log")"
bin=$(find "$dest" -path '*/bin/kdeck' -type f)
[ -n "$bin" ] && [ -x "$bin" ] || kd_fail "no bin/kdeck installed: $(find "$dest" -type f)"
"$bin" --version | grep -Eq '^kdeck [0-9]' || kd_fail "the installed kdeck does not run"
inst_man=$(find "$dest" -path '*/share/man/man1/kdeck.1' -type f)
[ -n "$inst_man" ] || kd_fail "no man1/kdeck.1 installed"
MANWIDTH=80 man -l "$inst_man" 2> /dev/null | grep -q 'kdeck - a terminal dashboard' ||
    kd_fail "the installed man page does not render"
themes=$(find "$dest" -path '*/share/kdeck/themes/*.theme' -type f -printf '%f\n' | sort | tr '\n' ' ')
[ "$themes" = "dark.theme default.theme high-contrast.theme light.theme mono.theme solarized-dark.theme " ] ||
    kd_fail "installed themes: '$themes'"
themedir=$(dirname "$(find "$dest" -path '*/share/kdeck/themes/dark.theme')")
cmp -s "$themedir/dark.theme" "$top_srcdir/themes/dark.theme" || kd_fail "dark.theme differs"
comp=$(find "$dest" -path '*/share/bash-completion/completions/kdeck' -type f)
[ -n "$comp" ] || kd_fail "no bash completion installed"

# ---- the installed completion -----------------------------------------------
mkdir -p "$KD_TMP/xdg/kdeck/themes"
printf '[context alpha]\nbootstrap = a:1\n[ context beta ]\nbootstrap = b:1\n' \
    > "$KD_TMP/xdg/kdeck/config"
: > "$KD_TMP/xdg/kdeck/themes/mine.theme"
complete_words() { # WORD... : what completing the last word offers
    XDG_CONFIG_HOME=$KD_TMP/xdg KDECK_DATA_DIR=$(dirname "$themedir") bash -c '
        . "$0"
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _kdeck
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' "$comp" "$@"
}
got=$(complete_words kdeck --con)
[ "$got" = "--config --context " ] || kd_fail "completing --con: '$got'"
got=$(complete_words kdeck --context '')
[ "$got" = "alpha beta " ] || kd_fail "completing contexts: '$got'"
got=$(complete_words kdeck --theme '')
for t in default dark light solarized-dark high-contrast mono mine; do
    grep -qw -- "$t" <<< "$got" || kd_fail "completing themes lacks $t: '$got'"
done
got=$(complete_words kdeck --theme so)
[ "$got" = "solarized-dark " ] || kd_fail "completing --theme so: '$got'"
got=$(complete_words kdeck tail -)
grep -qw -- -t <<< "$got" || kd_fail "completing kdeck tail options: '$got'"

make -C "$top_builddir" uninstall DESTDIR="$dest" > "$KD_TMP/uninstall.log" 2>&1 ||
    kd_fail "make uninstall failed: $(tail -20 "$KD_TMP/uninstall.log")"
left=$(find "$dest" -type f)
[ -z "$left" ] || kd_fail "make uninstall left: $left"
echo "docs and install ok"
