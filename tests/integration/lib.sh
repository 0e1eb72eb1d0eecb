# lib.sh: helpers for kdeck's integration tests, which run against a real
# Kafka cluster (tests/cluster/kafka-cluster.sh) and drive the UI in tmux.
# Source it from a test script:  . "$top_srcdir/tests/integration/lib.sh"
#
# Automake runs the tests with KDECK (the built binary), top_srcdir and
# top_builddir set.
#   KDECK_TEST_CLUSTER      DIR of a running cluster shared by a suite run;
#                           unset: each test starts (and stops) its own
#   KDECK_SKIP_INTEGRATION  1: every integration test exits 77 (SKIP)
#   KDECK_KEEP_CLUSTER      1: keep a test's own cluster DIR after it ends
#   KAFKA_VERSION, KDECK_NODES, KDECK_BROKER_PROPS: see kafka-cluster.sh
#
# The helpers exit the test on misuse; kd_wait_until, kd_tmux_wait_for and
# kd_tmux_wait_exit return 1 on timeout so the caller can say what it was
# waiting for:
#   kd_wait_until 20 some_check || kd_fail "some_check never held"
# Sourcing sets no shell options (a test picks its own `set -u` or `set -e`),
# creates KD_TMP, a private directory removed when the test exits, and takes
# the EXIT trap: use kd_on_exit CMD instead of `trap ... EXIT`.

KD_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KD_CLUSTER_SH=${KD_CLUSTER_SH:-$KD_LIBDIR/../cluster/kafka-cluster.sh}
KD_TMUX_SOCKET=kdeck-test-$$
KD_POLL=${KD_POLL:-0.5}

BOOTSTRAP=''
CLUSTER_DIR=''
kd__own_cluster=0
kd__tmux_used=0
kd__tmux_socket_path=''
KD_TMP=$(mktemp -d -t kdeck-test.XXXXXX) || {
    echo "FAIL: mktemp failed" >&2
    exit 99
}
kd__tmp=$KD_TMP
kd__touched_nodes=''
kd__exit_hooks=()

kd_log() {
    echo "# [${SECONDS}s] $*" >&2
}

kd_fail() {
    echo "FAIL: $*" >&2
    exit 1
}

kd_skip() {
    echo "SKIP: $*" >&2
    exit 77
}

# Skip (exit 77) unless every command named is installed.
kd_require() {
    local c
    for c in "$@"; do
        command -v "$c" > /dev/null 2>&1 || kd_skip "$c is not installed"
    done
}

# Run CMD when the test ends, however it ends (before the cluster stops).
kd_on_exit() {
    kd__exit_hooks+=("$*")
}

# Poll until "$@" succeeds; 1 after TIMEOUT_S seconds.  Its output is dropped.
kd_wait_until() {
    local timeout=$1 deadline
    shift
    deadline=$((SECONDS + timeout))
    while :; do
        "$@" > /dev/null 2>&1 && return 0
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "kd_wait_until: not true after ${timeout}s: $*" >&2
            return 1
        fi
        sleep "$KD_POLL"
    done
}

# A topic (or group) name nobody else uses, even on a shared cluster.
kd_unique() {
    local base=${1:-t}
    base=$(printf '%s' "$base" | tr -c 'A-Za-z0-9._-' '_')
    echo "kd-$base-$(date +%s)-$$-$RANDOM"
}

# Exit 77 when integration tests are switched off or cannot run here.
kd_skip_if_no_cluster() {
    [ "${KDECK_SKIP_INTEGRATION:-0}" = 1 ] && kd_skip "KDECK_SKIP_INTEGRATION=1"
    [ -n "${KDECK_TEST_CLUSTER:-}" ] && return 0
    command -v java > /dev/null 2>&1 || kd_skip "java is not installed (needed to run Kafka)"
    local cache=${KDECK_CACHE:-$HOME/.cache/kdeck}
    if [ ! -f "$cache/kafka/${KAFKA_VERSION:-3.9.1}/.complete" ]; then
        command -v mvn > /dev/null 2>&1 ||
            kd_skip "Kafka ${KAFKA_VERSION:-3.9.1} jars not cached and mvn is not installed"
    fi
    return 0
}

