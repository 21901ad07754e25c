import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { systemActor } from '../shared/context.js';
import { countPersons, registerBulk } from './bulk.js';
import { encodePid } from './pid.js';
import { getHistory, getHousehold, getPerson, search } from './queries.service.js';
import type { BulkPerson } from './registry.schemas.js';

let database: Database;
const admin = systemActor('test');
const doc = { kind: 'legacy_record', number: 'L-1' };
const pid = (sex: 'male' | 'female', birthYear: number, serial: number, provinceCode = '01') =>
  encodePid({ provinceCode, sex, birthYear, serial });
const person = (
  p: string,
  over: Partial<BulkPerson['birth']> = {},
  actions: BulkPerson['actions'] = [],
): BulkPerson => ({
  pid: p,
  birth: {
    familyName: 'Phạm',
    middleName: 'Văn',
    givenName: 'Long',
    sex: 'male',
    dateOfBirth: '1970-05-05',
    placeOfBirth: { unitCode: '01' },
    ethnicity: 'Kinh',
    nationality: 'VN',
    sourceDocument: doc,
    ...over,
  },
  actions,
});

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('bulk registration', () => {
  it('writes good persons with their history and reports bad ones by index', async () => {
    const dad = pid('male', 1970, 1);
    const mum = pid('female', 1972, 2);
    const kid = pid('female', 2001, 3);
    const persons: BulkPerson[] = [
      person(dad, {}, [
        {
          type: 'residence',
          kind: 'permanent',
          place: { unitCode: '01', text: 'Ngõ 3' },
          newHousehold: true,
          householdId: 'HKT0000001',
          from: '1995-01-01',
          sourceDocument: doc,
        },
        { type: 'old_id', oldId: '011111111', effectiveDate: '1990-01-01' },
        { type: 'marriage', spousePid: mum, effectiveDate: '1996-01-01', sourceDocument: doc },
        { type: 'card', issuedOn: '2021-05-01', reason: 'first', sourceDocument: doc },
      ]),
      person(mum, { givenName: 'Hương', middleName: 'Thị', sex: 'female', dateOfBirth: '1972' }, [
        {
          type: 'residence',
          kind: 'permanent',
          place: { unitCode: '01' },
          householdId: 'HKT0000001',
          relationToHead: 'spouse',
          from: '1996-02-01',
          sourceDocument: doc,
        },
      ]),
      person(
        kid,
        {
          givenName: 'Ngọc',
          middleName: 'Thị',
          sex: 'female',
          dateOfBirth: '2001-09-09',
          fatherPid: dad,
          motherPid: mum,
        },
        [
          {
            type: 'residence',
            kind: 'permanent',
            place: { unitCode: '01' },
            householdId: 'HKT0000001',
            relationToHead: 'child',
            from: '2001-09-20',
            sourceDocument: doc,
          },
          {
            type: 'residence',
            kind: 'temporary',
            place: { unitCode: '79' },
            from: '2024-09-01',
            until: '2025-08-31',
            sourceDocument: doc,
          },
        ],
      ),
      person(pid('female', 1970, 4)), // 3: sex does not fit the ID number
      person(pid('male', 1970, 5), { dateOfBirth: '2023-02-30' }), // 4: impossible date
      person(pid('male', 1970, 6), { placeOfBirth: { unitCode: '99' } }), // 5: unknown unit
      person(dad), // 6: same pid twice
      person(pid('male', 2010, 7), { dateOfBirth: '2010-01-01' }, [
        { type: 'card', issuedOn: '2020-01-01', reason: 'first', sourceDocument: doc },
      ]), // 7: card at 10
      person(pid('male', 1950, 8), { dateOfBirth: '1950' }, [
        { type: 'death', dateOfDeath: '2020-01-01', sourceDocument: doc },
        {
          type: 'residence',
          kind: 'permanent',
          place: { unitCode: '01' },
          from: '2021-01-01',
          sourceDocument: doc,
        },
      ]), // 8: residence after death
      person(pid('male', 1980, 9), { dateOfBirth: '1980', motherPid: kid }), // 9: mother younger
      person(pid('male', 1981, 10), { dateOfBirth: '1981' }, [
        {
          type: 'residence',
          kind: 'permanent',
          place: { unitCode: '01' },
          householdId: 'HKNOPE',
          relationToHead: 'other',
          from: '2000-01-01',
          sourceDocument: doc,
        },
      ]), // 10: unknown household
      person(pid('male', 1940, 11), { dateOfBirth: '1940-01-01' }, [
        { type: 'death', dateOfDeath: '2019-03-01', sourceDocument: doc },
      ]),
    ];
    const result = await registerBulk(database, admin, persons);
    expect(result.written).toBe(4);
    expect(result.rejected.map((r) => r.index)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const byIndex = Object.fromEntries(result.rejected.map((r) => [r.index, r.problems[0]]));
    expect(byIndex[3]).toMatchObject({
      field: 'pid',
      message: expect.stringContaining('registry.invalid_pid'),
    });
    expect(byIndex[4]).toMatchObject({
      field: 'birth.dateOfBirth',
      message: expect.stringContaining('registry.invalid_date'),
    });
    expect(byIndex[5]).toMatchObject({ field: 'birth.placeOfBirth.unitCode' });
    expect(byIndex[7]).toMatchObject({
      field: 'actions[0].issuedOn',
      message: expect.stringContaining('too_young'),
    });
    expect(byIndex[8]?.message).toContain('registry.person_deceased');
    expect(byIndex[9]).toMatchObject({
      field: 'birth.motherPid',
      message: expect.stringContaining('parent_too_young'),
    });
    expect(byIndex[10]).toMatchObject({ field: 'actions[0].householdId' });
    expect(await countPersons(database)).toBe(4);

    const d = await getPerson(database, admin, dad);
    expect(d).toMatchObject({
      version: 5,
      spousePid: mum,
      oldIds: ['011111111'],
      permanentResidence: { householdId: 'HKT0000001', relationToHead: 'head', unitName: 'Hà Nội' },
    });
    expect(d.cards[0]).toMatchObject({ number: dad, issuedOn: '2021-05-01', expiresOn: '2030-05-05' });
    const types = (await getHistory(database, admin, dad)).events.map((e) => e.type);
    expect(types).toEqual([
      'birth_registered',
      'residence_registered',
      'old_id_linked',
      'marriage_registered',
      'card_issued',
    ]);
    const k = await getPerson(database, admin, kid);
    expect(k).toMatchObject({ fatherPid: dad, motherPid: mum, temporaryResidence: { unitCode: '79' } });
    const hh = await getHousehold(database, admin, 'HKT0000001');
    expect(hh.members.map((m) => [m.pid, m.relationToHead])).toEqual([
      [dad, 'head'],
      [mum, 'spouse'],
      [kid, 'child'],
    ]);
    expect(
      (await search(database, admin, { q: 'pham van long', dob: '1970-05' })).items.map((p) => p.pid),
    ).toEqual([dad]);
    expect((await search(database, admin, { oldId: '011111111' })).items).toHaveLength(1);
    const dead = await getPerson(database, admin, pid('male', 1940, 11));
    expect(dead.status).toBe('deceased');
  });

  it('refuses a person whose ID number exists already, and accepts references to earlier batches', async () => {
    const again = await registerBulk(database, admin, [person(pid('male', 1970, 1))]);
    expect(again).toMatchObject({ written: 0, rejected: [{ index: 0, problems: [{ field: 'pid' }] }] });
    const child = pid('male', 1999, 12);
    const later = await registerBulk(database, admin, [
      person(child, { dateOfBirth: '1999-01-01', fatherPid: pid('male', 1970, 1) }, [
        {
          type: 'residence',
          kind: 'permanent',
          place: { unitCode: '01' },
          householdId: 'HKT0000001',
          relationToHead: 'child',
          from: '1999-02-01',
          sourceDocument: doc,
        },
      ]),
    ]);
    expect(later).toEqual({ written: 1, rejected: [] });
    expect((await getHousehold(database, admin, 'HKT0000001')).members).toHaveLength(4);
  });
});
