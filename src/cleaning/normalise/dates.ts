/**
 * Dates of birth as agencies write them: "12/03/1990", "12-3-90", "1990-03-12",
 * "19900312", "03/1990", "1990", "ngày 12 tháng 3 năm 1990", Excel serial numbers, with
 * a time part or not. Day first, as in Vietnam; a date that is only valid month first
 * (03/25/1990) is read that way. Impossible dates (31/02/1990) are problems, not dates.
 */
import type { PartialDate } from '../types.js';

export type DateResult = { date: PartialDate } | { problem: { code: string; reason: string } };

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 && leap(y) ? 29 : (DAYS[m - 1] ?? 0));

/** Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was. */
function fromExcelSerial(serial: number): PartialDate {
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

const invalid = (reason: string): DateResult => ({ problem: { code: 'date.invalid', reason } });

export interface DateOptions {
  /** the day dates are judged against (future dates are problems); default today */
  today?: Date;
  /** earliest plausible year; default 1880 */
  minYear?: number;
}

function check(date: PartialDate, text: string, opts: DateOptions): DateResult {
  const today = opts.today ?? new Date();
  const ty = today.getUTCFullYear();
  if (date.y < (opts.minYear ?? 1880)) return invalid(`"${text}": the year ${date.y} is too early`);
  if (date.m !== undefined && (date.m < 1 || date.m > 12))
    return invalid(`"${text}": there is no month ${date.m}`);
  if (date.d !== undefined && date.m !== undefined && (date.d < 1 || date.d > daysIn(date.y, date.m)))
    return invalid(`"${text}": ${date.m}/${date.y} has no day ${date.d}`);
  const tm = today.getUTCMonth() + 1;
  const future =
    date.y > ty ||
    (date.y === ty &&
      date.m !== undefined &&
      (date.m > tm || (date.m === tm && (date.d ?? 0) > today.getUTCDate())));
  if (future) return { problem: { code: 'date.future', reason: `"${text}" is in the future` } };
  return { date };
}

/** A two-digit year: the latest year ending so that is not in the future. */
function fullYear(yy: number, today: Date): number {
  const ty = today.getUTCFullYear();
  const y = Math.floor(ty / 100) * 100 + yy;
  return y > ty ? y - 100 : y;
}

/** Day and month read day first, or month first when only that is a valid date. */
function dayMonth(a: number, b: number, y: number, text: string, opts: DateOptions): DateResult {
  const valid = (d: number, m: number) => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
  if (!valid(a, b) && valid(b, a)) return check({ y, m: a, d: b }, text, opts);
  const date: PartialDate = { y, m: b, d: a };
  if (a !== b && a <= 12 && b <= 12) date.ambiguous = true;
  return check(date, text, opts);
}

type Reader = (g: string[], raw: string, opts: DateOptions, today: Date) => DateResult | undefined;

/** Date forms, tried in order; a reader may pass (undefined) to let the next one try. */
const PATTERNS: [RegExp, Reader][] = [
  [
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
    (g, raw, o) => check({ y: +g[0]!, m: +g[1]!, d: +g[2]! }, raw, o),
  ],
  [
    /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})$/,
    (g, raw, o, today) =>
      dayMonth(+g[0]!, +g[1]!, g[2]!.length === 2 ? fullYear(+g[2]!, today) : +g[2]!, raw, o),
  ],
  [/^(\d{4})[-/.](\d{1,2})$/, (g, raw, o) => check({ y: +g[0]!, m: +g[1]! }, raw, o)],
  [/^(\d{1,2})[-/.](\d{4})$/, (g, raw, o) => check({ y: +g[1]!, m: +g[0]! }, raw, o)],
  [/^(\d{4})$/, (g, raw, o) => check({ y: +g[0]! }, raw, o)],
  // eight digits: YYYYMMDD when it starts like a year and reads as a date, else DDMMYYYY
  [
    /^(19|20)(\d{2})(\d{2})(\d{2})$/,
    (g, raw, o) => {
      const r = check({ y: +(g[0]! + g[1]!), m: +g[2]!, d: +g[3]! }, raw, o);
      return 'date' in r ? r : undefined;
    },
  ],
  [/^(\d{2})(\d{2})(\d{4})$/, (g, raw, o) => dayMonth(+g[0]!, +g[1]!, +g[2]!, raw, o)],
  [/^(\d{5})(\.0+)?$/, (g, raw, o) => (+g[0]! > 60 ? check(fromExcelSerial(+g[0]!), raw, o) : undefined)],
];

/**
 * Reads a date of birth. An empty text gives neither date nor problem (`undefined`).
 *
 * @example
 *   parseDate('12/03/1990') // { date: { y: 1990, m: 3, d: 12, ambiguous: true } }
 *   parseDate('03/1990') // { date: { y: 1990, m: 3 } }
 *   parseDate('31/02/1990') // { problem: { code: 'date.invalid', … } }
 */
export function parseDate(text: string, opts: DateOptions = {}): DateResult | undefined {
  const today = opts.today ?? new Date();
  const raw = /^[\x20-\x7e]*$/.test(text) ? text.trim() : text.normalize('NFC').trim();
  if (!raw) return undefined;
  // a time part: "1990-03-12T00:00:00Z", "12/03/1990 00:00:00", "1990-03-12 00:00"
  const s = raw.includes(':')
    ? raw.replace(/[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|AM|PM|SA|CH)?$/i, '').trim()
    : raw;
  for (const [re, read] of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const r = read(
      m.slice(1).map((x) => x ?? ''),
      raw,
      opts,
      today,
    );
    if (r) return r;
  }
  // "ngày 12 tháng 3 năm 1990", "tháng 3/1990", "năm 1990"
  const folded = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (/(ngay|thang|nam)\s*\d/.test(folded)) {
    const d = /ngay\s*(\d{1,2})/.exec(folded);
    const mo = /thang\s*(\d{1,2})/.exec(folded);
    const y = /(\d{4})\s*$/.exec(folded) ?? /nam\s*(\d{4})/.exec(folded);
    if (y) {
      const date: PartialDate = { y: +y[1]! };
      if (mo) date.m = +mo[1]!;
      if (mo && d) date.d = +d[1]!;
      return check(date, raw, opts);
    }
  }
  return invalid(`"${raw}" is not a date`);
}

/** A date from the register: "YYYY-MM-DD", "YYYY-MM" or "YYYY". */
export function registerDate(text: string): PartialDate | undefined {
  const [y, m, d] = text.split('-').map(Number);
  if (!y) return undefined;
  const out: PartialDate = { y };
  if (m) out.m = m;
  if (m && d) out.d = d;
  return out;
}

/** ISO form of a partial date ("1990-03-12", "1990-03", "1990"). */
export function formatDate(p: PartialDate): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return p.m === undefined
    ? String(p.y)
    : p.d === undefined
      ? `${p.y}-${two(p.m)}`
      : `${p.y}-${two(p.m)}-${two(p.d)}`;
}
