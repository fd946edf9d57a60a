// The Cedar playground: validate policies against a schema
// (POST /v1/cedar/validate) and try a request against them
// (POST /v1/cedar/authorize). Nothing is recorded.
import { api, ApiError } from './api.js';
import { clearFieldErrors, showFieldErrors } from './forms.js';
import { h, $, fill, showError } from './dom.js';
import { staffPage } from './layout.js';

await staffPage();

const EXAMPLE = `@id("draft/no-detainer-holds")
@cite("Draft amendment")
@explain("No hold past release on a detainer alone.")
forbid (principal, action == Action::"hold_beyond_release", resource)
when { context.instrument == Instrument::"detainer" };

@id("draft/baseline")
@cite("Draft amendment")
@explain("Everything else is allowed.")
permit (principal, action, resource);
`;
const CONTEXT = {
  agency_kind: { __entity: { type: 'AgencyKind', id: 'police' } },
  interview_mode: { __entity: { type: 'InterviewMode', id: 'in_person' } },
  instrument: { __entity: { type: 'Instrument', id: 'detainer' } },
  signed_by: { __entity: { type: 'Signer', id: 'immigration_officer' } },
  purpose: { __entity: { type: 'Purpose', id: 'civil_immigration_enforcement' } },
  requester: { __entity: { type: 'Requester', id: 'ice-ero' } },
  subject: { in_custody: true, convictions: {
    serious_violent_felony: { __entity: { type: 'ConvictionAge', id: 'none' } },
    other_felony: { __entity: { type: 'ConvictionAge', id: 'none' } },
    misdemeanor: { __entity: { type: 'ConvictionAge', id: 'none' } } } },
  facts: {},
};
$('#policies').value = EXAMPLE;
$('#context').value = JSON.stringify(CONTEXT, null, 1);

// 'Type::"id"' -> {type, id}.
function uid(text, pointer) {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_:]*)::"((?:[^"\\]|\\.)*)"\s*$/.exec(text);
  if (!m) throw new ApiError(400, { detail: 'bad entity', errors: [{ pointer, detail: 'expected Type::"id"' }] });
  return { type: m[1], id: JSON.parse('"' + m[2] + '"') };
}

function json(text, pointer) {
  try { return JSON.parse(text); } catch (e) {
    throw new ApiError(400, { detail: 'bad JSON', errors: [{ pointer, detail: 'not JSON: ' + e.message }] });
  }
}

const body = () => ({ policies: $('#policies').value, ...($('#schema').value.trim() ? { schema: $('#schema').value } : {}) });

$('#policy-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors($('#policy-form'));
  fill($('#validation'), h('p', {}, 'Validating…'));
  try {
    const r = await api('/v1/cedar/validate', { method: 'POST', body: body() });
    const item = (d) => h('li', {}, `${d.policy} (line ${d.line}, column ${d.column}): ${d.message}`);
    fill($('#validation'),
      h('p', { class: r.valid ? 'ok' : 'fail' }, r.valid ? `Valid: ${r.policies} policies pass strict validation against the schema.` : `Not valid: ${r.errors.length} errors.`),
      r.errors.length ? h('ul', {}, r.errors.map(item)) : null,
      r.warnings.length ? [h('p', {}, 'Warnings:'), h('ul', {}, r.warnings.map(item))] : null);
  } catch (e) {
    showFieldErrors($('#policy-form'), $('#validation'), e);
  }
});

$('#request-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors($('#request-form'));
  clearFieldErrors($('#policy-form'));
  fill($('#result'));
  try {
    const b = body();
    // The packs' schema is used when none is given: the authorize call then
    // takes the request as Cedar does, unvalidated.
    const r = await api('/v1/cedar/authorize', { method: 'POST', body: {
      ...b,
      request: { principal: uid($('#principal').value, '/request/principal'), action: uid($('#action').value, '/request/action'),
        resource: uid($('#resource').value, '/request/resource'), context: json($('#context').value, '/request/context') },
      entities: json($('#entities').value, '/entities'),
    } });
    fill($('#result'),
      h('p', { class: r.decision === 'allow' ? 'ok' : 'fail', id: 'decision' }, r.decision === 'allow' ? 'ALLOW' : 'DENY'),
      h('p', {}, 'Determining policies: ', r.reason.length ? r.reason.join(', ') : 'none'),
      r.errors.length ? h('ul', {}, r.errors.map(e => h('li', {}, `${e.policy}: ${e.message}`))) : null);
  } catch (e) {
    // The policies and schema are fields of the other form.
    showFieldErrors(e.fieldErrors.some(x => /^\/(policies|schema)/.test(x.pointer)) ? $('#policy-form') : $('#request-form'), $('#result'), e);
  }
});
