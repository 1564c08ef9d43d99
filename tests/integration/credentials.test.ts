/**
 * Licence credentials checked the way a verifier elsewhere would, with libraries that share no code
 * with the registry: did-jwt (JWS over the credential, key chosen from the DID document's
 * assertionMethod), did-resolver + web-did-resolver (did:web → https://<host>/.well-known/did.json)
 * and jsonld (expansion in safe mode, which fails on any term no context defines). The status lists
 * are decoded here by hand, as the Bitstring Status List specification describes.
 *
 * The registry runs with PUBLIC_URL https://registry.test:8443, so its DID is
 * did:web:registry.test%3A8443. web-did-resolver fetches that DID document over HTTPS with
 * cross-fetch; the stand-in below (vitest inlines web-did-resolver so the mock reaches it) sends
 * exactly the URL the resolver built to the local HTTP test server instead, and records it.
 */
import { gunzipSync } from 'node:zlib';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJWT, verifyJWT } from 'did-jwt';
import { Resolver, type ResolverRegistry } from 'did-resolver';
import { getResolver } from 'web-did-resolver';
import jsonld from 'jsonld';
import { contexts as credentialContexts } from '@digitalbazaar/credentials-context';
import { SignJWT } from 'jose';
import { clientAuthenticationNone, type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { aLicensee } from '../support/builders.js';

const PUBLIC = 'https://registry.test:8443';
const DID = 'did:web:registry.test%3A8443';
const START = '2026-03-02T09:00:00Z';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

const net = vi.hoisted(() => ({ baseUrl: '', requested: [] as string[] }));
vi.mock('cross-fetch', () => ({
  default: async (url: string) => {
    net.requested.push(url);
    if (!url.startsWith('https://registry.test:8443/')) throw new Error(`no network in tests: ${url}`);
    return fetch(net.baseUrl + url.slice('https://registry.test:8443'.length));
  },
}));

let app: TestApp;
let clock: ManualClock;
let admin: TestAccount;
// web-did-resolver is typed against an older did-resolver; the registry of methods is the same shape.
const resolver = new Resolver(getResolver() as unknown as ResolverRegistry);

/** did-jwt's verification, as of the test clock: signature, issuer DID, key in assertionMethod. */
const verify = (jwt: string) =>
  verifyJWT(jwt, {
    resolver,
    proofPurpose: 'assertionMethod',
    policies: { now: Math.floor(clock.now().getTime() / 1000) },
  });

/** A public document of the registry, fetched by its public URL (mapped to the test server). */
async function getPublic(url: string, headers: Record<string, string> = {}) {
  expect(url.startsWith(`${PUBLIC}/`)).toBe(true);
  return fetch(app.baseUrl + url.slice(PUBLIC.length), { headers });
}

const documentLoader = async (url: string) => {
  const known = credentialContexts.get(url);
  const document = known ?? (url.startsWith(`${PUBLIC}/`) ? await (await getPublic(url)).json() : undefined);
  if (!document) throw new Error(`unexpected context ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};

/** The bit at `index` of an encodedList: multibase base64url of a GZIP-compressed bitstring, leftmost bit first. */
function statusBit(encodedList: string, index: number): boolean {
  expect(encodedList[0]).toBe('u');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

type StatusEntry = {
  id: string;
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
};

/** Fetches and verifies the list an entry points at, and reads the entry's bit. */
async function bitOf(entry: StatusEntry): Promise<boolean> {
  const res = await getPublic(entry.statusListCredential);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/vc+jwt');
  const list = await verify(await res.text());
  expect(list.issuer).toBe(DID);
  expect(list.payload).toMatchObject({
    '@context': [VC_V2],
    id: entry.statusListCredential,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: DID,
    credentialSubject: { type: 'BitstringStatusList', statusPurpose: entry.statusPurpose },
  });
  return statusBit(list.payload.credentialSubject.encodedList, Number(entry.statusListIndex));
}

async function credentialFor(licenceId: string, token = admin.accessToken): Promise<string> {
  const res = await app.request('GET', `/api/v1/licences/${licenceId}/credential`, { token });
  expect(res.status, res.text).toBe(200);
  return res.text;
}

async function changeStatus(licenceId: string, to: string) {
  const { body } = await app.request('GET', `/api/v1/licences/${licenceId}`, { token: admin.accessToken });
  const res = await app.request('POST', `/api/v1/licences/${licenceId}/status`, {
    token: admin.accessToken,
    body: { to, effectiveDate: START.slice(0, 10), reason: `moved to ${to} in a test`, version: body.version },
  });
  expect(res.status, res.text).toBe(200);
}

const entries = (jwt: string) => decodeJWT(jwt).payload.credentialStatus as StatusEntry[];
const purpose = (jwt: string, p: string) => entries(jwt).find((e) => e.statusPurpose === p)!;

beforeAll(async () => {
  clock = new ManualClock(START);
  app = await startTestApp({ clock, env: { PUBLIC_URL: PUBLIC } });
  net.baseUrl = app.baseUrl;
  admin = await app.signIn(['admin']);
});
afterAll(async () => {
  await app?.close();
});

describe('licence credentials for standard verifiers', () => {
  it('a credential verifies against the did:web DID document, expands under JSON-LD safe mode and points at both status lists', async () => {
    const { licenceId, number } = await aLicensee(app, {
      name: 'Tran Thi Mai',
      from: '2026-01-01',
      until: '2028-12-31',
    });
    const jwt = await credentialFor(licenceId);

    const header = decodeJWT(jwt).header;
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
    expect(header.kid).toMatch(new RegExp(`^${DID}#certificate-`));

    net.requested.length = 0;
    const verified = await verify(jwt);
    expect(verified.verified).toBe(true);
    expect(verified.issuer).toBe(DID);
    expect(verified.signer.id).toBe(header.kid);
    expect(net.requested).toEqual([`${PUBLIC}/.well-known/did.json`]);
    expect(verified.didResolutionResult.didDocument).toMatchObject({
      id: DID,
      assertionMethod: [header.kid],
      verificationMethod: [{ id: header.kid, type: 'JsonWebKey2020', controller: DID }],
    });

    const vc = verified.payload;
    expect(vc).toMatchObject({
      '@context': [VC_V2, `${PUBLIC}/contexts/social-work-licence/v1`],
      type: ['VerifiableCredential', 'SocialWorkLicenceCredential'],
      issuer: { id: DID },
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2028-12-31T23:59:59Z',
      credentialSubject: { type: 'LicensedSocialWorker', name: 'Tran Thi Mai', licence: { number, status: 'active' } },
    });

    // Every term is defined: safe mode throws on anything a context leaves undefined.
    const [expanded] = await jsonld.expand(vc, { documentLoader, safe: true });
    const subject = (expanded['https://www.w3.org/2018/credentials#credentialSubject'] as any[])[0];
    const licence = subject[`${PUBLIC}/contexts/social-work-licence/v1#licence`][0];
    expect(licence[`${PUBLIC}/contexts/social-work-licence/v1#number`][0]['@value']).toBe(number);

    expect(entries(jwt)).toHaveLength(2);
    const revocation = purpose(jwt, 'revocation');
    const suspension = purpose(jwt, 'suspension');
    for (const [e, p] of [
      [revocation, 'revocation'],
      [suspension, 'suspension'],
    ] as const) {
      expect(e).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: p,
        statusListCredential: `${PUBLIC}/credentials/status/${p}/1`,
      });
      expect(Number(e.statusListIndex)).toBeGreaterThanOrEqual(0);
      expect(Number(e.statusListIndex)).toBeLessThan(131_072);
      expect(await bitOf(e)).toBe(false);
    }
    // One place per licence: a second download points at the same bits.
    clock.advance(60_000);
    expect(entries(await credentialFor(licenceId))).toEqual(entries(jwt));
  });

  it('suspension sets the suspension bit and reinstatement clears it; revocation sets the revocation bit', async () => {
    const a = await aLicensee(app, { from: '2026-01-01', until: '2028-12-31' });
    const b = await aLicensee(app, { from: '2026-01-01', until: '2028-12-31' });
    const jwtA = await credentialFor(a.licenceId);
    const jwtB = await credentialFor(b.licenceId);
    expect(purpose(jwtA, 'suspension').statusListIndex).not.toBe(purpose(jwtB, 'suspension').statusListIndex);

    await changeStatus(a.licenceId, 'suspended');
    expect(await bitOf(purpose(jwtA, 'suspension'))).toBe(true);
    expect(await bitOf(purpose(jwtA, 'revocation'))).toBe(false);
    expect(await bitOf(purpose(jwtB, 'suspension'))).toBe(false);
    // The signature is still good: the status is what tells a verifier to refuse it.
    expect((await verify(jwtA)).verified).toBe(true);

    await changeStatus(a.licenceId, 'active');
    expect(await bitOf(purpose(jwtA, 'suspension'))).toBe(false);

    await changeStatus(a.licenceId, 'revoked');
    expect(await bitOf(purpose(jwtA, 'revocation'))).toBe(true);
    expect(await bitOf(purpose(jwtA, 'suspension'))).toBe(false);
    expect(await bitOf(purpose(jwtB, 'revocation'))).toBe(false);

    await changeStatus(b.licenceId, 'surrendered');
    expect(await bitOf(purpose(jwtB, 'revocation'))).toBe(true);
  });

  it('a tampered credential, or one signed with another key under the council kid, fails', async () => {
    const { licenceId } = await aLicensee(app, { from: '2026-01-01', until: '2028-12-31' });
    const jwt = await credentialFor(licenceId);
    const [h, p, sig] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.credentialSubject.licence.tier = 'supervisor';
    const tampered = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
    await expect(verify(tampered)).rejects.toThrow(/invalid_signature/);

    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await new SignJWT(claims).setProtectedHeader(decodeJWT(jwt).header as never).sign(privateKey);
    await expect(verify(forged)).rejects.toThrow(/invalid_signature/);

    // The status list is signed too.
    const listRes = await getPublic(purpose(jwt, 'revocation').statusListCredential);
    const [lh, lp, ls] = (await listRes.text()).split('.');
    const list = JSON.parse(Buffer.from(lp, 'base64url').toString('utf8'));
    list.credentialSubject.statusPurpose = 'suspension';
    await expect(verify([lh, Buffer.from(JSON.stringify(list)).toString('base64url'), ls].join('.'))).rejects.toThrow(
      /invalid_signature/,
    );
  });

  it('the DID document, the context and the status lists are public; lists answer 304 while unchanged', async () => {
    const did = await getPublic(`${PUBLIC}/.well-known/did.json`);
    expect(did.status).toBe(200);
    expect(did.headers.get('access-control-allow-origin')).toBe('*');
    const ctx = await getPublic(`${PUBLIC}/contexts/social-work-licence/v1`);
    expect(ctx.status).toBe(200);
    expect(ctx.headers.get('content-type')).toContain('application/ld+json');
    expect(((await ctx.json()) as { '@context': unknown })['@context']).toMatchObject({ '@protected': true });

    const url = `${PUBLIC}/credentials/status/suspension/1`;
    const first = await getPublic(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    // fetch() adds "Cache-Control: no-cache" to a conditional request unless told otherwise, and a
    // no-cache request is always answered in full: send what a caching verifier sends.
    const conditional = { 'if-none-match': etag, 'cache-control': 'max-age=0' };
    expect((await getPublic(url, conditional)).status).toBe(304);
    const { licenceId } = await aLicensee(app, { from: '2026-01-01', until: '2028-12-31' });
    await credentialFor(licenceId);
    await changeStatus(licenceId, 'suspended');
    const changed = await getPublic(url, conditional);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    expect((await app.request('GET', '/credentials/status/expiry/1')).status).toBe(400);
    expect((await app.request('GET', '/credentials/status/revocation/7')).status).toBe(404);
  });

  it('after a key rotation the DID document keeps the older key, and credentials signed with it still verify', async () => {
    const { licenceId } = await aLicensee(app, { from: '2026-01-01', until: '2028-12-31' });
    const before = await credentialFor(licenceId);
    clock.advance(366 * 86_400_000);
    admin = await app.renew(admin);
    const after = await credentialFor(licenceId);
    expect(decodeJWT(after).header.kid).not.toBe(decodeJWT(before).header.kid);
    const doc = (await (await getPublic(`${PUBLIC}/.well-known/did.json`)).json()) as { assertionMethod: string[] };
    expect(doc.assertionMethod).toEqual(
      expect.arrayContaining([decodeJWT(before).header.kid, decodeJWT(after).header.kid]),
    );
    expect((await verify(before)).verified).toBe(true);
    expect((await verify(after)).verified).toBe(true);
    expect(entries(after)).toEqual(entries(before));
  });
});

