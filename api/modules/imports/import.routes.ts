import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { importService, importTemplate, jobView, MAX_IMPORT_BYTES } from './import.service.js';
import { IMPORT_COLUMNS } from './import.rules.js';
import * as s from './import.schema.js';
import { sendDownload } from '../../http/download.js';
import { unboundQueries } from '../../shared/query-bound.js';

export function importRoutes(deps: AppDeps): RouteDef[] {
  const imports = importService(deps);
  const access = permission('imports.manage');
  const tags = ['Register import'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/imports/columns',
      access,
      tags,
      summary: 'The column mapping of a register import file',
      description:
        'Every column a register import file may hold: its header name, whether it is required, what it holds and an example value. Columns are found by their header name, so their order does not matter.',
      response: { status: 200, schema: s.importColumns },
      handler: () => ({ items: IMPORT_COLUMNS }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports/template',
      access,
      tags,
      summary: 'Download the import template (CSV with the header row and one example row)',
      description:
        'A CSV file with the header row of every import column and one example row, to fill in from an existing register.',
      response: { status: 200, contentType: 'text/csv' },
      raw: true,
      handler: ({ res }) => {
        sendDownload(res, {
          contentType: 'text/csv; charset=utf-8',
          filename: 'register-import-template.csv',
          body: importTemplate(),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/imports',
      access,
      tags,
      summary:
        'Upload a register file (CSV: UTF-8 with or without BOM, or Windows-1252) for a dry run: every row is validated, nothing is imported',
      description:
        'Stores the file (sent as the raw body) and validates every row against the file itself and the register as it is now; nothing is imported yet. The answer is the dry-run report: counts of what would be created and the first 200 row-level errors (all of them in the errors CSV). Commit it to import the valid rows.',
      query: s.uploadQuery,
      upload: { maxBytes: MAX_IMPORT_BYTES, mediaTypes: ['text/csv'] },
      response: { status: 201, schema: s.importJobOut },
      handler: ({ query, body, auth }) =>
        imports.upload({ bytes: body as Buffer, filename: query.filename }, auth?.accountId ?? null),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports',
      access,
      tags,
      summary: 'Recent imports',
      description:
        'The 50 most recent imports, newest first, with their status and counts (without their row-level errors).',
      response: { status: 200, schema: s.importJobList },
      handler: () => imports.list(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports/:id',
      access,
      tags,
      summary: 'An import: its dry-run report, and progress while it commits',
      description:
        'One import with its dry-run counts and errors, and while it commits, how many rows are done; after the commit, the counts of what was created or the reason it failed. Poll it after starting a commit.',
      params: idParams,
      response: { status: 200, schema: s.importJobOut },
      handler: async ({ params }) => jobView(await imports.get(params.id)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports/:id/errors',
      access,
      tags,
      summary: 'The row-level error report (CSV: row, field, reason)',
      description:
        'The dry-run errors of an import as a CSV file to download: row number, field and reason, one line per error, to correct the source file.',
      params: idParams,
      response: { status: 200, contentType: 'text/csv' },
      raw: true,
      handler: async ({ params, res }) => {
        const job = await imports.get(params.id);
        sendDownload(res, {
          contentType: 'text/csv; charset=utf-8',
          filename: `import-errors-${job.id}.csv`,
          body: imports.errorsCsv(job),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/imports/:id/commit',
      access,
      tags,
      summary:
        'Commit the valid rows (re-checked against the register); runs in the background — poll the import for progress',
      description:
        "Starts importing the valid rows, re-checked against the register as it is at commit time, in one transaction; the answer (202) comes at once and the import's progress can be polled. A failed commit can be started again; an import already committed or being committed answers 409.",
      params: idParams,
      response: { status: 202, schema: s.importJobOut },
      handler: async ({ params }) => {
        const run = await imports.claim(params.id);
        // The commit continues after this response; its outcome (or failure) is written to the import row.
        // Its statements are not bound by DB_QUERY_TIMEOUT_MS as the request's are: a large import takes minutes.
        unboundQueries(run).catch((e: unknown) =>
          deps.log.error({ err: e, importId: params.id }, 'register import failed'),
        );
        return jobView(await imports.get(params.id));
      },
    }),
  ];
}
