// Random Cedar schemas: a model, its Cedar-syntax text and its JSON form.
//
// Type model: {kind: "Bool" | "Long" | "String"}, {kind: "Entity", name},
// {kind: "Set", elem}, {kind: "Record", attrs: [{name, type, required}]},
// {kind: "Ext", name: "ipaddr" | "decimal" | "datetime" | "duration"}.
// Entity names in the model are unqualified; `full(schema, name)` qualifies
// them with the schema's namespace.

const TYPE_NAMES = ["User", "Group", "Doc", "Folder", "Team", "Device", "Org"];
const ATTR_NAMES = ["name", "age", "level", "tags", "owner", "ip", "limit", "score", "when",
  "span", "flags", "info", "manager", "nested", "id", "is", "in", "my attr", "ünï"];
const ACTION_NAMES = ["view", "edit", "delete", "share", "read write", "admin"];
export const EXTENSIONS = ["ipaddr", "decimal", "datetime", "duration"];

export function full(schema, name) { return schema.ns ? `${schema.ns}::${name}` : name; }
export function actionType(schema) { return schema.ns ? `${schema.ns}::Action` : "Action"; }

function randomType(rng, entityNames, depth) {
  const k = rng.weighted([[4, "Bool"], [5, "Long"], [5, "String"], [3, "Entity"], [3, "Set"],
    [depth < 2 ? 2 : 0, "Record"], [3, "Ext"]]);
  if (k === "Entity") return { kind: "Entity", name: rng.pick(entityNames) };
  if (k === "Set") {
    const elem = rng.weighted([[3, { kind: "Long" }], [3, { kind: "String" }],
      [2, { kind: "Entity", name: rng.pick(entityNames) }], [1, { kind: "Bool" }],
      [1, { kind: "Ext", name: rng.pick(EXTENSIONS) }]]);
    return { kind: "Set", elem };
  }
  if (k === "Record") return randomRecord(rng, entityNames, depth + 1, 3);
  if (k === "Ext") return { kind: "Ext", name: rng.pick(EXTENSIONS) };
  return { kind: k };
}

export function randomRecord(rng, entityNames, depth, max) {
  const n = rng.int(0, max);
  const names = [];
  while (names.length < n) {
    const a = rng.pick(ATTR_NAMES);
    if (!names.includes(a)) names.push(a);
  }
  return { kind: "Record", attrs: names.map((name) => ({ name, type: randomType(rng, entityNames, depth), required: rng.chance(0.7) })) };
}

export function randomSchema(rng) {
  const ns = rng.chance(0.25) ? rng.pick(["App", "Acme::Core"]) : "";
  const count = rng.int(2, 4);
  const names = TYPE_NAMES.slice(0, 7).filter(() => true);
  const chosen = [];
  while (chosen.length < count) {
    const t = rng.pick(names);
    if (!chosen.includes(t)) chosen.push(t);
  }
  const entityTypes = chosen.map((name, i) => ({
    name,
    // memberOf only later types, so the type hierarchy is a DAG (Cedar
    // allows cycles among types, but entity cycles are what is tested).
    memberOf: rng.subset(chosen.slice(i + 1), 0.5),
    shape: null, tags: null, enumValues: null,
  }));
  for (const t of entityTypes) {
    if (rng.chance(0.1) && t.memberOf.length === 0) {
      t.enumValues = rng.subset(["red", "green", "blue", "é"], 0.7);
      if (t.enumValues.length === 0) t.enumValues = ["only"];
      continue;
    }
    t.shape = randomRecord(rng, chosen, 0, 4);
    if (rng.chance(0.3)) t.tags = rng.weighted([[3, { kind: "String" }], [2, { kind: "Long" }], [1, { kind: "Set", elem: { kind: "String" } }]]);
  }
  const nonEnum = entityTypes.filter((t) => !t.enumValues).map((t) => t.name);
  const actionCount = rng.int(1, 4);
  const actions = [];
  for (let i = 0; i < actionCount; ++i) {
    let name = ACTION_NAMES[i];
    const a = { name, memberOf: rng.subset(actions.map((x) => x.name), 0.3), applies: null, context: null };
    if (!rng.chance(0.05)) {
      a.applies = {
        principals: pickSome(rng, rng.chance(0.8) ? nonEnum : chosen),
        resources: pickSome(rng, chosen),
      };
      a.context = randomRecord(rng, chosen, 0, 4);
    }
    actions.push(a);
  }
  return { ns, entityTypes, actions };
}

function pickSome(rng, xs) {
  const s = rng.subset(xs, 0.5);
  return s.length ? s : [rng.pick(xs)];
}

// ---- Cedar syntax -----------------------------------------------------------

const RESERVED = ["in", "is", "if", "then", "else", "true", "false", "has", "like", "permit", "forbid", "when", "unless"];

function quoteIfNeeded(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.includes(name) ? name : JSON.stringify(name);
}

