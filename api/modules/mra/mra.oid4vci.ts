/**
 * OpenID for Verifiable Credential Issuance 1.0 (OID4VCI), pre-authorised code flow: a social worker
 * puts their licence credential into a wallet app.
 *
 *   1. The holder asks for an offer (signed in): a one-time pre-authorised code in an
 *      `openid-credential-offer://` link (shown as a QR code) and a 6-digit PIN (tx_code) shown beside it.
 *   2. The wallet reads the issuer's metadata (/.well-known/openid-credential-issuer and
 *      /.well-known/oauth-authorization-server), trades the code and PIN for an access token at the
 *      token endpoint, fetches a c_nonce, and asks the credential endpoint for the credential with a
 *      proof of its own key (an openid4vci-proof+jwt over the nonce).
 *   3. The credential is the licence's VC 2.0 JWT (the same one the API exports, with the same
 *      status lists), its subject bound to the wallet's key as a did:jwk.
 *
 * Parsing and checking the protocol messages (token request, credential request, key proof) is done
 * by @openid4vc/openid4vci and @openid4vc/oauth2 (OpenWallet Foundation). The state lives in the
 * database, so any instance can answer any step: codes, PINs and tokens are kept only as SHA-256
 * hashes, each is redeemed once with a conditional UPDATE, and a PIN typed wrong five times voids
 * the offer. Refusals are OAuth 2.0 error responses (`error`, `error_description` naming the field),
 * as wallets expect from these endpoints.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { compactVerify, importJWK, type JWK } from 'jose';
import QRCode from 'qrcode';
import {
  clientAuthenticationNone,
  HashAlgorithm,
  Oauth2AuthorizationServer,
  Oauth2ErrorCodes,
  Oauth2ServerErrorResponseError,
  preAuthorizedCodeGrantIdentifier,
  setGlobalConfig,
  type CallbackContext,
  type Jwk,
  type JwtSigner,
} from '@openid4vc/oauth2';
import {
  Openid4vciIssuer,
  Openid4vciVersion,
  type CredentialConfigurationSupportedWithFormats,
  type IssuerMetadataResult,
} from '@openid4vc/openid4vci';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { OAuthError } from '../../http/oauth-error.js';
import { newToken, hashToken } from '../../shared/ids.js';
import { LANGUAGES, languageMeta, t } from '../../shared/i18n.js';
import { recordAudit } from '../audit/index.js';
import { Council } from '../council/index.js';
import { Licence } from '../licences/index.js';
import { credentialLicence, signLicenceCredential } from './mra.credential.js';

export const CREDENTIAL_CONFIGURATION_ID = 'SocialWorkLicenceCredential';
export const OFFER_TTL_S = 15 * 60;
export const TOKEN_TTL_S = 5 * 60;
export const NONCE_TTL_S = 5 * 60;
const MAX_PIN_ATTEMPTS = 5;
const PROOF_ALGS = ['ES256', 'ES384', 'EdDSA'];

/** did:jwk of a public key: its public members only, in lexicographic order (as RFC 7638 orders them). */
const didJwkOf = (jwk: Jwk) => {
  const pub = Object.fromEntries(
    ['crv', 'e', 'kty', 'n', 'x', 'y'].filter((k) => typeof jwk[k] === 'string').map((k) => [k, jwk[k]]),
  );
  return `did:jwk:${Buffer.from(JSON.stringify(pub)).toString('base64url')}`;
};

