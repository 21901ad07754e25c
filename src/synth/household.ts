import { addressLine } from './address.js';
import { TODAY_DAY, yearOf } from './days.js';
import { type Home, join, marry, type Relation } from './family-events.js';
import { type Geo, provinceOn, type Spot, unitOn } from './geo.js';
import { addCards, addDeath, addOldId, addWorkStay, maybeDie } from './life.js';
import { drawEthnicity, drawFamilyName, drawPersonalNames } from './names.js';
import { birthday, type Draft, lastDayOf, registeredDob, type Sex, toBulk } from './person.js';
import type { PidAllocator } from './pids.js';
import { type Rng, Weighted } from './prng.js';
import type { BulkPerson } from './registry-port.js';

type Kind = 'single' | 'couple' | 'nuclear' | 'three' | 'lone';

const KINDS = new Weighted<Kind>([
  ['single', 12],
  ['couple', 11],
  ['nuclear', 50],
  ['three', 21],
  ['lone', 6],
]);
const CHILD_COUNT = new Weighted([
  [1, 20],
  [2, 50],
  [3, 24],
  [4, 6],
]);
/** Probability that a newborn is a boy: sex ratio at birth ≈ 1.11. */
const P_BOY = 1.11 / 2.11;

/** One generated household: persons in an order where everyone referred to comes first. */
export interface GeneratedHousehold {
  persons: BulkPerson[];
  /** Households founded (two when the family moved). */
  households: number;
}

/**
 * Generates households one after another from one random stream: a province drawn by
 * population, a household kind (one person, couple, parents with children, three
 * generations, lone parent), ages that follow a mid-2020s pyramid, parents linked,
 * marriages both ways, residence history (some families moved), ID cards, old ID
 * numbers, temporary stays for work and deaths.
 */
export class HouseholdFactory {
  private households = 0;

  constructor(
    private readonly rng: Rng,
    private readonly geo: Geo,
    private readonly pids: PidAllocator,
    private readonly stream: number,
  ) {}

  /** The next household, with at most `room` persons (≥ 1). */
  next(room: number): GeneratedHousehold {
    const home = this.home();
    const kind: Kind = room === 1 ? 'single' : KINDS.draw(this.rng);
    let members = this.build(kind, home);
    if (members.length > room) {
      home.before = undefined;
      members = this.build('single', home);
    }
    this.finish(members, home);
    return { persons: members.map(toBulk), households: home.before ? 2 : 1 };
  }

  private newId(): string {
    this.households++;
    return `SYN${this.stream}${String(this.households).padStart(10, '0')}`;
  }

  private home(): Home {
    const rng = this.rng;
    const province = this.geo.province(rng);
    const spot = this.geo.spot(rng, province);
    return {
      province,
      region: province.region,
      ethnicity: drawEthnicity(rng, province.profile),
      spot,
      text: addressLine(rng, province),
      id: this.newId(),
    };
  }

  private build(kind: Kind, home: Home): Draft[] {
    const rng = this.rng;
    switch (kind) {
      case 'single': {
        const young = rng.chance(0.45);
        const sex: Sex = young ? (rng.chance(0.6) ? 'male' : 'female') : rng.chance(0.4) ? 'male' : 'female';
        const p = this.adult(sex, young ? rng.between(18, 45) : this.olderAge(46, 95), home);
        this.settle(home, p, Math.min(TODAY_DAY - 1, birthday(p, 18 + rng.int(12))));
        return [p];
      }
      case 'couple': {
        const old = rng.chance(0.55);
        const husbandAge = old ? this.olderAge(52, 92) : rng.between(22, 34);
        return this.family(home, husbandAge, 0);
      }
      case 'nuclear':
        return this.family(home, rng.between(24, 56), CHILD_COUNT.draw(rng));
      case 'lone': {
        const mother = this.adult('female', rng.between(24, 55), home);
        const kids = this.childDays(mother, rng.between(1, 3));
        const founded = Math.max(birthday(mother, 18), (kids[0] ?? TODAY_DAY) - rng.int(900));
        this.settle(home, mother, Math.min(founded, TODAY_DAY - 1));
        const family = drawFamilyName(rng, home.region, home.ethnicity);
        return [mother, ...this.children(home, kids, family, undefined, mother, 'child')];
      }
      case 'three':
        return this.threeGenerations(home);
    }
  }

  /** Husband, wife and `count` children (older children may have left home). */
  private family(home: Home, husbandAge: number, count: number): Draft[] {
    const rng = this.rng;
    const husband = this.adult('male', husbandAge, home);
    const wife = this.adult('female', Math.max(19, husbandAge - rng.between(0, 6)), home);
    const days = this.childDays(wife, count);
    const married = marry(this.rng, husband, wife, days[0]);
    if (rng.chance(0.12) && married < TODAY_DAY - 400) this.moved(home, married);
    const [head, other] = rng.chance(0.85) ? [husband, wife] : [wife, husband];
    this.settle(home, head, married);
    join(home, other, 'spouse', married);
    const staying = days.filter((d) => {
      const age = (TODAY_DAY - d) / 365.25;
      return age < 22 || (age < 27 && rng.chance(0.4));
    });
    return [head, other, ...this.children(home, staying, husband.familyName, husband, wife, 'child')];
  }

