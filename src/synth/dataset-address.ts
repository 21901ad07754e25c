import type { Database } from '../db/index.js';
import { getUnit, successorsOf, type Unit } from '../units/index.js';
import type { Rng } from './prng.js';

/** How a unit is written: its names from commune up to province, in the 2025 units and in the old ones. */
export interface UnitNames {
  now: string[];
  old: string[];
}

const ABBREVIATIONS: [RegExp, string][] = [
  [/^Thành phố /, 'TP. '],
  [/^Tỉnh /, 'T. '],
  [/^Quận /, 'Q. '],
  [/^Huyện /, 'H. '],
  [/^Thị xã /, 'TX. '],
  [/^Thị trấn /, 'TT. '],
  [/^Phường /, 'P. '],
  [/^Xã /, 'X. '],
];

/** Unit words shortened as clerks do: "Thành phố Hà Nội" → "TP. Hà Nội", "Huyện Đan Phượng" → "H. Đan Phượng". */
export const abbreviateUnit = (name: string): string => {
  for (const [re, short] of ABBREVIATIONS) if (re.test(name)) return name.replace(re, short);
  return name;
};

/**
 * Unit names for address text, looked up once per unit code through the units module: the
 * names of the unit and its parents in its own era, and, for a pre-2025 unit, the names of
 * the 2025 unit it became (or the same names when no mapping is loaded).
 */
export class AddressBook {
  private readonly cache = new Map<string, UnitNames | null>();

  constructor(private readonly database: Database) {}

  private async chain(u: Unit): Promise<string[]> {
    const names = [u.fullName];
    let cur: Unit | undefined = u;
    for (let guard = 0; cur?.parentCode && guard < 4; guard++) {
      cur = await getUnit(this.database.db, cur.parentCode, u.era);
      if (cur) names.push(cur.fullName);
    }
    if (cur?.level !== 'province' && u.level !== 'province') {
      const p = await getUnit(this.database.db, u.provinceCode, u.era);
      if (p) names.push(p.fullName);
    }
    return names;
  }

  /** Names for a unit code of either era; undefined for an unknown code or none. */
  async names(code: string | null): Promise<UnitNames | undefined> {
    if (!code) return undefined;
    const hit = this.cache.get(code);
    if (hit !== undefined) return hit ?? undefined;
    const db = this.database.db;
    const pre = await getUnit(db, code, 'pre2025');
    const now = await getUnit(db, code, '2025');
    let out: UnitNames | null = null;
    if (pre) {
      const old = await this.chain(pre);
      const next = (await successorsOf(db, code))[0] ?? now;
      out = { old, now: next ? await this.chain(next) : old };
    } else if (now) {
      const names = await this.chain(now);
      out = { old: names, now: names };
    }
    this.cache.set(code, out);
    return out ?? undefined;
  }
}

const STREET_WORDS = ['đường', 'phố'];
const VILLAGE = ['Thôn', 'Xóm', 'Ấp', 'Tổ dân phố', 'Khu phố', 'Bản'];

/** A made-up line below the unit: "Số 12, ngõ 45, đường Lê Lợi" or "Thôn 3". */
export function houseLine(rng: Rng, streets: readonly string[]): string {
  if (rng.chance(0.5)) {
    const lane = rng.chance(0.4) ? `, ngõ ${rng.between(1, 200)}` : '';
    return `Số ${rng.between(1, 300)}${lane}, ${rng.pick(STREET_WORDS)} ${rng.pick(streets)}`;
  }
  return `${rng.pick(VILLAGE)} ${rng.between(1, 25)}`;
}
