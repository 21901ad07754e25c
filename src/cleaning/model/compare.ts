/**
 * The comparison of a prepared query with one stored record: a level per field (see
 * FIELD_LEVELS; -1 = missing on either side), and the weight of those levels under a
 * compiled model, with term-frequency adjustment of exact name agreement.
 */
import { FIELD_LEVELS, FIELDS, type FieldName, type LinkModel } from './model.js';
import { MISSING, type Prepared, type RecordStore } from './store.js';
import { jaroWinkler, oneEdit } from './strings.js';

export const F = {
  family: 0,
  middle: 1,
  given: 2,
  dob: 3,
  sex: 4,
  pid: 5,
  oldId: 6,
  otherId: 7,
  phone: 8,
  place: 9,
} as const satisfies Record<FieldName, number>;
export const NF = FIELDS.length;
/** Slots per field in the weight tables (more than any field's levels). */
export const STRIDE = 8;

/**
 * Levels of name pairs that are not equal, remembered by (field, id, id): names repeat a
 * lot, so similarity is computed once per pair of spellings. An open-addressing table in
 * typed arrays (9 MB); when a neighbourhood is full an old entry gives way.
 */
export class PairCache {
  private static readonly BITS = 20;
  private readonly keyA = new Int32Array(1 << PairCache.BITS).fill(-1);
  private readonly keyB = new Int32Array(1 << PairCache.BITS);
  private readonly level = new Int8Array(1 << PairCache.BITS);
  private slot = 0;

