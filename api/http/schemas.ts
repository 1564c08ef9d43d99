/** Shared request/response pieces. */
import { z } from 'zod';

export const listQuery = <const S extends readonly [string, ...string[]]>(sortable: S) =>
  z.object({
    page: z.coerce.number().int().min(1).default(1).describe('The page to return, from 1'),
    perPage: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (at most 100)'),
    sort: z.enum(sortable).optional().describe('The field to sort by'),
    order: z.enum(['asc', 'desc']).default('asc').describe('Sort order: asc or desc'),
    q: z.string().max(200).optional().describe('Search text (what it matches is given in the operation)'),
  });

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item).describe('The items of the requested page'),
      total: z.number().int().describe('How many items match in all pages'),
    })
    .meta({ id });

export const idParams = z.object({ id: z.uuid().describe("The record's identifier (a UUID)") });

/** What is wrong with rows of an uploaded CSV file: each row (1 is the first data row), its column and why. */
export const rowErrorsOut = z.array(
  z.object({
    row: z.number().int().describe('Row number in the file (1 is the first data row)'),
    field: z.string().describe('The column in error'),
    reason: z.string().describe('What is wrong'),
  }),
);
