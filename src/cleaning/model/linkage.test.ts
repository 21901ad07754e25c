/**
 * End to end on synthetic persons: register → normalised records; a noisy dataset drawn
 * from it (typos, lost diacritics, Telex/VNI, swapped and partial dates, old and mangled
 * ID numbers, look-alikes not in the register) → matched, decided, deduplicated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.js';
import { Rng } from '../../synth/index.js';
import { loadUnitSnapshot, type UnitSnapshot } from '../../units/index.js';
import { normaliserFrom } from '../normalise/normaliser.js';
import type { PersonRecord, RawRow } from '../types.js';
import { blockingRecall } from './blocking.js';
import { dedupe, linkFiles } from './dedupe.js';
import { defaultModel } from './default-model.js';
import { decide, matchRecord } from './match.js';
import type { LinkModel } from './model.js';
import { ReferenceIndex } from './reference-index.js';
import { noisyDataset, syntheticRegister } from './synthetic.js';
import { type TrainingReport, trainModel } from './train.js';

let snapshot: UnitSnapshot;
beforeAll(async () => {
  const database = await freshDatabase();
  snapshot = await loadUnitSnapshot(database.db);
  await database.close();
});

const people = syntheticRegister(8000, 11);
let reference: PersonRecord[];
let records: PersonRecord[];
let dataset: ReturnType<typeof noisyDataset>;
beforeAll(() => {
  const n = normaliserFrom(snapshot);
  const provinces = new Map(
    snapshot.units.filter((u) => u.level === 'province').map((u) => [u.code, u.full_name]),
  );
  reference = people.map((p) => n.recordFromRegistry(p));
  dataset = noisyDataset(people, { rows: 3000, seed: 12, provinceName: (c) => provinces.get(c) });
  records = dataset.rows.flatMap((r) => n.normaliseRow(r, dataset.mapping).record ?? []);
});

function accuracy(model: LinkModel) {
  const index = new ReferenceIndex(model, reference);
  let tp = 0;
  let fp = 0;
  let review = 0;
  let linkable = 0;
  for (const r of records) {
    const truth = dataset.truth.get(Number(r.id));
    if (truth) linkable++;
    const d = decide(model, matchRecord(model, index, r).candidates);
    if (d.status === 'linked') d.pid === truth ? tp++ : fp++;
    else if (d.status === 'review') review++;
  }
  return { precision: tp / (tp + fp), recall: tp / linkable, review: review / records.length };
}

describe('linking a noisy dataset to the register', () => {
  it('blocks nearly every true pair', () => {
    const byPid = new Map(reference.map((r) => [r.id, r]));
    const pairs = records.flatMap((r): [PersonRecord, PersonRecord][] => {
      const ref = byPid.get(dataset.truth.get(Number(r.id)) ?? '');
      return ref ? [[r, ref]] : [];
    });
    expect(blockingRecall(defaultModel().blocking, pairs).union).toBeGreaterThan(0.995);
  });

  it('links with high precision and recall with the built-in model, few rows to review', () => {
    const a = accuracy(defaultModel());
    expect(a.precision).toBeGreaterThanOrEqual(0.998);
    expect(a.recall).toBeGreaterThanOrEqual(0.98);
    expect(a.review).toBeLessThanOrEqual(0.03);
  });

  it('trains by EM to convergence and links at least as well', () => {
    const model = trainModel({ records, reference, seed: 1 });
    const t = model.training as unknown as TrainingReport;
    expect(t.converged).toBe(true);
    expect(t.sessions.length).toBeGreaterThanOrEqual(4);
    for (const s of t.sessions) expect(s.iterations).toBeLessThan(500);
    // about 93 % of the rows are persons of the register
    expect(model.prior.matchShare).toBeGreaterThan(0.85);
    expect(model.prior.matchShare).toBeLessThan(0.99);
    const given = model.fields.find((f) => f.field === 'given')!.levels;
    expect(given[0]!.m).toBeGreaterThan(0.85); // exact agreement for the same person
    expect(given[0]!.u).toBeLessThan(0.05); // and rare between different persons
    const a = accuracy(model);
    expect(a.precision).toBeGreaterThanOrEqual(0.998);
    expect(a.recall).toBeGreaterThanOrEqual(0.98);
    expect(a.review).toBeLessThanOrEqual(0.03);
  });

  it('trains for linking from an index over the reference and a sample of it (as a job does)', () => {
    const index = new ReferenceIndex(defaultModel(), reference);
    const model = trainModel({ records, reference: reference.slice(0, 200), index, seed: 1 });
    const t = model.training as unknown as TrainingReport;
    expect(t.mode).toBe('link');
    expect(t.reference).toBe(reference.length);
    expect(model.prior.matchShare).toBeGreaterThan(0.85);
    expect(model.prior.matchShare).toBeLessThan(0.99);
    expect(accuracy(model).precision).toBeGreaterThanOrEqual(0.998);
  });

  it('deduplicates the dataset into persons without the register', () => {
    const clusters = dedupe(defaultModel(), records);
    expect(clusters.size).toBe(records.length);
    // pairs of rows: of one person, put together, both
    const pairs = (keyOf: (r: PersonRecord) => string) => {
      const sizes = new Map<string, number>();
      for (const r of records) sizes.set(keyOf(r), (sizes.get(keyOf(r)) ?? 0) + 1);
      return [...sizes.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
    };
    const person = (r: PersonRecord) => dataset.person.get(Number(r.id))!;
    const cluster = (r: PersonRecord) => clusters.get(r.id)!;
    const truePairs = pairs(person);
    const found = pairs(cluster);
    const right = pairs((r) => `${person(r)}|${cluster(r)}`);
    expect(right / found).toBeGreaterThan(0.99);
    expect(right / truePairs).toBeGreaterThan(0.95);

    // Restricted to pairs with a marked row (in a job: the rows that did not link), the
    // clusters are as right, and every pair with a marked row is still found.
    const marked = (i: number) => i % 2 === 0;
    const some = dedupe(defaultModel(), records, { among: marked });
    const within = (r: PersonRecord) => some.get(r.id)!;
    expect(pairs((r) => `${person(r)}|${within(r)}`) / pairs(within)).toBeGreaterThan(0.99);
    let missed = 0;
    let withMarked = 0;
    for (const [i, r] of records.entries())
      for (const [j, q] of records.entries()) {
        if (j <= i || (!marked(i) && !marked(j)) || person(r) !== person(q) || cluster(r) !== cluster(q))
          continue;
        withMarked++;
        if (within(r) !== within(q)) missed++;
      }
    expect(withMarked).toBeGreaterThan(10);
    expect(missed / withMarked).toBeLessThan(0.02);
  });
});

describe('linking two files of any people', () => {
  it('links a table with other columns (no Vietnamese fields, no register) by names, dates and an identifier', () => {
    const rng = new Rng(5);
    const first = [
      'James',
      'Mary',
      'Robert',
      'Linda',
      'Michael',
      'Sarah',
      'David',
      'Emma',
      'Joseph',
      'Olivia',
    ];
    const last = [
      'Smith',
      'Jones',
      'Brown',
      'Taylor',
      'Wilson',
      'Davies',
      'Evans',
      'Thomas',
      'Roberts',
      'Walker',
    ];
    const persons = Array.from({ length: 400 }, (_, i) => ({
      given: rng.pick(first),
      family: `${rng.pick(last)}${rng.chance(0.5) ? rng.pick(['son', 'ley', 'ton', '']) : ''}`,
      dob: `19${50 + rng.int(50)}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`,
      ssn: String(1_000_000 + i * 7919),
    }));
    const n = normaliserFrom(snapshot, { locale: 'generic' });
    const mapping = {
      given_name: 'givenName',
      surname: 'familyName',
      date_of_birth: 'dateOfBirth',
      soc_sec_id: 'otherId',
    } as const;
    const toRecord = (row: RawRow) => n.normaliseRow(row, mapping).record!;
    const right = persons.map((p, i) =>
      toRecord({
        line: i + 2,
        values: { given_name: p.given, surname: p.family, date_of_birth: p.dob, soc_sec_id: p.ssn },
      }),
    );
    // the left file: 300 of them re-typed (a typo, a lost date, a mistyped identifier), then 50 strangers
    const left = persons.slice(0, 300).map((p, i) =>
      toRecord({
        line: i + 2,
        values: {
          given_name: i % 7 === 0 ? `${p.given.slice(0, -1)}` : p.given,
          surname: i % 5 === 0 ? p.family.toUpperCase() : p.family,
          date_of_birth: i % 11 === 0 ? '' : p.dob,
          soc_sec_id: i % 13 === 0 ? `${p.ssn.slice(0, -1)}9` : p.ssn,
        },
      }),
    );
    for (let i = 0; i < 50; i++)
      left.push(
        toRecord({
          line: 400 + i,
          values: {
            given_name: rng.pick(first),
            surname: rng.pick(last),
            date_of_birth: '19450101',
            soc_sec_id: String(9_000_000 + i),
          },
        }),
      );
    const model = trainModel({ records: left, reference: right, seed: 2 });
    const links = linkFiles(model, left, right);
    let tp = 0;
    let fp = 0;
    for (const [i, l] of links.entries()) {
      if (l.status !== 'linked') continue;
      if (i < 300 && l.match === right[i]!.id) tp++;
      else fp++;
    }
    expect(fp).toBe(0);
    expect(tp / 300).toBeGreaterThan(0.95);
  });
});
