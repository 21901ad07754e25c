import { describe, expect, it } from 'vitest';
import { permutation, Rng, Weighted } from './prng.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed and another for another seed or stream', () => {
    const seq = (seed: number, stream = 0) => {
      const r = new Rng(seed, stream);
      return Array.from({ length: 8 }, () => r.u32());
    };
    expect(seq(6)).toEqual(seq(6));
    expect(seq(6)).not.toEqual(seq(7));
    expect(seq(6)).not.toEqual(seq(6, 1));
  });

  it('draws uniformly enough', () => {
    const r = new Rng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('Weighted', () => {
  it('draws items in proportion to their weights', () => {
    const w = new Weighted([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ]);
    const r = new Rng(2);
    let b = 0;
    for (let i = 0; i < 40_000; i++) {
      const x = w.draw(r);
      expect(x).not.toBe('c');
      if (x === 'b') b++;
    }
    expect(b / 40_000).toBeCloseTo(0.75, 1);
  });
});

describe('permutation', () => {
  it('maps 0..n-1 onto itself without collisions', () => {
    for (const n of [10, 1000, 100_000]) {
      const p = permutation(n, n);
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(p(i));
      expect(seen.size).toBe(n);
      expect(Math.max(...seen)).toBe(n - 1);
    }
  });
});
