/**
 * Registrants (people on the register), their qualifications and identity changes, and who may see them.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { Registrant, Qualification, SECTORS, type Sector, IdentityChange } from './registrant.entity.js';
export { registrantRoutes } from './registrant.routes.js';
export { ownRegistrantId, assertRegistrantAccess } from './registrant.access.js';
export { qualificationViews } from './registrant.service.js';
export { sector } from './registrant.schema.js';
