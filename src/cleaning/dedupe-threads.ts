import { clustersOf, dedupeIndex, type LinkModel } from './model/index.js';
import { startThreads } from './threads.js';
import type { PersonRecord } from './types.js';

/**
 * `dedupe` with the queries spread over threads that share the index's arrays; the pairs
 * they find are joined here. Same clusters as `dedupe` (tested).
 */
export async function dedupeOnThreads(
  model: LinkModel,
  records: PersonRecord[],
  among: (i: number) => boolean,
  workers: number,
): Promise<Map<string, string>> {
  const index = dedupeIndex(model, records, { among });
  const threads = await startThreads<{ from: number; to: number }, number[]>(
    'dedupe.worker',
    { model, index: index.toData(true) },
    workers,
  );
  try {
    const step = 20_000;
    const ranges = [];
    for (let from = 0; from < records.length; from += step)
      ranges.push(threads.run({ from, to: Math.min(records.length, from + step) }));
    return clustersOf(records, ...(await Promise.all(ranges)));
  } finally {
    await threads.close();
  }
}
