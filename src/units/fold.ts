/**
 * Folding of Vietnamese text for matching: lowercase, no diacritics, đ → d, one space
 * between words, numbers without leading zeros. Names are stored in NFC with their
 * diacritics; only the search key is folded.
 */

const MARKS = /\p{M}/gu;

/** Folds one word or phrase to its search form. @example foldName('Phường 01, Đan Phượng') === 'phuong 1 dan phuong' */
export function foldName(text: string): string {
  const base = text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(/đ/g, 'd');
  const parts = base.match(/\p{L}+|[0-9]+/gu) ?? [];
  return parts.map((p) => (/^[0-9]+$/.test(p) ? String(Number.parseInt(p, 10)) : p)).join(' ');
}

/**
 * A diacritic-exact key that ignores where the tone mark sits (hoà = hòa, thuỷ = thủy):
 * per word, the base letters and the sorted set of marks.
 */
export function toneKey(text: string): string {
  return words(text)
    .map((w) => w.tone)
    .join(' ');
}

/** One word of an input text, with its place in the original string. */
export interface Word {
  /** folded form */
  fold: string;
  /** diacritic-exact form (see toneKey) */
  tone: string;
  /** whether the original carried any diacritic */
  marked: boolean;
  start: number;
  end: number;
  /** index of the comma/semicolon-separated segment the word is in */
  seg: number;
  /** the word follows a separator (comma, hyphen, dot, bracket) or starts the text */
  afterBreak: boolean;
}

const HARD = /[,;\n\r|/()[\]{}]/;
const SOFT = /[-–—.:]/;

function wordKey(raw: string): { fold: string; tone: string; marked: boolean } {
  const nfd = raw.normalize('NFD').toLowerCase();
  const base = nfd.replace(MARKS, '');
  const marks = [...nfd.matchAll(MARKS)].map((m) => m[0]).sort();
  const fold = base.replace(/đ/g, 'd');
  const number = /^[0-9]+$/.test(fold) ? String(Number.parseInt(fold, 10)) : fold;
  return { fold: number, tone: `${base}${marks.join('')}`, marked: marks.length > 0 || base.includes('đ') };
}

/**
 * Splits a text into words: letters and digits; apostrophes join nothing (H'Leo = H Leo);
 * a letter run followed by digits is split (q1 → q 1, p.12 → p 12).
 */
export function words(text: string): Word[] {
  const out: Word[] = [];
  const s = text.normalize('NFC');
  let seg = 0;
  let brk = true;
  const re = /[\p{L}\p{M}]+|[0-9]+|[^\p{L}\p{M}0-9]/gu;
  for (const m of s.matchAll(re)) {
    const tok = m[0];
    const start = m.index ?? 0;
    if (/^[\p{L}\p{M}0-9]/u.test(tok)) {
      const k = wordKey(tok);
      out.push({ ...k, start, end: start + tok.length, seg, afterBreak: brk });
      brk = false;
    } else if (HARD.test(tok)) {
      seg++;
      brk = true;
    } else if (SOFT.test(tok)) {
      brk = true;
    }
  }
  return out;
}

/** Search keys for a name: its folded form, and for H' Neng / Lâm Viên - Đà Lạt the joined variants. */
export function nameKeys(name: string, folded = foldName(name)): string[] {
  if (!/[-'’‘`]/.test(name)) return folded ? [folded] : [];
  const keys = new Set([folded, foldName(name.replace(/['’‘`]\s*/g, ''))]);
  return [...keys].filter((k) => k.length > 0);
}
