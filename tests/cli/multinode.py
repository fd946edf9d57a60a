#!/usr/bin/python3
"""Several `trustgate serve` on one PostgreSQL: the multi-node crash test and
the throughput figures (scripts/multi-node, scripts/bench-pg).

A PostgreSQL server comes from $TRUSTGATE_TEST_POSTGRES (a state folder that
scripts/test-postgres started, as ctest's fixture does) or is started here
and stopped at the end.
"""
import concurrent.futures as cf
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Postgres:
    """The tests' PostgreSQL server; new_database() makes an empty database."""

    def __init__(self, work):
        self.state = os.environ.get("TRUSTGATE_TEST_POSTGRES")
        self.owned = not self.state
        if self.owned:
            self.state = os.path.join(work, "pg-state")
            subprocess.run([os.path.join(ROOT, "scripts/test-postgres"), "start", self.state],
                           check=True, timeout=300)
        self.dir = open(os.path.join(self.state, "dir")).read().strip()
        self.port = open(os.path.join(self.state, "port")).read().strip()
        self.count = 0

    def url(self, db):
        return f"postgresql://postgres@/{db}?host={self.dir}&port={self.port}"

    def new_database(self):
        self.count += 1
        name = f"mn{os.getpid()}_{self.count}"
        subprocess.run(["psql", self.url("postgres"), "-qAtc", f"CREATE DATABASE {name}"],
                       check=True, stdout=subprocess.DEVNULL, timeout=300)
        return self.url(name)

    def stop(self):
        if self.owned:
            subprocess.run([os.path.join(ROOT, "scripts/test-postgres"), "stop", self.state],
                           timeout=300)


def init(tg, data, store=None):
    cmd = [tg, "init", "--data", data, "--policies", os.path.join(ROOT, "policies")]
    if store:
        cmd += ["--store", store]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError("init: " + out.stderr)
    return re.search(r"\btg_[A-Za-z0-9_\-]{20,}", out.stdout).group(0)


