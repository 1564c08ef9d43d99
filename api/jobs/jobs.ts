/** The scheduled jobs of every module, in one list. */
import type { AppDeps } from '../deps.js';
import type { JobDefinition } from './job-runner.js';

export function scheduledJobs(_deps: AppDeps): JobDefinition[] {
  return [];
}
