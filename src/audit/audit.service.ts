import type { Db } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { currentContext } from '../shared/context.js';
import { badRequest, forbidden, notFound } from '../shared/errors.js';
import * as repo from './audit.repo.js';
import { type AuditEntry, type AuditEntryInput, normalizeEntry } from './leaf.js';

/**
 * Appends one entry to the audit log inside the caller's transaction (pass the `trx`),
 * so that a write and its audit entry commit or roll back together. One statement.
 *
 * Appenders are serialized from this call until their transaction ends (that is what
 * keeps seq gap-free and in commit order), so call it as late as possible in a
 * transaction. Use READ COMMITTED (PostgreSQL's default).
 *
 * @example
 *   await db.transaction().execute(async (trx) => {
 *     await writePerson(trx, …);
 *     await appendAudit(trx, { actor, action: 'person.write', subjectPid: pid, fields: ['address'] });
 *   });
 */
export async function appendAudit(db: Db, entry: AuditEntryInput): Promise<{ seq: number }> {
  const seq = await repo.insertEntries(db, [normalizeEntry(entry, currentContext()?.requestId)]);
  return { seq };
}

/** Appends many entries at consecutive positions (e.g. a bulk verify); returns the first seq. */
export async function appendAuditBatch(
  db: Db,
  entries: readonly AuditEntryInput[],
): Promise<{ firstSeq: number; count: number }> {
  if (entries.length === 0) return { firstSeq: -1, count: 0 };
  const requestId = currentContext()?.requestId;
  const firstSeq = await repo.insertEntries(
    db,
    entries.map((e) => normalizeEntry(e, requestId)),
  );
  return { firstSeq, count: entries.length };
}

const assertAdmin = (actor: Actor) => {
  if (!actor.roles.includes('admin'))
    throw forbidden('auth.forbidden', 'Only an admin may read the audit log');
};

/** One entry with its stored leaf hash (admin only). */
export async function getEntry(
  db: Db,
  actor: Actor,
  seq: number,
): Promise<AuditEntry & { leafHash: string }> {
  assertAdmin(actor);
  const e = await repo.findEntry(db, seq);
  if (!e) throw notFound('audit.entry_not_found', `No audit entry ${seq}`);
  return { ...e, leafHash: e.leafHash.toString('base64') };
}

/**
 * One line of a citizen's access log: who touched their data, when, why, with what result.
 * Operators (registry clerks) are shown by office — their roles and units at the time —
 * not by name: `actorId` is then just `operator`; an admin finds the person behind an
 * entry with `getEntry(seq)`. Agencies are shown by client (`client:<id>`).
 */
export interface AccessLogItem {
  seq: number;
  recordedAt: string;
  actorId: string;
  actorKind: string;
  /** Roles of the operator at the time (empty for agencies and systems). */
  actorRoles: string[];
  /** Units the operator worked in at the time (empty: everywhere, or not an operator). */
  actorUnits: string[];
  action: string;
  purpose: string | null;
  fields: string[];
  outcome: string;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** An entry as the person concerned sees it. */
export function accessLogItem(e: AuditEntry): AccessLogItem {
  const operator = e.actorKind === 'operator';
  return {
    seq: e.seq,
    recordedAt: e.recordedAt,
    actorId: operator ? 'operator' : e.actorId,
    actorKind: e.actorKind,
    actorRoles: operator ? strings(e.detail.roles) : [],
    actorUnits: operator ? strings(e.detail.units) : [],
    action: e.action,
    purpose: e.purpose,
    fields: e.fields,
    outcome: e.outcome,
  };
}

/**
 * The access log of one person, newest first, `limit` at a time: the entries with the
 * person as subject and those naming them among several (a search result, a household).
 * Pass the returned `nextBefore` as `before` for the next page. Admin only for now; the
 * citizen portal will allow the person themself.
 */
export async function accessLog(
  db: Db,
  actor: Actor,
  pid: string,
  page: { limit?: number; before?: number } = {},
): Promise<{ items: AccessLogItem[]; nextBefore: number | null }> {
  assertAdmin(actor);
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw badRequest('audit.bad_limit', 'limit must be 1 … 500', [{ field: 'limit', message: '1 … 500' }]);
  const rows = await repo.subjectEntries(db, pid, page.before, limit + 1);
  const items = rows.slice(0, limit).map(accessLogItem);
  return { items, nextBefore: rows.length > limit ? (items[items.length - 1]?.seq ?? null) : null };
}
