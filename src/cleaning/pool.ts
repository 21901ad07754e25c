import { createMatcher, type Matcher, type MatchInput } from './engine.js';
import type { LinkModel, ReferenceIndex } from './model/index.js';
import { startThreads } from './threads.js';

type Matched = ReturnType<Matcher['match']>;

export interface MatchPool {
  readonly size: number;
  match(batch: MatchInput[]): Promise<Matched>;
  close(): Promise<void>;
}

/**
 * Runs the matcher on `workers` threads (sharing the index's arrays), or in
 * this thread when `workers` is 0. Batches go to the least busy thread.
 */
export async function startMatchPool(
  model: LinkModel,
  index: ReferenceIndex,
  workers: number,
): Promise<MatchPool> {
  if (workers <= 0) {
    const m = createMatcher(model, index);
    return { size: 1, match: async (batch) => m.match(batch), close: async () => {} };
  }
  // One copy of the index's arrays in shared memory, read by every thread.
  const threads = await startThreads<MatchInput[], Matched>(
    'link.worker',
    { model, index: index.toData(true) },
    workers,
  );
  return { size: threads.size, match: (batch) => threads.run(batch), close: () => threads.close() };
}
