import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { measureAccuracy, renderAddress, type Style } from './accuracy.js';
import {
  type AddressMatch,
  getUnit,
  importMapping,
  importUnitList,
  listUnits,
  parseAddress,
  successorsOf,
  type Unit,
  unitContains,
} from './index.js';

/**
 * Tests against the real official lists in ../shared/data/units (see its SOURCES.md).
 * Skipped, with the reason shown, when that folder is absent.
 */
const dir = fileURLToPath(new URL('../../../shared/data/units/', import.meta.url));
const files = {
  pre: `${dir}thanglequoc/v2.4.1_pre-merger_63prov_simplified.json`,
  v3: `${dir}thanglequoc/v3.0.2_2025-07-01_34prov_full.json`,
  v4: `${dir}thanglequoc/v4.2.0_latest_34prov_full.json`,
  mapping: `${dir}quangtam/address.json`,
};
const present = Object.values(files).every((f) => existsSync(f));
const read = (f: string) => readFileSync(f, 'utf8');

describe.skipIf(!present)(present ? 'official lists' : `official lists (skipped: ${dir} not found)`, () => {
  let database: Database;
  let pre: Unit[];
  let neu: Unit[];
  beforeAll(async () => {
    database = await freshDatabase();
    const db = database.db;
    await importUnitList(db, { text: read(files.pre), source: 'v2.4.1.json' });
    await importUnitList(db, { text: read(files.v3), source: 'v3.0.2.json' });
    await importMapping(db, { text: read(files.mapping), source: 'address.json' });
    pre = await listUnits(db, { era: 'pre2025', level: 'commune' });
    neu = await listUnits(db, { era: '2025', level: 'commune' });
  }, 120_000);
  afterAll(() => database?.close());

  it('holds the documented counts and the mapping minus its defects', async () => {
    const db = database.db;
    expect(pre).toHaveLength(10035);
    expect(neu).toHaveLength(3321);
    expect(await listUnits(db, { era: 'pre2025', level: 'district' })).toHaveLength(696);
    const again = await importMapping(db, { text: read(files.mapping), source: 'address.json' });
    expect(again).toMatchObject({ loaded: 0, alreadyPresent: 10030 });
    expect(again.skipped).toMatchObject({ nullOldCode: 938, emptyOldCode: 5, unknownNewCode: 4 });
    expect((await successorsOf(db, '26740')).map((u) => u.fullName)).toEqual(['Phường Sài Gòn']);
    expect(await unitContains(db, '79', '26740')).toBe(true);
    expect(await unitContains(db, '760', '26740')).toBe(true);
  });

  it('re-imports a list of the same era: nothing the second time, new spellings from a newer list', async () => {
    const db = database.db;
    expect((await importUnitList(db, { text: read(files.v3), source: 'v3.0.2.json' })).written).toBe(0);
    const v4 = await importUnitList(db, { text: read(files.v4), source: 'v4.2.0.json' });
    expect(v4).toMatchObject({ newVersion: true, communes: 3321 });
    expect(v4.written).toBeGreaterThan(100);
    expect((await getUnit(db, '38'))!.name).toBe('Thanh Hoá');
    expect((await getUnit(db, '75'))!.fullName).toBe('Thành phố Đồng Nai');
    expect((await importUnitList(db, { text: read(files.v4), source: 'v4.2.0.json' })).written).toBe(0);
  }, 60_000);

  it.each([
    ['Xã Tân Lập, huyện Đan Phượng, Hà Nội', { era: 'pre2025', communeCode: '09820', districtCode: '273' }],
    [
      'phuong ben nghe q1 tphcm',
      { era: 'pre2025', communeCode: '26740', districtCode: '760', provinceCode: '79' },
    ],
    ['P. Bến Nghé, Q.1, TP.HCM', { era: 'pre2025', communeCode: '26740' }],
    [
      'Thôn 3, xã Ea Kao, TP Buôn Ma Thuột, Đắk Lắk',
      { era: 'pre2025', communeCode: '24169', rest: 'Thôn 3' },
    ],
    ['Phường Sài Gòn, TP Hồ Chí Minh', { era: '2025', communeCode: '26740', provinceCode: '79' }],
    [
      'Số 5 ngõ 12, Phường 12, Quận Gò Vấp, TP HCM',
      { era: 'pre2025', communeCode: '26881', rest: 'Số 5 ngõ 12' },
    ],
    ['xa o dien, ha noi', { era: '2025', provinceCode: '01', unit: { fullName: 'Xã Ô Diên' } }],
  ])('parses %s', async (text, expected) => {
    const [best] = await parseAddress(database.db, text);
    expect(best).toMatchObject(expected);
    expect(best!.confidence).toBeGreaterThan(0.9);
  });

  const style = fc.record<Style>({
    abbreviate: fc.boolean(),
    ascii: fc.boolean(),
    case: fc.constantFrom('as-is', 'lower', 'upper'),
    separator: fc.constantFrom(', ', ' ', ' - ', ','),
    fullProvince: fc.boolean(),
  });

  /** The expected unit is the best reading, or tied with it (ASCII makes Minh Quán = Minh Quân). */
  const parsesBack = (matches: AddressMatch[], u: Unit) => {
    const top = matches[0]?.confidence ?? -1;
    return matches.some((m) => m.confidence === top && m.era === u.era && m.unit.code === u.code);
  };

  it('parses generated addresses of random units back to the unit (property)', async () => {
    const db = database.db;
    // the lists as they are now (a newer 2025 list was imported above: Xã Trị An became a phường)
    const pre = await listUnits(db, { era: 'pre2025', level: 'commune' });
    const neu = await listUnits(db, { era: '2025', level: 'commune' });
    const byCode = new Map((await listUnits(db, { era: 'pre2025' })).map((u) => [u.code, u]));
    const provinces = new Map(
      (await listUnits(db, { era: '2025', level: 'province' })).map((u) => [u.code, u]),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(pre.length + neu.length - 1), style, async (i, s) => {
        const u = i < pre.length ? pre[i]! : neu[i - pre.length]!;
        const chain =
          u.era === 'pre2025'
            ? [u, byCode.get(u.parentCode!)!, byCode.get(u.provinceCode)!]
            : [u, provinces.get(u.provinceCode)!];
        const text = renderAddress(chain, s);
        const matches = await parseAddress(db, text);
        if (!parsesBack(matches, u)) throw new Error(`${text} → ${JSON.stringify(matches[0])}`);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary text and keeps confidence within [0, 1] (property)', async () => {
    const db = database.db;
    const vietnamese = fc.string({
      unit: fc.constantFrom(...'aăâđeêioôơuưy ,.-qxphtđàáạảãầấậẩẫ0123456789PQXTH'.split('')),
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 }), vietnamese),
        async (text) => {
          const matches = await parseAddress(db, text);
          return matches.every((m) => m.confidence >= 0 && m.confidence <= 1 && typeof m.rest === 'string');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('measures top-1 accuracy over a fifth of the communes of both eras', async () => {
    const report = await measureAccuracy(database.db, 5);
    console.log(`address parser accuracy: ${JSON.stringify(report)}`);
    for (const r of Object.values(report)) {
      expect(r.top1).toBeGreaterThan(0.99);
      expect(r.top1OrTied).toBe(1);
    }
  }, 120_000);
});
