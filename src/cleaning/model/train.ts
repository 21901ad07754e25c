/**
 * Training a Fellegi–Sunter model on the data at hand:
 *   - u from random pairs (nearly all of them are different persons);
 *   - m by EM over blocked pairs with u held fixed, one session per blocking rule with the
 *     fields that rule blocks on left out (inside a "same birth date" block the birth date
 *     says nothing), each field's m averaged over the sessions that estimated it;
 *   - the prior from deterministic rules (an ID number and the name agree, or the whole
 *     name, birth date and sex do), divided by the share of confident matches they find.
 */
import type { PersonRecord } from '../types.js';
import { compile, F, levelsInto, NF, priorWeight, weightOf as weightOfLevels } from './compare.js';
import { defaultModel } from './default-model.js';
import { FIELD_LEVELS, FIELDS, type FieldName, type KeyPart, type LinkModel, weightOf } from './model.js';
import { ReferenceIndex } from './reference-index.js';
import type { Prepared } from './store.js';

export interface TrainOptions {
  /** the dataset to be linked (or deduplicated) */
  records: PersonRecord[];
  /**
   * the records to link to — or, with `index` over them, a sample of them (then only used
   * to see which fields they have); absent = deduplicate `records` among themselves
   */
  reference?: PersonRecord[];
  seed?: number;
  /** random pairs drawn to estimate u; default 200,000 */
  sampleSize?: number;
  /** records whose blocked pairs feed EM; default 20,000 */
  maxRecords?: number;
  /**
   * blocked pairs compared for each rule's EM session; default 250,000 (thousands of true
   * matches among them; a million took four times as long for the same accuracy in the
   * cleaning benchmark)
   */
  maxPairsPerRule?: number;
  /** records whose candidates give the prior (the share of records with a match); default 5,000 */
  priorRecords?: number;
  /** fields the data has (the mapped roles); default: those present in ≥ 0.5 % of records on both sides */
  fields?: FieldName[];
  /** model to start from (levels, blocking, thresholds); default the built-in one */
  base?: LinkModel;
  /** an index already built over the reference with the base model's blocking rules */
  index?: ReferenceIndex;
  /** EM stops when no probability moves by more than this; default 1e-6 */
  tolerance?: number;
  maxIterations?: number;
}

/** One EM session: the pairs of one blocking rule. */
export interface EmSession {
  rule: string;
  pairs: number;
  iterations: number;
  converged: boolean;
  /** share of matches among the rule's pairs */
  matchShare: number;
  fields: FieldName[];
}

/** Statistics of a training run, kept in the model as `training`. */
export interface TrainingReport {
  mode: 'link' | 'dedupe';
  records: number;
  reference: number;
  fields: FieldName[];
  randomPairs: number;
  emRecords: number;
  sessions: EmSession[];
  converged: boolean;
  /** share of records with a deterministic match */
  deterministicShare: number;
  /** share of confident matches the deterministic rules also find */
  deterministicRecall: number;
}

/** mulberry32: small seeded generator for sampling. */
function random(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number) => Number(x.toPrecision(4));
/** Smallest m of a level: a disagreement never costs more than about 10 bits. */
const M_FLOOR = 0.001;

/**
 * The fields a blocking key part decides, fully or in part: inside its blocks they agree
 * more than between random persons, so EM must not learn from them there. The first six
 * digits of a personal ID number hold the birth year, sex and registration province.
 */
const FIELDS_OF_PART: Record<KeyPart, FieldName[]> = {
  pid: ['pid'],
  pidHead: ['pid', 'dob', 'sex', 'place'],
  pidTail: ['pid'],
  oldId: ['oldId'],
  otherId: ['otherId'],
  phone: ['phone'],
  dob: ['dob'],
  year: ['dob'],
  yearMonth: ['dob'],
  family: ['family'],
  familyClass: ['family'],
  middle: ['middle'],
  given: ['given'],
  province: ['place'],
  commune: ['place'],
};

/**
 * Most an identifier's outright disagreement may have of the matches. Data with many
 * look-alikes (same name and birth date, another ID number) otherwise teaches EM that the
 * same person often has another ID number, and the ID number stops telling them apart.
 */
