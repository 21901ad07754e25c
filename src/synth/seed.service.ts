import cliProgress from 'cli-progress';
import type { Database } from '../db/index.js';
import { systemActor } from '../shared/context.js';
import { loadGeo } from './geo.load.js';
import { PidAllocator, STREAMS } from './pids.js';
import { generatePopulation, type PopulationBatch } from './population.js';
import { countPersons, getPerson, registerBulk } from './registry-port.js';

/** Options of a seeding run. */
export interface SeedOptions {
  persons: number;
  seed: number;
  /** 0 (default) for an empty registry; 1–9 for appended populations (see `freeAppendStream`). */
  stream?: number;
  onProgress?: (done: number, total: number) => void;
  /** Persons per registry bulk write; default 5000. */
  batchSize?: number;
}

/** What a seeding run did. */
export interface SeedSummary {
  persons: number;
  households: number;
  rejected: number;
  seconds: number;
  /** The first few rejections, to fix the generator with. */
  rejections: { pid: string; problems: { field: string; message: string }[] }[];
}

/**
 * Seeds a synthetic population through the registry's bulk path, batch by batch (memory
 * stays flat). The same `persons`, `seed` and `stream` give the same population.
 *
 * @example
 *   const r = await seedPopulation(database, { persons: 100_000, seed: 6 });
 *   // { persons: 100000, households: 28…, rejected: 0, seconds: … }
 */
export async function seedPopulation(database: Database, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const actor = systemActor('synth');
  const geo = await loadGeo(database);
  const out: SeedSummary = { persons: 0, households: 0, rejected: 0, seconds: 0, rejections: [] };
  let done = 0;
  const record = (r: Awaited<ReturnType<typeof registerBulk>>, batch: PopulationBatch) => {
    out.persons += r.written;
    out.households += batch.households;
    out.rejected += r.rejected.length;
    for (const x of r.rejected.slice(0, Math.max(0, 10 - out.rejections.length)))
      out.rejections.push({ pid: x.pid, problems: x.problems });
    done += batch.persons.length;
    opts.onProgress?.(done, opts.persons);
  };
  // Households never span batches, so batch n + 1 is generated while batch n is written.
  let pending:
    | { write: Promise<Awaited<ReturnType<typeof registerBulk>>>; batch: PopulationBatch }
    | undefined;
  for (const batch of generatePopulation(geo, { ...opts, batchSize: opts.batchSize ?? 5000 })) {
    if (pending) record(await pending.write, pending.batch);
    const write = registerBulk(database, actor, batch.persons);
    write.catch(() => {});
    pending = { write, batch };
  }
  if (pending) record(await pending.write, pending.batch);
  out.seconds = (performance.now() - started) / 1000;
  return out;
}

/**
 * The first stream (1–9) none of whose ID numbers is registered yet, probed with the
 * first ID number the stream issues for common keys (Hà Nội and Hồ Chí Minh City, both
 * sexes, births 1950–2020). Throws when all are taken.
 */
export async function freeAppendStream(database: Database): Promise<number> {
  const actor = systemActor('synth');
  for (let stream = 1; stream < STREAMS; stream++) {
    let used = false;
    for (let year = 1950; year <= 2020 && !used; year += 2)
      for (const province of ['01', '79'])
        for (const sex of ['male', 'female'] as const) {
          const pid = PidAllocator.nth(stream, province, sex, year, 0);
          if (
            await getPerson(database, actor, pid).then(
              () => true,
              () => false,
            )
          )
            used = true;
        }
    if (!used) return stream;
  }
  throw new Error('all 9 append streams are in use');
}

/**
 * Seeds the demo population on first start: when the registry is empty and `persons` > 0,
 * with a progress bar on the terminal.
 */
export async function ensureDemoPopulation(database: Database, persons: number, seed: number): Promise<void> {
  if (persons <= 0 || (await countPersons(database)) > 0) return;
  console.log(
    `Seeding a synthetic demo population of ${persons.toLocaleString('en')} persons (seed ${seed}) …`,
  );
  const bar = progressBar();
  bar.start(persons, 0, { rate: '0' });
  const r = await seedPopulation(database, { persons, seed, onProgress: progressUpdater(bar) });
  bar.stop();
  console.log(summaryLine(r));
}

/** A progress bar showing persons/s and the ETA. */
export const progressBar = () =>
  new cliProgress.SingleBar(
    {
      format: '  {bar} {percentage}% | {value}/{total} persons | {rate} persons/s | ETA {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );

/** An `onProgress` that moves `bar`. */
export function progressUpdater(bar: cliProgress.SingleBar) {
  const t0 = performance.now();
  return (done: number) => {
    const s = (performance.now() - t0) / 1000;
    bar.update(done, { rate: s > 0 ? Math.round(done / s).toLocaleString('en') : '0' });
  };
}

/** One line saying what a run did. */
export const summaryLine = (r: SeedSummary): string =>
  `Seeded ${r.persons.toLocaleString('en')} persons in ${r.households.toLocaleString('en')} households in ${r.seconds.toFixed(1)} s (${Math.round(r.persons / Math.max(r.seconds, 0.001)).toLocaleString('en')} persons/s); ${r.rejected} rejected.`;
