/**
 * Linkage without the register: clusters of records of one person within a file
 * (several vaccine doses), and links between the records of two files.
 */
import type { Candidate, MatchStatus, PersonRecord } from '../types.js';
import { decide, matchRecord } from './match.js';
import type { LinkModel } from './model.js';
import { ReferenceIndex } from './reference-index.js';

/** What `dedupe` compares. */
export interface DedupeOptions {
  /**
   * Compare only pairs where at least one record is marked here (e.g. the records that did
   * not link to the register: two records linked to one person are one cluster already).
   * Every record is matched against the marked ones only, so with few marked records the
   * work grows with the file, not with its square. Default: every pair.
   */
  among?: (i: number) => boolean;
}

/**
 * Groups the records of one person: pairs at or above the model's upper threshold are
 * joined, transitively. Every record id maps to a cluster id: the id of the cluster's
 * first record in input order (a record alone is its own cluster).
 *
 * @example
 *   const clusters = dedupe(model, records);
 *   clusters.get('17') === clusters.get('204') // two doses of one person
 */
export function dedupe(
  model: LinkModel,
  records: readonly PersonRecord[],
  opts: DedupeOptions = {},
): Map<string, string> {
  const index = dedupeIndex(model, records, opts);
  return clustersOf(
    records,
    duplicatePairs(model, index, 0, records.length, (i) => records[i]!),
  );
}

/**
 * The index `dedupe` searches: every record stored (term frequencies are the file's);
 * only those `among` marks can be found. Rows are positions in `records`.
 */
export function dedupeIndex(
  model: LinkModel,
  records: readonly PersonRecord[],
  opts: DedupeOptions = {},
): ReferenceIndex {
  const among = opts.among;
  const index = new ReferenceIndex(model);
  index.add(records, among ? (_, row) => among(row) : undefined);
  return index;
}

/**
 * Pairs of rows (flat: i, j, i, j, …) at or above the model's upper threshold, for the
 * rows `from` to `to` (exclusive) of `index` as queries. `recordOf(i)` gives row i's
 * record (the original, or `index.record(i)` where only the index is at hand — a thread).
 */
export function duplicatePairs(
  model: LinkModel,
  index: ReferenceIndex,
  from: number,
  to: number,
  recordOf: (i: number) => PersonRecord = (i) => index.record(i),
): number[] {
  const upper = model.thresholds.upper;
  const share = model.prior.duplicateShare;
  const pairs: number[] = [];
  for (let i = from; i < to; i++) {
    const { candidates } = matchRecord(model, index, recordOf(i), 8, {
      exclude: i,
      share,
      prepared: index.store.preparedAt(i),
    });
    for (const c of candidates) {
      if (c.probability < upper) break;
      const row = index.rowOf(c.id);
      if (row !== undefined) pairs.push(i, row);
    }
  }
  return pairs;
}

/** Clusters from pairs of rows: each record id maps to the id of its cluster's first record. */
export function clustersOf(
  records: readonly PersonRecord[],
  ...pairLists: readonly number[][]
): Map<string, string> {
  const root = clusterRoots(records.length, pairLists);
  const out = new Map<string, string>();
  for (let i = 0; i < records.length; i++) out.set(records[i]!.id, records[root[i]!]!.id);
  return out;
}

/** Clusters of rows 0 … n-1 from pairs of rows: each row's cluster is its first (smallest) row. */
export function clusterRoots(n: number, pairLists: readonly (readonly number[])[]): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    let x = i;
    while (parent[x] !== r) {
      const next = parent[x]!;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  for (const pairs of pairLists)
    for (let k = 0; k < pairs.length; k += 2) {
      const a = find(pairs[k]!);
      const b = find(pairs[k + 1]!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  for (let i = 0; i < n; i++) parent[i] = find(i);
  return parent;
}

/** The outcome for one record of the left file. */
export interface FileLink {
  id: string;
  status: MatchStatus;
  /** id of the right-file record linked to */
  match?: string;
  probability: number | null;
  candidates: Candidate[];
}

/**
 * Links each record of `left` to the record of `right` for the same person, if any.
 *
 * @example
 *   linkFiles(model, insurance, bank).filter((l) => l.status === 'linked').length
 */
export function linkFiles(
  model: LinkModel,
  left: readonly PersonRecord[],
  right: readonly PersonRecord[],
  topK = 3,
): FileLink[] {
  const index = new ReferenceIndex(model, right);
  return left.map((r) => {
    const { candidates } = matchRecord(model, index, r, topK);
    const d = decide(model, candidates);
    return {
      id: r.id,
      status: d.status,
      ...(d.pid ? { match: d.pid } : {}),
      probability: candidates[0]?.probability ?? null,
      candidates,
    };
  });
}
