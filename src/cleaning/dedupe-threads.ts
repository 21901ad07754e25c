import { clustersOf, dedupeIndex, type LinkModel, type ReferenceIndex } from './model/index.js';
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
  return clustersOf(records, ...(await pairsOnThreads(model, index, workers)));
}

/**
 * `duplicatePairs` for every row of a dedupe index, the rows spread over threads that
 * share the index's arrays: one list of pairs per range of rows.
 */
export async function pairsOnThreads(
  model: LinkModel,
  index: ReferenceIndex,
  workers: number,
): Promise<number[][]> {
  const threads = await startThreads<{ from: number; to: number }, number[]>(
    'dedupe.worker',
    { model, index: index.toData(true) },
    workers,
  );
  try {
    const step = 20_000;
    const ranges = [];
    for (let from = 0; from < index.size; from += step)
      ranges.push(threads.run({ from, to: Math.min(index.size, from + step) }));
    return await Promise.all(ranges);
  } finally {
    await threads.close();
  }
}
