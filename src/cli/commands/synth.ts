import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openAndMigrate } from '../../server.js';
import { type DatasetFormat, type DatasetKind, generateDataset, type NoiseLevel } from '../../synth/index.js';

const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (v: string): T => {
    if (!values.includes(v as T)) throw new Error(`${name} must be one of ${values.join(', ')}`);
    return v as T;
  };

const positiveInt = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
};

const withoutExtension = (path: string) => path.replace(/\.[^./\\]+$/, '');

/** `dancu synth dataset …`: a corrupted agency dataset drawn from the register, with its truth file. */
export function registerSynth(program: Command) {
  const synth = program.command('synth').description('synthetic data for tests and benchmarks');
  synth
    .command('dataset')
    .description(
      'write an agency dataset (vaccination doses, insurance cards or bank accounts) about persons of the register, typed with realistic errors, and a truth file (line,pid,person) saying who each row is; the same register, options and --seed give the same files',
    )
    .requiredOption(
      '--kind <kind>',
      'vaccination | insurance | bank',
      oneOf('--kind', ['vaccination', 'insurance', 'bank'] as const),
    )
    .option('--rows <n>', 'number of data rows', positiveInt('--rows', 1, 100_000_000), 10_000)
    .option(
      '--noise <level>',
      'light | realistic | heavy (rates in docs/cleaning.md)',
      oneOf('--noise', ['light', 'realistic', 'heavy'] as const),
      'realistic',
    )
    .option('--seed <s>', 'random seed', positiveInt('--seed', 0, 2 ** 31 - 1), 7)
    .option(
      '--format <format>',
      'csv | jsonl | xlsx',
      oneOf('--format', ['csv', 'jsonl', 'xlsx'] as const),
      'csv',
    )
    .option('--out <file>', 'dataset file (default <kind>-<rows>-<noise>-s<seed>.<format>)')
    .option('--truth <file>', 'truth file (default: beside the dataset, .truth.csv)')
    .action(
      async (opts: {
        kind: DatasetKind;
        rows: number;
        noise: NoiseLevel;
        seed: number;
        format: DatasetFormat;
        out?: string;
        truth?: string;
      }) => {
        const out = opts.out ?? `${opts.kind}-${opts.rows}-${opts.noise}-s${opts.seed}.${opts.format}`;
        const truthOut = opts.truth ?? `${withoutExtension(out)}.truth.csv`;
        const database = await openAndMigrate(loadConfig());
        try {
          const bar = new cliProgress.SingleBar(
            {
              format: '  {bar} {percentage}% | {value}/{total} rows | ETA {eta_formatted}',
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(opts.rows, 0);
          const s = await generateDataset(database, {
            kind: opts.kind,
            rows: opts.rows,
            noise: opts.noise,
            seed: opts.seed,
            format: opts.format,
            out,
            truthOut,
            onProgress: (done) => bar.update(done),
          }).finally(() => bar.stop());
          const n = (x: number) => x.toLocaleString('en');
          console.log(
            `Wrote ${n(s.rows)} ${s.kind} rows (${s.noise} noise, seed ${s.seed}) to ${s.out} in ${s.seconds.toFixed(1)} s: ${n(s.persons)} persons, ${n(s.registeredPersons)} from the register of ${n(s.registerSize)}, ${n(s.madeUpPersons)} made up (${n(s.madeUpRows)} rows).`,
          );
          console.log(`Truth: ${truthOut}`);
        } finally {
          await database.close();
        }
      },
    );
}
