import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { readTruth } from '../cleaning/evaluate-read.js';
import { openDataset, suggestMapping } from '../cleaning/io/index.js';
import { allRows, tempFolder } from '../cleaning/io/test-files.js';
import type { Database } from '../db/index.js';
import { type LinkagePerson, streamLinkagePersons } from '../registry/index.js';
import { importMapping, importUnitList } from '../units/index.js';
import { list2025, mappingFile, preMergerList } from '../units/units.fixtures.js';
import { generateDataset } from './dataset.js';
import { seedPopulation } from './index.js';
import { stripDiacritics } from './noise.js';

let database: Database;
const tmp = tempFolder('dancu-synth-');
const register = new Map<string, LinkagePerson>();

beforeAll(async () => {
  database = await freshDatabase();
  await importUnitList(database.db, { text: JSON.stringify(preMergerList), source: 'pre.json' });
  await importUnitList(database.db, { text: JSON.stringify(list2025), source: '2025.json' });
  await importMapping(database.db, { text: JSON.stringify(mappingFile), source: 'map.json' });
  await seedPopulation(database, { persons: 1500, seed: 4 });
  for await (const page of streamLinkagePersons(database)) for (const p of page) register.set(p.pid, p);
});
afterAll(async () => {
  await database.close();
  tmp.cleanup();
});

const truthOf = async (path: string) => {
  const out = [];
  for await (const t of readTruth(path)) out.push(t);
  return out;
};

