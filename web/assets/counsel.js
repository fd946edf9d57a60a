// Counsel: a jurisdiction's law on a date (GET /v1/jurisdictions/{id}) with
// every policy's citation and dates, its check (GET .../check), the
// difference between two versions (GET /v1/policy/diff) as a table, and the
// recorded history replayed under other law or a draft (POST /v1/replay).
import { api, encode } from './api.js';
import { clearFieldErrors, showFieldErrors } from './forms.js';
import { h, $, fill, param, showError } from './dom.js';
import { staffPage } from './layout.js';
import { actionLabel } from './words.js';

await staffPage();
const range = (r) => `${r.from || 'no start'} to ${r.to || 'now'}`;

function policiesTable(law) {
  return [
    h('p', {}, `Law of ${law.id} on ${law.date}: version `, h('code', {}, law.policy_version), `, in force ${range(law.in_force)}.`),
    h('table', {}, h('caption', {}, 'Layers'),
      h('thead', {}, h('tr', {}, ['Pack', 'Layer', 'In force'].map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, law.layers.map(l => h('tr', {}, h('th', { scope: 'row' }, `${l.name} (${l.id})`), h('td', {}, l.layer), h('td', {}, range(l.in_force)))))),
    h('table', {}, h('caption', {}, `${law.policies.length} policies in force`),
      h('thead', {}, h('tr', {}, ['Policy', 'Citation', 'In force', 'What it says', 'Obligations'].map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, law.policies.map(p => h('tr', {},
        h('th', { scope: 'row' }, h('code', {}, p.id), h('br'), h('span', { class: 'small muted' }, p.source)),
        h('td', {}, p.cite), h('td', {}, range(p.in_force)), h('td', {}, p.explain),
        h('td', {}, p.obligations.join(', ')))))),
  ];
}

function groupsTable(caption, groups, withBefore) {
  if (!groups.length) return h('p', {}, `${caption}: none.`);
  const cols = ['Action', 'Document', 'Signed by', 'Purpose', ...(withBefore ? ['Before', 'After'] : []), 'When', 'Cases'];
  return h('table', {}, h('caption', {}, `${caption} (${groups.length})`),
    h('thead', {}, h('tr', {}, cols.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, groups.map(g => h('tr', {},
      h('th', { scope: 'row' }, actionLabel(g.action)), h('td', {}, g.instrument), h('td', {}, g.signed_by), h('td', {}, g.purpose),
      withBefore ? [h('td', {}, g.before), h('td', {}, h('strong', {}, g.after))] : null,
      h('td', {}, g.conditions || 'always'), h('td', {}, String(g.cells))))));
}

// The discretionary situations can number thousands: their table is built
// when the details are opened.
function discretionary(groups) {
  const d = h('details', {}, h('summary', {}, `Discretionary situations (${groups.length})`));
  d.addEventListener('toggle', () => {
    if (d.open && d.children.length === 1) d.append(groupsTable('Discretionary', groups, false));
  });
  return d;
}

function checkView(c) {
  return [
    h('p', {}, `${c.cells} situations checked on ${c.date}.`),
    c.errors.length ? h('div', { class: 'notice bad' }, h('p', {}, 'Errors:'), h('ul', {}, c.errors.map(e => h('li', {}, e)))) : h('p', { class: 'ok' }, 'No policy errors.'),
    groupsTable('Conflicts between layers (refer to counsel)', c.conflicts, false),
    groupsTable('Undecided (no policy decides)', c.undecided, false),
    c.never_decide.length ? h('p', {}, 'Policies that never decide: ', c.never_decide.join(', ')) : null,
    discretionary(c.discretionary),
  ];
}

async function showLaw() {
  const id = $('#jurisdiction').value, at = $('#at').value;
  const q = at ? '?at=' + encode(at) : '';
  fill($('#policies'), h('p', {}, 'Loading…'));
  fill($('#check'), h('p', {}, 'Checking…'));
  fill($('#policies'), policiesTable(await api(`/v1/jurisdictions/${encode(id)}${q}`)));
  fill($('#check'), checkView(await api(`/v1/jurisdictions/${encode(id)}/check${q}`)));
}

// The changes by action and by before -> after, each action's detail (every
// group of situations, with its conditions) built when it is opened.
function diffSummary(changes) {
  const byAction = new Map();
  for (const c of changes) {
    if (!byAction.has(c.action)) byAction.set(c.action, []);
    byAction.get(c.action).push(c);
  }
  const rows = [], details = [];
  for (const [action, list] of byAction) {
    const moves = new Map();
    for (const c of list) {
      const key = `${c.before} \u2192 ${c.after}`;
      moves.set(key, (moves.get(key) || 0) + 1);
    }
    rows.push(h('tr', {}, h('th', { scope: 'row' }, actionLabel(action)),
      h('td', {}, [...moves].map(([m, n]) => h('div', {}, h('strong', {}, m), ` (${n} ${n === 1 ? 'group' : 'groups'})`))),
      h('td', {}, String(list.length))));
    const d = h('details', {}, h('summary', {}, `${actionLabel(action)}: every change (${list.length})`));
    d.addEventListener('toggle', () => {
      if (d.open && d.children.length === 1) d.append(groupsTable(actionLabel(action), list, true));
    });
    details.push(d);
  }
  return [h('table', {}, h('caption', {}, `What changed, by action (${changes.length} groups of situations)`),
    h('thead', {}, h('tr', {}, ['Action', 'Before \u2192 after', 'Groups'].map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows)), details];
}

async function showDiff() {
  fill($('#diff'), h('p', {}, 'Comparing…'));
  clearFieldErrors($('#diff-form'));
  try {
    const d = await api(`/v1/policy/diff?old=${encode($('#old').value.trim())}&new=${encode($('#new').value.trim())}`);
    fill($('#diff'),
      h('p', {}, `${d.old} (`, h('code', {}, d.old_version.slice(0, 19)), `) against ${d.new} (`, h('code', {}, d.new_version.slice(0, 19)), `): ${d.changed} of ${d.cells} situations answered differently.`),
      diffSummary(d.changes));
  } catch (e) {
    showFieldErrors($('#diff-form'), $('#diff'), e);
  }
}

async function replay() {
  const out = $('#replay');
  const form = $('#replay-form');
  clearFieldErrors(form);
  const body = {};
  for (const [key, id] of [['jurisdiction', '#replay-j'], ['from', '#replay-from'], ['to', '#replay-to']]) {
    if ($(id).value.trim()) body[key] = $(id).value.trim();
  }
  const under = form.querySelector('input[name="under"]:checked').value;
  if (under === 'with') body.with = $('#replay-with').value.trim();
  if (under === 'draft') body.draft = { pack: $('#draft-pack').value.trim(), files: { [$('#draft-file').value.trim()]: $('#draft-text').value } };
  fill(out, h('p', {}, 'Replaying…'));
  try {
    const r = await api('/v1/replay', { method: 'POST', body });
    fill(out,
      h('p', { id: 'replay-summary' }, `${r.cases} cases, ${r.outcomes} outcomes under ${r.law}: ${r.identical} identical, ${r.changed} changed, ${r.grounds_only} with other grounds only, ${r.skipped} skipped.`),
      r.by_change.length ? h('table', {}, h('caption', {}, 'What would change'),
        h('thead', {}, h('tr', {}, ['Action', 'Recorded', 'Replayed', 'Outcomes'].map(x => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, r.by_change.map(c => h('tr', {}, h('th', { scope: 'row' }, actionLabel(c.action)),
          h('td', {}, c.recorded), h('td', {}, h('strong', {}, c.replayed)), h('td', {}, String(c.outcomes)))))) : null);
  } catch (e) {
    showFieldErrors(form, out, e);
  }
}

try {
  $('#replay-form').addEventListener('submit', (e) => { e.preventDefault(); replay(); });
  const { jurisdictions } = await api('/v1/jurisdictions');
  const want = param('j') || 'us-il-chicago';
  fill($('#jurisdiction'), jurisdictions.map(j => h('option', { value: j.id, selected: j.id === want }, `${j.name} (${j.id})`)));
  $('#pick').addEventListener('submit', (e) => { e.preventDefault(); showLaw().catch(err => showError($('#status'), err)); });
  $('#diff-form').addEventListener('submit', (e) => { e.preventDefault(); showDiff(); });
  await showLaw();
} catch (e) {
  showError($('#status'), e);
}
