/**
 * Plausible request values from a route's zod schema, for tests that need a valid request to
 * start from (and then change one thing in it). Leaves get the first candidate the leaf schema
 * accepts; a caller-supplied `hint` may supply a value by field name first (real ids, numbers).
 */
import type { z } from 'zod';

type Def = { type: string; [k: string]: any };
const defOf = (s: z.ZodType): Def => (s as any)._zod.def as Def;

export type Path = (string | number)[];
/** A value for a field by its name, or undefined to let the sampler choose. */
export type Hint = (field: string, leaf: z.ZodType) => unknown;

const STRING_CANDIDATES = [
  'Sample text',
  'someone@example.org',
  '2024-01-15',
  '2024-01-15T09:30:00.000Z',
  'https://hooks.example.org/registry',
  'VN',
  'en',
  'sample-code',
  '2024-01',
  '+84 912 345 678',
  'ABCD-1234',
  'council.example.org',
  'SW-{yyyy}-{seq:5}{check}',
  '0123456789',
  'a',
  '3f2b8c1e-7d4a-4e6b-9c0f-1a2b3c4d5e6f',
  'VND',
];
const NUMBER_CANDIDATES = [1, 10, 2024, 100, 0, 0.5, 1000, 5000];

/** Whether a field may be left out of an object. */
export const isOptional = (s: z.ZodType): boolean => (s as any)._zod.optin === 'optional';

/** Unwraps wrappers that do not change the shape of the input. */
export function unwrap(s: z.ZodType): z.ZodType {
  for (;;) {
    const d = defOf(s);
    if (['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(d.type))
      s = d.innerType;
    else if (d.type === 'lazy') s = d.getter();
    else if (d.type === 'pipe') s = defOf(d.in).type === 'transform' ? d.out : d.in;
    else return s;
  }
}

const accepts = (s: z.ZodType, v: unknown) => s.safeParse(v).success;

function leafValue(s: z.ZodType, field: string, hint: Hint): unknown {
  const hinted = hint(field, s);
  if (hinted !== undefined && accepts(s, hinted)) return hinted;
  const d = defOf(unwrap(s));
  switch (d.type) {
    case 'enum':
      return Object.values(d.entries)[0];
    case 'literal':
      return d.values[0];
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'number':
    case 'int':
      return NUMBER_CANDIDATES.find((n) => accepts(s, n)) ?? 1;
    case 'string':
    case 'date':
    case 'template_literal':
      return STRING_CANDIDATES.find((c) => accepts(s, c)) ?? 'Sample text';
    case 'any':
    case 'unknown':
      return 'Sample text';
    default:
      return STRING_CANDIDATES.find((c) => accepts(s, c)) ?? NUMBER_CANDIDATES.find((n) => accepts(s, n));
  }
}

/**
 * A value the schema accepts (required fields only, unless `withOptional`), or the closest
 * attempt when cross-field rules refuse it.
 */
export function sample(schema: z.ZodType, hint: Hint, field = '', withOptional = false): unknown {
  const s = unwrap(schema);
  const d = defOf(s);
  switch (d.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        if (isOptional(v) && !withOptional) continue;
        out[k] = sample(v, hint, k, withOptional);
      }
      return out;
    }
    case 'array': {
      const one = [sample(d.element, hint, field, withOptional)];
      return accepts(s, one) ? one : [...one, sample(d.element, hint, field, withOptional)];
    }
    case 'tuple':
      return (d.items as z.ZodType[]).map((i) => sample(i, hint, field, withOptional));
    case 'record': {
      const key = leafValue(d.keyType, 'key', hint);
      return { [String(key)]: sample(d.valueType, hint, field, withOptional) };
    }
    case 'union': {
      const options = d.options as z.ZodType[];
      for (const o of options) {
        const v = sample(o, hint, field, withOptional);
        if (accepts(o, v)) return v;
      }
      return sample(options[0]!, hint, field, withOptional);
    }
    case 'intersection':
      return {
        ...(sample(d.left, hint, field, withOptional) as object),
        ...(sample(d.right, hint, field, withOptional) as object),
      };
    default:
      return leafValue(s, field, hint);
  }
}

/** The option of a union the value belongs to (the first that accepts it). */
function optionFor(s: z.ZodType, value: unknown): z.ZodType {
  const options = defOf(s).options as z.ZodType[];
  return options.find((o) => accepts(o, value)) ?? options[0]!;
}

export type Slot = { path: Path; kind: 'string' | 'scalar' | 'object'; present: boolean };

/**
 * Every place in (or declared beside) a sampled value: string leaves, other scalars and nested
 * objects, following the union option the value took. Absent optional fields are listed too.
 */
export function slots(schema: z.ZodType, value: unknown, path: Path = [], out: Slot[] = []): Slot[] {
  const s = unwrap(schema);
  const d = defOf(s);
  const present = value !== undefined;
  switch (d.type) {
    case 'object':
      if (path.length) out.push({ path, kind: 'object', present });
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>))
        slots(v, (value as Record<string, unknown> | undefined)?.[k], [...path, k], out);
      break;
    case 'array':
      if (Array.isArray(value) && value.length) slots(d.element, value[0], [...path, 0], out);
      break;
    case 'tuple':
      (d.items as z.ZodType[]).forEach((item, i) =>
        slots(item, (value as unknown[] | undefined)?.[i], [...path, i], out),
      );
      break;
    case 'record':
      for (const [k, v] of Object.entries((value as Record<string, unknown>) ?? {}))
        slots(d.valueType, v, [...path, k], out);
      break;
    case 'union':
      slots(optionFor(s, value), value, path, out);
      break;
    case 'intersection':
      slots(d.left, value, path, out);
      slots(d.right, value, path, out);
      break;
    case 'string':
      out.push({ path, kind: 'string', present });
      break;
    default:
      if (path.length) out.push({ path, kind: 'scalar', present });
  }
  return out;
}

/** A deep copy of a JSON value with one place set. */
export function withValue<T>(value: T, path: Path, v: unknown): T {
  if (!path.length) return v as T;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  copy[head!] = withValue(copy[head!] ?? (typeof rest[0] === 'number' ? [] : {}), rest, v);
  return copy;
}

export const pathName = (path: Path): string => path.map(String).join('.');
