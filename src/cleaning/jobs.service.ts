/**
 * Cleaning jobs: a dataset file is imported into rows, matched chunk by chunk against the
 * register on worker threads, then grouped into duplicate clusters. Every phase commits
 * its progress, so a job whose process dies is taken over (lease expiry) and resumed
 * where it stopped, writing nothing twice.
 */

import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import { basename } from 'node:path';
import { sql } from 'kysely';
import { type AuditEntryInput, appendAuditBatch, MAX_SUBJECTS } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { streamLinkagePersons } from '../registry/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, forbidden, notFound } from '../shared/errors.js';
import { loadUnitSnapshot } from '../units/index.js';
import { pairsOnThreads } from './dedupe-threads.js';
import type { MatchOutput } from './engine.js';
import { cellsOf, type ImportedRow, importRows } from './import-rows.js';
import { openDataset, suggestMapping } from './io/index.js';
import * as repo from './jobs.repo.js';
import { linkDigest } from './link-digest.js';
import {
  clusterRoots,
  defaultModel,
  duplicatePairs,
  type LinkModel,
  ReferenceIndex,
  trainModel,
} from './model/index.js';
import { createNormaliser, type Normaliser, normaliserFrom } from './normalise/index.js';
import { startMatchPool } from './pool.js';
import { startThreads } from './threads.js';
import type { ColumnMapping, PersonRecord, RawRow, RowProblem } from './types.js';

/** Rows per chunk: the unit of matching work, of commit, and of resumption. */
export const CHUNK_ROWS = 2000;
/** A running job renews its lease this often; a lease lasts three times as long. */
const HEARTBEAT_MS = 10_000;
const LEASE_MS = 3 * HEARTBEAT_MS;

export interface JobOptions {
  /** Estimate the model's m and u on this dataset before matching (default true for ≥ 2,000 rows). */
  train?: boolean;
  format?: 'csv' | 'xlsx' | 'jsonl';
  encoding?: string;
}

export interface CreateJobInput {
  /** The dataset file, already on this machine (uploads are saved first). */
  path: string;
  name?: string;
  /** What the dataset holds, e.g. vaccination, insurance, bank. */
  kind: string;
  /** `registry`: match against the register (default); `dedupe`: find duplicates in the file only. */
  mode?: 'registry' | 'dedupe';
  /** Header → role; absent headers are guessed from their names. */
  mapping?: ColumnMapping;
  /** A saved model to use instead of the default (and no training). */
  model?: LinkModel;
  /** Decisions are reused across jobs of one scope (default: the kind). */
  scope?: string;
  options?: JobOptions;
}