const ID_OTHER_MAX = 0.05;

/** Fields present in at least `share` of records. */
function presentFields(records: readonly PersonRecord[], share: number): Set<FieldName> {
  const has: Record<FieldName, (r: PersonRecord) => unknown> = {
    family: (r) => r.family,
    middle: (r) => r.middle,
    given: (r) => r.given,
    dob: (r) => r.dob,
    sex: (r) => r.sex,
    pid: (r) => r.pid,
    oldId: (r) => r.oldIds?.length,
    otherId: (r) => r.otherId,
    phone: (r) => r.phone,
    place: (r) => r.province2025 ?? r.provincePre,
  };
  const step = Math.max(1, Math.floor(records.length / 5000));
  let seen = 0;
  const counts = new Map<FieldName, number>();
  for (let i = 0; i < records.length; i += step) {
    seen++;
    for (const f of FIELDS) if (has[f](records[i]!)) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return new Set(FIELDS.filter((f) => (counts.get(f) ?? 0) >= Math.max(1, seen * share)));
}

/** A pair counts as a sure match: an ID number and the name agree, or the whole name, date of birth and sex. */
function deterministic(l: Int8Array): boolean {
  const fam = l[F.family]!;
  const nameOk = fam >= 0 && fam <= 2 && (l[F.given] === 0 || l[F.given] === 1);
  if (nameOk && (l[F.pid] === 0 || l[F.oldId] === 0 || l[F.otherId] === 0)) return true;
  return (
    fam === 0 &&
    l[F.given] === 0 &&
    (l[F.middle] === 0 || l[F.middle] === -1) &&
    l[F.dob] === 0 &&
    l[F.sex] !== 1
  );
}

/** Counted patterns of levels. */
class Patterns {
  private readonly ids = new Map<string, number>();
  readonly levels: Int8Array[] = [];
  readonly counts: number[] = [];
  total = 0;

  add(l: Int8Array): void {
    const key = l.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.levels.length;
      this.ids.set(key, id);
      this.levels.push(l.slice());
      this.counts.push(0);
    }
    this.counts[id]!++;
    this.total++;
  }
}

/** EM for m (u fixed) over counted patterns; updates `m` of the fields in `active`. */
function em(
  patterns: Patterns,
  m: Float64Array[],
  u: Float64Array[],
  active: Uint8Array,
  pi0: number,
  tolerance: number,
  maxIterations: number,
): { iterations: number; converged: boolean; pi: number } {
  let pi = pi0;
  for (let it = 0; it < maxIterations; it++) {
    const expected = FIELDS.map((f) => new Float64Array(FIELD_LEVELS[f].length));
    let matched = 0;
    for (let p = 0; p < patterns.levels.length; p++) {
      const l = patterns.levels[p]!;
      let lm = pi;
      let lu = 1 - pi;
      for (let f = 0; f < NF; f++) {
        const lv = l[f]!;
        if (lv < 0 || !active[f]) continue;
        lm *= m[f]![lv]!;
        lu *= u[f]![lv]!;
      }
      const w = (lm / (lm + lu)) * patterns.counts[p]!;
      matched += w;
      for (let f = 0; f < NF; f++) if (l[f]! >= 0 && active[f]) expected[f]![l[f]!]! += w;
    }
    const next = Math.min(0.9999, Math.max(1e-6, matched / patterns.total));
    let delta = Math.abs(next - pi);
    pi = next;
    for (let f = 0; f < NF; f++) {
      if (!active[f]) continue;
      const e = expected[f]!;
      const sum = e.reduce((s, x) => s + x, 0);
      if (sum <= 0) continue;
      for (let lv = 0; lv < e.length; lv++) {
        const v = (e[lv]! + 1e-4) / (sum + 1e-4 * e.length);
        delta = Math.max(delta, Math.abs(v - m[f]![lv]!));
        m[f]![lv] = v;
      }
    }
    if (delta < tolerance) return { iterations: it + 1, converged: true, pi };
  }
  return { iterations: maxIterations, converged: false, pi };
}

