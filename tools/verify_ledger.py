#!/usr/bin/env python3
"""Independent verifier for a trustgate ledger (docs/ledger.md).

Uses only the Python standard library, and the `openssl` command for the
Ed25519 signature check. It shares no code with trustgate.

  verify_ledger.py LEDGER_DIR --pubkey PUB.pem [--against OLD_HEAD.txt]
      checks every entry (canonical JSON, "seq" = line number), every tree
      head's root against the entries it covers, the last head's signature,
      and consistency with an older head an auditor kept.
  verify_ledger.py --proof PROOF.json --pubkey PUB.pem
      checks the inclusion proofs printed by `trustgate ledger prove`.

Exit status: 0 valid, 1 invalid (the message names the first bad entry or
head), 2 usage error.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile


class Invalid(Exception):
    pass


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class CompactRange:
    """Roots of the complete subtrees of a growing RFC 9162 tree."""

    def __init__(self):
        self.size = 0
        self.peaks = []

    def append(self, leaf: bytes):
        self.peaks.append(leaf)
        s = self.size
        while s & 1:
            right = self.peaks.pop()
            self.peaks[-1] = node_hash(self.peaks[-1], right)
            s >>= 1
        self.size += 1

    def root(self) -> bytes:
        if not self.peaks:
            return hashlib.sha256(b"").digest()
        r = self.peaks[-1]
        for p in reversed(self.peaks[:-1]):
            r = node_hash(p, r)
        return r


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_head(lines, where):
    """Six lines: origin, size, base64 root, time, empty, base64 signature."""
    if len(lines) != 6:
        raise Invalid(f"{where}: incomplete (expected six lines)")
    origin, size, root, time, empty, sig = lines
    if not size.isdigit() or (len(size) > 1 and size[0] == "0"):
        raise Invalid(f"{where}: line 2 (size) is not a decimal number")
    if empty != "":
        raise Invalid(f"{where}: line 5 must be empty")
    try:
        root_bytes = base64.b64decode(root, validate=True)
        sig_bytes = base64.b64decode(sig, validate=True)
    except ValueError:
        raise Invalid(f"{where}: bad base64")
    if len(root_bytes) != 32 or len(sig_bytes) != 64:
        raise Invalid(f"{where}: root must be 32 bytes, signature 64")
    body = f"{origin}\n{size}\n{root}\n{time}\n".encode()
    return {"origin": origin, "size": int(size), "root": root_bytes, "sig": sig_bytes, "body": body}


def read_heads(path):
    with open(path, encoding="ascii") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    heads = []
    # A torn final block (fewer than six lines) is left by a crash; it is ignored.
    for i in range(0, len(lines) - len(lines) % 6, 6):
        heads.append(parse_head(lines[i:i + 6], f"tree head {len(heads)}"))
    return heads


def signature_ok(head, pubkey) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        body, sig = os.path.join(tmp, "body"), os.path.join(tmp, "sig")
        with open(body, "wb") as f:
            f.write(head["body"])
        with open(sig, "wb") as f:
            f.write(head["sig"])
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pubkey,
                            "-rawin", "-in", body, "-sigfile", sig],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0


def check_entry(line: bytes, index: int):
    try:
        text = line.decode("utf-8")
        value = json.loads(text, object_pairs_hook=reject_duplicates)
    except (UnicodeDecodeError, ValueError) as e:
        raise Invalid(f"entry {index}: not valid JSON ({e})")
    if not isinstance(value, dict):
        raise Invalid(f"entry {index}: not a JSON object")
    if canonical(value) != text:
        raise Invalid(f"entry {index}: not in canonical JSON form")
    seq = value.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Invalid(f'entry {index}: has no integer "seq"')
    if seq != index:
        raise Invalid(f'entry {index}: has "seq": {seq} (entries deleted, inserted or reordered)')


def reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("repeated key")
    return dict(pairs)


def verify_log(directory, pubkey, against_path):
    heads = read_heads(os.path.join(directory, "heads.log"))
    if not heads:
        # A ledger signs its empty tree when created, before any entry; only a
        # crash during creation leaves no head, and then no entry either.
        with open(os.path.join(directory, "entries.log"), "rb") as f:
            if f.read().strip(b"\x00") or against_path:
                raise Invalid("heads.log holds no signed tree head")
        return 0, 0, False
    for j, h in enumerate(heads):
        if h["origin"] != heads[0]["origin"]:
            raise Invalid(f"tree head {j} names another origin")
        if j and h["size"] < heads[j - 1]["size"]:
            raise Invalid(f"tree head {j} is smaller than the one before")
    last = heads[-1]
    if not signature_ok(last, pubkey):
        raise Invalid(f"tree head {len(heads) - 1} (size {last['size']}): bad signature")
    against = None
    if against_path:
        with open(against_path, encoding="ascii") as f:
            lines = f.read().split("\n")
        against = parse_head(lines[:6], "the older tree head")
        if not signature_ok(against, pubkey):
            raise Invalid("the older tree head's signature is not valid for this key")
        if against["size"] > last["size"]:
            raise Invalid("the older tree head covers more entries than the ledger: entries were removed")

    with open(os.path.join(directory, "entries.log"), "rb") as f:
        data = f.read()
    # NUL bytes at the end are space reserved for later appends.
    data = data.rstrip(b"\x00")
    lines = data.split(b"\n")
    torn = lines.pop()  # b"" when the data ends with a newline
    if b"\x00" in data:
        raise Invalid(f"entry {len(lines)}: NUL bytes inside the log")
    rng = CompactRange()
    next_head, previous = 0, 0

    def check_roots():
        nonlocal next_head, previous
        while next_head < len(heads) and heads[next_head]["size"] == rng.size:
            if heads[next_head]["root"] != rng.root():
                size = rng.size
                what = f"entry {previous}" if size - previous == 1 else f"one of entries {previous}..{size - 1}"
                raise Invalid(f"tree head {next_head} (size {size}) does not match the entries: "
                              f"{what} or the head's root was altered")
            previous = heads[next_head]["size"]
            next_head += 1
        if against and against["size"] == rng.size and against["root"] != rng.root():
            raise Invalid(f"the log is not consistent with the older tree head (size {against['size']})")

    check_roots()
    for index, line in enumerate(lines):
        check_entry(line, index)
        rng.append(leaf_hash(line))
        check_roots()
    if torn and rng.size < last["size"]:
        raise Invalid(f"entry {rng.size}: incomplete (no newline)")
    if rng.size < last["size"]:
        raise Invalid(f"tree head {next_head} covers {heads[next_head]['size']} entries but the log "
                      f"has {rng.size}: entries were deleted or truncated")
    return last["size"], rng.size - last["size"], bool(torn)


def verify_inclusion(index, size, leaf, path, root) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_proof_file(path, pubkey):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    head = parse_head(doc["tree_head"].split("\n")[:6], "tree head")
    if not signature_ok(head, pubkey):
        raise Invalid("tree head: bad signature")
    for p in doc["proofs"]:
        entry = p["entry"].encode("utf-8")
        path_hashes = [base64.b64decode(h, validate=True) for h in p["audit_path"]]
        if json.loads(p["entry"]).get("seq") != p["seq"]:
            raise Invalid(f"proof for entry {p['seq']}: the entry's seq differs")
        if not verify_inclusion(p["seq"], head["size"], leaf_hash(entry), path_hashes, head["root"]):
            raise Invalid(f"proof for entry {p['seq']}: not included in the tree head")
    return len(doc["proofs"]), head["size"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ledger_dir", nargs="?", help="the ledger directory (DATA/ledger)")
    ap.add_argument("--pubkey", required=True, help="the ledger's Ed25519 public key (PEM)")
    ap.add_argument("--against", help="an older signed tree head (text form) to check consistency with")
    ap.add_argument("--proof", help="a proof file from `trustgate ledger prove`")
    args = ap.parse_args()
    try:
        if args.proof:
            n, size = verify_proof_file(args.proof, args.pubkey)
            print(f"ok: {n} inclusion proofs against the signed tree head of size {size}")
        elif args.ledger_dir:
            entries, unsigned, torn = verify_log(args.ledger_dir, args.pubkey, args.against)
            note = ""
            if unsigned or torn:
                note = f" ({unsigned} unsigned entries{', a torn final line' if torn else ''} after a crash)"
            print(f"ok: {entries} entries verified{note}")
        else:
            ap.error("give LEDGER_DIR or --proof")
    except Invalid as e:
        print(f"verify_ledger: {e}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError) as e:
        print(f"verify_ledger: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
