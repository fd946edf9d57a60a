// One case (GET /v1/cases/{id}): its answer as cards, its deadlines and
// timeline, and for a supervisor or counsel the sign-off (POST .../signoff),
// the override with a reason (POST .../override) and what was done
// (POST .../events).
import { api, encode } from './api.js';
import { clearFieldErrors, showFieldErrors } from './forms.js';
import { h, $, fill, param, showError, when, rfc3339 } from './dom.js';
import { staffPage } from './layout.js';
import { decisionCards } from './decision.js';
import { STATES, label } from './words.js';

const me = await staffPage();
const id = param('id');
let obligations = {};

function timeline(c) {
  const signOffs = [...c.sign_offs];
  const dispositions = [...(c.dispositions || [])];
  return c.events.map(e => {
    let text = label({ received: 'Request received', decided: 'Decided', signed_off: 'Signed off',
      overridden: 'Overridden', closed: 'Closed', policy_activated: 'Law version activated' }, e.event);
    if (e.event === 'decided') text += ': ' + c.decision.outcomes.map(o => o.response.replaceAll('_', ' ').toUpperCase()).join(', ');
    if (e.event === 'signed_off') {
      const s = signOffs.shift();
      if (s) text += ` by ${s.by} (${s.role}${s.on_site ? ', on site' : ''})`;
    }
    if (e.event === 'overridden' && c.override) text += ` by ${c.override.by} (${c.override.role}): "${c.override.reason}"`;
    if (e.event in DISPOSITIONS && dispositions.length) {
      const d = dispositions.shift();
      text = `${label(DISPOSITIONS, d.event)} at ${when(d.happened_at)}${d.until ? ' until ' + when(d.until) : ''}${d.to ? ' to ' + d.to : ''}`;
    }
    return h('li', {}, h('strong', {}, when(e.at)), ' — ', text, h('span', { class: 'small muted' }, ` (ledger entry ${e.seq})`));
  });
}

const DISPOSITIONS = { released: 'Released', held: 'Held', transferred: 'Transferred', notified: 'Requester told',
  notice_given: 'Person given a copy of the request', bail_posted: 'Bail posted' };

function deadlineItems(c, texts) {
  return (c.deadlines || []).map(d => h('li', {}, h('strong', {}, label({ open: 'Open', overdue: 'OVERDUE', met: 'Met', met_late: 'Met late', not_started: 'Not started' }, d.state)),
    ': ', (texts[d.obligation] && texts[d.obligation].text) || d.obligation,
    d.due_at ? ` — due ${when(d.due_at)}` : '', d.met_at ? `, met ${when(d.met_at)}` : ''));
}


function show(c) {
  fill($('#title'), `Case ${c.id}`);
  const waiting = c.sign_offs_needed.filter(r => !c.sign_offs.some(s => s.role === r));
  fill($('#meta'), `${label(STATES, c.state)}. Received ${when(c.received_at)} by ${c.receiving_agency} (${c.jurisdiction}). `,
    waiting.length ? h('strong', {}, `Waiting for: ${waiting.join(', ')}${c.on_site_needed ? ' (a supervisor on site)' : ''}.`) : null);
  fill($('#cards'), decisionCards(c.decision, obligations));
  fill($('#timeline'), timeline(c));
  fill($('#deadline-list'), deadlineItems(c, obligations));
  $('#deadlines').hidden = !(c.deadlines || []).length;
  $('#happened').hidden = !['supervisor', 'counsel', 'admin'].includes(me.role) || c.state === 'closed';
  fill($('#request'), JSON.stringify(c.request, null, 2));
  const signer = ['supervisor', 'counsel'].includes(me.role) && !['closed', 'overridden'].includes(c.state);
  $('#act').hidden = !signer;
  $('#on-site').checked = c.on_site_needed;
  $('#case').hidden = false;
}

async function load() {
  const c = await api('/v1/cases/' + encode(id));
  const law = await api(`/v1/jurisdictions/${encode(c.jurisdiction)}`).catch(() => null);
  if (law) obligations = law.obligations;
  show(c);
}

async function act(form, path, body, where) {
  for (const f of ['#signoff', '#override', '#disposition']) clearFieldErrors($(f));
  for (const w of ['#signoff-status', '#override-status', '#disposition-status']) fill($(w));
  try {
    show(await api(`/v1/cases/${encode(id)}/${path}`, { method: 'POST', body }));
    fill(where, h('p', { class: 'notice' }, { signoff: 'Signed off.', override: 'Overridden.', events: 'Recorded.' }[path] + ' It is in the record.'));
  } catch (e) {
    showFieldErrors(form, where, e);
  }
}

$('#by').value = me.name;
$('#signoff').addEventListener('submit', (ev) => {
  ev.preventDefault();
  act($('#signoff'), 'signoff', { by: $('#by').value.trim(), on_site: $('#on-site').checked }, $('#signoff-status'));
});
$('#override').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const reason = $('#reason').value.trim();
  act($('#override'), 'override', { by: $('#by').value.trim() || me.name, ...(reason ? { reason } : {}) }, $('#override-status'));
});
$('#disposition').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const body = { event: $('#event').value };
  for (const [key, input] of [['happened_at', '#happened-at'], ['until', '#until']]) {
    if ($(input).value) body[key] = rfc3339($(input).value);
  }
  if ($('#to').value.trim()) body.to = $('#to').value.trim();
  act($('#disposition'), 'events', body, $('#disposition-status'));
});
$('#print').addEventListener('click', () => print());

if (!id) showError($('#status'), 'No case named: open a case from the queue.');
else load().catch(e => showError($('#status'), e));
