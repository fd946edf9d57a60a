#!/usr/bin/python3
"""The server killed mid-write: clients submit cases concurrently, the
server is SIGKILLed at a random moment and restarted, CYCLES times. Then
every case that got a 201 is present exactly once and the ledger verifies.

Each cycle: start `trustgate serve`, THREADS clients submit new cases (each
with its own client id) over kept-alive connections, the server is killed
after a random 50-400 ms, and restarted. A submission in flight at the kill
has no known outcome; after the restart it is sent again and must get 200
(it was recorded) or 201 (it was not), never a second case. Some
acknowledged submissions are sent again too and must get 200 with the same
case. At the end, with the server stopped by SIGTERM: every acknowledged
client id names exactly one case, the one it was acknowledged with, and
`trustgate ledger verify` passes.

  crash_loop_test.py [--trustgate build/bin/trustgate] [--cycles 30] [--threads 6] [--seed N]
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import EXAMPLE  # noqa: E402

failures = []


def submitter(port, token, prefix, stop, acked, unknown, lock):
    """Submits new cases until the server dies or `stop` is set."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    while not stop.is_set():
        n += 1
        cid = f"{prefix}-{n}"
        body = json.dumps(dict(EXAMPLE, id=cid))
        try:
            conn.request("POST", "/v1/cases", body=body, headers={
                "Content-Type": "application/json", "Authorization": "Bearer " + token})
            r = conn.getresponse()
            payload = r.read()
        except (OSError, http.client.HTTPException):
            with lock:
                unknown.add(cid)
            break
        with lock:
            if r.status == 201:
                acked[cid] = json.loads(payload)["id"]
            else:
                failures.append(f"{cid}: {r.status} {payload[:200]!r}")
                break
    conn.close()


def resubmit(client, cid):
    r = client.request("POST", "/v1/cases", dict(EXAMPLE, id=cid))
    if r.status not in (200, 201):
        failures.append(f"resubmitting {cid}: {r!r}")
        return None, None
    return r.status, r.json()["id"]


def all_cases(client):
    """client id -> [case ids], over every page."""
    out, cursor = {}, None
    while True:
        r = client.request("GET", "/v1/cases?limit=500" + (f"&cursor={cursor}" if cursor else ""))
        if r.status != 200:
            raise AssertionError(f"list_cases: {r!r}")
        page = r.json()
        for c in page["cases"]:
            out.setdefault(c["request"].get("id"), []).append(c["id"])
        cursor = page["next_cursor"]
        if not cursor:
            return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustgate", default=None)
    ap.add_argument("--cycles", type=int, default=30)
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("TRUSTGATE_SEED", random.randrange(1 << 30))))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    server = harness.Server(args.trustgate)
    acked, unknown, lock = {}, set(), threading.Lock()
    resent_acked = resent_unknown = recorded_unknown = 0
    started = time.time()
    try:
        for cycle in range(args.cycles):
            server.start()
            admin = server.client("admin")
            # What the last kill left unknown, and a few acknowledged ones, again.
            for cid in sorted(unknown):
                status, case = resubmit(admin, cid)
                resent_unknown += 1
                if status is not None:
                    recorded_unknown += status == 200
                    acked[cid] = case
            unknown.clear()
            for cid in rng.sample(sorted(acked), min(3, len(acked))):
                status, case = resubmit(admin, cid)
                resent_acked += 1
                if status is not None and (status, case) != (200, acked[cid]):
                    failures.append(f"{cid} acknowledged as {acked[cid]}, resubmitted: {status} {case}")
            admin.close()
            stop = threading.Event()
            threads = [threading.Thread(target=submitter, args=(
                server.port, server.admin_token, f"crash-{args.seed}-{cycle}-{t}", stop, acked, unknown, lock))
                for t in range(args.threads)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.05, 0.4))
            server.kill()
            stop.set()
            for t in threads:
                t.join()
            if failures:
                break
        # The last kill's unknowns, then the count.
        server.start()
        admin = server.client("admin")
        for cid in sorted(unknown):
            status, case = resubmit(admin, cid)
            resent_unknown += 1
            if status is not None:
                recorded_unknown += status == 200
                acked[cid] = case
        cases = all_cases(admin)
        admin.close()
        for cid, case in acked.items():
            got = cases.get(cid, [])
            if got != [case]:
                failures.append(f"{cid}: acknowledged as {case}, the store has {got}")
        rc = server.stop()
        if rc != 0:
            failures.append(f"SIGTERM: exit {rc}")
        v = server.cli("ledger", "verify", check=False)
        if v.returncode != 0:
            failures.append("the ledger does not verify: " + v.stdout + v.stderr)
    finally:
        server.cleanup()
    for f in failures[:20]:
        print("FAIL:", f)
    print(f"crash loop (seed {args.seed}): {args.cycles} SIGKILLs, {len(acked)} cases acknowledged, "
          f"{resent_unknown} in flight at a kill sent again ({recorded_unknown} had been recorded), "
          f"{resent_acked} acknowledged ones sent again, {time.time() - started:.1f} s, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
