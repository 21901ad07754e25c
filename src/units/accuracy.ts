import type { Db } from '../db/index.js';
import type { Unit } from './units.cache.js';
import { listUnits, parseAddress } from './units.service.js';

/** How a generated address is written. */
export interface Style {
  abbreviate: boolean;
  ascii: boolean;
  case: 'as-is' | 'lower' | 'upper';
  separator: string;
  fullProvince: boolean;
}

const ABBREVIATIONS: Record<string, string> = {
  xã: 'X.',
  phường: 'P.',
  'thị trấn': 'TT.',
  quận: 'Q.',
  huyện: 'H.',
  'thị xã': 'TX.',
  'thành phố': 'TP.',
};

const stripMarks = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');

/**
 * Writes "<kind> <name>, <district>, <province>" for a chain of units (most specific first)
 * in a given style; the province is written by name or full name.
 */
export function renderAddress(chain: Unit[], s: Style): string {
  const parts = chain.map((u, i) => {
    if (i === chain.length - 1) return s.fullProvince ? u.fullName : u.name;
    const kind = u.fullName.slice(0, u.fullName.length - u.name.length).trim();
    const abbr = ABBREVIATIONS[kind.toLowerCase()];
    return s.abbreviate && abbr ? `${abbr}${u.name}` : u.fullName;
  });
  let text = parts.join(s.separator);
  if (s.ascii) text = stripMarks(text);
  if (s.case === 'lower') text = text.toLowerCase();
  if (s.case === 'upper') text = text.toUpperCase();
  return text;
}

/** Share of units whose generated address parses back to them as the best reading. */
export interface AccuracyFigure {
  units: number;
  /** the best reading is the unit */
  top1: number;
  /** the unit is the best reading or tied with it (ASCII twins such as Minh Quán / Minh Quân) */
  top1OrTied: number;
}

/**
 * Parses every commune of both eras (or every `step`-th) written two ways (official full
 * names; lowercase ASCII with abbreviations, no commas) and counts how often the best
 * reading is the unit. `dancu units accuracy` prints it for the imported lists.
 */
export async function measureAccuracy(db: Db, step = 1): Promise<Record<string, AccuracyFigure>> {
  const pre = await listUnits(db, { era: 'pre2025' });
  const neu = await listUnits(db, { era: '2025' });
  const byCode = new Map([...pre, ...neu].map((u) => [`${u.era}:${u.code}`, u]));
  const chainOf = (u: Unit) => {
    const chain = [u];
    if (u.parentCode) chain.push(byCode.get(`${u.era}:${u.parentCode}`)!);
    if (u.era === 'pre2025') chain.push(byCode.get(`${u.era}:${u.provinceCode}`)!);
    return chain;
  };
  const styles: Record<string, Style> = {
    official: { abbreviate: false, ascii: false, case: 'as-is', separator: ', ', fullProvince: true },
    asciiAbbreviated: { abbreviate: true, ascii: true, case: 'lower', separator: ' ', fullProvince: false },
  };
  const out: Record<string, AccuracyFigure> = {};
  for (const [era, units] of [
    ['pre2025', pre],
    ['2025', neu],
  ] as const) {
    const communes = units.filter((u, i) => u.level === 'commune' && i % step === 0);
    for (const [name, style] of Object.entries(styles)) {
      let hits = 0;
      let tied = 0;
      for (const u of communes) {
        const matches = await parseAddress(db, renderAddress(chainOf(u), style));
        const top = matches[0]?.confidence;
        const at = matches.findIndex((m) => m.era === u.era && m.unit.code === u.code);
        if (at === 0) hits++;
        if (at >= 0 && matches[at]!.confidence === top) tied++;
      }
      const share = (n: number) => Math.round((n / communes.length) * 10000) / 10000;
      out[`${era}/${name}`] = { units: communes.length, top1: share(hits), top1OrTied: share(tied) };
    }
  }
  return out;
}
