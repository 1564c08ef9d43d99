/**
 * Talking to running instances the way their users do (HTTP, staff sign-in with TOTP) and to their
 * database the way the test's own checks need (SQL as the database owner).
 */
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { hashPassword, newTotpSecret, totpCode } from '../../../api/modules/auth/index.js';
import { SecretBox } from '../../../api/shared/secrets.js';
import { hashToken } from '../../../api/shared/ids.js';
import { TEST_DATA_KEY } from '../../support/app.js';

export const DATA_KEY = TEST_DATA_KEY;
const box = new SecretBox(DATA_KEY);

export type Sql = {
  <T = any>(query: string, params?: unknown[]): Promise<T[]>;
  end(): Promise<void>;
};

export function connect(databaseUrl: string): Sql {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => {});
  const sql = (async (query: string, params: unknown[] = []) => (await pool.query(query, params)).rows) as Sql;
  sql.end = () => pool.end();
  return sql;
}

/** The Message-ID the registry gives the e-mail with this idempotency key (see the outbox sender). */
export const messageIdFor = (idempotencyKey: string, domain: string) =>
  `<${hashToken(idempotencyKey).slice(0, 32)}@${domain}>`;

export type Account = { id: string; email: string; password: string; totpSecret: string | null };

export async function createAccount(sql: Sql, roles: string[], email?: string): Promise<Account> {
  const id = randomUUID();
  const password = `pw-${id}`;
  const staff = roles.some((r) => ['admin', 'registrar', 'reviewer', 'auditor'].includes(r));
  const totpSecret = staff ? newTotpSecret() : null;
  const address = email ?? `${roles.join('-').replace(/_/g, '-')}-${id.slice(0, 8)}@faults.example`;
  await sql(
    `insert into account (id, email, display_name, password_hash, roles, status, locale, mfa_secret_sealed, mfa_enabled_at, created_at, updated_at, version)
     values ($1, $2, $3, $4, $5, 'active', 'en', $6, $7, now(), now(), 1)`,
    [
      id,
      address,
      `Fault suite ${roles.join(' ')}`,
      await hashPassword(password),
      roles,
      totpSecret ? box.seal(totpSecret, `totp:${id}`) : null,
      totpSecret ? new Date() : null,
    ],
  );
  return { id, email: address, password, totpSecret };
}

export type Answer = { status: number; headers: Headers; body: any; text: string; ms: number };

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const started = performance.now();
  const res = await fetch(base + path, {
    method,
    headers,
    body,
    signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed, text, ms: performance.now() - started };
}

/** Signs in over HTTP (with the TOTP step for staff) and returns the access token. */
export async function signIn(base: string, account: Account): Promise<string> {
  const first = await call(base, 'POST', '/api/v1/auth/sign-in', {
    body: { email: account.email, password: account.password },
  });
  if (first.body?.status === 'signed-in') return first.body.accessToken as string;
  if (first.body?.status !== 'mfa-required') throw new Error(`sign-in failed: ${first.status} ${first.text}`);
  // A TOTP code is accepted once; a second sign-in within the same 30 s step uses the next step's code.
  for (const at of [Date.now(), Date.now() + 30_000]) {
    const done = await call(base, 'POST', '/api/v1/auth/mfa/verify', {
      body: { mfaToken: first.body.mfaToken, code: totpCode(account.totpSecret!, new Date(at)) },
    });
    if (done.body?.accessToken) return done.body.accessToken as string;
  }
  throw new Error(`MFA step failed for ${account.email}`);
}

/** How a request that got no HTTP answer failed: refused before it was sent, or cut after. */
export function failureKind(err: unknown): 'refused' | 'reset' | 'timeout' | 'other' {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  const code = e?.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'].includes(code)) return 'reset';
  return 'other';
}

/** Today's date in UTC, as the jobs see it. */
export const isoDay = (d = new Date()) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
