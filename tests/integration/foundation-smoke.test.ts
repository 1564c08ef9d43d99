import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('smoke', () => {
  it('is ready', async () => {
    const r = await t.request('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', database: true, migrations: true });
  });
  it('signs in staff with MFA', async () => {
    const a = await t.signIn(['registrar']);
    const me = await t.request('GET', '/api/v1/auth/me', { token: a.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(['registrar']);
  });
});
