import { conflict, type DomainError } from '../shared/errors.js';
import type { StoredCardStatus } from './card-rule.js';
import { fillDate } from './dates.js';
import type { Place, SourceDocument } from './registry.schemas.js';

type Relation =
  | 'head'
  | 'spouse'
  | 'child'
  | 'parent'
  | 'grandchild'
  | 'grandparent'
  | 'sibling'
  | 'child_in_law'
  | 'relative'
  | 'other';

/** A residence as folded from events. */
export interface ResidenceState {
  unitCode: string;
  unitName?: string;
  /** Province of the unit, for search by province. */
  provinceCode?: string;
  addressLine?: string;
  householdId?: string;
  relationToHead?: Relation;
  since: string;
  until?: string;
}

export interface CardState {
  number: string;
  issuedOn: string;
  expiresOn: string | null;
  status: StoredCardStatus;
}

/** The current state of a person: the fold of its events. */
export interface PersonState {
  pid: string;
  familyName: string;
  middleName: string;
  givenName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  ethnicity: string;
  nationality: string;
  placeOfBirth: Place;
  homeTown?: Place;
  status: 'alive' | 'deceased';
  dateOfDeath?: string;
  placeOfDeath?: Place;
  oldIds: string[];
  fatherPid?: string;
  motherPid?: string;
  spousePid?: string;
  permanentResidence?: ResidenceState;
  temporaryResidence?: ResidenceState;
  cards: CardState[];
}

export interface BirthData {
  familyName: string;
  middleName: string;
  givenName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  placeOfBirth: Place;
  homeTown?: Place;
  ethnicity: string;
  nationality: string;
  fatherPid?: string;
  motherPid?: string;
}

export type CorrectionChanges = Partial<
  Pick<
    PersonState,
    | 'familyName'
    | 'middleName'
    | 'givenName'
    | 'dateOfBirth'
    | 'ethnicity'
    | 'nationality'
    | 'placeOfBirth'
    | 'homeTown'
    | 'fatherPid'
    | 'motherPid'
    | 'oldIds'
    | 'dateOfDeath'
    | 'placeOfDeath'
  >
> & { spousePid?: string | null };

/** What happened, by event type. */
export type EventBody =
  | { type: 'birth_registered'; data: BirthData }
  | {
      type: 'residence_registered';
      data: ResidenceState & { kind: 'permanent' | 'temporary'; reason?: string };
    }
  | { type: 'residence_ended'; data: { kind: 'permanent' | 'temporary'; until: string } }
  | { type: 'death_registered'; data: { dateOfDeath: string; placeOfDeath?: Place } }
  | { type: 'details_corrected'; data: { changes: CorrectionChanges; reason: string } }
  | { type: 'card_issued'; data: CardState & { reason: string } }
  | { type: 'card_status_changed'; data: { number: string; status: 'lost' | 'revoked' } }
  | { type: 'old_id_linked'; data: { oldId: string } }
  | { type: 'marriage_registered'; data: { spousePid: string } };

export type EventType = EventBody['type'];

/** One row of a person's history. */
export type RegistryEvent = EventBody & {
  pid: string;
  seq: number;
  effectiveDate: string;
  recordedAt: string;
  actor: string;
  sourceDocument: SourceDocument;
  idempotencyKey?: string | undefined;
};

const deceased = () => conflict('registry.person_deceased', 'The person is registered as deceased');

/**
 * The guard of each transition: may `body` happen to a person in `state`? Returns the
 * refusal, or undefined when allowed. After death only corrections of the death itself
 * are allowed.
 */