export interface JobView {
  id: string;
  name: string;
  kind: string;
  mode: 'registry' | 'dedupe';
  scope: string;
  status: repo.JobStatus;
  format: string | null;
  encoding: string | null;
  headers: string[];
  mapping: Record<string, string>;
  rows: number;
  rejected: number;
  progress: { phase: repo.JobStatus; chunksDone: number; chunksTotal: number; fraction: number };
  counts: Record<string, number>;
  timings: Record<string, number>;
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export function assertCanClean(actor: Actor | undefined): asserts actor is Actor {
  if (!actor) throw forbidden('auth.required', 'Log in first');
  if (!actor.roles.includes('admin') && !actor.roles.includes('data_officer'))
    throw forbidden('cleaning.forbidden', 'Cleaning jobs are for data officers and admins');
}

export function toView(j: repo.JobRow): JobView {
  const fraction =
    j.status === 'done'
      ? 1
      : j.status === 'queued' || j.status === 'importing'
        ? 0
        : j.chunks_total === 0
          ? 0
          : j.chunks_done / j.chunks_total;
  return {
    id: j.id,
    name: j.name,
    kind: j.kind,
    mode: j.mode,
    scope: j.scope,
    status: j.status,
    format: j.format,
    encoding: j.encoding,
    headers: j.headers ?? [],
    mapping: j.mapping,
    rows: j.rows_total,
    rejected: j.rows_rejected,
    progress: { phase: j.status, chunksDone: j.chunks_done, chunksTotal: j.chunks_total, fraction },
    counts: j.counts,
    timings: j.timings,
    error: j.error,
    createdBy: j.created_by,
    createdAt: new Date(j.created_at).toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
  };
}

/** Registers a job for a dataset file; a runner (the server's, or `dancu clean`) runs it. */
export async function createJob(
  database: Database,
  actor: Actor | undefined,
  input: CreateJobInput,
): Promise<JobView> {
  assertCanClean(actor);
  const info = await stat(input.path).catch(() => undefined);
  if (!info?.isFile()) throw badRequest('dataset.not_found', `No dataset file at ${input.path}`);
  if (info.size === 0) throw badRequest('dataset.empty', 'The dataset file is empty');
  if (!/^[a-z0-9_.-]{1,40}$/i.test(input.kind))
    throw badRequest('cleaning.kind_invalid', 'kind is 1–40 letters, digits, dots, dashes or underscores');
  const id = `cj_${randomBytes(8).toString('hex')}`;
  await repo.insertJob(database.db, {
    id,
    name: input.name ?? basename(input.path),
    kind: input.kind,
    mode: input.mode ?? 'registry',
    scope: input.scope ?? input.kind,
    source_path: input.path,
    source_bytes: info.size,
    mapping: (input.mapping ?? {}) as Record<string, string>,
    model: input.model ?? null,
    options: (input.options ?? {}) as Record<string, unknown>,
    created_by: actor.id,
  });
  return getJob(database, actor, id);
}

export async function getJob(database: Database, actor: Actor | undefined, id: string): Promise<JobView> {
  assertCanClean(actor);
  const j = await repo.getJob(database.db, id);
  if (!j) throw notFound('cleaning.job_not_found', `No cleaning job ${id}`);
  return toView(j);
}

export async function listJobs(database: Database, actor: Actor | undefined, limit = 50): Promise<JobView[]> {
  assertCanClean(actor);
  return (await repo.listJobs(database.db, Math.min(Math.max(limit, 1), 200))).map(toView);
}

export async function cancelJob(database: Database, actor: Actor | undefined, id: string): Promise<JobView> {
  const job = await getJob(database, actor, id);
  if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') return job;
  await repo.updateJob(database.db, id, { status: 'cancelled', finished_at: new Date() });
  return getJob(database, actor, id);
}

/** The model a job used (or will use), as readable JSON. */
export async function jobModel(database: Database, actor: Actor | undefined, id: string): Promise<LinkModel> {
  await getJob(database, actor, id);
  const j = await repo.getJob(database.db, id);
  return (j?.model as LinkModel | null) ?? defaultModel();
}

export interface RunOptions {
  /** Matching threads (default: the machine's cores; 0 = in this thread). */
  workers?: number;
  /** Lease owner name (default host:pid). */
  owner?: string;
  onProgress?: (job: JobView) => void;
  /** Stop after this many chunks of matching (tests use it to simulate a crash). */
  stopAfterChunks?: number;
  /**
   * Threads that normalise the file during import (default: every core for a file of
   * 16 MiB or more, else 0 = this thread).
   */
  importWorkers?: number;
}

/** Rows from which the duplicate search runs on threads (thread start-up costs ~1 s). */
const DEDUPE_THREADS_FROM = 50_000;

/** File size from which an import normalises on threads by default (thread start-up costs ~1 s). */
const IMPORT_THREADS_FROM = 16 * 1024 * 1024;

/** The default number of matching threads: every core (the main thread mostly waits on the database). */
export const defaultWorkers = () => Math.max(1, availableParallelism());

/**
 * Runs (or resumes) one job to its end in this process: claims its lease, runs the phases
 * that are left, and returns the finished job. Throws if another live process holds it.
 */
export async function runJob(database: Database, id: string, opts: RunOptions = {}): Promise<JobView> {
  const owner = opts.owner ?? `${hostname()}:${process.pid}`;
  const claimed = await repo.claimJob(database.db, owner, LEASE_MS, id);
  if (!claimed) {
    const j = await repo.getJob(database.db, id);
    if (!j) throw notFound('cleaning.job_not_found', `No cleaning job ${id}`);
    if (['done', 'failed', 'cancelled'].includes(j.status)) return toView(j);
    throw badRequest(
      'cleaning.job_busy',
      `Job ${id} is being run by ${j.lease_owner} (lease until ${j.lease_until?.toISOString?.() ?? j.lease_until})`,
    );
  }
  return runClaimed(database, claimed, owner, opts);
}

class LeaseLost extends Error {}
class Stopped extends Error {}

async function runClaimed(
  database: Database,
  claimed: repo.JobRow,
  owner: string,
  opts: RunOptions,
): Promise<JobView> {
  const db = database.db;
  const id = claimed.id;
  let lost = false;
  const beat = setInterval(() => {
    repo
      .renewLease(db, id, owner, LEASE_MS)
      .then((ok) => {
        if (!ok) lost = true;
      })
      .catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref();
  const check = async () => {
    if (lost) throw new LeaseLost(`lost the lease of ${id}`);
    const j = await repo.getJob(db, id);
    if (j?.status === 'cancelled') throw new Stopped('cancelled');
    return j as repo.JobRow;
  };
  const progress = async () => opts.onProgress?.(toView(await check()));
  // Stops a register index being built beside an import that failed or was stopped.
  const stopIndexing = new AbortController();
  try {
    let job = claimed;
    let register: Promise<RegisterIndex> | undefined;
    let gathered: Gathered | undefined;
    if (job.status === 'queued') {
      await repo.updateJob(db, id, { status: 'importing' });
      job = await check();
    }
    if (job.status === 'importing') {
      const t0 = performance.now();
      // Built meanwhile: the register's index does not depend on the file.
      if (job.mode === 'registry') register = indexRegister(database, job, stopIndexing.signal);
      await importPhase(database, job, opts, progress);
      job = await check();
      const next = job.mode === 'registry' ? 'linking' : 'resolving';
      if (job.mode === 'dedupe') await writeUnlinked(database, job);
      await repo.updateJob(db, id, { status: next, timings: { ...job.timings, importMs: ms(t0) } });
      job = await check();
    }
    if (job.status === 'linking') {
      const t0 = performance.now();
      const linked = await linkPhase(
        database,
        job,
        opts,
        check,
        progress,
        register ?? indexRegister(database, job),
      );
      if (!linked.done) throw new Stopped('stopped after the requested chunks');
      gathered = linked.gathered;
      job = await check();
      await repo.updateJob(db, id, {
        status: 'resolving',
        timings: { ...job.timings, linkMs: (job.timings.linkMs ?? 0) + ms(t0) },
      });
      job = await check();
    }
    if (job.status === 'resolving') {
      const t0 = performance.now();
      await resolvePhase(database, job, opts, gathered);
      job = await check();
      const counts = await repo.statusCounts(db, id);
      await repo.updateJob(db, id, {
        status: 'done',
        counts: { ...job.counts, ...counts },
        finished_at: new Date(),
        timings: { ...job.timings, resolveMs: ms(t0) },
      });
    }
  } catch (e) {
    // Before the job is marked failed and its lease let go: no index build goes on after.
    stopIndexing.abort();
    if (!(e instanceof Stopped) && !(e instanceof LeaseLost)) {
      await repo.updateJob(db, id, {
        status: 'failed',
        error: e instanceof Error ? e.message : String(e),
        finished_at: new Date(),
      });
    }
    if (!(e instanceof Stopped)) {
      clearInterval(beat);
      await repo.releaseLease(db, id, owner);
      if (e instanceof LeaseLost) throw e;
      const j = await repo.getJob(db, id);
      return toView(j as repo.JobRow);
    }
  } finally {
    clearInterval(beat);
    stopIndexing.abort();
  }
  await repo.releaseLease(db, id, owner);
  const j = (await repo.getJob(db, id)) as repo.JobRow;
  opts.onProgress?.(toView(j));
  return toView(j);
}

const ms = (t0: number) => Math.round(performance.now() - t0);

/**
 * Reads the file and stores each row (cells, normalised record or the reasons it was
 * rejected) in chunks. Each chunk commits with the job's `imported_line`; a resumed
 * import drops any rows past it and skips the lines before it.
 */
async function importPhase(
  database: Database,
  job: repo.JobRow,
  opts: RunOptions,
  progress: () => Promise<void>,
): Promise<void> {
  const db = database.db;
  // Rows loaded after the last committed chunk belong to an interrupted round: drop them.
  await db
    .deleteFrom('cleaning_rows')
    .where('job_id', '=', job.id)
    .where('line', '>', job.imported_line)
    .execute();
  await db
    .deleteFrom('cleaning_chunks')
    .where('job_id', '=', job.id)
    .where('chunk', '>=', job.chunks_total)
    .execute();
  const options = job.options as JobOptions;
  const ds = await openDataset(job.source_path, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
  });
  const mapping: ColumnMapping = { ...suggestMapping(ds.headers), ...(job.mapping as ColumnMapping) };
  for (const h of Object.keys(job.mapping)) {
    if (!ds.headers.includes(h))
      throw badRequest(
        'cleaning.mapping_unknown_header',
        `The mapping names "${h}", which is not a column of the file (columns: ${ds.headers.join(', ')})`,
      );
  }
  if (!Object.values(mapping).some((r) => r !== 'ignore' && r !== 'recordId'))
    throw badRequest(
      'cleaning.mapping_empty',
      `No column could be recognised as a name, date of birth or ID number (columns: ${ds.headers.join(', ')}); give a mapping`,
    );
  await repo.updateJob(db, job.id, {
    format: ds.format,
    encoding: ds.encoding,
    headers: ds.headers,
    mapping,
  });
  const snapshot = await loadUnitSnapshot(db);
  let chunk = job.chunks_total;
  let total = job.rows_total;
  let rejected = job.rows_rejected;
  let pending: unknown[][] = [];
  let pendingRejected = 0;
  let lastLine = job.imported_line;
  let problemsSeen = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await database.copyInto(
      'cleaning_rows',
      ['job_id', 'line', 'chunk', 'cells', 'record', 'row_hash', 'problems'],
      pending,
    );
    total += pending.length;
    rejected += pendingRejected;
    const rows = pending.length;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cleaning_chunks')
        .values({ job_id: job.id, chunk, rows, done: false, comparisons: 0 })
        .execute();
      await repo.updateJob(trx, job.id, {
        imported_line: lastLine,
        chunks_total: chunk + 1,
        rows_total: total,
        rows_rejected: rejected,
      });
    });
    chunk++;
    pending = [];
    pendingRejected = 0;
    await progress();
  };
  // Problems the reader found (ragged rows, bad JSON) are rows too: they are kept, rejected.
  const readerProblems = (upTo: number) => {
    const out: RowProblem[] = [];
    while (problemsSeen < ds.problems.length && (ds.problems[problemsSeen]?.line ?? 0) <= upTo) {
      out.push(ds.problems[problemsSeen] as RowProblem);
      problemsSeen++;
    }
    return out;
  };
  const addRejected = (p: RowProblem) => {
    if (p.line <= job.imported_line) return;
    pending.push([job.id, p.line, chunk, [], null, null, JSON.stringify([p])]);
    pendingRejected++;
    lastLine = Math.max(lastLine, p.line);
  };
  const take = async ({ rows, out }: { rows: RawRow[]; out: ImportedRow[] }) => {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as RawRow;
      const r = out[i] as ImportedRow;
      for (const p of readerProblems(row.line)) addRejected(p);
      pending.push([job.id, row.line, chunk, cellsOf(ds.headers, row), r.record, r.rowHash, r.problems]);
      if (!r.record) pendingRejected++;
      lastLine = row.line;
      if (pending.length >= CHUNK_ROWS) await flush();
    }
  };
  // Normalising is most of an import's work: on threads for a large file, batches in
  // flight while this thread parses the file and writes chunks; results taken in order.
  const threads =
    opts.importWorkers ?? ((await stat(job.source_path)).size >= IMPORT_THREADS_FROM ? defaultWorkers() : 0);
  const pool =
    threads > 0
      ? await startThreads<RawRow[], ImportedRow[]>(
          'import.worker',
          { snapshot, headers: ds.headers, mapping, today: new Date().toISOString() },
          threads,
        )
      : undefined;
  const normaliser = pool ? undefined : normaliserFrom(snapshot);
  const queue: { rows: RawRow[]; out: Promise<ImportedRow[]> }[] = [];
  const takeNext = async () => {
    const next = queue.shift() as (typeof queue)[number];
    await take({ rows: next.rows, out: await next.out });
  };
  try {
    for await (const batch of ds.rows) {
      // Lines up to imported_line were stored before an interruption.
      const fresh = batch.filter((r) => r.line > job.imported_line);
      if (fresh.length === 0) continue;
      const out = pool
        ? pool.run(fresh)
        : Promise.resolve(importRows(normaliser as Normaliser, ds.headers, mapping, fresh));
      out.catch(() => {}); // awaited in order below
      queue.push({ rows: fresh, out });
      if (queue.length > (pool?.size ?? 0) * 2) await takeNext();
    }
    while (queue.length > 0) await takeNext();
  } finally {
    await pool?.close();
  }
  for (const p of readerProblems(Number.MAX_SAFE_INTEGER)) addRejected(p);
  await flush();
  if (total === 0) throw badRequest('dataset.empty', 'The dataset has no data rows');
}

