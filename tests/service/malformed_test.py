#!/usr/bin/python3
"""Malformed requests over a real socket: every kind is refused with the
right 4xx, names the bad field's JSON Pointer when there is one, writes
nothing, and leaves the server serving.

Each kind is sent as raw bytes on a fresh connection to a real `trustgate
serve` (a short --request-timeout, so that a slow client is cut off
quickly). After each one the test checks that a new connection still gets
/healthz, and that the ledger's size and the number of cases are what they
were; at the end, after SIGTERM, that every table of cases.db and
accounts.db holds the rows it held before the first malformed request, and
that the ledger verifies.

The kinds: HTTP (methods, request lines, targets, headers, lengths,
chunking, content types, limits, slow clients, credentials), and the JSON
bodies of every operation that takes one (syntax, each field missing, of
each wrong type, out of range, of an unknown value, unknown members,
repeated keys), and query parameters.

  malformed_test.py [--trustgate build/bin/trustgate] [-v]
"""
import argparse
import copy
import http.client
import json
import os
import socket
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import AWAITING_SUPERVISOR, EXAMPLE  # noqa: E402

REQUEST_TIMEOUT = 1.0  # seconds: serve --request-timeout for this test
failures = []


class Kind:
    """One malformed request: raw bytes, the status it must get (or None
    for "the connection is closed without an answer"), and the pointer its
    problem must name (None: no pointer is checked; "" : any)."""

    def __init__(self, name, raw, status, pointer=None, pause=0.0, tail=b""):
        self.name, self.raw, self.status, self.pointer = name, raw, status, pointer
        self.pause, self.tail = pause, tail  # send raw, wait pause seconds, send tail


def http_request(method, path, body=None, headers=None, token=None, ctype="application/json",
                 version="HTTP/1.1"):
    lines = [f"{method} {path} {version}".encode(), b"Host: 127.0.0.1"]
    if token:
        lines.append(b"Authorization: Bearer " + token.encode())
    if body is not None and ctype:
        lines.append(b"Content-Type: " + ctype.encode())
    if body is not None:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    for name, value in (headers or {}).items():
        lines.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()))
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def send(port, kind):
    """(status, headers, body) of the answer, or (None, {}, b"") when the
    server closed the connection without one."""
    s = socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT * 5 + 5)
    try:
        try:
            s.sendall(kind.raw)
            if kind.pause:
                time.sleep(kind.pause)
                if kind.tail:
                    s.sendall(kind.tail)
        except (BrokenPipeError, ConnectionResetError):
            pass
        r = http.client.HTTPResponse(s)
        try:
            r.begin()
        except (http.client.RemoteDisconnected, ConnectionResetError, http.client.BadStatusLine):
            return None, {}, b""
        body = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body
    finally:
        s.close()


def set_path(doc, pointer, value):
    parts = [p for p in pointer.split("/")[1:]]
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def del_path(doc, pointer):
    parts = pointer.split("/")[1:]
    node = doc
    for p in parts[:-1]:
        node = node[p]
    del node[parts[-1]]
    return doc


def json_kinds(name, method, path, base, token, fields, required, extra=()):
    """Kinds for one JSON body: each field of `fields` (pointer -> its JSON
    type) of every other type, each required one missing, an unknown member
    at each object, and `extra` (name, body, pointer) as given."""
    kinds = []
    samples = {"string": "text", "integer": 7, "boolean": True, "array": [], "object": {},
               "null": None}
    for pointer, kind in fields.items():
        for other, value in samples.items():
            if other == kind or (other == "null" and pointer in extra_null_ok):
                continue
            body = set_path(copy.deepcopy(base), pointer, value)
            kinds.append(Kind(f"{name}: {pointer} is {other}, not {kind}",
                              http_request(method, path, json.dumps(body).encode(), token=token),
                              400, pointer))
    for pointer in required:
        body = del_path(copy.deepcopy(base), pointer)
        kinds.append(Kind(f"{name}: {pointer} missing",
                          http_request(method, path, json.dumps(body).encode(), token=token),
                          400, MISSING_POINTER.get(pointer, pointer)))
    for pointer, kind in [("", "object")] + list(fields.items()):
        if kind != "object":
            continue
        body = copy.deepcopy(base)
        target = body
        for p in [p for p in pointer.split("/")[1:]]:
            target = target[p]
        target["unexpected_member"] = 1
        kinds.append(Kind(f"{name}: unknown member at {pointer or '/'}",
                          http_request(method, path, json.dumps(body).encode(), token=token),
                          400, pointer + "/unexpected_member"))
    for label, body, status, pointer in extra:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        kinds.append(Kind(f"{name}: {label}", http_request(method, path, raw, token=token), status,
                          pointer))
    return kinds


