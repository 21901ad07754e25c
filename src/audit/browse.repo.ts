import { type Db, sql } from '../db/index.js';
import { buf, type EntryFilter } from './audit.repo.js';
import type { AuditEntry } from './leaf.js';

/**
 * SQL of the audit browser's person filter, and nothing else. A person is found as the
 * entry's subject (`audit_entries.subject_pid`) and among further subjects
 * (`audit_subjects`, e.g. every person a search returned).
 */

/** The filters other than the person, on the entry `e`. */
function otherConditions(f: EntryFilter) {
  const c = [];
  if (f.actorId !== undefined) c.push(sql`e.actor_id = ${f.actorId}`);
  if (f.agency !== undefined) c.push(sql`e.detail ->> 'agency' = ${f.agency}`);
  if (f.action !== undefined) c.push(sql`e.action = ${f.action}`);
  if (f.outcome !== undefined) c.push(sql`e.outcome = ${f.outcome}`);
  if (f.from !== undefined) c.push(sql`e.recorded_at >= ${f.from}`);
  if (f.to !== undefined) c.push(sql`e.recorded_at < ${f.to}`);
  return c.length === 0 ? sql`` : sql` AND ${sql.join(c, sql` AND `)}`;
}

interface Row {
  seq: number | string;
  recorded_at: string;
  actor_id: string;
  actor_kind: string;
  action: string;
  subject_pid: string | null;
  purpose: string | null;
  fields: string[];
  outcome: string;
  request_id: string | null;
  detail: unknown;
  leaf_hash: Uint8Array;
}

/**
 * Entries about `pid` that match every other filter of `f`, newest first, before
 * `f.beforeSeq`. Each branch walks its index backwards ((subject_pid, seq) and
 * audit_subjects' (pid, seq)) and stops at `limit` matches; the union keeps an entry that
 * names the person both ways once.
 */
export async function entriesAboutPerson(
  db: Db,
  pid: string,
  f: EntryFilter,
  limit: number,
): Promise<(AuditEntry & { leafHash: Buffer })[]> {
  const before = f.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  const others = otherConditions(f);
  const r = await sql<Row>`
    SELECT seq, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
           actor_id, actor_kind, action, subject_pid, purpose, fields, outcome, request_id, detail, leaf_hash
      FROM audit_entries
     WHERE seq IN (
       (SELECT e.seq FROM audit_entries e
         WHERE e.subject_pid = ${pid} AND e.seq < ${before}${others}
         ORDER BY e.seq DESC LIMIT ${limit})
       UNION
       (SELECT e.seq FROM audit_subjects s JOIN audit_entries e ON e.seq = s.seq
         WHERE s.pid = ${pid} AND s.seq < ${before}${others}
         ORDER BY s.seq DESC LIMIT ${limit}))
     ORDER BY seq DESC
     LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({
    seq: Number(x.seq),
    recordedAt: x.recorded_at,
    actorId: x.actor_id,
    actorKind: x.actor_kind,
    action: x.action,
    subjectPid: x.subject_pid,
    purpose: x.purpose,
    fields: x.fields,
    outcome: x.outcome as AuditEntry['outcome'],
    requestId: x.request_id,
    detail: (typeof x.detail === 'string' ? JSON.parse(x.detail) : x.detail) as Record<string, unknown>,
    leafHash: buf(x.leaf_hash),
  }));
}
