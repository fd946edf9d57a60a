// Building the page: elements are made with h(), never from HTML strings,
// so that no text from a request, a policy or a case can become markup.

// h('a', {href: '/x', class: 'y'}, 'text', child, [more children]):
// attributes named on* are not accepted; `false`/null attributes are left
// out; children may be strings, nodes, arrays or null.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on')) throw new Error('use addEventListener, not ' + k);
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// Replaces the children of `el`.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A query parameter of the page's address.
export const param = (name) => new URLSearchParams(location.search).get(name) || '';

// Shows an error in the page's status region (role="alert").
export function showError(where, error) {
  fill(where, h('p', { class: 'notice bad', role: 'alert' }, String(error.message || error)));
}

// "2025-01-27T20:03:00Z" -> a local, readable date and time.
export function when(rfc3339) {
  const d = new Date(rfc3339);
  return isNaN(d) ? rfc3339 : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// A datetime-local value ("2025-01-27T14:03") as RFC 3339 with this
// browser's offset ("2025-01-27T14:03:00-06:00"); "" stays "".
export function rfc3339(local) {
  if (!local) return '';
  const d = new Date(local);
  if (isNaN(d)) return local;
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? local + ':00' : local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}
