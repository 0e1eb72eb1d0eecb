#!/usr/bin/env bash
# kafka-cluster.sh: run a real Apache Kafka cluster (KRaft, every node both
# broker and controller) from the jars kafka-fetch.sh caches, for kdeck's
# integration tests.  Nothing is simulated: each node is a kafka.Kafka JVM,
# and the Java admin tools shipped with Kafka serve as the tests' oracle.
#
#   kafka-cluster.sh start DIR             start KDECK_NODES nodes, print bootstrap
#   kafka-cluster.sh stop DIR              stop every node (TERM, then KILL)
#   kafka-cluster.sh node DIR ID ACTION    ACTION: stop kill pause resume start;
#                                          ID may be a list (2,3): started together
#   kafka-cluster.sh bootstrap DIR         print host:port,...
#   kafka-cluster.sh security DIR          print the path of DIR/security.env
#   kafka-cluster.sh controller DIR        print the active controller's id
#   kafka-cluster.sh status DIR            print "id pid state port" per node
#   kafka-cluster.sh tool DIR CLASS ARGS.. run a Kafka Java tool class
#   kafka-cluster.sh topic-create DIR NAME PARTITIONS RF
#   kafka-cluster.sh describe-topic DIR NAME   "partition leader replicas isr"
#   kafka-cluster.sh with DIR CMD ARGS...  start, run CMD with
#                                          KDECK_TEST_CLUSTER=DIR, stop
#
# Environment:
#   KAFKA_VERSION        Kafka release (default 3.9.1; 3.9.1 and 4.1.1 tested)
#   KDECK_CACHE          jar cache root (default ~/.cache/kdeck)
#   KDECK_NODES          number of nodes for start (default 3)
#   KDECK_BROKER_PROPS   extra key=value lines appended to every node's config
#   KDECK_KAFKA_HEAP     broker JVM heap options (default -Xms64m -Xmx384m)
#   KDECK_JVM_OPTS       extra JVM options for brokers and tools
#   KDECK_START_TIMEOUT  seconds to wait for a start (default 150)
#   KDECK_STOP_TIMEOUT   seconds between SIGTERM and SIGKILL (default 20)
#   KDECK_TOOL_RETRY     seconds controller/describe-topic retry (default 20)
#   KDECK_CLUSTER_OWNER  a pid: stop the cluster by itself once that pid is gone
#
# Besides PLAINTEXT (the bootstrap printed by start), every node has three
# secured listeners on 127.0.0.1: SASL_SSL (SCRAM-SHA-512, SCRAM-SHA-256 and
# unsecured-JWT OAUTHBEARER; sessions of 15 s, so clients must
# re-authenticate, KIP-368), SSL with required client certificates (mTLS),
# and SASL_PLAINTEXT (PLAIN, OAUTHBEARER).  Their bootstraps, the throwaway
# CA and certificates (kafka-tls.sh) and the users' passwords are in
# DIR/security.env; the SCRAM users are created when the storage is formatted.
#
# All state lives under DIR: cluster.env, bootstrap, security.env, tls/, node-ID/{server.properties,
# log, pid, data/}.  Progress goes to stderr; stdout carries only results.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=kafka-cluster

die() {
    echo "$prog: $*" >&2
    exit 1
}

note() {
    echo "$prog: $*" >&2
}

usage() {
    sed -n '7,18p' "${BASH_SOURCE[0]}" | sed 's/^#   //' >&2
    exit 2
}

# ---------------------------------------------------------------------------
# Cluster state on disk

# Resolve DIR to an absolute path; the path becomes part of each JVM's
# command line and identifies the node's process.
abs_dir() {
    [ -d "$1" ] || die "no such directory: $1"
    (cd "$1" && pwd -P)
}

# Read DIR/cluster.env written by start: ver, libs, nodes, cluster_id.
load_cluster() {
    dir=$(abs_dir "$1")
    [ -f "$dir/cluster.env" ] || die "$dir holds no cluster (no cluster.env)"
    local k v
    ver='' libs='' nodes='' cluster_id=''
    while IFS='=' read -r k v; do
        case $k in
            version) ver=$v ;;
            libs) libs=$v ;;
            nodes) nodes=$v ;;
            cluster_id) cluster_id=$v ;;
        esac
    done < "$dir/cluster.env"
    [ -n "$ver" ] && [ -n "$libs" ] && [[ $nodes =~ ^[0-9]+$ ]] ||
        die "$dir/cluster.env is incomplete"
    [ -d "$libs" ] || die "Kafka jars missing: $libs (run kafka-fetch.sh)"
}

