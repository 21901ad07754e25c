import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { threadCpuMs } from './thread-cpu.js';

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* busy */
  }
};

describe.runIf(process.platform === 'linux')('thread CPU clock', () => {
  it("advances with this thread's work and not while it sleeps", async () => {
    const a = threadCpuMs() as number;
    spin(300);
    const b = threadCpuMs() as number;
    await new Promise((r) => setTimeout(r, 150));
    const c = threadCpuMs() as number;
    expect(b - a).toBeGreaterThan(20);
    expect(b - a).toBeLessThan(1000);
    expect(c - b).toBeLessThan(50);
  });

  it('counts a worker thread apart from the main thread', async () => {
    const before = threadCpuMs() as number;
    const code = `
      const { parentPort } = require('node:worker_threads');
      const { readFileSync } = require('node:fs');
      const cpu = () => Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
      const a = cpu(); const end = performance.now() + 200; while (performance.now() < end) {}
      parentPort.postMessage(cpu() - a);`;
    const worker = new Worker(code, { eval: true });
    const inWorker = await new Promise<number>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(inWorker).toBeGreaterThan(50);
    // The main thread only waited meanwhile.
    expect((threadCpuMs() as number) - before).toBeLessThan(inWorker);
  });
});
