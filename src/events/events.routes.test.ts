import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { eventsTestApp, registerBirthViaApi } from './test-kit.js';

let t: TestApp & { events: import('fastify').FastifyInstance };
let clerk: string;
beforeAll(async () => {
  t = await eventsTestApp();
  clerk = await t.tokenFor('clerk', ['clerk'], ['01']);
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token = t.adminToken) =>
  t.events.inject({
    method,
    url: `/api/v1/events${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

describe('/api/v1/events', () => {
  it('is for admins only', async () => {
    expect((await t.events.inject({ url: '/api/v1/events/subscriptions' })).statusCode).toBe(401);
    const res = await call('GET', '/subscriptions', undefined, clerk);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('events.admin_only');
  });

  it('creates, lists and deactivates subscriptions; the secret is shown once', async () => {
    const created = await call('POST', '/subscriptions', {
      owner: 'bhxh',
      eventTypes: ['person.born', 'person.died'],
      unitCodes: ['01'],
      callbackUrl: 'https://bhxh.example/hooks/dancu',
    });
    expect(created.statusCode).toBe(201);
    const { subscription, secret } = created.json();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(subscription).toMatchObject({
      owner: 'bhxh',
      active: true,
      unitCodes: ['01'],
      lastDeliveredPosition: null,
    });
    const list = (await call('GET', '/subscriptions?owner=bhxh')).json().items;
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(secret);
    const off = await call('DELETE', `/subscriptions/${subscription.id}`);
    expect(off.json().active).toBe(false);
    expect((await call('DELETE', '/subscriptions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });

  it('refuses bad subscriptions with a clear code', async () => {
    const bad = await call('POST', '/subscriptions', { owner: 'x', callbackUrl: 'ftp://example.org/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('events.invalid_callback_url');
    const badType = await call('POST', '/subscriptions', {
      owner: 'x',
      callbackUrl: 'https://example.org/x',
      eventTypes: ['person.sneezed'],
    });
    expect(badType.statusCode).toBe(400);
  });

  it('lists outbox positions and types, dead letters, and replays', async () => {
    await registerBirthViaApi(t);
    const items = (await call('GET', '/outbox?after=0&limit=10')).json().items;
    expect(items.at(-1)).toMatchObject({ type: 'person.born', position: expect.any(Number) });
    expect(Object.keys(items[0]).sort()).toEqual(['position', 'recordedAt', 'type']);
    expect((await call('GET', '/dead-letters')).json()).toEqual({ items: [] });
    const sub = (
      await call('POST', '/subscriptions', { owner: 'so-y-te', callbackUrl: 'http://127.0.0.1:9/hook' })
    ).json().subscription;
    const r = await call('POST', `/subscriptions/${sub.id}/replay`, { fromPosition: 0 });
    expect(r.statusCode).toBe(200);
    expect(r.json().requeued).toBe(items.length);
    const missing = await call('POST', '/subscriptions/00000000-0000-4000-8000-000000000000/replay', {
      fromPosition: 0,
    });
    expect(missing.statusCode).toBe(404);
  });
});
