export { renewalJobs, sweepExpiries, queueRenewalReminders } from './renewal.jobs.js';
