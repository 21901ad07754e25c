import type { FieldProblem } from '../shared/errors.js';

/**
 * Dates as the registry keeps them: 'YYYY-MM-DD' strings, possibly partial ('YYYY-MM',
 * 'YYYY'). "Today" is the date in Vietnam (UTC+7).
 */
const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Today's date in Vietnam, YYYY-MM-DD. */
export const todayVN = (now = Date.now()): string => new Date(now + 7 * 3600_000).toISOString().slice(0, 10);

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Is `s` a real calendar date (full or partial)? 2023-02-30 is not. */
export function isRealDate(s: string, partial = true): boolean {
  const m = PARTIAL.exec(s);
  if (!m) return false;
  if (!partial && m[3] === undefined) return false;
  const y = Number(m[1]);
  if (y < 1800) return false;
  if (m[2] === undefined) return true;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return false;
  if (m[3] === undefined) return true;
  const d = Number(m[3]);
  return d >= 1 && d <= daysIn(y, mo);
}

/** Does partial date `a` lie before `b`, at the precision both have? */
export function isBefore(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) < b.slice(0, n);
}

/** Fills a partial date with the first month/day: '2020' → '2020-01-01'. */
export const fillDate = (s: string): string =>
  s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s;

/** `date` plus `years` years; 29 February becomes 28 February in common years. */
export function addYears(date: string, years: number): string {
  const full = fillDate(date);
  const ny = Number(full.slice(0, 4)) + years;
  const md = full.slice(5);
  if (md === '02-29' && daysIn(ny, 2) === 28) return `${String(ny).padStart(4, '0')}-02-28`;
  return `${String(ny).padStart(4, '0')}-${md}`;
}

/** Full years of age on `date` for someone born on `dob` (partial: first day assumed). */
export function ageOn(dob: string, date: string): number {
  const b = fillDate(dob);
  let age = Number(date.slice(0, 4)) - Number(b.slice(0, 4));
  if (date.slice(5) < b.slice(5)) age--;
  return age;
}

/**
 * Checks one date field: real calendar date, full when `partial` is false, and not after
 * today when `notFuture`. Returns its problems.
 */
export function checkDate(
  value: string | undefined,
  field: string,
  opts: { partial?: boolean; notFuture?: boolean; today?: string } = {},
): FieldProblem[] {
  if (value === undefined) return [];
  if (!isRealDate(value, opts.partial ?? true))
    return [{ field, message: `${value} is not a real calendar date` }];
  if (opts.notFuture && isBefore(opts.today ?? todayVN(), value))
    return [{ field, message: `${value} is in the future` }];
  return [];
}
