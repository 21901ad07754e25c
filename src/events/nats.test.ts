import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { connect, type StoredMsg } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { ConfigError } from '../config.js';
import { eventsConfig, eventsWarnings, startDelivery } from './index.js';
import { eventsTestApp, registerBirthViaApi } from './test-kit.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('NATS_PAYLOAD', () => {
  it('is thin unless full is asked for, and full is warned about', () => {
    expect(eventsConfig({ NATS_URL }).natsPayload).toBe('thin');
    expect(eventsWarnings(eventsConfig({ NATS_URL }))).toEqual([]);
    const full = eventsConfig({ NATS_URL, NATS_PAYLOAD: ' FULL ' });
    expect(full.natsPayload).toBe('full');
    expect(eventsWarnings(full).join(' ')).toMatch(/ID number.*no purpose check/);
    expect(eventsWarnings(eventsConfig({ NATS_PAYLOAD: 'full' }))).toEqual([
      'NATS_PAYLOAD=full has no effect without NATS_URL',
    ]);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => eventsConfig({ NATS_URL, NATS_PAYLOAD: 'pid' })).toThrow(ConfigError);
    expect(() => eventsConfig({ NATS_URL, NATS_PAYLOAD: 'pid' })).toThrow(
      /NATS_PAYLOAD must be thin or full/,
    );
  });
});

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
  // Streams of their own, so that parallel runs do not see each other's events.
  const tag = randomBytes(4).toString('hex');
  const thin = { stream: `DANCU_TEST_${tag}`, subjectPrefix: `dancu.test${tag}.events` };
  const full = { stream: `DANCU_TEST_FULL_${tag}`, subjectPrefix: `dancu.testfull${tag}.events` };
  let pid: string;
  let event: { id: string; position: number; occurred_at: Date | string };

  beforeAll(async () => {
    t = await eventsTestApp();
    pid = await registerBirthViaApi(t);
    event = await t.database.db
      .selectFrom('outbox')
      .select(['id', 'position', 'occurred_at'])
      .where('subject', '=', pid)
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const s of [thin.stream, full.stream]) await jsm.streams.delete(s).catch(() => false);
    await nc.close();
    await t.close();
  });

  /** Runs a worker publishing to `target` until the birth's message is in the stream. */
  async function publishedBirth(target: typeof thin, payload?: 'thin' | 'full'): Promise<StoredMsg> {
    const worker = startDelivery(t.database, {
      pollMs: 50,
      nats: { url: NATS_URL, ...target, ...(payload ? { payload } : {}) },
    });
    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await nc.jetstreamManager();
      let msg: StoredMsg | undefined;
      for (let i = 0; i < 400 && !msg; i++) {
        msg = await jsm.streams
          .getMessage(target.stream, { last_by_subj: `${target.subjectPrefix}.person.born` })
          .catch(() => undefined);
        if (!msg) await new Promise((r) => setTimeout(r, 25));
      }
      expect(msg).toBeDefined();
      return msg!;
    } finally {
      await nc.close();
      await worker.stop();
    }
  }

  it('publishes a thin birth event by default: what, when, where — no pid, no name, no birth date', async () => {
    const msg = await publishedBirth(thin);
    expect(msg.header.get('Nats-Msg-Id')).toBe(event.id);
    expect(msg.header.get('Dancu-Event-Type')).toBe('person.born');
    expect(msg.header.get('Dancu-Payload')).toBe('thin');
    const body = msg.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(['id', 'occurredAt', 'position', 'type', 'unitCodes']);
    expect(body).toMatchObject({
      id: event.id,
      position: event.position,
      type: 'person.born',
      occurredAt: new Date(event.occurred_at).toISOString(),
    });
    expect(body.unitCodes).toContain('01'); // the place of birth (Hà Nội)
    const raw = msg.string();
    expect(raw).not.toContain(pid);
    expect(raw).not.toMatch(/Phạm|Khôi|dateOfBirth|\d{4}-\d{2}-\d{2}"/);
  });

  it('publishes the full webhook body only when NATS_PAYLOAD=full', async () => {
    const msg = await publishedBirth(full, 'full');
    expect(msg.header.get('Nats-Msg-Id')).toBe(event.id);
    expect(msg.header.get('Dancu-Payload')).toBe('full');
    expect(msg.json()).toMatchObject({ id: event.id, position: event.position, data: { pid } });
  });
});
