// Checking the ledger in the browser with WebCrypto: RFC 9162 Merkle tree
// hashes (SHA-256) and inclusion proofs, and C2SP signed-note checkpoints
// signed with Ed25519 (docs/ledger.md). Every check returns its steps, so a
// page can show what was computed.

const enc = new TextEncoder();

export const b64 = {
  decode: (s) => Uint8Array.from(atob(s), c => c.charCodeAt(0)),
  encode: (u) => btoa(String.fromCharCode(...u)),
};
export const hex = (u) => [...u].map(b => b.toString(16).padStart(2, '0')).join('');
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

// leaf hash = SHA-256(0x00 || entry); node hash = SHA-256(0x01 || l || r).
export const leafHash = (entry) => sha256(concat([0], enc.encode(entry)));
export const nodeHash = (l, r) => sha256(concat([1], l, r));

// MTH of the leaf hashes (RFC 9162 2.1.1), without recursion: a stack of
// complete subtrees, merged as in a binary counter, then folded right to
// left.
export async function treeRoot(leaves) {
  if (!leaves.length) return sha256(new Uint8Array());
  const stack = [];  // [height, hash]
  for (let i = 0; i < leaves.length; i++) {
    let node = [0, leaves[i]];
    while (stack.length && stack[stack.length - 1][0] === node[0]) {
      const [hgt, left] = stack.pop();
      node = [hgt + 1, await nodeHash(left, node[1])];
    }
    stack.push(node);
  }
  let root = stack.pop()[1];
  while (stack.length) root = await nodeHash(stack.pop()[1], root);
  return root;
}

// RFC 9162 2.1.3.2: verifies an audit path. Returns {ok, root, steps}, each
// step {sibling, side: 'left'|'right', result} (the sibling's side).
export async function inclusionRoot(index, size, leaf, path) {
  if (index >= size) return { ok: false, steps: [], error: 'the index is not in the tree' };
  let fn = index, sn = size - 1, r = leaf;
  const steps = [];
  for (const p of path) {
    if (sn === 0) return { ok: false, steps, error: 'the path is longer than the tree is deep' };
    if ((fn & 1) === 1 || fn === sn) {
      r = await nodeHash(p, r);
      steps.push({ sibling: p, side: 'left', result: r });
      if ((fn & 1) === 0) while ((fn & 1) === 0 && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else {
      r = await nodeHash(r, p);
      steps.push({ sibling: p, side: 'right', result: r });
    }
    fn >>= 1; sn >>= 1;
  }
  if (sn !== 0) return { ok: false, steps, root: r, error: 'the path is shorter than the tree is deep' };
  return { ok: true, steps, root: r };
}

// A C2SP checkpoint note: {text (the signed part), origin, size, root, signatures: [{name, keyId, sig}]}.
export function parseCheckpoint(note) {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('not a signed note: no blank line');
  const text = note.slice(0, split + 1);
  const [origin, size, root] = text.split('\n');
  if (!/^(0|[1-9][0-9]*)$/.test(size || '')) throw new Error('bad size line');
  const signatures = note.slice(split + 2).split('\n').filter(Boolean).map(line => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error('bad signature line: ' + line);
    const raw = b64.decode(m[2]);
    return { name: m[1], keyId: raw.slice(0, 4), sig: raw.slice(4) };
  });
  return { text, origin, size: Number(size), root: b64.decode(root), signatures };
}

// "<name>+<hex key id>+<base64(0x01 || key)>" -> {name, keyId, key}.
export function parseVerifierKey(vkey) {
  // The name has no "+"; the base64 may.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(vkey.trim());
  if (!m) throw new Error('not a note verifier key (name+hexid+base64)');
  const parts = m.slice(1);
  const raw = b64.decode(parts[2]);
  if (raw.length !== 33 || raw[0] !== 1) throw new Error('the key is not an Ed25519 key (algorithm byte 0x01, 32 bytes)');
  return { name: parts[0], keyId: parts[1], key: raw.slice(1) };
}

// Checks the checkpoint's signature by `vkey`. Returns the steps, each {ok, text}.
export async function checkSignature(checkpoint, vkey) {
  const steps = [];
  const v = parseVerifierKey(vkey);
  const id = hex((await sha256(concat(enc.encode(v.name), [0x0a, 0x01], v.key))).slice(0, 4));
  steps.push({ ok: id === v.keyId, text: `Key id = first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key) = ${id}; the verifier key says ${v.keyId}` });
  steps.push({ ok: checkpoint.origin === v.name, text: `The checkpoint's origin "${checkpoint.origin}" is the key's name "${v.name}"` });
  const sig = checkpoint.signatures.find(s => s.name === v.name && hex(s.keyId) === v.keyId);
  if (!sig) {
    steps.push({ ok: false, text: 'No signature line by this key' });
    return steps;
  }
  const key = await crypto.subtle.importKey('raw', v.key, { name: 'Ed25519' }, false, ['verify']);
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, sig.sig, enc.encode(checkpoint.text));
  steps.push({ ok, text: `Ed25519 signature over the note's ${checkpoint.text.length} bytes of text ${ok ? 'is valid' : 'does NOT verify'}` });
  return steps;
}

export { equal, b64 as base64 };
