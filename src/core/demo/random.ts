// A small seeded PRNG (sfc32) with the draws the demo generator needs. Every stream is derived from the
// seed and a name, so one account's draws never depend on how many draws another account made.

/** Uniform and weighted draws from one deterministic stream. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of `items`, chosen with the matching relative `weights`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** Mixes a 32-bit value (a murmur3 finalizer): nearby inputs give unrelated outputs. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit digest of a seed and a stream path such as ('account', 17). */
export function streamSeed(seed: number, path: readonly (string | number)[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const part of path) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) h = mix32(h ^ Math.imul(text.charCodeAt(i), 0x01000193));
    h = mix32(h ^ 0x2f);
  }
  return h;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter generator), seeded from one 32-bit value. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const step = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) step(); // the first outputs of a fresh state are poorly mixed
  return () => step() / 4294967296;
}

/** The stream named by `path` under `seed`: same seed and path, same draws. */
export function createRandom(seed: number, ...path: (string | number)[]): Random {
  const next = sfc32(streamSeed(seed, path));
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items, weights) => {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let u = next() * total;
      for (let i = 0; i < items.length; i++) {
        u -= weights[i] ?? 0;
        if (u < 0) return items[i] as (typeof items)[number];
      }
      return items[items.length - 1] as (typeof items)[number]; // rounding left u at the very top
    },
    normal: () => {
      const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
  return random;
}