/**
 * The records EM sees, in a seeded random order: all of them or a subset. Shuffled even
 * when all are kept, because EM stops at a pair budget and the prior reads only the first
 * few thousand: a sample in file order would teach both only the head of the file.
 */
function pick(n: number, max: number, rand: () => number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(max, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, take);
}

/**
 * Trains a model for linking `records` to `reference` (or deduplicating `records`).
 *
 * @example
 *   const model = trainModel({ records: datasetRecords, reference: registerRecords, seed: 1 });
 *   model.training.converged // true
 */
export function trainModel(opts: TrainOptions): LinkModel {
  const base = structuredClone(opts.base ?? defaultModel());
  const dedupe = opts.reference === undefined;
  const reference = opts.reference ?? opts.records;
  const index = opts.index ?? new ReferenceIndex(base, reference);
  const rand = random(opts.seed ?? 1);
  const records = opts.records;
  const report: TrainingReport = {
    mode: dedupe ? 'dedupe' : 'link',
    records: records.length,
    reference: index.size,
    fields: [],
    randomPairs: 0,
    emRecords: 0,
    sessions: [],
    converged: false,
    deterministicShare: 0,
    deterministicRecall: 0,
  };
  if (records.length === 0 || index.size < 2) return { ...base, training: { ...report } };

  // Which fields both sides have.
  const fields = opts.fields
    ? new Set(opts.fields)
    : (() => {
        const a = presentFields(records, 0.005);
        const b = presentFields(reference, 0.005);
        return new Set(FIELDS.filter((f) => a.has(f) && b.has(f)));
      })();
  const inModel = new Set(base.fields.map((f) => f.field));
  const active = new Uint8Array(NF);
  for (const f of FIELDS) if (fields.has(f) && inModel.has(f)) active[F[f]] = 1;
  report.fields = FIELDS.filter((f) => active[F[f]]);

  const chosen = pick(records.length, opts.maxRecords ?? 20_000, rand);
  report.emRecords = chosen.length;
  const prepared: Prepared[] = chosen.map((i) => index.prepare(records[i]!));
  const levels = new Int8Array(NF);

  // u: random pairs, smoothed.
  const uCount = FIELDS.map((f) => new Float64Array(FIELD_LEVELS[f].length));
  const sampleSize = opts.sampleSize ?? 200_000;
  for (let t = 0; t < sampleSize; t++) {
    const qi = Math.floor(rand() * chosen.length);
    const row = Math.floor(rand() * index.size);
    if (dedupe && row === chosen[qi]) continue;
    levelsInto(prepared[qi]!, index.store, row, active, levels, index.cache);
    report.randomPairs++;
    for (let f = 0; f < NF; f++) if (levels[f]! >= 0) uCount[f]![levels[f]!]!++;
  }
  const baseField = (f: FieldName) => base.fields.find((x) => x.field === f);
  const u = FIELDS.map((f, k) => {
    const counts = uCount[k]!;
    const total = counts.reduce((s, x) => s + x, 0);
    if (!active[k] || total === 0)
      return Float64Array.from(
        baseField(f)?.levels.map((l) => l.u) ?? Array.from(counts, () => 1 / counts.length),
      );
    return Float64Array.from(counts, (x) => (x + 0.5) / (total + 0.5 * counts.length));
  });
  const startM = () =>
    FIELDS.map((f) =>
      Float64Array.from(
        baseField(f)?.levels.map((l) => l.m) ?? FIELD_LEVELS[f].map(() => 1 / FIELD_LEVELS[f].length),
      ),
    );

  // m: one EM session per blocking rule, without the fields the rule blocks on.
  const mSum = FIELDS.map((f) => new Float64Array(FIELD_LEVELS[f].length));
  const mSessions = new Uint32Array(NF);
  const rows = new Uint32Array(20_000);
  const tolerance = opts.tolerance ?? 1e-6;
  const maxPairs = opts.maxPairsPerRule ?? 250_000;
  const maxIterations = opts.maxIterations ?? 500;
  index.rules.forEach((rule, k) => {
    const sessionActive = active.slice();
    for (const part of rule.on) for (const f of FIELDS_OF_PART[part]) sessionActive[F[f]] = 0;
    if (sessionActive.every((x) => x === 0)) return;
    const patterns = new Patterns();
    for (let c = 0; c < chosen.length && patterns.total < maxPairs; c++) {
      const n = index.candidates(records[chosen[c]!]!, rows, dedupe ? chosen[c]! : -1, k);
      for (let p = 0; p < n; p++) {
        levelsInto(prepared[c]!, index.store, rows[p]!, sessionActive, levels, index.cache);
        patterns.add(levels);
      }
    }
    if (patterns.total < 50) return;
    const m = startM();
    const pi0 = Math.min(0.9, (chosen.length * base.prior.matchShare) / patterns.total);
    const r = em(patterns, m, u, sessionActive, pi0, tolerance, maxIterations);
    report.sessions.push({
      rule: rule.name,
      pairs: patterns.total,
      iterations: r.iterations,
      converged: r.converged,
      matchShare: round(r.pi),
      fields: FIELDS.filter((f) => sessionActive[F[f]]),
    });
    for (let f = 0; f < NF; f++) {
      if (!sessionActive[f]) continue;
      mSessions[f]!++;
      for (let lv = 0; lv < m[f]!.length; lv++) mSum[f]![lv]! += m[f]![lv]!;
    }
  });
  report.converged = report.sessions.length > 0 && report.sessions.every((s) => s.converged);

  base.fields = base.fields.map((f) => {
    const k = F[f.field];
    if (!active[k]) return f;
    // No level is impossible for a match: errors the sample did not show still happen.
    const raw = f.levels.map((l, lv) =>
      Math.max(M_FLOOR, mSessions[k] ? mSum[k]![lv]! / mSessions[k]! : l.m),
    );
    const last = raw.length - 1;
    if ((f.field === 'pid' || f.field === 'oldId' || f.field === 'otherId') && raw[last]! > ID_OTHER_MAX) {
      const rest = raw.slice(0, last).reduce((s, x) => s + x, 0);
      for (let lv = 0; lv < last; lv++) raw[lv] = (raw[lv]! / rest) * (1 - ID_OTHER_MAX);
      raw[last] = ID_OTHER_MAX;
    }
    const total = raw.reduce((s, x) => s + x, 0);
    return {
      ...f,
      levels: f.levels.map((l, lv) => {
        const mm = round(raw[lv]! / total);
        const uu = round(u[k]![lv]!);
        return { level: l.level, m: mm, u: uu, weight: weightOf(mm, uu) };
      }),
    };
  });

  // The prior: records with a deterministic match, over the deterministic rules' recall
  // among confident matches (weight well above what the reference's size demands).
  const c = compile(base);
  const confidentBits = -priorWeight(1, index.size) + 6;
  let det = 0;
  let confident = 0;
  let both = 0;
  const priorRecords = Math.min(chosen.length, opts.priorRecords ?? 5_000);
  for (let i = 0; i < priorRecords; i++) {
    const n = index.candidates(records[chosen[i]!]!, rows, dedupe ? chosen[i]! : -1);
    let isDet = false;
    let isConfident = false;
    for (let p = 0; p < n; p++) {
      levelsInto(prepared[i]!, index.store, rows[p]!, active, levels, index.cache);
      if (deterministic(levels)) isDet = true;
      if (weightOfLevels(c, index.store, rows[p]!, levels) >= confidentBits) isConfident = true;
    }
    if (isDet) det++;
    if (isConfident) confident++;
    if (isDet && isConfident) both++;
  }
  const detShare = det / priorRecords;
  const recall = confident > 0 ? both / confident : 0;
  report.deterministicShare = round(detShare);
  report.deterministicRecall = round(recall);
  const share =
    det > 0 && recall > 0.05 ? detShare / recall : confident > 0 ? confident / priorRecords : undefined;
  if (share !== undefined) {
    const clamped = round(Math.min(0.999, Math.max(0.001, share)));
    if (dedupe) base.prior.duplicateShare = clamped;
    else base.prior.matchShare = clamped;
  }

  base.trainedAt = new Date().toISOString();
  base.description = `Trained on ${records.length} records ${dedupe ? '(deduplication)' : `against ${index.size} reference records`}`;
  base.training = { ...report };
  return base;
}
