import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.js';
import { registerEvents } from '../cli/commands/events.js';
import { openAndMigrate } from '../server.js';
import { isDomainError } from '../shared/errors.js';
import { appendOutbox, createSubscription, replay, startDelivery } from './index.js';
import { eventsTestApp, type Receiver, startReceiver } from './test-kit.js';

/** Replaying a range of events: `from` … `to` (inclusive), by position or by time. */
let t: TestApp & { events: import('fastify').FastifyInstance };
let rec: Receiver;
let worker: ReturnType<typeof startDelivery>;
let subscriptionId: string;
/** Five births recorded an hour apart from 10:00 UTC; the subscription came after them. */
const HOURS = [10, 11, 12, 13, 14];
const events: { id: string; position: number }[] = [];

beforeAll(async () => {
  t = await eventsTestApp();
  for (const [i, h] of HOURS.entries())
    events.push(
      await t.database.db.transaction().execute((trx) =>
        appendOutbox(trx, {
          type: 'person.born',
          subject: `00122600000${i}`,
          unitCodes: ['01'],
          fields: ['givenName'],
          effectiveDate: '2026-11-20',
          occurredAt: `2026-11-27T${h}:00:00.000Z`,
        }),
      ),
    );
  rec = await startReceiver();
  subscriptionId = (
    await createSubscription(t.database.db, { owner: 'so-y-te-hn.7c1d', callbackUrl: rec.url })
  ).subscription.id;
  worker = startDelivery(t.database, { pollMs: 30 });
});
afterAll(async () => {
  await worker?.stop();
  await rec?.close();
  await t?.close();
});

/** Replays, then returns the ids the receiver got (in order) once `n` arrived. */
async function replayed(range: Parameters<typeof replay>[1], n: number) {
  rec.received.length = 0;
  expect(await replay(t.database.db, range)).toEqual({ requeued: n });
  await rec.waitFor((rs) => rs.length >= n);
  await new Promise((r) => setTimeout(r, 150)); // nothing more should come
  return rec.received.map((r) => r.json.id);
}
const ids = (...i: number[]) => i.map((k) => events[k]!.id);

const replayApi = (body: object) =>
  t.events.inject({
    method: 'POST',
    url: `/api/v1/events/subscriptions/${subscriptionId}/replay`,
    headers: { authorization: `Bearer ${t.adminToken}` },
    payload: body,
  });

describe('replay from … to', () => {
  it('replays positions from … to, both inclusive', async () => {
    const [, second, third] = events;
    expect(
      await replayed({ subscriptionId, fromPosition: second!.position, toPosition: third!.position }, 2),
    ).toEqual(ids(1, 2));
  });

  it('replays times from … to, both inclusive, in any time zone', async () => {
    // 19:00 in Hà Nội is 12:00 UTC: the events of 12:00 and 13:00 UTC, both ends included.
    expect(
      await replayed(
        { subscriptionId, fromTime: '2026-11-27T19:00:00+07:00', toTime: '2026-11-27T13:00:00Z' },
        2,
      ),
    ).toEqual(ids(2, 3));
  });

  it('replays everything from the start without an end', async () => {
    expect(await replayed({ subscriptionId, fromTime: '2026-11-27T13:30:00Z' }, 1)).toEqual(ids(4));
    expect(await replayed({ subscriptionId, fromPosition: events[3]!.position }, 2)).toEqual(ids(3, 4));
  });

  it('refuses a range that ends before it starts, or mixes forms, naming the field', async () => {
    const cases: [object, string, RegExp][] = [
      [{ fromPosition: 5, toPosition: 4 }, 'toPosition', /before its start/],
      [
        { fromTime: '2026-11-27T13:00:00Z', toTime: '2026-11-27T19:59:59+07:00' },
        'toTime',
        /before its start/,
      ],
      [{ fromPosition: 5, toTime: '2026-11-27T13:00:00Z' }, 'toTime', /same form/],
      [{ fromTime: '2026-11-27T13:00:00', toTime: '2026-11-27T14:00:00Z' }, 'fromTime', /time zone/],
      [{ fromTime: 'yesterday evening' }, 'fromTime', /date-time/],
      [{ fromTime: '2026-02-27T00:00:00Z', toTime: '2026-02-30T00:00:00Z' }, 'toTime', /date-time/],
      [{ toPosition: 4 }, 'fromPosition', /where to start/],
    ];
    for (const [body, field, message] of cases) {
      const r = await replayApi(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json()).toMatchObject({ code: 'events.bad_range', errors: [{ field }] });
      expect(r.json().detail ?? r.json().title).toMatch(message);
    }
  });
});

describe('dancu events replay --from --to', () => {
  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    registerEvents(program);
    const out: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void out.push(a.join(' '));
    try {
      await program.parseAsync(['events', 'replay', ...args], { from: 'user' });
    } finally {
      console.log = log;
    }
    return out.join('\n');
  };

  it('refuses --to before --from before opening the database', async () => {
    const e = await run('--subscription', subscriptionId, '--from', '10', '--to', '9').catch(
      (x: unknown) => x,
    );
    expect(isDomainError(e) && e.code).toBe('events.bad_range');
    const m = await run(
      '--subscription',
      subscriptionId,
      '--from',
      '10',
      '--to',
      '2026-11-27T13:00:00Z',
    ).catch((x: unknown) => x);
    expect(isDomainError(m) && m.message).toMatch(/both positions or both times/);
  });

  it('re-queues only the range given, on the database of the environment', async () => {
    // The command opens the database the environment names: a PGlite folder of its own.
    const dir = mkdtempSync(path.join(tmpdir(), 'dancu-replay-'));
    const env = { url: process.env.DATABASE_URL, dir: process.env.DANCU_DATA_DIR };
    delete process.env.DATABASE_URL;
    process.env.DANCU_DATA_DIR = dir;
    try {
      const db = await openAndMigrate({ databaseUrl: undefined, dataDir: dir });
      const positions: number[] = [];
      for (const h of HOURS)
        positions.push(
          (
            await appendOutbox(db.db, {
              type: 'person.died',
              subject: `00119000000${h % 10}`,
              unitCodes: ['79'],
              fields: ['status'],
              effectiveDate: '2026-11-27',
              occurredAt: `2026-11-27T${h}:00:00Z`,
            })
          ).position,
        );
      const { subscription } = await createSubscription(db.db, {
        owner: 'ldtbxh.55aa',
        callbackUrl: 'http://127.0.0.1:9/hook',
      });
      await db.close();
      expect(
        await run(
          '--subscription',
          subscription.id,
          '--from',
          String(positions[1]),
          '--to',
          String(positions[3]),
        ),
      ).toMatch(/^3 event\(s\) queued again/);
      expect(
        await run(
          '--subscription',
          subscription.id,
          '--from',
          '2026-11-27T21:00:00+07:00',
          '--to',
          '2026-11-27T14:00:00Z',
        ),
      ).toMatch(/^1 event\(s\) queued again/);
    } finally {
      if (env.url !== undefined) process.env.DATABASE_URL = env.url;
      if (env.dir !== undefined) process.env.DANCU_DATA_DIR = env.dir;
      else delete process.env.DANCU_DATA_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
