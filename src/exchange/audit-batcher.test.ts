import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { getEntry } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { systemActor } from '../shared/context.js';
import { AuditBatcher } from './audit-batcher.js';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('audit group commit', () => {
  it('commits concurrent entries in order, each promise resolving after its commit', async () => {
    const batcher = new AuditBatcher(database, { maxBatch: 40 });
    const entry = (i: number) => ({
      actor: { id: 'client:test', kind: 'agency' },
      action: 'person.verify',
      subjectPid: '001090000001',
      purpose: 'bank.customer_verification',
      fields: ['fullName'],
      detail: { i },
    });
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        batcher.append(entry(i)).then(async () => {
          // Committed: visible from another connection the moment the promise resolves.
          const e = await getEntry(database.db, systemActor('test'), i);
          seen.push(e.detail.i as number);
        }),
      ),
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
