/**
 * The council: profile, settings, the tier ladder and CPD categories.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export {
  Council,
  Tier,
  CpdCategory,
  type TierRequirements,
  type LocalisedText,
  DEFAULT_RENEWAL,
  type RenewalRules,
} from './council.entity.js';
export { councilRoutes } from './council.routes.js';
export { councilService, dateDisplayOf } from './council.service.js';
