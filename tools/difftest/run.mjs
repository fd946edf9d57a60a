// The differential test: generates cases from a seed with the reference's
// answers (generate.mjs), runs trustgate on them (`cedar test-corpus` and
// `cedar test-items`), counts the disagreements by category, sets apart the
// documented ones (known-differences.json, docs/cedar-differences.md), and
// minimizes the others into regression items (minimize.mjs).
//
// Usage: node run.mjs --seed S --count N --out DIR --trustgate BIN --peer DIR
//                     [--jobs J] [--minimize K] [--regressions FILE] [--reuse 1]
// --reuse 1 checks the cases already in DIR again (after a fix) instead of
// generating them.
// Exit 0 when every disagreement is documented, 1 otherwise.
import fs from "node:fs";
import path from "node:path";
import { spawnSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as ref from "./reference.mjs";
import { generate } from "./generate.mjs";
import { minimize } from "./minimize.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

function args() {
  const a = { seed: 1, count: 100, jobs: 1, minimize: 5, first: 0 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const k of ["seed", "count", "jobs", "minimize", "first"]) a[k] = Number(a[k]);
  return a;
}

// Generation in `jobs` worker processes over disjoint ranges of case numbers.
async function generateAll(a) {
  if (a.worker) return generate(a.seed, a.count, a.out, a.first);
  const per = Math.ceil(a.count / a.jobs);
  const runs = [];
  for (let j = 0; j < a.jobs; ++j) {
    const first = j * per, count = Math.min(per, a.count - first);
    if (count <= 0) break;
    const dir = path.join(a.out, `part${j}`);
    runs.push(new Promise((resolve, reject) => {
      // --no-opt: node 20's optimizing compiler crashes (a V8 fatal error in
      // the deoptimizer) after some thousand cases; it costs no time here,
      // as nearly all of it is spent in the reference's WebAssembly.
      const p = spawn(process.execPath, ["--no-opt", path.join(here, "run.mjs"), "--worker", "1", "--seed", String(a.seed),
        "--count", String(count), "--first", String(first), "--out", dir, "--peer", a.peer], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      p.stdout.on("data", (d) => { out += d; });
      p.on("close", (code) => code === 0 ? resolve({ dir, stats: JSON.parse(out) }) : reject(new Error(`worker ${j} failed`)));
    }));
  }
  return Promise.all(runs);
}

function sum(parts) {
  const total = { policy_sets: 0, corpus_requests: 0, refused_requests: 0, items: 0, sets_skipped: {}, exclusions: {} };
  for (const { stats } of parts) {
    for (const k of ["policy_sets", "corpus_requests", "refused_requests", "items"]) total[k] += stats[k];
    for (const g of ["sets_skipped", "exclusions"]) for (const [k, v] of Object.entries(stats[g])) total[g][k] = (total[g][k] || 0) + v;
  }
  return total;
}

// `trustgate cedar test-corpus` on one part: failures by category, each as
// {category, file, request, detail}.
function runCorpus(bin, dir) {
  const r = spawnSync(bin, ["cedar", "test-corpus", dir, "--no-timing", "--scope-without-action", "warning", "--failures", "100000000"], { encoding: "utf8", maxBuffer: 1 << 30 });
  const failures = [];
  let category = null;
  for (const line of r.stdout.split("\n")) {
    let m = line.match(/^FAILED (.*): \d+ (request|check)/);
    if (m) { category = m[1]; continue; }
    m = line.match(/^  (\S+)(?: \[(.*?)\])?: (.*)$/);
    if (m && category) failures.push({ category, file: m[1], request: m[2] || "", detail: m[3] });
  }
  const last = r.stdout.trim().split("\n").pop();
  return { failures, summary: last, status: r.status, output: r.stdout };
}

function runItems(bin, file) {
  const r = spawnSync(bin, ["cedar", "test-items", file, "--json"], { encoding: "utf8", maxBuffer: 1 << 30 });
  const lines = r.stdout.trim().split("\n");
  let report;
  try { report = JSON.parse(lines[lines.length - 1]); } catch { throw new Error("test-items failed: " + r.stdout.slice(-2000) + r.stderr); }
  return { disagreements: report.disagreements, summary: lines[lines.length - 2] };
}

// The category of a disagreement: the item's kind and label (without its
// number), or the corpus failure's category and the request's label.
function itemCategory(d) {
  const label = d.id.split("/").slice(2).join("/").replace(/^request \d+: /, "request: ");
  const direction = d.detail.startsWith("the reference accepts") ? " (trustgate refuses)" :
    d.detail.startsWith("the reference refuses") ? " (trustgate accepts)" : "";
  return `${d.kind}: ${label}${direction}`;
}

function corpusCategory(f) {
  return `corpus ${f.category}` + (f.request ? `: ${f.request.replace(/^request \d+: /, "")}` : "");
}

function explained(known, category) {
  return known.find((k) => category === k.category);
}

async function main() {
  const a = args();
  ref.loadReference(path.resolve(a.peer));
  if (a.worker) {
    process.stdout.write(JSON.stringify(await generateAll(a)));
    return;
  }
  const t0 = Date.now();
  let parts;
  const saved = path.join(a.out, "parts.json");
  if (a.reuse) {
    parts = JSON.parse(fs.readFileSync(saved, "utf8"));  // --reuse 1: check the cases of the last run again
  } else {
    fs.rmSync(a.out, { recursive: true, force: true });
    parts = await generateAll(a);
    fs.writeFileSync(saved, JSON.stringify(parts));
  }
  const stats = sum(parts);
  const tGen = Date.now();
  const known = JSON.parse(fs.readFileSync(path.join(here, "known-differences.json"), "utf8"));
  const counts = {};
  const samples = {};
  const add = (cat, sample) => { counts[cat] = (counts[cat] || 0) + 1; (samples[cat] ||= []).push(sample); };
  for (const { dir } of parts) {
    const c = runCorpus(a.trustgate, dir);
    for (const f of c.failures) add(corpusCategory(f), { type: "corpus", dir, ...f });
    const it = runItems(a.trustgate, path.join(dir, "items.jsonl"));
    for (const d of it.disagreements) add(itemCategory(d), { type: "item", dir, ...d });
  }
  const tRun = Date.now();
  console.log(`difftest: cedar-wasm ${ref.version()}, seed ${a.seed}, ${a.count} cases`);
  console.log(`generated: ${stats.policy_sets} policy sets with ${stats.corpus_requests} decided requests, ` +
    `${stats.refused_requests} refused requests, ${stats.items} items (${(stats.refused_requests + stats.corpus_requests)} requests in all)`);
  console.log(`skipped sets: ${JSON.stringify(stats.sets_skipped)}; exclusions: ${JSON.stringify(stats.exclusions)}`);
  let unexplained = 0;
  for (const cat of Object.keys(counts).sort()) {
    const k = explained(known, cat);
    if (!k) unexplained += counts[cat];
    console.log(`${k ? "documented" : "DISAGREE"} ${cat}: ${counts[cat]}${k ? ` (${k.doc})` : ""}`);
    if (!k) for (const s of samples[cat].slice(0, 2)) console.log(`    ${s.id || s.file + " [" + s.request + "]"}: ${s.detail.split("\n")[0]}`);
  }
  if (unexplained && a.minimize > 0) {
    const regressions = [];
    for (const cat of Object.keys(counts).sort()) {
      if (explained(known, cat)) continue;
      for (const s of samples[cat].slice(0, a.minimize)) {
        const m = minimize(s, a.trustgate, cat);
        if (m) { regressions.push(JSON.stringify(m)); console.log(`minimized ${cat}:\n  ${JSON.stringify(m)}`); }
      }
    }
    const file = a.regressions || path.join(a.out, "minimized.jsonl");
    fs.writeFileSync(file, regressions.map((l) => l + "\n").join(""));
    console.log(`wrote ${regressions.length} minimized cases to ${file}`);
  }
  console.log(`time: generation ${((tGen - t0) / 1000).toFixed(1)} s, trustgate ${((tRun - tGen) / 1000).toFixed(1)} s`);
  const total = stats.corpus_requests + stats.items;
  console.log(`difftest: ${total - unexplained} passed, ${unexplained} failed`);
  process.exit(unexplained ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
