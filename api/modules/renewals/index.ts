/**
 * The renewal cycle: windows, reminders, the expiry sweeps and where each licence stands.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { renewalJobs, sweepExpiries, queueRenewalReminders } from './renewal.jobs.js';
export { renewalRoutes } from './renewal.routes.js';
export { renewalWindow, renewalChecks, type CpdFacts, type RenewalDeclarations } from './renewal.rules.js';
