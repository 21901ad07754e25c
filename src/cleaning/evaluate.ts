/**
 * Accuracy of a cleaning run against the generator's truth: how many rows were linked,
 * sent to review or left unmatched, pairwise precision / recall / F1 of the automatic links,
 * blocking recall, and pairwise precision / recall of the duplicate clusters.
 */

/** One row of a truth file: the dataset line, the true personal ID number (null when the person is not registered), a person key. */
export interface TruthRow {
  line: number;
  pid: string | null;
  person: string;
}

/** One row of a cleaning result. */
export interface ResultRow {
  line: number;
  pid: string | null;
  status: 'linked' | 'review' | 'unmatched' | 'rejected';
  cluster?: string | null;
  /** personal ID numbers the blocking step proposed for the row */
  candidates?: readonly string[];
}

/** Pairwise precision, recall and F1. */
export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
}

/** What `evaluate` measures. */
export interface Evaluation extends PairScores {
  /** rows of the truth file */
  rows: number;
  linked: number;
  review: number;
  unmatched: number;
  rejected: number;
  /** truth rows with no result (counted in recall's denominator) */
  missing: number;
  /** review / rows */
  reviewShare: number;
  /** rows whose true person is registered (recall's denominator) */
  registeredRows: number;
  /** automatic links to the true personal ID number */
  correctLinks: number;
  /** share of registered rows whose true pid is among the candidates (rows that carry candidates) */
  blockingRecall?: number;
  /** duplicate detection: pairs of rows put in one cluster vs pairs of rows of one person */
  dedupe?: PairScores & { truePairs: number; predictedPairs: number; correctPairs: number };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Scores cleaning results against the truth. Precision = correct automatic links /
 * automatic links; recall = correct automatic links / rows whose true person is
 * registered (a ratio with nothing to divide by is 0). The truth is held in memory
 * (about 100 bytes a row); results are streamed in any order. Clusters are compared
 * pairwise without listing pairs: pairs are counted per cluster, per person and per
 * (cluster, person) intersection. A row without a cluster is a cluster of its own.
 *
 * @example
 *   const e = await evaluate(readTruth('truth.csv'), readCleaned('cleaned.csv'));
 *   console.log(formatEvaluation(e));
 */
export async function evaluate(
  truth: AsyncIterable<TruthRow> | Iterable<TruthRow>,
  results: AsyncIterable<ResultRow> | Iterable<ResultRow>,
): Promise<Evaluation> {
  const personIds = new Map<string, number>();
  const truthPid = new Map<number, string | null>();
  const truthPerson = new Map<number, number>();
  let registeredRows = 0;
  for await (const t of truth) {
    let p = personIds.get(t.person);
    if (p === undefined) {
      p = personIds.size;
      personIds.set(t.person, p);
    }
    if (!truthPid.has(t.line) && t.pid) registeredRows++;
    truthPid.set(t.line, t.pid || null);
    truthPerson.set(t.line, p);
  }
  const e: Evaluation = {
    rows: truthPid.size,
    linked: 0,
    review: 0,
    unmatched: 0,
    rejected: 0,
    missing: 0,
    reviewShare: 0,
    registeredRows,
    correctLinks: 0,
    precision: 0,
    recall: 0,
    f1: 0,
  };
  const seen = new Set<number>();
  let blockingRows = 0;
  let blockingHits = 0;
  let anyCluster = false;
  const clusterSize = new Map<string, number>();
  const personSize = new Map<number, number>();
  const cell = new Map<string, number>();
  for await (const r of results) {
    if (!truthPid.has(r.line) || seen.has(r.line)) continue;
    seen.add(r.line);
    const pid = truthPid.get(r.line) ?? null;
    e[r.status]++;
    if (r.status === 'linked' && pid !== null && r.pid === pid) e.correctLinks++;
    if (r.candidates && pid !== null) {
      blockingRows++;
      if (r.candidates.includes(pid) || (r.status === 'linked' && r.pid === pid)) blockingHits++;
    }
    const person = truthPerson.get(r.line) as number;
    personSize.set(person, (personSize.get(person) ?? 0) + 1);
    if (r.cluster) {
      anyCluster = true;
      clusterSize.set(r.cluster, (clusterSize.get(r.cluster) ?? 0) + 1);
      const key = `${r.cluster}\u0000${person}`;
      cell.set(key, (cell.get(key) ?? 0) + 1);
    }
  }
  e.missing = e.rows - seen.size;
  e.reviewShare = ratio(e.review, e.rows);
  e.precision = ratio(e.correctLinks, e.linked);
  e.recall = ratio(e.correctLinks, registeredRows);
  e.f1 = f1(e.precision, e.recall);
  if (blockingRows > 0) e.blockingRecall = blockingHits / blockingRows;
  if (anyCluster) {
    let predictedPairs = 0;
    let truePairs = 0;
    let correctPairs = 0;
    for (const n of clusterSize.values()) predictedPairs += pairs(n);
    for (const n of personSize.values()) truePairs += pairs(n);
    for (const n of cell.values()) correctPairs += pairs(n);
    const precision = ratio(correctPairs, predictedPairs);
    const recall = ratio(correctPairs, truePairs);
    e.dedupe = { precision, recall, f1: f1(precision, recall), truePairs, predictedPairs, correctPairs };
  }
  return e;
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const num = (x: number) => x.toLocaleString('en');
const score = (x: number) => x.toFixed(4);

/**
 * The evaluation as text for the command line.
 *
 * @example
 *   rows 1,000,000 · linked 912,400 · review 14,210 (1.42 %) · unmatched 73,390 · rejected 0
 *   automatic links: precision 0.9994  recall 0.9921  F1 0.9957  (905,123 correct of 912,400; 912,300 registered rows)
 */
export function formatEvaluation(e: Evaluation): string {
  const lines = [
    `rows ${num(e.rows)} · linked ${num(e.linked)} · review ${num(e.review)} (${pct(e.reviewShare)}) · unmatched ${num(e.unmatched)} · rejected ${num(e.rejected)}${e.missing ? ` · missing ${num(e.missing)}` : ''}`,
    `automatic links: precision ${score(e.precision)}  recall ${score(e.recall)}  F1 ${score(e.f1)}  (${num(e.correctLinks)} correct of ${num(e.linked)}; ${num(e.registeredRows)} registered rows)`,
  ];
  if (e.blockingRecall !== undefined) lines.push(`blocking recall: ${score(e.blockingRecall)}`);
  if (e.dedupe)
    lines.push(
      `duplicates (pairwise): precision ${score(e.dedupe.precision)}  recall ${score(e.dedupe.recall)}  F1 ${score(e.dedupe.f1)}  (${num(e.dedupe.correctPairs)} correct of ${num(e.dedupe.predictedPairs)} pairs; ${num(e.dedupe.truePairs)} true pairs)`,
    );
  return lines.join('\n');
}
