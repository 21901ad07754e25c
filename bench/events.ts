/**
 * Events benchmark (issue #4 part 5), on PostgreSQL: commit → webhook latency.
 *
 * 1,000 births are registered one after another through the registry service, each
 * committing its outbox row; a delivery worker in the same process (default options:
 * woken by LISTEN/NOTIFY on commit, 200 ms idle poll as the fallback) POSTs each to a
 * local receiver. BENCH_EVENTS_LISTEN=off measures the polling worker alone. Latency = time the receiver got the
 * event − time the registry call returned (after COMMIT). Baseline in the same run: a
 * plain signed-size HTTP POST from this process to the same receiver (the transport floor).
 *
 *   npm run bench:events                        # 1000 births
 *   BENCH_EVENTS_BIRTHS=200 npm run bench:events
 *   BENCH_EVENTS_LISTEN=off npm run bench:events   # without the wake-up: polling only
 *
 * Writes the figures to .bench/events.json too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createSubscription, startDelivery } from '../src/events/index.js';
import { registerBirth } from '../src/registry/index.js';
import { openAndMigrate } from '../src/server.js';
import { systemActor } from '../src/shared/context.js';
import { dbUrl, fmt, percentile, recreateDatabase } from './lib.js';

const BIRTHS = Number(process.env.BENCH_EVENTS_BIRTHS ?? 1000);
const DB = process.env.BENCH_DB ?? 'dancu_bench_events';
const LISTEN = (process.env.BENCH_EVENTS_LISTEN ?? 'on') !== 'off';

await recreateDatabase(DB);
const database = await openAndMigrate({ databaseUrl: dbUrl(DB), dataDir: '' });

// The receiver notes when each event arrives, keyed by pid (births) or by a baseline tag.
const arrived = new Map<string, number>();
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { pid: string } };
    arrived.set(body.data.pid, at);
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

const waitFor = async (key: string) => {
  while (!arrived.has(key)) await new Promise((r) => setTimeout(r, 1));
  return arrived.get(key)!;
};
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1)! };
};

// Baseline: a plain POST of a body of the same size, from this process.
const sample = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  position: 1,
  type: 'person.born',
  occurredAt: new Date().toISOString(),
  data: {
    pid: 'x'.repeat(12),
    type: 'person.born',
    effectiveDate: '2024-01-01',
    unitCodes: ['01'],
    fields: [],
  },
});
const floor: number[] = [];
for (let i = 0; i < BIRTHS; i++) {
  const key = `baseline-${i}`;
  const body = sample.replace('x'.repeat(12), key);
  const t0 = performance.now();
  await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  floor.push((await waitFor(key)) - t0);
}

await createSubscription(database.db, { owner: 'bench', callbackUrl: url });
const worker = startDelivery(database, { listen: LISTEN });
const actor = systemActor('bench');
const latencies: number[] = [];
const started = performance.now();
for (let i = 0; i < BIRTHS; i++) {
  const person = await registerBirth(
    database,
    actor,
    {
      familyName: 'Nguyễn',
      middleName: 'Văn',
      givenName: `An ${i}`,
      sex: i % 2 ? 'female' : 'male',
      dateOfBirth: `${1950 + (i % 70)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      placeOfBirth: { unitCode: '01' },
      ethnicity: 'Kinh',
      nationality: 'VN',
      sourceDocument: { kind: 'birth_certificate', number: `BENCH-${i}` },
    },
    { idempotencyKey: `bench-${i}` },
  );
  const committed = performance.now();
  latencies.push((await waitFor(person.pid)) - committed);
}
const seconds = (performance.now() - started) / 1000;
await worker.stop();
server.close();
await database.close();

const webhook = summary(latencies);
const base = summary(floor);
const results = {
  births: BIRTHS,
  date: new Date().toISOString(),
  wakeUp: LISTEN ? 'listen/notify' : 'poll only',
  webhookMs: webhook,
  plainPostMs: base,
  birthsPerSecond: BIRTHS / seconds,
};
console.log(
  `commit → webhook over ${BIRTHS} births (PostgreSQL, worker in-process, ${LISTEN ? 'woken by LISTEN/NOTIFY, 200 ms poll as fallback' : '200 ms idle poll only'}):`,
);
console.log(
  `  p50 ${fmt(webhook.p50, 1)} ms   p99 ${fmt(webhook.p99, 1)} ms   max ${fmt(webhook.max, 1)} ms`,
);
console.log(`baseline, plain HTTP POST to the same receiver (transport floor):`);
console.log(`  p50 ${fmt(base.p50, 2)} ms   p99 ${fmt(base.p99, 2)} ms   max ${fmt(base.max, 2)} ms`);
console.log(
  `ratio p50 ${fmt(webhook.p50 / base.p50, 0)}×, p99 ${fmt(webhook.p99 / base.p99, 0)}× (target: p99 ≤ 1000 ms)`,
);
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/events.json', `${JSON.stringify(results, null, 2)}\n`);