export function guard(state: PersonState | undefined, body: EventBody): DomainError | undefined {
  if (!state)
    return body.type === 'birth_registered'
      ? undefined
      : conflict('registry.no_birth', 'A person history starts with the birth registration');
  switch (body.type) {
    case 'birth_registered':
      return conflict('registry.pid_taken', `The ID number ${state.pid} is issued once`);
    case 'details_corrected': {
      const keys = Object.keys(body.data.changes);
      const aboutDeath = keys.every((k) => k === 'dateOfDeath' || k === 'placeOfDeath');
      const touchesDeath = keys.some((k) => k === 'dateOfDeath' || k === 'placeOfDeath');
      if (state.status === 'deceased' && !aboutDeath) return deceased();
      if (state.status === 'alive' && touchesDeath)
        return conflict('registry.not_deceased', 'Only a registered death can have its date corrected');
      return undefined;
    }
    case 'card_status_changed': {
      if (state.status === 'deceased') return deceased();
      const card = state.cards.findLast((c) => c.number === body.data.number);
      if (!card) return conflict('registry.unknown_card', `No card ${body.data.number} for this person`);
      if (card.status !== 'valid')
        return conflict('registry.card_not_valid', `The card is ${card.status}; its status cannot change`);
      return undefined;
    }
    default:
      return state.status === 'deceased' ? deceased() : undefined;
  }
}

function withoutUndefined<T extends object>(o: T): T {
  const out = { ...o };
  for (const k in out) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Folds one event into a person's state; pure. Throws the guard's DomainError when the
 * transition is not allowed.
 *
 * @example
 *   const state = events.reduce(applyEvent, undefined);
 */
export function applyEvent(state: PersonState | undefined, event: RegistryEvent): PersonState {
  const refusal = guard(state, event);
  if (refusal) throw refusal;
  if (event.type === 'birth_registered') {
    return withoutUndefined({ pid: event.pid, ...event.data, status: 'alive', oldIds: [], cards: [] });
  }
  const s = state as PersonState;
  switch (event.type) {
    case 'residence_registered': {
      const { kind, reason: _reason, ...residence } = event.data;
      const r = withoutUndefined(residence);
      return kind === 'permanent' ? { ...s, permanentResidence: r } : { ...s, temporaryResidence: r };
    }
    case 'residence_ended': {
      const key = event.data.kind === 'permanent' ? 'permanentResidence' : 'temporaryResidence';
      const r = s[key];
      return r ? { ...s, [key]: { ...r, until: event.data.until } } : s;
    }
    case 'death_registered': {
      const until = fillDate(event.data.dateOfDeath);
      const end = (r: ResidenceState | undefined) => (r && !r.until ? { ...r, until } : r);
      return withoutUndefined({
        ...s,
        status: 'deceased' as const,
        dateOfDeath: event.data.dateOfDeath,
        placeOfDeath: event.data.placeOfDeath,
        permanentResidence: end(s.permanentResidence),
        temporaryResidence: end(s.temporaryResidence),
      });
    }
    case 'details_corrected': {
      const { spousePid, ...rest } = event.data.changes;
      const next: PersonState = { ...s, ...withoutUndefined(rest) };
      if (spousePid === null) delete next.spousePid;
      else if (spousePid !== undefined) next.spousePid = spousePid;
      return next;
    }
    case 'card_issued': {
      const { reason: _reason, ...card } = event.data;
      const cards = s.cards.map((c) => (c.status === 'valid' ? { ...c, status: 'replaced' as const } : c));
      return { ...s, cards: [...cards, card] };
    }
    case 'card_status_changed': {
      const i = s.cards.findLastIndex((c) => c.number === event.data.number);
      const cards = s.cards.map((c, j) => (j === i ? { ...c, status: event.data.status } : c));
      return { ...s, cards };
    }
    case 'old_id_linked':
      return s.oldIds.includes(event.data.oldId) ? s : { ...s, oldIds: [...s.oldIds, event.data.oldId] };
    case 'marriage_registered':
      return { ...s, spousePid: event.data.spousePid };
  }
}

/** Full name in Vietnamese order: family, middle, given. */
export const fullNameOf = (p: Pick<PersonState, 'familyName' | 'middleName' | 'givenName'>) =>
  [p.familyName, p.middleName, p.givenName].filter((x) => x).join(' ');

/** Folds a name for search: lowercase, đ → d, diacritics removed. */
export const foldName = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
