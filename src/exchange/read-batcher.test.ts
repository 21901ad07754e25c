import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { sql } from '../db/index.js';
import { seedPopulation } from '../synth/index.js';
import { VerificationReads } from './read-batcher.js';

let database: Database;
let pids: string[];
beforeAll(async () => {
  database = await freshDatabase();
  await seedPopulation(database, { persons: 60, seed: 3 });
  pids = (await sql<{ pid: string }>`SELECT pid FROM persons ORDER BY pid`.execute(database.db)).rows.map(
    (r) => r.pid,
  );
});
afterAll(() => database.close());

describe('verification reads', () => {
  it('answers concurrent requests from one shared read, each finding its own persons', async () => {
    const reads = new VerificationReads(database);
    const asks = pids.slice(0, 20).map((pid) => reads.read({ pids: [pid, '999999999999'] }));
    const answers = await Promise.all(asks);
    answers.forEach((a, i) => {
      expect(a.byPid.get(pids[i]!)?.pid).toBe(pids[i]);
      expect(a.byPid.has('999999999999')).toBe(false);
    });
    // One query served them all: the same maps came back to every caller.
    expect(new Set(answers.map((a) => a.byPid)).size).toBe(1);
    // A later turn of the event loop is a new read.
    const later = await reads.read({ pids: [pids[30]!] });
    expect(later.byPid).not.toBe(answers[0]!.byPid);
    expect(later.byPid.get(pids[30]!)?.pid).toBe(pids[30]);
  });

  it('splits reads at the id cap and sends a large request on its own', async () => {
    const reads = new VerificationReads(database, 8);
    const small = await Promise.all(pids.slice(0, 10).map((pid) => reads.read({ pids: [pid] })));
    expect(new Set(small.map((a) => a.byPid)).size).toBeGreaterThan(1);
    for (const [i, a] of small.entries()) expect(a.byPid.has(pids[i]!)).toBe(true);
    const big = await reads.read({ pids: pids.slice(0, 40) });
    expect(big.byPid.size).toBe(40);
  });
});
