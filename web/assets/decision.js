// A decision as cards, one per requested action: the response in words
// (COMPLY, DECLINE, REFER TO SUPERVISOR, REFER TO COUNSEL) with a shape,
// what to do now in one sentence, why (the deciding policies and their
// citations, expandable), and the obligations as a checklist.
import { h } from './dom.js';
import { RESPONSES, actionLabel } from './words.js';

// `obligations`: {id: {text}} from GET /v1/jurisdictions/{id}.
export function decisionCards(decision, obligations = {}) {
  return h('div', { class: 'cards' }, decision.outcomes.map((o, i) => card(o, i, obligations)));
}

function card(o, i, obligations) {
  const r = RESPONSES[o.response] || { label: o.response.toUpperCase(), shape: '?', todo: () => '' };
  const id = `outcome-${i}`;
  return h('section', { class: `card ${o.response}`, 'aria-labelledby': id, 'data-action': o.action, 'data-response': o.response },
    h('h3', { class: 'verdict', id },
      h('span', { class: 'shape', 'aria-hidden': 'true' }, r.shape), r.label,
      h('span', { class: 'visually-hidden' }, ': ')),
    h('p', { class: 'action-name' }, actionLabel(o.action)),
    h('p', { class: 'todo' }, r.todo(o.action)),
    o.likely_prevails ? h('p', {}, 'Likely to prevail: ', cite(o.likely_prevails)) : null,
    h('details', {},
      h('summary', {}, `Why: ${o.because.length} ${o.because.length === 1 ? 'citation' : 'citations'}`),
      h('ul', {}, o.because.map(b => h('li', {}, h('strong', { class: 'cite' }, b.cite), ` (${b.layer} law, ${b.policy}): `, b.explain)))),
    (o.errors && o.errors.length) ? h('p', { class: 'notice bad' }, 'Policy errors: ' + o.errors.join('; ')) : null,
    o.obligations.length ? h('div', {},
      h('h4', {}, 'Obligations'),
      h('ul', { class: 'checklist' }, o.obligations.map((ob, k) => {
        const box = `ob-${i}-${k}`;
        return h('li', {}, h('input', { type: 'checkbox', id: box }),
          h('label', { for: box }, (obligations[ob] && obligations[ob].text) || ob));
      }))) : null);
}

function cite(p) {
  return typeof p === 'string' ? p : `${p.cite || ''} (${p.layer || ''} ${p.policy || ''})`;
}

// Before printing, open every "why" so the citations are on the page.
addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('.card details')) d.open = true;
});
