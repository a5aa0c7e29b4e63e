/**
 * Seeded pseudo-random numbers for the demo generator. Never Math.random: the same seed must give
 * the same demo on every machine, so that reseeding is idempotent and tests can compare hashes.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counter, from PractRand): 128 bits of
 * state, fast in 32-bit integer arithmetic, good enough statistically for synthetic data. Each
 * stream is keyed by a string (a commuter id plus a purpose), so one commuter's data does not
 * change when commuters are added or removed elsewhere (a larger scale keeps the smaller one's
 * commuters as they were).
 */

/** A 32-bit hash of `key` under `seed` (FNV-1a over UTF-16 units, then MurmurHash3's finaliser). */
export function hashKey(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number, key: string) {
    this.a = hashKey(key, seed);
    this.b = hashKey(key, seed ^ 0x6a09e667);
    this.c = hashKey(key, seed ^ 0xbb67ae85);
    this.d = hashKey(key, seed ^ 0x3c6ef372);
    // Discard the first outputs: sfc32 mixes weakly right after seeding.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Marsaglia's polar method; the second value is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Lognormal with the given median and sigma (of the underlying normal), clipped to [min, max]. */
  lognormal(median: number, sigma: number, min: number, max: number): number {
    return clamp(median * Math.exp(sigma * this.normal()), min, max);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** One of the entries, with probability proportional to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const e of entries) total += e[1];
    let r = this.next() * total;
    for (const e of entries) {
      r -= e[1];
      if (r < 0) return e[0];
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }
}

export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : Math.min(x, max);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
