#!/usr/bin/env python3
"""fake_msk.py: an Amazon MSK control plane for kdeck's tests, built on
moto's server (PyPI moto[server], from tests/tools/moto-venv.sh).

    fake_msk.py PORTFILE [BOOTSTRAP]

Serves on 127.0.0.1 (the port is written to PORTFILE once the clusters
exist).  moto answers what it implements (CreateCluster, CreateClusterV2,
DescribeClusterV2, ...); this file adds what moto 5.2.1 lacks or gets
wrong for kdeck:

  - ListNodes, GetBootstrapBrokers, ListClusterOperationsV2 (moto: 500);
  - ListClustersV2 pagination (moto ignores maxResults and nextToken; here
    a page holds at most FAKE_PAGE_SIZE clusters, default 1, so a client
    must follow nextToken) and its name and type filters;
  - a 404 NotFoundException for an unknown ARN (moto: a KeyError, 500);
  - the SigV4 check of every request (moto's optional one mis-hashes GET
    bodies for this service): over the path as it came on the wire, each
    segment encoded once more, the query sorted, the signed headers and
    the body's SHA-256, with FAKE_ACCESS_KEY / FAKE_SECRET.  Another key:
    403 UnrecognizedClientException; a bad signature: 403
    InvalidSignatureException; a date 15 minutes off: 403.
    Errors carry x-amzn-ErrorType as AWS sends it, and the same name as
    "__type" in the body.

At start it creates, through its own API with boto3 (so botocore's
signatures are checked too): "demo" (or FAKE_CLUSTER_NAME), PROVISIONED,
3 x kafka.m5.large, Kafka 3.9.x, 1000 GB, IAM + SCRAM + unauthenticated,
one update in progress; and "serverless-one", SERVERLESS with IAM.  Both
are made ACTIVE.  With BOOTSTRAP, demo's plaintext, IAM and SCRAM
bootstrap strings are BOOTSTRAP (a real Kafka); otherwise MSK-like names.

Test switches:
  - PORTFILE.next holding a status (429, 500), or the request header
    X-Fake-Status: the next request gets that error instead;
  - PORTFILE.log: one line "METHOD /path?query" per signed request;
  - PORTFILE.state: JSON {"port", "clusters": {name: arn}};
  - unsigned admin calls, POST with a JSON body:
      /_fake/fail       {"status": 429, "count": 1}, or {"delay": SECONDS}: the
                        next request answered that late
      /_fake/bootstrap  {"cluster": NAME|ARN, "strings": {"bootstrapBrokerStringSaslIam": ...}}
      /_fake/operation  {"cluster": NAME|ARN, "operation": {...ClusterOperationV2Summary}}
      /_fake/cluster    {"name": N, "type": "PROVISIONED"|"SERVERLESS"}  -> {"arn"}
    and GET /_fake/state.
A test device only: it listens on loopback and trusts its admin calls.
"""
import datetime
import hashlib
import hmac
import io
import json
import os
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import boto3
    from moto.kafka.models import kafka_backends
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import WSGIRequestHandler, make_server
except ImportError:
    # run again with the venv's python (made once by moto-venv.sh)
    if os.environ.get("FAKE_MSK_REEXEC"):
        sys.exit("fake_msk.py: moto[server] is not importable even from its venv")
    import subprocess
    py = subprocess.run(["bash", os.path.join(HERE, "moto-venv.sh")], check=True,
                        stdout=subprocess.PIPE, text=True).stdout.strip()
    os.environ["FAKE_MSK_REEXEC"] = "1"
    os.execv(py, [py] + sys.argv)

if len(sys.argv) < 2:
    sys.exit(__doc__)
