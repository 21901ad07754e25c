import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditBatch } from './audit.service.js';
import { entryLeafHash } from './leaf.js';
import { type AuditTestApp, auditTestApp } from './test-kit.js';

/** GET /api/v1/audit/entries: the console's audit browser. */
let t: AuditTestApp;
let admin: string;
let viewer: string;
const BANK_PID = '001190000011';
const OTHER_PID = '079085000123';

beforeAll(async () => {
  t = await auditTestApp();
  admin = await t.tokenFor('admin', ['admin']);
  viewer = await t.tokenFor('xem', ['viewer']);
  const at = (iso: string) => new Date(iso);
  await t.database.db.transaction().execute((trx) =>
    appendAuditBatch(trx, [
      {
        actor: { id: 'operator:lan', kind: 'operator' },
        action: 'person.write',
        subjectPid: OTHER_PID,
        fields: ['permanentResidence'],
        recordedAt: at('2026-03-01T08:00:00Z'),
      },
      ...[0, 1, 2].map((i) => ({
        actor: { id: 'client:vcb.1a2b3c', kind: 'agency' },
        action: 'person.verify',
        subjectPid: BANK_PID,
        purpose: 'bank.customer_verification',
        fields: ['fullName', 'dateOfBirth'],
        outcome: i === 1 ? ('denied' as const) : ('ok' as const),
        detail: { agency: 'vcb', operation: 'verify', match: i !== 1 },
        recordedAt: at(`2026-03-0${2 + i}T08:00:00Z`),
      })),
      {
        actor: { id: 'client:bhxh.9f9f9f', kind: 'agency' },
        action: 'person.lookup',
        subjectPid: BANK_PID,
        purpose: 'social_insurance.card_issuance',
        fields: ['fullName'],
        detail: { agency: 'bhxh', operation: 'lookup' },
        recordedAt: at('2026-03-06T08:00:00Z'),
      },
    ]),
  );
});
afterAll(() => t.close());

const browse = async (query: string, token = admin) =>
  t.app.inject({ url: `/api/v1/audit/entries${query}`, headers: { authorization: `Bearer ${token}` } });
const seqs = async (query: string) =>
  (await browse(query)).json().items.map((e: { seq: number }) => e.seq) as number[];

describe('GET /api/v1/audit/entries', () => {
  it('lists entries newest first, each with the leaf hash its fields hash to', async () => {
    const r = await browse('');
    expect(r.statusCode).toBe(200);
    const { items, nextBefore } = r.json();
    expect(items.map((e: { seq: number }) => e.seq)).toEqual([4, 3, 2, 1, 0]);
    expect(nextBefore).toBeNull();
    const { leafHash, ...entry } = items[1];
    expect(entry).toMatchObject({ actorId: 'client:vcb.1a2b3c', recordedAt: '2026-03-04T08:00:00.000000Z' });
    expect(leafHash).toBe(entryLeafHash(entry.seq, entry).toString('base64'));
  });

  it('filters by agency, actor, person, outcome and time, all together', async () => {
    expect(await seqs('?agency=vcb')).toEqual([3, 2, 1]);
    expect(await seqs('?actor=client:bhxh.9f9f9f')).toEqual([4]);
    expect(await seqs(`?pid=${OTHER_PID}`)).toEqual([0]);
    expect(await seqs('?agency=vcb&outcome=denied')).toEqual([2]);
    expect(await seqs('?from=2026-03-03T00:00:00Z&to=2026-03-06T00:00:00Z')).toEqual([3, 2]);
    expect(await seqs(`?pid=${BANK_PID}&agency=bhxh`)).toEqual([4]);
    expect(await seqs('?agency=nobody')).toEqual([]);
  });

  it('pages with nextBefore', async () => {
    const first = (await browse('?limit=2')).json();
    expect(first.items.map((e: { seq: number }) => e.seq)).toEqual([4, 3]);
    expect(first.nextBefore).toBe(3);
    const second = (await browse(`?limit=2&before=${first.nextBefore}`)).json();
    expect(second.items.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
  });

  it('names the field of a bad filter', async () => {
    const date = await browse('?from=yesterday');
    expect(date.statusCode).toBe(400);
    expect(date.json()).toMatchObject({ code: 'audit.bad_filter', errors: [{ field: 'from' }] });
    const pid = await browse('?pid=12ab');
    expect(pid.statusCode).toBe(400);
    expect(pid.json().errors[0].field).toBe('pid');
  });

  it('is for admins only', async () => {
    expect((await browse('', viewer)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/audit/entries' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/audit/entries?pid= — persons an entry names besides its subject', () => {
  const THIRD_PID = '031200000777';
  beforeAll(async () => {
    const at = (iso: string) => new Date(iso);
    await t.database.db.transaction().execute((trx) =>
      appendAuditBatch(trx, [
        // seq 5: a search that returned two persons; it has no main subject.
        {
          actor: { id: 'operator:lan', kind: 'operator' },
          action: 'person.search',
          subjects: [OTHER_PID, THIRD_PID],
          fields: ['fullName', 'dateOfBirth'],
          detail: { by: ['name'], results: 2 },
          recordedAt: at('2026-03-07T08:00:00Z'),
        },
        // seq 6: a household read; the third person is the subject AND among the members.
        {
          actor: { id: 'operator:lan', kind: 'operator' },
          action: 'household.read',
          subjectPid: THIRD_PID,
          subjects: [THIRD_PID, BANK_PID],
          fields: ['members'],
          recordedAt: at('2026-03-08T08:00:00Z'),
        },
      ]),
    );
  });

  it('finds an entry where the person is only a further subject', async () => {
    expect(await seqs(`?pid=${OTHER_PID}`)).toEqual([5, 0]);
    const [search] = (await browse(`?pid=${OTHER_PID}&action=person.search`)).json().items;
    expect(search).toMatchObject({ seq: 5, subjectPid: null, detail: { subjects: [OTHER_PID, THIRD_PID] } });
  });

  it('lists an entry that names the person both ways once, and combines with the other filters', async () => {
    expect(await seqs(`?pid=${THIRD_PID}`)).toEqual([6, 5]);
    expect(await seqs(`?pid=${BANK_PID}`)).toEqual([6, 4, 3, 2, 1]);
    expect(await seqs(`?pid=${BANK_PID}&actor=operator:lan`)).toEqual([6]);
    expect(await seqs(`?pid=${BANK_PID}&agency=vcb&outcome=ok`)).toEqual([3, 1]);
    expect(await seqs(`?pid=${THIRD_PID}&from=2026-03-08T00:00:00Z`)).toEqual([6]);
  });

  it('pages a person through both indexes', async () => {
    const first = (await browse(`?pid=${BANK_PID}&limit=2`)).json();
    expect(first.items.map((e: { seq: number }) => e.seq)).toEqual([6, 4]);
    const second = (await browse(`?pid=${BANK_PID}&limit=2&before=${first.nextBefore}`)).json();
    expect(second.items.map((e: { seq: number }) => e.seq)).toEqual([3, 2]);
    const third = (await browse(`?pid=${BANK_PID}&limit=2&before=${second.nextBefore}`)).json();
    expect(third.items.map((e: { seq: number }) => e.seq)).toEqual([1]);
    expect(third.nextBefore).toBeNull();
  });
});
