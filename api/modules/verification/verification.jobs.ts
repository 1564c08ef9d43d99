import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import { removeExpiredFormTokens } from '../discipline/index.js';

/**
 * The public pages' housekeeping, hourly: per-client rate-limit rows of past windows, and used
 * complaint form tokens past their expiry, are removed.
 */
export function verificationJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: 'public-rate-limit-cleanup',
      cadence: { everyMinutes: 60, offsetMinutes: 7 },
      run: async ({ now }) => {
        const em = deps.orm.em.fork();
        const rows = await em.execute<{ n: number }[]>(
          `with gone as (delete from rate_limit_bucket where key like 'pub-%' and window_start < ?::timestamptz - interval '1 hour' returning 1) select count(*)::int as n from gone`,
          [now],
        );
        return { removed: rows[0]?.n ?? 0, formTokens: await removeExpiredFormTokens(em, now) };
      },
    },
  ];
}
