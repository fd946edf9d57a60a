#!/usr/bin/env python3
"""End-to-end tests of the trustgate CLI: every command the README documents,
its exit codes and key messages, on fresh data directories.

  test_cli.py --trustgate build/bin/trustgate [unittest options]
"""
import argparse
import fcntl
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TG = None

EXAMPLE = {
    "id": "cli-1", "received_at": "2025-01-27T14:03:00-06:00", "jurisdiction": "us-il-chicago",
    "receiving_agency": "chicago-police", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "detainer", "form": "I-247A", "signed_by": "immigration_officer"},
    "actions": ["hold_beyond_release", "notify_release"],
    "purpose": "civil_immigration_enforcement", "subject": {"in_custody": True},
    "facts": {"supervisor_on_site": False},
}
ON_SCENE = {
    "id": "cli-2", "received_at": "2025-03-04T10:00:00-06:00", "jurisdiction": "us-tx-austin",
    # The conflict: the Travis County Sheriff's 2017 detainer policy against
    # Texas SB 4 (Austin's own resolutions forbid nothing).
    "receiving_agency": "travis-county-sheriff", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "detainer", "signed_by": "immigration_officer"},
    "actions": ["hold_beyond_release"], "purpose": "civil_immigration_enforcement",
    "subject": {"in_custody": True},
}

# Exit codes (README, "The CLI").
OK, BAD, INVALID, NOT_FOUND, CONFLICT, CORRUPT, BUSY, PERMISSION = 0, 1, 2, 3, 4, 5, 7, 8


def run(*args, stdin=None, cwd=None):
    return subprocess.run([TG, *args], input=stdin, capture_output=True, text=True, cwd=cwd,
                          timeout=120)


class DataDirCase(unittest.TestCase):
    """Each test gets a fresh data directory at self.data."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="trustgate-cli-")
        self.data = os.path.join(self.tmp, "data")
        r = run("init", "--data", self.data, "--policies", os.path.join(ROOT, "policies"))
        self.assertEqual(r.returncode, OK, r.stderr)
        self.init_out = r.stdout

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, value):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(value if isinstance(value, str) else json.dumps(value))
        return path

    def tg(self, *args, **kw):
        return run(*args, "--data", self.data, **kw)

    def submit(self, request, expect=OK):
        r = self.tg("case", "submit", self.write("req.json", request))
        self.assertEqual(r.returncode, expect, r.stderr)
        return json.loads(r.stdout) if expect == OK else r

    def verify(self):
        return self.tg("ledger", "verify")

    def verifier_key(self):
        with open(os.path.join(self.data, "config.json"), encoding="utf-8") as f:
            return json.load(f)["verifier_key"]


class HelpTest(unittest.TestCase):
    COMMANDS = [[], ["cedar"], ["cedar", "authorize"], ["cedar", "check-parse"],
                ["cedar", "format"], ["cedar", "validate"], ["cedar", "test-corpus"],
                ["cedar", "evaluate"], ["cedar", "test-items"],
                ["decide"], ["guide"], ["policy"], ["policy", "test"], ["policy", "check"],
                ["policy", "diff"], ["init"], ["case"], ["case", "submit"], ["case", "show"],
                ["case", "list"], ["case", "signoff"], ["case", "override"], ["case", "close"],
                ["ledger"], ["ledger", "head"], ["ledger", "verify"], ["ledger", "prove"],
                ["ledger", "consistency"], ["store"], ["store", "rebuild"], ["case", "record"],
                ["case", "due"], ["report"], ["report", "verify"], ["replay"], ["demo"],
                ["disclose"]]

    def test_every_command_has_help(self):
        for cmd in self.COMMANDS:
            with self.subTest(cmd=cmd):
                r = run(*cmd, "--help")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("Usage:", r.stdout)

    def test_unknown_options_are_refused(self):
        r = run("case", "list", "--bogus")
        self.assertNotEqual(r.returncode, 0)


class CedarEvaluateTest(unittest.TestCase):
    """`cedar evaluate`: the Cedar CLI's expression evaluation."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tg-eval-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_prints_the_value_in_cedar_syntax(self):
        r = run("cedar", "evaluate", 'if 10 > 5 then "good" else "bad"')
        self.assertEqual((r.returncode, r.stdout), (OK, '"good"\n'), r.stderr)
        r = run("cedar", "evaluate", 'decimal("1.5")')
        self.assertEqual(r.stdout, 'decimal("1.5000")\n')

    def test_evaluates_in_a_request_with_entities_and_schema(self):
        schema = self.write("s.cedarschema", "entity User = { age: Long };\n"
                            "action view appliesTo { principal: User, resource: User, "
                            "context: { ok: Bool } };\n")
        entities = self.write("e.json", '[{"uid": {"type": "User", "id": "a"}, '
                              '"attrs": {"age": 42}, "parents": []}]')
        context = self.write("c.json", '{"ok": true}')
        args = ["--entities", entities, "--schema", schema, "-l", 'User::"a"',
                "-a", 'Action::"view"', "-r", 'User::"a"', "-c", context]
        r = run("cedar", "evaluate", *args, "principal.age + 1 > 42 && context.ok")
        self.assertEqual((r.returncode, r.stdout), (OK, "true\n"), r.stderr)
        bad = self.write("bad.json", '{"ok": 1}')
        r = run("cedar", "evaluate", *args[:-1], bad, "context.ok")
        self.assertEqual(r.returncode, BAD)
        self.assertIn("context.ok", r.stderr)

    def test_errors_exit_1_naming_the_cause(self):
        r = run("cedar", "evaluate", '1 + "a"')
        self.assertEqual(r.returncode, BAD)
        self.assertIn("evaluation error", r.stderr)
        r = run("cedar", "evaluate", "principal")
        self.assertEqual(r.returncode, BAD)
        self.assertIn("--principal", r.stderr)
        r = run("cedar", "evaluate", "9223372036854775807 + 1")
        self.assertEqual(r.returncode, BAD)
        self.assertIn("overflow", r.stderr)