/** Dedupe-only jobs: every row starts unmatched (or rejected); the resolve phase groups them. */
async function writeUnlinked(database: Database, job: repo.JobRow): Promise<void> {
  await sql`
    INSERT INTO cleaning_results (job_id, line, chunk, status, province, commune)
    SELECT job_id, line, chunk, CASE WHEN record IS NULL THEN 'rejected' ELSE 'unmatched' END,
           coalesce(record->>'province2025', record->>'provincePre'), coalesce(record->>'commune2025', record->>'communePre')
    FROM cleaning_rows WHERE job_id = ${job.id}
    ON CONFLICT (job_id, line) DO NOTHING`.execute(database.db);
  await sql`UPDATE cleaning_chunks SET done = true WHERE job_id = ${job.id}`.execute(database.db);
}

/** The register's index for a job, with a sample of its records and how long it took. */
interface RegisterIndex {
  index: ReferenceIndex;
  /** a hundred records of each page, from which training sees which fields the register has */
  sample: PersonRecord[];
  buildMs: number;
}

/**
 * The register, normalised and indexed with the blocking rules of the job's model (the
 * built-in one unless a model was given), a page at a time (no array of records kept).
 * It does not depend on the file, so a job starts it when the import starts.
 */
function indexRegister(database: Database, job: repo.JobRow, signal?: AbortSignal): Promise<RegisterIndex> {
  const t0 = performance.now();
  const built = (async () => {
    const normaliser = await createNormaliser(database);
    const index = new ReferenceIndex((job.model as LinkModel | null) ?? defaultModel());
    const sample: PersonRecord[] = [];
    for await (const page of streamLinkagePersons(database, { pageSize: 20_000, order: 'physical' })) {
      signal?.throwIfAborted();
      const records = page.map((p) => normaliser.recordFromRegistry(p));
      index.add(records);
      sample.push(...records.slice(0, 100));
    }
    return { index, sample, buildMs: ms(t0) };
  })();
  built.catch(() => {}); // awaited by the link phase; a failed import never gets there
  return built;
}