check_id() {
    [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$nodes" ] ||
        die "bad node id '$1' (this cluster has nodes 1..$nodes)"
}

node_port() {
    sed -n 's/^listeners=PLAINTEXT:\/\/127\.0\.0\.1:\([0-9]*\),.*/\1/p' \
        "$dir/node-$1/server.properties"
}

# ---------------------------------------------------------------------------
# Processes.  A node's JVM carries -Dkdeck.node=DIR/node-ID on its command
# line; a pid counts as the node only while that marker matches, so a stale
# pid file (or a recycled pid) never makes us signal a stranger.

is_node_proc() {
    local cmd
    cmd=$(tr '\0' '\n' 2>/dev/null < "/proc/$1/cmdline") || return 1
    grep -qFx -- "-Dkdeck.node=$2" <<< "$cmd"
}

# Print the pid of node $1's JVM if it is alive.
node_pid() {
    local f=$dir/node-$1/pid pid
    [ -r "$f" ] || return 1
    read -r pid < "$f" || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    is_node_proc "$pid" "$dir/node-$1" || return 1
    echo "$pid"
}

# Process state letter from /proc (R, S, T for stopped, Z...).
proc_state() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    echo "${stat%% *}"
}

node_paused() {
    local pid
    pid=$(node_pid "$1") || return 1
    [ "$(proc_state "$pid")" = T ]
}

# Wait until pid $1 (node $2) is gone, up to $3 seconds.
wait_gone() {
    local pid=$1 id=$2 i
    for ((i = 0; i < $3 * 10; i++)); do
        is_node_proc "$pid" "$dir/node-$id" || return 0
        sleep 0.1
    done
    return 1
}

# Bootstrap list of the nodes that can answer right now (alive, not
# paused), so our own admin tools never wait on a frozen broker.
live_bootstrap() {
    local id out=''
    for ((id = 1; id <= nodes; id++)); do
        node_pid "$id" > /dev/null || continue
        node_paused "$id" && continue
        out+=${out:+,}127.0.0.1:$(node_port "$id")
    done
    [ -n "$out" ] || die "no node of $dir is running"
    echo "$out"
}

# ---------------------------------------------------------------------------
# JVMs

jvm_common() {
    # C1 only, serial GC and no perf data: a JVM that starts fast and stays
    # small on a two-core machine shared with the build.
    echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto" \
        "-Djava.awt.headless=true ${KDECK_JVM_OPTS:-}"
}

# Both logging back ends are configured; each reads its own property, so the
# same command line works for reload4j (Kafka 3.x) and log4j2 (Kafka 4.x).
log_opts() {
    echo "-Dlog4j.configuration=file:$1/log4j.properties" \
        "-Dlog4j2.configurationFile=$1/log4j2.properties"
}

# Run a Kafka Java tool in the foreground; its logging goes to stderr at WARN.
run_tool() {
    local cls=$1
    shift
    # shellcheck disable=SC2046
    java -Xmx256m $(jvm_common) $(log_opts "$dir/tools") \
        -cp "$libs/*" "$cls" "$@"
}

write_log_configs() { # DESTDIR LEVEL TARGET(System.out|System.err)
    local d=$1 level=$2 target=$3
    mkdir -p "$d"
    cat > "$d/log4j.properties" << EOF
log4j.rootLogger=$level, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.Target=$target
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
EOF
    local t=SYSTEM_OUT
    [ "$target" = System.err ] && t=SYSTEM_ERR
    cat > "$d/log4j2.properties" << EOF
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.target = $t
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $level
rootLogger.appenderRef.out.ref = OUT
logger.req.name = kafka.request.logger
logger.req.level = WARN
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
logger.appinfo.name = org.apache.kafka.common.utils.AppInfoParser
logger.appinfo.level = WARN
EOF
}

