import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  digitTypo,
  keyboardLeftover,
  lostZeros,
  NOISE,
  type NoiseRates,
  oldTonePlacement,
  oneOf,
  stripDiacritics,
  transposeDigits,
  typo,
} from './noise.js';
import { Rng } from './prng.js';

describe('noise functions', () => {
  it('leaves a word as a keyboard method would when it failed to convert', () => {
    expect(keyboardLeftover('Nguyễn', 'telex')).toBe('Nguyeenx');
    expect(keyboardLeftover('Nguyễn', 'telex', false)).toBe('Nguyeen');
    expect(keyboardLeftover('Nguyễn', 'vni')).toBe('Nguye6n4');
    expect(keyboardLeftover('Nguyễn', 'viqr', false)).toBe('Nguye^n');
    expect(keyboardLeftover('Đặng', 'telex')).toBe('Ddawngj');
    expect(keyboardLeftover('Trường', 'vni')).toBe('Tru7o7ng2');
    expect(keyboardLeftover('Thủy', 'viqr')).toBe('Thu?y');
  });

  it('drops diacritics and moves tone marks to the old place', () => {
    expect(stripDiacritics('Đặng Thị Ánh Tuyết')).toBe('Dang Thi Anh Tuyet');
    expect(oldTonePlacement('Hòa')).toBe('Hoà');
    expect(oldTonePlacement('Thủy')).toBe('Thuỷ');
    expect(oldTonePlacement('Khỏe')).toBe('Khoẻ');
    expect(oldTonePlacement('Hoàng')).toBe('Hoàng');
  });

  it('spoils ID numbers the way spreadsheets and hurried typing do', () => {
    const rng = new Rng(1);
    expect(lostZeros('001090012345')).toBe('1090012345');
    expect(lostZeros('000')).toBe('0');
    for (let i = 0; i < 50; i++) {
      const t = transposeDigits(rng, '079190012345');
      expect(t).not.toBe('079190012345');
      expect([...t].sort().join('')).toBe([...'079190012345'].sort().join(''));
      const d = digitTypo(rng, '079190012345');
      expect([...d].filter((c, j) => c !== '079190012345'[j]).length).toBe(1);
    }
    expect(transposeDigits(rng, '1111')).toBe('1111');
  });

  it('makes one slip per typo and is the same for the same seed', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    for (let i = 0; i < 100; i++) {
      const t = typo(a, 'Phương');
      expect(t).toBe(typo(b, 'Phương'));
      expect(t).not.toBe('Phương');
      expect(Math.abs([...t].length - 6)).toBeLessThanOrEqual(1);
    }
  });

  it('draws exclusive options at their rates', () => {
    const rng = new Rng(9);
    const n = 50_000;
    const seen = { a: 0, b: 0, none: 0 };
    for (let i = 0; i < n; i++)
      seen[
        oneOf(rng, [
          ['a', 0.1],
          ['b', 0.3],
        ] as const) ?? 'none'
      ]++;
    expect(seen.a / n).toBeCloseTo(0.1, 2);
    expect(seen.b / n).toBeCloseTo(0.3, 2);
  });
});

describe('noise levels', () => {
  it('grow from light to heavy and keep every exclusive group within 1', () => {
    const groups: (keyof NoiseRates)[][] = [
      ['dobSwap', 'dobYear', 'dobMonthYear', 'dobTypo', 'dobMissing'],
      ['idMissing', 'idOld', 'idLostZero', 'idTranspose', 'idTypo'],
      ['sexMissing', 'sexWrong'],
      ['phoneMissing', 'phoneChanged'],
      ['telex', 'vni'],
    ];
    for (const key of Object.keys(NOISE.light) as (keyof NoiseRates)[]) {
      expect(NOISE.light[key]).toBeLessThanOrEqual(NOISE.realistic[key]);
      expect(NOISE.realistic[key]).toBeLessThanOrEqual(NOISE.heavy[key]);
    }
    for (const level of Object.values(NOISE))
      for (const g of groups) expect(g.reduce((s, k) => s + level[k], 0)).toBeLessThanOrEqual(1);
    expect(NOISE.realistic.madeUp).toBeGreaterThanOrEqual(0.05);
    expect(NOISE.realistic.madeUp).toBeLessThanOrEqual(0.1);
  });

  it('are the rates docs/cleaning.md shows', () => {
    const doc = readFileSync(new URL('../../docs/cleaning.md', import.meta.url), 'utf8');
    const rows = new Map<string, number[]>();
    for (const m of doc.matchAll(/^\| `(\w+)` \|[^|\n]*\| ([\d.]+) % \| ([\d.]+) % \| ([\d.]+) % \|$/gm))
      rows.set(m[1] as string, [Number(m[2]), Number(m[3]), Number(m[4])]);
    for (const key of Object.keys(NOISE.light) as (keyof NoiseRates)[]) {
      const pct = (x: number) => Math.round(x * 1000) / 10;
      expect([key, rows.get(key)]).toEqual([
        key,
        [pct(NOISE.light[key]), pct(NOISE.realistic[key]), pct(NOISE.heavy[key])],
      ]);
    }
  });
});