/** How many records to train on: enough for EM to settle, few enough to take seconds. */
const TRAIN_SAMPLE = 20_000;

async function linkPhase(
  database: Database,
  job: repo.JobRow,
  opts: RunOptions,
  check: () => Promise<repo.JobRow>,
  progress: () => Promise<void>,
  register: Promise<RegisterIndex>,
): Promise<{ done: boolean; gathered?: Gathered }> {
  const db = database.db;
  const t0 = performance.now();
  const given = job.model as LinkModel | null;
  const { index, sample: registerSample, buildMs } = await register;
  // The wait after the import (the index was built during it when the job started there).
  const referenceMs = ms(t0);
  let model = given;
  const t1 = performance.now();
  if (!model) {
    const train = (job.options as JobOptions).train ?? job.rows_total >= CHUNK_ROWS;
    model = defaultModel();
    if (train && index.size > 0) {
      const sample = await repo.sampleRecords(db, job.id, job.imported_line, TRAIN_SAMPLE);
      // Trained from the built-in model, so the index (built with its blocking rules) serves both.
      model = trainModel({
        records: sample as PersonRecord[],
        reference: registerSample,
        index,
        seed: 1,
      });
    }
    await repo.updateJob(db, job.id, { model: model as never });
  }
  const decisions = new Map<string, repo.DecisionRow>();
  for (const d of await db
    .selectFrom('cleaning_decisions')
    .selectAll()
    .where('scope', '=', job.scope)
    .execute())
    decisions.set(d.row_hash, d);
  const trainMs = ms(t1);
  const t2 = performance.now();
  const pool = await startMatchPool(model, index, opts.workers ?? defaultWorkers());
  const timings = {
    ...job.timings,
    referenceMs,
    referenceBuildMs: buildMs,
    referenceSize: index.size,
    trainMs,
    poolStartMs: ms(t2),
  };
  await repo.updateJob(db, job.id, { timings });
  try {
    const chunks = await repo.pendingChunks(db, job.id);
    const limit = Math.min(chunks.length, opts.stopAfterChunks ?? chunks.length);
    // When this run links every chunk, the duplicate search gets its index from here
    // instead of reading every record back.
    const gathered = chunks.length === job.chunks_total ? new Gathered(model) : undefined;
    let matchComputeMs = 0;
    let matchCpuMs: number | undefined;
    let chunkReadMs = 0;
    let commitMs = 0;
    let stop = false;
    // Keep every thread busy: up to size+1 chunks in flight, each committed when it finishes.
    let nextIndex = 0;
    const runOne = async (): Promise<void> => {
      while (!stop && nextIndex < limit) {
        const c = chunks[nextIndex++] as { chunk: number };
        let t = performance.now();
        const rows = await repo.chunkRows(db, job.id, c.chunk);
        chunkReadMs += performance.now() - t;
        const input = rows.flatMap((r) => (r.record ? [{ line: r.line, record: r.record }] : []));
        const { results, comparisons, computeMs, cpuMs } = await pool.match(input);
        matchComputeMs += computeMs;
        if (cpuMs !== undefined) matchCpuMs = (matchCpuMs ?? 0) + cpuMs;
        t = performance.now();
        const stored = await commitChunk(database, job, c.chunk, rows, results, comparisons, decisions);
        gathered?.add(rows, stored);
        commitMs += performance.now() - t;
        await check();
        await progress();
      }
    };
    try {
      await Promise.all(Array.from({ length: pool.size + 1 }, runOne));
    } catch (e) {
      stop = true;
      throw e;
    }
    const now = await check();
    await repo.updateJob(db, job.id, {
      timings: {
        ...now.timings,
        matchComputeMs: Math.round((now.timings.matchComputeMs ?? 0) + matchComputeMs),
        ...(matchCpuMs !== undefined
          ? { matchCpuMs: Math.round((now.timings.matchCpuMs ?? 0) + matchCpuMs) }
          : {}),
        chunkReadMs: Math.round((now.timings.chunkReadMs ?? 0) + chunkReadMs),
        commitMs: Math.round((now.timings.commitMs ?? 0) + commitMs),
      },
    });
    const left = await repo.pendingChunks(db, job.id);
    return left.length === 0 ? { done: true, ...(gathered ? { gathered } : {}) } : { done: false };
  } finally {
    await pool.close();
  }
}

