/**
 * Registry benchmark (issue #2), on PostgreSQL. Prints each figure beside its baseline,
 * measured in the same run on the same machine, and the ratio:
 *
 *   1. seeding rate (persons/s) vs a raw COPY of the very rows the seed wrote;
 *   2. GET /api/v1/persons/{pid} requests/s vs `pgbench -S` tps and vs a bare Fastify route;
 *   3. name + date-of-birth search latency (p50/p95) through the API.
 *
 *   npm run bench:registry                       # 1 M persons (reuses dancu_bench if already seeded)
 *   BENCH_PERSONS=200000 npm run bench:registry  # smaller
 *   BENCH_RESEED=1 …                             # drop and seed again
 *
 * Writes the figures to .bench/registry.json too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createOperator, login } from '../src/operators/index.js';
import { countPersons } from '../src/registry/index.js';
import { openAndMigrate } from '../src/server.js';
import { seedPopulation } from '../src/synth/index.js';
import {
  databaseExists,
  dbUrl,
  fmt,
  load,
  percentile,
  pgbenchSelect,
  recreateDatabase,
  startChild,
  stopChild,
} from './lib.js';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DB = process.env.BENCH_DB ?? 'dancu_bench';
const url = dbUrl(DB);
const results: Record<string, unknown> = { persons: PERSONS, date: new Date().toISOString() };

const line = (label: string, value: string, base: string, ratio: number, aim: string) =>
  console.log(
    `${label.padEnd(34)} ${value.padStart(16)}   baseline ${base.padStart(16)}   ratio ${ratio.toFixed(2)}   (${aim})`,
  );

// ---- 1. seeding ---------------------------------------------------------------------
let seedSeconds: number | undefined;
const reuse = !process.env.BENCH_RESEED && (await databaseExists(DB));
if (!reuse) await recreateDatabase(DB);
{
  const database = await openAndMigrate({ databaseUrl: url, dataDir: '' });
  const have = await countPersons(database.db);
  if (have < PERSONS) {
    if (have > 0) {
      await database.close();
      await recreateDatabase(DB);
    }
    const db2 = have > 0 ? await openAndMigrate({ databaseUrl: url, dataDir: '' }) : database;
    console.log(`seeding ${fmt(PERSONS)} persons into ${DB} …`);
    const t0 = performance.now();
    const r = await seedPopulation(db2, { persons: PERSONS, seed: 1 });
    seedSeconds = (performance.now() - t0) / 1000;
    console.log(`seeded ${fmt(r.persons)} persons, ${fmt(r.households)} households, ${r.rejected} rejected`);
    await db2.close();
  } else {
    console.log(`reusing ${DB} with ${fmt(have)} persons (BENCH_RESEED=1 to seed again)`);
    await database.close();
  }
}

const client = new pg.Client({ connectionString: url });
await client.connect();
if (seedSeconds !== undefined) {
  // Raw COPY of the same rows: every registry table is dumped, then loaded into an
  // identical table (same indexes) with nothing else happening.
  const tables = [
    'registry_events',
    'persons',
    'person_old_ids',
    'id_cards',
    'households',
    'household_members',
  ];
  let copySeconds = 0;
  for (const t of tables) {
    const chunks: Buffer[] = [];
    const out = client.query(copyTo(`COPY ${t} TO STDOUT`));
    for await (const c of out) chunks.push(c as Buffer);
    await client.query(`DROP TABLE IF EXISTS bench_copy_${t}`);
    await client.query(`CREATE TABLE bench_copy_${t} (LIKE ${t} INCLUDING ALL)`);
    const t0 = performance.now();
    const inp = client.query(copyFrom(`COPY bench_copy_${t} FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      inp.on('finish', resolve);
      inp.on('error', reject);
      for (const c of chunks) inp.write(c);
      inp.end();
    });
    copySeconds += (performance.now() - t0) / 1000;
    await client.query(`DROP TABLE bench_copy_${t}`);
  }
  const seedRate = PERSONS / seedSeconds;
  const copyRate = PERSONS / copySeconds;
  results.seed = {
    seconds: seedSeconds,
    personsPerSecond: seedRate,
    rawCopySeconds: copySeconds,
    rawCopyPersonsPerSecond: copyRate,
  };
  line('seeding (persons/s)', fmt(seedRate), `${fmt(copyRate)} COPY`, seedRate / copyRate, 'aim ≥ 0.5');
}

// ---- 2. GET /persons/{pid} ----------------------------------------------------------
const sample = (
  await client.query<{ pid: string; full_name: string; date_of_birth: string }>(
    'SELECT pid, full_name, date_of_birth FROM persons TABLESAMPLE SYSTEM (1) LIMIT 5000',
  )
).rows;
await client.end();
const pids = sample.map((r) => r.pid);
let i = 0;
const nextPid = () => pids[i++ % pids.length]!;

const pgbenchTps = pgbenchSelect(SECONDS, CONNECTIONS);

const bare = await startChild('bench/bare-fastify.ts', {});
const bareLoad = await load(bare.url, {
  seconds: SECONDS,
  connections: CONNECTIONS,
  path: () => `/api/v1/persons/${nextPid()}`,
});
await stopChild(bare.child);

const setup = await openAndMigrate({ databaseUrl: url, dataDir: '' });
await createOperator(setup.db, {
  username: 'bench',
  displayName: 'bench',
  password: 'bench-password',
  roles: ['viewer'],
}).catch(() => undefined);
const { token } = await login(setup.db, 'bench', 'bench-password');
await setup.close();

const dancu = await startChild('bench/dancu-server.ts', { DATABASE_URL: url, DANCU_DEMO_PERSONS: '0' });
const headers = { authorization: `Bearer ${token}` };
await load(dancu.url, {
  seconds: 3,
  connections: CONNECTIONS,
  path: () => `/api/v1/persons/${nextPid()}`,
  headers,
}); // warm-up
const getLoad = await load(dancu.url, {
  seconds: SECONDS,
  connections: CONNECTIONS,
  path: () => `/api/v1/persons/${nextPid()}`,
  headers,
});
results.get = { dancu: getLoad, bareFastify: bareLoad, pgbenchSelectTps: pgbenchTps };
const smaller = Math.min(pgbenchTps, bareLoad.rps);
line(
  'GET /persons/{pid} (req/s)',
  fmt(getLoad.rps),
  `${fmt(pgbenchTps)} pgbench`,
  getLoad.rps / pgbenchTps,
  'aim ≥ 0.5 of the smaller',
);
line(
  '',
  '',
  `${fmt(bareLoad.rps)} bare Fastify`,
  getLoad.rps / bareLoad.rps,
  `smaller baseline ${fmt(smaller)}`,
);
console.log(
  `${'  latency p50 / p99 (ms)'.padEnd(34)} ${`${getLoad.p50} / ${getLoad.p99}`.padStart(16)}   errors ${getLoad.errors}, non-2xx ${getLoad.non2xx}   (aim p99 ≤ 10 ms)`,
);

// ---- 3. search by name + date of birth ---------------------------------------------
const lat: number[] = [];
let found = 0;
for (const p of sample.slice(0, 1000)) {
  const q = new URLSearchParams({ name: p.full_name, dob: p.date_of_birth, limit: '20' });
  const t0 = performance.now();
  const res = await fetch(`${dancu.url}/api/v1/persons?${q}`, { headers });
  const body = (await res.json()) as { items?: { pid: string }[] };
  lat.push(performance.now() - t0);
  if (body.items?.some((x) => x.pid === p.pid)) found++;
}
await stopChild(dancu.child);
lat.sort((a, b) => a - b);
results.search = {
  queries: lat.length,
  found,
  p50: percentile(lat, 50),
  p95: percentile(lat, 95),
  p99: percentile(lat, 99),
};
console.log(
  `${'search name+dob p50 / p95 (ms)'.padEnd(34)} ${`${percentile(lat, 50).toFixed(1)} / ${percentile(lat, 95).toFixed(1)}`.padStart(16)}   found ${found}/${lat.length}   (aim p95 ≤ 50 ms)`,
);

mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/registry.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nfigures written to .bench/registry.json');
process.exit(0);
