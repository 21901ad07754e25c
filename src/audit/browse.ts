import type { Db } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, forbidden } from '../shared/errors.js';
import * as repo from './audit.repo.js';
import type { AuditEntry } from './leaf.js';

/** What an operator may filter the audit log by. Every filter is optional; all given must hold. */
export interface BrowseQuery {
  /** Exact actor id, e.g. `client:vcb.1a2b3c` or `operator:lan`. */
  actor?: string | undefined;
  /** Agency code of an exchange read (detail.agency). */
  agency?: string | undefined;
  /**
   * The person whose data was touched: the entry's subject, or one of the further persons
   * it names (a search's results, a household's members; indexed in audit_subjects).
   */
  pid?: string | undefined;
  action?: string | undefined;
  outcome?: 'ok' | 'denied' | 'error' | undefined;
  /** ISO date-times: recorded at or after `from`, before `to`. */
  from?: string | undefined;
  to?: string | undefined;
  /** Paging: only entries with a smaller seq (pass the previous page's `nextBefore`). */
  before?: number | undefined;
  /** 1 … 200, default 50. */
  limit?: number | undefined;
}

function instant(field: 'from' | 'to', v: string | undefined): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const t = new Date(v);
  if (Number.isNaN(t.getTime()))
    throw badRequest('audit.bad_filter', `${field} is not a date-time`, [
      { field, message: 'not an ISO 8601 date-time' },
    ]);
  return t;
}

/**
 * Browses the audit log, newest first, for an admin: entries with their leaf hashes
 * (base64), and `nextBefore` for the next page (null on the last one).
 *
 * @example
 *   const page = await browseEntries(db, admin, { agency: 'vcb', from: '2026-11-01T00:00:00Z' });
 */
export async function browseEntries(
  db: Db,
  actor: Actor,
  q: BrowseQuery,
): Promise<{ items: (AuditEntry & { leafHash: string })[]; nextBefore: number | null }> {
  if (!actor.roles.includes('admin'))
    throw forbidden('auth.forbidden', 'Only an admin may read the audit log');
  const limit = q.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw badRequest('audit.bad_limit', 'limit must be 1 … 200', [{ field: 'limit', message: '1 … 200' }]);
  const from = instant('from', q.from);
  const to = instant('to', q.to);
  const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());
  const filter: repo.EntryFilter = {
    actorId: blank(q.actor),
    agency: blank(q.agency),
    action: blank(q.action),
    outcome: q.outcome,
    from,
    to,
    subjectPid: blank(q.pid),
    beforeSeq: q.before,
  };
  const rows = await repo.browseEntries(db, filter, limit + 1);
  const items = rows.slice(0, limit).map((e) => ({ ...e, leafHash: e.leafHash.toString('base64') }));
  return { items, nextBefore: rows.length > limit ? (items[items.length - 1]?.seq ?? null) : null };
}
