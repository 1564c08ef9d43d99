import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';

/**
 * An uploaded file (evidence, self-study documents). Stored in PostgreSQL with the record it
 * supports, so a backup holds both and an upload commits or rolls back with its change.
 * The content type is what the bytes are (sniffed), not what the client claimed.
 */
export const DocumentSchema = defineEntity({
  name: 'Document',
  tableName: 'document',
  indexes: [{ properties: ['ownerType', 'ownerId'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    ownerType: p.string().length(60),
    ownerId: p.uuid(),
    purpose: p.string().length(60),
    filename: p.string().length(255),
    contentType: p.string().length(100),
    sizeBytes: p.integer(),
    sha256: p.string().length(64),
    data: p.blob().lazy().hidden(),
    uploadedBy: p.uuid().nullable(),
    uploadedAt: p.datetime(),
  },
});
export class Document extends DocumentSchema.class {}
DocumentSchema.setClass(Document);
