/**
 * Background work on node-cron. Each run gets its own MikroORM context and a system actor. The
 * outbox drain is safe on any number of instances (rows are claimed with SKIP LOCKED).
 */
import cron, { type ScheduledTask } from 'node-cron';
import { RequestContext } from '@mikro-orm/core';
import type { AppDeps } from '../deps.js';
import { drainOutbox } from '../modules/notifications/index.js';
import { newId } from '../shared/ids.js';
import { runInScope, SYSTEM_ACTOR } from '../http/request-context.js';

export type Scheduler = { stop(): Promise<void> };

export function startScheduler(deps: AppDeps): Scheduler {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<unknown>>();
  const messageIdDomain = new URL(deps.config.publicUrl).hostname;

  const every = (expression: string, name: string, work: () => Promise<unknown>) => {
    let busy = false;
    tasks.push(
      cron.schedule(expression, () => {
        if (busy) return;
        busy = true;
        const run = runInScope({ requestId: `job:${name}:${newId()}`, actor: SYSTEM_ACTOR }, () => RequestContext.create(deps.orm.em, work))
          .catch((err: unknown) => deps.log.error({ err, job: name }, 'job failed'))
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      }, { name }),
    );
  };

  every('*/5 * * * * *', 'outbox-drain', async () => {
    const r = await drainOutbox({ orm: deps.orm, transport: deps.mailTransport, clock: deps.clock, log: deps.log, from: deps.config.mailFrom, maxAttempts: deps.config.outboxMaxAttempts, messageIdDomain });
    if (r.sent || r.failed || r.retried) deps.log.info({ job: 'outbox-drain', ...r }, 'outbox drained');
  });

  return {
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...running]);
    },
  };
}
