/**
 * Supervised practice hours, confirmed by the named supervisor.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { supervisionRoutes } from './supervision.routes.js';
export { SupervisionEntry } from './supervision.entity.js';
