/**
 * A duplicate-search thread: receives the model and the dedupe index once (its typed
 * arrays in shared memory), then answers ranges of rows with the pairs found
 * (duplicatePairs). Started by jobs.service.ts through threads.ts.
 */
import { duplicatePairs, type LinkModel, ReferenceIndex } from './model/index.js';
import { serveThread } from './threads.js';

type IndexData = ReturnType<ReferenceIndex['toData']>;

serveThread(({ model, index }: { model: LinkModel; index: IndexData }) => {
  const built = ReferenceIndex.fromData(model, index);
  return ({ from, to }: { from: number; to: number }) => duplicatePairs(model, built, from, to);
});
