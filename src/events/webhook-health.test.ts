import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { createSubscription, deadLetters, failingWebhooks, startDelivery } from './index.js';
import { eventsTestApp, type Receiver, registerBirthViaApi, startReceiver } from './test-kit.js';

let t: TestApp & { events: import('fastify').FastifyInstance };
let rec: Receiver;
let down = true;
let worker: ReturnType<typeof startDelivery>;
let subscriptionId: string;

beforeAll(async () => {
  t = await eventsTestApp();
  rec = await startReceiver();
  rec.status = () => (down ? 503 : 200);
  const { subscription } = await createSubscription(t.database.db, {
    owner: 'bv-bach-mai.3f2a',
    eventTypes: ['person.born'],
    callbackUrl: rec.url,
  });
  subscriptionId = subscription.id;
  worker = startDelivery(t.database, { pollMs: 30, backoff: { baseMs: 10, capMs: 30, maxAttempts: 2 } });
});
afterAll(async () => {
  await worker?.stop();
  await rec?.close();
  await t?.close();
});

const replay = (body: object) =>
  t.events.inject({
    method: 'POST',
    url: `/api/v1/events/subscriptions/${subscriptionId}/replay`,
    headers: { authorization: `Bearer ${t.adminToken}` },
    payload: body,
  });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in 10 s');
}

describe('failing webhooks and replaying one dead letter', () => {
  it('lists no subscription while every delivery succeeds or none was tried', async () => {
    expect(await failingWebhooks(t.database.db)).toEqual([]);
  });

  it('shows a receiver that answers 503 with its dead letters, the oldest position and the last error', async () => {
    await registerBirthViaApi(t);
    await registerBirthViaApi(t);
    const dead = await until(
      () => deadLetters(t.database.db, { subscriptionId }),
      (d) => d.length === 2,
    );
    const [w] = await failingWebhooks(t.database.db);
    expect(w).toMatchObject({
      subscriptionId,
      owner: 'bv-bach-mai.3f2a',
      callbackUrl: rec.url,
      active: true,
      retrying: 0,
      dead: 2,
      oldestPosition: dead[0]!.position,
      lastStatus: 503,
      lastError: 'HTTP 503',
    });
    expect(Date.parse(w!.lastAttemptAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a range that ends before it starts', async () => {
    const r = await replay({ fromPosition: 5, toPosition: 4 });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'events.bad_range', errors: [{ field: 'toPosition' }] });
  });

  it('replays exactly one dead letter when toPosition equals fromPosition', async () => {
    const [first, second] = await deadLetters(t.database.db, { subscriptionId });
    down = false;
    const r = await replay({ fromPosition: first!.position, toPosition: first!.position });
    expect(r.json()).toEqual({ requeued: 1 });
    await rec.waitFor((rs) => rs.length === 1);
    expect(rec.received[0]!.json.id).toBe(first!.eventId);
    const left = await until(
      () => deadLetters(t.database.db, { subscriptionId }),
      (d) => d.length === 1,
    );
    expect(left[0]!.eventId).toBe(second!.eventId);
    expect((await failingWebhooks(t.database.db))[0]).toMatchObject({
      dead: 1,
      oldestPosition: second!.position,
    });
  });
});
