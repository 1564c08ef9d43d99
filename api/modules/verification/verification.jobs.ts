import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import { removeExpiredFormTokens } from '../discipline/index.js';

/**
 * Housekeeping, hourly: rate-limit rows of past windows (the public register's one-minute windows
 * after an hour; every other limit's after 25 hours, longer than the longest window a council can
 * configure, SIGN_IN_WINDOW_SECONDS ≤ 24 h), and used complaint form tokens past their expiry.
 */
export function verificationJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: 'public-rate-limit-cleanup',
      cadence: { everyMinutes: 60, offsetMinutes: 7 },
      run: async ({ now }) => {
        const em = deps.orm.em.fork();
        const rows = await em.execute<{ n: number }[]>(
          `with gone as (
             delete from rate_limit_bucket
             where (key like 'pub-%' and window_start < ?::timestamptz - interval '1 hour')
                or window_start < ?::timestamptz - interval '25 hours'
             returning 1)
           select count(*)::int as n from gone`,
          [now, now],
        );
        return { removed: rows[0]?.n ?? 0, formTokens: await removeExpiredFormTokens(em, now) };
      },
    },
  ];
}