/**
 * OpenID for Verifiable Credential Issuance 1.0, driven from the wallet side by @openid4vc/openid4vci's
 * Openid4vciClient (OpenWallet Foundation), which shares no code with the registry's issuer: it reads
 * the offer link, the issuer and authorization server metadata, redeems the pre-authorised code
 * with the PIN, fetches a nonce, signs a key proof and asks for the credential, all over HTTP. The
 * registry's https PUBLIC_URL is mapped to the local test server by the client's fetch callback.
 */
describe('a licence credential into a wallet (OpenID4VCI, pre-authorised code)', () => {
  const walletKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const walletJwk = walletKey.publicKey.export({ format: 'jwk' }) as Jwk;
  const walletFetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(`${PUBLIC}/`)) throw new Error(`no network in tests: ${url}`);
    return fetch(app.baseUrl + url.slice(PUBLIC.length), input instanceof Request ? input : init);
  }) as typeof fetch;
  const wallet = () =>
    new Openid4vciClient({
      callbacks: {
        fetch: walletFetch,
        hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
        generateRandom: (n) => randomBytes(n),
        clientAuthentication: clientAuthenticationNone({ clientId: 'test-wallet' }),
        signJwt: async (_signer, { header, payload }) => ({
          jwt: await new SignJWT(payload).setProtectedHeader(header as never).sign(walletKey.privateKey),
          signerJwk: walletJwk,
        }),
      },
    });

  /** A social worker holding a licence, and an offer of its credential. */
  async function offered() {
    const sw = await app.signIn(['social_worker']);
    const l = await aLicensee(app, { accountId: sw.id, from: '2026-01-01', until: '2028-12-31' });
    const res = await app.request('POST', `/api/v1/licences/${l.licenceId}/credential-offer`, {
      token: sw.accessToken,
    });
    expect(res.status, res.text).toBe(201);
    return { sw, ...l, offer: res.body as { offerUri: string; txCode: string; qrSvg: string; expiresAt: string } };
  }

  /** The wallet's whole flow up to the access token. */
  async function redeem(offerUri: string, txCode: string) {
    const client = wallet();
    const credentialOffer = await client.resolveCredentialOffer(offerUri);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer,
      issuerMetadata,
      txCode,
    });
    return { client, issuerMetadata, accessToken: accessTokenResponse.access_token };
  }

  async function credentialWith(r: Awaited<ReturnType<typeof redeem>>) {
    const { c_nonce } = await r.client.requestNonce({ issuerMetadata: r.issuerMetadata });
    const proof = await r.client.createCredentialRequestJwtProof({
      issuerMetadata: r.issuerMetadata,
      credentialConfigurationId: 'SocialWorkLicenceCredential',
      signer: { method: 'jwk', alg: 'ES256', publicJwk: walletJwk },
      nonce: c_nonce,
      issuedAt: clock.now(),
    });
    return r.client.retrieveCredentials({
      issuerMetadata: r.issuerMetadata,
      credentialConfigurationId: 'SocialWorkLicenceCredential',
      accessToken: r.accessToken,
      proofs: { jwt: [proof.jwt] },
    });
  }

  it('a wallet gets the licence credential bound to its key; it verifies with did-jwt and shows a suspension in its status list', async () => {
    const { offer, number, licenceId } = await offered();
    expect(offer.offerUri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    expect(offer.txCode).toMatch(/^\d{6}$/);
    expect(offer.qrSvg).toMatch(/^<svg/);

    const r = await redeem(offer.offerUri, offer.txCode);
    expect(r.issuerMetadata.credentialIssuer).toMatchObject({
      credential_issuer: PUBLIC,
      credential_endpoint: `${PUBLIC}/api/v1/oid4vci/credential`,
      nonce_endpoint: `${PUBLIC}/api/v1/oid4vci/nonce`,
    });
    const { credentialResponse } = await credentialWith(r);
    const [issued] = credentialResponse.credentials ?? [];
    const jwt = typeof issued === 'object' && 'credential' in issued ? issued.credential : undefined;
    expect(typeof jwt).toBe('string');

    const verified = await verify(jwt as string);
    expect(verified.verified).toBe(true);
    expect(verified.issuer).toBe(DID);
    const subject = verified.payload.credentialSubject as { id: string };
    expect(subject).toMatchObject({ licence: { number, status: 'active' } });
    // Bound to the wallet's key: the subject is the did:jwk of exactly that public key.
    expect(subject.id).toMatch(/^did:jwk:/);
    expect(JSON.parse(Buffer.from(subject.id.slice('did:jwk:'.length), 'base64url').toString())).toEqual(walletJwk);
    expect(await bitOf(purpose(jwt as string, 'suspension'))).toBe(false);

    // The credential in the wallet follows the licence: suspended, its bit is set.
    await changeStatus(licenceId, 'suspended');
    expect(await bitOf(purpose(jwt as string, 'suspension'))).toBe(true);

    // The access token was spent on the one credential.
    const again = await credentialWith(r).catch((e: unknown) => e);
    expect(String((again as Error).message ?? again)).toMatch(/invalid_token|401/);
  });

  it('a wrong PIN is refused and counted, five void the offer; a redeemed code cannot be used again', async () => {
    const { offer } = await offered();
    const wrong = offer.txCode === '000000' ? '111111' : '000000';
    const tokenRequest = (txCode: string, code: string) =>
      fetch(`${app.baseUrl}/api/v1/oid4vci/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
          'pre-authorized_code': code,
          tx_code: txCode,
        }),
      });
    const code = (
      JSON.parse(decodeURIComponent(offer.offerUri.split('credential_offer=')[1]!)) as {
        grants: Record<string, { 'pre-authorized_code': string }>;
      }
    ).grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];

    const first = await tokenRequest(wrong, code);
    expect(first.status).toBe(400);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^tx_code: .*4 attempts left/),
    });

    // The right PIN still works after one wrong try, once.
    const ok = await tokenRequest(offer.txCode, code);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300, access_token: expect.any(String) });
    const twice = await tokenRequest(offer.txCode, code);
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: string }).error).toBe('invalid_grant');

    // Five wrong PINs void another offer: the right one no longer works.
    const other = await offered();
    const otherCode = new URL(
      other.offer.offerUri.replace('openid-credential-offer://', 'https://x/'),
    ).searchParams.get('credential_offer')!;
    const c2 = (JSON.parse(otherCode) as { grants: Record<string, { 'pre-authorized_code': string }> }).grants[
      'urn:ietf:params:oauth:grant-type:pre-authorized_code'
    ]!['pre-authorized_code'];
    const wrong2 = other.offer.txCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await tokenRequest(wrong2, c2)).status).toBe(400);
    const voided = await tokenRequest(other.offer.txCode, c2);
    expect(voided.status).toBe(400);
    expect(((await voided.json()) as { error_description: string }).error_description).toMatch(
      /^pre-authorized_code: /,
    );

    // A missing field is named.
    const missing = await fetch(`${app.baseUrl}/api/v1/oid4vci/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code' }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining('pre-authorized_code'),
    });
  });

  it('a proof over a nonce the registry never issued is refused, and the token stays usable', async () => {
    const { offer } = await offered();
    const r = await redeem(offer.offerUri, offer.txCode);
    const proof = await r.client.createCredentialRequestJwtProof({
      issuerMetadata: r.issuerMetadata,
      credentialConfigurationId: 'SocialWorkLicenceCredential',
      signer: { method: 'jwk', alg: 'ES256', publicJwk: walletJwk },
      nonce: 'made-up-nonce',
      issuedAt: clock.now(),
    });
    const res = await fetch(`${app.baseUrl}/api/v1/oid4vci/credential`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        credential_configuration_id: 'SocialWorkLicenceCredential',
        proofs: { jwt: [proof.jwt] },
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_nonce');
    // A proof that is not a JWT at all is refused as such, not answered with a 500.
    for (const jwt of ['not-a-jwt', 'not.a.jwt', `${proof.jwt.split('.')[0]}.e30.c2ln`]) {
      const bad = await fetch(`${app.baseUrl}/api/v1/oid4vci/credential`, {
        method: 'POST',
        headers: { authorization: `Bearer ${r.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ credential_configuration_id: 'SocialWorkLicenceCredential', proofs: { jwt: [jwt] } }),
      });
      expect(bad.status, jwt).toBe(400);
      expect(((await bad.json()) as { error: string }).error, jwt).toMatch(
        /^invalid_(proof|nonce|request|credential_request)$/,
      );
    }
    // With a real nonce the same token gets the credential.
    const { credentialResponse } = await credentialWith(r);
    expect(credentialResponse.credentials).toHaveLength(1);
  });

  it('only the holder (or staff) may offer a licence, and only one in good standing', async () => {
    const { licenceId } = await offered();
    const stranger = await app.signIn(['social_worker']);
    const res = await app.request('POST', `/api/v1/licences/${licenceId}/credential-offer`, {
      token: stranger.accessToken,
    });
    expect([403, 404]).toContain(res.status);
    await changeStatus(licenceId, 'suspended');
    const suspended = await app.request('POST', `/api/v1/licences/${licenceId}/credential-offer`, {
      token: admin.accessToken,
    });
    expect(suspended.status).toBe(422);
    expect(suspended.body.errors[0].field).toBe('status');
  });
});
