// Random Cedar policies over a schema: scopes, conditions using every
// operator and extension function, `like` with escaped stars, `has`/`is`/
// `in`, tags, deep records, arithmetic near the i64 limits, and expressions
// that error at run time or do not typecheck.
import { full, actionType, EXTENSIONS } from "./schema.mjs";
import { randomJsonValue, literalOf, cedarString, uidText, extArg, EXT_CTOR } from "./values.mjs";

const I64_MAX = "9223372036854775807";
const BIG = [I64_MAX, "9223372036854775806", "4611686018427387904", "3037000500", "1"];

// Typed paths from the variables: [{expr, type, guard}] where guard is a
// `has` test that makes the access safe (null when the attribute is required).
function accessPaths(schema, env) {
  const paths = [];
  const walk = (expr, type, guard, depth) => {
    paths.push({ expr, type, guard });
    if (depth > 3) return;
    let attrs = null;
    if (type.kind === "Record") attrs = type.attrs;
    if (type.kind === "Entity") {
      const t = schema.entityTypes.find((x) => x.name === type.name);
      if (t && t.shape) attrs = t.shape.attrs;
      if (depth > 1) attrs = null;
    }
    for (const a of attrs || []) {
      const acc = isIdent(a.name) ? `${expr}.${a.name}` : `${expr}[${JSON.stringify(a.name)}]`;
      const has = isIdent(a.name) ? `${expr} has ${a.name}` : `${expr} has ${JSON.stringify(a.name)}`;
      walk(acc, a.type, a.required ? guard : (guard ? `${guard} && ${has}` : has), depth + 1);
    }
  };
  walk("principal", { kind: "Entity", name: env.principal }, null, 0);
  walk("resource", { kind: "Entity", name: env.resource }, null, 0);
  if (env.context) walk("context", env.context, null, 0);
  return paths;
}

