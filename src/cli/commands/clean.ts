import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import {
  cleanedCsv,
  createJob,
  defaultWorkers,
  evaluateCleanedFile,
  evaluateJob,
  formatEvaluation,
  getJob,
  type JobView,
  type LinkModel,
  linkTwoFiles,
  listJobs,
  parseMapping,
  qualityReport,
  renderReportHtml,
  runJob,
} from '../../cleaning/index.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import { openAndMigrate } from '../../server.js';
import { systemActor } from '../../shared/context.js';
import { progressBar } from '../../synth/index.js';

const actor = systemActor('cli');

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
};

interface CleanOptions {
  kind: string;
  mode: 'registry' | 'dedupe';
  mapping?: string;
  model?: string;
  out?: string;
  report?: string;
  reportJson?: string;
  saveModel?: string;
  workers: number;
  train: boolean;
  format?: 'csv' | 'xlsx' | 'jsonl';
  encoding?: string;
  scope?: string;
}

/** `dancu clean FILE …`, `dancu clean resume JOB`, `dancu clean jobs`, `dancu clean evaluate --truth FILE`. */
export function registerClean(program: Command) {
  const clean = program
    .command('clean')
    .description(
      'clean an agency dataset: match each row to the register (or find duplicates in the file), then write the cleaned file and a quality report',
    )
    .argument('[file]', 'the dataset: CSV, XLSX or JSON Lines')
    .option('--kind <kind>', 'what the dataset holds (vaccination, insurance, bank, …)', 'dataset')
    .option(
      '--mode <mode>',
      'registry: match against the register; dedupe: duplicates within the file only',
      'registry',
    )
    .option('--mapping <pairs>', 'column roles by hand, e.g. "Ho ten=fullName,Ngay sinh=dateOfBirth"')
    .option('--model <file>', 'a saved model (JSON) to use instead of training one')
    .option('--save-model <file>', 'write the model the job used to this file')
    .option('--out <file>', 'the cleaned file (CSV)', undefined)
    .option('--report <file>', 'the quality report as HTML')
    .option('--report-json <file>', 'the quality report as JSON')
    .option(
      '--workers <n>',
      'matching threads (0 = in the main thread)',
      int('--workers', 0, 256),
      defaultWorkers(),
    )
    .option('--no-train', 'use the built-in model as it is (no estimation on this dataset)')
    .option('--format <format>', 'csv, xlsx or jsonl (default: from the file name and content)')
    .option('--encoding <name>', 'text encoding, e.g. windows-1258 (default: guessed)')
    .option('--scope <scope>', 'reviewers’ decisions are reused within a scope (default: the kind)')
    .action(async (file: string | undefined, opts: CleanOptions) => {
      if (!file) {
        clean.help({ error: true });
        return;
      }
      if (opts.mode !== 'registry' && opts.mode !== 'dedupe') throw new Error('--mode is registry or dedupe');
      const model = opts.model ? (JSON.parse(await readFile(opts.model, 'utf8')) as LinkModel) : undefined;
      await withDatabase(async (database) => {
        const job = await createJob(database, actor, {
          path: file,
          kind: opts.kind,
          mode: opts.mode,
          ...(opts.mapping ? { mapping: parseMapping(opts.mapping) } : {}),
          ...(model ? { model } : {}),
          ...(opts.scope ? { scope: opts.scope } : {}),
          options: {
            train: opts.train,
            ...(opts.format ? { format: opts.format } : {}),
            ...(opts.encoding ? { encoding: opts.encoding } : {}),
          },
        });
        console.log(
          `Job ${job.id}: ${job.name} (${opts.kind}, ${opts.mode}); resume with: dancu clean resume ${job.id}`,
        );
        await runAndReport(database, job.id, opts);
      });
    });

  clean
    .command('resume')
    .description('resume a job that was interrupted (or run a queued one) and write its outputs')
    .argument('<job>', 'the job id (cj_…)')
    .option('--out <file>', 'the cleaned file (CSV)')
    .option('--report <file>', 'the quality report as HTML')
    .option('--report-json <file>', 'the quality report as JSON')
    .option('--save-model <file>', 'write the model the job used to this file')
    .option('--workers <n>', 'matching threads', int('--workers', 0, 256), defaultWorkers())
    .action(async (id: string, opts: CleanOptions) => {
      await withDatabase((database) => runAndReport(database, id, opts));
    });

  clean
    .command('link')
    .description(
      'link two files of people to each other (no register): for each row of LEFT, the row of RIGHT for the same person',
    )
    .argument('<left>', 'first file (CSV, XLSX or JSON Lines)')
    .argument('<right>', 'second file')
    .option('--mapping-left <pairs>', 'column roles of LEFT by hand, e.g. "name=fullName,born=dateOfBirth"')
    .option('--mapping-right <pairs>', 'column roles of RIGHT by hand')
    .option('--model <file>', 'a saved model (JSON) instead of training one on the two files')
    .option('--out <file>', 'where to write the links (CSV)', 'links.csv')
    .action(
      async (
        left: string,
        right: string,
        opts: { mappingLeft?: string; mappingRight?: string; model?: string; out: string },
      ) => {
        const model = opts.model ? (JSON.parse(await readFile(opts.model, 'utf8')) as LinkModel) : undefined;
        await withDatabase(async (database) => {
          const r = await linkTwoFiles(
            database,
            {
              left,
              right,
              ...(opts.mappingLeft ? { mappingLeft: parseMapping(opts.mappingLeft) } : {}),
              ...(opts.mappingRight ? { mappingRight: parseMapping(opts.mappingRight) } : {}),
              ...(model ? { model } : {}),
            },
            opts.out,
          );
          console.log(
            `${r.left.rows.toLocaleString('en')} rows (${r.left.rejected} unusable) against ${r.right.rows.toLocaleString('en')} (${r.right.rejected} unusable): ${r.linked} linked, ${r.review} doubtful, ${r.unmatched} without a match → ${opts.out}`,
          );
          for (const p of [...r.left.problems.slice(0, 5)]) console.log(`  left line ${p.line}: ${p.reason}`);
          for (const p of [...r.right.problems.slice(0, 5)])
            console.log(`  right line ${p.line}: ${p.reason}`);
        });
      },
    );

  clean
    .command('jobs')
    .description('list cleaning jobs, newest first')
    .action(async () => {
      await withDatabase(async (database) => {
        for (const j of await listJobs(database, actor)) {
          console.log(
            `${j.id}  ${j.status.padEnd(9)} ${String(j.rows).padStart(9)} rows  ${j.kind.padEnd(12)} ${j.name}  ${j.createdAt}`,
          );
        }
      });
    });

  clean
    .command('evaluate')
    .description(
      'score a cleaning against a truth file (from `dancu synth dataset`): precision, recall, F1, review share, blocking recall',
    )
    .argument('[job]', 'a finished job in the database, as `dancu clean` printed it (or --job)')
    .requiredOption('--truth <file>', 'the truth file (CSV: line,pid,person)')
    .option('--job <id>', 'a finished job in the database (default: the newest finished job)')
    .option('--cleaned <file>', 'a cleaned file instead of a job')
    .option('--json <file>', 'also write the figures as JSON')
    .action(
      async (
        job: string | undefined,
        opts: { truth: string; job?: string; cleaned?: string; json?: string },
      ) => {
        const report = opts.cleaned
          ? await evaluateCleanedFile(opts.truth, opts.cleaned)
          : await withDatabase(async (database) => {
              const id =
                opts.job ?? job ?? (await listJobs(database, actor)).find((j) => j.status === 'done')?.id;
              if (!id) throw new Error('No finished cleaning job; pass --job or --cleaned');
              const { createReadStream } = await import('node:fs');
              return evaluateJob(database, actor, id, createReadStream(opts.truth));
            });
        console.log(formatEvaluation(report));
        if (opts.json) await writeFile(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      },
    );
}

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openAndMigrate(loadConfig());
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const PHASES: Record<string, string> = {
  queued: 'queued',
  importing: 'reading',
  linking: 'matching',
  resolving: 'grouping',
  done: 'done',
};

async function runAndReport(
  database: Database,
  id: string,
  opts: Partial<CleanOptions> & { workers: number },
) {
  const bar = progressBar();
  let started = false;
  let phase = '';
  const t0 = performance.now();
  const job: JobView = await runJob(database, id, {
    workers: opts.workers,
    onProgress: (j) => {
      if (j.status !== phase) {
        if (started) bar.stop();
        phase = j.status;
        if (j.status === 'linking') {
          bar.start(j.progress.chunksTotal, j.progress.chunksDone, { rate: '0' });
          started = true;
        } else if (j.status !== 'done') {
          started = false;
          console.log(`${PHASES[j.status] ?? j.status} … (${j.rows.toLocaleString('en')} rows read)`);
        }
      } else if (started) {
        const s = (performance.now() - t0) / 1000;
        bar.update(j.progress.chunksDone, {
          rate: Math.round(j.rows / Math.max(s, 0.001)).toLocaleString('en'),
        });
      }
    },
  });
  if (started) bar.stop();
  if (job.status !== 'done') {
    console.error(`Job ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ''}`);
    process.exitCode = 1;
    return;
  }
  const c = job.counts;
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `${job.rows.toLocaleString('en')} rows in ${secs.toFixed(1)} s: ${c.linked ?? 0} linked, ${c.review ?? 0} to review, ${c.unmatched ?? 0} unmatched, ${c.rejected ?? 0} rejected; ${c.inClusters ?? 0} rows in duplicate clusters.`,
  );
  const out = opts.out ?? `${job.name.replace(/\.[^.]+$/, '')}.cleaned.csv`;
  await pipeline(cleanedCsv(database, actor, job), createWriteStream(out));
  console.log(`  cleaned file: ${out}`);
  if (opts.report || opts.reportJson) {
    const r = await qualityReport(database, actor, job.id);
    if (opts.report) {
      await writeFile(opts.report, renderReportHtml(r));
      console.log(`  report:       ${opts.report}`);
    }
    if (opts.reportJson) {
      await writeFile(opts.reportJson, `${JSON.stringify(r, null, 2)}\n`);
      console.log(`  report JSON:  ${opts.reportJson}`);
    }
  }
  if (opts.saveModel) {
    const { jobModel } = await import('../../cleaning/index.js');
    await writeFile(opts.saveModel, `${JSON.stringify(await jobModel(database, actor, job.id), null, 2)}\n`);
    console.log(`  model:        ${opts.saveModel}`);
  }
  const fresh = await getJob(database, actor, job.id);
  if ((fresh.counts.review ?? 0) > 0)
    console.log(`  ${fresh.counts.review} rows wait for review in the console (Cleaning → ${job.id}).`);
}
