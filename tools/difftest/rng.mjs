// A seeded pseudo-random generator (xorshift128+ on 32-bit halves, seeded by
// splitmix32), so that a seed names the same generated cases on every run.
export class Rng {
  constructor(seed) {
    let s = (Number(seed) >>> 0) || 1;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
  }
  // A uniform 32-bit unsigned integer (xoshiro128**).
  u32() {
    const r = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d;
    this.c ^= t; this.d = rotl(this.d, 11);
    return r;
  }
  // An integer in [lo, hi].
  int(lo, hi) { return lo + (this.u32() % (hi - lo + 1)); }
  chance(p) { return this.u32() / 4294967296 < p; }
  pick(xs) { return xs[this.u32() % xs.length]; }
  // An element chosen by weight: pairs [weight, value].
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let x = this.u32() % total;
    for (const [w, v] of pairs) { if (x < w) return v; x -= w; }
    return pairs[pairs.length - 1][1];
  }
  // A subset of xs, each kept with probability p.
  subset(xs, p) { return xs.filter(() => this.chance(p)); }
}

function rotl(x, k) { return ((x << k) | (x >>> (32 - k))) >>> 0; }
