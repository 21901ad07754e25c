/**
 * Cleaning benchmark (issue #3), on PostgreSQL: a realistic-noise synthetic vaccination file
 * cleaned against the seeded register, end to end, beside its floor — the time it takes
 * only to read and normalise the same file — in the same run. Prints:
 *
 *   - accuracy: pairwise precision and recall of the automatic links, review share,
 *     blocking recall (from the truth file the generator wrote);
 *   - speed: rows/s of the whole job, candidate comparisons per second per core, and the
 *     job's time as a multiple of the floor;
 *   - peak memory (RSS) of this process (the matching threads included).
 *
 *   npm run bench:cleaning                                   # 1 M persons, 1 M rows
 *   BENCH_PERSONS=200000 BENCH_ROWS=200000 npm run bench:cleaning
 *   BENCH_WORKERS=1 …   BENCH_NOISE=heavy …   BENCH_REGEN=1 … (write the dataset again)
 *
 * Writes the figures to .bench/cleaning.json too.
 */
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createJob, evaluateJob, runJob } from '../src/cleaning/index.js';
import { openDataset, suggestMapping } from '../src/cleaning/io/index.js';
import { createNormaliser } from '../src/cleaning/normalise/index.js';
import { countPersons } from '../src/registry/index.js';
import { openAndMigrate } from '../src/server.js';
import { systemActor } from '../src/shared/context.js';
import { generateDataset } from '../src/synth/dataset.js';
import { seedPopulation } from '../src/synth/index.js';
import { databaseExists, dbUrl, fmt, recreateDatabase } from './lib.js';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const NOISE = (process.env.BENCH_NOISE ?? 'realistic') as 'light' | 'realistic' | 'heavy';
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const DB = process.env.BENCH_DB ?? 'dancu_bench';
const actor = systemActor('bench');
const results: Record<string, unknown> = {
  persons: PERSONS,
  rows: ROWS,
  noise: NOISE,
  workers: WORKERS,
  date: new Date().toISOString(),
};
mkdirSync('.bench', { recursive: true });

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);
sampler.unref();

// ---- the register --------------------------------------------------------------------
if (!(await databaseExists(DB))) await recreateDatabase(DB);
const database = await openAndMigrate({ databaseUrl: dbUrl(DB), dataDir: '.bench' });
const have = await countPersons(database.db);
if (have < PERSONS) {
  if (have > 0)
    throw new Error(`${DB} holds ${have} persons, fewer than ${PERSONS}; drop it or set BENCH_PERSONS`);
  console.log(`seeding ${fmt(PERSONS)} persons into ${DB} …`);
  await seedPopulation(database, { persons: PERSONS, seed: 1 });
}
const registerSize = await countPersons(database.db);
results.registerSize = registerSize;
console.log(`register: ${fmt(registerSize)} persons in ${DB}`);

