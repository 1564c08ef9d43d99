/** Report requests and responses. A null count is a small cell withheld (see reports.rules.ts). */
import { z } from 'zod';
import { SECTORS } from '../registrants/index.js';
import { AGE_BANDS } from './reports.rules.js';

const isoDate = z.iso.date();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month in the form YYYY-MM');
const year = z.coerce.number().int().min(1950).max(2200);
const cell = z.number().int().nullable();

export const LICENCE_STATUSES = [
  'pending',
  'active',
  'grace',
  'lapsed',
  'suspended',
  'revoked',
  'surrendered',
] as const;

const filters = {
  tier: z.string().trim().min(1).max(40).optional(),
  status: z.enum(LICENCE_STATUSES).optional(),
  region: z.string().trim().min(1).max(120).optional(),
  sex: z.enum(['female', 'male', 'other', 'unspecified']).optional(),
  sector: z.enum(SECTORS as [string, ...string[]]).optional(),
};

export const workforceQuery = z
  .object({ asOf: isoDate.optional(), ...filters, ageBand: z.enum(AGE_BANDS).optional() })
  .strict();
export type WorkforceQuery = z.infer<typeof workforceQuery>;

export const activityQuery = z
  .object({ from: month.optional(), to: month.optional(), tier: filters.tier, region: filters.region })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type ActivityQuery = z.infer<typeof activityQuery>;

export const yearsQuery = z
  .object({ fromYear: year.optional(), toYear: year.optional(), region: filters.region })
  .strict()
  .refine((q) => !q.fromYear || !q.toYear || (q.fromYear <= q.toYear && q.toYear - q.fromYear <= 30), {
    message: 'must not be after toYear, and at most 30 years before it',
    path: ['fromYear'],
  });
export type YearsQuery = z.infer<typeof yearsQuery>;

export const ratioQuery = z.object({ asOf: isoDate.optional(), tier: filters.tier }).strict();
export type RatioQuery = z.infer<typeof ratioQuery>;

const bucket = z.object({ key: z.string(), count: cell });
export const workforceOut = z
  .object({
    asOf: z.string(),
    threshold: z.number().int(),
    suppressed: z.boolean(),
    total: cell,
    dimensions: z.object({
      tier: z.array(bucket),
      status: z.array(bucket),
      region: z.array(bucket),
      sex: z.array(bucket),
      sector: z.array(bucket),
      ageBand: z.array(bucket),
    }),
  })
  .meta({ id: 'WorkforceReport' });

export const activityOut = z
  .object({
    from: z.string(),
    to: z.string(),
    threshold: z.number().int(),
    suppressed: z.boolean(),
    rows: z.array(
      z.object({ month: z.string(), newRegistrations: cell, renewals: cell, lapses: cell, sanctions: cell }),
    ),
  })
  .meta({ id: 'ActivityReport' });

export const cpdOut = z
  .object({
    threshold: z.number().int(),
    suppressed: z.boolean(),
    rows: z.array(
      z.object({
        year: z.number().int(),
        registered: cell,
        engaged: cell,
        notEngaged: cell,
        percentEngaged: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'CpdEngagementReport' });

export const supervisionOut = z
  .object({
    threshold: z.number().int(),
    suppressed: z.boolean(),
    rows: z.array(
      z.object({
        year: z.number().int(),
        adequate: cell,
        notAdequate: cell,
        unanswered: cell,
        total: cell,
        percentAdequate: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'SupervisionReport' });

const ratioRow = z.object({
  region: z.string(),
  socialWorkers: cell,
  population: z.number().int().nullable(),
  populationYear: z.number().int().nullable(),
  per10000: z.number().nullable(),
});
export const ratioOut = z
  .object({
    asOf: z.string(),
    threshold: z.number().int(),
    suppressed: z.boolean(),
    rows: z.array(ratioRow),
    national: ratioRow,
  })
  .meta({ id: 'WorkforceRatioReport' });

export const programmesOut = z
  .object({
    threshold: z.number().int(),
    suppressed: z.boolean(),
    rows: z.array(z.object({ year: z.number().int(), accreditedProgrammes: z.number().int(), graduates: cell })),
  })
  .meta({ id: 'ProgrammesReport' });

export const populationBody = z
  .object({
    region: z.string().trim().min(1).max(120),
    year: z.number().int().min(1950).max(2200),
    population: z.number().int().min(1).max(2_000_000_000),
    source: z.string().trim().max(300).nullable().optional(),
  })
  .strict()
  .meta({ id: 'PopulationFigureInput' });
export const populationOut = z
  .object({
    id: z.uuid(),
    region: z.string(),
    year: z.number().int(),
    population: z.number().int(),
    source: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PopulationFigure' });
export const populationList = z
  .object({ items: z.array(populationOut), total: z.number().int() })
  .meta({ id: 'PopulationFigureList' });
export const populationQuery = z
  .object({ region: z.string().trim().max(120).optional(), year: z.coerce.number().int().optional() })
  .strict();
