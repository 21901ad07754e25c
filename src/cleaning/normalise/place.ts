/**
 * Where a person lives, as unit codes of both eras: the commune and province before
 * 1 July 2025 and after it, filled in across eras wherever the successor mapping allows
 * (with only the built-in provinces loaded, provinces at best).
 */
import type { UnitReader } from '../../units/index.js';
import type { PersonRecord } from '../types.js';

export type Place = Pick<PersonRecord, 'province2025' | 'commune2025' | 'provincePre' | 'communePre'>;

/** The one value all of `codes` agree on, if any. */
const only = (codes: (string | undefined)[]) => {
  const set = new Set(codes.filter((c): c is string => c !== undefined));
  return set.size === 1 ? [...set][0] : undefined;
};

/** Fills the other era of a place from the mapping. */
function complete(reader: UnitReader, p: Place): Place {
  const out: Place = { ...p };
  if (out.communePre && !out.commune2025) {
    const next = reader.successors(out.communePre);
    if (next.length === 1) out.commune2025 = next[0]!;
    out.province2025 ??= only(next.map((c) => reader.unit('2025', c)?.provinceCode));
  }
  if (out.commune2025 && !out.communePre) {
    const before = reader.predecessors(out.commune2025).filter((c) => c.length > 2);
    if (before.length === 1) out.communePre = before[0]!;
    out.provincePre ??= only(before.map((c) => reader.unit('pre2025', c)?.provinceCode));
  }
  if (out.provincePre && !out.province2025) out.province2025 = only(reader.successors(out.provincePre));
  if (out.province2025 && !out.provincePre) {
    const before = reader.predecessors(out.province2025).filter((c) => c.length === 2);
    out.provincePre = only(before);
  }
  for (const k of Object.keys(out) as (keyof Place)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * A place from unit codes of unknown era: a commune (or district) code and/or a province
 * code. A code is read in the era where it exists and agrees with the province given.
 *
 * @example
 *   placeFromCodes(reader, '26740', '79') // { communePre: '26740', provincePre: '79', commune2025: '26740', province2025: '79' }
 */
export function placeFromCodes(
  reader: UnitReader,
  unitCode?: string | null,
  provinceCode?: string | null,
): Place {
  const p: Place = {};
  const prov = provinceCode?.trim() || undefined;
  const code = unitCode?.trim() || undefined;
  if (code && code !== prov) {
    for (const era of ['pre2025', '2025'] as const) {
      const u = reader.unit(era, code);
      if (!u || (prov && u.provinceCode !== prov && !samePlaceAcross(reader, era, u.provinceCode, prov)))
        continue;
      if (era === 'pre2025') {
        if (u.level === 'commune') p.communePre = u.code;
        p.provincePre = u.provinceCode;
      } else {
        if (u.level === 'commune') p.commune2025 = u.code;
        p.province2025 = u.provinceCode;
      }
    }
  }
  const target = prov ?? (code && code.length === 2 ? code : undefined);
  if (target) {
    if (!p.provincePre && reader.unit('pre2025', target)) p.provincePre = target;
    if (!p.province2025 && reader.unit('2025', target)) {
      // a code of both eras is one province that kept its code (01, 79) or an old one merged away
      const next = p.provincePre ? reader.successors(p.provincePre) : [];
      if (!p.provincePre || next.includes(target)) p.province2025 = target;
    }
  }
  return complete(reader, p);
}

/** Whether province `a` of `era` and code `b` of the other era are one place across the change. */
function samePlaceAcross(reader: UnitReader, era: 'pre2025' | '2025', a: string, b: string): boolean {
  return era === 'pre2025' ? reader.successors(a).includes(b) : reader.successors(b).includes(a);
}

/**
 * A place from a free-text address, when the parser is confident enough.
 *
 * @example
 *   placeFromAddress(reader, 'P. Bến Nghé, Q.1, TP.HCM') // { communePre: '26740', provincePre: '79', … }
 */
export function placeFromAddress(reader: UnitReader, text: string, minConfidence = 0.45): Place | undefined {
  const best = reader.parse(text)[0];
  if (!best || best.confidence < minConfidence) return undefined;
  const p: Place =
    best.era === 'pre2025'
      ? { provincePre: best.provinceCode, ...(best.communeCode ? { communePre: best.communeCode } : {}) }
      : { province2025: best.provinceCode, ...(best.communeCode ? { commune2025: best.communeCode } : {}) };
  return complete(reader, p);
}
