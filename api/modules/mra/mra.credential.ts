/**
 * A licence as a W3C Verifiable Credential 2.0, secured as a JWT (VC-JOSE-COSE: typ vc+jwt,
 * the credential itself as the claims set), signed with the council's certificate key. The issuer
 * is the council's did:web, whose DID document (/.well-known/did.json) lists the certificate keys;
 * the registry's own terms are defined in the JSON-LD context it publishes; `credentialStatus`
 * points at the council's revocation and suspension Bitstring Status Lists. See docs/mra.md.
 */
import { SignJWT } from 'jose';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { Council } from '../council/index.js';
import { Licence } from '../licences/index.js';
import { Registrant, assertRegistrantAccess } from '../registrants/index.js';
import { contextUrl, didWebFor, verificationMethodId } from './mra.did.js';
import { credentialStatusEntries, statusPlaceFor } from './mra.status-list.js';

export const VC_MEDIA_TYPE = 'application/vc+jwt';

/** The licence a credential is asked for, when the caller may have one: their own (or staff), in good standing. */
export async function credentialLicence(deps: AppDeps, auth: AuthContext, licenceId: string): Promise<Licence> {
  const em = deps.orm.em;
  const l = await em.findOne(Licence, { id: licenceId });
  if (!l) throw new NotFoundError('The licence');
  await assertRegistrantAccess(em, auth, l.registrant.id);
  assertGoodStanding(l);
  return l;
}

function assertGoodStanding(l: Licence): void {
  if (!['active', 'grace'].includes(l.status))
    throw new ValidationError(
      'status',
      `a credential is issued for a licence in good standing; this one is ${l.status}`,
    );
}

/** The licence credential for the signed-in holder (or staff), as a vc+jwt. */
export async function licenceCredential(deps: AppDeps, auth: AuthContext, licenceId: string): Promise<string> {
  return signLicenceCredential(deps, await credentialLicence(deps, auth, licenceId), { format: 'vc+jwt' });
}

/**
 * Signs the credential of a licence in good standing. `holder` (a DID of the holder's own key, from
 * a wallet's key proof) becomes the credential subject's id, binding the credential to that wallet.
 */
export async function signLicenceCredential(
  deps: AppDeps,
  licence: Licence,
  { holder, format }: { holder?: string; format: string },
): Promise<string> {
  const em = deps.orm.em;
  const l = licence;
  assertGoodStanding(l);
  const r = await em.findOneOrFail(Registrant, { id: l.registrant.id });
  const council = await em.findOneOrFail(Council, { id: 1 });
  const [from] = await em.execute<{ valid_from: string }[]>(
    `select to_char(max(valid_from), 'YYYY-MM-DD') as valid_from from licence_period where licence_id = ?`,
    [l.id],
  );
  const now = deps.clock.now();
  const base = deps.config.publicUrl;
  const did = didWebFor(base);
  const place = await statusPlaceFor(em, l.id, now);
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', contextUrl(base)],
    id: `${base}/verify/${encodeURIComponent(l.number)}#vc-${Math.floor(now.getTime() / 1000)}`,
    type: ['VerifiableCredential', 'SocialWorkLicenceCredential'],
    issuer: { id: did, name: council.name, country: council.country },
    validFrom: `${from?.valid_from ?? l.statusSince}T00:00:00Z`,
    validUntil: `${l.validUntil}T23:59:59Z`,
    credentialSubject: {
      ...(holder ? { id: holder } : {}),
      type: 'LicensedSocialWorker',
      name: r.fullName,
      ...(r.fullNameNative ? { nameNative: r.fullNameNative.normalize('NFC') } : {}),
      licence: {
        number: l.number,
        tier: l.tierCode,
        tierName: l.tierName.en ?? l.tierCode,
        protectedTitle: l.protectedTitle.en ?? l.tierCode,
        status: l.status,
        verificationUrl: `${base}/verify/${encodeURIComponent(l.number)}`,
      },
    },
    credentialStatus: credentialStatusEntries(base, place),
  };
  const { kid, privateKey } = await deps.keys.signingKey('certificate');
  const jwt = await new SignJWT(credential as never)
    .setProtectedHeader({ alg: 'EdDSA', kid: verificationMethodId(did, kid), typ: 'vc+jwt', cty: 'vc' })
    .setIssuer(did)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(privateKey);
  await em.fork().transactional((tx) =>
    recordAudit(tx, {
      action: 'licence.credential-issued',
      entityType: 'licence',
      entityId: l.id,
      after: { kid, format, ...(holder ? { holder } : {}), statusList: place.listNo, statusListIndex: place.listIndex },
    }),
  );
  return jwt;
}
