/**
 * A matching worker thread: receives the model and the built reference index once (its
 * typed arrays in shared memory), then
 * answers batches. Started by pool.ts; holds no database connection.
 */
import { parentPort } from 'node:worker_threads';
import { createMatcher, type Matcher, type MatchInput } from './engine.js';
import { type LinkModel, ReferenceIndex } from './model/index.js';

type IndexData = ReturnType<ReferenceIndex['toData']>;
type Message =
  | { type: 'init'; model: LinkModel; index: IndexData }
  | { type: 'match'; id: number; batch: MatchInput[] };

let matcher: Matcher | undefined;
const port = parentPort;
if (!port) throw new Error('link.worker.ts runs only as a worker thread');

port.on('message', (m: Message) => {
  try {
    if (m.type === 'init') {
      matcher = createMatcher(m.model, ReferenceIndex.fromData(m.model, m.index));
      port.postMessage({ type: 'ready' });
    } else {
      if (!matcher) throw new Error('worker not initialised');
      port.postMessage({ type: 'done', id: m.id, ...matcher.match(m.batch) });
    }
  } catch (e) {
    port.postMessage({
      type: 'error',
      id: 'id' in m ? m.id : -1,
      message: e instanceof Error ? e.stack : String(e),
    });
  }
});
