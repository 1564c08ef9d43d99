import { z } from 'zod';
import { listOf } from '../../http/schemas.js';

export const kindSlug = z.enum(['certificate', 'wallet-card']);

export const kindParams = z.object({ id: z.uuid(), kind: kindSlug });

export const reissueBody = z
  .object({ reason: z.string().trim().min(5, 'give the reason for the reissue (at least 5 characters)').max(500) })
  .meta({ id: 'CertificateReissue' });

export const issuanceOut = z
  .object({
    id: z.uuid(),
    licenceId: z.uuid(),
    kind: z.enum(['certificate', 'wallet_card']),
    sequence: z.number().int(),
    issuedAt: z.iso.datetime(),
    issuedBy: z.uuid().nullable(),
    reissueReason: z.string().nullable(),
    kid: z.string(),
    payloadHash: z.string(),
  })
  .meta({ id: 'CertificateIssuance' });

export const issuanceList = listOf(issuanceOut, 'CertificateIssuanceList');
