/**
 * Person names: NFC with one tone-mark placement, input-method leftovers repaired, split
 * into family, middle and given name (Vietnamese order: family first, given last), and
 * folded for comparison (lower case, no diacritics, đ → d).
 */
import { repairNameWords } from './input-methods.js';
import { placeTone } from './syllable.js';

const MARKS = /\p{M}/gu;

/** Folds a word or name for comparison: lower case, no diacritics, đ → d, no apostrophes. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/[đð]/g, 'd')
    .replace(/['’‘`]/g, '');
}

/** True when the text carries any Vietnamese diacritic (or đ). */
export const hasDiacritics = (text: string) => /[đĐ]/.test(text) || /\p{M}/u.test(text.normalize('NFD'));

/**
 * Variant classes of family names that are one name written two ways: Hoàng/Huỳnh and
 * Vũ/Võ (the southern forms go back to a naming taboo of the Nguyễn lords).
 */
const SURNAME_CLASS: Record<string, string> = { huynh: 'hoang', vo: 'vu' };

/** The variant class of a folded family name (huynh → hoang, vo → vu, others unchanged). */
export const surnameClass = (folded: string) => SURNAME_CLASS[folded] ?? folded;

export interface NameOptions {
  /** repair Telex/VNI/VIQR leftovers (Vietnamese data); default true */
  repairInput?: boolean;
}

/** Upper-case first letter, also after an apostrophe (H'Hen). */
const capitalise = (w: string) =>
  w.toLowerCase().replace(/(^|['’])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

const wordCache = new Map<string, string>();

/** One word in its canonical written form: NFC, tone on the canonical vowel, capitalised. */
function canonicalWord(word: string): string {
  let hit = wordCache.get(word);
  if (hit === undefined) {
    hit = capitalise(placeTone(word));
    if (wordCache.size > 200_000) wordCache.clear();
    wordCache.set(word, hit);
  }
  return hit;
}

/**
 * The words of a written name in canonical form: NFC, one tone placement, input-method
 * leftovers repaired, capitalised; punctuation and digits dropped, hyphens split words.
 *
 * @example
 *   nameWords('NGUYỄN  thị hoà') // ['Nguyễn', 'Thị', 'Hòa']
 *   nameWords('Nguyeenx Vawn Hungf') // ['Nguyễn', 'Văn', 'Hùng']
 */
export function nameWords(text: string, opts: NameOptions = {}): string[] {
  const raw = text
    .normalize('NFC')
    .split(/[\s,;/\\|_\-–—()"]+/u)
    .filter((w) => w.length > 0);
  const repaired = opts.repairInput === false ? raw : repairNameWords(raw);
  return repaired
    .map((w) => w.replace(/[^\p{L}\p{M}'’]/gu, '').replace(/^['’]+|['’]+$/g, ''))
    .filter((w) => /\p{L}/u.test(w))
    .map(canonicalWord);
}

/** A name split into its parts, in canonical written form (empty string when absent). */
export interface NameParts {
  family: string;
  middle: string;
  given: string;
}

/**
 * Splits name words Vietnamese-style: the first word is the family name, the last the
 * given name, the rest the middle name. One word is a given name alone.
 *
 * @example
 *   splitName(['Nguyễn', 'Thị', 'Lan', 'Anh']) // { family: 'Nguyễn', middle: 'Thị Lan', given: 'Anh' }
 */
export function splitName(words: string[]): NameParts {
  if (words.length === 0) return { family: '', middle: '', given: '' };
  if (words.length === 1) return { family: '', middle: '', given: words[0]! };
  return {
    family: words[0]!,
    middle: words.slice(1, -1).join(' '),
    given: words[words.length - 1]!,
  };
}

/** The name fields of a PersonRecord, built from a name's canonical words. */
export interface NameFields {
  family?: string;
  familyClass?: string;
  middle?: string;
  given?: string;
  full?: string;
  familyExact?: string;
  middleExact?: string;
  givenExact?: string;
}

/**
 * Name fields for comparison from the canonical words of a full name (family first).
 * The `…Exact` forms (lower-case, with diacritics) are set only when the name was written
 * with diacritics (`accented`; pass the test of the text as typed, before input-method
 * repairs): a name typed without them cannot disagree on them.
 */
export function nameFields(words: string[], accented = words.some((w) => hasDiacritics(w))): NameFields {
  const parts = splitName(words);
  const out: NameFields = {};
  if (words.length === 0) return out;
  const set = (key: 'family' | 'middle' | 'given', value: string) => {
    if (!value) return;
    out[key] = fold(value);
    if (accented) out[`${key}Exact`] = value.toLowerCase();
  };
  set('family', parts.family);
  set('middle', parts.middle);
  set('given', parts.given);
  if (out.family) out.familyClass = surnameClass(out.family);
  out.full = words.map(fold).join(' ');
  return out;
}
