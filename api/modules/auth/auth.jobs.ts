/** Password reset requests left in the queue (the instance that took one stopped, or mail queueing failed) are sent within a minute. */
import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import { processResetRequests } from './auth.service.js';

export function authJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: 'auth-password-reset-requests',
      cadence: { everyMinutes: 1 },
      run: async () => ({ handled: await processResetRequests(deps) }),
    },
  ];
}
