// Know your rights: each layer's published contacts and rights
// (GET /v1/jurisdictions/{id}/rights), most specific layer first, in the
// reader's language.
import { api, encode } from './api.js';
import { h, fill, param, showError } from './dom.js';
import { language, t } from './i18n.js';
import { publicPage, pickJurisdiction } from './public.js';

publicPage();
const lang = language();

const LANGUAGES = { en: ['English', 'inglés'], es: ['Spanish', 'español'] };
const languageName = (code) => (LANGUAGES[code] || [code, code])[lang === 'es' ? 1 : 0];

function tel(phone) { return 'tel:' + phone.replace(/[^0-9+]/g, ''); }

function contactCard(c) {
  return h('div', { class: 'contact' },
    h('h3', {}, c.name),
    h('p', {}, c.description[lang] || c.description.en),
    h('ul', {},
      c.phone ? h('li', {}, t('rights.phone') + ': ', h('a', { href: tel(c.phone) }, c.phone)) : null,
      c.url ? h('li', {}, t('rights.web') + ': ', h('a', { href: c.url, rel: 'external' }, c.url)) : null,
      c.languages ? h('li', {}, t('rights.languages') + ': ' + c.languages.map(languageName).join(', ')) : null),
    h('p', { class: 'small muted' }, `${t('rights.source')} ${c.source.seen}): `,
      h('a', { href: c.source.url, rel: 'external' }, new URL(c.source.url).hostname)));
}

function right(r, layer) {
  return h('li', {}, r[lang] || r.en, ' ',
    h('span', { class: 'small muted' }, `(${r.cite}${layer ? '; ' + layer : ''})`));
}

async function show(id) {
  const info = await api(`/v1/jurisdictions/${encode(id)}/rights`);
  const contacts = info.layers.flatMap(l => l.contacts);
  const help = contacts.filter(c => c.kind !== 'locator');
  fill(document.getElementById('help'),
    help.length ? help.map(contactCard) : h('p', {}, t('rights.none')));
  const locators = contacts.filter(c => c.kind === 'locator');
  if (locators.length) fill(document.getElementById('locators'), locators.map(contactCard));
  // The federal layer's rights are everyone's; the others' are what local law tells agencies.
  const general = info.layers.filter(l => l.layer === 'federal');
  const local = info.layers.filter(l => l.layer !== 'federal');
  fill(document.getElementById('general'), general.flatMap(l => l.rights.map(r => right(r, ''))));
  fill(document.getElementById('local'), local.flatMap(l => l.rights.map(r => right(r, l.name))));
  document.getElementById('h-local').parentElement.hidden = !local.some(l => l.rights.length);
  // The packs' disclaimer is in English; a Spanish page says it too.
  fill(document.getElementById('disclaimer'), lang === 'es' ? [t('home.disclaimer'), ' '] : null,
    h('span', { lang: 'en' }, info.disclaimer));
}

try {
  const id = await pickJurisdiction(document.getElementById('j'), param('j'));
  await show(id);
} catch (e) {
  showError(document.getElementById('status'), e);
}
