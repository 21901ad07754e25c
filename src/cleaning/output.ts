/**
 * The cleaned dataset: every row of the file in its original order and columns, with the
 * personal ID number found, the match probability, the outcome, the fields that disagree
 * with the register, the duplicate cluster and, for rejected rows, the reason.
 */

import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest } from '../shared/errors.js';
import { getJob } from './jobs.service.js';
import { unpackCandidates } from './stored-candidates.js';
import type { RowProblem } from './types.js';

export interface OutcomeRow {
  line: number;
  cells: string[];
  status: 'linked' | 'review' | 'unmatched' | 'rejected';
  pid: string | null;
  probability: number | null;
  disagreements: string[];
  cluster: string | null;
  problems: RowProblem[];
  /** ids of the candidates considered, best first (for evaluation) */
  candidates: string[];
}

/** The job's rows with their outcome, in line order, a page at a time (flat memory). */
export async function* cleanedRows(
  database: Database,
  actor: Actor | undefined,
  jobId: string,
  pageSize = 5000,
): AsyncGenerator<OutcomeRow[]> {
  const job = await getJob(database, actor, jobId);
  if (job.status !== 'done')
    throw badRequest(
      'cleaning.job_not_done',
      `Job ${jobId} is ${job.status}; the cleaned file is ready when it is done`,
    );
  let after = 0;
  for (;;) {
    const rows = await database.db
      .selectFrom('cleaning_rows as r')
      .leftJoin('cleaning_results as x', (j) =>
        j.onRef('x.job_id', '=', 'r.job_id').onRef('x.line', '=', 'r.line'),
      )
      .leftJoin('cleaning_clusters as k', (j) =>
        j.onRef('k.job_id', '=', 'r.job_id').onRef('k.line', '=', 'r.line'),
      )
      .select([
        'r.line',
        'r.cells',
        'r.problems',
        'x.status',
        'x.pid',
        'x.probability',
        'x.disagreements',
        'k.cluster',
        'x.candidates',
      ])
      .where('r.job_id', '=', jobId)
      .where('r.line', '>', after)
      .orderBy('r.line')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      line: r.line,
      cells: r.cells,
      status: r.status ?? 'rejected',
      pid: r.pid ?? null,
      probability: r.probability ?? null,
      disagreements: r.disagreements ?? [],
      cluster: r.cluster ?? null,
      problems: r.problems ?? [],
      candidates: unpackCandidates(r.candidates).map((c) => c.id),
    }));
    after = rows[rows.length - 1]?.line ?? after;
    if (rows.length < pageSize) return;
  }
}
