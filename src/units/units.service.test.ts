import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { foldName } from './fold.js';
import {
  getUnit,
  importMapping,
  importUnitList,
  listUnits,
  listVersions,
  parseAddress,
  successorsOf,
  unitContains,
} from './index.js';
import { list2025, mappingFile, preMergerList } from './units.fixtures.js';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

const json = (x: unknown) => JSON.stringify(x);

describe('built-in provinces (no list imported)', () => {
  it('has the 63 old and 34 new provinces with GSO codes', async () => {
    const db = database.db;
    expect(await listUnits(db, { era: 'pre2025', level: 'province' })).toHaveLength(63);
    expect(await listUnits(db, { era: '2025', level: 'province' })).toHaveLength(34);
    expect(await getUnit(db, '02')).toMatchObject({
      era: 'pre2025',
      name: 'Hà Giang',
      fullName: 'Tỉnh Hà Giang',
    });
    expect(await getUnit(db, '79')).toMatchObject({ era: '2025', name: 'Hồ Chí Minh', level: 'province' });
    expect(await getUnit(db, '79', 'pre2025')).toMatchObject({ era: 'pre2025', provinceCode: '79' });
    expect(await getUnit(db, '03')).toBeUndefined();
  });

  it('stores search names that match the folding used for queries', async () => {
    const all = await database.db.selectFrom('units').select(['name', 'search_name']).execute();
    for (const u of all) expect(u.search_name).toBe(foldName(u.name));
  });

  it('maps old provinces to their 2025 province', async () => {
    const db = database.db;
    expect((await successorsOf(db, '02')).map((u) => u.code)).toEqual(['08']);
    expect((await successorsOf(db, '77')).map((u) => u.name)).toEqual(['Hồ Chí Minh']);
    expect((await successorsOf(db, '01')).map((u) => u.code)).toEqual(['01']);
    expect(await successorsOf(db, '99')).toEqual([]);
    const old = await listUnits(db, { era: 'pre2025', level: 'province' });
    for (const p of old) expect(await successorsOf(db, p.code)).toHaveLength(1);
  });

  it('finds the province of an address with only built-in data', async () => {
    const [best] = await parseAddress(database.db, 'Số 5 ngõ 12, phường Nowhere, tp ho chi minh');
    expect(best).toMatchObject({ provinceCode: '79', rest: 'Số 5 ngõ 12, phường Nowhere' });
    expect(best!.confidence).toBeLessThan(0.7);
    expect((await parseAddress(database.db, 'Ha Giang'))[0]).toMatchObject({
      era: 'pre2025',
      provinceCode: '02',
    });
  });
});