# Start node $1's JVM in the background, appending to its log.  Descriptors
# above 2 are closed so the JVM never holds a caller's pipe open (a
# $(kafka-cluster.sh start) would otherwise hang until the cluster stops).
launch_node() {
    local id=$1 nd=$dir/node-$1 pid setsid=''
    command -v setsid > /dev/null 2>&1 && setsid=setsid
    : >> "$nd/log"
    echo "==== kafka-cluster: starting node $id at $(date '+%F %T')" >> "$nd/log"
    (
        cd "$nd"
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] 2> /dev/null && eval "exec $fd>&-"
        done
        # its own session: no signal meant for the caller's process group
        # (Ctrl-C, or the SIGHUP an orphaned group with a paused member
        # gets) reaches the node; only this script and the watchdog stop it
        # shellcheck disable=SC2046,SC2086
        exec $setsid java ${KDECK_KAFKA_HEAP:--Xms64m -Xmx384m} $(jvm_common) \
            -XX:+ExitOnOutOfMemoryError $(log_opts "$nd") \
            "-Dkdeck.node=$nd" -cp "$libs/*" kafka.Kafka "$nd/server.properties"
    ) < /dev/null >> "$nd/log" 2>&1 &
    pid=$!
    echo "$pid" > "$nd/pid"
    # until the subshell has exec'd java the marker is not on its command
    # line yet; wait for it so callers may take a missing node for dead
    local i p
    for ((i = 0; i < 100; i++)); do
        is_node_proc "$pid" "$nd" && return 0
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.05
    done
    # setsid forks when it starts as a group leader: then find the JVM by
    # its marker and record its pid instead
    for p in $(pgrep -f -- "-Dkdeck.node=" 2> /dev/null || true); do
        if is_node_proc "$p" "$nd"; then
            echo "$p" > "$nd/pid"
            return 0
        fi
    done
}

# Byte size of node $1's log, so a restart looks only at what it appends.
log_size() {
    stat -c %s "$dir/node-$1/log" 2> /dev/null || echo 0
}

log_since() { # ID OFFSET
    tail -c +"$(($2 + 1))" "$dir/node-$1/log" 2> /dev/null
}

show_log_tail() {
    local id=$1
    echo "---- last lines of $dir/node-$id/log ----" >&2
    tail -n "${2:-40}" "$dir/node-$id/log" >&2 2> /dev/null || true
    echo "----" >&2
}

# ---------------------------------------------------------------------------
# Ports.  Candidates come from below the kernel's ephemeral range (so outgoing
# connections never take them), are skipped if any socket uses them, and are
# reserved for two minutes in a shared file under a lock, so concurrent
# starts never pick the same port before the JVMs have bound it.

