export { renewalJobs, sweepExpiries, queueRenewalReminders } from './renewal.jobs.js';
export { renewalRoutes } from './renewal.routes.js';
export { renewalWindow, renewedPeriod, renewalChecks, type CpdFacts } from './renewal.rules.js';