class Server:
    def __init__(self, tg, data, args=("serve",)):
        self.tg, self.data, self.args, self.port, self.proc = tg, data, args, free_port(), None

    def start(self):
        self.proc = subprocess.Popen(
            [self.tg, *self.args, "--data", self.data, "--listen", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if self.proc.poll() is not None:
                break
            if call(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                return
            time.sleep(0.05)
        raise RuntimeError(f"server on {self.port} did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def call(port, method, path, body=None, token=None, timeout=15):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                               data=None if body is None else json.dumps(body).encode())
    r.add_header("Content-Type", "application/json")
    if token:
        r.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(r, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except Exception:
        return None, b""


def request(case_id):
    return {"id": case_id, "received_at": "2025-01-27T14:03:00-06:00",
            "jurisdiction": "us-il-chicago", "receiving_agency": "chicago-police",
            "requester": {"agency": "ice-ero"},
            "instrument": {"type": "detainer", "signed_by": "immigration_officer"},
            "actions": ["hold_beyond_release"], "purpose": "civil_immigration_enforcement",
            "subject": {"in_custody": True}}


def copies(work, n):
    """n copies of the data directory work/d0 (d0 is the first)."""
    dirs = [os.path.join(work, "d0")]
    for i in range(1, n):
        d = os.path.join(work, f"d{i}")
        shutil.copytree(dirs[0], d, symlinks=True)
        dirs.append(d)
    return dirs


def submit_all(servers, token, ids, clients, on_answer=None):
    """Submits each id through the servers in turn; returns {id: status}.
    on_answer, when given, is called after each answer with their count."""
    answered = [0]
    lock = threading.Lock()

    def one(i):
        s = servers[i % len(servers)]
        code = call(s.port, "POST", "/v1/cases", request(ids[i]), token)[0]
        if on_answer:
            with lock:
                answered[0] += 1
                n = answered[0]
            on_answer(n)
        return ids[i], code
    with cf.ThreadPoolExecutor(clients) as ex:
        return dict(ex.map(one, range(len(ids))))


def crash_test(tg, pg, work, cycles=3, per_cycle=150, clients=12):
    """Three servers, one database; each cycle one server is SIGKILLed mid-load
    and restarted. Returns a list of problems (empty: it holds)."""
    token = init(tg, os.path.join(work, "d0"), pg.new_database())
    servers = [Server(tg, d) for d in copies(work, 3)]
    for s in servers:
        s.start()
    acked, seen_checkpoints, problems = set(), [], []
    unacked_at_kill = 0
    stop_watch = threading.Event()

    def watch():  # every checkpoint any node serves
        while not stop_watch.is_set():
            for s in servers:
                code, body = call(s.port, "GET", "/checkpoint", timeout=2)
                if code == 200:
                    seen_checkpoints.append(body.decode())
            time.sleep(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for cycle in range(cycles):
            ids = [f"mn-{cycle}-{i}" for i in range(per_cycle)]
            victim = servers[cycle % 3]
            # The kill lands once a third of the cycle's submissions are
            # answered, whatever the machine's speed, so that the rest (a
            # third of them through the victim) meet a dead server.
            third = threading.Event()
            killer = threading.Thread(target=lambda: (third.wait(), victim.kill()))
            killer.start()
            codes = submit_all(servers, token, ids, clients,
                               lambda n: n >= per_cycle // 3 and third.set())
            third.set()
            killer.join()
            acked.update(i for i, c in codes.items() if c == 201)
            # A client retries what was not acknowledged, on a server that is up.
            victim.start()
            retry = [i for i, c in codes.items() if c != 201]
            unacked_at_kill += len(retry)
            codes = submit_all(servers, token, retry, clients)
            acked.update(i for i, c in codes.items() if c in (200, 201))
            lost = [i for i, c in codes.items() if c not in (200, 201)]
            if lost:
                problems.append(f"cycle {cycle}: {len(lost)} retries failed ({lost[:3]})")
    finally:
        stop_watch.set()
        watcher.join()
        for s in servers:
            s.stop()
    listed = subprocess.run([tg, "case", "list", "--data", servers[0].data],
                            capture_output=True, text=True, timeout=300).stdout
    counts = {}
    for m in re.findall(r"\bmn-\d+-\d+\b", listed):
        counts[m] = counts.get(m, 0) + 1
    missing = [i for i in acked if counts.get(i, 0) == 0]
    twice = [i for i, n in counts.items() if n > 1]
    if missing:
        problems.append(f"{len(missing)} acknowledged cases missing, e.g. {missing[:3]}")
    if twice:
        problems.append(f"{len(twice)} cases recorded twice, e.g. {twice[:3]}")
    v = subprocess.run([tg, "ledger", "verify", "--data", servers[0].data],
                       capture_output=True, text=True, timeout=300)
    if v.returncode != 0:
        problems.append("ledger verify: " + v.stdout + v.stderr)
    # Every checkpoint any node served is consistent with the final log.
    distinct = sorted(set(seen_checkpoints), key=lambda c: int(c.split("\n")[1]))
    inconsistent = 0
    for n, cp in enumerate(distinct):
        path = os.path.join(work, f"seen-{n}.checkpoint")
        with open(path, "w") as f:
            f.write(cp)
        r = subprocess.run([tg, "ledger", "verify", "--data", servers[0].data, "--no-store",
                            "--against", path], capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            inconsistent += 1
            problems.append(f"checkpoint of size {cp.split(chr(10))[1]}: {r.stderr.strip()}")
    if unacked_at_kill == 0:
        problems.append("no kill hit a submission in flight: the test proves nothing")
    print(f"multi-node: {cycles} kill/restart cycles ({unacked_at_kill} submissions failed by "
          f"the kills, retried), {len(acked)} cases acknowledged, "
          f"{len(counts)} listed, {len(missing)} missing, {len(twice)} twice; "
          f"{len(distinct)} checkpoints served, {inconsistent} inconsistent; "
          f"verify rc={v.returncode}")
    return problems


def migrate_test(tg, pg, work):
    """A files-and-SQLite data directory with cases moves to PostgreSQL:
    same log (consistent with the checkpoint kept before), same cases, and
    it keeps working. Returns a list of problems."""
    problems = []
    data = os.path.join(work, "files")
    token = init(tg, data)
    server = Server(tg, data)
    witness = Server(tg, os.path.join(work, "witness"), ("witness", "serve"))
    try:
        wkey = start_witness(tg, witness, data)
        added = run(tg, "user", "add", "mig-carol", "--role", "auditor", "--data", data)
        if added.returncode != 0:
            problems.append("user add before migrating: " + added.stderr)
        server.start()
        codes = submit_all([server], token, [f"mig-{i}" for i in range(20)], 4)
        if not poll(30, lambda: cosigned(server.port))[0]:
            problems.append("no cosignature before migrating")
    finally:
        server.stop()
        witness.stop()
    if sorted(set(codes.values())) != [201]:
        problems.append(f"submissions before migrating: {sorted(set(codes.values()))}")
    # A report computed from the files, to be verified from the database.
    report_before = os.path.join(work, "summary.json")
    with open(report_before, "w") as f:
        r = subprocess.run([tg, "report", "summary", "--data", data], stdout=f,
                           stderr=subprocess.PIPE, text=True, timeout=300)
    if r.returncode != 0:
        problems.append("report before migrating: " + r.stderr.strip())
    head = run(tg, "ledger", "head", "--data", data)
    before = os.path.join(work, "before.checkpoint")
    with open(before, "w") as f:
        f.write(head.stdout)
    m = subprocess.run([tg, "migrate", "--from", data, "--to", pg.new_database()],
                       capture_output=True, text=True, timeout=300)
    if m.returncode != 0:
        return problems + ["migrate: " + m.stderr.strip()]
    if "store" not in json.load(open(os.path.join(data, "config.json"))):
        problems.append("config.json does not name the database after migrating")
    # Accounts, law and cosignatures are in the database now, not in the files.
    for gone in ("accounts.db", "ledger/cosignatures.log"):
        if os.path.exists(os.path.join(data, gone)):
            problems.append(f"{gone} is still in the data directory after migrating")
    shutil.rmtree(os.path.join(data, "law"))  # a cache now: the database holds the law
    users = run(tg, "user", "list", "--data", data)
    if "mig-carol" not in users.stdout or "admin" not in users.stdout:
        problems.append("after migrating, user list: " + users.stdout + users.stderr)
    vw = run(tg, "ledger", "verify", "--data", data, "--witness", wkey)
    if vw.returncode != 0:
        problems.append("after migrating, ledger verify --witness: " + vw.stdout + vw.stderr)
    v = subprocess.run([tg, "ledger", "verify", "--data", data, "--against", before],
                       capture_output=True, text=True, timeout=300)
    if v.returncode != 0 or "consistent with the older checkpoint" not in v.stdout:
        problems.append("after migrating, ledger verify --against: " + v.stdout + v.stderr)
    # Reports and replay read the entries from PostgreSQL now.
    rv = subprocess.run([tg, "report", "verify", report_before, "--data", data],
                        capture_output=True, text=True, timeout=300)
    if rv.returncode != 0 or "bit for bit" not in rv.stdout:
        problems.append("after migrating, report verify of the report made before: " +
                        rv.stdout + rv.stderr)
    with open(report_before) as f:
        altered = f.read().replace('"cases":20,', '"cases":21,', 1)
    altered_path = os.path.join(work, "altered.json")
    with open(altered_path, "w") as f:
        f.write(altered)
    ra = subprocess.run([tg, "report", "verify", altered_path, "--data", data],
                        capture_output=True, text=True, timeout=300)
    if '"cases":21,' not in altered or ra.returncode == 0:
        problems.append("after migrating, report verify accepted an altered report")
    rp = subprocess.run([tg, "replay", "--data", data], capture_output=True, text=True, timeout=300)
    if rp.returncode != 0 or "replayed 20 cases" not in rp.stdout or \
            "history is reproducible" not in rp.stdout:
        problems.append("after migrating, replay: " + rp.stdout + rp.stderr)
    server.start()
    again = submit_all([server], token, ["mig-0", "mig-new"], 2)
    server.stop()
    if again != {"mig-0": 200, "mig-new": 201}:
        problems.append(f"after migrating, a retry and a new case answered {again}")
    listed = run(tg, "case", "list", "--data", data)
    n = len(set(re.findall(r"\bmig-(?:\d+|new)\b", listed.stdout)))
    if n != 21:
        problems.append(f"after migrating, {n} cases listed, not 21")
    again = subprocess.run([tg, "migrate", "--from", data, "--to", pg.new_database()],
                           capture_output=True, text=True, timeout=300)
    if again.returncode == 0:
        problems.append("a second migrate of the same directory succeeded")
    print(f"migrate: 20 cases moved to PostgreSQL, log consistent with the checkpoint before: "
          f"{v.returncode == 0}; report verified from the database: {rv.returncode == 0}; "
          f"replay (law from the database): {rp.returncode == 0}; accounts moved: "
          f"{'mig-carol' in users.stdout}; cosignatures moved: {vw.returncode == 0}; "
          f"{n} cases listed after one more")
    return problems


def run(*args, timeout=120):
    """A trustgate command (or any), with a deadline: the test never hangs."""
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)


def poll(deadline_s, check):
    """Calls check() until it returns a true value or deadline_s pass;
    returns (value, seconds waited)."""
    t0 = time.monotonic()
    while True:
        value = check()
        waited = time.monotonic() - t0
        if value or waited > deadline_s:
            return value, waited
        time.sleep(0.2)


# A revoked token is refused by every server within about a second (each
# reads the accounts' version at most once a second; a cached token lives at
# most 5 s: docs/deploy.md). The deadline allows for a slow machine; the
# time taken is printed.
REVOCATION_DEADLINE_S = 20


def start_witness(tg, witness, data):
    """Makes the witness `witness` (a Server of `witness serve`) follow the
    log of `data`, starts it and adds it to `data`'s witnesses.json; returns
    its verifier key."""
    log_key = json.load(open(os.path.join(data, "config.json")))["verifier_key"]
    w = run(tg, "witness", "init", "--data", witness.data, "--name", "witness.test/w1")
    key = re.search(r"witness\.test/w1\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+", w.stdout + w.stderr)
    if w.returncode != 0 or not key:
        raise RuntimeError("witness init: " + w.stdout + w.stderr)
    f = run(tg, "witness", "follow", log_key, "--data", witness.data)
    if f.returncode != 0:
        raise RuntimeError("witness follow: " + f.stderr)
    witness.start()
    add = run(tg, "ledger", "witness", "add", "--data", data, "--url",
              f"http://127.0.0.1:{witness.port}", "--key", key.group(0))
    if add.returncode != 0:
        raise RuntimeError("ledger witness add: " + add.stderr)
    return key.group(0)


def cosigned(port):
    """Whether the server on `port` serves its checkpoint with the witness's
    cosignature."""
    return "witness.test/w1 " in call(port, "GET", "/checkpoint", timeout=5)[1].decode(
        errors="replace")


def shared_accounts(tg, servers, admin, problems):
    """A user and a token made through A work on B and C; the user disabled
    through B (C has the token in its cache) is refused on C within the
    deadline, and on A. Returns the seconds C took to refuse it (None: it
    did not)."""
    a, b, c = servers
    code, body = call(a.port, "POST", "/v1/users",
                      {"name": "mn-bob", "role": "desk_officer", "agency": "chicago-police",
                       "jurisdiction": "us-il-chicago"}, admin)
    if code != 201:
        problems.append(f"add a user on A: {code} {body[:200]!r}")
        return None
    code, body = call(a.port, "POST", "/v1/users/mn-bob/tokens", {"label": "mn"}, admin)
    if code != 201:
        problems.append(f"issue a token on A: {code} {body[:200]!r}")
        return None
    bob = json.loads(body)["token"]
    code, body = call(b.port, "POST", "/v1/cases", request("shared-1"), bob)
    if code != 201:
        problems.append(f"A's new token, a case submitted on B: {code} {body[:200]!r}")
    listed = call(c.port, "GET", "/v1/cases", token=bob)[0]
    if listed != 200:
        problems.append(f"A's new token, the cases listed on C: {listed}")
    code, body = call(b.port, "POST", "/v1/users/mn-bob/disable", {}, admin)
    if code != 200:
        problems.append(f"disable the user on B: {code} {body[:200]!r}")
    refused, waited = poll(REVOCATION_DEADLINE_S,
                           lambda: call(c.port, "GET", "/v1/cases", token=bob)[0] in (401, 403))
    if not refused:
        problems.append(f"C still accepts the token disabled on B after {waited:.1f} s")
    code = call(a.port, "POST", "/v1/cases", request("shared-2"), bob)[0]
    if code not in (401, 403):
        problems.append(f"A accepts the token disabled on B: {code}")
    users = run(tg, "user", "list", "--data", c.data)
    if "mn-bob" not in users.stdout or "DISABLED" not in users.stdout:
        problems.append("trustgate user list on C's data directory: " + users.stdout +
                        users.stderr)
    return waited if refused else None


def shared_law(tg, servers, admin, problems):
    """Cases decided on A replay on B (the API) and from C's data directory
    (the CLI): 4 with shared_accounts' one. Returns whether both did."""
    a, b, c = servers
    for i in range(3):
        code = call(a.port, "POST", "/v1/cases", request(f"shared-a-{i}"), admin)[0]
        if code != 201:
            problems.append(f"a case submitted on A: {code}")
    code, body = call(b.port, "POST", "/v1/replay", {}, admin, timeout=60)
    replay = json.loads(body) if code == 200 else {}
    ok = code == 200 and replay.get("cases") == 4 and replay.get("reproducible")
    if not ok:
        problems.append(f"replay on B: {code} {body[:300]!r}")
    rp = run(tg, "replay", "--data", c.data)
    if rp.returncode != 0 or "replayed 4 cases" not in rp.stdout:
        problems.append("trustgate replay of C's data directory: " + rp.stdout + rp.stderr)
        ok = False
    return ok


def shared_test(tg, pg, work):
    """What three servers on one database share beyond the ledger and the
    case store: accounts, the law archive, and a witness's cosignatures
    (received by A, served by B, verified from C). Returns a list of
    problems."""
    problems = []
    admin = init(tg, os.path.join(work, "d0"), pg.new_database())
    dirs = copies(work, 3)  # made before any case: no law/ of their own
    witness = Server(tg, os.path.join(work, "witness"), ("witness", "serve"))
    servers = [Server(tg, d) for d in dirs]
    try:
        # Only A knows the witness (witnesses.json stays per server).
        wkey = start_witness(tg, witness, servers[0].data)
        for s in servers:
            s.start()
        revoked = shared_accounts(tg, servers, admin, problems)
        replayed = shared_law(tg, servers, admin, problems)
        served, waited = poll(30, lambda: cosigned(servers[1].port))
        if not served:
            problems.append(f"B serves no checkpoint cosigned by A's witness after {waited:.1f} s")
        v = run(tg, "ledger", "verify", "--data", servers[2].data, "--witness", wkey)
        if v.returncode != 0:
            problems.append("ledger verify --witness from C's data directory: " + v.stdout +
                            v.stderr)
        print(f"shared: a token made on A worked on B and C; disabled on B, refused on C "
              f"after {revoked if revoked is None else round(revoked, 1)} s; cases decided on "
              f"A replayed on B and from C: {replayed}; a cosignature received by A served by "
              f"B: {bool(served)}; verify --witness from C rc={v.returncode}")
    finally:
        for s in servers + [witness]:
            s.stop()
    return problems


def throughput(tg, store_url, work, name, servers_n, cases, clients):
    """Durable cases/s: `cases` submissions by `clients` concurrent clients
    spread over `servers_n` servers (one data directory each, copies)."""
    base = os.path.join(work, name)
    os.makedirs(base)
    token = init(tg, os.path.join(base, "d0"), store_url)
    servers = [Server(tg, d) for d in copies(base, servers_n)]
    for s in servers:
        s.start()
    try:
        ids = [f"{name}-{i}" for i in range(cases)]
        t0 = time.monotonic()
        codes = submit_all(servers, token, ids, clients)
        elapsed = time.monotonic() - t0
    finally:
        for s in servers:
            s.stop()
    ok = sum(1 for c in codes.values() if c == 201)
    return ok, elapsed


def main():
    import argparse
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trustgate", default=os.path.join(ROOT, "build/bin/trustgate"))
    ap.add_argument("--cycles", type=int, default=3)
    ap.add_argument("--per-cycle", type=int, default=150)
    ap.add_argument("--bench", action="store_true", help="throughput figures instead")
    ap.add_argument("--migrate", action="store_true", help="the migrate test instead")
    ap.add_argument("--shared", action="store_true",
                    help="what servers share beyond the ledger instead: accounts, law, "
                         "cosignatures")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=32)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="trustgate-multinode-")
    os.chmod(work, 0o755)
    pg = Postgres(work)
    try:
        if a.bench:
            print(f"bench-pg: {a.cases} submissions (POST /v1/cases) by {a.clients} concurrent "
                  f"clients; durable = acknowledged (201)")
            rows = [("SQLite, 1 server", None, 1)] + [
                (f"PostgreSQL, {n} server{'s' if n > 1 else ''}", "pg", n) for n in (1, 2, 3)]
            for label, kind, n in rows:
                url = pg.new_database() if kind else None
                ok, t = throughput(a.trustgate, url, work, f"b{len(label)}{n}{kind or 's'}", n,
                                   a.cases, a.clients)
                print(f"  {label:<24} {ok:6d} acknowledged in {t:6.2f} s: {ok / t:8.1f} cases/s")
            return 0
        if a.migrate:
            problems = migrate_test(a.trustgate, pg, work)
        elif a.shared:
            problems = shared_test(a.trustgate, pg, work)
        else:
            problems = crash_test(a.trustgate, pg, work, a.cycles, a.per_cycle)
        for p in problems:
            print("does not hold: " + p)
        return 1 if problems else 0
    finally:
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