  /** Grandparent(s) as head, an adult child with spouse, grandchildren. */
  private threeGenerations(home: Home): Draft[] {
    const rng = this.rng;
    const grandma = this.adult('female', this.olderAge(55, 92), home);
    const grandpa = rng.chance(0.7)
      ? this.adult('male', this.ageOf(grandma) + rng.between(0, 6), home)
      : undefined;
    const childDay = birthday(grandma, rng.between(20, 38));
    const family = grandpa?.familyName ?? drawFamilyName(rng, home.region, home.ethnicity);
    const founded = grandpa
      ? marry(this.rng, grandpa, grandma, childDay)
      : Math.max(birthday(grandma, 18), childDay - 200 - rng.int(1500));
    const head = grandpa ?? grandma;
    this.settle(home, head, founded);
    if (grandpa) join(home, grandma, 'spouse', founded);
    const son = rng.chance(0.7);
    const [middle] = this.children(
      home,
      [childDay],
      family,
      grandpa,
      grandma,
      'child',
      son ? 'male' : 'female',
    );
    const m = middle as Draft;
    const inLawAge = son ? this.ageOf(m) - rng.between(0, 5) : this.ageOf(m) + rng.between(0, 6);
    const inLaw = this.adult(son ? 'female' : 'male', Math.max(20, inLawAge), home);
    const [husband, wife] = son ? [m, inLaw] : [inLaw, m];
    const kids = this.childDays(wife, CHILD_COUNT.draw(rng) - (rng.chance(0.2) ? 1 : 0));
    const married = marry(this.rng, husband, wife, kids[0]);
    join(home, inLaw, 'child_in_law', married);
    return [
      head,
      ...(grandpa ? [grandma] : []),
      m,
      inLaw,
      ...this.children(home, kids, husband.familyName, husband, wife, 'grandchild'),
    ];
  }

  /** An age in [lo, hi], fewer the older (a pyramid's upper part). */
  private olderAge(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.rng.next() ** 1.7);
  }

  private ageOf(p: Draft): number {
    return Math.floor((TODAY_DAY - p.dobDay) / 365.25);
  }

  /** An adult aged `age` today, born mostly in the province they live in. */
  private adult(sex: Sex, age: number, home: Home): Draft {
    const rng = this.rng;
    const dobDay = TODAY_DAY - Math.floor(age * 365.25) - rng.int(365);
    const province = rng.chance(0.85) ? home.province : this.geo.province(rng);
    const spot = province === home.province ? home.spot : this.geo.spot(rng, province);
    return this.person(
      sex,
      dobDay,
      spot,
      drawFamilyName(rng, province.region, home.ethnicity),
      home.ethnicity,
    );
  }

  private person(sex: Sex, dobDay: number, birthSpot: Spot, familyName: string, ethnicity: string): Draft {
    const { middleName, givenName } = drawPersonalNames(this.rng, sex, yearOf(dobDay), ethnicity);
    return {
      pid: this.pids.next(provinceOn(birthSpot, dobDay), sex, yearOf(dobDay)),
      sex,
      dobDay,
      dob: registeredDob(this.rng, dobDay),
      familyName,
      middleName,
      givenName,
      ethnicity,
      birthSpot,
      acts: [],
    };
  }

  /** Birth days of up to `count` children of `mother`: first at 19–28, then every 1¼–6 years, until 44. */
  private childDays(mother: Draft, count: number): number[] {
    const out: number[] = [];
    let day = birthday(mother, 19 + this.rng.int(10));
    for (let i = 0; i < count && day < TODAY_DAY && day < birthday(mother, 44); i++) {
      out.push(day);
      day += 450 + this.rng.int(5 * 365);
    }
    return out;
  }

  private children(
    home: Home,
    days: number[],
    familyName: string,
    father: Draft | undefined,
    mother: Draft,
    relation: Relation,
    sex?: Sex,
  ): Draft[] {
    return days.map((day) => {
      const s = sex ?? (this.rng.chance(P_BOY) ? 'male' : 'female');
      const spot = home.before && day < home.before.moveDay ? home.before.spot : home.spot;
      const child = this.person(s, day, spot, familyName, home.ethnicity);
      child.fatherPid = father?.pid;
      child.motherPid = mother.pid;
      join(home, child, relation, day);
      return child;
    });
  }

  /** The family lived elsewhere first (another province half of the time) and moved here. */
  private moved(home: Home, founded: number): void {
    const rng = this.rng;
    const province = rng.chance(0.5) ? this.geo.province(rng) : home.province;
    const moveDay = founded + 365 + rng.int(TODAY_DAY - founded - 395);
    home.before = {
      spot: this.geo.spot(rng, province),
      text: addressLine(rng, province),
      id: home.id,
      moveDay,
    };
    home.id = this.newId();
  }

  /** The head founds the household (and, after a move, the new one). */
  private settle(home: Home, head: Draft, from: number): void {
    join(home, head, 'head', from);
  }

  /** Deaths, old ID numbers, cards and work stays, once the family's history is known. */
  private finish(members: Draft[], home: Home): void {
    const last = members.reduce((m, p) => Math.max(m, lastDayOf(p)), 0);
    for (const p of members) maybeDie(this.rng, p, last);
    for (const p of members) {
      addOldId(this.rng, p, this.pids);
      addCards(this.rng, p);
      addWorkStay(this.rng, p, this.geo, home.province.code);
      addDeath(p, p.deathDay === undefined ? '' : unitOn(home.spot, p.deathDay));
    }
  }
}