/** The public part of a key named by a proof: an embedded JWK, or a did:jwk. */
function publicJwkOf(signer: JwtSigner): Jwk | undefined {
  if (signer.method === 'jwk') return signer.publicJwk;
  if (signer.method === 'did' && signer.didUrl.startsWith('did:jwk:')) {
    try {
      return JSON.parse(Buffer.from(signer.didUrl.slice(8).split('#')[0]!, 'base64url').toString('utf8')) as Jwk;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** What the protocol library needs from us: hashing, randomness and checking a wallet's signature. */
const callbacks: Omit<CallbackContext, 'decryptJwe' | 'encryptJwe'> = {
  hash: (data, alg) =>
    createHash(alg === HashAlgorithm.Sha384 ? 'sha384' : alg === HashAlgorithm.Sha512 ? 'sha512' : 'sha256')
      .update(data)
      .digest(),
  generateRandom: (n) => randomBytes(n),
  clientAuthentication: clientAuthenticationNone({ clientId: 'wallet' }),
  // The issuer never signs through the library: credentials are signed by signLicenceCredential.
  signJwt: () => {
    throw new Error('the registry signs credentials itself');
  },
  async verifyJwt(signer, jwt) {
    const jwk = publicJwkOf(signer);
    if (!jwk || !PROOF_ALGS.includes(signer.alg)) return { verified: false };
    try {
      await compactVerify(jwt.compact, await importJWK(jwk as JWK, signer.alg), { algorithms: PROOF_ALGS });
      return { verified: true, signerJwk: jwk };
    } catch {
      return { verified: false, signerJwk: jwk };
    }
  },
};

/**
 * What the protocol library refuses while reading a wallet's request becomes an OAuth error: its own
 * OAuth error response when it gives one, else `fallback` with its message (a malformed grant, proof
 * or credential request). Only the request is read in these steps, so such a refusal is the
 * caller's; a programming error (TypeError, ReferenceError, RangeError) still goes to the error
 * handler as a 500.
 */
function asOAuthError(e: unknown, fallback: string): unknown {
  if (e instanceof OAuthError) return e;
  if (e instanceof Oauth2ServerErrorResponseError)
    return new OAuthError(e.status ?? 400, e.errorResponse.error, e.errorResponse.error_description ?? e.message);
  if (e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || !(e instanceof Error))
    return e;
  return new OAuthError(400, fallback, e.message.split('\n')[0]!.slice(0, 300));
}

export function oid4vciService(deps: AppDeps) {
  const base = deps.config.publicUrl;
  // Wallets and the library insist on https; a registry run locally (http://localhost) still works.
  if (base.startsWith('http:')) setGlobalConfig({ allowInsecureUrls: true });
  const issuer = new Openid4vciIssuer({ callbacks });
  const authorizationServer = new Oauth2AuthorizationServer({ callbacks });
  const endpoints = {
    token: `${base}/api/v1/oid4vci/token`,
    nonce: `${base}/api/v1/oid4vci/nonce`,
    credential: `${base}/api/v1/oid4vci/credential`,
  };

  // Both depend on nothing but the address and the catalogues: built once.
  const authorizationServerMetadata = authorizationServer.createAuthorizationServerMetadata({
    issuer: base,
    token_endpoint: endpoints.token,
    grant_types_supported: [preAuthorizedCodeGrantIdentifier],
    'pre-authorized_grant_anonymous_access_supported': true,
  });

  /** The one credential offered, named in every language of the region. */
  const configurations = {
    [CREDENTIAL_CONFIGURATION_ID]: {
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', CREDENTIAL_CONFIGURATION_ID] },
      cryptographic_binding_methods_supported: ['jwk', 'did:jwk'],
      credential_signing_alg_values_supported: ['EdDSA'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: PROOF_ALGS } },
      credential_metadata: {
        display: LANGUAGES.map((lang) => ({
          name: t(lang, 'api.credential.name'),
          locale: languageMeta(lang).intl,
          description: t(lang, 'api.credential.description'),
        })),
      },
    },
  } satisfies Record<string, CredentialConfigurationSupportedWithFormats>;

  async function credentialIssuerMetadata() {
    const council = await deps.orm.em.fork().findOneOrFail(Council, { id: 1 });
    return issuer.createCredentialIssuerMetadata({
      credential_issuer: base,
      credential_endpoint: endpoints.credential,
      nonce_endpoint: endpoints.nonce,
      display: LANGUAGES.map((lang) => ({ name: council.name, locale: languageMeta(lang).intl })),
      credential_configurations_supported: configurations,
    });
  }

  async function issuerMetadataResult(): Promise<IssuerMetadataResult> {
    const credentialIssuer = await credentialIssuerMetadata();
    return {
      originalDraftVersion: Openid4vciVersion.V1,
      credentialIssuer,
      authorizationServers: [authorizationServerMetadata],
      knownCredentialConfigurations: configurations,
    };
  }

  return {
    authorizationServerMetadata: () => authorizationServerMetadata,
    credentialIssuerMetadata,

    /** A one-time offer of the licence credential, for the holder's wallet (a QR code and a PIN). */
    async createOffer(auth: AuthContext, licenceId: string, lang: string) {
      const licence = await credentialLicence(deps, auth, licenceId);
      const code = newToken();
      const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + OFFER_TTL_S * 1000);
      const { credentialOffer, credentialOfferObject } = await issuer.createCredentialOffer({
        issuerMetadata: await issuerMetadataResult(),
        credentialConfigurationIds: [CREDENTIAL_CONFIGURATION_ID],
        grants: {
          [preAuthorizedCodeGrantIdentifier]: {
            'pre-authorized_code': code,
            tx_code: { input_mode: 'numeric', length: 6, description: t(lang, 'api.credential.pin') },
          },
        },
      });
      await deps.orm.em.fork().transactional(async (tx) => {
        // Offers long past their use are kept a month (the audit trail keeps that one was made), then go.
        await tx.execute(`delete from credential_offer where expires_at < ?`, [
          new Date(now.getTime() - 30 * 86_400_000),
        ]);
        await tx.execute(
          `insert into credential_offer (id, licence_id, code_hash, tx_code_hash, expires_at, created_by, created_at)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?)`,
          [licence.id, hashToken(code), hashToken(pin), expiresAt, auth.accountId, now],
        );
        await recordAudit(tx, {
          action: 'licence.credential-offered',
          entityType: 'licence',
          entityId: licence.id,
          after: { credentialConfigurationId: CREDENTIAL_CONFIGURATION_ID, expiresAt: expiresAt.toISOString() },
        });
      });
      return {
        offerUri: credentialOffer,
        offer: credentialOfferObject,
        txCode: pin,
        qrSvg: await QRCode.toString(credentialOffer, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
        expiresAt: expiresAt.toISOString(),
      };
    },

    /** The token endpoint: a pre-authorised code and its PIN, redeemed once, for an access token. */
    async token(form: Record<string, unknown>, request: { url: string; headers: Headers }) {
      let code: string;
      let pin: string | undefined;
      try {
        const parsed = authorizationServer.parseAccessTokenRequest({
          accessTokenRequest: form,
          request: { url: request.url, method: 'POST', headers: request.headers },
        });
        if (parsed.grant.grantType !== preAuthorizedCodeGrantIdentifier)
          throw new OAuthError(
            400,
            Oauth2ErrorCodes.UnsupportedGrantType,
            `grant_type: only ${preAuthorizedCodeGrantIdentifier} is offered`,
          );
        code = parsed.grant.preAuthorizedCode;
        pin = parsed.grant.txCode;
      } catch (e) {
        throw asOAuthError(e, Oauth2ErrorCodes.InvalidRequest);
      }
      if (!pin)
        throw new OAuthError(400, Oauth2ErrorCodes.InvalidRequest, 'tx_code: the PIN shown with the offer is required');
      const now = deps.clock.now();
      const accessToken = newToken();
      const em = deps.orm.em.fork();
      const redeemed = await em.execute<{ id: string }[]>(
        `update credential_offer set access_token_hash = ?, token_expires_at = ?
          where code_hash = ? and tx_code_hash = ? and access_token_hash is null and expires_at > ? and failed_tx_codes < ?
          returning id`,
        [
          hashToken(accessToken),
          new Date(now.getTime() + TOKEN_TTL_S * 1000),
          hashToken(code),
          hashToken(pin),
          now,
          MAX_PIN_ATTEMPTS,
        ],
      );
      if (!redeemed.length) {
        // Why not: a wrong PIN counts against the offer; an unknown, used or expired code is simply refused.
        const wrongPin = await em.execute<{ failed_tx_codes: number }[]>(
          `update credential_offer set failed_tx_codes = failed_tx_codes + 1
            where code_hash = ? and tx_code_hash <> ? and access_token_hash is null and expires_at > ? and failed_tx_codes < ?
            returning failed_tx_codes`,
          [hashToken(code), hashToken(pin), now, MAX_PIN_ATTEMPTS],
        );
        if (wrongPin.length)
          throw new OAuthError(
            400,
            Oauth2ErrorCodes.InvalidGrant,
            `tx_code: the PIN is wrong (${MAX_PIN_ATTEMPTS - wrongPin[0]!.failed_tx_codes} attempts left)`,
          );
        throw new OAuthError(
          400,
          Oauth2ErrorCodes.InvalidGrant,
          'pre-authorized_code: unknown, already used, expired, or voided after too many wrong PINs; ask for a new offer',
        );
      }
      return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_S };
    },

    /** The nonce endpoint: a fresh c_nonce, valid for NONCE_TTL_S and for one key proof. */
    async nonce() {
      const nonce = newToken();
      const now = deps.clock.now();
      const em = deps.orm.em.fork();
      await em.execute(`delete from credential_nonce where expires_at < ?`, [now]);
      await em.execute(`insert into credential_nonce (nonce, expires_at) values (?, ?)`, [
        nonce,
        new Date(now.getTime() + NONCE_TTL_S * 1000),
      ]);
      return issuer.createNonceResponse({ cNonce: nonce, cNonceExpiresIn: NONCE_TTL_S });
    },

    /**
     * The credential endpoint: the access token (once), a credential request and a proof of the
     * wallet's key over a c_nonce (once) give the licence credential bound to that key.
     */
    async credential(authorization: string | undefined, body: Record<string, unknown>) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!bearer) throw new OAuthError(401, 'invalid_token', 'authorization: send the access token as a Bearer token');
      const em = deps.orm.em.fork();
      const now = deps.clock.now();
      const [offer] = await em.execute<{ id: string; licence_id: string; usable: boolean }[]>(
        `select id, licence_id, (issued_at is null and token_expires_at > ?) as usable
           from credential_offer where access_token_hash = ?`,
        [now, hashToken(bearer)],
      );
      if (!offer?.usable)
        throw new OAuthError(
          401,
          'invalid_token',
          'authorization: the access token is unknown, expired or already used',
        );

      const issuerMetadata = await issuerMetadataResult();
      let holderJwk: Jwk;
      let nonce: string;
      try {
        const parsed = issuer.parseCredentialRequest({ issuerMetadata, credentialRequest: body });
        if (
          parsed.credentialConfigurationId !== undefined &&
          parsed.credentialConfigurationId !== CREDENTIAL_CONFIGURATION_ID
        )
          throw new OAuthError(
            400,
            'unknown_credential_configuration',
            `credential_configuration_id: only ${CREDENTIAL_CONFIGURATION_ID} is offered`,
          );
        const jwt = parsed.proofs?.jwt?.[0];
        if (!jwt) throw new OAuthError(400, 'invalid_proof', 'proofs.jwt: a proof of the key to bind is required');
        if ((parsed.proofs?.jwt?.length ?? 0) > 1)
          throw new OAuthError(400, 'invalid_proof', 'proofs.jwt: one credential is issued per offer; send one proof');
        const proofNonce = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as {
          nonce?: unknown;
        };
        if (typeof proofNonce.nonce !== 'string')
          throw new OAuthError(
            400,
            'invalid_nonce',
            'proofs.jwt: the proof carries no nonce; fetch one from the nonce endpoint',
          );
        nonce = proofNonce.nonce;
        const verified = await issuer.verifyCredentialRequestJwtProof({
          issuerMetadata,
          jwt,
          expectedNonce: nonce,
          now,
        });
        const jwk = publicJwkOf(verified.signer);
        if (!jwk)
          throw new OAuthError(400, 'invalid_proof', 'proofs.jwt: name the key as a jwk header or a did:jwk kid');
        holderJwk = jwk;
      } catch (e) {
        throw asOAuthError(e, 'invalid_proof');
      }
      // The nonce must be one we handed out and not yet used; then the token is spent (once, even
      // when a wallet sends the same request twice at the same moment).
      const used = await em.execute<{ nonce: string }[]>(
        `delete from credential_nonce where nonce = ? and expires_at > ? returning nonce`,
        [nonce, now],
      );
      if (!used.length)
        throw new OAuthError(
          400,
          'invalid_nonce',
          'proofs.jwt: the nonce is unknown, expired or used; fetch a new one',
        );
      const claimed = await em.execute<{ id: string }[]>(
        `update credential_offer set issued_at = ? where id = ? and issued_at is null returning id`,
        [now, offer.id],
      );
      if (!claimed.length)
        throw new OAuthError(401, 'invalid_token', 'authorization: the access token was already used');

      const licence = await deps.orm.em.findOneOrFail(Licence, { id: offer.licence_id });
      const credential = await signLicenceCredential(deps, licence, {
        holder: didJwkOf(holderJwk),
        format: 'oid4vci jwt_vc_json',
      }).catch((e: unknown) => {
        // Suspended or revoked since the offer was made.
        throw e instanceof Error && /good standing/.test(e.message)
          ? new OAuthError(400, 'credential_request_denied', `status: ${e.message}`)
          : e;
      });
      return { credentials: [{ credential }] };
    },
  };
}
