import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog } from '../audit/index.js';
import { sql } from '../db/index.js';
import { startDelivery } from '../events/index.js';
import { type Receiver, startReceiver } from '../events/test-kit.js';
import { registerBirth, registerResidence } from '../registry/index.js';
import { systemActor } from '../shared/context.js';
import { importUnitList } from '../units/index.js';
import { preMergerList } from '../units/units.fixtures.js';
import { type AgencyKey, agencyKey, exchangeTestApp, onboard, tokenFor } from './test-kit.js';

/** Agency clients manage their own webhook subscriptions, bounded by purpose and grant. */
let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let key: AgencyKey;
let client: string;
let token: string;
let rec: Receiver;
let worker: { stop(): Promise<void> };
const PURPOSE = 'province.residence_watch';
const actor = systemActor('test');
let n = 0;

beforeAll(async () => {
  t = await exchangeTestApp({ policyTtlMs: 0 });
  await importUnitList(t.database.db, { text: JSON.stringify(preMergerList), source: 'fixture.json' });
  const purpose = await t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/purposes',
    headers: t.admin,
    payload: {
      code: PURPOSE,
      titleVi: 'Theo dõi biến động cư trú của tỉnh',
      titleEn: 'Residence changes of a province',
      legalBasis: 'Luật Cư trú 2020',
      documentNumber: '68/2020/QH14',
      operations: ['subscribe'],
      fields: ['fullName', 'dateOfBirth', 'permanentResidence'],
      eventTypes: ['person.born', 'person.moved'],
    },
  });
  expect(purpose.statusCode).toBe(201);
  key = await agencyKey();
  client = await onboard(t, 'hcmc', key, ['bank.customer_verification'], 'province');
  // The province may watch only its own units.
  const grant = await t.app.inject({
    method: 'POST',
    url: `/api/v1/exchange/clients/${client}/grants`,
    headers: t.admin,
    payload: { purpose: PURPOSE, unitCodes: ['79'] },
  });
  expect(grant.json().grants).toContainEqual({ purpose: PURPOSE, unitCodes: ['79'] });
  token = await tokenFor(t.app, client, key, `${PURPOSE} bank.customer_verification`);
  rec = await startReceiver();
  worker = startDelivery(t.database, { pollMs: 50 });
});
afterAll(async () => {
  await worker.stop();
  await rec.close();
  await t.close();
});

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, purpose = PURPOSE) =>
  t.app.inject({
    method,
    url: `/api/v1/exchange${url}`,
    headers: { authorization: `Bearer ${token}`, 'dancu-purpose': purpose },
    ...(payload ? { payload } : {}),
  });

const born = async (givenName: string, placeOfBirth: string) =>
  (
    await registerBirth(
      t.database,
      actor,
      {
        familyName: 'Võ',
        middleName: 'Thị',
        givenName,
        sex: 'female',
        dateOfBirth: '2020-05-06',
        placeOfBirth: { unitCode: placeOfBirth },
        ethnicity: 'Kinh',
        nationality: 'VN',
        sourceDocument: { kind: 'birth_certificate', number: `GKS-SUB-${givenName}` },
      },
      { idempotencyKey: `sub-${++n}` },
    )
  ).pid;

