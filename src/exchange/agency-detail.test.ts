import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOutbox, createSubscription, startDelivery } from '../events/index.js';
import { HOA } from './fixtures.js';
import { type AgencyKey, agencyKey, exchangeTestApp, onboard } from './test-kit.js';

/** A local port nobody listens on (a webhook receiver that is down). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  const { port } = s.address() as { port: number };
  await new Promise((res) => s.close(res));
  return port;
}

/** The operator API the console's agency page and traffic screen rely on. */
let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let key: AgencyKey;
let client: string;

beforeAll(async () => {
  t = await exchangeTestApp();
  key = await agencyKey();
  client = await onboard(t, 'tpbank', key, ['bank.customer_verification']);
});
afterAll(() => t.close());

const admin = (method: 'GET' | 'PUT', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1/exchange${url}`,
    headers: t.admin,
    ...(payload ? { payload } : {}),
  });

describe('agency page', () => {
  it('shows an agency by code with its clients, key ids and purposes', async () => {
    const r = await admin('GET', '/agencies/tpbank');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      code: 'tpbank',
      name: 'Ngân hàng tpbank',
      kind: 'bank',
      status: 'active',
      clients: [{ clientId: client, keyIds: [key.publicJwk.kid], purposes: ['bank.customer_verification'] }],
    });
    const byId = await admin('GET', `/agencies/${r.json().id}`);
    expect(byId.json().code).toBe('tpbank');
    const missing = await admin('GET', '/agencies/khong-co');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('exchange.agency_not_found');
  });

  it('serves the public keys, so that one can be added and the old one removed', async () => {
    const keys = await admin('GET', `/clients/${client}/keys`);
    expect(keys.json()).toEqual({ keys: [key.publicJwk] });
    const next = await agencyKey('EdDSA');
    const both = await admin('PUT', `/clients/${client}/keys`, { keys: [key.publicJwk, next.publicJwk] });
    expect(both.json().keyIds).toEqual([key.publicJwk.kid, next.publicJwk.kid]);
    await admin('PUT', `/clients/${client}/keys`, { keys: [next.publicJwk] });
    expect((await admin('GET', `/clients/${client}/keys`)).json()).toEqual({ keys: [next.publicJwk] });
    expect((await admin('GET', '/clients/tpbank.000000000000/keys')).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    const r = await t.app.inject({ url: '/api/v1/exchange/agencies/tpbank' });
    expect(r.statusCode).toBe(401);
  });
});

describe('health: failing webhooks', () => {
  it('names the agency whose webhook receiver is down, with its dead letters', async () => {
    const db = t.database.db;
    const { subscription } = await createSubscription(db, {
      owner: client,
      callbackUrl: `http://127.0.0.1:${await freePort()}/hook`,
    });
    await db.transaction().execute((trx) =>
      appendOutbox(trx, {
        type: 'card.changed',
        subject: HOA,
        unitCodes: ['01'],
        fields: ['cardStatus'],
        effectiveDate: '2026-01-02',
      }),
    );
    const worker = startDelivery(t.database, {
      pollMs: 20,
      backoff: { baseMs: 10, capMs: 20, maxAttempts: 2 },
    });
    try {
      let webhooks: { subscriptionId: string; dead: number }[] = [];
      for (let i = 0; i < 400 && !webhooks.some((w) => w.dead > 0); i++) {
        webhooks = (await admin('GET', '/health')).json().webhooks;
        if (!webhooks.some((w) => w.dead > 0)) await new Promise((r) => setTimeout(r, 25));
      }
      expect(webhooks).toEqual([
        expect.objectContaining({
          subscriptionId: subscription.id,
          owner: client,
          agency: 'Ngân hàng tpbank',
          agencyCode: 'tpbank',
          dead: 1,
          lastStatus: null,
        }),
      ]);
    } finally {
      await worker.stop();
    }
  });
});
