// Writes `count` generated cases for one seed into `out`, with the
// reference's answers:
//   out/corpus-tests/N.json (+ .cedar, .cedarschema, .entities.json): the
//     integration-test layout, for `trustgate cedar test-corpus`: requests the
//     reference decides, and shouldValidate from its validator;
//   out/items.jsonl: single checks for `trustgate cedar test-items`: parse
//     acceptance of the policies and of mutated and truncated texts,
//     formatting, schema acceptance (Cedar and JSON forms, mutations),
//     entity-store acceptance (mutations), and requests the reference refuses.
// Each item id is "N/kind/label", its label naming what was generated.
import fs from "node:fs";
import path from "node:path";
import { Rng } from "./rng.mjs";
import { randomSchema, schemaText, schemaJson, schemaMutations, actionType } from "./schema.mjs";
import { planUids, randomEntities, entityMutations, uidPicker } from "./entities.mjs";
import { PolicyGen, policyMutations } from "./policies.mjs";
import { randomJsonValue, exclusions } from "./values.mjs";
import * as ref from "./reference.mjs";

const REQUESTS_PER_SET = 10;

function randomRequest(rng, schema, byType) {
  const picker = { ...uidPicker(rng, schema, byType), implicit: true };
  const typeNames = schema.entityTypes.map((t) => t.name);
  const action = rng.pick(schema.actions);
  const req = { label: "valid" };
  const pickEntity = (types) => {
    if (rng.chance(0.05)) { req.label = "entity of another type"; return picker.pickUid(rng.pick(typeNames)); }
    if (rng.chance(0.02)) { req.label = "undeclared entity type"; return { type: "Undeclared", id: "u" }; }
    return picker.pickUid(rng.pick(types));
  };
  const applies = action.applies || { principals: typeNames, resources: typeNames };
  req.principal = pickEntity(applies.principals);
  req.resource = pickEntity(applies.resources);
  req.action = { type: actionType(schema), id: action.name };
  if (rng.chance(0.02)) { req.label = "undeclared action"; req.action = { type: actionType(schema), id: "undeclared" }; }
  req.context = action.context ? randomJsonValue(rng, action.context, picker) : {};
  if (rng.chance(0.06)) {
    const keys = Object.keys(req.context);
    const k = rng.int(0, 2);
    if (k === 0) { req.context.extra = 1; req.label = "context with an undeclared attribute"; }
    else if (k === 1 && keys.length) { delete req.context[keys[0]]; req.label = "context without an attribute"; }
    else if (keys.length) { req.context[keys[0]] = rng.pick([1, "s", true, [], {}]); req.label = "context attribute of another type"; }
  }
  req.validateRequest = !rng.chance(0.1);
  return req;
}

