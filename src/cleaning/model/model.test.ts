import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import { parseDate } from '../normalise/dates.js';
import { nameFields, nameWords } from '../normalise/names.js';
import type { Candidate, PersonRecord } from '../types.js';
import { blockingRecall, hashKey, ruleHashes, ruleKeys } from './blocking.js';
import { defaultModel } from './default-model.js';
import { decide, disagreements, matchRecord } from './match.js';
import { parseModel } from './model.js';
import { ReferenceIndex } from './reference-index.js';

const today = new Date('2026-01-15T00:00:00Z');
function rec(id: string, name: string, dob?: string, more: Partial<PersonRecord> = {}): PersonRecord {
  const r: PersonRecord = { id, ...nameFields(nameWords(name)), ...more };
  const d = dob ? parseDate(dob, { today }) : undefined;
  if (d && 'date' in d) r.dob = d.date;
  return r;
}

const register: PersonRecord[] = [
  rec('001090001234', 'Hoàng Văn Ba', '1990-04-05', {
    pid: '001090001234',
    sex: 'male',
    province2025: '01',
    commune2025: '00004',
  }),
  rec('001190005678', 'Hoàng Thị Ba', '1990-05-04', {
    pid: '001190005678',
    sex: 'female',
    province2025: '01',
  }),
  rec('079085000111', 'Trần Minh Khải', '1985-12-30', {
    pid: '079085000111',
    sex: 'male',
    oldIds: ['025123456'],
  }),
];

const byField = (c: Candidate) => Object.fromEntries(c.contributions.map((x) => [x.field, x.level]));

