import { badRequest, type DomainError, type FieldProblem } from '../shared/errors.js';
import { addYears, ageOn, checkDate, isBefore } from './dates.js';
import type { BirthData, CorrectionChanges, PersonState } from './fold.js';
import { checkPid, decodePid } from './pid.js';
import { isProvinceCode } from './provinces.js';
import type { Place } from './registry.schemas.js';
import type { UnitInfo } from './units-port.js';

/**
 * Field checks shared by the single-command API and the bulk path, so that both accept
 * exactly the same input. Each returns the refusals (empty = fine); the API throws the
 * first, the bulk path reports them all.
 */
export interface CheckContext {
  today: string;
  unit(code: string): Promise<UnitInfo | undefined>;
  /** A person already known (database or earlier in the batch). */
  person(pid: string): Promise<{ dateOfBirth: string } | undefined>;
}

const dateRefusal = (problems: FieldProblem[]) =>
  problems.length
    ? [badRequest('registry.invalid_date', 'A date is impossible or in the future', problems)]
    : [];

async function checkUnits(ctx: CheckContext, places: [string, Place | undefined][]): Promise<DomainError[]> {
  const problems: FieldProblem[] = [];
  for (const [field, place] of places) {
    if (place && !(await ctx.unit(place.unitCode)))
      problems.push({ field: `${field}.unitCode`, message: `unknown unit code ${place.unitCode}` });
  }
  return problems.length
    ? [badRequest('registry.unknown_unit', 'Unknown administrative unit', problems)]
    : [];
}

async function checkParents(
  ctx: CheckContext,
  dob: string,
  parents: [string, string | undefined][],
): Promise<DomainError[]> {
  const out: DomainError[] = [];
  for (const [field, pid] of parents) {
    if (!pid) continue;
    const parent = await ctx.person(pid);
    if (!parent)
      out.push(
        badRequest('registry.unknown_parent', 'No such parent', [{ field, message: `no person ${pid}` }]),
      );
    else if (!isBefore(parent.dateOfBirth, dob))
      out.push(
        badRequest('registry.parent_too_young', 'A parent must be older than the child', [
          { field, message: `born ${parent.dateOfBirth}, the child ${dob}` },
        ]),
      );
  }
  return out;
}

/** A birth: dates, units, parents, and (bulk) the proposed ID number's consistency. */
export async function checkBirth(
  b: BirthData,
  ctx: CheckContext,
  opts: { pid?: string; registrationProvince?: string | undefined } = {},
): Promise<DomainError[]> {
  const out = dateRefusal(checkDate(b.dateOfBirth, 'dateOfBirth', { notFuture: true, today: ctx.today }));
  const places: [string, Place | undefined][] = [
    ['placeOfBirth', b.placeOfBirth],
    ['homeTown', b.homeTown],
  ];
  out.push(...(await checkUnits(ctx, places)));
  if (opts.registrationProvince && !isProvinceCode(opts.registrationProvince))
    out.push(
      badRequest('registry.unknown_unit', 'Unknown administrative unit', [
        { field: 'registrationProvince', message: `unknown province ${opts.registrationProvince}` },
      ]),
    );
  if (out.length) return out;
  if (opts.pid) {
    const problems = checkPid(opts.pid, { sex: b.sex, birthYear: Number(b.dateOfBirth.slice(0, 4)) });
    if (problems.length)
      out.push(badRequest('registry.invalid_pid', 'The ID number does not fit the person', problems));
  }
  out.push(
    ...(await checkParents(ctx, b.dateOfBirth, [
      ['fatherPid', b.fatherPid],
      ['motherPid', b.motherPid],
    ])),
  );
  return out;
}