portfile = sys.argv[1]
bootstrap = sys.argv[2] if len(sys.argv) > 2 else None
ACCESS_KEY = os.environ.get("FAKE_ACCESS_KEY", "AKIDFAKE")
SECRET = os.environ.get("FAKE_SECRET", "fakeSecretKey/EXAMPLE")
REGION = "us-east-1"
ACCOUNT = "123456789012"
PAGE = max(1, int(os.environ.get("FAKE_PAGE_SIZE", "1")))
NAME = os.environ.get("FAKE_CLUSTER_NAME", "demo")
UNRESERVED = "-_.~"

lock = threading.Lock()
faults = []                     # statuses to answer next, in order
extra_bootstrap = {}            # arn -> {key: string}
operations = {}                 # arn -> [ClusterOperationV2Summary]
names = {}                      # name -> arn, in creation order


def backend():
    return kafka_backends[ACCOUNT][REGION]


def cluster_by(ref):
    """A moto cluster by ARN or name, or None."""
    clusters = backend().clusters
    if ref in clusters:
        return clusters[ref]
    arn = names.get(ref)
    return clusters.get(arn) if arn else None


# ---- SigV4, checked as AWS does -------------------------------------------

def enc(s):
    return urllib.parse.quote(s, safe=UNRESERVED)


def header(environ, name):
    if name == "content-type":
        return environ.get("CONTENT_TYPE", "")
    if name == "content-length":
        return environ.get("CONTENT_LENGTH", "")
    return environ.get("HTTP_" + name.upper().replace("-", "_"), "")


def sig_error(environ, method, raw_path, query, body):
    """None when the request is signed by the known key, else (type, message)."""
    auth = header(environ, "authorization")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return ("MissingAuthenticationTokenException", "Missing Authentication Token")
    try:
        parts = dict(p.strip().split("=", 1)
                     for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
        cred = parts["Credential"].split("/")
        signed = parts["SignedHeaders"].split(";")
        given = parts["Signature"]
    except (KeyError, ValueError):
        return ("IncompleteSignatureException", "Authorization header is malformed")
    if len(cred) != 5 or cred[4] != "aws4_request":
        return ("IncompleteSignatureException", "Credential is malformed")
    if cred[0] != ACCESS_KEY:
        return ("UnrecognizedClientException",
                "The security token included in the request is invalid.")
    amz_date = header(environ, "x-amz-date")
    try:
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        return ("IncompleteSignatureException", "X-Amz-Date is missing or malformed")
    skew = abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds())
    if skew > 900:
        return ("InvalidSignatureException", "Signature expired: %s is now earlier than "
                "15 minutes ago" % amz_date)
    if cred[1] != amz_date[:8] or cred[2] != REGION or cred[3] != "kafka":
        return ("InvalidSignatureException", "Credential should be scoped to a valid "
                "region, service kafka and the request's date")
    if "host" not in signed:
        return ("InvalidSignatureException", "'Host' must be a signed header")
    # every segment as it came, encoded once more (all services but S3)
    uri = "/".join(enc(seg) for seg in raw_path.split("/"))
    pairs = []
    for item in query.split("&") if query else []:
        k, _, v = item.partition("=")
        pairs.append((enc(urllib.parse.unquote(k)), enc(urllib.parse.unquote(v))))
    cq = "&".join("%s=%s" % kv for kv in sorted(pairs))
    ch = "".join("%s:%s\n" % (h, " ".join(header(environ, h).split())) for h in signed)
    creq = "\n".join([method, uri, cq, ch, ";".join(signed),
                      hashlib.sha256(body).hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, "/".join(cred[1:]),
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + SECRET).encode()
    for part in cred[1:]:
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    want = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, given):
        return ("InvalidSignatureException",
                "The request signature we calculated does not match the signature you "
                "provided. Check your AWS Secret Access Key and signing method. Consult "
                "the service documentation for details.")
    return None


# ---- what moto lacks ---------------------------------------------------------

def reply(start_response, status, body, etype=None):
    reasons = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
               429: "Too Many Requests", 500: "Internal Server Error"}
    if etype:
        body = dict(body, __type=etype)
    data = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    if etype:
        headers.append(("x-amzn-ErrorType", etype))
    start_response("%d %s" % (status, reasons.get(status, "Error")), headers)
    return [data]


