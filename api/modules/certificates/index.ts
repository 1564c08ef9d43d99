/**
 * Licence certificates and wallet cards: issuance, signed verification tokens, PDF rendering.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { CertificateIssuance } from './certificate.entity.js';
export { certificateRoutes } from './certificate.routes.js';
export {
  signCertificateToken,
  verifyCertificateToken,
  CERTIFICATE_TOKEN_TYPE,
  type CertificateClaims,
  type CertificateCheck,
} from './certificate.token.js';
export { renderCertificatePdf, type CertificateData, type Canvas } from './certificate.pdf.js';
export { CERTIFICATE_KINDS, type CertificateKind } from './certificate.rules.js';