/** A residence registration for a person in `state`. */
export async function checkResidence(
  r: { kind: 'permanent' | 'temporary'; place: Place; from: string; until?: string | undefined },
  state: PersonState,
  ctx: CheckContext,
): Promise<DomainError[]> {
  const problems = [
    ...checkDate(r.from, 'from', { partial: false, notFuture: true, today: ctx.today }),
    ...checkDate(r.until, 'until', { partial: false }),
  ];
  if (!problems.length && isBefore(r.from, state.dateOfBirth))
    problems.push({ field: 'from', message: 'before the date of birth' });
  const out = dateRefusal(problems);
  out.push(...(await checkUnits(ctx, [['place', r.place]])));
  if (out.length) return out;
  const period = (message: string) =>
    badRequest('registry.invalid_residence_period', message, [{ field: 'until', message }]);
  if (r.kind === 'temporary') {
    if (!r.until) out.push(period('temporary residence needs an end date (until)'));
    else if (r.until <= r.from) out.push(period('until must be after from'));
    else if (r.until > addYears(r.from, 2)) out.push(period('temporary residence lasts at most 2 years'));
  } else if (r.until) out.push(period('permanent residence has no end date'));
  return out;
}

/** A death registration for a person in `state`. */
export async function checkDeath(
  d: { dateOfDeath: string; placeOfDeath?: Place | undefined },
  state: PersonState,
  ctx: CheckContext,
): Promise<DomainError[]> {
  const problems = checkDate(d.dateOfDeath, 'dateOfDeath', { notFuture: true, today: ctx.today });
  if (!problems.length && isBefore(d.dateOfDeath, state.dateOfBirth))
    problems.push({ field: 'dateOfDeath', message: 'before the date of birth' });
  return [...dateRefusal(problems), ...(await checkUnits(ctx, [['placeOfDeath', d.placeOfDeath]]))];
}

/** A correction of a person in `state`; the ID number must still fit the birth year. */
export async function checkCorrection(
  changes: CorrectionChanges,
  state: PersonState,
  ctx: CheckContext,
): Promise<DomainError[]> {
  const dob = changes.dateOfBirth ?? state.dateOfBirth;
  const problems = [
    ...checkDate(changes.dateOfBirth, 'changes.dateOfBirth', { notFuture: true, today: ctx.today }),
    ...checkDate(changes.dateOfDeath, 'changes.dateOfDeath', { notFuture: true, today: ctx.today }),
  ];
  const out = dateRefusal(problems);
  out.push(
    ...(await checkUnits(ctx, [
      ['changes.placeOfBirth', changes.placeOfBirth],
      ['changes.homeTown', changes.homeTown],
      ['changes.placeOfDeath', changes.placeOfDeath],
    ])),
  );
  if (out.length) return out;
  if (changes.dateOfBirth) {
    const decoded = decodePid(state.pid);
    if (decoded.ok && decoded.value.birthYear !== Number(dob.slice(0, 4)))
      out.push(
        badRequest('registry.invalid_pid', 'The new birth year does not fit the ID number', [
          { field: 'changes.dateOfBirth', message: `the ID number says born ${decoded.value.birthYear}` },
        ]),
      );
  }
  out.push(
    ...(await checkParents(ctx, dob, [
      ['changes.fatherPid', changes.fatherPid],
      ['changes.motherPid', changes.motherPid],
    ])),
  );
  if (changes.spousePid) out.push(...(await checkSpouse(changes.spousePid, state, ctx, 'changes.spousePid')));
  return out;
}

/** A spouse must exist and be someone else. */
export async function checkSpouse(
  spousePid: string,
  state: PersonState,
  ctx: CheckContext,
  field = 'spousePid',
): Promise<DomainError[]> {
  if (spousePid === state.pid || !(await ctx.person(spousePid)))
    return [
      badRequest('registry.unknown_spouse', 'No such spouse', [
        { field, message: `no other person ${spousePid}` },
      ]),
    ];
  return [];
}

/** A chip card: issued on a real past date, to a holder of 14 or older. */
export function checkCard(
  issuedOn: string,
  state: PersonState,
  ctx: Pick<CheckContext, 'today'>,
): DomainError[] {
  const problems = checkDate(issuedOn, 'issuedOn', { partial: false, notFuture: true, today: ctx.today });
  if (problems.length) return dateRefusal(problems);
  if (ageOn(state.dateOfBirth, issuedOn) < 14)
    return [
      badRequest('registry.too_young_for_card', 'A chip ID card is issued from the age of 14', [
        { field: 'issuedOn', message: `the holder is ${ageOn(state.dateOfBirth, issuedOn)} on ${issuedOn}` },
      ]),
    ];
  return [];
}
