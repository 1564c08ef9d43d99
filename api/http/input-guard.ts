/**
 * What every request's input must be before a handler sees it, checked once in the request
 * pipeline: text the database can store (no NUL, no unpaired surrogate; in values and in keys),
 * no prototype-pollution keys, no deeper nesting than any request needs, valid percent-encoding in
 * the URL, and in JSON bodies only the keys the route's schema declares (zod would strip the rest
 * silently, so a misspelt or smuggled field would go unnoticed).
 */
import { isUtf8 } from 'node:buffer';
import { unescape } from 'node:querystring';
import type { z } from 'zod';
import type { FieldError } from '../shared/errors.js';
import { showText, textFault, textFaultMessage } from '../shared/text.js';
import { fieldSaid, problemLanguage } from './problem.js';

/** Keys that reach an object's prototype when code copies input with assignment or merge. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any request schema goes; bounds the work (and the stack) of every later walk. */
export const MAX_DEPTH = 32;
/** Reporting stops here; a body full of bad characters does not need an error for each. */
const MAX_ERRORS = 20;

type Path = (string | number)[];
const fieldName = (prefix: string | undefined, path: Path): string =>
  [prefix, ...path.map((p) => (typeof p === 'string' ? showText(p) : String(p)))]
    .filter((p) => p !== undefined && p !== '')
    .join('.') ||
  (prefix ?? 'body');

/**
 * Every string (value or key) that cannot be stored, every reserved key, and nesting beyond
 * MAX_DEPTH, in a parsed JSON body, query or path parameters. Depth-first; the depth limit bounds
 * the recursion, whatever the body's nesting.
 */
export function hostileInputErrors(value: unknown, prefix?: string): FieldError[] {
  const errors: FieldError[] = [];
  const path: Path = [];
  const visit = (v: unknown): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) errors.push({ field: fieldName(prefix, path), message: textFaultMessage(fault, problemLanguage()) });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (path.length >= MAX_DEPTH) {
      errors.push({ field: fieldName(prefix, path), message: fieldSaid('tooDeep', { n: MAX_DEPTH }) });
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i]);
        path.pop();
      }
      return;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      path.push(key);
      const fault = textFault(key);
      if (fault) errors.push({ field: fieldName(prefix, path), message: fieldSaid('keyCharacter', { fault }) });
      else if (RESERVED_KEYS.has(key))
        errors.push({ field: fieldName(prefix, path), message: fieldSaid('reservedKey') });
      else visit((v as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  visit(value);
  return errors.slice(0, MAX_ERRORS);
}

/** The parts of a zod schema's definition the walk reads (zod's internals; only the kinds handled below). */
type Def = {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema that reads the input as it arrives (through optional, default, lazy, pipes …), and its definition. */
const unwrapped = new WeakMap<z.ZodType, Def>();
function inputDef(schema: z.ZodType): Def {
  const known = unwrapped.get(schema);
  if (known) return known;
  let s = schema;
  for (let i = 0; i < 64; i++) {
    const d = defOf(s);
    if (['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(d.type))
      s = d.innerType!;
    // a lazy schema may be recursive: unwrap it on every visit, never cache it
    else if (d.type === 'lazy') return inputDef(d.getter!());
    // a pipe reads its input with `in`, unless `in` is a preprocessing function (then `out` describes it)
    else if (d.type === 'pipe') s = defOf(d.in!).type === 'transform' ? d.out! : d.in!;
    else break;
  }
  const def = defOf(s);
  unwrapped.set(schema, def);
  return def;
}

/**
 * Keys of a JSON body that its schema does not declare, at every level the schema describes
 * (objects, array items, record values, the union option the value matches). Objects that accept
 * any key (loose objects, records) keep doing so; strict objects are left to zod, which names them.
 */
export function unknownKeyErrors(schema: z.ZodType, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  walk(schema, value, [], errors);
  return errors.slice(0, MAX_ERRORS);
}

function walk(schema: z.ZodType, value: unknown, path: Path, errors: FieldError[]): void {
  if (path.length > MAX_DEPTH || errors.length >= MAX_ERRORS || value === null || typeof value !== 'object') return;
  const d = inputDef(schema);
  switch (d.type) {
    case 'object': {
      if (Array.isArray(value)) return;
      const shape = d.shape!;
      const catchall = d.catchall;
      for (const k of Object.keys(value)) {
        const item = Object.hasOwn(shape, k) ? shape[k]! : catchall;
        if (!item) errors.push({ field: fieldName(undefined, [...path, k]), message: fieldSaid('unknownField') });
        else if (item !== catchall || defOf(catchall).type !== 'never') {
          path.push(k);
          walk(item, (value as Record<string, unknown>)[k], path, errors);
          path.pop();
        }
      }
      return;
    }
    case 'array':
    case 'tuple':
      if (Array.isArray(value))
        for (let i = 0; i < value.length; i++) {
          const item = d.type === 'array' ? d.element : (d.items![i] ?? d.rest);
          if (!item) continue;
          path.push(i);
          walk(item, value[i], path, errors);
          path.pop();
        }
      return;
    case 'record':
      if (!Array.isArray(value))
        for (const k of Object.keys(value)) {
          path.push(k);
          walk(d.valueType!, (value as Record<string, unknown>)[k], path, errors);
          path.pop();
        }
      return;
    case 'union': {
      // the option zod takes is the first that accepts the value; none: zod reports the value itself
      const option = d.options!.find((o) => o.safeParse(value).success);
      if (option) walk(option, value, path, errors);
      return;
    }
    case 'intersection': {
      // a key is unknown only when neither side declares it
      const left: FieldError[] = [];
      const right: FieldError[] = [];
      walk(d.left!, value, path, left);
      walk(d.right!, value, path, right);
      const onRight = new Set(right.map((e) => e.field));
      errors.push(...left.filter((e) => onRight.has(e.field)));
    }
  }
}

/** Whether percent-escapes in a URL part spell bytes that are not UTF-8 (such as %FF, or %ED%A0%80 for a lone surrogate). */
export function badPercentEncoding(s: string): boolean {
  if (!s.includes('%')) return false;
  for (const run of s.match(/(?:%[0-9A-Fa-f]{2})+/g) ?? [])
    if (!isUtf8(Buffer.from(run.replace(/%/g, ''), 'hex'))) return true;
  return false;
}

/**
 * Fields of a raw query string or urlencoded form whose percent-escapes are not UTF-8: Node's
 * parser would turn them into U+FFFD without a word.
 */
export function percentEncodingErrors(raw: string, prefix: string): FieldError[] {
  if (!raw.includes('%')) return [];
  const errors: FieldError[] = [];
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    if (!badPercentEncoding(part)) continue;
    const key = badPercentEncoding(rawKey) ? rawKey : showText(unescape(rawKey.replace(/\+/g, ' ')));
    errors.push({ field: `${prefix}.${key}`, message: fieldSaid('notUtf8Escape') });
    if (errors.length >= MAX_ERRORS) break;
  }
  return errors;
}
