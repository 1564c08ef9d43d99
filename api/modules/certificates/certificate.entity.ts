import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Licence } from '../licences/index.js';
import type { CertificateKind } from './certificate.rules.js';

/**
 * One issued certificate or wallet card: the signed token its QR code carries, who issued it and
 * why (a reissue names its reason). Append-only; `sequence` counts issues per licence and kind.
 * `payloadHash` is the SHA-256 (hex) of the token's signed payload bytes.
 */
export const CertificateIssuanceSchema = defineEntity({
  name: 'CertificateIssuance',
  tableName: 'certificate_issuance',
  uniques: [{ properties: ['licence', 'kind', 'sequence'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    licence: () => p.manyToOne(Licence).ref().index(),
    kind: p.string().length(12).$type<CertificateKind>(),
    sequence: p.integer(),
    issuedAt: p.datetime(),
    issuedBy: p.uuid().nullable(),
    reissueReason: p.text().nullable(),
    kid: p.string().length(80),
    payloadHash: p.string().length(64).index(),
    token: p.text(),
  },
});
export class CertificateIssuance extends CertificateIssuanceSchema.class {}
CertificateIssuanceSchema.setClass(CertificateIssuance);
