import type { Generated, Selectable } from 'kysely';
import { type Db, PREPARED, sql } from '../db/index.js';
import { type AuditEntry, type AuditEntryContent, LEAF_HEAD, leafTail } from './leaf.js';

/** Only SQL. Every bytea comes back as a Buffer, whichever the driver. */

export interface AuditHeadTable {
  id: number;
  next_seq: number;
}
export interface AuditEntriesTable {
  seq: number;
  recorded_at: Date;
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
export interface AuditBlocksTable {
  block_no: number;
  hash: Uint8Array;
}
export interface AuditKeysTable {
  key_id: string;
  name: string;
  public_key: Uint8Array;
  created_at: Generated<Date>;
}
export interface AuditSubjectsTable {
  pid: string;
  seq: number;
}
export interface AuditCheckpointsTable {
  tree_size: number;
  root_hash: Uint8Array;
  created_at: Date;
  key_id: string;
  signature: Uint8Array;
  note: string;
}

declare module '../db/tables.js' {
  interface Tables {
    audit_head: AuditHeadTable;
    audit_entries: AuditEntriesTable;
    audit_blocks: AuditBlocksTable;
    audit_keys: AuditKeysTable;
    audit_checkpoints: AuditCheckpointsTable;
    audit_subjects: AuditSubjectsTable;
  }
}

export type CheckpointRow = Selectable<AuditCheckpointsTable>;
export type KeyRow = Selectable<AuditKeysTable>;

/** A driver's bytea (Buffer or Uint8Array) as a Buffer, without copying. */
export const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Entries per INSERT statement: a batch of at most this many is one atomic statement. */
export const APPEND_STATEMENT_ROWS = 2000;
const CHUNK = APPEND_STATEMENT_ROWS;

/**
 * Appends entries at the next free positions, in one statement per chunk: the counter row
 * is bumped (its row lock is held until the caller's transaction ends, which serializes
 * appenders in commit order) and each leaf hash is computed by the database over the
 * serialization head + seq + tail, so that seq need not be known beforehand. Entries
 * that name further persons (`detail.subjects`) are indexed in `audit_subjects` by the
 * same statement. Returns the first seq written.
 */
export async function insertEntries(db: Db, entries: readonly AuditEntryContent[]): Promise<number> {
  let first = -1;
  for (let off = 0; off < entries.length; off += CHUNK) {
    const chunk = entries.slice(off, off + CHUNK);
    const col = <K extends keyof AuditEntryContent>(k: K) => chunk.map((c) => c[k]);
    // One array per column (not one parameter per value): half the time of a VALUES list
    // at 2,000 rows. fields (text[] per row) travel as JSON, since SQL arrays of arrays
    // must be rectangular.
    const insert = sql`
        INSERT INTO audit_entries (seq, recorded_at, actor_id, actor_kind, action, subject_pid, purpose, fields,
                                   outcome, request_id, detail, leaf_hash)
        SELECT c.base + v.i - 1, v.recorded_at, v.actor_id, v.actor_kind, v.action, v.subject_pid, v.purpose,
               ARRAY(SELECT jsonb_array_elements_text(v.fields)), v.outcome, v.request_id, v.detail,
               sha256(decode('00', 'hex') || convert_to(${LEAF_HEAD}::text || (c.base + v.i - 1)::text || v.tail, 'UTF8'))
        FROM c, unnest(${col('recordedAt')}::timestamptz[], ${col('actorId')}::text[], ${col('actorKind')}::text[],
                       ${col('action')}::text[], ${col('subjectPid')}::text[], ${col('purpose')}::text[],
                       ${chunk.map((c) => JSON.stringify(c.fields))}::jsonb[], ${col('outcome')}::text[],
                       ${col('requestId')}::text[], ${chunk.map((c) => JSON.stringify(c.detail))}::jsonb[],
                       ${chunk.map(leafTail)}::text[])
             WITH ORDINALITY AS v (recorded_at, actor_id, actor_kind, action, subject_pid, purpose, fields, outcome,
                                   request_id, detail, tail, i)
        ORDER BY v.i`;
    const n = chunk.length;
    const head = sql`c AS (
        UPDATE audit_head SET next_seq = next_seq + ${n}::bigint WHERE id = 1 RETURNING next_seq - ${n}::bigint AS base
      )`;
    const withSubjects = chunk.some((c) => Array.isArray(c.detail.subjects));
    const res = withSubjects
      ? await sql<{ seq: number }>`${sql.raw(PREPARED)}
        WITH ${head}, e AS (${insert} RETURNING seq, detail),
        s AS (
          INSERT INTO audit_subjects (pid, seq)
          SELECT DISTINCT x.pid, e.seq FROM e,
            jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.detail -> 'subjects') = 'array'
                                           THEN e.detail -> 'subjects' ELSE '[]'::jsonb END) AS x (pid)
        )
        SELECT min(seq) AS seq FROM e`.execute(db)
      : await sql<{ seq: number }>`${sql.raw(PREPARED)}WITH ${head} ${insert} RETURNING seq`.execute(db);
    if (off === 0) first = Math.min(...res.rows.map((r) => Number(r.seq)));
  }
  return first;
}

/** Entries written so far according to the counter (the tree size to sign). */
export const headSize = async (db: Db) =>
  Number(
    (await db.selectFrom('audit_head').select('next_seq').where('id', '=', 1).executeTakeFirstOrThrow())
      .next_seq,
  );

/** One past the largest seq present (differs from headSize only after tampering). */
export const storedSize = async (db: Db) =>
  Number(
    (await sql<{ n: number | null }>`SELECT max(seq) + 1 AS n FROM audit_entries`.execute(db)).rows[0]?.n ??
      0,
  );

/** Leaf hashes of seq in [start, end), in order (missing rows are simply absent). */
export async function leafHashes(
  db: Db,
  start: number,
  end: number,
): Promise<{ seq: number; hash: Buffer }[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .select(['seq', 'leaf_hash'])
    .where('seq', '>=', start)
    .where('seq', '<', end)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), hash: buf(r.leaf_hash) }));
}

