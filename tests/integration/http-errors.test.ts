/**
 * How the API answers when something is wrong: always RFC 9457 problem+json with a stable type, the
 * fields named, the request id, and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';

let t: TestApp;
let small: TestApp;
let admin: TestAccount;
const counts = async () =>
  (
    await t.sql(
      `select (select count(*) from account)::int as accounts, (select count(*) from audit_event)::int as audit, (select count(*) from outbox_message)::int as mail`,
    )
  )[0];
const newAccount = (email: string, extra: Record<string, unknown> = {}) =>
  t.request('POST', '/api/v1/accounts', {
    token: admin.accessToken,
    body: { email, displayName: 'Someone', roles: ['reviewer'], ...extra },
  });

beforeAll(async () => {
  [t, small] = await Promise.all([startTestApp(), startTestApp({ env: { BODY_LIMIT: '1kb' } })]);
  admin = await t.signIn(['admin']);
});
afterAll(async () => {
  await Promise.all([t?.close(), small?.close()]);
});

type Res = { status: number; headers: Headers; body: any };
function expectProblem(res: Res, status: number, type: string, instance?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: `urn:sw-registry:problem:${type}`,
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(res.body.requestId).toBeTruthy();
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  if (instance) expect(res.body.instance).toBe(instance);
}
const fields = (res: Res) => (res.body.errors ?? []).map((e: { field: string }) => e.field).sort();

describe('bad requests', () => {
  it('malformed JSON → 400 malformed-json, nothing written', async () => {
    const before = await counts();
    const res = await t.request('POST', '/api/v1/accounts', {
      token: admin.accessToken,
      rawBody: '{"email": "a@b.example",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'malformed-json', '/api/v1/accounts');
    expect(await counts()).toEqual(before);
  });

  it('a wrong type and a missing field → 400 naming each field, nothing written', async () => {
    const before = await counts();
    const res = await t.request('POST', '/api/v1/accounts', {
      token: admin.accessToken,
      body: { email: 'new@council.example', roles: 'registrar' },
    });
    expectProblem(res, 400, 'validation', '/api/v1/accounts');
    expect(fields(res)).toEqual(['displayName', 'roles']);
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    expect(res.body.detail).toContain('displayName');
    expect(res.body.detail).toContain('roles');
    expect(await counts()).toEqual(before);
  });

  it('names nested fields and query parameters', async () => {
    const nested = await newAccount('nested@council.example', { roles: ['reviewer', 'wizard'] });
    expectProblem(nested, 400, 'validation');
    expect(fields(nested)).toEqual(['roles.1']);
    const query = await t.request('GET', '/api/v1/accounts?perPage=5000', { token: admin.accessToken });
    expectProblem(query, 400, 'validation');
    expect(fields(query)).toEqual(['query.perPage']);
  });

  it('words the title and each refused field in the language the client asks for, and in English otherwise', async () => {
    const body = { email: 'not an address', displayName: '', roles: ['wizard'], nickname: 'x' };
    const asked = (lang?: string) =>
      t.request('POST', '/api/v1/accounts', {
        token: admin.accessToken,
        body,
        headers: lang ? { 'accept-language': lang } : {},
      });
    const english = await asked();
    expect(english.body.title).toBe('Invalid request');
    const byField = (res: Res) =>
      Object.fromEntries(res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(byField(english)).toEqual({
      email: 'must be an e-mail address',
      displayName: 'must have at least 1 character',
      'roles.0': expect.stringMatching(/^must be one of: "admin", /),
      nickname: 'is not a known field',
    });
    expect(english.body.detail).toContain('email: must be an e-mail address');

    const vi = await asked('vi-VN,vi;q=0.9,en;q=0.5');
    expectProblem(vi, 400, 'validation', '/api/v1/accounts');
    expect(vi.body.title).toBe('Yêu cầu không hợp lệ');
    expect(byField(vi)).toEqual({
      email: 'phải là một địa chỉ e-mail',
      displayName: 'phải có ít nhất 1 ký tự',
      'roles.0': expect.stringMatching(/^phải là một trong: "admin", /),
      nickname: 'không phải là trường đã biết',
    });
    const th = await asked('th');
    expect(th.body.title).toBe('คำขอไม่ถูกต้อง');
    expect(byField(th).email).toBe('ต้องเป็นที่อยู่อีเมล');
    // A language the registry has no catalogue for: English.
    expect((await asked('de')).body.title).toBe('Invalid request');
    // Every problem type, not only validation: a refused sign-in, in Lao.
    const lo = await t.request('GET', '/api/v1/accounts', { headers: { 'accept-language': 'lo' } });
    expectProblem(lo, 401, 'unauthenticated');
    expect(lo.body.title).toBe('ຕ້ອງຢືນຢັນຕົວຕົນ');
    // What the platform itself says: malformed JSON, a wrong method, a character no column can hold.
    const km = await t.request('POST', '/api/v1/accounts', {
      token: admin.accessToken,
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json', 'accept-language': 'km' },
    });
    expectProblem(km, 400, 'malformed-json');
    expect(km.body.detail).toBe('ខ្លឹមសារនៃសំណើមិនមែនជា JSON ត្រឹមត្រូវទេ');
    const method = await t.request('DELETE', `/api/v1/accounts/${randomUUID()}`, {
      token: admin.accessToken,
      headers: { 'accept-language': 'vi' },
    });
    expect(method.body.detail).toMatch(
      /^Không cho phép DELETE trên \/api\/v1\/accounts\/[\w-]+; hãy dùng (GET hoặc PATCH|PATCH hoặc GET)$/,
    );
    const nul = await t.request('POST', '/api/v1/accounts', {
      token: admin.accessToken,
      body: { ...body, displayName: 'a\u0000b' },
      headers: { 'accept-language': 'id' },
    });
    expect(byField(nul).displayName).toBe('berisi karakter yang tidak diizinkan (NUL)');
  });

  it('text no column can hold, bytes that are not UTF-8, undeclared keys and deep nesting → 400 naming the field, nothing written', async () => {
    const before = await counts();
    const nul = await newAccount('nul@council.example', { displayName: 'Trần\u0000Minh' });
    expectProblem(nul, 400, 'validation');
    expect(nul.body.errors).toEqual([
      { field: 'displayName', message: 'contains a character that is not allowed (NUL)' },
    ]);
    const surrogate = await newAccount('surrogate@council.example', { displayName: 'Tr\ud800n' });
    expect(surrogate.body.errors).toEqual([
      { field: 'displayName', message: 'contains a character that is not allowed (unpaired surrogate)' },
    ]);
    const extra = await newAccount('extra@council.example', { isAdmin: true });
    expectProblem(extra, 400, 'validation');
    expect(extra.body.errors).toEqual([{ field: 'isAdmin', message: 'is not a known field' }]);
    const raw = await fetch(`${t.baseUrl}/api/v1/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"email":"bytes@council.example","displayName":"Tr'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('n","roles":["reviewer"]}'),
      ]),
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).errors).toEqual([{ field: 'body', message: 'not valid UTF-8' }]);
    const deep = await t.request('POST', '/api/v1/accounts', {
      token: admin.accessToken,
      rawBody: `{"email":"deep@council.example","displayName":${'['.repeat(100_000)}${']'.repeat(100_000)},"roles":["reviewer"]}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(deep, 400, 'validation');
    expect(deep.body.errors).toEqual([
      { field: expect.stringMatching(/^displayName(\.0)+$/), message: 'is nested more than 32 levels deep' },
    ]);
    const param = await t.request('PATCH', '/api/v1/accounts/%ED%A0%80', {
      token: admin.accessToken,
      body: { displayName: 'x', version: 1 },
    });
    expectProblem(param, 400, 'validation');
    expect(fields(param)).toEqual(['params.id']);
    expect(await counts()).toEqual(before);
  });

  it('a body over the limit → 413 payload-too-large', async () => {
    // over 1 kB with only the fields sign-in declares (an undeclared field would be refused on its own)
    const rawBody = JSON.stringify({ email: 'a@b.example', password: 'not-the-password' }) + ' '.repeat(2000);
    const headers = { 'content-type': 'application/json' };
    expectProblem(await small.request('POST', '/api/v1/auth/sign-in', { rawBody, headers }), 413, 'payload-too-large');
    // the same body is read under the default limit (1 MB): a wrong password, not a refusal
    expect((await t.request('POST', '/api/v1/auth/sign-in', { rawBody, headers })).status).toBe(401);
  });

  it('a text/plain body → 415 unsupported-media-type, nothing written', async () => {
    const before = await counts();
    const res = await t.request('POST', '/api/v1/accounts', {
      token: admin.accessToken,
      rawBody: JSON.stringify({ email: 'plain@council.example', displayName: 'Plain', roles: ['reviewer'] }),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415, 'unsupported-media-type');
    expect(fields(res)).toEqual(['content-type']);
    expect(await counts()).toEqual(before);
    const form = await t.request('POST', '/api/v1/auth/sign-in', {
      rawBody: 'email=a@b.example',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(form, 415, 'unsupported-media-type');
  });
});

describe('unknown routes and methods', () => {
  it('an unknown route → 404 problem+json, even when the client prefers HTML', async () => {
    expectProblem(await t.request('GET', '/api/v1/no-such-thing'), 404, 'not-found', '/api/v1/no-such-thing');
    expectProblem(
      await t.request('GET', '/api/v1/no-such-thing', { headers: { accept: 'text/html' } }),
      404,
      'not-found',
    );
    expectProblem(await t.request('POST', '/api/v1/no-such-thing', { body: {} }), 404, 'not-found');
  });

  it('a wrong method → 405 with Allow listing the methods that exist', async () => {
    const council = await t.request('DELETE', '/api/v1/council');
    expectProblem(council, 405, 'method-not-allowed');
    expect(council.headers.get('allow')).toBe('GET');
    const signIn = await t.request('GET', '/api/v1/auth/sign-in');
    expectProblem(signIn, 405, 'method-not-allowed');
    expect(signIn.headers.get('allow')).toBe('POST');
    const one = await t.request('DELETE', `/api/v1/accounts/${randomUUID()}`, { token: admin.accessToken });
    expectProblem(one, 405, 'method-not-allowed');
    expect(one.headers.get('allow')!.split(', ').sort()).toEqual(['GET', 'PATCH']);
  });
});

describe('a burst larger than the connection pool', () => {
  it('a request that gets no free connection in time is answered 503 busy with Retry-After, in its language, and the others go through', async () => {
    const busy = await startTestApp({ env: { DB_POOL_MAX: '1', DB_CONNECT_TIMEOUT_MS: '300' } });
    const locker = new pg.Client({ connectionString: busy.databaseUrl });
    await locker.connect();
    try {
      const busyAdmin = await busy.signIn(['admin']);
      // The pool's one connection is held by a request waiting on a lock another session keeps.
      await locker.query('begin');
      await locker.query('lock table account in access exclusive mode');
      const held = busy.request('GET', '/api/v1/accounts', { token: busyAdmin.accessToken });
      for (let i = 0; ; i++) {
        const { rows } = await locker.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (rows[0].n > 0) break;
        if (i > 100) throw new Error('the first request never waited on the lock');
        await new Promise((r) => setTimeout(r, 20));
      }
      const refused = await busy.request('GET', '/api/v1/council', { headers: { 'accept-language': 'vi' } });
      expectProblem(refused, 503, 'unavailable');
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(refused.body.detail).toBe(
        'Hệ thống đăng ký đang bận: không có kết nối cơ sở dữ liệu nào rảnh kịp thời. Chưa có gì bị thay đổi; vui lòng thử lại sau ít phút.',
      );
      await locker.query('commit');
      expect((await held).status).toBe(200);
      expect((await busy.request('GET', '/api/v1/council')).status).toBe(200);
    } finally {
      await locker.end();
      await busy.close();
    }
  });
});

describe('conflicts', () => {
  it('a duplicate e-mail (in any letter case) → 409 naming email, nothing written', async () => {
    expect((await newAccount('dup@council.example')).status).toBe(201);
    const before = await counts();
    const second = await newAccount('DUP@Council.example');
    expectProblem(second, 409, 'conflict');
    expect(fields(second)).toEqual(['email']);
    expect(await counts()).toEqual(before);
  });

  it('the same e-mail sent five times at once → one account, four 409s naming email', async () => {
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 5 }, () => newAccount('race@council.example')));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) {
      expectProblem(r, 409, 'conflict');
      expect(fields(r)).toEqual(['email']);
    }
    const after = await counts();
    expect(after.accounts - before.accounts).toBe(1);
    expect(after.audit - before.audit).toBe(1);
    expect(after.mail - before.mail).toBe(1);
  });

  it('two PATCHes with the same version → the second gets 409 version-conflict and the first change stays', async () => {
    const created = (await newAccount('lock@council.example', { displayName: 'Before' })).body;
    const a = await t.request('PATCH', `/api/v1/accounts/${created.id}`, {
      token: admin.accessToken,
      body: { displayName: 'First editor', version: created.version },
    });
    expect(a.status).toBe(200);
    expect(a.body.version).toBe(created.version + 1);
    const auditBefore = (await counts()).audit;
    const b = await t.request('PATCH', `/api/v1/accounts/${created.id}`, {
      token: admin.accessToken,
      body: { displayName: 'Second editor', roles: ['auditor'], version: created.version },
    });
    expectProblem(b, 409, 'version-conflict');
    expect((await counts()).audit).toBe(auditBefore);
    const now = (await t.request('GET', `/api/v1/accounts/${created.id}`, { token: admin.accessToken })).body;
    expect(now).toMatchObject({ displayName: 'First editor', roles: ['reviewer'], version: created.version + 1 });
  });
});

describe('request ids and headers', () => {
  it('echoes a client request id in the header and in problems', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here', { headers: { 'x-request-id': 'client-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('client-abc-123');
    expect(res.body.requestId).toBe('client-abc-123');
    const ok = await t.request('GET', '/livez', { headers: { 'x-request-id': 'client-xyz' } });
    expect(ok.headers.get('x-request-id')).toBe('client-xyz');
  });

  it('replaces a request id that is not safe to log with its own', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here', {
      headers: { 'x-request-id': 'a b;' + 'x'.repeat(80) },
    });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.requestId).toBe(id);
  });

  it('gives every response a fresh request id when none is sent', async () => {
    const [a, b] = await Promise.all([t.request('GET', '/livez'), t.request('GET', '/livez')]);
    expect(a.headers.get('x-request-id')).toBeTruthy();
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('sends security headers on API answers and on errors: nothing may load, frame or sniff them', async () => {
    for (const res of [
      await t.request('GET', '/api/v1/council'),
      await t.request('GET', '/api/v1/nothing-here'),
      await t.request('GET', '/api/openapi.json'),
    ]) {
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it("sends helmet's full set, with the pages' CSP, on pages a browser renders", async () => {
    for (const res of [await t.request('GET', '/verify'), await t.request('GET', '/api/docs')]) {
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('a missing or broken token → 401 unauthenticated', async () => {
    expectProblem(await t.request('GET', '/api/v1/auth/me'), 401, 'unauthenticated');
    expectProblem(await t.request('GET', '/api/v1/auth/me', { token: 'abc.def.ghi' }), 401, 'unauthenticated');
    expectProblem(
      await t.request('GET', '/api/v1/auth/me', { headers: { authorization: 'Basic YTpi' } }),
      401,
      'unauthenticated',
    );
  });
});
