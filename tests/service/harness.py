"""What the service tests share: a real `trustgate serve` on a free port with
a fresh data directory, accounts of every role made with the CLI, an HTTP
client over one kept-alive connection, and the OpenAPI document as a
checker of every response.

Run with Debian's python3 (/usr/bin/python3): the contract checks use its
python3-jsonschema.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The design's example request (design, "Decision request").
EXAMPLE = {
    "id": "optional-client-id", "received_at": "2025-01-27T14:03:00-06:00",
    "jurisdiction": "us-il-chicago", "receiving_agency": "chicago-police",
    "requester": {"agency": "ice-ero"},
    "instrument": {"type": "detainer", "form": "I-247A", "signed_by": "immigration_officer"},
    "actions": ["hold_beyond_release", "notify_release"],
    "purpose": "civil_immigration_enforcement", "subject": {"in_custody": True},
    "facts": {"supervisor_on_site": False},
}

# Requests that make cases in each state a sign-off test needs.
DECIDED = dict(EXAMPLE, id=None)  # no sign-off needed: closes at once
AWAITING_SUPERVISOR = {  # Chicago: a supervisor must be on site
    "received_at": "2025-02-03T09:00:00-06:00", "jurisdiction": "us-il-chicago",
    "receiving_agency": "chicago-police", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "informal"}, "actions": ["on_scene_assistance"],
    "purpose": "criminal_investigation", "subject": {"in_custody": False},
    "facts": {"supervisor_on_site": True},
}
AWAITING_COUNSEL = {  # the Travis County Sheriff's detainer policy against Texas SB 4
    "received_at": "2025-03-04T10:00:00-06:00", "jurisdiction": "us-tx-austin",
    "receiving_agency": "travis-county-sheriff", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "detainer", "signed_by": "immigration_officer"},
    "actions": ["hold_beyond_release"], "purpose": "civil_immigration_enforcement",
    "subject": {"in_custody": True},
}

ROLES = ["desk_officer", "supervisor", "counsel", "auditor", "records_officer", "data_partner",
         "admin"]
# Each role's account: the agency (and jurisdiction) it works for. A data
# partner's agency is the recipient the disclosure guard decides for.
ROLE_AGENCY = {"desk_officer": ("chicago-police", "us-il-chicago"),
               "supervisor": ("chicago-police", "us-il-chicago"),
               "records_officer": ("chicago-police", "us-il-chicago"),
               "data_partner": ("fbi", ""),
               "counsel": ("", ""), "auditor": ("", ""), "admin": ("", "")}


# A release of records for the disclosure guard's operations: protected
# values (SECRET...) that a barred recipient must never see.
DISCLOSURE_RECORDS = "".join(
    json.dumps({"record_type": "booking", "booking_number": f"BK-{i}", "name": f"Person {i}",
                "immigration_status": f"SECRETSTATUS{i}", "citizenship": f"SECRETCIT{i}",
                "charges": ["retail theft"], "extra": {"note": f"SECRETNOTE{i}"}}) + "\n"
    for i in range(3))
DISCLOSURE = {"request": {"jurisdiction": "us-il-chicago", "receiving_agency": "chicago-police",
                          "recipient": "ice", "purpose": "civil_immigration_enforcement",
                          "instrument": "none"},
              "records": DISCLOSURE_RECORDS}


def seed_records(data):
    """The agency's stored records that GET /v1/records answers from."""
    d = os.path.join(data, "records", "chicago-police")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "booking.jsonl"), "w", encoding="utf-8") as f:
        f.write(DISCLOSURE_RECORDS)


def trustgate_binary():
    path = os.environ.get("TRUSTGATE") or os.path.join(ROOT, "build", "bin", "trustgate")
    if not os.path.exists(path):
        raise SystemExit(f"no trustgate binary at {path} (set TRUSTGATE or pass --trustgate)")
    return path


def run_cli(tg, *args, stdin=None, check=True):
    r = subprocess.run([tg, *args], input=stdin, capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"trustgate {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names -> value
        self.body = body        # bytes

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<{self.status} {self.content_type} {self.body[:300]!r}>"


class Client:
    """One kept-alive HTTP/1.1 connection; reconnects when the server closes it."""

    def __init__(self, port, token=None, contract=None):
        self.port = port
        self.token = token
        self.contract = contract
        self.cookie = None
        self.csrf = None
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self.conn

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, token=..., operation=None,
                raw=False):
        """Sends one request. body: a JSON value, or bytes sent as they are.
        When the client has a contract and `operation` is given, the answer
        is checked against the operation's documented responses."""
        h = {}
        if body is not None and not raw:
            h["Content-Type"] = "application/json"
        tok = self.token if token is ... else token
        if tok:
            h["Authorization"] = "Bearer " + tok
        if self.cookie:
            h["Cookie"] = self.cookie
            if method not in ("GET", "HEAD") and self.csrf:
                h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        for attempt in range(2):
            conn = self._connection()
            try:
                conn.request(method, path, body=data, headers=h)
                r = conn.getresponse()
                payload = r.read()
                resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, payload)
                if r.will_close:
                    self.close()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 1:
                    raise
        if self.contract is not None and operation is not None:
            self.contract.check(operation, method, resp)
        return resp