  /** The remembered level, or -1 (then `set` may follow, to the same slot). */
  get(field: number, a: number, b: number): number {
    if (a < 0 || b < 0 || a >= 1 << 21) return -1;
    const ka = (field << 21) | a;
    const mask = (1 << PairCache.BITS) - 1;
    let i = (Math.imul(ka, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> (32 - PairCache.BITS);
    for (let probe = 0; probe < 8; probe++, i = (i + 1) & mask) {
      const k = this.keyA[i]!;
      if (k === ka && this.keyB[i] === b) return this.level[i]!;
      if (k === -1) {
        this.slot = i;
        return -1;
      }
    }
    this.slot = i;
    return -1;
  }

  /** Remembers the level of the pair `get` just missed; returns the level. */
  set(field: number, a: number, b: number, level: number): number {
    if (a < 0 || b < 0 || a >= 1 << 21) return level;
    this.keyA[this.slot] = (field << 21) | a;
    this.keyB[this.slot] = b;
    this.level[this.slot] = level;
    return level;
  }
}

/** Level of two different family names: same variant class, or Jaro–Winkler bands. */
function familyLevel(a: string, b: string, sameClass: boolean): number {
  if (sameClass) return 2;
  const j = jaroWinkler(a, b);
  return j >= 0.92 ? 3 : j >= 0.8 ? 4 : 5;
}

/** Level of two different middle names: one holds the other, similar, one an initial of the other. */
function middleLevel(a: string, b: string): number {
  if (wordsContain(a, b) || wordsContain(b, a)) return 2;
  if (a.length === 1 || b.length === 1) return a.charCodeAt(0) === b.charCodeAt(0) ? 5 : 6;
  const j = jaroWinkler(a, b);
  return j >= 0.92 ? 3 : j >= 0.8 ? 4 : 6;
}

/** Level of two different given names. */
function givenLevel(a: string, b: string): number {
  if (a.length === 1 || b.length === 1) return a.charCodeAt(0) === b.charCodeAt(0) ? 4 : 5;
  const j = jaroWinkler(a, b);
  return j >= 0.92 ? 2 : j >= 0.8 ? 3 : 5;
}

/** A model ready to score: weights in flat tables. */
export interface Compiled {
  model: LinkModel;
  active: Uint8Array;
  m: Float64Array;
  /** log2 m */
  logM: Float64Array;
  weights: Float64Array;
  tf: Uint8Array;
  tfMin: number;
}

const compiled = new WeakMap<LinkModel, Compiled>();

/** The compiled form of a model (cached per model object). */
export function compile(model: LinkModel): Compiled {
  let c = compiled.get(model);
  if (c) return c;
  c = {
    model,
    active: new Uint8Array(NF),
    m: new Float64Array(NF * STRIDE),
    logM: new Float64Array(NF * STRIDE),
    weights: new Float64Array(NF * STRIDE),
    tf: new Uint8Array(NF),
    tfMin: model.tf.minimum,
  };
  for (const f of model.fields) {
    const k = F[f.field];
    c.active[k] = 1;
    c.tf[k] = f.tf ? 1 : 0;
    f.levels.forEach((l, i) => {
      c!.m[k * STRIDE + i] = l.m;
      c!.logM[k * STRIDE + i] = Math.log2(l.m);
      c!.weights[k * STRIDE + i] = Math.log2(l.m / l.u);
    });
  }
  compiled.set(model, c);
  return c;
}

/** Levels of a name part: exact, diacritics, then what the caller decides from similarity. */
function sameName(qx: number, sx: number): number {
  return qx === MISSING || sx === MISSING || qx === sx ? 0 : 1;
}

function idLevel(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return -1;
  if (a === b) return 0;
  return oneEdit(a, b) ? 1 : 2;
}

/** Whether `short` is one or more whole words of `long` ("thi" in "thi lan"). */
function wordsContain(long: string, short: string): boolean {
  const n = short.length;
  if (long.length <= n) return false;
  let at = long.indexOf(short);
  while (at >= 0) {
    const before = at === 0 || long.charCodeAt(at - 1) === 32;
    const after = at + n === long.length || long.charCodeAt(at + n) === 32;
    if (before && after) return true;
    at = long.indexOf(short, at + 1);
  }
  return false;
}

/**
 * Fills `out` with the level of each field for query `q` against row `i` of `s`; -1 where
 * either side lacks the field or the model does not use it.
 */
export function levelsInto(
  q: Prepared,
  s: RecordStore,
  i: number,
  active: Uint8Array,
  out: Int8Array,
  cache: PairCache,
): void {
  const names = s.names.values;
  // family
  let lv = -1;
  const sf = s.fam[i]!;
  if (active[0] && q.fam !== MISSING && sf !== MISSING) {
    if (q.fam === sf) lv = sameName(q.famX, s.famX[i]!);
    else {
      lv = cache.get(0, q.fam, sf);
      if (lv < 0) lv = cache.set(0, q.fam, sf, familyLevel(q.famS, names[sf]!, q.cls === s.cls[i]));
    }
  }
  out[0] = lv;
  // middle
  lv = -1;
  const sm = s.mid[i]!;
  if (active[1] && q.mid !== MISSING && sm !== MISSING) {
    if (q.mid === sm) lv = sameName(q.midX, s.midX[i]!);
    else {
      lv = cache.get(1, q.mid, sm);
      if (lv < 0) lv = cache.set(1, q.mid, sm, middleLevel(q.midS, names[sm]!));
    }
  }
  out[1] = lv;
  // given
  lv = -1;
  const sg = s.giv[i]!;
  if (active[2] && q.giv !== MISSING && sg !== MISSING) {
    if (q.giv === sg) lv = sameName(q.givX, s.givX[i]!);
    else {
      lv = cache.get(2, q.giv, sg);
      if (lv < 0) lv = cache.set(2, q.giv, sg, givenLevel(q.givS, names[sg]!));
    }
  }
  out[2] = lv;
  // date of birth
  lv = -1;
  const sy = s.y[i]!;
  if (active[3] && q.y !== 0 && sy !== 0) {
    const sm2 = s.m[i]!;
    const sd = s.d[i]!;
    const dy = q.y - sy;
    if (q.d !== 0 && sd !== 0) {
      if (dy === 0 && q.m === sm2 && q.d === sd) lv = 0;
      else if (dy === 0 && q.m === sd && q.d === sm2) lv = 2;
      else if (dy === 0 && q.m === sm2) lv = 3;
      else if (q.m === sm2 && q.d === sd) lv = 4;
      else if (dy === 0) lv = 5;
      else lv = dy === 1 || dy === -1 ? 6 : 7;
    } else if (dy === 0) {
      lv = q.m === 0 || sm2 === 0 || q.m === sm2 ? 1 : 5;
    } else lv = dy === 1 || dy === -1 ? 6 : 7;
  }
  out[3] = lv;
  // sex
  const ss = s.sex[i]!;
  out[4] = active[4] && q.sex !== 0 && ss !== 0 ? (q.sex === ss ? 0 : 1) : -1;
  // identifiers
  out[5] = active[5] ? idLevel(q.pid, s.pid[i]) : -1;
  lv = -1;
  const so = s.oldIds[i];
  if (active[6] && q.oldIds !== undefined && so !== undefined) {
    lv = 2;
    for (const a of q.oldIds)
      for (const b of so) {
        const l = idLevel(a, b);
        if (l < lv) lv = l;
      }
  }
  out[6] = lv;
  out[7] = active[7] ? idLevel(q.otherId, s.otherId[i]) : -1;
  const sp = s.phone[i];
  out[8] = active[8] && q.phone !== undefined && sp !== undefined ? (q.phone === sp ? 0 : 1) : -1;
  // place
  lv = -1;
  if (active[9]) {
    const c25 = s.c25[i]!;
    const cPre = s.cPre[i]!;
    const p25 = s.p25[i]!;
    const pPre = s.pPre[i]!;
    if ((q.c25 >= 0 && q.c25 === c25) || (q.cPre >= 0 && q.cPre === cPre)) lv = 0;
    else if ((q.p25 >= 0 && q.p25 === p25) || (q.pPre >= 0 && q.pPre === pPre)) {
      const communesKnown =
        (q.c25 !== MISSING && c25 !== MISSING) || (q.cPre !== MISSING && cPre !== MISSING);
      lv = communesKnown ? 2 : 1;
    } else if ((q.p25 !== MISSING && p25 !== MISSING) || (q.pPre !== MISSING && pPre !== MISSING)) lv = 3;
  }
  out[9] = lv;
}

/**
 * Weight of one field at its level; exact agreement of a name is term-frequency adjusted,
 * log2(m / tf): agreeing on a rare name says more than agreeing on Nguyễn.
 */
export function fieldWeight(c: Compiled, s: RecordStore, i: number, k: number, level: number): number {
  if (level < 0) return 0;
  if (k <= 2 && level === 0 && c.tf[k]) {
    const id = k === 0 ? s.fam[i]! : k === 1 ? s.mid[i]! : s.giv[i]!;
    return c.logM[k * STRIDE + level]! - s.tfBits(k, c.tfMin)[id]!;
  }
  return c.weights[k * STRIDE + level]!;
}

/** Sum of field weights of the levels in `levels` (prior not included). */
export function weightOf(c: Compiled, s: RecordStore, i: number, levels: Int8Array): number {
  let w = 0;
  for (let k = 0; k < NF; k++) {
    const lv = levels[k]!;
    if (lv >= 0)
      w += k <= 2 && lv <= 1 && c.tf[k] ? fieldWeight(c, s, i, k, lv) : c.weights[k * STRIDE + lv]!;
  }
  return w;
}

/** The level's name for explanations. */
export const levelName = (k: number, level: number) =>
  level < 0 ? 'missing' : (FIELD_LEVELS[FIELDS[k]!][level] as string);

/** log2 of the prior odds that a pair is a match, when one of `candidates` records may be. */
export function priorWeight(share: number, candidates: number): number {
  const lambda = Math.min(0.5, share / Math.max(1, candidates));
  return Math.log2(lambda / (1 - lambda));
}