export function typeText(t) {
  switch (t.kind) {
    case "Bool": return "Bool";
    case "Long": return "Long";
    case "String": return "String";
    case "Entity": return t.name;
    case "Ext": return t.name;
    case "Set": return `Set<${typeText(t.elem)}>`;
    case "Record": return `{ ${t.attrs.map((a) => `${quoteIfNeeded(a.name)}${a.required ? "" : "?"}: ${typeText(a.type)}`).join(", ")} }`;
  }
  throw new Error("type " + t.kind);
}

export function schemaText(s) {
  const lines = [];
  for (const t of s.entityTypes) {
    if (t.enumValues) {
      lines.push(`entity ${t.name} enum [${t.enumValues.map((v) => JSON.stringify(v)).join(", ")}];`);
      continue;
    }
    let line = `entity ${t.name}`;
    if (t.memberOf.length) line += ` in [${t.memberOf.join(", ")}]`;
    if (t.shape && (t.shape.attrs.length || t.tags)) line += ` = ${typeText(t.shape)}`;
    if (t.tags) line += ` tags ${typeText(t.tags)}`;
    lines.push(line + ";");
  }
  for (const a of s.actions) {
    let line = `action ${quoteIfNeeded(a.name)}`;
    if (a.memberOf.length) line += ` in [${a.memberOf.map(quoteIfNeeded).join(", ")}]`;
    if (a.applies) {
      line += ` appliesTo { principal: [${a.applies.principals.join(", ")}], resource: [${a.applies.resources.join(", ")}], context: ${typeText(a.context)} }`;
    }
    lines.push(line + ";");
  }
  if (!s.ns) return lines.join("\n") + "\n";
  return `namespace ${s.ns} {\n${lines.map((l) => "  " + l).join("\n")}\n}\n`;
}

// ---- JSON form -------------------------------------------------------------

export function typeJson(t) {
  switch (t.kind) {
    case "Bool": return { type: "Boolean" };
    case "Long": return { type: "Long" };
    case "String": return { type: "String" };
    case "Entity": return { type: "Entity", name: t.name };
    case "Ext": return { type: "Extension", name: t.name };
    case "Set": return { type: "Set", element: typeJson(t.elem) };
    case "Record": {
      const attributes = {};
      for (const a of t.attrs) attributes[a.name] = { ...typeJson(a.type), required: a.required };
      return { type: "Record", attributes };
    }
  }
  throw new Error("type " + t.kind);
}

export function schemaJson(s) {
  const entityTypes = {};
  for (const t of s.entityTypes) {
    if (t.enumValues) { entityTypes[t.name] = { enum: t.enumValues }; continue; }
    const def = { memberOfTypes: t.memberOf };
    if (t.shape) def.shape = typeJson(t.shape);
    if (t.tags) def.tags = typeJson(t.tags);
    entityTypes[t.name] = def;
  }
  const actions = {};
  for (const a of s.actions) {
    const def = {};
    if (a.memberOf.length) def.memberOf = a.memberOf.map((id) => ({ id }));
    if (a.applies) {
      def.appliesTo = { principalTypes: a.applies.principals, resourceTypes: a.applies.resources, context: typeJson(a.context) };
    }
    actions[a.name] = def;
  }
  return { [s.ns]: { entityTypes, actions } };
}

// Mutated schema texts for the schema parsers: each is [label, text].
export function schemaMutations(rng, s, text) {
  const out = [];
  const withAttr = s.entityTypes.find((t) => t.shape && t.shape.attrs.length);
  if (withAttr) {
    const copy = structuredClone(s);
    const t = copy.entityTypes.find((x) => x.name === withAttr.name);
    t.shape.attrs.push({ ...t.shape.attrs[0], type: { kind: "String" } });
    out.push(["duplicate attribute", schemaText(copy)]);
  }
  {
    const copy = structuredClone(s);
    copy.entityTypes[0].memberOf = [...(copy.entityTypes[0].memberOf || []), "Nowhere"];
    if (!copy.entityTypes[0].enumValues) out.push(["undeclared parent type", schemaText(copy)]);
  }
  {
    const copy = structuredClone(s);
    copy.entityTypes.push(structuredClone(copy.entityTypes[0]));
    out.push(["duplicate entity type", schemaText(copy)]);
  }
  if (s.actions.length > 1) {
    const copy = structuredClone(s);
    copy.actions[0].memberOf = [copy.actions[copy.actions.length - 1].name];
    copy.actions[copy.actions.length - 1].memberOf = [copy.actions[0].name];
    out.push(["action cycle", schemaText(copy)]);
  }
  if (/"(in|is)"/.test(text)) out.push(["reserved word unquoted", text.replace(/"(in|is)"/, "$1")]);
  const cps = Array.from(text);  // code points: no mutation splits a character
  out.push(["truncated", cps.slice(0, rng.int(0, cps.length)).join("")]);
  const pos = rng.int(0, cps.length);
  out.push(["character inserted", cps.slice(0, pos).join("") + rng.pick(["{", "}", ";", "<", ",", "?", "\"", "::", "é", " "]) + cps.slice(pos).join("")]);
  return out;
}
