#!/usr/bin/env python3
"""fake_broker.py: a scripted, hostile Kafka broker for kdeck's tests.

    fake_broker.py CAPTURES SCENARIO PORTFILE

Listens on 127.0.0.1 (two ports: the bootstrap one, written to PORTFILE,
and a second one the scenarios name as another broker), answers
ApiVersions and the other requests kdeck sends with the real Kafka 3.9.1
answers of tests/captures (correlation id patched), and Metadata v12 as
the scenario crafts it, ListPartitionReassignments as "nothing moving"
and DescribeConfigs as "no such resource":

    node-minus-1   the broker list holds node id -1 at another address
    moving         broker 1 changes address on every Metadata answer
    hostile-names  host, rack and cluster id full of escape sequences
    huge-counts    a topic array that claims 2^31-1 elements
    partition-ids  partitions numbered -1, 2^31-1 and twice 5
    bomb-metadata  one topic of minimal partitions filling FAKE_BOMB_BYTES
    bomb-groups    a DescribeGroups answer of minimal members filling
                   FAKE_BOMB_BYTES (FindCoordinator points at this broker)
    cut            the Metadata answer stops after FAKE_CUT bytes of its
                   frame and the connection closes

Runs until killed.  Test device only: nothing of it is in kdeck.
"""
import os
import socket
import struct
import sys
import threading

captures, scenario, portfile = sys.argv[1], sys.argv[2], sys.argv[3]
TAGS = {18: "apiversions", 3: "metadata", 60: "describecluster", 35: "describelogdirs",
        2: "listoffsets", 55: "describequorum", 9: "offsetfetch", 10: "findcoordinator",
        16: "listgroups", 15: "describegroups"}
state = {"metadata_calls": 0}
lock = threading.Lock()


def uvarint(n):
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def cstr(s):  # compact nullable string
    if s is None:
        return uvarint(0)
    b = s.encode() if isinstance(s, str) else s
    return uvarint(len(b) + 1) + b


BOMB = int(os.environ.get("FAKE_BOMB_BYTES", str(8 << 20)))


def partition(pid, leader, replicas):
    """flex MetadataResponsePartition v12"""
    arr = uvarint(len(replicas) + 1) + b"".join(struct.pack(">i", r) for r in replicas)
    return (struct.pack(">hiii", 0, pid, leader, 0) + arr + arr + uvarint(1) + b"\x00")


def topic(name, parts):
    return (struct.pack(">h", 0) + cstr(name) + bytes(range(16)) + b"\x00"
            + uvarint(len(parts) + 1) + b"".join(parts) + struct.pack(">i", 0) + b"\x00")


def metadata_topics():
    if scenario == "huge-counts":
        return uvarint(0x7FFFFFFF + 1)           # and nothing after it
    if scenario == "partition-ids":
        parts = [partition(p, 1, [1]) for p in (-1, 0x7FFFFFFF, 5, 5)]
        return uvarint(2) + topic("odd-ids", parts)
    if scenario == "bomb-metadata":
        one = partition(0, 1, [1])
        n = BOMB // len(one)
        parts = [struct.pack(">hiii", 0, i, 1, 0) + one[14:] for i in range(n)]
        return uvarint(2) + topic("bomb", parts)
    return uvarint(1)


def metadata_v12(ports):
    """throttle, brokers, cluster id, controller, topics (none), tags"""
    with lock:
        state["metadata_calls"] += 1
        n = state["metadata_calls"]
    host = "127.0.0.1"
    rack = "zone-a"
    cluster = "fake-cluster"
    if scenario == "node-minus-1":
        brokers = [(1, host, ports[0]), (-1, host, ports[1])]
    elif scenario == "moving":
        brokers = [(1, host, ports[n % 2])]
    elif scenario != "hostile-names":
        brokers = [(1, host, ports[0])]
    else:
        host_b = b"127.0.0.1"
        brokers = [(1, host_b, ports[0]), (2, b"evil\x1b]0;pwned\x07\x9b2J\xe2\x80\xae", ports[1])]
        rack = b"rack\x1b[31m\r\n\xff\xfe"
        cluster = b"clu\x1b]52;c;SGVsbG8=\x07ster"
    body = struct.pack(">i", 0) + uvarint(len(brokers) + 1)
    for node, h, port in brokers:
        body += struct.pack(">i", node) + cstr(h) + struct.pack(">i", port) + cstr(rack) + b"\x00"
    body += cstr(cluster) + struct.pack(">i", 1) + metadata_topics() + b"\x00"
    return body