describe('comparison levels and explanations', () => {
  const model = defaultModel();
  const index = new ReferenceIndex(model, register);

  it('scores surname variants, swapped dates and transposed ID numbers as near agreement', () => {
    const q = rec('2', 'HUYNH VAN BA', '04/05/1990', {
      pid: '001090002134',
      sex: 'male',
      province2025: '01',
      commune2025: '00004',
    });
    const { candidates, comparisons } = matchRecord(model, index, q);
    expect(comparisons).toBeGreaterThanOrEqual(1);
    expect(candidates[0]!.id).toBe('001090001234');
    expect(byField(candidates[0]!)).toMatchObject({
      family: 'variant',
      middle: 'exact',
      given: 'exact',
      dob: 'swapped',
      sex: 'same',
      pid: 'one-edit',
      oldId: 'missing',
      place: 'commune',
    });
  });

  it('gives every candidate contributions that sum to its weight, and the probability of that weight', () => {
    const q = rec('3', 'Hoàng Ba', '1990', { sex: 'female' });
    const { candidates } = matchRecord(model, index, q, 3);
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      const sum = c.contributions.reduce((s, x) => s + x.weight, 0);
      expect(sum).toBeCloseTo(c.weight, 9);
      expect(c.probability).toBeCloseTo(1 / (1 + 2 ** -c.weight), 12);
      expect(c.contributions[0]).toMatchObject({ field: 'prior', level: 'prior' });
      expect(c.contributions.find((x) => x.field === 'middle')).toMatchObject({
        level: 'missing',
        weight: 0,
      });
    }
    for (let i = 1; i < candidates.length; i++)
      expect(candidates[i - 1]!.weight).toBeGreaterThanOrEqual(candidates[i]!.weight);
  });

  it('finds a person by the old ID number', () => {
    const q = rec('4', 'Tran Minh Khai', undefined, { oldIds: ['025123456'] });
    const { candidates } = matchRecord(model, index, q);
    expect(candidates[0]).toMatchObject({ id: '079085000111' });
    expect(byField(candidates[0]!)).toMatchObject({ oldId: 'exact', family: 'exact', dob: 'missing' });
  });

  it('gives an agreeing rare given name more weight than an agreeing common one', () => {
    const people = [
      ...Array.from({ length: 300 }, (_, i) => rec(`h${i}`, 'Nguyễn Văn Hùng', `1980-01-${(i % 28) + 1}`)),
      rec('k1', 'Nguyễn Văn Khải', '1980-01-01'),
    ];
    const idx = new ReferenceIndex(model, people);
    const given = (q: PersonRecord) =>
      matchRecord(model, idx, q).candidates[0]!.contributions.find((c) => c.field === 'given')!.weight;
    const common = given(rec('q1', 'Nguyễn Văn Hùng', '1980-01-01'));
    const rare = given(rec('q2', 'Nguyễn Văn Khải', '1980-01-01'));
    expect(rare).toBeGreaterThan(common + 5);
  });

  it('works from a structured clone of the records and of the JSON model (a worker thread gets those)', () => {
    const copy = JSON.parse(JSON.stringify(model));
    const idx = new ReferenceIndex(copy, structuredClone(register));
    const q = rec('5', 'Hoàng Văn Ba', '05/04/1990', { pid: '001090001234' });
    expect(matchRecord(copy, idx, q).candidates[0]!.weight).toBeCloseTo(
      matchRecord(model, index, q).candidates[0]!.weight,
      9,
    );
  });

  it('hands a built index to another thread as plain data, its arrays in shared memory', () => {
    // Also with the string columns cut into slices of two rows (half a million in use).
    for (const data of [structuredClone(index.toData(true)), structuredClone(index.toData(true, 2))]) {
      expect(data.store.ints.fam.buffer).toBeInstanceOf(SharedArrayBuffer);
      const copy = ReferenceIndex.fromData(model, data);
      expect(copy.size).toBe(index.size);
      for (const q of [
        rec('6', 'Huynh Van Ba', '04/05/1990', { pid: '001090002134' }),
        rec('7', 'Tran Minh Khai', undefined, { oldIds: ['025123456'] }),
      ])
        expect(matchRecord(model, copy, q).candidates).toEqual(matchRecord(model, index, q).candidates);
      for (const r of register)
        expect(copy.record(copy.rowOf(r.id)!)).toEqual(index.record(index.rowOf(r.id)!));
    }
    expect(index.toData(false, 2).store.strings).toHaveLength(1 + Math.ceil(index.size / 2));
  });

  it('can be filled page by page', () => {
    const idx = new ReferenceIndex(model);
    idx.add(register.slice(0, 1));
    idx.add(register.slice(1));
    expect(idx.size).toBe(3);
    expect(idx.record(idx.rowOf('079085000111')!)).toMatchObject({ given: 'khai', oldIds: ['025123456'] });
  });
});

describe('decisions', () => {
  const model = defaultModel();
  const cand = (id: string, weight: number): Candidate => ({
    id,
    weight,
    probability: 1 / (1 + 2 ** -weight),
    contributions: [],
  });

  it('links above the upper threshold, reviews between, leaves the rest unmatched', () => {
    expect(decide(model, [cand('a', 20)])).toEqual({ status: 'linked', pid: 'a' });
    expect(decide(model, [cand('a', 2)])).toEqual({ status: 'review' });
    expect(decide(model, [cand('a', -3)])).toEqual({ status: 'unmatched' });
    expect(decide(model, [])).toEqual({ status: 'unmatched' });
  });

  it('sends a candidate whose given name or ID number clashes to review, unless an ID number agrees exactly', () => {
    const withLevels = (levels: Record<string, string>): Candidate => ({
      ...cand('a', 30),
      contributions: Object.entries(levels).map(([field, level]) => ({ field, level, weight: 0 })),
    });
    expect(decide(model, [withLevels({ family: 'exact', given: 'other', dob: 'exact' })])).toEqual({
      status: 'review',
    });
    expect(decide(model, [withLevels({ family: 'exact', given: 'exact', pid: 'other' })])).toEqual({
      status: 'review',
    });
    expect(decide(model, [withLevels({ family: 'exact', given: 'other', pid: 'exact' })])).toEqual({
      status: 'linked',
      pid: 'a',
    });
    expect(decide(model, [withLevels({ family: 'exact', given: 'jw>=0.92', pid: 'one-edit' })])).toEqual({
      status: 'linked',
      pid: 'a',
    });
    const off = { ...model, thresholds: { ...model.thresholds, nameGuard: false } };
    expect(decide(off, [withLevels({ given: 'other' })])).toEqual({ status: 'linked', pid: 'a' });
  });

  it('sends two close candidates to review', () => {
    expect(decide(model, [cand('a', 30), cand('b', 28)])).toEqual({ status: 'review' });
    expect(decide(model, [cand('a', 30), cand('b', 10)])).toEqual({ status: 'linked', pid: 'a' });
  });
});

