import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { type Evaluation, evaluate, formatEvaluation, type ResultRow } from './evaluate.js';
import { readCleaned, readTruth } from './evaluate-read.js';
import { cleanedRows } from './output.js';

export { type Evaluation, formatEvaluation };

/** Scores a finished job, read from the database (with its candidates, for blocking recall), against a truth file. */
export async function evaluateJob(
  database: Database,
  actor: Actor | undefined,
  jobId: string,
  truth: AsyncIterable<Buffer | string>,
): Promise<Evaluation> {
  async function* results(): AsyncGenerator<ResultRow> {
    for await (const page of cleanedRows(database, actor, jobId))
      for (const r of page)
        yield { line: r.line, pid: r.pid, status: r.status, cluster: r.cluster, candidates: r.candidates };
  }
  return evaluate(readTruth(truth), results());
}

/** Scores a cleaned file (as `dancu clean` wrote it) against a truth file. */
export const evaluateCleanedFile = (truthPath: string, cleanedPath: string): Promise<Evaluation> =>
  evaluate(readTruth(truthPath), readCleaned(cleanedPath));