used_ports() {
    local f line hex
    for f in /proc/net/tcp /proc/net/tcp6; do
        [ -r "$f" ] || continue
        while read -r _ line _; do
            hex=${line##*:}
            [[ $hex =~ ^[0-9A-Fa-f]{4}$ ]] && echo $((16#$hex))
        done < "$f"
    done
    if [ -f "$resv" ]; then
        local now p t
        now=$(date +%s)
        while read -r p t; do
            [ -n "$t" ] && [ $((now - t)) -lt 120 ] && echo "$p"
        done < "$resv"
    fi
}

# Print $1 free ports, one a line.
pick_ports() {
    local want=$1 lo hi base span lockdir
    lockdir=${TMPDIR:-/tmp}
    resv=$lockdir/kdeck-kafka-ports.reserved
    read -r lo hi < /proc/sys/net/ipv4/ip_local_port_range 2> /dev/null || { lo=32768 hi=60999; }
    if [ "$lo" -gt 22000 ]; then
        base=20000 span=$((lo - 20000))
    elif [ "$hi" -lt 63000 ]; then
        base=$((hi + 1)) span=$((65535 - hi))
    else
        base=20000 span=12000
    fi
    (
        flock -w 60 9 || die "cannot lock $lockdir/kdeck-kafka-ports.lock"
        local -A used=()
        local p n=0 tries=0 now
        for p in $(used_ports); do used[$p]=1; done
        now=$(date +%s)
        while [ "$n" -lt "$want" ]; do
            tries=$((tries + 1))
            [ "$tries" -lt 10000 ] || die "no free port found"
            p=$((base + (RANDOM * 32768 + RANDOM) % span))
            [ -n "${used[$p]:-}" ] && continue
            used[$p]=1
            echo "$p"
            echo "$p $now" >> "$resv.new.$$"
            n=$((n + 1))
        done
        # keep only live reservations
        if [ -f "$resv" ]; then
            local t
            while read -r p t; do
                [ -n "$t" ] && [ $((now - t)) -lt 120 ] && echo "$p $t"
            done < "$resv" >> "$resv.new.$$"
        fi
        mv -f "$resv.new.$$" "$resv"
    ) 9> "$lockdir/kdeck-kafka-ports.lock"
}

# ---------------------------------------------------------------------------
# Configuration

letter() {
    local letters=abcdefghijklmnopqrstuvwxyz
    echo "${letters:$((($1 - 1) % 26)):1}"
}

# Write node $1's server.properties for broker port $2, controller port $3
# and secured listener ports $4 (SASL_SSL), $5 (SSL), $6 (SASL_PLAINTEXT).
# Defaults favour fast failure detection on a small machine; $voters is
# the static controller.quorum.voters list, the same for every node.
write_node_config() {
    local id=$1 bport=$2 cport=$3 sport=$4 tport=$5 pport=$6 nd=$dir/node-$1 rf=3 major=${ver%%.*}
    local jaas=org.apache.kafka.common.security
    # shellcheck disable=SC1091
    . "$dir/tls/secrets.env"
    [ "$nodes" -lt 3 ] && rf=$nodes
    mkdir -p "$nd/data"
    {
        cat << EOF
# written by kafka-cluster.sh for Kafka $ver
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport,SASL_SSL://127.0.0.1:$sport,SSL://127.0.0.1:$tport,SASL_PLAINTEXT://127.0.0.1:$pport
advertised.listeners=PLAINTEXT://127.0.0.1:$bport,SASL_SSL://127.0.0.1:$sport,SSL://127.0.0.1:$tport,SASL_PLAINTEXT://127.0.0.1:$pport
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
ssl.keystore.type=PEM
ssl.keystore.location=$broker_keystore_pem
ssl.truststore.type=PEM
ssl.truststore.location=$ca_pem
listener.name.ssl.ssl.client.auth=required
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN,OAUTHBEARER
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,OAUTHBEARER
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$jaas.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=$jaas.scram.ScramLoginModule required;
listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=$jaas.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";
listener.name.sasl_ssl.connections.max.reauth.ms=15000
listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,OAUTHBEARER
listener.name.sasl_plaintext.plain.sasl.jaas.config=$jaas.plain.PlainLoginModule required user_$plain_user="$plain_password";
listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config=$jaas.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";
broker.rack=zone-$(letter "$id")
log.dirs=$nd/data
num.partitions=1
auto.create.topics.enable=false
min.insync.replicas=1
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
controller.socket.timeout.ms=5000
replica.socket.timeout.ms=5000
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1000
replica.lag.time.max.ms=5000
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=4
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=8388608
EOF
        if [ "$major" -ge 4 ] 2> /dev/null; then
            echo "share.coordinator.state.topic.replication.factor=$rf"
            echo "share.coordinator.state.topic.min.isr=1"
        fi
        if [ -n "${KDECK_BROKER_PROPS:-}" ]; then
            echo "# KDECK_BROKER_PROPS"
            printf '%s\n' "$KDECK_BROKER_PROPS"
        fi
    } > "$nd/server.properties"
    write_log_configs "$nd" INFO System.out
}

# Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding;
# made here to spare a JVM.  Kafka's own generator also avoids a leading '-'.
new_cluster_id() {
    local id
    while :; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
        [ "${id:0:1}" != - ] && [ "${#id}" -eq 22 ] && break
    done
    echo "$id"
}

# Pick ports (PLAINTEXT, CONTROLLER, SASL_SSL, SSL, SASL_PLAINTEXT per node)
# and (re)write every node's config and security.env with them.
configure_nodes() {
    local ports id b k=5
    mapfile -t ports < <(pick_ports $((k * nodes)))
    [ "${#ports[@]}" -eq $((k * nodes)) ] || die "could not pick ports"
    voters=''
    for ((id = 1; id <= nodes; id++)); do
        voters+=${voters:+,}$id@127.0.0.1:${ports[k * (id - 1) + 1]}
    done
    boot='' sboot='' tboot='' pboot=''
    for ((id = 1; id <= nodes; id++)); do
        b=$((k * (id - 1)))
        write_node_config "$id" "${ports[b]}" "${ports[b + 1]}" "${ports[b + 2]}" \
            "${ports[b + 3]}" "${ports[b + 4]}"
        boot+=${boot:+,}127.0.0.1:${ports[b]}
        sboot+=${sboot:+,}127.0.0.1:${ports[b + 2]}
        tboot+=${tboot:+,}127.0.0.1:${ports[b + 3]}
        pboot+=${pboot:+,}127.0.0.1:${ports[b + 4]}
    done
    echo "$boot" > "$dir/bootstrap"
    {
        echo "# written by kafka-cluster.sh: the secured listeners (tests only)"
        echo "sasl_ssl_bootstrap=$sboot"
        echo "ssl_bootstrap=$tboot"
        echo "sasl_plaintext_bootstrap=$pboot"
        cat "$dir/tls/secrets.env"
    } > "$dir/security.env"
    chmod 600 "$dir/security.env"
}

# Format every node's log dir with the static quorum (works on 3.9 and 4.x:
# no --standalone/--initial-controllers, controller.quorum.voters instead).
format_nodes() {
    local id pids=() rc=0
    # shellcheck disable=SC1091
    . "$dir/tls/secrets.env"
    for ((id = 1; id <= nodes; id++)); do
        run_tool kafka.tools.StorageTool format --ignore-formatted \
            --cluster-id "$cluster_id" --config "$dir/node-$id/server.properties" \
            --add-scram "SCRAM-SHA-512=[name=$scram512_user,password=$scram512_password]" \
            --add-scram "SCRAM-SHA-256=[name=$scram256_user,password=$scram256_password]" \
            > "$dir/node-$id/format.log" 2>&1 &
        pids+=($!)
    done
    for ((id = 1; id <= nodes; id++)); do
        if ! wait "${pids[id - 1]}"; then
            echo "$prog: formatting node $id failed:" >&2
            cat "$dir/node-$id/format.log" >&2
            rc=1
        fi
    done
    return $rc
}

# ---------------------------------------------------------------------------
# Readiness

have_kcat() {
    command -v kcat > /dev/null 2>&1
}

# True when node $1 answers Metadata listing every broker of $2 (space
# separated ids), i.e. it serves metadata and those brokers are unfenced.
node_serves_metadata() {
    local id=$1 want=$2 out b
    out=$(kcat -L -b "127.0.0.1:$(node_port "$id")" -m 3 2> /dev/null) || return 1
    for b in $want; do
        grep -q "^  broker $b at " <<< "$out" || return 1
    done
}

# Without kcat: the node's log says its server finished starting (which
# KRaft brokers do only once unfenced) since byte offset $2.
node_log_started() {
    log_since "$1" "$2" | grep -q "Kafka Server started"
}

node_ready() { # ID LOGOFFSET WANTED_BROKERS
    if have_kcat; then
        node_serves_metadata "$1" "$3"
    else
        node_log_started "$1" "$2"
    fi
}

# Ask Kafka's MetadataQuorumCommand for the quorum leader; prints its id.
quorum_leader() {
    local out leader
    out=$(run_tool org.apache.kafka.tools.MetadataQuorumCommand \
        --bootstrap-server "$(live_bootstrap)" \
        --command-config "$dir/tools/client.properties" \
        describe --status 2> "$dir/tools/last-error") || return 1
    leader=$(awk '$1 == "LeaderId:" { print $2 }' <<< "$out")
    [[ $leader =~ ^[0-9]+$ ]] || return 1
    echo "$leader"
}

# ---------------------------------------------------------------------------
# Commands

stop_pids() { # TIMEOUT ID...
    local timeout=$1 id pid
    shift
    local -A pids=()
    for id in "$@"; do
        pid=$(node_pid "$id") || continue
        pids[$id]=$pid
        kill -TERM "$pid" 2> /dev/null || true
        # a paused JVM must run again to act on SIGTERM
        kill -CONT "$pid" 2> /dev/null || true
    done
    local deadline=$((SECONDS + timeout))
    for id in "${!pids[@]}"; do
        local left=$((deadline - SECONDS))
        [ "$left" -lt 1 ] && left=1
        if ! wait_gone "${pids[$id]}" "$id" "$left"; then
            note "node $id still running ${timeout}s after SIGTERM; sending SIGKILL"
            kill -KILL "${pids[$id]}" 2> /dev/null || true
            wait_gone "${pids[$id]}" "$id" 10 || die "node $id (pid ${pids[$id]}) survives SIGKILL"
        fi
    done
    for id in "$@"; do
        [ -n "${pids[$id]:-}" ] && rm -f "$dir/node-$id/pid"
    done
    return 0
}

cmd_stop() {
    [ -d "$1" ] || die "no such directory: $1"
    dir=$(abs_dir "$1")
    # a half-started DIR may lack cluster.env: find nodes by their dirs
    local id ids=() d
    for d in "$dir"/node-*; do
        [ -d "$d" ] || continue
        id=${d##*/node-}
        [[ $id =~ ^[0-9]+$ ]] && ids+=("$id")
    done
    stop_watchdog
    [ "${#ids[@]}" -gt 0 ] && stop_pids "${KDECK_STOP_TIMEOUT:-20}" "${ids[@]}"
    return 0
}

stop_watchdog() {
    local f=$dir/watchdog.pid pid
    [ -r "$f" ] || return 0
    read -r pid < "$f" || true
    if [[ ${pid:-} =~ ^[0-9]+$ ]] && [ "$pid" != "${KDECK_WATCHDOG_SELF:-}" ] &&
        tr '\0' '\n' < "/proc/$pid/cmdline" 2> /dev/null | grep -qFx -- "$dir"; then
        kill -TERM "$pid" 2> /dev/null || true
    fi
    rm -f "$f"
}

# Background guard started when KDECK_CLUSTER_OWNER is set: once the owner
# pid is gone (even killed by SIGKILL, which runs no trap) stop the cluster.
cmd_watch() {
    dir=$(abs_dir "$1")
    local owner=$2
    while kill -0 "$owner" 2> /dev/null && [ -f "$dir/cluster.env" ]; do
        sleep 1
    done
    KDECK_WATCHDOG_SELF=$BASHPID cmd_stop "$dir"
}

start_watchdog() {
    local owner=$1
    [[ $owner =~ ^[0-9]+$ ]] || die "KDECK_CLUSTER_OWNER must be a pid"
    kill -0 "$owner" 2> /dev/null || die "KDECK_CLUSTER_OWNER=$owner is not running"
    stop_watchdog
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] 2> /dev/null && eval "exec $fd>&-"
        done
        exec bash "$here/kafka-cluster.sh" _watch "$dir" "$owner"
    ) < /dev/null >> "$dir/watchdog.log" 2>&1 &
    echo $! > "$dir/watchdog.pid"
}

# Wait until nodes $2.. are ready (log offsets in the assoc array offs);
# $1 is the deadline in SECONDS.  Returns 2 on a port clash, dies otherwise.
wait_ready() {
    local deadline=$1 id all='' pending
    shift
    for ((id = 1; id <= nodes; id++)); do all+=" $id"; done
    pending=" $* "
    while :; do
        for id in $pending; do
            if ! node_pid "$id" > /dev/null; then
                if log_since "$id" "${offs[$id]}" | grep -q "Address already in use"; then
                    return 2
                fi
                echo "$prog: node $id exited during start" >&2
                show_log_tail "$id"
                return 1
            fi
            if node_ready "$id" "${offs[$id]}" "$all"; then
                pending=${pending/ $id / }
            fi
        done
        [ -z "${pending// /}" ] && return 0
        if [ "$SECONDS" -ge "$deadline" ]; then
            for id in $pending; do
                echo "$prog: node $id not ready after ${KDECK_START_TIMEOUT:-150}s" >&2
                show_log_tail "$id"
            done
            return 1
        fi
        sleep 0.5
    done
}

# A start that cannot finish stops whatever it started and fails.
start_failed() {
    note "$1; stopping the nodes"
    stop_pids 10 $(seq 1 "$nodes") || true
    stop_watchdog
    exit 1
}

cmd_start() {
    local arg=$1 t0=$SECONDS fresh=1
    mkdir -p "$arg"
    dir=$(abs_dir "$arg")
    if [ -f "$dir/cluster.env" ]; then
        fresh=0
        load_cluster "$dir"
    else
        [ -z "$(ls -A "$dir")" ] || die "$dir is not empty and holds no cluster"
        nodes=${KDECK_NODES:-3}
        [[ $nodes =~ ^[0-9]+$ ]] && [ "$nodes" -ge 1 ] && [ "$nodes" -le 26 ] ||
            die "KDECK_NODES must be 1..26, not '$nodes'"
        ver=${KAFKA_VERSION:-3.9.1}
        command -v java > /dev/null || die "java not found"
        libs=$(KAFKA_VERSION=$ver "$here/kafka-fetch.sh") || die "cannot fetch Kafka $ver"
        [ -f "$libs/kafka_2.13-$ver.jar" ] || die "no kafka_2.13-$ver.jar in $libs"
        cluster_id=$(new_cluster_id)
        write_log_configs "$dir/tools" WARN System.err
        cat > "$dir/tools/client.properties" << EOF
request.timeout.ms=4000
default.api.timeout.ms=8000
socket.connection.setup.timeout.ms=3000
socket.connection.setup.timeout.max.ms=5000
EOF
        "$here/kafka-tls.sh" "$dir/tls" || die "cannot make the TLS material"
        configure_nodes
        note "formatting $nodes nodes of Kafka $ver in $dir"
        format_nodes || die "cannot format the nodes' storage"
        # written last: a DIR with cluster.env holds a formatted cluster
        printf 'version=%s\nlibs=%s\nnodes=%s\ncluster_id=%s\n' \
            "$ver" "$libs" "$nodes" "$cluster_id" > "$dir/cluster.env"
    fi

    # the guard runs from before the first JVM, so even a start cut short
    # by the owner's death leaves nothing behind
    [ -n "${KDECK_CLUSTER_OWNER:-}" ] && start_watchdog "$KDECK_CLUSTER_OWNER"

    local id attempt rc deadline=$((SECONDS + ${KDECK_START_TIMEOUT:-150})) todo
    local -A offs=()
    for attempt in 1 2 3; do
        todo=()
        for ((id = 1; id <= nodes; id++)); do
            node_pid "$id" > /dev/null && continue
            offs[$id]=$(log_size "$id")
            launch_node "$id"
            todo+=("$id")
        done
        note "started nodes ${todo[*]:-(none)}; waiting for them to serve metadata"
        rc=0
        wait_ready "$deadline" "${todo[@]}" || rc=$?
        [ "$rc" -eq 2 ] || break
        # someone took a port between our pick and the JVM's bind: new ports
        note "a port was taken; choosing new ports (attempt $attempt)"
        stop_pids 10 $(seq 1 "$nodes")
        [ "$fresh" -eq 1 ] || start_failed "a node's port is now used by another process"
        configure_nodes
    done
    [ "$rc" -eq 0 ] || start_failed "start failed"

    local leader=''
    while [ "$SECONDS" -lt "$deadline" ]; do
        leader=$(quorum_leader) && break
        sleep 1
    done
    if [ -z "$leader" ]; then
        tool_error
        start_failed "the KRaft quorum has no leader"
    fi
    note "$nodes nodes of Kafka $ver ready in $((SECONDS - t0))s; controller is node $leader"
    cat "$dir/bootstrap"
}

cmd_node() {
    local ids=${2//,/ } action=$3 id pid
    load_cluster "$1"
    for id in $ids; do check_id "$id"; done
    case $action in
        stop)
            stop_pids "${KDECK_STOP_TIMEOUT:-20}" $ids
            ;;
        kill)
            for id in $ids; do
                pid=$(node_pid "$id") || { note "node $id is not running"; continue; }
                kill -KILL "$pid"
                wait_gone "$pid" "$id" 10 || die "node $id survives SIGKILL"
                rm -f "$dir/node-$id/pid"
            done
            ;;
        pause | resume)
            for id in $ids; do
                pid=$(node_pid "$id") || die "node $id is not running"
                if [ "$action" = pause ]; then kill -STOP "$pid"; else kill -CONT "$pid"; fi
            done
            ;;
        start)
            # Every node of the list is launched before any is waited for:
            # two stopped nodes of a 3-node quorum come back only together.
            local -A offs=()
            local rc=0 todo=() deadline=$((SECONDS + ${KDECK_START_TIMEOUT:-150}))
            for id in $ids; do
                if node_pid "$id" > /dev/null; then
                    note "node $id is already running"
                    continue
                fi
                offs[$id]=$(log_size "$id")
                launch_node "$id"
                todo+=("$id")
            done
            [ "${#todo[@]}" -eq 0 ] && return 0
            wait_ready "$deadline" "${todo[@]}" || rc=$?
            if [ "$rc" -ne 0 ]; then
                stop_pids 10 "${todo[@]}" || true
                die "node(s) ${todo[*]} did not come back"
            fi
            ;;
        *) die "unknown node action '$action' (stop kill pause resume start)" ;;
    esac
}