/** Cached block hashes of block_no in [from, to), in order. */
export async function blockHashes(db: Db, from: number, to: number): Promise<{ no: number; hash: Buffer }[]> {
  const rows = await db
    .selectFrom('audit_blocks')
    .select(['block_no', 'hash'])
    .where('block_no', '>=', from)
    .where('block_no', '<', to)
    .orderBy('block_no')
    .execute();
  return rows.map((r) => ({ no: Number(r.block_no), hash: buf(r.hash) }));
}

/** Caches block hashes; idempotent (the hash of a block never changes). */
export async function insertBlocks(db: Db, rows: { no: number; hash: Buffer }[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('audit_blocks')
    .values(rows.map((r) => ({ block_no: r.no, hash: r.hash })))
    .onConflict((oc) => oc.column('block_no').doNothing())
    .execute();
}

const RECORDED = sql<string>`to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

type StoredEntry = AuditEntry & { leafHash: Buffer };

const entryQuery = (db: Db) =>
  db
    .selectFrom('audit_entries')
    .select([
      'seq',
      RECORDED.as('recorded_at'),
      'actor_id',
      'actor_kind',
      'action',
      'subject_pid',
      'purpose',
      'fields',
      'outcome',
      'request_id',
      'detail',
      'leaf_hash',
    ]);

type EntrySelect = Awaited<ReturnType<ReturnType<typeof entryQuery>['executeTakeFirstOrThrow']>>;

const toEntry = (r: EntrySelect): StoredEntry => ({
  seq: Number(r.seq),
  recordedAt: r.recorded_at,
  actorId: r.actor_id,
  actorKind: r.actor_kind,
  action: r.action,
  subjectPid: r.subject_pid,
  purpose: r.purpose,
  fields: r.fields,
  outcome: r.outcome as AuditEntry['outcome'],
  requestId: r.request_id,
  detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
  leafHash: buf(r.leaf_hash),
});

/** One entry, with recorded_at rendered exactly as the serialization has it. */
export const findEntry = async (db: Db, seq: number) => {
  const r = await entryQuery(db).where('seq', '=', seq).executeTakeFirst();
  return r ? toEntry(r) : undefined;
};

/** A page of entries in seq order after `afterSeq` (the verifier's scan). */
export const entriesAfter = async (db: Db, afterSeq: number, limit: number) =>
  (await entryQuery(db).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()).map(toEntry);

/**
 * A person's entries, newest first, before `beforeSeq`: those with the person as subject
 * and those that name the person among further subjects (audit_subjects).
 */
export const subjectEntries = async (db: Db, pid: string, beforeSeq: number | undefined, limit: number) => {
  const before = beforeSeq ?? Number.MAX_SAFE_INTEGER;
  const seqs = sql<number>`(
    (SELECT seq FROM audit_entries WHERE subject_pid = ${pid} AND seq < ${before} ORDER BY seq DESC LIMIT ${limit})
    UNION
    (SELECT seq FROM audit_subjects WHERE pid = ${pid} AND seq < ${before} ORDER BY seq DESC LIMIT ${limit}))`;
  return (await entryQuery(db).where('seq', 'in', seqs).orderBy('seq', 'desc').limit(limit).execute()).map(
    toEntry,
  );
};

/** The index rows (pid, seq) of audit_subjects with seq in [from, to), for the verifier. */
export const subjectIndex = (db: Db, from: number, to: number) =>
  sql<{ pid: string; seq: number }>`SELECT pid, seq FROM audit_subjects WHERE seq >= ${from} AND seq < ${to}`
    .execute(db)
    .then((r) => r.rows.map((x) => ({ pid: x.pid, seq: Number(x.seq) })));

/** Records a signer public key; idempotent. */
export const insertKey = (db: Db, row: { key_id: string; name: string; public_key: Buffer }) =>
  db
    .insertInto('audit_keys')
    .values(row)
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();

/** Every signer public key, oldest first. */
export const listKeys = (db: Db) => db.selectFrom('audit_keys').selectAll().orderBy('created_at').execute();

/** Stores a checkpoint; a second one of the same size is ignored (returns false). */
export const insertCheckpoint = async (db: Db, row: CheckpointRow) =>
  (
    await db
      .insertInto('audit_checkpoints')
      .values(row)
      .onConflict((oc) => oc.column('tree_size').doNothing())
      .executeTakeFirst()
  ).numInsertedOrUpdatedRows === 1n;

/** The checkpoint of the largest tree size. */
export const latestCheckpoint = (db: Db) =>
  db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();

/** The checkpoint at exactly `size` entries. */
export const checkpointAt = (db: Db, size: number) =>
  db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '=', size).executeTakeFirst();

/** Every checkpoint, smallest tree first. */
export const listCheckpoints = (db: Db) =>
  db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();

/** Filters of {@link browseEntries}; every one optional. */
export interface EntryFilter {
  actorId?: string | undefined;
  /** detail.agency, as the exchange writes it (the agency code). */
  agency?: string | undefined;
  subjectPid?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  /** recorded_at ≥ from, < to. */
  from?: Date | undefined;
  to?: Date | undefined;
  beforeSeq?: number | undefined;
}

/** The filters of `f` other than the person and `beforeSeq`, on the entry `e`. */
function entryConditions(f: EntryFilter) {
  const c = [];
  if (f.actorId !== undefined) c.push(sql`e.actor_id = ${f.actorId}`);
  if (f.agency !== undefined) c.push(sql`e.detail ->> 'agency' = ${f.agency}`);
  if (f.action !== undefined) c.push(sql`e.action = ${f.action}`);
  if (f.outcome !== undefined) c.push(sql`e.outcome = ${f.outcome}`);
  if (f.from !== undefined) c.push(sql`e.recorded_at >= ${f.from}`);
  if (f.to !== undefined) c.push(sql`e.recorded_at < ${f.to}`);
  return c.length === 0 ? sql`` : sql` AND ${sql.join(c, sql` AND `)}`;
}

/**
 * Entries matching every given filter, newest first, before `beforeSeq`. Without a person
 * the log is walked backwards from `beforeSeq` (the primary key) until `limit` match. A
 * person (`subjectPid`) is found as the entry's subject and among further subjects
 * (`audit_subjects`, e.g. every person a search returned): each branch walks its index
 * ((subject_pid, seq), and audit_subjects' (pid, seq)) with the other filters applied and
 * stops at `limit`; the union keeps an entry that names the person both ways once.
 */
export const browseEntries = async (db: Db, f: EntryFilter, limit: number) => {
  const before = f.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  const others = entryConditions(f);
  const seqs =
    f.subjectPid === undefined
      ? sql<number>`(SELECT e.seq FROM audit_entries e WHERE e.seq < ${before}${others}
                     ORDER BY e.seq DESC LIMIT ${limit})`
      : sql<number>`(
          (SELECT e.seq FROM audit_entries e
            WHERE e.subject_pid = ${f.subjectPid} AND e.seq < ${before}${others}
            ORDER BY e.seq DESC LIMIT ${limit})
          UNION
          (SELECT e.seq FROM audit_subjects s JOIN audit_entries e ON e.seq = s.seq
            WHERE s.pid = ${f.subjectPid} AND s.seq < ${before}${others}
            ORDER BY s.seq DESC LIMIT ${limit}))`;
  return (await entryQuery(db).where('seq', 'in', seqs).orderBy('seq', 'desc').limit(limit).execute()).map(
    toEntry,
  );
};
