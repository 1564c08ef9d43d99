export { Council, Tier, CpdCategory, type TierRequirements, type LocalisedText } from './council.entity.js';
export { councilRoutes } from './council.routes.js';
export { councilService } from './council.service.js';
