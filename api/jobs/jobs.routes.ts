import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { defineRoute, permission, type RouteDef } from '../http/routes.js';
import { listOf, listQuery } from '../http/schemas.js';
import { JobRun } from './job-run.entity.js';

const jobRunOut = z
  .object({
    job: z.string().describe('The scheduled job'),
    slot: z.iso
      .datetime()
      .describe('The scheduled time the run is for (one run per slot, whatever the number of instances)'),
    instance: z.string().describe('The instance that ran it'),
    startedAt: z.iso.datetime().describe('When the run started'),
    finishedAt: z.iso.datetime().nullable().describe('When it finished'),
    outcome: z.enum(['running', 'succeeded', 'failed']).describe('running, succeeded or failed'),
    counts: z.record(z.string(), z.number()).nullable().describe('What the run did, counted'),
    error: z.string().nullable().describe('Why it failed'),
  })
  .meta({ id: 'JobRun' });

const query = listQuery(['startedAt']).extend({
  job: z.string().max(60).optional().describe('Only runs of this job'),
  outcome: z.enum(['running', 'succeeded', 'failed']).optional().describe('Only runs with this outcome'),
});

export function jobRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/job-runs',
      access: permission('jobs.read'),
      tags: ['Jobs'],
      summary: 'Runs of scheduled jobs, newest first: slot, start, end, outcome and counts',
      query,
      description:
        'Lists runs of the scheduled jobs, newest first, a page at a time; filter by job name or outcome. Each run names its schedule slot and the instance that claimed it (one run per slot across all instances), with its counts or its error.',
      response: { status: 200, schema: listOf(jobRunOut, 'JobRunList') },
      handler: async ({ query: q }) => {
        const where: Record<string, unknown> = {};
        if (q.job) where.job = q.job;
        if (q.outcome) where.outcome = q.outcome;
        const [rows, total] = await deps.orm.em.findAndCount(JobRun, where, {
          orderBy: { startedAt: 'desc' },
          limit: q.perPage,
          offset: (q.page - 1) * q.perPage,
        });
        return {
          total,
          items: rows.map((r) => ({
            job: r.job,
            slot: r.slot.toISOString(),
            instance: r.instance,
            startedAt: r.startedAt.toISOString(),
            finishedAt: r.finishedAt?.toISOString() ?? null,
            outcome: r.outcome,
            counts: r.counts ?? null,
            error: r.error ?? null,
          })),
        };
      },
    }),
  ];
}
