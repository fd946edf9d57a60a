#!/usr/bin/python3
"""The web UI as `trustgate serve` serves it (handlers_static.cc) and the
public endpoints its pages use: content types, caching (no-cache pages with
an ETag and 304, immutable assets under the bundle path), the CSP on every
UI answer, paths that try to leave the UI's files, an unknown page, HEAD;
know-your-rights (GET /v1/jurisdictions/{id}/rights) for anyone; the
jurisdiction's intake facts; POST /v1/cedar/validate for counsel only.

  /usr/bin/python3 tests/api/web_static_test.py [--trustgate build/bin/trustgate]
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TG = os.path.join(ROOT, "build", "bin", "trustgate")


def cli(*args):
    r = subprocess.run([TG, *args], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError(f"trustgate {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


class WebStaticTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="trustgate-web-static-")
        cls.data = os.path.join(cls.tmp, "data")
        cli("init", "--data", cls.data, "--policies", os.path.join(ROOT, "policies"))
        cls.tokens = {}
        for name, role in [("counsel", "counsel"), ("desk", "desk_officer")]:
            cli("user", "add", name, "--role", role, "--agency", "chicago-police", "--data", cls.data)
            cls.tokens[name] = cli("user", "token", name, "--data", cls.data).stdout.strip()
        cls.proc = subprocess.Popen(
            [TG, "serve", "--data", cls.data, "--listen", "127.0.0.1:0", "--access-log", "none"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", cls.proc.stdout.readline())
        if not m:
            cls.proc.kill()
            raise AssertionError("serve did not start")
        cls.port = int(m.group(1))

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=30)
        cls.proc.stdout.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def call(self, method, path, headers=None, who=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if who:
            headers["Authorization"] = "Bearer " + self.tokens[who]
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        out = (r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        conn.close()
        return out

    def bundle(self):
        _, _, body = self.call("GET", "/")
        return re.search(rb"/assets/([0-9a-f]{16})/app\.css", body).group(1).decode()

    def test_pages_are_html_revalidated_with_an_etag(self):
        status, h, body = self.call("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(h["content-type"], "text/html; charset=utf-8")
        self.assertEqual(h["cache-control"], "no-cache")
        self.assertNotIn(b"{{bundle}}", body)
        status, _, body = self.call("GET", "/", {"If-None-Match": h["etag"]})
        self.assertEqual((status, body), (304, b""))
        for page in ["desk", "rights", "laws", "reports", "login", "queue", "case", "counsel", "playground", "audit"]:
            self.assertEqual(self.call("GET", "/" + page)[0], 200, page)

    def test_every_ui_answer_carries_the_csp(self):
        b = self.bundle()
        for path in ["/", "/desk", "/nope", f"/assets/{b}/app.css", f"/assets/{b}/missing.js"]:
            _, h, _ = self.call("GET", path)
            csp = h.get("content-security-policy", "")
            self.assertIn("default-src 'none'", csp, path)
            self.assertIn("script-src 'self'", csp, path)
            self.assertIn("frame-ancestors 'none'", csp, path)
            self.assertEqual(h.get("x-content-type-options"), "nosniff", path)

    def test_assets_are_immutable_under_the_bundle(self):
        b = self.bundle()
        for name, ctype in [("app.css", "text/css; charset=utf-8"), ("desk.js", "text/javascript; charset=utf-8")]:
            status, h, body = self.call("GET", f"/assets/{b}/{name}")
            self.assertEqual((status, h["content-type"]), (200, ctype))
            self.assertEqual(h["cache-control"], "public, max-age=31536000, immutable")
            self.assertGreater(len(body), 100)
        self.assertEqual(self.call("GET", "/assets/0000000000000000/app.css")[0], 404)

    def test_no_path_leaves_the_ui_files(self):
        b = self.bundle()
        for path in [f"/assets/{b}/../index.html", f"/assets/{b}/%2e%2e/%2e%2e/config.json",
                     f"/assets/{b}//app.css", f"/assets/{b}/..%2fkeys%2fledger.key", "/..%2fconfig.json",
                     "/index", "/404", "/Desk"]:
            status, _, body = self.call("GET", path)
            self.assertIn(status, (400, 404), path)
            self.assertNotIn(b"PRIVATE KEY", body, path)

    def test_an_unknown_page_is_the_404_page(self):
        status, h, body = self.call("GET", "/no-such-page")
        self.assertEqual(status, 404)
        self.assertEqual(h["content-type"], "text/html; charset=utf-8")
        self.assertIn(b"Page not found", body)

    def test_head_has_no_body(self):
        status, h, body = self.call("HEAD", "/rights")
        self.assertEqual((status, body), (200, b""))

    def test_know_your_rights_is_public(self):
        status, _, body = self.call("GET", "/v1/jurisdictions/us-il-chicago/rights")
        self.assertEqual(status, 200)
        info = json.loads(body)
        self.assertEqual(info["layers"][0]["pack"], "us-il-chicago")
        names = [c["name"] for l in info["layers"] for c in l["contacts"]]
        self.assertTrue(any("National Immigrant Justice Center" in n for n in names))
        self.assertTrue(any(c["url"].startswith("https://locator.ice.gov")
                            for l in info["layers"] for c in l["contacts"] if "url" in c))
        self.assertEqual(self.call("GET", "/v1/jurisdictions/nowhere/rights")[0], 404)

    def test_the_jurisdiction_says_what_a_form_asks(self):
        status, _, body = self.call("GET", "/v1/jurisdictions/us-il-chicago?at=2025-01-27")
        law = json.loads(body)
        self.assertIn("subject.immigration_status", law["unrecordable_fields"])
        police = next(a for a in law["agencies"] if a["id"] == "chicago-police")
        self.assertIn("instrument", police["reads"])
        self.assertFalse(any("immigration_status" in p for p in police["reads"]))
        self.assertIn("text", law["obligations"]["do_not_record_status"])
        listing = json.loads(self.call("GET", "/v1/jurisdictions")[2])
        self.assertIn("hold_beyond_release", listing["vocabulary"]["actions"])
        chicago = next(j for j in listing["jurisdictions"] if j["id"] == "us-il-chicago")
        self.assertGreaterEqual(chicago["public_contacts"], 3)

    def test_cedar_validate_for_counsel(self):
        good = {"policies": '@id("p") permit (principal, action == Action::"hold_beyond_release", resource) '
                            'when { context.instrument == Instrument::"detainer" };'}
        status, _, body = self.call("POST", "/v1/cedar/validate", who="counsel", body=good)
        self.assertEqual((status, json.loads(body)["valid"]), (200, True))
        bad = {"policies": '@id("p") permit (principal, action, resource) when { context.nope };'}
        r = json.loads(self.call("POST", "/v1/cedar/validate", who="counsel", body=bad)[2])
        self.assertFalse(r["valid"])
        self.assertEqual(r["errors"][0]["policy"], "p")
        status, _, body = self.call("POST", "/v1/cedar/validate", who="counsel", body={"policies": "permit ("})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["errors"][0]["pointer"], "/policies")
        self.assertEqual(self.call("POST", "/v1/cedar/validate", who="desk", body=good)[0], 403)
        self.assertEqual(self.call("POST", "/v1/cedar/validate", body=good)[0], 401)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustgate", default=TG)
    args, rest = ap.parse_known_args()
    TG = os.path.abspath(args.trustgate)
    unittest.main(argv=[sys.argv[0], *rest])
