export { Document } from './document.entity.js';
export {
  storeDocument,
  listDocuments,
  getDocumentContent,
  documentView,
  MAX_DOCUMENT_BYTES,
  UnsafeFileError,
} from './document.service.js';
export { sniff, activeContentProblem, DOCUMENT_MEDIA_TYPES, type FileKind } from './document.rules.js';
