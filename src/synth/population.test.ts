import { createHash } from 'node:crypto';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { BulkPerson, decodePid } from '../registry/index.js';
import { generatePopulation, type PopulationOptions, staticGeo } from './index.js';

const geo = staticGeo();
const generate = (opts: PopulationOptions): BulkPerson[] =>
  [...generatePopulation(geo, opts)].flatMap((b) => b.persons);
const digest = (persons: BulkPerson[]) => createHash('sha256').update(JSON.stringify(persons)).digest('hex');
const yearOf = (p: BulkPerson) => Number(p.birth.dateOfBirth.slice(0, 4));
const share = (n: number, of: number) => n / of;

let people: BulkPerson[];
beforeAll(() => {
  people = generate({ persons: 20_000, seed: 6 });
});

describe('determinism', () => {
  it('the same seed and size give the same population, whatever the batch size', () => {
    const a = generate({ persons: 3000, seed: 11, batchSize: 100 });
    const b = generate({ persons: 3000, seed: 11, batchSize: 5000 });
    expect(a).toHaveLength(3000);
    expect(digest(a)).toBe(digest(b));
    expect(digest(generate({ persons: 3000, seed: 12 }))).not.toBe(digest(a));
  });

  it('another stream gives other ID numbers and household ids', () => {
    const a = generate({ persons: 2000, seed: 11 });
    const b = generate({ persons: 2000, seed: 11, stream: 1 });
    const pids = new Set(a.map((p) => p.pid));
    expect(b.some((p) => pids.has(p.pid))).toBe(false);
    const hh = (ps: BulkPerson[]) =>
      new Set(
        ps.flatMap((p) =>
          p.actions.flatMap((a) => (a.type === 'residence' && a.householdId ? [a.householdId] : [])),
        ),
      );
    const first = hh(a);
    expect([...hh(b)].some((id) => first.has(id))).toBe(false);
  });
});

describe('every generated person', () => {
  it('validates against the registry bulk schema and is in NFC', () => {
    for (const p of people) {
      expect(Value.Check(BulkPerson, p)).toBe(true);
      const name = `${p.birth.familyName} ${p.birth.middleName} ${p.birth.givenName}`;
      expect(name.normalize('NFC')).toBe(name);
    }
  });

  it('has a unique ID number consistent with sex and birth year; old ID numbers are unique', () => {
    expect(new Set(people.map((p) => p.pid)).size).toBe(people.length);
    for (const p of people) {
      const d = decodePid(p.pid);
      expect(d.ok && d.value.sex === p.birth.sex && d.value.birthYear === yearOf(p)).toBe(true);
    }
    const oldIds = people.flatMap((p) => p.actions.flatMap((a) => (a.type === 'old_id' ? [a.oldId] : [])));
    expect(oldIds.length).toBeGreaterThan(people.length / 3);
    expect(new Set(oldIds).size).toBe(oldIds.length);
  });

  it('has parents born before them and spouses who name them back', () => {
    const byPid = new Map(people.map((p) => [p.pid, p]));
    let linked = 0;
    for (const p of people) {
      for (const parent of [p.birth.fatherPid, p.birth.motherPid]) {
        if (!parent) continue;
        linked++;
        const q = byPid.get(parent);
        expect(q && yearOf(q) + 17 < yearOf(p)).toBe(true);
      }
      for (const a of p.actions)
        if (a.type === 'marriage')
          expect(
            byPid.get(a.spousePid)?.actions.some((b) => b.type === 'marriage' && b.spousePid === p.pid),
          ).toBe(true);
    }
    expect(linked).toBeGreaterThan(people.length / 4);
  });

  it('has cards only from 14, issued no earlier than 2021, and nothing after death', () => {
    for (const p of people) {
      const death = p.actions.findIndex((a) => a.type === 'death');
      expect(death === -1 || death === p.actions.length - 1).toBe(true);
      for (const a of p.actions)
        if (a.type === 'card') {
          expect(a.issuedOn >= '2021-01-01').toBe(true);
          expect(Number(a.issuedOn.slice(0, 4)) - yearOf(p)).toBeGreaterThanOrEqual(14);
        }
    }
  });
});

describe('distributions (20 000 persons)', () => {
  it('family names follow national shares', () => {
    const count = (n: string) => people.filter((p) => p.birth.familyName === n).length;
    const n = people.length;
    expect(share(count('Nguyễn'), n)).toBeGreaterThan(0.33);
    expect(share(count('Nguyễn'), n)).toBeLessThan(0.42);
    expect(share(count('Trần'), n)).toBeGreaterThan(0.08);
    expect(share(count('Trần'), n)).toBeLessThan(0.14);
    expect(share(count('Lê'), n)).toBeGreaterThan(0.07);
    expect(share(count('Lê'), n)).toBeLessThan(0.12);
    expect(share(count('Phạm'), n)).toBeGreaterThan(0.05);
    expect(share(count('Phạm'), n)).toBeLessThan(0.09);
  });

  it('sex ratio at birth is about 1.11 and Kinh about 85 %', () => {
    const young = people.filter((p) => yearOf(p) >= 2005);
    const boys = young.filter((p) => p.birth.sex === 'male').length;
    const ratio = boys / (young.length - boys);
    expect(ratio).toBeGreaterThan(1.03);
    expect(ratio).toBeLessThan(1.2);
    const kinh = people.filter((p) => p.birth.ethnicity === 'Kinh').length / people.length;
    expect(kinh).toBeGreaterThan(0.8);
    expect(kinh).toBeLessThan(0.9);
  });

  it('ages look like a mid-2020s pyramid', () => {
    const age = (p: BulkPerson) => 2025 - yearOf(p);
    const children = share(people.filter((p) => age(p) < 15).length, people.length);
    const elderly = share(people.filter((p) => age(p) >= 65).length, people.length);
    expect(children).toBeGreaterThan(0.16);
    expect(children).toBeLessThan(0.28);
    expect(elderly).toBeGreaterThan(0.05);
    expect(elderly).toBeLessThan(0.14);
  });

  it('households average about 3.3 members, few of 7 or more; a few % died', () => {
    const size = new Map<string, number>();
    let dead = 0;
    for (const p of people) {
      if (p.actions.some((a) => a.type === 'death')) {
        dead++;
        continue;
      }
      const home = p.actions.findLast((a) => a.type === 'residence' && a.kind === 'permanent');
      if (home?.type === 'residence' && home.householdId)
        size.set(home.householdId, (size.get(home.householdId) ?? 0) + 1);
    }
    const sizes = [...size.values()];
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(2.9);
    expect(mean).toBeLessThan(4);
    expect(share(sizes.filter((s) => s >= 7).length, sizes.length)).toBeLessThan(0.05);
    expect(share(dead, people.length)).toBeGreaterThan(0.01);
    expect(share(dead, people.length)).toBeLessThan(0.06);
  });

  it('uses 2025 province codes for events after 1 July 2025 and sends some to work in the big cities', () => {
    const codes2025 = new Set(geo.provinces.map((p) => p.successor));
    const stays = people.flatMap((p) =>
      p.actions.filter((a) => a.type === 'residence' && a.kind === 'temporary'),
    );
    expect(stays.length).toBeGreaterThan(people.length * 0.02);
    for (const p of people)
      for (const a of p.actions)
        if (a.type === 'residence' && a.from >= '2025-07-01')
          expect(codes2025.has(a.place.unitCode)).toBe(true);
  });
});
