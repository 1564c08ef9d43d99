/**
 * Starting the real registry for a test: its own database (cloned from the migrated template),
 * the real createApp() on an ephemeral port, and helpers to make accounts and call the API.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../api/config.js';
import { boot } from '../../api/bootstrap.js';
import { createApp, type AppState } from '../../api/app.js';
import type { AppDeps } from '../../api/deps.js';
import type { RouteDef } from '../../api/http/routes.js';
import { Account, hashPassword, newTotpSecret, totpCode, type Role } from '../../api/modules/auth/index.js';
import { ManualClock, type Clock } from '../../api/shared/clock.js';
import { newId } from '../../api/shared/ids.js';
import { ensureAdminUiBuilt } from '../../api/shared/admin-ui-build.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';
import { createTestDatabase } from './db.js';
import pino from 'pino';

export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64');

export type TestAccount = {
  id: string;
  email: string;
  password: string;
  roles: Role[];
  totpSecret: string | null;
  accessToken: string;
  refreshCookie: string;
};

export type TestApp = {
  baseUrl: string;
  app: import('express').Express;
  databaseUrl: string;
  deps: AppDeps;
  routes: RouteDef[];
  state: AppState;
  clock: Clock;
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  createAccount(
    roles: Role[],
    opts?: { mfa?: boolean; email?: string },
  ): Promise<Omit<TestAccount, 'accessToken' | 'refreshCookie'>>;
  signIn(roles: Role[], opts?: { email?: string }): Promise<TestAccount>;
  /** Signs an existing test account in again (e.g. after the clock moved past its token's life). */
  renew(account: TestAccount): Promise<TestAccount>;
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export async function startTestApp(
  opts: { env?: Record<string, string>; clock?: Clock; demo?: boolean; databaseUrl?: string } = {},
): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_KEY: TEST_DATA_KEY,
    DEMO: opts.demo ? 'true' : 'false',
    PUBLIC_URL: 'http://registry.test',
    JOBS: 'false',
    LOG_LEVEL: 'silent',
    DB_POOL_MAX: '5',
    ...opts.env,
  });
  const clock = opts.clock ?? new ManualClock(new Date());
  const booted = await boot(config, { clock, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
  const { app, routes, state } = createApp(booted.deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request: TestApp['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };

  const sql: TestApp['sql'] = (query, params = []) => booted.deps.orm.em.fork().execute(query, params as unknown[]);

  const createAccount: TestApp['createAccount'] = async (roles, o = {}) => {
    const id = newId();
    const email = o.email ?? `${roles.join('-').replace(/_/g, '-')}-${id.slice(0, 8)}@test.example`;
    const password = `pw-${id}`;
    const staff = roles.some((r) => ['admin', 'registrar', 'reviewer', 'auditor'].includes(r));
    const totpSecret = (o.mfa ?? staff) ? newTotpSecret() : null;
    const now = clock.now();
    const passwordHash = await hashPassword(password);
    await booted.deps.orm.em.fork().transactional(async (em) => {
      em.create(Account, {
        id,
        email,
        displayName: `Test ${roles.join(' ')}`,
        passwordHash,
        roles,
        status: 'active',
        locale: 'en',
        mfaSecretSealed: totpSecret ? booted.deps.box.seal(totpSecret, `totp:${id}`) : null,
        mfaEnabledAt: totpSecret ? now : null,
        createdAt: now,
        updatedAt: now,
      });
    });
    return { id, email, password, roles, totpSecret };
  };

  const signInExisting = async (account: Omit<TestAccount, 'accessToken' | 'refreshCookie'>): Promise<TestAccount> => {
    let res = await request('POST', '/api/v1/auth/sign-in', {
      body: { email: account.email, password: account.password },
    });
    if (res.body?.status === 'mfa-required') {
      res = await request('POST', '/api/v1/auth/mfa/verify', {
        body: { mfaToken: res.body.mfaToken, code: totpCode(account.totpSecret!, clock.now()) },
      });
    }
    if (res.status !== 200 || res.body?.status !== 'signed-in')
      throw new Error(`sign-in failed: ${res.status} ${res.text}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { ...account, accessToken: res.body.accessToken, refreshCookie: cookie };
  };
  const signIn: TestApp['signIn'] = async (roles, o = {}) => signInExisting(await createAccount(roles, o));
  const renew: TestApp['renew'] = async (account) => {
    await sql(`update account set mfa_last_step = null where id = ?`, [account.id]);
    return signInExisting(account);
  };

  return {
    baseUrl,
    app,
    databaseUrl,
    deps: booted.deps,
    routes,
    state,
    clock,
    request,
    createAccount,
    signIn,
    renew,
    sql,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await booted.db.close();
    },
  };
}

/** The whole registry as a newcomer sees it: demo data and the built admin UI (for browser tests). */
export async function startTestServer() {
  ensureAdminUiBuilt((m) => console.log(m));
  const app = await startTestApp({ demo: true, clock: { now: () => new Date() } });
  const registrar = DEMO_ACCOUNTS.find((a) => a.roles.includes('registrar'))!;
  return {
    baseUrl: app.baseUrl,
    app,
    demo: { registrar: { email: registrar.email, password: registrar.password, totpSecret: registrar.totpSecret! } },
    close: () => app.close(),
  };
}
