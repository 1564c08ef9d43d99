/**
 * What a refused field says, in the language of the person who sent it: zod's standard checks
 * (required, type, length, range, format, one of) worded from the message catalogues. A message a
 * schema states itself (a rule of the registry's own) is kept as the schema states it.
 */
import type { z } from 'zod';
import { t } from './i18n.js';

const TYPE_WORDS = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'date']);
/** The formats with a message of their own (api.validation.<format>); the others are "not in the expected form". */
const NAMED_FORMATS = new Set(['email', 'uuid', 'url', 'date', 'datetime']);

/** The words for a lower and an upper bound: of a text's length, a list's size, a number. */
const BOUND_WORDS = {
  too_small: { text: 'tooShort', items: 'tooFew', inclusive: 'atLeast', exclusive: 'above' },
  too_big: { text: 'tooLong', items: 'tooMany', inclusive: 'atMost', exclusive: 'below' },
} as const;

function message(lang: string, issue: z.core.$ZodRawIssue): string | undefined {
  const v = (key: string, values?: Record<string, string | number>) => t(lang, `api.validation.${key}`, values);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return v('required');
      return TYPE_WORDS.has(issue.expected)
        ? v('type', { type: t(lang, `api.validation.types.${issue.expected}`) })
        : v('wrongType');
    case 'too_small':
    case 'too_big': {
      const words = BOUND_WORDS[issue.code];
      const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') return v(words.text, { n });
      if (issue.origin === 'array' || issue.origin === 'set') return v(words.items, { n });
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return v(issue.inclusive === false ? words.exclusive : words.inclusive, { n });
      return undefined;
    }
    case 'not_multiple_of':
      return v('multipleOf', { n: issue.divisor });
    case 'invalid_format':
      return v(NAMED_FORMATS.has(issue.format) ? issue.format : 'format');
    case 'invalid_value':
      return v('oneOf', { values: issue.values.map((x) => JSON.stringify(x)).join(', ') });
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return v('invalid');
    default:
      return undefined;
  }
}

/**
 * A zod error map for a parse: `schema.safeParse(value, { error: fieldMessages(lang) })`. The language
 * may be a function, asked only when a field is refused (an accepted request never negotiates it).
 */
export const fieldMessages =
  (lang: string | (() => string)): z.core.$ZodErrorMap =>
  (issue) =>
    message(typeof lang === 'function' ? lang() : lang, issue);