extra_null_ok = set()  # pointers where null is accepted (none: null is a wrong type everywhere)

REQUEST_FIELDS = {
    "/id": "string", "/received_at": "string", "/jurisdiction": "string",
    "/receiving_agency": "string", "/requester": "object", "/requester/agency": "string",
    "/instrument": "object", "/instrument/type": "string", "/instrument/form": "string",
    "/instrument/signed_by": "string", "/actions": "array", "/actions/0": "string",
    "/purpose": "string", "/subject": "object", "/subject/in_custody": "boolean",
    "/facts": "object", "/facts/supervisor_on_site": "boolean",
}
# A missing object is named by its required member (the intake's message).
MISSING_POINTER = {"/requester": "/requester/agency", "/instrument": "/instrument/type"}
REQUEST_REQUIRED = ["/received_at", "/jurisdiction", "/receiving_agency", "/requester",
                    "/requester/agency", "/instrument", "/instrument/type", "/actions", "/purpose"]


def request_extras(prefix):
    """Out-of-range and unknown values of a decision request."""
    def w(pointer, value):
        return set_path(dict(copy.deepcopy(EXAMPLE), id=f"{prefix}-x"), pointer, value)
    out = []
    for value in ["2025-01-27", "2025-01-27 14:03:00-06:00", "2025-02-30T10:00:00Z",
                  "2025-01-27T25:00:00Z", "2025-01-27T14:03:00", "1989-12-31T23:59:59Z",
                  "2201-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "", "yesterday",
                  "2025-01-27T14:03:00+25:00", "2025-13-01T00:00:00Z"]:
        out.append((f"received_at {value!r}", w("/received_at", value), 400, "/received_at"))
    out += [
        ("instrument.type unknown", w("/instrument/type", "fax"), 400, "/instrument/type"),
        ("instrument.signed_by unknown", w("/instrument/signed_by", "a clerk"), 400,
         "/instrument/signed_by"),
        ("instrument.form too long", w("/instrument/form", "F" * 33), 400, "/instrument/form"),
        ("purpose unknown", w("/purpose", "fun"), 400, "/purpose"),
        ("an unknown action", w("/actions", ["fly"]), 400, "/actions/0"),
        ("the second action unknown", w("/actions", ["notify_release", "fly"]), 400, "/actions/1"),
        ("no actions", w("/actions", []), 400, "/actions"),
        ("a repeated action", w("/actions", ["notify_release", "notify_release"]), 400, "/actions/1"),
        ("an unknown jurisdiction", w("/jurisdiction", "us-zz-nowhere"), 400, "/jurisdiction"),
        ("an agency of another jurisdiction", w("/receiving_agency", "nypd"), 400,
         "/receiving_agency"),
        ("an unknown agency", w("/receiving_agency", "no-such-agency"), 400, "/receiving_agency"),
        ("jurisdiction too long", w("/jurisdiction", "j" * 65), 400, "/jurisdiction"),
        ("id too long", w("/id", "i" * 129), 400, "/id"),
        ("id with a control character", w("/id", "a\u0007b"), 400, "/id"),
        ("id with a newline", w("/id", "a\nb"), 400, "/id"),
        ("requester.agency empty", w("/requester/agency", ""), 400, "/requester/agency"),
        ("requester.agency with a control character", w("/requester/agency", "ice\u0000"), 400,
         "/requester/agency"),
        ("requester.agency too long", w("/requester/agency", "a" * 65), 400, "/requester/agency"),
        ("a float for in_custody", w("/subject/in_custody", 1.5), 400, "/subject/in_custody"),
        ("an unknown subject member", w("/subject/name", "J. Doe"), 400, "/subject/name"),
        ("an unknown fact", w("/facts/ssn", "123-45-6789"), 400, "/facts/ssn"),
        ("a top-level ssn", w("/ssn", "123-45-6789"), 400, "/ssn"),
    ]
    return out


