export { Licence, LicencePeriod, LicenceEvent, LicenceCondition } from './licence.entity.js';
export { licenceRoutes } from './licence.routes.js';
export { issueLicence, recordLicenceEvent, allocateLicenceNumber } from './licence.service.js';
export { LICENCE_TRANSITIONS, type LicenceStatus } from './licence.rules.js';