cmd_status() {
    local id pid state
    load_cluster "$1"
    for ((id = 1; id <= nodes; id++)); do
        if pid=$(node_pid "$id"); then
            state=running
            [ "$(proc_state "$pid")" = T ] && state=paused
        else
            pid=- state=down
        fi
        echo "$id $pid $state $(node_port "$id")"
    done
}

# Run "$@" until it succeeds, fails for good (status 3) or
# $KDECK_TOOL_RETRY seconds (default 20) have passed: an admin call routed
# to a frozen or just-killed node fails fast (the tools' client.properties
# keep timeouts short) and a fresh try picks another node.
retry() {
    local deadline=$((SECONDS + ${KDECK_TOOL_RETRY:-20})) rc
    while :; do
        rc=0
        "$@" || rc=$?
        [ "$rc" -eq 0 ] && return 0
        [ "$rc" -ne 3 ] && [ "$SECONDS" -lt "$deadline" ] || return "$rc"
        sleep 1
    done
}

# The first lines of the last tool's error output, for a failure message.
tool_error() {
    head -n 3 "$dir/tools/last-error" >&2 2> /dev/null || true
}

cmd_controller() {
    load_cluster "$1"
    retry quorum_leader || {
        tool_error
        die "cannot read the quorum leader"
    }
}

