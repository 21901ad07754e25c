import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { accessLog } from '../audit/index.js';
import { systemActor } from '../shared/context.js';
import {
  createSubscription,
  type DeliveryOptions,
  deactivateSubscription,
  deadLetters,
  replay,
  startDelivery,
} from './index.js';
import { eventsTestApp, freePort, type Receiver, registerBirthViaApi, startReceiver } from './test-kit.js';

let t: TestApp;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  t = await eventsTestApp();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => t.close());

const fast: DeliveryOptions = { pollMs: 50, backoff: { baseMs: 30, capMs: 200 } };

/** A receiver, a subscription to it, and a worker; all undone after the test. */
async function setup(receiver: Receiver | { url: string }, worker: DeliveryOptions = fast) {
  const { subscription, secret } = await createSubscription(t.database.db, {
    owner: 'test-client',
    eventTypes: ['person.born'],
    callbackUrl: receiver.url,
  });
  const w = startDelivery(t.database, worker);
  cleanups.push(() => deactivateSubscription(t.database.db, subscription.id));
  cleanups.push(() => w.stop());
  if ('close' in receiver) cleanups.push(() => (receiver as Receiver).close());
  return { subscription, secret };
}

const forPid = (pid: string) => (rs: Receiver['received']) => rs.some((r) => r.json.data.pid === pid);

describe('webhook delivery', () => {
  it('delivers a birth, signed with the subscription secret', async () => {
    const rec = await startReceiver();
    const { secret } = await setup(rec);
    const pid = await registerBirthViaApi(t);
    await rec.waitFor(forPid(pid));
    const got = rec.received.find((r) => r.json.data.pid === pid)!;
    expect(got.json).toMatchObject({
      type: 'person.born',
      data: { pid, type: 'person.born', unitCodes: ['01'] },
    });
    expect(got.headers['dancu-event-id']).toBe(got.json.id);
    expect(got.headers['dancu-event-type']).toBe('person.born');
    const ts = String(got.headers['dancu-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(300);
    const expected = createHmac('sha256', secret).update(`${ts}.${got.body}`).digest('hex');
    expect(got.headers['dancu-signature']).toBe(`v1=${expected}`);
  });

  it('wakes at once on commit (LISTEN/NOTIFY), without waiting for its poll', async () => {
    const rec = await startReceiver();
    // A poll interval far beyond the wait below: only the notification can bring the event.
    await setup(rec, { ...fast, pollMs: 120_000 });
    await new Promise((r) => setTimeout(r, 100)); // the worker's first round is over; it sleeps
    const pid = await registerBirthViaApi(t);
    await rec.waitFor(forPid(pid), 15_000);
  });

  it('records each delivered event in the audit log, as read by the subscriber', async () => {
    const rec = await startReceiver();
    const { subscription } = await setup(rec);
    const pid = await registerBirthViaApi(t);
    await rec.waitFor(forPid(pid));
    let log: Awaited<ReturnType<typeof accessLog>>['items'] = [];
    for (let i = 0; i < 200 && !log.some((e) => e.action === 'person.notify'); i++) {
      log = (await accessLog(t.database.db, systemActor('test'), pid)).items;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(log.find((e) => e.action === 'person.notify')).toMatchObject({
      actorId: 'test-client',
      actorKind: 'subscriber',
      outcome: 'ok',
    });
    expect(subscription.purpose).toBeNull();
  });

  it('delivers to a receiver that was down when the birth happened, once it is back', async () => {
    const port = await freePort();
    await setup({ url: `http://127.0.0.1:${port}/hook` });
    const pid = await registerBirthViaApi(t);
    // Wait until at least one attempt failed against the closed port.
    const failed = async () =>
      (
        await t.database.db
          .selectFrom('deliveries')
          .select('attempts')
          .where('last_error', 'is not', null)
          .execute()
      ).length > 0;
    for (let i = 0; i < 400 && !(await failed()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await failed()).toBe(true);
    const rec = await startReceiver(port);
    cleanups.push(() => rec.close());
    await rec.waitFor(forPid(pid));
  });

  it('retries a receiver answering 500 until it answers 200', async () => {
    const rec = await startReceiver();
    rec.status = (n) => (n < 3 ? 500 : 200);
    await setup(rec);
    const pid = await registerBirthViaApi(t);
    await rec.waitFor(forPid(pid));
    expect(rec.received).toHaveLength(1);
  });

  it('gives up after the last attempt (dead letter) and delivers again on replay with the same id', async () => {
    const rec = await startReceiver();
    let down = true;
    rec.status = () => (down ? 500 : 200);
    const { subscription } = await setup(rec, {
      ...fast,
      backoff: { baseMs: 20, capMs: 50, maxAttempts: 3 },
    });
    const pid = await registerBirthViaApi(t);
    let dead: Awaited<ReturnType<typeof deadLetters>> = [];
    for (let i = 0; i < 800 && dead.length === 0; i++) {
      dead = await deadLetters(t.database.db, { subscriptionId: subscription.id });
      if (dead.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      type: 'person.born',
      attempts: 3,
      lastStatus: 500,
      lastError: 'HTTP 500',
    });
    expect(rec.received).toHaveLength(0);
    down = false;
    expect(
      await replay(t.database.db, { subscriptionId: subscription.id, fromPosition: dead[0]!.position }),
    ).toEqual({
      requeued: 1,
    });
    await rec.waitFor(forPid(pid));
    expect(rec.received[0]!.json.id).toBe(dead[0]!.eventId);
    expect(await deadLetters(t.database.db, { subscriptionId: subscription.id })).toEqual([]);
    // A replay of delivered events delivers them again, with the same id.
    await replay(t.database.db, { subscriptionId: subscription.id, fromPosition: dead[0]!.position });
    await rec.waitFor((rs) => rs.length === 2);
    expect(rec.received[1]!.json.id).toBe(dead[0]!.eventId);
  });

  it('delivers again when a replay comes while the delivery is in flight', async () => {
    const rec = await startReceiver();
    rec.delay = (n) => (n === 0 ? 1500 : 0); // the first answer is held: the delivery is in flight
    const { subscription } = await setup(rec);
    const pid = await registerBirthViaApi(t);
    await rec.waitFor(forPid(pid));
    const position = (
      await t.database.db
        .selectFrom('deliveries')
        .select('position')
        .where('subscription_id', '=', subscription.id)
        .executeTakeFirstOrThrow()
    ).position;
    // The replay lands before the worker has recorded the first delivery; it must not be
    // overwritten by that record.
    expect(
      await replay(t.database.db, { subscriptionId: subscription.id, fromPosition: Number(position) }),
    ).toEqual({
      requeued: 1,
    });
    await rec.waitFor((rs) => rs.length === 2);
    expect(rec.received[1]!.json.id).toBe(rec.received[0]!.json.id);
  });

  it('delivers each event once with two workers running, in order', async () => {
    const rec = await startReceiver();
    await setup(rec);
    const second = startDelivery(t.database, fast);
    cleanups.push(() => second.stop());
    const pids: string[] = [];
    for (let i = 0; i < 12; i++) pids.push(await registerBirthViaApi(t, { givenName: `Số${i}` }));
    await rec.waitFor((rs) => pids.every((p) => forPid(p)(rs)));
    await new Promise((r) => setTimeout(r, 300)); // would a duplicate still come?
    const ids = rec.received.map((r) => r.json.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rec.received).toHaveLength(12);
    const positions = rec.received.map((r) => r.json.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
