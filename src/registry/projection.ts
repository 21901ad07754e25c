import { type CardStatusNow, cardStatusOn } from './card-rule.js';
import { foldName, fullNameOf, type PersonState, type ResidenceState } from './fold.js';
import type { PersonRow } from './registry.repo.js';
import type { Person } from './registry.schemas.js';

/** The `persons` row for a folded state (the search columns plus the state itself). */
export function projectionRow(state: PersonState, version: number, updatedAt: string): PersonRow {
  const fullName = fullNameOf(state);
  const perm = state.permanentResidence?.until ? undefined : state.permanentResidence;
  return {
    pid: state.pid,
    full_name: fullName,
    family_name: state.familyName,
    middle_name: state.middleName,
    given_name: state.givenName,
    name_folded: foldName(fullName),
    sex: state.sex,
    date_of_birth: state.dateOfBirth,
    status: state.status,
    father_pid: state.fatherPid ?? null,
    mother_pid: state.motherPid ?? null,
    perm_unit: perm?.unitCode ?? null,
    perm_province: perm?.provinceCode ?? null,
    household_id: perm?.householdId ?? null,
    version,
    updated_at: updatedAt,
    state,
  };
}

const residenceView = (r: ResidenceState | undefined) => {
  if (!r) return undefined;
  const { provinceCode: _p, ...rest } = r;
  return rest;
};

/** The Person a caller sees: card statuses derived for `today`. */
export function toPerson(
  state: PersonState,
  version: number,
  updatedAt: string | Date,
  today: string,
): Person {
  const deceased = state.status === 'deceased';
  const person: Person = {
    pid: state.pid,
    fullName: fullNameOf(state),
    familyName: state.familyName,
    middleName: state.middleName,
    givenName: state.givenName,
    sex: state.sex,
    dateOfBirth: state.dateOfBirth,
    ethnicity: state.ethnicity,
    nationality: state.nationality,
    placeOfBirth: state.placeOfBirth,
    status: state.status,
    oldIds: state.oldIds,
    cards: state.cards.map((c) => ({
      number: c.number,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      status: cardStatusOn(c, deceased, today) as CardStatusNow,
    })),
    version,
    updatedAt: new Date(updatedAt).toISOString(),
  };
  const optional = {
    homeTown: state.homeTown,
    dateOfDeath: state.dateOfDeath,
    fatherPid: state.fatherPid,
    motherPid: state.motherPid,
    spousePid: state.spousePid,
    permanentResidence: residenceView(state.permanentResidence),
    temporaryResidence: residenceView(state.temporaryResidence),
  };
  for (const [k, v] of Object.entries(optional))
    if (v !== undefined) (person as Record<string, unknown>)[k] = v;
  return person;
}
