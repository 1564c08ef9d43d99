/**
 * The message catalogues (i18n/<lang>.json) stay whole: every language has every message English
 * has and nothing else, every message parses as ICU MessageFormat and uses only the placeholders
 * the English one does, every key the code names exists, and no message is left that nobody uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGUAGES, catalogueOf, messageKeys, t } from '../../api/shared/i18n.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
type Messages = { [key: string]: string | Messages };

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The placeholder names a message uses, plural and select arguments included, recursively. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time)
      into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

/** Where code names messages: the UI, the server, the PDF templates. */
const SOURCE_DIRS = ['admin-ui/src', 'api', 'templates'];
/** Sections whose keys are used by react-admin itself (its labels, resource names and field labels). */
const USED_BY_LIBRARY = ['ra.', 'resources.'];
const SECTIONS = ['swr', 'ra', 'resources', 'page', 'email', 'pdf', 'api'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(ts|tsx|html|txt)$/.test(entry.name) ? [rel] : [];
  });
}

/** Keys written out in code, and prefixes of keys the code computes (`swr.codes.sector.${code}`). */
function keysInCode(): { literal: Map<string, string>; prefixes: Set<string> } {
  const literal = new Map<string, string>();
  const prefixes = new Set<string>();
  const sections = SECTIONS.join('|');
  const literalKey = new RegExp(`['"\`]((?:${sections})\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)['"\`]`, 'g');
  const computedKey = new RegExp(`\`((?:${sections})\\.(?:[A-Za-z0-9_-]+\\.)*[A-Za-z0-9_-]*)\\$\\{`, 'g');
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(literalKey)) if (!literal.has(m[1]!)) literal.set(m[1]!, file);
    for (const m of text.matchAll(computedKey)) prefixes.add(m[1]!);
  }
  return { literal, prefixes };
}

const english = catalogueOf('en') as unknown as Messages;
const englishKeys = messageKeys(english);

describe('message catalogues', () => {
  it('exist for English and the languages of the region', () => {
    expect(LANGUAGES[0]).toBe('en');
    expect(LANGUAGES).toContain('vi');
    for (const lang of LANGUAGES) {
      const meta = catalogueOf(lang).meta;
      expect(meta.name, `${lang}.json meta.name`).toBeTruthy();
      expect(() => new Intl.DateTimeFormat(meta.intl), `${lang}.json meta.intl`).not.toThrow();
    }
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the messages English has', (lang) => {
    const keys = new Set(messageKeys(catalogueOf(lang) as unknown as Messages));
    expect(
      englishKeys.filter((k) => !keys.has(k)),
      `missing from i18n/${lang}.json`,
    ).toEqual([]);
    const known = new Set(englishKeys);
    expect(
      [...keys].filter((k) => !known.has(k)),
      `in i18n/${lang}.json but not in en.json`,
    ).toEqual([]);
  });

  it.each(LANGUAGES)('every message of %s parses and uses only the placeholders of the English one', (lang) => {
    const catalogue = catalogueOf(lang) as unknown as Messages;
    const problems: string[] = [];
    for (const key of messageKeys(catalogue)) {
      const message = lookup(catalogue, key)!;
      let args: Set<string>;
      try {
        args = argumentsOf(parse(message, { ignoreTag: true }));
      } catch (e) {
        problems.push(`${key}: does not parse (${(e as Error).message})`);
        continue;
      }
      const englishMessage = lookup(english, key);
      if (englishMessage === undefined) continue;
      const allowed = argumentsOf(parse(englishMessage, { ignoreTag: true }));
      for (const a of args) if (!allowed.has(a)) problems.push(`${key}: placeholder {${a}} is not in English`);
    }
    expect(problems).toEqual([]);
  });

  it('has every key the code names', () => {
    const { literal } = keysInCode();
    const known = new Set(englishKeys);
    // A literal that names a whole group (e.g. a prefix passed on) is not a message key.
    const groups = new Set(englishKeys.flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i).join('.'))));
    const missing = [...literal].filter(([key]) => !known.has(key) && !groups.has(key)).map(([k, f]) => `${k} (${f})`);
    expect(missing).toEqual([]);
  });

  it('has no message that nobody uses', () => {
    const { literal, prefixes } = keysInCode();
    const unused = englishKeys.filter(
      (key) =>
        !USED_BY_LIBRARY.some((p) => key.startsWith(p)) &&
        !literal.has(key) &&
        ![...prefixes].some((p) => key.startsWith(p)),
    );
    expect(unused).toEqual([]);
  });

  it('formats plurals and falls back to English for a language without a catalogue', () => {
    expect(t('en', 'ra.action.bulk_actions', { smart_count: 1 })).toBe('1 item selected');
    expect(t('en', 'ra.action.bulk_actions', { smart_count: 3 })).toBe('3 items selected');
    expect(t('xx', 'ra.action.bulk_actions', { smart_count: 2 })).toBe('2 items selected');
    expect(() => t('en', 'swr.no.such.message')).toThrow(/No message/);
  });
});
