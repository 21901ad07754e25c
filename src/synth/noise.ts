/**
 * The errors agency data carries, as small seeded functions: typos, lost diacritics,
 * Telex/VNI/VIQR leftovers of a Vietnamese keyboard that was off, old tone placement,
 * surname variants, swapped and partial dates, ID numbers with lost zeros or transposed
 * digits. `NOISE` holds the rate of each at the three levels; docs/cleaning.md shows the
 * same table (a test keeps the two equal).
 */
import type { Rng } from './prng.js';

export type NoiseLevel = 'light' | 'realistic' | 'heavy';

/** Probabilities, per person or per row as named. Exclusive groups add up to at most 1. */
export interface NoiseRates {
  /** persons: share of persons not in the register */
  madeUp: number;
  /** persons: share of made-up persons that copy a registered neighbour's family name, birth date, sex and address */
  lookalike: number;
  /** rows: a further row of the same person re-typed (else the first row's identity is copied) */
  retyped: number;
  /** rows: every text field typed without diacritics */
  noDiacritics: number;
  /** name: in capitals */
  upper: number;
  /** name: one keyboard typo in one word */
  typo: number;
  /** name: one word left in Telex ("Nguyeenx") */
  telex: number;
  /** name: one word left in VNI ("Nguye6n4") or VIQR ("Nguye^n") */
  vni: number;
  /** name: family name written in its variant (Huỳnh/Hoàng, Võ/Vũ) when it has one */
  familyVariant: number;
  /** name: middle name left out */
  middleDropped: number;
  /** name: old tone placement (Hòa → Hoà, Thủy → Thuỷ) */
  oldTone: number;
  /** name: Unicode decomposed (NFD) */
  decomposed: number;
  /** name: doubled or stray spaces */
  spacing: number;
  /** birth date, one of: day and month swapped */
  dobSwap: number;
  /** … year only */
  dobYear: number;
  /** … month and year only */
  dobMonthYear: number;
  /** … one digit of day or year wrong */
  dobTypo: number;
  /** … missing */
  dobMissing: number;
  /** ID number, one of: missing */
  idMissing: number;
  /** … the old 9-digit number instead of the personal ID number (when the person has one) */
  idOld: number;
  /** … leading zeros lost (a spreadsheet took it for a number) */
  idLostZero: number;
  /** … two neighbouring digits swapped */
  idTranspose: number;
  /** … one digit wrong */
  idTypo: number;
  /** sex, one of: missing, wrong */
  sexMissing: number;
  sexWrong: number;
  /** phone, one of: missing, another number */
  phoneMissing: number;
  phoneChanged: number;
  /** address: missing; else written with pre-2025 unit names; unit words abbreviated */
  addressMissing: number;
  addressOld: number;
  addressAbbreviated: number;
}

export const NOISE: Readonly<Record<NoiseLevel, Readonly<NoiseRates>>> = {
  light: {
    madeUp: 0.03,
    lookalike: 0.2,
    retyped: 0.3,
    noDiacritics: 0.03,
    upper: 0.1,
    typo: 0.01,
    telex: 0.002,
    vni: 0.002,
    familyVariant: 0.002,
    middleDropped: 0.005,
    oldTone: 0.05,
    decomposed: 0.01,
    spacing: 0.02,
    dobSwap: 0.005,
    dobYear: 0.005,
    dobMonthYear: 0.005,
    dobTypo: 0.003,
    dobMissing: 0.003,
    idMissing: 0.03,
    idOld: 0.03,
    idLostZero: 0.02,
    idTranspose: 0.002,
    idTypo: 0.002,
    sexMissing: 0.01,
    sexWrong: 0.001,
    phoneMissing: 0.1,
    phoneChanged: 0.02,
    addressMissing: 0.02,
    addressOld: 0.3,
    addressAbbreviated: 0.1,
  },
  realistic: {
    madeUp: 0.07,
    lookalike: 0.25,
    retyped: 0.5,
    noDiacritics: 0.1,
    upper: 0.2,
    typo: 0.04,
    telex: 0.01,
    vni: 0.01,
    familyVariant: 0.01,
    middleDropped: 0.02,
    oldTone: 0.1,
    decomposed: 0.03,
    spacing: 0.05,
    dobSwap: 0.02,
    dobYear: 0.02,
    dobMonthYear: 0.01,
    dobTypo: 0.01,
    dobMissing: 0.01,
    idMissing: 0.08,
    idOld: 0.08,
    idLostZero: 0.05,
    idTranspose: 0.01,
    idTypo: 0.01,
    sexMissing: 0.03,
    sexWrong: 0.005,
    phoneMissing: 0.2,
    phoneChanged: 0.05,
    addressMissing: 0.05,
    addressOld: 0.5,
    addressAbbreviated: 0.2,
  },
  heavy: {
    madeUp: 0.12,
    lookalike: 0.3,
    retyped: 0.7,
    noDiacritics: 0.25,
    upper: 0.3,
    typo: 0.12,
    telex: 0.03,
    vni: 0.03,
    familyVariant: 0.03,
    middleDropped: 0.05,
    oldTone: 0.15,
    decomposed: 0.05,
    spacing: 0.1,
    dobSwap: 0.05,
    dobYear: 0.05,
    dobMonthYear: 0.03,
    dobTypo: 0.03,
    dobMissing: 0.03,
    idMissing: 0.2,
    idOld: 0.12,
    idLostZero: 0.1,
    idTranspose: 0.03,
    idTypo: 0.03,
    sexMissing: 0.08,
    sexWrong: 0.01,
    phoneMissing: 0.35,
    phoneChanged: 0.1,
    addressMissing: 0.1,
    addressOld: 0.6,
    addressAbbreviated: 0.3,
  },
};

