/**
 * Linkage-model benchmark (issue #3): the in-memory heart of cleaning, single thread.
 *
 *   1. normalisation of the register and of a noisy dataset (rows/s);
 *   2. candidate comparisons per second (levels + weights), beside a baseline that walks
 *      the same pairs doing only field equality, and the ratio;
 *   3. whole matching (blocking, scoring, explanations, decision): records/s;
 *   4. accuracy of auto-links (pairwise precision, recall, review share) for the built-in
 *      and a trained model, and across thresholds; blocking recall per rule;
 *   5. deduplication of the dataset against its truth; memory of the reference index.
 *
 *   npx tsx bench/cleaning-model.ts                                   # 200,000 persons, 50,000 rows
 *   BENCH_REGISTER=1000000 BENCH_ROWS=200000 npx tsx bench/cleaning-model.ts
 *
 * Synthetic data only (src/synth population, noise from src/cleaning/model/synthetic.ts).
 * Writes the figures to .bench/cleaning-model.json too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  blockingRecall,
  decide,
  dedupe,
  defaultModel,
  type LinkModel,
  matchRecord,
  ReferenceIndex,
  trainModel,
} from '../src/cleaning/model/index.js';
import { noisyDataset, syntheticRegister } from '../src/cleaning/model/synthetic.js';
import { normaliserFrom } from '../src/cleaning/normalise/index.js';
import type { Candidate, PersonRecord } from '../src/cleaning/types.js';
import { openDatabase } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { migrationSources } from '../src/migrations.js';
import { loadUnitSnapshot } from '../src/units/index.js';
import { equalityPairs, scorePairs } from './cleaning-model.pairs.js';

const REGISTER = Number(process.env.BENCH_REGISTER ?? 200_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const SEED = Number(process.env.BENCH_SEED ?? 3);
const results: Record<string, unknown> = {
  register: REGISTER,
  rows: ROWS,
  seed: SEED,
  date: new Date().toISOString(),
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const now = () => performance.now();
/** JS heap plus typed-array memory, in MB. */
const mb = () => {
  const m = process.memoryUsage();
  return Math.round((m.heapUsed + m.arrayBuffers) / 2 ** 20);
};
function timed<T>(label: string, f: () => T): [T, number] {
  const t = now();
  const v = f();
  const ms = now() - t;
  console.log(`${label}: ${fmt(ms)} ms`);
  return [v, ms];
}

// Units: the built-in provinces of a fresh database (no commune lists needed).
const database = await openDatabase();
await migrate(database, migrationSources);
const snapshot = await loadUnitSnapshot(database.db);
await database.close();
const provinceName = new Map(
  snapshot.units
    .filter((u) => u.level === 'province' && u.era === 'pre2025')
    .map((u) => [u.code, u.full_name]),
);
const normaliser = normaliserFrom(snapshot);

const [people] = timed(`generate ${fmt(REGISTER)} register persons`, () => syntheticRegister(REGISTER, SEED));
const [reference, refMs] = timed('normalise the register', () =>
  people.map((p) => normaliser.recordFromRegistry(p)),
);
const dataset = noisyDataset(people, {
  rows: ROWS,
  seed: SEED + 1,
  provinceName: (c) => provinceName.get(c),
});
const [normalised, rowsMs] = timed(`normalise ${fmt(ROWS)} dataset rows`, () =>
  dataset.rows.map((r) => normaliser.normaliseRow(r, dataset.mapping)),
);
const records = normalised.flatMap((n) => (n.record ? [n.record] : []));
results.normalise = {
  registerPerSecond: Math.round(REGISTER / (refMs / 1000)),
  rowsPerSecond: Math.round(ROWS / (rowsMs / 1000)),
  rejected: ROWS - records.length,
};
console.log(`  register ${fmt(REGISTER / (refMs / 1000))}/s, rows ${fmt(ROWS / (rowsMs / 1000))}/s`);

