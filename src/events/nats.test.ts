import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { startDelivery } from './index.js';
import { eventsTestApp, registerBirthViaApi } from './test-kit.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const reachable = await new Promise<boolean>((resolve) => {
  const u = new URL(NATS_URL);
  const s = tcpConnect({ host: u.hostname, port: Number(u.port || 4222) });
  s.setTimeout(1000);
  s.once('connect', () => {
    s.destroy();
    resolve(true);
  });
  s.once('error', () => resolve(false));
  s.once('timeout', () => {
    s.destroy();
    resolve(false);
  });
});
if (!reachable) console.warn(`events/nats.test: SKIPPED — no NATS server reachable at ${NATS_URL}`);

describe.skipIf(!reachable)(`NATS JetStream publishing (${NATS_URL})`, () => {
  let t: TestApp;
  // A stream of its own, so that parallel runs do not see each other's events.
  const tag = randomBytes(4).toString('hex');
  const stream = `DANCU_TEST_${tag}`;
  const subjectPrefix = `dancu.test${tag}.events`;
  beforeAll(async () => {
    t = await eventsTestApp();
  });
  afterAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
    await nc.close();
    await t.close();
  });

  it('publishes a birth on dancu.events.person.born with Nats-Msg-Id = event id', async () => {
    const worker = startDelivery(t.database, { pollMs: 50, nats: { url: NATS_URL, stream, subjectPrefix } });
    try {
      const pid = await registerBirthViaApi(t);
      const event = await t.database.db
        .selectFrom('outbox')
        .select(['id', 'position'])
        .where('subject', '=', pid)
        .executeTakeFirstOrThrow();
      const nc = await connect({ servers: NATS_URL });
      try {
        const jsm = await nc.jetstreamManager();
        let msg: Awaited<ReturnType<typeof jsm.streams.getMessage>> | undefined;
        for (let i = 0; i < 400 && !msg; i++) {
          msg = await jsm.streams
            .getMessage(stream, { last_by_subj: `${subjectPrefix}.person.born` })
            .catch(() => undefined);
          if (!msg) await new Promise((r) => setTimeout(r, 25));
        }
        expect(msg).toBeDefined();
        expect(msg!.header.get('Nats-Msg-Id')).toBe(event.id);
        expect(msg!.json()).toMatchObject({ id: event.id, position: event.position, data: { pid } });
      } finally {
        await nc.close();
      }
    } finally {
      await worker.stop();
    }
  });
});
