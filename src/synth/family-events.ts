import type { Region } from './data/provinces.js';
import { fromDay, TODAY_DAY } from './days.js';
import { type GeoProvince, type Spot, unitOn } from './geo.js';
import { type BulkAction, birthday, type Draft, doc } from './person.js';
import type { Rng } from './prng.js';

/**
 * The events that tie a household together: permanent residence in it (with the old home
 * first when the family moved) and marriages recorded on both sides.
 */

export type Relation = 'head' | 'spouse' | 'child' | 'grandchild' | 'child_in_law';

/** A household's home: where it lives now and, when it moved, where it lived before. */
export interface Home {
  province: GeoProvince;
  region: Region;
  ethnicity: string;
  spot: Spot;
  text: string;
  id: string;
  /** Where the family lived before a move, and when it moved. */
  before?: { spot: Spot; text: string; id: string; moveDay: number };
}

/** Marriage of two persons (an action on each side); returns its day. */
export function marry(rng: Rng, husband: Draft, wife: Draft, firstChild: number | undefined): number {
  const lo = Math.max(birthday(husband, 20), birthday(wife, 18));
  const target =
    firstChild !== undefined
      ? firstChild - 200 - rng.int(900)
      : lo + rng.int(Math.max(1, Math.min(TODAY_DAY - lo, 8 * 365)));
  const day = Math.min(Math.max(target, lo), TODAY_DAY - 1);
  for (const [a, b] of [
    [husband, wife],
    [wife, husband],
  ] as const)
    a.acts.push({
      day,
      action: {
        type: 'marriage',
        spousePid: b.pid,
        effectiveDate: fromDay(day),
        sourceDocument: doc('marriage_certificate', husband.pid, 'KH', day),
      },
    });
  return day;
}

/** Permanent residence in the household from `from` (before a move: first the old home). */
export function join(home: Home, p: Draft, relation: Relation, from: number): void {
  const day = Math.max(from, p.dobDay);
  const b = home.before;
  if (b && day < b.moveDay) {
    p.acts.push({ day, action: residence(p, b.spot, b.text, b.id, relation, day, 'CT1') });
    p.acts.push({
      day: b.moveDay,
      action: residence(p, home.spot, home.text, home.id, relation, b.moveDay, 'CT2'),
    });
  } else p.acts.push({ day, action: residence(p, home.spot, home.text, home.id, relation, day, 'CT') });
}

function residence(
  p: Draft,
  spot: Spot,
  text: string,
  id: string,
  relation: Relation,
  day: number,
  n: string,
): BulkAction {
  return {
    type: 'residence',
    kind: 'permanent',
    place: { unitCode: unitOn(spot, day), text },
    householdId: id,
    ...(relation === 'head' ? { newHousehold: true } : {}),
    relationToHead: relation,
    from: fromDay(day),
    sourceDocument: doc('residence_application', p.pid, n, day),
  };
}
