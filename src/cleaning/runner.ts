import { hostname } from 'node:os';
import type { Database } from '../db/index.js';
import { claimJob } from './jobs.repo.js';
import { defaultWorkers, runJob } from './jobs.service.js';

/**
 * The server's job runner: every few seconds it claims a runnable job (a new one, or one
 * whose runner died and whose lease ran out) and runs it, one at a time per process.
 * Several processes may run it against one database; leases keep them apart.
 */
export function startCleaningRunner(
  database: Database,
  opts: { workers?: number; pollMs?: number; onError?: (e: unknown) => void } = {},
): { stop(): Promise<void> } {
  const owner = `${hostname()}:${process.pid}:runner`;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      const job = await claimJob(database.db, owner, 30_000);
      if (job) {
        current = runJob(database, job.id, { owner, workers: opts.workers ?? defaultWorkers() });
        await current;
      }
    } catch (e) {
      opts.onError?.(e);
    }
    if (!stopped) timer = setTimeout(tick, opts.pollMs ?? 2000);
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => {});
    },
  };
}
