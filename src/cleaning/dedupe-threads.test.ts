import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { loadUnitSnapshot } from '../units/index.js';
import { dedupeOnThreads } from './dedupe-threads.js';
import { dedupe, defaultModel } from './model/index.js';
import { noisyDataset, syntheticRegister } from './model/synthetic.js';
import { normaliserFrom } from './normalise/index.js';
import type { PersonRecord } from './types.js';

let records: PersonRecord[];
beforeAll(async () => {
  const database = await freshDatabase();
  const n = normaliserFrom(await loadUnitSnapshot(database.db));
  await database.close();
  const dataset = noisyDataset(syntheticRegister(3000, 21), { rows: 4000, seed: 22 });
  records = dataset.rows.flatMap((r) => n.normaliseRow(r, dataset.mapping).record ?? []);
});

describe('duplicate search on threads', () => {
  it('finds the same clusters as on this thread', async () => {
    const among = (i: number) => i % 3 !== 0;
    const here = dedupe(defaultModel(), records, { among });
    const there = await dedupeOnThreads(defaultModel(), records, among, 2);
    expect(there).toEqual(here);
    expect(new Set(here.values()).size).toBeLessThan(records.length); // some clusters formed
  }, 60_000);
});
