/**
 * Stored files (identity documents, evidence, self-studies) and what a file may be.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { Document } from './document.entity.js';
export {
  storeDocument,
  listDocuments,
  getDocumentContent,
  documentView,
  MAX_DOCUMENT_BYTES,
  UnsafeFileError,
} from './document.service.js';
export { documentOut } from './document.schema.js';
export { sniff, activeContentProblem, DOCUMENT_MEDIA_TYPES, type FileKind } from './document.rules.js';
