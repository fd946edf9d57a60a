// The public transparency reports (GET /v1/reports/{kind}?public=true: no
// case listed, small counts suppressed). A server without reports answers
// 404: the page says so.
import { api, encode, ApiError } from './api.js';
import { h, $, fill, param, showError } from './dom.js';
import { language, t } from './i18n.js';
import { publicPage, pickJurisdiction } from './public.js';

publicPage();

// A cell is a count (a number) or a text ("<5" and "5+" for suppressed counts).
const cellText = (c) => String(c ?? '');
const cellCount = (c) => (typeof c === 'number' ? c : null);

// A bar per row for the table's last (total) column, drawn with CSS widths.
function bars(table) {
  const values = table.rows.map(r => cellCount(r[r.length - 1]));
  const max = Math.max(1, ...values.filter(v => v !== null));
  return h('div', { 'aria-hidden': 'true', class: 'bars' }, table.rows.map((r, i) =>
    h('div', { class: 'bar-row' }, h('span', {}, cellText(r[0])),
      h('span', { class: 'bar', style: false, 'data-width': values[i] === null ? 0 : Math.round(100 * values[i] / max) }))));
}

function tableView(table) {
  return h('section', { 'aria-labelledby': 'tbl-' + table.id },
    h('h3', { id: 'tbl-' + table.id }, table.title),
    table.cite ? h('p', { class: 'small muted' }, table.cite) : null,
    h('table', {}, h('caption', { class: 'visually-hidden' }, table.title),
      h('thead', {}, h('tr', {}, table.columns.map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, table.rows.map(r => h('tr', {}, r.map((c, i) => i === 0 ? h('th', { scope: 'row' }, cellText(c)) : h('td', {}, cellText(c))))))),
    table.chart ? bars(table) : null,
    (table.notes || []).map(n => h('p', { class: 'small muted' }, n)));
}

async function show(id, kind) {
  let report;
  try {
    report = await api(`/v1/reports/${encode(kind)}?jurisdiction=${encode(id)}&public=true`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      fill($('#reports'), h('p', { class: 'notice', id: 'no-reports' }, t('reports.missing')));
      return;
    }
    throw e;
  }
  // The reports are computed in English; a Spanish page says so to screen readers.
  fill($('#reports'), h('div', language() === 'es' ? { lang: 'en' } : {},
    h('h2', {}, report.title),
    (report.statements || []).map(s => h('p', {}, s)),
    (report.tables || []).map(tableView),
    h('p', { class: 'small muted' }, `${t('reports.checkpoint')}: `,
      h('code', {}, `${report.checkpoint.origin}, ${report.checkpoint.size}`), ` · SHA-256 `, h('code', {}, report.sha256))));
  for (const b of document.querySelectorAll('.bar')) b.style.width = b.dataset.width + '%';
}

try {
  const kind = param('kind') || 'summary';
  $('#kind').value = kind;
  await show(await pickJurisdiction($('#j'), param('j')), kind);
} catch (e) {
  showError($('#status'), e);
}
