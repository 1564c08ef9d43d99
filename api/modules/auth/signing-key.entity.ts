import { defineEntity, p } from '@mikro-orm/core';

export type KeyPurpose = 'access' | 'certificate' | 'peer';

/**
 * An Ed25519 key pair. The newest key of a purpose signs; older keys stay published (JWKS) until
 * `retiredAt`, so what they signed still verifies. `generation` makes rotation idempotent across
 * instances: two instances rotating at once insert the same (purpose, generation) and one wins.
 */
export const SigningKeySchema = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_key',
  uniques: [{ properties: ['purpose', 'generation'] }],
  properties: {
    kid: p.string().length(64).primary(),
    purpose: p.string().length(16).$type<KeyPurpose>(),
    generation: p.integer(),
    publicJwk: p.json<Record<string, string>>(),
    privateKeySealed: p.text().hidden().lazy(),
    createdAt: p.datetime(),
    retiredAt: p.datetime().nullable(),
  },
});
export class SigningKey extends SigningKeySchema.class {}
SigningKeySchema.setClass(SigningKey);
