import { defineEntity, p } from '@mikro-orm/core';

/**
 * One run of a scheduled job for one slot. The primary key (job, slot) is the claim: the instance
 * whose INSERT … ON CONFLICT DO NOTHING returns a row runs the slot; every other instance skips it.
 */
export const JobRunSchema = defineEntity({
  name: 'JobRun',
  tableName: 'job_run',
  primaryKeys: ['job', 'slot'],
  indexes: [{ properties: ['startedAt'] }],
  properties: {
    job: p.string().length(60).primary(),
    slot: p.datetime().primary(),
    instance: p.string().length(120),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    outcome: p.string().length(16).$type<'running' | 'succeeded' | 'failed'>(),
    counts: p.json<Record<string, number>>().nullable(),
    error: p.text().nullable(),
  },
});
export class JobRun extends JobRunSchema.class {}
JobRunSchema.setClass(JobRun);
