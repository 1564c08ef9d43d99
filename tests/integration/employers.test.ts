import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dns from 'node:dns';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { startTestApp, type TestAccount, type TestApp } from '../support/app.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { aLicenceNumber, aLicensee, anEmployerMember } from '../support/builders.js';
import type { LicenceStatus } from '../../api/modules/licences/index.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { drainOutbox } from '../../api/modules/notifications/index.js';
import {
  deliverWebhooks,
  employerJobs,
  scanWatchlists,
  verifyWebhookSignature,
  webhookUrlProblem,
} from '../../api/modules/employers/index.js';

const clock = new ManualClock('2027-03-01T08:00:00Z');
const silent = pino({ level: 'silent' });
let t: TestApp;
let t2: TestApp; // a second instance on the same database
let smtp: TestSmtp;
let registrar: TestAccount;

/** A registrant with a licence in `status` (default active); returns its id and number. */
async function licensee(opts: { status?: LicenceStatus; name?: string } = {}) {
  const l = await aLicensee(t, {
    name: opts.name ?? 'Tran Thi Mai',
    dateOfBirth: '1988-01-01',
    number: aLicenceNumber('VN-SW-27'),
    status: opts.status ?? 'active',
    from: '2026-01-01',
    until: '2028-12-31',
  });
  return { licenceId: l.licenceId, number: l.number };
}

const staff = (method: string, path: string, body?: unknown) =>
  t.request(method, path, { token: registrar.accessToken, body });

/** An organisation made by staff, with one signed-in employer user linked to it. */
async function organisation(name = `Agency ${randomUUID().slice(0, 6)}`, extra: Record<string, unknown> = {}) {
  const org = await staff('POST', '/api/v1/employers/organisations', {
    name,
    contactEmail: `alerts-${randomUUID().slice(0, 6)}@agency.example`,
    country: 'VN',
    sector: 'health',
    ...extra,
  });
  expect(org.status, org.text).toBe(201);
  const user = await t.signIn(['employer']);
  await anEmployerMember(t, { accountId: user.id, organisationId: org.body.id });
  const as = (
    method: string,
    path: string,
    o: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) => t.request(method, path, { token: user.accessToken, ...o });
  return { id: org.body.id as string, email: org.body.contactEmail as string, user, as };
}

async function apiKey(
  org: Awaited<ReturnType<typeof organisation>>,
  name = 'HR system',
  scopes = ['verify', 'watchlist', 'webhooks', 'keys'],
) {
  const r = await org.as('POST', '/api/v1/employer/api-keys', { body: { name, scopes } });
  expect(r.status, r.text).toBe(201);
  return r.body as { id: string; key: string; prefix: string };
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ clock, env: { SMTP_URL: smtp.url } });
  t2 = await startTestApp({ clock, databaseUrl: t.databaseUrl, env: { SMTP_URL: smtp.url } });
  registrar = await t.signIn(['registrar']);
});
afterAll(async () => {
  await t2?.close();
  await t?.close();
  await smtp?.stop();
});

