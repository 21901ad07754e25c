/**
 * A small, fast, seeded pseudo-random generator (sfc32, seeded through splitmix32) and
 * weighted pickers. Same seed → same sequence on every platform: the synthetic population
 * depends on nothing else.
 */

const splitmix32 = (state: { s: number }) => () => {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

/** A seeded random stream. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any integer; `stream` selects an independent sequence for the same seed.
   * @example
   *   const rng = new Rng(42); rng.int(6) // 0..5, the same on every run
   */
  constructor(seed: number, stream = 0) {
    const mix = splitmix32({ s: (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0 });
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next unsigned 32-bit integer (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi] (both included). */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** A weighted choice built once, drawn in O(log n). */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  /** @example new Weighted([['Nguyễn', 38], ['Trần', 11]]).draw(rng) */
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = [];
    this.cumulative = [];
    let sum = 0;
    for (const [item, weight] of entries) {
      if (!(weight > 0)) continue;
      sum += weight;
      this.items.push(item);
      this.cumulative.push(sum);
    }
    if (this.items.length === 0) throw new RangeError('Weighted needs at least one positive weight');
    this.total = sum;
  }

  /** One item, with probability proportional to its weight. */
  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/**
 * A bijection of [0, n) onto itself chosen by `seed` (an affine map with a multiplier
 * coprime to n): distinct counters give distinct, scattered values without retries.
 */
export function permutation(n: number, seed: number): (x: number) => number {
  const rng = new Rng(seed, 0x5e41a1);
  let a = 1 + rng.int(n - 1);
  while (gcd(a, n) !== 1) a = (a + 1) % n || 1;
  const b = rng.int(n);
  // n ≤ 1e9 and a < n: use BigInt-free modular multiplication by splitting a.
  const aHi = Math.floor(a / 65536);
  const aLo = a % 65536;
  return (x: number) => (((((aHi * x) % n) * 65536) % n) + ((aLo * x) % n) + b) % n;
}

function gcd(x: number, y: number): number {
  let a = x;
  let b = y;
  while (b) [a, b] = [b, a % b];
  return a;
}
