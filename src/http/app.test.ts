import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('http plumbing', () => {
  it('answers /health and /ready', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('gives unknown routes a problem+json 404 with a request id', async () => {
    const res = await t.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'abc-1' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-request-id']).toBe('abc-1');
    expect(res.json()).toMatchObject({ code: 'request.not_found', requestId: 'abc-1' });
  });

  it('refuses malformed JSON with a stable code', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.malformed_json');
  });

  it('refuses bodies over the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('request.too_large');
  });

  it('logs in, knows the operator, and rejects a wrong password alike for unknown users', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'test-password' },
    });
    expect(ok.statusCode).toBe(200);
    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${ok.json().token}` },
    });
    expect(me.json()).toMatchObject({ username: 'admin', roles: ['admin'] });
    for (const username of ['admin', 'ghost']) {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'wrong-password' },
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().code).toBe('auth.invalid_credentials');
    }
    expect((await t.app.inject({ url: '/api/v1/auth/me' })).json().code).toBe('auth.required');
  });

  it('reports schema violations field by field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'request.invalid', errors: [{ field: 'password' }] });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.json().openapi).toBe('3.1.0');
  });
});

describe('operator accounts', () => {
  it('lets an admin create a clerk with units, and refuses a clerk doing the same', async () => {
    const auth = { authorization: `Bearer ${t.adminToken}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: auth,
      payload: {
        username: 'clerk.hn',
        displayName: 'Clerk Hà Nội',
        password: 'long-enough',
        roles: ['clerk'],
        units: ['01'],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'clerk.hn', roles: ['clerk'], units: ['01'] });
    const clerkToken = await t.tokenFor('clerk2', ['clerk'], ['79']);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: { authorization: `Bearer ${clerkToken}` },
      payload: { username: 'x1', displayName: 'x', password: 'long-enough', roles: ['admin'] },
    });
    expect(refused.statusCode).toBe(403);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: auth,
      payload: { username: 'clerk.hn', displayName: 'again', password: 'long-enough', roles: ['clerk'] },
    });
    expect(again.json().code).toBe('operators.exists');
    const list = await t.app.inject({ url: '/api/v1/operators', headers: auth });
    expect(list.json().items.map((o: { username: string }) => o.username)).toContain('clerk.hn');
  });
});
