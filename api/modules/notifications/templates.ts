/**
 * E-mails from the message catalogues (i18n/<lang>.json, `email.<name>.subject|text|html`, ICU
 * MessageFormat), the HTML part wrapped in templates/emails/_layout.html. Values are HTML-escaped in
 * the HTML part. A language without a catalogue falls back to English; a missing variable is an
 * error, never an empty hole.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isLanguage, FALLBACK_LANGUAGE, messageKeys, catalogueOf, t } from '../../shared/i18n.js';

const layout = readFileSync(
  path.join(fileURLToPath(new URL('../../../templates/emails', import.meta.url)), '_layout.html'),
  'utf8',
);

/** The names of the e-mails the catalogue holds (email.<name>.*). */
export const EMAIL_TEMPLATES: readonly string[] = [
  ...new Set(
    messageKeys(catalogueOf(FALLBACK_LANGUAGE))
      .filter((k) => k.startsWith('email.'))
      .map((k) => k.split('.')[1]!),
  ),
];

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function message(lang: string, key: string, vars: Record<string, string>): string {
  try {
    return t(lang, key, vars);
  } catch (e) {
    const missing = /variable "([^"]+)"/.exec(String((e as Error).message))?.[1];
    if (missing) throw new Error(`Template ${key} needs variable '${missing}'`, { cause: e });
    throw e;
  }
}

export type RenderedEmail = { subject: string; text: string; html: string; locale: string };

export function renderEmail(name: string, locale: string, vars: Record<string, string>): RenderedEmail {
  if (!/^[a-z0-9-]+$/.test(name) || !EMAIL_TEMPLATES.includes(name)) throw new Error(`Bad template name ${name}`);
  const lang = isLanguage(locale) ? locale : FALLBACK_LANGUAGE;
  const escaped = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeHtml(String(v))]));
  const subject = message(lang, `email.${name}.subject`, vars).trim();
  const text = message(lang, `email.${name}.text`, vars);
  const body = message(lang, `email.${name}.html`, escaped);
  const html = layout
    .replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => {
      const value = key === 'subject' ? subject : key === 'lang' ? lang : vars[key];
      if (value === undefined) throw new Error(`Template _layout.html needs variable '${key}'`);
      return escapeHtml(value);
    })
    .replace('<!--body-->', () => body); // a function: `$&`, `$'` in the body stay literal
  return { subject, text, html, locale: lang };
}
