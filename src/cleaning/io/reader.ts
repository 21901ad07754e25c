import type { RawRow } from '../types.js';

/** What each format's reader gives the dataset opener: headers read, rows still to come. */
export interface FormatReader {
  headers: string[];
  /** a header row (or, for JSON Lines, a first object) was found */
  headerFound: boolean;
  rows: AsyncGenerator<RawRow>;
  /** data records met so far, rejected ones included */
  records(): number;
  close(): Promise<void>;
}

/**
 * Header names as row keys: trimmed, an empty one named `column_<n>` (1-based), a repeated
 * one suffixed ` (2)`, ` (3)`…
 *
 * @example uniqueHeaders(['Tên', '', 'Tên']) // ['Tên', 'column_2', 'Tên (2)']
 */
export function uniqueHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const base = raw.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/**
 * A number as plain text without scientific notation where possible: 1.23e+11 →
 * "123000000000", 1e-7 → "0.0000001".
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date as ISO text: `YYYY-MM-DD`, with `THH:MM:SS` when it has a time of day (read as UTC). */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${day}T${pad(h)}:${pad(m)}:${pad(s)}` : day;
}
