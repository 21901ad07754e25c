import { fromDay, plusYears, yearOf } from './days.js';
import { type Spot, unitOn } from './geo.js';
import type { Rng } from './prng.js';
import type { BulkPerson, SourceDocument } from './registry-port.js';

export type Sex = 'male' | 'female';
export type BulkAction = BulkPerson['actions'][number];

/** A person while their household is being generated: facts plus dated actions. */
export interface Draft {
  pid: string;
  sex: Sex;
  dobDay: number;
  /** As registered: full, or (some born before 1960) 'YYYY' / 'YYYY-MM'. */
  dob: string;
  familyName: string;
  middleName: string;
  givenName: string;
  ethnicity: string;
  birthSpot: Spot;
  fatherPid?: string | undefined;
  motherPid?: string | undefined;
  acts: { day: number; action: BulkAction }[];
  deathDay?: number;
}

/** A source document of `kind`, numbered after the person and a running letter. */
export const doc = (kind: string, pid: string, n: number | string, day: number): SourceDocument => ({
  kind,
  number: `${pid.slice(-8)}/${n}`,
  issuedOn: fromDay(day),
});

/** The date of birth as registered: 2 % year only and 1 % month/year for those born before 1960. */
export function registeredDob(rng: Rng, dobDay: number): string {
  const full = fromDay(dobDay);
  if (yearOf(dobDay) >= 1960) return full;
  const x = rng.next();
  if (x < 0.02) return full.slice(0, 4);
  if (x < 0.03) return full.slice(0, 7);
  return full;
}

/** Day of the `years`-th birthday. */
export const birthday = (p: Pick<Draft, 'dobDay'>, years: number): number => plusYears(p.dobDay, years);

/** The last day any action of `p` happens on (its birth when none). */
export const lastDayOf = (p: Draft): number => p.acts.reduce((m, a) => Math.max(m, a.day), p.dobDay);

/** The bulk input for the registry: birth fields plus actions in time order, death last. */
export function toBulk(p: Draft): BulkPerson {
  const acts = [...p.acts].sort((a, b) => a.day - b.day);
  const birthDoc = doc('birth_certificate', p.pid, 'KS', p.dobDay);
  const person: BulkPerson = {
    pid: p.pid,
    birth: {
      familyName: p.familyName,
      middleName: p.middleName,
      givenName: p.givenName,
      sex: p.sex,
      dateOfBirth: p.dob,
      placeOfBirth: { unitCode: unitOn(p.birthSpot, p.dobDay) },
      ethnicity: p.ethnicity,
      nationality: 'VN',
      ...(p.fatherPid ? { fatherPid: p.fatherPid } : {}),
      ...(p.motherPid ? { motherPid: p.motherPid } : {}),
      sourceDocument: p.dob.length === 10 ? birthDoc : { kind: birthDoc.kind, number: birthDoc.number },
    },
    actions: acts.map((a) => a.action),
  };
  if (p.dob.length < 10) person.birthRecordedOn = fromDay(p.dobDay + 30);
  return person;
}
