import type { Person, VerifiablePerson } from '../registry/index.js';
import type { Field } from './purposes.js';

/** Claims an agency may ask the registry to confirm, and the answers — never the values. */
export interface Claims {
  fullName?: string | undefined;
  dateOfBirth?: string | undefined;
  sex?: 'male' | 'female' | undefined;
  ethnicity?: string | undefined;
  nationality?: string | undefined;
  status?: 'alive' | 'deceased' | undefined;
  dateOfDeath?: string | undefined;
}
export const CLAIM_NAMES = [
  'fullName',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'nationality',
  'status',
  'dateOfDeath',
] as const;

export type CardStatusAnswer = 'valid' | 'expired' | 'lost' | 'revoked' | 'holder_deceased' | 'unknown';

export interface VerifyAnswer {
  match: boolean;
  claims: Record<string, boolean>;
  cardStatus?: CardStatusAnswer;
}

/** NFC, case folded (Vietnamese locale), whitespace collapsed; diacritics kept. */
export const foldForCompare = (s: string) =>
  s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/** A date given at some precision (YYYY, YYYY-MM, YYYY-MM-DD) matches if the registry agrees to that precision. */
const dateMatches = (given: string, known: string | undefined) =>
  known !== undefined && known.length >= given.length && known.startsWith(given);

function claimMatches(name: (typeof CLAIM_NAMES)[number], given: string, p: VerifiablePerson): boolean {
  switch (name) {
    case 'fullName':
    case 'ethnicity':
      // Most claims are copied from a card: the same text needs no folding.
      return given === p[name] || foldForCompare(given) === foldForCompare(p[name]);
    case 'dateOfBirth':
      return dateMatches(given, p.dateOfBirth);
    case 'dateOfDeath':
      return dateMatches(given, p.dateOfDeath);
    default:
      return given === p[name];
  }
}

/** The status of the person's current chip card, as an agency sees it. */
export function cardStatusOf(p: VerifiablePerson | undefined): CardStatusAnswer {
  if (!p) return 'unknown';
  const current = [...p.cards].reverse().find((c) => c.status !== 'replaced');
  if (!current) return p.status === 'deceased' ? 'holder_deceased' : 'unknown';
  return current.status === 'replaced' ? 'unknown' : current.status;
}

/**
 * Compares the given claims with the person. An unknown person (undefined) gives the
 * same shape as a full mismatch, so the answer does not tell whether a number exists.
 */
export function verifyClaims(
  p: VerifiablePerson | undefined,
  claims: Claims,
  withCardStatus: boolean,
): VerifyAnswer {
  const answers: Record<string, boolean> = {};
  for (const name of CLAIM_NAMES) {
    const given = claims[name];
    if (given === undefined) continue;
    answers[name] = p !== undefined && claimMatches(name, given, p);
  }
  const values = Object.values(answers);
  return {
    match: values.length > 0 && values.every(Boolean),
    claims: answers,
    ...(withCardStatus ? { cardStatus: cardStatusOf(p) } : {}),
  };
}

/** The person cut down to the fields a purpose allows (plus pid). */
export function projectFields(p: Person, fields: readonly Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = { pid: p.pid };
  for (const f of fields) {
    switch (f) {
      case 'cardStatus':
        out.cardStatus = cardStatusOf(p);
        break;
      case 'parents':
        out.parents = { fatherPid: p.fatherPid ?? null, motherPid: p.motherPid ?? null };
        break;
      case 'household':
        out.household = p.permanentResidence?.householdId
          ? {
              id: p.permanentResidence.householdId,
              relationToHead: p.permanentResidence.relationToHead ?? null,
            }
          : null;
        break;
      default: {
        const v = p[f];
        out[f] = v === undefined ? null : v;
      }
    }
  }
  return out;
}
