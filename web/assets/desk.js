// "What did you receive?": the desk officer's guided form. It asks only for
// what the law of the chosen jurisdiction and agency reads (the "reads" of
// GET /v1/jurisdictions/{id}), never for a field that law forbids recording,
// submits the request (POST /v1/cases) and shows the answer as cards. A
// rejected request is recorded nowhere; each error shows beside its field.
import { api, encode, ApiError } from './api.js';
import { h, $, $$, fill, showError, when, rfc3339 } from './dom.js';
import { staffPage } from './layout.js';
import { decisionCards } from './decision.js';
import * as W from './words.js';

const me = await staffPage();
const form = $('#request');
const status = $('#status');
let vocabulary, law;  // GET /v1/jurisdictions's vocabulary; GET /v1/jurisdictions/{id}

function radio(name, value, title, hint, checked = false) {
  const id = `${name}-${value}`;
  return h('div', { class: 'choice' },
    h('input', { type: 'radio', name, id, value, checked }),
    h('label', { for: id }, title, hint ? h('span', { class: 'hint' }, hint) : null));
}

function checkbox(name, value, title, hint) {
  const id = `${name}-${value}`;
  return h('div', { class: 'choice' },
    h('input', { type: 'checkbox', name, id, value }),
    h('label', { for: id }, title, hint ? h('span', { class: 'hint' }, hint) : null));
}

function localNow() {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}


// Does the law read this context path ("facts.x", "subject.convictions.y")?
function reads(list, path) {
  return list.includes('*') || list.some(p => p === path || path.startsWith(p + '.'));
}

function agencyReads() {
  const a = law.agencies.find(x => x.id === $('#agency').value);
  return a ? a.reads : law.reads;
}

// Shows only the questions the law of the chosen agency turns on.
function showQuestions() {
  const r = agencyReads();
  const facts = vocabulary.facts.filter(f => reads(r, 'facts.' + f));
  fill($('#fact-choices'), facts.map(f => checkbox('fact', f, W.label(W.FACTS, f))));
  $('#facts').hidden = facts.length === 0;
  const classes = vocabulary.conviction_classes.filter(c => reads(r, 'subject.convictions.' + c));
  fill($('#conviction-choices'), classes.map(c => h('div', { class: 'field', 'data-pointer': '/subject/convictions/' + c },
    h('label', { for: 'conviction-' + c }, W.label(W.CONVICTION_CLASSES, c)),
    h('select', { id: 'conviction-' + c, 'data-class': c },
      vocabulary.conviction_ages.map(a => h('option', { value: a }, W.label(W.CONVICTION_AGES, a)))))));
  $('#convictions').hidden = classes.length === 0;
  $('#interview').hidden = !reads(r, 'interview_mode');
  const forbidden = law.unrecordable_fields;
  fill($('#unrecordable'), forbidden.length ? h('p', { class: 'notice' },
    'Do not write down the person\'s immigration or citizenship status: the law here forbids recording ',
    forbidden.join(', '), '. This form never asks for it.') : null);
}

// The law in force on the day the request arrived (today when no date is
// given yet): what it reads decides the questions.
async function loadLaw(id) {
  const day = $('#received').value.slice(0, 10);
  law = await api(`/v1/jurisdictions/${encode(id)}${day ? '?at=' + day : ''}`);
  const mine = law.agencies.some(a => a.id === me.agency);
  fill($('#agency'), law.agencies.filter(a => !a.placeholder || !mine)
    .map(a => h('option', { value: a.id, selected: a.id === me.agency }, a.name)));
  showQuestions();
}

async function start() {
  const list = await api('/v1/jurisdictions');
  vocabulary = list.vocabulary;
  const jid = list.jurisdictions.some(j => j.id === me.jurisdiction) ? me.jurisdiction : list.jurisdictions[0].id;
  fill($('#jurisdiction'), list.jurisdictions.map(j => h('option', { value: j.id, selected: j.id === jid }, j.name)));
  $('#received').value = localNow();
  fill($('#document-choices'), W.DOCUMENTS.filter(d => vocabulary.instrument_types.includes(d.type))
    .map(d => radio('document', d.id, d.title, d.hint)));
  fill($('#requester'), vocabulary.requesters.map(r => h('option', { value: r }, W.label(W.REQUESTERS, r))));
  // The actions in the order words.js lists them (the commonest first), then any others.
  const order = Object.keys(W.ACTIONS);
  const rank = (a) => (order.includes(a) ? order.indexOf(a) : order.length);
  fill($('#action-choices'), [...vocabulary.actions].sort((a, b) => rank(a) - rank(b))
    .map(a => checkbox('action', a, W.actionLabel(a))));
  fill($('#purpose-choices'), vocabulary.purposes.map(p => radio('purpose', p, W.label(W.PURPOSES, p))));
  fill($('#interview-mode'), vocabulary.interview_modes.map(m => h('option', { value: m }, W.label(W.INTERVIEW_MODES, m))));
  await loadLaw(jid);
  $('#jurisdiction').addEventListener('change', () => loadLaw($('#jurisdiction').value).catch(e => showError(status, e)));
  $('#agency').addEventListener('change', showQuestions);
  let day = $('#received').value.slice(0, 10);
  $('#received').addEventListener('change', () => {
    const now = $('#received').value.slice(0, 10);
    if (now === day || !/^\d{4}-\d{2}-\d{2}$/.test(now)) return;
    day = now;
    const agency = $('#agency').value;
    loadLaw($('#jurisdiction').value).then(() => { $('#agency').value = agency; showQuestions(); }).catch(e => showError(status, e));
  });
  form.hidden = false;
}

