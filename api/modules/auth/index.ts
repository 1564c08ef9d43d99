/**
 * Accounts, sign-in, sessions, signing keys, roles and permissions.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { Account } from './account.entity.js';
export { authRoutes, REFRESH_COOKIE } from './auth.routes.js';
export { KeyStore } from './keys.service.js';
export { TokenService } from './tokens.js';
export { hashPassword, newTotpSecret, totpCode } from './credentials.js';
export {
  API_KEY_SCOPES,
  DEFAULT_API_KEY_SCOPES,
  ROLES,
  STAFF_ROLES,
  PERMISSIONS,
  can,
  isStaff,
  type ApiKeyScope,
  type Role,
  type Permission,
} from './auth.permissions.js';
export { SessionGuard } from './session-guard.js';
export { sessionIsOpen } from './sessions.js';
export { authJobs } from './auth.jobs.js';
export {
  AuthSession,
  PasswordReset,
  PasswordResetRequest,
  RecoveryCode,
  RefreshToken,
  type MfaMethod,
} from './session.entity.js';
export { SigningKey } from './signing-key.entity.js';
export { RateLimitBucket } from './rate-limit.entity.js';
export { INVITATION_MINUTES, issueSetPasswordLink, normaliseEmail } from './auth.service.js';
