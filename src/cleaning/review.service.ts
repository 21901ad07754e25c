/**
 * The review queue: rows whose best candidate fell between the thresholds, shown with their
 * candidates side by side; a reviewer accepts, rejects or picks another person. Decisions
 * are audited and kept by the row's content, so the next cleaning of the same dataset
 * applies them without asking again.
 */
import { sql } from 'kysely';
import { appendAudit, appendAuditBatch } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { decodePid, getPersonsForVerification } from '../registry/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import { assertCanClean } from './jobs.service.js';
import { defaultModel } from './model/index.js';
import { type RowReason, rowReason, type Thresholds } from './review-reason.js';
import { unpackCandidates } from './stored-candidates.js';
import type { Candidate, PersonRecord, RowProblem } from './types.js';

/** What a reviewer sees of a register person: enough to judge, nothing more. */
export interface CandidatePerson {
  pid: string;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  status: string;
  permanentResidence: string | null;
}

export interface ReviewItem {
  line: number;
  status: string;
  /** The row as uploaded, by header. */
  row: Record<string, string>;
  record: PersonRecord | null;
  problems: RowProblem[];
  pid: string | null;
  probability: number | null;
  disagreements: string[];
  candidates: (Candidate & { person: CandidatePerson | null })[];
  decidedBy: string | null;
  /** Why the row has its status (derived when read; see review-reason.ts). */
  reason: RowReason;
}

export interface ReviewPage {
  items: ReviewItem[];
  /** Rows still waiting for a decision. */
  pending: number;
  /** Pass as `after` for the next page; null at the end. */
  next: number | null;
}

async function jobHeaders(database: Database, jobId: string) {
  const job = await database.db
    .selectFrom('cleaning_jobs')
    .select(['headers', 'scope', 'kind', 'status', 'name', 'mode'])
    .select(sql<Thresholds | null>`model->'thresholds'`.as('thresholds'))
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!job) throw notFound('cleaning.job_not_found', `No cleaning job ${jobId}`);
  return job;
}

/**
 * Rows of a job with their candidates and the register's data for each candidate (an
 * audited read). `status` picks the queue: `review` (default) or any other outcome.
 */
export async function listRows(
  database: Database,
  actor: Actor | undefined,
  jobId: string,
  opts: { status?: string; after?: number; limit?: number; line?: number } = {},
): Promise<ReviewPage> {
  assertCanClean(actor);
  const job = await jobHeaders(database, jobId);
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 200);
  let q = database.db
    .selectFrom('cleaning_results as x')
    .innerJoin('cleaning_rows as r', (j) =>
      j.onRef('r.job_id', '=', 'x.job_id').onRef('r.line', '=', 'x.line'),
    )
    .select([
      'x.line',
      'x.status',
      'x.pid',
      'x.probability',
      'x.candidates',
      'x.disagreements',
      'x.decided_by',
      'r.cells',
      'r.record',
      'r.problems',
    ])
    .where('x.job_id', '=', jobId);
  if (opts.line !== undefined) q = q.where('x.line', '=', opts.line);
  else q = q.where('x.status', '=', (opts.status ?? 'review') as never).where('x.line', '>', opts.after ?? 0);
  const rows = await q
    .orderBy('x.line')
    .limit(limit + 1)
    .execute();
  // Candidates are stored packed (stored-candidates.ts): unpack each row's once.
  const page = rows.slice(0, limit).map((r) => ({ ...r, candidates: unpackCandidates(r.candidates) }));
  const pids = [...new Set(page.flatMap((r) => r.candidates.map((c) => c.id)))];
  const { byPid } = await getPersonsForVerification(database, { pids });
  if (byPid.size > 0) {
    await appendAuditBatch(
      database.db,
      [...byPid.keys()].map((pid) => ({
        actor: { id: actor.id, kind: actor.kind },
        action: 'person.read',
        subjectPid: pid,
        purpose: `cleaning.review:${job.kind}`,
        fields: ['fullName', 'dateOfBirth', 'sex', 'permanentResidence'],
        detail: { job: jobId },
      })),
    );
  }
  const headers = job.headers ?? [];
  // A job's model is stored when matching starts; the built-in one until then.
  const thresholds = job.thresholds ?? defaultModel().thresholds;
  const items = page.map((r) => ({
    line: r.line,
    status: r.status,
    row: Object.fromEntries(headers.map((h, i) => [h, r.cells[i] ?? ''])),
    record: r.record,
    problems: r.problems ?? [],
    pid: r.pid,
    probability: r.probability,
    disagreements: r.disagreements,
    decidedBy: r.decided_by,
    reason: rowReason(
      {
        status: r.status,
        candidates: r.candidates,
        record: r.record,
        problems: r.problems ?? [],
        decidedBy: r.decided_by,
        mode: job.mode,
      },
      thresholds,
    ),
    candidates: r.candidates.map((c) => {
      const p = byPid.get(c.id);
      return {
        ...c,
        person: p
          ? {
              pid: p.pid,
              fullName: p.fullName,
              dateOfBirth: p.dateOfBirth,
              sex: p.sex,
              status: p.status,
              permanentResidence: p.permanentResidence
                ? [p.permanentResidence.addressLine, p.permanentResidence.unitName].filter(Boolean).join(', ')
                : null,
            }
          : null,
      };
    }),
  }));
  const pending = await database.db
    .selectFrom('cleaning_results')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('job_id', '=', jobId)
    .where('status', '=', 'review')
    .executeTakeFirst();
  return {
    items,
    pending: pending?.n ?? 0,
    next: rows.length > limit ? (page[page.length - 1]?.line ?? null) : null,
  };
}

