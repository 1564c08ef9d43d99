/**
 * Text the registry can store. PostgreSQL refuses U+0000 (NUL) in text and jsonb, and an unpaired
 * UTF-16 surrogate has no UTF-8 form: the driver would store U+FFFD in its place, or jsonb would
 * refuse it. Such text is refused where it enters (request pipeline, CSV reader, forms).
 */
import { FALLBACK_LANGUAGE, t } from './i18n.js';

declare global {
  interface String {
    /** ES2024 (Node 20 and later): false when the string holds an unpaired surrogate. */
    isWellFormed(): boolean;
  }
}

export type TextFault = 'NUL' | 'unpaired surrogate';

/** What makes a string unstorable, or null when it is fine. */
export function textFault(s: string): TextFault | null {
  if (s.includes('\u0000')) return 'NUL';
  if (!s.isWellFormed()) return 'unpaired surrogate';
  return null;
}

/** What a field holding such a character is told, in `lang` (English by default). */
export const textFaultMessage = (fault: TextFault, lang = FALLBACK_LANGUAGE): string =>
  t(lang, 'api.validation.character', { fault });

/** The string with NUL and unpaired surrogates written as \uXXXX, safe to show in a message or a field name. */
export const showText = (s: string): string =>
  // oxlint-disable-next-line no-control-regex -- finding NUL is the point
  s.replace(/\u0000|\p{Surrogate}/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()}`);
