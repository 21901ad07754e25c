/**
 * A matching thread: receives the model and the built reference index once (its typed
 * arrays in shared memory), then answers batches. Started by pool.ts; holds no database
 * connection.
 */
import { createMatcher, type MatchInput } from './engine.js';
import { type LinkModel, ReferenceIndex } from './model/index.js';
import { serveThread } from './threads.js';

type IndexData = ReturnType<ReferenceIndex['toData']>;

serveThread(({ model, index }: { model: LinkModel; index: IndexData }) => {
  const matcher = createMatcher(model, ReferenceIndex.fromData(model, index));
  return (batch: MatchInput[]) => matcher.match(batch);
});
