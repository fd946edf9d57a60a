#!/usr/bin/env python3
"""Independent verifier for a trustgate ledger, format 2 (docs/ledger.md).

Uses only the Python standard library and the `openssl` command (for the
Ed25519 signature checks). It shares no code with trustgate.

  verify_ledger.py LEDGER_DIR --key VERIFIER_KEY [--against OLD_CHECKPOINT]
                   [--all-signatures]
      checks every entry (canonical JSON, "seq" = line number, entry 0 the
      log's ledger_created), every checkpoint's root against the entries it
      covers, the last checkpoint's signature (every one's with
      --all-signatures), that nothing follows the last checkpoint's entries
      (unless a writer holds the ledger's LOCK), and consistency with an
      older checkpoint an auditor kept.
  verify_ledger.py --proof PROOF.json --key VERIFIER_KEY
      checks the inclusion proofs printed by `trustgate ledger prove`.

VERIFIER_KEY is the note verifier key `trustgate init` printed:
<origin>+<8 hex digits>+<base64 of 0x01 and the 32-byte Ed25519 key>.

Exit status: 0 valid, 1 invalid (the message names the first bad entry or
checkpoint), 2 usage error.
"""
import argparse
import base64
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HEADER = b"trustgate checkpoints 2\n"
DASH = "\u2014"


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


class VerifierKey:
    """A C2SP signed-note verifier key for Ed25519."""

    def __init__(self, text: str):
        text = text.strip()
        plus = text.find("+")
        if plus <= 0 or len(text) < plus + 11 or text[plus + 9] != "+":
            raise Invalid("the verifier key must read <name>+<8 hex digits>+<base64 key>")
        self.name, hex_id, b64 = text[:plus], text[plus + 1:plus + 9], text[plus + 10:]
        raw = base64.b64decode(b64, validate=True)
        if len(raw) != 33 or raw[0] != 1:
            raise Invalid("the verifier key is not an Ed25519 key")
        self.public = raw[1:]
        digest = hashlib.sha256(self.name.encode() + b"\n" + raw).digest()
        self.key_id = digest[:4]
        if self.key_id.hex() != hex_id:
            raise Invalid("the verifier key's id does not match its name and key")
        # SubjectPublicKeyInfo for Ed25519 (RFC 8410), for openssl.
        der = bytes.fromhex("302a300506032b6570032100") + self.public
        self.pem = ("-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(der).decode() +
                    "\n-----END PUBLIC KEY-----\n")

    def verifies(self, text: bytes, signatures) -> bool:
        for name, sig in signatures:
            if name != self.name or sig[:4] != self.key_id or len(sig) != 68:
                continue
            if ed25519_ok(self.pem, text, sig[4:]):
                return True
        return False


def ed25519_ok(pem: str, message: bytes, signature: bytes) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        paths = {n: os.path.join(tmp, n) for n in ("key.pem", "msg", "sig")}
        for name, data in (("key.pem", pem.encode()), ("msg", message), ("sig", signature)):
            with open(paths[name], "wb") as f:
                f.write(data)
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["key.pem"],
                            "-rawin", "-in", paths["msg"], "-sigfile", paths["sig"]],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0


def parse_note(data: bytes, where: str):
    """One signed note at the start of `data`: (text, signatures, bytes used) or None
    when it is incomplete."""
    blank = data.find(b"\n\n")
    if blank < 0:
        return None
    text = data[:blank + 1]
    pos = blank + 2
    signatures = []
    dash = DASH.encode()
    while data.startswith(dash, pos):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return None
        line = data[pos:nl].decode("utf-8")
        fields = line.split(" ")
        if len(fields) != 3:
            raise Invalid(f"{where}: a signature line needs a name and a signature")
        try:
            sig = base64.b64decode(fields[2], validate=True)
        except ValueError:
            raise Invalid(f"{where}: bad base64 in a signature line")
        signatures.append((fields[1], sig))
        pos = nl + 1
    if not signatures:
        return None
    return text, signatures, pos


