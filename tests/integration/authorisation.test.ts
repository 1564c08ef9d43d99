/**
 * One table: every route × every kind of caller → allowed or refused at the access check.
 * The table is written by hand on purpose: changing a route's access, or adding a route without a
 * row here, fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';

const CALLERS = [
  'anonymous',
  'admin',
  'registrar',
  'reviewer',
  'auditor',
  'social_worker',
  'employer',
  'school_admin',
  'cpd_provider',
] as const;
type Caller = (typeof CALLERS)[number];

const PUBLIC: Caller[] = [...CALLERS];
const SIGNED_IN: Caller[] = CALLERS.filter((c) => c !== 'anonymous');
const STAFF: Caller[] = ['admin', 'registrar', 'reviewer', 'auditor'];
const STAFF_AND_SCHOOL: Caller[] = [...STAFF, 'school_admin'];
const SCHOOL_WRITERS: Caller[] = ['admin', 'registrar', 'school_admin'];
const MANAGERS: Caller[] = ['admin', 'registrar'];
const REVIEWERS: Caller[] = ['admin', 'registrar', 'reviewer'];
const ADMIN: Caller[] = ['admin'];
const AUDIT: Caller[] = ['admin', 'auditor'];
const JOBS: Caller[] = ['admin', 'registrar', 'auditor'];
const SELF: Caller[] = ['social_worker'];
const STAFF_AND_SELF: Caller[] = [...STAFF, 'social_worker'];
const WRITERS_AND_SELF: Caller[] = ['admin', 'registrar', 'social_worker'];
const PAYERS: Caller[] = ['social_worker', 'school_admin', 'cpd_provider'];
const STAFF_AND_PAYERS: Caller[] = [...STAFF, ...PAYERS];

const TABLE: Record<string, Caller[]> = {
  'GET /livez': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /.well-known/jwks.json': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/docs/init.js': PUBLIC,
  'POST /api/v1/auth/sign-in': PUBLIC,
  'GET /api/v1/auth/oidc': PUBLIC,
  'GET /api/v1/auth/oidc/settings': ADMIN,
  'PUT /api/v1/auth/oidc/settings': ADMIN,
  'GET /api/v1/auth/oidc/start': PUBLIC,
  'GET /api/v1/auth/oidc/callback': PUBLIC,
  'GET /api/v1/auth/oidc/logout': PUBLIC,
  'POST /api/v1/auth/mfa/verify': PUBLIC,
  'POST /api/v1/auth/mfa/enrolment': PUBLIC,
  'POST /api/v1/auth/mfa/enrolment/confirm': PUBLIC,
  'POST /api/v1/auth/mfa/recovery-codes': STAFF,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/sign-out': PUBLIC,
  'GET /api/v1/auth/me': SIGNED_IN,
  'PUT /api/v1/auth/me/language': SIGNED_IN,
  'POST /api/v1/auth/password-reset': PUBLIC,
  'POST /api/v1/auth/password-reset/confirm': PUBLIC,
  'GET /api/v1/accounts': ADMIN,
  'GET /api/v1/staff-directory': STAFF,
  'GET /api/v1/accounts/:id': ADMIN,
  'POST /api/v1/accounts': ADMIN,
  'PATCH /api/v1/accounts/:id': ADMIN,
  'GET /api/v1/council': PUBLIC,
  'GET /api/v1/council/settings': ADMIN,
  'PATCH /api/v1/council/settings': ADMIN,
  'GET /api/v1/council/tiers': SIGNED_IN,
  'POST /api/v1/council/tiers': ADMIN,
  'PATCH /api/v1/council/tiers/:id': ADMIN,
  'GET /api/v1/council/cpd-categories': STAFF,
  'GET /api/v1/audit-events': AUDIT,
  'GET /api/v1/audit-events/verification': AUDIT,
  'GET /api/v1/dashboard': STAFF,
  'GET /api/v1/dashboard/trend': STAFF,
  'GET /api/v1/reports/workforce': STAFF,
  'GET /api/v1/reports/workforce/csv': STAFF,
  'GET /api/v1/reports/activity': STAFF,
  'GET /api/v1/reports/activity/csv': STAFF,
  'GET /api/v1/reports/cpd-engagement': STAFF,
  'GET /api/v1/reports/cpd-engagement/csv': STAFF,
  'GET /api/v1/reports/supervision': STAFF,
  'GET /api/v1/reports/supervision/csv': STAFF,
  'GET /api/v1/reports/workforce-ratio': STAFF,
  'GET /api/v1/reports/workforce-ratio/csv': STAFF,
  'GET /api/v1/reports/programmes': STAFF,
  'GET /api/v1/reports/programmes/csv': STAFF,
  'GET /api/v1/population-figures': STAFF,
  'PUT /api/v1/population-figures': MANAGERS,
  'DELETE /api/v1/population-figures/:id': MANAGERS,
  'GET /api/v1/imports/columns': MANAGERS,
  'GET /api/v1/imports/template': MANAGERS,
  'POST /api/v1/imports': MANAGERS,
  'GET /api/v1/imports': MANAGERS,
  'GET /api/v1/imports/:id': MANAGERS,
  'GET /api/v1/imports/:id/errors': MANAGERS,
  'POST /api/v1/imports/:id/commit': MANAGERS,
  'GET /api/v1/job-runs': JOBS,
  'GET /api/v1/outbox': JOBS,
  'POST /api/v1/outbox/:id/retry': MANAGERS,
  'GET /api/v1/renewals': STAFF,
  'GET /api/v1/renewals/mine': SELF,
  'GET /api/v1/mra/peers': REVIEWERS,
  'POST /api/v1/mra/peers': ADMIN,
  'PATCH /api/v1/mra/peers/:id': ADMIN,
  'POST /api/v1/mra/lookups': REVIEWERS,
  'GET /api/v1/mra/lookups': REVIEWERS,
  'POST /api/v1/mra/lookups/:id/verification': REVIEWERS,
  'POST /api/v1/mra/requests': PUBLIC,
  'GET /api/v1/licences/:id/credential': WRITERS_AND_SELF,
  'POST /api/v1/licences/:id/credential-offer': WRITERS_AND_SELF,
  'GET /.well-known/openid-credential-issuer': PUBLIC,
  'GET /.well-known/oauth-authorization-server': PUBLIC,
  'POST /api/v1/oid4vci/token': PUBLIC,
  'POST /api/v1/oid4vci/nonce': PUBLIC,
  'POST /api/v1/oid4vci/credential': PUBLIC,
  'GET /.well-known/did.json': PUBLIC,
  'GET /contexts/social-work-licence/v1': PUBLIC,
  'GET /credentials/status/:purpose/:list': PUBLIC,
  'GET /api/v1/institutions': STAFF_AND_SCHOOL,
  'POST /api/v1/institutions': MANAGERS,
  'GET /api/v1/institutions/:id': STAFF_AND_SCHOOL,
  'PATCH /api/v1/institutions/:id': SCHOOL_WRITERS,
  'POST /api/v1/institutions/:id/admins': MANAGERS,
  'GET /api/v1/programmes': STAFF_AND_SCHOOL,
  'POST /api/v1/programmes': SCHOOL_WRITERS,
  'GET /api/v1/programme-directory': SIGNED_IN,
  'GET /api/v1/programmes/:id': STAFF_AND_SCHOOL,
  'PATCH /api/v1/programmes/:id': SCHOOL_WRITERS,
  'GET /api/v1/accreditation-applications': STAFF_AND_SCHOOL,
  'POST /api/v1/accreditation-applications': SCHOOL_WRITERS,
  'GET /api/v1/accreditation-applications/:id': STAFF_AND_SCHOOL,
  'POST /api/v1/accreditation-applications/:id/documents': SCHOOL_WRITERS,
  'GET /api/v1/accreditation-applications/:id/documents/:documentId': STAFF_AND_SCHOOL,
  'POST /api/v1/accreditation-applications/:id/submit': SCHOOL_WRITERS,
  'POST /api/v1/accreditation-applications/:id/withdraw': SCHOOL_WRITERS,
  'POST /api/v1/accreditation-applications/:id/reviewers': MANAGERS,
  'POST /api/v1/accreditation-applications/:id/site-visit': REVIEWERS,
  'POST /api/v1/accreditation-applications/:id/decision': MANAGERS,
  'POST /api/v1/accreditations/:id/conditions/:conditionId': MANAGERS,
  'POST /api/v1/accreditations/:id/withdrawal': MANAGERS,
  'GET /api/v1/eligibility/accredited-qualification': STAFF,
  'POST /api/v1/institutions/:id/graduate-uploads': SCHOOL_WRITERS,
  'GET /api/v1/graduate-uploads/:id': STAFF_AND_SCHOOL,
  'POST /api/v1/graduate-uploads/:id/acceptance': MANAGERS,
  'GET /api/v1/graduates': STAFF_AND_SCHOOL,
  'GET /api/v1/public/accredited-programmes': PUBLIC,
  'GET /accredited-programmes': PUBLIC,
  'GET /api/v1/public/licences/:number': PUBLIC,
  'GET /api/v1/public/licences': PUBLIC,
  'GET /verify': PUBLIC,
  'GET /verify/:number': PUBLIC,
  'GET /api/v1/licences/:id/verification-count': STAFF,
  'GET /api/v1/registrants': STAFF,
  'POST /api/v1/registrants': WRITERS_AND_SELF,
  'GET /api/v1/registrants/me': SELF,
  'GET /api/v1/registrants/:id': STAFF_AND_SELF,
  'GET /api/v1/registrants/:id/identity': MANAGERS,
  'PATCH /api/v1/registrants/:id/contact': WRITERS_AND_SELF,
  'GET /api/v1/registrants/:id/qualifications': STAFF_AND_SELF,
  'POST /api/v1/registrants/:id/qualifications': WRITERS_AND_SELF,
  'POST /api/v1/registrants/:id/identity-changes': WRITERS_AND_SELF,
  'POST /api/v1/identity-changes/:id/evidence': WRITERS_AND_SELF,
  'GET /api/v1/identity-changes': MANAGERS,
  'POST /api/v1/identity-changes/:id/decision': MANAGERS,
  'GET /api/v1/licences': STAFF,
  'GET /api/v1/licences/mine': SELF,
  'GET /api/v1/licences/:id': STAFF_AND_SELF,
  'POST /api/v1/licences/:id/status': MANAGERS,
  'POST /api/v1/licences/:id/conditions': MANAGERS,
  'GET /api/v1/licences/:id/certificates/:kind': WRITERS_AND_SELF,
  'POST /api/v1/licences/:id/certificates/:kind/reissue': MANAGERS,
  'GET /api/v1/licences/:id/certificates': MANAGERS,
  'GET /api/v1/discipline/cases': MANAGERS,
  'POST /api/v1/discipline/cases': MANAGERS,
  'GET /api/v1/discipline/cases/:id': MANAGERS,
  'PATCH /api/v1/discipline/cases/:id': MANAGERS,
  'POST /api/v1/discipline/cases/:id/stage': MANAGERS,
  'POST /api/v1/discipline/cases/:id/notes': MANAGERS,
  'POST /api/v1/discipline/cases/:id/documents': MANAGERS,
  'GET /api/v1/discipline/cases/:id/documents/:documentId': MANAGERS,
  'POST /api/v1/discipline/cases/:id/panel': MANAGERS,
  'POST /api/v1/discipline/cases/:id/conflicts': MANAGERS,
  'POST /api/v1/discipline/cases/:id/outcomes': MANAGERS,
  'POST /api/v1/discipline/sanctions/:id/appeal-outcome': MANAGERS,
  'POST /api/v1/discipline/sanctions/:id/lifting': MANAGERS,
  'GET /api/v1/discipline/settings': MANAGERS,
  'PUT /api/v1/discipline/settings': MANAGERS,
  'GET /api/v1/my-cases': SELF,
  'GET /complaints': PUBLIC,
  'POST /complaints': PUBLIC,
  'GET /api/v1/licence-applications': STAFF_AND_SELF,
  'POST /api/v1/licence-applications': SELF,
  'GET /api/v1/licence-applications/:id': STAFF_AND_SELF,
  'POST /api/v1/licence-applications/:id/documents': SELF,
  'POST /api/v1/licence-applications/:id/submit': SELF,
  'POST /api/v1/licence-applications/:id/withdraw': SELF,
  'POST /api/v1/licence-applications/:id/resubmit': SELF,
  'POST /api/v1/licence-applications/:id/review': REVIEWERS,
  'POST /api/v1/licence-applications/:id/information-request': REVIEWERS,
  'POST /api/v1/licence-applications/:id/approval': MANAGERS,
  'POST /api/v1/licence-applications/:id/rejection': MANAGERS,
  'POST /api/v1/exam-results': MANAGERS,
  'POST /api/v1/exam-results/import': MANAGERS,
  'GET /api/v1/supervision-entries': STAFF_AND_SELF,
  'POST /api/v1/supervision-entries': SELF,
  'POST /api/v1/supervision-entries/:id/decision': SELF,
  'GET /api/v1/cpd/rules': SIGNED_IN,
  'PUT /api/v1/cpd/rules/:tierCode': MANAGERS,
  'GET /api/v1/cpd/settings': STAFF,
  'PUT /api/v1/cpd/settings': MANAGERS,
  'GET /api/v1/cpd/providers': [...STAFF, 'cpd_provider'],
  'POST /api/v1/cpd/providers': MANAGERS,
  'PATCH /api/v1/cpd/providers/:id': MANAGERS,
  'POST /api/v1/cpd/providers/:id/accounts': MANAGERS,
  'GET /api/v1/cpd/activities': [...STAFF, 'cpd_provider'],
  'POST /api/v1/cpd/activities': [...MANAGERS, 'cpd_provider'],
  'GET /api/v1/cpd/activities/:id': [...STAFF, 'cpd_provider'],
  'POST /api/v1/cpd/activities/:id/decision': MANAGERS,
  'POST /api/v1/cpd/activities/:id/rosters': [...MANAGERS, 'cpd_provider'],
  'POST /api/v1/cpd/activities/:id/roster-rows': [...MANAGERS, 'cpd_provider'],
  'GET /api/v1/cpd/activities/:id/rosters/:rosterId': [...STAFF, 'cpd_provider'],
  'POST /api/v1/cpd/activities/:id/rosters/:rosterId/acceptance': [...MANAGERS, 'cpd_provider'],
  'GET /api/v1/cpd/records': STAFF_AND_SELF,
  'POST /api/v1/cpd/records': SELF,
  'GET /api/v1/cpd/records/:id': STAFF_AND_SELF,
  'POST /api/v1/cpd/records/:id/evidence': SELF,
  'GET /api/v1/cpd/records/:id/evidence/:documentId': STAFF_AND_SELF,
  'POST /api/v1/cpd/records/:id/resubmit': SELF,
  'POST /api/v1/cpd/records/:id/decision': REVIEWERS,
  'GET /api/v1/cpd/progress/mine': SELF,
  'GET /api/v1/cpd/registrants/:id/progress': STAFF_AND_SELF,
  'GET /api/v1/cpd/transcript/mine': SELF,
  'GET /api/v1/cpd/registrants/:id/transcript': STAFF_AND_SELF,
  'GET /api/v1/cpd/exemptions': STAFF_AND_SELF,
  'POST /api/v1/cpd/exemptions': MANAGERS,
  'POST /api/v1/cpd/audit-rounds': MANAGERS,
  'GET /api/v1/cpd/audit-rounds': STAFF,
  'GET /api/v1/cpd/audit-rounds/:id': STAFF,
  'GET /api/v1/cpd/audit-rounds/:id/report': STAFF,
  'GET /api/v1/cpd/audit-selections': STAFF_AND_SELF,
  'GET /api/v1/cpd/audit-selections/:id': STAFF_AND_SELF,
  'POST /api/v1/cpd/audit-selections/:id/response': SELF,
  'POST /api/v1/cpd/audit-selections/:id/evidence': SELF,
  'GET /api/v1/cpd/audit-selections/:id/evidence/:documentId': STAFF_AND_SELF,
  'POST /api/v1/cpd/audit-selections/:id/outcome': REVIEWERS,
  'GET /api/v1/fees': STAFF,
  'POST /api/v1/fees': ADMIN,
  'GET /api/v1/invoices': STAFF_AND_PAYERS,
  'GET /api/v1/invoices/reconciliation': STAFF,
  'GET /api/v1/invoices/income': STAFF,
  'GET /api/v1/invoices/:id': STAFF_AND_PAYERS,
  'GET /api/v1/invoices/:id/pdf': STAFF_AND_PAYERS,
  'GET /api/v1/invoices/:id/payments/:paymentId/receipt': STAFF_AND_PAYERS,
  'GET /api/v1/invoices/:id/payments/:paymentId/proof': ['admin', 'registrar', 'auditor', ...PAYERS],
  'POST /api/v1/invoices/:id/payments': MANAGERS,
  'POST /api/v1/invoices/:id/proof': PAYERS,
  'POST /api/v1/invoices/:id/payments/:paymentId/decision': MANAGERS,
  'POST /api/v1/invoices/:id/waivers': MANAGERS,
  'POST /api/v1/invoices/:id/refunds': MANAGERS,
  'POST /api/v1/invoices/:id/void': MANAGERS,
  'POST /api/v1/invoices/:id/checkout': STAFF_AND_PAYERS,
  'POST /api/v1/payments/stripe/webhook': PUBLIC,
  'GET /api/v1/employers/organisations': MANAGERS,
  'POST /api/v1/employers/organisations': MANAGERS,
  'GET /api/v1/employers/organisations/:id': MANAGERS,
  'PATCH /api/v1/employers/organisations/:id': MANAGERS,
  'POST /api/v1/employers/organisations/:id/members': MANAGERS,
  'GET /api/v1/employers/organisations/:id/api-keys': MANAGERS,
  'POST /api/v1/employers/organisations/:id/api-keys': MANAGERS,
  'POST /api/v1/employers/organisations/:id/api-keys/:keyId/revocation': MANAGERS,
  'GET /api/v1/employer/organisation': ['employer'],
  'GET /api/v1/employer/api-keys': ['employer'],
  'POST /api/v1/employer/api-keys': ['employer'],
  'POST /api/v1/employer/api-keys/:id/revocation': ['employer'],
  'GET /api/v1/employer/watchlist': ['employer'],
  'POST /api/v1/employer/watchlist': ['employer'],
  'POST /api/v1/employer/watchlist/import': ['employer'],
  'DELETE /api/v1/employer/watchlist/:id': ['employer'],
  'GET /api/v1/employer/webhook': ['employer'],
  'PUT /api/v1/employer/webhook': ['employer'],
  'GET /api/v1/employer/notifications': [...MANAGERS, 'employer'],
  'POST /api/v1/employer/notifications/:id/retry': [...MANAGERS, 'employer'],
  'POST /api/v1/verifications': [...STAFF, 'employer'],
  'POST /api/v1/verifications/csv': [...STAFF, 'employer'],
};

const ACCESS_DENIED = new Set(['Sign in to use this endpoint', 'Your account is not allowed to do this']);

let t: TestApp;
const tokens = new Map<Caller, string | undefined>();

beforeAll(async () => {
  t = await startTestApp();
  tokens.set('anonymous', undefined);
  for (const c of CALLERS.filter((x) => x !== 'anonymous')) tokens.set(c, (await t.signIn([c])).accessToken);
});
afterAll(async () => {
  await t?.close();
});

/** Every route Express actually has, however it was mounted (not only the declared list). */
function expressRoutes(): string[] {
  const found: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack ?? []) {
      if (layer.route)
        for (const m of Object.keys(layer.route.methods)) found.push(`${m.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((t.app as any).router?.stack ?? []);
  return found;
}
const declared = () => t.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);

describe('authorisation table', () => {
  it('has exactly one row per route, both the declared ones and those Express really serves', () => {
    const rows = Object.keys(TABLE).sort();
    expect(rows).toEqual([...new Set(declared())].sort());
    expect(rows).toEqual([...new Set(expressRoutes())].sort());
  });

  it('lets exactly the listed callers past the access check of every route', async () => {
    const mismatches: string[] = [];
    // Signing out ends the caller's session (bearer token included), so it goes last.
    const signOutLast = [...t.routes].sort(
      (x, y) => Number(x.path === '/api/v1/auth/sign-out') - Number(y.path === '/api/v1/auth/sign-out'),
    );
    for (const route of signOutLast) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      const allowed = TABLE[key] ?? [];
      const path = route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const caller of CALLERS) {
        const headers: Record<string, string> = {};
        let rawBody: string | undefined;
        if (route.upload) {
          headers['content-type'] = route.upload.mediaTypes[0]!;
          rawBody = 'x';
        } else if (route.method !== 'get') {
          headers['content-type'] = 'application/json';
          rawBody = '{}';
        }
        const res = await t.request(route.method.toUpperCase(), path, { token: tokens.get(caller), headers, rawBody });
        const denied = (res.status === 401 || res.status === 403) && ACCESS_DENIED.has(res.body?.detail);
        const expectedDenied = !allowed.includes(caller);
        if (denied !== expectedDenied)
          mismatches.push(
            `${key} as ${caller}: expected ${expectedDenied ? 'refused' : 'allowed'}, got ${res.status} ${res.body?.detail ?? ''}`,
          );
        if (expectedDenied && denied) {
          expect(res.status, `${key} as ${caller}`).toBe(caller === 'anonymous' ? 401 : 403);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('OpenAPI document', () => {
  const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  const openApiKey = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

  it('documents every route Express serves, and nothing it does not serve', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => HTTP_METHODS.has(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    const mounted = [...new Set(expressRoutes())];
    // the walk really sees the router: every declared route is among what it found
    expect(declared().filter((r) => !mounted.includes(r))).toEqual([]);
    const undocumented = mounted.map(openApiKey).filter((r) => !documented.includes(r));
    expect(undocumented).toEqual([]);
    const phantom = documented.filter((r) => !mounted.map(openApiKey).includes(r));
    expect(phantom).toEqual([]);
  });

  it('describes how each operation is protected', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    const signIn = doc.paths['/api/v1/auth/sign-in'].post;
    const accounts = doc.paths['/api/v1/accounts'].get;
    expect(signIn.security ?? []).toEqual([]);
    expect(accounts.security).toBeTruthy();
    expect(JSON.stringify(accounts)).toContain('accounts.manage');
  });
});
