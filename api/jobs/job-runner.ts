/**
 * Runs registered jobs exactly once per slot across all instances. Each tick (and start-up, which
 * catches up a slot missed during downtime) claims the current slot of every job with one INSERT …
 * ON CONFLICT DO NOTHING; only the winner runs it, in its own MikroORM context and a system actor.
 * A failed slot is retried after 5 minutes, and a slot whose runner died is taken over after an hour.
 * A job's work must itself be idempotent (set-based updates with guards, outbox idempotency keys).
 */
import { RequestContext } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { hostname } from 'node:os';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { runInScope, SYSTEM_ACTOR } from '../http/request-context.js';
import { slotFor, type Cadence } from './slots.js';
import { recordJobRun } from '../ops/metrics.js';

export type JobContext = { slot: Date; now: Date };
export type JobDefinition = {
  name: string;
  cadence: Cadence;
  run: (ctx: JobContext) => Promise<Record<string, number>>;
};

export type SlotOutcome = {
  job: string;
  slot: Date;
  claimed: boolean;
  outcome?: 'succeeded' | 'failed';
  counts?: Record<string, number>;
};

export class JobRunner {
  readonly instance = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly jobs: JobDefinition[],
  ) {}

  /** Claims and runs the current slot of one job; a no-op when another instance has it. */
  async runSlot(job: JobDefinition): Promise<SlotOutcome> {
    const now = this.clock.now();
    const slot = slotFor(now, job.cadence);
    const em = this.orm.em.fork();
    const claimed = await em.execute<{ job: string }[]>(
      `insert into job_run (job, slot, instance, started_at, outcome) values (?, ?, ?, ?, 'running')
       on conflict (job, slot) do update set instance = excluded.instance, started_at = excluded.started_at, outcome = 'running', finished_at = null, error = null
       where (job_run.outcome = 'failed' and job_run.finished_at < excluded.started_at - interval '5 minutes')
          or (job_run.outcome = 'running' and job_run.started_at < excluded.started_at - interval '1 hour')
       returning job`,
      [job.name, slot, this.instance, now],
    );
    if (claimed.length === 0) return { job: job.name, slot, claimed: false };
    const requestId = `job:${job.name}:${slot.toISOString()}`;
    const started = performance.now();
    try {
      const counts = await runInScope({ requestId, actor: SYSTEM_ACTOR }, () =>
        RequestContext.create(this.orm.em, () => job.run({ slot, now })),
      );
      await em.execute(
        `update job_run set outcome = 'succeeded', finished_at = ?, counts = ? where job = ? and slot = ?`,
        [this.clock.now(), JSON.stringify(counts), job.name, slot],
      );
      recordJobRun(job.name, 'succeeded', (performance.now() - started) / 1000);
      this.log.info({ job: job.name, slot, counts }, 'job run succeeded');
      return { job: job.name, slot, claimed: true, outcome: 'succeeded', counts };
    } catch (err) {
      await em
        .execute(`update job_run set outcome = 'failed', finished_at = ?, error = ? where job = ? and slot = ?`, [
          this.clock.now(),
          String((err as Error)?.stack ?? err).slice(0, 4000),
          job.name,
          slot,
        ])
        .catch(() => {});
      recordJobRun(job.name, 'failed', (performance.now() - started) / 1000);
      this.log.error({ err, job: job.name, slot }, 'job run failed');
      return { job: job.name, slot, claimed: true, outcome: 'failed' };
    }
  }

  /** One pass over every job (used by each tick and at start-up for catch-up). */
  async tick(): Promise<SlotOutcome[]> {
    const out: SlotOutcome[] = [];
    for (const job of this.jobs) out.push(await this.runSlot(job));
    return out;
  }
}