def parse_checkpoint(text: bytes, where: str):
    lines = text.decode("utf-8").split("\n")
    if len(lines) < 4:
        raise Invalid(f"{where}: needs origin, size and root lines")
    origin, size, root = lines[0], lines[1], lines[2]
    if not size.isdigit() or (len(size) > 1 and size[0] == "0"):
        raise Invalid(f"{where}: the size line is not a decimal number")
    try:
        root_bytes = base64.b64decode(root, validate=True)
    except ValueError:
        raise Invalid(f"{where}: the root line is not base64")
    if len(root_bytes) != 32:
        raise Invalid(f"{where}: the root must be 32 bytes")
    return {"origin": origin, "size": int(size), "root": root_bytes}


def read_checkpoints(data: bytes, key: VerifierKey, all_signatures: bool):
    """The checkpoints of checkpoints.log, and the bytes that follow them."""
    if not data.startswith(HEADER):
        raise Invalid("checkpoints.log does not start with \"trustgate checkpoints 2\"")
    pos, cps = len(HEADER), []
    while pos < len(data) and data[pos] != 0:
        rest = data[pos:]
        rest = rest[:rest.find(b"\0")] if b"\0" in rest else rest
        where = f"checkpoint {len(cps)}"
        note = parse_note(rest, where)
        if note is None:
            break  # incomplete: what follows the log
        text, signatures, used = note
        cp = parse_checkpoint(text, where)
        if cp["origin"] != key.name:
            raise Invalid(f"{where} names the origin {cp['origin']!r}, not {key.name!r}")
        if cps and cp["size"] <= cps[-1]["size"]:
            raise Invalid(f"{where} (size {cp['size']}) is not larger than the one before")
        cp["text"], cp["signatures"] = text, signatures
        cps.append(cp)
        pos += used
    if not cps:
        raise Invalid("checkpoints.log holds no checkpoint")
    for i, cp in enumerate(cps):
        if (all_signatures or i == len(cps) - 1) and not key.verifies(cp["text"], cp["signatures"]):
            raise Invalid(f"checkpoint {i} (size {cp['size']}) has no valid signature by {key.name}")
    tail = data[pos:].rstrip(b"\0")
    return cps, len(tail)


def reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice")
    return dict(pairs)


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_entry(line: bytes, index: int, key: VerifierKey):
    try:
        value = json.loads(line.decode("utf-8"), object_pairs_hook=reject_duplicates,
                           parse_float=lambda s: (_ for _ in ()).throw(ValueError("a float")))
    except (UnicodeDecodeError, ValueError) as e:
        raise Invalid(f"entry {index}: not valid JSON ({e})")
    if not isinstance(value, dict):
        raise Invalid(f"entry {index}: not a JSON object")
    if canonical(value).encode("utf-8") != line:
        raise Invalid(f"entry {index}: not in canonical JSON form")
    if value.get("seq") != index:
        raise Invalid(f"entry {index}: has \"seq\": {value.get('seq')} "
                      "(entries deleted, inserted or reordered)")
    if index == 0:
        if (value.get("event") != "ledger_created" or value.get("format") != 2 or
                value.get("origin") != key.name):
            raise Invalid("entry 0: not this log's ledger_created entry of format 2")


