/** Report requests and responses. A null count is a small cell withheld (see reports.rules.ts). */
import { z } from 'zod';
import { SECTORS } from '../registrants/index.js';
import { AGE_BANDS } from './reports.rules.js';

const isoDate = z.iso.date();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month in the form YYYY-MM');
const year = z.coerce.number().int().min(1950).max(2200);
const cell = z.number().int().nullable();
/** What every report says about its small cells: the threshold, and whether any count was withheld. */
const smallCells = {
  threshold: z.number().int().describe('Counts below this are suppressed (null) to protect privacy'),
  suppressed: z.boolean().describe('Whether any count was suppressed'),
};

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
  tier: z.string().trim().min(1).max(40).optional().describe('Only licences of this tier code'),
  status: z.enum(LICENCE_STATUSES).optional().describe('Only licences with this status'),
  region: z.string().trim().min(1).max(120).optional().describe('Only this region'),
  sex: z.enum(['female', 'male', 'other', 'unspecified']).optional().describe('Only this sex'),
  sector: z
    .enum(SECTORS as [string, ...string[]])
    .optional()
    .describe('Only this sector'),
};

export const workforceQuery = z
  .object({ asOf: isoDate.optional(), ...filters, ageBand: z.enum(AGE_BANDS).optional() })
  .strict();
export type WorkforceQuery = z.infer<typeof workforceQuery>;

export const activityQuery = z
  .object({
    from: month
      .optional()
      .describe(
        'First month counted (YYYY-MM); when left out, the same month a year before `to`, or the last twelve months when neither is given',
      ),
    to: month.optional().describe('Last month counted (YYYY-MM); the current month when left out'),
    tier: filters.tier,
    region: filters.region,
  })
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

const bucket = z
  .object({
    key: z.string().describe('The value counted (a tier code, status, region, sex, sector or age band)'),
    count: cell.describe('Licences with that value (null when suppressed)'),
  })
  .describe('One value and its count');
export const workforceOut = z
  .object({
    asOf: z.string().describe('The day the register is counted on'),
    ...smallCells,
    total: cell.describe('Licences counted (null when suppressed)'),
    dimensions: z
      .object({
        tier: z.array(bucket).describe('Licences by tier'),
        status: z.array(bucket).describe('Licences by status'),
        region: z.array(bucket).describe('Licences by region'),
        sex: z.array(bucket).describe('Licences by sex'),
        sector: z.array(bucket).describe('Licences by sector'),
        ageBand: z.array(bucket).describe('Licences by age band'),
      })
      .describe('Counts by tier, status, region, sex, sector and age band'),
  })
  .meta({ id: 'WorkforceReport' });

export const activityOut = z
  .object({
    from: z.string().describe('First month (YYYY-MM)'),
    to: z.string().describe('Last month (YYYY-MM)'),
    ...smallCells,
    rows: z
      .array(
        z.object({
          month: z.string().describe('The month (YYYY-MM)'),
          newRegistrations: cell.describe('First licences issued in the month'),
          renewals: cell.describe('Licences renewed'),
          lapses: cell.describe('Licences that lapsed'),
          sanctions: cell.describe('Sanctions that took effect'),
        }),
      )
      .describe('One row per month'),
  })
  .meta({ id: 'ActivityReport' });

export const cpdOut = z
  .object({
    ...smallCells,
    rows: z
      .array(
        z.object({
          year: z.number().int().describe('Calendar year'),
          registered: cell.describe('Licence holders required to do CPD that year'),
          engaged: cell.describe('Of them, those with accepted CPD'),
          notEngaged: cell.describe('Those without'),
          percentEngaged: z
            .number()
            .nullable()
            .describe('Engaged as a percentage of registered (null when suppressed)'),
        }),
      )
      .describe('One row per year'),
  })
  .meta({ id: 'CpdEngagementReport' });

export const supervisionOut = z
  .object({
    ...smallCells,
    rows: z
      .array(
        z.object({
          year: z.number().int().describe('Calendar year'),
          adequate: cell.describe('Supervisees whose supervision was declared adequate'),
          notAdequate: cell.describe('Supervisees whose supervision was declared not adequate'),
          unanswered: cell.describe('Supervisees who did not answer'),
          total: cell.describe('Supervisees asked'),
          percentAdequate: z
            .number()
            .nullable()
            .describe('Adequate as a percentage of those who answered (null when suppressed)'),
        }),
      )
      .describe('One row per year'),
  })
  .meta({ id: 'SupervisionReport' });

const ratioRow = z.object({
  region: z.string().describe('Region'),
  socialWorkers: cell.describe('Active licence holders working in the region'),
  population: z.number().int().nullable().describe('Population of the region (the latest figure entered)'),
  populationYear: z.number().int().nullable().describe('Year of that population figure'),
  per10000: z.number().nullable().describe('Social workers per 10,000 inhabitants'),
});
export const ratioOut = z
  .object({
    asOf: z.string().describe('The day the register is counted on'),
    ...smallCells,
    rows: z.array(ratioRow).describe('One row per year (or month, region)'),
    national: ratioRow.describe('The same for the whole country'),
  })
  .meta({ id: 'WorkforceRatioReport' });

export const programmesOut = z
  .object({
    ...smallCells,
    rows: z
      .array(
        z.object({
          year: z.number().int().describe('Calendar year'),
          accreditedProgrammes: z.number().int().describe('Programmes accredited at some time in the year'),
          graduates: cell.describe('Graduates of accredited programmes in the year (null when suppressed)'),
        }),
      )
      .describe('One row per year (or month, region)'),
  })
  .meta({ id: 'ProgrammesReport' });

export const populationBody = z
  .object({
    region: z.string().trim().min(1).max(120).describe('Region'),
    year: z.number().int().min(1950).max(2200).describe('Year of the figure'),
    population: z.number().int().min(1).max(2_000_000_000).describe('Number of inhabitants'),
    source: z
      .string()
      .trim()
      .max(300)
      .nullable()
      .optional()
      .describe("Where the figure comes from (for example the statistics office's publication)"),
  })
  .strict()
  .meta({ id: 'PopulationFigureInput' });
export const populationOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    region: z.string().describe('Region'),
    year: z.number().int().describe('Calendar year'),
    population: z.number().int().describe('Number of inhabitants'),
    source: z
      .string()
      .nullable()
      .describe("Where the figure comes from (for example the statistics office's publication)"),
    updatedAt: z.string().describe('When the figure was last changed'),
  })
  .meta({ id: 'PopulationFigure' });
export const populationList = z
  .object({ items: z.array(populationOut), total: z.number().int() })
  .meta({ id: 'PopulationFigureList' });
export const populationQuery = z
  .object({ region: z.string().trim().max(120).optional(), year: z.coerce.number().int().optional() })
  .strict();
