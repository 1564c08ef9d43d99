/**
 * The registry's one message layer on the server: `i18n/<lang>.json` holds every message of one
 * language (the admin UI and portal, public pages, e-mails, PDFs) as ICU MessageFormat. Adding a
 * language is adding a catalogue file; a council then offers it in its settings.
 *
 * A message missing from a catalogue falls back to English (the catalogue test keeps that from
 * happening in a release); a key missing from English is a programming error and throws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

export type CatalogueMeta = {
  /** The language's name in itself, as the language switcher shows it. */
  name: string;
  englishName: string;
  /** The BCP 47 locale Intl formats dates, numbers and money with (en → en-GB: day-month-year). */
  intl: string;
};
type Messages = { [key: string]: string | Messages };
export type Catalogue = { meta: CatalogueMeta } & Messages;

export const FALLBACK_LANGUAGE = 'en';
const dir = fileURLToPath(new URL('../../i18n', import.meta.url));

const catalogues = new Map<string, Catalogue>();
for (const file of readdirSync(dir).sort()) {
  const m = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\.json$/.exec(file);
  if (m) catalogues.set(m[1]!, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Catalogue);
}
if (!catalogues.has(FALLBACK_LANGUAGE)) throw new Error(`i18n/${FALLBACK_LANGUAGE}.json is missing`);

/** Every language with a catalogue, English first. */
export const LANGUAGES: readonly string[] = [
  FALLBACK_LANGUAGE,
  ...[...catalogues.keys()].filter((l) => l !== FALLBACK_LANGUAGE),
];

export const isLanguage = (lang: string): boolean => catalogues.has(lang);

export const catalogueOf = (lang: string): Catalogue => catalogues.get(lang) ?? catalogues.get(FALLBACK_LANGUAGE)!;

export const languageMeta = (lang: string): CatalogueMeta => catalogueOf(lang).meta;

/** The language among those with a catalogue that a stored locale ('vi', 'vi-VN', null) names, else English. */
export function languageOf(locale: string | null | undefined): string {
  if (!locale) return FALLBACK_LANGUAGE;
  if (catalogues.has(locale)) return locale;
  const base = locale.split('-')[0]!.toLowerCase();
  return catalogues.has(base) ? base : FALLBACK_LANGUAGE;
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Every message key (dot paths) of a catalogue, without `meta`. */
export function messageKeys(c: Messages, prefix = ''): string[] {
  return Object.entries(c).flatMap(([k, v]) =>
    prefix === '' && k === 'meta' ? [] : typeof v === 'string' ? [prefix + k] : messageKeys(v, `${prefix}${k}.`),
  );
}

const compiled = new Map<string, IntlMessageFormat>();

export type MessageValues = Record<string, string | number | Date>;

/** The message `key` in `lang`, formatted with ICU plurals/selects and the language's number rules. */
export function t(lang: string, key: string, values?: MessageValues): string {
  const language = languageOf(lang);
  const cacheKey = `${language}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    let message = lookup(catalogueOf(language), key);
    let locale = languageMeta(language).intl;
    if (message === undefined) {
      message = lookup(catalogueOf(FALLBACK_LANGUAGE), key);
      locale = languageMeta(FALLBACK_LANGUAGE).intl;
    }
    if (message === undefined) throw new Error(`No message '${key}' in i18n/${FALLBACK_LANGUAGE}.json`);
    format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}

/** A translator bound to one language. */
export const translator =
  (lang: string) =>
  (key: string, values?: MessageValues): string =>
    t(lang, key, values);

/** How a council displays dates: its time zone, and for Thai whether years count in the Buddhist era. */
export type DateDisplay = { timeZone?: string; buddhistEra?: boolean };

/**
 * The Intl locale for a language: the catalogue's (en-GB, vi-VN, th-TH…). Thai counts years in the
 * Buddhist era by default in Intl; a council that prefers the Gregorian year asks for it here.
 */
export function intlLocale(lang: string, display: DateDisplay = {}): string {
  const locale = languageMeta(languageOf(lang)).intl;
  if (locale.startsWith('th'))
    return display.buddhistEra === false ? `${locale}-u-ca-gregory` : `${locale}-u-ca-buddhist`;
  return locale;
}

/**
 * A calendar date (an ISO day 'YYYY-MM-DD', or a Date taken in the council's zone) written out in the
 * language: '3 December 2026', '3 tháng 12, 2026', '3 ธันวาคม 2569'. Never numeric month-first.
 */
export function formatDate(
  lang: string,
  date: string | Date,
  display: DateDisplay = {},
  style: 'long' | 'medium' = 'long',
): string {
  const day = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const timeZone = typeof date === 'string' ? 'UTC' : (display.timeZone ?? 'UTC');
  return new Intl.DateTimeFormat(intlLocale(lang, display), { dateStyle: style, timeZone }).format(day);
}

/** A moment with its time, in the council's time zone. */
export function formatDateTime(lang: string, at: Date, display: DateDisplay = {}): string {
  return new Intl.DateTimeFormat(intlLocale(lang, display), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: display.timeZone ?? 'UTC',
  }).format(at);
}
