import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWith } from './address.js';
import { foldName, toneKey, words } from './fold.js';
import { buildIndex } from './units.cache.js';
import type { UnitRow } from './units.repo.js';

const u = (
  era: UnitRow['era'],
  code: string,
  fullName: string,
  kind: string,
  level: UnitRow['level'],
  parent: string | null,
  province: string,
): UnitRow => {
  const name = fullName.slice(kind.length + 1);
  return {
    era,
    code,
    name,
    full_name: fullName,
    level,
    kind: kind.toLowerCase(),
    parent_code: parent,
    province_code: province,
    search_name: foldName(name),
    version_id: null,
  };
};

/** A hand-made index: enough units to show each rule of the parser. */
const index = buildIndex(
  [
    u('pre2025', '79', 'Thành phố Hồ Chí Minh', 'Thành phố', 'province', null, '79'),
    u('2025', '79', 'Thành phố Hồ Chí Minh', 'Thành phố', 'province', null, '79'),
    u('pre2025', '74', 'Tỉnh Bình Dương', 'Tỉnh', 'province', null, '74'),
    u('pre2025', '760', 'Quận 1', 'Quận', 'district', '79', '79'),
    u('pre2025', '770', 'Quận 3', 'Quận', 'district', '79', '79'),
    u('pre2025', '26740', 'Phường Bến Nghé', 'Phường', 'commune', '760', '79'),
    u('pre2025', '27139', 'Phường 12', 'Phường', 'commune', '770', '79'),
    u('pre2025', '27140', 'Phường Minh Quán', 'Phường', 'commune', '770', '79'),
    u('pre2025', '27141', 'Phường Minh Quân', 'Phường', 'commune', '770', '79'),
    u('2025', '26740', 'Phường Sài Gòn', 'Phường', 'commune', '79', '79'),
  ],
  [
    { old_code: '74', new_code: '79' },
    { old_code: '79', new_code: '79' },
    { old_code: '26740', new_code: '26740' },
  ],
);
const best = (text: string) => parseWith(index, text)[0];

describe('folding', () => {
  it('folds diacritics, đ, case, punctuation and leading zeros', () => {
    expect(foldName('Phường 01, ĐAN Phượng')).toBe('phuong 1 dan phuong');
    expect(foldName("Ea H'Leo")).toBe('ea h leo');
    expect(toneKey('Hoà')).toBe(toneKey('Hòa'));
    expect(toneKey('Minh Quán')).not.toBe(toneKey('Minh Quân'));
    expect(words('q1,p.12').map((w) => [w.fold, w.seg, w.afterBreak])).toEqual([
      ['q', 0, true],
      ['1', 0, false],
      ['p', 1, true],
      ['12', 1, true],
    ]);
  });
});

describe('parseWith', () => {
  it('reads numbered wards and districts with abbreviations, keeping the rest', () => {
    expect(best('Số 5 ngõ 12, P.12, Q3, TP.HCM')).toMatchObject({
      communeCode: '27139',
      districtCode: '770',
      rest: 'Số 5 ngõ 12',
    });
    expect(best('12 Q3 tphcm')).toMatchObject({ districtCode: '770', rest: '12' });
  });

  it('prefers the reading whose parts nest, in the era they belong to', () => {
    expect(best('phuong ben nghe quan 1 hcm')).toMatchObject({ era: 'pre2025', communeCode: '26740' });
    expect(best('Phường Sài Gòn, TP. Hồ Chí Minh, Việt Nam')).toMatchObject({
      era: '2025',
      communeCode: '26740',
      confidence: 1,
    });
    expect(best('P. Sài Gòn, Q.1, HCM')).toMatchObject({ era: '2025', communeCode: '26740' });
  });

  it('uses diacritics when given and calls ASCII twins a tie', () => {
    expect(best('Phường Minh Quân, Quận 3, TP HCM')!.unit.code).toBe('27141');
    const [a, b] = parseWith(index, 'p minh quan q3 hcm');
    expect(a!.confidence).toBe(b!.confidence);
    expect([a!.unit.code, b!.unit.code].sort()).toEqual(['27140', '27141']);
  });

  it('lowers confidence when part of the text looks like a unit it could not read', () => {
    const m = best('Phường Không Có, Quận 3, TP HCM')!;
    expect(m).toMatchObject({ districtCode: '770', rest: 'Phường Không Có' });
    expect(m.confidence).toBeLessThan(0.6);
  });

  it('returns nothing for text without a unit', () => {
    expect(parseWith(index, '')).toEqual([]);
    expect(parseWith(index, 'hello world')).toEqual([]);
  });

  it('never throws and keeps confidence in [0, 1] (property)', () => {
    const pieces = fc.constantFrom(
      'p',
      'q',
      'tp',
      'hcm',
      'phường',
      '12',
      'Bến Nghé',
      ',',
      '.',
      ' ',
      'Việt Nam',
      "'",
      '-',
      'đ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.array(pieces, { maxLength: 30 }).map((a) => a.join(' ')),
        ),
        (text) => {
          for (const m of parseWith(index, text)) {
            expect(m.confidence).toBeGreaterThanOrEqual(0);
            expect(m.confidence).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
