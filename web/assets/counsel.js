// Counsel: a jurisdiction's law on a date (GET /v1/jurisdictions/{id}) with
// every policy's citation and dates, its check (GET .../check) and the
// difference between two versions (GET /v1/policy/diff) as a table.
import { api, encode, ApiError } from './api.js';
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

function checkView(c) {
  return [
    h('p', {}, `${c.cells} situations checked on ${c.date}.`),
    c.errors.length ? h('div', { class: 'notice bad' }, h('p', {}, 'Errors:'), h('ul', {}, c.errors.map(e => h('li', {}, e)))) : h('p', { class: 'ok' }, 'No policy errors.'),
    groupsTable('Conflicts between layers (refer to counsel)', c.conflicts, false),
    groupsTable('Undecided (no policy decides)', c.undecided, false),
    c.never_decide.length ? h('p', {}, 'Policies that never decide: ', c.never_decide.join(', ')) : null,
    h('details', {}, h('summary', {}, `Discretionary situations (${c.discretionary.length})`), groupsTable('Discretionary', c.discretionary, false)),
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

async function showDiff() {
  fill($('#diff'), h('p', {}, 'Comparing…'));
  for (const e of document.querySelectorAll('#diff-form .field-error')) e.remove();
  try {
    const d = await api(`/v1/policy/diff?old=${encode($('#old').value.trim())}&new=${encode($('#new').value.trim())}`);
    fill($('#diff'),
      h('p', {}, `${d.old} (`, h('code', {}, d.old_version.slice(0, 19)), `) against ${d.new} (`, h('code', {}, d.new_version.slice(0, 19)), `): ${d.changed} of ${d.cells} situations answered differently.`),
      groupsTable('What changed', d.changes, true));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) return showError($('#diff'), e);
    fill($('#diff'));
    for (const err of e.fieldErrors) {
      const field = document.querySelector(`#diff-form [data-pointer="${err.pointer}"]`) || $('#diff');
      field.append(h('p', { class: 'field-error' }, err.detail));
    }
  }
}

try {
  const { jurisdictions } = await api('/v1/jurisdictions');
  const want = param('j') || 'us-il-chicago';
  fill($('#jurisdiction'), jurisdictions.map(j => h('option', { value: j.id, selected: j.id === want }, `${j.name} (${j.id})`)));
  $('#pick').addEventListener('submit', (e) => { e.preventDefault(); showLaw().catch(err => showError($('#status'), err)); });
  $('#diff-form').addEventListener('submit', (e) => { e.preventDefault(); showDiff(); });
  await showLaw();
} catch (e) {
  showError($('#status'), e);
}
