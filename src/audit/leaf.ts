import { badRequest } from '../shared/errors.js';
import { canonicalJson } from './canonical-json.js';
import { leafHash } from './merkle.js';

/**
 * What one audit entry is, and its canonical serialization: the bytes whose leaf hash
 * goes into the Merkle tree. The serialization is a JSON array in a fixed order, with
 * object keys of `detail` sorted, no whitespace, UTF-8:
 *
 *   ["dancu.audit/v1",<seq>,"<recordedAt>","<actorId>","<actorKind>","<action>",
 *    <subjectPid|null>,<purpose|null>,[<fields>…],"<outcome>",<requestId|null>,{<detail>}]
 *
 * recordedAt is UTC with six fractional digits ("2026-11-27T18:06:15.123000Z"), exactly
 * as PostgreSQL keeps a timestamptz. Including seq binds each entry to its position, so
 * a moved entry no longer matches its leaf hash.
 */
export const LEAF_VERSION = 'dancu.audit/v1';
/** The serialization up to seq; the database appends seq and the tail (audit.repo.ts). */
export const LEAF_HEAD = `[${JSON.stringify(LEAF_VERSION)},`;

export type AuditOutcome = 'ok' | 'denied' | 'error';

/** What a module hands to appendAudit. */
export interface AuditEntryInput {
  /** Who acted: an Actor, or just its id and kind. */
  actor: { id: string; kind: string };
  /** What was done, e.g. 'person.read', 'person.write', 'person.verify'. */
  action: string;
  /** The personal ID number whose data was touched, for the citizen's access log. */
  subjectPid?: string | null | undefined;
  /**
   * Further persons the entry concerns (a search names every person it returned, a
   * household read every member). Kept in `detail.subjects` (so the leaf hash covers them)
   * and indexed, so that each of these persons' access logs shows the entry.
   */
  subjects?: readonly string[] | undefined;
  /** The legal purpose (code or text) of an agency read. */
  purpose?: string | null | undefined;
  /** Names of the fields revealed or written. */
  fields?: readonly string[] | undefined;
  outcome?: AuditOutcome | undefined;
  /** Defaults to the current request's id (src/shared/context.ts). */
  requestId?: string | null | undefined;
  /** Anything else worth keeping (JSON; keep personal data out of it). */
  detail?: Record<string, unknown> | undefined;
  /** Defaults to now. */
  recordedAt?: Date | undefined;
}

/** An entry as stored, without its position. */
export interface AuditEntryContent {
  recordedAt: string;
  actorId: string;
  actorKind: string;
  action: string;
  subjectPid: string | null;
  purpose: string | null;
  fields: string[];
  outcome: AuditOutcome;
  requestId: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryContent {
  seq: number;
}

const OUTCOMES: readonly AuditOutcome[] = ['ok', 'denied', 'error'];
const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;

/** recordedAt as PostgreSQL renders a timestamptz in UTC with microseconds. */
export const microIso = (d: Date) => d.toISOString().replace(/Z$/, '000Z');

function text(field: string, v: string | null | undefined, max: number, required = false): string | null {
  if (v === undefined || v === null || v === '') {
    if (required)
      throw badRequest('audit.invalid_entry', `${field} is required`, [{ field, message: 'required' }]);
    return null;
  }
  const s = v.normalize('NFC');
  if (s.length > max || s.includes('\u0000'))
    throw badRequest('audit.invalid_entry', `${field} is too long or holds a NUL`, [
      { field, message: 'invalid' },
    ]);
  return s;
}

/** Validates and normalizes (NFC, defaults) an entry before it is written. */
export function normalizeEntry(input: AuditEntryInput, requestId?: string): AuditEntryContent {
  const action = text('action', input.action, 100, true) as string;
  if (!ACTION.test(action))
    throw badRequest('audit.invalid_entry', `action "${action}" is not like "person.read"`, [
      { field: 'action', message: 'invalid' },
    ]);
  const outcome = input.outcome ?? 'ok';
  if (!OUTCOMES.includes(outcome))
    throw badRequest('audit.invalid_entry', `outcome must be ok, denied or error`, [
      { field: 'outcome', message: 'invalid' },
    ]);
  const detailJson = JSON.stringify(withSubjects(input.detail, input.subjects));
  if (detailJson.length > 65_536 || detailJson.includes('\\u0000'))
    throw badRequest('audit.invalid_entry', 'detail is too large or holds a NUL', [
      { field: 'detail', message: 'invalid' },
    ]);
  return {
    recordedAt: microIso(input.recordedAt ?? new Date()),
    actorId: text('actor.id', input.actor.id, 200, true) as string,
    actorKind: text('actor.kind', input.actor.kind, 50, true) as string,
    action,
    subjectPid: text('subjectPid', input.subjectPid, 20),
    purpose: text('purpose', input.purpose, 1000),
    fields: (input.fields ?? []).map((f) => text('fields', f, 100, true) as string),
    outcome,
    requestId: text('requestId', input.requestId ?? requestId, 200),
    // A JSON round trip, so that what we hash is what jsonb gives back.
    detail: JSON.parse(detailJson) as Record<string, unknown>,
  };
}

/** Persons one entry may name besides its subject. */
export const MAX_SUBJECTS = 1000;
const SUBJECT = /^[0-9]{9}([0-9]{3})?$/;

/** `detail` with `subjects` (unique, in the order given) when there are any. */
function withSubjects(detail: Record<string, unknown> | undefined, subjects: readonly string[] | undefined) {
  if (!subjects || subjects.length === 0) return detail ?? {};
  const unique = [...new Set(subjects)];
  if (unique.length > MAX_SUBJECTS || !unique.every((s) => SUBJECT.test(s)))
    throw badRequest('audit.invalid_entry', `subjects must be at most ${MAX_SUBJECTS} ID numbers`, [
      { field: 'subjects', message: 'invalid' },
    ]);
  return { ...(detail ?? {}), subjects: unique };
}

/** The serialization after seq: `,"<recordedAt>",…]`. */
export function leafTail(c: AuditEntryContent): string {
  return `,${canonicalJson([
    c.recordedAt,
    c.actorId,
    c.actorKind,
    c.action,
    c.subjectPid,
    c.purpose,
    c.fields,
    c.outcome,
    c.requestId,
    c.detail,
  ]).slice(1)}`;
}

/** The canonical serialization of the entry at `seq`. */
export const leafText = (seq: number, c: AuditEntryContent) => `${LEAF_HEAD}${seq}${leafTail(c)}`;

/** SHA-256(0x00 || serialization): the entry's leaf hash. */
export const entryLeafHash = (seq: number, c: AuditEntryContent) =>
  leafHash(Buffer.from(leafText(seq, c), 'utf8'));

export { canonicalJson };
