import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.js';

/** Who may read and write what: admins everywhere, clerks in their units, viewers read only. */
let t: TestApp;
let clerk: string;
let viewer: string;
let pid: string;
let n = 0;
const doc = { kind: 'birth_certificate', number: 'P-1' };
const birth = (unitCode: string, givenName: string) => ({
  familyName: 'Lê',
  middleName: 'Văn',
  givenName,
  sex: 'male',
  dateOfBirth: '1980-02-02',
  placeOfBirth: { unitCode },
  sourceDocument: doc,
});
const as = (
  token: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    payload,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': `p${++n}`, ...headers },
  });
const history = async () =>
  (await as(t.adminToken, 'GET', `/api/v1/persons/${pid}/history`)).json().events.length as number;

beforeAll(async () => {
  t = await testApp();
  clerk = await t.tokenFor('clerk.hn', ['clerk'], ['01']);
  viewer = await t.tokenFor('viewer', ['viewer']);
  pid = (await as(t.adminToken, 'POST', '/api/v1/births', birth('01', 'Nam'))).json().pid;
});
afterAll(() => t.close());

describe('registry permissions', () => {
  it('lets a clerk register births and residence inside their units', async () => {
    const res = await as(clerk, 'POST', '/api/v1/births', birth('01', 'Hùng'));
    expect(res.statusCode).toBe(201);
    const moved = await as(
      clerk,
      'POST',
      `/api/v1/persons/${pid}/residence`,
      {
        kind: 'permanent',
        place: { unitCode: '01' },
        newHousehold: true,
        from: '2010-01-01',
        sourceDocument: doc,
      },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode).toBe(200);
  });

  it('refuses a clerk outside their units with 403 and changes nothing', async () => {
    const b = await as(clerk, 'POST', '/api/v1/births', birth('79', 'Sơn'));
    expect(b.statusCode).toBe(403);
    expect(b.json().code).toBe('registry.outside_units');
    const reg = await as(clerk, 'POST', '/api/v1/births', {
      ...birth('01', 'Sơn'),
      registrationProvince: '48',
    });
    expect(reg.json().code).toBe('registry.outside_units');
    expect((await as(t.adminToken, 'GET', '/api/v1/persons?name=son')).json().items).toEqual([]);
    const before = await history();
    const move = await as(
      clerk,
      'POST',
      `/api/v1/persons/${pid}/residence`,
      {
        kind: 'permanent',
        place: { unitCode: '79' },
        newHousehold: true,
        from: '2020-01-01',
        sourceDocument: doc,
      },
      { 'if-match': `"${before}"` },
    );
    expect(move.statusCode).toBe(403);
    expect(move.json().code).toBe('registry.outside_units');
    expect(await history()).toBe(before);
  });

  it('judges deaths, corrections and cards by the permanent residence', async () => {
    const other = (await as(t.adminToken, 'POST', '/api/v1/births', birth('79', 'Tâm'))).json().pid;
    const before = (await as(t.adminToken, 'GET', `/api/v1/persons/${other}/history`)).json().events.length;
    for (const [what, body] of [
      ['death', { dateOfDeath: '2024-01-01', sourceDocument: doc }],
      ['corrections', { changes: { givenName: 'Tấm' }, reason: 'Sai tên', sourceDocument: doc }],
      ['cards', { issuedOn: '2024-01-01', reason: 'first', sourceDocument: doc }],
    ] as const) {
      const res = await as(clerk, 'POST', `/api/v1/persons/${other}/${what}`, body, {
        'if-match': `"${before}"`,
      });
      expect(res.statusCode, what).toBe(403);
      expect(res.json().code).toBe('registry.outside_units');
    }
    expect((await as(t.adminToken, 'GET', `/api/v1/persons/${other}/history`)).json().events.length).toBe(
      before,
    );
    const own = await as(
      clerk,
      'POST',
      `/api/v1/persons/${pid}/cards`,
      { issuedOn: '2024-01-01', reason: 'first', sourceDocument: doc },
      { 'if-match': `"${await history()}"` },
    );
    expect(own.statusCode).toBe(200);
  });

  it('lets a viewer read but not write', async () => {
    expect((await as(viewer, 'GET', `/api/v1/persons/${pid}`)).statusCode).toBe(200);
    expect((await as(viewer, 'GET', `/api/v1/persons?q=nam`)).statusCode).toBe(200);
    expect((await as(viewer, 'GET', `/api/v1/persons/${pid}/history`)).statusCode).toBe(200);
    const b = await as(viewer, 'POST', '/api/v1/births', birth('01', 'Viên'));
    expect(b.statusCode).toBe(403);
    expect(b.json().code).toBe('registry.read_only');
    const before = await history();
    const c = await as(
      viewer,
      'POST',
      `/api/v1/persons/${pid}/corrections`,
      { changes: { givenName: 'Năm' }, reason: 'Sai tên', sourceDocument: doc },
      { 'if-match': `"${before}"` },
    );
    expect(c.statusCode).toBe(403);
    expect(await history()).toBe(before);
  });

  it('turns anonymous callers away with 401', async () => {
    for (const url of [
      `/api/v1/persons/${pid}`,
      '/api/v1/persons?q=nam',
      `/api/v1/persons/${pid}/residence-confirmation`,
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(401);
    }
    const w = await t.app.inject({
      method: 'POST',
      url: '/api/v1/births',
      payload: birth('01', 'Ẩn'),
      headers: { 'idempotency-key': 'a1' },
    });
    expect(w.statusCode).toBe(401);
  });
});