// The request the form describes; members left unanswered are left out, so
// that intake names them.
function request() {
  const r = {
    received_at: rfc3339($('#received').value),
    jurisdiction: $('#jurisdiction').value,
    receiving_agency: $('#agency').value,
    requester: { agency: $('#requester').value },
    actions: $$('input[name="action"]:checked').map(x => x.value),
  };
  if (!r.received_at) delete r.received_at;
  const doc = W.DOCUMENTS.find(d => d.id === (form.querySelector('input[name="document"]:checked') || {}).value);
  if (doc) r.instrument = { type: doc.type, signed_by: doc.signed_by, ...(doc.form ? { form: doc.form } : {}) };
  const purpose = form.querySelector('input[name="purpose"]:checked');
  if (purpose) r.purpose = purpose.value;
  const custody = form.querySelector('input[name="custody"]:checked');
  if (custody) r.subject = { in_custody: custody.value === 'yes' };
  const convictions = {};
  for (const s of $$('#conviction-choices select')) if (s.value !== 'none') convictions[s.dataset.class] = s.value;
  if (Object.keys(convictions).length) r.subject = { ...(r.subject || {}), convictions };
  const facts = {};
  for (const f of $$('input[name="fact"]:checked')) facts[f.value] = true;
  if (Object.keys(facts).length) r.facts = facts;
  if (!$('#interview').hidden && r.actions.includes('interview_access')) r.interview_mode = $('#interview-mode').value;
  return r;
}

function clearErrors() {
  for (const e of $$('.field-error', form)) e.remove();
  for (const e of $$('[aria-invalid]', form)) e.removeAttribute('aria-invalid');
  for (const e of $$('fieldset.invalid', form)) e.classList.remove('invalid');
  for (const e of $$('[aria-describedby^="err-"]', form)) e.removeAttribute('aria-describedby');
  fill($('#summary'));
}

// The visible field a JSON Pointer names: the deepest [data-pointer] that
// is the pointer or a prefix of it.
function fieldFor(pointer) {
  let best = null;
  for (const el of $$('[data-pointer]', form)) {
    const p = el.dataset.pointer;
    if (el.closest('[hidden]')) continue;
    if ((pointer === p || pointer.startsWith(p + '/')) && (!best || p.length > best.dataset.pointer.length)) best = el;
  }
  return best;
}

function showErrors(errors) {
  const links = [];
  errors.forEach((e, i) => {
    const id = `err-${i}`;
    const field = fieldFor(e.pointer || '');
    // A missing answer also says what to do (the field's data-missing).
    const missing = field && field.dataset.missing && /required|missing/i.test(e.detail);
    const detail = missing ? `${field.dataset.missing} (${e.detail})` : e.detail;
    const message = h('p', { class: 'field-error', id }, detail);
    if (field) {
      const anchor = field.querySelector('legend, label');
      (anchor && anchor.parentElement === field ? anchor : field.firstChild).after(message);
      if (field.tagName === 'FIELDSET') {
        field.classList.add('invalid');
        field.setAttribute('aria-describedby', id);
      }
      for (const c of field.querySelectorAll('input, select, textarea')) {
        c.setAttribute('aria-invalid', 'true');
        if (field.tagName !== 'FIELDSET') c.setAttribute('aria-describedby', id);
      }
      if (!field.id) field.id = 'field-' + i;
      links.push(h('li', {}, h('a', { href: '#' + field.id }, detail)));
    } else {
      links.push(h('li', {}, detail));
    }
  });
  fill($('#summary'), h('div', { class: 'problem-summary', role: 'alert' },
    h('h2', {}, 'Nothing was recorded: please correct this'), h('ul', {}, links)));
  $('#summary').focus();
}

function showAnswer(c) {
  const d = c.decision;
  fill($('#answer-meta'), `Case ${c.id}, received ${when(c.received_at)}, ${c.jurisdiction}, law of ${d.law_date || d.decided_at.slice(0, 10)}. `,
    c.state === 'decided' ? '' : h('strong', {}, W.label(W.STATES, c.state) + '.'));
  fill($('#cards'), decisionCards(d, law.obligations));
  $('#case-link').href = '/case?id=' + encode(c.id);
  form.hidden = true;
  $('#answer').hidden = false;
  $('#answer').focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    showAnswer(await api('/v1/cases', { method: 'POST', body: request() }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) showErrors(e.fieldErrors);
    else showError(status, e);
  } finally {
    button.disabled = false;
  }
});

$('#print').addEventListener('click', () => print());
$('#again').addEventListener('click', () => {
  $('#answer').hidden = true;
  form.reset();
  $('#received').value = localNow();
  showQuestions();
  form.hidden = false;
  form.querySelector('input').focus();
});

start().catch(e => showError(status, e));
