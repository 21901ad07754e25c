import type { Db } from '../db/index.js';
import { type AddressMatch, parseWith } from './address.js';
import { foldName } from './fold.js';
import { childrenOf, entryOf, type Unit, type UnitIndex, unitIndex } from './units.cache.js';
import type { UnitEra, UnitLevel } from './units.repo.js';
import * as repo from './units.repo.js';

const ERAS_PREFERRED: readonly UnitEra[] = ['2025', 'pre2025'];

const toUnit = (r: repo.UnitRow): Unit => ({
  code: r.code,
  era: r.era,
  name: r.name,
  fullName: r.full_name,
  level: r.level,
  provinceCode: r.province_code,
  ...(r.parent_code ? { parentCode: r.parent_code } : {}),
});

/**
 * A unit by code. Without `era`, the 2025 unit is preferred, then the pre-2025 one (codes
 * of 2025 communes reuse old commune codes). Inside a transaction it reads the row directly.
 *
 * @example
 *   await getUnit(db, '79') // { code: '79', era: '2025', name: 'Hồ Chí Minh', level: 'province', … }
 */
export async function getUnit(db: Db, code: string, era?: UnitEra): Promise<Unit | undefined> {
  const eras = era ? [era] : ERAS_PREFERRED;
  if (db.isTransaction) {
    for (const e of eras) {
      const row = await repo.findUnit(db, e, code);
      if (row) return toUnit(row);
    }
    return undefined;
  }
  const idx = await unitIndex(db);
  for (const e of eras) {
    const hit = entryOf(idx, e, code);
    if (hit) return { ...hit.unit };
  }
  return undefined;
}

/** Query of listUnits. */
export interface UnitQuery {
  era: UnitEra;
  level?: UnitLevel;
  parentCode?: string;
  provinceCode?: string;
  /** folded substring match on the name (diacritics optional) */
  q?: string;
  limit?: number;
}

/**
 * Units of one era, ordered by code, filtered by level, parent and province.
 *
 * @example
 *   await listUnits(db, { era: '2025', level: 'commune', provinceCode: '01' }) // 126 communes once imported
 */
export async function listUnits(db: Db, q: UnitQuery): Promise<Unit[]> {
  const idx = await unitIndex(db);
  const folded = q.q ? foldName(q.q) : '';
  const source = q.parentCode
    ? childrenOf(idx, q.era, q.parentCode)
    : [...idx.byCode.values()].filter((e) => e.unit.era === q.era);
  const out: Unit[] = [];
  for (const e of source) {
    const u = e.unit;
    if (u.era !== q.era) continue;
    if (q.level && u.level !== q.level) continue;
    if (q.provinceCode && u.provinceCode !== q.provinceCode) continue;
    if (folded && !e.search.includes(folded)) continue;
    out.push({ ...u });
  }
  out.sort((a, b) => a.code.localeCompare(b.code));
  return q.limit ? out.slice(0, q.limit) : out;
}

function ancestors(idx: UnitIndex, era: UnitEra, code: string): string[] {
  const u = entryOf(idx, era, code)?.unit;
  if (!u) return [];
  const out = [u.code];
  if (u.parentCode) out.push(u.parentCode);
  if (!out.includes(u.provinceCode)) out.push(u.provinceCode);
  return out;
}

/** 2025 codes an old unit became (communes, districts via their communes, provinces). */
function successorCodes(idx: UnitIndex, oldCode: string): string[] {
  const u = entryOf(idx, 'pre2025', oldCode)?.unit;
  if (!u) return [];
  if (u.level !== 'district') return idx.successors.get(oldCode) ?? [];
  const codes = new Set<string>();
  for (const c of childrenOf(idx, 'pre2025', oldCode))
    for (const s of idx.successors.get(c.unit.code) ?? []) codes.add(s);
  return [...codes];
}

/**
 * True if `inner` is `outer` or lies inside it (a commune in its district or province), read
 * in either era; across eras through the successor mapping, when every successor (or every
 * predecessor) of `inner` lies inside `outer`. Used for "a clerk writes only in the units
 * assigned to them".
 */
export async function unitContains(db: Db, outerCode: string, innerCode: string): Promise<boolean> {
  const idx = await unitIndex(db);
  for (const era of ERAS_PREFERRED) {
    if (entryOf(idx, era, outerCode) && ancestors(idx, era, innerCode).includes(outerCode)) return true;
  }
  if (entryOf(idx, '2025', outerCode)) {
    const next = successorCodes(idx, innerCode);
    if (next.length > 0 && next.every((c) => ancestors(idx, '2025', c).includes(outerCode))) return true;
  }
  if (entryOf(idx, 'pre2025', outerCode) && entryOf(idx, '2025', innerCode)) {
    const inner = entryOf(idx, '2025', innerCode)!.unit;
    const before =
      inner.level === 'province'
        ? (idx.predecessors.get(innerCode) ?? []).filter((c) => c.length === 2)
        : (idx.predecessors.get(innerCode) ?? []);
    if (before.length > 0 && before.every((c) => ancestors(idx, 'pre2025', c).includes(outerCode)))
      return true;
  }
  return false;
}

/**
 * The 2025 unit(s) an old (pre-2025) commune, district or province became; empty when the
 * code is unknown or no mapping is loaded for it. A district yields the successors of all
 * its communes.
 *
 * @example
 *   await successorsOf(db, '02') // [{ code: '08', era: '2025', name: 'Tuyên Quang', … }]
 */
export async function successorsOf(db: Db, oldCode: string): Promise<Unit[]> {
  const idx = await unitIndex(db);
  return successorCodes(idx, oldCode)
    .map((c) => entryOf(idx, '2025', c)?.unit)
    .filter((u): u is Unit => u !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => ({ ...u }));
}

/** A unit list recorded in the database (built in or imported). */
export interface UnitListVersion {
  id: number;
  era: UnitEra;
  source: string;
  sha256: string;
  legalBasis: string | null;
  inForce: string | null;
  importedAt: Date;
  appliedAt: Date;
  counts: { provinces: number; districts: number; communes: number };
}

/** The unit lists this database has seen, oldest first. */
export async function listVersions(db: Db): Promise<UnitListVersion[]> {
  return (await repo.listVersions(db)).map((v) => ({
    id: v.id,
    era: v.era,
    source: v.source,
    sha256: v.sha256,
    legalBasis: v.legal_basis,
    inForce: v.in_force,
    importedAt: v.imported_at,
    appliedAt: v.applied_at,
    counts: { provinces: v.provinces, districts: v.districts, communes: v.communes },
  }));
}

/**
 * Reads a free-text address ("P. Bến Nghé, Q.1, TP.HCM", "Thôn 3, xã Ea Kao, TP Buôn Ma
 * Thuột, Đắk Lắk") into unit codes, best reading first, in either era. Never throws on odd
 * text; an empty list means no province was recognised.
 */
export async function parseAddress(db: Db, text: string): Promise<AddressMatch[]> {
  const idx = await unitIndex(db);
  return parseWith(idx, text);
}
