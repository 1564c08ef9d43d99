/**
 * Calendar dates as ISO strings (YYYY-MM-DD), in UTC: the arithmetic every module's rules share.
 * Pure: `today` is always an argument or the caller's clock.
 */

const DAY = 86_400_000;
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The calendar date of an instant (UTC). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string =>
  new Date(toTime(date) + days * DAY).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((toTime(to) - toTime(from)) / DAY);

/** Adds calendar months, clamping to the month's last day (2024-02-29 + 12 months = 2025-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return isoDay(target);
}

/**
 * The last day of a period of `months` starting on `date`: a licence valid for 36 months from
 * 2026-07-01 is valid until 2029-06-30 (and from 2024-02-29 for 12 months, until 2025-02-27).
 */
export const addMonthsMinusDay = (date: string, months: number): string => addDays(addMonths(date, months), -1);
