// Random values of a schema type, as Cedar's entity/context JSON and as a
// Cedar expression.

export const MAX_SAFE = 2 ** 53 - 1;
export const exclusions = { json_integer_beyond_2_53: 0 };

const STRINGS = ["", "a", "alice", "bob", "a*b", "*", "x\\y", "quote\"d", "für alle", "§ 15(a)",
  "tab\there", "line\nbreak", "😀", "NUL\u0000", "abc", "aXbYc", "ab", "b"];
const IPS = ["10.0.0.1", "192.168.1.0/24", "127.0.0.1", "::1", "ff02::1", "2001:db8::/32",
  "224.0.0.1", "0.0.0.0/0", "10.1.2.3/8", "::ffff:1.2.3.4", "fe80::1%eth0", "1.2.3", "01.2.3.4"];
const DECIMALS = ["0.0", "1.5", "-2.25", "922337203685477.5807", "-922337203685477.5808", "3.14159",
  "12.3456", "1.", "1.23456", "0.0001"];
const DATETIMES = ["2024-01-01", "2024-02-29T12:30:00Z", "1970-01-01T00:00:00.001Z",
  "2024-06-01T08:00:00+0130", "2023-02-29", "2024-13-01", "2024-01-01T23:59:59-2359", "9999-12-31"];
const DURATIONS = ["1d", "-3h", "1d2h3m4s5ms", "0ms", "90m", "1h-1m", "2s", "106751991167300d"];

export function randomLong(rng) {
  switch (rng.weighted([[60, "small"], [20, "medium"], [8, "max"], [8, "min"], [1, "big"]])) {
    case "small": return rng.int(-5, 20);
    case "medium": return rng.int(-100000, 100000);
    case "max": return MAX_SAFE;
    case "min": return -MAX_SAFE;
    default: return drawBig(rng);
  }
}

// Integers beyond 2^53 cannot be written in JSON for node: each draw is
// replaced by 2^53 - 1 and counted.
function drawBig(rng) {
  exclusions.json_integer_beyond_2_53 += 1;
  return rng.chance(0.5) ? MAX_SAFE : -MAX_SAFE;
}

// A random string; `valid` extension arguments come from the lists above.
export function extArg(rng, name) {
  if (name === "ipaddr") return rng.pick(IPS);
  if (name === "decimal") return rng.pick(DECIMALS);
  if (name === "datetime") return rng.pick(DATETIMES);
  return rng.pick(DURATIONS);
}

export const EXT_CTOR = { ipaddr: "ip", decimal: "decimal", datetime: "datetime", duration: "duration" };

// A valid constructor argument (the reference refuses invalid ones in JSON).
const VALID = {
  ipaddr: (s) => !["fe80::1%eth0", "1.2.3", "01.2.3.4", "::ffff:1.2.3.4"].includes(s),
  decimal: (s) => !["1.", "1.23456", "3.14159"].includes(s),
  datetime: (s) => !["2023-02-29", "2024-13-01"].includes(s),
  duration: (s) => !["1h-1m", "106751991167300d"].includes(s),
};

export function validExtArg(rng, name) {
  for (;;) {
    const s = extArg(rng, name);
    if (VALID[name](s)) return s;
  }
}

// `entities`: {type -> [uid json]} of the store, to reference existing ones.
export function randomJsonValue(rng, t, ctx, depth = 0) {
  switch (t.kind) {
    case "Bool": return rng.chance(0.5);
    case "Long": return randomLong(rng);
    case "String": return rng.pick(STRINGS);
    // With a schema the escapes may be left implicit: an entity as
    // {"type", "id"}, an extension value as {"fn", "arg"} or its argument.
    case "Entity": {
      const uid = ctx.pickUid(t.name);
      return ctx.implicit && rng.chance(0.3) ? uid : { __entity: uid };
    }
    case "Ext": {
      const call = { fn: EXT_CTOR[t.name], arg: validExtArg(rng, t.name) };
      if (ctx.implicit && rng.chance(0.2)) return call;
      if (ctx.implicit && rng.chance(0.2)) return call.arg;
      return { __extn: call };
    }
    case "Set": {
      const n = rng.int(0, 3);
      const out = [];
      for (let i = 0; i < n; ++i) out.push(randomJsonValue(rng, t.elem, ctx, depth + 1));
      return out;
    }
    case "Record": {
      const out = {};
      for (const a of t.attrs) {
        if (a.required || rng.chance(0.5)) out[a.name] = randomJsonValue(rng, a.type, ctx, depth + 1);
      }
      return out;
    }
  }
  throw new Error("type " + t.kind);
}

// A Cedar string literal for `s`, with random but equivalent escapes.
export function cedarString(rng, s) {
  let out = "\"";
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === "\"") out += "\\\"";
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += rng.chance(0.5) ? "\\n" : "\\u{a}";
    else if (ch === "\t") out += "\\t";
    else if (cp === 0) out += "\\0";
    else if (cp < 0x80 && rng.chance(0.05)) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (rng.chance(0.04)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + "\"";
}

export function uidText(uid) {
  return `${uid.type}::${JSON.stringify(uid.id)}`;
}

// A Cedar expression (a literal) for a JSON value of type `t`.
export function literalOf(rng, t, v) {
  switch (t.kind) {
    case "Bool": return String(v);
    case "Long": return v < 0 ? `(${v})` : String(v);
    case "String": return cedarString(rng, v);
    case "Entity": return uidText(v.__entity || v);
    case "Ext": {
      const call = typeof v === "string" ? { fn: EXT_CTOR[t.name], arg: v } : v.__extn || v;
      return `${call.fn}(${cedarString(rng, call.arg)})`;
    }
    case "Set": return `[${v.map((x) => literalOf(rng, t.elem, x)).join(", ")}]`;
    case "Record": {
      const parts = Object.keys(v).map((k) => `${JSON.stringify(k)}: ${literalOf(rng, t.attrs.find((a) => a.name === k).type, v[k])}`);
      return `{${parts.join(", ")}}`;
    }
  }
  throw new Error("type " + t.kind);
}