class Contract:
    """The OpenAPI document as a checker: each response's status must be one
    the operation documents, its content type the documented one, and its
    body valid against the documented schema. Records what it saw, so a
    test can say which (operation, status) pairs it covered."""

    def __init__(self, doc):
        self.doc = doc
        self.operations = {}  # operationId -> (method, path, operation object)
        for path, item in doc["paths"].items():
            for method, op in item.items():
                self.operations[op["operationId"]] = (method.upper(), path, op)
        self.resolver = jsonschema.RefResolver.from_schema(doc)
        self.format_checker = jsonschema.FormatChecker()
        rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
        self.format_checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(rfc3339.match(v)))
        self.seen = set()  # (operationId, status)

    def response_spec(self, op, status):
        spec = op["responses"].get(str(status))
        if spec and "$ref" in spec:
            name = spec["$ref"].split("/")[-1]
            spec = self.doc["components"]["responses"][name]
        return spec

    def check(self, operation, method, resp):
        want_method, path, op = self.operations[operation]
        if method != want_method and not (method == "HEAD" and want_method == "GET"):
            raise AssertionError(f"{operation} is {want_method}, called with {method}")
        spec = self.response_spec(op, resp.status)
        if spec is None:
            raise AssertionError(f"{operation}: status {resp.status} is not documented "
                                 f"(documented: {sorted(op['responses'])}); got {resp!r}")
        self.seen.add((operation, resp.status))
        content = spec.get("content")
        if method == "HEAD" or not content:
            return
        ctype = resp.content_type
        if ctype not in content:
            raise AssertionError(f"{operation} {resp.status}: content type {ctype!r}, documented "
                                 f"{sorted(content)}")
        for name, h in spec.get("headers", {}).items():
            if name.lower() in ("set-cookie",):
                continue
            if h.get("required") and name.lower() not in resp.headers:
                raise AssertionError(f"{operation} {resp.status}: no {name} header")
        schema = content[ctype].get("schema")
        if schema is None:
            return
        if "json" in ctype:
            try:
                value = resp.json()
            except ValueError as e:
                raise AssertionError(f"{operation} {resp.status}: body is not JSON: {e}: {resp!r}")
        elif ctype.startswith("text/"):
            value = resp.body.decode("utf-8")
        else:
            return  # bytes (tiles): the schema says only that they are a string of bytes
        validator = jsonschema.Draft202012Validator(schema, resolver=self.resolver,
                                                    format_checker=self.format_checker)
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            raise AssertionError(f"{operation} {resp.status}: the body does not match its schema at "
                                 f"/{'/'.join(map(str, e.path))}: {e.message}")


class Server:
    """A trustgate data directory and a `trustgate serve` on it."""

    def __init__(self, tg=None, extra_args=(), keep=False):
        self.tg = tg or trustgate_binary()
        self.tmp = tempfile.mkdtemp(prefix="trustgate-service-")
        self.data = os.path.join(self.tmp, "data")
        self.access_log = os.path.join(self.tmp, "access.log")
        self.extra_args = list(extra_args)
        self.keep = keep
        self.proc = None
        self.port = None
        out = run_cli(self.tg, "init", "--data", self.data, "--policies",
                      os.path.join(ROOT, "policies")).stdout
        m = re.search(r"admin token\s+(tg_[A-Za-z0-9_-]{43})", out)
        if not m:
            raise AssertionError("init printed no admin token:\n" + out)
        self.admin_token = m.group(1)
        self.tokens = {"admin": self.admin_token}
        self.users = {}
        self.output = ""

    def start(self):
        self.proc = subprocess.Popen(
            [self.tg, "serve", "--data", self.data, "--listen", "127.0.0.1:0",
             "--access-log", self.access_log, *self.extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"at https?://127\.0\.0\.1:(\d+)/", line)
        if not m:
            rest = self.proc.stdout.read() if self.proc.poll() is not None else ""
            raise AssertionError("serve did not start: " + line + rest)
        self.port = int(m.group(1))
        return self

    def stop(self, timeout=30):
        """SIGTERM; returns the exit code."""
        if not self.proc:
            return None
        self.proc.terminate()
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.output += self.proc.stdout.read()  # what it printed after its first line
        self.proc.stdout.close()
        self.proc = None
        return rc

    def kill(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self.proc = None

    def cleanup(self):
        if self.proc:
            self.kill()
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def cli(self, *args, **kw):
        return run_cli(self.tg, *args, "--data", self.data, **kw)

    def add_user(self, name, role, agency="", jurisdiction=""):
        args = ["user", "add", name, "--role", role]
        if agency:
            args += ["--agency", agency]
        if jurisdiction:
            args += ["--jurisdiction", jurisdiction]
        out = self.cli(*args).stdout.split()
        self.users[name] = out[1]  # the user id
        token = self.cli("user", "token", name).stdout.strip()
        self.tokens[name] = token
        return token

    def add_role_users(self):
        """One account per role (besides init's admin), named after the role."""
        for role in ROLES:
            if role == "admin":
                continue
            agency, jurisdiction = ROLE_AGENCY[role]
            self.add_user(role, role, agency, jurisdiction)
        return self.tokens

    def client(self, who=None, contract=None):
        return Client(self.port, self.tokens.get(who) if who else None, contract)

    def ledger_size(self):
        # The latest checkpoint: origin, size, root, blank line, signatures.
        return int(self.cli("ledger", "head").stdout.splitlines()[1])

    def case_count(self):
        out = self.cli("case", "list").stdout
        return len([line for line in out.splitlines() if line.startswith("C-")])

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


def load_document():
    with open(os.path.join(ROOT, "api", "openapi.json"), encoding="utf-8") as f:
        return json.load(f)


def server_routes(tg):
    """(method, path, operation id) of every route, from `serve --print-routes`."""
    out = run_cli(tg, "serve", "--print-routes").stdout
    routes = set()
    for line in out.splitlines():
        if line.strip():
            method, path, operation = line.split()
            routes.add((method, path, operation))
    return routes


def document_routes(doc):
    return {(m.upper(), p, op["operationId"]) for p, item in doc["paths"].items()
            for m, op in item.items()}
