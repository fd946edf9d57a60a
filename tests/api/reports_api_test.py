#!/usr/bin/python3
"""What happened, through the API of a real `trustgate serve`: reports
(GET /v1/reports/KIND), replay (POST /v1/replay), dispositions (POST
/v1/cases/{id}/events), open and overdue deadlines in the queue and in
/metrics. Each JSON answer is checked against its schema in api/openapi.json.

Run with Debian's python3 (it has jsonschema):
  /usr/bin/python3 tests/api/reports_api_test.py [--trustgate build/bin/trustgate]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TG = os.path.join(ROOT, "build", "bin", "trustgate")

TX_DETAINER = {  # Texas requires the hold: 48 hours, weekends aside (us-tx/pack.json)
    "received_at": "2025-01-24T10:00:00-06:00", "jurisdiction": "us-tx",
    "receiving_agency": "tx-county-jail", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "detainer", "form": "I-247A", "signed_by": "immigration_officer"},
    "actions": ["hold_beyond_release"], "purpose": "civil_immigration_enforcement",
    "subject": {"in_custody": True},
}
DEMO_CASES = 300


def cli(*args, check=True):
    r = subprocess.run([TG, *args], capture_output=True, text=True, timeout=300)
    if check and r.returncode != 0:
        raise AssertionError(f"trustgate {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


class ReportsApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="trustgate-reports-api-")
        cls.data = os.path.join(cls.tmp, "data")
        cli("init", "--data", cls.data, "--policies", os.path.join(ROOT, "policies"))
        cli("demo", "--data", cls.data, "--cases", str(DEMO_CASES), "--seed", "3")
        cls.tokens = {}
        for name, role, agency in [("desk", "desk_officer", "chicago-police"),
                                   ("super", "supervisor", "tx-county-jail"),
                                   ("counsel", "counsel", ""), ("auditor", "auditor", "")]:
            args = ["user", "add", name, "--role", role, "--data", cls.data]
            if agency:
                args += ["--agency", agency]
            cli(*args)
            cls.tokens[name] = cli("user", "token", name, "--data", cls.data).stdout.strip()
        cls.proc = subprocess.Popen(
            [TG, "serve", "--data", cls.data, "--listen", "127.0.0.1:0", "--access-log", "none"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = cls.proc.stdout.readline()
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            cls.proc.kill()
            raise AssertionError("serve did not start: " + line)
        cls.port = int(m.group(1))
        with open(os.path.join(ROOT, "api", "openapi.json"), encoding="utf-8") as f:
            cls.doc = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=30)
        cls.proc.stdout.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def call(self, method, path, who=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {}
        if who:
            headers["Authorization"] = "Bearer " + self.tokens[who]
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        a = Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        conn.close()
        return a

    def conforms(self, answer, schema_name):
        schema = {"$ref": "#/components/schemas/" + schema_name}
        resolver = jsonschema.RefResolver.from_schema(self.doc)
        jsonschema.Draft202012Validator(schema, resolver=resolver).validate(answer.json())

    def problem_at(self, answer, status, pointer):
        self.assertEqual(answer.status, status, answer.body)
        self.assertEqual(answer.headers["content-type"], "application/problem+json")
        self.assertEqual(answer.json()["errors"][0]["pointer"], pointer)

    def test_public_reports_for_anyone_and_verifiable(self):
        r = self.call("GET", "/v1/reports/summary?public=true")
        self.assertEqual(r.status, 200, r.body)
        self.conforms(r, "Report")
        doc = r.json()
        self.assertTrue(doc["parameters"]["public"])
        self.assertGreaterEqual(doc["cases"], DEMO_CASES)  # another test may add a case
        self.assertEqual(r.headers["etag"], '"%s"' % doc["sha256"])
        self.assertNotRegex(r.body.decode(), r"C-\d{6}")  # no case listed
        # The same bytes as the command line's, and recomputed by report verify.
        same = cli("report", "summary", "--public", "--data", self.data).stdout.encode()
        if doc["checkpoint"]["size"] == int(cli("ledger", "head", "--data",
                                                self.data).stdout.splitlines()[1]):
            self.assertEqual(r.body, same)
        path = os.path.join(self.tmp, "public.json")
        with open(path, "wb") as f:
            f.write(r.body)
        self.assertEqual(cli("report", "verify", path, "--data", self.data).returncode, 0)
        altered = r.body.replace(b'"cases":%d,' % doc["cases"], b'"cases":%d,' % (doc["cases"] + 1))
        self.assertNotEqual(altered, r.body)
        with open(path, "wb") as f:
            f.write(altered)
        self.assertEqual(cli("report", "verify", path, "--data", self.data,
                             check=False).returncode, 2)

    def test_full_reports_follow_the_access_policy(self):
        self.assertEqual(self.call("GET", "/v1/reports/il-805-25").status, 401)
        self.assertEqual(self.call("GET", "/v1/reports/il-805-25", "desk").status, 403)
        r = self.call("GET", "/v1/reports/il-805-25", "auditor")
        self.assertEqual(r.status, 200, r.body)
        self.conforms(r, "Report")
        self.assertRegex(r.body.decode(), r"C-\d{6}")  # the full report lists cases
        self.assertEqual(self.call("GET", "/v1/reports/ca-truth-act", "counsel").status, 200)
        csv = self.call("GET", "/v1/reports/il-805-25?format=csv", "auditor")
        self.assertEqual(csv.status, 200)
        self.assertTrue(csv.headers["content-type"].startswith("text/csv"))
        self.assertIn("date_received", csv.body.decode().splitlines()[0])
        # The public edition has no listing: its CSV is the counts by month.
        csv = self.call("GET", "/v1/reports/il-805-25?format=csv&public=true")
        self.assertEqual(csv.status, 200)
        self.assertEqual(csv.body.decode().splitlines()[0].split(",")[0], "month")
        html = self.call("GET", "/v1/reports/summary?format=html&public=1&jurisdiction=us-il-chicago")
        self.assertEqual(html.status, 200)
        self.assertIn(b"<svg", html.body)
        self.assertNotIn(b"<script", html.body)
        scoped = self.call("GET", "/v1/reports/summary?public=true&from=2025-07-01&to=2025-07-31")
        self.assertGreater(scoped.json()["cases"], 0)
        self.assertLess(scoped.json()["cases"], DEMO_CASES)

    def test_bad_report_queries_name_the_parameter(self):
        self.assertEqual(self.call("GET", "/v1/reports/bogus?public=true").status, 404)
        self.problem_at(self.call("GET", "/v1/reports/summary?public=true&from=2025-13-01"), 400,
                        "/from")
        self.problem_at(self.call("GET", "/v1/reports/summary?public=true&format=xml"), 400,
                        "/format")
        self.problem_at(self.call("GET", "/v1/reports/summary?public=maybe"), 400, "/public")
        self.problem_at(self.call("GET", "/v1/reports/summary?public=true&format=csv&table=x"),
                        400, "/table")

    def test_replay_for_counsel(self):
        self.assertEqual(self.call("POST", "/v1/replay", body={}).status, 401)
        self.assertEqual(self.call("POST", "/v1/replay", "desk", body={}).status, 403)
        r = self.call("POST", "/v1/replay", "counsel", body={})
        self.assertEqual(r.status, 200, r.body)
        self.conforms(r, "ReplayResult")
        exact = r.json()
        self.assertTrue(exact["reproducible"])
        self.assertGreaterEqual(exact["cases"], DEMO_CASES)
        self.assertEqual(exact["identical"], exact["cases"])
        r = self.call("POST", "/v1/replay", "counsel",
                      body={"with": "us-il-chicago@2020-06-01", "limit": 3})
        self.assertEqual(r.status, 200, r.body)
        self.conforms(r, "ReplayResult")
        what_if = r.json()
        self.assertTrue(what_if["what_if"])
        self.assertLessEqual(len(what_if["differences"]), 3)
        self.assertEqual(sum(c["outcomes"] for c in what_if["by_change"]) > 0,
                         what_if["changed"] > 0)
        # A draft: Chicago's pack without its welcoming-city rules.
        folder = os.path.join(self.data, "policies", "us-il-chicago")
        files = {}
        for name in ["pack.json", "police.cedar"]:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                files[name] = f.read()
        r = self.call("POST", "/v1/replay", "counsel",
                      body={"draft": {"pack": "us-il-chicago", "files": files}, "limit": 0})
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.json()["what_if"])
        self.assertGreater(r.json()["changed"], 0)
        self.assertEqual(r.json()["differences"], [])
        for body, pointer in [({"with": "atlantis@2020-01-01"}, "/with"),
                              ({"with": "us-il-chicago"}, "/with"),
                              ({"from": "yesterday"}, "/from"),
                              ({"limit": -1}, "/limit"),
                              ({"jurisdiction": "atlantis"}, "/jurisdiction"),
                              ({"speed": "fast"}, "/speed"),
                              ({"draft": {"pack": "us-il-chicago",
                                          "files": {"../pack.json": "{}"}}},
                               "/draft/files/../pack.json"),
                              ({"draft": {"pack": "../x", "files": {}}}, "/draft/pack")]:
            with self.subTest(body=body):
                self.problem_at(self.call("POST", "/v1/replay", "counsel", body=body), 400, pointer)

    def test_dispositions_deadlines_queue_and_metrics(self):
        r = self.call("POST", "/v1/cases", "super", body=TX_DETAINER)
        self.assertEqual(r.status, 201, r.body)
        cid = r.json()["id"]
        events = f"/v1/cases/{cid}/events"
        self.assertEqual(self.call("POST", events, "desk",
                                   body={"event": "released"}).status, 404)  # not theirs
        self.problem_at(self.call("POST", events, "super", body={"event": "freed"}), 400, "/event")
        self.problem_at(self.call("POST", events, "super",
                                  body={"event": "released",
                                        "happened_at": "2025-01-23T00:00:00-06:00"}),
                        400, "/happened_at")
        self.problem_at(self.call("POST", events, "super",
                                  body={"event": "held", "happened_at": "2025-01-24T18:00:00-06:00"}),
                        400, "/until")
        r = self.call("POST", events, "super",
                      body={"event": "held", "happened_at": "2025-01-24T18:00:00-06:00",
                            "until": "2025-01-28T18:00:00-06:00"})
        self.assertEqual(r.status, 200, r.body)
        self.conforms(r, "CaseWithDispositions")
        case = r.json()
        self.assertEqual(case["dispositions"][0]["event"], "held")
        self.assertEqual(case["deadlines"][0]["due_at"], "2025-01-28T18:00:00-06:00")
        # The hold's 48 hours ended in January 2025: overdue now.
        q = self.call("GET", "/v1/queue", "super")
        self.assertEqual(q.status, 200, q.body)
        self.conforms(q, "QueueWithDeadlines")
        mine = [d for d in q.json()["deadlines"] if d["case"] == cid]
        self.assertEqual([(d["obligation"], d["overdue"]) for d in mine],
                         [("release_within_48_hours", True)])
        self.assertGreaterEqual(q.json()["overdue"], 1)
        metrics = self.call("GET", "/metrics").body.decode()
        overdue = re.search(
            r'^trustgate_overdue_obligations\{obligation="release_within_48_hours"\} (\d+)$',
            metrics, re.M)
        self.assertIsNotNone(overdue, metrics[-2000:])
        self.assertGreaterEqual(int(overdue.group(1)), 1)
        self.assertRegex(metrics, r'(?m)^trustgate_open_obligations\{obligation="release_within_48_hours"\} \d+$')
        r = self.call("POST", events, "super",
                      body={"event": "released", "happened_at": "2025-01-28T17:00:00-06:00"})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["deadlines"][0]["state"], "met")
        r = self.call("POST", events, "super",
                      body={"event": "transferred", "happened_at": "2025-01-28T18:00:00-06:00",
                            "to": "ice-ero"})
        self.assertEqual(r.status, 409, r.body)  # no transfer after release
        q = self.call("GET", "/v1/queue", "super").json()
        self.assertEqual([d for d in q["deadlines"] if d["case"] == cid], [])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--trustgate", default=TG)
    args, rest = parser.parse_known_args()
    TG = os.path.abspath(args.trustgate)
    unittest.main(argv=[sys.argv[0], *rest])
