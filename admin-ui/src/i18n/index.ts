/**
 * react-admin's i18nProvider over the registry's message catalogues (i18n/<lang>.json, ICU
 * MessageFormat, shared with the server's pages, e-mails and PDFs). Each catalogue is its own chunk,
 * loaded when the language is chosen; the build finds them, so a new catalogue file is a new language.
 */
import type { I18nProvider } from 'react-admin';
import { IntlMessageFormat } from 'intl-messageformat';
import { answer, registry, session } from '../api';
import { setActiveI18nProvider } from './translate-now';

type Messages = { [key: string]: string | Messages };
export type Catalogue = { meta: { name: string; englishName: string; intl: string } } & Messages;

const loaders = import.meta.glob<Catalogue>('../../../i18n/*.json', { import: 'default' });
const byLanguage = new Map(
  Object.entries(loaders).map(([file, load]) => [/([^/]+)\.json$/.exec(file)![1]!, load] as const),
);

/** Every language the UI has a catalogue for. */
export const CATALOGUE_LANGUAGES: readonly string[] = [...byLanguage.keys()];

const loaded = new Map<string, Catalogue>();

export async function loadCatalogue(lang: string): Promise<Catalogue> {
  const have = loaded.get(lang);
  if (have) return have;
  const load = byLanguage.get(lang) ?? byLanguage.get('en')!;
  const catalogue = await load();
  loaded.set(lang, catalogue);
  return catalogue;
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The language among `offered` that the browser prefers (navigator.languages), else `fallback`. */
export function browserLanguage(offered: readonly string[], fallback: string): string {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lower = tag.toLowerCase();
    const exact = offered.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const base = offered.find((l) => l.toLowerCase() === lower.split('-')[0]);
    if (base) return base;
  }
  return fallback;
}

/** The language this browser chose explicitly (react-admin keeps it in its store), if any. */
export function chosenInThisBrowser(): string | null {
  try {
    const stored = localStorage.getItem('RaStore.locale');
    return stored ? String(JSON.parse(stored)) : null;
  } catch {
    return null;
  }
}

/** react-admin's `_` defaults may carry polyglot placeholders (%{name}). */
const fillDefault = (text: string, values: Record<string, unknown>) =>
  text.replace(/%\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/**
 * An i18nProvider for the languages `offered` (the council's), starting in `initial` whose catalogue
 * must already be loaded (loadCatalogue), so the first render is in the user's language.
 */
export function makeI18nProvider(offered: { code: string; name: string }[], initial: string): I18nProvider {
  let locale = initial;
  const formats = new Map<string, IntlMessageFormat | null>();
  const format = (key: string): IntlMessageFormat | null => {
    const cacheKey = `${locale}\u0000${key}`;
    let f = formats.get(cacheKey);
    if (f === undefined) {
      const catalogue = loaded.get(locale)!;
      const english = loaded.get('en');
      const message = lookup(catalogue, key) ?? (english ? lookup(english, key) : undefined);
      f =
        message === undefined
          ? null
          : new IntlMessageFormat(message, catalogue.meta.intl, undefined, { ignoreTag: true });
      formats.set(cacheKey, f);
    }
    return f;
  };
  const provider: I18nProvider = {
    translate(key: string, options: Record<string, unknown> = {}) {
      const { _: fallback, ...values } = options;
      const f = typeof key === 'string' ? format(key) : null;
      if (!f) return typeof fallback === 'string' ? fillDefault(fallback, values) : key;
      try {
        return String(f.format(values as Record<string, string | number>));
      } catch {
        return f.getAst().length ? String(key) : '';
      }
    },
    async changeLocale(next: string) {
      await loadCatalogue(next);
      locale = next;
      document.documentElement.lang = next;
      // The choice is kept on the account too, so e-mails and documents sent later follow it.
      const account = session.account;
      if (account && account.locale !== next) {
        account.locale = next;
        await answer(registry.PUT('/api/v1/auth/me/language', { body: { language: next } })).catch(() => {
          /* the screen has changed language; the account keeps its old one until the next choice */
        });
      }
    },
    getLocale: () => locale,
    getLocales: () => offered.map((l) => ({ locale: l.code, name: l.name })),
  };
  setActiveI18nProvider(provider);
  return provider;
}

/** The Intl locale of a loaded language (en → en-GB: day-month-year), for dates, numbers and money. */
export const intlOf = (lang: string): string => loaded.get(lang)?.meta.intl ?? 'en-GB';
