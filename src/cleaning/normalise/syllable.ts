/**
 * Vietnamese syllables: where the tone mark sits, and whether a string of letters can be
 * a syllable at all. One placement is kept (the "classic" one the register uses: hòa,
 * thủy, khỏe); "hoà", "thuỷ" and "khoẻ" are moved to it.
 */

/** Combining tone marks: grave, acute, tilde, hook above, dot below. */
export const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
/** Combining vowel-quality marks: circumflex, breve, horn. */
const QUALITY = new Set(['\u0302', '\u0306', '\u031b']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

const ONSETS = new Set(
  'b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x'.split(' ').concat(['']),
);
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
/** Vowel clusters of Vietnamese, written with their quality marks (NFC, no tone). */
const NUCLEI = new Set(
  (
    'a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ' +
    'ươ ưu yê iêu oai oay oeo uây uôi ươi ươu uya uyê uyu yêu'
  ).split(' '),
);

/** One letter of a word: its base letter (lower case, NFD base), its quality mark, its original case. */
interface Letter {
  base: string;
  quality: string;
  upper: boolean;
}

/** Splits a word into letters and its tone marks. `null` when it holds something else than letters. */
function lettersOf(word: string): { letters: Letter[]; tones: string[] } | null {
  const letters: Letter[] = [];
  const tones: string[] = [];
  for (const ch of word.normalize('NFD')) {
    if (TONES.has(ch)) tones.push(ch);
    else if (QUALITY.has(ch)) {
      const last = letters[letters.length - 1];
      if (!last || last.quality) return null;
      last.quality = ch;
    } else if (/\p{L}/u.test(ch)) {
      const lower = ch.toLowerCase();
      letters.push({ base: lower, quality: '', upper: lower !== ch });
    } else return null;
  }
  return { letters, tones };
}

/** The syllable structure of a word: onset, nucleus (vowel cluster) and final, as index ranges. */
function structure(letters: Letter[]): { start: number; end: number } | null {
  const isVowel = (l: Letter | undefined) => l !== undefined && VOWELS.has(l.base);
  let start = letters.findIndex(isVowel);
  if (start < 0) return null;
  let end = start;
  while (isVowel(letters[end])) end++;
  if (letters.slice(end).some(isVowel)) return null; // two vowel runs: not one syllable
  const b = (i: number) => letters[i]?.base;
  // "qu" and "gi" before another vowel belong to the onset.
  if (end - start > 1 && b(start) === 'u' && b(start - 1) === 'q' && start === 1) start++;
  else if (
    end - start > 1 &&
    b(start) === 'i' &&
    !letters[start]!.quality &&
    b(start - 1) === 'g' &&
    start === 1
  )
    start++;
  return { start, end };
}

/** Where the tone mark goes among the nucleus letters `start..end` (classic placement). */
function tonePosition(letters: Letter[], start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (letters[i]!.quality) return i;
  if (end < letters.length) return end - 1; // closed syllable: last vowel (hoàng, quỳnh)
  const n = end - start;
  if (n >= 3) return start + 1; // oai, uyu: the middle one
  return start; // open: the first (hòa, thủy, mùa, tài)
}

const compose = (letters: Letter[], tone: string, at: number) =>
  letters
    .map((l, i) => `${l.upper ? l.base.toUpperCase() : l.base}${l.quality}${i === at ? tone : ''}`)
    .join('')
    .normalize('NFC');

/**
 * One word with its tone mark on the canonical vowel; other text unchanged (NFC).
 *
 * @example
 *   placeTone('Hoà') // 'Hòa'
 *   placeTone('THUỶ') // 'THỦY'
 */
export function placeTone(word: string): string {
  const parsed = lettersOf(word);
  if (parsed?.tones.length !== 1) return word.normalize('NFC');
  const s = structure(parsed.letters);
  if (!s) return word.normalize('NFC');
  return compose(parsed.letters, parsed.tones[0]!, tonePosition(parsed.letters, s.start, s.end));
}

/**
 * Builds a syllable from base letters with quality marks (NFC, no tone) and a tone mark,
 * placing the tone canonically. `null` when the letters are not a Vietnamese syllable.
 */
export function buildSyllable(plain: string, tone: string): string | null {
  const parsed = lettersOf(plain);
  if (!parsed || parsed.tones.length > 0 || !isSyllableLetters(parsed.letters)) return null;
  const s = structure(parsed.letters)!;
  return compose(parsed.letters, tone, tone ? tonePosition(parsed.letters, s.start, s.end) : -1);
}

function isSyllableLetters(letters: Letter[]): boolean {
  const s = structure(letters);
  if (!s) return false;
  const str = (from: number, to: number) =>
    letters
      .slice(from, to)
      .map((l) => l.base + l.quality)
      .join('')
      .normalize('NFC');
  const onset = str(0, s.start);
  const nucleus = str(s.start, s.end);
  const final = str(s.end, letters.length);
  return ONSETS.has(onset) && NUCLEI.has(nucleus) && FINALS.has(final);
}

/** True if `word` (any case, tone or not) is a possible Vietnamese syllable. */
export function isSyllable(word: string): boolean {
  const parsed = lettersOf(word);
  return parsed !== null && parsed.tones.length <= 1 && isSyllableLetters(parsed.letters);
}
