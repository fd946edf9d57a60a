// The header of every page: the public site's (with the language switch)
// or the staff's (the pages the signed-in role works with). Each page has
// <header class="top" id="top"></header> and <main id="main">.
import { h, fill } from './dom.js';
import { language, setLanguage, translate } from './i18n.js';
import { whoami, logout } from './api.js';

function here(href) {
  return location.pathname === href ? 'page' : false;
}

function navList(label, links) {
  return h('nav', { 'aria-label': label },
    h('ul', {}, links.map(([href, text, key]) =>
      h('li', {}, h('a', { href, 'aria-current': here(href), 'data-i18n': key || false }, text)))));
}

// The public pages: translated, with the language switch.
export function publicPage() {
  const other = language() === 'es' ? 'en' : 'es';
  const button = h('button', { type: 'button', class: 'secondary', lang: other, id: 'lang' },
    other === 'es' ? 'Español' : 'English');
  button.addEventListener('click', () => { setLanguage(other); location.reload(); });
  fill(document.getElementById('top'),
    h('a', { class: 'brand', href: '/' }, 'trustgate'),
    navList(language() === 'es' ? 'Principal' : 'Main', [['/', 'Home', 'nav.home'], ['/rights', 'Know your rights', 'nav.rights'],
      ['/laws', 'Published policies', 'nav.laws'], ['/reports', 'Reports', 'nav.reports']]),
    h('div', { class: 'end' }, h('a', { href: '/login', 'data-i18n': 'nav.signin' }, 'Staff sign-in'), button));
  translate();
}

// The pages each role works with (the API decides what each may do; this
// only chooses the links).
const ROLE_PAGES = {
  desk_officer: [['/desk', 'What did you receive?']],
  supervisor: [['/queue', 'Queue'], ['/desk', 'What did you receive?']],
  counsel: [['/counsel', 'Law'], ['/playground', 'Cedar playground'], ['/queue', 'Queue']],
  auditor: [['/audit', 'Ledger'], ['/queue', 'Cases']],
  admin: [['/desk', 'Desk'], ['/queue', 'Queue'], ['/counsel', 'Law'], ['/playground', 'Playground'], ['/audit', 'Ledger']],
};

export function homeFor(role) {
  const pages = ROLE_PAGES[role];
  return pages ? pages[0][0] : '/';
}

// A staff page: signs the person in first when they are not. Resolves to
// the user.
export async function staffPage() {
  const me = await whoami();
  if (!me) {
    location.replace('/login?next=' + encodeURIComponent(location.pathname + location.search));
    return new Promise(() => {});
  }
  const out = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
  out.addEventListener('click', async () => { await logout().catch(() => {}); location.assign('/login'); });
  fill(document.getElementById('top'),
    h('a', { class: 'brand', href: homeFor(me.role) }, 'trustgate'),
    navList('Staff', ROLE_PAGES[me.role] || []),
    h('div', { class: 'end' },
      h('span', { class: 'who' }, `${me.name} (${me.role.replace('_', ' ')}${me.agency ? ', ' + me.agency : ''})`),
      h('a', { href: '/' }, 'Public site'), out));
  return me;
}