def not_found(start_response, arn):
    return reply(start_response, 404, {"message": "The requested resource was not found.",
                                       "invalidParameter": "clusterArn"}, "NotFoundException")


def page_of(items, params):
    """One page: (items, nextToken or None) after params' nextToken."""
    try:
        start = int(params.get("nextToken", "0") or "0")
        size = min(PAGE, int(params.get("maxResults", "100") or "100"))
    except ValueError:
        return None, None
    chunk = items[start:start + size]
    more = start + size < len(items)
    return chunk, (str(start + size) if more else None)


def node_list(c):
    g = c.broker_node_group_info or {}
    subnets = g.get("clientSubnets") or ["subnet-0"]
    short = c.cluster_id[:6]
    out = []
    for i in range(1, int(c.number_of_broker_nodes or 0) + 1):
        out.append({
            "addedToClusterTime": c.creation_time,
            "instanceType": g.get("instanceType", "kafka.m5.large"),
            "nodeARN": "arn:aws:kafka:%s:%s:broker/%s/%s/%d" % (REGION, ACCOUNT,
                                                               c.cluster_name, short, i),
            "nodeType": "BROKER",
            "brokerNodeInfo": {
                "brokerId": float(i),
                "clientSubnet": subnets[(i - 1) % len(subnets)],
                "clientVpcIpAddress": "10.0.%d.%d" % ((i - 1) % len(subnets), 10 + i),
                "attachedENIId": "eni-%08x%d" % (abs(hash(c.arn)) % (1 << 32), i),
                "currentBrokerSoftwareInfo": {"kafkaVersion": c.kafka_version},
                "endpoints": ["b-%d.%s.fake.kafka.%s.amazonaws.com" % (i, c.cluster_name,
                                                                        REGION)],
            },
        })
    return out


def default_bootstrap(c):
    """Strings as MSK gives them, for the ways the cluster allows."""
    if c.cluster_type == "SERVERLESS":
        return {"bootstrapBrokerStringSaslIam":
                "boot-%s.c1.kafka-serverless.%s.amazonaws.com:9098" % (c.cluster_id[:8],
                                                                        REGION)}
    hosts = [n["brokerNodeInfo"]["endpoints"][0] for n in node_list(c)]
    a = c.client_authentication or {}
    sasl = a.get("sasl", {})

    def on(port):
        return ",".join("%s:%d" % (h, port) for h in hosts)
    out = {}
    if (a.get("unauthenticated") or {}).get("enabled") or not a:
        out["bootstrapBrokerString"] = on(9092)
    if (a.get("tls") or {}).get("certificateAuthorityArnList") or \
            (a.get("tls") or {}).get("enabled"):
        out["bootstrapBrokerStringTls"] = on(9094)
    if (sasl.get("scram") or {}).get("enabled"):
        out["bootstrapBrokerStringSaslScram"] = on(9096)
    if (sasl.get("iam") or {}).get("enabled"):
        out["bootstrapBrokerStringSaslIam"] = on(9098)
    return out


def list_clusters(start_response, params):
    prefix = params.get("clusterNameFilter")
    ctype = params.get("clusterTypeFilter")
    infos = [backend().describe_cluster_v2(arn) for arn in list(backend().clusters)]
    infos = [i for i in infos if (not prefix or i["clusterName"].startswith(prefix))
             and (not ctype or i["clusterType"] == ctype)]
    chunk, token = page_of(infos, params)
    if chunk is None:
        return reply(start_response, 400, {"message": "nextToken or maxResults is invalid"},
                     "BadRequestException")
    body = {"clusterInfoList": chunk}
    if token:
        body["nextToken"] = token
    return reply(start_response, 200, body)