// Blocking recall on the true pairs.
const byPid = new Map(reference.map((r) => [r.id, r]));
const truthOf = (r: PersonRecord) => dataset.truth.get(Number(r.id)) ?? null;
const truePairs: [PersonRecord, PersonRecord][] = [];
for (const r of records) {
  const ref = byPid.get(truthOf(r) ?? '');
  if (ref) truePairs.push([r, ref]);
}
const recall = blockingRecall(defaultModel().blocking, truePairs);
results.blocking = recall;
console.log(
  `blocking recall: union ${recall.union.toFixed(4)}; ${recall.rules.map((r) => `${r.name} ${r.recall.toFixed(3)}`).join(', ')}`,
);

// Index and memory.
global.gc?.();
const heap0 = mb();
const builtin = defaultModel();
const [index, indexMs] = timed('build the reference index', () => new ReferenceIndex(builtin, reference));
global.gc?.();
results.index = {
  ms: Math.round(indexMs),
  heapMB: mb() - heap0,
  blockingMB: Math.round(index.blockingBytes / 2 ** 20),
  note: 'heap + typed arrays grown while building (run with --expose-gc for a clean figure); the PersonRecord array is held besides',
};
console.log(
  `  memory +${mb() - heap0} MB (blocking keys ${Math.round(index.blockingBytes / 2 ** 20)} MB), ${Math.round(((mb() - heap0) * 2 ** 20) / REGISTER)} bytes a person`,
);
const data = index.toData(true);
const heap1 = mb();
const [, copyMs] = timed('hand the index to another thread (toData + structured clone + fromData)', () =>
  ReferenceIndex.fromData(builtin, structuredClone(data)),
);
results.indexCopy = { ms: Math.round(copyMs), extraMB: mb() - heap1 };
console.log(`  memory +${mb() - heap1} MB for the copy (typed arrays shared)`);

// Training.
const [trained, trainMs] = timed('train (20,000 records, EM per blocking rule)', () =>
  trainModel({ records, reference, seed: 1, index }),
);
results.training = { ms: Math.round(trainMs), ...(trained.training as object), prior: trained.prior };
console.log(
  `  prior ${JSON.stringify(trained.prior)}; sessions converged: ${(trained.training as { converged: boolean }).converged}`,
);

// Comparisons per second, beside field equality over the same pairs.
const pairQ: number[] = [];
const pairRow: number[] = [];
const buf = new Uint32Array(20_000);
const prepared = records.map((r) => index.prepare(r));
for (let i = 0; i < records.length; i++) {
  const n = index.candidates(records[i]!, buf);
  for (let p = 0; p < n; p++) {
    pairQ.push(i);
    pairRow.push(buf[p]!);
  }
}
const pairs = pairQ.length;
console.log(`candidate pairs: ${fmt(pairs)} (${(pairs / records.length).toFixed(1)} a record)`);
let sink = 0;
for (let round = 0; round < 2; round++) {
  // first round warms up
  const t0 = now();
  sink += scorePairs(trained, index, prepared, pairQ, pairRow);
  const scoreMs = now() - t0;
  const t1 = now();
  sink += equalityPairs(index, records, pairQ, pairRow);
  const eqMs = now() - t1;
  if (round === 1) {
    const perSec = pairs / (scoreMs / 1000);
    const eqPerSec = pairs / (eqMs / 1000);
    results.comparisons = {
      pairs,
      perSecond: Math.round(perSec),
      baselineEqualityPerSecond: Math.round(eqPerSec),
      ratio: Math.round((scoreMs / eqMs) * 100) / 100,
    };
    console.log(
      `comparisons: ${fmt(perSec)}/s (levels + weights); baseline field equality ${fmt(eqPerSec)}/s; ratio ${(scoreMs / eqMs).toFixed(2)}× (aim ≥ 250,000/s)`,
    );
  }
}