# Print "partition leader replicas isr" per partition of topic $2, parsed from
# TopicCommand --describe.  No leader prints -1, an empty list prints -.
describe_topic() {
    local out
    out=$(run_tool org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "$(live_bootstrap)" \
        --command-config "$dir/tools/client.properties" \
        --describe --topic "$1" 2> "$dir/tools/last-error") || {
        grep -q 'does not exist' "$dir/tools/last-error" && return 3
        return 1
    }
    awk -F'\t' '
        /Partition: / {
            p = ""; l = ""; r = ""; i = ""
            for (f = 1; f <= NF; f++) {
                s = $f; sub(/^[ ]+/, "", s)
                if (s ~ /^Partition: /) p = substr(s, 12)
                else if (s ~ /^Leader: /) l = substr(s, 9)
                else if (s ~ /^Replicas: /) r = substr(s, 11)
                else if (s ~ /^Isr: /) i = substr(s, 6)
            }
            if (l == "none" || l == "") l = -1
            if (r == "") r = "-"
            if (i == "") i = "-"
            print p, l, r, i
        }' <<< "$out" | sort -n
}

cmd_describe_topic() {
    load_cluster "$1"
    local out
    out=$(retry describe_topic "$2") || {
        tool_error
        die "cannot describe topic $2"
    }
    [ -n "$out" ] || die "topic $2 has no partitions (does it exist?)"
    echo "$out"
}

