/**
 * The peer lookup protocol between registries (ASEAN Mutual Recognition hook), as pure
 * definitions: the signed request a council sends, and the signed attestation the peer answers
 * with. Both are compact JWS (EdDSA) made with each council's 'peer' key, published in its JWKS.
 *
 *   request      header { alg: EdDSA, kid, typ: swr-mra-request+jwt }
 *                claims { iss, aud, iat, exp (≤ 5 min after iat), jti, purpose, q }
 *   attestation  header { alg: EdDSA, kid, typ: swr-mra-attestation+jwt }
 *                claims { iss, aud, iat, in_reply_to (the request's jti), purpose, result, licence | programme }
 */
import { z } from 'zod';

export const REQUEST_TYP = 'swr-mra-request+jwt';
export const ATTESTATION_TYP = 'swr-mra-attestation+jwt';
export const MAX_REQUEST_LIFETIME_S = 300;
export const CLOCK_TOLERANCE_S = 30;

export const licenceQuestion = z.object({
  subject: z.literal('licence').describe('Asks about a licence'),
  number: z.string().trim().min(3).max(40).describe("The licence number at the peer's register"),
  name: z.string().trim().min(2).max(300).optional().describe("The holder's name, to check it matches"),
  dateOfBirth: z.iso.date().optional().describe("The holder's date of birth, to check it matches"),
});
export const programmeQuestion = z.object({
  subject: z.literal('programme').describe('Asks about a programme of social work education'),
  institution: z.string().trim().min(2).max(300).describe('The school, as named in the qualification'),
  programme: z.string().trim().min(2).max(300).describe('The programme, as named in the qualification'),
});
export const question = z
  .discriminatedUnion('subject', [licenceQuestion, programmeQuestion])
  .describe('What is asked: a licence by number, or a programme by school and name');
export type Question = z.infer<typeof question>;

/** What a peer may learn about a licence: good standing, never identity numbers or contact details. */
export const licenceStanding = z.object({
  number: z.string(),
  name: z.string(),
  nameNative: z.string().nullable(),
  tier: z.string(),
  title: z.string(),
  status: z.string(),
  validUntil: z.iso.date(),
  currentPublicConditions: z.boolean(),
  currentSanction: z.boolean(),
});
export type LicenceStanding = z.infer<typeof licenceStanding>;

export const programmeStanding = z.object({
  institution: z.string(),
  programme: z.string(),
  level: z.string(),
  accreditedToday: z.boolean(),
  windows: z.array(z.object({ validFrom: z.iso.date(), validUntil: z.iso.date(), status: z.string() })),
});
export type ProgrammeStanding = z.infer<typeof programmeStanding>;

export const attestationClaims = z.object({
  iss: z.string(),
  aud: z.string(),
  iat: z.number(),
  in_reply_to: z.string(),
  purpose: z.string(),
  result: z.enum(['found', 'not_found']),
  licence: licenceStanding.optional(),
  programme: programmeStanding.optional(),
});
export type AttestationClaims = z.infer<typeof attestationClaims>;

export type RefusalReason =
  | 'malformed'
  | 'untrusted_issuer'
  | 'untrusted_key'
  | 'bad_signature'
  | 'expired'
  | 'wrong_audience'
  | 'replayed'
  | 'invalid_question';

/** Which keys of a JWKS may sign peer messages: ours mark their purpose; others may not. */
export const isPeerKey = (k: Record<string, unknown>): boolean =>
  (k.purpose === undefined || k.purpose === 'peer') && k.kty === 'OKP' && k.crv === 'Ed25519';
