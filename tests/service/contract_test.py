#!/usr/bin/python3
"""The API contract: api/openapi.json is true of a real `trustgate serve`.

Starts the server on a free port with a fresh data directory, calls every
documented operation (its success and the errors it documents that a
client can cause), and checks each answer against the document: the status
is one the operation documents, the content type the documented one, the
body valid against the documented schema. Fails on a route the document
lacks or an operation the server lacks (`trustgate serve --print-routes`),
and on a documented operation that no call answered with a 2xx.

  contract_test.py [--trustgate build/bin/trustgate]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import AWAITING_COUNSEL, AWAITING_SUPERVISOR, EXAMPLE  # noqa: E402

failures = []
calls = 0


def expect(what, resp, status):
    global calls
    calls += 1
    want = status if isinstance(status, (tuple, list)) else (status,)
    if resp.status not in want:
        failures.append(f"{what}: expected {status}, got {resp!r}")
        return False
    return True


def pointers(resp):
    try:
        return [e["pointer"] for e in resp.json().get("errors", [])]
    except (ValueError, AttributeError):
        return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustgate", default=None)
    args = ap.parse_args()
    tg = args.trustgate or harness.trustgate_binary()
    doc = harness.load_document()
    contract = harness.Contract(doc)

    # The routes: the document's and the server's must be the same.
    served, documented = harness.server_routes(tg), harness.document_routes(doc)
    for r in sorted(served - documented):
        failures.append(f"the server answers {r[0]} {r[1]} ({r[2]}) but the document lacks it")
    for r in sorted(documented - served):
        failures.append(f"the document has {r[0]} {r[1]} ({r[2]}) but the server lacks it")

    server = harness.Server(tg)
    try:
        server.start()
        server.add_role_users()
        server.cli("user", "passwd", "counsel", stdin="counsel password 1\n")
        run_calls(server, contract, doc)
        rc = server.stop()
        if rc != 0:
            failures.append(f"SIGTERM: exit {rc}")
        v = server.cli("ledger", "verify", check=False)
        if v.returncode != 0:
            failures.append("the ledger does not verify: " + v.stdout + v.stderr)
        # The disclosure guard's releases: no withheld value in the server's
        # logs or anywhere in its data directory (the ledger, the store).
        leaks = [server.access_log] if b"SECRET" in open(server.access_log, "rb").read() else []
        for root, _, files in os.walk(server.data):
            if os.path.join("records", "chicago-police") in root:
                continue  # the agency's own stored records
            leaks += [os.path.join(root, f) for f in files
                      if b"SECRET" in open(os.path.join(root, f), "rb").read()]
        if server.output and "SECRET" in server.output:
            leaks.append("the server's output")
        for leak in leaks:
            failures.append(f"a withheld value is in {leak}")
    finally:
        server.cleanup()

    ok_ops = {op for op, status in contract.seen if 200 <= status < 300}
    for op in sorted(set(contract.operations) - ok_ops):
        failures.append(f"no call of {op} was answered with a 2xx")
    documented_pairs = sum(len(op["responses"]) for _, _, op in contract.operations.values())
    for f in failures:
        print("FAIL:", f)
    print(f"contract: {calls} calls, {len(contract.operations)} operations, "
          f"{len(contract.seen)} of {documented_pairs} documented (operation, status) pairs seen, "
          f"{len(failures)} failures")
    return 1 if failures else 0


def run_calls(server, contract, doc):
    c = lambda who=None: server.client(who, contract)  # noqa: E731
    anon, admin, desk, sup, counsel, auditor = (c(), c("admin"), c("desk_officer"), c("supervisor"),
                                                c("counsel"), c("auditor"))

    # --- the service itself
    expect("healthz", anon.request("GET", "/healthz", operation="healthz"), 200)
    expect("readyz", anon.request("GET", "/readyz", operation="readyz"), 200)
    expect("metrics", anon.request("GET", "/metrics", operation="metrics"), 200)
    r = anon.request("GET", "/v1/openapi.json", operation="openapi")
    if expect("openapi", r, 200) and r.json() != doc:
        failures.append("GET /v1/openapi.json is not api/openapi.json (rebuild?)")
    expect("a bad token", anon.request("GET", "/healthz", token="tg_" + "x" * 43,
                                       operation="healthz"), 401)

    # --- accounts: sessions
    expect("login: wrong password", anon.request("POST", "/v1/login", {"name": "counsel",
                                                                        "password": "nope"},
                                                 operation="login"), 401)
    expect("login: not JSON", anon.request("POST", "/v1/login", b"name=counsel", raw=True,
                                           headers={"Content-Type": "text/plain"},
                                           operation="login"), 415)
    expect("login: bad JSON", anon.request("POST", "/v1/login", b"{", raw=True,
                                           headers={"Content-Type": "application/json"},
                                           operation="login"), 400)
    for _ in range(5):
        anon.request("POST", "/v1/login", {"name": "throttled", "password": "wrong password"},
                     operation="login")
    r = anon.request("POST", "/v1/login", {"name": "throttled", "password": "wrong password"},
                     operation="login")
    if expect("login: throttled", r, 429) and not r.headers.get("retry-after", "").isdigit():
        failures.append("429 without a Retry-After in seconds")
    person = c()
    r = person.request("POST", "/v1/login", {"name": "counsel", "password": "counsel password 1"},
                       operation="login")
    if expect("login", r, 200):
        cookie = r.headers.get("set-cookie", "")
        for attribute in ("HttpOnly", "SameSite=Strict", "Path=/"):
            if attribute not in cookie:
                failures.append(f"the session cookie lacks {attribute}: {cookie}")
        person.cookie = cookie.split(";")[0]
        csrf = r.json()["csrf_token"]
        r = person.request("GET", "/v1/me", operation="whoami")
        if expect("whoami by session", r, 200) and r.json().get("csrf_token") != csrf:
            failures.append("GET /v1/me by session does not return the CSRF token")
        expect("logout without the CSRF token",
               person.request("POST", "/v1/logout", operation="logout"), 403)
        person.csrf = csrf
        expect("logout", person.request("POST", "/v1/logout", operation="logout"), 200)
        expect("the ended session", person.request("GET", "/v1/me", operation="whoami"), 401)
    expect("whoami", desk.request("GET", "/v1/me", operation="whoami"), 200)
    expect("whoami: anonymous", anon.request("GET", "/v1/me", operation="whoami"), 401)

    # --- deciding
    r = desk.request("POST", "/v1/decide", EXAMPLE, operation="decide")
    if expect("decide", r, 200):
        if [o["compliance"] for o in r.json()["outcomes"]] != ["prohibited", "prohibited"]:
            failures.append("decide: the design's example is not prohibited, prohibited")
    expect("decide at a date", desk.request("POST", "/v1/decide?at=2020-06-01", EXAMPLE,
                                            operation="decide"), 200)
    r = desk.request("POST", "/v1/decide", dict(EXAMPLE, instrument={"type": "fax"}),
                     operation="decide")
    if expect("decide: a bad field", r, 400) and pointers(r) != ["/instrument/type"]:
        failures.append(f"decide: the pointer is {pointers(r)}")
    r = desk.request("POST", "/v1/decide?at=someday", EXAMPLE, operation="decide")
    if expect("decide: a bad date", r, 400) and pointers(r) != ["/at"]:
        failures.append(f"decide ?at: the pointer is {pointers(r)}")
    expect("decide: anonymous", anon.request("POST", "/v1/decide", EXAMPLE, operation="decide"),
           401)
    expect("decide: text/plain", desk.request("POST", "/v1/decide", json.dumps(EXAMPLE).encode(),
                                              raw=True, headers={"Content-Type": "text/plain"},
                                              operation="decide"), 415)
    expect("decide: 2 MiB", desk.request("POST", "/v1/decide", b" " * (2 << 20), raw=True,
                                         headers={"Content-Type": "application/json"},
                                         operation="decide"), 413)
    cedar = {"policies": 'permit (principal == User::"alice", action, resource);',
             "request": {"principal": {"type": "User", "id": "alice"},
                         "action": {"type": "Action", "id": "view"},
                         "resource": {"type": "Photo", "id": "a.jpg"}, "context": {}},
             "entities": []}
    r = counsel.request("POST", "/v1/cedar/authorize", cedar, operation="cedar_authorize")
    if expect("cedar_authorize", r, 200) and r.json()["decision"] != "allow":
        failures.append("cedar_authorize: not allow")
    r = counsel.request("POST", "/v1/cedar/authorize", {"policies": "permit (principal, action, resource);"},
                        operation="cedar_authorize")
    if expect("cedar_authorize: no request", r, 400) and pointers(r) != ["/request"]:
        failures.append(f"cedar_authorize: the pointer is {pointers(r)}")
    expect("cedar_authorize: a desk officer", desk.request("POST", "/v1/cedar/authorize", cedar,
                                                           operation="cedar_authorize"), 403)

    # --- the web UI and the public pages' endpoints (docs/ui.md)
    r = anon.request("GET", "/", operation="web_home")
    if expect("web_home", r, 200):
        bundle = r.body.decode().split("/assets/")[1].split("/")[0]
        expect("web_home: not modified", anon.request("GET", "/", headers={"If-None-Match": r.headers["etag"]},
                                                      operation="web_home"), 304)
        expect("web_asset", anon.request("GET", f"/assets/{bundle}/app.css", operation="web_asset"), 200)
        expect("web_asset: a script", anon.request("GET", f"/assets/{bundle}/desk.js", operation="web_asset"), 200)
    expect("web_asset: another bundle", anon.request("GET", "/assets/0000000000000000/app.css",
                                                     operation="web_asset"), 404)
    expect("web_page", anon.request("GET", "/desk", operation="web_page"), 200)
    expect("web_page: unknown", anon.request("GET", "/no-such-page", operation="web_page"), 404)
    r = anon.request("GET", "/v1/guides/us-il-chicago?agency=chicago-police&format=md", operation="get_guide")
    if expect("get_guide", r, 200) and "COMPLY" not in r.body.decode() and "DECLINE" not in r.body.decode():
        failures.append("get_guide: the guide states no answer")
    r = anon.request("GET", "/v1/guides/us-il-chicago?agency=nobody", operation="get_guide")
    if expect("get_guide: an unknown agency", r, 400) and pointers(r) != ["/agency"]:
        failures.append(f"get_guide: the pointer is {pointers(r)}")
    r = anon.request("GET", "/v1/jurisdictions/us-il-chicago/rights", operation="know_your_rights")
    if expect("know_your_rights", r, 200) and not r.json()["layers"][0]["contacts"]:
        failures.append("know_your_rights: Chicago publishes no contacts")
    expect("know_your_rights: unknown", anon.request("GET", "/v1/jurisdictions/atlantis/rights",
                                                     operation="know_your_rights"), 404)
    draft = {"policies": '@id("p") permit (principal, action == Action::"hold_beyond_release", resource);'}
    r = counsel.request("POST", "/v1/cedar/validate", draft, operation="cedar_validate")
    if expect("cedar_validate", r, 200) and not r.json()["valid"]:
        failures.append(f"cedar_validate: {r.json()}")
    r = counsel.request("POST", "/v1/cedar/validate", {"policies": "permit ("}, operation="cedar_validate")
    if expect("cedar_validate: no parse", r, 400) and pointers(r) != ["/policies"]:
        failures.append(f"cedar_validate: the pointer is {pointers(r)}")
    expect("cedar_validate: a desk officer", desk.request("POST", "/v1/cedar/validate", draft,
                                                          operation="cedar_validate"), 403)
    expect("cedar_validate: anonymous", anon.request("POST", "/v1/cedar/validate", draft,
                                                     operation="cedar_validate"), 401)

    # --- the law
    r = anon.request("GET", "/v1/jurisdictions", operation="list_jurisdictions")
    if expect("list_jurisdictions", r, 200):
        ids = [j["id"] for j in r.json()["jurisdictions"]]
        if "us-il-chicago" not in ids:
            failures.append(f"list_jurisdictions: {ids}")
    expect("get_jurisdiction", anon.request("GET", "/v1/jurisdictions/us-il-chicago",
                                            operation="get_jurisdiction"), 200)
    expect("get_jurisdiction at", anon.request("GET", "/v1/jurisdictions/us-il-chicago?at=2020-06-01",
                                               operation="get_jurisdiction"), 200)
    expect("get_jurisdiction: unknown", anon.request("GET", "/v1/jurisdictions/atlantis",
                                                     operation="get_jurisdiction"), 404)
    r = anon.request("GET", "/v1/jurisdictions/us-il-chicago?at=June", operation="get_jurisdiction")
    if expect("get_jurisdiction: bad date", r, 400) and pointers(r) != ["/at"]:
        failures.append(f"get_jurisdiction ?at: the pointer is {pointers(r)}")
    expect("policy_check", counsel.request("GET", "/v1/jurisdictions/us-tx-austin/check",
                                           operation="policy_check"), 200)
    expect("policy_check: unknown", counsel.request("GET", "/v1/jurisdictions/atlantis/check",
                                                    operation="policy_check"), 404)
    expect("policy_check: anonymous", anon.request("GET", "/v1/jurisdictions/us-tx-austin/check",
                                                   operation="policy_check"), 401)
    expect("policy_check: a desk officer", desk.request("GET", "/v1/jurisdictions/us-tx-austin/check",
                                                        operation="policy_check"), 403)
    r = counsel.request("GET", "/v1/policy/diff?old=us-il-chicago@2020-06-01&new=us-il-chicago@2021-06-01",
                        operation="policy_diff")
    if expect("policy_diff", r, 200) and r.json()["changed"] == 0:
        failures.append("policy_diff: Chicago's 2021 amendment changes nothing")
    r = counsel.request("GET", "/v1/policy/diff?new=us-il-chicago", operation="policy_diff")
    if expect("policy_diff: no old", r, 400) and pointers(r) != ["/old"]:
        failures.append(f"policy_diff: the pointer is {pointers(r)}")
    expect("policy_diff: unknown", counsel.request("GET", "/v1/policy/diff?old=atlantis&new=us-il-chicago",
                                                   operation="policy_diff"), 404)

    # --- cases
    r = desk.request("POST", "/v1/cases", EXAMPLE, operation="submit_case")
    first = r.json() if expect("submit_case", r, 201) else {}
    if r.status == 201 and r.headers.get("location") != "/v1/cases/" + first.get("id", ""):
        failures.append(f"submit_case: Location {r.headers.get('location')}")
    r = desk.request("POST", "/v1/cases", EXAMPLE, operation="submit_case")
    if expect("submit_case: retried", r, 200) and r.json().get("id") != first.get("id"):
        failures.append("a retried submission made a second case")
    expect("submit_case: the id reused", desk.request("POST", "/v1/cases",
                                                      dict(EXAMPLE, actions=["notify_release"]),
                                                      operation="submit_case"), 409)
    keyed = dict(AWAITING_SUPERVISOR)
    r = desk.request("POST", "/v1/cases", keyed, headers={"Idempotency-Key": "k-1"},
                     operation="submit_case")
    supervised = r.json() if expect("submit_case with Idempotency-Key", r, 201) else {}
    r = desk.request("POST", "/v1/cases", keyed, headers={"Idempotency-Key": "k-1"},
                     operation="submit_case")
    if expect("submit_case: Idempotency-Key retried", r, 200) and r.json().get("id") != supervised.get("id"):
        failures.append("a retried Idempotency-Key made a second case")
    r = desk.request("POST", "/v1/cases", dict(EXAMPLE, id="other"), headers={"Idempotency-Key": "k-2"},
                     operation="submit_case")
    if expect("submit_case: Idempotency-Key and another id", r, 400) and pointers(r) != ["/id"]:
        failures.append(f"submit_case: the pointer is {pointers(r)}")
    r = desk.request("POST", "/v1/cases", dict(EXAMPLE, id="bad", purpose="fun"), operation="submit_case")
    if expect("submit_case: a bad field", r, 400) and pointers(r) != ["/purpose"]:
        failures.append(f"submit_case: the pointer is {pointers(r)}")
    expect("submit_case: another agency", desk.request("POST", "/v1/cases", AWAITING_COUNSEL,
                                                       operation="submit_case"), 403)
    expect("submit_case: anonymous", anon.request("POST", "/v1/cases", EXAMPLE,
                                                  operation="submit_case"), 401)
    expect("submit_case: an auditor", auditor.request("POST", "/v1/cases", EXAMPLE,
                                                      operation="submit_case"), 403)
    r = admin.request("POST", "/v1/cases", AWAITING_COUNSEL, operation="submit_case")
    conflict = r.json() if expect("submit_case: admin, another agency", r, 201) else {}

    r = admin.request("GET", "/v1/cases?limit=1", operation="list_cases")
    if expect("list_cases: a page", r, 200):
        cursor = r.json()["next_cursor"]
        if not cursor:
            failures.append("list_cases: no next_cursor on a first page of 1 of 3")
        else:
            r = admin.request("GET", "/v1/cases?limit=1&cursor=" + cursor, operation="list_cases")
            if expect("list_cases: the next page", r, 200) and r.json()["cases"][0]["id"] == first.get("id"):
                failures.append("list_cases: the second page repeats the first")
    r = admin.request("GET", "/v1/cases?state=awaiting_counsel&jurisdiction=us-tx-austin"
                             "&agency=travis-county-sheriff&from=2025-01-01&to=2025-12-31", operation="list_cases")
    if expect("list_cases: filtered", r, 200) and [x["id"] for x in r.json()["cases"]] != [conflict.get("id")]:
        failures.append(f"list_cases: the filters gave {r.json()['cases']}")
    r = desk.request("GET", "/v1/cases", operation="list_cases")
    if expect("list_cases: a desk officer", r, 200):
        agencies = {x["receiving_agency"] for x in r.json()["cases"]}
        if agencies != {"chicago-police"}:
            failures.append(f"a desk officer of chicago-police lists cases of {agencies}")
    for bad, ptr in (("state=lost", "/state"), ("limit=0", "/limit"), ("limit=x", "/limit"),
                     ("cursor=xyz", "/cursor"), ("from=2025-13-01", "/from"), ("limit=1&limit=2", "/limit")):
        r = admin.request("GET", "/v1/cases?" + bad, operation="list_cases")
        if expect(f"list_cases ?{bad}", r, 400) and pointers(r) != [ptr]:
            failures.append(f"list_cases ?{bad}: the pointer is {pointers(r)}")
    expect("list_cases: anonymous", anon.request("GET", "/v1/cases", operation="list_cases"), 401)
    r = sup.request("GET", "/v1/queue", operation="queue")
    if expect("queue", r, 200) and [x["id"] for x in r.json()["cases"]] != [supervised.get("id")]:
        failures.append(f"the supervisor's queue: {r.json()['cases']}")
    expect("queue: a desk officer", desk.request("GET", "/v1/queue", operation="queue"), 403)

    r = auditor.request("GET", "/v1/cases/" + first.get("id", "C-0"), operation="get_case")
    if expect("get_case: an auditor", r, 200):
        request = r.json()["request"]
        if "subject" in request or "facts" in request:
            failures.append("an auditor sees the subject of a case")
    r = desk.request("GET", "/v1/cases/" + first.get("id", "C-0"), operation="get_case")
    if expect("get_case", r, 200) and "subject" not in r.json()["request"]:
        failures.append("a desk officer does not see the subject of their own agency's case")
    expect("get_case: another agency's", desk.request("GET", "/v1/cases/" + conflict.get("id", "C-0"),
                                                      operation="get_case"), 404)
    expect("get_case: none", admin.request("GET", "/v1/cases/C-999999", operation="get_case"), 404)
    expect("get_case: anonymous", anon.request("GET", "/v1/cases/" + first.get("id", "C-0"),
                                               operation="get_case"), 401)

    sid, cid, fid = supervised.get("id", "C-0"), conflict.get("id", "C-0"), first.get("id", "C-0")
    r = sup.request("POST", f"/v1/cases/{cid}/signoff", {}, operation="sign_off_case")
    expect("sign_off_case: another agency's case", r, 404)
    r = counsel.request("POST", f"/v1/cases/{sid}/signoff", {}, operation="sign_off_case")
    expect("sign_off_case: counsel on a case awaiting a supervisor", r, 403)
    expect("sign_off_case: admin", admin.request("POST", f"/v1/cases/{sid}/signoff", {},
                                                 operation="sign_off_case"), 403)
    r = sup.request("POST", f"/v1/cases/{sid}/signoff", {"on_site": "yes"}, operation="sign_off_case")
    if expect("sign_off_case: on_site not a boolean", r, 400) and pointers(r) != ["/on_site"]:
        failures.append(f"sign_off_case: the pointer is {pointers(r)}")
    r = sup.request("POST", f"/v1/cases/{sid}/signoff", {"by": "Sgt. Diaz", "on_site": True},
                    operation="sign_off_case")
    if expect("sign_off_case", r, 200) and r.json()["state"] != "signed_off":
        failures.append(f"sign_off_case: state {r.json()['state']}")
    expect("sign_off_case: again", sup.request("POST", f"/v1/cases/{sid}/signoff", {},
                                               operation="sign_off_case"), 409)
    expect("sign_off_case: no case", counsel.request("POST", "/v1/cases/C-999999/signoff", {},
                                                     operation="sign_off_case"), 404)
    r = counsel.request("POST", f"/v1/cases/{cid}/override", {"by": "A. Counsel"},
                        operation="override_case")
    if expect("override_case: no reason", r, 400) and pointers(r) != ["/reason"]:
        failures.append(f"override_case: the pointer is {pointers(r)}")
    r = counsel.request("POST", f"/v1/cases/{cid}/override", {"reason": "State law governs.\nMemo 12."},
                        operation="override_case")
    if expect("override_case", r, 200) and r.json()["override"]["by"] != "counsel":
        failures.append("override_case: by is not the caller's name by default")
    expect("override_case: again", counsel.request("POST", f"/v1/cases/{cid}/override", {"reason": "x"},
                                                   operation="override_case"), 409)
    # What happened (dispositions) and what the law asks to publish (reports, replay).
    r = sup.request("POST", f"/v1/cases/{sid}/events", {"event": "freed"}, operation="record_disposition")
    if expect("record_disposition: an unknown event", r, 400) and pointers(r) != ["/event"]:
        failures.append(f"record_disposition: the pointer is {pointers(r)}")
    r = sup.request("POST", f"/v1/cases/{sid}/events",
                     {"event": "released", "happened_at": "2025-02-04T09:00:00-06:00"},
                     operation="record_disposition")
    if expect("record_disposition", r, 200) and not r.json()["dispositions"]:
        failures.append("record_disposition: no disposition on the case")
    r = anon.request("GET", "/v1/reports/summary?public=true", operation="get_report")
    if expect("get_report: public", r, 200) and not r.json()["parameters"]["public"]:
        failures.append("get_report: the public edition is not marked public")
    expect("get_report: the full report, anonymously",
           anon.request("GET", "/v1/reports/summary", operation="get_report"), 401)
    expect("get_report: the full report, a desk officer",
           desk.request("GET", "/v1/reports/il-805-25", operation="get_report"), 403)
    expect("get_report: the full report, counsel",
           counsel.request("GET", "/v1/reports/il-805-25", operation="get_report"), 200)
    expect("get_report: no such kind",
           anon.request("GET", "/v1/reports/bogus?public=true", operation="get_report"), 404)
    r = counsel.request("POST", "/v1/replay", {}, operation="replay")
    if expect("replay: exact", r, 200) and r.json().get("differences"):
        failures.append("replay: the recorded history does not replay exactly")
    expect("replay: a desk officer", desk.request("POST", "/v1/replay", {}, operation="replay"), 403)
    expect("close_case", sup.request("POST", f"/v1/cases/{sid}/close", operation="close_case"), 200)
    expect("close_case: again", sup.request("POST", f"/v1/cases/{sid}/close", operation="close_case"), 409)
    expect("close_case: a desk officer", desk.request("POST", f"/v1/cases/{fid}/close",
                                                      operation="close_case"), 403)
    r = auditor.request("GET", f"/v1/cases/{fid}/proof", operation="case_proof")
    if expect("case_proof", r, 200):
        for p in r.json()["proofs"]:
            if '"subject"' in p["entry"] or '"facts"' in p["entry"]:
                failures.append("case_proof shows an auditor the subject")
    expect("case_proof: a desk officer", desk.request("GET", f"/v1/cases/{fid}/proof",
                                                      operation="case_proof"), 403)

    # --- the disclosure guard (docs/disclosure.md)
    officer = c("records_officer")
    partner = c("data_partner")
    r = officer.request("POST", "/v1/disclosures", harness.DISCLOSURE, operation="create_disclosure")
    if expect("create_disclosure", r, 201):
        if b"SECRET" in r.body:
            failures.append("create_disclosure: a protected value was released to ICE")
        if r.json()["disclosure"]["release"]["records"] != 3:
            failures.append(f"create_disclosure: {r.json()['disclosure']}")
    bad = dict(harness.DISCLOSURE, request=dict(harness.DISCLOSURE["request"], recipient="kgb"))
    r = officer.request("POST", "/v1/disclosures", bad, operation="create_disclosure")
    if expect("create_disclosure: an unknown recipient", r, 400) and pointers(r) != ["/request/recipient"]:
        failures.append(f"create_disclosure: the pointer is {pointers(r)}")
    expect("create_disclosure: a desk officer",
           desk.request("POST", "/v1/disclosures", harness.DISCLOSURE, operation="create_disclosure"), 403)
    expect("create_disclosure: anonymous",
           anon.request("POST", "/v1/disclosures", harness.DISCLOSURE, operation="create_disclosure"), 401)
    harness.seed_records(server.data)
    query = "/v1/records/booking?jurisdiction=us-il-chicago&agency=chicago-police&purpose=criminal_investigation"
    r = partner.request("GET", query + "&where=booking_number=BK-1", operation="query_records")
    if expect("query_records", r, 200):
        got = r.json()
        if b"SECRET" in r.body or len(got["records"]) != 1 or got["records"][0]["name"] != "Person 1":
            failures.append(f"query_records: {got}")
    r = partner.request("GET", query.replace("criminal_investigation", "spying"), operation="query_records")
    if expect("query_records: a bad purpose", r, 400) and pointers(r) != ["/purpose"]:
        failures.append(f"query_records: the pointer is {pointers(r)}")
    expect("query_records: no such record type",
           partner.request("GET", query.replace("booking", "diary", 1), operation="query_records"), 404)
    expect("query_records: a desk officer",
           desk.request("GET", query, operation="query_records"), 403)

    # --- the ledger
    r = anon.request("GET", "/v1/ledger/checkpoint", operation="ledger_checkpoint")
    size = 0
    if expect("ledger_checkpoint", r, 200):
        size = int(r.body.decode().splitlines()[1])
    r = auditor.request("GET", "/v1/ledger/entries?from=0&limit=1000", operation="ledger_entries")
    if expect("ledger_entries", r, 200):
        entries = r.json()["entries"]
        if len(entries) != size:
            failures.append(f"ledger_entries: {len(entries)} entries, the checkpoint says {size}")
        if not any(e.get("redacted") for e in entries):
            failures.append("ledger_entries: nothing redacted for an auditor")
    r = admin.request("GET", "/v1/ledger/entries?limit=1000", operation="ledger_entries")
    if expect("ledger_entries: admin", r, 200) and any(e.get("redacted") for e in r.json()["entries"]):
        failures.append("ledger_entries: an admin's entries are redacted")
    expect("ledger_entries: limit 1001", auditor.request("GET", "/v1/ledger/entries?limit=1001",
                                                         operation="ledger_entries"), 400)
    expect("ledger_entries: a desk officer", desk.request("GET", "/v1/ledger/entries",
                                                          operation="ledger_entries"), 403)
    expect("inclusion_proof", auditor.request("GET", "/v1/ledger/proofs/inclusion?seq=1",
                                              operation="inclusion_proof"), 200)
    expect("inclusion_proof in a smaller tree",
           auditor.request("GET", "/v1/ledger/proofs/inclusion?seq=1&size=2", operation="inclusion_proof"), 200)
    for bad, ptr in (("", "/seq"), (f"seq={size}", "/seq"), (f"seq=1&size={size + 1}", "/size"),
                     ("seq=-1", "/seq")):
        r = auditor.request("GET", "/v1/ledger/proofs/inclusion?" + bad, operation="inclusion_proof")
        if expect(f"inclusion_proof ?{bad}", r, 400) and pointers(r) != [ptr]:
            failures.append(f"inclusion_proof ?{bad}: the pointer is {pointers(r)}")
    expect("consistency_proof", auditor.request("GET", "/v1/ledger/proofs/consistency?old=2",
                                                operation="consistency_proof"), 200)
    expect("consistency_proof old=new", auditor.request(
        "GET", f"/v1/ledger/proofs/consistency?old={size}&new={size}", operation="consistency_proof"), 200)
    for bad, ptr in (("", "/old"), ("old=3&new=2", "/old"), (f"old=1&new={size + 1}", "/new")):
        r = auditor.request("GET", "/v1/ledger/proofs/consistency?" + bad, operation="consistency_proof")
        if expect(f"consistency_proof ?{bad}", r, 400) and pointers(r) != [ptr]:
            failures.append(f"consistency_proof ?{bad}: the pointer is {pointers(r)}")
    # C2SP tlog-tiles: the checkpoint and a partial level-0 tile of `size` hashes.
    r = anon.request("GET", "/checkpoint", operation="tlog_checkpoint")
    if expect("tlog_checkpoint", r, 200) and int(r.body.decode().splitlines()[1]) != size:
        failures.append("tlog_checkpoint: not the ledger's size")
    if 0 < size < 256:
        r = anon.request("GET", f"/tile/0/000.p/{size}", operation="tlog_tile")
        if expect("tlog_tile", r, 200) and len(r.body) != 32 * size:
            failures.append(f"tlog_tile: {len(r.body)} bytes for {size} hashes")
    expect("tlog_tile: no such tile", anon.request("GET", "/tile/0/999", operation="tlog_tile"), 404)

    # --- users (admin)
    r = admin.request("GET", "/v1/users", operation="list_users")
    if expect("list_users", r, 200) and len(r.json()["users"]) != len(harness.ROLES):
        failures.append(f"list_users: {len(r.json()['users'])} users")
    expect("list_users: counsel", counsel.request("GET", "/v1/users", operation="list_users"), 403)
    r = admin.request("POST", "/v1/users", {"name": "clerk2", "role": "desk_officer", "agency": "chicago-police"},
                      operation="add_user")
    expect("add_user", r, 201)
    expect("add_user: the name in use", admin.request("POST", "/v1/users", {"name": "clerk2", "role": "auditor"},
                                                      operation="add_user"), 409)
    r = admin.request("POST", "/v1/users", {"name": "x", "role": "king"}, operation="add_user")
    if expect("add_user: a bad role", r, 400) and pointers(r) != ["/role"]:
        failures.append(f"add_user: the pointer is {pointers(r)}")
    r = admin.request("POST", "/v1/users/clerk2/tokens", {"label": "front desk"}, operation="issue_token")
    token = r.json().get("token") if expect("issue_token", r, 201) else None
    expect("issue_token: no user", admin.request("POST", "/v1/users/nobody/tokens", {},
                                                 operation="issue_token"), 404)
    expect("set_password", admin.request("POST", "/v1/users/clerk2/password", {"password": "a long password"},
                                         operation="set_password"), 200)
    r = admin.request("POST", "/v1/users/clerk2/password", {"password": "short"}, operation="set_password")
    if expect("set_password: too short", r, 400) and pointers(r) != ["/password"]:
        failures.append(f"set_password: the pointer is {pointers(r)}")
    if token:
        expect("the new token", c().request("GET", "/v1/me", token=token, operation="whoami"), 200)
    expect("disable_user", admin.request("POST", "/v1/users/clerk2/disable", operation="disable_user"), 200)
    if token:
        expect("a disabled user's token", c().request("GET", "/v1/me", token=token, operation="whoami"), 401)
    expect("disable_user: no user", admin.request("POST", "/v1/users/nobody/disable",
                                                  operation="disable_user"), 404)
    expect("add_user: a supervisor", sup.request("POST", "/v1/users", {"name": "y", "role": "admin"},
                                                 operation="add_user"), 403)

    # --- what happened, beyond the calls above: refusals and the other renderings
    r = sup.request("POST", "/v1/cases", dict(EXAMPLE, id="contract-dispositions"),
                    operation="submit_case")
    released = r.json() if expect("submit_case: for dispositions", r, 201) else {}
    events = f"/v1/cases/{released.get('id')}/events"
    expect("record_disposition: released",
           sup.request("POST", events, {"event": "released", "happened_at": "2025-01-27T18:00:00-06:00"},
                       operation="record_disposition"), 200)
    expect("record_disposition: after the release",
           sup.request("POST", events, {"event": "transferred", "to": "ice-ero",
                                        "happened_at": "2025-01-27T19:00:00-06:00"},
                       operation="record_disposition"), 409)
    expect("record_disposition: a desk officer",
           desk.request("POST", events, {"event": "released"}, operation="record_disposition"), 403)
    expect("record_disposition: anonymous",
           anon.request("POST", events, {"event": "released"}, operation="record_disposition"), 401)
    expect("record_disposition: no case",
           sup.request("POST", "/v1/cases/C-999999/events", {"event": "released"},
                       operation="record_disposition"), 404)
    expect("get_report: csv", anon.request("GET", "/v1/reports/il-805-25?public=true&format=csv",
                                           operation="get_report"), 200)
    expect("get_report: html", anon.request("GET", "/v1/reports/summary?public=true&format=html",
                                            operation="get_report"), 200)
    expect("get_report: the full report, an auditor",
           auditor.request("GET", "/v1/reports/il-805-25", operation="get_report"), 200)
    r = anon.request("GET", "/v1/reports/summary?public=true&from=2025-13-01", operation="get_report")
    if expect("get_report: a bad date", r, 400) and pointers(r) != ["/from"]:
        failures.append(f"get_report: pointers {pointers(r)}")
    expect("replay: another date", counsel.request("POST", "/v1/replay",
                                                   {"with": "us-il-chicago@2020-06-01"},
                                                   operation="replay"), 200)
    r = counsel.request("POST", "/v1/replay", {"with": "atlantis@2020-06-01"}, operation="replay")
    if expect("replay: an unknown jurisdiction", r, 400) and pointers(r) != ["/with"]:
        failures.append(f"replay: pointers {pointers(r)}")
    expect("replay: anonymous", anon.request("POST", "/v1/replay", {}, operation="replay"), 401)

    # Metrics saw the decisions and the commits.
    r = anon.request("GET", "/metrics", operation="metrics")
    text = r.body.decode()
    for family in ("trustgate_http_requests_total{", "trustgate_http_request_duration_seconds_bucket{",
                   "trustgate_decisions_total{", "trustgate_ledger_entries ", "trustgate_open_cases{",
                   "trustgate_ledger_commit_batch_entries_count ", "# TYPE trustgate_open_obligations ",
                   "# TYPE trustgate_overdue_obligations "):
        if family not in text:
            failures.append(f"/metrics lacks {family}")
    if "trustgate_ledger_commit_batch_entries_count 0" in text:
        failures.append("/metrics counts no commit batch")
    for client in (anon, admin, desk, sup, counsel, auditor):
        client.close()

    # The access log: one JSON line per request, with no body or secret.
    # Lines are written in batches, at least every 100 ms: wait for the
    # last request's (GET /metrics).
    deadline = time.time() + 5
    while True:
        with open(server.access_log, encoding="utf-8") as f:
            lines = f.read().splitlines()
        if any('"route":"metrics"' in line for line in lines) or time.time() > deadline:
            break
        time.sleep(0.05)
    if not any('"route":"metrics"' in line for line in lines):
        failures.append("the access log lacks the last request (GET /metrics) after 5 s")
    for line in lines:
        entry = json.loads(line)
        if set(entry) != {"at", "method", "route", "status", "us", "actor"}:
            failures.append(f"an access-log line with other fields: {line}")
            break
    for secret in ("counsel password 1", "a long password", "Sgt. Diaz", "State law governs",
                   "in_custody", server.admin_token):
        if any(secret in line for line in lines):
            failures.append(f"the access log holds {secret!r}")


if __name__ == "__main__":
    sys.exit(main())
