import { PROVINCE_FACTS, type ProvinceFacts, WORK_DESTINATIONS } from './data/provinces.js';
import { UNITS_2025_DAY } from './days.js';
import { type Rng, Weighted } from './prng.js';

/** A commune of before 2025 and the 2025 commune it became. */
export interface GeoCommune {
  code: string;
  successor: string;
}

/** A province as the generator sees it; `communes` is empty unless a full list is imported. */
export interface GeoProvince extends ProvinceFacts {
  communes: GeoCommune[];
}

/** Where a household lives: a unit before 2025 and its 2025 successor. */
export interface Spot {
  province: GeoProvince;
  unitPre2025: string;
  unit2025: string;
}

/**
 * The map the generator draws from: provinces weighted by population, their communes
 * when imported, and the 2025 successor of each unit.
 */
export class Geo {
  readonly byCode: Map<string, GeoProvince>;
  private readonly byPopulation: Weighted<GeoProvince>;
  private readonly work: Weighted<GeoProvince>;

  constructor(readonly provinces: GeoProvince[]) {
    this.byCode = new Map(provinces.map((p) => [p.code, p]));
    this.byPopulation = new Weighted(provinces.map((p) => [p, p.thousands] as const));
    this.work = new Weighted(
      WORK_DESTINATIONS.flatMap(([code, w]) => {
        const p = this.byCode.get(code);
        return p ? [[p, w] as const] : [];
      }),
    );
  }

  /** True when at least one province has real communes. */
  get hasCommunes(): boolean {
    return this.provinces.some((p) => p.communes.length > 0);
  }

  /** A province drawn by population. */
  province(rng: Rng): GeoProvince {
    return this.byPopulation.draw(rng);
  }

  /** A province people move to for work. */
  workProvince(rng: Rng): GeoProvince {
    return this.work.draw(rng);
  }

  /** A place in `province`: a real commune when known, else the province itself. */
  spot(rng: Rng, province: GeoProvince): Spot {
    if (province.communes.length === 0)
      return { province, unitPre2025: province.code, unit2025: province.successor };
    const c = rng.pick(province.communes);
    return { province, unitPre2025: c.code, unit2025: c.successor };
  }
}

/** The unit code of `spot` on `day`: pre-2025 codes before 1 July 2025, 2025 codes after. */
export const unitOn = (spot: Spot, day: number): string =>
  day >= UNITS_2025_DAY ? spot.unit2025 : spot.unitPre2025;

/** The province code of `spot` on `day` (for the ID number of a birth registered there). */
export const provinceOn = (spot: Spot, day: number): string =>
  day >= UNITS_2025_DAY ? spot.province.successor : spot.province.code;

/** The built-in map: 63 provinces, no communes, the 2025 mergers from the data file. */
export const staticGeo = (): Geo => new Geo(PROVINCE_FACTS.map((p) => ({ ...p, communes: [] })));
