/**
 * Leftovers of Vietnamese input methods typed where the keyboard driver was off: Telex
 * ("Nguyeenx", "Vawn", "Hungf"), VNI ("Nguye64n", "Hu7ng") and VIQR ("Nguye^~n").
 * A word is repaired only when the result is a Vietnamese syllable and the word as typed
 * is not one; Telex (whose marks are ordinary letters) only when the name is otherwise
 * Vietnamese (see repairNameWords), so "John Lee" stays as it is.
 */
import { buildSyllable, isSyllable } from './syllable.js';

const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031b';
const TONE_OF: Record<string, string> = {
  s: '\u0301',
  f: '\u0300',
  r: '\u0309',
  x: '\u0303',
  j: '\u0323',
  '1': '\u0301',
  '2': '\u0300',
  '3': '\u0309',
  '4': '\u0303',
  '5': '\u0323',
  "'": '\u0301',
  '`': '\u0300',
  '?': '\u0309',
  '~': '\u0303',
  '.': '\u0323',
};
const VOWEL = /[aeiouy]/;
const VIQR_TONES = "'`?~.";

interface L {
  base: string;
  quality: string;
}

const plainOf = (letters: L[]) => letters.map((l) => l.base + l.quality).join('');

/** Gives `word` the case pattern of `like` (all caps, capitalised, or lower). */
function caseLike(like: string, word: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] && like[0] !== like[0].toLowerCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** Applies a quality mark to the vowel that takes it: the letter before `at`, else the vowel run. */
function mark(letters: L[], at: number, quality: string): boolean {
  const takes = (l: L | undefined) =>
    l !== undefined &&
    !l.quality &&
    (quality === CIRCUMFLEX ? /[aeo]/ : quality === BREVE ? /a/ : /[ou]/).test(l.base);
  const horn = (i: number) => {
    // "uo" takes the horn on both letters (ươ)
    letters[i]!.quality = HORN;
    if (letters[i]!.base === 'o' && letters[i - 1]?.base === 'u' && !letters[i - 1]!.quality)
      letters[i - 1]!.quality = HORN;
    return true;
  };
  if (takes(letters[at - 1])) {
    if (quality === HORN) return horn(at - 1);
    letters[at - 1]!.quality = quality;
    return true;
  }
  for (let i = letters.length - 1; i >= 0; i--) {
    if (!takes(letters[i])) continue;
    if (quality === HORN) return horn(i);
    letters[i]!.quality = quality;
    return true;
  }
  return false;
}

function finish(word: string, letters: L[], tone: string): string | null {
  const built = buildSyllable(plainOf(letters).normalize('NFC'), tone);
  return built === null ? null : caseLike(word, built);
}

/** Telex: "Nguyeenx" → "Nguyễn". `null` when `word` is not Telex for a syllable. */
export function fromTelex(word: string): string | null {
  const lower = word.toLowerCase();
  if (!/^[a-z]+$/.test(lower) || isSyllable(lower)) return null;
  const firstVowel = lower.search(VOWEL);
  const toneAt: number[] = [-1];
  for (let k = lower.length - 1; k > Math.max(firstVowel, 0); k--)
    if ('sfrxj'.includes(lower[k]!)) toneAt.push(k);
  toneAt.push(toneAt.shift()!); // try a tone letter first, no tone last
  for (const k of toneAt) {
    const rest = k < 0 ? lower : lower.slice(0, k) + lower.slice(k + 1);
    const letters: L[] = [];
    let touched = k >= 0;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i]!;
      const prev = letters[letters.length - 1];
      if (c === 'd' && i === 1 && prev?.base === 'd') {
        prev.base = 'đ';
        touched = true;
      } else if (c === 'w') {
        touched = true;
        const q = prev?.base === 'a' && !prev.quality ? BREVE : HORN;
        if (!mark(letters, letters.length, q) && !(q === HORN && mark(letters, letters.length, BREVE)))
          letters.push({ base: 'u', quality: HORN });
      } else if ((c === 'a' || c === 'e' || c === 'o') && prev?.base === c && !prev.quality) {
        prev.quality = CIRCUMFLEX;
        touched = true;
      } else letters.push({ base: c, quality: '' });
    }
    if (!touched) continue;
    const out = finish(word, letters, k < 0 ? '' : TONE_OF[lower[k]!]!);
    if (out) return out;
  }
  return null;
}

/** VNI: "Nguye64n" → "Nguyễn", "Hu7ng" → "Hưng". `null` when `word` holds no VNI digits. */
export function fromVni(word: string): string | null {
  const lower = word.toLowerCase();
  if (!/^[a-zđ][a-zđ1-9]*$/.test(lower) || !/[1-9]/.test(lower)) return null;
  const letters: L[] = [];
  let tone = '';
  for (const c of lower) {
    if (c >= '1' && c <= '5') {
      if (tone) return null;
      tone = TONE_OF[c]!;
    } else if (c === '6' || c === '7' || c === '8') {
      if (!mark(letters, letters.length, c === '6' ? CIRCUMFLEX : c === '7' ? HORN : BREVE)) return null;
    } else if (c === '9') {
      const d = letters.find((l) => l.base === 'd');
      if (!d) return null;
      d.base = 'đ';
    } else letters.push({ base: c, quality: '' });
  }
  return finish(word, letters, tone);
}

/** VIQR: "Nguye^~n" → "Nguyễn", "Tra(ng" → "Trăng". `null` when `word` holds no VIQR marks. */
export function fromViqr(word: string): string | null {
  const lower = word.toLowerCase();
  if (!/^[a-zđ][a-zđ^(+'`?~.]*$/.test(lower) || !/[a-z][\^(+'`?~.]/.test(lower)) return null;
  const letters: L[] = [];
  let tone = '';
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    const prev = letters[letters.length - 1];
    if (c === '^' || c === '(' || c === '+') {
      const q = c === '^' ? CIRCUMFLEX : c === '(' ? BREVE : HORN;
      if (!prev || !mark(letters, letters.length, q)) return null;
    } else if (VIQR_TONES.includes(c)) {
      // a dot after the last letter is an abbreviation ("Văn A."), not a dot-below tone
      if (c === '.' && i === lower.length - 1 && letters.length < 2) return null;
      if (tone || !prev || !VOWEL.test(prev.base)) return null;
      tone = TONE_OF[c]!;
    } else if (c === 'd' && i === 1 && prev?.base === 'd') prev.base = 'đ';
    else letters.push({ base: c, quality: '' });
  }
  return finish(word, letters, tone);
}

/**
 * Repairs the words of one name. VNI and VIQR words are repaired one by one; Telex only
 * when at least two words are (or become) Vietnamese syllables and at most one is not.
 *
 * @example
 *   repairNameWords(['Nguyeenx', 'Vawn', 'An']) // ['Nguyễn', 'Văn', 'An']
 *   repairNameWords(['John', 'Lee']) // ['John', 'Lee']
 */
export function repairNameWords(words: string[]): string[] {
  const out = words.map((w) => fromVni(w) ?? fromViqr(w) ?? w);
  const telex = out.map((w) => (isSyllable(w) ? w : fromTelex(w)));
  // one word may stay unreadable (a typo: "Đặng Quoocs Phonng"), the rest must be Vietnamese
  const unreadable = telex.filter((w) => w === null).length;
  const readable = telex.length - unreadable;
  if (readable >= 2 && unreadable <= 1 && telex.some((w, i) => w !== null && w !== out[i]))
    return telex.map((w, i) => w ?? out[i]!);
  return out;
}
