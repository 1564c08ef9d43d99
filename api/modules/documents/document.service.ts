/** Storing and reading uploaded documents. */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError, NotFoundError } from '../../shared/errors.js';
import { Document } from './document.entity.js';
import { activeContentProblem, CONTENT_TYPES, cleanFilename, sniff, type FileKind } from './document.rules.js';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A file refused because something in it could run (a script, or a web page behind the magic number). */
export class UnsafeFileError extends ValidationError {
  constructor(message: string) {
    super('file', message);
  }
}

export type UploadInput = {
  ownerType: string;
  ownerId: string;
  purpose: string;
  filename?: string;
  bytes: Buffer;
  allowed: readonly FileKind[];
  uploadedBy: string | null;
  now: Date;
};

/** Checks the bytes (not the name: what they are, and that nothing in them could run) and stores the document in the caller's transaction. */
export function storeDocument(tx: EntityManager, input: UploadInput): Document {
  if (input.bytes.length === 0) throw new ValidationError('file', 'the file is empty');
  if (input.bytes.length > MAX_DOCUMENT_BYTES)
    throw new ValidationError('file', `the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
  const kind = sniff(input.bytes);
  if (!kind || !input.allowed.includes(kind)) {
    throw new ValidationError(
      'file',
      `the file is not a ${input.allowed.map((k) => k.toUpperCase()).join(' or ')} (its content says ${kind ? kind.toUpperCase() : 'something else'}, whatever its name)`,
    );
  }
  const active = activeContentProblem(input.bytes, kind);
  if (active) throw new UnsafeFileError(active);
  return tx.create(Document, {
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    purpose: input.purpose,
    filename: cleanFilename(input.filename, kind),
    contentType: CONTENT_TYPES[kind],
    sizeBytes: input.bytes.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    data: input.bytes,
    uploadedBy: input.uploadedBy,
    uploadedAt: input.now,
  });
}

export const documentView = (d: Document) => ({
  id: d.id,
  purpose: d.purpose,
  filename: d.filename,
  contentType: d.contentType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
  uploadedAt: d.uploadedAt.toISOString(),
});

export async function listDocuments(em: EntityManager, ownerType: string, ownerId: string) {
  return (await em.find(Document, { ownerType, ownerId }, { orderBy: { uploadedAt: 'asc' } })).map(documentView);
}

export async function getDocumentContent(
  em: EntityManager,
  ownerType: string,
  ownerId: string,
  id: string,
): Promise<Document> {
  const doc = await em.findOne(Document, { id, ownerType, ownerId }, { populate: ['data'] });
  if (!doc) throw new NotFoundError('The document');
  return doc;
}
