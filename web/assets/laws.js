// The published policies in plain language: each layer of a jurisdiction's
// law on a date (GET /v1/jurisdictions/{id}), each policy's explanation,
// citation and dates. The explanations are the packs' own words, in English.
import { api, encode } from './api.js';
import { h, $, fill, param, showError } from './dom.js';
import { language, t } from './i18n.js';
import { publicPage, pickJurisdiction } from './public.js';

publicPage();
const range = (r) => `${r.from ? t('laws.from') + ' ' + r.from : t('laws.always')} ${t('laws.to')} ${r.to || t('laws.now')}`;

// {policy id: text} in the reader's language, from each layer's published
// translations (GET /v1/jurisdictions/{id}/rights); empty in English.
async function translations(id) {
  if (language() === 'en') return {};
  const info = await api(`/v1/jurisdictions/${encode(id)}/rights`);
  return Object.assign({}, ...info.layers.map(l => (l.translations || {})[language()] || {}));
}

async function show(id, at) {
  const [law, translated] = await Promise.all([
    api(`/v1/jurisdictions/${encode(id)}${at ? '?at=' + encode(at) : ''}`), translations(id)]);
  const out = [];
  if (law.policies.some(p => language() !== 'en' && !translated[p.id])) out.push(h('p', { class: 'notice' }, t('laws.english')));
  out.push(h('p', { class: 'small muted' }, `${t('laws.date')} ${law.date}. ${t('laws.version')}: `, h('code', {}, law.policy_version.slice(0, 19))));
  for (const layer of [...law.layers].reverse()) {
    const policies = law.policies.filter(p => p.pack === layer.id);
    out.push(h('section', { 'aria-labelledby': 'layer-' + layer.id },
      h('h2', { id: 'layer-' + layer.id }, layer.name),
      h('p', { class: 'small muted' }, `${t('laws.layer')}: ${layer.layer}. ${t('laws.in_force')} ${range(layer.in_force)}.`),
      h('ul', {}, policies.map(p => h('li', {},
        translated[p.id] ? h('span', {}, translated[p.id]) : h('span', { lang: 'en' }, p.explain), ' ',
        h('span', { class: 'small muted' }, '(', h('span', { lang: 'en' }, p.cite), `; ${t('laws.in_force')} ${range(p.in_force)})`))))));
  }
  out.push(h('p', { class: 'small muted', lang: 'en' }, law.layers[law.layers.length - 1].disclaimer));
  fill($('#laws'), out);
}

try {
  const id = await pickJurisdiction($('#j'), param('j'));
  $('#at').value = param('at');
  await show(id, param('at'));
} catch (e) {
  showError($('#status'), e);
}
