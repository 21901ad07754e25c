/**
 * Dates as day numbers (days since 1970-01-01, UTC) for fast arithmetic, and back to
 * 'YYYY-MM-DD'. The synthetic population is built relative to a fixed "today" so that it
 * does not depend on the day it is generated.
 */

/** The day the synthetic world stands on: every event happens on or before it. */
export const SYNTH_TODAY = '2025-12-31';

/** The day the 34 provinces (2025 units) came into force. */
export const UNITS_2025_FROM = '2025-07-01';

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' → day number. */
export const toDay = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;

/** Day number → 'YYYY-MM-DD'. */
export const fromDay = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** The same calendar day `years` later (29 February → 28 February). */
export function plusYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / MS_PER_DAY;
}

/** Calendar year of a day number. */
export const yearOf = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear();

export const TODAY_DAY = toDay(SYNTH_TODAY);
export const UNITS_2025_DAY = toDay(UNITS_2025_FROM);
