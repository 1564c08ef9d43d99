import { describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { allows, mountRoutes, RouteDeclarationError, type Access, type RouteDef } from '../../api/http/routes.js';
import type { AuthContext } from '../../api/http/authenticate.js';
import { can, isStaff, PERMISSIONS, ROLES, STAFF_ROLES } from '../../api/modules/auth/auth.permissions.js';

const route = (over: Partial<RouteDef> & Record<string, unknown> = {}): RouteDef =>
  ({
    method: 'get',
    path: '/thing',
    access: 'public',
    summary: 's',
    tags: [],
    response: { status: 200 },
    handler: () => ({ ok: true }),
    ...over,
  }) as RouteDef;

const mount = (routes: RouteDef[]) => mountRoutes(express.Router(), routes, async () => null, express.json());
const as = (...roles: string[]): AuthContext => ({ accountId: 'a', roles, label: 'someone', mfa: true });

describe('mountRoutes', () => {
  it('mounts routes that declare their access', () => {
    expect(() =>
      mount([
        route({ path: '/a', access: 'public' }),
        route({ path: '/b', access: 'authenticated' }),
        route({ path: '/c', access: { roles: ['registrar'] } }),
        route({ path: '/d', access: { permission: 'audit.read' } }),
        route({ path: '/d', method: 'post', access: { permission: 'audit.read' } }),
      ]),
    ).not.toThrow();
  });

  it.each<[string, unknown]>([
    ['no access at all', undefined],
    ['an unknown keyword', 'everyone'],
    ['null', null],
    ['an empty role list', { roles: [] }],
    ['an unknown role', { roles: ['registrar', 'superuser'] }],
    ['an unknown permission', { permission: 'accounts.destroy' }],
    ['a permission that is not a name', { permission: 7 }],
    ['an empty object', {}],
  ])('refuses to start with %s as access', (_, access) => {
    const routes = [
      route({ path: '/fine' }),
      route({ method: 'post', path: '/api/v1/things', access: access as Access }),
    ];
    expect(() => mount(routes)).toThrow(RouteDeclarationError);
    expect(() => mount(routes)).toThrow('POST /api/v1/things declares no access rule');
  });

  it('refuses a route declared twice', () => {
    expect(() => mount([route({ path: '/x' }), route({ path: '/x', access: 'authenticated' })])).toThrow(
      new RouteDeclarationError('GET /x is declared twice'),
    );
  });

  it('answers 401 to anonymous and 403 to a signed-in caller without the role, before the handler runs', async () => {
    let ran = 0;
    const app = express();
    const router = express.Router();
    mountRoutes(
      router,
      [
        route({
          path: '/secret',
          access: { roles: ['admin'] },
          handler: () => {
            ran++;
            return { ok: true };
          },
        }),
      ],
      async (req) => (req.headers.authorization ? as(req.headers.authorization) : null),
      express.json(),
    );
    app.use(router);
    app.use(((err, _req, res, _next) => {
      res
        .status(
          (err as { problem?: string }).problem === 'forbidden'
            ? 403
            : (err as { problem?: string }).problem === 'unauthenticated'
              ? 401
              : 500,
        )
        .end();
    }) as express.ErrorRequestHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret`;
    try {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'registrar' } })).status).toBe(403);
      expect(ran).toBe(0);
      expect((await fetch(url, { headers: { authorization: 'admin' } })).status).toBe(200);
      expect(ran).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('allows', () => {
  it('lets anyone through a public route, and only signed-in callers through an authenticated one', () => {
    expect(allows('public', null)).toBe(true);
    expect(allows('public', as('social_worker'))).toBe(true);
    expect(allows('authenticated', null)).toBe(false);
    expect(allows('authenticated', as())).toBe(true);
  });

  it('matches any one of the listed roles', () => {
    const access: Access = { roles: ['registrar', 'reviewer'] };
    expect(allows(access, as('reviewer'))).toBe(true);
    expect(allows(access, as('employer', 'registrar'))).toBe(true);
    expect(allows(access, as('admin'))).toBe(false);
    expect(allows(access, as())).toBe(false);
    expect(allows(access, null)).toBe(false);
  });

  it('honours council staff roles only for a sign-in that proved a second factor', () => {
    const withoutMfa = { ...as('auditor', 'school_admin'), mfa: false };
    expect(allows({ permission: 'audit.read' }, withoutMfa)).toBe(false);
    expect(allows({ roles: ['school_admin'] }, withoutMfa)).toBe(false);
    expect(allows('authenticated', withoutMfa)).toBe(false);
    expect(allows('public', withoutMfa)).toBe(true);
    expect(allows({ permission: 'audit.read' }, as('auditor'))).toBe(true);
    expect(allows({ roles: ['school_admin'] }, { ...as('school_admin'), mfa: false })).toBe(true);
  });

  it('lets an API key call only routes that name one of its scopes', () => {
    const key = { ...as('employer'), mfa: false, apiKeyId: 'k', organisationId: 'o', scopes: ['verify'] };
    expect(allows({ roles: ['employer'] }, key, 'verify')).toBe(true);
    expect(allows({ roles: ['employer'] }, key, 'webhooks')).toBe(false);
    expect(allows({ roles: ['employer'] }, key)).toBe(false);
    expect(allows('authenticated', key)).toBe(false);
    expect(allows({ roles: ['employer'] }, { ...key, scopes: ['verify', 'webhooks'] }, 'webhooks')).toBe(true);
    // a signed-in employer is not limited by scopes
    expect(allows({ roles: ['employer'] }, { ...as('employer'), mfa: false })).toBe(true);
  });

  it('reads permissions from the one table', () => {
    expect(allows({ permission: 'accounts.manage' }, as('admin'))).toBe(true);
    expect(allows({ permission: 'accounts.manage' }, as('registrar', 'auditor'))).toBe(false);
    expect(allows({ permission: 'audit.read' }, as('auditor'))).toBe(true);
    expect(allows({ permission: 'audit.read' }, null)).toBe(false);
  });
});

describe('the permissions table', () => {
  it('names only known roles', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      expect(roles.length, permission).toBeGreaterThan(0);
      for (const r of roles) expect(ROLES, `${permission} → ${r}`).toContain(r);
    }
  });

  it('keeps account management to admins and the audit trail to admins and auditors', () => {
    const holders = (p: keyof typeof PERMISSIONS) => ROLES.filter((r) => can([r], p));
    expect(holders('accounts.manage')).toEqual(['admin']);
    expect(holders('audit.read')).toEqual(['admin', 'auditor']);
    expect(holders('council.manage')).toEqual(['admin']);
  });

  it('gives nothing to an account without roles or with an unknown role', () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(can([], p)).toBe(false);
      expect(can(['superuser'], p)).toBe(false);
    }
  });

  it('counts exactly the council roles as staff', () => {
    expect(STAFF_ROLES).toEqual(['admin', 'registrar', 'reviewer', 'auditor']);
    for (const r of ROLES) expect(isStaff([r])).toBe(STAFF_ROLES.includes(r));
    expect(isStaff(['social_worker', 'auditor'])).toBe(true);
  });
});
