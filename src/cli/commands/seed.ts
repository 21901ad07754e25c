import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { countPersons } from '../../registry/index.js';
import { openAndMigrate } from '../../server.js';
import {
  freeAppendStream,
  progressBar,
  progressUpdater,
  seedPopulation,
  summaryLine,
} from '../../synth/index.js';

const positiveInt = (name: string, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`${name} must be an integer from 0 to ${max}`);
  return n;
};

/** `dancu seed --persons N --seed S [--append]`: a synthetic population through the registry's bulk path. */
export function registerSeed(program: Command) {
  program
    .command('seed')
    .description(
      'seed a synthetic population (made-up persons, households and histories); the same --seed and --persons give the same population',
    )
    .option('--persons <n>', 'number of persons', positiveInt('--persons', 200_000_000), 100_000)
    .option('--seed <s>', 'random seed', positiveInt('--seed', 2 ** 31 - 1), 6)
    .option('--append', 'add to a registry that is not empty (ID numbers from a separate stream)', false)
    .option('--batch <n>', 'persons per bulk write', positiveInt('--batch', 100_000), 5000)
    .action(async (opts: { persons: number; seed: number; append: boolean; batch: number }) => {
      const config = loadConfig();
      const database = await openAndMigrate(config);
      try {
        const existing = await countPersons(database);
        let stream = 0;
        if (existing > 0) {
          if (!opts.append) {
            console.error(
              `The registry holds ${existing.toLocaleString('en')} persons already; use --append to add a population beside them.`,
            );
            process.exitCode = 1;
            return;
          }
          stream = await freeAppendStream(database);
        }
        console.log(
          `Seeding ${opts.persons.toLocaleString('en')} persons (seed ${opts.seed}${stream ? `, stream ${stream}` : ''}) into ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'} …`,
        );
        const bar = progressBar();
        bar.start(opts.persons, 0, { rate: '0' });
        const r = await seedPopulation(database, {
          persons: opts.persons,
          seed: opts.seed,
          stream,
          batchSize: opts.batch,
          onProgress: progressUpdater(bar),
        });
        bar.stop();
        console.log(summaryLine(r));
        for (const x of r.rejections)
          console.log(`  rejected ${x.pid}: ${x.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
        if (r.rejected > 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
