/**
 * Licence applications (first registration, tier upgrade, renewal, restoration) and exam results.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { applicationRoutes } from './application.routes.js';
export { LicenceApplication, ExamResult } from './application.entity.js';
