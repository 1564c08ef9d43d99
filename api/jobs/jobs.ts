/** The scheduled jobs of every module, in one list. */
import type { AppDeps } from '../deps.js';
import type { JobDefinition } from './job-runner.js';
import { authJobs } from '../modules/auth/index.js';
import { accreditationJobs } from '../modules/accreditation/index.js';
import { renewalJobs } from '../modules/renewals/index.js';
import { disciplineJobs } from '../modules/discipline/index.js';
import { employerJobs } from '../modules/employers/index.js';
import { verificationJobs } from '../modules/verification/index.js';

export function scheduledJobs(deps: AppDeps): JobDefinition[] {
  return [
    ...authJobs(deps),
    ...accreditationJobs(deps),
    ...renewalJobs(deps),
    ...disciplineJobs(deps),
    ...employerJobs(deps),
    ...verificationJobs(deps),
  ];
}
