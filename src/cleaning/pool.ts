import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMatcher, type MatchInput, type MatchOutput } from './engine.js';
import type { LinkModel, ReferenceIndex } from './model/index.js';

export interface MatchPool {
  readonly size: number;
  match(batch: MatchInput[]): Promise<{ results: MatchOutput[]; comparisons: number; computeMs: number }>;
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
  const data = index.toData(true);
  const threads = await Promise.all(Array.from({ length: workers }, () => spawn(model, data)));
  return {
    size: threads.length,
    match(batch) {
      const t = threads.reduce((a, b) => (b.busy < a.busy ? b : a));
      return t.match(batch);
    },
    async close() {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

interface Thread {
  worker: Worker;
  busy: number;
  match(batch: MatchInput[]): Promise<{ results: MatchOutput[]; comparisons: number; computeMs: number }>;
}

const workerUrl = new URL(`./link.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** A worker running TypeScript source registers tsx's loader first (the CLI runs from source). */
function newWorker(): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl);
  // The ESM entry of tsx's API (its package.json `exports`), found without import.meta.resolve,
  // which test runners do not always provide.
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = JSON.parse(readFileSync(pkgPath, 'utf8')).exports['./esm/api'];
  const tsxApi = path.join(
    path.dirname(pkgPath),
    typeof entry === 'string' ? entry : (entry.import?.default ?? entry.import),
  );
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`;
  return new Worker(boot, { eval: true });
}

function spawn(model: LinkModel, data: ReturnType<ReferenceIndex['toData']>): Promise<Thread> {
  const worker = newWorker();
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let next = 0;
  const thread: Thread = {
    worker,
    busy: 0,
    match(batch) {
      const id = next++;
      thread.busy++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: never) => void, reject });
        worker.postMessage({ type: 'match', id, batch });
      });
    },
  };
  return new Promise((ready, failed) => {
    const fail = (e: Error) => {
      failed(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`matching worker exited with code ${code}`));
    });
    worker.on('message', (m: { type: string; id?: number; message?: string }) => {
      if (m.type === 'ready') return ready(thread);
      const w = m.id === undefined ? undefined : waiting.get(m.id);
      if (m.type === 'error') {
        const e = new Error(`matching worker failed: ${m.message}`);
        if (w) {
          waiting.delete(m.id as number);
          thread.busy--;
          w.reject(e);
        } else fail(e);
        return;
      }
      if (w) {
        waiting.delete(m.id as number);
        thread.busy--;
        w.resolve(m as never);
      }
    });
    worker.postMessage({ type: 'init', model, index: data });
  });
}
