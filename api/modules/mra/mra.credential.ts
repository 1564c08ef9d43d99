/**
 * A licence as a W3C Verifiable Credential 2.0, secured as a JWT (VC-JOSE-COSE: typ vc+jwt, the
 * credential itself as the claims set). The issuer is the council as did:web (its DID document at
 * /.well-known/did.json lists the certificate keys, older ones included); the registry's own terms
 * are defined in a context it publishes (/credentials/v1); each credential points into two W3C
 * Bitstring Status Lists (revocation, suspension) that anyone can fetch and check.
 */
import { SignJWT } from 'jose';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { Council } from '../council/index.js';
import { Licence } from '../licences/index.js';
import { Registrant, assertRegistrantAccess } from '../registrants/index.js';
import { didWeb, encodeList, listBits, STATUS_PURPOSES, STATUS_SETS, type StatusPurpose } from './mra.status-list.js';

export const VC_MEDIA_TYPE = 'application/vc+jwt';
export const CONTEXT_PATH = '/credentials/v1';
export const STATUS_PATH = '/credentials/status';

export async function licenceCredential(deps: AppDeps, auth: AuthContext, licenceId: string): Promise<string> {
  const em = deps.orm.em;
  const l = await em.findOne(Licence, { id: licenceId });
  if (!l) throw new NotFoundError('The licence');
  await assertRegistrantAccess(em, auth, l.registrant.id);
  if (!['active', 'grace'].includes(l.status))
    throw new ValidationError(
      'status',
      `a credential is issued for a licence in good standing; this one is ${l.status}`,
    );
  const r = await em.findOneOrFail(Registrant, { id: l.registrant.id });
  const council = await em.findOneOrFail(Council, { id: 1 });
  const [from] = await em.execute<{ valid_from: string }[]>(
    `select to_char(max(valid_from), 'YYYY-MM-DD') as valid_from from licence_period where licence_id = ?`,
    [l.id],
  );
  const now = deps.clock.now();
  const base = deps.config.publicUrl;
  const issuer = didWeb(base);
  const [{ status_index: index } = { status_index: null }] = await em.execute<{ status_index: number | null }[]>(
    `select status_index from licence where id = ?`,
    [l.id],
  );
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', `${base}${CONTEXT_PATH}`],
    id: `${base}/verify/${encodeURIComponent(l.number)}#vc-${Math.floor(now.getTime() / 1000)}`,
    type: ['VerifiableCredential', 'SocialWorkLicenceCredential'],
    issuer: { id: issuer, name: council.name },
    validFrom: `${from?.valid_from ?? l.statusSince}T00:00:00Z`,
    validUntil: `${l.validUntil}T23:59:59Z`,
    credentialSubject: {
      type: 'LicensedSocialWorker',
      name: r.fullName,
      ...(r.fullNameNative ? { nameNative: r.fullNameNative.normalize('NFC') } : {}),
      licence: {
        type: 'SocialWorkLicence',
        number: l.number,
        tier: l.tierCode,
        tierName: l.tierName.en ?? l.tierCode,
        protectedTitle: l.protectedTitle.en ?? l.tierCode,
        jurisdiction: council.country,
        verificationUrl: `${base}/verify/${encodeURIComponent(l.number)}`,
      },
    },
    // Revocation and suspension, checked by anyone against the council's published status lists.
    credentialStatus: STATUS_PURPOSES.map((purpose) => ({
      id: `${base}${STATUS_PATH}/${purpose}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: `${base}${STATUS_PATH}/${purpose}`,
    })),
  };
  const { kid, privateKey } = await deps.keys.signingKey('certificate');
  const jwt = await new SignJWT(credential as never)
    // kid: the key's id in the JWK set and, after '#', in the DID document.
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'vc+jwt', cty: 'vc' })
    .setIssuer(issuer)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(privateKey);
  await em.fork().transactional((tx) =>
    recordAudit(tx, {
      action: 'licence.credential-issued',
      entityType: 'licence',
      entityId: l.id,
      after: { kid, format: 'vc+jwt' },
    }),
  );
  return jwt;
}

/**
 * One status list as a signed BitstringStatusListCredential. The bits are read from the licences'
 * committed statuses each time it is asked for, so a status change is in every list served after its
 * transaction commits, from any instance; verifiers may keep a list for a minute (ttl, Cache-Control).
 * Cheap: an index scan of the few revoked, surrendered or suspended licences and a gzip of at most a
 * few hundred kilobytes of zeros.
 */
const LIST_TTL_MS = 60_000;

export async function statusListCredential(deps: AppDeps, purpose: StatusPurpose): Promise<string> {
  const em = deps.orm.em.fork();
  const statuses = STATUS_SETS[purpose];
  const set = await em.execute<{ status_index: number }[]>(
    `select status_index from licence where status in (${statuses.map(() => '?').join(', ')})`,
    statuses,
  );
  const [{ last } = { last: 0 }] = await em.execute<{ last: number }[]>(
    `select coalesce(max(status_index), 0)::int as last from licence`,
  );
  const base = deps.config.publicUrl;
  const issuer = didWeb(base);
  const now = deps.clock.now();
  const url = `${base}${STATUS_PATH}/${purpose}`;
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: now.toISOString(),
    validUntil: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: purpose,
      ttl: LIST_TTL_MS,
      encodedList: encodeList(
        set.map((r) => r.status_index),
        listBits(last),
      ),
    },
  };
  const { kid, privateKey } = await deps.keys.signingKey('certificate');
  const jwt = await new SignJWT(credential as never)
    // kid: the key's id in the JWK set and, after '#', in the DID document.
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'vc+jwt', cty: 'vc' })
    .setIssuer(issuer)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(privateKey);
  return jwt;
}

/** The council's DID document (did:web): every published certificate key, so older credentials still verify. */
export async function didDocument(deps: AppDeps) {
  const did = didWeb(deps.config.publicUrl);
  const keys = (await deps.keys.jwks()).keys.filter((k) => k.purpose === 'certificate');
  const methods = keys.map((k) => {
    const { purpose: _purpose, key_ops: _ops, ...publicKeyJwk } = k;
    return { id: `${did}#${String(k.kid)}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk };
  });
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/** The JSON-LD context for the registry's own terms (protected, so no other context can redefine them). */
export function credentialContext(publicUrl: string) {
  const vocab = `${publicUrl}${CONTEXT_PATH}#`;
  const term = (name: string) => ({ '@id': `${vocab}${name}` });
  return {
    '@context': {
      '@version': 1.1,
      '@protected': true,
      SocialWorkLicenceCredential: term('SocialWorkLicenceCredential'),
      LicensedSocialWorker: {
        ...term('LicensedSocialWorker'),
        '@context': {
          '@version': 1.1,
          '@protected': true,
          nameNative: term('nameNative'),
          licence: term('licence'),
        },
      },
      SocialWorkLicence: {
        ...term('SocialWorkLicence'),
        '@context': {
          '@version': 1.1,
          '@protected': true,
          number: term('licenceNumber'),
          tier: term('tier'),
          tierName: term('tierName'),
          protectedTitle: term('protectedTitle'),
          jurisdiction: term('jurisdiction'),
          verificationUrl: { '@id': `${vocab}verificationUrl`, '@type': '@id' },
        },
      },
    },
  };
}
