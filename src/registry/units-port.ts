import type { Db } from '../db/index.js';
import { type Unit, unitContains as unitsContains, getUnit as unitsGetUnit } from '../units/index.js';

/** The registry's view of the units module: lookups by code, containment, a per-run cache. */
export type UnitInfo = Unit;

/** The unit with this code (2025 era preferred), or undefined when unknown. */
export const getUnit = (db: Db, code: string): Promise<UnitInfo | undefined> => unitsGetUnit(db, code);

/** Does unit `outer` contain (or equal) unit `inner`? */
export async function unitContains(db: Db, outer: string, inner: string): Promise<boolean> {
  return outer === inner || unitsContains(db, outer, inner);
}

/** A memoised `getUnit` for one bulk run or request. */
export function cachedUnits(db: Db) {
  const cache = new Map<string, Promise<UnitInfo | undefined>>();
  return (code: string) => {
    let hit = cache.get(code);
    if (!hit) {
      hit = getUnit(db, code);
      cache.set(code, hit);
    }
    return hit;
  };
}