describe('importing lists', () => {
  it('imports both formats, idempotently, and records the versions', async () => {
    const db = database.db;
    const first = await importUnitList(db, { text: json(preMergerList), source: 'old.json' });
    expect(first).toMatchObject({
      era: 'pre2025',
      provinces: 2,
      districts: 5,
      communes: 7,
      newVersion: true,
    });
    const again = await importUnitList(db, { text: json(preMergerList), source: 'old.json', era: 'pre2025' });
    expect(again).toMatchObject({ newVersion: false, written: 0, versionId: first.versionId });
    expect(again.notInFile).toBe(61);
    const neu = await importUnitList(db, { text: json(list2025), source: 'new.json' });
    expect(neu).toMatchObject({ era: '2025', communes: 5, districts: 0 });
    expect(await getUnit(db, '09820')).toMatchObject({
      era: '2025',
      fullName: 'Xã Ô Diên',
      parentCode: '01',
    });
    expect(await getUnit(db, '09820', 'pre2025')).toMatchObject({
      fullName: 'Xã Tân Lập',
      parentCode: '273',
    });
    expect(await getUnit(db, '755', 'pre2025')).toMatchObject({ level: 'district', name: 'Côn Đảo' });
  });

  it('updates names when a newer list of the same era comes', async () => {
    const db = database.db;
    const renamed = structuredClone(list2025);
    renamed[1]!.Wards[1]!.Name = 'Tân Định Mới';
    renamed[1]!.Wards[1]!.FullName = 'Phường Tân Định Mới';
    const s = await importUnitList(db, { text: json(renamed), source: 'new-v2.json' });
    expect(s).toMatchObject({ newVersion: true, written: 1 });
    expect((await getUnit(db, '26734', '2025'))!.name).toBe('Tân Định Mới');
    await importUnitList(db, { text: json(list2025), source: 'new.json' });
    expect((await getUnit(db, '26734', '2025'))!.name).toBe('Tân Định');
  });

  it('keeps every list version side by side', async () => {
    const versions = await listVersions(database.db);
    expect(versions.map((v) => [v.era, v.source])).toEqual([
      ['pre2025', 'built-in'],
      ['2025', 'built-in'],
      ['pre2025', 'old.json'],
      ['2025', 'new.json'],
      ['2025', 'new-v2.json'],
    ]);
    expect(versions[1]).toMatchObject({ inForce: '2025-07-01', counts: { provinces: 34 } });
  });

  it('refuses wrong files with what was expected', async () => {
    const db = database.db;
    await expect(importUnitList(db, { text: '{"a":1}', source: 'x.json' })).rejects.toMatchObject({
      code: 'units.invalid_file',
      message: expect.stringContaining('expected a JSON array of provinces'),
    });
    await expect(importUnitList(db, { text: 'nope', source: 'x.json' })).rejects.toMatchObject({
      code: 'units.invalid_file',
    });
    await expect(
      importUnitList(db, { text: json(list2025), source: 'x', era: 'pre2025' }),
    ).rejects.toMatchObject({
      code: 'units.era_mismatch',
    });
    const broken = structuredClone(preMergerList) as unknown as { District: { Code: string }[] }[];
    broken[0]!.District[0]!.Code = '27';
    await expect(importUnitList(db, { text: json(broken), source: 'x' })).rejects.toMatchObject({
      code: 'units.invalid_file',
      details: [expect.objectContaining({ field: '/0/District/0/Code' })],
    });
  });

  it('loads the mapping, skipping defective rows with a count per reason', async () => {
    const db = database.db;
    const s = await importMapping(db, { text: json(mappingFile), source: 'map.json' });
    expect(s).toMatchObject({
      rows: 13,
      loaded: 7,
      skipped: {
        nullOldCode: 1,
        emptyOldCode: 1,
        unknownOldCode: 1,
        unknownNewCode: 1,
        duplicate: 1,
        malformed: 1,
      },
    });
    expect((await importMapping(db, { text: json(mappingFile), source: 'map.json' })).loaded).toBe(0);
    expect((await successorsOf(db, '09820')).map((u) => u.fullName)).toEqual(['Xã Đan Phượng']);
    expect((await successorsOf(db, '26734')).map((u) => u.code)).toEqual(['26734', '26740']);
    expect((await successorsOf(db, '273')).map((u) => u.code)).toEqual(['09784']);
    await expect(importMapping(db, { text: '[]', source: 'm' })).rejects.toMatchObject({
      code: 'units.invalid_file',
    });
  });
});

describe('containment', () => {
  it('knows communes inside districts and provinces, in either era', async () => {
    const db = database.db;
    expect(await unitContains(db, '01', '09820')).toBe(true);
    expect(await unitContains(db, '273', '09820')).toBe(true);
    expect(await unitContains(db, '273', '09823')).toBe(true);
    expect(await unitContains(db, '09820', '09820')).toBe(true);
    expect(await unitContains(db, '79', '09820')).toBe(false);
    expect(await unitContains(db, '760', '26881')).toBe(false);
    expect(await unitContains(db, '09820', '01')).toBe(false);
    // across eras: the old Hà Giang (02) now lies in the new Tuyên Quang (08)
    expect(await unitContains(db, '08', '02')).toBe(true);
    expect(await unitContains(db, '02', '08')).toBe(false);
    // a new commune made only of communes of old district 273
    expect(await unitContains(db, '273', '09784')).toBe(true);
  });

  it('reads single rows inside a transaction', async () => {
    await database.db.transaction().execute(async (trx) => {
      expect(await getUnit(trx, '09820')).toMatchObject({ era: '2025' });
    });
  });
});

describe('addresses against the imported lists', () => {
  it.each([
    ['Xã Tân Lập, huyện Đan Phượng, Hà Nội', 'pre2025', '09820'],
    ['xa tan lap h. dan phuong tp ha noi', 'pre2025', '09820'],
    ['P. Bến Nghé, Q.1, TP.HCM', 'pre2025', '26740'],
    ['phuong ben nghe q1 tphcm', 'pre2025', '26740'],
    ['Phường Sài Gòn, TP Hồ Chí Minh', '2025', '26740'],
    ['Số 5 ngõ 12, P12, Q. Gò Vấp, HCM', 'pre2025', '26881'],
    ['Phường Sài Gòn, Quận 1, TP HCM', '2025', '26740'],
  ])('%s', async (text, era, code) => {
    const [best] = await parseAddress(database.db, text);
    expect(best).toMatchObject({ era, unit: { code } });
  });
});
