// Random entity stores for a schema (conforming, in Cedar's entity JSON
// format) and their mutations for the entity parsers.
import { full } from "./schema.mjs";
import { randomJsonValue } from "./values.mjs";

const IDS = ["alice", "bob", "a", "", "ü", "x y", "0", "root", "🙂", "\"q\""];

// The uids of the store, by unqualified type name; enumerated types use
// their declared values.
export function planUids(rng, schema) {
  const byType = {};
  for (const t of schema.entityTypes) {
    const ids = t.enumValues ? t.enumValues.slice() : rng.subset(IDS, 0.35);
    if (!t.enumValues && ids.length === 0) ids.push(rng.pick(IDS));
    byType[t.name] = ids.map((id) => ({ type: full(schema, t.name), id }));
  }
  return byType;
}

// A picker of uids of a type: mostly from the store, sometimes one absent
// from it.
export function uidPicker(rng, schema, byType) {
  return {
    pickUid(name) {
      const list = byType[name] || [];
      if (list.length && !rng.chance(0.1)) return rng.pick(list);
      const t = schema.entityTypes.find((x) => x.name === name);
      if (t && t.enumValues) return { type: full(schema, name), id: rng.pick(t.enumValues) };
      return { type: full(schema, name), id: "absent" };
    },
  };
}

export function randomEntities(rng, schema, byType) {
  const picker = { ...uidPicker(rng, schema, byType), implicit: true };
  const out = [];
  for (const t of schema.entityTypes) {
    for (const uid of byType[t.name]) {
      if (t.enumValues) { if (rng.chance(0.3)) out.push({ uid, attrs: {}, parents: [] }); continue; }
      const attrs = t.shape ? randomJsonValue(rng, t.shape, picker) : {};
      const parents = [];
      for (const p of t.memberOf) {
        for (const puid of byType[p] || []) if (rng.chance(0.4)) parents.push(puid);
      }
      const e = { uid, attrs, parents };
      if (t.tags && rng.chance(0.7)) {
        const tags = {};
        for (const k of rng.subset(["a", "b", "owner", "é"], 0.5)) tags[k] = randomJsonValue(rng, t.tags, picker);
        e.tags = tags;
      }
      out.push(e);
    }
  }
  return shuffle(rng, out);
}

function shuffle(rng, xs) {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; --i) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function reordered(e) {
  const attrs = {};
  for (const k of Object.keys(e.attrs).reverse()) attrs[k] = e.attrs[k];
  const copy = { parents: e.parents.slice().reverse(), attrs, uid: e.uid };
  if (e.tags) copy.tags = e.tags;
  return copy;
}

// Mutated stores: [label, entities (JSON value), with schema?]. Cycles are
// only possible where the schema's types allow them, so they are checked
// without a schema.
export function entityMutations(rng, schema, entities) {
  const out = [];
  if (!entities.length) return out;
  const e = rng.pick(entities);
  out.push(["duplicate entity", [...entities, structuredClone(e)], true]);
  out.push(["duplicate entity, reordered", [...entities, reordered(e)], true]);
  const changed = structuredClone(e);
  changed.parents = [...changed.parents, { type: e.uid.type, id: "other" }];
  out.push(["duplicate entity, different", [...entities, changed], false]);
  const self = structuredClone(entities);
  self[0].parents = [...self[0].parents, self[0].uid];
  out.push(["self loop", self, false]);
  if (entities.length > 1) {
    const cyc = structuredClone(entities);
    cyc[0].parents = [...cyc[0].parents, cyc[1].uid];
    cyc[1].parents = [...cyc[1].parents, cyc[0].uid];
    out.push(["cycle", cyc, false]);
    const chain = structuredClone(entities);
    chain[0].parents = [chain[1].uid];
    chain[1].parents = [{ type: "Z", id: "z" }];
    out.push(["chain", chain, false]);
  }
  const noAttrs = structuredClone(entities);
  delete rng.pick(noAttrs).attrs;
  out.push(["missing attrs", noAttrs, true]);
  const noParents = structuredClone(entities);
  delete rng.pick(noParents).parents;
  out.push(["missing parents", noParents, true]);
  const extra = structuredClone(entities);
  rng.pick(extra)[rng.pick(["parent", "attributes", "extra", "uid2"])] = rng.pick([[], {}, 1]);
  out.push(["unknown key", extra, true]);
  const wrong = structuredClone(entities);
  const w = rng.pick(wrong);
  const keys = Object.keys(w.attrs);
  if (keys.length) {
    w.attrs[rng.pick(keys)] = rng.pick([1, "s", true, [], {}, { __extn: { fn: "ip", arg: "x" } }]);
    out.push(["attribute of another type", wrong, true]);
    const missing = structuredClone(entities);
    const m = missing.find((x) => Object.keys(x.attrs).length);
    delete m.attrs[Object.keys(m.attrs)[0]];
    out.push(["attribute missing", missing, true]);
  }
  const undeclared = structuredClone(entities);
  rng.pick(undeclared).attrs.undeclared_attr = 1;
  out.push(["undeclared attribute", undeclared, true]);
  const badType = structuredClone(entities);
  badType.push({ uid: { type: "Nope", id: "x" }, attrs: {}, parents: [] });
  out.push(["undeclared entity type", badType, true]);
  const badParent = structuredClone(entities);
  rng.pick(badParent).parents.push(rng.pick(entities).uid);
  out.push(["parent of any type", badParent, true]);
  const tagged = structuredClone(entities);
  rng.pick(tagged).tags = { t: rng.pick([1, "s", true]) };
  out.push(["tags", tagged, true]);
  const action = structuredClone(entities);
  action.push({ uid: { type: schema.ns ? `${schema.ns}::Action` : "Action", id: schema.actions[0].name }, attrs: {}, parents: [] });
  out.push(["action entity", action, true]);
  return out;
}