/**
 * Writes one chunk's results (replacing any from an interrupted earlier attempt), the audit
 * entries of the persons it linked, and marks the chunk done — in one transaction.
 */
/** A row of cleaning_results as commitChunk writes it (candidates already packed). */
interface StoredResult {
  line: number;
  status: repo.ResultStatus;
  pid: string | null;
  probability: number | null;
  candidates: string;
  disagreements: string[];
  decided_by: string | null;
  province: string | null;
  commune: string | null;
}

async function commitChunk(
  database: Database,
  job: repo.JobRow,
  chunk: number,
  rows: { line: number; record: string | null; row_hash: string | null }[],
  results: MatchOutput[],
  comparisons: number,
  decisions: Map<string, repo.DecisionRow>,
): Promise<StoredResult[]> {
  const byLine = new Map(results.map((r) => [r.line, r]));
  const out: StoredResult[] = rows.map((row) => {
    const r = byLine.get(row.line);
    if (!row.record || !r)
      return {
        line: row.line,
        province: null,
        commune: null,
        status: 'rejected',
        pid: null,
        probability: null,
        candidates: '[]',
        disagreements: [],
        decided_by: null,
      };
    const d = row.row_hash ? decisions.get(row.row_hash) : undefined;
    if (d) {
      const pid = d.decision === 'reject' ? null : d.pid;
      return {
        line: row.line,
        province: r.province,
        commune: r.commune,
        status: pid ? 'linked' : 'unmatched',
        pid,
        probability: r.probability,
        candidates: r.candidates,
        disagreements: pid === r.top ? r.disagreements : [],
        decided_by: d.decided_by,
      };
    }
    const { top: _top, ...stored } = r;
    return { ...stored, decided_by: null };
  });
  const linked = out.filter((o) => o.status === 'linked' && o.pid);
  const col = <K extends keyof StoredResult>(k: K) => out.map((o) => o[k]);
  await database.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('cleaning_results')
      .where('job_id', '=', job.id)
      .where('chunk', '=', chunk)
      .execute();
    // One array per column; disagreements (field names, no commas) as one text each.
    await sql`
      INSERT INTO cleaning_results (job_id, chunk, line, status, pid, probability, candidates, disagreements,
                                    decided_by, province, commune)
      SELECT ${job.id}, ${chunk}::int, v.line, v.status, v.pid, v.probability, v.candidates,
             string_to_array(v.disagreements, ','), v.decided_by, v.province, v.commune
      FROM unnest(${col('line')}::int[], ${col('status')}::text[], ${col('pid')}::text[],
                  ${col('probability')}::real[], ${col('candidates')}::jsonb[],
                  ${out.map((o) => o.disagreements.join(','))}::text[], ${col('decided_by')}::text[],
                  ${col('province')}::text[], ${col('commune')}::text[])
           AS v (line, status, pid, probability, candidates, disagreements, decided_by, province, commune)`.execute(
      trx,
    );
    if (linked.length > 0) {
      // An entry for the chunk naming the persons it linked (indexed for their access logs,
      // as a bulk verify's chunk is), one per MAX_SUBJECTS of them; which row linked to whom
      // is in the results, and sealed in the entry as a digest (`rows`).
      const rowsOf = new Map<string, { line: number; pid: string }[]>();
      for (const o of linked) {
        const pid = o.pid as string;
        const list = rowsOf.get(pid);
        if (list) list.push({ line: o.line, pid });
        else rowsOf.set(pid, [{ line: o.line, pid }]);
      }
      const pids = [...rowsOf.keys()];
      const entries: AuditEntryInput[] = [];
      for (let i = 0; i < pids.length; i += MAX_SUBJECTS) {
        const subjects = pids.slice(i, i + MAX_SUBJECTS);
        const rows = subjects.flatMap((p) => rowsOf.get(p) ?? []);
        entries.push({
          actor: { id: job.created_by, kind: job.created_by.split(':')[0] ?? 'operator' },
          action: 'person.match',
          purpose: `cleaning:${job.kind}`,
          fields: ['pid'],
          detail: {
            job: job.id,
            dataset: job.name,
            chunk,
            linked: rows.length,
            rows: linkDigest(rows),
          },
          subjects,
        });
      }
      await appendAuditBatch(trx, entries);
    }
    await trx
      .updateTable('cleaning_chunks')
      .set({ done: true, comparisons })
      .where('job_id', '=', job.id)
      .where('chunk', '=', chunk)
      .execute();
    await sql`UPDATE cleaning_jobs SET chunks_done = (SELECT count(*) FROM cleaning_chunks WHERE job_id = ${job.id} AND done), updated_at = now() WHERE id = ${job.id}`.execute(
      trx,
    );
  });
  return out;
}