describe('organisations', () => {
  it('staff register, list, edit and deactivate an organisation; identifiers are unique', async () => {
    const created = await staff('POST', '/api/v1/employers/organisations', {
      name: 'Hue Central Hospital',
      identifier: 'BRN-0101',
      contactEmail: 'HR@hospital.example',
      country: 'VN',
      sector: 'health',
      locale: 'vi',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Hue Central Hospital',
      contactEmail: 'hr@hospital.example',
      status: 'active',
      locale: 'vi',
      members: [],
      watchCount: 0,
    });
    const dup = await staff('POST', '/api/v1/employers/organisations', {
      name: 'Other',
      identifier: 'BRN-0101',
      contactEmail: 'x@y.example',
      country: 'VN',
      sector: 'ngo',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].field).toBe('identifier');
    const list = await staff('GET', '/api/v1/employers/organisations?q=hue%20central');
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(created.body.id);
    const edited = await staff('PATCH', `/api/v1/employers/organisations/${created.body.id}`, {
      version: created.body.version,
      sector: 'government',
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.sector).toBe('government');
    const stale = await staff('PATCH', `/api/v1/employers/organisations/${created.body.id}`, {
      version: created.body.version,
      name: 'Stale',
    });
    expect(stale.status).toBe(409);
    const audit = await t.sql(`select action from audit_event where entity_id = ? order by seq`, [created.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['employer.organisation-created', 'employer.organisation-updated']);
  });

  it('staff invite an employer user: an employer account linked to the organisation, with an invitation e-mail', async () => {
    const org = await organisation();
    const r = await staff('POST', `/api/v1/employers/organisations/${org.id}/members`, {
      email: 'New.Hire@Agency.example',
      displayName: 'Le Van Binh',
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.members.map((m: { email: string }) => m.email)).toContain('new.hire@agency.example');
    const [account] = await t.sql(
      `select a.roles, m.organisation_id from account a join employer_member m on m.account_id = a.id where a.email = 'new.hire@agency.example'`,
    );
    expect(account).toEqual({ roles: ['employer'], organisation_id: org.id });
    expect(await t.sql(`select template from outbox_message where to_address = 'new.hire@agency.example'`)).toEqual([
      { template: 'account-invitation' },
    ]);
  });

  it('an employer account without an organisation, or of an inactive one, is refused', async () => {
    const loner = await t.signIn(['employer']);
    const r = await t.request('GET', '/api/v1/employer/organisation', { token: loner.accessToken });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/not linked/);
    const org = await organisation();
    const key = await apiKey(org);
    const current = await staff('GET', `/api/v1/employers/organisations/${org.id}`);
    await staff('PATCH', `/api/v1/employers/organisations/${org.id}`, {
      version: current.body.version,
      status: 'inactive',
    });
    expect((await org.as('GET', '/api/v1/employer/organisation')).status).toBe(403);
    expect(
      (await t.request('GET', '/api/v1/employer/organisation', { headers: { 'x-api-key': key.key } })).status,
    ).toBe(401);
  });
});

describe('API keys', () => {
  it('are shown once, stored only as a SHA-256 hash, authenticate as the organisation, and stop at revocation', async () => {
    const org = await organisation();
    const key = await apiKey(org);
    expect(key.key).toMatch(/^swk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);

    // never listed again, never stored in clear
    // (the secret is base64url and may itself hold '_': it is everything after the prefix)
    const secret = key.key.slice(key.prefix.length + 1);
    const list = await org.as('GET', '/api/v1/employer/api-keys');
    expect(list.text).not.toContain(secret);
    expect(list.body.items[0]).not.toHaveProperty('key');
    const [row] = await t.sql(
      `select row_to_json(k)::text as everything, secret_hash from employer_api_key k where id = ?`,
      [key.id],
    );
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(row.everything).not.toContain(secret);

    // both header forms authenticate as the organisation
    const viaBearer = await t.request('GET', '/api/v1/employer/organisation', { token: key.key });
    expect(viaBearer.status, viaBearer.text).toBe(200);
    expect(viaBearer.body.id).toBe(org.id);
    expect(
      (await t.request('GET', '/api/v1/employer/organisation', { headers: { 'x-api-key': key.key } })).body.id,
    ).toBe(org.id);
    expect(
      (await t.sql(`select last_used_at from employer_api_key where id = ?`, [key.id]))[0].last_used_at,
    ).not.toBeNull();
    // a wrong secret with a real key id is refused
    expect(
      (await t.request('GET', '/api/v1/employer/organisation', { token: `${key.prefix}_${'A'.repeat(43)}` })).status,
    ).toBe(401);
    // a key cannot mint keys
    const minted = await t.request('POST', '/api/v1/employer/api-keys', {
      token: key.key,
      body: { name: 'escalation' },
    });
    expect(minted.status).toBe(403);
    // it acts as the organisation, not as the person who created it
    expect((await t.request('GET', '/api/v1/auth/me', { token: key.key })).status).not.toBe(200);
    // nor reach staff routes
    expect((await t.request('GET', '/api/v1/employers/organisations', { token: key.key })).status).toBe(403);

    const revoked = await org.as('POST', `/api/v1/employer/api-keys/${key.id}/revocation`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await t.request('GET', '/api/v1/employer/organisation', { token: key.key });
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
    const audit = await t.sql(`select action from audit_event where entity_id = ? order by seq`, [key.id]);
    expect(audit.map((a) => a.action)).toEqual(['employer.api-key-created', 'employer.api-key-revoked']);
  });

  it('are scoped to their organisation: another organisation’s keys and watchlist are out of reach', async () => {
    const a = await organisation();
    const b = await organisation();
    const keyA = await apiKey(a);
    const keyB = await apiKey(b);
    const { number } = await licensee();
    const watchedByB = await b.as('POST', '/api/v1/employer/watchlist', { body: { number } });
    expect(watchedByB.status, watchedByB.text).toBe(201);

    // A's key and A's user cannot revoke B's key or remove B's watch entry
    expect(
      (await t.request('POST', `/api/v1/employer/api-keys/${keyB.id}/revocation`, { token: keyA.key })).status,
    ).toBe(404);
    expect((await a.as('POST', `/api/v1/employer/api-keys/${keyB.id}/revocation`)).status).toBe(404);
    expect(
      (await t.request('DELETE', `/api/v1/employer/watchlist/${watchedByB.body.id}`, { token: keyA.key })).status,
    ).toBe(404);
    // A sees none of B's
    const keysA = await t.request('GET', '/api/v1/employer/api-keys', { token: keyA.key });
    expect(keysA.body.items.map((k: { id: string }) => k.id)).toEqual([keyA.id]);
    const watchA = await t.request('GET', '/api/v1/employer/watchlist', { token: keyA.key });
    expect(watchA.body.total).toBe(0);
    // an employer cannot use the staff routes to name another organisation
    expect((await a.as('GET', `/api/v1/employers/organisations/${b.id}/api-keys`)).status).toBe(403);
    // B's key and entry are intact; staff can see and revoke B's key
    expect((await t.request('GET', '/api/v1/employer/watchlist', { token: keyB.key })).body.total).toBe(1);
    const staffList = await staff('GET', `/api/v1/employers/organisations/${b.id}/api-keys`);
    expect(staffList.body.items.map((k: { id: string; revokedAt: string | null }) => [k.id, k.revokedAt])).toEqual([
      [keyB.id, null],
    ]);
    expect((await staff('POST', `/api/v1/employers/organisations/${b.id}/api-keys/${keyB.id}/revocation`)).status).toBe(
      200,
    );
    expect((await t.request('GET', '/api/v1/employer/watchlist', { token: keyB.key })).status).toBe(401);
    // staff naming the wrong organisation for a key get 404
    expect((await staff('POST', `/api/v1/employers/organisations/${a.id}/api-keys/${keyB.id}/revocation`)).status).toBe(
      404,
    );
  });
});

describe('API key scopes', () => {
  it('verify only unless given more: managing the watchlist, the webhook and keys needs the scope or a signed-in person', async () => {
    const org = await organisation();
    const made = await org.as('POST', '/api/v1/employer/api-keys', { body: { name: 'Payroll check' } });
    expect(made.status, made.text).toBe(201);
    expect(made.body.scopes).toEqual(['verify']);
    const key = made.body.key as string;
    const { number } = await licensee();

    expect((await t.request('POST', '/api/v1/verifications', { token: key, body: { numbers: [number] } })).status).toBe(
      200,
    );
    expect((await t.request('GET', '/api/v1/employer/organisation', { token: key })).status).toBe(200);
    for (const [method, path, body] of [
      ['GET', '/api/v1/employer/webhook', undefined],
      ['PUT', '/api/v1/employer/webhook', { url: 'https://hooks.agency.example/registry' }],
      ['GET', '/api/v1/employer/api-keys', undefined],
      ['POST', '/api/v1/employer/watchlist', { number }],
      ['GET', '/api/v1/auth/me', undefined],
    ] as const) {
      const refused = await t.request(method, path, { token: key, body });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(
      (await t.sql(`select webhook_url from employer_organisation where id = ?`, [org.id]))[0].webhook_url,
    ).toBeNull();
    // the same calls work for the signed-in user, and for a key given the scope
    expect((await org.as('GET', '/api/v1/employer/webhook')).status).toBe(200);
    const hooksKey = await apiKey(org, 'Webhook admin', ['verify', 'webhooks']);
    expect((await t.request('GET', '/api/v1/employer/webhook', { token: hooksKey.key })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/employer/watchlist', { token: hooksKey.key })).status).toBe(403);
    // no key can make keys, whatever its scopes
    const keysKey = await apiKey(org, 'Key admin', ['keys']);
    expect((await t.request('GET', '/api/v1/employer/api-keys', { token: keysKey.key })).status).toBe(200);
    const minted = await t.request('POST', '/api/v1/employer/api-keys', { token: keysKey.key, body: { name: 'x' } });
    expect(minted.status).toBe(403);
    const unknown = await org.as('POST', '/api/v1/employer/api-keys', { body: { name: 'x', scopes: ['everything'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('scopes.0');
  });
});

describe('bulk verification', () => {
  it('answers 1,000 numbers in input order: found, not found and malformed, duplicates included', async () => {
    const org = await organisation();
    const key = await apiKey(org);
    const active = await Promise.all(Array.from({ length: 12 }, () => licensee()));
    const suspended = await licensee({ status: 'suspended' });
    const pending = await licensee({ status: 'pending' }); // not on the public register
    const expected: { input: string; number: string | null; result: string; status?: string }[] = [];
    for (let i = 0; expected.length < 1000; i++) {
      const pick = i % 7;
      if (pick === 0) {
        const l = active[i % active.length]!;
        expected.push({ input: l.number, number: l.number, result: 'found', status: 'active' });
      } else if (pick === 1) {
        const l = active[(i * 3) % active.length]!;
        expected.push({ input: `  ${l.number.toLowerCase()} `, number: l.number, result: 'found', status: 'active' });
      } else if (pick === 2)
        expected.push({ input: suspended.number, number: suspended.number, result: 'found', status: 'suspended' });
      else if (pick === 3)
        expected.push({
          input: `VN-SW-99-${String(i).padStart(6, '0')}-1`,
          number: `VN-SW-99-${String(i).padStart(6, '0')}-1`,
          result: 'not_found',
        });
      else if (pick === 4) expected.push({ input: pending.number, number: pending.number, result: 'not_found' });
      else if (pick === 5)
        expected.push({ input: ['', 'x', 'SW 123', '<script>', 'ÄÖ-1'][i % 5]!, number: null, result: 'malformed' });
      else expected.push({ input: active[0]!.number, number: active[0]!.number, result: 'found', status: 'active' });
    }
    const r = await t.request('POST', '/api/v1/verifications', {
      token: key.key,
      body: { numbers: expected.map((e) => e.input) },
    });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.body.results).toHaveLength(1000);
    const got = r.body.results.map(
      (x: { input: string; number: string | null; result: string; licence?: { status: string; number: string } }) => ({
        input: x.input,
        number: x.number,
        result: x.result,
        ...(x.licence ? { status: x.licence.status } : {}),
      }),
    );
    expect(got).toEqual(expected);
    for (const x of r.body.results) if (x.result === 'found') expect(x.licence.number).toBe(x.number);
    expect(r.body.counts).toEqual({
      found: expected.filter((e) => e.result === 'found').length,
      not_found: expected.filter((e) => e.result === 'not_found').length,
      malformed: expected.filter((e) => e.result === 'malformed').length,
    });
    // the public projection only: no internal ids or contact details
    expect(r.text).not.toMatch(/registrantId|"id"|@example\.org|1988-01-01/);
  });

  it('refuses 1,001 numbers with a problem naming the field', async () => {
    const org = await organisation();
    const r = await org.as('POST', '/api/v1/verifications', {
      body: { numbers: Array.from({ length: 1001 }, (_, i) => `VN-SW-1-${i}`) },
    });
    expect([400, 413]).toContain(r.status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain('numbers');
    const csv = await org.as('POST', '/api/v1/verifications/csv', {
      rawBody: Array.from({ length: 1001 }, (_, i) => `VN-SW-1-${i}`).join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect([400, 413]).toContain(csv.status);
    expect(csv.body.errors.map((e: { field: string }) => e.field)).toContain('numbers');
  });

  it('speaks CSV both ways: Accept text/csv, and a CSV upload with a number column or one number per line', async () => {
    const org = await organisation();
    const l = await licensee({ name: 'Nguyễn Thị "Hoa", Jr' });
    const asCsv = await org.as('POST', '/api/v1/verifications', {
      body: { numbers: [l.number, 'nope!', 'VN-SW-00-000000-0'] },
      headers: { accept: 'text/csv' },
    });
    expect(asCsv.status).toBe(200);
    expect(asCsv.headers.get('content-type')).toContain('text/csv');
    const lines = asCsv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('input,number,result,name,tier,status,practise_allowed,valid_until,conditions,sanctions');
    expect(lines[1]).toBe(
      `${l.number},${l.number},found,"Nguyễn Thị ""Hoa"", Jr",Licensed social worker,active,true,2028-12-31,,`,
    );
    expect(lines[2]).toBe('nope!,,malformed,,,,,,,');
    expect(lines[3]).toBe('VN-SW-00-000000-0,VN-SW-00-000000-0,not_found,,,,,,,');

    const withColumn = await org.as('POST', '/api/v1/verifications/csv', {
      rawBody: `staff_id,Number\r\n17,${l.number.toLowerCase()}\r\n18,=cmd()\r\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(withColumn.status, withColumn.text).toBe(200);
    const rows = withColumn.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows.slice(1).map((x) => x.split(',').slice(1, 3).join(','))).toEqual([`${l.number},found`, ',malformed']);
    expect(rows[2]!.startsWith("'=cmd()")).toBe(true); // a formula is neutralised for spreadsheets
    const perLine = await org.as('POST', '/api/v1/verifications/csv', {
      rawBody: `${l.number}\nVN-SW-00-000000-0\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(
      perLine.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((x) => x.split(',')[2]),
    ).toEqual(['found', 'not_found']);
  });

  it('is rate-limited per organisation in PostgreSQL, across instances', async () => {
    const limited = await startTestApp({
      clock,
      databaseUrl: t.databaseUrl,
      env: { BULK_VERIFY_LIMIT_PER_MINUTE: '2' },
    });
    const limited2 = await startTestApp({
      clock,
      databaseUrl: t.databaseUrl,
      env: { BULK_VERIFY_LIMIT_PER_MINUTE: '2' },
    });
    try {
      const org = await organisation();
      const key = await apiKey(org);
      const call = (app: TestApp) =>
        app.request('POST', '/api/v1/verifications', { token: key.key, body: { numbers: ['VN-SW-00-000000-0'] } });
      const first = await call(limited);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-policy')).toBe('"verify-bulk:org";q=2;w=60');
      expect(first.headers.get('ratelimit')).toBe('"verify-bulk:org";r=1;t=60');
      const second = await call(limited2);
      expect(second.status).toBe(200);
      expect(second.headers.get('ratelimit')).toBe('"verify-bulk:org";r=0;t=60');
      const third = await call(limited);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(third.headers.get('ratelimit-policy')).toBe('"verify-bulk:org";q=2;w=60');
      expect(third.headers.get('ratelimit')).toBe(`"verify-bulk:org";r=0;t=${third.headers.get('retry-after')}`);
      // another organisation has its own allowance
      const other = await organisation();
      expect(
        (
          await limited.request('POST', '/api/v1/verifications', {
            token: other.user.accessToken,
            body: { numbers: ['VN-SW-00-000000-0'] },
          })
        ).status,
      ).toBe(200);
    } finally {
      await limited2.close();
      await limited.close();
    }
  });
});

describe('watchlist', () => {
  it('adds one (normalised), refuses unknown, malformed and repeated numbers, imports a CSV, lists current statuses and removes', async () => {
    const org = await organisation();
    const [l1, l2, l3] = [await licensee(), await licensee({ status: 'suspended' }), await licensee()];
    const added = await org.as('POST', '/api/v1/employer/watchlist', {
      body: { number: ` ${l1.number.toLowerCase()}`, label: 'Staff 0042' },
    });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      number: l1.number,
      label: 'Staff 0042',
      licence: { number: l1.number, status: 'active' },
    });
    const again = await org.as('POST', '/api/v1/employer/watchlist', { body: { number: l1.number } });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].field).toBe('number');
    expect(
      (await org.as('POST', '/api/v1/employer/watchlist', { body: { number: 'VN-SW-00-000000-0' } })).body.errors[0]
        .field,
    ).toBe('number');
    expect((await org.as('POST', '/api/v1/employer/watchlist', { body: { number: 'not a number!' } })).status).toBe(
      422,
    );

    const imported = await org.as('POST', '/api/v1/employer/watchlist/import', {
      rawBody: `number,name\n${l2.number},A\n${l3.number},B\n${l1.number},C\nVN-SW-00-000000-0,D\n??,E\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toEqual({ added: 2, alreadyWatched: 1, notFound: ['VN-SW-00-000000-0'], malformed: ['??'] });

    const list = await org.as('GET', '/api/v1/employer/watchlist?sort=number');
    expect(list.body.total).toBe(3);
    const statuses = Object.fromEntries(
      list.body.items.map((e: { number: string; licence: { status: string } }) => [e.number, e.licence.status]),
    );
    expect(statuses).toEqual({ [l1.number]: 'active', [l2.number]: 'suspended', [l3.number]: 'active' });

    expect((await org.as('DELETE', `/api/v1/employer/watchlist/${added.body.id}`)).status).toBe(204);
    expect((await org.as('GET', '/api/v1/employer/watchlist')).body.total).toBe(2);
  });
});

/**
 * What a receiver written with the Standard Webhooks library does with a request: `Webhook.verify`
 * with the secret the registry issued (its clock is the test clock). The library's verdict, or why not.
 */
function standardVerdict(secret: string, body: string, headers: IncomingHttpHeaders, atMs = clock.now().getTime()) {
  const now = vi.spyOn(Date, 'now').mockReturnValue(atMs);
  try {
    new Webhook(secret).verify(body, headers as Record<string, string>);
    return 'valid';
  } catch (e) {
    return e instanceof WebhookVerificationError ? e.message : `unusable secret: ${(e as Error).message}`;
  } finally {
    now.mockRestore();
  }
}

/** A local webhook receiver that checks every request with the Standard Webhooks library and the earlier X-Registry-Signature. */
async function receiver(plan: number[] = []) {
  const calls: {
    headers: IncomingHttpHeaders;
    body: string;
    validSignature: boolean;
    standard: string;
    status: number;
  }[] = [];
  let secret = '';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const standard = secret ? standardVerdict(secret, body, req.headers) : 'no secret';
      const validSignature =
        standard === 'valid' &&
        verifyWebhookSignature(
          secret,
          body,
          String(req.headers['x-registry-signature'] ?? ''),
          Math.floor(clock.now().getTime() / 1000),
        );
      const status = plan.length ? plan.shift()! : validSignature ? 200 : 401;
      calls.push({ headers: req.headers, body, validSignature, standard, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/registry`,
    calls,
    setSecret: (s: string) => {
      secret = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const drain = (app: TestApp) =>
  drainOutbox({
    orm: app.deps.orm,
    transport: app.deps.mailTransport,
    clock,
    log: silent,
    from: app.deps.config.mailFrom,
    maxAttempts: 3,
    messageIdDomain: 'registry.test',
  });
const mailTo = (address: string) => smtp.messages.filter((m) => (m.to as { text: string }).text === address);
const deliver = (app: TestApp) => deliverWebhooks({ ...app.deps, log: silent });
/** The watchlist scan, run now on one instance as the scheduled job would. */
const scanNow = (app: TestApp = t) =>
  app.deps.orm.em.fork().transactional((tx) => scanWatchlists(tx as never, clock.now(), 'http://registry.test'));

describe('watchlist notifications', () => {
  beforeEach(async () => {
    registrar = await t.renew(registrar); // the clock moves on in these tests; access tokens last ten minutes
  });

  it('a watched licence suspended reaches the employer once by e-mail and once by signed webhook, even with two instances running the jobs', async () => {
    const hook = await receiver();
    try {
      const org = await organisation('Da Nang Family Services');
      const quiet = await organisation('Quiet Clinic'); // watches the same licence, e-mail only
      const set = await org.as('PUT', '/api/v1/employer/webhook', { body: { url: hook.url } });
      expect(set.status, set.text).toBe(200);
      expect(set.body.secret).toMatch(/^whsec_/);
      hook.setSecret(set.body.secret);
      expect((await org.as('GET', '/api/v1/employer/webhook')).body).toEqual({
        url: hook.url,
        secretSet: true,
        previousSecretUntil: null,
      });
      const [stored] = await t.sql(`select webhook_secret_sealed from employer_organisation where id = ?`, [org.id]);
      expect(stored.webhook_secret_sealed).not.toContain(set.body.secret.slice(6));

      const { licenceId, number } = await licensee({ name: 'Vo Thi Sau' });
      for (const o of [org, quiet])
        expect((await o.as('POST', '/api/v1/employer/watchlist', { body: { number } })).status).toBe(201);

      clock.advance(60_000);
      const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
      const suspended = await staff('POST', `/api/v1/licences/${licenceId}/status`, {
        to: 'suspended',
        effectiveDate: '2027-03-01',
        reason: 'Interim order of the council',
        version: lic.body.version,
      });
      expect(suspended.status, suspended.text).toBe(200);

      // The scheduled jobs on both instances, in the same minute, then the scan and the delivery called directly and concurrently
      clock.advance(60_000);
      const runners = [t, t2].map((app) => new JobRunner(app.deps.orm, clock, silent, employerJobs(app.deps)));
      await Promise.all(runners.map((r) => r.tick()));
      await Promise.all([t, t2, t].map((app) => scanNow(app)));
      await Promise.all([deliver(t), deliver(t2), deliver(t)]);
      await Promise.all([drain(t), drain(t2), drain(t)]);

      expect(hook.calls).toHaveLength(1);
      const call = hook.calls[0]!;
      expect(call.validSignature).toBe(true);
      const payload = JSON.parse(call.body);
      expect(payload).toMatchObject({
        type: 'licence.status_changed',
        licence: { number, name: 'Vo Thi Sau', status: 'suspended' },
        change: { from: 'active', to: 'suspended', effectiveDate: '2027-03-01' },
      });
      expect(call.headers['idempotency-key']).toBe(payload.id);
      expect(call.headers['webhook-id']).toBe(payload.id);
      expect(call.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now().getTime() / 1000)));
      expect(call.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(call.headers['x-registry-event']).toBe('licence.status_changed');
      // the reason (which may be confidential) is not sent
      expect(call.body).not.toContain('Interim order');

      const mails = mailTo(org.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Watched licence ${number}: now suspended`);
      expect(mails[0]!.text).toContain('active → suspended');
      expect(mailTo(quiet.email)).toHaveLength(1);

      const seen = await org.as('GET', '/api/v1/employer/notifications');
      expect(
        seen.body.items.map((n: { webhookStatus: string; licenceNumber: string; attempts: number }) => [
          n.licenceNumber,
          n.webhookStatus,
          n.attempts,
        ]),
      ).toEqual([[number, 'delivered', 1]]);
      expect(
        (await quiet.as('GET', '/api/v1/employer/notifications')).body.items.map(
          (n: { webhookStatus: string }) => n.webhookStatus,
        ),
      ).toEqual(['none']);

      // Later runs (new slots) send nothing again
      clock.advance(5 * 60_000);
      await Promise.all(runners.map((r) => r.tick()));
      await drain(t);
      expect(hook.calls).toHaveLength(1);
      expect(mailTo(org.email)).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('a receiver failing twice gets the same delivery again with backoff, and it is delivered once', async () => {
    const hook = await receiver([503, 503]);
    try {
      const org = await organisation();
      const set = await org.as('PUT', '/api/v1/employer/webhook', { body: { url: hook.url } });
      hook.setSecret(set.body.secret);
      const { licenceId, number } = await licensee();
      await org.as('POST', '/api/v1/employer/watchlist', { body: { number } });
      clock.advance(60_000);
      const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
      const cond = await staff('POST', `/api/v1/licences/${licenceId}/conditions`, {
        text: 'Practice under supervision only',
        startsOn: '2027-03-02',
        public: true,
        version: lic.body.version,
      });
      expect(cond.status, cond.text).toBe(201);
      await staff('POST', `/api/v1/licences/${licenceId}/conditions`, {
        text: 'Private note on practice',
        startsOn: '2027-03-02',
        public: false,
        version: cond.body.version,
      });

      await scanNow();
      expect(await deliver(t)).toEqual({ delivered: 0, retried: 1, failed: 0 });
      expect(await deliver(t)).toEqual({ delivered: 0, retried: 0, failed: 0 }); // backing off
      clock.advance(61_000);
      expect(await deliver(t2)).toEqual({ delivered: 0, retried: 1, failed: 0 });
      clock.advance(61_000);
      expect(await deliver(t)).toEqual({ delivered: 0, retried: 0, failed: 0 }); // the second wait is two minutes
      clock.advance(61_000);
      expect(await deliver(t)).toEqual({ delivered: 1, retried: 0, failed: 0 });
      expect(await deliver(t)).toEqual({ delivered: 0, retried: 0, failed: 0 });

      expect(hook.calls.map((c) => c.status)).toEqual([503, 503, 200]);
      expect(hook.calls.every((c) => c.validSignature)).toBe(true);
      expect(new Set(hook.calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
      // Standard Webhooks: the same webhook-id on every attempt, each attempt signed at its own time
      expect(hook.calls.map((c) => c.standard)).toEqual(['valid', 'valid', 'valid']);
      expect(hook.calls.map((c) => c.headers['webhook-id'])).toEqual(
        hook.calls.map((c) => c.headers['idempotency-key']),
      );
      expect(new Set(hook.calls.map((c) => c.headers['webhook-timestamp'])).size).toBe(3);
      expect(new Set(hook.calls.map((c) => c.body)).size).toBe(1);
      expect(hook.calls.map((c) => c.headers['x-registry-attempt'])).toEqual(['1', '2', '3']);
      const payload = JSON.parse(hook.calls[0]!.body);
      expect(payload).toMatchObject({
        type: 'licence.condition_added',
        change: { condition: { text: 'Practice under supervision only', startsOn: '2027-03-02' } },
      });
      const [row] = await t.sql(`select webhook_status, attempts from watch_notification where id = ?`, [payload.id]);
      expect(row).toEqual({ webhook_status: 'delivered', attempts: 3 });
      // the non-public condition produced nothing
      expect(await t.sql(`select type from watch_notification where organisation_id = ?`, [org.id])).toEqual([
        { type: 'licence.condition_added' },
      ]);
    } finally {
      await hook.close();
    }
  });

  it('a refused delivery is marked failed, visible to the employer and staff, and can be sent again', async () => {
    const hook = await receiver([410]);
    try {
      const org = await organisation();
      hook.setSecret((await org.as('PUT', '/api/v1/employer/webhook', { body: { url: hook.url } })).body.secret);
      const { licenceId, number } = await licensee();
      await org.as('POST', '/api/v1/employer/watchlist', { body: { number } });
      clock.advance(60_000);
      const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
      await staff('POST', `/api/v1/licences/${licenceId}/status`, {
        to: 'surrendered',
        effectiveDate: '2027-03-01',
        reason: 'Left the profession',
        version: lic.body.version,
      });
      await scanNow();
      expect(await deliver(t)).toEqual({ delivered: 0, retried: 0, failed: 1 });
      const mine = await org.as('GET', '/api/v1/employer/notifications?webhookStatus=failed');
      expect(mine.body.items).toHaveLength(1);
      expect(mine.body.items[0]).toMatchObject({ webhookStatus: 'failed', lastStatusCode: 410, lastError: 'HTTP 410' });
      const forStaff = await staff(
        'GET',
        `/api/v1/employer/notifications?webhookStatus=failed&organisationId=${org.id}`,
      );
      expect(forStaff.body.items.map((n: { id: string }) => n.id)).toEqual([mine.body.items[0].id]);
      const retried = await org.as('POST', `/api/v1/employer/notifications/${mine.body.items[0].id}/retry`);
      expect(retried.status, retried.text).toBe(200);
      expect(await deliver(t)).toEqual({ delivered: 1, retried: 0, failed: 0 });
      expect(hook.calls.map((c) => c.status)).toEqual([410, 200]);
    } finally {
      await hook.close();
    }
  });

  it('Standard Webhooks: a rotated secret signs beside the new one for 24 hours; a leaked one can be ended at once; tampered or stale requests fail verification', async () => {
    const hook = await receiver();
    try {
      const org = await organisation();
      const first = (await org.as('PUT', '/api/v1/employer/webhook', { body: { url: hook.url } })).body;
      expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(first.secret.slice(6), 'base64')).toHaveLength(32);
      const key = await apiKey(org, 'HR system', ['webhooks']);
      const { licenceId, number } = await licensee();
      await org.as('POST', '/api/v1/employer/watchlist', { body: { number } });
      let version = (await staff('GET', `/api/v1/licences/${licenceId}`)).body.version;
      const alert = async (text: string) => {
        clock.advance(60_000);
        const r = await staff('POST', `/api/v1/licences/${licenceId}/conditions`, {
          text,
          startsOn: clock.now().toISOString().slice(0, 10),
          public: true,
          version,
        });
        expect(r.status, r.text).toBe(201);
        version = r.body.version;
        await scanNow();
        hook.setSecret(''); // judged below, secret by secret
        await deliver(t);
        return hook.calls.at(-1)!;
      };

      // Rotation: the answer has the new secret; deliveries carry two signatures, each valid for its secret
      const rotated = await org.as('PUT', '/api/v1/employer/webhook', { body: { url: hook.url, rotateSecret: true } });
      expect(rotated.status, rotated.text).toBe(200);
      expect(rotated.body.secret).not.toBe(first.secret);
      expect(rotated.body.previousSecretUntil).toBe(new Date(clock.now().getTime() + 24 * 3600_000).toISOString());
      expect((await org.as('GET', '/api/v1/employer/webhook')).body).toEqual({
        url: hook.url,
        secretSet: true,
        previousSecretUntil: rotated.body.previousSecretUntil,
      });
      const during = await alert('Supervision of practice, first');
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(standardVerdict(rotated.body.secret, during.body, during.headers)).toBe('valid');
      expect(standardVerdict(first.secret, during.body, during.headers)).toBe('valid');

      // Tampered body, forged id, stale or future timestamp, an unrelated secret: the library refuses
      const tampered = during.body.replace('first', 'FIRST');
      expect(standardVerdict(rotated.body.secret, tampered, during.headers)).toBe('No matching signature found');
      expect(standardVerdict(rotated.body.secret, during.body, { ...during.headers, 'webhook-id': randomUUID() })).toBe(
        'No matching signature found',
      );
      expect(
        standardVerdict(rotated.body.secret, during.body, during.headers, clock.now().getTime() + 6 * 60_000),
      ).toBe('Message timestamp too old');
      expect(
        standardVerdict(rotated.body.secret, during.body, during.headers, clock.now().getTime() - 6 * 60_000),
      ).toBe('Message timestamp too new');
      expect(standardVerdict(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, during.body, during.headers)).toBe(
        'No matching signature found',
      );

      // After 24 hours the previous secret no longer signs (the organisation's system uses its API key now)
      clock.advance(24 * 3600_000);
      registrar = await t.renew(registrar);
      const asSystem = (method: string, path: string, body?: unknown) =>
        t.request(method, path, { token: key.key, ...(body ? { body } : {}) });
      const after = await alert('Supervision of practice, second');
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(standardVerdict(rotated.body.secret, after.body, after.headers)).toBe('valid');
      expect(standardVerdict(first.secret, after.body, after.headers)).toBe('No matching signature found');
      expect((await asSystem('GET', '/api/v1/employer/webhook')).body.previousSecretUntil).toBeNull();

      // A leaked secret ended at once: only the new one signs from the next delivery
      const leaked = await asSystem('PUT', '/api/v1/employer/webhook', {
        url: hook.url,
        rotateSecret: true,
        keepPreviousSecret: false,
      });
      expect(leaked.status, leaked.text).toBe(200);
      expect(leaked.body.previousSecretUntil).toBeNull();
      const next = await alert('Supervision of practice, third');
      expect(String(next.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(standardVerdict(leaked.body.secret, next.body, next.headers)).toBe('valid');
      expect(standardVerdict(rotated.body.secret, next.body, next.headers)).toBe('No matching signature found');
      const [audit] = await t.sql(
        `select after from audit_event where action = 'employer.webhook-updated' and entity_id = ? order by seq desc limit 1`,
        [org.id],
      );
      expect(audit.after).toEqual({ url: hook.url, secretRotated: true, previousSecretUntil: null });
    } finally {
      await hook.close();
    }
  });

  it('a secret issued before Standard Webhooks (base64url) signs with the same key bytes', async () => {
    const hook = await receiver();
    try {
      const org = await organisation();
      await org.as('PUT', '/api/v1/employer/webhook', { body: { url: hook.url } });
      const legacy = `whsec_${Buffer.alloc(32, 0xfb).toString('base64url')}`;
      expect(legacy).toMatch(/[-_]/);
      await t.sql(`update employer_organisation set webhook_secret_sealed = ? where id = ?`, [
        t.deps.box.seal(legacy, `webhook:${org.id}`),
        org.id,
      ]);
      const { licenceId, number } = await licensee();
      await org.as('POST', '/api/v1/employer/watchlist', { body: { number } });
      clock.advance(60_000);
      const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
      await staff('POST', `/api/v1/licences/${licenceId}/status`, {
        to: 'suspended',
        effectiveDate: clock.now().toISOString().slice(0, 10),
        reason: 'Interim order',
        version: lic.body.version,
      });
      await scanNow();
      hook.setSecret(legacy);
      await deliver(t);
      const call = hook.calls.at(-1)!;
      // The library reads only base64: written as base64 (docs/employers.md), the old secret verifies
      expect(call.standard).toMatch(/^unusable secret/);
      const asBase64 = `whsec_${Buffer.alloc(32, 0xfb).toString('base64')}`;
      expect(standardVerdict(asBase64, call.body, call.headers)).toBe('valid');
      // and the earlier header still verifies with the secret as it was issued
      expect(
        verifyWebhookSignature(
          legacy,
          call.body,
          String(call.headers['x-registry-signature']),
          Math.floor(clock.now().getTime() / 1000),
        ),
      ).toBe(true);
    } finally {
      await hook.close();
    }
  });

  it("a public condition added and, after its last day, ended: one alert each, in the organisation's language", async () => {
    const org = await organisation();
    await t.sql(`update employer_organisation set locale = 'vi' where id = ?`, [org.id]);
    const { licenceId, number } = await licensee();
    await org.as('POST', '/api/v1/employer/watchlist', { body: { number } });
    clock.advance(60_000);
    const today = clock.now().toISOString().slice(0, 10);
    const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
    const r = await staff('POST', `/api/v1/licences/${licenceId}/conditions`, {
      text: 'Không làm việc một mình với trẻ em',
      startsOn: today,
      endsOn: today,
      public: true,
      version: lic.body.version,
    });
    expect(r.status, r.text).toBe(201);
    expect(await scanNow()).toEqual({ notifications: 1, emails: 1, webhooks: 0 });
    expect(await scanNow()).toEqual({ notifications: 0, emails: 0, webhooks: 0 });
    clock.advance(86_400_000); // the condition's last day has passed
    expect(await scanNow()).toEqual({ notifications: 1, emails: 1, webhooks: 0 });
    clock.advance(86_400_000);
    expect(await scanNow()).toEqual({ notifications: 0, emails: 0, webhooks: 0 });
    const types = await t.sql(`select type from watch_notification where organisation_id = ? order by created_at`, [
      org.id,
    ]);
    expect(types.map((x) => x.type)).toEqual(['licence.condition_added', 'licence.condition_ended']);
    await drain(t);
    const subjects = mailTo(org.email)
      .map((m) => m.subject)
      .sort();
    expect(subjects).toEqual(
      [
        `Giấy phép đang theo dõi ${number}: có điều kiện hành nghề mới`,
        `Giấy phép đang theo dõi ${number}: điều kiện hành nghề đã kết thúc`,
      ].sort(),
    );
  });

  it('a status change reaches a Thai and an Indonesian organisation in their own language, status words included', async () => {
    const unknown = await staff('POST', '/api/v1/employers/organisations', {
      name: 'Agence sans catalogue',
      contactEmail: 'rh@agence.example',
      country: 'FR',
      sector: 'ngo',
      locale: 'fr',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['locale']);
    const thai = await organisation('มูลนิธิเพื่อเด็กและครอบครัว เชียงใหม่', { locale: 'th', country: 'TH' });
    const indonesian = await organisation('Yayasan Sayap Ibu Yogyakarta', { locale: 'id', country: 'ID' });
    expect((await thai.as('GET', '/api/v1/employer/organisation')).body.locale).toBe('th');
    expect((await indonesian.as('GET', '/api/v1/employer/organisation')).body.locale).toBe('id');
    const { licenceId, number } = await licensee({ name: 'Nguyen Van Binh' });
    for (const o of [thai, indonesian])
      expect((await o.as('POST', '/api/v1/employer/watchlist', { body: { number } })).status).toBe(201);

    clock.advance(60_000);
    const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
    const suspended = await staff('POST', `/api/v1/licences/${licenceId}/status`, {
      to: 'suspended',
      effectiveDate: clock.now().toISOString().slice(0, 10),
      reason: 'Interim order of the council',
      version: lic.body.version,
    });
    expect(suspended.status, suspended.text).toBe(200);
    await scanNow();

    // Queued with the status words in the organisation's language; rendered in it when sent
    const queued = async (to: string) =>
      t.sql(`select locale, vars from outbox_message where to_address = ? and template = 'employer-watch-status'`, [
        to,
      ]);
    expect(await queued(thai.email)).toMatchObject([{ locale: 'th', vars: { from: 'ใช้งานได้', to: 'ถูกพักใช้' } }]);
    expect(await queued(indonesian.email)).toMatchObject([{ locale: 'id', vars: { from: 'aktif', to: 'dibekukan' } }]);
    await drain(t);

    const english = /\b(pending|active|grace|lapsed|suspended|revoked|surrendered|status|licence)\b/i;
    const [th] = mailTo(thai.email);
    expect(th!.subject).toBe(`ใบอนุญาตที่ติดตาม ${number}: ขณะนี้ ถูกพักใช้`);
    expect(th!.text).toContain('สถานะ: ใช้งานได้ → ถูกพักใช้');
    expect(th!.html).toContain('ใช้งานได้ → <strong>ถูกพักใช้</strong>');
    for (const part of [th!.subject, th!.text, th!.html]) expect(part).not.toMatch(english);

    const [id] = mailTo(indonesian.email);
    expect(id!.subject).toBe(`Izin yang dipantau ${number}: kini dibekukan`);
    expect(id!.text).toContain('Status: aktif → dibekukan');
    expect(`${id!.subject}\n${id!.text}`).not.toMatch(/\b(active|suspended)\b/i);
  });

  it('in production a delivery to 127.0.0.1 or ::ffff:7f00:1 is refused before anything is sent, and recorded as failed with the reason', async () => {
    const prod = await startTestApp({
      clock,
      databaseUrl: t.databaseUrl,
      env: { NODE_ENV: 'production', SMTP_URL: smtp.url },
    });
    const hook = await receiver();
    try {
      const port = new URL(hook.url).port;
      for (const [host, reason] of [
        ['127.0.0.1', 'refused: 127.0.0.1 is loopback (127.0.0.0/8), not a public address'],
        [
          '[::ffff:7f00:1]',
          'refused: ::ffff:7f00:1 is IPv4-mapped (::ffff:0:0/96) of 127.0.0.1, which is loopback (127.0.0.0/8), not a public address',
        ],
      ] as const) {
        const org = await organisation();
        const url = `http://${host}:${port}/hooks/registry`;
        // registered outside production (local receivers are allowed there), delivered by a production instance
        hook.setSecret((await org.as('PUT', '/api/v1/employer/webhook', { body: { url } })).body.secret);
        const { licenceId, number } = await licensee();
        await org.as('POST', '/api/v1/employer/watchlist', { body: { number } });
        clock.advance(60_000);
        const lic = await staff('GET', `/api/v1/licences/${licenceId}`);
        await staff('POST', `/api/v1/licences/${licenceId}/status`, {
          to: 'suspended',
          effectiveDate: '2027-03-01',
          reason: 'Interim order',
          version: lic.body.version,
        });
        await scanNow();

        expect(await deliverWebhooks({ ...prod.deps, log: silent })).toEqual({ delivered: 0, retried: 0, failed: 1 });
        expect(hook.calls).toHaveLength(0);
        const mine = await org.as('GET', '/api/v1/employer/notifications?webhookStatus=failed');
        expect(mine.body.items).toHaveLength(1);
        expect(mine.body.items[0]).toMatchObject({
          webhookStatus: 'failed',
          attempts: 1,
          lastStatusCode: null,
          lastError: reason,
        });

        // the same receiver is reachable: sent again by an instance outside production, it is delivered
        await org.as('POST', `/api/v1/employer/notifications/${mine.body.items[0].id}/retry`);
        expect(await deliver(t)).toEqual({ delivered: 1, retried: 0, failed: 0 });
        expect(hook.calls).toHaveLength(1);
        hook.calls.length = 0;
      }
    } finally {
      await hook.close();
      await prod.close();
    }
  });

  describe('registration in production', () => {
    let prod: TestApp;
    const answers = new Map<string, dns.LookupAddress[]>();
    beforeAll(async () => {
      prod = await startTestApp({
        clock,
        databaseUrl: t.databaseUrl,
        env: { NODE_ENV: 'production', SMTP_URL: smtp.url },
      });
    });
    afterAll(() => prod?.close());
    beforeEach(() => {
      // DNS as the registry would see it, for names this machine cannot resolve
      const real = dns.lookup;
      vi.spyOn(dns, 'lookup').mockImplementation(((host: string, options: unknown, callback: unknown) => {
        const answer = answers.get(host);
        if (!answer) return (real as (...a: unknown[]) => void)(host, options, callback);
        process.nextTick(() => (callback as (e: null, a: dns.LookupAddress[]) => void)(null, answer));
      }) as never);
    });
    afterEach(() => vi.restoreAllMocks());

    it('refuses literals in special-purpose ranges and names that resolve to them, naming the field url; stores nothing', async () => {
      answers.set('127.0.0.1.nip.io', [{ address: '127.0.0.1', family: 4 }]);
      answers.set('mixed.hooks.example', [
        { address: '93.184.215.14', family: 4 },
        { address: 'fd00::7', family: 6 },
      ]);
      answers.set('hooks.agency.example', [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ]);
      const org = await organisation();
      const put = (url: string) =>
        prod.request('PUT', '/api/v1/employer/webhook', { token: org.user.accessToken, body: { url } });
      for (const [url, message] of [
        ['https://[::127.0.0.1]/hooks', 'must be a public address: ::7f00:1 is IPv4-compatible (deprecated) (::/96)'],
        ['https://198.18.0.1/hooks', 'must be a public address: 198.18.0.1 is benchmarking (198.18.0.0/15)'],
        ['https://192.0.0.1/hooks', 'must be a public address: 192.0.0.1 is IETF protocol assignments (192.0.0.0/24)'],
        [
          'https://127.0.0.1.nip.io/hooks',
          'must be a public address: 127.0.0.1.nip.io resolves to 127.0.0.1, which is loopback (127.0.0.0/8)',
        ],
        [
          'https://mixed.hooks.example/hooks',
          'must be a public address: mixed.hooks.example resolves to fd00::7, which is unique local (fc00::/7)',
        ],
      ]) {
        const r = await put(url!);
        expect(r.status, `${url} ${r.text}`).toBe(422);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(r.body.errors).toEqual([{ field: 'url', message }]);
      }
      const [row] = await t.sql(`select webhook_url, webhook_secret_sealed from employer_organisation where id = ?`, [
        org.id,
      ]);
      expect(row).toEqual({ webhook_url: null, webhook_secret_sealed: null });

      const ok = await put('https://hooks.agency.example/registry');
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({ url: 'https://hooks.agency.example/registry', secretSet: true });
    });
  });

  it('webhook URLs: no credentials; https only in production; no private addresses in production', async () => {
    const org = await organisation();
    const bad = await org.as('PUT', '/api/v1/employer/webhook', { body: { url: 'http://user:pw@hooks.example/x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'url', message: 'must not contain credentials' });
    expect(webhookUrlProblem('http://hooks.example/x', true)).toBe('must use https');
    expect(webhookUrlProblem('https://10.0.0.5/x', true)).toBe(
      'must be a public address: 10.0.0.5 is private-use (10.0.0.0/8)',
    );
    expect(webhookUrlProblem('https://hooks.example/x', true)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:9/x', false)).toBeNull();
  });
});
