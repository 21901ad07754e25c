import { STREETS, VILLAGE_WORDS } from './data/streets.js';
import type { GeoProvince } from './geo.js';
import type { Rng } from './prng.js';

const CITIES = new Set(['01', '79', '31', '48', '92', '74', '75']);

/**
 * A made-up address line below the unit: a house on a street in towns ("Số 12, ngõ 45,
 * đường Lê Lợi, tổ 3"), a village elsewhere ("Thôn 2", "Ấp Tân Phú 3", "Bản 5").
 */
export function addressLine(rng: Rng, province: GeoProvince, urban = false): string {
  if (urban || CITIES.has(province.code) ? rng.chance(0.85) : rng.chance(0.25)) {
    const lane = rng.chance(0.5) ? `, ngõ ${rng.between(1, 200)}` : '';
    return `Số ${rng.between(1, 300)}${lane}, đường ${rng.pick(STREETS)}, tổ ${rng.between(1, 40)}`;
  }
  const mountain = province.profile === 'northwest' || province.profile === 'highlands';
  const words = mountain ? VILLAGE_WORDS.mountain : VILLAGE_WORDS[province.region];
  return `${rng.pick(words)} ${rng.between(1, 25)}`;
}
