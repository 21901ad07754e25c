/**
 * Matching one record: score its blocked candidates, keep the best few with the weight
 * each field contributed, and decide between linked, review and unmatched.
 */
import type { Candidate, Contribution, MatchStatus, PersonRecord } from '../types.js';
import {
  type Compiled,
  compile,
  fieldWeight,
  levelName,
  levelsInto,
  NF,
  priorWeight,
  weightOf,
} from './compare.js';
import { FIELDS, type LinkModel } from './model.js';
import type { ReferenceIndex } from './reference-index.js';
import type { Prepared } from './store.js';

const scratchRows = new Uint32Array(20_000);
const scratchLevels = new Int8Array(NF);

export interface MatchOptions {
  /** a row of the index not to return (the record itself, when deduplicating) */
  exclude?: number;
  /** prior share of records with a match; default the model's matchShare */
  share?: number;
  /** the record already prepared against the index */
  prepared?: Prepared;
  /**
   * Try the model's sufficient (identifier) rules first and stop there on a sure link;
   * default true. Off, every rule's candidates are scored.
   */
  cascade?: boolean;
}

export interface MatchResult {
  /** best first; at most topK */
  candidates: Candidate[];
  /** candidate pairs scored */
  comparisons: number;
}

/** Probability from a weight in bits (logistic in base 2). */
export const probabilityOf = (weight: number) => 1 / (1 + 2 ** -weight);

/**
 * Scores `record` against its blocked candidates in `index` and returns the best `topK`,
 * each with its per-field contributions (they and the prior sum to the weight).
 *
 * @example
 *   const { candidates } = matchRecord(model, index, record);
 *   candidates[0] // { id: '001304000123', weight: 31.2, probability: 0.99999, contributions: [...] }
 */
export function matchRecord(
  model: LinkModel,
  index: ReferenceIndex,
  record: PersonRecord,
  topK = 3,
  opts: MatchOptions = {},
): MatchResult {
  const c = compile(model);
  const q = opts.prepared ?? index.prepare(record);
  const k = Math.max(1, topK);
  const prior = priorWeight(opts.share ?? model.prior.matchShare, index.size);
  const exclude = opts.exclude ?? -1;
  let comparisons = 0;
  // Identifier rules first: a sure link through them needs no other candidate.
  if (opts.cascade !== false && index.hasSufficientRules) {
    const n = index.candidates(record, scratchRows, exclude, 'sufficient');
    comparisons += n;
    if (n > 0) {
      const first = best(c, index, q, n, k, prior);
      if (decide(model, first).status === 'linked') return { candidates: first, comparisons };
    }
  }
  const n = index.candidates(record, scratchRows, exclude, 'all');
  comparisons += n;
  return { candidates: best(c, index, q, n, k, prior), comparisons };
}

/** The best `k` of the `n` rows in scratchRows, with their contributions. */
function best(
  c: Compiled,
  index: ReferenceIndex,
  q: Prepared,
  n: number,
  k: number,
  prior: number,
): Candidate[] {
  const s = index.store;
  const bestW = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  const bestRow = new Int32Array(k).fill(-1);
  const levels = scratchLevels;
  const cache = index.cache;
  for (let p = 0; p < n; p++) {
    const row = scratchRows[p]!;
    levelsInto(q, s, row, c.active, levels, cache);
    const w = weightOf(c, s, row, levels);
    if (w <= bestW[k - 1]!) continue;
    let at = k - 1;
    while (at > 0 && bestW[at - 1]! < w) {
      bestW[at] = bestW[at - 1]!;
      bestRow[at] = bestRow[at - 1]!;
      at--;
    }
    bestW[at] = w;
    bestRow[at] = row;
  }
  const candidates: Candidate[] = [];
  for (let t = 0; t < k && bestRow[t]! >= 0; t++) {
    const row = bestRow[t]!;
    levelsInto(q, s, row, c.active, levels, cache);
    const contributions: Contribution[] = [{ field: 'prior', level: 'prior', weight: prior }];
    let weight = prior;
    for (let f = 0; f < NF; f++) {
      if (!c.active[f]) continue;
      const w = fieldWeight(c, s, row, f, levels[f]!);
      weight += w;
      contributions.push({ field: FIELDS[f]!, level: levelName(f, levels[f]!), weight: w });
    }
    candidates.push({ id: s.ids[row]!, weight, probability: probabilityOf(weight), contributions });
  }
  return candidates;
}