describe('generateDataset', () => {
  it('writes exactly the rows asked for, with a truth line for each row as the reader numbers it', async () => {
    const out = tmp.path('tiem.csv');
    const truthOut = tmp.path('tiem.truth.csv');
    const s = await generateDataset(database, {
      kind: 'vaccination',
      rows: 2000,
      noise: 'realistic',
      seed: 7,
      out,
      truthOut,
    });
    expect(s).toMatchObject({ rows: 2000, kind: 'vaccination', format: 'csv', registerSize: 1500 });
    expect(s.registeredPersons + s.madeUpPersons).toBe(s.persons);

    const ds = await openDataset(out);
    expect(ds.bom).toBe(true);
    expect(ds.headers).toEqual([
      'STT',
      'Họ và tên',
      'Ngày sinh',
      'Giới tính',
      'Số CMND/CCCD',
      'SĐT',
      'Địa chỉ',
      'Mũi tiêm',
      'Ngày tiêm',
      'Loại vắc xin',
    ]);
    expect(suggestMapping(ds.headers)).toMatchObject({
      'Họ và tên': 'fullName',
      'Ngày sinh': 'dateOfBirth',
      'Giới tính': 'sex',
      'Số CMND/CCCD': 'idNumber',
      SĐT: 'phone',
      'Địa chỉ': 'address',
      'Ngày tiêm': 'ignore',
    });
    const rows = await allRows(ds);
    expect(ds.problems).toEqual([]);
    const truth = await truthOf(truthOut);
    expect(truth.map((t) => t.line)).toEqual(rows.map((r) => r.line));
    expect(rows.map((r) => r.values.STT)).toEqual(rows.map((_, i) => String(i + 1)));

    // Registered rows name persons of the register; made-up rows are about 7 % of persons.
    const made = truth.filter((t) => t.pid === null);
    expect(made.length).toBe(s.madeUpRows);
    for (const t of truth) if (t.pid) expect(register.has(t.pid)).toBe(true);
    expect(s.madeUpPersons / s.persons).toBeGreaterThan(0.03);
    expect(s.madeUpPersons / s.persons).toBeLessThan(0.12);
    // Several doses per person, numbered from 1; a person key always goes with one pid.
    const byPerson = new Map<string, string[]>();
    truth.forEach((t, i) => {
      byPerson.set(t.person, [...(byPerson.get(t.person) ?? []), rows[i]?.values['Mũi tiêm'] ?? '']);
    });
    expect(s.persons).toBe(byPerson.size);
    expect(Math.max(...[...byPerson.values()].map((d) => d.length))).toBe(4);
    for (const doses of byPerson.values()) expect(doses.sort()).toEqual(doses.map((_, i) => String(i + 1)));
    const pidOf = new Map(truth.map((t) => [t.person, t.pid]));
    for (const t of truth) expect(pidOf.get(t.person)).toBe(t.pid);

    // The rows are noisy but mostly still about their person.
    let sameName = 0;
    let sameId = 0;
    let plain = 0;
    truth.forEach((t, i) => {
      const v = rows[i]?.values ?? {};
      if (!t.pid) return;
      const p = register.get(t.pid) as LinkagePerson;
      const name = [p.familyName, p.middleName, p.givenName].filter(Boolean).join(' ');
      if (v['Họ và tên'] === name) sameName++;
      if (v['Họ và tên'] === stripDiacritics(name)) plain++;
      if (v['Số CMND/CCCD'] === p.pid) sameId++;
    });
    const registered = truth.length - made.length;
    expect(sameName / registered).toBeGreaterThan(0.45);
    expect(sameName / registered).toBeLessThan(0.85);
    expect(plain).toBeGreaterThan(0);
    expect(sameId / registered).toBeGreaterThan(0.6);
    expect(sameId / registered).toBeLessThan(0.95);
    // Addresses name units of both eras: Đan Phượng (a district until 2025) appears in some.
    const addresses = rows.map((r) => r.values['Địa chỉ'] ?? '');
    expect(addresses.filter((a) => a === '').length).toBeGreaterThan(0);
    expect(addresses.some((a) => /Đan Phượng|H\. Đan Phượng/.test(a))).toBe(true);
  });

  it('gives the same files for the same seed and other files for another seed', async () => {
    const a = tmp.path('a.csv');
    const b = tmp.path('b.csv');
    const c = tmp.path('c.csv');
    await generateDataset(database, {
      kind: 'bank',
      rows: 600,
      noise: 'heavy',
      seed: 11,
      out: a,
      truthOut: `${a}.t`,
    });
    await generateDataset(database, {
      kind: 'bank',
      rows: 600,
      noise: 'heavy',
      seed: 11,
      out: b,
      truthOut: `${b}.t`,
    });
    await generateDataset(database, { kind: 'bank', rows: 600, noise: 'heavy', seed: 12, out: c });
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(readFileSync(`${a}.t`)).toEqual(readFileSync(`${b}.t`));
    expect(readFileSync(a)).not.toEqual(readFileSync(c));
    const text = readFileSync(a, 'utf8');
    expect(text).toMatch(/^\uFEFFSTT,Số tài khoản,Tên khách hàng,/);
    // Bank systems write names in capitals without diacritics.
    expect(text).toMatch(/\n\d+,\d+,[A-Z]+ [A-Z ]+,/);
  });

  it('writes JSON Lines and XLSX that read back with the truth lines', async () => {
    for (const format of ['jsonl', 'xlsx'] as const) {
      const out = tmp.path(`the.${format}`);
      const truthOut = tmp.path(`the.${format}.truth.csv`);
      await generateDataset(database, {
        kind: 'insurance',
        rows: 500,
        noise: 'realistic',
        seed: 3,
        out,
        truthOut,
        format,
      });
      const ds = await openDataset(out);
      expect(ds.format).toBe(format);
      const rows = await allRows(ds);
      expect(ds.problems).toEqual([]);
      expect((await truthOf(truthOut)).map((t) => t.line)).toEqual(rows.map((r) => r.line));
      expect(rows[0]?.line).toBe(format === 'jsonl' ? 1 : 2);
      expect(Object.keys(rows[0]?.values ?? {})).toContain('Mã thẻ BHYT');
      // Spreadsheets lose the leading zeros of ID numbers kept as numbers.
      if (format === 'xlsx')
        expect(rows.some((r) => /^[1-9]\d{9,10}$/.test(r.values['Số CCCD'] ?? ''))).toBe(true);
    }
  });

  it('refuses a dataset the register is too small for, and unknown options', async () => {
    await expect(
      generateDataset(database, {
        kind: 'vaccination',
        rows: 100_000,
        noise: 'light',
        seed: 1,
        out: tmp.path('x.csv'),
      }),
    ).rejects.toMatchObject({ code: 'synth.register_too_small' });
    await expect(
      generateDataset(database, {
        kind: 'nope' as 'bank',
        rows: 10,
        noise: 'light',
        seed: 1,
        out: tmp.path('y.csv'),
      }),
    ).rejects.toMatchObject({ code: 'synth.kind' });
  });
});
