/**
 * The two loops the cleaning-model benchmark times over the same candidate pairs: full
 * comparison (levels of every field + weights) and, as the baseline, plain equality of
 * the same fields.
 */
import { compile, levelsInto, NF, weightOf } from '../src/cleaning/model/compare.js';
import type { LinkModel, ReferenceIndex } from '../src/cleaning/model/index.js';
import type { Prepared } from '../src/cleaning/model/store.js';
import type { PersonRecord } from '../src/cleaning/types.js';

/** Levels and weight of every pair; returns a checksum so nothing is optimised away. */
export function scorePairs(
  model: LinkModel,
  index: ReferenceIndex,
  prepared: Prepared[],
  pairQ: number[],
  pairRow: number[],
): number {
  const c = compile(model);
  const levels = new Int8Array(NF);
  const s = index.store;
  let sum = 0;
  for (let p = 0; p < pairQ.length; p++) {
    const row = pairRow[p]!;
    levelsInto(prepared[pairQ[p]!]!, s, row, c.active, levels, index.cache);
    sum += weightOf(c, s, row, levels);
  }
  return sum;
}

/** Equality of the same fields (no levels, no similarity, no weights). */
export function equalityPairs(
  index: ReferenceIndex,
  records: PersonRecord[],
  pairQ: number[],
  pairRow: number[],
): number {
  const s = index.store;
  const q = records.map((r) => index.prepare(r));
  let agree = 0;
  for (let p = 0; p < pairQ.length; p++) {
    const a = q[pairQ[p]!]!;
    const i = pairRow[p]!;
    if (a.fam === s.fam[i]) agree++;
    if (a.mid === s.mid[i]) agree++;
    if (a.giv === s.giv[i]) agree++;
    if (a.y === s.y[i] && a.m === s.m[i] && a.d === s.d[i]) agree++;
    if (a.sex === s.sex[i]) agree++;
    if (a.pid === s.pid[i]) agree++;
    if (a.oldIds?.[0] === s.oldIds[i]?.[0]) agree++;
    if (a.phone === s.phone[i]) agree++;
    if (a.p25 === s.p25[i] || a.c25 === s.c25[i]) agree++;
  }
  return agree;
}