// ---- the dataset ---------------------------------------------------------------------
const file = `.bench/vaccination-${ROWS}-${NOISE}.csv`;
const truth = `.bench/vaccination-${ROWS}-${NOISE}.truth.csv`;
if (process.env.BENCH_REGEN || !existsSync(file) || !existsSync(truth)) {
  const t0 = performance.now();
  await generateDataset(database, {
    kind: 'vaccination',
    rows: ROWS,
    noise: NOISE,
    seed: 7,
    out: file,
    truthOut: truth,
  });
  console.log(`dataset: ${file} written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// ---- the floor: read and normalise only ----------------------------------------------
const floor = await (async () => {
  const t0 = performance.now();
  const ds = await openDataset(file);
  const mapping = suggestMapping(ds.headers);
  const normaliser = await createNormaliser(database);
  let n = 0;
  for await (const batch of ds.rows) {
    for (const row of batch) {
      normaliser.normaliseRow(row, mapping);
      n++;
    }
  }
  return { rows: n, seconds: (performance.now() - t0) / 1000 };
})();
results.floor = floor;
console.log(
  `floor (read + normalise, 1 thread): ${fmt(floor.rows)} rows in ${floor.seconds.toFixed(1)} s = ${fmt(floor.rows / floor.seconds)} rows/s`,
);

// ---- the job -------------------------------------------------------------------------
const t0 = performance.now();
const created = await createJob(database, actor, { path: file, kind: 'vaccination' });
const job = await runJob(database, created.id, {
  workers: WORKERS,
  onProgress: (j) => {
    if (j.status === 'linking' && j.progress.chunksDone % 50 === 0)
      process.stdout.write(`\r  matching ${j.progress.chunksDone}/${j.progress.chunksTotal} chunks`);
  },
});
const seconds = (performance.now() - t0) / 1000;
process.stdout.write('\n');
if (job.status !== 'done') throw new Error(`job ${job.id} ended ${job.status}: ${job.error}`);
const comparisons = Number(
  (
    await database.db
      .selectFrom('cleaning_chunks')
      .select((eb) => eb.fn.sum<string>('comparisons').as('n'))
      .where('job_id', '=', job.id)
      .executeTakeFirst()
  )?.n ?? 0,
);
const t = job.timings;
const linkSeconds = (t.linkMs ?? 0) / 1000;
const threads = Math.max(1, WORKERS);
// Per core: comparisons over the matching threads' CPU time (Linux: what the threads ran,
// not the moments they waited for one of the cores the main thread, PostgreSQL and each
// other also need); beside it, over their wall time inside a batch, as measured before.
const computeSeconds = (t.matchComputeMs ?? 0) / 1000;
const cpuSeconds = t.matchCpuMs === undefined ? undefined : t.matchCpuMs / 1000;
const perThreadSecond = computeSeconds > 0 ? comparisons / computeSeconds : 0;
const perCore = cpuSeconds ? comparisons / cpuSeconds : perThreadSecond;

// ---- accuracy --------------------------------------------------------------------------
const ev = await evaluateJob(database, actor, job.id, createReadStream(truth));
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

Object.assign(results, {
  job: job.id,
  seconds,
  timings: t,
  counts: job.counts,
  comparisons,
  comparisonsPerSecondPerCore: perCore,
  comparisonsPerThreadSecond: perThreadSecond,
  rowsPerSecond: job.rows / seconds,
  ratioToFloor: seconds / floor.seconds,
  evaluation: ev,
  peakRssBytes: peakRss,
});
writeFileSync('.bench/cleaning.json', `${JSON.stringify(results, null, 2)}\n`);

const row = (label: string, value: string, aim = '') =>
  console.log(`${label.padEnd(44)} ${value.padStart(14)}   ${aim}`);
console.log('\n--- cleaning benchmark ---');
row('register persons', fmt(registerSize));
row('dataset rows', fmt(job.rows), `${NOISE} noise`);
row('precision of automatic links', ev.precision.toFixed(4), '(aim ≥ 0.999)');
row('recall of automatic links', ev.recall.toFixed(4), '(aim ≥ 0.99)');
row('sent to review', `${(ev.reviewShare * 100).toFixed(2)} %`, '(aim ≤ 2 %)');
if (ev.blockingRecall !== undefined) row('blocking recall', ev.blockingRecall.toFixed(4));
row('whole job', `${seconds.toFixed(1)} s`, `${fmt(job.rows / seconds)} rows/s`);
row('  of which read + store', `${((t.importMs ?? 0) / 1000).toFixed(1)} s`);
row(
  '  of which wait for the register index',
  `${((t.referenceMs ?? 0) / 1000).toFixed(1)} s`,
  `(built in ${((t.referenceBuildMs ?? t.referenceMs ?? 0) / 1000).toFixed(1)} s, during the import)`,
);
row('  of which train the model', `${((t.trainMs ?? 0) / 1000).toFixed(1)} s`);
row('  of which start threads + index', `${((t.poolStartMs ?? 0) / 1000).toFixed(1)} s`);
row(
  '  of which match + store',
  `${(linkSeconds - ((t.referenceMs ?? 0) + (t.trainMs ?? 0) + (t.poolStartMs ?? 0)) / 1000).toFixed(1)} s`,
  `${threads} threads`,
);
row('  of which duplicates', `${((t.resolveMs ?? 0) / 1000).toFixed(1)} s`);
row('floor: read + normalise (1 thread)', `${floor.seconds.toFixed(1)} s`);
row('job / floor', `${(seconds / floor.seconds).toFixed(2)}×`, '(aim ≤ 3×)');
row('candidate comparisons', fmt(comparisons));
row(
  'comparisons per second per core',
  fmt(perCore),
  cpuSeconds === undefined
    ? `(aim ≥ 250,000; ${computeSeconds.toFixed(1)} thread-s matching)`
    : `(aim ≥ 250,000; ${cpuSeconds.toFixed(1)} CPU-s of the matching threads)`,
);
if (cpuSeconds !== undefined)
  row(
    '  per second of a thread in a batch',
    fmt(perThreadSecond),
    `(${computeSeconds.toFixed(1)} thread-s, waits for a core included)`,
  );
row('peak memory (RSS)', `${fmt(peakRss / 1024 / 1024)} MiB`);
await database.close();
