// The auditor's page: the current checkpoint and its signature, the whole
// ledger recomputed, and a case's inclusion proofs, all checked here with
// WebCrypto (merkle.js); each step is shown.
import { api, encode } from './api.js';
import { h, $, fill, param, showError } from './dom.js';
import { staffPage } from './layout.js';
import * as M from './merkle.js';

await staffPage();
const short = (u) => M.b64.encode(u);
const step = (ok, ...text) => h('li', { class: ok ? 'ok' : 'fail' }, ...text);

let checkpoint, note;

async function verifierKey() {
  const typed = $('#vkey').value.trim();
  if (typed) return typed;
  const { entries } = await api('/v1/ledger/entries?from=0&limit=1');
  const first = JSON.parse(entries[0].entry);
  $('#vkey').value = first.verifier_key;
  return first.verifier_key;
}

async function showCheckpoint() {
  note = await api('/v1/ledger/checkpoint', { text: true });
  checkpoint = M.parseCheckpoint(note);
  fill($('#checkpoint'), note);
  const steps = await M.checkSignature(checkpoint, await verifierKey());
  fill($('#checkpoint-check'), h('ol', { class: 'steps' }, steps.map(s => step(s.ok, s.text))),
    h('p', {}, `It covers ${checkpoint.size} entries; root ${short(checkpoint.root)}.`));
  return steps.every(s => s.ok);
}

async function verifyAll() {
  const out = $('#verify-result');
  fill(out, h('p', {}, 'Reading the entries…'));
  const signed = await showCheckpoint();
  // An entry shown with members withheld (`redacted`: the access policy
  // does not let this caller see the person's details) cannot be hashed
  // here; its recorded leaf hash is taken as the server gives it.
  const leaves = [];
  let withheld = 0, mismatched = 0;
  for (let from = 0; from < checkpoint.size; from += 1000) {
    const page = await api(`/v1/ledger/entries?from=${from}&limit=1000`);
    for (const e of page.entries) {
      if (leaves.length === checkpoint.size) break;
      const parsed = JSON.parse(e.entry);
      if (parsed.seq !== leaves.length) throw new Error(`entry ${leaves.length} says it is entry ${parsed.seq}`);
      if (e.redacted) {
        withheld++;
        leaves.push(M.b64.decode(e.leaf_hash));
      } else {
        const leaf = await M.leafHash(e.entry);
        if (e.leaf_hash && !M.equal(leaf, M.b64.decode(e.leaf_hash))) mismatched++;
        leaves.push(leaf);
      }
    }
  }
  const root = await M.treeRoot(leaves);
  const same = M.equal(root, checkpoint.root);
  fill(out, h('ol', { class: 'steps' },
    step(signed, 'The checkpoint is signed by the verifier key (above).'),
    step(leaves.length === checkpoint.size && mismatched === 0, `Read ${leaves.length} entries, each numbered in order, and hashed each: SHA-256(0x00 ‖ entry)` +
      (withheld ? `; ${withheld} are shown to you with the person's details withheld, so their recorded leaf hashes were used` : '') +
      (mismatched ? `; ${mismatched} do NOT hash to the leaf hash the server gives` : '') + '.'),
    step(same, `The tree of those hashes has root ${short(root)}; the checkpoint's root is ${short(checkpoint.root)}.`)),
    h('p', { class: same && signed ? 'ok' : 'fail', id: 'verify-verdict' },
      same && signed ? `The ledger verifies: ${leaves.length} entries.` : 'The ledger does NOT verify.'));
}

async function checkProof(caseId) {
  const out = $('#proof');
  fill(out, h('p', {}, 'Fetching the proof…'));
  const proof = await api(`/v1/cases/${encode(caseId)}/proof`);
  const cp = M.parseCheckpoint(proof.checkpoint);
  const key = $('#vkey').value.trim() || proof.verifier_key;
  const sigSteps = await M.checkSignature(cp, key);
  const sections = [];
  let all = sigSteps.every(s => s.ok);
  let redacted = 0;
  for (const p of proof.proofs) {
    const entry = JSON.parse(p.entry);
    // A redacted entry (details withheld from this caller) is proved from
    // its recorded leaf hash; its content cannot be checked here.
    const given = M.b64.decode(p.leaf_hash);
    const leaf = p.redacted ? given : await M.leafHash(p.entry);
    const leafOk = p.redacted || M.equal(leaf, given);
    const r = await M.inclusionRoot(p.seq, cp.size, leaf, p.audit_path.map(M.b64.decode));
    const rootOk = r.ok && M.equal(r.root, cp.root);
    all = all && leafOk && rootOk && p.size === cp.size;
    if (p.redacted) redacted++;
    sections.push(h('section', { class: 'tile', 'aria-label': `Entry ${p.seq}` },
      h('h3', {}, `Entry ${p.seq}: ${entry.event}`),
      h('ol', { class: 'steps' },
        p.redacted
          ? h('li', {}, `Leaf hash ${short(leaf)} as recorded: this entry is shown to you with ${p.redacted.join(', ')} withheld, so its content cannot be hashed here`)
          : step(leafOk, `Leaf hash = SHA-256(0x00 ‖ entry) = ${short(leaf)}`, leafOk ? ' (as the server says)' : ` but the server says ${p.leaf_hash}`),
        r.steps.map((s, i) => h('li', {}, `Step ${i + 1}: SHA-256(0x01 ‖ ${s.side === 'left' ? 'sibling ‖ node' : 'node ‖ sibling'}) with sibling ${short(s.sibling)} = ${short(s.result)}`)),
        step(rootOk, `The computed root ${r.root ? short(r.root) : '(none)'} ${rootOk ? 'equals' : 'does NOT equal'} the checkpoint's root ${short(cp.root)} for ${cp.size} entries` + (r.error ? `: ${r.error}` : '')))));
  }
  fill(out,
    h('h3', {}, 'The checkpoint the proofs are against'),
    h('pre', {}, proof.checkpoint),
    h('ol', { class: 'steps' }, sigSteps.map(s => step(s.ok, s.text))),
    sections,
    h('p', { class: all ? 'ok' : 'fail', id: 'proof-verdict' },
      all ? `Case ${proof.case}: all ${proof.proofs.length} entries are in the signed ledger` +
        (redacted ? ` (${redacted} proved from the recorded leaf hash: their details are withheld from you).` : '.')
        : `Case ${proof.case}: the proof does NOT check.`));
}

$('#verify').addEventListener('click', () => verifyAll().catch(e => showError($('#verify-result'), e)));
$('#proof-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = $('#case').value.trim();
  if (!id) return fill($('#proof'), h('p', { class: 'field-error' }, 'Enter a case id, for example C-000002.'));
  checkProof(id).catch(e => showError($('#proof'), e));
});
if (param('case')) $('#case').value = param('case');
showCheckpoint().catch(e => showError($('#status'), e));
