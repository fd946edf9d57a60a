// Cedar's reference implementation (@cedar-policy/cedar-wasm) answering the
// questions of the item format (src: include/cedar_conformance/items.h).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let cedar = null;
let modulePath = null;

export function loadReference(dir) {
  modulePath = require.resolve(`${dir}/node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm.js`);
  cedar = require(modulePath);
  return cedar.getCedarVersion();
}

// A trap in the WebAssembly (a Rust panic, or a stack overflow, which
// corrupts its memory) leaves the instance unusable: load a fresh one.
function reload() {
  delete require.cache[modulePath];
  cedar = require(modulePath);
}

const ok = (a) => a.type === "success";

// The reference's first error message when `why` is set (the minimizer
// keeps a case's cause by it), else nothing.
let why = false;
export function withMessages(on) { why = on; }
const refusal = (a) => (why && a.errors && a.errors.length ? { ok: false, message: a.errors[0].message } : { ok: false });

function schemaArg(item) {
  if (item.schema === undefined) return undefined;
  return item.schemaFormat === "json" ? JSON.parse(item.schema) : item.schema;
}

// Inputs on which the reference threw instead of answering, by kind.
export const threw = {};

// The reference's answer to an item whose inputs are inline, as `expect`;
// null when the reference throws (counted in `threw`).
export function answer(item) {
  try {
    return answerOrThrow(item);
  } catch (e) {
    threw[item.kind] = (threw[item.kind] || 0) + 1;
    if (process.env.DIFFTEST_TRACE) process.stderr.write(`reference threw on ${item.kind}: ${e.message}\n${JSON.stringify(item).slice(0, 2000)}\n`);
    reload();
    return null;
  }
}

function answerOrThrow(item) {
  switch (item.kind) {
    case "parse": { const a = cedar.checkParsePolicySet({ staticPolicies: item.policies }); return ok(a) ? { ok: true } : refusal(a); }
    case "format": {
      const a = cedar.formatPolicies({ policyText: item.policies, lineWidth: 80, indentWidth: 2 });
      return ok(a) ? { ok: true, text: a.formatted_policy } : refusal(a);
    }
    case "schema": { const a = cedar.checkParseSchema(schemaArg(item)); return ok(a) ? { ok: true } : refusal(a); }
    case "entities": {
      let entities;
      try { entities = JSON.parse(item.entities); } catch { return { ok: false }; }
      const a = cedar.checkParseEntities({ entities, schema: schemaArg(item) });
      return ok(a) ? { ok: true } : refusal(a);
    }
    case "validate": {
      const a = cedar.validate({ schema: schemaArg(item), policies: { staticPolicies: item.policies } });
      if (!ok(a)) return refusal(a);
      return a.validationErrors.length === 0 ? { ok: true } : (why ? { ok: false, message: a.validationErrors[0].error.message } : { ok: false });
    }
    case "authorize": {
      const a = cedar.isAuthorized({
        ...item.request, schema: schemaArg(item), validateRequest: item.validateRequest !== false,
        policies: { staticPolicies: item.policies }, entities: JSON.parse(item.entities),
      });
      return authorizeAnswer(a);
    }
  }
  throw new Error("kind " + item.kind);
}

export function authorizeAnswer(a) {
  if (!ok(a)) return refusal(a);
  const d = a.response.diagnostics;
  return { ok: true, decision: a.response.decision, reason: d.reason.slice().sort(), errors: d.errors.map((e) => e.policyId).sort() };
}

// A prepared policy set and schema for many requests (statefulIsAuthorized).
// Null when the reference refuses them or throws; the function returns null
// when the reference throws.
export function prepared(id, policies, schemaText) {
  try {
    const p = cedar.preparsePolicySet(id, { staticPolicies: policies });
    const s = cedar.preparseSchema(id, schemaText);
    if (!ok(p) || !ok(s)) return null;
  } catch (e) {
    threw.prepare = (threw.prepare || 0) + 1;
    reload();
    return null;
  }
  return (request, entities, validateRequest) => {
    try {
      return authorizeAnswer(cedar.statefulIsAuthorized({
        ...request, preparsedPolicySetId: id, preparsedSchemaName: id, validateRequest, entities,
      }));
    } catch (e) {
      threw.authorize = (threw.authorize || 0) + 1;
      reload();
      return null;
    }
  };
}

// The policies of a policy set's text, each as text; null when it does not
// parse.
export function policyParts(text) {
  const a = cedar.policySetTextToParts(text);
  return a.type === "success" ? [...a.policies, ...a.policy_templates] : null;
}

export function version() { return cedar.getCedarVersion(); }
