import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, oneEdit } from './strings.js';

describe('Jaro–Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('huong', 'huong')).toBe(1);
    expect(jaroWinkler('', 'an')).toBe(0);
    expect(jaroWinkler('an', 'xy')).toBe(0);
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const x = jaroWinkler(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBeCloseTo(x, 12);
      }),
    );
  });
});

describe('one edit apart', () => {
  it('finds one substitution, insertion, deletion or neighbour transposition', () => {
    expect(oneEdit('001304000123', '001304000124')).toBe(true);
    expect(oneEdit('001304000123', '001304001023')).toBe(true); // 0 and 1 swapped
    expect(oneEdit('001304000123', '00130400123')).toBe(true);
    expect(oneEdit('00130400123', '001304000123')).toBe(true);
    expect(oneEdit('001304000123', '001304000123')).toBe(false);
    expect(oneEdit('001304000123', '001304000321')).toBe(false);
    expect(oneEdit('001304000123', '101304000124')).toBe(false);
    expect(oneEdit('123', '12345')).toBe(false);
  });
});
