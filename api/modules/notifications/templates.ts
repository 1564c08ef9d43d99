/**
 * E-mail templates from templates/emails/<name>/<locale>.{subject,txt,html}, wrapped in
 * templates/emails/_layout.html. `{{name}}` placeholders; values are HTML-escaped in the HTML part.
 * Unknown locales fall back to English; a missing variable is an error, never an empty hole.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../../../templates/emails', import.meta.url));
const cache = new Map<string, string>();

function read(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function fill(template: string, vars: Record<string, string>, escape: boolean, where: string): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`Template ${where} needs variable '${key}'`);
    return escape ? escapeHtml(value) : value;
  });
}

export type RenderedEmail = { subject: string; text: string; html: string; locale: string };

export function renderEmail(name: string, locale: string, vars: Record<string, string>): RenderedEmail {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Bad template name ${name}`);
  const dir = path.join(root, name);
  const lang =
    /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(locale) && existsSync(path.join(dir, `${locale}.subject`)) ? locale : 'en';
  const subject = fill(read(path.join(dir, `${lang}.subject`)), vars, false, `${name}/${lang}.subject`).trim();
  const text = fill(read(path.join(dir, `${lang}.txt`)), vars, false, `${name}/${lang}.txt`);
  const body = fill(read(path.join(dir, `${lang}.html`)), vars, true, `${name}/${lang}.html`);
  const html = fill(read(path.join(root, '_layout.html')), { ...vars, subject, lang }, true, '_layout.html').replace(
    '<!--body-->',
    () => body,
  ); // a function: `$&`, `$'` in the body stay literal
  return { subject, text, html, locale: lang };
}
