#!/usr/bin/env python3
"""fake_msk.py: a scripted Amazon MSK control plane for kdeck's tests.

    fake_msk.py PORTFILE BOOTSTRAP

Serves, on 127.0.0.1 (the port written to PORTFILE), the REST operations
kdeck calls: ListClustersV2, DescribeClusterV2, ListNodes,
GetBootstrapBrokers and ListClusterOperationsV2, for two clusters ("demo",
provisioned with IAM and SCRAM, whose bootstrap strings are BOOTSTRAP, and
"serverless-one").  Every request's SigV4 signature is checked (service
"kafka", the test's secret; the canonical URI encodes each segment once
more), as AWS does: a bad one gets 403 InvalidSignatureException.  A
request with the header X-Fake-Status (or the file PORTFILE.next holding a
status) gets that status instead (429, 500).  Test device only.
"""
import hashlib
import hmac
import json
import os
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

portfile, bootstrap = sys.argv[1], sys.argv[2]
SECRET = os.environ.get("FAKE_SECRET", "fakeSecretKey/EXAMPLE")
REGION = "us-east-1"
ACCOUNT = "123456789012"
ARN = "arn:aws:kafka:%s:%s:cluster/demo/0a1b2c3d-1111-2222-3333-444455556666-4" % (REGION, ACCOUNT)
ARN2 = "arn:aws:kafka:%s:%s:cluster/serverless-one/99999999-1111-2222-3333-444455556666-s1" % (
    REGION, ACCOUNT)
NAME = os.environ.get("FAKE_CLUSTER_NAME", "demo")

CLUSTERS = [
    {"clusterName": NAME, "clusterArn": ARN, "clusterType": "PROVISIONED", "state": "ACTIVE",
     "creationTime": "2026-11-01T10:00:00.000Z",
     "provisioned": {
         "numberOfBrokerNodes": 3,
         "brokerNodeGroupInfo": {"instanceType": "kafka.m5.large",
                                 "clientSubnets": ["subnet-a", "subnet-b", "subnet-c"],
                                 "storageInfo": {"ebsStorageInfo": {"volumeSize": 1000}}},
         "currentBrokerSoftwareInfo": {"kafkaVersion": "3.9.x"},
         "clientAuthentication": {"sasl": {"iam": {"enabled": True},
                                           "scram": {"enabled": True}},
                                  "unauthenticated": {"enabled": True}}}},
    {"clusterName": "serverless-one", "clusterArn": ARN2, "clusterType": "SERVERLESS",
     "state": "ACTIVE", "creationTime": "2026-11-02T10:00:00.000Z",
     "serverless": {"vpcConfigs": [{"subnetIds": ["subnet-x", "subnet-y"]}],
                    "clientAuthentication": {"sasl": {"iam": {"enabled": True}}}}},
]
NODES = [{"instanceType": "kafka.m5.large", "nodeType": "BROKER",
          "brokerNodeInfo": {"brokerId": float(i), "clientSubnet": "subnet-" + "abc"[i - 1],
                             "attachedENIId": "eni-%d" % i,
                             "endpoints": ["b-%d.demo.fake.kafka.us-east-1.amazonaws.com" % i]}}
         for i in (1, 2, 3)]
OPERATIONS = [{"operationArn": "arn:aws:kafka:us-east-1:123456789012:cluster-operation/demo/x/op-1",
               "operationType": "UPDATE_BROKER_TYPE", "operationState": "UPDATE_IN_PROGRESS",
               "startTime": "2026-12-05T09:00:00.000Z",
               "operationSteps": [{"stepName": "INITIALIZE_UPDATE"},
                                  {"stepName": "UPDATE_BROKER_TYPE_2_OF_3"}]},
              {"operationArn": "arn:aws:kafka:us-east-1:123456789012:cluster-operation/demo/x/op-0",
               "operationType": "CREATE", "operationState": "UPDATE_COMPLETE",
               "startTime": "2026-11-01T10:00:00.000Z", "endTime": "2026-11-01T10:30:00.000Z"}]


def sign_check(method, raw_path, query, headers):
    """True when the Authorization header is SigV4 over this request."""
    auth = headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return False
    parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    cred = parts.get("Credential", "").split("/")
    if len(cred) != 5 or cred[2] != REGION or cred[3] != "kafka":
        return False
    signed = parts.get("SignedHeaders", "").split(";")
    date = headers.get("X-Amz-Date", "")
    # each segment as sent, encoded once more (AWS for every service but S3)
    uri = "/".join(urllib.parse.quote(seg, safe="-_.~") for seg in raw_path.split("/"))
    pairs = sorted((urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                   for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True))
    cq = "&".join("%s=%s" % kv for kv in pairs)
    ch = "".join("%s:%s\n" % (h, " ".join(headers.get(h, "").split())) for h in signed)
    creq = "\n".join([method, uri, cq, ch, ";".join(signed), hashlib.sha256(b"").hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", date, "/".join(cred[1:]),
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + SECRET).encode()
    for part in cred[1:]:
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    want = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, parts.get("Signature", ""))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, etype=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if etype:
            self.send_header("x-amzn-ErrorType", etype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        raw_path, _, query = self.path.partition("?")
        forced = self.headers.get("X-Fake-Status")
        nxt = portfile + ".next"
        if os.path.exists(nxt):
            forced = open(nxt).read().strip()
            os.unlink(nxt)
        if forced == "429":
            return self.reply(429, {"message": "Too Many Requests",
                                    "__type": "TooManyRequestsException"})
        if forced == "500":
            return self.reply(500, {"message": "Internal failure",
                                    "__type": "InternalServerErrorException"})
        if not sign_check("GET", raw_path, query, self.headers):
            return self.reply(403, {"message": "The request signature we calculated does not "
                                    "match the signature you provided.",
                                    "__type": "InvalidSignatureException"})
        segs = [urllib.parse.unquote(s) for s in raw_path.split("/")]
        with open(portfile + ".log", "a") as log:
            log.write("%s %s\n" % (self.command, self.path))
        if raw_path == "/api/v2/clusters":
            return self.reply(200, {"clusterInfoList": CLUSTERS})
        if raw_path == "/api/v2/operations":
            arn = urllib.parse.parse_qs(query).get("clusterArn", [""])[0]
            return self.reply(200, {"clusterOperationInfoList": OPERATIONS if arn == ARN else []})
        if len(segs) >= 5 and segs[1:4] == ["api", "v2", "clusters"]:
            c = [x for x in CLUSTERS if x["clusterArn"] == segs[4]]
            if c:
                return self.reply(200, {"clusterInfo": c[0]})
        elif len(segs) == 5 and segs[1:3] == ["v1", "clusters"] and segs[3] == ARN:
            if segs[4] == "nodes":
                return self.reply(200, {"nodeInfoList": NODES})
            if segs[4] == "bootstrap-brokers":
                return self.reply(200, {"bootstrapBrokerString": bootstrap,
                                        "bootstrapBrokerStringSaslIam": bootstrap,
                                        "bootstrapBrokerStringSaslScram": bootstrap})
        return self.reply(404, {"message": "The requested resource was not found.",
                                "__type": "NotFoundException"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
