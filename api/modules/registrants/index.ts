export { Registrant, Qualification, SECTORS, type Sector } from './registrant.entity.js';
export { registrantRoutes } from './registrant.routes.js';
export { ownRegistrantId, assertRegistrantAccess } from './registrant.service.js';
