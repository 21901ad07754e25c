import { PassThrough, type Readable } from 'node:stream';
import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { badRequest } from '../shared/errors.js';
import { CleanedCsvWriter } from './io/index.js';
import type { JobView } from './jobs.service.js';
import { cleanedRows } from './output.js';

/**
 * The cleaned file of a finished job as a CSV stream (see io/cleaned-writer.ts for the
 * columns). For a rejected row, `truong_khac` holds the codes of the reasons it was rejected.
 */
export function cleanedCsv(database: Database, actor: Actor | undefined, job: JobView): Readable {
  if (job.status !== 'done')
    throw badRequest(
      'cleaning.job_not_done',
      `Job ${job.id} is ${job.status}; the cleaned file is ready when it is done`,
    );
  const out = new PassThrough();
  const writer = new CleanedCsvWriter(out, job.headers);
  (async () => {
    for await (const page of cleanedRows(database, actor, job.id)) {
      for (const r of page) {
        await writer.write({
          line: r.line,
          cells: r.cells.length ? r.cells : job.headers.map(() => ''),
          status: r.status,
          pid: r.pid,
          probability: r.probability,
          disagreements: r.status === 'rejected' ? r.problems.map((p) => p.code) : r.disagreements,
          cluster: r.cluster,
        });
      }
    }
    await writer.close();
  })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
