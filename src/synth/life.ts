import { addressLine } from './address.js';
import { fromDay, plusYears, TODAY_DAY, toDay } from './days.js';
import { type Geo, unitOn } from './geo.js';
import { birthday, type Draft, doc } from './person.js';
import type { PidAllocator } from './pids.js';
import type { Rng } from './prng.js';

const CHIP_START = toDay('2021-01-15');
const CMND_START = toDay('1976-06-01');
const CMND_END = toDay('2020-12-31');
const RENEWAL_AGES = [25, 40, 60];

/** The 25/40/60 rule: the day a card issued on `issued` expires, or null (valid for life). */
export function cardExpiryDay(p: Pick<Draft, 'dobDay'>, issued: number): number | null {
  for (const age of RENEWAL_AGES) if (issued < birthday(p, age - 2)) return birthday(p, age);
  return null;
}

const alive = (p: Draft, day: number) => day <= TODAY_DAY && (p.deathDay === undefined || day < p.deathDay);

/**
 * Chip ID cards from the age of 14: a first card (most in 2021, else soon after the 14th
 * birthday), renewed on time at 25, 40 and 60 as the rule requires, and now and then a
 * replacement of a lost card.
 */
export function addCards(rng: Rng, p: Draft): void {
  const at14 = birthday(p, 14);
  let issued =
    at14 < CHIP_START ? CHIP_START + (rng.chance(0.7) ? rng.int(350) : rng.int(1260)) : at14 + rng.int(240);
  let reason: 'first' | 'age_renewal' | 'lost' = 'first';
  for (let n = 1; n <= 5 && alive(p, issued); n++) {
    p.acts.push({
      day: issued,
      action: {
        type: 'card',
        issuedOn: fromDay(issued),
        reason,
        sourceDocument: doc('card_application', p.pid, `CC${n}`, issued),
      },
    });
    const expires = cardExpiryDay(p, issued);
    if (expires !== null && expires - 30 <= TODAY_DAY) {
      issued = Math.max(issued + 1, expires - 1 - rng.int(90));
      reason = 'age_renewal';
    } else if (rng.chance(0.01)) {
      issued = issued + 30 + rng.int(Math.max(1, TODAY_DAY - issued));
      reason = 'lost';
    } else break;
  }
}

/** The old 9-digit ID card (CMND) of someone born before 2000, issued between 1976 and 2020. */
export function addOldId(rng: Rng, p: Draft, pids: PidAllocator): void {
  if (new Date(p.dobDay * 86_400_000).getUTCFullYear() >= 2000 || !rng.chance(0.92)) return;
  const from = Math.max(birthday(p, 14) + rng.int(6 * 365), CMND_START + rng.int(20 * 365));
  const day = Math.min(from, CMND_END);
  if (!alive(p, day) || day < birthday(p, 14)) return;
  p.acts.push({ day, action: { type: 'old_id', oldId: pids.nextOldId(), effectiveDate: fromDay(day) } });
}

/** Temporary residence for work in a big city, for about 1 in 10 adults aged 18–40. */
export function addWorkStay(rng: Rng, p: Draft, geo: Geo, homeProvince: string): void {
  const age = Math.floor((TODAY_DAY - p.dobDay) / 365.25);
  if (age < 19 || age > 40 || !rng.chance(0.1)) return;
  const dest = geo.workProvince(rng);
  if (dest.code === homeProvince) return;
  const from = Math.max(TODAY_DAY - 30 - rng.int(700), birthday(p, 18));
  const until = Math.min(from + 180 + rng.int(550), plusYears(from, 2));
  if (!alive(p, from)) return;
  const spot = geo.spot(rng, dest);
  p.acts.push({
    day: from,
    action: {
      type: 'residence',
      kind: 'temporary',
      place: { unitCode: unitOn(spot, from), text: addressLine(rng, dest, true) },
      from: fromDay(from),
      until: fromDay(until),
      sourceDocument: doc('residence_application', p.pid, 'TT', from),
    },
  });
}

/**
 * Deaths: likelier with age (about 3 % of everyone generated), dated after everything else
 * in the household so that no later event concerns a dead person.
 */
export function maybeDie(rng: Rng, p: Draft, after: number): void {
  const age = (TODAY_DAY - p.dobDay) / 365.25;
  const risk = age >= 80 ? 0.3 : age >= 70 ? 0.12 : age >= 60 ? 0.05 : age >= 40 ? 0.01 : 0.003;
  if (!rng.chance(risk)) return;
  const lo = Math.max(after + 1, TODAY_DAY - 10 * 365);
  if (lo >= TODAY_DAY) return;
  p.deathDay = lo + rng.int(TODAY_DAY - lo);
}

/** The death action of `p`, when dead; call after all other actions are in. */
export function addDeath(p: Draft, placeUnit: string): void {
  if (p.deathDay === undefined) return;
  p.acts.push({
    day: Number.MAX_SAFE_INTEGER,
    action: {
      type: 'death',
      dateOfDeath: fromDay(p.deathDay),
      placeOfDeath: { unitCode: placeUnit },
      sourceDocument: doc('death_certificate', p.pid, 'KT', p.deathDay),
    },
  });
}