def syntax_kinds(name, method, path, token):
    bodies = [
        (b"", "an empty body"), (b"   ", "only whitespace"), (b"{", "an open brace"),
        (b'{"id": "x",', "truncated"), (b'{"id": "x",}', "a trailing comma"),
        (b"{'id': 'x'}", "single quotes"), (b'{"id": NaN}', "NaN"), (b'{"a": Infinity}', "Infinity"),
        (b'{"id": "x"} // c', "a comment"), (b'{"id": "x"} {"id": "y"}', "two objects"),
        (b'{"id": "x"} garbage', "trailing garbage"), (b"\xef\xbb\xbf{}", "a byte-order mark"),
        (b"[]", "an array"), (b'"text"', "a string"), (b"42", "a number"), (b"null", "null"),
        (b"true", "true"), (b'{"id": "\xff\xfe"}', "invalid UTF-8"),
        (b'{"id": "\\ud800"}', "a lone surrogate escape"), (b'{"id": "a\x01b"}', "a raw control character"),
        (b"[" * 5000 + b"]" * 5000, "5,000 nested arrays"), (b'{"a":' * 3000 + b"1" + b"}" * 3000,
                                                             "3,000 nested objects"),
        (b'{"id": "x", "id": "y"}', "a repeated key"), (b'{"id": 1e400}', "a huge exponent"),
        (b'{"id": 123456789012345678901234567890}', "a huge integer"), (b'{"id": 0x10}', "hex"),
        (b'{"id": "\\x41"}', "a bad escape"), (b'{"id" "x"}', "a missing colon"), (b"\x00", "a NUL byte"),
    ]
    return [Kind(f"{name}: invalid JSON: {label}", http_request(method, path, body, token=token), 400,
                 "/id" if label == "a repeated key" else None) for body, label in bodies]