export function generate(seed, count, out, first = 0) {
  fs.mkdirSync(path.join(out, "corpus-tests"), { recursive: true });
  const items = [];
  const stats = { policy_sets: 0, corpus_requests: 0, refused_requests: 0, items: 0, sets_skipped: {} };
  const skip = (why) => { stats.sets_skipped[why] = (stats.sets_skipped[why] || 0) + 1; };
  const item = (n, kind, label, fields, expect) => expect && items.push(JSON.stringify({ id: `${n}/${kind}/${label}`, kind, ...fields, expect }));
  for (let i = first; i < first + count; ++i) {
    const n = `${seed}-${i}`;
    if (process.env.DIFFTEST_TRACE) process.stderr.write(`case ${n}\n`);
    const rng = new Rng((seed * 1000003 + i) >>> 0);
    const schema = randomSchema(rng);
    const sText = schemaText(schema);
    const sJson = JSON.stringify(schemaJson(schema));
    const schemaOk = ref.answer({ kind: "schema", schema: sText });
    item(n, "schema", "generated", { schema: sText }, schemaOk);
    if (i % 2 === 0) item(n, "schema", "generated, JSON", { schema: sJson, schemaFormat: "json" }, ref.answer({ kind: "schema", schema: sJson, schemaFormat: "json" }));
    // The reference parses a schema in about 5 ms, so only every eighth set
    // has its mutations checked.
    const mutate = i % 8 === 0;
    if (mutate) {
      for (const [label, text] of schemaMutations(rng, schema, sText)) {
        item(n, "schema", label, { schema: text }, ref.answer({ kind: "schema", schema: text }));
      }
    }
    if (!schemaOk?.ok) { skip("schema refused"); continue; }
    const byType = planUids(rng, schema);
    const entities = randomEntities(rng, schema, byType);
    const eText = JSON.stringify(entities);
    const entitiesOk = ref.answer({ kind: "entities", entities: eText, schema: sText });
    if (mutate || !entitiesOk?.ok) item(n, "entities", "generated", { entities: eText, schema: sText }, entitiesOk);
    if (mutate) {
      for (const [label, es, withSchema] of entityMutations(rng, schema, entities)) {
        const f = { entities: JSON.stringify(es) };
        if (withSchema) f.schema = sText;
        item(n, "entities", label + (withSchema ? "" : ", no schema"), f, ref.answer({ kind: "entities", ...f }));
      }
    }
    const gen = new PolicyGen(rng, schema, byType);
    const policies = gen.policySet();
    const parsed = ref.answer({ kind: "parse", policies });
    item(n, "parse", "generated", { policies }, parsed);
    for (const [label, text] of policyMutations(rng, policies)) {
      item(n, "parse", label, { policies: text }, ref.answer({ kind: "parse", policies: text }));
    }
    if (!parsed?.ok) { skip("policies refused"); continue; }
    item(n, "format", "generated", { policies }, ref.answer({ kind: "format", policies }));
    if (!entitiesOk?.ok) { skip("entities refused"); continue; }
    const validation = ref.answer({ kind: "validate", policies, schema: sText });
    const decide = ref.prepared(n, policies, sText);
    if (!validation || !decide) { skip("reference threw"); continue; }
    const base = `corpus-tests/${n}`;
    const requests = [];
    for (let k = 0; k < REQUESTS_PER_SET; ++k) {
      const r = randomRequest(rng, schema, byType);
      const request = { principal: r.principal, action: r.action, resource: r.resource, context: r.context };
      const a = decide(request, entities, r.validateRequest);
      if (!a) break;  // the reference threw (counted): the rest of the set is lost
      if (!a.ok) {
        stats.refused_requests += 1;
        item(n, "authorize", `request ${k}: ${r.label}`, {
          policies: { file: `${base}.cedar` }, entities: { file: `${base}.entities.json` },
          schema: { file: `${base}.cedarschema` }, request, validateRequest: r.validateRequest,
        }, a);
        continue;
      }
      stats.corpus_requests += 1;
      requests.push({ description: `request ${k}: ${r.label}`, ...request,
        ...(r.validateRequest ? {} : { validateRequest: false }),
        decision: a.decision, reason: a.reason, errors: a.errors });
    }
    fs.writeFileSync(path.join(out, `${base}.cedar`), policies);
    fs.writeFileSync(path.join(out, `${base}.cedarschema`), sText);
    fs.writeFileSync(path.join(out, `${base}.entities.json`), eText);
    fs.writeFileSync(path.join(out, `${base}.json`), JSON.stringify({
      policies: `${base}.cedar`, entities: `${base}.entities.json`, schema: `${base}.cedarschema`,
      shouldValidate: validation.ok, requests,
    }));
    stats.policy_sets += 1;
  }
  fs.appendFileSync(path.join(out, "items.jsonl"), items.map((l) => l + "\n").join(""));
  stats.items = items.length;
  stats.exclusions = { ...exclusions };
  for (const [kind, count] of Object.entries(ref.threw)) stats.exclusions[`reference threw on ${kind}`] = count;
  return stats;
}