def extension(environ, start_response, method, segs, params):
    """The operations moto lacks, or None to let moto answer."""
    if method != "GET":
        return None
    if segs == ["api", "v2", "clusters"]:
        return list_clusters(start_response, params)
    at = 3 if segs[:3] == ["api", "v2", "clusters"] else \
        2 if segs[:2] == ["v1", "clusters"] else None
    if at is not None and len(segs) > at:
        arn = urllib.parse.unquote(segs[at])
        c = backend().clusters.get(arn)
        rest = segs[at + 1:]
        if c is None:
            return not_found(start_response, arn)
        if segs[0] == "api" and rest == ["operations"]:
            chunk, token = page_of(operations.get(arn, []), params)
            body = {"clusterOperationInfoList": chunk or []}
            if token:
                body["nextToken"] = token
            return reply(start_response, 200, body)
        if segs[0] == "v1" and rest == ["nodes"]:
            if c.cluster_type == "SERVERLESS":
                return reply(start_response, 400, {"message": "This operation cannot be "
                                                   "performed on serverless clusters."},
                             "BadRequestException")
            chunk, token = page_of(node_list(c), params)
            body = {"nodeInfoList": chunk or []}
            if token:
                body["nextToken"] = token
            return reply(start_response, 200, body)
        if segs[0] == "v1" and rest == ["bootstrap-brokers"]:
            with lock:
                strings = extra_bootstrap.get(arn)
            return reply(start_response, 200, strings if strings is not None
                         else default_bootstrap(c))
    return None


# ---- admin -------------------------------------------------------------------

def state():
    return {"port": server.server_port, "clusters": dict(names)}


def admin(environ, start_response, path, body):
    try:
        req = json.loads(body or b"{}")
    except ValueError:
        return reply(start_response, 400, {"message": "not JSON"})
    if path == "/_fake/state":
        return reply(start_response, 200, state())
    if path == "/_fake/fail":
        what = "delay:%s" % float(req["delay"]) if "delay" in req else \
            str(int(req.get("status", 500)))
        with lock:
            faults.extend([what] * int(req.get("count", 1)))
        return reply(start_response, 200, {})
    if path == "/_fake/cluster":
        arn = create_cluster(req.get("name", "extra"), req.get("type", "PROVISIONED"))
        return reply(start_response, 200, {"arn": arn})
    c = cluster_by(req.get("cluster", ""))
    if c is None:
        return reply(start_response, 404, {"message": "no such cluster"})
    if path == "/_fake/bootstrap":
        with lock:
            extra_bootstrap[c.arn] = dict(req.get("strings", {}))
        return reply(start_response, 200, {})
    if path == "/_fake/operation":
        op = dict({"clusterArn": c.arn, "clusterType": c.cluster_type,
                   "operationArn": "arn:aws:kafka:%s:%s:cluster-operation/%s/%d" % (
                       REGION, ACCOUNT, c.cluster_id, len(operations.get(c.arn, [])))},
                  **req.get("operation", {}))
        with lock:
            operations.setdefault(c.arn, []).insert(0, op)
        return reply(start_response, 200, {"operationArn": op["operationArn"]})
    return reply(start_response, 404, {"message": "unknown admin call"})


# ---- the application ---------------------------------------------------------

