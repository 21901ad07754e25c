import type { Database } from '../db/index.js';
import { listUnits, successorsOf } from '../units/index.js';
import { PROVINCE_FACTS } from './data/provinces.js';
import { Geo, type GeoCommune } from './geo.js';

/**
 * The map from the units module: the built-in province facts, with each province's 2025
 * successor as the units module knows it, and its real communes when a full list has been
 * imported (each with the 2025 commune it became; the 2025 province when unmapped).
 */
export async function loadGeo(database: Database): Promise<Geo> {
  const db = database.db;
  const communes = await listUnits(db, { era: 'pre2025', level: 'commune' });
  const byProvince = new Map<string, GeoCommune[]>();
  const provinces = [];
  for (const facts of PROVINCE_FACTS) {
    const successor = (await successorsOf(db, facts.code))[0]?.code ?? facts.successor;
    byProvince.set(facts.code, []);
    provinces.push({ ...facts, successor, communes: byProvince.get(facts.code) as GeoCommune[] });
  }
  for (const c of communes) {
    const list = byProvince.get(c.provinceCode);
    if (!list) continue;
    const next = (await successorsOf(db, c.code))[0]?.code;
    list.push({
      code: c.code,
      successor: next ?? provinces.find((p) => p.code === c.provinceCode)!.successor,
    });
  }
  return new Geo(provinces);
}