// Whole matching and accuracy.
const SWEEP_ROWS = Math.min(records.length, 50_000);
function tally(model: LinkModel, outcomes: { truth: string | null; candidates: Candidate[] }[]) {
  let tp = 0;
  let fp = 0;
  let review = 0;
  let linkable = 0;
  for (const o of outcomes) {
    if (o.truth !== null) linkable++;
    const d = decide(model, o.candidates);
    if (d.status === 'linked') d.pid === o.truth ? tp++ : fp++;
    else if (d.status === 'review') review++;
  }
  return {
    precision: tp / Math.max(1, tp + fp),
    recall: tp / Math.max(1, linkable),
    reviewShare: review / Math.max(1, outcomes.length),
    falseLinks: fp,
  };
}
function evaluate(model: LinkModel, label: string) {
  const t = now();
  let comparisons = 0;
  const outcomes = records.map((r, i) => {
    const m = matchRecord(model, index, r, 3, { prepared: prepared[i]! });
    comparisons += m.comparisons;
    return { truth: truthOf(r), candidates: m.candidates };
  });
  const ms = now() - t;
  const row = {
    model: label,
    recordsPerSecond: Math.round(records.length / (ms / 1000)),
    comparisonsPerRecord: Math.round((comparisons / records.length) * 10) / 10,
    ...tally(model, outcomes),
  };
  console.log(
    `${label}: ${fmt(row.recordsPerSecond)} records/s (blocking + scoring + explanations + decision, ${row.comparisonsPerRecord} comparisons a record); precision ${row.precision.toFixed(5)}, recall ${row.recall.toFixed(4)}, review ${(row.reviewShare * 100).toFixed(2)} %, false links ${row.falseLinks}`,
  );
  // Without the identifier-first cascade, on the first rows: same decisions expected, and
  // every candidate kept, so that other thresholds can be tried on them.
  const full = records.slice(0, SWEEP_ROWS).map((r, i) => ({
    truth: truthOf(r),
    candidates: matchRecord(model, index, r, 3, { prepared: prepared[i]!, cascade: false }).candidates,
  }));
  const fullRow = tally(model, full);
  const cascadeRow = tally(model, outcomes.slice(0, SWEEP_ROWS));
  console.log(
    `  first ${fmt(SWEEP_ROWS)} rows, full search vs identifier-first: precision ${fullRow.precision.toFixed(5)} / ${cascadeRow.precision.toFixed(5)}, recall ${fullRow.recall.toFixed(4)} / ${cascadeRow.recall.toFixed(4)}`,
  );
  const sweep = [0.5, 0.9, 0.99, 0.999, 0.9999].map((upper) => ({
    upper,
    ...tally(
      {
        ...model,
        thresholds: { ...model.thresholds, upper, lower: Math.min(model.thresholds.lower, upper) },
      },
      full,
    ),
  }));
  console.log(
    `  upper threshold → precision / recall / review: ${sweep.map((s) => `${s.upper}: ${s.precision.toFixed(5)} / ${s.recall.toFixed(4)} / ${(s.reviewShare * 100).toFixed(2)} %`).join('; ')}`,
  );
  return { ...row, fullSearch: fullRow, sweep };
}
results.accuracy = [evaluate(builtin, 'built-in model'), evaluate(trained, 'trained model')];

// Deduplication of the dataset (rows of one person), pairwise against the truth.
const dedupeRows = records.slice(0, Math.min(records.length, 20_000));
const [clusters, dedupeMs] = timed(`dedupe ${fmt(dedupeRows.length)} rows`, () =>
  dedupe(trained, dedupeRows),
);
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const truthGroups = new Map<string, string[]>();
const foundGroups = new Map<string, string[]>();
for (const r of dedupeRows) {
  const t = dataset.person.get(Number(r.id))!;
  truthGroups.set(t, [...(truthGroups.get(t) ?? []), r.id]);
  const c = clusters.get(r.id)!;
  foundGroups.set(c, [...(foundGroups.get(c) ?? []), r.id]);
}
const pairsOf = (groups: Map<string, string[]>) => {
  const s = new Set<string>();
  for (const g of groups.values())
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) s.add(pairKey(g[i]!, g[j]!));
  return s;
};
const truthPairs = pairsOf(truthGroups);
const foundPairs = pairsOf(foundGroups);
let common = 0;
for (const p of foundPairs) if (truthPairs.has(p)) common++;
results.dedupe = {
  rows: dedupeRows.length,
  ms: Math.round(dedupeMs),
  precision: common / Math.max(1, foundPairs.size),
  recall: common / Math.max(1, truthPairs.size),
};
console.log(
  `  pairwise precision ${(common / Math.max(1, foundPairs.size)).toFixed(4)}, recall ${(common / Math.max(1, truthPairs.size)).toFixed(4)} (${fmt(truthPairs.size)} true pairs)`,
);
results.sink = sink % 7;

mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/cleaning-model.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('figures written to .bench/cleaning-model.json');