/**
 * The decision for a record from its candidates (best first): linked when the best is at
 * or above the upper threshold, leads the second by the model's margin and nothing clashes
 * (see `clash`); review when it is at or above the lower threshold;
 * otherwise unmatched.
 *
 * @example
 *   decide(model, candidates) // { status: 'linked', pid: '001304000123' }
 */
export function decide(
  model: LinkModel,
  candidates: readonly Candidate[],
): { status: MatchStatus; pid?: string } {
  const best = candidates[0];
  if (!best) return { status: 'unmatched' };
  const { upper, lower, margin, nameGuard } = model.thresholds;
  const second = candidates[1];
  const close = second !== undefined && best.weight - second.weight < margin;
  const guarded = nameGuard !== false && clash(best);
  if (best.probability >= upper && !close && !guarded) return { status: 'linked', pid: best.id };
  if (best.probability >= lower) return { status: 'review' };
  return { status: 'unmatched' };
}

const ID_FIELDS = new Set(['pid', 'oldId', 'otherId']);

/**
 * True when, with no ID number agreeing exactly, the family name disagrees outright, the
 * given name is not even close (Jaro–Winkler below 0.92), or the ID numbers differ by more
 * than one typo. Weights add up as if fields were independent, but a sibling or a namesake
 * shares all the rest (family name, birth date, address, even a near ID number), so a
 * person decides.
 */
function clash(c: Candidate): boolean {
  let found = false;
  for (const x of c.contributions) {
    if (ID_FIELDS.has(x.field) && x.level === 'exact') return false;
    if (x.field === 'family' && x.level === 'other') found = true;
    if (x.field === 'given' && (x.level === 'other' || x.level === 'jw>=0.80')) found = true;
    if (ID_FIELDS.has(x.field) && x.level === 'other') found = true;
  }
  return found;
}

const differ = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a !== b;

/**
 * Fields of a dataset record that disagree with a register record (both known, not the
 * same after normalisation). A partial date that fits the full one agrees.
 *
 * @example
 *   disagreements(row, person) // ['givenName', 'dateOfBirth']
 */
export function disagreements(a: PersonRecord, b: PersonRecord): string[] {
  // Helpers at module level, not closures: see RecordStore.preparedAt.
  const out: string[] = [];
  nameDisagrees(out, 'familyName', a.family, a.familyExact, b.family, b.familyExact);
  nameDisagrees(out, 'middleName', a.middle, a.middleExact, b.middle, b.middleExact);
  nameDisagrees(out, 'givenName', a.given, a.givenExact, b.given, b.givenExact);
  if (a.dob && b.dob) {
    const x = a.dob;
    const y = b.dob;
    if (x.y !== y.y || partDiffers(x.m, y.m) || (x.m === y.m && partDiffers(x.d, y.d)))
      out.push('dateOfBirth');
  }
  if (differ(a.sex, b.sex)) out.push('sex');
  if (differ(a.pid, b.pid)) out.push('pid');
  if (a.oldIds?.length && b.oldIds?.length && !a.oldIds.some((o) => b.oldIds!.includes(o))) out.push('oldId');
  if (differ(a.otherId, b.otherId)) out.push('otherId');
  if (differ(a.phone, b.phone)) out.push('phone');
  placeDisagrees(out, a, b, 'province', 'province2025', 'provincePre');
  placeDisagrees(out, a, b, 'commune', 'commune2025', 'communePre');
  return out;
}

function nameDisagrees(
  out: string[],
  field: string,
  x: string | undefined,
  xe: string | undefined,
  y: string | undefined,
  ye: string | undefined,
) {
  if (differ(x, y) || (x === y && differ(xe, ye))) out.push(field);
}

const partDiffers = (p: number | undefined, r: number | undefined) =>
  p !== undefined && r !== undefined && p !== r;

function placeDisagrees(
  out: string[],
  a: PersonRecord,
  b: PersonRecord,
  field: string,
  n25: 'province2025' | 'commune2025',
  pre: 'provincePre' | 'communePre',
) {
  const comparable = (a[n25] && b[n25]) || (a[pre] && b[pre]);
  const same = (a[n25] && a[n25] === b[n25]) || (a[pre] && a[pre] === b[pre]);
  if (comparable && !same) out.push(field);
}
