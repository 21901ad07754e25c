// Added for the cleaning module: the unit index as plain data, read synchronously.
import type { Db } from '../db/index.js';
import { type AddressMatch, parseWith } from './address.js';
import { buildIndex, childrenOf, entryOf, type Unit, type UnitIndex } from './units.cache.js';
import type { UnitEra } from './units.repo.js';
import * as repo from './units.repo.js';

/** Every unit and successor pair of a database as plain, structured-clone friendly data. */
export interface UnitSnapshot {
  units: repo.UnitRow[];
  successors: { old_code: string; new_code: string }[];
}

/** Synchronous reads of a unit snapshot, for code that handles millions of rows. */
export interface UnitReader {
  /** Free-text address → readings, best first (as parseAddress). */
  parse(text: string): AddressMatch[];
  unit(era: UnitEra, code: string): Unit | undefined;
  /** 2025 codes an old commune, district or province became. */
  successors(oldCode: string): string[];
  /** Old codes a 2025 commune or province was made of. */
  predecessors(newCode: string): string[];
}

/** Reads the units of `db` once (about 15,000 rows once full lists are imported). */
export async function loadUnitSnapshot(db: Db): Promise<UnitSnapshot> {
  const [units, successors] = await Promise.all([repo.allUnits(db), repo.allSuccessors(db)]);
  return { units, successors: successors.map((s) => ({ old_code: s.old_code, new_code: s.new_code })) };
}

/**
 * A synchronous reader over a snapshot (in a worker thread too: the snapshot clones).
 *
 * @example
 *   const reader = unitReader(await loadUnitSnapshot(db));
 *   reader.parse('P. Bến Nghé, Q.1, TP.HCM')[0]?.communeCode // '26740'
 */
export function unitReader(snapshot: UnitSnapshot): UnitReader {
  const idx: UnitIndex = buildIndex(snapshot.units, snapshot.successors);
  return {
    parse: (text) => parseWith(idx, text),
    unit: (era, code) => {
      const e = entryOf(idx, era, code);
      return e ? { ...e.unit } : undefined;
    },
    successors: (oldCode) => {
      const u = entryOf(idx, 'pre2025', oldCode)?.unit;
      if (!u) return [];
      if (u.level !== 'district') return [...(idx.successors.get(oldCode) ?? [])];
      const codes = new Set<string>();
      for (const c of childrenOf(idx, 'pre2025', oldCode))
        for (const s of idx.successors.get(c.unit.code) ?? []) codes.add(s);
      return [...codes];
    },
    predecessors: (newCode) => [...(idx.predecessors.get(newCode) ?? [])],
  };
}
