export { applicationRoutes } from './application.routes.js';
export { LicenceApplication, ExamResult } from './application.entity.js';