# Provide a cluster: the shared one in KDECK_TEST_CLUSTER, or a fresh one in
# a temporary DIR that is stopped when the test exits (a watchdog also stops
# it should the test die by SIGKILL).  Sets BOOTSTRAP and CLUSTER_DIR.
kd_cluster_up() {
    [ -n "$BOOTSTRAP" ] && return 0
    kd_skip_if_no_cluster
    if [ -n "${KDECK_TEST_CLUSTER:-}" ]; then
        CLUSTER_DIR=$KDECK_TEST_CLUSTER
        BOOTSTRAP=$("$KD_CLUSTER_SH" bootstrap "$CLUSTER_DIR") ||
            kd_fail "KDECK_TEST_CLUSTER=$CLUSTER_DIR holds no cluster"
    else
        CLUSTER_DIR=$(mktemp -d -t kdeck-cluster.XXXXXX)
        kd__own_cluster=1
        kd_log "starting a Kafka ${KAFKA_VERSION:-3.9.1} cluster in $CLUSTER_DIR"
        BOOTSTRAP=$(KDECK_CLUSTER_OWNER=$$ "$KD_CLUSTER_SH" start "$CLUSTER_DIR" | tail -n 1) ||
            kd_fail "cannot start a Kafka cluster"
    fi
    [ -n "$BOOTSTRAP" ] || kd_fail "cluster in $CLUSTER_DIR gave no bootstrap"
    export BOOTSTRAP CLUSTER_DIR
}

# A 127.0.0.1 port nothing uses right now (below the ephemeral range, so no
# outgoing connection takes it next), for tests of an unreachable cluster.
kd_free_port() {
    local lo=32768 hi used p i
    read -r lo hi < /proc/sys/net/ipv4/ip_local_port_range 2> /dev/null || true
    [ "$lo" -gt 21000 ] || lo=21000
    used=$(awk 'FNR > 1 { n = split($2, a, ":"); print a[n] }' \
        /proc/net/tcp /proc/net/tcp6 2> /dev/null)
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % (lo - 20000)))
        grep -qx "$(printf '%04X' "$p")" <<< "$used" && continue
        echo "$p"
        return 0
    done
    kd_fail "kd_free_port: no free port found"
}

kd__need_cluster() {
    [ -n "$CLUSTER_DIR" ] || kd_fail "call kd_cluster_up first"
}

# Run Kafka's Java tool CLASS with the cluster's classpath.
kd_tool() {
    kd__need_cluster
    "$KD_CLUSTER_SH" tool "$CLUSTER_DIR" "$@"
}