describe('agency subscriptions', () => {
  it('refuses what the purpose or grant does not cover, with a clear code', async () => {
    const url = 'https://so-tu-phap.example/hooks';
    const cases: [object, string, number, string?][] = [
      [{ callbackUrl: url }, 'exchange.purpose_not_allowed', 403, 'bank.customer_verification'],
      [{ callbackUrl: url, eventTypes: ['person.died'] }, 'exchange.event_type_not_allowed', 403],
      [{ callbackUrl: url, unitCodes: ['01'] }, 'exchange.unit_not_allowed', 403],
      [{ callbackUrl: url, fields: ['cardStatus'] }, 'exchange.purpose_not_allowed', 403],
      [{ callbackUrl: url, unitCodes: ['98765'] }, 'exchange.unknown_unit', 400],
      [{ callbackUrl: 'ftp://x.example/y' }, 'events.invalid_callback_url', 400],
    ];
    for (const [body, code, status, purpose] of cases) {
      const res = await call('POST', '/subscriptions', body, purpose);
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code });
    }
    const denied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entries
      WHERE action = 'person.subscribe' AND outcome = 'denied'`.execute(t.database.db);
    expect(denied.rows[0]?.n).toBe(4);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/subscriptions' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets the client create, list and delete its own subscriptions only', async () => {
    const created = await call('POST', '/subscriptions', { callbackUrl: 'https://hcmc.example/a' });
    expect(created.statusCode).toBe(201);
    const { subscription, secret } = created.json();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(subscription).toMatchObject({
      owner: client,
      purpose: PURPOSE,
      eventTypes: ['person.born', 'person.moved'],
      unitCodes: ['79'],
      fields: ['fullName', 'dateOfBirth', 'permanentResidence'],
    });
    const otherKey = await agencyKey();
    const other = await onboard(t, 'hanoi', otherKey, [PURPOSE], 'province');
    const otherToken = await tokenFor(t.app, other, otherKey, PURPOSE);
    const asOther = (method: 'GET' | 'DELETE', url: string) =>
      t.app.inject({
        method,
        url: `/api/v1/exchange${url}`,
        headers: { authorization: `Bearer ${otherToken}`, 'dancu-purpose': PURPOSE },
      });
    expect((await asOther('GET', '/subscriptions')).json().items).toEqual([]);
    expect((await asOther('DELETE', `/subscriptions/${subscription.id}`)).statusCode).toBe(404);
    expect((await call('GET', '/subscriptions')).json().items.map((s: { id: string }) => s.id)).toEqual([
      subscription.id,
    ]);
    const ended = await call('DELETE', `/subscriptions/${subscription.id}`);
    expect(ended.json().active).toBe(false);
  });

  it('delivers only events in the granted units, cut to the purpose fields, and audits each', async () => {
    const res = await call('POST', '/subscriptions', { callbackUrl: rec.url });
    expect(res.statusCode).toBe(201);
    const narrow = await startReceiver();
    const only = await call('POST', '/subscriptions', { callbackUrl: narrow.url, fields: ['fullName'] });
    expect(only.json().subscription.fields).toEqual(['fullName']);
    const inHanoi = await born('Hà', '09820'); // a commune of Hà Nội: outside the grant
    const inHcmc = await born('Sương', '26734'); // a ward of Hồ Chí Minh City: inside
    // A move from Hà Nội to Hồ Chí Minh City: delivered, but only the city's units show.
    await registerResidence(
      t.database,
      actor,
      inHanoi,
      {
        kind: 'permanent',
        place: { unitCode: '26740', text: 'Số 1 Lê Lợi' },
        newHousehold: true,
        from: '2024-01-02',
        sourceDocument: { kind: 'residence_application', number: 'CT-SUB-1' },
      },
      { idempotencyKey: `sub-${++n}` },
    );
    await rec.waitFor((rs) => rs.length >= 2);
    await narrow.waitFor((rs) => rs.length >= 2);
    await new Promise((r) => setTimeout(r, 300)); // nothing else should come
    expect(rec.received.map((r) => [r.json.type, r.json.data.pid])).toEqual([
      ['person.born', inHcmc],
      ['person.moved', inHanoi],
    ]);
    const birth = rec.received[0]!.json.data;
    expect(birth).toMatchObject({ pid: inHcmc, type: 'person.born', unitCodes: ['26734'] });
    expect(Object.keys(birth.person as object).sort()).toEqual([
      'dateOfBirth',
      'fullName',
      'permanentResidence',
      'pid',
    ]);
    expect(birth.person).toMatchObject({ fullName: 'Võ Thị Sương', dateOfBirth: '2020-05-06' });
    expect(JSON.stringify(birth)).not.toContain('female'); // sex is not among the purpose's fields
    const move = rec.received[1]!.json.data;
    expect(move.unitCodes).toEqual(['26740', '79']);
    expect(move.fields).toEqual(expect.arrayContaining(['permanentResidence']));
    expect(narrow.received[0]!.json.data.person).toEqual({ pid: inHcmc, fullName: 'Võ Thị Sương' });
    await narrow.close();

    const log = (await accessLog(t.database.db, actor, inHcmc)).items;
    const notified = log.filter((e) => e.action === 'person.notify');
    expect(notified).toHaveLength(2);
    expect(notified).toContainEqual(
      expect.objectContaining({
        actorId: `client:${client}`,
        actorKind: 'agency',
        purpose: PURPOSE,
        fields: ['fullName', 'dateOfBirth', 'permanentResidence'],
      }),
    );
    expect(notified).toContainEqual(expect.objectContaining({ fields: ['fullName'] }));
    expect((await accessLog(t.database.db, actor, inHanoi)).items.map((e) => e.action)).toContain(
      'person.notify',
    );
  });

  it('stops delivering once the grant is withdrawn', async () => {
    const withdrawn = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/exchange/clients/${client}/grants/${PURPOSE}`,
      headers: t.admin,
    });
    expect(withdrawn.statusCode).toBe(200);
    const before = rec.received.length;
    const pid = await born('Nhi', '26734');
    const position = Number(
      (
        await sql<{ p: number }>`SELECT max(position) AS p FROM outbox WHERE subject = ${pid}`.execute(
          t.database.db,
        )
      ).rows[0]?.p,
    );
    // Wait until the fan-out walked past the event, then look at what it took.
    for (let i = 0; i < 400; i++) {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM subscriptions
        WHERE owner = ${client} AND active AND cursor_position < ${position}`.execute(t.database.db);
      if (r.rows[0]?.n === 0) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    const taken = await sql<{ state: string }>`SELECT d.state FROM deliveries d JOIN outbox o
      ON o.position = d.position WHERE o.subject = ${pid}`.execute(t.database.db);
    // Not taken at all, or (if taken before the withdrawal was seen) skipped; never sent.
    expect(taken.rows.every((r) => r.state === 'skipped')).toBe(true);
    await new Promise((res) => setTimeout(res, 100));
    expect(rec.received.length).toBe(before);
  });
});
