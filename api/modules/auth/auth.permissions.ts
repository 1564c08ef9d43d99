/**
 * Roles and what they may do: one table, read by route declarations and by the UI's navigation.
 */
export const ROLES = [
  'admin',
  'registrar',
  'reviewer',
  'auditor',
  'social_worker',
  'employer',
  'school_admin',
  'cpd_provider',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['admin', 'registrar', 'reviewer', 'auditor'];

export const isStaff = (roles: readonly string[]): boolean =>
  roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));

export const PERMISSIONS = {
  'council.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'council.manage': ['admin'],
  'accounts.manage': ['admin'],
  'audit.read': ['admin', 'auditor'],
  'dashboard.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'jobs.read': ['admin', 'registrar', 'auditor'],
  'outbox.read': ['admin', 'registrar', 'auditor'],
  'outbox.manage': ['admin', 'registrar'],
  'mra.lookup': ['admin', 'registrar', 'reviewer'],
  'mra.manage': ['admin'],
  'accreditation.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'accreditation.manage': ['admin', 'registrar'],
  'accreditation.review': ['admin', 'registrar', 'reviewer'],
  'registrants.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'registrants.manage': ['admin', 'registrar'],
  'identity.read': ['admin', 'registrar'],
  'licences.manage': ['admin', 'registrar'],
  'applications.review': ['admin', 'registrar', 'reviewer'],
  'applications.decide': ['admin', 'registrar'],
  'exams.manage': ['admin', 'registrar'],
  // Fitness-to-practise cases are confidential: only the officers who run them (not reviewers or auditors).
  'discipline.manage': ['admin', 'registrar'],
  // CPD: staff read; managers run providers, rules, exemptions and audit rounds; reviewers decide records and audits.
  'cpd.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'cpd.manage': ['admin', 'registrar'],
  'cpd.review': ['admin', 'registrar', 'reviewer'],
  // Workforce reports: staff read (small cells suppressed except for admins); managers enter population figures and import registers.
  'reports.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'reports.manage': ['admin', 'registrar'],
  'imports.manage': ['admin', 'registrar'],
  // Employer organisations, their accounts, API keys and webhook deliveries.
  'employers.manage': ['admin', 'registrar'],
  // Fees: staff read invoices and the schedule; admins set fees; managers take payments, waive, refund and void.
  'fees.read': ['admin', 'registrar', 'reviewer', 'auditor'],
  'fees.manage': ['admin'],
  'payments.manage': ['admin', 'registrar'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export const can = (roles: readonly string[], permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly string[]).some((r) => roles.includes(r));

/**
 * What an employer's API key may be used for. A key made without a choice verifies licences only;
 * managing the watchlist, the webhook or the organisation's keys needs a signed-in person or a key
 * given that scope. No key can create keys.
 */
export const API_KEY_SCOPES = ['verify', 'watchlist', 'webhooks', 'keys'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = ['verify'];