moto_app = DomainDispatcherApplication(create_backend_app)


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or \
        urllib.parse.quote(environ.get("PATH_INFO", "/"))
    raw_path, _, query = raw.partition("?")
    try:
        n = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        n = 0
    body = environ["wsgi.input"].read(n) if n > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    if raw_path.startswith("/_fake/"):
        return admin(environ, start_response, raw_path, body)

    forced = header(environ, "x-fake-status") or None
    nxt = portfile + ".next"
    with lock:
        if os.path.exists(nxt):
            with open(nxt) as f:
                forced = f.read().strip()
            os.unlink(nxt)
        elif faults and not forced:
            forced = faults.pop(0)
    if forced and forced.startswith("delay:"):
        time.sleep(float(forced[6:]))
        forced = None
    if forced == "429":
        return reply(start_response, 429, {"message": "Too Many Requests"},
                     "TooManyRequestsException")
    if forced:
        return reply(start_response, int(forced), {"message": "Internal failure"},
                     "InternalServerErrorException")
    bad = sig_error(environ, method, raw_path, query, body)
    if bad:
        return reply(start_response, 403, {"message": bad[1]}, bad[0])
    with lock, open(portfile + ".log", "a") as log:
        log.write("%s %s\n" % (method, raw))
    segs = raw_path.strip("/").split("/")
    params = {}
    for item in query.split("&") if query else []:
        k, _, v = item.partition("=")
        params[urllib.parse.unquote(k)] = urllib.parse.unquote(v)
    out = extension(environ, start_response, method, segs, params)
    return out if out is not None else moto_app(environ, start_response)


# ---- the clusters, made through the API ----------------------------------------

def client():
    return boto3.client("kafka", region_name=REGION,
                        endpoint_url="http://127.0.0.1:%d" % server.server_port,
                        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET)


def create_cluster(name, ctype):
    k = client()
    if ctype == "SERVERLESS":
        arn = k.create_cluster_v2(ClusterName=name, Serverless={
            "VpcConfigs": [{"SubnetIds": ["subnet-x", "subnet-y"]}],
            "ClientAuthentication": {"Sasl": {"Iam": {"Enabled": True}}}})["ClusterArn"]
    else:
        # v1 CreateCluster: moto's CreateClusterV2 drops clientAuthentication
        arn = k.create_cluster(
            ClusterName=name, KafkaVersion="3.9.x", NumberOfBrokerNodes=3,
            BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large",
                                 "ClientSubnets": ["subnet-a", "subnet-b", "subnet-c"],
                                 "StorageInfo": {"EbsStorageInfo": {"VolumeSize": 1000}}},
            ClientAuthentication={"Sasl": {"Iam": {"Enabled": True},
                                           "Scram": {"Enabled": True}},
                                  "Unauthenticated": {"Enabled": True}})["ClusterArn"]
    backend().clusters[arn].state = "ACTIVE"
    names[name] = arn
    return arn


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()

demo = create_cluster(NAME, "PROVISIONED")
create_cluster("serverless-one", "SERVERLESS")
if bootstrap:
    extra_bootstrap[demo] = {"bootstrapBrokerString": bootstrap,
                             "bootstrapBrokerStringSaslIam": bootstrap,
                             "bootstrapBrokerStringSaslScram": bootstrap}
operations[demo] = [
    {"clusterArn": demo, "clusterType": "PROVISIONED",
     "operationArn": "arn:aws:kafka:%s:%s:cluster-operation/%s/op-1" % (REGION, ACCOUNT, NAME),
     "operationType": "UPDATE_BROKER_TYPE", "operationState": "UPDATE_IN_PROGRESS",
     "startTime": "2026-12-05T09:00:00.000Z",
     # the V2 summary has no steps; the V1 shape's, for the dashboard's line
     "operationSteps": [{"stepName": "INITIALIZE_UPDATE"},
                        {"stepName": "UPDATE_BROKER_TYPE_2_OF_3"}]},
    {"clusterArn": demo, "clusterType": "PROVISIONED",
     "operationArn": "arn:aws:kafka:%s:%s:cluster-operation/%s/op-0" % (REGION, ACCOUNT, NAME),
     "operationType": "CREATE", "operationState": "UPDATE_COMPLETE",
     "startTime": "2026-11-01T10:00:00.000Z", "endTime": "2026-11-01T10:30:00.000Z"}]
# the creation calls are not part of what a test counts
if os.path.exists(portfile + ".log"):
    os.unlink(portfile + ".log")
with open(portfile + ".state", "w") as f:
    json.dump(state(), f)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % server.server_port)
os.rename(portfile + ".tmp", portfile)
threading.Event().wait()