cmd_topic_create() {
    local name=$2 parts=$3 rf=$4 out
    load_cluster "$1"
    [[ $parts =~ ^[0-9]+$ ]] && [ "$parts" -ge 1 ] || die "bad partition count '$parts'"
    [[ $rf =~ ^[0-9]+$ ]] && [ "$rf" -ge 1 ] || die "bad replication factor '$rf'"
    run_tool org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "$(live_bootstrap)" \
        --command-config "$dir/tools/client.properties" \
        --create --topic "$name" --partitions "$parts" --replication-factor "$rf" \
        > /dev/null || die "cannot create topic $name"
    # CreateTopics returns once the controller commits; wait until every
    # partition has a leader in every live broker's metadata too (a broker
    # that has not caught up would tell a producer the topic has none).
    local deadline=$((SECONDS + 60)) n b nb
    while [ "$SECONDS" -lt "$deadline" ]; do
        if have_kcat; then
            n=$parts
            for b in $(live_bootstrap | tr ',' ' '); do
                out=$(kcat -L -b "$b" -t "$name" -m 5 2> /dev/null) || out=''
                nb=$(grep -c '^    partition [0-9]*, leader [0-9]' <<< "$out" || true)
                grep -q 'leader -1' <<< "$out" && nb=0
                [ "$nb" -lt "$n" ] && n=$nb
            done
        else
            out=$(describe_topic "$name" 2> /dev/null) || out=''
            n=$(awk '$2 >= 0' <<< "$out" | grep -c . || true)
        fi
        [ "$n" -eq "$parts" ] && return 0
        sleep 0.3
    done
    die "topic $name created but its $parts partitions have no leaders after 60s"
}

