/**
 * The published typed client (clients/typescript) against a running registry: the calls an
 * employer's HR system makes, typed end to end from the OpenAPI document, with problems as values.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../clients/typescript/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { aLicensee, anEmployerMember } from '../support/builders.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the typed client', () => {
  it('looks a licence up on the public register and gets problems as values', async () => {
    const { number } = await aLicensee(t, { status: 'active' });
    const registry = createRegistryClient({ baseUrl: t.baseUrl });
    const found = await registry.GET('/api/v1/public/licences/{number}', { params: { path: { number } } });
    expect(found.error).toBeUndefined();
    expect(found.data!.number).toBe(number);
    expect(found.data!.status).toBe('active');

    const missing = await registry.GET('/api/v1/public/licences/{number}', {
      params: { path: { number: 'VN-SW-25-999999-0' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ status: 404 });
  });

  it('verifies many licences with an employer API key', async () => {
    const registrar = await t.signIn(['registrar']);
    const org = await t.request('POST', '/api/v1/employers/organisations', {
      token: registrar.accessToken,
      body: {
        name: `Agency ${randomUUID().slice(0, 6)}`,
        contactEmail: `hr-${randomUUID().slice(0, 6)}@agency.example`,
        country: 'VN',
        sector: 'health',
      },
    });
    const user = await t.signIn(['employer']);
    await anEmployerMember(t, { accountId: user.id, organisationId: org.body.id });
    const asUser = createRegistryClient({ baseUrl: t.baseUrl, accessToken: () => user.accessToken });
    const key = await asUser.POST('/api/v1/employer/api-keys', { body: { name: 'HR system', scopes: ['verify'] } });
    expect(key.error).toBeUndefined();

    const { number } = await aLicensee(t, { status: 'active' });
    const hr = createRegistryClient({ baseUrl: t.baseUrl, apiKey: key.data!.key });
    const checked = await hr.POST('/api/v1/verifications', { body: { numbers: [number, '12345'] } });
    expect(checked.error).toBeUndefined();
    expect(checked.data!.results.map((r) => r.result)).toEqual(['found', 'not_found']);
    expect(checked.data!.counts).toEqual({ found: 1, not_found: 1, malformed: 0 });

    const refused = await hr.POST('/api/v1/verifications', { body: { numbers: [] } });
    expect(refused.response.status).toBe(400);
    expect(refused.error!.errors![0]!.field).toBe('numbers');
  });
});
