/**
 * Licences: numbers, periods, status events and conditions.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { Licence, LicencePeriod, LicenceEvent, LicenceCondition, LicenceNumberCounter } from './licence.entity.js';
export { licenceRoutes } from './licence.routes.js';
export { allocateLicenceNumber } from './licence.service.js';
export { licences, type GrantInput } from './actions/grants.js';
export {
  LICENCE_TRANSITIONS,
  type LicenceStatus,
  assertApplicationTransition,
  checkRequirements,
  hasValidCheckDigit,
  luhnCheckDigit,
  type LicenceApplicationStatus,
  type RequirementCheck,
  type Say,
  inEnglish,
  requirementsIn,
} from './licence.rules.js';
