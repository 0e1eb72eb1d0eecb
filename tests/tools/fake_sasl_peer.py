#!/usr/bin/env python3
"""fake_sasl_peer.py: a loopback Kafka peer that checks MSK IAM tokens.

    fake_sasl_peer.py CAPTURES PORTFILE LOGFILE

Answers ApiVersions (Kafka 3.9.1's real answers from CAPTURES), SaslHandshake
(OAUTHBEARER) and SaslAuthenticate.  The OAUTHBEARER client message's token
is decoded (base64url, no padding) into the presigned URL and checked as
MSK would: host kafka.REGION.amazonaws.com, Action=kafka-cluster:Connect,
the SigV4 signature over the query (service kafka-cluster, the test's
secret), and not expired (X-Amz-Date + X-Amz-Expires).  A session token
"exp-EPOCH" (as the tests' credential_process hands out) stands for
credentials that end at EPOCH: a token signed with them after that is
refused as "expired-credentials".  Each check writes one line to LOGFILE:
"ok CLIENT-ID expires-in=N date=X-AMZ-DATE" or "bad CLIENT-ID why".
Anything after the login closes the connection.  Test device only.
"""
import base64
import datetime
import hashlib
import hmac
import os
import socket
import struct
import sys
import threading
import urllib.parse

captures, portfile, logfile = sys.argv[1], sys.argv[2], sys.argv[3]
SECRET = os.environ.get("FAKE_SECRET", "fakeSecretKey/EXAMPLE")
lock = threading.Lock()


def log(line):
    with lock, open(logfile, "a") as f:
        f.write(line + "\n")


def check_token(tok):
    pad = "=" * (-len(tok) % 4)
    url = base64.urlsafe_b64decode(tok + pad).decode()
    u = urllib.parse.urlsplit(url)
    q = urllib.parse.parse_qsl(u.query, keep_blank_values=True)
    d = dict(q)
    if d.get("Action") != "kafka-cluster:Connect":
        return "no kafka-cluster:Connect action"
    region = u.hostname.split(".")[1] if u.hostname else ""
    if u.hostname != "kafka.%s.amazonaws.com" % region:
        return "host %s" % u.hostname
    signed = [(k, v) for k, v in q if k not in ("X-Amz-Signature", "User-Agent")]
    cq = "&".join("%s=%s" % (urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                  for k, v in sorted(signed))
    creq = "\n".join(["GET", "/", cq, "host:%s\n" % u.hostname, "host",
                      hashlib.sha256(b"").hexdigest()])
    cred = d.get("X-Amz-Credential", "").split("/")
    if len(cred) != 5 or cred[3] != "kafka-cluster":
        return "credential scope %s" % d.get("X-Amz-Credential")
    sts = "\n".join(["AWS4-HMAC-SHA256", d["X-Amz-Date"], "/".join(cred[1:]),
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + SECRET).encode()
    for part in cred[1:]:
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(hmac.new(key, sts.encode(), hashlib.sha256).hexdigest(),
                               d.get("X-Amz-Signature", "")):
        return "signature"
    t = datetime.datetime.strptime(d["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc)
    left = int((t.timestamp() + int(d["X-Amz-Expires"])) - datetime.datetime.now(
        datetime.timezone.utc).timestamp())
    if left <= 0:
        return "expired"
    st = d.get("X-Amz-Security-Token", "")
    if st.startswith("exp-") and int(st[4:]) <= datetime.datetime.now(
            datetime.timezone.utc).timestamp():
        return "expired-credentials"
    return "%d date=%s" % (left, d["X-Amz-Date"])


def uvarint(b, i):
    n = shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return n, i


def serve(conn):
    client = "?"
    try:
        buf = b""
        while True:
            while len(buf) < 4 or len(buf) < 4 + struct.unpack(">i", buf[:4])[0]:
                got = conn.recv(65536)
                if not got:
                    return
                buf += got
            size = struct.unpack(">i", buf[:4])[0]
            frame, buf = buf[4:4 + size], buf[4 + size:]
            api, ver, corr = struct.unpack(">hhi", frame[:8])
            clen = struct.unpack(">h", frame[8:10])[0]
            client = frame[10:10 + clen].decode(errors="replace") if clen > 0 else ""
            body_at = 10 + max(clen, 0)
            if api == 18:
                v = min(ver, 3)
                data = bytearray(open(os.path.join(captures, "apiversions-v%d-3.9.1.resp.bin" % v),
                                      "rb").read())
                data[4:8] = struct.pack(">i", corr)
                conn.sendall(bytes(data))
            elif api == 17:
                body = struct.pack(">hi", 0, 1) + struct.pack(">h", 11) + b"OAUTHBEARER"
                frame_out = struct.pack(">i", corr) + body
                conn.sendall(struct.pack(">i", len(frame_out)) + frame_out)
            elif api == 36:
                flex = ver >= 2
                i = body_at + (1 if flex else 0)      # header tags
                if flex:
                    n, i = uvarint(frame, i)
                    auth = frame[i:i + n - 1]
                else:
                    n = struct.unpack(">i", frame[i:i + 4])[0]
                    auth = frame[i + 4:i + 4 + n]
                text = auth.decode(errors="replace")
                tok = text.split("auth=Bearer ", 1)[1].split("\x01", 1)[0] if "auth=Bearer " in text else ""
                res = check_token(tok) if tok else "no token"
                ok = res[0].isdigit()
                log("ok %s expires-in=%s" % (client, res) if ok else "bad %s %s" % (client, res))
                err = 0 if ok else 58        # SASL_AUTHENTICATION_FAILED
                msg = None if ok else "token refused: %s" % res
                if flex:
                    m = b"\x00" if msg is None else bytes([len(msg) + 1]) + msg.encode()
                    body = struct.pack(">h", err) + m + b"\x01" + struct.pack(">q", 900000) + b"\x00"
                    out = struct.pack(">i", corr) + b"\x00" + body
                else:
                    m = struct.pack(">h", -1) if msg is None else struct.pack(">h", len(msg)) + msg.encode()
                    body = struct.pack(">h", err) + m + struct.pack(">i", 0)
                    if ver >= 1:
                        body += struct.pack(">q", 900000)
                    out = struct.pack(">i", corr) + body
                conn.sendall(struct.pack(">i", len(out)) + out)
            else:
                return      # after the login: nothing more to say
    except Exception as e:  # a test device: say it, do not hide it
        log("error %s %s" % (client, e))
    finally:
        conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
