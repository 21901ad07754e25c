import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sql } from '../db/index.js';
import { appendAudit, appendAuditBatch } from './audit.service.js';
import { createCheckpoint, startCheckpointSchedule } from './checkpoint.service.js';
import { entryLeafHash } from './leaf.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';
import { noteSignedBy } from './note.js';
import { parseVkey } from './signer.js';
import { type AuditTestApp, auditTestApp, sampleEntry, testSigner } from './test-kit.js';
import { verifyAuditLog } from './verify.service.js';

let t: AuditTestApp;

async function widePool() {
  if (t.database.kind !== 'postgres' || !process.env.DATABASE_URL) return undefined;
  const name = (await sql<{ d: string }>`SELECT current_database() AS d`.execute(t.database.db)).rows[0]?.d;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return openDatabase({ url: url.toString(), poolSize: 20 });
}
let admin: string;
const signer = testSigner();
beforeAll(async () => {
  t = await auditTestApp();
  admin = await t.tokenFor('admin', ['admin']);
});
afterAll(() => t.close());

const get = (url: string, token?: string) =>
  t.app.inject({ url: `/api/v1/audit${url}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
const b = (s: string) => Buffer.from(s, 'base64');

describe('audit log', () => {
  it('appends inside the caller transaction: a rollback leaves no entry and no gap', async () => {
    const db = t.database.db;
    const first = await db.transaction().execute((trx) => appendAudit(trx, sampleEntry(0)));
    expect(first.seq).toBe(0);
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, sampleEntry(1));
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect((await appendAudit(db, sampleEntry(1))).seq).toBe(1);
    await expect(
      appendAudit(db, { actor: { id: 'x', kind: 'y' }, action: 'Bad Action' }),
    ).rejects.toMatchObject({
      code: 'audit.invalid_entry',
    });
  });

  it('serves signed checkpoints, inclusion and consistency proofs that verify offline', async () => {
    const db = t.database.db;
    await appendAuditBatch(
      db,
      Array.from({ length: 1500 }, (_, i) => sampleEntry(i + 2)),
    );
    const small = await createCheckpoint(db, signer); // 1502
    expect(small.treeSize).toBe(1502);
    expect(await createCheckpoint(db, signer)).toEqual(small); // nothing new: no new checkpoint
    await appendAuditBatch(
      db,
      Array.from({ length: 1100 }, (_, i) => sampleEntry(i + 1502)),
    );
    await createCheckpoint(db, signer);

    const latest = (await get('/checkpoints/latest')).json();
    expect(latest.treeSize).toBe(2602);
    expect(latest.note).toMatch(
      /^dancu\.audit\/test\n2602\n[A-Za-z0-9+/=]{44}\ntime \S+\n\n— dancu\.audit\/test \S+\n$/,
    );
    const keys = (await get('/public-key')).json().keys;
    expect(keys).toHaveLength(1);
    const key = parseVkey(keys[0].vkey);
    expect(noteSignedBy(latest.note, key.name, key.publicKey)).toBe(true);
    expect(noteSignedBy(latest.note.replace('2602', '2603'), key.name, key.publicKey)).toBe(false);

    for (const seq of [0, 1, 1023, 1024, 1501, 2047, 2048, 2601]) {
      const entry = (await get(`/entries/${seq}`, admin)).json();
      expect(entry.seq).toBe(seq);
      const leaf = entryLeafHash(seq, entry);
      expect(leaf.toString('base64')).toBe(entry.leafHash);
      const proof = (await get(`/proofs/inclusion?seq=${seq}&size=2602`)).json();
      expect(verifyInclusion(leaf, seq, 2602, proof.proof.map(b), b(latest.rootHash))).toBe(true);
    }
    const consistency = (await get('/proofs/consistency?from=1502&to=2602')).json();
    expect(
      verifyConsistency(1502, 2602, consistency.proof.map(b), b(small.rootHash), b(latest.rootHash)),
    ).toBe(true);
    expect((await get('/checkpoints/1502')).json().rootHash).toBe(small.rootHash);
    expect((await get('/checkpoints/1503')).json().code).toBe('audit.no_checkpoint');
    expect((await get('/proofs/inclusion?seq=5&size=9999')).json().code).toBe('audit.bad_tree_size');
    expect((await verifyAuditLog(db)).problems).toEqual([]);
  });

  it('keeps entries and access logs for admins', async () => {
    expect((await get('/entries/0')).statusCode).toBe(401);
    const clerk = await t.tokenFor('clerk', ['clerk']);
    expect((await get('/entries/0', clerk)).statusCode).toBe(403);
    expect((await get('/subjects/001090000007/access-log', clerk)).statusCode).toBe(403);
    const page1 = (await get('/subjects/001090000007/access-log?limit=20', admin)).json();
    expect(page1.items).toHaveLength(20);
    expect(page1.items[0]).toMatchObject({
      action: expect.stringMatching(/^person\./),
      fields: ['fullName', 'dateOfBirth'],
    });
    const seqs: number[] = page1.items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    const page2 = (
      await get(`/subjects/001090000007/access-log?limit=20&before=${page1.nextBefore}`, admin)
    ).json();
    expect(Math.max(...page2.items.map((i: { seq: number }) => i.seq))).toBeLessThan(Math.min(...seqs));
    const agencyRead = page1.items.find((i: { actorKind: string }) => i.actorKind === 'agency');
    expect(agencyRead?.purpose).toBe('Cấp thẻ bảo hiểm y tế');
  });

  it('signs on a schedule only when the log grew', async () => {
    const db = t.database.db;
    await appendAudit(db, sampleEntry(9999));
    const stop = startCheckpointSchedule(db, signer, 20);
    let size = 0;
    for (let i = 0; i < 200 && size !== 2603; i++) {
      await new Promise((r) => setTimeout(r, 25));
      size = (await get('/checkpoints/latest')).json().treeSize;
    }
    await stop();
    expect(size).toBe(2603);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_checkpoints`.execute(db);
    expect(count.rows[0]?.n).toBe(3);
  });

  it('keeps seq gap-free under 20 concurrent transactions', async () => {
    const db = t.database.db;
    const before = (await get('/checkpoints/latest')).json().treeSize as number;
    // On PostgreSQL, a pool of its own so that all 20 transactions really run at once.
    const wide = await widePool();
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (wide?.db ?? db).transaction().execute(async (trx) => {
          await sql`SELECT pg_sleep(0.01)`.execute(trx);
          const a = await appendAudit(trx, sampleEntry(i));
          const rest = await appendAuditBatch(trx, [sampleEntry(i + 100), sampleEntry(i + 200)]);
          await sql`SELECT pg_sleep(0.005)`.execute(trx); // hold the append open a little
          return [a.seq, rest.firstSeq, rest.firstSeq + 1];
        }),
      ),
    );
    await wide?.close();
    const all = seqs.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 60 }, (_, i) => before + i));
    for (const s of seqs) expect(s).toEqual([s[0], (s[0] as number) + 1, (s[0] as number) + 2]);
    await createCheckpoint(db, signer);
    expect((await verifyAuditLog(db)).problems).toEqual([]);
  });
});
