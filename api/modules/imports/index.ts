/**
 * Importing an existing register from one CSV file.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { importRoutes } from './import.routes.js';
export { importService, importTemplate } from './import.service.js';
export { IMPORT_COLUMNS, decodeImport } from './import.rules.js';
export { ImportJob } from './import.entity.js';
