import { z } from 'zod';
import type { Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { dashboardService, TREND_STATUSES } from './dashboard.service.js';
import { reportService } from './reports.service.js';
import { exactFiguresFor } from './actions/settings.js';
import { deletePopulation, listPopulation, setPopulation } from './actions/population.js';
import * as s from './reports.schema.js';
import { sendDownload } from '../../http/download.js';

const dashboardOut = z
  .object({
    council: z.object({ name: z.string().describe("The council's name") }).describe('The council'),
    accounts: z
      .object({
        total: z.number().int().describe('Accounts in all'),
        byRole: z.record(z.string(), z.number().int()).describe('Accounts per role'),
      })
      .describe('Accounts in all and by role'),
    audit: z
      .object({
        total: z.number().int().describe('Events in the audit trail'),
        last24h: z.number().int().describe('Events in the last 24 hours'),
      })
      .describe('Audit events in all and in the last 24 hours'),
    outbox: z
      .object({
        pending: z.number().int().describe('E-mails waiting to be sent'),
        failed: z.number().int().describe('E-mails given up on'),
      })
      .describe('E-mails waiting and failed'),
  })
  .meta({ id: 'Dashboard' });

const statusCounts = Object.fromEntries(
  TREND_STATUSES.map((st) => [st, z.number().int().describe(`licences ${st} at the month's end`)]),
) as Record<(typeof TREND_STATUSES)[number], z.ZodNumber>;
const dashboardTrendOut = z
  .object({
    today: z.iso.date().describe("the day the figures are for (the council's clock)"),
    months: z
      .array(
        z.object({
          month: z.string().describe('YYYY-MM'),
          asOf: z.iso.date().describe("the day counted: the month's last day, or today for the current month"),
          ...statusCounts,
        }),
      )
      .describe('the last 12 months, oldest first'),
    renewalsDue: z
      .array(
        z.object({
          weekOf: z.iso.date().describe('the Monday of the week'),
          licences: z.number().int().describe('active licences whose validity ends that week'),
        }),
      )
      .describe('licences due for renewal in the next 90 days, by week (weeks with none are left out)'),
  })
  .meta({ id: 'DashboardTrend' });

const sendCsv = (res: Response, file: { filename: string; text: string }) =>
  sendDownload(res, { contentType: 'text/csv; charset=utf-8', filename: file.filename, body: file.text });

const SUPPRESSION =
  'Counts of people from 1 to N-1 (council setting reportSmallCellThreshold, default 5) are withheld as null, ' +
  'with a complementary cell withheld so totals cannot give them back; admins receive exact figures in JSON.';

export function reportRoutes(deps: AppDeps): RouteDef[] {
  const dashboard = dashboardService(deps);
  const reports = reportService(deps);
  const em = () => deps.orm.em;
  const read = permission('reports.read');
  const tags = ['Reports'];
  const csvResponse = {
    status: 200,
    contentType: 'text/csv',
    description: 'CSV (UTF-8 with BOM); small cells read "<N"',
  };

  const pair = <Q>(
    name: string,
    summary: string,
    query: z.ZodType<Q>,
    schema: z.ZodType,
    json: (q: Q, exact: boolean) => Promise<unknown>,
    csv: (q: Q) => Promise<{ filename: string; text: string }>,
  ): RouteDef[] => [
    defineRoute({
      method: 'get',
      path: `/api/v1/reports/${name}`,
      access: read,
      tags,
      summary,
      description: SUPPRESSION,
      query,
      response: { status: 200, schema },
      handler: ({ query: q, auth }) => json(q, exactFiguresFor(auth)),
    }),
    defineRoute({
      method: 'get',
      path: `/api/v1/reports/${name}/csv`,
      access: read,
      tags,
      summary: `${summary} (CSV export, small cells suppressed)`,
      description: `The same figures as GET /api/v1/reports/${name}, as a CSV file to download (UTF-8 with a byte-order mark, for spreadsheets). Small cells are suppressed for every reader, admins included: a withheld count reads "<N".`,
      query,
      response: csvResponse,
      raw: true,
      handler: async ({ query: q, res }) => sendCsv(res, await csv(q)),
    }),
  ];

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/dashboard',
      access: permission('dashboard.read'),
      tags,
      summary: 'Figures for the staff dashboard',
      description:
        'Headline figures for the staff home page: accounts by role, audit events in total and in the last 24 hours, and e-mails pending or failed in the outbox. Read live on each call.',
      response: { status: 200, schema: dashboardOut },
      handler: () => dashboard.summary(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/dashboard/trend',
      access: permission('dashboard.read'),
      tags,
      summary: "The register's trend: licences by status over 12 months, renewals due in 90 days",
      description:
        "For the staff dashboard's charts: at the end of each of the last 12 months, how many licences were active, in grace, suspended, lapsed, revoked or surrendered (from the licence history, as the workforce report counts them), and how many active licences come due for renewal in each week of the next 90 days.",
      response: { status: 200, schema: dashboardTrendOut },
      handler: () => dashboard.trend(),
    }),
    ...pair(
      'workforce',
      'Licences by tier, status, region, sex, sector and age band, as of a date (from the licence history)',
      s.workforceQuery,
      s.workforceOut,
      reports.workforce,
      reports.csv.workforce,
    ),
    ...pair(
      'activity',
      'New registrations, renewals, lapses and sanctions per month',
      s.activityQuery,
      s.activityOut,
      reports.activity,
      reports.csv.activity,
    ),
    ...pair(
      'cpd-engagement',
      'CPD engagement per cycle (calendar year): registered people with at least one accepted CPD record',
      s.yearsQuery,
      s.cpdOut,
      reports.cpd,
      reports.csv.cpd,
    ),
    ...pair(
      'supervision',
      'Supervision adequacy from the renewal question, per year of submission',
      s.yearsQuery,
      s.supervisionOut,
      reports.supervision,
      reports.csv.supervision,
    ),
    ...pair(
      'workforce-ratio',
      'Social workers (active or in grace) per 10,000 population per region, with the year of the population figure',
      s.ratioQuery,
      s.ratioOut,
      reports.ratio,
      reports.csv.ratio,
    ),
    ...pair(
      'programmes',
      'Accredited programmes and graduates per year',
      s.yearsQuery,
      s.programmesOut,
      reports.programmes,
      reports.csv.programmes,
    ),
    defineRoute({
      method: 'get',
      path: '/api/v1/population-figures',
      access: read,
      tags,
      summary: 'Population figures per region and year',
      description:
        "The population figures behind the workforce ratio report (which uses each region's latest figure up to the report's year), ordered by region then newest year first; filter by region or year.",
      query: s.populationQuery,
      response: { status: 200, schema: s.populationList },
      handler: ({ query }) => listPopulation(em(), query),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/population-figures',
      access: permission('reports.manage'),
      tags,
      summary: "Set a region's population for a year (replaces an earlier figure for that region and year)",
      description:
        'Records the population of a region for a year, with its source. There is one figure per region and year: sending it again replaces the earlier figure. The change is audited with the previous value.',
      body: s.populationBody,
      response: { status: 200, schema: s.populationOut },
      handler: ({ body, auth }) => setPopulation(em(), body, auth?.accountId ?? null, deps.clock.now()),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/population-figures/:id',
      access: permission('reports.manage'),
      tags,
      summary: 'Delete a population figure',
      description:
        "Deletes one population figure; the workforce ratio report then uses the region's latest earlier figure, if any. The deletion is audited.",
      params: idParams,
      response: { status: 204 },
      handler: ({ params }) => deletePopulation(em(), params.id),
    }),
  ];
}
