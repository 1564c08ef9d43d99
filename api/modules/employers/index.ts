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
} from './employer.entity.js';
