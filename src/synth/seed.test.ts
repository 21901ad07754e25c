import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { countPersons, getPerson, search } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { importUnitList } from '../units/index.js';
import { preMergerList } from '../units/units.fixtures.js';
import {
  ensureDemoPopulation,
  freeAppendStream,
  generatePopulation,
  loadGeo,
  seedPopulation,
  staticGeo,
} from './index.js';

let database: Database;
const actor = systemActor('test');

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('seedPopulation', () => {
  it('writes 2 000 persons through the registry bulk path with none rejected', async () => {
    const progress: number[] = [];
    const r = await seedPopulation(database, {
      persons: 2000,
      seed: 6,
      batchSize: 700,
      onProgress: (done) => progress.push(done),
    });
    expect(r.rejections).toEqual([]);
    expect(r).toMatchObject({ persons: 2000, rejected: 0 });
    expect(r.households).toBeGreaterThan(400);
    expect(progress.at(-1)).toBe(2000);
    expect(await countPersons(database)).toBe(2000);
  });

  it('seeds persons that search finds by name and that read back as generated', async () => {
    const [sample] = [...generatePopulation(staticGeo(), { persons: 2000, seed: 6 })][0]!.persons;
    const p = sample!;
    const person = await getPerson(database, actor, p.pid);
    expect(person.fullName).toBe(`${p.birth.familyName} ${p.birth.middleName} ${p.birth.givenName}`);
    expect(person.dateOfBirth).toBe(p.birth.dateOfBirth);
    expect(person.permanentResidence?.householdId).toBeDefined();
    const found = await search(database, actor, {
      name: person.fullName,
      dob: person.dateOfBirth,
      limit: 20,
    });
    expect(found.items.map((x) => x.pid)).toContain(p.pid);
  });

  it('appends a second population on a free stream, and the demo seeding leaves a full registry alone', async () => {
    const stream = await freeAppendStream(database);
    expect(stream).toBe(1);
    const r = await seedPopulation(database, { persons: 300, seed: 6, stream });
    expect(r).toMatchObject({ persons: 300, rejected: 0 });
    expect(await freeAppendStream(database)).toBe(2);
    await ensureDemoPopulation(database, 500, 6);
    expect(await countPersons(database)).toBe(2300);
  });
});

describe('with imported communes', () => {
  it('places households in real communes before July 2025 and seeds them without rejects', async () => {
    await importUnitList(database.db, { text: JSON.stringify(preMergerList), source: 'synth-test.json' });
    const geo = await loadGeo(database);
    expect(
      geo.byCode
        .get('01')
        ?.communes.map((c) => c.code)
        .sort(),
    ).toEqual(['00001', '09787', '09820', '09823']);
    const stream = await freeAppendStream(database);
    const persons = [...generatePopulation(geo, { persons: 1500, seed: 3, stream })].flatMap(
      (b) => b.persons,
    );
    const inCommune = persons.find((p) =>
      p.actions.some((a) => a.type === 'residence' && a.place.unitCode === '09820' && a.from < '2025-07-01'),
    );
    expect(inCommune).toBeDefined();
    const r = await seedPopulation(database, { persons: 1500, seed: 3, stream });
    expect(r.rejections).toEqual([]);
    const person = await getPerson(database, actor, inCommune!.pid);
    expect(person.pid).toBe(inCommune!.pid);
  });
});
