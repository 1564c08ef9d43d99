/**
 * The active language for code outside React's tree (the API helpers' messages): the provider made by
 * makeI18nProvider registers itself here, so such a message is in the language on screen.
 */
import type { I18nProvider } from 'react-admin';

let active: I18nProvider | null = null;

export function setActiveI18nProvider(provider: I18nProvider): void {
  active = provider;
}

/** The message `key` in the language on screen; `english` before the catalogues have loaded. */
export const translateNow = (key: string, english: string): string =>
  active ? String(active.translate(key, { _: english })) : english;