# Run a whole suite against one cluster: start it, run "$@" with
# KDECK_TEST_CLUSTER pointing at it, stop it however "$@" ends.
cmd_with() {
    local arg=$1 rc=0
    shift
    (KDECK_CLUSTER_OWNER=$$ cmd_start "$arg" > /dev/null) || exit 1
    dir=$(abs_dir "$arg")
    trap 'cmd_stop "$dir"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    KDECK_TEST_CLUSTER=$dir "$@" || rc=$?
    exit "$rc"
}

main() {
    [ $# -ge 1 ] || usage
    local cmd=$1
    shift
    case $cmd in
        start) [ $# -eq 1 ] || usage; cmd_start "$1" ;;
        stop) [ $# -eq 1 ] || usage; cmd_stop "$1" ;;
        node) [ $# -eq 3 ] || usage; cmd_node "$@" ;;
        bootstrap)
            [ $# -eq 1 ] || usage
            load_cluster "$1"
            cat "$dir/bootstrap"
            ;;
        security)
            [ $# -eq 1 ] || usage
            load_cluster "$1"
            [ -f "$dir/security.env" ] || die "$dir has no secured listeners"
            echo "$dir/security.env"
            ;;
        controller) [ $# -eq 1 ] || usage; cmd_controller "$1" ;;
        status) [ $# -eq 1 ] || usage; cmd_status "$1" ;;
        tool)
            [ $# -ge 2 ] || usage
            load_cluster "$1"
            shift
            run_tool "$@"
            ;;
        topic-create) [ $# -eq 4 ] || usage; cmd_topic_create "$@" ;;
        describe-topic) [ $# -eq 2 ] || usage; cmd_describe_topic "$@" ;;
        with) [ $# -ge 2 ] || usage; cmd_with "$@" ;;
        _watch) [ $# -eq 2 ] || usage; cmd_watch "$@" ;;
        -h | --help | help) usage ;;
        *) echo "$prog: unknown command '$cmd'" >&2; usage ;;
    esac
}

main "$@"
