import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD, HOA, LONG, NOBODY, seedPersons } from './fixtures.js';
import { type AgencyKey, agencyKey, exchangeTestApp, onboard, tokenFor } from './test-kit.js';

const BANK = 'bank.customer_verification';
let t: Awaited<ReturnType<typeof exchangeTestApp>>;
let key: AgencyKey;
let bank: string;
let token: string;

const verify = (claims: Record<string, unknown>, subject: Record<string, string> = { pid: HOA }) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/verify',
    headers: { authorization: `Bearer ${token}`, 'dancu-purpose': BANK },
    payload: { ...subject, claims },
  });

beforeAll(async () => {
  t = await exchangeTestApp();
  await seedPersons(t.database);
  key = await agencyKey();
  bank = await onboard(t, 'vcb', key, [BANK]);
  token = await tokenFor(t.app, bank, key, BANK);
});
afterAll(() => t.close());

describe('verify', () => {
  it('confirms matching claims and gives the card status, without revealing values', async () => {
    const r = await verify({ fullName: 'Nguyễn Thị Hoa', dateOfBirth: '1990-03-04', sex: 'female' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      match: true,
      claims: { fullName: true, dateOfBirth: true, sex: true },
      cardStatus: 'valid',
    });
  });

  it('folds case and whitespace of names, but diacritics matter', async () => {
    expect((await verify({ fullName: '  nguyễn   THỊ hoa ' })).json().claims.fullName).toBe(true);
    expect((await verify({ fullName: 'Nguyen Thi Hoa' })).json().claims.fullName).toBe(false);
    // NFD input is the same name as NFC
    expect((await verify({ fullName: 'Nguyễn Thị Hoa'.normalize('NFD') })).json().claims.fullName).toBe(true);
  });

  it('answers per attribute on a mismatch', async () => {
    const r = await verify({ fullName: 'Nguyễn Thị Hoa', dateOfBirth: '1990-03-05', sex: 'male' });
    expect(r.json()).toEqual({
      match: false,
      claims: { fullName: true, dateOfBirth: false, sex: false },
      cardStatus: 'valid',
    });
  });

  it('compares a date of birth at the precision given', async () => {
    expect((await verify({ dateOfBirth: '1990' })).json().match).toBe(true);
    expect((await verify({ dateOfBirth: '1990-03' })).json().match).toBe(true);
    expect((await verify({ dateOfBirth: '1991' })).json().match).toBe(false);
    // The registry knows only the year of LONG: a full date cannot be confirmed.
    expect((await verify({ dateOfBirth: '1950-01-01' }, { pid: LONG })).json().match).toBe(false);
    expect((await verify({ dateOfBirth: '1950' }, { pid: LONG })).json().match).toBe(true);
  });

  it('reports the card of a deceased holder', async () => {
    expect((await verify({ sex: 'male' }, { pid: LONG })).json().cardStatus).toBe('holder_deceased');
  });

  it('finds a person by the old 9-digit ID number', async () => {
    expect((await verify({ fullName: 'Nguyễn Thị Hoa' }, { oldId: '012345678' })).json().match).toBe(true);
  });

  it('answers an unknown pid exactly like a mismatch', async () => {
    const r = await verify({ fullName: 'Nguyễn Thị Hoa', dateOfBirth: '1990-03-04' }, { pid: NOBODY });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      match: false,
      claims: { fullName: false, dateOfBirth: false },
      cardStatus: 'unknown',
    });
  });

  it('refuses a request without pid or with bad input', async () => {
    expect((await verify({ fullName: 'X' }, {})).json().code).toBe('exchange.subject_required');
    expect((await verify({ shoeSize: 42 })).statusCode).toBe(400);
  });

  it('refuses calls without a valid access token', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/verify',
      headers: { authorization: `Bearer ${t.admin.authorization.slice(7)}`, 'dancu-purpose': BANK },
      payload: { pid: HOA, claims: { sex: 'female' } },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('exchange.invalid_token');
  });
});

describe('lookup', () => {
  it('returns only the fields the purpose allows', async () => {
    const insurer = await agencyKey();
    const id = await onboard(
      t,
      'bhxh',
      insurer,
      ['social_insurance.card_issuance', 'justice.civil_status'],
      'insurer',
    );
    const tok = await tokenFor(t.app, id, insurer, 'social_insurance.card_issuance justice.civil_status');
    const get = (pid: string, purpose: string) =>
      t.app.inject({
        url: `/api/v1/exchange/persons/${pid}`,
        headers: { authorization: `Bearer ${tok}`, 'dancu-purpose': purpose },
      });
    const r = await get(HOA, 'social_insurance.card_issuance');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(Object.keys(body).sort()).toEqual(['dateOfBirth', 'fullName', 'permanentResidence', 'pid', 'sex']);
    expect(body.fullName).toBe('Nguyễn Thị Hoa');
    expect(body.permanentResidence.unitCode).toBe('01');
    const civil = (await get(CHILD, 'justice.civil_status')).json();
    expect(civil.parents).toEqual({ fatherPid: LONG, motherPid: HOA });
    expect(civil.status).toBe('alive');
    expect(civil.permanentResidence).toBeUndefined();
    expect((await get(LONG, 'justice.civil_status')).json()).toMatchObject({
      status: 'deceased',
      dateOfDeath: '2024-02-10',
    });
    expect((await get(NOBODY, 'justice.civil_status')).statusCode).toBe(404);
  });
});

describe('citizen access log', () => {
  it("shows the bank's verification: agency, client, fields, purpose", async () => {
    const r = await t.app.inject({ url: `/api/v1/exchange/access-log/${HOA}`, headers: t.admin });
    expect(r.statusCode).toBe(200);
    const item = r
      .json()
      .items.find(
        (i: { action: string; fields: string[] }) => i.action === 'person.verify' && i.fields.length === 3,
      );
    expect(item).toMatchObject({
      agency: 'Ngân hàng vcb',
      client: bank,
      purpose: BANK,
      outcome: 'ok',
      fields: ['fullName', 'dateOfBirth', 'sex'],
    });
  });
});

describe('connection health', () => {
  it('counts requests per client and exposes Prometheus metrics', async () => {
    const h = (await t.app.inject({ url: '/api/v1/exchange/health', headers: t.admin })).json();
    const vcb = h.items.find((i: { client: string }) => i.client === bank);
    expect(vcb.agency).toBe('vcb');
    expect(vcb.requests).toBeGreaterThan(5);
    expect(vcb.errors).toBeGreaterThan(0);
    expect(vcb.latencyMs.p99).toBeGreaterThan(0);
    expect(vcb.lastSuccessAt).not.toBeNull();
    const m = await t.app.inject({ url: '/metrics' });
    expect(m.body).toContain(
      `dancu_exchange_requests_total{agency="vcb",client="${bank}",operation="verify",outcome="ok"}`,
    );
  });
});