class InitTest(DataDirCase):
    def test_init_prints_the_verifier_key_and_refuses_to_overwrite(self):
        self.assertRegex(self.init_out, r"verifier key +trustgate/[0-9a-f]{16}\+[0-9a-f]{8}\+")
        r = run("init", "--data", self.data)
        self.assertEqual(r.returncode, CONFLICT)
        self.assertIn("not empty", r.stderr)
        r = run("init", "--data", os.path.join(self.tmp, "x"), "--origin", "has space")
        self.assertEqual(r.returncode, BAD)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "x")))

    def test_no_file_is_readable_by_others(self):
        self.submit(EXAMPLE)
        for base, dirs, files in os.walk(self.data):
            for name in dirs + files:
                mode = os.stat(os.path.join(base, name)).st_mode
                self.assertEqual(mode & (stat.S_IRWXG | stat.S_IRWXO), 0, name)


class DecideTest(DataDirCase):
    def test_decides_the_design_example(self):
        r = run("decide", self.write("r.json", EXAMPLE))
        self.assertEqual(r.returncode, OK, r.stderr)
        d = json.loads(r.stdout)
        self.assertEqual([o["compliance"] for o in d["outcomes"]], ["prohibited", "prohibited"])

    def test_decide_and_submit_refuse_alike_naming_the_field(self):
        cases = [
            (dict(EXAMPLE, instrument={"type": "fax"}), "/instrument/type"),
            ('{"id": "a", "id": "b"}', "/id: repeated key"),
            (dict(EXAMPLE, subject={"in_custody": True, "immigration_status": "x"}),
             "/subject/immigration_status: must not be recorded"),
            (dict(EXAMPLE, received_at="2099-01-01T00:00:00Z"), "/received_at: is in the future"),
            (dict(EXAMPLE, id="x" * 300), "/id: too long"),
            (dict(EXAMPLE, facts={"supervisor_on_site": 1.5}), "/facts/supervisor_on_site"),
        ]
        for request, message in cases:
            with self.subTest(message=message):
                path = self.write("bad.json", request)
                d = run("decide", path)
                s = self.tg("case", "submit", path)
                self.assertEqual(d.returncode, BAD, d.stderr)
                self.assertEqual(s.returncode, BAD, s.stderr)
                self.assertIn(message, d.stderr)
                self.assertIn(message, s.stderr)
                self.assertEqual(d.stderr.split(": ", 2)[-1], s.stderr.split(": ", 2)[-1])
        self.assertIn("0 cases", self.tg("case", "list").stderr)

    def test_text_output_cannot_be_forged_by_the_request(self):
        forged = dict(EXAMPLE, id="r1")
        text = json.dumps(forged).replace('"r1"', '"r1\\u001b[2J"')
        r = run("decide", self.write("r.json", text), "--format", "text")
        self.assertEqual(r.returncode, BAD)  # control characters are refused at intake
        self.assertIn("/id", r.stderr)
        self.assertNotIn("\x1b", r.stderr)

    def test_batch_streams_counts_truly_and_exits_2_on_a_rejected_line(self):
        lines = [json.dumps(EXAMPLE), "", "   ", json.dumps(dict(EXAMPLE, purpose="x")),
                 json.dumps(ON_SCENE)]
        r = run("decide", "--batch", "-", stdin="\n".join(lines) + "\n")
        self.assertEqual(r.returncode, INVALID, r.stderr)
        out = r.stdout.strip().split("\n")
        self.assertEqual(len(out), 3)
        self.assertEqual(json.loads(out[1]), {"line": 4, "field": "/purpose",
                                              "error": json.loads(out[1])["error"]})
        self.assertIn("decided 2, rejected 1", r.stderr)
        t = run("decide", "--batch", "-", "--format", "text", stdin=lines[0] + "\n")
        self.assertEqual(t.returncode, OK)
        self.assertIn("DECLINE", t.stdout)

    def test_batch_answers_before_its_input_ends(self):
        p = subprocess.Popen([TG, "decide", "--batch", "-"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdin.write(json.dumps(EXAMPLE) + "\n")
        p.stdin.flush()
        first = p.stdout.readline()  # would block forever if the input were read whole first
        self.assertIn("outcomes", first)
        p.stdin.close()
        p.wait(timeout=30)
        p.stdout.close()
        p.stderr.close()
        self.assertEqual(p.returncode, 0)


class GuideTest(unittest.TestCase):
    """`guide`: the field guide for one agency, derived from the law."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tg-guide-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_markdown_guide_to_a_file_in_both_languages(self):
        for lang, words in (("en", ["DECLINE", "Detainer", "not legal advice"]),
                            ("es", ["NIÉGUESE", "Orden de detención", "no asesoría legal"])):
            with self.subTest(lang=lang):
                out = os.path.join(self.tmp, "guide-%s.md" % lang)
                r = run("guide", "us-il-chicago", "--agency", "chicago-police", "--at",
                        "2025-06-01", "--lang", lang, "--format", "md", "--out", out)
                self.assertEqual(r.returncode, OK, r.stderr)
                self.assertEqual(r.stdout, "")
                with open(out, encoding="utf-8") as f:
                    text = f.read()
                for w in words:
                    self.assertIn(w, text)
                self.assertIn("2025-06-01", text)

    def test_errors_name_the_bad_argument(self):
        cases = [
            (["us-il-nowhere", "--agency", "chicago-police"], "JURISDICTION", "us-il-chicago"),
            (["us-il-chicago", "--agency", "chicago-fire"], "--agency", "chicago-police"),
            (["us-il-chicago", "--agency", "chicago-police", "--lang", "fr"], "--lang", "es"),
            (["us-il-chicago", "--agency", "chicago-police", "--format", "doc"], "--format", "pdf"),
            (["us-il-chicago", "--agency", "chicago-police", "--at", "2025-02-30"], "--at", ""),
        ]
        for args, name, hint in cases:
            with self.subTest(args=args):
                r = run("guide", *args)
                self.assertEqual(r.returncode, BAD, r.stderr)
                self.assertIn(name, r.stderr)
                self.assertIn(hint, r.stderr)
                self.assertEqual(r.stdout, "")
        r = run("guide", "us-il-chicago")
        self.assertEqual(r.returncode, BAD)
        self.assertIn("--agency", r.stderr)


class CaseTest(DataDirCase):
    def test_the_workflow_and_its_exit_codes(self):
        c = self.submit(EXAMPLE)
        self.assertRegex(c["id"], r"^C-\d{6}$")
        self.assertEqual(c["state"], "decided")
        again = self.submit(EXAMPLE)
        self.assertEqual(again["id"], c["id"])  # the same client id: the same case
        self.assertEqual(self.tg("case", "show", "C-999999").returncode, NOT_FOUND)
        r = self.tg("case", "signoff", c["id"], "--supervisor", "Sgt. Diaz")
        self.assertEqual(r.returncode, CONFLICT, r.stderr)
        conflict = self.submit(ON_SCENE)
        self.assertEqual(conflict["state"], "awaiting_counsel")
        r = self.tg("case", "signoff", conflict["id"], "--supervisor", "Sgt. Diaz")
        self.assertEqual(r.returncode, PERMISSION)  # the decision awaits another role
        self.assertIn("only counsel", r.stderr)
        r = self.tg("case", "override", conflict["id"], "--counsel", "A. Counsel",
                    "--reason", "State law governs the jail here.")
        self.assertEqual(r.returncode, OK, r.stderr)
        self.assertEqual(json.loads(r.stdout)["state"], "overridden")
        self.assertEqual(self.tg("case", "close", conflict["id"]).returncode, OK)
        self.assertEqual(self.tg("case", "close", conflict["id"]).returncode, CONFLICT)
        lst = self.tg("case", "list", "--status", "closed")
        self.assertIn(conflict["id"], lst.stdout)
        self.assertNotIn(c["id"], lst.stdout)
        self.assertEqual(self.tg("case", "list", "--status", "bogus").returncode, BAD)
        v = self.verify()
        self.assertEqual(v.returncode, OK, v.stderr)
        self.assertIn("case store: 2 cases", v.stdout)

    def test_text_that_cannot_be_recorded_never_reaches_the_ledger(self):
        conflict = self.submit(ON_SCENE)
        for name in [b"Sgt \xff\xfe", b"Sgt\r\nFAKE", b"x" * 300, b""]:
            with self.subTest(name=name):
                r = subprocess.run([TG.encode(), b"case", b"override", conflict["id"].encode(),
                                    b"--counsel", name, b"--reason", b"r", b"--data",
                                    self.data.encode()], capture_output=True, timeout=60)
                self.assertEqual(r.returncode, BAD, r.stderr)
        self.assertEqual(self.tg("case", "list").returncode, OK)
        self.assertEqual(self.verify().returncode, OK)

    def test_reads_need_neither_the_lock_nor_the_key(self):
        c = self.submit(EXAMPLE)
        lock = os.open(os.path.join(self.data, "ledger", "LOCK"), os.O_RDWR)
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running writer would
        try:
            self.assertEqual(self.tg("case", "list").returncode, OK)
            self.assertEqual(self.tg("case", "show", c["id"]).returncode, OK)
            self.assertEqual(self.tg("ledger", "head").returncode, OK)
            self.assertEqual(self.verify().returncode, OK)
            r = self.submit(dict(EXAMPLE, id="cli-busy"), expect=BUSY)
            self.assertIn("in use by another process", r.stderr)
        finally:
            os.close(lock)
        key = os.path.join(self.data, "keys", "ledger.key")
        os.chmod(key, 0o644)
        r = self.submit(dict(EXAMPLE, id="cli-3"), expect=PERMISSION)
        self.assertIn("chmod 600", r.stderr)
        self.assertEqual(self.tg("case", "list").returncode, OK)
        os.chmod(key, 0o600)

    def test_the_law_does_not_depend_on_the_working_folder(self):
        elsewhere = os.path.join(self.tmp, "elsewhere")
        shutil.copytree(os.path.join(ROOT, "policies"), os.path.join(elsewhere, "policies"))
        os.remove(os.path.join(elsewhere, "policies", "us-il-chicago", "welcoming-city.cedar"))
        a = self.submit(dict(EXAMPLE, id="w-1"))
        r = run("case", "submit", self.write("w2.json", dict(EXAMPLE, id="w-2")), "--data",
                self.data, cwd=elsewhere)
        self.assertEqual(r.returncode, OK, r.stderr)
        self.assertEqual(json.loads(r.stdout)["policy_version"], a["policy_version"])
        law = os.path.join(self.data, "law", a["policy_version"].split(":")[1])
        self.assertTrue(os.path.isdir(law))


TX_DETAINER = {
    "received_at": "2025-01-24T10:00:00-06:00", "jurisdiction": "us-tx",
    "receiving_agency": "tx-county-jail", "requester": {"agency": "ice-ero"},
    "instrument": {"type": "detainer", "form": "I-247A", "signed_by": "immigration_officer"},
    "actions": ["hold_beyond_release"], "purpose": "civil_immigration_enforcement",
    "subject": {"in_custody": True},
}


class DispositionTest(DataDirCase):
    def test_record_what_happened_and_the_deadlines_it_opens(self):
        c = self.submit(TX_DETAINER)  # Texas requires the hold; 48 hours, weekends aside
        cid = c["id"]
        self.assertEqual([d["obligation"] for d in c["deadlines"]], ["release_within_48_hours"])
        self.assertEqual(c["deadlines"][0]["state"], "not_started")
        r = self.tg("case", "record", cid, "held", "--at", "2025-01-24T18:00:00-06:00",
                    "--until", "2025-01-28T18:00:00-06:00")
        self.assertEqual(r.returncode, OK, r.stderr)
        case = json.loads(r.stdout)
        self.assertEqual(case["dispositions"][0]["event"], "held")
        self.assertEqual(case["deadlines"][0]["due_at"], "2025-01-28T18:00:00-06:00")
        due = self.tg("case", "due", "--now", "2025-01-27T12:00:00-06:00")
        self.assertEqual(due.returncode, OK, due.stderr)
        self.assertIn(cid, due.stdout)
        self.assertNotIn("OVERDUE", due.stdout)
        late = self.tg("case", "due", "--overdue", "--now", "2025-01-29T00:00:00-06:00",
                       "--format", "json")
        rows = [json.loads(line) for line in late.stdout.splitlines()]
        self.assertEqual([(x["case"], x["overdue"]) for x in rows], [(cid, True)])
        none = self.tg("case", "due", "--overdue", "--now", "2025-01-27T12:00:00-06:00")
        self.assertEqual(none.stdout, "")
        # Refused, naming what is wrong; nothing is written.
        size = self.tg("ledger", "head").stdout.split("\n")[1]
        for args, code, text in [
            (["transferred", "--at", "2025-01-27T09:00:00-06:00"], BAD, "--to"),
            (["released", "--at", "2025-01-23T00:00:00-06:00"], BAD, "/happened_at"),
            (["freed"], BAD, "one of: released"),
            (["released", "--at", "soon"], BAD, "/happened_at"),
        ]:
            with self.subTest(args=args):
                r = self.tg("case", "record", cid, *args)
                self.assertEqual(r.returncode, code, r.stderr)
                self.assertIn(text, r.stderr)
        self.assertEqual(self.tg("ledger", "head").stdout.split("\n")[1], size)
        r = self.tg("case", "close", cid)
        self.assertEqual(r.returncode, CONFLICT)  # still held
        r = self.tg("case", "record", cid, "released", "--at", "2025-01-28T17:00:00-06:00")
        self.assertEqual(r.returncode, OK, r.stderr)
        self.assertEqual(json.loads(r.stdout)["deadlines"][0]["state"], "met")
        r = self.tg("case", "record", cid, "transferred", "--at", "2025-01-28T18:00:00-06:00",
                    "--to", "ice-ero")
        self.assertEqual(r.returncode, CONFLICT)  # no transfer after release
        self.assertEqual(self.tg("case", "due").stdout, "")
        self.assertEqual(self.tg("case", "close", cid).returncode, OK)
        self.assertEqual(self.verify().returncode, OK)

    def test_a_prohibited_act_needs_an_override(self):
        c = self.submit(EXAMPLE)  # Chicago: no holds on a detainer
        r = self.tg("case", "record", c["id"], "held", "--at", "2025-01-28T10:00:00-06:00",
                    "--until", "2025-01-29T10:00:00-06:00")
        self.assertEqual(r.returncode, CONFLICT)
        self.assertIn("override", r.stderr)


class ReportTest(DataDirCase):
    def setUp(self):
        super().setUp()
        r = self.tg("demo", "--cases", "400", "--seed", "5")
        self.assertEqual(r.returncode, OK, r.stderr)
        self.assertIn("recorded 400 demo cases", r.stdout)

    def report(self, *args, expect=OK):
        r = self.tg("report", *args)
        self.assertEqual(r.returncode, expect, r.stderr)
        return r.stdout

    def test_reports_verify_and_alterations_are_caught(self):
        text = self.report("summary")
        doc = json.loads(text)
        self.assertEqual(doc["kind"], "summary")
        self.assertEqual(doc["cases"], 400)
        self.assertRegex(doc["sha256"], r"^[0-9a-f]{64}$")
        self.assertTrue(doc["checkpoint"]["note"].startswith(doc["checkpoint"]["origin"] + "\n"))
        path = self.write("r.json", text)
        v = self.tg("report", "verify", path)
        self.assertEqual(v.returncode, OK, v.stderr)
        self.assertIn("bit for bit", v.stdout)
        altered = self.write("bad.json", text.replace('"total",', '"total",1', 1)
                             if '"total",' in text else text.replace(":400,", ":401,", 1))
        self.assertEqual(self.tg("report", "verify", altered).returncode, INVALID)
        # A report stays verifiable after the ledger grows.
        self.submit(EXAMPLE)
        self.assertEqual(self.tg("report", "verify", path).returncode, OK)
        for kind in ["il-805-25", "chicago-2-173-069", "nyc-detainers", "ca-truth-act"]:
            for fmt in ["json", "csv", "html"]:
                with self.subTest(kind=kind, fmt=fmt):
                    out = self.report(kind, "--format", fmt, "--public")
                    p = self.write("r." + fmt, out)
                    v = self.tg("report", "verify", p)
                    self.assertEqual(v.returncode, OK, v.stderr)

    def test_formats_tables_and_bad_arguments(self):
        csv = self.report("il-805-25", "--format", "csv")
        header = csv.splitlines()[0]
        self.assertIn("date_received", header)
        self.assertIn("# trustgate-report-provenance ", csv)
        html = self.report("summary", "--format", "html")
        self.assertIn("<svg", html)
        self.assertNotIn("<script", html)
        pub = self.report("summary", "--public", "--format", "json")
        self.assertNotRegex(pub, r"C-\d{6}")
        self.assertEqual(self.report("summary", "--format", "csv", "--table",
                                     "requests_by_month").splitlines()[0].split(",")[0], "month")
        self.report("bogus", expect=BAD)
        self.report("summary", "--format", "xml", expect=BAD)
        self.report("summary", "--format", "csv", "--table", "bogus", expect=BAD)
        self.report("summary", "--from", "2025-13-01", expect=BAD)
        out = os.path.join(self.tmp, "out.html")
        self.report("summary", "--format", "html", "--out", out)
        self.assertEqual(self.tg("report", "verify", out).returncode, OK)

    def test_replay_exact_and_what_if(self):
        r = self.tg("replay")
        self.assertEqual(r.returncode, OK, r.stdout + r.stderr)
        self.assertIn("history is reproducible", r.stdout)
        r = self.tg("replay", "--with", "us-il-chicago@2020-06-01", "--format", "json")
        self.assertEqual(r.returncode, OK, r.stderr)
        doc = json.loads(r.stdout)
        self.assertTrue(doc["what_if"])
        self.assertEqual(doc["cases"], 400)
        # A draft: Chicago's pack without its welcoming-city rules.
        draft = os.path.join(self.tmp, "drafts", "us-il-chicago")
        shutil.copytree(os.path.join(self.data, "policies", "us-il-chicago"), draft)
        for name in os.listdir(draft):
            if name.endswith(".cedar") and name != "police.cedar":
                os.remove(os.path.join(draft, name))
        r = self.tg("replay", "--with", draft, "--limit", "2")
        self.assertEqual(r.returncode, OK, r.stderr)
        self.assertRegex(r.stdout, r"\d+ cases would change")
        self.assertEqual(self.tg("replay", "--with", "nowhere@2020-01-01").returncode, BAD)
        self.assertEqual(self.tg("replay", "--with", os.path.join(self.tmp, "none")).returncode,
                         BAD)

    def test_demo_needs_a_data_directory(self):
        r = run("demo", "--data", os.path.join(self.tmp, "missing"), "--cases", "5")
        self.assertEqual(r.returncode, NOT_FOUND, r.stderr)
        r = self.tg("demo", "--cases", "5", "--jurisdiction", "atlantis")
        self.assertEqual(r.returncode, BAD)


class DiscloseTest(DataDirCase):
    """trustgate disclose (docs/disclosure.md): released, logged, recorded."""
    REQUEST = {"jurisdiction": "us-il-chicago", "receiving_agency": "chicago-police",
               "recipient": "press", "purpose": "other", "instrument": "public_records_request"}

    def test_a_csv_release_is_redacted_logged_and_recorded(self):
        records = self.write("in.csv", "record_type,booking_number,name,citizenship,phone\r\n"
                                       "booking,BK-1,\"Doe, Ana\",SECRETCIT,SECRETPHONE\r\n")
        out = os.path.join(self.tmp, "out.csv")
        r = self.tg("disclose", "--request", self.write("req.json", self.REQUEST), "--records", records,
                    "--out", out)
        self.assertEqual(r.returncode, OK, r.stderr)
        with open(out, encoding="utf-8") as f:
            released = f.read()
        self.assertIn('BK-1,"Doe, Ana","[withheld: Chicago Mun. Code 2-173-030(a)(1)]",'
                      '"[withheld: 5 ILCS 140/7(1)(b)]"', released)
        with open(out + ".redactions.jsonl", encoding="utf-8") as f:
            log = [json.loads(line) for line in f]
        self.assertEqual(log[1]["fields"][0][:2], ["/citizenship", "citizenship"])
        self.assertEqual(self.verify().returncode, OK)
        with open(os.path.join(self.data, "ledger", "entries.log"), "rb") as f:
            entries = f.read()
        self.assertIn(b'"event":"disclosed"', entries)
        self.assertNotIn(b"SECRET", entries + released.encode() + json.dumps(log).encode())

    def test_a_bad_request_names_the_field_and_records_nothing(self):
        records = self.write("in.jsonl", '{"record_type":"booking","name":"x"}\n')
        before = self.tg("ledger", "head").stdout
        r = self.tg("disclose", "--request", self.write("req.json", dict(self.REQUEST, recipient="kgb")),
                    "--records", records)
        self.assertEqual(r.returncode, BAD)
        self.assertIn("/recipient", r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertEqual(self.tg("ledger", "head").stdout, before)


class LedgerTest(DataDirCase):
    def entries(self):
        return os.path.join(self.data, "ledger", "entries.log")

    def test_head_is_a_checkpoint_and_proofs_check_offline(self):
        c = self.submit(EXAMPLE)
        head = self.tg("ledger", "head").stdout
        lines = head.split("\n")
        self.assertTrue(lines[0].startswith("trustgate/"))
        self.assertTrue(lines[1].isdigit())
        self.assertEqual(lines[3], "")
        self.assertTrue(lines[4].startswith("\u2014 " + lines[0] + " "))
        proof = self.tg("ledger", "prove", c["id"])
        self.assertEqual(proof.returncode, OK, proof.stderr)
        path = self.write("proof.json", proof.stdout)
        py = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "verify_ledger.py"),
                             "--proof", path, "--key", self.verifier_key()],
                            capture_output=True, text=True)
        self.assertEqual(py.returncode, 0, py.stderr)
        cons = self.tg("ledger", "consistency", "1")
        self.assertEqual(cons.returncode, OK, cons.stderr)
        self.assertEqual(json.loads(cons.stdout)["old_size"], 1)

    def test_tampering_is_caught_and_never_re_signed(self):
        self.submit(EXAMPLE)
        with open(self.entries(), "rb") as f:
            good = f.read()
        with open(self.entries(), "wb") as f:
            f.write(good.replace(b'"decline"', b'"comply"', 1))
        for name in os.listdir(os.path.join(self.data, "ledger")):
            if name.startswith("checkpoints"):
                open(os.path.join(self.data, "ledger", name), "w").close()
        self.tg("case", "list")
        self.assertEqual(self.submit(dict(EXAMPLE, id="t-2"), expect=CORRUPT).returncode, CORRUPT)
        v = self.verify()
        self.assertEqual(v.returncode, INVALID)
        self.assertIn("FAILED", v.stderr)

    def test_a_forged_line_is_cut_off_never_applied(self):
        c = self.submit(EXAMPLE)
        with open(self.entries(), "rb") as f:
            data = f.read().rstrip(b"\0")
        n = data.count(b"\n")
        forged = json.dumps({"case": c["id"], "event": "closed", "seq": n, "at": "x",
                             "actor": {"id": "m", "role": "cli"}}, sort_keys=True,
                            separators=(",", ":"))
        with open(self.entries(), "wb") as f:
            f.write(data + forged.encode() + b"\n")
        self.assertEqual(self.verify().returncode, INVALID)
        self.assertIn('"state":"decided"', self.tg("case", "show", c["id"]).stdout)
        self.submit(dict(EXAMPLE, id="f-2"))  # a writer opens the ledger: the line is cut
        with open(self.entries(), "rb") as f:
            self.assertNotIn(forged.encode(), f.read())
        self.assertEqual(self.verify().returncode, OK)

    def test_an_edited_store_row_fails_verification_and_rebuild_repairs_it(self):
        c = self.submit(EXAMPLE)
        db = sqlite3.connect(os.path.join(self.data, "cases.db"))
        db.execute("UPDATE cases SET decision_json = replace(decision_json, 'decline', 'comply')")
        db.commit()
        db.close()
        v = self.verify()
        self.assertEqual(v.returncode, INVALID)
        self.assertIn(c["id"], v.stderr)
        r = self.tg("store", "rebuild")
        self.assertEqual(r.returncode, OK, r.stderr)
        self.assertEqual(self.verify().returncode, OK)

    def test_the_python_verifier_agrees(self):
        self.submit(EXAMPLE)
        head = self.write("head.txt", self.tg("ledger", "head").stdout)
        self.submit(dict(EXAMPLE, id="p-2"))
        py = [sys.executable, os.path.join(ROOT, "tools", "verify_ledger.py"),
              os.path.join(self.data, "ledger"), "--key", self.verifier_key()]
        self.assertEqual(subprocess.run(py + ["--against", head, "--all-signatures"]).returncode, 0)
        with open(self.entries(), "rb") as f:
            good = f.read()
        with open(self.entries(), "wb") as f:
            f.write(good.replace(b'"prohibited"', b'"required"', 1))
        self.assertEqual(subprocess.run(py, capture_output=True).returncode, 1)
        self.assertEqual(self.verify().returncode, INVALID)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustgate", required=True)
    args, rest = ap.parse_known_args()
    TG = os.path.abspath(args.trustgate)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=1)
