import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import type { Database } from '../db/index.js';
import { insertJob, sampleRecords } from './jobs.repo.js';

let database: Database;

beforeAll(async () => {
  database = await freshDatabase();
  await insertJob(database.db, {
    id: 'job-sample',
    name: 'sample',
    kind: 'vaccination',
    mode: 'registry',
    scope: 'test',
    source_path: 'memory',
    source_bytes: 0,
    created_by: 'test',
  });
  // A CSV of 1,000 data lines: line 1 is the header (no row), every 10th line was rejected.
  await sql`
    INSERT INTO cleaning_rows (job_id, line, chunk, cells, record)
    SELECT 'job-sample', l, 0, ARRAY[l::text],
           CASE WHEN l % 10 = 0 THEN NULL ELSE jsonb_build_object('line', l) END
    FROM generate_series(2, 1001) AS l`.execute(database.db);
}, 60_000);

afterAll(() => database?.close());

describe('sampleRecords', () => {
  it('takes a full sample spread over the whole file, skipping the header and rejected lines', async () => {
    const sample = (await sampleRecords(database.db, 'job-sample', 1001, 100)) as { line: number }[];
    expect(sample).toHaveLength(100);
    const lines = sample.map((r) => r.line);
    expect(new Set(lines).size).toBe(100);
    expect(lines.every((l) => l % 10 !== 0)).toBe(true);
    // One per stretch of about ten lines: from the head of the file to its tail.
    expect(lines[0]).toBeLessThanOrEqual(11);
    expect(lines.at(-1)).toBeGreaterThan(990);
  });

  it('returns every good record when asked for more than the file holds', async () => {
    const sample = await sampleRecords(database.db, 'job-sample', 1001, 5_000);
    expect(sample).toHaveLength(900);
  });
});