def http_kinds(token):
    ok_body = json.dumps(EXAMPLE).encode()
    k = []

    def raw(name, data, status, **kw):
        k.append(Kind("HTTP: " + name, data, status, **kw))
    for method in ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO", "get", "PROPFIND"):
        raw(f"method {method} on /v1/cases", http_request(method, "/v1/cases", token=token), 405)
    raw("GET on a POST-only path", http_request("GET", "/v1/decide", token=token), 405)
    raw("POST on a GET-only path", http_request("POST", "/healthz", b"{}"), 405)
    raw("a method with a control byte", b"GE\x01T /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    raw("no HTTP version", b"GET /healthz\r\nHost: x\r\n\r\n", 400)
    raw("HTTP/2.0 in the request line", b"GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n", 400)
    raw("HTTP/1.7", b"GET /healthz HTTP/1.7\r\nHost: x\r\n\r\n", 400)
    raw("a lower-case version", b"GET /healthz http/1.1\r\nHost: x\r\n\r\n", 400)
    raw("garbage instead of a request", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40, 400)
    raw("an empty request line", b"\r\n\r\n", 400)
    raw("two spaces in the request line", b"GET  /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    raw("a bare LF", b"GET /healthz HTTP/1.1\nHost: x\n\n", 400)
    raw("no Host in HTTP/1.1", b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", 400)
    raw("two Host headers", b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", 400)
    raw("an unknown path", http_request("GET", "/v2/cases"), 404)
    raw("a path that is not under /", b"GET healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    # RFC 9112 3.2: one Host, which may be empty; HTTP/1.0 needs none.
    raw("an empty Host (allowed)", b"GET /healthz HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n", 200)
    raw("no Host in HTTP/1.0 (allowed)", b"GET /healthz HTTP/1.0\r\n\r\n", 200)
    raw("no Host in a POST", b"POST /v1/decide HTTP/1.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 2\r\nConnection: close\r\n\r\n{}", 400)
    # RFC 9112 3.2.2: the absolute form is read as its path and query (an
    # empty path is "/", RFC 9110 4.2.3), whatever Host says.
    raw("an absolute-form target (read as its path)",
        b"GET http://other.example:81/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200)
    raw("an absolute-form target with an upper-case scheme",
        b"GET HTTP://x/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200)
    raw("an absolute-form target to no path (the root)",
        b"GET http://evil.example?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200)
    raw("an absolute-form target with user information",
        b"GET http://user:pw@x/healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    raw("an absolute-form target with no host", b"GET http:///healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    raw("an absolute-form target of another scheme", b"GET ftp://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    raw("an encoded slash in the path", http_request("GET", "/v1/cases/C-1%2Fproof", token=token), 400)
    raw("an encoded slash in lower case", http_request("GET", "/v1/cases/C-1%2fproof", token=token), 400)
    raw("an encoded slash in an absolute-form target",
        http_request("GET", "http://x/v1/cases/C-1%2Fproof", token=token), 400)
    raw("an encoded slash in a tile path", http_request("GET", "/tile/0/x001%2F002"), 400)
    # Bytes that are not UTF-8, quoted back in the problem (escaped).
    raw("invalid UTF-8 in a jurisdiction's id", http_request("GET", "/v1/jurisdictions/%FF%FE%E2%80%AE/rights"), 404)
    raw("invalid UTF-8 in a repeated query parameter",
        http_request("GET", "/v1/cases?%C3%28=1&%C3%28=2", token=token), 400, pointer="")
    raw("invalid UTF-8 in a user's name", http_request("POST", "/v1/users/%FF%E2%80%AE/disable", token=token), 404)
    raw("a control character in the path", http_request("GET", "/v1/cases/C%0A1", token=token), 400)
    raw("an asterisk target", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    raw("a NUL in the path", http_request("GET", "/v1/cases/%00", token=token), 400)
    raw("a bad percent-escape", http_request("GET", "/v1/cases?state=%zz", token=token), 400, pointer="")
    raw("a truncated percent-escape", http_request("GET", "/v1/cases?state=%4", token=token), 400, pointer="")
    raw("a repeated query parameter", http_request("GET", "/v1/cases?limit=1&limit=2", token=token), 400,
        pointer="/limit")
    raw("dot segments", http_request("GET", "/v1/../v1/cases", token=token), 404)
    raw("a double slash", http_request("GET", "//v1/cases", token=token), 404)
    raw("a URI over the header limit", b"GET /healthz?x=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 431)
    raw("a header over the limit", http_request("GET", "/healthz", headers={"X-Big": "b" * 17000}), 431)
    raw("many headers over the limit", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" +
        b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 60) for i in range(400)) + b"\r\n", 431)
    raw("a header without a colon", b"GET /healthz HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n", 400)
    raw("a space before the colon", b"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", 400)
    # RFC 9112 5.2 lets a server unfold it (Beast does): answered, not refused.
    raw("a folded header (unfolded)", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n", 200)
    raw("a header name with a control byte", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX\x01A: a\r\n\r\n", 400)
    raw("a header value with a NUL", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400)
    post = b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode() + \
        b"\r\nContent-Type: application/json\r\nConnection: close\r\n"
    raw("a Content-Length that is not a number", post + b"Content-Length: abc\r\n\r\n{}", 400)
    raw("a negative Content-Length", post + b"Content-Length: -1\r\n\r\n{}", 400)
    raw("two different Content-Lengths", post + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400)
    raw("Content-Length and Transfer-Encoding", post + b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"2\r\n{}\r\n0\r\n\r\n", 400)
    raw("a Content-Length over the limit", post + b"Content-Length: 2097152\r\n\r\n" + b"x" * 65536, 413)
    raw("a 2 MiB body", post + b"Content-Length: 2097152\r\n\r\n" + b"x" * 2097152, 413)
    raw("a Content-Length of 20 digits", post + b"Content-Length: 99999999999999999999\r\n\r\n", 400)
    chunked = post + b"Transfer-Encoding: chunked\r\n\r\n"
    raw("a chunk size that is not hex", chunked + b"zz\r\n{}\r\n0\r\n\r\n", 400)
    raw("a chunk without its CRLF", chunked + b"2\r\n{}0\r\n\r\n", 400)
    raw("a chunk size of 17 hex digits", chunked + b"11111111111111111\r\n{}\r\n0\r\n\r\n", 400)
    raw("chunks over the body limit", chunked + (b"10000\r\n" + b"x" * 65536 + b"\r\n") * 17 + b"0\r\n\r\n", 413)
    raw("an unknown transfer coding", post + b"Transfer-Encoding: gzip\r\n\r\n{}", 400)
    raw("chunked, then cut off", chunked + b"5\r\n{\"a\"", None, pause=REQUEST_TIMEOUT + 1)
    raw("a body shorter than its Content-Length", post + b"Content-Length: 100\r\n\r\n{}", None,
        pause=REQUEST_TIMEOUT + 1)
    raw("slow headers (never finished)", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ", None,
        pause=REQUEST_TIMEOUT + 1)
    raw("slow headers (finished after the timeout)", b"GET /healthz HTTP/1.1\r\nHost: x\r\n", None,
        pause=REQUEST_TIMEOUT + 1, tail=b"X-Late: 1\r\n\r\n")
    raw("a connection that sends nothing", b"", None, pause=REQUEST_TIMEOUT + 1)
    for ctype in (None, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                  "multipart/form-data; boundary=x", "application/jsonx", "json", "application/json-patch+json"):
        raw(f"content type {ctype}", http_request("POST", "/v1/decide", ok_body, token=token, ctype=ctype), 415)
    # Credentials.
    raw("a token that is not a token", http_request("GET", "/v1/me", token="tg_" + "x" * 43), 401)
    raw("an empty bearer", http_request("GET", "/v1/me", headers={"Authorization": "Bearer "}), 401)
    raw("Basic credentials", http_request("GET", "/v1/me", headers={"Authorization": "Basic YTpi"}), 401)
    raw("a lower-case scheme with a bad token", http_request("GET", "/v1/me", headers={"Authorization": "bearer x"}), 401)
    raw("a session cookie that is not a session", http_request("GET", "/v1/me", headers={"Cookie": "tg_session=nope"}), 401)
    raw("a submission without credentials", http_request("POST", "/v1/cases", ok_body), 401)
    return k


def body_kinds(tokens, case_id):
    admin, sup, counsel = tokens["admin"], tokens["supervisor"], tokens["counsel"]
    k = []
    base = dict(copy.deepcopy(EXAMPLE), id="malformed-base")
    k += json_kinds("POST /v1/cases", "POST", "/v1/cases", base, admin, REQUEST_FIELDS, REQUEST_REQUIRED,
                    request_extras("cases"))
    k += syntax_kinds("POST /v1/cases", "POST", "/v1/cases", admin)
    k.append(Kind("POST /v1/cases: an Idempotency-Key that differs from the id",
                  http_request("POST", "/v1/cases", json.dumps(base).encode(), token=admin,
                               headers={"Idempotency-Key": "another"}), 400, "/id"))
    k.append(Kind("POST /v1/cases: an Idempotency-Key with invalid JSON",
                  http_request("POST", "/v1/cases", b"{", token=admin, headers={"Idempotency-Key": "k"}), 400))
    k.append(Kind("POST /v1/cases: a desk officer for another agency",
                  http_request("POST", "/v1/cases", json.dumps(dict(base, receiving_agency="nypd",
                                                                    jurisdiction="us-ny-nyc")).encode(),
                               token=tokens["desk_officer"]), 403))
    k.append(Kind("POST /v1/cases: an auditor", http_request("POST", "/v1/cases", json.dumps(base).encode(),
                                                             token=tokens["auditor"]), 403))
    # The same intake behind decide: a sample.
    k += json_kinds("POST /v1/decide", "POST", "/v1/decide", base, admin,
                    {"/instrument/type": "string", "/actions": "array", "/subject/in_custody": "boolean"},
                    ["/jurisdiction", "/purpose"], request_extras("decide")[:4])
    k += syntax_kinds("POST /v1/decide", "POST", "/v1/decide", admin)[:6]
    # Sign-off and override of a case awaiting a supervisor.
    k += json_kinds("sign off", "POST", f"/v1/cases/{case_id}/signoff", {"by": "Sgt. A", "on_site": True},
                    sup, {"/by": "string", "/on_site": "boolean"}, [])
    k += json_kinds("override", "POST", f"/v1/cases/{case_id}/override", {"by": "Sgt. A", "reason": "r"},
                    sup, {"/by": "string", "/reason": "string"}, ["/reason"])
    k.append(Kind("sign off by an auditor", http_request("POST", f"/v1/cases/{case_id}/signoff", b"{}",
                                                         token=tokens["auditor"]), 403))
    k.append(Kind("sign off by a supervisor of another agency",
                  http_request("POST", f"/v1/cases/{case_id}/signoff", b"{}", token=tokens["other_supervisor"]),
                  404))
    k.append(Kind("sign off by an admin", http_request("POST", f"/v1/cases/{case_id}/signoff", b"{}",
                                                       token=admin), 403))
    k.append(Kind("sign off by counsel (the case awaits a supervisor)",
                  http_request("POST", f"/v1/cases/{case_id}/signoff", b"{}", token=counsel), 403))
    k.append(Kind("sign off a case that does not exist",
                  http_request("POST", "/v1/cases/C-999999/signoff", b"{}", token=sup), 404))
    # Accounts.
    k += json_kinds("login", "POST", "/v1/login", {"name": "someone", "password": "a password"}, None,
                    {"/name": "string", "/password": "string"}, ["/name", "/password"])
    k += json_kinds("add a user", "POST", "/v1/users", {"name": "new-user", "role": "auditor"}, admin,
                    {"/name": "string", "/role": "string", "/agency": "string", "/jurisdiction": "string"},
                    ["/name", "/role"],
                    [("an unknown role", {"name": "u1", "role": "king"}, 400, "/role"),
                     ("an empty name", {"name": "", "role": "auditor"}, 400, "/name"),
                     ("a name with a space", {"name": "a b", "role": "auditor"}, 400, "/name"),
                     ("a name in use", {"name": "admin", "role": "auditor"}, 409, None)])
    k += json_kinds("set a password", "POST", "/v1/users/auditor/password", {"password": "a long password"},
                    admin, {"/password": "string"}, ["/password"],
                    [("too short", {"password": "short"}, 400, "/password")])
    k += json_kinds("issue a token", "POST", "/v1/users/auditor/tokens", {"label": "x"}, admin,
                    {"/label": "string"}, [])
    # The Cedar endpoint.
    req = {"principal": {"type": "User", "id": "a"}, "action": {"type": "Action", "id": "b"},
           "resource": {"type": "R", "id": "c"}}
    k += json_kinds("cedar authorize", "POST", "/v1/cedar/authorize",
                    {"policies": "permit (principal, action, resource);", "request": req}, counsel,
                    {"/policies": "string", "/request": "object", "/entities": "array", "/schema": "string"},
                    ["/request"],
                    [("policies that do not parse", {"policies": "permit (", "request": req}, 400, "/policies"),
                     ("a schema that does not parse", {"policies": "", "schema": "entity {", "request": req},
                      400, "/schema")])
    # Query parameters.
    for q, pointer in [("state=bogus", "/state"), ("limit=0", "/limit"), ("limit=501", "/limit"),
                       ("limit=-1", "/limit"), ("limit=abc", "/limit"), ("limit=99999999999999999999", "/limit"),
                       ("cursor=garbage", "/cursor"), ("cursor=c2VxOng=", "/cursor"), ("from=2025-13-01", "/from"),
                       ("to=yesterday", "/to")]:
        k.append(Kind(f"GET /v1/cases?{q}", http_request("GET", f"/v1/cases?{q}", token=admin), 400, pointer))
    for q, pointer in [("limit=1001", "/limit"), ("from=x", "/from")]:
        k.append(Kind(f"GET /v1/ledger/entries?{q}", http_request("GET", f"/v1/ledger/entries?{q}", token=admin),
                      400, pointer))
    for q, pointer in [("", "/seq"), ("seq=abc", "/seq"), ("seq=99999", "/seq")]:
        k.append(Kind(f"GET /v1/ledger/proofs/inclusion?{q}",
                      http_request("GET", f"/v1/ledger/proofs/inclusion?{q}", token=admin), 400, pointer))
    for q, pointer in [("", "/old"), ("old=x", "/old"), ("old=1&new=99999", "/new")]:
        k.append(Kind(f"GET /v1/ledger/proofs/consistency?{q}",
                      http_request("GET", f"/v1/ledger/proofs/consistency?{q}", token=admin), 400, pointer))
    k.append(Kind("GET /tile/ with a path tlog-tiles does not allow",
                  http_request("GET", "/tile/0/0001"), 404))
    k.append(Kind("GET /v1/jurisdictions/ of no jurisdiction",
                  http_request("GET", "/v1/jurisdictions/us-zz", token=admin), 404))
    return k


def printable_problem(problem):
    """No control or bidirectional formatting character in a problem's text."""
    def clean(text):
        return isinstance(text, str) and not any(
            ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
            "\u2066\u2067\u2068\u2069" for c in text)
    texts = [problem.get("title"), problem.get("detail")]
    for e in problem.get("errors", []):
        texts += [e.get("pointer"), e.get("detail")]
    return all(clean(t) for t in texts)


def table_rows(data):
    rows = {}
    for db in ("cases.db", "accounts.db"):
        conn = sqlite3.connect(f"file:{os.path.join(data, db)}?mode=ro", uri=True)
        try:
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                rows[f"{db}:{table}"] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        finally:
            conn.close()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustgate", default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    server = harness.Server(args.trustgate, extra_args=["--request-timeout", str(REQUEST_TIMEOUT)])
    try:
        server.start()
        tokens = server.add_role_users()
        server.add_user("other_supervisor", "supervisor", "nypd", "us-ny-nyc")
        admin = server.client("admin")
        r = admin.request("POST", "/v1/cases", dict(AWAITING_SUPERVISOR, id="malformed-awaiting"))
        assert r.status == 201, r
        case_id = r.json()["id"]
        kinds = http_kinds(tokens["admin"]) + body_kinds(tokens, case_id)
        names = [k.name for k in kinds]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            failures.append(f"kinds with the same name: {sorted(dupes)}")

        def ledger_and_cases():
            c = admin.request("GET", "/v1/ledger/checkpoint")
            n = admin.request("GET", "/v1/cases?limit=500")
            return int(c.body.decode().splitlines()[1]), len(n.json()["cases"])

        before_rows = table_rows(server.data)
        before = ledger_and_cases()
        for kind in kinds:
            status, headers, body = send(server.port, kind)
            problem = None
            if status is not None and status >= 400:
                if not headers.get("content-type", "").startswith("application/problem+json"):
                    failures.append(f"{kind.name}: {status} is not problem+json: {body[:200]!r}")
                else:
                    try:
                        problem = json.loads(body.decode("utf-8"))
                    except ValueError as e:
                        failures.append(f"{kind.name}: the problem is not UTF-8 JSON ({e}): {body[:200]!r}")
                    if problem is not None and not printable_problem(problem):
                        failures.append(f"{kind.name}: the problem holds text that is not printable: {body[:300]!r}")
            if status != kind.status:
                failures.append(f"{kind.name}: expected {kind.status}, got {status}: {body[:300]!r}")
            elif kind.pointer is not None and problem is not None:
                ptrs = [e.get("pointer") for e in problem.get("errors", [])]
                if kind.pointer and ptrs != [kind.pointer]:
                    failures.append(f"{kind.name}: expected the pointer {kind.pointer}, got {ptrs}: "
                                    f"{problem.get('detail')!r}")
                if kind.pointer == "" and not ptrs:
                    failures.append(f"{kind.name}: no pointer: {problem.get('detail')!r}")
            if args.verbose:
                print(f"{status} {kind.name}: {(problem or {}).get('detail', '')[:120]}")
            alive = server.client().request("GET", "/healthz")
            if alive.status != 200:
                failures.append(f"after {kind.name}: /healthz answers {alive.status}")
                break
            now = ledger_and_cases()
            if now != before:
                failures.append(f"{kind.name} wrote: ledger and cases {before} -> {now}")
                before = now
        admin.close()
        rc = server.stop()
        if rc != 0:
            failures.append(f"SIGTERM: exit {rc}")
        after_rows = table_rows(server.data)
        for table in sorted(set(before_rows) | set(after_rows)):
            if before_rows.get(table) != after_rows.get(table):
                failures.append(f"{table}: {before_rows.get(table)} rows before, {after_rows.get(table)} after")
        v = server.cli("ledger", "verify", check=False)
        if v.returncode != 0:
            failures.append("the ledger does not verify: " + v.stdout + v.stderr)
    finally:
        server.cleanup()
    for f in failures:
        print("FAIL:", f)
    print(f"malformed: {len(kinds)} kinds over a real socket, {len(failures)} failures")
    if len(kinds) < 200:
        print("FAIL: fewer than 200 kinds")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
