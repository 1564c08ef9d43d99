import { useLocaleState } from 'react-admin';

/** The Intl locale for a UI language: English reads day-month-year (en-GB), never US month-first. */
export const intlLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : locale);

/** Formats ISO dates ('2026-12-03') as the reader's language writes them: 3 Dec 2026, 3 thg 12, 2026. */
export function useFormatDate(): (iso: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const f = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' });
  return (iso) => (iso ? f.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—');
}
