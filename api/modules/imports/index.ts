export { importRoutes } from './import.routes.js';
export { importService, importTemplate } from './import.service.js';
export { IMPORT_COLUMNS, decodeImport } from './import.rules.js';
