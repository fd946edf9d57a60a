// A rejected call's errors beside the fields they name: each field's
// container has data-pointer="/json/pointer"; the deepest container whose
// pointer is the error's or a prefix of it gets the message, and its control
// aria-invalid and aria-describedby. Errors no field takes, and failures
// that are not a 400, go to `where`.
import { ApiError } from './api.js';
import { h, fill, showError } from './dom.js';

export function clearFieldErrors(form) {
  for (const e of form.querySelectorAll('.field-error')) e.remove();
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  for (const e of form.querySelectorAll('[aria-describedby^="err-"]')) e.removeAttribute('aria-describedby');
}

function fieldFor(form, pointer) {
  let best = null;
  for (const el of form.querySelectorAll('[data-pointer]')) {
    const p = el.dataset.pointer;
    if ((pointer === p || pointer.startsWith(p + '/')) && (!best || p.length > best.dataset.pointer.length)) best = el;
  }
  return best;
}

let count = 0;
export function showFieldErrors(form, where, e) {
  clearFieldErrors(form);
  if (!(e instanceof ApiError) || e.status !== 400) return showError(where, e);
  fill(where);
  let first = null;
  for (const err of e.fieldErrors) {
    const field = fieldFor(form, err.pointer || '');
    const msg = h('p', { class: 'field-error', id: `err-${++count}` }, err.detail);
    if (!field) { where.append(msg); continue; }
    field.append(msg);
    const control = field.querySelector('input, textarea, select');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', msg.id);
      first = first || control;
    }
  }
  if (first) first.focus();
}
