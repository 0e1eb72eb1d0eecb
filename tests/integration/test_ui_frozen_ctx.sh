#!/usr/bin/env bash
# The UI never waits on the network: switching away from a cluster whose
# broker is frozen (SIGSTOPped: connections are accepted by the kernel,
# nothing ever answers) and quitting while on it both answer at once,
# instead of waiting for the frozen poll's timeout (10 s here).  Nor on a
# context's ${cmd:...} secret: it runs off the UI thread, keys answer
# while it does, and quitting does not wait for it.  The live cluster is
# the scripted broker of tests/tools/fake_broker.py.
set -u
. "$top_srcdir/tests/integration/lib.sh"
kd_require tmux
kd_require python3

python3 "$top_srcdir/tests/tools/fake_broker.py" "$top_srcdir/tests/captures" node-minus-1 \
    "$KD_TMP/live.port" 2> "$KD_TMP/live.log" &
kd_on_exit "kill $! 2>/dev/null"
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % s.getsockname()[1])
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
import time
while True: time.sleep(1)
' "$KD_TMP/frozen.port" &
frozen_pid=$!
kd_on_exit "kill -CONT $frozen_pid 2>/dev/null; kill $frozen_pid 2>/dev/null"
kd_wait_until 10 test -s "$KD_TMP/live.port" || kd_fail "the scripted broker did not start"
kd_wait_until 10 test -s "$KD_TMP/frozen.port" || kd_fail "the frozen broker did not start"
kill -STOP "$frozen_pid"

mkdir -p "$KD_TMP/xdg/kdeck"
cat > "$KD_TMP/xdg/kdeck/config" << EOF
[general]
context = live

[context live]
bootstrap = 127.0.0.1:$(cat "$KD_TMP/live.port")

[context frozen]
bootstrap = 127.0.0.1:$(cat "$KD_TMP/frozen.port")

[context slow]
bootstrap = 127.0.0.1:$(cat "$KD_TMP/live.port")
X.client.id = \${cmd:sleep 8; echo slow-secret}
EOF
export XDG_CONFIG_HOME=$KD_TMP/xdg

now_ms() { date +%s%3N; }
S=ctx
kd_tmux_start "$S" 140 30 "$KDECK" -i 1 --timeout 10
kd_screen_expect "$S" 20 'brokers 2/2'
kd_tmux_keys "$S" : 'ctx frozen' Enter
kd_screen_expect "$S" 5 'context frozen: 127\.0\.0\.1:'
sleep 1                                 # its first poll now hangs
t0=$(now_ms)
kd_tmux_keys "$S" : 'ctx live' Enter
kd_screen_expect "$S" 3 'context live: 127\.0\.0\.1:'
t1=$(now_ms)
kd_tmux_keys "$S" 2
kd_screen_expect "$S" 3 'sort NAME'
t2=$(now_ms)
kd_log ":ctx away from the frozen cluster answered in $((t1 - t0)) ms, the next key in $((t2 - t1)) ms"

# quitting while the frozen cluster's poll runs
kd_tmux_keys "$S" : 'ctx frozen' Enter
kd_screen_expect "$S" 5 'context frozen: 127\.0\.0\.1:'
sleep 1
t0=$(now_ms)
kd_tmux_keys "$S" q
kd_tmux_wait_exit "$S" 3 || kd_fail "q waited for the frozen poll"
t1=$(now_ms)
[ "$(kd_tmux_exit_status "$S")" = 0 ] || kd_fail "exit status $(kd_tmux_exit_status "$S")"
kd_log "q on the frozen cluster exited in $((t1 - t0)) ms"

# a context whose secret command takes 8 s: the keys answer meanwhile (the
# switch has not happened yet when they have)
S2=slow
kd_tmux_start "$S2" 140 30 "$KDECK" -i 1 --timeout 10
kd_screen_expect "$S2" 20 'brokers 2/2'
t0=$(now_ms)
kd_tmux_keys "$S2" : 'ctx slow' Enter
kd_screen_expect "$S2" 3 'context slow: connecting'
kd_tmux_keys "$S2" 2
kd_screen_expect "$S2" 3 'sort NAME'
t1=$(now_ms)
kd_tmux_keys "$S2" 1
kd_screen_expect "$S2" 3 'RACK'
t2=$(now_ms)
kd_log ":ctx slow with an 8 s \${cmd:}: two panes switched in $((t1 - t0)) and $((t2 - t1)) ms meanwhile"
! kd_tmux_capture "$S2" | grep -q 'context slow: 127' || kd_fail "the keys waited for the secret command"
kd_screen_expect "$S2" 15 'context slow: 127\.0\.0\.1:'
! kd_tmux_capture "$S2" | grep -q 'slow-secret' || kd_fail "the secret reached the screen"
# quitting while a switch waits for its command
kd_tmux_keys "$S2" : 'ctx slow' Enter
kd_screen_expect "$S2" 3 'context slow: connecting'
t0=$(now_ms)
kd_tmux_keys "$S2" q
kd_tmux_wait_exit "$S2" 3 || kd_fail "q waited for the secret command"
t1=$(now_ms)
[ "$(kd_tmux_exit_status "$S2")" = 0 ] || kd_fail "exit status $(kd_tmux_exit_status "$S2")"
kd_log "q during a switch exited in $((t1 - t0)) ms"