kd_topic_create() { # NAME PARTITIONS RF
    kd__need_cluster
    [ $# -eq 3 ] || kd_fail "usage: kd_topic_create NAME PARTITIONS RF"
    "$KD_CLUSTER_SH" topic-create "$CLUSTER_DIR" "$@"
}

# "partition leader replicas isr" lines from Kafka's TopicCommand.
kd_describe_topic() { # NAME
    kd__need_cluster
    "$KD_CLUSTER_SH" describe-topic "$CLUSTER_DIR" "$1"
}

# Id of the active KRaft controller, from Kafka's MetadataQuorumCommand.
kd_controller() {
    kd__need_cluster
    "$KD_CLUSTER_SH" controller "$CLUSTER_DIR"
}

# kd_node ID stop|kill|pause|resume|start.  On a shared cluster the nodes a
# test disturbed are resumed and restarted when it exits.
kd_node() {
    kd__need_cluster
    [ $# -eq 2 ] || kd_fail "usage: kd_node ID[,ID...] stop|kill|pause|resume|start"
    local id
    for id in ${1//,/ }; do
        case " $kd__touched_nodes " in
            *" $id "*) ;;
            *) kd__touched_nodes+=" $id" ;;
        esac
    done
    "$KD_CLUSTER_SH" node "$CLUSTER_DIR" "$1" "$2"
}

# Sum of the end offsets (high watermarks) of TOPIC, or of one partition,
# read with Kafka's GetOffsetShell.
kd_end_offset() { # TOPIC [PARTITION]
    kd__need_cluster
    local topic=$1 part=${2:-} out
    out=$(kd_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" \
        --topic "$topic" ${part:+--partitions "$part"} --time -1) ||
        kd_fail "GetOffsetShell failed for $topic"
    awk -F: -v t="$topic" '$1 == t { n += $3; seen = 1 } END { if (!seen) exit 1; print n + 0 }' \
        <<< "$out" || kd_fail "no offsets for topic $topic${part:+ partition $part}"
}

# Produce exactly COUNT messages ("kd-1" .. "kd-COUNT", or KD_PRODUCE_PREFIX)
# with acks=all and idempotence, then check the end offset grew by COUNT.
kd_produce() { # TOPIC COUNT [PARTITION]
    kd__need_cluster
    local topic=$1 count=$2 part=${3:-} before after prefix=${KD_PRODUCE_PREFIX:-kd-}
    [[ $count =~ ^[0-9]+$ ]] || kd_fail "kd_produce: bad count '$count'"
    before=$(kd_end_offset "$topic" "$part") || exit 1
    if command -v kcat > /dev/null 2>&1; then
        seq -f "$prefix%.0f" 1 "$count" |
            kcat -P -q -b "$BOOTSTRAP" -t "$topic" ${part:+-p "$part"} \
                -X acks=all -X enable.idempotence=true -X message.timeout.ms=60000 ||
            kd_fail "kcat could not produce $count messages to $topic"
    else
        [ -z "$part" ] || kd_skip "kd_produce to one partition needs kcat"
        local cls=org.apache.kafka.tools.ConsoleProducer
        case $(sed -n 's/^version=//p' "$CLUSTER_DIR/cluster.env") in
            3.*) cls=kafka.tools.ConsoleProducer ;;
        esac
        seq -f "$prefix%.0f" 1 "$count" |
            kd_tool "$cls" --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
                --producer-property acks=all --producer-property enable.idempotence=true ||
            kd_fail "ConsoleProducer could not produce $count messages to $topic"
    fi
    after=$(kd_end_offset "$topic" "$part") || exit 1
    [ $((after - before)) -eq "$count" ] ||
        kd_fail "produced $count messages to $topic${part:+:$part} but its end offset moved $before -> $after"
}

# ---------------------------------------------------------------------------
# tmux, on a private server so tests never touch a user's sessions.

kd__tmux() {
    tmux -L "$KD_TMUX_SOCKET" "$@"
}

# Start CMD in a detached COLSxROWS session NAME.  One CMD word is a shell
# command line, several are run as they are (like tmux itself).  A small
# shell around CMD records its exit status for kd_tmux_exit_status (tmux's
# own #{pane_dead_status} is not reliable everywhere) and keeps the pane,
# with CMD's last screen intact, until the test ends.
kd_tmux_start() { # NAME COLS ROWS CMD...
    kd_require tmux
    [ $# -ge 4 ] || kd_fail "usage: kd_tmux_start NAME COLS ROWS CMD..."
    local name=$1 cols=$2 rows=$3 term=tmux-256color conf st
    shift 3
    [[ $name =~ ^[A-Za-z0-9_-]+$ ]] || kd_fail "kd_tmux_start: bad session name '$name'"
    infocmp "$term" > /dev/null 2>&1 || term=screen-256color
    st=$kd__tmp/tmux-$name.status
    rm -f "$st"
    conf=$kd__tmp/tmux.conf
    cat > "$conf" << EOF
set -g default-terminal "$term"
set -g remain-on-exit on
set -g status off
set -g escape-time 0
set -g history-limit 2000
EOF
    kd__tmux_used=1
    [ $# -eq 1 ] && set -- sh -c "$1"
    # the shell then idles: a dead pane would scroll its screen by a line
    set -- sh -c '"$@"; echo $? > "$0"; exec sleep 2147483647' "$st" "$@"
    # -f is read only by the server's first start; later sessions share it
    kd__tmux -f "$conf" new-session -d -s "$name" -x "$cols" -y "$rows" "$@" ||
        kd_fail "cannot start tmux session $name"
    [ -n "$kd__tmux_socket_path" ] ||
        kd__tmux_socket_path=$(kd__tmux display-message -p '#{socket_path}' 2> /dev/null) || true
}

kd_tmux_capture() { # NAME
    kd__tmux capture-pane -p -t "$1"
}

kd_tmux_keys() { # NAME KEYS...
    local name=$1
    shift
    kd__tmux send-keys -t "$name" "$@"
}

# Exit status of the command in session NAME once it ended; 1 while it runs.
kd_tmux_exit_status() { # NAME
    local st=$kd__tmp/tmux-$1.status v
    [ -s "$st" ] || return 1
    read -r v < "$st" || return 1
    echo "$v"
}

# Wait until the command in session NAME has exited (its status is then
# kd_tmux_exit_status NAME); on timeout print the screen and return 1.
# Wait until the screen of NAME matches every REGEX, TIMEOUT_S each; fail
# the test naming the first that never showed.
kd_screen_expect() { # NAME TIMEOUT_S REGEX...
    local name=$1 timeout=$2 re
    shift 2
    for re in "$@"; do
        kd_tmux_wait_for "$name" "$re" "$timeout" || kd_fail "never on screen: /$re/"
    done
}

# Once the screen of NAME settled, fail the test if it matches any REGEX.
kd_screen_refute() { # NAME REGEX...
    local name=$1 re s
    shift
    sleep 0.5
    s=$(kd_tmux_capture "$name")
    for re in "$@"; do
        if grep -Eq -- "$re" <<< "$s"; then
            printf '%s\n' "$s" | sed 's/^/| /' >&2
            kd_fail "should not be on screen: /$re/"
        fi
    done
}

kd_tmux_wait_exit() { # NAME TIMEOUT
    local deadline=$((SECONDS + ${2:-10}))
    until kd_tmux_exit_status "$1" > /dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "kd_tmux_wait_exit: $1 still running after ${2:-10}s; screen:" >&2
            kd_tmux_capture "$1" 2> /dev/null | sed 's/^/| /' >&2
            return 1
        fi
        sleep 0.2
    done
}

# Wait until the screen of NAME matches REGEX (grep -E); on timeout print
# the screen to stderr and return 1.
kd_tmux_wait_for() { # NAME REGEX TIMEOUT
    local name=$1 re=$2 deadline=$((SECONDS + ${3:-10})) screen
    while :; do
        screen=$(kd_tmux_capture "$name" 2> /dev/null) || screen=''
        grep -Eq -- "$re" <<< "$screen" && return 0
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "kd_tmux_wait_for: /$re/ not on screen of $name after ${3:-10}s; screen:" >&2
            printf '%s\n' "$screen" | sed 's/^/| /' >&2
            return 1
        fi
        sleep 0.2
    done
}

# ---------------------------------------------------------------------------
# Teardown

kd__teardown() {
    local rc=$? h id st
    set +e
    trap - EXIT INT TERM
    for h in "${kd__exit_hooks[@]+"${kd__exit_hooks[@]}"}"; do
        eval "$h"
    done
    if [ "$kd__tmux_used" = 1 ]; then
        kd__tmux kill-server > /dev/null 2>&1
        # tmux may leave its socket behind
        [ -n "$kd__tmux_socket_path" ] && rm -f "$kd__tmux_socket_path"
    fi
    rm -rf "$KD_TMP"
    if [ "$kd__own_cluster" = 1 ] && [ -n "$CLUSTER_DIR" ]; then
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
            for id in "$CLUSTER_DIR"/node-*; do
                [ -f "$id/log" ] || continue
                echo "---- last lines of ${id##*/} log ----" >&2
                tail -n 25 "$id/log" >&2
            done
        fi
        KDECK_STOP_TIMEOUT=${KDECK_TEARDOWN_TIMEOUT:-10} \
            "$KD_CLUSTER_SH" stop "$CLUSTER_DIR" > /dev/null
        if [ "${KDECK_KEEP_CLUSTER:-0}" = 1 ]; then
            echo "# cluster state kept in $CLUSTER_DIR" >&2
        else
            rm -rf "$CLUSTER_DIR"
        fi
    elif [ -n "$kd__touched_nodes" ] && [ -n "$CLUSTER_DIR" ]; then
        # shared cluster: give back every node this test disturbed
        # (the stopped ones together: two of a 3-node quorum need each other)
        local down=''
        for id in $kd__touched_nodes; do
            st=$("$KD_CLUSTER_SH" status "$CLUSTER_DIR" | awk -v i="$id" '$1 == i { print $3 }')
            case $st in
                paused) "$KD_CLUSTER_SH" node "$CLUSTER_DIR" "$id" resume ;;
                down) down+=${down:+,}$id ;;
            esac
        done
        [ -n "$down" ] && "$KD_CLUSTER_SH" node "$CLUSTER_DIR" "$down" start
    fi
    exit "$rc"
}

trap kd__teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
