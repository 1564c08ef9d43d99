/**
 * Employer organisations: API keys, watchlists and webhooks.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { employerRoutes } from './employer.routes.js';
export { employerJobs, scanWatchlists, deliverWebhooks } from './employer.jobs.js';
export { apiKeyVerifier } from './employer.auth.js';
export { signWebhook, verifyWebhookSignature, webhookUrlProblem } from './employer.rules.js';
export {
  EmployerOrganisation,
  EmployerMember,
  EmployerApiKey,
  WatchEntry,
  WatchNotification,
  WatchScanCursor,
} from './employer.entity.js';
