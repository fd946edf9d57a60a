#!/usr/bin/python3
"""Who may do what: every operation called by every role and anonymously
against a real `trustgate serve`, each answer compared with what the access
policy allows; then a property test over random cases that protected
fields never reach a caller the policy does not let see them.

The expectation comes from the policy file itself, not from the server:
`trustgate cedar authorize` evaluates DATA/policies/_service/access.cedar
(with its schema) for the caller's User entity, the operation's action and
its resource entity. Allowed means the operation's success status (each
call is set up so that it can succeed); refused means 401 for an anonymous
caller and 403 for a signed-in one, except that a case the caller may not
get reads as missing (404). The matrix runs twice: under the shipped
policy, and under an edited one (auditors may see the subject, desk
officers may not decide) after a restart, to show that the file alone
decides access.

  access_matrix_test.py [--trustgate build/bin/trustgate] [--seed N] [--cases N]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import AWAITING_COUNSEL, AWAITING_SUPERVISOR, EXAMPLE  # noqa: E402

failures = []
CALLERS = ["anonymous"] + harness.ROLES
RECIPIENTS = {"public_records_requester", "press", "ice", "cbp", "fbi", "state_police", "court",
              "the_subject", "other_agency"}
EDIT = """
@id("test-auditor-sees-subject")
permit (principal, action == Action::"view_subject", resource)
when { principal.role == "auditor" };

