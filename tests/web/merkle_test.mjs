// Unit tests of web/assets/merkle.js in node (same WebCrypto API as the
// browser): the tree root and inclusion proofs against RFC 9162's recursive
// definitions for every index of trees of 1 to 33 leaves, and verifier keys
// whose base64 holds "+". Prints "merkle: N passed, M failed".
import * as M from '../../web/assets/merkle.js';

let passed = 0, failed = 0;
const check = (name, ok) => { if (ok) passed++; else { failed++; console.log('FAILED: ' + name); } };

// RFC 9162 2.1.1 MTH and 2.1.3.1 PATH, recursively, as the RFC writes them.
const k = (n) => { let p = 1; while (p * 2 < n) p *= 2; return p; };
async function mth(leaves) {
  if (leaves.length === 0) return M.sha256(new Uint8Array());
  if (leaves.length === 1) return leaves[0];
  const s = k(leaves.length);
  return M.nodeHash(await mth(leaves.slice(0, s)), await mth(leaves.slice(s)));
}
async function path(m, leaves) {
  if (leaves.length === 1) return [];
  const s = k(leaves.length);
  return m < s ? [...await path(m, leaves.slice(0, s)), await mth(leaves.slice(s))]
    : [...await path(m - s, leaves.slice(s)), await mth(leaves.slice(0, s))];
}

check('the empty tree hashes to SHA-256("")',
  M.hex(await M.treeRoot([])) === 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
const leaves = [];
for (let i = 0; i < 33; i++) leaves.push(await M.leafHash(`{"seq":${i}}`));
for (let n = 1; n <= 33; n++) {
  const tree = leaves.slice(0, n);
  const root = await mth(tree);
  check(`treeRoot of ${n} leaves is MTH`, M.equal(await M.treeRoot(tree), root));
  for (let m = 0; m < n; m++) {
    const r = await M.inclusionRoot(m, n, tree[m], await path(m, tree));
    check(`inclusion of ${m} in ${n}`, r.ok && M.equal(r.root, root));
  }
}
const p = await path(2, leaves.slice(0, 5));
check('a path for another index does not verify', !M.equal((await M.inclusionRoot(3, 5, leaves[3], p)).root || new Uint8Array(), await mth(leaves.slice(0, 5))));
check('a short path is refused', !(await M.inclusionRoot(2, 5, leaves[2], p.slice(1))).ok);

// A verifier key: name+hexid+base64(0x01 || key), where the base64 may hold "+".
const key = new Uint8Array(32).fill(0xfb);  // base64 of 0x01 then 0xfb... holds "+"
const b64 = M.b64.encode(Uint8Array.of(1, ...key));
check('the test key\'s base64 holds "+"', b64.includes('+'));
const v = M.parseVerifierKey(`trustgate/abc+0123abcd+${b64}`);
check('a key with "+" in its base64 parses', v.name === 'trustgate/abc' && v.keyId === '0123abcd' && M.equal(v.key, key));
let refused = false;
try { M.parseVerifierKey('trustgate/abc+0123abcd'); } catch { refused = true; }
check('a key without its base64 is refused', refused);

console.log(`merkle: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
