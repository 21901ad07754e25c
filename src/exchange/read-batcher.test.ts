import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { sql } from '../db/index.js';
import { changeCardStatus, getPersonsForVerification } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { seedPopulation } from '../synth/index.js';
import { CLAIM_NAMES, cardStatusOf } from './matching.js';
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

  it('reads for a verification the same claimable values and card status as the whole person', async () => {
    // One card reported lost, beside the seed's valid, replaced, expired and deceased holders' cards.
    const holder = (
      await sql<{ pid: string }>`
        SELECT pid FROM persons WHERE status = 'alive' AND jsonb_array_length(state -> 'cards') > 0
        ORDER BY pid LIMIT 1`.execute(database.db)
    ).rows[0]!.pid;
    await changeCardStatus(
      database,
      systemActor('test'),
      holder,
      holder,
      { status: 'lost', sourceDocument: { kind: 'loss_report', number: 'BM-1' } },
      { idempotencyKey: 'read-batcher-lost' },
    );
    const reads = new VerificationReads(database);
    const narrow = await reads.read({ pids });
    const whole = await getPersonsForVerification(database, { pids });
    expect(narrow.byPid.size).toBe(pids.length);
    const statuses = new Set<string>();
    for (const pid of pids) {
      const n = narrow.byPid.get(pid)!;
      const w = whole.byPid.get(pid)!;
      for (const name of CLAIM_NAMES) expect(n[name], `${pid} ${name}`).toBe(w[name]);
      expect(cardStatusOf(n)).toBe(cardStatusOf(w));
      statuses.add(cardStatusOf(w));
    }
    expect(statuses).toContain('lost');
    expect(statuses.size).toBeGreaterThan(2);
  });
});
