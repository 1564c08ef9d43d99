/**
 * The append-only, hash-chained audit trail.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
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
