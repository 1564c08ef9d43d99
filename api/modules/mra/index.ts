/**
 * Cross-border lookups between councils (ASEAN Mutual Recognition Arrangement).
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { mraRoutes } from './mra.routes.js';
export { PROVIDER_KINDS, resetCircuitBreakers, type MraProvider, type LookupAnswer } from './mra.providers.js';
export {
  MraPeer,
  MraLookup,
  MraSeenRequest,
  CredentialStatusEntry,
  CredentialOffer,
  CredentialNonce,
} from './mra.entity.js';
