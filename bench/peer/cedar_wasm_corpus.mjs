// Runs Cedar integration-test requests through Cedar's reference
// implementation compiled to WebAssembly (@cedar-policy/cedar-wasm) and
// measures the cost per request, for comparison with
// `trustgate cedar test-corpus --json` on the same files.
//
// Usage: node cedar_wasm_corpus.mjs PACKAGE_DIR ROOT EXCLUDE_OUT
//   PACKAGE_DIR  the installed package (…/node_modules/@cedar-policy/cedar-wasm)
//   ROOT         an extracted integration-test folder (tests/, corpus-tests/, sample-data/)
//   EXCLUDE_OUT  written: one "file#request" line per request whose answer
//                disagrees with the expected one (the node side cannot run it)
// Prints one JSON line on stdout.
//
// What is timed, per request (one pass, like trustgate's call_us_mean):
//   JSON.parse of the test's entities text (the entities file, re-parsed for
//   every request, as trustgate re-parses it with simdjson), then one
//   statefulIsAuthorized call with the policy set and the schema preparsed
//   (preparsePolicySet / preparseSchema, once per test file, not timed). That
//   call converts principal, action, resource, the context object and the
//   entities into Cedar values (schema-directed), authorizes, and converts
//   the response back to JS. Request validation is off (trustgate does not
//   validate requests either). Reading files and checking the answers are
//   not timed.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [packageDir, root, excludeOut] = process.argv.slice(2);
if (!packageDir || !root || !excludeOut) {
  console.error('usage: node cedar_wasm_corpus.mjs PACKAGE_DIR ROOT EXCLUDE_OUT');
  process.exit(2);
}
const cedar = createRequire(import.meta.url)(join(packageDir, 'nodejs', 'cedar_wasm.js'));

// Test descriptions: *.json under tests/ and corpus-tests/ (not
// *.entities.json), sorted, as trustgate's runner lists them.
function listTests(dir, rel, out) {
  let names;
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const name of names) {
    const relPath = `${rel}/${name}`;
    if (statSync(join(root, relPath)).isDirectory()) {
      listTests(relPath, relPath, out);
    } else if (name.endsWith('.json') && !name.endsWith('.entities.json')) {
      out.push(relPath);
    }
  }
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// True when the JSON text holds an integer literal JSON.parse cannot
// represent exactly (outside ±2^53-1).
function hasUnsafeInteger(text) {
  for (const m of text.matchAll(/(?<![\w."])-?\d{16,}(?![\w."])/g)) {
    const n = BigInt(m[0]);
    if (n > MAX_SAFE || n < -MAX_SAFE) return true;
  }
  return false;
}

function sameIds(got, want) {
  const a = [...got].sort();
  const b = [...(want || [])].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function agrees(answer, req) {
  if (answer.type !== 'success') return false;
  const r = answer.response;
  return (
    r.decision === req.decision &&
    sameIds(r.diagnostics.reason, req.reason) &&
    sameIds(
      r.diagnostics.errors.map((e) => e.policyId),
      req.errors,
    )
  );
}

const PSET = 'pset';
const SCHEMA = 'schema';
const tests = [...listTests('tests', 'tests', []), ...listTests('corpus-tests', 'corpus-tests', [])];
tests.sort();

let requests = 0;
let timedNs = 0n;
let timed = 0;
const excluded = [];
let excludedUnsafeInteger = 0;
for (const path of tests) {
  const test = JSON.parse(readFileSync(join(root, path), 'utf8'));
  const policies = readFileSync(join(root, test.policies), 'utf8');
  const schema = readFileSync(join(root, test.schema), 'utf8');
  const entitiesText = readFileSync(join(root, test.entities), 'utf8');
  const schemaInput = test.schema.endsWith('.json') ? JSON.parse(schema) : schema;
  const okPolicies = cedar.preparsePolicySet(PSET, { staticPolicies: policies });
  const okSchema = cedar.preparseSchema(SCHEMA, schemaInput);
  const unsafeEntities = hasUnsafeInteger(entitiesText);
  for (const req of test.requests) {
    ++requests;
    if (okPolicies.type !== 'success' || okSchema.type !== 'success') {
      excluded.push(`${path}#${req.description}`);
      continue;
    }
    const t0 = process.hrtime.bigint();
    const entities = JSON.parse(entitiesText);
    const answer = cedar.statefulIsAuthorized({
      principal: req.principal,
      action: req.action,
      resource: req.resource,
      context: req.context,
      preparsedPolicySetId: PSET,
      preparsedSchemaName: SCHEMA,
      validateRequest: false,
      entities,
    });
    const t1 = process.hrtime.bigint();
    if (!agrees(answer, req)) {
      excluded.push(`${path}#${req.description}`);
      if (unsafeEntities || hasUnsafeInteger(JSON.stringify(req.context))) ++excludedUnsafeInteger;
      continue;
    }
    timedNs += t1 - t0;
    ++timed;
  }
}

writeFileSync(excludeOut, excluded.map((x) => `${x}\n`).join(''));
console.log(
  JSON.stringify({
    cedar_wasm_version: cedar.getCedarVersion(),
    requests,
    timed,
    excluded: excluded.length,
    excluded_unsafe_integer: excludedUnsafeInteger,
    call_us_mean: timed ? Number(timedNs) / timed / 1000 : 0,
  }),
);
