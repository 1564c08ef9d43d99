import { z } from 'zod';
import type { Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { dashboardService } from './dashboard.service.js';
import { reportService } from './reports.service.js';
import { exactFiguresFor } from './actions/settings.js';
import { deletePopulation, listPopulation, setPopulation } from './actions/population.js';
import * as s from './reports.schema.js';
import { sendDownload } from '../../http/download.js';

const dashboardOut = z
  .object({
    council: z.object({ name: z.string() }),
    accounts: z.object({ total: z.number().int(), byRole: z.record(z.string(), z.number().int()) }),
    audit: z.object({ total: z.number().int(), last24h: z.number().int() }),
    outbox: z.object({ pending: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: 'Dashboard' });

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
