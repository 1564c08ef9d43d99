export { mraRoutes } from './mra.routes.js';
export { PROVIDER_KINDS, resetCircuitBreakers, type MraProvider, type LookupAnswer } from './mra.providers.js';
export { MraPeer, MraLookup, MraSeenRequest } from './mra.entity.js';
