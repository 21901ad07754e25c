import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * A few threads running one worker module, for CPU work of a job (matching, normalising).
 * Protocol: the pool sends `init` once per thread and waits for `ready`; then each `run`
 * (id, input) is answered by `done` (id, output) or `error` (id, message). A batch goes to
 * the thread with the fewest batches waiting; callers keep their own order.
 */
export interface Threads<I, O> {
  readonly size: number;
  run(input: I): Promise<O>;
  close(): Promise<void>;
}

/** The URL of worker module `name` (e.g. `link.worker`) beside this one, .ts or .js as we run. */
export const workerModule = (name: string) =>
  new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** A worker running TypeScript source registers tsx's loader first (the CLI runs from source). */
function newWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // The ESM entry of tsx's API (its package.json `exports`), found without import.meta.resolve,
  // which test runners do not always provide.
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = JSON.parse(readFileSync(pkgPath, 'utf8')).exports['./esm/api'];
  const tsxApi = path.join(
    path.dirname(pkgPath),
    typeof entry === 'string' ? entry : (entry.import?.default ?? entry.import),
  );
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

export async function startThreads<I, O>(
  module: string,
  init: unknown,
  workers: number,
): Promise<Threads<I, O>> {
  const url = workerModule(module);
  const threads = await Promise.all(Array.from({ length: workers }, () => spawn<I, O>(url, module, init)));
  return {
    size: threads.length,
    run(input) {
      const t = threads.reduce((a, b) => (b.busy < a.busy ? b : a));
      return t.run(input);
    },
    async close() {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

interface Thread<I, O> {
  worker: Worker;
  busy: number;
  run(input: I): Promise<O>;
}

function spawn<I, O>(url: URL, name: string, init: unknown): Promise<Thread<I, O>> {
  const worker = newWorker(url);
  const waiting = new Map<number, { resolve: (v: O) => void; reject: (e: Error) => void }>();
  let next = 0;
  const thread: Thread<I, O> = {
    worker,
    busy: 0,
    run(input) {
      const id = next++;
      thread.busy++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: 'run', id, input });
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
      if (code !== 0) fail(new Error(`${name} thread exited with code ${code}`));
    });
    worker.on('message', (m: { type: string; id?: number; message?: string; output?: O }) => {
      if (m.type === 'ready') return ready(thread);
      const w = m.id === undefined ? undefined : waiting.get(m.id);
      if (!w) {
        if (m.type === 'error') fail(new Error(`${name} thread failed: ${m.message}`));
        return;
      }
      waiting.delete(m.id as number);
      thread.busy--;
      if (m.type === 'error') w.reject(new Error(`${name} thread failed: ${m.message}`));
      else w.resolve(m.output as O);
    });
    worker.postMessage({ type: 'init', init });
  });
}

/**
 * The worker side: `setup(init)` once, then `handle(input)` for each run. Call it from a
 * worker module's top level.
 */
export function serveThread<T, I, O>(setup: (init: T) => (input: I) => O): void {
  const port = parentPort;
  if (!port) throw new Error('this module runs only as a worker thread');
  let handle: ((input: I) => O) | undefined;
  port.on('message', (m: { type: 'init'; init: T } | { type: 'run'; id: number; input: I }) => {
    try {
      if (m.type === 'init') {
        handle = setup(m.init);
        port.postMessage({ type: 'ready' });
      } else {
        if (!handle) throw new Error('thread not initialised');
        port.postMessage({ type: 'done', id: m.id, output: handle(m.input) });
      }
    } catch (e) {
      port.postMessage({
        type: 'error',
        id: m.type === 'run' ? m.id : undefined,
        message: e instanceof Error ? e.stack : String(e),
      });
    }
  });
}
