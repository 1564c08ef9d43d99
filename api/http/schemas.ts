/** Shared request/response pieces. */
import { z } from 'zod';

export const listQuery = <const S extends readonly [string, ...string[]]>(sortable: S) =>
  z.object({
    page: z.coerce.number().int().min(1).default(1),
    perPage: z.coerce.number().int().min(1).max(100).default(25),
    sort: z.enum(sortable).optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    q: z.string().max(200).optional(),
  });

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), total: z.number().int() }).meta({ id });

export const idParams = z.object({ id: z.uuid() });