def findcoordinator(ports):
    """v4+: this broker (node 1) coordinates the group "live" """
    body = struct.pack(">i", 0)
    keys = [b"live"]
    body += uvarint(len(keys) + 1)
    for k in keys:
        body += cstr(k) + struct.pack(">i", 1) + cstr("127.0.0.1") + struct.pack(">ih", ports[0], 0)
        body += cstr(None) + b"\x00"
    return body + b"\x00"


def describegroups_bomb(version):
    """v5 (flex): one Stable group of minimal members filling BOMB bytes"""
    member = bytes([1, 0, 1, 1, 1, 1, 0])
    n = BOMB // len(member)
    body = struct.pack(">i", 0) + uvarint(2) + struct.pack(">h", 0)
    body += cstr("live") + cstr("Stable") + cstr("consumer") + cstr("range")
    body += uvarint(n + 1) + member * n + struct.pack(">i", 0) + b"\x00"
    return body + b"\x00"


def send(conn, corr, flex_header, body):
    head = struct.pack(">i", corr) + (b"\x00" if flex_header else b"")
    frame = head + body
    conn.sendall(struct.pack(">i", len(frame)) + frame)


def answer(conn, frame, ports):
    api, version, corr = struct.unpack(">hhi", frame[:8])
    if api == 3 and version == 12:
        body = struct.pack(">i", corr) + b"\x00" + metadata_v12(ports)
        if scenario == "cut":
            cut = int(os.environ.get("FAKE_CUT", "10"))
            conn.sendall((struct.pack(">i", len(body)) + body)[:cut])
            return False
        conn.sendall(struct.pack(">i", len(body)) + body)
        return True
    if scenario == "bomb-groups" and api == 10 and version >= 4:
        send(conn, corr, True, findcoordinator(ports))
        return True
    if scenario == "bomb-groups" and api == 15 and version == 5:
        send(conn, corr, True, describegroups_bomb(version))
        return True
    if api == 46 and version == 0:
        # ListPartitionReassignments, asked every poll: nothing is moving
        send(conn, corr, True, struct.pack(">ih", 0, 0) + b"\x00" + b"\x01" + b"\x00")
        return True
    if api == 32 and version == 4:
        # DescribeConfigs (min.insync.replicas, throttles): no resource known
        send(conn, corr, True, struct.pack(">i", 0) + b"\x01" + b"\x00")
        return True
    tag = TAGS.get(api)
    path = os.path.join(captures, "%s-v%d-3.9.1.resp.bin" % (tag, version)) if tag else None
    if not path or not os.path.exists(path):
        return False  # close: a request this broker cannot answer
    data = bytearray(open(path, "rb").read())
    data[4:8] = struct.pack(">i", corr)
    conn.sendall(bytes(data))
    return True


def serve(conn, ports):
    buf = b""
    try:
        while True:
            while len(buf) < 4 or len(buf) < 4 + struct.unpack(">i", buf[:4])[0]:
                got = conn.recv(65536)
                if not got:
                    return
                buf += got
            size = struct.unpack(">i", buf[:4])[0]
            frame, buf = buf[4:4 + size], buf[4 + size:]
            if not answer(conn, frame, ports):
                return
    except OSError:
        pass
    finally:
        conn.close()


def listen():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    return s


socks = [listen(), listen()]
ports = [s.getsockname()[1] for s in socks]


def accept_loop(s):
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, ports), daemon=True).start()


threading.Thread(target=accept_loop, args=(socks[1],), daemon=True).start()
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % ports[0])
os.rename(portfile + ".tmp", portfile)
accept_loop(socks[0])
