import { type Kysely, sql, type Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import type { Candidate, PersonRecord, RowProblem } from './types.js';

type Db = Kysely<Tables> | Transaction<Tables>;

export type JobStatus = 'queued' | 'importing' | 'linking' | 'resolving' | 'done' | 'failed' | 'cancelled';
export type ResultStatus = 'linked' | 'review' | 'unmatched' | 'rejected';

export interface JobRow {
  id: string;
  name: string;
  kind: string;
  mode: 'registry' | 'dedupe';
  scope: string;
  source_path: string;
  source_bytes: string | number;
  format: string | null;
  encoding: string | null;
  headers: string[] | null;
  mapping: Record<string, string>;
  model: unknown;
  options: Record<string, unknown>;
  status: JobStatus;
  imported_line: number;
  rows_total: number;
  rows_rejected: number;
  chunks_total: number;
  chunks_done: number;
  counts: Record<string, number>;
  timings: Record<string, number>;
  error: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
}

export interface RowRow {
  job_id: string;
  line: number;
  chunk: number;
  cells: string[];
  record: PersonRecord | null;
  row_hash: string | null;
  problems: RowProblem[] | null;
}

export interface ChunkRow {
  job_id: string;
  chunk: number;
  rows: number;
  done: boolean;
  comparisons: string | number;
}

export interface ResultRow {
  job_id: string;
  line: number;
  chunk: number;
  status: ResultStatus;
  pid: string | null;
  probability: number | null;
  candidates: Candidate[];
  disagreements: string[];
  decided_by: string | null;
  province: string | null;
  commune: string | null;
}

export interface DecisionRow {
  scope: string;
  row_hash: string;
  decision: 'accept' | 'reject' | 'pick';
  pid: string | null;
  decided_by: string;
  decided_at: Date;
  job_id: string;
  line: number;
}

declare module '../db/tables.js' {
  interface Tables {
    cleaning_jobs: JobRow;
    cleaning_rows: RowRow;
    cleaning_chunks: ChunkRow;
    cleaning_results: ResultRow;
    cleaning_clusters: { job_id: string; line: number; cluster: string };
    cleaning_decisions: DecisionRow;
  }
}

export const getJob = (db: Db, id: string) =>
  db.selectFrom('cleaning_jobs').selectAll().where('id', '=', id).executeTakeFirst();

export const listJobs = (db: Db, limit: number) =>
  db.selectFrom('cleaning_jobs').selectAll().orderBy('created_at', 'desc').limit(limit).execute();

const JSON_COLUMNS = ['mapping', 'model', 'options', 'counts', 'timings'] as const;

/** jsonb values go to the driver as JSON text (an array would otherwise become a PostgreSQL array). */
function jsonColumns<T extends Partial<JobRow>>(row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of JSON_COLUMNS) if (out[k] !== undefined && out[k] !== null) out[k] = JSON.stringify(out[k]);
  return out as T;
}

export async function insertJob(
  db: Db,
  row: Partial<JobRow> &
    Pick<JobRow, 'id' | 'name' | 'kind' | 'mode' | 'scope' | 'source_path' | 'source_bytes' | 'created_by'>,
) {
  await db
    .insertInto('cleaning_jobs')
    .values(jsonColumns({ status: 'queued', ...row }) as never)
    .execute();
}

export async function updateJob(db: Db, id: string, patch: Partial<JobRow>) {
  await db
    .updateTable('cleaning_jobs')
    .set({ ...jsonColumns(patch), updated_at: new Date() } as never)
    .where('id', '=', id)
    .execute();
}

/**
 * Takes the lease of one runnable job (a given one, or the oldest whose lease has run out),
 * so that two workers never run the same job; a crashed worker's job is taken over when
 * its lease expires.
 */
export async function claimJob(
  db: Db,
  owner: string,
  leaseMs: number,
  id?: string,
): Promise<JobRow | undefined> {
  const until = new Date(Date.now() + leaseMs);
  const r = await sql<JobRow>`
    UPDATE cleaning_jobs SET lease_owner = ${owner}, lease_until = ${until}, updated_at = now()
    WHERE id = (
      SELECT id FROM cleaning_jobs
      WHERE status IN ('queued', 'importing', 'linking', 'resolving')
        AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${owner})
        ${id ? sql`AND id = ${id}` : sql``}
      ORDER BY created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return r.rows[0];
}

/** Extends the lease; false when another worker holds it now (this one must stop). */
export async function renewLease(db: Db, id: string, owner: string, leaseMs: number): Promise<boolean> {
  const r = await db
    .updateTable('cleaning_jobs')
    .set({ lease_until: new Date(Date.now() + leaseMs) })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const releaseLease = (db: Db, id: string, owner: string) =>
  db
    .updateTable('cleaning_jobs')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();

export const pendingChunks = (db: Db, jobId: string) =>
  db
    .selectFrom('cleaning_chunks')
    .select(['chunk', 'rows'])
    .where('job_id', '=', jobId)
    .where('done', '=', false)
    .orderBy('chunk')
    .execute();

/** A chunk's rows for matching: the record as JSON text (parsed by the matching thread). */
export const chunkRows = (db: Db, jobId: string, chunk: number) =>
  db
    .selectFrom('cleaning_rows')
    .select(['line', sql<string | null>`record::text`.as('record'), 'row_hash'])
    .where('job_id', '=', jobId)
    .where('chunk', '=', chunk)
    .orderBy('line')
    .execute();

/**
 * Up to `n` normalised records spread evenly over the file: the first accepted record in
 * each of `n` equal stretches of lines 1 … lastLine. Deterministic and read by primary
 * key, instead of sorting every row by a hash of its line; a header or rejected line at a
 * stretch's start gives way to the next good line of that stretch, so the sample stays
 * full and even. Returned in file order: the trainer shuffles.
 */
export async function sampleRecords(db: Db, jobId: string, lastLine: number, n: number) {
  const strata = Math.max(1, Math.min(n, lastLine));
  const { rows } = await sql<{ record: unknown }>`
    SELECT r.record
    FROM generate_series(0, ${strata - 1}::int) AS s(i)
    CROSS JOIN LATERAL (
      SELECT record FROM cleaning_rows
      WHERE job_id = ${jobId}
        AND line >= 1 + floor(s.i::float8 * ${lastLine}::int / ${strata}::int)::int
        AND line < 1 + floor((s.i + 1)::float8 * ${lastLine}::int / ${strata}::int)::int
        AND record IS NOT NULL
      ORDER BY line
      LIMIT 1
    ) AS r
    ORDER BY s.i`.execute(db);
  return rows.map((r) => r.record);
}

export async function statusCounts(db: Db, jobId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('cleaning_results')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('job_id', '=', jobId)
    .groupBy('status')
    .execute();
  const out: Record<string, number> = { linked: 0, review: 0, unmatched: 0, rejected: 0 };
  for (const r of rows) out[r.status] = r.n;
  const dup = await db
    .selectFrom('cleaning_clusters')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  out.inClusters = dup?.n ?? 0;
  return out;
}
