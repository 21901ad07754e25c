import { readFileSync } from 'node:fs';

let available = process.platform === 'linux';

/**
 * CPU time the calling thread has run, in milliseconds, from Linux's
 * `/proc/thread-self/schedstat` (nanoseconds on a CPU); undefined elsewhere. Wall time
 * inside a thread also counts the moments it waited for a core, which on a machine with
 * more busy threads than cores is much of it; this does not.
 *
 * @example
 *   const before = threadCpuMs();
 *   work();
 *   const used = before === undefined ? undefined : (threadCpuMs() ?? before) - before;
 */
export function threadCpuMs(): number | undefined {
  if (!available) return undefined;
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]);
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {
    // not mounted, or no scheduler statistics in this kernel
  }
  available = false;
  return undefined;
}