@id("test-desk-officer-does-not-decide")
forbid (principal, action == Action::"decide", resource)
when { principal.role == "desk_officer" };
"""


class Policy:
    """The access policy file, evaluated by `trustgate cedar authorize`."""

    def __init__(self, tg, server, callers):
        self.tg = tg
        self.dir = os.path.join(server.data, "policies", "_service")
        self.callers = callers  # name -> User entity attrs and id
        self.cache = {}
        self.tmp = tempfile.mkdtemp(prefix="trustgate-matrix-")
        self.calls = 0

    def resource_types(self):
        """operation -> resource type, from the schema's appliesTo."""
        with open(os.path.join(self.dir, "access.cedarschema"), encoding="utf-8") as f:
            text = re.sub(r"//[^\n]*", "", f.read())
        out = {}
        for names, rtype in re.findall(r"action\s+([^;{]+?)\s+appliesTo\s*\{[^}]*resource:\s*(\w+)", text):
            for name in names.split(","):
                out[name.strip()] = rtype
        return out

    def allows(self, caller, operation, resource):
        rtype, rid, agency, jurisdiction = resource
        key = (caller, operation, resource)
        if key in self.cache:
            return self.cache[key]
        user = self.callers[caller]
        entities = [{"uid": {"type": "User", "id": user["id"]},
                     "attrs": {"role": user["role"], "agency": user["agency"],
                               "jurisdiction": user["jurisdiction"]}, "parents": []}]
        target = {"uid": {"type": rtype, "id": rid}, "attrs": {}, "parents": []}
        if rtype == "Case":
            target["attrs"] = {"agency": agency, "jurisdiction": jurisdiction}
        entities.append(target)
        path = os.path.join(self.tmp, "entities.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(entities, f)
        r = subprocess.run([self.tg, "cedar", "authorize",
                            "--policies", os.path.join(self.dir, "access.cedar"),
                            "--schema", os.path.join(self.dir, "access.cedarschema"),
                            "--entities", path, "--principal", f'User::{json.dumps(user["id"])}',
                            "--action", f'Action::{json.dumps(operation)}',
                            "--resource", f"{rtype}::{json.dumps(rid)}"],
                           capture_output=True, text=True)
        self.calls += 1
        if r.returncode not in (0, 2):
            raise AssertionError(f"cedar authorize failed: {r.stderr}")
        self.cache[key] = r.returncode == 0
        return self.cache[key]


def case_resource(case):
    return ("Case", case["id"], case["receiving_agency"], case["jurisdiction"])


class Matrix:
    def __init__(self, server, contract, policy, prefix):
        self.prefix = prefix  # makes this run's client ids and names its own
        self.server = server
        self.contract = contract
        self.policy = policy
        self.admin = server.client("admin", contract)
        self.serial = 0
        self.cells = 0

    def fresh(self, request):
        """A new case made by the admin (who may submit for any agency)."""
        self.serial += 1
        body = dict(request, id=f"{self.prefix}matrix-{self.serial}")
        r = self.admin.request("POST", "/v1/cases", body, operation="submit_case")
        assert r.status == 201, r
        return r.json()

    def fresh_user(self):
        self.serial += 1
        name = f"{self.prefix}m-user-{self.serial}"
        r = self.admin.request("POST", "/v1/users", {"name": name, "role": "auditor"}, operation="add_user")
        assert r.status == 201, r
        return name

    def plan(self, op, caller):
        """(method, path, body, resource or None, success status, case) for one call."""
        user = self.policy.callers[caller]
        own = dict(EXAMPLE, id=f"{self.prefix}own-{op}-{caller}")
        if user["agency"]:
            own["receiving_agency"], own["jurisdiction"] = user["agency"], user["jurisdiction"]
        signer_case = AWAITING_COUNSEL if caller == "counsel" else AWAITING_SUPERVISOR
        if op in ("sign_off_case", "override_case"):
            case = self.fresh(signer_case)
            body = {"on_site": True} if op == "sign_off_case" else {"reason": "matrix"}
            verb = "signoff" if op == "sign_off_case" else "override"
            return "POST", f"/v1/cases/{case['id']}/{verb}", body, 200, case
        if op in ("get_case", "case_proof", "close_case"):
            case = self.fresh(dict(EXAMPLE, receiving_agency="chicago-police"))
            suffix = {"get_case": "", "case_proof": "/proof", "close_case": "/close"}[op]
            return ("POST" if op == "close_case" else "GET"), f"/v1/cases/{case['id']}{suffix}", None, 200, case
        if op == "record_disposition":
            case = self.fresh(dict(EXAMPLE, receiving_agency="chicago-police"))
            body = {"event": "released", "happened_at": "2025-01-27T18:00:00-06:00"}
            return "POST", f"/v1/cases/{case['id']}/events", body, 200, case
        simple = {
            "get_report": ("GET", "/v1/reports/summary", None, 200),  # the full report
            "replay": ("POST", "/v1/replay", {}, 200),
            "healthz": ("GET", "/healthz", None, 200), "readyz": ("GET", "/readyz", None, 200),
            "metrics": ("GET", "/metrics", None, 200), "openapi": ("GET", "/v1/openapi.json", None, 200),
            "login": ("POST", "/v1/login", {"name": "person", "password": "person password 1"}, 200),
            "logout": ("POST", "/v1/logout", None, 200), "whoami": ("GET", "/v1/me", None, 200),
            "decide": ("POST", "/v1/decide", EXAMPLE, 200),
            "cedar_authorize": ("POST", "/v1/cedar/authorize", {
                "policies": "permit (principal, action, resource);",
                "request": {"principal": {"type": "User", "id": "a"}, "action": {"type": "Action", "id": "b"},
                            "resource": {"type": "R", "id": "c"}}}, 200),
            "list_jurisdictions": ("GET", "/v1/jurisdictions", None, 200),
            "get_jurisdiction": ("GET", "/v1/jurisdictions/us-il-chicago", None, 200),
            "policy_check": ("GET", "/v1/jurisdictions/us-il-chicago/check", None, 200),
            "get_guide": ("GET", "/v1/guides/us-il-chicago?agency=chicago-police&format=md", None, 200),
            "policy_diff": ("GET", "/v1/policy/diff?old=us-il-chicago@2020-06-01&new=us-il-chicago@2021-06-01",
                            None, 200),
            "submit_case": ("POST", "/v1/cases", own, 201),
            "list_cases": ("GET", "/v1/cases", None, 200), "queue": ("GET", "/v1/queue", None, 200),
            "ledger_checkpoint": ("GET", "/v1/ledger/checkpoint", None, 200),
            "ledger_entries": ("GET", "/v1/ledger/entries", None, 200),
            "inclusion_proof": ("GET", "/v1/ledger/proofs/inclusion?seq=1", None, 200),
            "consistency_proof": ("GET", "/v1/ledger/proofs/consistency?old=1", None, 200),
            "cedar_validate": ("POST", "/v1/cedar/validate", {"policies": "permit (principal, action, resource);"}, 200),
            "know_your_rights": ("GET", "/v1/jurisdictions/us-il-chicago/rights", None, 200),
            "web_home": ("GET", "/", None, 200), "web_page": ("GET", "/desk", None, 200),
            "list_users": ("GET", "/v1/users", None, 200),
            "add_user": ("POST", "/v1/users", {"name": f"{self.prefix}new-{caller}", "role": "auditor"}, 201),
            "create_disclosure": ("POST", "/v1/disclosures", harness.DISCLOSURE, 201),
            "query_records": ("GET", "/v1/records/booking?jurisdiction=us-il-chicago&agency=chicago-police"
                              "&purpose=criminal_investigation", None, 200),
        }
        if op == "tlog_tile":
            r = self.admin.request("GET", "/v1/ledger/checkpoint", operation="ledger_checkpoint")
            size = int(r.body.decode().splitlines()[1])
            return "GET", "/tile/0/000" + (f".p/{size}" if size < 256 else ""), None, 200, None
        simple["tlog_checkpoint"] = ("GET", "/checkpoint", None, 200)
        if op == "web_asset":  # under the bundle the first page names
            home = self.admin.request("GET", "/", operation="web_home").body.decode()
            return "GET", "/assets/" + home.split("/assets/")[1].split('"')[0], None, 200, None
        if op in simple:
            method, path, body, ok = simple[op]
            return method, path, body, ok, None
        if op in ("disable_user", "set_password", "issue_token"):
            name = self.fresh_user()
            verb, body, ok = {"disable_user": ("disable", None, 200),
                              "set_password": ("password", {"password": "another long one"}, 200),
                              "issue_token": ("tokens", {"label": "matrix"}, 201)}[op]
            return "POST", f"/v1/users/{name}/{verb}", body, ok, ("Account", name)
        raise AssertionError(f"the matrix has no plan for {op}")

    def expected(self, op, caller, rtype, case, ok, account=None):
        allows = self.policy.allows
        refused = 401 if caller == "anonymous" else 403
        if rtype == "Case" and op == "submit_case":
            user = self.policy.callers[caller]
            if not allows(caller, op, ("Case", "new", user["agency"], user["jurisdiction"])):
                return refused
            return ok
        if rtype == "Case":
            resource = case_resource(case)
            if not allows(caller, "get_case", resource):
                return 401 if caller == "anonymous" else 404
            if op != "get_case" and not allows(caller, op, resource):
                return refused
            return ok
        rid = "trustgate"
        if op in ("get_jurisdiction", "policy_check", "know_your_rights", "get_guide"):
            rid = "us-il-chicago"
        if op == "get_report":
            rid = "summary"  # Report::"public" is the published edition
        if account:
            rid = account
        if not allows(caller, op, (rtype, rid, "", "")):
            return refused
        if op == "query_records" and self.policy.callers[caller]["agency"] not in RECIPIENTS:
            return 403  # the account names no recipient the law knows (its agency)
        return ok

    def run(self, label):
        types = self.policy.resource_types()
        for op in sorted(self.contract.operations):
            if op not in types:
                failures.append(f"{op} is not an action of access.cedarschema")
                continue
            for caller in CALLERS:
                method, path, body, ok, extra = self.plan(op, caller)
                case = extra if isinstance(extra, dict) else None
                account = extra[1] if isinstance(extra, tuple) else None
                want = self.expected(op, caller, types[op], case, ok, account)
                client = self.server.client(None if caller == "anonymous" else caller, self.contract)
                try:
                    r = client.request(method, path, body, operation=op)
                except AssertionError as e:
                    failures.append(f"[{label}] {op} by {caller}: {e}")
                    continue
                finally:
                    client.close()
                self.cells += 1
                if r.status != want:
                    failures.append(f"[{label}] {op} by {caller}: expected {want}, got {r!r}")
                elif r.status == 200 and op in ("get_case", "sign_off_case", "override_case", "close_case"):
                    check_case_view(self.policy, caller, r.json(), f"[{label}] {op}")


def check_case_view(policy, caller, case, where):
    """A case in an answer: the caller may get it, and sees its subject
    exactly when the policy grants view_subject on it."""
    resource = case_resource(case)
    if not policy.allows(caller, "get_case", resource):
        failures.append(f"{where}: {caller} was shown {case['id']} of {case['receiving_agency']}")
    may_see = policy.allows(caller, "view_subject", resource)
    has = "subject" in case["request"] or "facts" in case["request"]
    if has and not may_see:
        failures.append(f"{where}: {caller} sees the subject of {case['id']}")
    if may_see and not has:
        failures.append(f"{where}: the subject of {case['id']} is withheld from {caller}, who may see it")


def check_entry(policy, caller, item, where):
    entry = json.loads(item["entry"])
    if "request" not in entry:
        return
    resource = ("Case", entry["case"], entry["receiving_agency"], entry["jurisdiction"])
    may_see = policy.allows(caller, "view_subject", resource)
    shown = "subject" in entry["request"] or "facts" in entry["request"]
    if shown and not may_see:
        failures.append(f"{where}: {caller} sees the subject in entry {item.get('seq')}")
    if not shown and may_see:
        failures.append(f"{where}: the subject is withheld from {caller}, who may see it")


AGENCIES = [("us-il-chicago", "chicago-police"), ("us-il-chicago", "cook-county-sheriff"),
            ("us-tx-austin", "austin-police"), ("us-ny-nyc", "nypd")]


def random_request(rng, n):
    jurisdiction, agency = rng.choice(AGENCIES)
    r = {"id": f"prop-{rng.randrange(1 << 40)}-{n}", "received_at": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z",
         "jurisdiction": jurisdiction, "receiving_agency": agency,
         "requester": {"agency": rng.choice(["ice-ero", "ice-hsi", "cbp", "fbi"])},
         "instrument": {"type": rng.choice(["detainer", "admin_arrest_warrant", "judicial_warrant", "informal"]),
                        "signed_by": rng.choice(["judge", "immigration_officer"])},
         "actions": rng.sample(["hold_beyond_release", "notify_release", "transfer_custody",
                                "share_records", "on_scene_assistance"], rng.randint(1, 3)),
         "purpose": rng.choice(["civil_immigration_enforcement", "criminal_investigation"]),
         "subject": {"in_custody": rng.random() < 0.5},
         "facts": {"supervisor_on_site": rng.random() < 0.5, "written_consent": rng.random() < 0.5}}
    return r


def property_test(server, contract, policy, rng, count):
    """Random cases, random readers: protected fields never leak."""
    admin = server.client("admin", contract)
    made = []
    for n in range(count):
        r = admin.request("POST", "/v1/cases", random_request(rng, n), operation="submit_case")
        if r.status != 201:
            failures.append(f"property: submitting a random case: {r!r}")
            continue
        made.append(r.json())
    readers = list(policy.callers)
    looks = 0
    for _ in range(count * 3):
        caller = rng.choice(readers)
        client = server.client(None if caller == "anonymous" else caller, contract)
        kind = rng.choice(["get_case", "list_cases", "queue", "case_proof", "ledger_entries", "inclusion_proof"])
        case = rng.choice(made)
        where = f"property {kind} by {caller}"
        if kind == "get_case":
            r = client.request("GET", f"/v1/cases/{case['id']}", operation="get_case")
            if r.status == 200:
                check_case_view(policy, caller, r.json(), where)
            elif policy.allows(caller, "get_case", case_resource(case)):
                failures.append(f"{where}: {caller} may get {case['id']} but got {r.status}")
        elif kind in ("list_cases", "queue"):
            query = rng.choice(["?limit=500", "?jurisdiction=us-il-chicago", "?agency=austin-police",
                                "?limit=7", "?state=awaiting_counsel"]) if kind == "list_cases" else ""
            r = client.request("GET", f"/v1/{'cases' if kind == 'list_cases' else 'queue'}{query}", operation=kind)
            if r.status == 200:
                for c in r.json()["cases"]:
                    check_case_view(policy, caller, c, where)
                if query == "?limit=500":
                    visible = {c["id"] for c in made if policy.allows(caller, "get_case", case_resource(c))}
                    listed = {c["id"] for c in r.json()["cases"]}
                    if not visible <= listed:
                        failures.append(f"{where}: {caller} may get {sorted(visible - listed)} but the list lacks them")
        elif kind == "case_proof":
            r = client.request("GET", f"/v1/cases/{case['id']}/proof", operation="case_proof")
            if r.status == 200:
                for p in r.json()["proofs"]:
                    check_entry(policy, caller, p, where)
        elif kind == "ledger_entries":
            r = client.request("GET", f"/v1/ledger/entries?from={case['seq']}&limit=5", operation="ledger_entries")
            if r.status == 200:
                for item in r.json()["entries"]:
                    check_entry(policy, caller, item, where)
        else:
            r = client.request("GET", f"/v1/ledger/proofs/inclusion?seq={case['seq']}", operation="inclusion_proof")
            if r.status == 200:
                check_entry(policy, caller, r.json(), where)
        client.close()
        looks += 1
    admin.close()
    return len(made), looks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustgate", default=None)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("TRUSTGATE_SEED", random.randrange(1 << 30))))
    ap.add_argument("--cases", type=int, default=30)
    args = ap.parse_args()
    tg = args.trustgate or harness.trustgate_binary()
    contract = harness.Contract(harness.load_document())
    rng = random.Random(args.seed)
    server = harness.Server(tg)
    summary = []
    try:
        server.start()
        server.add_role_users()
        harness.seed_records(server.data)
        # More readers for the property test: other agencies' staff.
        server.add_user("austin_desk", "desk_officer", "austin-police", "us-tx-austin")
        server.add_user("jail_supervisor", "supervisor", "cook-county-sheriff", "us-il-chicago")
        server.add_user("person", "auditor")
        server.cli("user", "passwd", "person", stdin="person password 1\n")
        callers = {"anonymous": {"id": "anonymous", "role": "public", "agency": "", "jurisdiction": ""}}
        for name in list(server.tokens):
            r = server.client(name).request("GET", "/v1/me")
            me = r.json()
            callers[name] = {k: me[k] for k in ("id", "role", "agency", "jurisdiction")}
        for label, edit in (("shipped policy", None), ("edited policy", EDIT)):
            if edit:
                server.stop()
                with open(os.path.join(server.data, "policies", "_service", "access.cedar"), "a",
                          encoding="utf-8") as f:
                    f.write(edit)
                server.start()
            policy = Policy(tg, server, callers)
            matrix = Matrix(server, contract, policy, "e-" if edit else "")
            matrix.run(label)
            made, looks = property_test(server, contract, policy, rng, args.cases)
            summary.append(f"{label}: {matrix.cells} matrix cells ({len(contract.operations)} operations x "
                           f"{len(CALLERS)} callers), {made} random cases read {looks} times by "
                           f"{len(callers)} callers, {policy.calls} policy evaluations")
        # The edit took effect: the desk officer may no longer decide.
        r = server.client("desk_officer").request("POST", "/v1/decide", EXAMPLE)
        if r.status != 403:
            failures.append(f"after the edit a desk officer still decides: {r!r}")
        if server.stop() != 0:
            failures.append("SIGTERM did not exit 0")
    finally:
        server.cleanup()
    for f in failures:
        print("FAIL:", f)
    for line in summary:
        print(line)
    print(f"access matrix (seed {args.seed}): {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
