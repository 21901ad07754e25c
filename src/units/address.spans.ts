import type { Word } from './fold.js';
import { named, toneOf, type UnitEntry, type UnitIndex } from './units.cache.js';
import type { UnitLevel } from './units.repo.js';

/*
 * The parser's vocabulary and its one lookup: which units a run of words can name.
 */

/** Kind words (folded) by level, with the kind they name. */
export const KIND_WORDS: Record<UnitLevel, [string, string][]> = {
  province: [
    ['tinh', 'tỉnh'],
    ['thanh pho', 'thành phố'],
    ['tp', 'thành phố'],
  ],
  district: [
    ['quan', 'quận'],
    ['q', 'quận'],
    ['huyen', 'huyện'],
    ['h', 'huyện'],
    ['thi xa', 'thị xã'],
    ['tx', 'thị xã'],
    ['thanh pho', 'thành phố'],
    ['tp', 'thành phố'],
  ],
  commune: [
    ['xa', 'xã'],
    ['x', 'xã'],
    ['phuong', 'phường'],
    ['p', 'phường'],
    ['f', 'phường'],
    ['thi tran', 'thị trấn'],
    ['tt', 'thị trấn'],
    ['dac khu', 'đặc khu'],
  ],
};
/** Words that, at the start of a segment of the unexplained rest, say a unit was not understood. */
/** Kind words that name a unit wherever they stand. */
export const STRONG_UNIT_WORDS = new Set(['xa', 'phuong', 'quan', 'huyen', 'tp', 'tx', 'tt']);
export const UNIT_WORDS = new Set([
  ...['xa', 'phuong', 'quan', 'huyen', 'tinh', 'thi', 'thanh', 'dac'],
  ...['p', 'q', 'x', 'h', 'f', 'tt', 'tx', 'tp'],
]);
const MAX_SPAN = 8;

export interface Hit {
  entry: UnitEntry;
  start: number;
  factor: number;
}

/**
 * Units named by the words ending just before `end`, looked up in `scopes`. A span is an
 * optional kind word (xã, p., tp, …) and a name; bare names of districts and communes
 * must start a segment, bare numbers never match ("ngõ 12" is not Phường 12).
 */
export function spansEndingAt(
  w: Word[],
  end: number,
  level: UnitLevel,
  scopes: string[],
  idx: UnitIndex,
): Hit[] {
  const hits: Hit[] = [];
  // A text written with diacritics means them: "Sa Pa" there is not "Sa Pả".
  const marked = w.some((x) => x.marked);
  for (let len = 1; len <= MAX_SPAN && end - len >= 0; len++) {
    const start = end - len;
    if (w[start]!.seg !== w[end - 1]!.seg) break;
    const span = w.slice(start, end);
    const options: { kind?: string; name: Word[] }[] = [{ name: span }];
    for (const [phrase, kind] of KIND_WORDS[level]) {
      const n = phrase.split(' ').length;
      if (n < span.length && startsWith(span, 0, phrase)) options.push({ kind, name: span.slice(n) });
    }
    for (const opt of options) {
      const folded = opt.name.map((x) => x.fold).join(' ');
      if (!opt.kind) {
        if (/^[0-9 ]+$/.test(folded)) continue;
        if (level !== 'province' && !span[0]!.afterBreak) continue;
      }
      const tone = opt.name.map((x) => x.tone).join(' ');
      const found: Hit[] = [];
      for (const scope of scopes) {
        for (const entry of named(idx, scope, folded)) {
          let factor = 1;
          if (opt.kind) factor *= opt.kind === entry.kind ? 1 : level === 'province' ? 0.95 : 0.75;
          else if (level !== 'province') factor *= 0.92;
          if (marked && folded === entry.search && tone !== toneOf(entry)) factor *= 0.85;
          found.push({ entry, start, factor });
        }
      }
      // Several equally good units of one era under one name: the reading is ambiguous.
      for (const h of found) {
        const rivals = found.filter((o) => o.entry.unit.era === h.entry.unit.era && o.factor >= h.factor);
        hits.push(rivals.length > 1 ? { ...h, factor: h.factor * 0.95 } : h);
      }
    }
  }
  return hits;
}

/** Whether the words at `start` begin with a kind word of `level`. */
export const isKindSpan = (w: Word[], start: number, level: UnitLevel) =>
  KIND_WORDS[level].some(([phrase]) => startsWith(w, start, phrase));

const startsWith = (w: Word[], start: number, phrase: string) =>
  phrase.split(' ').every((x, i) => w[start + i]?.fold === x);