/**
 * The rows with a record as the link phase committed them, gathered for the duplicate
 * search: their records in a dedupe index (every record stored, only the rows that did not
 * link findable, as `dedupeIndex` builds it), and their lines, statuses and persons.
 */
class Gathered {
  readonly index: ReferenceIndex;
  readonly lines: number[] = [];
  readonly linked: boolean[] = [];
  readonly pids: (string | null)[] = [];

  constructor(model: LinkModel) {
    this.index = new ReferenceIndex(model);
  }

  add(rows: readonly { line: number; record: string | null }[], stored: readonly StoredResult[]) {
    const records: PersonRecord[] = [];
    rows.forEach((row, i) => {
      const r = stored[i];
      if (!row.record || !r || r.status === 'rejected') return;
      records.push(JSON.parse(row.record) as PersonRecord);
      this.lines.push(row.line);
      this.linked.push(r.status === 'linked' && r.pid !== null);
      this.pids.push(r.status === 'linked' ? r.pid : null);
    });
    // Store rows are numbered in the order added, as the arrays above are.
    this.index.add(records, (_, row) => !this.linked[row]);
  }
}

/** Reads back the rows with a record and their results, for a resolve with nothing gathered. */
async function gatherFromDatabase(database: Database, job: repo.JobRow, model: LinkModel): Promise<Gathered> {
  const rows = await database.db
    .selectFrom('cleaning_rows as r')
    .innerJoin('cleaning_results as x', (j) =>
      j.onRef('x.job_id', '=', 'r.job_id').onRef('x.line', '=', 'r.line'),
    )
    .select(['r.line', sql<string>`r.record::text`.as('record'), 'x.status', 'x.pid'])
    .where('r.job_id', '=', job.id)
    .where('r.record', 'is not', null)
    .execute();
  const gathered = new Gathered(model);
  gathered.add(
    rows,
    rows.map((r) => ({ status: r.status, pid: r.pid }) as StoredResult),
  );
  return gathered;
}

