/**
 * Background work on node-cron. Slot jobs go through the JobRunner (one run per slot across all
 * instances, missed slots caught up at start). The outbox drain runs every few seconds on every
 * instance; it is safe because rows are claimed with SKIP LOCKED.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { RequestContext } from '@mikro-orm/core';
import type { AppDeps } from '../deps.js';
import { drainOutbox } from '../modules/notifications/index.js';
import { newId } from '../shared/ids.js';
import { boundQueries } from '../shared/query-bound.js';
import { runInScope, SYSTEM_ACTOR } from '../http/request-context.js';
import { JobRunner } from './job-runner.js';
import { scheduledJobs } from './jobs.js';
import { recordJobRun, recordOutboxDrain } from '../ops/metrics.js';

export type Scheduler = { runner: JobRunner; stop(): Promise<void> };

export function startScheduler(deps: AppDeps): Scheduler {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<unknown>>();
  const messageIdDomain = new URL(deps.config.publicUrl).hostname;
  const runner = new JobRunner(deps.orm, deps.clock, deps.log, scheduledJobs(deps));
  /** Aborted by stop(): work that can be abandoned safely (an e-mail being sent) is. */
  const stopping = new AbortController();

  const every = (expression: string, name: string, work: () => Promise<unknown>) => {
    let busy = false;
    const fire = () => {
      if (busy) return;
      busy = true;
      const started = performance.now();
      const run = runInScope({ requestId: `job:${name}:${newId()}`, actor: SYSTEM_ACTOR }, () =>
        RequestContext.create(deps.orm.em, work),
      )
        .then(() => recordJobRun(name, 'succeeded', (performance.now() - started) / 1000))
        .catch((err: unknown) => {
          if (stopping.signal.aborted && (err as Error)?.name === 'AbortError')
            return deps.log.info({ job: name }, 'job stopped with the instance; what it had not committed rolls back');
          recordJobRun(name, 'failed', (performance.now() - started) / 1000);
          deps.log.error({ err, job: name }, 'job failed');
        })
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    tasks.push(cron.schedule(expression, fire, { name }));
    return fire;
  };

  // Bounded like a request (its statements are small): a database that stops answering fails the
  // drain in DB_QUERY_TIMEOUT_MS, and the next tick tries again.
  let mailServerDownSince: number | null = null;
  let mailServerDownLogged = 0;
  every('*/5 * * * * *', 'outbox-drain', () =>
    boundQueries(deps.config.dbQueryTimeoutMs, async () => {
      const r = await drainOutbox({
        orm: deps.orm,
        transport: deps.mailTransport,
        clock: deps.clock,
        log: deps.log,
        from: deps.config.mailFrom,
        maxAttempts: deps.config.outboxMaxAttempts,
        messageIdDomain,
        signal: stopping.signal,
      });
      recordOutboxDrain(r);
      if (r.sent || r.failed || r.retried) deps.log.info({ job: 'outbox-drain', ...r }, 'outbox drained');
      // An unreachable mail server is reported when it happens and once a minute while it lasts.
      if (r.unreachable) {
        mailServerDownSince ??= Date.now();
        if (Date.now() - mailServerDownLogged >= 60_000) {
          mailServerDownLogged = Date.now();
          deps.log.error(
            {
              job: 'outbox-drain',
              error: r.unreachable,
              downForSeconds: Math.round((Date.now() - mailServerDownSince) / 1000),
            },
            'mail server unreachable: e-mails wait in the outbox (their attempts are not used up) and go out once it answers',
          );
        }
      } else if (mailServerDownSince !== null && r.sent) {
        deps.log.info(
          { job: 'outbox-drain', downForSeconds: Math.round((Date.now() - mailServerDownSince) / 1000) },
          'mail server reachable again',
        );
        mailServerDownSince = null;
        mailServerDownLogged = 0;
      }
    }),
  );
  // Slot jobs: checked every minute; the first check runs now, catching up a slot missed while down.
  const tickNow = every('0 * * * * *', 'slot-jobs', () => runner.tick());
  tickNow();

  return {
    runner,
    async stop() {
      stopping.abort();
      for (const t of tasks) await t.stop();
      await Promise.allSettled(running);
    },
  };
}
