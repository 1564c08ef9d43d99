/**
 * Licence credentials checked the way an outside verifier checks them, with independent libraries
 * (`did-jwt` resolving the council's did:web through `did-resolver`), not the registry's own code:
 * the signature against the DID document, the published context, and the W3C Bitstring Status
 * Lists before and after a suspension, a reinstatement and a revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJWT } from 'did-jwt';
import { Resolver, type DIDDocument, type DIDResolutionResult } from 'did-resolver';
import { gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/app.js';
import { aLicence } from '../support/builders.js';

let t: TestApp;
const DID = 'did:web:registry.test';

/**
 * did:web resolution as the method specifies (GET https://<host>/.well-known/did.json), with the
 * registry's host answered by the test server (the one thing that stands in for DNS and TLS here).
 */
const resolver = () =>
  new Resolver({
    web: async (did): Promise<DIDResolutionResult> => {
      if (did !== DID)
        return { didResolutionMetadata: { error: 'notFound' }, didDocument: null, didDocumentMetadata: {} };
      const res = await fetch(`${t.baseUrl}/.well-known/did.json`);
      expect(res.headers.get('content-type')).toContain('application/did+json');
      return {
        didResolutionMetadata: { contentType: 'application/did+json' },
        didDocument: (await res.json()) as DIDDocument,
        didDocumentMetadata: {},
      };
    },
  });

/** The status bit per the spec: GZIP, multibase base64url ('u'), index 0 the left-most bit. */
function bit(encodedList: string, index: number): boolean {
  expect(encodedList[0]).toBe('u');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  expect(bytes.length * 8).toBeGreaterThanOrEqual(131_072);
  return ((bytes[index >> 3]! >> (7 - (index % 8))) & 1) === 1;
}

async function statusBit(purpose: 'revocation' | 'suspension', index: number) {
  const res = await fetch(`${t.baseUrl}/credentials/status/${purpose}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/vc+jwt');
  const { payload } = await verifyJWT(await res.text(), { resolver: resolver() });
  expect(payload).toMatchObject({
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: DID,
    credentialSubject: { type: 'BitstringStatusList', statusPurpose: purpose },
  });
  return bit(payload.credentialSubject.encodedList, index);
}

beforeAll(async () => {
  t = await startTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('licence credentials, verified independently', () => {
  let licenceId: string;
  let jwt: string;
  let index: number;

  it('verify against the council did:web document, with the published context and two status entries', async () => {
    const worker = await t.signIn(['social_worker']);
    const reg = await t.request('POST', '/api/v1/registrants', {
      token: worker.accessToken,
      body: {
        fullName: 'Tran Thi Mai',
        fullNameNative: 'Trần Thị Mai',
        dateOfBirth: '1991-04-12',
        sex: 'female',
        nationality: 'VN',
        nationalId: `0791${Math.floor(Math.random() * 1e8)}`,
        email: worker.email,
        region: 'Cần Thơ',
        sector: 'health',
      },
    });
    licenceId = (await aLicence(t, { registrantId: reg.body.id, from: '2026-01-01', until: '2029-12-31' })).id;
    const res = await t.request('GET', `/api/v1/licences/${licenceId}/credential`, { token: worker.accessToken });
    expect(res.status).toBe(200);
    jwt = res.text;
    const verified = await verifyJWT(jwt, { resolver: resolver() });
    expect(verified.issuer).toBe(DID);
    expect(verified.signer.id).toMatch(new RegExp(`^${DID}#`));
    const vc = verified.payload;
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'http://registry.test/credentials/v1']);
    expect(vc.issuer.id).toBe(DID);
    expect(vc.credentialStatus.map((s: { statusPurpose: string }) => s.statusPurpose)).toEqual([
      'revocation',
      'suspension',
    ]);
    index = Number(vc.credentialStatus[0].statusListIndex);
    expect(Number.isInteger(index)).toBe(true);
    expect(vc.credentialStatus[1].statusListIndex).toBe(String(index));

    // The context defines the registry's terms, protected.
    const ctx = await fetch(`${t.baseUrl}/credentials/v1`);
    expect(ctx.headers.get('content-type')).toContain('application/ld+json');
    const doc = (await ctx.json()) as { '@context': Record<string, unknown> };
    expect(doc['@context']['@protected']).toBe(true);
    expect(Object.keys(doc['@context'])).toEqual(
      expect.arrayContaining(['SocialWorkLicenceCredential', 'LicensedSocialWorker', 'SocialWorkLicence']),
    );
  });

  it('a credential changed by one character does not verify', async () => {
    const [h, p, s] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.credentialSubject.licence.tier = 'specialist';
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    await expect(verifyJWT(forged, { resolver: resolver() })).rejects.toThrow(/signature/i);
  });

  it('the status lists say suspended, then in good standing again, then revoked, as the licence changes', async () => {
    expect(await statusBit('revocation', index)).toBe(false);
    expect(await statusBit('suspension', index)).toBe(false);
    const registrar = await t.signIn(['registrar']);
    const change = async (to: string) => {
      const l = await t.request('GET', `/api/v1/licences/${licenceId}`, { token: registrar.accessToken });
      const r = await t.request('POST', `/api/v1/licences/${licenceId}/status`, {
        token: registrar.accessToken,
        body: {
          to,
          effectiveDate: t.clock.now().toISOString().slice(0, 10),
          reason: `Panel decision: ${to}.`,
          version: l.body.version,
        },
      });
      expect(r.status).toBe(200);
    };
    await change('suspended');
    expect(await statusBit('suspension', index)).toBe(true);
    expect(await statusBit('revocation', index)).toBe(false);
    await change('active');
    expect(await statusBit('suspension', index)).toBe(false);
    await change('revoked');
    expect(await statusBit('revocation', index)).toBe(true);
    expect(await statusBit('suspension', index)).toBe(false);
    // Another licence's bits stay clear.
    const other = await aLicence(t, {
      registrantId: (await t.sql(`select registrant_id from licence where id = ?`, [licenceId]))[0].registrant_id,
      from: '2026-01-01',
      until: '2029-12-31',
      status: 'lapsed',
    });
    const [{ status_index: otherIndex }] = await t.sql(`select status_index from licence where id = ?`, [other.id]);
    expect(await statusBit('revocation', otherIndex)).toBe(false);
  });
});
