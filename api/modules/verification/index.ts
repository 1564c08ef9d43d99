export {
  publicLicenceSchema,
  publicConditionSchema,
  publicSanctionSchema,
  findPublicLicences,
  findPublicLicencesOnPool,
  lookupPublicLicence,
  recomputePublicLicences,
  normaliseLicenceNumberInput,
  publicRegisterSettingsFrom,
  PUBLIC_STATUSES,
  OPTIONAL_PUBLIC_FIELDS,
  DEFAULT_PUBLIC_REGISTER,
  MAX_PUBLIC_LOOKUP,
  PUBLIC_LICENCE_KEYS,
  PUBLIC_LICENCE_EXAMPLE,
  type PublicLicence,
  type PublicStatus,
  type OptionalPublicField,
  type PublicRegisterSettings,
} from './verification.projection.js';
export { verificationRoutes } from './verification.routes.js';
export {
  verificationService,
  countVerifications,
  flushVerificationCounts,
  closePublicRegister,
  publicRegister,
  SEARCH_MAX_RESULTS,
  SEARCH_MIN_LENGTH,
} from './verification.service.js';
export { LeasedRateLimiter } from './verification.rate-limit.js';
export { LicenceVerificationCount, PublicRegisterEntry, PublicRegisterLabel } from './verification.entity.js';
export { publicReadPool } from './verification.read-pool.js';
export { publicLookupFastPath } from './verification.fast-path.js';
export { verificationJobs } from './verification.jobs.js';
