import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOA, LONG, seedPersons } from './fixtures.js';
import { type AgencyKey, agencyKey, exchangeTestApp, onboard, tokenFor } from './test-kit.js';

const BANK = 'bank.customer_verification';
const HEALTH = 'health.patient_identification';
let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let key: AgencyKey;
let client: string;
let token: string;

const call = (opts: {
  purpose?: string;
  url?: string;
  pid?: string;
  claims?: Record<string, unknown>;
  tok?: string;
}) => {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.tok ?? token}` };
  if (opts.purpose) headers['dancu-purpose'] = opts.purpose;
  if (opts.url) return t.app.inject({ url: opts.url, headers });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/verify',
    headers,
    payload: { pid: opts.pid ?? HOA, claims: opts.claims ?? { sex: 'female' } },
  });
};

const deniedEntries = async (pid: string) =>
  (await t.app.inject({ url: `/api/v1/exchange/access-log/${pid}`, headers: t.admin }))
    .json()
    .items.filter((i: { outcome: string }) => i.outcome === 'denied');

beforeAll(async () => {
  t = await exchangeTestApp({ policyTtlMs: 0 });
  await seedPersons(t.database);
  key = await agencyKey();
  client = await onboard(t, 'hospital-k', key, [BANK, HEALTH], 'hospital');
  token = await tokenFor(t.app, client, key, HEALTH);
});
afterAll(() => t.close());

describe('purpose checks (403 exchange.purpose_not_allowed, audited as denied)', () => {
  it('refuses a request that names no purpose', async () => {
    const r = await call({ pid: LONG });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('exchange.purpose_not_allowed');
    expect(await deniedEntries(LONG)).toHaveLength(1);
  });

  it('refuses a purpose the token does not carry, even when granted', async () => {
    const r = await call({ purpose: BANK });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('exchange.purpose_not_allowed');
    const denied = await deniedEntries(HOA);
    expect(denied[0]).toMatchObject({ client, purpose: BANK, action: 'person.verify', outcome: 'denied' });
  });

  it('refuses a purpose whose grant was withdrawn, while the token is still valid', async () => {
    const other = await agencyKey();
    const id = await onboard(t, 'bv-2', other, [HEALTH], 'hospital');
    const tok = await tokenFor(t.app, id, other, HEALTH);
    expect((await call({ purpose: HEALTH, tok })).statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/exchange/clients/${id}/grants/${HEALTH}`,
      headers: t.admin,
    });
    expect(del.statusCode).toBe(200);
    const r = await call({ purpose: HEALTH, tok });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('exchange.purpose_not_allowed');
  });

  it('refuses an operation the purpose does not allow', async () => {
    const r = await call({ purpose: HEALTH, url: `/api/v1/exchange/persons/${HOA}` });
    expect(r.statusCode).toBe(200); // health allows lookup …
    const bankToken = await tokenFor(t.app, client, key, BANK);
    const denied = await call({ purpose: BANK, url: `/api/v1/exchange/persons/${HOA}`, tok: bankToken });
    expect(denied.statusCode).toBe(403); // … the bank purpose does not
    expect(denied.json().code).toBe('exchange.purpose_not_allowed');
  });

  it('refuses a field outside the purpose (verify claim and lookup field)', async () => {
    const claim = await call({ purpose: HEALTH, claims: { sex: 'female', ethnicity: 'Kinh' } });
    expect(claim.statusCode).toBe(403);
    expect(claim.json().code).toBe('exchange.purpose_not_allowed');
    const field = await call({
      purpose: HEALTH,
      url: `/api/v1/exchange/persons/${HOA}?fields=fullName,permanentResidence`,
    });
    expect(field.statusCode).toBe(403);
    const denied = await deniedEntries(HOA);
    expect(denied.some((d: { fields: string[] }) => d.fields.includes('ethnicity'))).toBe(true);
    expect(denied.some((d: { fields: string[]; action: string }) => d.action === 'person.lookup')).toBe(true);
  });

  it('lets only admins manage agencies and read access logs', async () => {
    const { createOperator, login } = await import('../operators/index.js');
    await createOperator(t.database.db, {
      username: 'clerk',
      displayName: 'c',
      password: 'test-password',
      roles: ['clerk'],
      units: ['01'],
    });
    const clerk = { authorization: `Bearer ${(await login(t.database.db, 'clerk', 'test-password')).token}` };
    const add = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/agencies',
      headers: clerk,
      payload: { code: 'x1', name: 'X', kind: 'bank' },
    });
    expect(add.statusCode).toBe(403);
    expect(add.json().code).toBe('exchange.admin_only');
    expect(
      (await t.app.inject({ url: `/api/v1/exchange/access-log/${HOA}`, headers: clerk })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/exchange/agencies' })).statusCode).toBe(401);
    // An agency token is no operator session.
    expect(
      (
        await t.app.inject({
          url: '/api/v1/exchange/agencies',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(401);
  });
});
