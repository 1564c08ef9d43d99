import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';

let t: TestApp;
let small: TestApp;
let admin: TestAccount;
const counts = async () => (await t.sql(`select (select count(*) from account)::int as accounts, (select count(*) from audit_event)::int as audit`))[0];

beforeAll(async () => {
  t = await startTestApp();
  small = await startTestApp({ env: { BODY_LIMIT: '1kb' } });
  admin = await t.signIn(['admin']);
});
afterAll(async () => { await t?.close(); await small?.close(); });

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.type).toBe(`urn:sw-registry:problem:${type}`);
  expect(res.body.status).toBe(status);
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
}

describe('every error is problem+json', () => {
  it('malformed JSON → 400, nothing written', async () => {
    const before = await counts();
    const res = await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, rawBody: '{"email": "a@b.example",', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'malformed-json');
    expect(await counts()).toEqual(before);
  });

  it('a wrong type and a missing field → 400 naming each field, nothing written', async () => {
    const before = await counts();
    const res = await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: 'new@council.example', roles: 'registrar' } });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors.map((e: any) => e.field).sort()).toEqual(['displayName', 'roles']);
    expect(await counts()).toEqual(before);
  });

  it('a body over the limit → 413', async () => {
    const res = await small.request('POST', '/api/v1/auth/sign-in', { body: { email: 'a@b.example', password: 'x'.repeat(5000) } });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('the wrong content type → 415', async () => {
    const res = await t.request('POST', '/api/v1/auth/sign-in', { rawBody: 'email=a@b.example', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectProblem(res, 415, 'unsupported-media-type');
    expect(res.body.errors[0].field).toBe('content-type');
  });

  it('an unknown route → 404, a wrong method → 405 with Allow', async () => {
    expectProblem(await t.request('GET', '/api/v1/no-such-thing'), 404, 'not-found');
    const wrong = await t.request('DELETE', '/api/v1/council');
    expectProblem(wrong, 405, 'method-not-allowed');
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('a duplicate e-mail → 409 naming email, nothing written', async () => {
    const first = await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: 'dup@council.example', displayName: 'Dup', roles: ['reviewer'] } });
    expect(first.status).toBe(201);
    const before = await counts();
    const second = await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: 'DUP@council.example', displayName: 'Dup again', roles: ['reviewer'] } });
    expectProblem(second, 409, 'conflict');
    expect(second.body.errors[0].field).toBe('email');
    expect(await counts()).toEqual(before);
  });

  it('a stale version → 409 version-conflict, and the first change stays', async () => {
    const created = (await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: 'lock@council.example', displayName: 'Before', roles: ['reviewer'] } })).body;
    const a = await t.request('PATCH', `/api/v1/accounts/${created.id}`, { token: admin.accessToken, body: { displayName: 'First editor', version: created.version } });
    expect(a.status).toBe(200);
    const b = await t.request('PATCH', `/api/v1/accounts/${created.id}`, { token: admin.accessToken, body: { displayName: 'Second editor', version: created.version } });
    expectProblem(b, 409, 'version-conflict');
    expect((await t.request('GET', `/api/v1/accounts/${created.id}`, { token: admin.accessToken })).body.displayName).toBe('First editor');
  });

  it('echoes a client request id and sets security headers', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here', { headers: { 'x-request-id': 'client-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('client-abc-123');
    expect(res.body.requestId).toBe('client-abc-123');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a missing or broken token → 401', async () => {
    expectProblem(await t.request('GET', '/api/v1/auth/me'), 401, 'unauthenticated');
    expectProblem(await t.request('GET', '/api/v1/auth/me', { token: 'abc.def.ghi' }), 401, 'unauthenticated');
  });
});