export interface DecisionInput {
  decision: 'accept' | 'reject' | 'pick';
  /** For `pick`: the personal ID number chosen (a candidate or any registered person). */
  pid?: string;
}

/**
 * Records a reviewer's decision on one row: `accept` links the best candidate, `reject`
 * leaves the row unmatched, `pick` links the person named. Audited; remembered for the
 * job's scope.
 */
export async function decideRow(
  database: Database,
  actor: Actor | undefined,
  jobId: string,
  line: number,
  input: DecisionInput,
): Promise<ReviewItem> {
  assertCanClean(actor);
  const job = await jobHeaders(database, jobId);
  if (job.status !== 'done')
    throw conflict('cleaning.job_not_done', `Job ${jobId} is ${job.status}; decide once it is done`);
  const row = await database.db
    .selectFrom('cleaning_results as x')
    .innerJoin('cleaning_rows as r', (j) =>
      j.onRef('r.job_id', '=', 'x.job_id').onRef('r.line', '=', 'x.line'),
    )
    .select(['x.status', 'x.candidates', 'r.row_hash'])
    .where('x.job_id', '=', jobId)
    .where('x.line', '=', line)
    .executeTakeFirst();
  if (!row) throw notFound('cleaning.row_not_found', `Job ${jobId} has no row at line ${line}`);
  if (row.status === 'rejected')
    throw conflict(
      'cleaning.row_rejected',
      `Line ${line} was rejected at import; fix the file and upload it again`,
    );
  const candidates = unpackCandidates(row.candidates);
  let pid: string | null;
  if (input.decision === 'accept') {
    pid = candidates[0]?.id ?? null;
    if (!pid)
      throw badRequest(
        'cleaning.no_candidate',
        `Line ${line} has no candidate to accept; pick a person instead`,
      );
  } else if (input.decision === 'pick') {
    if (!input.pid || !decodePid(input.pid).ok)
      throw badRequest('cleaning.pid_invalid', 'pick needs a valid 12-digit personal ID number', [
        { field: 'pid', message: 'invalid' },
      ]);
    const { byPid } = await getPersonsForVerification(database, { pids: [input.pid] });
    if (!byPid.has(input.pid))
      throw notFound('cleaning.person_not_found', `No registered person ${input.pid}`);
    pid = input.pid;
  } else pid = null;
  await database.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cleaning_results')
      .set({ status: pid ? 'linked' : 'unmatched', pid, decided_by: actor.id })
      .where('job_id', '=', jobId)
      .where('line', '=', line)
      .execute();
    if (row.row_hash) {
      await trx
        .insertInto('cleaning_decisions')
        .values({
          scope: job.scope,
          row_hash: row.row_hash,
          decision: input.decision,
          pid,
          decided_by: actor.id,
          decided_at: new Date(),
          job_id: jobId,
          line,
        })
        .onConflict((oc) =>
          oc.columns(['scope', 'row_hash']).doUpdateSet({
            decision: input.decision,
            pid,
            decided_by: actor.id,
            decided_at: new Date(),
            job_id: jobId,
            line,
          }),
        )
        .execute();
    }
    const now = pid ? 'linked' : 'unmatched';
    if (now !== row.status) {
      // Keep the job's counts true without recounting every row.
      await sql`UPDATE cleaning_jobs SET counts = counts
          || jsonb_build_object(${row.status}::text, coalesce((counts->>${row.status})::int, 0) - 1)
          || jsonb_build_object(${now}::text, coalesce((counts->>${now})::int, 0) + 1)
        WHERE id = ${jobId}`.execute(trx);
    }
    await appendAudit(trx, {
      actor: { id: actor.id, kind: actor.kind },
      action: pid ? 'person.match' : 'cleaning.reject',
      subjectPid: pid,
      purpose: `cleaning.review:${job.kind}`,
      fields: pid ? ['pid'] : [],
      detail: { job: jobId, dataset: job.name, line, decision: input.decision },
    });
  });
  const page = await listRows(database, actor, jobId, { line });
  return page.items[0] as ReviewItem;
}
