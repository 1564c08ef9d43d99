/**
 * Two registries with their own databases, playing two councils, asking each other over HTTP with
 * signed requests and signed attestations (the ASEAN Mutual Recognition hook).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, decodeJwt, importJWK, jwtVerify } from 'jose';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { resetCircuitBreakers } from '../../api/modules/mra/index.js';
import { aLicence, aLicensee, anApplication } from '../support/builders.js';
import type { LicenceStatus } from '../../api/modules/licences/index.js';

const START = '2026-11-20T08:00:00Z';
let vn: TestApp, th: TestApp;
let vnAdmin: TestAccount, thAdmin: TestAccount;
const VN = 'https://council-vn.test';
const TH = 'https://council-th.test';

async function licence(app: TestApp, number: string, opts: { status?: LicenceStatus; accountId?: string } = {}) {
  const l = await aLicensee(app, {
    accountId: opts.accountId,
    name: 'Somchai Jaidee',
    nativeName: 'สมชาย ใจดี',
    dateOfBirth: '1988-04-12',
    sex: 'male',
    nationality: 'TH',
    nationalIdLast4: '4321',
    email: 'somchai@example.org',
    phone: '+66 81 000 0000',
    region: 'Bangkok',
    number,
    status: opts.status ?? 'active',
    from: '2025-01-01',
    until: '2027-12-31',
  });
  return l.licenceId;
}

const lookup = (
  from: TestApp,
  token: string,
  peerId: string,
  question: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) =>
  from.request('POST', '/api/v1/mra/lookups', {
    token,
    body: { peerId, question, purpose: 'registration of a foreign-trained applicant', ...extra },
  });

let vnPeerOfTh: string, thPeerOfVn: string;

beforeAll(async () => {
  vn = await startTestApp({ clock: new ManualClock(START), env: { PUBLIC_URL: VN, MRA_TIMEOUT_MS: '800' } });
  th = await startTestApp({ clock: new ManualClock(START), env: { PUBLIC_URL: TH, MRA_TIMEOUT_MS: '800' } });
  vnAdmin = await vn.signIn(['admin']);
  thAdmin = await th.signIn(['admin']);
  const a = await vn.request('POST', '/api/v1/mra/peers', {
    token: vnAdmin.accessToken,
    body: { country: 'TH', name: 'Thai council', issuer: TH, baseUrl: th.baseUrl },
  });
  expect(a.status).toBe(201);
  thPeerOfVn = a.body.id;
  const b = await th.request('POST', '/api/v1/mra/peers', {
    token: thAdmin.accessToken,
    body: { country: 'VN', name: 'Viet Nam council', issuer: VN, baseUrl: vn.baseUrl },
  });
  expect(b.status).toBe(201);
  vnPeerOfTh = b.body.id;
});
afterAll(async () => {
  await vn?.close();
  await th?.close();
});

describe('cross-border good-standing lookups', () => {
  it('each council asks the other and gets a signed attestation with good standing and nothing more', async () => {
    await licence(th, 'TH-SW-000123');
    await licence(vn, 'VN-SW-26-000777-1', { status: 'suspended' });
    const registrar = await vn.signIn(['registrar']);
    const found = await lookup(vn, registrar.accessToken, thPeerOfVn, {
      subject: 'licence',
      number: 'TH-SW-000123',
      name: 'somchai JAIDEE',
      dateOfBirth: '1988-04-12',
    });
    expect(found.status).toBe(201);
    expect(found.body).toMatchObject({ outcome: 'found', peerName: 'Thai council', country: 'TH' });
    expect(found.body.answer).toEqual({
      number: 'TH-SW-000123',
      name: 'Somchai Jaidee',
      nameNative: 'สมชาย ใจดี',
      tier: 'licensed',
      title: 'Licensed Social Worker',
      status: 'active',
      validUntil: '2027-12-31',
      currentPublicConditions: false,
      currentSanction: false,
    });
    const claims = decodeJwt(found.body.attestation);
    expect(claims).toMatchObject({
      iss: TH,
      aud: VN,
      result: 'found',
      purpose: 'registration of a foreign-trained applicant',
    });
    const raw = JSON.stringify(claims);
    for (const secret of ['1988-04-12', 'somchai@example.org', '+66', '4321', 'sealed', 'Bangkok'])
      expect(raw).not.toContain(secret);
    // The attestation verifies with the peer's published keys, by anyone.
    await expect(
      jwtVerify(found.body.attestation, createRemoteJWKSet(new URL(`${th.baseUrl}/.well-known/jwks.json`)), {
        issuer: TH,
        audience: VN,
        currentDate: new Date(START),
      }),
    ).resolves.toBeTruthy();

    const wrongPerson = await lookup(vn, registrar.accessToken, thPeerOfVn, {
      subject: 'licence',
      number: 'TH-SW-000123',
      dateOfBirth: '1990-01-01',
    });
    expect(wrongPerson.body.outcome).toBe('not_found');
    expect(wrongPerson.body.answer).toBeNull();
    expect(
      (await lookup(vn, registrar.accessToken, thPeerOfVn, { subject: 'licence', number: 'TH-SW-999999' })).body
        .outcome,
    ).toBe('not_found');

    const thRegistrar = await th.signIn(['registrar']);
    const back = await lookup(th, thRegistrar.accessToken, vnPeerOfTh, {
      subject: 'licence',
      number: 'vn-sw-26-000777-1',
    });
    expect(back.body).toMatchObject({ outcome: 'found', answer: { status: 'suspended', currentSanction: true } });

    // Both sides audited the question with its purpose.
    const answered = await th.sql(`select after from audit_event where action = 'mra.request.answered'`);
    expect(answered.length).toBe(3);
    expect(answered[0].after).toMatchObject({ peer: VN, purpose: 'registration of a foreign-trained applicant' });
    expect(await vn.sql(`select 1 from audit_event where action = 'mra.lookup'`)).toHaveLength(3);
  });

  it('keeps the signed answer on the application as evidence and verifies it again later; a doctored copy fails', async () => {
    const registrar = await vn.signIn(['registrar']);
    const worker = await vn.signIn(['social_worker']);
    const reg = await vn.request('POST', '/api/v1/registrants', {
      token: worker.accessToken,
      body: {
        fullName: 'Nguyen Thi Hoa',
        dateOfBirth: '1990-03-03',
        sex: 'female',
        nationality: 'VN',
        nationalId: '079190123456',
        region: 'Hue',
        sector: 'health',
      },
    });
    const { id: appId } = await anApplication(vn, {
      registrantId: reg.body.id,
      type: 'first_registration',
      tier: 'licensed',
      status: 'submitted',
    });
    const l = await lookup(
      vn,
      registrar.accessToken,
      thPeerOfVn,
      { subject: 'licence', number: 'TH-SW-000123' },
      { applicationId: appId },
    );
    expect(l.body.applicationId).toBe(appId);
    const history = await vn.request('GET', `/api/v1/mra/lookups?applicationId=${appId}`, {
      token: registrar.accessToken,
    });
    expect(history.body.items.map((x: { id: string }) => x.id)).toEqual([l.body.id]);
    const ok = await vn.request('POST', `/api/v1/mra/lookups/${l.body.id}/verification`, {
      token: registrar.accessToken,
    });
    expect(ok.body).toMatchObject({ valid: true });
    const [h, p, s] = l.body.attestation.split('.');
    const doctored = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(p, 'base64url').toString()),
        result: 'found',
        licence: { status: 'active' },
      }),
    ).toString('base64url');
    await vn.sql(`update mra_lookup set attestation = ? where id = ?`, [`${h}.${doctored}.${s}`, l.body.id]);
    const bad = await vn.request('POST', `/api/v1/mra/lookups/${l.body.id}/verification`, {
      token: registrar.accessToken,
    });
    expect(bad.body).toMatchObject({ valid: false, detail: expect.stringContaining('bad signature') });
  });

  it('refuses an untrusted issuer or key, a bad signature, an expired, replayed or misaddressed request, and audits each refusal', async () => {
    const { kid, privateKey } = await vn.deps.keys.signingKey('peer');
    const now = Math.floor(new Date(START).getTime() / 1000);
    const sign = (claims: Record<string, unknown>, key = privateKey, keyId = kid) =>
      new SignJWT({ purpose: 'checking a registrant', q: { subject: 'licence', number: 'TH-SW-000123' }, ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: keyId, typ: 'swr-mra-request+jwt' })
        .sign(key);
    const base = { iss: VN, aud: TH, iat: now, exp: now + 60 };
    const ask = (request: string) => th.request('POST', '/api/v1/mra/requests', { body: { request } });

    const good = await sign({ ...base, jti: 'req-good-1' });
    expect((await ask(good)).status).toBe(200);
    const stranger = generateKeyPairSync('ed25519');
    const cases: [string, string, string][] = [
      ['untrusted issuer', await sign({ ...base, iss: 'https://council-xx.test', jti: 'r1' }), 'untrusted issuer'],
      ['untrusted key', await sign({ ...base, jti: 'r2' }, stranger.privateKey, 'peer-stranger'), 'untrusted key'],
      [
        'bad signature',
        (() => {
          const [h, , s] = good.split('.');
          return `${h}.${Buffer.from(JSON.stringify({ ...base, jti: 'r3', purpose: 'x', q: { subject: 'licence', number: 'TH-SW-000124' } })).toString('base64url')}.${s}`;
        })(),
        'bad signature',
      ],
      ['expired', await sign({ ...base, iat: now - 600, exp: now - 540, jti: 'r4' }), 'expired'],
      ['replayed', good, 'replayed'],
      ['wrong audience', await sign({ ...base, aud: 'https://council-la.test', jti: 'r6' }), 'wrong audience'],
    ];
    for (const [name, token, reason] of cases) {
      const res = await ask(token);
      expect(res.status, name).toBe(401);
      expect(res.headers.get('content-type'), name).toContain('application/problem+json');
      expect(res.body.detail, name).toContain(`Request refused (${reason})`);
    }
    const refused = await th.sql<{ reason: string }>(
      `select after->>'reason' as reason from audit_event where action = 'mra.request.refused' order by seq`,
    );
    expect(refused.map((r) => r.reason)).toEqual([
      'untrusted_issuer',
      'untrusted_key',
      'bad_signature',
      'expired',
      'replayed',
      'wrong_audience',
    ]);
  });

  it('a licence holder downloads their licence as a W3C Verifiable Credential that verifies with the published key', async () => {
    const worker = await vn.signIn(['social_worker']);
    const reg = await vn.request('POST', '/api/v1/registrants', {
      token: worker.accessToken,
      body: {
        fullName: 'Le Van Binh',
        fullNameNative: 'Lê Văn Bình',
        dateOfBirth: '1992-07-07',
        sex: 'male',
        nationality: 'VN',
        nationalId: '079192765432',
        region: 'Hue',
        sector: 'health',
      },
    });
    const { id: licenceId } = await aLicence(vn, {
      registrantId: reg.body.id,
      number: 'VN-SW-26-000888-4',
      from: '2026-01-01',
      until: '2028-12-31',
    });
    const res = await vn.request('GET', `/api/v1/licences/${licenceId}/credential`, { token: worker.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vc+jwt');
    // The issuer is the council's did:web; the header names the key in its DID document.
    const didDoc = (await (await fetch(`${vn.baseUrl}/.well-known/did.json`)).json()) as {
      verificationMethod: { id: string; publicKeyJwk: Record<string, string> }[];
    };
    const { payload, protectedHeader } = await jwtVerify(
      res.text,
      async (header) => importJWK(didDoc.verificationMethod.find((m) => m.id === header.kid)!.publicKeyJwk, 'EdDSA'),
      { typ: 'vc+jwt', currentDate: new Date(START), issuer: 'did:web:council-vn.test' },
    );
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', cty: 'vc' });
    expect(protectedHeader.kid).toMatch(/^did:web:council-vn\.test#certificate-/);
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', `${VN}/contexts/social-work-licence/v1`],
      type: ['VerifiableCredential', 'SocialWorkLicenceCredential'],
      issuer: { id: 'did:web:council-vn.test' },
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2028-12-31T23:59:59Z',
      credentialSubject: {
        name: 'Le Van Binh',
        nameNative: 'Lê Văn Bình',
        licence: { number: 'VN-SW-26-000888-4', status: 'active' },
      },
    });
    const other = await vn.signIn(['social_worker']);
    expect(
      (await vn.request('GET', `/api/v1/licences/${licenceId}/credential`, { token: other.accessToken })).status,
    ).toBe(403);
  });

  it('with the peer stopped the lookup answers "unavailable" quickly, and after repeated failures without asking at all', async () => {
    const registrar = await vn.signIn(['registrar']);
    resetCircuitBreakers();
    await th.close();
    const timed = async () => {
      const t0 = Date.now();
      const r = await lookup(vn, registrar.accessToken, thPeerOfVn, { subject: 'licence', number: 'TH-SW-000123' });
      return { r, ms: Date.now() - t0 };
    };
    const first = await timed();
    expect(first.r.status).toBe(201);
    expect(first.r.body).toMatchObject({ outcome: 'unavailable', attestation: null, detail: expect.any(String) });
    expect(first.ms).toBeLessThan(2 * 800 + 1000);
    await timed();
    await timed();
    const open = await timed();
    expect(open.r.body.detail).toContain('not asked again until');
    expect(open.ms).toBeLessThan(500);
    th = undefined as never;
  });
});
