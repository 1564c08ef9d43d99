import { z } from 'zod';
import { listOf } from '../../http/schemas.js';

export const kindSlug = z.enum(['certificate', 'wallet-card']);

export const kindParams = z.object({ id: z.uuid(), kind: kindSlug });

export const reissueBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(5, 'give the reason for the reissue (at least 5 characters)')
      .max(500)
      .describe('Why the document is reissued (lost, damaged, name changed); kept in the audit trail'),
  })
  .meta({ id: 'CertificateReissue' });

export const issuanceOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    licenceId: z.uuid().describe('The licence'),
    kind: z.enum(['certificate', 'wallet_card']).describe('certificate or wallet_card'),
    sequence: z.number().int().describe('1 for the first issue, 2 for the first reissue…'),
    issuedAt: z.iso.datetime().describe('When it was issued'),
    issuedBy: z.uuid().nullable().describe('The account that issued it (none: issued to the holder on request)'),
    reissueReason: z.string().nullable().describe('Why it was reissued'),
    kid: z.string().describe('Key id of the key that signed its QR code'),
    payloadHash: z.string().describe('SHA-256 of the signed QR payload'),
  })
  .meta({ id: 'CertificateIssuance' });

export const issuanceList = listOf(issuanceOut, 'CertificateIssuanceList');