describe('disagreements with the register', () => {
  it('names the fields that differ, not those a partial value fits', () => {
    const person = register[0]!;
    expect(disagreements(rec('1', 'Hoang Van Ba', '1990', { pid: '001090001234' }), person)).toEqual([]);
    expect(
      disagreements(
        rec('1', 'Hoàng Văn Bá', '06/04/1990', { pid: '001090001235', sex: 'female', province2025: '79' }),
        person,
      ),
    ).toEqual(['givenName', 'dateOfBirth', 'sex', 'pid', 'province']);
  });
});

describe('the model document', () => {
  it('accepts the built-in model and its JSON', () => {
    expect(parseModel(JSON.parse(JSON.stringify(defaultModel())))).toMatchObject({
      format: 'dancu-link-model',
    });
  });

  it('rejects a broken model with a stable code', () => {
    const bad = defaultModel() as unknown as { thresholds: { upper: number } };
    bad.thresholds.upper = 7;
    const broken = [
      bad,
      { format: 'x' },
      {
        ...defaultModel(),
        fields: [
          {
            field: 'given',
            levels: [
              { level: 'x', m: 0.5, u: 0.5 },
              { level: 'y', m: 0.5, u: 0.5 },
            ],
          },
        ],
      },
    ];
    for (const b of broken) {
      try {
        parseModel(b);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe('cleaning.invalid_model');
      }
    }
  });
});

describe('blocking keys', () => {
  it('hashes keys without building them, the same as hashing the key text', () => {
    const q = rec('a', 'Hoàng Văn Ba', '05/04/1990', {
      pid: '001090001234',
      oldIds: ['1', '2'],
      province2025: '01',
    });
    const out: number[] = [];
    for (const rule of defaultModel().blocking)
      for (const side of ['query', 'reference'] as const) {
        const n = ruleHashes(rule, q, side, out);
        expect(out.slice(0, n)).toEqual(ruleKeys(rule, q, side).map(hashKey));
      }
    // the query side also tries the date with day and month swapped
    expect(ruleKeys({ name: 'd', on: ['dob', 'familyClass'] }, q, 'query')).toEqual([
      '19900405\u001fhoang',
      '19900504\u001fhoang',
    ]);
  });
});

describe('blocking recall', () => {
  it('measures each rule and their union on true pairs', () => {
    const rules = defaultModel().blocking;
    const pairs: [PersonRecord, PersonRecord][] = [
      [rec('a', 'Hoàng Văn Ba', '05/04/1990', { pid: '001090001234' }), register[0]!], // pid, dob+family, …
      [rec('b', 'Hoàng Văn Ba', '1990'), register[0]!], // name+year only
      [rec('c', 'Hoàng Văn Bá', '04/05/1990'), register[0]!], // swapped date: dob+family
      [rec('d', 'Lê Thị Ba'), register[0]!], // nothing in common to block on
    ];
    const r = blockingRecall(rules, pairs);
    expect(r.pairs).toBe(4);
    expect(r.union).toBe(0.75);
    const of = (name: string) => r.rules.find((x) => x.name === name)!.recall;
    expect(of('pid')).toBe(0.25);
    expect(of('dob+family')).toBe(0.5);
    expect(of('name+year')).toBe(0.75); // a, b and c: the folded given name agrees
  });
});
