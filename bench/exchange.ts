/**
 * Exchange benchmark (issue #4), on PostgreSQL: POST /api/v1/exchange/verify requests/s
 * and p99 with the read audit on (group commit) and off (DANCU_AUDIT_READS=off, for this
 * comparison only), beside a bare Fastify route and `pgbench -S` on the same machine; then
 * a bulk verify of BENCH_BULK (1 M) records in one streamed NDJSON request, beside reading
 * the same persons straight from PostgreSQL.
 *
 *   npm run bench:exchange                        # reuses dancu_bench (npm run bench:registry) or seeds 100 k
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 npm run bench:exchange
 *   BENCH_BULK=0 …                                 # skip the 1 M-record bulk verify
 *
 * Writes the figures to .bench/exchange.json too.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { sql } from '../src/db/index.js';
import { addAgency, addClient, addPurpose, grantPurpose, listPurposes } from '../src/exchange/index.js';
import { countPersons } from '../src/registry/index.js';
import { openAndMigrate } from '../src/server.js';
import { systemActor } from '../src/shared/context.js';
import { seedPopulation } from '../src/synth/index.js';
import {
  databaseExists,
  dbUrl,
  fmt,
  load,
  pgbenchSelect,
  recreateDatabase,
  startChild,
  stopChild,
} from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DB = process.env.BENCH_DB ?? 'dancu_bench';
const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const PURPOSE = 'bank.customer_verification';
const BULK_PURPOSE = 'bank.customer_review';
const BULK = Number(process.env.BENCH_BULK ?? 1_000_000);
const url = dbUrl(DB);
const actor = systemActor('bench');

// ---- data: reuse the registry benchmark's database, or seed a smaller one -------------
if (!(await databaseExists(DB))) await recreateDatabase(DB);
const database = await openAndMigrate({ databaseUrl: url, dataDir: '' });
if ((await countPersons(database.db)) === 0) {
  console.log(`seeding ${fmt(PERSONS)} persons into ${DB} …`);
  await seedPopulation(database, { persons: PERSONS, seed: 1 });
}
const sample = (
  await sql<{ pid: string; full_name: string; date_of_birth: string; sex: string }>`
    SELECT pid, full_name, date_of_birth, sex FROM persons TABLESAMPLE SYSTEM (10) LIMIT 10000`.execute(
    database.db,
  )
).rows;
const { privateKey, publicKey } = await generateKeyPair('ES256');
const kid = randomUUID();
const code = `bench${Date.now().toString(36)}`;
await addAgency(database, actor, { code, name: 'Ngân hàng Benchmark', kind: 'bank' });
const client = await addClient(database, actor, code, {
  name: 'bench',
  jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256' }] },
});
await grantPurpose(database, actor, client.clientId, PURPOSE);
// A bank's periodic re-check of its customer base: verify and bulk_verify.
if (!(await listPurposes(database)).some((p) => p.code === BULK_PURPOSE))
  await addPurpose(database, actor, {
    code: BULK_PURPOSE,
    titleVi: 'Rà soát định kỳ thông tin khách hàng',
    titleEn: 'Periodic customer data review',
    legalBasis: 'Luật Phòng, chống rửa tiền 2022, Điều 11',
    documentNumber: '14/2022/QH15',
    operations: ['verify', 'bulk_verify'],
    fields: ['fullName', 'dateOfBirth', 'sex', 'cardStatus'],
  });
await grantPurpose(database, actor, client.clientId, BULK_PURPOSE);
await database.close();

async function token(base: string, scope = PURPOSE): Promise<string> {
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(client.clientId)
    .setSubject(client.clientId)
    .setAudience('http://localhost:3000/oidc')
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(privateKey);
  const res = await fetch(`${base}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

async function verifyLoad(auditReads: 'on' | 'off') {
  const { url: base, child } = await startChild('bench/exchange-server.ts', {
    DATABASE_URL: url,
    DANCU_AUDIT_READS: auditReads,
  });
  try {
    const bearer = await token(base);
    let i = 0;
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/exchange/verify',
          headers: {
            authorization: `Bearer ${bearer}`,
            'dancu-purpose': PURPOSE,
            'content-type': 'application/json',
          },
          setupRequest: (req) => {
            const p = sample[i++ % sample.length] as (typeof sample)[number];
            return {
              ...req,
              body: JSON.stringify({
                pid: p.pid,
                claims: { fullName: p.full_name, dateOfBirth: p.date_of_birth },
              }),
            };
          },
        },
      ],
    });
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
    };
  } finally {
    await stopChild(child);
  }
}

console.log(
  `verify load: ${CONNECTIONS} connections, ${SECONDS} s each, ${fmt(sample.length)} sampled persons`,
);
const on = await verifyLoad('on');
const off = await verifyLoad('off');
const bare = await (async () => {
  const { url: base, child } = await startChild('bench/bare-fastify.ts', {});
  try {
    return await load(base, {
      seconds: SECONDS,
      connections: CONNECTIONS,
      path: () => '/api/v1/persons/001090000001',
    });
  } finally {
    await stopChild(child);
  }
})();
const tps = pgbenchSelect(SECONDS, CONNECTIONS);

const line = (label: string, rps: number, p99: number, base: string, ratio: number) =>
  console.log(
    `${label.padEnd(30)} ${fmt(rps).padStart(8)} req/s  p99 ${fmt(p99).padStart(5)} ms   vs ${base.padEnd(22)} ratio ${ratio.toFixed(2)}`,
  );
line('verify, audit on', on.rps, on.p99, 'audit off', on.rps / off.rps);
line('verify, audit off', off.rps, off.p99, 'bare Fastify', off.rps / bare.rps);
line('verify, audit on', on.rps, on.p99, 'pgbench -S', on.rps / tps);
console.log(`bare Fastify ${fmt(bare.rps)} req/s p99 ${bare.p99} ms; pgbench -S ${fmt(tps)} tps`);
if (on.non2xx || off.non2xx) console.log(`non-2xx answers: audit on ${on.non2xx}, audit off ${off.non2xx}`);

// ---- bulk verify: BULK records in one streamed NDJSON request --------------------------
// Beside it, in the same run: reading the same persons straight from PostgreSQL, 1,000 ids
// a query (the registry read a bulk chunk makes), with nothing else.
const bulk = await (async () => {
  if (BULK <= 0) return undefined;
  const db2 = await openAndMigrate({ databaseUrl: url, dataDir: '' });
  const people = (
    await sql<{ pid: string; full_name: string; date_of_birth: string }>`
      SELECT pid, full_name, date_of_birth FROM persons LIMIT ${BULK}`.execute(db2.db)
  ).rows;
  let t = performance.now();
  for (let i = 0; i < people.length; i += 1000)
    await sql`SELECT state FROM persons WHERE pid = ANY(${people.slice(i, i + 1000).map((p) => p.pid)}::text[])`.execute(
      db2.db,
    );
  const readSeconds = (performance.now() - t) / 1000;
  await db2.close();
  const { url: base, child } = await startChild('bench/exchange-server.ts', { DATABASE_URL: url });
  try {
    const bearer = await token(base, BULK_PURPOSE);
    async function* lines() {
      let buf = '';
      for (const [i, p] of people.entries()) {
        // One record in fifty claims a wrong date of birth, so answers are not all "yes".
        const dob = i % 50 === 0 ? '1900-01-01' : p.date_of_birth;
        buf += `${JSON.stringify({ pid: p.pid, claims: { fullName: p.full_name, dateOfBirth: dob } })}\n`;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      yield buf;
    }
    let whole = '';
    if (process.env.BENCH_BULK_STRING) for await (const b of lines()) whole += b;
    t = performance.now();
    const res = await fetch(`${base}/api/v1/exchange/verify/bulk`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'dancu-purpose': BULK_PURPOSE,
        'content-type': 'application/x-ndjson',
      },
      body: whole || (Readable.toWeb(Readable.from(lines())) as ReadableStream),
      duplex: 'half',
    } as RequestInit);
    if (!res.ok || !res.body) throw new Error(`bulk verify answered ${res.status}: ${await res.text()}`);
    let answers = 0;
    let matched = 0;
    let rest = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const l of parts) {
        if (!l) continue;
        answers++;
        if (process.env.BENCH_BULK_DUMP) appendFileSync(process.env.BENCH_BULK_DUMP, `${l}\n`);
        if (l.includes('"match":true')) matched++;
      }
    }
    const seconds = (performance.now() - t) / 1000;
    return { records: people.length, answers, matched, seconds, readSeconds };
  } finally {
    await stopChild(child);
  }
})();
if (bulk) {
  console.log(
    `bulk verify ${fmt(bulk.records)} records: ${bulk.seconds.toFixed(1)} s = ${fmt(bulk.records / bulk.seconds)} records/s (aim ≤ 60 s); ${fmt(bulk.answers)} answers, ${fmt(bulk.matched)} matches`,
  );
  console.log(
    `  vs reading the same persons from PostgreSQL, 1,000 a query: ${bulk.readSeconds.toFixed(1)} s, ratio ${(bulk.readSeconds / bulk.seconds).toFixed(2)}`,
  );
}

mkdirSync('.bench', { recursive: true });
writeFileSync(
  '.bench/exchange.json',
  `${JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, seconds: SECONDS, on, off, bare, pgbenchTps: tps, bulk }, null, 2)}\n`,
);
