// The public transparency reports (GET /v1/reports/{kind}, public edition).
// A server that does not publish reports yet answers 404: the page says so.
import { api, encode, ApiError } from './api.js';
import { h, $, fill, param, showError } from './dom.js';
import { t } from './i18n.js';
import { publicPage, pickJurisdiction } from './public.js';

publicPage();

const cellText = (c) => (c && typeof c === 'object') ? (c.display ?? c.text ?? String(c.count ?? '')) : String(c ?? '');
const cellCount = (c) => (c && typeof c === 'object' && typeof c.count === 'number' && c.display === undefined) ? c.count
  : (typeof c === 'number' ? c : null);

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

async function show(id) {
  let report;
  try {
    report = await api(`/v1/reports/summary?jurisdiction=${encode(id)}&public=true`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      fill($('#reports'), h('p', { class: 'notice', id: 'no-reports' }, t('reports.missing')));
      return;
    }
    throw e;
  }
  fill($('#reports'),
    h('h2', {}, report.title),
    (report.statements || []).map(s => h('p', {}, s)),
    (report.tables || []).map(tableView),
    h('p', { class: 'small muted' }, `${t('reports.checkpoint')}: `, h('code', {}, (report.checkpoint || '').toString().split('\n').slice(0, 2).join(' / ')), ` · SHA-256 ${report.sha256 || ''}`));
  for (const b of document.querySelectorAll('.bar')) b.style.width = b.dataset.width + '%';
}

try {
  await show(await pickJurisdiction($('#j'), param('j')));
} catch (e) {
  showError($('#status'), e);
}
