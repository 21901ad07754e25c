import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.js';
import { type Database, sql } from '../db/index.js';
import { appendAuditBatch } from './audit.service.js';
import { createCheckpoint } from './checkpoint.service.js';
import { entryLeafHash } from './leaf.js';
import { sampleEntry, testSigner } from './test-kit.js';
import { type AuditProblem, verifyAuditLog } from './verify.service.js';

/**
 * Tampering by someone with full access to the database (the append-only trigger is
 * switched off, as the table owner could): `verifyAuditLog` must say what happened where.
 */
let database: Database;
const signer = testSigner();
const run = (q: string) => sql.raw(q).execute(database.db);

beforeAll(async () => {
  database = await freshDatabase();
  const db = database.db;
  await appendAuditBatch(
    db,
    Array.from({ length: 1300 }, (_, i) => sampleEntry(i)),
  );
  await createCheckpoint(db, signer); // 1300 (fills the block cache for block 0)
  await appendAuditBatch(
    db,
    Array.from({ length: 200 }, (_, i) => sampleEntry(1300 + i)),
  );
  await createCheckpoint(db, signer); // 1500
  await run('ALTER TABLE audit_entries DISABLE TRIGGER USER');
  await run('CREATE TABLE audit_backup AS SELECT * FROM audit_entries');
});
afterEach(async () => {
  await run('DELETE FROM audit_entries');
  await run('INSERT INTO audit_entries SELECT * FROM audit_backup');
  await run('UPDATE audit_head SET next_seq = 1500');
});
afterAll(() => database.close());

const problems = async () => (await verifyAuditLog(database.db)).problems;
const kinds = (ps: AuditProblem[]) => ps.map((p) => `${p.kind}${p.seq !== undefined ? `@${p.seq}` : ''}`);

describe('audit verify', () => {
  it('finds nothing wrong with an untouched log', async () => {
    expect(await problems()).toEqual([]);
  });

  it('names the entry whose detail was changed by hand', async () => {
    await run(`UPDATE audit_entries SET detail = '{"n": 1}' WHERE seq = 42`);
    const ps = await problems();
    expect(kinds(ps)).toContain('changed@42');
    expect(ps.filter((p) => p.kind === 'root_mismatch').map((p) => p.treeSize)).toEqual([1300, 1500]);
    expect(ps.find((p) => p.kind === 'changed')?.message).toMatch(/entry 42 was changed/);
  });

  it('narrows a change made with a recomputed leaf hash to the checkpoint range', async () => {
    const r = await database.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '=', 1400)
      .executeTakeFirstOrThrow();
    const forged = {
      recordedAt: r.recorded_at.toISOString().replace('Z', '000Z'),
      actorId: 'operator:someone-else',
      actorKind: r.actor_kind,
      action: r.action,
      subjectPid: r.subject_pid,
      purpose: r.purpose,
      fields: r.fields,
      outcome: r.outcome as 'ok',
      requestId: r.request_id,
      detail: r.detail as Record<string, unknown>,
    };
    await sql`UPDATE audit_entries SET actor_id = ${forged.actorId}, leaf_hash = ${entryLeafHash(1400, forged)} WHERE seq = 1400`.execute(
      database.db,
    );
    const ps = await problems();
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ kind: 'root_mismatch', treeSize: 1500 });
    expect(ps[0]?.message).toMatch(/seq 1300 … 1499/);
    await expect(createCheckpoint(database.db, signer)).resolves.toBeDefined(); // same size: nothing to sign
  });

  it('reports a removed entry as a gap', async () => {
    await run('DELETE FROM audit_entries WHERE seq = 10');
    const ps = await problems();
    expect(kinds(ps)).toContain('missing@10');
    expect(ps.find((p) => p.seq === 10)?.message).toMatch(/entry 10 is missing/);
  });

  it('reports entries removed from the end against the checkpoint that covered them', async () => {
    await run('DELETE FROM audit_entries WHERE seq >= 1450');
    await run('UPDATE audit_head SET next_seq = 1450');
    const ps = await problems();
    expect(ps.map((p) => p.kind)).toEqual(['missing']);
    expect(ps[0]?.message).toMatch(/covers 1500 entries but only 1450 are present/);
    await appendAuditBatch(database.db, [sampleEntry(1)]);
    await expect(createCheckpoint(database.db, signer)).rejects.toMatchObject({ code: 'audit.inconsistent' });
  });

  it('reports two swapped entries as moved', async () => {
    await run(`
      UPDATE audit_entries a SET recorded_at = b.recorded_at, actor_id = b.actor_id, actor_kind = b.actor_kind,
        action = b.action, subject_pid = b.subject_pid, purpose = b.purpose, fields = b.fields, outcome = b.outcome,
        request_id = b.request_id, detail = b.detail, leaf_hash = b.leaf_hash
      FROM audit_backup b WHERE (a.seq, b.seq) IN ((5, 6), (6, 5))`);
    const ps = await problems();
    expect(kinds(ps).filter((k) => k.startsWith('moved'))).toEqual(['moved@5', 'moved@6']);
    expect(ps.find((p) => p.seq === 5)?.message).toMatch(/holds the entry written at seq 6/);
  });

  it('rejects a checkpoint whose note was edited after signing', async () => {
    const cp = await database.db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('tree_size', '=', 1300)
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_checkpoints SET note = replace(note, ${'1300\n'}, ${'1299\n'}) WHERE tree_size = 1300`.execute(
      database.db,
    );
    expect(kinds(await problems())).toEqual(['bad_signature']);
    await sql`UPDATE audit_checkpoints SET note = ${cp.note} WHERE tree_size = 1300`.execute(database.db);
  });
});
