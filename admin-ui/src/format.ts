/**
 * Dates, times, numbers and money as the reader's language writes them, in the council's time zone.
 * Never month-first numerals: dates are written with the month as a word (3 Dec 2026, 3 thg 12, 2026,
 * 3 ธ.ค. 2569), so no reader can take 3 December for 12 March.
 */
import { useLocaleState } from 'react-admin';
import { intlOf } from './i18n';

/** How the council shows dates; set once at start from its public profile. */
const display = { timeZone: 'UTC', buddhistEra: true };
export function setDateDisplay(next: { timeZone: string; buddhistEra: boolean }): void {
  Object.assign(display, next);
}
export const councilTimeZone = (): string => display.timeZone;

/** The Intl locale for a UI language (en → en-GB), with the Thai calendar the council chose. */
export function intlLocale(lang: string): string {
  const locale = intlOf(lang);
  if (locale.startsWith('th')) return `${locale}-u-ca-${display.buddhistEra ? 'buddhist' : 'gregory'}`;
  return locale;
}

export const useIntlLocale = (): string => intlLocale(useLocaleState()[0]);

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * A date formatter in the reader's language. A browser without that language's date data (Chromium
 * has none for Lao, Khmer or Burmese) would silently write US English, month first ("May 3, 2026"):
 * there the date is written in numerals, day first (03/05/2026; a month alone as 05/2026).
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  if (Intl.DateTimeFormat.supportedLocalesOf(locale).length) return new Intl.DateTimeFormat(locale, options);
  const { timeZone, dateStyle, timeStyle, month } = options;
  const numeric: Intl.DateTimeFormatOptions = { timeZone };
  if (dateStyle || options.day) Object.assign(numeric, { day: '2-digit', month: '2-digit', year: 'numeric' });
  else if (month) Object.assign(numeric, { month: '2-digit', year: 'numeric' });
  if (timeStyle) Object.assign(numeric, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return new Intl.DateTimeFormat('en-GB', numeric);
}

/**
 * A formatter for calendar days and moments: an ISO day ('2026-12-03') is that day; a timestamp is
 * the day it was in the council's time zone.
 */
export function useFormatDate(): (value: string | Date | null | undefined) => string {
  const locale = useIntlLocale();
  const day = dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const local = dateFormat(locale, { dateStyle: 'medium', timeZone: display.timeZone });
  return (value) => {
    if (!value) return '—';
    if (typeof value === 'string' && isDay(value.slice(0, 10)) && value.length <= 10)
      return day.format(new Date(`${value}T00:00:00Z`));
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? String(value) : local.format(at);
  };
}

/** A moment with its time of day, in the council's time zone. */
export function useFormatDateTime(): (value: string | Date | null | undefined) => string {
  const locale = useIntlLocale();
  const f = dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: display.timeZone });
  return (value) => {
    if (!value) return '—';
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? String(value) : f.format(at);
  };
}

/** Numbers with the language's grouping and digits. */
export function useFormatNumber(): (n: number | null | undefined, options?: Intl.NumberFormatOptions) => string {
  const locale = useIntlLocale();
  return (n, options) => (n === null || n === undefined ? '—' : new Intl.NumberFormat(locale, options).format(n));
}

/** The day-month-year order of a language's numeric dates, e.g. ['day', 'month', 'year'] for vi. */
export function dateFieldOrder(locale: string): ('day' | 'month' | 'year')[] {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' })
    .formatToParts(new Date(Date.UTC(2026, 11, 3)))
    .map((p) => p.type)
    .filter((t): t is 'day' | 'month' | 'year' => t === 'day' || t === 'month' || t === 'year');
  // Month-first (as some locales' numerals are) is ambiguous in this region: read day-month-year.
  return parts[0] === 'month' ? ['day', 'month', 'year'] : parts;
}

/** The theme's font stack: the Latin fonts, then Noto for the region's scripts (fonts.css). */
export const FONT_FAMILY = [
  'Roboto',
  'Helvetica',
  'Arial',
  '"Registry Noto Thai"',
  '"Registry Noto Khmer"',
  '"Registry Noto Lao"',
  '"Registry Noto Myanmar"',
  'sans-serif',
].join(', ');