const RESERVED = ["in", "is", "if", "then", "else", "true", "false", "has", "like"];
const isIdent = (name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.includes(name);

// `e` as an operand of a binary operator: in parentheses unless it is a
// name, a literal, a call or an access path.
function paren(e) {
  return /^(-?\d+|true|false|"([^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_:]*(::"([^"\\]|\\.)*")?([.][A-Za-z_][A-Za-z0-9_]*|\["([^"\\]|\\.)*"\])*|[a-z]+\("([^"\\]|\\.)*"\))$/.test(e) ? e : `(${e})`;
}

function sameType(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

export class PolicyGen {
  constructor(rng, schema, byType) {
    this.rng = rng;
    this.schema = schema;
    this.byType = byType;
    this.picker = {
      pickUid: (name) => {
        const list = byType[name] || [];
        return list.length && !rng.chance(0.15) ? rng.pick(list) : { type: full(schema, name), id: "nobody" };
      },
    };
  }

  typeNames() { return this.schema.entityTypes.map((t) => t.name); }

  randomEnv() {
    const withApplies = this.schema.actions.filter((a) => a.applies);
    if (!withApplies.length) return { principal: this.rng.pick(this.typeNames()), resource: this.rng.pick(this.typeNames()), context: null, action: this.schema.actions[0] };
    const a = this.rng.pick(withApplies);
    return { principal: this.rng.pick(a.applies.principals), resource: this.rng.pick(a.applies.resources), context: a.context, action: a };
  }

  // ---- scope ----
  anyUid(name) { return uidText(this.picker.pickUid(name || this.rng.pick(this.typeNames()))); }

  scopeVar(v, typeName) {
    const r = this.rng;
    const k = r.weighted([[5, "none"], [3, "=="], [2, "in"], [2, "is"], [1, "is in"], [1, "other"]]);
    const t = typeName;
    if (k === "none") return v;
    if (k === "==") return `${v} == ${this.anyUid(r.chance(0.8) ? t : null)}`;
    if (k === "in") return `${v} in ${this.anyUid(r.chance(0.5) ? t : null)}`;
    if (k === "is") return `${v} is ${full(this.schema, r.chance(0.8) ? t : r.pick(this.typeNames()))}`;
    if (k === "is in") return `${v} is ${full(this.schema, t)} in ${this.anyUid()}`;
    return `${v} == ${full(this.schema, r.pick(this.typeNames()))}::"x"`;
  }

  actionUid(a) { return `${actionType(this.schema)}::${JSON.stringify(a.name)}`; }

  scopeAction(env) {
    const r = this.rng;
    const k = r.weighted([[4, "none"], [4, "=="], [2, "in list"], [1, "in"], [1, "undeclared"]]);
    if (k === "none") return "action";
    if (k === "==") return `action == ${this.actionUid(env.action)}`;
    if (k === "in list") {
      const as = r.subset(this.schema.actions, 0.5);
      return `action in [${[env.action, ...as].map((a) => this.actionUid(a)).join(", ")}]`;
    }
    if (k === "in") return `action in ${this.actionUid(r.pick(this.schema.actions))}`;
    return `action == ${actionType(this.schema)}::"undeclared"`;
  }

  // ---- expressions ----
  expr(type, depth, env, paths) {
    const r = this.rng;
    if (r.chance(0.03)) type = this.randomType();  // deliberately ill-typed now and then
    const fromPath = paths.filter((p) => sameType(p.type, type));
    if (fromPath.length && r.chance(depth > 2 ? 0.6 : 0.3)) {
      const p = r.pick(fromPath);
      return p.guard && r.chance(0.5) && type.kind === "Bool" ? `(${p.guard} && ${p.expr})` : p.expr;
    }
    if (depth > 3 || r.chance(0.15)) return this.leaf(type);
    switch (type.kind) {
      case "Bool": return this.boolExpr(depth + 1, env, paths);
      case "Long": return this.longExpr(depth + 1, env, paths);
      case "String": return r.chance(0.2) ? this.getTag(type) : this.leaf(type);
      case "Set": return `[${[0, 1].slice(0, r.int(0, 2)).map(() => this.expr(type.elem, depth + 1, env, paths)).join(", ")}]`;
      case "Record": return `{${type.attrs.map((a) => `${JSON.stringify(a.name)}: ${this.expr(a.type, depth + 1, env, paths)}`).join(", ")}}`;
      case "Ext": return this.extExpr(type.name, depth + 1, env, paths);
      case "Entity": return r.chance(0.5) ? r.pick(["principal", "resource"]) : this.leaf(type);
    }
    return this.leaf(type);
  }

  randomType() {
    const r = this.rng;
    return r.pick([{ kind: "Bool" }, { kind: "Long" }, { kind: "String" }, { kind: "Entity", name: r.pick(this.typeNames()) },
      { kind: "Set", elem: { kind: "Long" } }, { kind: "Ext", name: r.pick(EXTENSIONS) }, { kind: "Record", attrs: [] }]);
  }

  leaf(type) {
    const r = this.rng;
    if (type.kind === "Long" && r.chance(0.2)) return r.pick(BIG);
    if (type.kind === "Ext") return `${EXT_CTOR[type.name]}(${cedarString(r, extArg(r, type.name))})`;
    return literalOf(r, type, randomJsonValue(r, type, this.picker));
  }

  // A tag read, guarded by hasTag half of the time.
  getTag(type) {
    const key = cedarString(this.rng, this.rng.pick(["a", "b", "owner", "é"]));
    const v = this.rng.pick(["principal", "resource"]);
    if (this.rng.chance(0.5)) return `(if ${v}.hasTag(${key}) then ${v}.getTag(${key}) else ${this.leaf(type)})`;
    return `${v}.getTag(${key})`;
  }

  longExpr(depth, env, paths) {
    const r = this.rng;
    const L = { kind: "Long" };
    const sub = () => this.expr(L, depth, env, paths);
    switch (r.int(0, 8)) {
      case 0: return `${paren(sub())} + ${paren(sub())}`;
      case 1: return `${paren(sub())} - ${paren(sub())}`;
      case 2: return `${paren(sub())} * ${paren(r.pick(["2", "-1", sub()]))}`;
      case 3: return `-${r.pick(["(" + sub() + ")", I64_MAX, "9223372036854775808"])}`;
      case 4: return `(if ${this.expr({ kind: "Bool" }, depth, env, paths)} then ${sub()} else ${sub()})`;
      case 5: return `${this.extExpr("duration", depth, env, paths)}.${r.pick(["toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds"])}()`;
      case 6: return `${this.extExpr("datetime", depth, env, paths)}.toTime().toMilliseconds()`;
      case 7: return this.getTag(L);
      default: return `(${sub()})`;
    }
  }

  likePattern() {
    const r = this.rng;
    const parts = [];
    const n = r.int(0, 4);
    for (let i = 0; i < n; ++i) {
      parts.push(r.weighted([[3, "*"], [2, "\\*"], [2, "\\u{2a}"], [2, "\\x2a"], [3, "a"], [2, "b"], [1, "\\\\"],
        [1, "ü"], [1, "\\u{fc}"], [1, "\\n"], [1, "§"]]));
    }
    return `"${parts.join("")}"`;
  }

  boolExpr(depth, env, paths) {
    const r = this.rng;
    const B = { kind: "Bool" };
    const sub = () => this.expr(B, depth, env, paths);
    const any = () => this.randomType();
    switch (r.int(0, 19)) {
      case 0: return `${paren(sub())} && ${paren(sub())}`;
      case 1: return `${paren(sub())} || ${paren(sub())}`;
      case 2: return `!${paren(sub())}`;
      case 3: return `(if ${sub()} then ${sub()} else ${sub()})`;
      case 4: { const L = { kind: "Long" }; return `${paren(this.expr(L, depth, env, paths))} ${r.pick(["<", "<=", ">", ">="])} ${paren(this.expr(L, depth, env, paths))}`; }
      case 5: { const t = r.chance(0.7) ? r.pick(paths).type : any(); return `${paren(this.expr(t, depth, env, paths))} ${r.pick(["==", "!="])} ${paren(this.expr(t, depth, env, paths))}`; }
      case 6: { const p = r.pick(paths); return p.guard ? p.guard : `${p.expr.split(/[.[]/)[0]} has ${r.pick(["name", "age", "nope", "\"my attr\"", "nested.name", "info.level"])}`; }
      case 7: return `${paren(this.expr({ kind: "String" }, depth, env, paths))} like ${this.likePattern()}`;
      case 8: return `${r.pick(["principal", "resource"])} is ${full(this.schema, r.pick(this.typeNames()))}${r.chance(0.3) ? " in " + this.anyUid() : ""}`;
      case 9: return `${paren(this.expr({ kind: "Entity", name: env.principal }, depth, env, paths))} in ${r.chance(0.5) ? paren(this.expr({ kind: "Entity", name: r.pick(this.typeNames()) }, depth, env, paths)) : "[" + this.anyUid() + ", " + this.anyUid() + "]"}`;
      case 10: { const t = this.setType(paths); return `${paren(this.expr(t, depth, env, paths))}.contains(${this.expr(t.elem, depth, env, paths)})`; }
      case 11: { const t = this.setType(paths); return `${paren(this.expr(t, depth, env, paths))}.${r.pick(["containsAll", "containsAny"])}(${this.expr(t, depth, env, paths)})`; }
      case 12: return `${paren(this.expr(this.setType(paths), depth, env, paths))}.isEmpty()`;
      case 13: return `${r.pick(["principal", "resource"])}.hasTag(${cedarString(r, r.pick(["a", "b", "owner", "é"]))})`;
      case 14: return `${this.extExpr("ipaddr", depth, env, paths)}.${r.pick(["isIpv4()", "isIpv6()", "isLoopback()", "isMulticast()"])}`;
      case 15: return `${this.extExpr("ipaddr", depth, env, paths)}.isInRange(${this.extExpr("ipaddr", depth, env, paths)})`;
      case 16: return `${this.extExpr("decimal", depth, env, paths)}.${r.pick(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"])}(${this.extExpr("decimal", depth, env, paths)})`;
      case 17: { const e = r.pick(["datetime", "duration"]); return `${paren(this.extExpr(e, depth, env, paths))} ${r.pick(["<", "<=", ">", ">=", "==", "!="])} ${paren(this.extExpr(e, depth, env, paths))}`; }
      case 18: return `${paren(this.expr(r.pick(paths).type, depth, env, paths))} has ${r.pick(["name", "age", "level", "\"ünï\""])}`;
      default: return r.chance(0.5) ? "true" : "false";
    }
  }

  setType(paths) {
    const sets = paths.filter((p) => p.type.kind === "Set");
    if (sets.length && this.rng.chance(0.7)) return this.rng.pick(sets).type;
    return { kind: "Set", elem: this.rng.pick([{ kind: "Long" }, { kind: "String" }, { kind: "Entity", name: this.rng.pick(this.typeNames()) }]) };
  }

  extExpr(name, depth, env, paths) {
    const r = this.rng;
    const fromPath = paths.filter((p) => p.type.kind === "Ext" && p.type.name === name);
    if (fromPath.length && r.chance(0.4)) return paren(r.pick(fromPath).expr);
    if (name === "datetime" && depth < 4 && r.chance(0.3)) {
      return r.chance(0.5) ? `${this.extExpr("datetime", depth + 1, env, paths)}.offset(${this.extExpr("duration", depth + 1, env, paths)})`
        : `${this.extExpr("datetime", depth + 1, env, paths)}.toDate()`;
    }
    if (name === "duration" && depth < 4 && r.chance(0.3)) {
      return r.chance(0.5) ? `${this.extExpr("datetime", depth + 1, env, paths)}.durationSince(${this.extExpr("datetime", depth + 1, env, paths)})`
        : `${this.extExpr("datetime", depth + 1, env, paths)}.toTime()`;
    }
    return `${EXT_CTOR[name]}(${cedarString(r, extArg(r, name))})`;
  }

  // ---- policies ----
  policy() {
    const r = this.rng;
    const env = this.randomEnv();
    const paths = accessPaths(this.schema, env);
    let text = "";
    if (r.chance(0.2)) text += `// ${r.pick(["für alle", "§ 15(a) gilt", "naïve — ok", "日本", "plain"])}\n`;
    if (r.chance(0.2)) text += `@${r.pick(["advice", "cite", "id"])}(${cedarString(r, r.pick(["5 ILCS 805/15(a)", "für", "x"]))})\n`;
    text += `${r.chance(0.7) ? "permit" : "forbid"}(\n  ${this.scopeVar("principal", env.principal)},\n  ${this.scopeAction(env)},\n  ${this.scopeVar("resource", env.resource)}\n)`;
    const clauses = r.int(0, 2);
    for (let i = 0; i < clauses; ++i) {
      text += ` ${r.chance(0.75) ? "when" : "unless"} { ${this.expr({ kind: "Bool" }, 0, env, paths)} }`;
      if (r.chance(0.1)) text += " // trailing ü\n";
    }
    return text + ";";
  }

  policySet() {
    const n = this.rng.int(1, 4);
    const ps = [];
    for (let i = 0; i < n; ++i) ps.push(this.policy());
    return ps.join("\n\n") + "\n";
  }
}

// Mutated policy texts for the parser: [label, text]. Positions count code
// points, so that no mutation splits a character.
export function policyMutations(rng, text) {
  const cps = Array.from(text);
  const at = (k) => cps.slice(0, k).join("");
  const from = (k) => cps.slice(k).join("");
  const out = [];
  out.push(["truncated", at(rng.int(0, cps.length))]);
  const pos = rng.int(0, cps.length);
  out.push(["inserted", at(pos) + rng.pick(["(", ")", "{", "}", ";", ",", "\"", "&&", "!", ".", "::", "@", "\\", "ü", "//", "\n", "1", "-", "if", "in", "has", "is", "like", "*"]) + from(pos)]);
  const del = rng.int(0, Math.max(0, cps.length - 1));
  out.push(["deleted", at(del) + from(del + rng.int(1, 4))]);
  // An escape, valid or not, inside a string literal.
  const quote = cps.indexOf("\"");
  if (quote >= 0) {
    out.push(["escape in a string", at(quote + 1) + rng.pick(["\\q", "\\u{110000}", "\\u{d800}", "\\u{}",
      "\\u{1F600}", "\\x80", "\\x7f", "\\'", "\\0", "\\*", "\\u{0000041}", "\\u{_41}", "\\u{4_1}", "\\"]) + from(quote + 1)]);
  }
  out.push(["integer literal", text.replace(/\btrue\b|\bfalse\b|\b\d+\b/, rng.pick(["9223372036854775808",
    "-9223372036854775808", "(-9223372036854775808)", "- 9223372036854775808", "--1", "0x10", "007"]))]);
  // Deeper nesting (about 100 under --no-opt) overflows the reference's WebAssembly stack and
  // corrupts its memory: it is not generated (docs/cedar-differences.md).
  const depth = rng.pick([10, 40, 60]);
  out.push(["nested parentheses", text.replace(/when \{ /, `when { ${"(".repeat(depth)}true${")".repeat(depth)} && `)]);
  return out;
}
