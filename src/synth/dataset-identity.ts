import { abbreviateUnit, type UnitNames } from './dataset-address.js';
import {
  digitTypo,
  FAMILY_VARIANTS,
  keyboardLeftover,
  lostZeros,
  type NoiseRates,
  oldTonePlacement,
  oneOf,
  stripDiacritics,
  transposeDigits,
  typo,
} from './noise.js';
import type { Rng } from './prng.js';

/** Someone an agency row is about, as the register (or, for a made-up person, the generator) knows them. */
export interface Who {
  family: string;
  middle: string;
  given: string;
  sex: 'male' | 'female';
  /** YYYY-MM-DD */
  dob: string;
  /** 12 digits */
  pid: string;
  oldIds: readonly string[];
  phone: string;
  unit: UnitNames | undefined;
  house: string;
}

/** A value of a dataset cell: text, or (in XLSX) a date or a number cell. */
export type Cell = string | { date: string } | { number: number };

/** The identity cells of one row, as the agency typed them. */
export interface IdentityCells {
  name: string;
  dob: string;
  sex: string;
  id: Cell;
  phone: string;
  address: string;
}

/** How an agency writes by habit, whatever the noise level (bank systems: capitals without diacritics). */
export interface KindStyle {
  plainUpper: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function typeName(rng: Rng, who: Who, r: NoiseRates, plain: boolean): string {
  let family = who.family;
  if (rng.chance(r.familyVariant)) family = FAMILY_VARIANTS[family] ?? family;
  const words = [
    family,
    ...(rng.chance(r.middleDropped) ? [] : who.middle.split(' ').filter(Boolean)),
    ...who.given.split(' '),
  ];
  if (rng.chance(r.oldTone))
    for (let i = 0; i < words.length; i++) words[i] = oldTonePlacement(words[i] as string);
  if (rng.chance(r.typo)) {
    const i = rng.int(words.length);
    words[i] = typo(rng, words[i] as string);
  }
  const leftover = oneOf(rng, [
    ['telex', r.telex],
    ['vni', r.vni],
  ] as const);
  if (leftover) {
    const marked = words.map((w, i) => [w, i] as const).filter(([w]) => w !== stripDiacritics(w));
    if (marked.length > 0) {
      const [w, i] = rng.pick(marked);
      const method = leftover === 'telex' ? 'telex' : rng.chance(0.5) ? 'vni' : 'viqr';
      words[i] = keyboardLeftover(w, method, rng.chance(0.7));
    }
  }
  let name = words.join(' ');
  if (plain) name = stripDiacritics(name);
  if (rng.chance(r.upper)) name = name.toUpperCase();
  if (rng.chance(r.decomposed)) name = name.normalize('NFD');
  if (rng.chance(r.spacing)) name = rng.chance(0.5) ? ` ${name.replace(' ', '  ')}` : `${name} `;
  return name;
}

/** A birth date the register holds in part ('1950', '1950-07') made whole for date arithmetic. */
export const wholeDate = (dob: string): string =>
  dob.length === 4 ? `${dob}-07-01` : dob.length === 7 ? `${dob}-15` : dob;

function typeDob(rng: Rng, dob: string, r: NoiseRates): string {
  if (dob.length < 10) {
    // The register itself knows only the year, or month and year.
    if (rng.chance(r.dobMissing)) return '';
    return dob.length === 4 ? dob : `${dob.slice(5, 7)}/${dob.slice(0, 4)}`;
  }
  const y = Number(dob.slice(0, 4));
  let m = Number(dob.slice(5, 7));
  let d = Number(dob.slice(8, 10));
  const form = oneOf(rng, [
    ['d/m/y', 0.1],
    ['y-m-d', 0.1],
    ['dd-mm-y', 0.1],
  ] as const);
  let year = String(y);
  switch (
    oneOf(rng, [
      ['swap', r.dobSwap],
      ['year', r.dobYear],
      ['monthYear', r.dobMonthYear],
      ['typo', r.dobTypo],
      ['missing', r.dobMissing],
    ] as const)
  ) {
    case 'missing':
      return '';
    case 'year':
      return year;
    case 'monthYear':
      return `${pad2(m)}/${year}`;
    case 'swap':
      [d, m] = [m, d];
      break;
    case 'typo':
      if (rng.chance(0.5)) year = year.slice(0, 2) + digitTypo(rng, year.slice(2));
      else d = Number(digitTypo(rng, pad2(d)));
      break;
    default:
  }
  if (form === 'd/m/y') return `${d}/${m}/${year}`;
  if (form === 'y-m-d') return `${year}-${pad2(m)}-${pad2(d)}`;
  if (form === 'dd-mm-y') return `${pad2(d)}-${pad2(m)}-${year}`;
  return `${pad2(d)}/${pad2(m)}/${year}`;
}

function typeId(rng: Rng, who: Who, r: NoiseRates, xlsx: boolean): Cell {
  switch (
    oneOf(rng, [
      ['missing', r.idMissing],
      ['old', r.idOld],
      ['lostZero', r.idLostZero],
      ['transpose', r.idTranspose],
      ['typo', r.idTypo],
    ] as const)
  ) {
    case 'missing':
      return '';
    case 'old':
      return who.oldIds.length > 0 ? rng.pick(who.oldIds) : who.pid;
    case 'lostZero':
      return xlsx ? { number: Number(who.pid) } : lostZeros(who.pid);
    case 'transpose':
      return transposeDigits(rng, who.pid);
    case 'typo':
      return digitTypo(rng, who.pid);
    default:
      return who.pid;
  }
}

/** A national mobile number, 0 and nine digits. */
export const drawPhone = (rng: Rng): string =>
  `0${rng.pick(['32', '33', '34', '35', '36', '37', '38', '39', '70', '76', '77', '78', '79', '81', '83', '84', '85', '86', '88', '89', '90', '91', '93', '94', '96', '97', '98'])}${String(rng.int(10_000_000)).padStart(7, '0')}`;

function typePhone(rng: Rng, who: Who, r: NoiseRates): string {
  const kind = oneOf(rng, [
    ['missing', r.phoneMissing],
    ['changed', r.phoneChanged],
  ] as const);
  if (kind === 'missing') return '';
  const p = kind === 'changed' ? drawPhone(rng) : who.phone;
  switch (rng.int(6)) {
    case 0:
      return `+84${p.slice(1)}`;
    case 1:
      return `${p.slice(0, 4)}.${p.slice(4, 7)}.${p.slice(7)}`;
    case 2:
      return `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}`;
    default:
      return p;
  }
}

function typeAddress(rng: Rng, who: Who, r: NoiseRates, plain: boolean): string {
  if (!who.unit || rng.chance(r.addressMissing)) return '';
  let parts = rng.chance(r.addressOld) ? who.unit.old : who.unit.now;
  if (rng.chance(r.addressAbbreviated)) parts = parts.map(abbreviateUnit);
  const text = [...(rng.chance(0.8) ? [who.house] : []), ...parts].join(', ');
  return plain ? stripDiacritics(text) : text;
}

/**
 * The identity cells of one row, typed with the noise of `rates`: the name, birth date, sex,
 * ID number, phone and address, each with its own errors (see NOISE). `style` is the
 * agency's habit (a bank's capitals without diacritics).
 */
export function typeIdentity(
  rng: Rng,
  who: Who,
  rates: NoiseRates,
  style: KindStyle,
  xlsx: boolean,
): IdentityCells {
  const plain = rng.chance(rates.noDiacritics);
  const habit = rng.chance(style.plainUpper);
  let name = typeName(rng, who, rates, plain || habit);
  if (habit) name = name.toUpperCase();
  const sexKind = oneOf(rng, [
    ['missing', rates.sexMissing],
    ['wrong', rates.sexWrong],
  ] as const);
  const male = sexKind === 'wrong' ? who.sex !== 'male' : who.sex === 'male';
  const sex = sexKind === 'missing' ? '' : male ? 'Nam' : plain || habit ? 'Nu' : 'Nữ';
  return {
    name,
    dob: typeDob(rng, who.dob, rates),
    sex,
    id: typeId(rng, who, rates, xlsx),
    phone: typePhone(rng, who, rates),
    address: typeAddress(rng, who, rates, plain || habit),
  };
}