def writer_active(ledger_dir: str) -> bool:
    try:
        fd = os.open(os.path.join(ledger_dir, "LOCK"), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def verify_dir(ledger_dir: str, key: VerifierKey, against, all_signatures: bool):
    with open(os.path.join(ledger_dir, "checkpoints.log"), "rb") as f:
        cps, cp_tail = read_checkpoints(f.read(), key, all_signatures)
    with open(os.path.join(ledger_dir, "entries.log"), "rb") as f:
        data = f.read()
    size = cps[-1]["size"]
    if against is not None and against["size"] > size:
        raise Invalid(f"the older checkpoint covers {against['size']} entries, more than the "
                      f"log's last checkpoint ({size}): entries were removed")
    rng, nxt, pos = CompactRange(), 0, 0
    while rng.size < size:
        nl = data.find(b"\n", pos)
        if nl < 0 or b"\0" in data[pos:nl]:
            raise Invalid(f"the last checkpoint covers {size} entries but the log has "
                          f"{rng.size}: entries were deleted or truncated")
        line = data[pos:nl]
        check_entry(line, rng.size, key)
        rng.append(leaf_hash(line))
        pos = nl + 1
        while nxt < len(cps) and cps[nxt]["size"] == rng.size:
            if cps[nxt]["root"] != rng.root():
                raise Invalid(f"checkpoint {nxt} (size {rng.size}) does not match the entries")
            nxt += 1
        if against is not None and against["size"] == rng.size and against["root"] != rng.root():
            raise Invalid(f"the log is not consistent with the older checkpoint (size "
                          f"{rng.size}): an entry before it was altered")
    tail = len(data[pos:].rstrip(b"\0")) + cp_tail
    if tail and not writer_active(ledger_dir):
        raise Invalid(f"{tail} bytes after the last checkpoint were never acknowledged and are "
                      "not part of the log")
    return size, len(cps), rng.root()


def root_from_path(index: int, size: int, leaf: bytes, path):
    """RFC 9162 2.1.3.2: the root an inclusion proof implies."""
    if index >= size:
        raise Invalid("index beyond the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise Invalid("the audit path is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Invalid("the audit path is too short")
    return r


def verify_proof(path: str, key: VerifierKey):
    with open(path, encoding="utf-8") as f:
        proof = json.load(f)
    note = parse_note(proof["checkpoint"].encode("utf-8"), "the checkpoint")
    if note is None:
        raise Invalid("the proof's checkpoint is incomplete")
    text, signatures, _ = note
    cp = parse_checkpoint(text, "the checkpoint")
    if cp["origin"] != key.name or not key.verifies(text, signatures):
        raise Invalid("the proof's checkpoint has no valid signature by " + key.name)
    for p in proof["proofs"]:
        entry = p["entry"].encode("utf-8")
        leaf = leaf_hash(entry)
        if base64.b64decode(p["leaf_hash"]) != leaf:
            raise Invalid(f"entry {p['seq']}: the leaf hash does not match the entry")
        hashes = [base64.b64decode(h) for h in p["audit_path"]]
        if root_from_path(p["seq"], cp["size"], leaf, hashes) != cp["root"]:
            raise Invalid(f"entry {p['seq']}: the audit path does not lead to the root")
    return len(proof["proofs"]), cp["size"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ledger_dir", nargs="?")
    ap.add_argument("--key", required=True, help="the ledger's note verifier key")
    ap.add_argument("--against", help="an older checkpoint (file)")
    ap.add_argument("--all-signatures", action="store_true")
    ap.add_argument("--proof", help="a `trustgate ledger prove` JSON file")
    args = ap.parse_args()
    try:
        key = VerifierKey(args.key)
        if args.proof:
            n, size = verify_proof(args.proof, key)
            print(f"ok: {n} inclusion proofs against the checkpoint of size {size}")
            return 0
        if not args.ledger_dir:
            ap.error("give LEDGER_DIR or --proof")
        against = None
        if args.against:
            with open(args.against, "rb") as f:
                data = f.read()
            note = parse_note(data, "the older checkpoint")
            if note is None:
                raise Invalid("the older checkpoint is incomplete")
            text, signatures, _ = note
            against = parse_checkpoint(text, "the older checkpoint")
            if against["origin"] != key.name or not key.verifies(text, signatures):
                raise Invalid("the older checkpoint has no valid signature by " + key.name)
        size, n, root = verify_dir(args.ledger_dir, key, against, args.all_signatures)
        print(f"ok: {size} entries, {n} checkpoints; root {base64.b64encode(root).decode()}")
        return 0
    except Invalid as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError) as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
