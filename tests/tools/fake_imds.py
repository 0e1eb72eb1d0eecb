#!/usr/bin/env python3
"""fake_imds.py: a scripted EC2 instance metadata service (IMDSv2 only) and
STS AssumeRoleWithWebIdentity, for kdeck's credential chain tests.

    fake_imds.py PORTFILE LOGFILE

Listens on 127.0.0.1 (a free port, written to PORTFILE once it listens).

IMDS, as on EC2 with "HttpTokens: required":
  PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds (1..21600)
      -> a session token (400 without the header)
  GET /latest/meta-data/iam/security-credentials/       -> the role name
  GET /latest/meta-data/iam/security-credentials/ROLE   -> its credentials
  GET /latest/meta-data/placement/region                -> the region
  every GET without a valid X-aws-ec2-metadata-token    -> 401
STS: POST / (form) Action=AssumeRoleWithWebIdentity, Version=2011-06-15,
  RoleArn, RoleSessionName, WebIdentityToken: credentials as XML when the
  token is WEB_TOKEN, else 400 InvalidIdentityToken.

Each request is one line of LOGFILE ("PUT /latest/api/token ttl=21600",
"GET /... token=ok|missing|bad -> 200", "STS role=... session=... -> 200"),
so a test can tell how kdeck asked.  Environment: FAKE_IMDS_NO_ROLE=1
answers the role list with 404 (an instance without a role).  Test device
only.
"""
import datetime
import json
import os
import secrets
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

portfile, logfile = sys.argv[1], sys.argv[2]

ROLE = "kdeck-test-role"
REGION = "eu-north-1"
IMDS_KEY = ("AKIDIMDSFAKE", "imdsSecret/EXAMPLEKEY", "imdsSessionToken")
if os.environ.get("FAKE_IMDS_KEY"):          # "ID:SECRET", for a test that signs with them
    IMDS_KEY = tuple(os.environ["FAKE_IMDS_KEY"].split(":", 1)) + ("imdsSessionToken",)
STS_KEY = ("ASIASTSFAKE", "stsSecret/EXAMPLEKEY+x", "stsSessionToken/a&b")
WEB_TOKEN = "fake-web-identity-token"
NO_ROLE = os.environ.get("FAKE_IMDS_NO_ROLE") == "1"

tokens = set()
lock = threading.Lock()


def log(line):
    with lock, open(logfile, "a") as f:
        f.write(line + "\n")


def expiry(hours):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body, ctype="text/plain"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_PUT(self):
        self.body()
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
        log("PUT %s ttl=%s" % (self.path, ttl))
        if self.path != "/latest/api/token":
            return self.answer(404, "not found")
        if not ttl or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.answer(400, "missing or bad TTL")
        tok = secrets.token_urlsafe(32)
        with lock:
            tokens.add(tok)
        self.answer(200, tok)

    def do_GET(self):
        tok = self.headers.get("X-aws-ec2-metadata-token")
        with lock:
            state = "missing" if tok is None else "ok" if tok in tokens else "bad"
        status, body, ctype = self.route(state)
        log("GET %s token=%s -> %d" % (self.path, state, status))
        self.answer(status, body, ctype)

    def route(self, state):
        if state != "ok":
            return 401, "", "text/plain"
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == base:
            return (404, "not found", "text/plain") if NO_ROLE else (200, ROLE + "\n",
                                                                        "text/plain")
        if self.path == base + ROLE and not NO_ROLE:
            doc = {"Code": "Success", "LastUpdated": expiry(0), "Type": "AWS-HMAC",
                   "AccessKeyId": IMDS_KEY[0], "SecretAccessKey": IMDS_KEY[1],
                   "Token": IMDS_KEY[2], "Expiration": expiry(6)}
            return 200, json.dumps(doc, indent=2), "text/plain"
        if self.path == "/latest/meta-data/placement/region":
            return 200, REGION, "text/plain"
        return 404, "not found", "text/plain"

    def do_POST(self):
        form = urllib.parse.parse_qs(self.body().decode(), keep_blank_values=True)
        one = {k: v[0] for k, v in form.items() if len(v) == 1}
        ok = (self.path == "/" and
              self.headers.get("Content-Type", "").startswith(
                  "application/x-www-form-urlencoded") and
              one.get("Action") == "AssumeRoleWithWebIdentity" and
              one.get("Version") == "2011-06-15" and
              one.get("RoleArn", "").startswith("arn:aws:iam::") and
              1 < len(one.get("RoleSessionName", "")) <= 64 and
              "Authorization" not in self.headers)
        good_token = one.get("WebIdentityToken") == WEB_TOKEN
        if ok and good_token:
            status = 200
            body = ("<AssumeRoleWithWebIdentityResponse "
                    "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                    "  <AssumeRoleWithWebIdentityResult>\n"
                    "    <Credentials>\n"
                    "      <SessionToken>%s</SessionToken>\n"
                    "      <SecretAccessKey>%s</SecretAccessKey>\n"
                    "      <Expiration>%s</Expiration>\n"
                    "      <AccessKeyId>%s</AccessKeyId>\n"
                    "    </Credentials>\n"
                    "  </AssumeRoleWithWebIdentityResult>\n"
                    "</AssumeRoleWithWebIdentityResponse>\n") % (
                        xml_escape(STS_KEY[2]), xml_escape(STS_KEY[1]), expiry(1),
                        STS_KEY[0])
        else:
            status = 400
            code, msg = (("InvalidIdentityToken", "The token is not valid")
                         if ok else ("InvalidParameterValue", "Malformed request"))
            body = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    "<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message>"
                    "</Error><RequestId>r-1</RequestId></ErrorResponse>\n") % (code, msg)
        log("STS role=%s session=%s -> %d" % (one.get("RoleArn"), one.get("RoleSessionName"),
                                              status))
        self.answer(status, body, "text/xml")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