/** One of `options` by its probability, or `undefined` with the probability left over. */
export function oneOf<K extends string>(rng: Rng, options: readonly (readonly [K, number])[]): K | undefined {
  let x = rng.next();
  for (const [k, p] of options) {
    if (x < p) return k;
    x -= p;
  }
  return undefined;
}

// ---- letters ---------------------------------------------------------------------------

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
const TONE_KEYS: Record<string, { telex: string; vni: string; viqr: string }> = {
  '\u0301': { telex: 's', vni: '1', viqr: "'" },
  '\u0300': { telex: 'f', vni: '2', viqr: '`' },
  '\u0309': { telex: 'r', vni: '3', viqr: '?' },
  '\u0303': { telex: 'x', vni: '4', viqr: '~' },
  '\u0323': { telex: 'j', vni: '5', viqr: '.' },
};
/** Letter modifiers: circumflex, breve, horn (on the decomposed base letter), and đ. */
const SHAPE_KEYS: Record<string, { telex: string; vni: string; viqr: string }> = {
  '\u0302': { telex: '*', vni: '6', viqr: '^' },
  '\u0306': { telex: 'w', vni: '8', viqr: '(' },
  '\u031b': { telex: 'w', vni: '7', viqr: '+' },
};

/** Drops every diacritic: "Đặng Thị Ánh" → "Dang Thi Anh". */
export const stripDiacritics = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/**
 * A word as a Vietnamese keyboard method would leave it when it failed to convert:
 * Telex ("Nguyễn" → "Nguyeenx"), VNI ("Nguye6n4") or VIQR ("Nguye^~n"). With `keepTone`
 * false the tone key is lost ("Nguyeen", "Nguye6n", "Nguye^n").
 */
export function keyboardLeftover(word: string, method: 'telex' | 'vni' | 'viqr', keepTone = true): string {
  let out = '';
  let tone = '';
  for (const ch of word.normalize('NFC')) {
    if (ch === 'đ' || ch === 'Đ') {
      out += method === 'vni' ? `${ch === 'đ' ? 'd' : 'D'}9` : `${ch === 'đ' ? 'd' : 'D'}d`;
      continue;
    }
    const parts = [...ch.normalize('NFD')];
    const base = parts[0] as string;
    let letter = base;
    for (const m of parts.slice(1)) {
      if (TONE_MARKS.test(m)) tone = m;
      else if (SHAPE_KEYS[m]) {
        const key = SHAPE_KEYS[m][method];
        letter += method === 'telex' && key === '*' ? base.toLowerCase() : key;
      }
    }
    out += letter;
    if (method === 'viqr' && tone && keepTone && parts.some((m) => TONE_MARKS.test(m)))
      out += TONE_KEYS[tone]?.viqr;
  }
  if (tone && keepTone && method !== 'viqr') out += TONE_KEYS[tone]?.[method];
  return out;
}

/** Old-style tone placement on oa / oe / uy: "Hòa" → "Hoà", "Thủy" → "Thuỷ", "Khỏe" → "Khoẻ". */
export function oldTonePlacement(word: string): string {
  const d = word.normalize('NFD');
  return d
    .replace(/([oO])([\u0300\u0301\u0303\u0309\u0323])([aeAE])$/u, '$1$3$2')
    .replace(/([uU])([\u0300\u0301\u0303\u0309\u0323])([yY])$/u, '$1$3$2')
    .normalize('NFC');
}

/** Well-known family-name variants, each way. */
export const FAMILY_VARIANTS: Readonly<Record<string, string>> = {
  Huỳnh: 'Hoàng',
  Hoàng: 'Huỳnh',
  Võ: 'Vũ',
  Vũ: 'Võ',
};

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const neighbours = (c: string): string => {
  const lower = c.toLowerCase();
  for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
    const row = KEYBOARD_ROWS[r] as string;
    const i = row.indexOf(lower);
    if (i >= 0) return (row[i - 1] ?? '') + (row[i + 1] ?? '');
  }
  return '';
};

/** One keyboard slip in a word: a neighbouring key, a letter lost, doubled, or two swapped. */
export function typo(rng: Rng, word: string): string {
  const chars = [...word.normalize('NFC')];
  if (chars.length < 2) return word;
  const i = rng.int(chars.length);
  const c = chars[i] as string;
  switch (rng.int(4)) {
    case 0: {
      const n = neighbours(stripDiacritics(c));
      if (!n) return typo(rng, word);
      const pick = n[rng.int(n.length)] as string;
      chars[i] = c === c.toUpperCase() ? pick.toUpperCase() : pick;
      break;
    }
    case 1:
      chars.splice(i, 1);
      break;
    case 2:
      chars.splice(i, 0, c.toLowerCase());
      break;
    default: {
      const j = i === chars.length - 1 ? i - 1 : i + 1;
      [chars[i], chars[j]] = [chars[j] as string, c];
    }
  }
  return chars.join('');
}

// ---- numbers ---------------------------------------------------------------------------

/** Two neighbouring, different digits swapped ("0123" → "0213"); unchanged when all digits are equal. */
export function transposeDigits(rng: Rng, digits: string): string {
  const spots: number[] = [];
  for (let i = 0; i + 1 < digits.length; i++) if (digits[i] !== digits[i + 1]) spots.push(i);
  if (spots.length === 0) return digits;
  const i = rng.pick(spots);
  return digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
}

/** One digit replaced by another. */
export function digitTypo(rng: Rng, digits: string): string {
  const i = rng.int(digits.length);
  const d = Number(digits[i]);
  const next = (d + 1 + rng.int(9)) % 10;
  return digits.slice(0, i) + next + digits.slice(i + 1);
}

/** What a spreadsheet leaves of a number that begins with zeros. */
export const lostZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, '');
