/**
 * The council as a did:web issuer, and the JSON-LD context of the registry's own credential terms.
 *
 * did:web (https://w3c-ccg.github.io/did-method-web/): the DID is the host of PUBLIC_URL, a port
 * percent-encoded (`did:web:registry.example%3A8443`), and resolves to
 * https://<host>/.well-known/did.json. The DID document lists every published certificate key
 * (not only the one signing today), so credentials signed before a key rotation keep verifying;
 * a credential's JWT header `kid` is `<did>#<key id>`.
 */
import type { AppDeps } from '../../deps.js';

/** `did:web:` + host, with a port percent-encoded as did:web requires. */
export function didWebFor(publicUrl: string): string {
  const u = new URL(publicUrl);
  return `did:web:${u.hostname}${u.port ? `%3A${u.port}` : ''}`;
}

/** Where the registry's JSON-LD context for its own credential terms is published. */
export const contextUrl = (publicUrl: string) => `${publicUrl}/contexts/social-work-licence/v1`;

/** The verification method id of a key: `<did>#<kid>`. */
export const verificationMethodId = (did: string, kid: string) => `${did}#${kid}`;

/**
 * Verification methods are typed JsonWebKey2020 (public key as `publicKeyJwk`): the type that
 * widely used verifiers (did-jwt, Veramo, walt.id, Transmute) resolve today. The key material is
 * the same JWK that /.well-known/jwks.json publishes.
 */
export async function didDocument(deps: AppDeps) {
  const did = didWebFor(deps.config.publicUrl);
  const { keys } = await deps.keys.jwks();
  const methods = keys
    .filter((k) => k.purpose === 'certificate')
    .map((k) => ({
      id: verificationMethodId(did, String(k.kid)),
      type: 'JsonWebKey2020',
      controller: did,
      publicKeyJwk: { kty: k.kty, crv: k.crv, x: k.x, kid: k.kid, alg: k.alg },
    }));
  const ids = methods.map((m) => m.id);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    alsoKnownAs: [deps.config.publicUrl],
    verificationMethod: methods,
    assertionMethod: ids,
  };
}

/**
 * The JSON-LD context of SocialWorkLicenceCredential. Every term is @protected, so a credential
 * that also loads another context cannot redefine what `licence` or `tier` means. Terms that the
 * VC 2.0 context already defines (id, type, name, description) are not repeated.
 */
export function licenceContext(publicUrl: string) {
  const vocab = `${contextUrl(publicUrl)}#`;
  const term = (name: string) => `${vocab}${name}`;
  return {
    '@context': {
      '@version': 1.1,
      '@protected': true,
      SocialWorkLicenceCredential: term('SocialWorkLicenceCredential'),
      LicensedSocialWorker: term('LicensedSocialWorker'),
      nameNative: term('nameNative'),
      country: term('country'),
      licence: term('licence'),
      number: term('number'),
      tier: term('tier'),
      tierName: term('tierName'),
      protectedTitle: term('protectedTitle'),
      status: term('licenceStatus'),
      verificationUrl: { '@id': term('verificationUrl'), '@type': '@id' },
    },
  };
}
