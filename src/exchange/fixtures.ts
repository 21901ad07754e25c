import type { Database } from '../db/index.js';
import { type BulkPerson, encodePid, registerBulk } from '../registry/index.js';
import { systemActor } from '../shared/context.js';

/** Synthetic persons for the exchange tests (test-only). */
const doc = { kind: 'legacy_record', number: 'EX-1' };

export const HOA = encodePid({ provinceCode: '01', sex: 'female', birthYear: 1990, serial: 11 });
export const LONG = encodePid({ provinceCode: '01', sex: 'male', birthYear: 1950, serial: 12 });
export const CHILD = encodePid({ provinceCode: '01', sex: 'male', birthYear: 2015, serial: 13 });
/** A pid that is well-formed but registered to nobody. */
export const NOBODY = encodePid({ provinceCode: '01', sex: 'female', birthYear: 1991, serial: 999_999 });

const birth = (over: Partial<BulkPerson['birth']>): BulkPerson['birth'] => ({
  familyName: 'Nguyễn',
  middleName: 'Thị',
  givenName: 'Hoa',
  sex: 'female',
  dateOfBirth: '1990-03-04',
  placeOfBirth: { unitCode: '01' },
  ethnicity: 'Kinh',
  nationality: 'VN',
  sourceDocument: doc,
  ...over,
});

export async function seedPersons(database: Database, extra = 0): Promise<string[]> {
  const persons: BulkPerson[] = [
    {
      pid: HOA,
      birth: birth({}),
      actions: [
        {
          type: 'residence',
          kind: 'permanent',
          place: { unitCode: '01', text: 'Số 5 ngõ 3' },
          newHousehold: true,
          householdId: 'HKTEX00001',
          from: '2010-01-01',
          sourceDocument: doc,
        },
        { type: 'old_id', oldId: '012345678', effectiveDate: '2005-01-01' },
        { type: 'card', issuedOn: '2021-05-01', reason: 'first', sourceDocument: doc },
      ],
    },
    {
      pid: LONG,
      birth: birth({
        familyName: 'Trần',
        middleName: 'Văn',
        givenName: 'Long',
        sex: 'male',
        dateOfBirth: '1950',
      }),
      actions: [
        { type: 'card', issuedOn: '2021-05-01', reason: 'first', sourceDocument: doc },
        { type: 'death', dateOfDeath: '2024-02-10', sourceDocument: doc },
      ],
    },
    {
      pid: CHILD,
      birth: birth({
        familyName: 'Trần',
        middleName: 'Minh',
        givenName: 'An',
        sex: 'male',
        dateOfBirth: '2015-06-01',
        motherPid: HOA,
        fatherPid: LONG,
      }),
      actions: [],
    },
  ];
  const more: string[] = [];
  for (let i = 0; i < extra; i++) {
    const pid = encodePid({
      provinceCode: '79',
      sex: i % 2 ? 'male' : 'female',
      birthYear: 1960 + (i % 50),
      serial: 100_000 + i,
    });
    more.push(pid);
    persons.push({
      pid,
      birth: birth({
        givenName: `Người${i}`,
        sex: i % 2 ? 'male' : 'female',
        dateOfBirth: `${1960 + (i % 50)}-01-01`,
        placeOfBirth: { unitCode: '79' },
      }),
      actions: [],
    });
  }
  const r = await registerBulk(database, systemActor('test'), persons);
  if (r.rejected?.length) throw new Error(JSON.stringify(r.rejected.slice(0, 3)));
  return more;
}
