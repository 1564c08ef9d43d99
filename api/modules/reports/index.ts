/**
 * Workforce reports (Road Map Annex 2) and the report tables the database keeps.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { reportRoutes } from './reports.routes.js';
export { PopulationFigure } from './population.entity.js';
export { ReportLicence, ReportPersonYear } from './report-tables.entity.js';
export { workforceFigures } from './actions/workforce.js';
export { ratioFigures } from './actions/population.js';
export { cpdFigures } from './actions/trends.js';
