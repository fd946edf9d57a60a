// Reduces a disagreement to a small case: an item with inline inputs (the
// item format of include/cedar_conformance/items.h) that trustgate and the
// reference still answer differently, in the same way. Greedy reduction:
// drop whole policies, schema declarations, entities, attributes and
// context fields, then delete ever smaller chunks of the policy text; each
// candidate is answered by the reference in process and by trustgate
// through `cedar test-items`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import * as ref from "./reference.mjs";

const MAX_TRIES = 1200;

function readText(dir, v) {
  return typeof v === "object" && v !== null && v.file ? fs.readFileSync(path.join(dir, v.file), "utf8") : v;
}

// The sample (a corpus failure or an item disagreement) as an inline item.
function toItem(s) {
  if (s.type === "item") {
    const line = fs.readFileSync(path.join(s.dir, "items.jsonl"), "utf8").split("\n").find((l) => l.includes(JSON.stringify(s.id)));
    const it = JSON.parse(line);
    for (const k of ["policies", "entities", "schema"]) if (it[k] !== undefined) it[k] = readText(s.dir, it[k]);
    return it;
  }
  const test = JSON.parse(fs.readFileSync(path.join(s.dir, s.file), "utf8"));
  const base = { policies: readText(s.dir, { file: test.policies }), schema: readText(s.dir, { file: test.schema }) };
  if (s.category.startsWith("validation")) return { id: s.file, kind: "validate", ...base };
  const entities = readText(s.dir, { file: test.entities });
  if (s.category === "entity validation") return { id: s.file, kind: "entities", entities, schema: base.schema };
  const r = test.requests.find((x) => x.description === s.request) || test.requests[0];
  return { id: `${s.file}#${r.description}`, kind: "authorize", ...base, entities,
    request: { principal: r.principal, action: r.action, resource: r.resource, context: r.context },
    validateRequest: r.validateRequest !== false };
}

// What a disagreement is, for keeping it while reducing: its direction and
// the error message (the reference's when it refuses, trustgate's when
// trustgate does), with names, strings and numbers blanked out.
function shape(detail, expect) {
  const blank = (m) => m.replace(/`[^`]*`|"([^"\\]|\\.)*"|\d+/g, "_").slice(0, 70);
  let why = "";
  if (detail.startsWith("the reference refuses") && expect.message) why = blank(expect.message);
  const m = detail.match(/trustgate refuses: (?:\d+:\d+: )?(.*)/);
  if (m) why = blank(m[1]);
  return detail.slice(0, 22) + " " + why;
}

class Oracle {
  constructor(bin) { this.bin = bin; this.tries = 0; this.file = path.join(os.tmpdir(), `difftest-min-${process.pid}.jsonl`); }
  // The disagreement's detail when trustgate and the reference differ on
  // `item`, else null.
  differs(item) {
    this.tries += 1;
    ref.withMessages(true);
    const expect = ref.answer(item);
    ref.withMessages(false);
    if (!expect) return null;
    const rest = withoutExpect(item);
    fs.writeFileSync(this.file, JSON.stringify({ ...rest, expect }) + "\n");
    const r = spawnSync(this.bin, ["cedar", "test-items", this.file, "--json"], { encoding: "utf8" });
    const last = r.stdout.trim().split("\n").pop();
    try {
      const d = JSON.parse(last).disagreements;
      return d.length ? shape(d[0].detail, expect) : null;
    } catch { return null; }
  }
}

function withoutExpect(item) {
  const rest = { ...item };
  delete rest.expect;
  return rest;
}

function lines(text) { return text.split("\n"); }

export function minimize(sample, bin) {
  const oracle = new Oracle(bin);
  let item = toItem(sample);
  const first = oracle.differs(item);
  if (!first) return null;
  const keeps = (cand) => {
    if (oracle.tries > MAX_TRIES) return false;
    return oracle.differs(cand) === first;
  };
  const tryField = (field, candidates) => {
    for (const v of candidates) {
      const cand = { ...item, [field]: v };
      if (keeps(cand)) { item = cand; return true; }
    }
    return false;
  };
  for (let progress = true; progress && oracle.tries < MAX_TRIES;) {
    progress = false;
    if (typeof item.policies === "string") {
      const parts = ref.policyParts(item.policies);
      if (parts && parts.length > 1) {
        progress = tryField("policies", parts.map((_, i) => parts.filter((__, j) => j !== i).join("\n"))) || progress;
      }
    }
    if (typeof item.schema === "string" && item.schemaFormat !== "json") {
      const ls = lines(item.schema);
      progress = tryField("schema", ls.map((_, i) => ls.filter((__, j) => j !== i).join("\n"))) || progress;
    }
    if (typeof item.entities === "string") {
      let es = null;
      try { es = JSON.parse(item.entities); } catch { es = null; }
      if (Array.isArray(es)) {
        const cands = es.map((_, i) => JSON.stringify(es.filter((__, j) => j !== i)));
        es.forEach((e, i) => {
          for (const k of Object.keys(e.attrs || {})) {
            const c = structuredClone(es); delete c[i].attrs[k]; cands.push(JSON.stringify(c));
          }
          (e.parents || []).forEach((_, p) => { const c = structuredClone(es); c[i].parents.splice(p, 1); cands.push(JSON.stringify(c)); });
          if (e.tags) { const c = structuredClone(es); delete c[i].tags; cands.push(JSON.stringify(c)); }
        });
        progress = tryField("entities", cands) || progress;
      }
    }
    if (item.request && item.request.context && typeof item.request.context === "object") {
      for (const k of Object.keys(item.request.context)) {
        const context = { ...item.request.context };
        delete context[k];
        const cand = { ...item, request: { ...item.request, context } };
        if (keeps(cand)) { item = cand; progress = true; }
      }
    }
    if (typeof item.policies === "string") progress = chunks(item, "policies", keeps, (c) => { item = c; }) || progress;
    if (typeof item.schema === "string" && item.kind === "schema") progress = chunks(item, "schema", keeps, (c) => { item = c; }) || progress;
  }
  const rest = withoutExpect(item);
  ref.withMessages(true);
  const expect = ref.answer(item);
  ref.withMessages(false);
  return { ...rest, id: `minimized: ${sample.id || sample.file}`, why: first, expect };
}

// Deletes chunks of `item[field]` (counted in code points), halving the
// chunk size down to one character; true when anything was deleted.
function chunks(item0, field, keeps, set) {
  let item = item0;
  let changed = false;
  for (let size = Math.max(1, Array.from(item[field]).length >> 1); size >= 1; size >>= 1) {
    for (let at = 0; at < Array.from(item[field]).length;) {
      const cps = Array.from(item[field]);
      const cand = { ...item, [field]: cps.slice(0, at).join("") + cps.slice(at + size).join("") };
      if (keeps(cand)) { item = cand; set(cand); changed = true; } else at += size;
    }
  }
  return changed;
}

// Command line: node minimize.mjs --peer DIR --trustgate BIN --dir PART
//   (--id ITEM_ID | --file corpus-tests/N.json --request DESCRIPTION --category C)
// prints the minimized item as one JSON line.
if (process.argv[1] && process.argv[1].endsWith("minimize.mjs")) {
  const a = {};
  for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
  ref.loadReference(path.resolve(a.peer));
  const sample = a.id ? { type: "item", dir: a.dir, id: a.id } : { type: "corpus", dir: a.dir, file: a.file, request: a.request || "", category: a.category || "decision" };
  const m = minimize(sample, a.trustgate);
  if (!m) { console.error("no disagreement to minimize"); process.exit(1); }
  console.log(JSON.stringify(m));
}
