export {
  recordAudit,
  listAuditEvents,
  verifyAuditChain,
  type AuditEntry,
  type ChainVerification,
} from './audit.service.js';
export { AuditEvent, AuditChainHead } from './audit-event.entity.js';
export { auditRoutes } from './audit.routes.js';
export { updateAudited } from './audited-update.js';
