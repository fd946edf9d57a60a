// The queue (GET /v1/queue): cases with an overdue deadline first, then
// those waiting for counsel, then the oldest; the open deadlines, soonest
// first; and the latest cases the caller may see (GET /v1/cases).
import { api, encode } from './api.js';
import { h, $, fill, showError, when } from './dom.js';
import { staffPage } from './layout.js';
import { STATES, label, actionLabel } from './words.js';

await staffPage();

const caseLink = (c) => h('a', { href: '/case?id=' + encode(c.id) }, c.id);
const responses = (c) => ((c.decision && c.decision.outcomes) || []).map(o => o.response.replaceAll('_', ' ')).join(', ');
const waitingFor = (c) => c.sign_offs_needed.filter(r => !c.sign_offs.some(s => s.role === r))
  .map(r => r + (c.on_site_needed && r === 'supervisor' ? ' (on site)' : '')).join(', ');

try {
  const { cases, deadlines = [], overdue = 0 } = await api('/v1/queue');
  const late = new Set(deadlines.filter(d => d.overdue).map(d => d.case));
  const urgency = (c) => (late.has(c.id) ? 0 : c.state === 'awaiting_counsel' ? 1 : 2);
  cases.sort((a, b) => urgency(a) - urgency(b) || a.received_at.localeCompare(b.received_at));
  if (deadlines.length) {
    $('#deadlines').hidden = false;
    fill($('#overdue'), overdue ? h('strong', {}, `${overdue} overdue.`) : 'None overdue.');
    fill($('#deadlines tbody'), deadlines.map(d => h('tr', {},
      h('th', { scope: 'row' }, caseLink({ id: d.case })), h('td', {}, d.obligation),
      h('td', {}, when(d.due_at)), h('td', {}, d.overdue ? h('strong', {}, 'OVERDUE') : 'open'))));
  }
  fill($('#queue tbody'), cases.map(c => h('tr', {},
    h('th', { scope: 'row' }, caseLink(c), late.has(c.id) ? [' ', h('strong', {}, '(overdue)')] : null),
    h('td', {}, when(c.received_at)), h('td', {}, c.receiving_agency),
    h('td', {}, ((c.request && c.request.actions) || []).map(actionLabel).join('; ')),
    h('td', {}, responses(c)), h('td', {}, waitingFor(c) || label(STATES, c.state)))));
  $('#queue').hidden = false;
  if (!cases.length) fill($('#status'), h('p', { class: 'notice' }, 'Nothing is waiting for a sign-off.'));
} catch (e) {
  if (e.status === 403) fill($('#status'), h('p', { class: 'notice' }, 'Your role has no queue.'));
  else showError($('#status'), e);
}

try {
  const { cases } = await api('/v1/cases?limit=50');
  cases.reverse();
  fill($('#recent tbody'), cases.map(c => h('tr', {},
    h('th', { scope: 'row' }, caseLink(c)), h('td', {}, when(c.received_at)), h('td', {}, c.receiving_agency),
    h('td', {}, label(STATES, c.state)))));
} catch (e) {
  showError($('#status'), e);
}