/**
 * Groups the rows of one person into clusters: rows linked to the same personal ID number,
 * and rows the model finds to be one person among themselves. Idempotent (it rewrites
 * the job's clusters in one transaction), so an interrupted resolve simply runs again.
 * `gathered`: the rows as the link phase of this run committed them (else read back).
 */
async function resolvePhase(
  database: Database,
  job: repo.JobRow,
  opts: RunOptions,
  gathered?: Gathered,
): Promise<void> {
  const model = (job.model as LinkModel | null) ?? defaultModel();
  const g = gathered ?? (await gatherFromDatabase(database, job, model));
  const n = g.lines.length;
  // Union-find over positions; a set's label is its smallest line.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (a: number): number => {
    let r = a;
    while (parent[r] !== r) r = parent[r]!;
    let x = a;
    while (x !== r) {
      const next = parent[x]!;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byPid = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const pid = g.pids[i];
    if (!g.linked[i] || !pid) continue;
    const first = byPid.get(pid);
    if (first === undefined) byPid.set(pid, i);
    else union(first, i);
  }
  // Rows linked to one person are one cluster already (above): the index finds only rows
  // that did not link, so only pairs with such a row are compared.
  const threads = opts.workers ?? defaultWorkers();
  const pairs =
    threads > 0 && n >= DEDUPE_THREADS_FROM
      ? await pairsOnThreads(model, g.index, threads)
      : [duplicatePairs(model, g.index, 0, n)];
  const clusters = clusterRoots(n, pairs);
  const firstOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const cluster = clusters[i]!;
    const f = firstOf.get(cluster);
    if (f === undefined) firstOf.set(cluster, i);
    else {
      // Two rows linked to different persons are never one cluster.
      const pa = g.linked[f] ? g.pids[f] : null;
      const pb = g.linked[i] ? g.pids[i] : null;
      if (pa && pb && pa !== pb) continue;
      union(f, i);
    }
  }
  const size = new Int32Array(n);
  const label = new Int32Array(n).fill(2 ** 31 - 1);
  for (let i = 0; i < n; i++) {
    const root = find(i);
    size[root]!++;
    if (g.lines[i]! < label[root]!) label[root] = g.lines[i]!;
  }
  // Only rows in a cluster of two or more get a row in cleaning_clusters.
  const lines: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (size[root]! < 2) continue;
    lines.push(g.lines[i]!);
    labels.push(`c${label[root]}`);
  }
  await database.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('cleaning_clusters').where('job_id', '=', job.id).execute();
    for (let i = 0; i < lines.length; i += 10_000)
      await sql`
        INSERT INTO cleaning_clusters (job_id, line, cluster)
        SELECT ${job.id}, l, c FROM unnest(${lines.slice(i, i + 10_000)}::int[], ${labels.slice(i, i + 10_000)}::text[]) AS v(l, c)`.execute(
        trx,
      );
  });
}
