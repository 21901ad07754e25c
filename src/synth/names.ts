import { ETHNICITY_BY_PROFILE } from './data/ethnicities.js';
import { ETHNIC_FAMILY_NAMES, FAMILY_NAMES } from './data/family-names.js';
import { type Cohort, cohortOf, GIVEN_NAMES, HMONG_GIVEN, MIDDLE_NAMES } from './data/given-names.js';
import type { EthnicProfile, Region } from './data/provinces.js';
import { type Rng, Weighted } from './prng.js';

type Sex = 'male' | 'female';

const nfc = (entries: readonly (readonly [string, number])[]) =>
  entries.map(([n, w]) => [n.normalize('NFC'), w] as const);

const familyByRegion = Object.fromEntries(
  Object.entries(FAMILY_NAMES).map(([r, e]) => [r, new Weighted(nfc(e))]),
) as Record<Region, Weighted<string>>;

const ethnicByProfile = Object.fromEntries(
  Object.entries(ETHNICITY_BY_PROFILE).map(([p, e]) => [p, new Weighted(nfc(e))]),
) as Record<EthnicProfile, Weighted<string>>;

const table = <T>(
  src: Record<Sex, Record<Cohort, readonly (readonly [string, number])[]>>,
  make: (e: readonly (readonly [string, number])[]) => T,
) =>
  ({
    male: { old: make(src.male.old), mid: make(src.male.mid), young: make(src.male.young) },
    female: { old: make(src.female.old), mid: make(src.female.mid), young: make(src.female.young) },
  }) as Record<Sex, Record<Cohort, T>>;

const middles = table(MIDDLE_NAMES, (e) => new Weighted(nfc(e)));
const givens = table(GIVEN_NAMES, (e) => new Weighted(nfc(e)));

/** The ethnicity of a household in a province of `profile`. */
export const drawEthnicity = (rng: Rng, profile: EthnicProfile): string => ethnicByProfile[profile].draw(rng);

/** A family name for someone of `ethnicity` from `region` (Kinh shares unless the group names differently). */
export function drawFamilyName(rng: Rng, region: Region, ethnicity: string): string {
  const own = ETHNIC_FAMILY_NAMES[ethnicity];
  if (own && rng.chance(0.85)) return rng.pick(own).normalize('NFC');
  return familyByRegion[region].draw(rng);
}

/** Middle and given name for a person of `sex` born in `birthYear`. */
export function drawPersonalNames(
  rng: Rng,
  sex: Sex,
  birthYear: number,
  ethnicity: string,
): { middleName: string; givenName: string } {
  if (ethnicity === "H'Mông")
    return {
      middleName: sex === 'male' ? 'A' : rng.pick(['Thị', 'Mí']).normalize('NFC'),
      givenName: rng.pick(HMONG_GIVEN[sex]).normalize('NFC'),
    };
  const cohort = cohortOf(birthYear);
  const middleName = middles[sex][cohort].draw(rng);
  let givenName = givens[sex][cohort].draw(rng);
  if (givenName === middleName) givenName = givens[sex][cohort].draw(rng);
  return { middleName, givenName };
}
